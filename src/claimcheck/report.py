"""The values a report is made of: what the formats read and the cache keeps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .claims import Claim
from .dates import parse_date

Stance = Literal["supports", "contradicts"]
Verdict = Literal["supported", "contradicted", "mixed", "absent"]
Basis = Literal["asserted", "reported"]
Status = Literal["ok", "drift", "fail", "unrecorded"]

# How much reported evidence counts next to what an article asserts itself.
ATTRIBUTED_FACTOR = 0.8
HEDGED_FACTOR = 0.8
REORDERED_FACTOR = 0.7


def weigh(score: float, attributed: bool, hedged: bool, reordered: bool) -> float:
    """A quote's weight: its score, less when it is reported, hedged or in another order."""
    factor = 1.0
    if attributed:
        factor *= ATTRIBUTED_FACTOR
    if hedged:
        factor *= HEDGED_FACTOR
    if reordered:
        factor *= REORDERED_FACTOR
    return round(score * factor, 1)


@dataclass(frozen=True, slots=True, kw_only=True)
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
    resolved_by: str | None = None  # why they stand for the subject ("subject at line 3")
    attributed_from: str | None = None  # how a speaker resolved to a name was written ("lui")
    date: str | None = None  # the article's date, as precise as its source
    reordered: bool = False  # every word is there, in another order: it weighs less
    # found by meaning (--semantic) and matched below the claim's threshold: see paraphrase
    paraphrase: bool = False

    @property
    def asserted(self) -> bool:
        """The article states it itself, without hedging."""
        return self.attributed_to is None and not self.hedged

    @property
    def weight(self) -> float:
        return weigh(self.score, self.attributed_to is not None, self.hedged, self.reordered)

    @property
    def location(self) -> str:
        return f"{self.article}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True, kw_only=True)
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
    # found by meaning (--semantic): the score is the similarity out of 100, not a share of words
    by_meaning: bool = False

    @property
    def location(self) -> str:
        return f"{self.article}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Waived:
    """Evidence a claim's `waive:` left out of its verdict: shown, with why, never counted."""

    evidence: Evidence
    passage: str  # the waiver as written: FILE:LINE[:COL], FILE in the articles folder
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Counts:
    """How much evidence a claim has, listed or not: items per stance, and articles."""

    supports: int = 0
    contradicts: int = 0
    articles: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Moment:
    """One date of a claim's timeline: how many articles of that date support and contradict
    it."""

    date: str
    supports: int
    contradicts: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """A run of dates over which the evidence said the same: "supported 2021-01 – 2021-03"."""

    verdict: Verdict
    first: str
    last: str

    @property
    def text(self) -> str:
        span = self.first if self.first == self.last else f"{self.first} – {self.last}"
        return f"{self.verdict} {span}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimResult:
    """The verdict on one claim and the evidence behind it, strongest first."""

    id: str
    claim: str
    verdict: Verdict
    confidence: float
    evidence: tuple[Evidence, ...]
    basis: Basis | None
    expect: str | None = None
    line: int = 0
    current: bool = False  # judged by the newest reporting
    since: str | None = None  # for a current claim: from when its verdict has held
    history: tuple[Period, ...] = ()  # for a current claim: what older reporting said
    timeline: tuple[Moment, ...] = ()  # the dates of the evidence, oldest first
    related: tuple[Related, ...] = ()  # for an absent claim: the closest passages, not evidence
    counts: Counts = Counts()  # all the evidence, of which `evidence` lists the strongest
    waived: tuple[Waived, ...] = ()  # evidence left out of the verdict by the claims file
    # decided on paraphrase matches only (--semantic), its confidence capped
    paraphrase: bool = False

    @property
    def dated_evidence(self) -> tuple[Evidence, ...]:
        """The listed evidence that has a date, oldest first (ties in listing order)."""
        dated = [(parse_date(e.date), i) for i, e in enumerate(self.evidence) if e.date]
        return tuple(self.evidence[i] for d, i in sorted(x for x in dated if x[0] is not None))

    @property
    def verdict_text(self) -> str:
        """ "contradicted since 2021-05 (supported 2021-01 – 2021-03)"; "supported
        (paraphrase)" for a verdict on paraphrase matches only."""
        text = self.verdict if self.since is None else f"{self.verdict} since {self.since}"
        if self.paraphrase:
            text += " (paraphrase)"
        if self.history:
            text += " (" + "; ".join(p.text for p in reversed(self.history)) + ")"
        return text

    @property
    def sources(self) -> int:
        """How many distinct articles the evidence comes from (listed or not)."""
        return self.counts.articles

    @property
    def unlisted(self) -> int:
        """How many pieces of evidence the report leaves out (--max-evidence)."""
        return self.counts.supports + self.counts.contradicts - len(self.evidence)


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleMeta:
    """An article's date (as precise as its source), title, url and source, when known."""

    date: str | None = None
    date_from: str | None = None  # front matter, metadata.yaml or date line
    title: str | None = None
    url: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Lookup:
    """Which curated claim a typed claim resolved to, if any."""

    claim: Claim
    curated: bool
    similarity: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Cause:
    """The quote that explains a status, with its place."""

    quote: str
    article: str
    line: int
    column: int
    change: Literal["now", "new", "lost"]  # a current quote, one new since the baseline, or gone

    @property
    def location(self) -> str:
        return f"{self.article}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimCheck:
    """One claim's verdict against the record."""

    result: ClaimResult
    status: Status
    expected: str | None
    reason: str
    cause: Cause | None
    new_evidence: tuple[Cause, ...] = ()
    lost_evidence: tuple[Cause, ...] = ()
    previous: str | None = None  # the baseline's verdict

    def failed(self, strict: bool) -> bool:
        return self.status in ("drift", "fail") or (strict and self.status == "unrecorded")


@dataclass(frozen=True, kw_only=True)
class Output:
    """What a command hands to a format."""

    command: Literal["verify", "report", "check"]
    checks: tuple[ClaimCheck, ...]
    lookup: Lookup | None = None
    articles: int = 0
    passages: int = 0
    strict: bool = False
    color: bool = False
    width: int = 100
    terminal: bool = False  # printed on a terminal: wrapped to it; elsewhere no word is split
    # which claims the table lists: all of them, or (check in CI) only those not as expected
    listing: Literal["all", "problems"] = "all"
    tally: bool = False  # end with the one summary line (formats.lines.tally)
    as_of: str | None = None
    meta: Mapping[str, ArticleMeta] = field(default_factory=dict)  # article path -> metadata
    claims_file: str | None = None
    run_date: str | None = None  # YYYY-MM-DD: SOURCE_DATE_EPOCH, or today
    publisher: str | None = None  # ClaimReview's author
    review_url: str | None = None  # where the reviews are published (ClaimReview's url)
    # ClaimReview: the claims by id (who made them, where), each claim's language, the
    # newsroom's word for each verdict (settings.labels), and whether absent claims go out
    claims_of: Mapping[str, Claim] = field(default_factory=dict)
    languages: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    include_absent: bool = False

    @property
    def results(self) -> tuple[ClaimResult, ...]:
        return tuple(c.result for c in self.checks)

    def failed(self, check: ClaimCheck) -> bool:
        return check.failed(self.strict)
