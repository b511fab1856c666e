"""A phrasing (a claim's wording) ready for matching."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..analysis.cue_types import Polarity
from ..analysis.scope import clause_polarity
from ..text import Token, tokens_of
from .terms import Term, index_keys, match_terms


@dataclass(frozen=True)
class Phrasing:
    """A phrasing ready for matching."""

    text: str
    tokens: tuple[Token, ...]
    terms: tuple[Term, ...]
    total: float
    keys: tuple[tuple[str, ...], ...] = field(repr=False)
    order: tuple[int, ...] = field(repr=False, default=())  # term indices, heaviest first

    def __init__(
        self,
        text: str,
        tokens: tuple[Token, ...],
        terms: tuple[Term, ...],
        total: float,
        keys: tuple[tuple[str, ...], ...],
        order: tuple[int, ...] = (),
    ) -> None:
        object.__setattr__(self, "text", text)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "tokens", tokens)
        object.__setattr__(self, "terms", terms)
        object.__setattr__(self, "total", total)
        object.__setattr__(self, "keys", keys)
        object.__setattr__(self, "order", order)

    @property
    def polarity(self) -> Polarity:
        """How the phrasing itself is put (worked out when a passage first matches it)."""
        return _phrasing_polarity(self.text)

    @property
    def negated(self) -> bool:
        return self.polarity.negated


@lru_cache(maxsize=1 << 16)
def _phrasing_polarity(text: str) -> Polarity:
    return clause_polarity(tokens_of(text), text)


@lru_cache(maxsize=1 << 16)
def prepare(text: str, without: frozenset[str] = frozenset()) -> Phrasing:
    """A phrasing ready for matching; `without` leaves out words (a subject that a passage
    names only by reference, such as "l'entreprise" for "Xiaomi")."""
    tokens = tokens_of(text)
    terms = tuple(t for t in match_terms(tokens) if t.text not in without)
    return Phrasing(
        text=text,
        tokens=tokens,
        terms=terms,
        total=sum(t.weight for t in terms),
        keys=tuple(index_keys(t) for t in terms),
        order=tuple(sorted(range(len(terms)), key=lambda i: (-terms[i].weight, i))),
    )
