"""One line about a claim's check, as the CI formats (github, junit, markdown, sarif) say it,
and the one line that sums a run up."""

from __future__ import annotations

from ..report import ClaimCheck, Output

LISTED_IDS = 10  # ids named in the summary line; then how many more


def tally(out: Output) -> str:
    """ "30 claims, all as expected" or "2 of 30 not as expected: trade-ban, lawsuit"; claims
    with nothing on record to expect are counted apart (they fail only with --strict)."""
    n = len(out.checks)
    failed = [c.result.id for c in out.checks if out.failed(c)]
    if failed:
        names = ", ".join(failed[:LISTED_IDS])
        if len(failed) > LISTED_IDS:
            names += f" and {len(failed) - LISTED_IDS} more"
        text = f"{len(failed)} of {n} not as expected: {names}"
    else:
        text = f"{n} claim{'s' if n != 1 else ''}, all as expected"
    unrecorded = sum(c.status == "unrecorded" for c in out.checks)
    if unrecorded and not out.strict:
        text += f" ({unrecorded} with no expected verdict on record)"
    return text


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
