"""GitHub workflow commands: ::error for failing claims, ::notice for the rest, escaped."""

from __future__ import annotations

from ..report import Output
from ..sanitize import for_terminal
from .lines import message

MAX_PER_KIND = 10  # GitHub shows at most 10 annotations of each kind per step


def escape_data(text: str) -> str:
    """Message escaping of actions/toolkit's command.ts."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def inert(text: str) -> str:
    """Article text for a log that renders ANSI colours: control characters made visible."""
    return for_terminal(text)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(kind: str, text: str, props: dict[str, object]) -> str:
    fields = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind} {fields}::{escape_data(text)}" if fields else f"::{kind}::{escape_data(text)}"


def render(out: Output) -> str:
    lines = []
    shown = {"error": 0, "notice": 0}
    hidden = {"error": 0, "notice": 0}
    for check in out.checks:
        kind = "error" if out.failed(check) else "notice"
        if shown[kind] >= MAX_PER_KIND:
            hidden[kind] += 1
            continue
        shown[kind] += 1
        c = check.cause
        props: dict[str, object] = {
            "file": c.article if c and c.change != "lost" else None,
            "line": c.line if c and c.change != "lost" else None,
            "col": c.column if c and c.change != "lost" else None,
            "title": f"claimcheck {check.result.id}: {check.result.verdict}",
        }
        lines.append(annotation(kind, inert(message(check)), props))
    for kind, n in hidden.items():
        if n:
            # plain text, not a command: nothing here comes from an article
            lines.append(f"claimcheck: {n} more {kind} annotation(s) not shown (GitHub shows 10)")
    return "\n".join(lines) + "\n"
