"""Evidence and verdict values, and the rule that turns evidence into a verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Stance = Literal["supports", "contradicts"]
Verdict = Literal["supported", "contradicted", "mixed", "absent"]

# How much reported evidence counts next to what an article asserts itself.
ATTRIBUTED_FACTOR = 0.8
HEDGED_FACTOR = 0.8
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
        return round(self.score * factor, 1)

    @property
    def location(self) -> str:
        return f"{self.article}:{self.line}:{self.column}"


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


def decide(
    evidence: Sequence[Evidence], near_miss: float = 0.0
) -> tuple[Verdict, float, Literal["asserted", "reported"] | None]:
    """Verdict, confidence (0-100) and basis for a claim's evidence.

    Asserted evidence outweighs hedged or attributed evidence on the other side; when both
    sides have asserted evidence, or neither has, the verdict is mixed."""
    sup = [e for e in evidence if e.stance == "supports"]
    con = [e for e in evidence if e.stance == "contradicts"]
    s_sup, s_con = _strength(sup), _strength(con)
    a_sup, a_con = any(e.asserted for e in sup), any(e.asserted for e in con)
    if not sup and not con:
        return "absent", round(100.0 - near_miss, 1), None
    if sup and not con:
        return "supported", round(s_sup, 1), "asserted" if a_sup else "reported"
    if con and not sup:
        return "contradicted", round(s_con, 1), "asserted" if a_con else "reported"
    if a_sup and not a_con:
        return "supported", round(max(0.0, s_sup - s_con / 2), 1), "asserted"
    if a_con and not a_sup:
        return "contradicted", round(max(0.0, s_con - s_sup / 2), 1), "asserted"
    return "mixed", round(min(s_sup, s_con), 1), "asserted" if a_sup else "reported"
