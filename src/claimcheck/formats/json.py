"""JSON output: {"claims": [...]} with every evidence, strongest first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .. import __version__
from ..report import Cause, ClaimCheck, Evidence, Output, Related


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
        "attributed_from": e.attributed_from,
        "number_mismatch": e.number_mismatch,
        "denied": e.denied,
        "weight": e.weight,
        "cues": list(e.cues),
        "highlights": [list(span) for span in e.highlights],
        "subject": e.subject,
        "resolved_from": e.resolved_from,
        "resolved_by": e.resolved_by,
        "date": e.date,
        "reordered": e.reordered,
        "paraphrase": e.paraphrase,
    }


def related_dict(r: Related) -> dict[str, Any]:
    return {
        "quote": r.quote,
        "article": r.article,
        "line": r.line,
        "column": r.column,
        "score": r.score,
        "has": list(r.has),
        "missing": list(r.missing),
        "phrasing": r.phrasing,
        "by_meaning": r.by_meaning,
    }


def cause_dict(c: Cause | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "quote": c.quote,
        "article": c.article,
        "line": c.line,
        "column": c.column,
        "change": c.change,
    }


def claim_dict(check: ClaimCheck, out: Output) -> dict[str, Any]:
    r = check.result
    doc: dict[str, Any] = {
        "id": r.id,
        "claim": r.claim,
        "verdict": r.verdict,
        "confidence": r.confidence,
        "basis": r.basis,
        "paraphrase": r.paraphrase,
        "sources": r.sources,
        "expect": r.expect,
        "current": r.current,
        "since": r.since,
        "history": [{"verdict": p.verdict, "from": p.first, "to": p.last} for p in r.history],
        "timeline": [
            {"date": e.date, "stance": e.stance, "article": e.article, "line": e.line}
            for e in r.dated_evidence
        ],
        "dates": [
            {"date": m.date, "supports": m.supports, "contradicts": m.contradicts}
            for m in r.timeline
        ],
        "counts": {
            "supports": r.counts.supports,
            "contradicts": r.counts.contradicts,
            "articles": r.counts.articles,
        },
        "evidence": [evidence_dict(e) for e in r.evidence],
        "related": [related_dict(x) for x in r.related],
        "waived": [
            {"passage": w.passage, "reason": w.reason, **evidence_dict(w.evidence)}
            for w in r.waived
        ],
    }
    if out.command == "check":
        doc["status"] = check.status
        doc["failed"] = out.failed(check)
        doc["expected"] = check.expected
        doc["previous"] = check.previous
        doc["reason"] = check.reason
        doc["cause"] = cause_dict(check.cause)
        doc["new_evidence"] = [cause_dict(c) for c in check.new_evidence]
        doc["lost_evidence"] = [cause_dict(c) for c in check.lost_evidence]
    if out.lookup is not None:
        doc["curated"] = out.lookup.curated
    return doc


def document(out: Output) -> dict[str, Any]:
    doc: dict[str, Any] = {"claims": [claim_dict(c, out) for c in out.checks]}
    doc.update(_tail(out))
    return doc


def _tail(out: Output) -> dict[str, Any]:
    return {
        "articles": out.articles,
        "passages": out.passages,
        "as_of": out.as_of,
        "claimcheck_version": __version__,
    }


def stream(out: Output) -> Iterator[str]:
    """The document one claim per line (encoded by the C encoder: no indent), so that a
    report of any size is written as it is made and still diffs line by line."""
    yield '{"claims": ['
    for n, check in enumerate(out.checks):
        yield ("\n" if n == 0 else ",\n") + json.dumps(claim_dict(check, out), ensure_ascii=False)
    yield "\n]" if out.checks else "]"
    for key, value in _tail(out).items():
        yield f",\n{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
    yield "\n}\n"


def render(out: Output) -> str:
    return "".join(stream(out))
