"""Lemmas from simplemma's French and English dictionaries (in its wheel, loaded on first
use): what makes "went" "go", "fermera" "fermer", "blew" and "blown" "blow".

Loading them takes 0.13 s (read here: see _dictionary). A run needs the lemmas of its
claims' words before it can look anything up in its cache (they key it): the cache keeps them
(`recording`, `remember`), so that a run that scores nothing (a warm run, `verify` of a known
claim) never loads the dictionaries; one that scores loads them before its workers fork
(`load`). (Modules that stem their own word lists, matching/roles.py and variants.py, do so on
first use.)"""

from __future__ import annotations

import importlib.util
import lzma
from collections.abc import Iterable
from pathlib import Path
from typing import Final

# the two dictionaries (word -> lemma, UTF-8), loaded together on first use (a process
# forked after that shares them)
_DICTIONARIES: Final[list[dict[bytes, bytes]]] = []
# word -> its lemma (None: none), given from a cache
_GIVEN: Final[dict[str, str | None]] = {}
# where the lemmas looked up in the dictionaries are written down (see recording)
_RECORDS: Final[list[dict[str, str | None]]] = []

# simplemma's dictionary files (data/LANG.plzma in its package): lzma-compressed, and
# inside a header (this magic, a flags byte, the count of entries as a varint) and then the
# entries in key order, each key sharing a prefix with the one before (simplemma 2.0.0's
# frontcode.py, which simplemma decodes in Python)
_MAGIC: Final = b"SMFC1"
_REVERSED: Final = 0x01  # keys and values stored backwards
_SAME_VALUE: Final = 254  # the value is the previous entry's
_LITERAL: Final = 255  # the value is written out; else the key less this many bytes, then it


def _dictionaries() -> list[dict[bytes, bytes]]:
    if not _DICTIONARIES:
        _DICTIONARIES.extend(_dictionary(lang) for lang in ("fr", "en"))
    return _DICTIONARIES


def _dictionary(lang: str) -> dict[bytes, bytes]:
    """simplemma's dictionary of a language, as its table of UTF-8 words: its file decoded
    here, compiled, without importing simplemma (0.13 s for both, where simplemma's import
    and its decoder in Python took 0.41 s); by simplemma itself when the file is not where
    or what this expects (tests/test_lexicon.py compares the two)."""
    spec = importlib.util.find_spec("simplemma")
    folders = spec.submodule_search_locations if spec is not None else None
    if folders:
        path = Path(list(folders)[0]) / "strategies" / "dictionaries" / "data" / f"{lang}.plzma"
        try:
            with lzma.open(path) as fh:
                data = fh.read()
        except (OSError, lzma.LZMAError):
            data = b""
        table = _decoded(data)
        if table is not None:
            return table
    return _from_simplemma(lang)


def _from_simplemma(lang: str) -> dict[bytes, bytes]:
    """A dictionary as simplemma's own factory gives it (its public interface)."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    mapping = DefaultDictionaryFactory().get_dictionary(lang)
    return {key.encode(): value.encode() for key, value in mapping.items()}


def _decoded(data: bytes) -> dict[bytes, bytes] | None:
    """A dictionary file's entries, or None when it is not one (another format, truncated)."""
    if not data.startswith(_MAGIC) or len(data) <= len(_MAGIC):
        return None
    backwards = bool(data[len(_MAGIC)] & _REVERSED)
    out: dict[bytes, bytes] = {}
    try:
        count, pos = _varint(data, len(_MAGIC) + 1)
        n = len(data)
        key = value = b""
        while pos < n:
            shared, pos = _varint(data, pos)
            size, pos = _varint(data, pos)
            if pos + size > n:
                return None
            key = key[:shared] + data[pos : pos + size]
            pos += size
            trim = data[pos]
            pos += 1
            if trim != _SAME_VALUE:
                size, pos = _varint(data, pos)
                if pos + size > n:
                    return None
                written = data[pos : pos + size]
                value = written if trim == _LITERAL else key[: len(key) - trim] + written
                pos += size
            if backwards:
                out[key[::-1]] = value[::-1]
            else:
                out[key] = value
    except IndexError:
        return None
    return out if len(out) == count else None


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    """The unsigned number at pos (seven bits a byte, the low ones first), and what follows."""
    byte = data[pos]
    if byte < 0x80:
        return byte, pos + 1
    result = byte & 0x7F
    shift = 7
    pos += 1
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


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
    key = word.encode()
    a = french.get(key)
    b = english.get(key)
    if a is None:
        return None if b is None else b.decode()
    if b is None or a == b:
        return a.decode()
    return None


def english(word: str) -> str | None:
    """The word's lemma in the English dictionary alone (None: not there): what tells an
    English verb's forms apart ("kills" is "kill", "fell" is "fall", "drain" is itself)."""
    found = _dictionaries()[1].get(word.encode())
    return None if found is None else found.decode()


def common(word: str) -> bool:
    """Whether either dictionary holds the word: a common word of French or English (they
    hold a few names too: "google", "amazon")."""
    key = word.encode()
    return any(key in table for table in _dictionaries())


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
