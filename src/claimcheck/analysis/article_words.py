"""How an article writes its words: which it writes in lowercase, which it capitalises
inside a sentence, and where each capitalised word first appears. What tells a name from a
common word that opens a sentence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..text import REWRITTEN, fold_word, split_letter_runs
from .rules import subject_rules


class ArticleWords:
    """An article's words as written, read once on first use."""

    def __init__(self, passages: Sequence[Any], known: frozenset[str] = frozenset()) -> None:
        self.passages = passages  # objects with .text, in reading order
        self.known = known
        self._lexicon: tuple[frozenset[str], frozenset[str]] | None = None
        self.heads: frozenset[str] = frozenset()  # words that open a name of several words
        self._raw_capitals: dict[str, int] = {}  # a capitalised word as written -> first passage
        self._capitals: dict[str, int] | None = None

    def lexicon(self) -> tuple[frozenset[str], frozenset[str]]:
        """(words the article writes in lowercase, names it capitalises inside a sentence).
        A lowercase word opening a sentence is a common word, unless the article also
        capitalises it inside one ("xiaomi" in a tag line does not make "Xiaomi" common)."""
        if self._lexicon is None:
            lower: set[str] = set()  # as written: each distinct word is folded once
            capitals: set[str] = set()
            heads: set[str] = set()
            first = self._raw_capitals
            for q, passage in enumerate(self.passages):
                # the text before each word, then the word: no match object per word
                parts: list[str] = split_letter_runs(passage.text)
                for k in range(1, len(parts), 2):
                    word = parts[k]
                    if not word[0].isupper():
                        lower.add(word)
                        continue
                    if word not in first:
                        first[word] = q
                    nxt = parts[k + 2] if k + 2 < len(parts) and parts[k + 1] == " " else ""
                    if word[-1:] == "s" and nxt[:1].isupper():
                        heads.add(word)  # "Stratis Bank", "Airbus Defence"
                    # a capital after a space that follows a word or a digit, not a sentence's
                    gap = parts[k - 1]
                    if gap[-1:] == " " and (gap[-2].isalnum() if len(gap) > 1 else k > 1):
                        capitals.add(word)
            lowercase = {fold_word(w) for w in lower}
            inside = {fold_word(w) for w in capitals}
            self._lexicon = (frozenset(lowercase - inside), self.known | frozenset(inside))
            self.heads = frozenset(fold_word(w) for w in heads) - lowercase
        return self._lexicon

    def first_capital(self, words: frozenset[str]) -> int:
        """The first passage that may write one of these words capitalised, as a name writes
        its words but for its links ("de", "of"); len(passages) when none does. Read from the
        article's raw words, not its tokens: most passages are never tokenised."""
        if words & subject_rules().name_links or words & REWRITTEN:
            return 0
        if self._capitals is None:
            self.lexicon()
            folded: dict[str, int] = {}
            # raw words come in passage order: a form's first passage is the first one set
            for raw, q in self._raw_capitals.items():
                word = fold_word(raw)
                folded.setdefault(word, q)
                if word.endswith("n"):
                    folded.setdefault(word[:-1], q)  # "Don't" reads "do": the word less its "n"
            self._capitals = folded
        capitals = self._capitals
        return min([capitals.get(w, len(self.passages)) for w in words])
