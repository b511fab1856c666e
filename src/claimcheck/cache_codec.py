"""How the cache writes what it keeps: findings and reports as compact JSON, and the digests
that key them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import fields, is_dataclass
from functools import cache
from importlib import resources
from typing import Any

from . import __version__
from .errors import ClaimcheckError
from .matching.found import Found, found
from .report import ClaimResult, Counts, Evidence, Moment, Period, Related, Waived


@cache
def engine_fingerprint() -> str:
    """Changes whenever a result could change: the version, the code and the rules data of
    every subpackage (analysis/, matching/ ...), and the libraries whose data the matching
    reads (lemmas, number words)."""
    h = hashlib.sha256(__version__.encode())
    for name in ("simplemma", "text2num"):
        h.update(f"{name}={_version_of(name)}".encode())
    _fingerprint_folder(h, resources.files("claimcheck"), "")
    return h.hexdigest()[:16]


def _fingerprint_folder(h: Any, folder: Any, prefix: str) -> None:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir() and entry.name not in ("__pycache__",) and not entry.name.startswith("."):
            _fingerprint_folder(h, entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith((".py", ".yaml")):
            h.update(f"{prefix}{entry.name}".encode())
            h.update(entry.read_bytes())


def _version_of(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "none"


def digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:32]


def _not_json(value: object) -> object:
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _compact_json(default: Callable[[Any], object] = _not_json) -> Callable[[object], str]:
    """json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=default) for
    acyclic values, without making an encoder at each call: a 500-article topical shard
    encodes 27,000 findings, and making json's C encoder took half the time of each."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the library's own way
        plain = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=default)
        return plain.encode
    encode = make(None, default, json.encoder.encode_basestring, None, ":", ",", False, False, True)
    return lambda value: "".join(encode(value, 0))


_compact = _compact_json()


def encode_findings(evidence: Sequence[Found], near_miss: float) -> str:
    """Findings as compact JSON, without the article path (the cache keys by content)."""
    items = [[*e[:2], *e[3:-1]] for e in evidence]
    return _compact([items, near_miss])


def decode_findings(data: str, article: str) -> tuple[tuple[Found, ...], float]:
    try:
        return _decode_findings(data, article)
    except (ValueError, TypeError) as exc:  # what sqlite cannot see: a garbled page's text
        raise CacheFailed(f"a stored finding is malformed: {_reason(exc)}", True) from None


def _decode_findings(data: str, article: str) -> tuple[tuple[Found, ...], float]:
    items, near_miss = json.loads(data)
    evidence = tuple(
        found(
            stance=stance,
            score=score,
            article=article,
            line=line,
            column=column,
            start=start,
            end=end,
            phrasing=phrasing,
            negated=negated,
            hedged=hedged,
            attributed_to=attributed_to,
            number_mismatch=mismatch,
            denied=denied,
            cues=tuple(cues),
            spans=tuple(spans),
            subject=subject,
            resolved_from=resolved_from,
            resolved_by=resolved_by,
            attributed_from=attributed_from,
            reordered=reordered,
        )
        for (
            stance,
            score,
            line,
            column,
            start,
            end,
            phrasing,
            negated,
            hedged,
            attributed_to,
            mismatch,
            denied,
            cues,
            spans,
            subject,
            resolved_from,
            attributed_from,
            reordered,
            resolved_by,
        ) in items
    )
    return evidence, float(near_miss)


def encode_results(results: Sequence[ClaimResult]) -> str:
    """A run's claim results, for a later run over exactly the same inputs: what
    json.dumps makes of dataclasses.asdict(result) for each, without copying every leaf
    first (the encoder asks for a dataclass's fields only when it meets one)."""
    return _encode_results(list(results))


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def _fields_of(value: Any) -> dict[str, Any]:
    if is_dataclass(value) and not isinstance(value, type):
        return {name: getattr(value, name) for name in _field_names(type(value))}
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


_encode_results = _compact_json(_fields_of)


def _evidence(e: dict[str, Any]) -> Evidence:
    return Evidence(
        **{**e, "cues": tuple(e["cues"]), "highlights": tuple(tuple(h) for h in e["highlights"])}
    )


def decode_results(data: str) -> tuple[ClaimResult, ...]:
    out = []
    for d in json.loads(data):
        d["evidence"] = tuple(_evidence(e) for e in d["evidence"])
        d["history"] = tuple(Period(**p) for p in d["history"])
        d["timeline"] = tuple(Moment(**m) for m in d["timeline"])
        d["related"] = tuple(
            Related(**{**r, "has": tuple(r["has"]), "missing": tuple(r["missing"])})
            for r in d["related"]
        )
        d["counts"] = Counts(**d["counts"])
        d["waived"] = tuple(
            Waived(**{**w, "evidence": _evidence(w["evidence"])}) for w in d.get("waived", ())
        )
        out.append(ClaimResult(**d))
    return tuple(out)


class CacheFailed(ClaimcheckError):
    """Reading the cache failed during a run: a corrupt file (set aside, or to be: `moved`)
    or an error reading it (I/O). rerun_on_failure makes the run again."""

    def __init__(self, reason: str, corrupt: bool, moved: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.corrupt = corrupt
        self.moved = moved


def _garbled(exc: Exception) -> bool:
    """sqlite's own checks passed, but a stored text is not UTF-8 (a page overwritten)."""
    return str(exc).startswith("Could not decode to UTF-8")


def _reason(exc: Exception) -> str:
    """An error's text for a warning: short, on one line (a garbled value is not quoted)."""
    if _garbled(exc):
        return "a stored value is not UTF-8"
    return " ".join((str(exc) or type(exc).__name__).split())[:200]
