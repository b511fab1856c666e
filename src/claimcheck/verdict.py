"""The rule that turns evidence into a verdict, and the plain values it reads (Found)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal, Protocol, TypeVar

from .dates import Date, parse_date
from .report import Counts, Moment, Period, Stance, Verdict

# Each further article on the same side adds this much strength (corroboration).
CORROBORATION_POINTS: Final = 2.0


class Weighed(Protocol):
    """What the verdict rule reads of a piece of evidence (an Evidence or a Found)."""

    @property
    def stance(self) -> Stance: ...
    @property
    def score(self) -> float: ...
    @property
    def weight(self) -> float: ...
    @property
    def asserted(self) -> bool: ...
    @property
    def article(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def date(self) -> str | None: ...


E = TypeVar("E", bound=Weighed)


def strongest_first(evidence: Iterable[E]) -> tuple[E, ...]:
    return tuple(sorted(evidence, key=lambda e: (-e.weight, -e.score, e.article, e.line, e.column)))


def counts_of(evidence: Sequence[Weighed]) -> Counts:
    sup = sum(e.stance == "supports" for e in evidence)
    return Counts(
        supports=sup, contradicts=len(evidence) - sup, articles=len({e.article for e in evidence})
    )


def listed(evidence: Sequence[E], most: int) -> tuple[E, ...]:
    """The first `most` of the evidence (0: all), with at least one of each stance it has:
    the strongest of a stance left out takes the place of the last of a stance listed more
    than once (or is added, when every place holds a different stance)."""
    if most <= 0 or len(evidence) <= most:
        return tuple(evidence)
    kept = list(evidence[:most])
    for stance in ("supports", "contradicts"):
        if any(e.stance == stance for e in kept):
            continue
        best = next((e for e in evidence if e.stance == stance), None)
        if best is None:
            continue
        others = [i for i, e in enumerate(kept) if sum(x.stance == e.stance for x in kept) > 1]
        if others:
            kept.pop(others[-1])
        kept.append(best)
    order = {id(e): i for i, e in enumerate(evidence)}
    return tuple(sorted(kept, key=lambda e: order[id(e)]))


@dataclass(frozen=True, slots=True, kw_only=True)
class Side:
    """What the verdict rule reads of one stance's evidence: how many items, the weight of
    the strongest, from how many articles, and whether any is asserted."""

    items: int = 0
    strongest: float = 0.0
    articles: int = 0
    asserted: bool = False

    @property
    def strength(self) -> float:
        if not self.items:
            return 0.0
        return min(100.0, self.strongest + CORROBORATION_POINTS * (self.articles - 1))


def side_of(group: Sequence[Weighed]) -> Side:
    if not group:
        return Side()
    return Side(
        items=len(group),
        strongest=max(e.weight for e in group),
        articles=len({e.article for e in group}),
        asserted=any(e.asserted for e in group),
    )


# The confidence of "absent", by what the closest passage holds of the claim's content words.
# (Not Final, as the other constants are: compiled, a Final tuple of float pairs reads as
# never set, a NameError.)
ABSENT_CONFIDENCE = ((1.0, 50.0), (0.75, 65.0), (0.5, 85.0))


def absent_confidence(closest: float, near_miss: float = 0.0) -> float:
    """100 when no passage holds half of the claim's content words; lower when passages hold
    most of them without matching (another order, another form, another clause); lower still
    when an alignment came close to the threshold (100 - its score)."""
    confidence = 100.0
    for share, value in ABSENT_CONFIDENCE:
        if closest >= share - 1e-9:
            confidence = value
            break
    if near_miss:
        confidence = min(confidence, 100.0 - near_miss)
    return round(confidence, 1)


def decide(
    evidence: Sequence[Weighed], near_miss: float = 0.0, closest: float = 0.0
) -> tuple[Verdict, float, Literal["asserted", "reported"] | None]:
    """Verdict, confidence (0-100) and basis for a claim's evidence.

    Asserted evidence outweighs hedged or attributed evidence on the other side; when both
    sides have asserted evidence, or neither has, the verdict is mixed."""
    sup = side_of([e for e in evidence if e.stance == "supports"])
    con = side_of([e for e in evidence if e.stance == "contradicts"])
    return decide_sides(sup, con, near_miss, closest)


def decide_sides(
    sup: Side, con: Side, near_miss: float = 0.0, closest: float = 0.0
) -> tuple[Verdict, float, Literal["asserted", "reported"] | None]:
    """decide(), from each stance's Side."""
    s_sup, s_con = sup.strength, con.strength
    a_sup, a_con = sup.asserted, con.asserted
    if not sup.items and not con.items:
        return "absent", absent_confidence(closest, near_miss), None
    if sup.items and not con.items:
        return "supported", round(s_sup, 1), "asserted" if a_sup else "reported"
    if con.items and not sup.items:
        return "contradicted", round(s_con, 1), "asserted" if a_con else "reported"
    if a_sup and not a_con:
        return "supported", round(max(0.0, s_sup - s_con / 2), 1), "asserted"
    if a_con and not a_sup:
        return "contradicted", round(max(0.0, s_con - s_sup / 2), 1), "asserted"
    return "mixed", round(min(s_sup, s_con), 1), "asserted" if a_sup else "reported"


