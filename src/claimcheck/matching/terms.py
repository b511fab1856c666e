"""The terms of a text that matching looks at: its words and numbers, weighted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, NamedTuple

from ..text import ELISIONS, SCANNER, Token
from .words import CANONICAL, LIGHT_WEIGHT, NUMBER_WEIGHT, classes, word_keys


class Term(NamedTuple):
    """A token that takes part in matching: its index in the full token list. (A named
    tuple, as Token is: every word of every passage becomes one.)"""

    index: int  # type: ignore[assignment]  # shadows tuple.index, which nothing here calls
    text: str
    number: bool
    weight: float


_new: Final = tuple.__new__


def term(*, index: int, text: str, number: bool, weight: float) -> Term:
    """A Term by its fields' names (native, where a call of the named tuple is interpreted)."""
    return _new(Term, (index, text, number, weight))


_scanner_ready = False


def _scanner() -> Any:
    """The C scanner, given this module's word classes on first use; None when not built."""
    global _scanner_ready
    if SCANNER is not None and not _scanner_ready:
        c = classes()
        SCANNER.configure_terms(
            Term,
            c.dropped,
            c.polarity,
            c.light,
            CANONICAL,
            NUMBER_WEIGHT,
            LIGHT_WEIGHT,
            frozenset(ELISIONS),
        )
        _scanner_ready = True
    return SCANNER


def match_terms(tokens: Sequence[Token]) -> tuple[Term, ...]:
    """The tokens that matching looks at (no punctuation, articles or negation words)."""
    scanner = _scanner()
    if scanner is None:
        return _match_terms_py(tokens)
    terms: tuple[Term, ...] = scanner.match_terms(tokens)
    return terms


def _match_terms_py(tokens: Sequence[Token]) -> tuple[Term, ...]:
    """match_terms() in Python: where the C scanner is not built, and what tests compare it
    with."""
    c = classes()
    out = []
    for i, t in enumerate(tokens):
        if t.kind == "punct" or t.text in c.dropped or t.text in c.polarity:
            continue
        if t.text == "longer" and i > 0 and tokens[i - 1].text == "no":
            continue  # "no longer" is a negation cue
        if t.kind == "num":
            weight = NUMBER_WEIGHT
        elif t.text in c.light or len(t.text) == 1:
            weight = LIGHT_WEIGHT
        else:
            weight = 1.0
        text = CANONICAL.get(t.text, t.text)
        out.append(term(index=i, text=text, number=t.kind == "num", weight=weight))
    return tuple(out)


def index_keys(term: Term) -> tuple[str, ...]:
    """Retrieval keys of a content word: robust to an inflected ending or one typo."""
    if term.number or term.weight < 1.0:
        return ()
    return word_keys(term.text)
