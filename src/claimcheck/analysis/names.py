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
# the small words an acronym may skip ("ORR": Office of Rail and Road)
_LINKS: Final = _FILLERS | lexicon.words("subjects", "name_links") | frozenset(["et", "l"])


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
    """The acronyms a name may go by: the initials of any two or more of its words in a row,
    with or without its links ("US Department of Defense" -> dod, udod, udd ...; "Office of
    Rail and Road" -> orr; "Communist Chinese military company" -> ccmc)."""
    out: set[str] = set()
    for kept in _spellings(name):
        letters = [w[0] for w in kept]
        out.update(
            "".join(letters[a:b])
            for a in range(len(letters))
            for b in range(a + 2, len(letters) + 1)
        )
    return frozenset(out)


def acronyms(name: str) -> frozenset[str]:
    """The acronyms of a whole name, with and without its links ("Office of Rail and Road"
    -> oorar, orr); none for a name of one word."""
    out = {"".join(w[0] for w in kept) for kept in _spellings(name)}
    return frozenset(a for a in out if len(a) >= 2)


def _spellings(name: str) -> tuple[list[str], list[str]]:
    """A name's words, with its links and without them ("of", "and", "de" ...)."""
    words = [w for w in fold_word(name).replace("-", " ").replace("'", " ").split() if w]
    return words, [w for w in words if w not in _LINKS]


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
