"""Checking claims against a corpus: candidates, alignment, polarity, subject guard, verdict."""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Final, NamedTuple, cast

from rapidfuzz import fuzz

from .claims import Claim, ClaimsFile
from .corpus import Article, Passage, Warn, load_corpus, segment
from .dates import parse_date
from .matching import (
    EVERY_WORD,
    IN_ORDER,
    Alignment,
    PassageIndex,
    Phrasing,
    Sketch,
    Target,
    Term,
    align,
    asides,
    match_terms,
    may_reach,
    prepare,
    reorder,
    stem,
    verbs_as_nouns,
)
from .polarity import DenialBack, SentenceCues, analyse, may_deny, sentence_cues
from .report import ClaimResult, Counts, Evidence, Lookup, Moment, Period, Related, Stance
from .subjects import (
    GENERIC,
    Aboutness,
    ArticleSubjects,
    ClaimSubjects,
    PhrasingSubject,
    claim_subjects,
    judge,
    key_of,
)
from .text import Token, normalise, word_set, words
from .verdict import (
    Found,
    Side,
    counts_of,
    decide_current,
    decide_sides,
    listed,
    moments,
    strongest_first,
    timeline_of,
    weight_of,
)

# Scores below the threshold but at least this high lower an "absent" verdict's confidence.
NEAR_MISS_FLOOR: Final = 50.0
# A passage that holds this share of a phrasing's content words is a place to look.
RELATED_SHARE: Final = 0.5
RELATED_SHOWN: Final = 5
# the closest passages described for an absent claim, of which RELATED_SHOWN are kept
CLOSE_KEPT: Final = 3 * RELATED_SHOWN
# How many quotes a claim lists by default (the verdict is decided on all of them).
DEFAULT_MAX_EVIDENCE: Final = 10
# How close a typed claim must be to a curated claim or alias to use its phrasings.
CLAIM_LOOKUP_MIN: Final = 90.0


_new: Final = tuple.__new__
# the aboutness of a match when the claim names no one
_ANYONE: Final = Aboutness(True)


# runs of what str.isspace() does not call whitespace (re's \s is the same set)
_NON_SPACE: Final = re.compile(r"\S+")


def fold_at(text: str, positions: Sequence[int]) -> tuple[str, list[int]]:
    """The text with whitespace stripped and each run folded to one space, and where each of
    `positions` lands in it (whitespace lands right after the word before it, or at 0): a
    listed quote needs that only at its matched words' ends, where a map of every character
    cost a hundred times more."""
    starts: list[int] = []
    ends: list[int] = []
    offsets: list[int] = []  # where each word lands
    n = 0
    for m in _NON_SPACE.finditer(text):
        start, end = m.span()
        if starts:
            n += 1  # the space before it
        starts.append(start)
        ends.append(end)
        offsets.append(n)
        n += end - start
    where: list[int] = []
    for i in positions:
        k = bisect.bisect_right(starts, i) - 1  # the last word that starts at or before i
        if k < 0:
            where.append(0)  # whitespace before the first word lands where it does
        elif i < ends[k]:
            where.append(offsets[k] + i - starts[k])
        else:  # whitespace after a word, up to the next one, lands right after it
            where.append(offsets[k] + ends[k] - starts[k])
    return " ".join(text.split()), where


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
    _asides: dict[int, frozenset[int]] = field(default_factory=dict)
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
            found = self._targets[pid] = Target(self.terms(pid), self.asides(pid))
        return found

    def text_of(self, article: str) -> str | None:
        """An article's decoded text, by its display path."""
        for art in self.articles:
            if art.path == article:
                return art.text
        return None

    def describe(self, close: Close) -> Related | None:
        """A close passage of this corpus, described."""
        first = self._first.get(close.article)
        if first is None:
            return None
        for p in self.passages[first : first + self._sizes[close.article]]:
            if (p.line, p.column) == (close.line, close.column):
                return describe(p, close.phrasing)
        return None

    def asides(self, pid: int) -> frozenset[int]:
        found = self._asides.get(pid)
        if found is None:
            found = self._asides[pid] = asides(self.passages[pid].tokens)
        return found

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