def _side(group: Sequence[Weighed]) -> Verdict:
    stances = {e.stance for e in group}
    if stances == {"supports"}:
        return "supported"
    if stances == {"contradicts"}:
        return "contradicted"
    return "mixed"


def decide_current(
    evidence: Sequence[Weighed], near_miss: float = 0.0, closest: float = 0.0
) -> tuple[Verdict, float, Literal["asserted", "reported"] | None, str | None, tuple[Period, ...]]:
    """Verdict, confidence, basis, since and history of a claim about a present situation:
    the evidence of the newest date that has any decides; a newest date with both sides is
    mixed; older evidence is history. Undated evidence counts only without dated evidence."""
    dated = [(parse_date(e.date), e) for e in evidence if e.date is not None]
    groups: dict[Date, list[Weighed]] = {}
    for when, e in sorted(((d, e) for d, e in dated if d is not None), key=lambda pair: pair[0]):
        groups.setdefault(when, []).append(e)
    if not groups:
        verdict, confidence, basis = decide(evidence, near_miss, closest)
        return verdict, confidence, basis, None, ()
    dates = list(groups)
    newest = groups[dates[-1]]
    verdict, confidence, basis = decide(newest)
    side = _side(newest)
    if side == "mixed" and verdict != "mixed":
        sup = [e for e in newest if e.stance == "supports"]
        con = [e for e in newest if e.stance == "contradicts"]
        verdict, confidence = "mixed", round(min(side_of(sup).strength, side_of(con).strength), 1)
    # the newest unbroken run of dates on the verdict's side
    k = len(dates) - 1
    while k > 0 and _side(groups[dates[k - 1]]) == side:
        k -= 1
    since = str(dates[k])
    history: list[Period] = []
    for when in dates[:k]:
        s = _side(groups[when])
        if history and history[-1].verdict == s:
            history[-1] = Period(verdict=s, first=history[-1].first, last=str(when))
        else:
            history.append(Period(verdict=s, first=str(when), last=str(when)))
    return verdict, confidence, basis, since, tuple(history)


def timeline_of(evidence: Iterable[Weighed]) -> tuple[Moment, ...]:
    """The dates of the evidence in order, each with how many articles of that date support
    and contradict the claim."""
    sides: dict[str, tuple[set[str], set[str]]] = {}
    for e in evidence:
        date = e.date
        if date is not None:
            found = sides.get(date)
            if found is None:
                found = sides[date] = (set(), set())
            found[0 if e.stance == "supports" else 1].add(e.article)
    return moments(sides)


def moments(sides: dict[str, tuple[set[str], set[str]]]) -> tuple[Moment, ...]:
    """The timeline from the articles that support and contradict a claim, by date."""
    # a claim has hundreds of quotes and a few dates: each date is parsed once; they sort by
    # the days they span (what orders dates, and one date's alone), compared in C where a
    # Date's own comparison calls its dataclass __eq__ (about 1 ms a claim of a topical archive)
    parsed = [(when.span, d) for d in sides if (when := parse_date(d)) is not None]
    parsed.sort()
    return tuple(
        Moment(date=d, supports=len(sides[d][0]), contradicts=len(sides[d][1])) for _, d in parsed
    )
