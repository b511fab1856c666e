"""Comparing verdicts with what is on record (`expect:`, a baseline, --fail-on)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from .baseline import Baseline, saved
from .report import Cause, ClaimCheck, ClaimResult, Evidence, Status


def _now(e: Evidence) -> Cause:
    return Cause(quote=e.quote, article=e.article, line=e.line, column=e.column, change="now")


def _side_of(verdict: str) -> str | None:
    return {"supported": "supports", "contradicted": "contradicts"}.get(verdict)


def _cause(
    r: ClaimResult, expected: str | None, new: Sequence[Cause], lost: Sequence[Cause]
) -> Cause | None:
    """The quote behind the current verdict: new evidence first; then, when the verdict
    moved away from the expected one, the strongest quote on the unexpected side."""
    if new:
        return new[0]
    if r.verdict == "absent" and lost:
        return lost[0]
    unexpected = {"supported": "contradicts", "contradicted": "supports"}.get(expected or "")
    side = unexpected if expected != r.verdict and unexpected else _side_of(r.verdict)
    for e in r.evidence:
        if side is None or e.stance == side:
            return _now(e)
    if r.evidence:
        return _now(r.evidence[0])
    return lost[0] if lost else None


def assess(
    results: Sequence[ClaimResult],
    baseline: Baseline | None = None,
    fail_on: Collection[str] = (),
) -> tuple[ClaimCheck, ...]:
    """Status of every claim: drift from `expect:` or the baseline, or a --fail-on verdict."""
    out = []
    for r in results:
        new: list[Cause] = []
        lost: list[Cause] = []
        previous = None
        if baseline is not None and r.id in baseline:
            before = baseline[r.id]
            previous = before.verdict
            now = {saved(e).key: e for e in r.evidence}
            then = {s.key: s for s in before.evidence}
            # with --max-evidence a listing may leave quotes out: a quote is new (or lost)
            # only when the other listing is complete, not when it fell below the cut
            if before.complete:
                new = [_now(e) for k, e in now.items() if k not in then]
                new = [replace(c, change="new") for c in new]
            if r.unlisted <= 0:
                lost = [
                    Cause(
                        quote=s.quote,
                        article=s.article,
                        line=s.line,
                        column=s.column,
                        change="lost",
                    )
                    for k, s in then.items()
                    if k not in now
                ]
        reasons = []
        if r.expect is not None and r.verdict != r.expect:
            reasons.append(f"expected {r.expect}, got {r.verdict_text}")
        if previous is not None and r.verdict != previous:
            reasons.append(f"was {previous} in the baseline, now {r.verdict_text}")
        status: Status
        if reasons:
            status = "drift"
        elif r.verdict in fail_on:
            status = "fail"
            reasons.append(f"verdict {r.verdict_text} is one of --fail-on")
        elif r.expect is None and previous is None:
            status = "unrecorded"
            reasons.append(f"{r.verdict_text}; no expected verdict on record")
        else:
            status = "ok"
            reasons.append(r.verdict_text)
        out.append(
            ClaimCheck(
                result=r,
                status=status,
                expected=r.expect if r.expect is not None else previous,
                reason="; ".join(reasons),
                cause=_cause(r, r.expect if r.expect is not None else previous, new, lost),
                new_evidence=tuple(new),
                lost_evidence=tuple(lost),
                previous=previous,
            )
        )
    return tuple(out)