def _evidence(
    passage: Passage,
    phrasing: Phrasing,
    which: int,
    side: Stance,
    corpus: Corpus,
    pid: int,
    pairs: Sequence[tuple[int, int]],
    score: float,
    mismatch: bool,
    about: Aboutness,
) -> Found | None:
    matched = [idx for _, idx in pairs]
    # the clause is where the content words matched: a light word ("a", "de") matched inside
    # a relative clause must not pull that clause's negation in
    anchors = [idx for i, idx in pairs if phrasing.terms[i].weight >= 1.0]
    tokens = passage.tokens
    pol = analyse(tokens, corpus.cues(pid), matched, anchors)
    stance: Stance = side
    if pol.negated != phrasing.negated:
        stance = "contradicts" if side == "supports" else "supports"
    if mismatch:
        if side == "contradicts":
            return None  # a wrong number in a contradicting phrasing proves nothing
        stance = "contradicts"
    # Found's fields in order (tuple.__new__ skips the named tuple's interpreted constructor)
    return _new(
        Found,
        (
            stance,
            score,
            passage.article,
            passage.line,
            passage.column,
            passage.start,
            passage.end,
            which,
            pol.negated,
            pol.hedged,
            pol.attributed_to,
            mismatch,
            pol.denied,
            pol.cues,
            _flat_spans(tokens, matched),
            about.subject,
            about.resolved_from,
            False,  # reordered
            None,  # date
        ),
    )


def _denied_after(corpus: Corpus, pid: int, last: int, ev: Found) -> Found | None:
    """The same evidence denied by the words after it: ", ce que X dément" in its sentence,
    or a next sentence that only denies it ("Une accusation que le principal intéressé
    réfute."). The article reports both the statement and the denial."""
    if ev.denied or ev.number_mismatch:
        return None
    passage = corpus.passages[pid]
    own = corpus.cues(pid).denial_back
    end = ev.end
    if own is not None and own.start > last:
        back = own
    else:
        nxt = pid + 1
        if nxt >= len(corpus.passages) or corpus.passages[nxt].article != passage.article:
            return None
        after = corpus.denial_back(nxt)
        if after is None or after.start != 0:
            return None
        back = after
        end = corpus.passages[nxt].end  # the quote runs on to the denial
    return ev._replace(
        stance="contradicts" if ev.stance == "supports" else "supports",
        end=end,
        denied=True,
        attributed_to=back.source,
        cues=(*ev.cues, back.cue),
    )


def _flat_spans(tokens: Sequence[Token], matched: Sequence[int]) -> tuple[int, ...]:
    """The matched tokens' (start, end) offsets, one after the other."""
    flat: list[int] = []
    for i in sorted(matched):
        token = tokens[i]
        flat.append(token.start)
        flat.append(token.end)
    return tuple(flat)


def evidence_of(found: Found, text: str, phrasing: str) -> Evidence:
    """The Evidence a report lists for a Found, from its article's decoded text."""
    quote, where = fold_at(text[found.start : found.end], found.spans)
    spans = tuple((where[k], where[k + 1]) for k in range(0, len(where), 2))
    return Evidence(
        stance=found.stance,
        score=found.score,
        quote=quote,
        match=quote[spans[0][0] : spans[-1][1]] if spans else "",
        phrasing=phrasing,
        article=found.article,
        line=found.line,
        column=found.column,
        negated=found.negated,
        hedged=found.hedged,
        attributed_to=found.attributed_to,
        number_mismatch=found.number_mismatch,
        denied=found.denied,
        cues=found.cues,
        highlights=spans,
        subject=found.subject,
        resolved_from=found.resolved_from,
        date=found.date,
        reordered=found.reordered,
    )


