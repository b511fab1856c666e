"""The values cue analysis makes: cue groups, attributions, a denial of what came before,
a sentence's cues, and a matched clause's polarity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal, NamedTuple


class Polarity(NamedTuple):
    """How a passage asserts the clause that matched a phrasing. (A named tuple: one is made
    for every match.)"""

    negated: bool
    hedged: bool
    attributed_to: str | None
    denied: bool
    cues: tuple[str, ...] = ()


_new: Final = tuple.__new__


def polarity(
    *,
    negated: bool,
    hedged: bool,
    attributed_to: str | None,
    denied: bool,
    cues: tuple[str, ...] = (),
) -> Polarity:
    """A Polarity by its fields' names (native, where a call of the named tuple is not: one
    is made for every match)."""
    return _new(Polarity, (negated, hedged, attributed_to, denied, cues))


@dataclass(frozen=True, slots=True)
class CueGroup:
    """Tokens that together make one negation (or one denial) of a clause."""

    kind: Literal["negation", "denial"]
    members: tuple[int, ...]
    source: str | None = None

    def __init__(
        self,
        kind: Literal["negation", "denial"],
        members: tuple[int, ...],
        source: str | None = None,
    ) -> None:
        object.__setattr__(self, "kind", kind)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "members", members)
        object.__setattr__(self, "source", source)


@dataclass(frozen=True, slots=True)
class Attribution:
    """A reported-speech cue at token `cue` whose source is `source`."""

    cue: int
    source: str
    after: bool = False  # the cue follows its clause (", said X")

    def __init__(self, cue: int, source: str, after: bool = False) -> None:
        object.__setattr__(self, "cue", cue)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "after", after)


@dataclass(frozen=True, slots=True)
class DenialBack:
    """A clause that only denies what comes before it: "Une accusation que le principal
    intéressé réfute.", "..., ce que la direction dément.", "The company denies the
    allegations." `start` is where it begins (0: it denies the sentence before)."""

    start: int
    source: str | None
    cue: str

    def __init__(self, start: int, source: str | None, cue: str) -> None:
        object.__setattr__(self, "start", start)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "cue", cue)


@dataclass(frozen=True, slots=True)
class SentenceCues:
    """All cues found in one sentence, computed once per passage."""

    groups: tuple[CueGroup, ...]
    hedges: frozenset[int]
    attributions: tuple[Attribution, ...]
    hard: frozenset[int]
    soft: frozenset[int]
    denial_back: DenialBack | None = None
    # the condition the whole sentence is said under, as written ("if", "si"): see condition_of
    condition: str | None = None
    # hard | soft: what bounds a clause (every match asks)
    stops: frozenset[int] = field(init=False, repr=False, compare=False)

    def __init__(
        self,
        groups: tuple[CueGroup, ...],
        hedges: frozenset[int],
        attributions: tuple[Attribution, ...],
        hard: frozenset[int],
        soft: frozenset[int],
        denial_back: DenialBack | None = None,
        condition: str | None = None,
    ) -> None:
        object.__setattr__(self, "groups", groups)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "hedges", hedges)
        object.__setattr__(self, "attributions", attributions)
        object.__setattr__(self, "hard", hard)
        object.__setattr__(self, "soft", soft)
        object.__setattr__(self, "denial_back", denial_back)
        object.__setattr__(self, "condition", condition)
        object.__setattr__(self, "stops", hard | soft)
