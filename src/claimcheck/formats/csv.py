"""CSV: one row per claim with its strongest quote; safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from ..report import Output

COLUMNS = (
    "id",
    "claim",
    "verdict",
    "confidence",
    "since",
    "history",
    "sources",
    "supports",
    "contradicts",
    "basis",
    "expect",
    "status",
    "reason",
    "stance",
    "quote",
    "article",
    "line",
    "column",
    "date",
    "paraphrase",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A cell that a spreadsheet will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render(out: Output) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for check in out.checks:
        r = check.result
        e = r.evidence[0] if r.evidence else None
        writer.writerow(
            cell(v)
            for v in (
                r.id,
                r.claim,
                r.verdict,
                r.confidence,
                r.since,
                "; ".join(p.text for p in r.history) or None,
                r.sources,
                r.counts.supports,
                r.counts.contradicts,
                r.basis,
                r.expect,
                check.status,
                check.reason,
                e.stance if e else None,
                e.quote if e else None,
                e.article if e else None,
                e.line if e else None,
                e.column if e else None,
                e.date if e else None,
                r.paraphrase,
            )
        )
    return buf.getvalue()