class Close(NamedTuple):
    """Where a passage close to a claim stands, and how close: described (as a Related) only
    when the claim turns out absent and the passage is among the closest. (A named tuple, as
    Findings: a frozen dataclass's constructor set each field through object.__setattr__.)"""

    article: str
    line: int
    column: int
    share: float  # the share of the phrasing's distinctive words it holds, as the index counts
    phrasing: str
    start: int = 0  # the passage's span in its article's decoded text
    end: int = 0


class Findings(NamedTuple):
    """What one claim found in one article: its evidence, its best score below the bar, and
    the passages closest to it that are not evidence. (A named tuple: shards send millions
    of them between processes, and a tuple pickles several times faster than a dataclass
    with slots.)"""

    evidence: tuple[Found, ...] = ()
    near_miss: float = 0.0
    close: tuple[Close, ...] = ()


def threshold_of(claim: Claim, min_score: float | None) -> float:
    return claim.min_score if min_score is None else min_score


@dataclass(frozen=True, slots=True)
class Variant:
    """A prepared phrasing of a claim, and whom it must be about."""

    side: Stance
    phrasing: Phrasing
    subject: PhrasingSubject
    by_reference: bool  # the subject's words left out, for passages that refer back to it
    which: int = 0  # its place among the claim's phrasings (supports, then contradicts)

    def __init__(
        self,
        side: Stance,
        phrasing: Phrasing,
        subject: PhrasingSubject,
        by_reference: bool,
        which: int = 0,
    ) -> None:
        object.__setattr__(self, "side", side)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "phrasing", phrasing)
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "by_reference", by_reference)
        object.__setattr__(self, "which", which)


def common_keys(claims: Sequence[Claim]) -> frozenset[str]:
    """The words that many claims share (their index keys): a claims file about one story
    names its companies and places in most claims, and a passage that holds them only is
    not close to any one claim."""
    counts: Counter[str] = Counter()
    for claim in claims:
        counts.update({keys[0] for keys in prepare(claim.claim).keys if keys})
    floor = max(3, math.ceil(0.05 * len(claims)))
    return frozenset(k for k, n in counts.items() if n >= floor)


def own_common(claim: Claim, common: frozenset[str]) -> tuple[str, ...]:
    """The claim's own words among the common ones: what its closest passages depend on."""
    return tuple(sorted({keys[0] for keys in prepare(claim.claim).keys if keys} & common))


@lru_cache(maxsize=4096)
def subjects_of(claim: Claim) -> ClaimSubjects:
    texts = (claim.claim, *claim.aliases, *claim.supports, *claim.contradicts)
    return claim_subjects(texts, claim.about)


@lru_cache(maxsize=4096)
def variants(claim: Claim) -> tuple[Variant, ...]:
    """Every prepared phrasing of a claim, and whom it must be about.

    A passage that refers back to the subject ("l'entreprise") does not name it, so a
    phrasing whose subject is a named entity also has a variant without the entity's words."""
    who = subjects_of(claim)
    out: list[Variant] = []
    sides: list[tuple[Stance, Sequence[str]]] = [
        ("supports", claim.supporting_phrasings),
        ("contradicts", claim.contradicts),
    ]
    which = 0
    for side, texts in sides:
        for text in texts:
            full = prepare(text)
            subject = who.phrasing(text)
            out.append(Variant(side, full, subject, False, which))
            if subject.mode == "entity" and subject.subject is not None:
                reduced = prepare(text, subject.subject[1])
                content = sum(1 for t in reduced.terms if t.weight >= 1.0)
                if len(reduced.terms) < len(full.terms) and content >= 1:
                    out.append(Variant(side, reduced, subject, True, which))
            which += 1
    return tuple(out)


