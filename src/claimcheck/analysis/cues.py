"""A sentence's cues, found once per passage."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ..text import Token
from .cue_types import SentenceCues
from .denials import DenialScan
from .rules import rules
from .wordclass import DENIAL_VERB, word_class


@cache
def _empty() -> SentenceCues:
    return SentenceCues((), frozenset(), (), frozenset(), frozenset())


def may_deny(words: frozenset[str]) -> bool:
    """Whether a sentence with these (normalised) words may hold a denial: a cheap test
    before finding its cues."""
    r = rules()
    return any(word_class(w) & DENIAL_VERB or r.denial_phrases.starting(w) for w in words)


def sentence_cues(tokens: Sequence[Token], text: str) -> SentenceCues:
    """Find every cue in a sentence (tokens carry offsets into text)."""
    if not tokens:
        return _empty()
    s = DenialScan(tokens, text)
    s.find_boundaries()
    s.find_pseudo()
    s.find_hedges()
    denials = s.find_denials()
    groups = [*s.find_negations(), *denials]
    return SentenceCues(
        groups=tuple(groups),
        hedges=frozenset(s.hedges),
        attributions=tuple(s.find_attributions()),
        hard=frozenset(s.hard),
        soft=frozenset(s.soft),
        denial_back=s.find_denial_back(denials),
    )
