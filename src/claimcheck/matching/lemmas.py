"""Lemmas from simplemma's French and English dictionaries (in its wheel, loaded on first
use): what makes "went" "go", "fermera" "fermer", "blew" and "blown" "blow".

Loading them takes 0.4 s. A run needs the lemmas of its claims' words before it can look
anything up in its cache (they key it): the cache keeps them (`recording`, `remember`), so that
a run that scores nothing (a warm run, `verify` of a known claim) never loads the
dictionaries; one that scores loads them before its workers fork (`load`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

# the two dictionaries, loaded together on first use (a process forked after that shares
# them)
_DICTIONARIES: Final[list[Any]] = []
# word -> its lemma (None: none), given from a cache
_GIVEN: Final[dict[str, str | None]] = {}
# where the lemmas looked up in the dictionaries are written down (see recording)
_RECORDS: Final[list[dict[str, str | None]]] = []


def _dictionaries() -> list[Any]:
    if not _DICTIONARIES:
        from simplemma.strategies.dictionaries.dictionary_factory import (
            DefaultDictionaryFactory,
        )

        factory = DefaultDictionaryFactory()
        _DICTIONARIES.extend(factory.get_dictionary(lang) for lang in ("fr", "en"))
    return _DICTIONARIES


def load() -> None:
    """Load the dictionaries now (before forking workers that will look words up)."""
    _dictionaries()


def lemma(word: str) -> str | None:
    """The word's lemma when French and English agree on one (or only one of them knows the
    word); None otherwise. Words are folded (no accents): an accented form the dictionaries
    hold as written is not found, and the stemmer alone reads it."""
    if word in _GIVEN:
        return _GIVEN[word]
    found = _look_up(word)
    for record in _RECORDS:
        record[word] = found
    return found


def _look_up(word: str) -> str | None:
    french, english = _dictionaries()
    a: str | None = french.get(word)
    b: str | None = english.get(word)
    if a is None:
        return b
    if b is None or a == b:
        return a
    return None


def remember(known: Iterable[tuple[str, str | None]]) -> None:
    """Take these (word, lemma) pairs as given: lemma() answers them without the dictionaries
    (they are what it answered before, with the same dictionaries: the cache that kept them
    is keyed by simplemma's version and this code)."""
    _GIVEN.update(known)


def recording() -> dict[str, str | None]:
    """A dictionary that gets each lemma looked up in the dictionaries (not given) from now
    on, until stop_recording(it)."""
    record: dict[str, str | None] = {}
    _RECORDS.append(record)
    return record


def stop_recording(record: dict[str, str | None]) -> None:
    for i, other in enumerate(_RECORDS):
        if other is record:
            del _RECORDS[i]
            return