def _distinctive(v: Variant) -> frozenset[str] | None:
    """The words that name a variant's subject, but for generic ones ("Group", "Bank")."""
    if v.subject.subject is None:
        return None
    return frozenset(w for w in v.subject.subject[1] if w not in GENERIC) or None


def _named_before(corpus: Corpus, v: Variant) -> Callable[[int], bool] | None:
    """For a variant without its subject's words: whether a passage comes at or after one
    that names the subject in its article, as a reference back needs (None: no way to tell)."""
    if v.subject.subject is None:
        return None
    # "Tessara" names "Tessara Énergie": any distinctive word of the name will do
    names = _distinctive(v)
    first = corpus.first_mentions(names) if names else None
    if first is None:
        return None
    article_no = corpus.article_no
    return lambda pid: first[article_no[pid]] <= pid


def _both(
    a: Callable[[int], bool] | None, b: Callable[[int], bool] | None
) -> Callable[[int], bool] | None:
    if a is None or b is None:
        return a or b
    return lambda pid: a(pid) and b(pid)


def scan(
    claim: Claim,
    corpus: Corpus,
    subjects: Sequence[str] = (),
    min_score: float | None = None,
    only: frozenset[str] | None = None,
    common: frozenset[str] = frozenset(),
) -> dict[str, Findings]:
    """Match every phrasing of a claim against the corpus; findings per article path.

    Articles are independent of each other here, which is what lets a cache keep findings
    per article and claim."""
    threshold = threshold_of(claim, min_score)
    best: dict[int, Found] = {}
    last: dict[int, int] = {}  # the last matched token of each passage's evidence
    near: dict[str, float] = {}
    who = subjects_of(claim)
    known = frozenset(w for name in subjects for w in key_of(words(name)))
    close: dict[int, float] = {}  # passage -> its share of the claim's own content words
    own_phrasings: list[Phrasing] = []
    within: Callable[[int], bool] | None = None
    if only is not None:
        numbers = {n for n, a in enumerate(corpus.articles) if a.path in only}
        article_no = corpus.article_no
        within = lambda pid: article_no[pid] in numbers  # noqa: E731
    for v in variants(claim):
        phrasing = v.phrasing
        named = _named_before(corpus, v) if v.by_reference and not claim.about else None
        # a reference back needs the subject named before it
        keep = _both(named, within)
        # the closest passages are looked for with the claim's own words only
        own = phrasing.text == claim.claim and not v.by_reference
        candidates = corpus.index.candidates(phrasing, threshold, keep)
        if own:
            own_phrasings.append(phrasing)
        # claims about one story share phrasings: each one's alignments are worked out once
        # per passage (they depend on the phrasing, the passage and the threshold only)
        memo = corpus.alignments.setdefault(
            (phrasing.text, phrasing.terms, threshold, v.by_reference), {}
        )
        for pid in candidates:
            if pid in memo:
                al, reordered = memo[pid]
            else:
                al, reordered = memo[pid] = _alignment(corpus, pid, phrasing, threshold, v)
            if al is None:
                continue
            article = corpus.passages[pid].article
            if al.score < threshold:
                if al.score >= NEAR_MISS_FLOOR:
                    near[article] = max(near.get(article, 0.0), al.score)
                continue
            matched = [idx for _, idx in al.pairs]
            anchors = [idx for i, idx in al.pairs if phrasing.terms[i].weight >= 1.0]
            about = _ANYONE
            if who.entities or who.about:
                found, index = corpus.article_subjects(pid, known)
                about = judge(found, index, matched, anchors, who, v.subject)
                if not about.ok:
                    continue
            ev = _evidence(
                corpus.passages[pid],
                phrasing,
                v.which,
                v.side,
                corpus,
                pid,
                al.pairs,
                al.score,
                al.number_mismatch,
                about,
            )
            if ev is None:
                continue
            if reordered:
                ev = ev._replace(reordered=True)
            old = best.get(pid)
            if old is None or (ev.weight, ev.score) > (old.weight, old.score):
                best[pid] = ev
                last[pid] = max(matched)
    if not best:
        # closest passages matter only to a claim without evidence: one with evidence here
        # has it in the whole archive (the pipeline rescans a claim that loses it all)
        for phrasing in own_phrasings:
            near_hits, content = corpus.index.closest(phrasing, RELATED_SHARE, common, within)
            for pid, n in near_hits.items():
                close[pid] = n / content
    per_article: dict[str, list[Found]] = {}
    for pid, ev in best.items():
        per_article.setdefault(ev.article, []).append(ev)
        denial = _denied_after(corpus, pid, last[pid], ev)
        if denial is not None:
            per_article[ev.article].append(denial)
    # the closest passage of each article that holds no evidence (by the index's count)
    top: dict[str, tuple[float, int]] = {}
    for pid, share in close.items():
        article = corpus.passages[pid].article
        if article not in per_article and (share, -pid) > top.get(article, (0.0, 0)):
            top[article] = (share, -pid)
    closest: dict[str, tuple[Close, ...]] = {}
    for article, (share, neg) in top.items():
        passage = corpus.passages[-neg]
        closest[article] = (
            _new(
                Close,
                (
                    article,
                    passage.line,
                    passage.column,
                    share,
                    claim.claim,
                    passage.start,
                    passage.end,
                ),
            ),
        )
    return {
        path: _new(
            Findings,
            (tuple(per_article.get(path, ())), near.get(path, 0.0), closest.get(path, ())),
        )
        for path in sorted(set(per_article) | set(near) | set(closest))
    }


