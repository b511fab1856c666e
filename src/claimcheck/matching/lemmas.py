"""Lemmas from simplemma's French and English dictionaries (in its wheel, loaded on first
use): what makes "went" "go", "fermera" "fermer", "blew" and "blown" "blow"."""

from __future__ import annotations

from typing import Any, Final

# the two dictionaries, loaded together on first use (0.3 s; a process forked after that
# shares them)
_DICTIONARIES: Final[list[Any]] = []


def _dictionaries() -> list[Any]:
    if not _DICTIONARIES:
        from simplemma.strategies.dictionaries.dictionary_factory import (
            DefaultDictionaryFactory,
        )

        factory = DefaultDictionaryFactory()
        _DICTIONARIES.extend(factory.get_dictionary(lang) for lang in ("fr", "en"))
    return _DICTIONARIES


def lemma(word: str) -> str | None:
    """The word's lemma when French and English agree on one (or only one of them knows the
    word); None otherwise. Words are folded (no accents): an accented form the dictionaries
    hold as written is not found, and the stemmer alone reads it."""
    french, english = _dictionaries()
    a: str | None = french.get(word)
    b: str | None = english.get(word)
    if a is None:
        return b
    if b is None or a == b:
        return a
    return None
