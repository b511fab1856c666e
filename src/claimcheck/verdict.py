"""Evidence and verdict values, and the rule that turns evidence into a verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .dates import Date, parse_date

Stance = Literal["supports", "contradicts"]
Verdict = Literal["supported", "contradicted", "mixed", "absent"]

# How much reported evidence counts next to what an article asserts itself.
ATTRIBUTED_FACTOR = 0.8
HEDGED_FACTOR = 0.8
REORDERED_FACTOR = 0.7
# Each further article on the same side adds this much strength (corroboration).
CORROBORATION_POINTS = 2.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """One passage that supports or contradicts a claim, with why."""

    stance: Stance
    score: float
    quote: str
    match: str
    phrasing: str
    article: str
    line: int
    column: int
    negated: bool
    hedged: bool
    attributed_to: str | None
    number_mismatch: bool
    denied: bool = False
    cues: tuple[str, ...] = ()
    highlights: tuple[tuple[int, int], ...] = ()
    subject: str | None = None  # the entity the passage is about, when the claim names one
    resolved_from: str | None = None  # the words that referred back to it ("l'entreprise")
    date: str | None = None  # the article's date, as precise as its source
    reordered: bool = False  # every word is there, in another order: it weighs less

    @property
    def asserted(self) -> bool:
        """The article states it itself, without hedging."""
        return self.attributed_to is None and not self.hedged

    @property
    def weight(self) -> float:
        factor = 1.0
        if self.attributed_to is not None:
            factor *= ATTRIBUTED_FACTOR
        if self.hedged:
            factor *= HEDGED_FACTOR
        if self.reordered:
            factor *= REORDERED_FACTOR
        return round(self.score * factor, 1)

    @property
    def location(self) -> str:
        return f"{self.article}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Related:
    """A passage close to a claim that nothing matched: not evidence, a place to look."""

    quote: str
    article: str
    line: int
    column: int
    score: float  # the share of the claim's content words it holds, in any order or form
    has: tuple[str, ...]
    missing: tuple[str, ...]
    phrasing: str

    @property
    def location(self) -> str:
        return f"{self.article}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Moment:
    """One dated evidence in a claim's timeline."""

    date: str
    stance: Stance
    article: str


@dataclass(frozen=True, slots=True)
class Period:
    """A run of dates over which the evidence said the same: "supported 2021-01 – 2021-03"."""

    verdict: Verdict
    first: str
    last: str

    @property
    def text(self) -> str:
        span = self.first if self.first == self.last else f"{self.first} – {self.last}"
        return f"{self.verdict} {span}"


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """The verdict on one claim and the evidence behind it, strongest first."""

    id: str
    claim: str
    verdict: Verdict
    confidence: float
    evidence: tuple[Evidence, ...]
    basis: Literal["asserted", "reported"] | None
    expect: str | None = None
    line: int = 0
    current: bool = False  # judged by the newest reporting
    since: str | None = None  # for a current claim: from when its verdict has held
    history: tuple[Period, ...] = ()  # for a current claim: what older reporting said
    timeline: tuple[Moment, ...] = ()  # the dated evidence, oldest first
    related: tuple[Related, ...] = ()  # for an absent claim: the closest passages, not evidence

    @property
    def verdict_text(self) -> str:
        """ "contradicted since 2021-05 (supported 2021-01 – 2021-03)"."""
        text = self.verdict if self.since is None else f"{self.verdict} since {self.since}"
        if self.history:
            text += " (" + "; ".join(p.text for p in reversed(self.history)) + ")"
        return text

    @property
    def sources(self) -> int:
        """How many distinct articles the evidence comes from."""
        return len({e.article for e in self.evidence})


def strongest_first(evidence: Sequence[Evidence]) -> tuple[Evidence, ...]:
    return tuple(sorted(evidence, key=lambda e: (-e.weight, -e.score, e.article, e.line, e.column)))


def _strength(side: Sequence[Evidence]) -> float:
    if not side:
        return 0.0
    articles = len({e.article for e in side})
    return min(100.0, max(e.weight for e in side) + CORROBORATION_POINTS * (articles - 1))


# The confidence of "absent", by what the closest passage holds of the claim's content words.
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
    evidence: Sequence[Evidence], near_miss: float = 0.0, closest: float = 0.0
) -> tuple[Verdict, float, Literal["asserted", "reported"] | None]:
    """Verdict, confidence (0-100) and basis for a claim's evidence.

    Asserted evidence outweighs hedged or attributed evidence on the other side; when both
    sides have asserted evidence, or neither has, the verdict is mixed."""
    sup = [e for e in evidence if e.stance == "supports"]
    con = [e for e in evidence if e.stance == "contradicts"]
    s_sup, s_con = _strength(sup), _strength(con)
    a_sup, a_con = any(e.asserted for e in sup), any(e.asserted for e in con)
    if not sup and not con:
        return "absent", absent_confidence(closest, near_miss), None
    if sup and not con:
        return "supported", round(s_sup, 1), "asserted" if a_sup else "reported"
    if con and not sup:
        return "contradicted", round(s_con, 1), "asserted" if a_con else "reported"
    if a_sup and not a_con:
        return "supported", round(max(0.0, s_sup - s_con / 2), 1), "asserted"
    if a_con and not a_sup:
        return "contradicted", round(max(0.0, s_con - s_sup / 2), 1), "asserted"
    return "mixed", round(min(s_sup, s_con), 1), "asserted" if a_sup else "reported"


def _side(group: Sequence[Evidence]) -> Verdict:
    stances = {e.stance for e in group}
    if stances == {"supports"}:
        return "supported"
    if stances == {"contradicts"}:
        return "contradicted"
    return "mixed"


def decide_current(
    evidence: Sequence[Evidence], near_miss: float = 0.0, closest: float = 0.0
) -> tuple[Verdict, float, Literal["asserted", "reported"] | None, str | None, tuple[Period, ...]]:
    """Verdict, confidence, basis, since and history of a claim about a present situation:
    the evidence of the newest date that has any decides; a newest date with both sides is
    mixed; older evidence is history. Undated evidence counts only without dated evidence."""
    dated = [(parse_date(e.date), e) for e in evidence if e.date is not None]
    groups: dict[Date, list[Evidence]] = {}
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
        verdict, confidence = "mixed", round(min(_strength(sup), _strength(con)), 1)
    # the newest unbroken run of dates on the verdict's side
    k = len(dates) - 1
    while k > 0 and _side(groups[dates[k - 1]]) == side:
        k -= 1
    since = str(dates[k])
    history: list[Period] = []
    for when in dates[:k]:
        s = _side(groups[when])
        if history and history[-1].verdict == s:
            history[-1] = Period(s, history[-1].first, str(when))
        else:
            history.append(Period(s, str(when), str(when)))
    return verdict, confidence, basis, since, tuple(history)


def timeline_of(evidence: Sequence[Evidence]) -> tuple[Moment, ...]:
    """The dated evidence in date order (then article, then stance)."""
    moments = []
    for e in evidence:
        when = parse_date(e.date) if e.date is not None else None
        if when is not None:
            moments.append((when, e.article, e.stance, e.date))
    moments.sort(key=lambda m: (m[0], m[1], m[2]))
    return tuple(Moment(str(d), stance, article) for d, article, stance, _ in moments)
