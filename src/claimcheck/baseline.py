"""Baselines: a snapshot of verdicts and evidence, compared by quote fingerprint, not line."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, json_error
from .report import ClaimResult, Evidence
from .text import normalise

FORMAT = 1


def fingerprint(quote: str) -> str:
    """Stable across edits elsewhere in the article: only the quote's own text counts."""
    return hashlib.sha256(normalise(quote).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class SavedEvidence:
    article: str
    fingerprint: str
    stance: str
    quote: str
    line: int
    column: int

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.article, self.fingerprint, self.stance)


@dataclass(frozen=True, slots=True)
class SavedClaim:
    verdict: str
    evidence: tuple[SavedEvidence, ...]
    # how much evidence there was in all (supports, contradicts, articles); the listed
    # quotes are all of it only when supports + contradicts == len(evidence)
    counts: tuple[int, int, int] | None = None

    @property
    def complete(self) -> bool:
        return self.counts is None or self.counts[0] + self.counts[1] <= len(self.evidence)


class Baseline(dict[str, SavedClaim]):
    """A loaded baseline: claim id -> what it recorded; `as_of` the --as-of it was made with."""

    as_of: str | None = None


def saved(e: Evidence) -> SavedEvidence:
    return SavedEvidence(e.article, fingerprint(e.quote), e.stance, e.quote, e.line, e.column)


def snapshot(results: tuple[ClaimResult, ...], as_of: str | None = None) -> str:
    """The baseline file's text for these results (sorted, so that diffs stay small)."""
    doc: dict[str, Any] = {
        "claimcheck_baseline": FORMAT,
        "as_of": as_of,
        "claims": {
            r.id: {
                "verdict": r.verdict,
                "counts": {
                    "supports": r.counts.supports,
                    "contradicts": r.counts.contradicts,
                    "articles": r.counts.articles,
                },
                "evidence": [
                    {
                        "article": s.article,
                        "fingerprint": s.fingerprint,
                        "stance": s.stance,
                        "quote": s.quote,
                        "line": s.line,
                        "column": s.column,
                    }
                    for s in sorted((saved(e) for e in r.evidence), key=lambda s: s.key)
                ],
            }
            for r in sorted(results, key=lambda r: r.id)
        },
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def load(path: Path) -> Baseline:
    """Read a baseline file written by --write-baseline."""
    display = path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(display, "baseline file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(display, f"cannot read baseline: {exc}") from None
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:  # ValueError: JSONDecodeError, a huge number
        raise json_error(display, exc) from None
    if not isinstance(doc, dict) or doc.get("claimcheck_baseline") != FORMAT:
        raise InputError(display, "not a claimcheck baseline (format 1)")
    out = Baseline()
    as_of = doc.get("as_of")
    out.as_of = str(as_of) if as_of is not None else None
    try:
        for cid, entry in doc["claims"].items():
            out[str(cid)] = SavedClaim(
                verdict=str(entry["verdict"]),
                evidence=tuple(
                    SavedEvidence(
                        str(e["article"]),
                        str(e["fingerprint"]),
                        str(e["stance"]),
                        str(e["quote"]),
                        int(e["line"]),
                        int(e["column"]),
                    )
                    for e in entry["evidence"]
                ),
                counts=_counts(entry.get("counts")),
            )
    except (KeyError, TypeError, ValueError, OverflowError, AttributeError) as exc:
        raise InputError(display, f"malformed baseline entry: {exc}") from None
    return out


def _counts(raw: Any) -> tuple[int, int, int] | None:
    if raw is None:
        return None  # a baseline from before --max-evidence listed every quote
    return int(raw["supports"]), int(raw["contradicts"]), int(raw["articles"])
