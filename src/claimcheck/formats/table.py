"""Human output for a terminal: a rich table for `report`, a verdict and quotes for `verify`."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..report import (
    ATTRIBUTED_FACTOR,
    HEDGED_FACTOR,
    REORDERED_FACTOR,
    ClaimCheck,
    ClaimResult,
    Evidence,
    Output,
)
from ..sanitize import for_terminal
from .lines import tally

VERDICT_STYLES = {
    "supported": "bold green",
    "contradicted": "bold red",
    "mixed": "bold yellow",
    "absent": "dim",
}


def safe(text: str, style: str = "") -> Text:
    """Untrusted text as a rich Text: never parsed as markup, control characters escaped."""
    return Text(for_terminal(text), style=style)


def verdict_text(r: ClaimResult) -> Text:
    """The verdict as the table's column shows it: "supported", "supported (paraphrase)"."""
    text = f"{r.verdict} (paraphrase)" if r.paraphrase else r.verdict
    return Text(text, style=VERDICT_STYLES[r.verdict])


def flags(e: Evidence) -> str:
    out = []
    if e.paraphrase:
        out.append("paraphrase")
    if e.date is not None:
        out.append(e.date)
    if e.resolved_from is not None and e.subject is not None:
        basis = f" ({e.resolved_by})" if e.resolved_by else ""
        out.append(f"{e.resolved_from} = {e.subject}{basis}")
    if e.reordered:
        out.append("reordered")
    if e.negated:
        out.append("negated")
    if e.denied:
        out.append("denied")
    if e.hedged:
        out.append("hedged")
    if e.attributed_to is not None:
        written = f" ({e.attributed_from})" if e.attributed_from else ""
        out.append(f"attributed to {e.attributed_to}{written}")
    if e.number_mismatch:
        out.append("number mismatch")
    if e.cues:
        out.append("cues: " + " + ".join(e.cues))
    return ", ".join(out)


def weighing(e: Evidence) -> str:
    """What orders the quotes: "weight 78 (score 98 × 0.8 attributed)", or "weight 93" when
    nothing lessens the score."""
    factors = [
        f"× {factor} {why}"
        for factor, why, applies in (
            (ATTRIBUTED_FACTOR, "attributed", e.attributed_to is not None),
            (HEDGED_FACTOR, "hedged", e.hedged),
            (REORDERED_FACTOR, "reordered", e.reordered),
        )
        if applies
    ]
    if not factors:
        return f"weight {e.weight:.0f}"
    return f"weight {e.weight:.0f} (score {e.score:.0f} {' '.join(factors)})"


def quotes_order(r: ClaimResult) -> str:
    """The heading of a listing of quotes: the order they come in."""
    if r.current and r.since is not None:
        return "Quotes, the newest reporting first, then by weight:"
    return "Quotes, by weight (the match score, less when attributed, hedged or reordered):"


def highlighted(quote: str, spans: Sequence[tuple[int, int]], offset: int = 0) -> Text:
    """quote with the spans (shifted by offset) in bold."""
    text = Text()
    pos = 0
    for a, b in spans:
        a, b = a - offset, b - offset
        text.append_text(safe(quote[pos:a]))
        text.append_text(safe(quote[a:b], "bold underline"))
        pos = b
    text.append_text(safe(quote[pos:]))
    return text


def highlighted_quote(e: Evidence) -> Text:
    """The quote with the matched words in bold."""
    return highlighted(e.quote, e.highlights)


def counted(r: ClaimResult) -> str:
    """ "12 supporting and 3 contradicting quotes from 9 articles"."""
    c = r.counts
    sides = [f"{c.supports} supporting"] if c.supports else []
    sides += [f"{c.contradicts} contradicting"] if c.contradicts else []
    total = c.supports + c.contradicts
    return (
        f"{' and '.join(sides)} quote{'s' if total != 1 else ''} from {c.articles} "
        f"article{'s' if c.articles != 1 else ''}"
    )


def basis_note(r: ClaimResult) -> str:
    note = ""
    if r.basis == "reported":
        note += "; rests only on attributed or hedged evidence"
    if r.paraphrase:
        note += "; matched by meaning with --semantic, below the claim's threshold"
    return note


def excerpt(e: Evidence) -> Text:
    """The matched words of the quote, with ellipses where the sentence goes on."""
    start, end = e.highlights[0][0], e.highlights[-1][1]
    text = Text("…" if start > 0 else "")
    text.append_text(highlighted(e.quote[start:end], e.highlights, start))
    if end < len(e.quote):
        text.append("…")
    return text


def _report(out: Output) -> RenderableType:
    parts: list[RenderableType] = []
    listed = [c for c in out.checks if out.listing == "all" or out.failed(c)]
    if listed:
        parts.append(_table(out, listed))
    if out.listing == "all":
        counts = {v: sum(r.verdict == v for r in out.results) for v in VERDICT_STYLES}
        parts.append(
            Text(
                f"{len(out.results)} claims over {out.articles} articles ({out.passages} passages"
                + (f", as of {out.as_of}" if out.as_of else "")
                + "): "
                + ", ".join(f"{n} {v}" for v, n in counts.items())
            )
        )
    if out.tally:
        parts.append(Text(tally(out)))
    return Group(*parts)