def _alignment(
    corpus: Corpus, pid: int, phrasing: Phrasing, threshold: float, v: Variant
) -> tuple[Alignment | None, bool]:
    """How a phrasing aligns with a passage, in order or else reordered (and whether it
    was reordered); None when it cannot reach the threshold either way."""
    reach = may_reach(phrasing, corpus.sketch(pid), threshold)
    # reordering needs every content word, and is for the full phrasing only
    may_reorder = bool(reach & EVERY_WORD) and not v.by_reference
    if not (reach & IN_ORDER or may_reorder):
        return None, False
    al = None
    if reach & IN_ORDER:
        al = align(phrasing, corpus.target(pid), threshold)
    if (al is None or al.score < threshold) and may_reorder:
        again = reorder(phrasing, corpus.target(pid), threshold)
        if (
            again is not None
            and _one_clause(corpus.cues(pid), again.pairs)
            and not verbs_as_nouns(phrasing, corpus.passages[pid].tokens, again.pairs)
        ):
            return again, True
    return al, False


def _one_clause(cues: SentenceCues, pairs: Sequence[tuple[int, int]]) -> bool:
    """Words matched out of order count only within one clause whose polarity is plain: no
    boundary between them, and no cue in another part of the sentence that might govern them."""
    tokens = [idx for _, idx in pairs]
    lo, hi = min(tokens), max(tokens)
    stops = cues.stops
    if any(i in stops for i in range(lo, hi)):
        return False
    left = lo
    while left - 1 >= 0 and (left - 1) not in stops:
        left -= 1
    right = hi
    while right + 1 not in stops and right + 1 <= max(stops | {hi}):
        right += 1
    return all(left <= min(g.members) and max(g.members) <= right for g in cues.groups)


def describe(passage: Passage, phrasing_text: str) -> Related | None:
    """A close passage, with the phrasing's content words it holds and lacks (as the phrasing
    writes them), or None when it holds too few of them."""
    phrasing = prepare(phrasing_text)
    held = {stem(w) for w in word_set(passage.text)}
    has: list[str] = []
    missing: list[str] = []
    for term in phrasing.terms:
        if term.weight < 1.0 or term.number:
            continue
        token = phrasing.tokens[term.index]
        word = phrasing.text[token.start : token.end]
        (has if stem(term.text) in held else missing).append(word)
    has, missing = list(dict.fromkeys(has)), list(dict.fromkeys(missing))
    share = len(has) / max(1, len(has) + len(missing))
    if share < RELATED_SHARE - 1e-9:
        return None
    return Related(
        quote=passage.quote,
        article=passage.article,
        line=passage.line,
        column=passage.column,
        score=round(100.0 * share, 1),
        has=tuple(has),
        missing=tuple(missing),
        phrasing=phrasing.text,
    )


