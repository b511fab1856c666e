"""One line per claim not as expected, `path:line:col: id: message` (ruff's concise, Vale's
line), then the run's summary line."""

from __future__ import annotations

from ..report import ClaimCheck, Output
from ..sanitize import for_terminal
from .lines import tally


def place(check: ClaimCheck, claims_file: str | None) -> str:
    """Where to look: the quote that explains the status, or the claim in the claims file
    (for a quote that is gone, or no quote at all)."""
    c = check.cause
    if c is not None and c.change != "lost":
        return c.location
    return f"{claims_file or 'claims'}:{check.result.line or 1}:1"


def line(check: ClaimCheck, claims_file: str | None) -> str:
    r = check.result
    text = f"{place(check, claims_file)}: {r.id}: {check.reason}"
    if check.cause is not None and check.cause.change == "lost":
        text += f" (lost quote at {check.cause.location})"
    return for_terminal(text)


def render(out: Output) -> str:
    lines = [line(c, out.claims_file) for c in out.checks if out.failed(c)]
    if out.tally:
        lines.append(tally(out))
    return "".join(f"{x}\n" for x in lines)
