"""A run's last step: each claim's verdict from its findings, and the report around them."""

from __future__ import annotations

from dataclasses import replace

from ..corpus import Passage, decode
from ..engine import conclude, describe
from ..matching.found import Close
from ..report import ClaimResult, Related
from .plan import Plan
from .request import Report, RunRequest, RunStats
from .score import Scored
from .waivers import shown_waived, split_waived


class Texts:
    """Articles' decoded text by display path, decoded on first use (only the articles of
    listed quotes and closest passages are)."""

    def __init__(self, data: dict[str, bytes]) -> None:
        self.data = data
        self.decoded: dict[str, str] = {}

    def __call__(self, article: str) -> str | None:
        text = self.decoded.get(article)
        if text is None:
            raw = self.data.get(article)
            if raw is None:
                return None
            text = self.decoded[article] = decode(raw)[0]
        return text

    def describe(self, close: Close) -> Related | None:
        """A close passage of an absent claim, from its span."""
        text = self(close.article)
        passage = text[close.start : close.end] if text is not None else ""
        if not passage:
            return None
        return describe(
            Passage(close.article, 0, close.line, close.column, close.start, close.end, passage),
            close.phrasing,
        )


def assemble(
    request: RunRequest, planned: Plan, scored: Scored, texts: Texts
) -> tuple[ClaimResult, ...]:
    """Every claim's verdict, counts, timeline and listed quotes, in claims-file order; the
    evidence of passages a claim waives is shown apart, not counted."""
    dates = {path: m.date for path, m in planned.selection.meta.items()}
    results = []
    for c in request.claims.claims:
        found, waived = split_waived(c, scored.found[c.id], request.articles)
        result = conclude(
            c,
            found,
            dates=dates,
            describer=texts.describe,
            texts=texts,
            max_evidence=request.max_evidence,
        )
        if waived:
            result = replace(result, waived=shown_waived(c, waived, dates, texts))
        results.append(result)
    return tuple(results)


def report_of(
    request: RunRequest,
    planned: Plan,
    scored: Scored | None,
    results: tuple[ClaimResult, ...],
    seconds: float,
) -> Report:
    """The report of a run that scored (`scored`) or found a whole earlier one (None)."""
    selection = planned.selection
    sources, states = selection.sources, planned.states
    passages = scored.first.passages if scored is not None else {}
    stats = RunStats(
        articles=len(sources),
        passages=sum(
            passages[s.display] if s.display in passages else states[s.hash][1] for s in sources
        ),
        scored_articles=len(planned.dirty),
        cached_articles=len(sources) - len(planned.dirty),
        scanned_claims=len(planned.needed),
        skipped_files=selection.skipped,
        seconds=seconds,
    )
    return Report(
        claims=results,
        stats=stats,
        meta=selection.meta,
        as_of=request.as_of.text if request.as_of else None,
        left_out=selection.left_out,
        undated=selection.undated,
    )
