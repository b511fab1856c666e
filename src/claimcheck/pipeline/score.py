"""A run's second step: score what the cache lacks on the engine, and gather every finding."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from ..cache import Cache
from ..cache_codec import decode_findings
from ..claims import Claim
from ..engine import CLOSE_KEPT
from ..matching.found import Findings, close_passage
from ..shards import CloseRow, ShardResult, merge
from .plan import Plan, read_meta, shards
from .request import RunRequest
from .sources import Source


@dataclass(frozen=True, kw_only=True)
class Scored:
    """Every claim's findings in every article, scored now or read from the cache."""

    first: ShardResult  # the articles that lacked some claims, scored for those
    again: tuple[Claim, ...]  # the claims that lost all their evidence: scored everywhere
    rescanned: ShardResult  # their findings
    found: dict[str, list[Findings]]  # claim id -> its findings (with the closest passages)


def score(request: RunRequest, planned: Plan, cache: Cache | None) -> Scored:
    """Score the planned shards, then add what the cache holds for the other (claim, article)
    pairs and the closest passages of each claim without evidence."""
    selection = planned.selection
    held: list[str] = []  # the metadata's warnings wait for the shards (a progress bar)
    first = _scored(
        request,
        planned,
        planned.dirty,
        planned.needed,
        planned.only,
        cache,
        lambda: read_meta(request, selection, held.append),
    )
    read_meta(request, selection)  # in case no shard was scored
    for message in (*held, *first.warnings):
        request.warn(message)
    displays: dict[str, list[str]] = {}  # article hash -> its paths
    for s in selection.sources:
        displays.setdefault(s.hash, []).append(s.display)
    found = _gathered(request, planned, first, cache, displays)
    # closest passages matter only to claims without evidence: read them for those only,
    # and keep the few that can be shown. A shard where a claim has evidence does not
    # look for them, so a claim that has lost all its evidence since is looked at again
    # in every article (rare: all the articles that held its evidence changed).
    keys = selection.keys
    absent = {cid for cid, fs in found.items() if not any(f.evidence for f in fs)}
    partial = cache.partial(keys[cid] for cid in absent) if cache and absent else set()
    again = tuple(c for c in request.claims.claims if c.id in absent and keys[c.id] in partial)
    rescanned = (
        _scored(request, planned, selection.sources, again, {c.id: None for c in again}, cache)
        if again
        else ShardResult({}, {}, (), {})
    )
    text_of = {c.id: c.claim for c in request.claims.claims}
    for cid, fs in found.items():
        if cid not in absent:
            continue
        if keys[cid] in partial:
            near = sorted(rescanned.close.get(cid, ()))
            # and its near misses: the cache keeps none of a claim with evidence
            fs[:] = rescanned.findings.get(cid, {}).values()
        else:
            near = sorted(first.close.get(cid, ()))
            if cache:
                near = _with_stored(near, cache, keys[cid], displays, planned.missing, cid)
        close = tuple(
            close_passage(
                article=a,
                line=line,
                column=col,
                share=-neg,
                phrasing=text_of[cid],
                start=start,
                end=end,
            )
            for neg, a, line, col, start, end in near[:CLOSE_KEPT]
        )
        if close:
            fs.append(Findings(close=close))
    return Scored(first=first, again=again, rescanned=rescanned, found=found)


def _scored(
    request: RunRequest,
    planned: Plan,
    over: list[Source],
    chosen: tuple[Claim, ...],
    only: dict[str, frozenset[str] | None],
    cache: Cache | None,
    meanwhile: Callable[[], None] | None = None,
) -> ShardResult:
    """The chosen claims scored over these articles, in shards, on the request's engine;
    `meanwhile` runs once the first shards are under way."""
    cut = shards(request, planned.selection, over, chosen, only, encode=cache is not None)
    return merge(request.engine.map(cut, request.progress, meanwhile))


def _gathered(
    request: RunRequest,
    planned: Plan,
    first: ShardResult,
    cache: Cache | None,
    displays: dict[str, list[str]],
) -> dict[str, list[Findings]]:
    """Each claim's findings: from the cache for the (claim, article) pairs that were not
    scored again, then those just scored."""
    keys, missing = planned.selection.keys, planned.missing
    found: dict[str, list[Findings]] = {c.id: [] for c in request.claims.claims}
    by_key = {k: cid for cid, k in keys.items()}
    for (key, article_hash), data in (cache.findings(keys.values()) if cache else {}).items():
        cid = by_key[key]
        for display in displays.get(article_hash, ()):
            if cid not in missing.get(display, ()):
                found[cid].append(Findings(*decode_findings(data, display)))
    for cid, per_article in first.findings.items():
        found[cid].extend(per_article.values())
    return found


def _with_stored(
    kept: list[CloseRow],
    cache: Cache,
    key: str,
    displays: dict[str, list[str]],
    missing: dict[str, set[str]],
    owner: str,
) -> list[CloseRow]:
    """A claim's closest passages (sorted) with those the cache holds for the articles this
    run did not re-score; read closest first, only as far as the ties at the last kept."""
    for article_hash, share, line, column, start, end in cache.closest(key):
        if len(kept) >= CLOSE_KEPT and -share > kept[CLOSE_KEPT - 1][0]:
            break
        for display in displays.get(article_hash, ()):
            if owner not in missing.get(display, ()):
                bisect.insort(kept, (-share, display, line, column, start, end))
    return kept