def _table(out: Output, checks: Sequence[ClaimCheck]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    table.add_column("conf.", justify="right")
    table.add_column("src", justify="right")
    if out.command == "check":
        table.add_column("status", no_wrap=True)
    table.add_column("claim / strongest quote", overflow="fold")
    for check in checks:
        r = check.result
        cell = safe(r.claim, "bold")
        if r.since is not None or r.history:
            cell.append("\n")
            cell.append_text(Text(r.verdict_text, style=VERDICT_STYLES[r.verdict]))
        if r.evidence:
            e = r.evidence[0]
            cell.append("\n")
            cell.append_text(excerpt(e))
            # safe() turns a newline into a space: the line break is added apart
            cell.append("\n")
            cell.append_text(
                safe(f"{e.location} {e.stance}" + (f" ({flags(e)})" if flags(e) else ""), "dim")
            )
        else:
            cell.append_text(Text("\nno passage above the threshold", style="dim"))
        for w in r.waived:
            cell.append("\n")
            cell.append_text(safe(f"waived: {w.evidence.location} ({w.reason})", "dim"))
        row: list[Text | str] = [safe(r.id), verdict_text(r), f"{r.confidence:.0f}", str(r.sources)]
        if out.command == "check":
            style = "bold red" if out.failed(check) else ""
            row.append(Text(check.status, style=style))
            if check.status != "ok":
                cell.append("\n")
                cell.append_text(safe(check.reason, style))
        table.add_row(*row, cell)
    return table


def _verify(out: Output) -> RenderableType:
    r = out.results[0]
    parts: list[RenderableType] = []
    head = Text("claim: ", style="bold")
    head.append_text(safe(r.claim))
    parts.append(head)
    if out.lookup is not None and out.lookup.curated:
        parts.append(safe(f"using curated claim '{r.id}' and its phrasings"))
    line = Text("verdict: ", style="bold")
    line.append_text(Text(r.verdict_text, style=VERDICT_STYLES[r.verdict]))
    line.append_text(
        safe(
            f" (confidence {r.confidence:.0f}, {r.sources} source"
            f"{'s' if r.sources != 1 else ''}{basis_note(r)})"
        )
    )
    parts.append(line)
    if r.evidence:
        parts.append(Text(""))
        parts.append(Text(quotes_order(r), style="bold"))
    for n, e in enumerate(r.evidence, 1):
        parts.append(Text(""))
        head = Text(f"{n}. ")
        head.append(e.stance, style="green" if e.stance == "supports" else "red")
        head.append_text(safe(f"  {weighing(e)}"))
        if flags(e):
            head.append_text(safe(f"  [{flags(e)}]"))
        parts.append(head)
        parts.append(Padding(highlighted_quote(e), (0, 0, 0, 3)))
        parts.append(Padding(safe(e.location), (0, 0, 0, 3)))
        parts.append(
            Padding(Text("phrasing: ", style="dim") + safe(e.phrasing, "dim"), (0, 0, 0, 3))
        )
    if r.unlisted > 0:
        parts.append(Text(""))
        parts.append(
            Text(
                f"{r.unlisted} more not listed: {counted(r)} in all (--max-evidence 0 lists "
                "every quote)",
                style="dim",
            )
        )
    if not r.evidence:
        parts.append(Text("no passage matches above the threshold", style="dim"))
    if r.waived:
        parts.append(Text(""))
        parts.append(Text("Waived in the claims file (shown, not counted):", style="bold"))
        for n, w in enumerate(r.waived, 1):
            e = w.evidence
            parts.append(Text(""))
            head = Text(f"{n}. waived {e.stance}  ")
            head.append_text(safe(f"{weighing(e)}  [reason: {w.reason}]"))
            parts.append(head)
            parts.append(Padding(highlighted_quote(e), (0, 0, 0, 3)))
            parts.append(Padding(safe(e.location), (0, 0, 0, 3)))
    if r.related:
        parts.append(Text(""))
        parts.append(
            Text(
                "Closest passages (not evidence: they hold the claim's words, not its statement):",
                style="bold",
            )
        )
        for n, rel in enumerate(r.related, 1):
            parts.append(Text(""))
            what = "similar in meaning" if rel.by_meaning else "of the claim's words"
            parts.append(safe(f"{n}. {rel.score:.0f}% {what}"))
            parts.append(Padding(safe(rel.quote), (0, 0, 0, 3)))
            parts.append(Padding(safe(rel.location), (0, 0, 0, 3)))
            words = f"has: {', '.join(rel.has) or '-'}; lacks: {', '.join(rel.missing) or '-'}"
            parts.append(Padding(safe(words, "dim"), (0, 0, 0, 3)))
    return Group(*parts)


def render(out: Output) -> str:
    body = _verify(out) if out.command == "verify" else _report(out)
    width = out.width
    if not out.terminal:
        # no terminal to fit: wide enough that no path or word is split across lines
        measuring = Console(file=io.StringIO(), width=width, markup=False, emoji=False)
        needed = Measurement.get(measuring, measuring.options.update(max_width=1 << 20), body)
        width = max(width, needed.minimum)
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width,
        force_terminal=out.color,
        color_system="standard" if out.color else None,
        no_color=not out.color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )
    console.print(body)
    # rich pads lines to the full width; trailing spaces only get in the way of a diff
    return "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))
