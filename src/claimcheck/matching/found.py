"""What a scan finds: a matched passage as plain values (Found), a claim's findings in one
article (Findings), a passage close to it (Close); and what the verdict rule reads of many."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, NamedTuple, cast

from ..report import Counts, Moment, Stance, weigh
from ..verdict import Side, moments

_new: Final = tuple.__new__

# weight_of by its arguments: scores have one decimal, so there are a few thousand at most,
# and rounding a float to a decimal goes through its decimal digits (3,000 machine
# instructions a call, for each of the half million findings of a topical archive's report)
_WEIGHTS: dict[tuple[float, bool, bool, bool], float] = {}
_WEIGHTS_KEPT: Final = 1 << 16


def weight_of(score: float, attributed: bool, hedged: bool, reordered: bool) -> float:
    """report.weigh(), remembered."""
    key = (score, attributed, hedged, reordered)
    weight = _WEIGHTS.get(key)
    if weight is None:
        weight = weigh(score, attributed, hedged, reordered)
        if len(_WEIGHTS) >= _WEIGHTS_KEPT:
            _WEIGHTS.clear()
        _WEIGHTS[key] = weight
    return weight


class Found(NamedTuple):
    """One matched passage as plain values: what decides the verdict, and where its quote is
    (made into an Evidence only for the quotes a report lists)."""

    stance: Stance
    score: float
    article: str
    line: int
    column: int
    start: int  # the quote's span in the article's decoded text
    end: int
    phrasing: int  # which of the claim's phrasings (supports, then contradicts) matched
    negated: bool
    hedged: bool
    attributed_to: str | None
    number_mismatch: bool
    denied: bool
    cues: tuple[str, ...]
    # the matched words' (start, end) offsets in the span's characters, one after the
    # other: one tuple, where a pair each made a topical archive's 440,000 findings seven
    # times as many tuples to build, send between processes and keep
    spans: tuple[int, ...]
    subject: str | None
    resolved_from: str | None
    # how the article wrote a speaker resolved to a name ("lui" for Bruno Ortiz)
    attributed_from: str | None
    reordered: bool
    resolved_by: str | None = None  # why resolved_from stands for the subject ("subject at line 3")
    date: str | None = None

    @property
    def asserted(self) -> bool:
        return self.attributed_to is None and not self.hedged

    @property
    def weight(self) -> float:
        return weight_of(self.score, self.attributed_to is not None, self.hedged, self.reordered)


def found(
    *,
    stance: Stance,
    score: float,
    article: str,
    line: int,
    column: int,
    start: int,
    end: int,
    phrasing: int,
    negated: bool,
    hedged: bool,
    attributed_to: str | None,
    number_mismatch: bool,
    denied: bool,
    cues: tuple[str, ...],
    spans: tuple[int, ...],
    subject: str | None,
    resolved_from: str | None,
    attributed_from: str | None,
    reordered: bool,
    resolved_by: str | None = None,
    date: str | None = None,
) -> Found:
    """A Found by its fields' names (compiled, a call of the named tuple runs its interpreted
    constructor; this one is native, for each of a topical archive's half million findings)."""
    return _new(
        Found,
        (
            stance,
            score,
            article,
            line,
            column,
            start,
            end,
            phrasing,
            negated,
            hedged,
            attributed_to,
            number_mismatch,
            denied,
            cues,
            spans,
            subject,
            resolved_from,
            attributed_from,
            reordered,
            resolved_by,
            date,
        ),
    )


def found_from_plain(fields: tuple[object, ...]) -> Found:
    """A Found sent between processes as the plain tuple of its fields (a named tuple
    unpickles through its interpreted __new__, twice as slow)."""
    return _new(Found, fields)


def dated(f: Found, date: str | None) -> Found:
    """The same Found with its article's date (its last field: a tuple's slice, where
    _replace is ten times slower)."""
    return _new(Found, f[:-1] + (date,))


class Close(NamedTuple):
    """Where a passage close to a claim stands, and how close: described (as a Related) only
    when the claim turns out absent and the passage is among the closest. (A named tuple, as
    Findings: a frozen dataclass's constructor set each field through object.__setattr__.)"""

    article: str
    line: int
    column: int
    share: float  # the share of the phrasing's distinctive words it holds, as the index counts
    phrasing: str
    start: int = 0  # the passage's span in its article's decoded text
    end: int = 0


def close_passage(
    *,
    article: str,
    line: int,
    column: int,
    share: float,
    phrasing: str,
    start: int = 0,
    end: int = 0,
) -> Close:
    """A Close by its fields' names."""
    return _new(Close, (article, line, column, share, phrasing, start, end))


class Findings(NamedTuple):
    """What one claim found in one article: its evidence, its best score below the bar, and
    the passages closest to it that are not evidence. (A named tuple: shards send millions
    of them between processes, and a tuple pickles several times faster than a dataclass
    with slots.)"""

    evidence: tuple[Found, ...] = ()
    near_miss: float = 0.0
    close: tuple[Close, ...] = ()


def findings_of(
    *,
    evidence: tuple[Found, ...] = (),
    near_miss: float = 0.0,
    close: tuple[Close, ...] = (),
) -> Findings:
    """A Findings by its fields' names."""
    return _new(Findings, (evidence, near_miss, close))


# a Found's place in strongest_first order: (minus its weight, minus its score, article,
# line, column, its index in the list), unique by the index. Typed as any tuple: compiled,
# a tuple of known types is unpacked from the list and packed again for each comparison
Key = tuple[object, ...]


def keyed(evidence: list[Found]) -> list[Key]:
    """Each Found's sort key (strongest_first's, and its index)."""
    return [
        (
            -weight_of(e.score, e.attributed_to is not None, e.hedged, e.reordered),
            -e.score,
            e.article,
            e.line,
            e.column,
            i,
        )
        for i, e in enumerate(evidence)
    ]


def tally(
    evidence: list[Found], keyed: list[Key], dates: Mapping[str, str | None] | None
) -> tuple[Side, Side, Counts, tuple[Moment, ...], list[Key]]:
    """In one pass over Found values and their keys (dated by `dates` when given): what
    decide(), counts_of() and timeline_of() read of them, and each stance's first key."""
    items = [0, 0]
    strongest = [0.0, 0.0]
    asserted = [False, False]
    first: list[Key | None] = [None, None]
    articles: tuple[set[str], set[str]] = (set(), set())
    sides: dict[str, tuple[set[str], set[str]]] = {}
    for e, key in zip(evidence, keyed, strict=True):
        k = 0 if e.stance == "supports" else 1
        weight = -cast(float, key[0])
        if items[k] == 0 or weight > strongest[k]:
            strongest[k] = weight
        best = first[k]
        if best is None or key < best:
            first[k] = key
        items[k] += 1
        if e.attributed_to is None and not e.hedged:
            asserted[k] = True
        articles[k].add(e.article)
        date = dates.get(e.article) if dates else e.date
        if date is not None:
            found = sides.get(date)
            if found is None:
                found = sides[date] = (set(), set())
            found[k].add(e.article)
    sup = Side(
        items=items[0], strongest=strongest[0], articles=len(articles[0]), asserted=asserted[0]
    )
    con = Side(
        items=items[1], strongest=strongest[1], articles=len(articles[1]), asserted=asserted[1]
    )
    counts = Counts(
        supports=items[0], contradicts=items[1], articles=len(articles[0] | articles[1])
    )
    firsts = [key for key in first if key is not None]
    return sup, con, counts, moments(sides), firsts
