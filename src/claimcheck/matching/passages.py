"""The articles' passages indexed for matching, and what is worked out once per passage
(its terms, its cues, its article's subjects) for every phrasing that tries it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..analysis.cue_types import DenialBack, SentenceCues
from ..analysis.cues import may_deny, sentence_cues
from ..analysis.references import ArticleSubjects
from ..corpus import Article, Passage, Warn, load_corpus, segment
from ..text import word_set
from .align import Alignment, Target
from .index import PassageIndex
from .prefilter import Sketch
from .terms import Term, match_terms


@dataclass
class Corpus:
    """Articles with their passages indexed for matching."""

    articles: list[Article]
    passages: list[Passage] = field(default_factory=list)
    _terms: dict[int, tuple[Term, ...]] = field(default_factory=dict)
    _targets: dict[int, Target] = field(default_factory=dict)
    _sketches: dict[int, Sketch] = field(default_factory=dict)
    _may_deny: dict[int, bool] = field(default_factory=dict)
    # (phrasing text, terms, threshold, by reference) -> passage -> (alignment, reordered)
    alignments: dict[tuple[object, ...], dict[int, tuple[Alignment | None, bool]]] = field(
        default_factory=dict
    )
    index: PassageIndex = field(default_factory=PassageIndex)
    _cues: dict[int, SentenceCues] = field(default_factory=dict)
    _subjects: dict[str, ArticleSubjects] = field(default_factory=dict)
    _first: dict[str, int] = field(default_factory=dict)
    article_no: list[int] = field(default_factory=list)  # passage -> its article's number
    _mentions: dict[frozenset[str], list[int] | None] = field(default_factory=dict)
    _sizes: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for number, art in enumerate(self.articles):
            self._first[art.path] = len(self.passages)
            self._sizes[art.path] = len(art.passages)
            for p in art.passages:
                self.passages.append(p)
                self.article_no.append(number)
                self.index.add(word_set(p.text))

    def first_mentions(self, names: frozenset[str]) -> list[int] | None:
        """For each article (by number), its first passage that holds one of these words
        (len(passages) when none does); None when a word has no index key."""
        found = self._mentions.get(names)
        if found is None and names not in self._mentions:
            lists = [self.index.postings_of(w) for w in sorted(names)]
            if all(pids is not None for pids in lists):
                found = [len(self.passages)] * len(self.articles)
                article_no = self.article_no
                for pids in lists:
                    for pid in pids or ():
                        a = article_no[pid]
                        if pid < found[a]:
                            found[a] = pid
            self._mentions[names] = found
        return found

    @classmethod
    def load(cls, root: Path, warn: Warn) -> Corpus:
        return cls(load_corpus(root, warn))

    @classmethod
    def from_texts(cls, texts: dict[str, str]) -> Corpus:
        """A corpus from in-memory articles, keyed by their display path."""
        return cls(
            [
                Article(path, {}, 0, text, tuple(segment(text, path)), "utf-8")
                for path, text in sorted(texts.items())
            ]
        )

    def terms(self, pid: int) -> tuple[Term, ...]:
        if pid not in self._terms:
            self._terms[pid] = match_terms(self.passages[pid].tokens)
        return self._terms[pid]

    def sketch(self, pid: int) -> Sketch:
        """A passage's words as the cheap tests before alignment look them up."""
        found = self._sketches.get(pid)
        if found is None:
            found = self._sketches[pid] = Sketch(self.passages[pid].text)
        return found

    def target(self, pid: int) -> Target:
        """A passage's terms as the aligner looks them up."""
        found = self._targets.get(pid)
        if found is None:
            terms = self.terms(pid)
            found = self._targets[pid] = Target(terms, tokens=self.passages[pid].tokens)
        return found

    def text_of(self, article: str) -> str | None:
        """An article's decoded text, by its display path."""
        for art in self.articles:
            if art.path == article:
                return art.text
        return None

    def passage_at(self, article: str, line: int, column: int) -> Passage | None:
        """The passage of an article that starts at (line, column), if any."""
        first = self._first.get(article)
        if first is None:
            return None
        for p in self.passages[first : first + self._sizes[article]]:
            if (p.line, p.column) == (line, column):
                return p
        return None

    def denial_back(self, pid: int) -> DenialBack | None:
        """A passage's denial of what came before, if any (most passages hold no denial
        word: their cues are not worked out for this)."""
        if pid not in self._cues:
            maybe = self._may_deny.get(pid)
            if maybe is None:
                maybe = self._may_deny[pid] = may_deny(word_set(self.passages[pid].text))
            if not maybe:
                return None
        return self.cues(pid).denial_back

    def cues(self, pid: int) -> SentenceCues:
        if pid not in self._cues:
            p = self.passages[pid]
            self._cues[pid] = sentence_cues(p.tokens, p.text)
        return self._cues[pid]

    def article_subjects(self, pid: int, known: frozenset[str]) -> tuple[ArticleSubjects, int]:
        """Clause subjects and references of the article that holds passage pid."""
        p = self.passages[pid]
        found = self._subjects.get(p.article)
        if found is None or found.known != known:
            first = self._first[p.article]
            passages = self.passages[first : first + self._sizes[p.article]]
            found = ArticleSubjects(passages, known)
            self._subjects[p.article] = found
        return found, p.index
