"""Markdown: a table fit for a pull-request comment or $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

import re

from ..report import Output
from ..sanitize import for_terminal, inert_links
from .lines import message

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
ICONS = {"supported": "✅", "contradicted": "❌", "mixed": "⚖️", "absent": "∅"}
# GitHub caps a step summary at 1 MiB; stay well under it
MAX_CHARS = 900_000


def md(text: str) -> str:
    """Untrusted text as inert Markdown: no HTML, no links, no table breaks."""
    text = for_terminal(" ".join(text.split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return inert_links(_SPECIAL.sub(r"\\\1", text))


def render(out: Output) -> str:
    checks = out.checks
    failed = [c for c in checks if out.failed(c)]
    lines = [f"## claimcheck {out.command}", ""]
    lines.append(
        f"{len(checks)} claims over {out.articles} articles"
        + (f" as of {out.as_of}" if out.as_of else "")
        + (f", **{len(failed)} failing**" if out.command == "check" else "")
    )
    lines.append("")
    if failed:
        lines.append("### Failing")
        lines.append("")
        lines.extend(f"- {md(message(c))}" for c in failed)
        lines.append("")
    lines.append("| id | verdict | conf. | src | quotes (+/−) | status | strongest quote |")
    lines.append("| --- | --- | ---: | ---: | ---: | --- | --- |")
    body = []
    for c in checks:
        r = c.result
        quote = ""
        if r.evidence:
            e = r.evidence[0]
            quote = f"{md(e.quote)} <br>{md(e.location)} {e.stance}"
        body.append(
            f"| {md(r.id)} | {ICONS[r.verdict]} {md(r.verdict_text)} | {r.confidence:.0f} "
            f"| {r.sources} | {r.counts.supports} / {r.counts.contradicts} | {c.status} "
            f"| {quote} |"
        )
    text = "\n".join(lines)
    for row in body:
        if len(text) + len(row) > MAX_CHARS:
            text += f"\n\n_{len(body)} rows; the rest is cut to fit GitHub's summary limit._"
            break
        text += "\n" + row
    return text + "\n"
