"""Scoring a shard of articles: the unit of work of every engine (in-process, pool, Dask)."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from .analysis.lemmas import load as load_lemmas
from .cache_codec import encode_findings
from .claims import Claim
from .corpus import parse_article
from .matching.found import Findings, findings_of, found_from_plain
from .matching.passages import Corpus
from .matching.scan import scan
from .matching.variants import variants
from .matching.words import forget_words
from .text import forget_texts


@dataclass(frozen=True)
class Shard:
    """Articles (display path, bytes) and the claims to score on them."""

    sources: tuple[tuple[str, bytes], ...]
    claims: tuple[Claim, ...]
    wanted: Mapping[str, frozenset[str] | None]  # claim id -> paths (None: every one)
    subjects: tuple[str, ...]
    min_score: float | None
    common: frozenset[str] = frozenset()  # words many claims share (see common_keys)
    encode: bool = False  # also encode the findings for the cache (in the workers)


# a claim's closest passage in one article, as plain values (cheap to send between
# processes): (minus its share, article path, line, column, start, end), in sort order
CloseRow = tuple[float, str, int, int, int, int]


@dataclass(frozen=True)
class ShardResult:
    findings: dict[str, dict[str, Findings]]  # claim id -> article path -> findings, no close
    passages: dict[str, int]
    warnings: tuple[str, ...]
    close: dict[str, list[CloseRow]]  # claim id -> its closest passage in each article
    # claim id -> article path -> its findings encoded for the cache (when the shard asks)
    encoded: dict[str, dict[str, str]] = field(default_factory=dict)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # findings travel as plain tuples: a named tuple pickles through a Python-level
        # __getnewargs__ and unpickles through its Python-level __new__, which took twice the
        # time for a shard's 22,000 topical findings (0.095 against 0.049 s to pickle)
        plain = {
            cid: {path: (tuple(map(tuple, f.evidence)), f.near_miss) for path, f in per.items()}
            for cid, per in self.findings.items()
        }
        return _rebuilt, (plain, self.passages, self.warnings, self.close, self.encoded)


def _rebuilt(
    plain: dict[str, dict[str, tuple[tuple[tuple[object, ...], ...], float]]],
    passages: dict[str, int],
    warnings: tuple[str, ...],
    close: dict[str, list[CloseRow]],
    encoded: dict[str, dict[str, str]],
) -> ShardResult:
    findings = {
        cid: {
            path: findings_of(evidence=tuple(map(found_from_plain, evidence)), near_miss=near_miss)
            for path, (evidence, near_miss) in per.items()
        }
        for cid, per in plain.items()
    }
    return ShardResult(findings, passages, warnings, close, encoded)


@contextmanager
def no_collections() -> Iterator[None]:
    """Keep the cyclic garbage collector off while scoring and reporting. Scoring makes
    millions of small objects (tokens, cues, findings) that live as long as the shard or the
    run and form no cycles worth collecting (a 1,250-article topical shard peaks at the same
    memory either way); the collector walked them over and over: a fifth of the time with
    Python's thresholds, a tenth of a compiled shard's time even at (100,000, 50, 100)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@no_collections()
def score_shard(shard: Shard, keep: list[object] | None = None) -> ShardResult:
    """Parse the shard's articles and scan its claims; articles never depend on each other.
    In a process that exits right after, `keep` holds the shard's tables until then: freeing
    a topical shard's tokens, cues and subjects one by one took 0.3 s of its 3 s."""
    warnings: list[str] = []
    articles = [parse_article(data, display, warnings.append) for display, data in shard.sources]
    corpus = Corpus(articles)
    paths = {a.path for a in articles}
    findings: dict[str, dict[str, Findings]] = {}
    close: dict[str, list[CloseRow]] = {}
    encoded: dict[str, dict[str, str]] = {}
    for claim in shard.claims:
        only = shard.wanted.get(claim.id)
        if only is not None:
            only = frozenset(only & paths)
            if not only:
                continue
        found = scan(claim, corpus, shard.subjects, shard.min_score, only, shard.common)
        findings[claim.id] = {
            path: findings_of(evidence=f.evidence, near_miss=f.near_miss)
            for path, f in found.items()
            if f.evidence or f.near_miss
        }
        if shard.encode:
            encoded[claim.id] = {
                path: encode_findings(f.evidence, f.near_miss)
                for path, f in findings[claim.id].items()
            }
        rows = [
            (-c.share, c.article, c.line, c.column, c.start, c.end)
            for f in found.values()
            for c in f.close
        ]
        if rows:
            close[claim.id] = rows
    passages = {a.path: len(a.passages) for a in articles}
    if keep is not None:
        keep.append(corpus)
    else:
        forget_texts()
        forget_words()
    return ShardResult(findings, passages, tuple(warnings), close, encoded)


def prepare_claims(claims: Sequence[Claim]) -> None:
    """Compile every phrasing once, and load the lemmas' dictionaries (a run whose claims'
    lemmas came from the cache has not), so that forked workers inherit them ready."""
    for claim in claims:
        variants(claim)
    load_lemmas()


def warm_claims(claims: Sequence[Claim]) -> None:
    """Work out what a shard otherwise works out for each claim it finds evidence of (each
    phrasing's own polarity), in the parent, so that every shard forked after inherits it (a
    500-article topical shard computed it for 1,300 phrasings)."""
    for claim in claims:
        for v in variants(claim):
            v.phrasing.polarity  # noqa: B018 - worked out once, then cached


def split(
    sources: Sequence[tuple[str, bytes]], parts: int, last: int = 0
) -> Iterator[tuple[tuple[str, bytes], ...]]:
    """Contiguous slices of about equal size, in path order. With `last` workers taking one
    part at a time (more than one, and fewer than the parts), the last `last` parts are each
    cut in two, so that the workers end at about the same time: with whole parts to the end,
    one of them was often left idle for most of the last part's time."""
    parts = max(1, min(parts, len(sources)))
    size, extra = divmod(len(sources), parts)
    halve = last if 1 < last < parts else 0
    start = 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        if i >= parts - halve and end - start >= 2:
            middle = (start + end) // 2
            yield tuple(sources[start:middle])
            start = middle
        yield tuple(sources[start:end])
        start = end


def merge(results: Iterator[ShardResult]) -> ShardResult:
    findings: dict[str, dict[str, Findings]] = {}
    passages: dict[str, int] = {}
    warnings: list[str] = []
    close: dict[str, list[CloseRow]] = {}
    encoded: dict[str, dict[str, str]] = {}
    for r in results:
        for cid, per_article in r.findings.items():
            findings.setdefault(cid, {}).update(per_article)
        for cid, texts in r.encoded.items():
            encoded.setdefault(cid, {}).update(texts)
        passages.update(r.passages)
        warnings.extend(r.warnings)
        for cid, rows in r.close.items():
            close.setdefault(cid, []).extend(rows)
    return ShardResult(findings, passages, tuple(warnings), close, encoded)