def closest_first(related: Iterable[Related]) -> list[Related]:
    return sorted(related, key=lambda r: (-r.score, len(r.missing), r.article, r.line, r.column))


def conclude(
    claim: Claim,
    findings: Iterable[Findings],
    text: str | None = None,
    dates: Mapping[str, str | None] | None = None,
    describer: Describer | None = None,
    texts: Callable[[str], str | None] | None = None,
    max_evidence: int = DEFAULT_MAX_EVIDENCE,
) -> ClaimResult:
    """The verdict on a claim from its findings in every article (dated by `dates`); the
    strongest `max_evidence` quotes (0: all) made into Evidence from their articles' text
    (`texts`); for an absent claim, its closest passages as `describer` describes them."""
    found = list(findings)
    evidence = [e for f in found for e in f.evidence]
    near_miss = max((f.near_miss for f in found), default=0.0)
    close = sorted(
        (c for f in found for c in f.close),
        key=lambda c: (-c.share, c.article, c.line, c.column),
    )
    closest = close[0].share if close else 0.0
    since: str | None = None
    history: tuple[Period, ...] = ()
    if claim.current:
        if dates:
            evidence = [_dated(e, dates) for e in evidence]
        ordered = list(strongest_first(evidence))
        verdict, confidence, basis, since, history = decide_current(ordered, near_miss, closest)
        if since is not None:
            # the quotes that decide come first: the newest reporting
            dated = [d for d in (parse_date(e.date) for e in ordered) if d is not None]
            newest = max(dated)
            ordered = sorted(ordered, key=lambda e: parse_date(e.date) != newest)
        timeline, counts = timeline_of(ordered), counts_of(ordered)
    else:
        # the usual case, read field by field as the tuples they are: a claim of a topical
        # archive has hundreds of findings, and only the listed ones need their date
        keyed = _keyed(evidence)
        sup, con, counts, timeline, firsts = _tally(evidence, keyed, dates)
        verdict, confidence, basis = decide_sides(sup, con, near_miss, closest)
        if 0 < max_evidence < len(keyed):
            # what listed() reads of the order: the strongest few, and each stance's first
            keyed = sorted({*heapq.nsmallest(max_evidence, keyed), *firsts})
        else:
            keyed.sort()
        ordered = [evidence[cast(int, k[5])] for k in keyed]
    phrasings = (*claim.supporting_phrasings, *claim.contradicts)
    shown: list[Evidence] = []
    for e in listed(ordered, max_evidence):
        source = texts(e.article) if texts is not None else None
        if source is not None:
            if dates and not claim.current:  # a current claim's evidence is dated above
                e = _dated(e, dates)
            shown.append(evidence_of(e, source, phrasings[e.phrasing]))
    return ClaimResult(
        id=claim.id,
        claim=claim.claim if text is None else text,
        verdict=verdict,
        confidence=confidence,
        evidence=tuple(shown),
        basis=basis,
        expect=claim.expect,
        line=claim.line,
        current=claim.current,
        since=since,
        history=history,
        timeline=timeline,
        related=_describe(close, describer) if verdict == "absent" and describer else (),
        counts=counts,
    )


def _dated(e: Found, dates: Mapping[str, str | None]) -> Found:
    # the date is Found's last field (a tuple's slice: _replace is ten times slower)
    return _new(Found, e[:-1] + (dates.get(e.article),))


