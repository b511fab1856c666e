"""Output formats: one module each, behind `render(output) -> str` (and `stream(output)`, its
chunks, for the formats whose size grows with the claims), chosen by `Format`."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from ..checks import ClaimCheck
from ..engine import Lookup
from ..pipeline import ArticleMeta
from ..verdict import ClaimResult


class Format(StrEnum):
    """The output formats; each is the module of the same name in this package."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    html = "html"
    claimreview = "claimreview"


@dataclass(frozen=True)
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
    as_of: str | None = None
    meta: Mapping[str, ArticleMeta] = field(default_factory=dict)  # article path -> metadata
    claims_file: str | None = None
    run_date: str | None = None  # YYYY-MM-DD: SOURCE_DATE_EPOCH, or today
    publisher: str | None = None  # ClaimReview's author
    review_url: str | None = None  # where the reviews are published (ClaimReview's url)

    @property
    def results(self) -> tuple[ClaimResult, ...]:
        return tuple(c.result for c in self.checks)

    def failed(self, check: ClaimCheck) -> bool:
        return check.failed(self.strict)


def message(check: ClaimCheck) -> str:
    """One line that says what happened to a claim and which quote shows it."""
    r = check.result
    text = f"{r.id}: {check.reason}"
    if r.counts.supports or r.counts.contradicts:
        text += (
            f" ({r.counts.supports} supporting, {r.counts.contradicts} contradicting quotes "
            f"from {r.counts.articles} articles)"
        )
    if check.cause is not None:
        c = check.cause
        label = {"now": "quote", "new": "new quote", "lost": "lost quote"}[c.change]
        text += f"; {label} at {c.location}: \u00ab{c.quote}\u00bb"
    return text


def renderer(fmt: Format) -> Callable[[Output], str]:
    """The render function of a format."""
    module = importlib.import_module(f"{__name__}.{fmt.value}")
    render: Callable[[Output], str] = module.render
    return render


def streamer(fmt: Format) -> Callable[[Output], Iterator[str]]:
    """A format's output in chunks (one claim at a time where the format allows), so that
    writing a large report never holds all of it in memory."""
    module = importlib.import_module(f"{__name__}.{fmt.value}")
    stream: Callable[[Output], Iterator[str]] | None = getattr(module, "stream", None)
    if stream is not None:
        return stream
    render: Callable[[Output], str] = module.render
    return lambda out: iter((render(out),))
