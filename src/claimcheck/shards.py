"""Scoring a shard of articles: the unit of work of every engine (in-process, pool, Dask)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from .claims import Claim
from .corpus import parse_article
from .engine import Corpus, Findings, scan, variants


@dataclass(frozen=True)
class Shard:
    """Articles (display path, bytes) and the claims to score on them."""

    sources: tuple[tuple[str, bytes], ...]
    claims: tuple[Claim, ...]
    wanted: Mapping[str, frozenset[str] | None]  # claim id -> paths (None: every one)
    subjects: tuple[str, ...]
    min_score: float | None
    common: frozenset[str] = frozenset()  # words many claims share (see common_keys)


@dataclass(frozen=True)
class ShardResult:
    findings: dict[str, dict[str, Findings]]  # claim id -> article path -> findings
    passages: dict[str, int]
    warnings: tuple[str, ...]


def score_shard(shard: Shard) -> ShardResult:
    """Parse the shard's articles and scan its claims; articles never depend on each other."""
    warnings: list[str] = []
    articles = [parse_article(data, display, warnings.append) for display, data in shard.sources]
    corpus = Corpus(articles)
    paths = {a.path for a in articles}
    findings = {}
    for claim in shard.claims:
        only = shard.wanted.get(claim.id)
        if only is not None:
            only = frozenset(only & paths)
            if not only:
                continue
        findings[claim.id] = scan(
            claim, corpus, shard.subjects, shard.min_score, only, shard.common
        )
    return ShardResult(findings, {a.path: len(a.passages) for a in articles}, tuple(warnings))


def prepare_claims(claims: Sequence[Claim]) -> None:
    """Compile every phrasing once, so that forked workers inherit them ready."""
    for claim in claims:
        variants(claim)


def split(
    sources: Sequence[tuple[str, bytes]], parts: int
) -> Iterator[tuple[tuple[str, bytes], ...]]:
    """Contiguous slices of about equal size, in path order."""
    parts = max(1, min(parts, len(sources)))
    size, extra = divmod(len(sources), parts)
    start = 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        yield tuple(sources[start:end])
        start = end


def merge(results: Iterator[ShardResult]) -> ShardResult:
    findings: dict[str, dict[str, Findings]] = {}
    passages: dict[str, int] = {}
    warnings: list[str] = []
    for r in results:
        for cid, per_article in r.findings.items():
            findings.setdefault(cid, {}).update(per_article)
        passages.update(r.passages)
        warnings.extend(r.warnings)
    return ShardResult(findings, passages, tuple(warnings))
