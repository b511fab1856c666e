"""Output formats: one module each, behind `render(output) -> str` (and `stream(output)`, its
chunks, for the formats whose size grows with the claims), chosen by `Format`."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from enum import StrEnum

from ..report import ClaimCheck, Output


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
