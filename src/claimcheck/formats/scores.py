"""`claimcheck eval` output: the confusion matrix and scores, as text or JSON."""

from __future__ import annotations

import json
import textwrap
from enum import StrEnum
from typing import Any

from ..evaluation import VERDICTS, Evaluation
from ..sanitize import for_terminal


class EvalFormat(StrEnum):
    """The formats of `claimcheck eval`."""

    table = "table"
    json = "json"


def as_dict(ev: Evaluation, gold: str) -> dict[str, Any]:
    return {
        "gold": gold,
        "claims": ev.claims,
        "correct": ev.correct,
        "accuracy": round(ev.accuracy, 4),
        "macro_f1": round(ev.macro_f1, 4),
        "labels": list(VERDICTS),
        "confusion": {
            g: {p: ev.confusion[i][j] for j, p in enumerate(VERDICTS)}
            for i, g in enumerate(VERDICTS)
        },
        "verdicts": {
            s.verdict: {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
                "gold": s.support,
                "predicted": s.predicted,
            }
            for s in ev.scores
        },
        "misses": [
            {
                "id": m.id,
                "gold": m.gold,
                "verdict": m.verdict,
                "quote": m.quote,
                "location": m.location,
            }
            for m in ev.misses
        ],
        "unlabelled": list(ev.unlabelled),
    }


def render_json(ev: Evaluation, gold: str) -> str:
    return json.dumps(as_dict(ev, gold), ensure_ascii=False, indent=2) + "\n"


def render_table(ev: Evaluation, gold: str, width: int = 100) -> str:
    lines = [
        f"claimcheck eval {for_terminal(gold)}: {ev.claims} claims labelled, accuracy "
        f"{ev.accuracy:.2f} ({ev.correct} of {ev.claims}), macro-F1 {ev.macro_f1:.2f}",
        "",
        "confusion (rows: gold verdict, columns: claimcheck's)",
        f"{'':<14}" + "".join(f"{v:>14}" for v in VERDICTS),
    ]
    for i, g in enumerate(VERDICTS):
        lines.append(f"{g:<14}" + "".join(f"{n:>14}" for n in ev.confusion[i]))
    lines += ["", f"{'verdict':<14}{'precision':>10}{'recall':>10}{'F1':>8}{'gold':>7}{'run':>7}"]
    for s in ev.scores:
        lines.append(
            f"{s.verdict:<14}{s.precision:>10.2f}{s.recall:>10.2f}{s.f1:>8.2f}"
            f"{s.support:>7}{s.predicted:>7}"
        )
    lines.append(f"{'macro-F1':<14}{'':>20}{ev.macro_f1:>8.2f}")
    lines.append("")
    if not ev.misses:
        lines.append("misses: none")
    else:
        lines.append(f"misses ({len(ev.misses)}):")
        for m in ev.misses:
            lines.append(f"  {for_terminal(m.id)}: gold {m.gold}, claimcheck {m.verdict}")
            if m.quote is None:
                lines.append("    no evidence")
                continue
            quote = "\u00ab" + for_terminal(" ".join(m.quote.split())) + "\u00bb"
            lines.extend(
                textwrap.wrap(
                    quote, max(40, width - 4), initial_indent="    ", subsequent_indent="    "
                )
            )
            lines.append(f"    {for_terminal(m.location or '')}")
    if ev.unlabelled:
        lines += ["", f"{len(ev.unlabelled)} claims have no gold label"]
    return "\n".join(lines) + "\n"
