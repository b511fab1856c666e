"""The `about` guard: is a passage about one of a claim's subjects?"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .corpus import Passage
from .matching import classes
from .polarity import match_seq
from .text import words


@lru_cache(maxsize=1024)
def _term_words(term: str) -> tuple[str, ...]:
    return tuple(words(term))


def names(passage: Passage, subjects: Sequence[str]) -> frozenset[str]:
    """The subjects a passage names (whole words, case and accents ignored)."""
    texts = [t.text for t in passage.tokens]
    found = set()
    for subject in subjects:
        seq = _term_words(subject)
        if seq and any(match_seq(texts, i, seq) > 0 for i in range(len(texts))):
            found.add(subject)
    return frozenset(found)


def refers_back(passage: Passage) -> bool:
    """Whether the passage holds a reference to an earlier subject ("l'entreprise", "it")."""
    texts = [t.text for t in passage.tokens]
    return any(match_seq(texts, i, a) > 0 for a in classes().anaphors for i in range(len(texts)))


class SubjectMap:
    """For one article, which known subjects each passage names."""

    def __init__(self, passages: Sequence[Passage], subjects: Sequence[str]) -> None:
        self.passages = passages
        self.named = [names(p, subjects) for p in passages]

    def names_any(self, index: int, about: Sequence[str]) -> bool:
        return bool(self.named[index] & set(about))

    def is_about(self, index: int, about: Sequence[str]) -> bool:
        """True when passage `index` names one of `about`, or refers back to one of them
        and the nearest preceding sentence that names a subject names one of them."""
        if not about:
            return True
        wanted = set(about)
        if self.named[index] & wanted:
            return True
        if self.named[index] or not refers_back(self.passages[index]):
            return False
        for j in range(index - 1, -1, -1):
            if self.named[j]:
                return bool(self.named[j] & wanted)
        return False
