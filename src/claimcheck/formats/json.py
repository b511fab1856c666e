"""JSON output: {"claims": [...]} with every evidence, strongest first."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..verdict import ClaimResult, Evidence
from . import Output


def evidence_dict(e: Evidence) -> dict[str, Any]:
    return {
        "stance": e.stance,
        "score": e.score,
        "quote": e.quote,
        "match": e.match,
        "phrasing": e.phrasing,
        "article": e.article,
        "line": e.line,
        "column": e.column,
        "negated": e.negated,
        "hedged": e.hedged,
        "attributed_to": e.attributed_to,
        "number_mismatch": e.number_mismatch,
        "denied": e.denied,
        "weight": e.weight,
        "cues": list(e.cues),
        "highlights": [list(span) for span in e.highlights],
    }


def claim_dict(r: ClaimResult) -> dict[str, Any]:
    return {
        "id": r.id,
        "claim": r.claim,
        "verdict": r.verdict,
        "confidence": r.confidence,
        "basis": r.basis,
        "sources": r.sources,
        "expect": r.expect,
        "evidence": [evidence_dict(e) for e in r.evidence],
    }


def document(out: Output) -> dict[str, Any]:
    doc: dict[str, Any] = {"claims": [claim_dict(r) for r in out.results]}
    if out.lookup is not None:
        doc["claims"][0]["curated"] = out.lookup.curated
    doc["articles"] = out.articles
    doc["passages"] = out.passages
    doc["claimcheck_version"] = __version__
    return doc


def render(out: Output) -> str:
    return json.dumps(document(out), ensure_ascii=False, indent=2) + "\n"
