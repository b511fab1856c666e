"""A sentence's cues, found once per passage."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Final

from ..text import Token
from . import lexicon
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
        condition=condition_of(tokens),
    )


def _sequences(*path: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(w) for w in seq) for seq in lexicon.entry("polarity", *path))


_OPENERS: Final = _sequences("hedge", "conditional", "openers")
_CONDITION_WORDS: Final = lexicon.words("polarity", "hedge", "conditional", "words")
_CONDITION_PHRASES: Final = _sequences("hedge", "conditional", "phrases")
_NOT_A_CONDITION_AFTER: Final = lexicon.words("polarity", "hedge", "conditional", "not_after")
_SI_SUBJECTS: Final = lexicon.words("polarity", "hedge", "conditional", "si_subjects")
_FUTURE_WORDS: Final = lexicon.words("polarity", "hedge", "conditional", "future_words")
_FUTURE: Final = re.compile(
    "|".join(lexicon.entry("polarity", "hedge", "conditional", "future_patterns"))
)


def condition_of(tokens: Sequence[Token]) -> str | None:
    """The condition a sentence is said under, as written ("if", "se il", "a moins que"), which
    hedges all of it; None for a plain sentence. "even if", "même si", "as if" concede or
    compare; inside a sentence a condition bears on a statement about the future only, and a
    French "si" there is one after a comma and before a clause's subject ("si grave qu'elle
    fût" is not one)."""
    t = [tok.text for tok in tokens]
    first = next((i for i, tok in enumerate(tokens) if tok.kind == "word"), len(t))
    for seq in _OPENERS:
        if tuple(t[first : first + len(seq)]) == seq:
            return " ".join(seq)
    inside = _condition_inside(tokens, t)
    if inside is None or not any(w in _FUTURE_WORDS or _FUTURE.fullmatch(w) for w in t):
        return None  # a condition inside a sentence bears on a statement about the future
    return inside


def _condition_inside(tokens: Sequence[Token], t: list[str]) -> str | None:
    """The first condition inside a sentence, as written, whatever its tense."""
    for i, w in enumerate(t):
        if tokens[i].kind != "word" or (i > 0 and t[i - 1] in _NOT_A_CONDITION_AFTER):
            continue
        if w in _CONDITION_WORDS:
            return w
        for seq in _CONDITION_PHRASES:
            if tuple(t[i : i + len(seq)]) == seq:
                return " ".join(seq)
        after_comma = i > 0 and t[i - 1] == "," and i + 1 < len(t)
        if after_comma and w == "si" and t[i + 1] in _SI_SUBJECTS:
            return w
        if after_comma and w == "se" and t[i + 1] in ("il", "ils"):  # "s'il" is read "se il"
            return "se " + t[i + 1]
    return None
