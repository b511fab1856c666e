"""One line about a claim's check, as the CI formats (github, junit, markdown, sarif) say it."""

from __future__ import annotations

from ..report import ClaimCheck


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
