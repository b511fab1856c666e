"""SARIF 2.1.0: one rule per claim, one result per claim not as expected with its evidence,
and a note that says why (and why there is none)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..report import Output
from ..sanitize import name_bytes
from .lines import message, tally

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _location(article: str, line: int, column: int) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(name_bytes(article), safe="/")},
            "region": {"startLine": line, "startColumn": column},
        }
    }


def _why(out: Output, results: list[dict[str, Any]]) -> str:
    """The run's summary line; for no results, the reason there are none."""
    if results:
        return tally(out) + "."
    return f"No results: {tally(out)}; a result is a claim whose verdict is not as expected."


def render(out: Output) -> str:
    rules = [
        {
            "id": c.result.id,
            "shortDescription": {"text": c.result.claim},
            "properties": {"expect": c.result.expect},
        }
        for c in out.checks
    ]
    results = []
    for index, check in enumerate(out.checks):
        if not out.failed(check):
            continue
        r = check.result
        locations = [_location(e.article, e.line, e.column) for e in r.evidence[:10]]
        if check.cause is not None and check.cause.change == "lost":
            locations.insert(
                0, _location(check.cause.article, check.cause.line, check.cause.column)
            )
        results.append(
            {
                "ruleId": r.id,
                "ruleIndex": index,
                "level": "error",
                "message": {"text": message(check)},
                "locations": locations,
                "properties": {
                    "verdict": r.verdict,
                    "expected": check.expected,
                    "status": check.status,
                    "confidence": r.confidence,
                    "since": r.since,
                    "counts": {
                        "supports": r.counts.supports,
                        "contradicts": r.counts.contradicts,
                        "articles": r.counts.articles,
                    },
                },
            }
        )
    doc = {
        "version": "2.1.0",
        "$schema": SCHEMA,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "claimcheck",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
                # why the results are what they are, and why there are none
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": [
                            {"level": "note", "message": {"text": _why(out, results)}}
                        ],
                    }
                ],
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
