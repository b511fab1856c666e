"""Names: what identifies one, and when two names stand for the same entity."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from ..text import fold_word
from . import lexicon

# a name as written, and the words that identify it
Named = tuple[str, frozenset[str]]

# words of a company's legal form or trade: a name that shares only one of these is not the same
GENERIC: Final = lexicon.words("subjects", "generic_name_words")
_FILLERS: Final = lexicon.words("grammar", "name_fillers")


def key_of(words: Iterable[str]) -> frozenset[str]:
    """What identifies a name: its normalised words, articles and links left out."""
    return frozenset(w for w in words if w not in _FILLERS)


def same_entity(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two names for one entity: one's words hold the other's ("Xiaomi" ~ "Xiaomi Corp"),
    unless all they share is a generic word ("Bank", "Group")."""
    if not a or not b:
        return False
    if a == b:
        return True
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not small <= large:
        return False
    return len(small) >= 2 or any(len(w) >= 3 and w not in GENERIC for w in small)


def initials(name: str) -> frozenset[str]:
    """The acronyms a name may go by: the initials of any two or more of its words in a row
    ("US Department of Defense" -> dod, udod ...; "Communist Chinese military company" ->
    ccmc)."""
    letters = [w[0] for w in fold_word(name).replace("-", " ").split() if w]
    return frozenset(
        "".join(letters[a:b]) for a in range(len(letters)) for b in range(a + 2, len(letters) + 1)
    )


def same_named(a: tuple[str, frozenset[str]], b: tuple[str, frozenset[str]]) -> bool:
    """Two names for one entity, by their words or as an acronym of the other ("DoD")."""
    if same_entity(a[1], b[1]):
        return True
    for short, long_ in ((a, b), (b, a)):
        word = fold_word(short[0])
        if len(short[1]) == 1 and 2 <= len(word) <= 6 and word.isalpha():
            raw = short[0].strip()
            if sum(c.isupper() for c in raw) >= 2 and word in initials(long_[0]):
                return True
    return False