# a Found's place in strongest_first order: (minus its weight, minus its score, article,
# line, column, its index in the list), unique by the index. Typed as any tuple: compiled,
# a tuple of known types is unpacked from the list and packed again for each comparison
Key = tuple[object, ...]


def _keyed(evidence: list[Found]) -> list[Key]:
    """Each Found's sort key (strongest_first's, and its index)."""
    return [
        (
            -weight_of(e.score, e.attributed_to is not None, e.hedged, e.reordered),
            -e.score,
            e.article,
            e.line,
            e.column,
            i,
        )
        for i, e in enumerate(evidence)
    ]


def _tally(
    evidence: list[Found], keyed: list[Key], dates: Mapping[str, str | None] | None
) -> tuple[Side, Side, Counts, tuple[Moment, ...], list[Key]]:
    """In one pass over Found values and their keys (dated by `dates` when given): what
    decide(), counts_of() and timeline_of() read of them, and each stance's first key."""
    items = [0, 0]
    strongest = [0.0, 0.0]
    asserted = [False, False]
    first: list[Key | None] = [None, None]
    articles: tuple[set[str], set[str]] = (set(), set())
    sides: dict[str, tuple[set[str], set[str]]] = {}
    for e, key in zip(evidence, keyed, strict=True):
        k = 0 if e.stance == "supports" else 1
        weight = -cast(float, key[0])
        if items[k] == 0 or weight > strongest[k]:
            strongest[k] = weight
        best = first[k]
        if best is None or key < best:
            first[k] = key
        items[k] += 1
        if e.attributed_to is None and not e.hedged:
            asserted[k] = True
        articles[k].add(e.article)
        date = dates.get(e.article) if dates else e.date
        if date is not None:
            found = sides.get(date)
            if found is None:
                found = sides[date] = (set(), set())
            found[k].add(e.article)
    sup = Side(
        items=items[0], strongest=strongest[0], articles=len(articles[0]), asserted=asserted[0]
    )
    con = Side(
        items=items[1], strongest=strongest[1], articles=len(articles[1]), asserted=asserted[1]
    )
    counts = Counts(
        supports=items[0], contradicts=items[1], articles=len(articles[0] | articles[1])
    )
    firsts = [key for key in first if key is not None]
    return sup, con, counts, moments(sides), firsts


Describer = Callable[[Close], Related | None]


def _describe(close: Sequence[Close], describer: Describer) -> tuple[Related, ...]:
    """The closest passages, described, most of the claim's words first."""
    found = [r for r in (describer(c) for c in close[:CLOSE_KEPT]) if r is not None]
    return tuple(closest_first(found)[:RELATED_SHOWN])


def check_claim(
    claim: Claim,
    corpus: Corpus,
    subjects: Sequence[str] = (),
    min_score: float | None = None,
    max_evidence: int = DEFAULT_MAX_EVIDENCE,
) -> ClaimResult:
    """Match every phrasing of a claim against the corpus and decide its verdict."""
    found = scan(claim, corpus, subjects, min_score).values()
    return conclude(
        claim, found, describer=corpus.describe, texts=corpus.text_of, max_evidence=max_evidence
    )


def find_claim(text: str, claims: ClaimsFile | None) -> Lookup:
    """The curated claim whose text or alias best matches `text`, else an ad-hoc claim."""
    wanted = normalise(text)
    best: tuple[float, Claim] | None = None
    for c in claims.claims if claims else ():
        for variant in (c.claim, *c.aliases):
            sim = fuzz.token_sort_ratio(wanted, normalise(variant))
            if sim >= CLAIM_LOOKUP_MIN and (best is None or sim > best[0]):
                best = (sim, c)
    if best is not None:
        return Lookup(claim=best[1], curated=True, similarity=best[0])
    min_score = claims.min_score if claims else Claim("x", "x").min_score
    claim = Claim(id="ad-hoc", claim=text, min_score=min_score)
    return Lookup(claim=claim, curated=False, similarity=0.0)
