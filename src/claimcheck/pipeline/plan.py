"""A run's first step: which articles count (--as-of), what the cache lacks, and the shards."""

from __future__ import annotations

import itertools
import sqlite3
from dataclasses import dataclass, field

from ..analysis import lemmas
from ..cache import Cache
from ..cache_codec import digest
from ..claims import Claim
from ..corpus import Warn
from ..dates import ArticleInfo, load_metadata, parse_date
from ..errors import InputError
from ..matching.variants import common_keys, own_common, threshold_of
from ..report import ArticleMeta, ClaimResult
from ..shards import Shard, split
from .request import RunRequest
from .sources import Source, article_meta, read_sources

# what the cache says of an article it has seen: (its claim set, its passages)
ArticleState = tuple[str, int]


def claim_key(
    claim: Claim,
    subjects: tuple[str, ...],
    min_score: float | None,
    common: frozenset[str] = frozenset(),
) -> str:
    """Everything a claim's findings depend on, hashed."""
    return digest(
        claim.supporting_phrasings,
        claim.contradicts,
        claim.about,
        claim.other_names,
        subjects,
        threshold_of(claim, min_score),
        own_common(claim, common),
    )


@dataclass(frozen=True, kw_only=True)
class Selection:
    """The articles a run reads (those dated up to --as-of) and the claims' keys."""

    sources: list[Source]
    skipped: int  # files that could not be read
    infos: dict[str, ArticleInfo]  # metadata.yaml
    # article path -> its date and title; read before scoring only for --as-of or a whole
    # earlier report, else while the shards score (see read_meta)
    meta: dict[str, ArticleMeta]
    left_out: int  # dated after --as-of
    undated: int  # kept by --as-of for want of a date
    subjects: tuple[str, ...]
    common: frozenset[str]  # words many claims share (see common_keys)
    keys: dict[str, str]  # claim id -> claim_key
    claimset: str  # the keys of every claim, hashed
    # the lemmas the keys needed that were looked up in the dictionaries (for the cache)
    lemmas: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Articles:
    """The articles a run reads, before the claims are keyed (see Selection)."""

    sources: list[Source]
    skipped: int
    infos: dict[str, ArticleInfo]
    meta: dict[str, ArticleMeta]
    left_out: int
    undated: int


def select(
    request: RunRequest, articles: Articles | None = None, cache: Cache | None = None
) -> Selection:
    """Read the articles (unless read), leave out those dated after --as-of, and key the
    claims; the lemmas of their words the cache keeps are not looked up again."""
    read = articles or read_articles(request)
    claims = request.claims
    subjects = claims.known_subjects
    if cache is not None:
        lemmas.remember(cache.lemmas())
    looked_up = lemmas.recording()
    try:
        common = common_keys(claims.peers if claims.peers is not None else claims.claims)
        keys = {c.id: claim_key(c, subjects, request.min_score, common) for c in claims.claims}
    finally:
        lemmas.stop_recording(looked_up)
    return Selection(
        sources=read.sources,
        skipped=read.skipped,
        infos=read.infos,
        meta=read.meta,
        left_out=read.left_out,
        undated=read.undated,
        subjects=subjects,
        common=common,
        keys=keys,
        claimset=digest(sorted(keys.values())),
        lemmas=looked_up,
    )


def read_articles(request: RunRequest) -> Articles:
    """Read the articles and leave out those dated after --as-of."""
    root, warn, as_of = request.articles, request.warn, request.as_of
    sources, skipped = read_sources(root, warn)
    if not sources:
        raise InputError(root.as_posix(), "no readable .txt or .md article in this folder")
    meta: dict[str, ArticleMeta] = {}
    infos = load_metadata(root)  # first: an error in it stops the run before any work
    left_out = undated = 0
    if as_of is not None:
        meta = article_meta(root, sources, warn, infos)
        kept = []
        for s in sources:
            when = parse_date(meta[s.display].date)
            if when is None:
                undated += 1
            elif when.after(as_of):
                left_out += 1
                continue
            kept.append(s)
        sources = kept
        if not sources:
            raise InputError(
                root.as_posix(), f"every article is dated after {as_of.text} (--as-of)"
            )
    return Articles(
        sources=sources,
        skipped=skipped,
        infos=infos,
        meta=meta,
        left_out=left_out,
        undated=undated,
    )


def open_cache(request: RunRequest) -> Cache | None:
    """The run's cache, or None: none asked for, or one that cannot be used (said)."""
    if request.cache_dir is None:
        return None
    try:
        return Cache(request.cache_dir, request.warn)
    except (sqlite3.Error, OSError) as exc:
        request.warn(f"{request.cache_dir.as_posix()}: cache unusable ({exc}); running without it")
        return None


@dataclass(frozen=True, kw_only=True)
class Plan:
    """What a run scores: the articles that lack some claims' findings, and which claims."""

    selection: Selection
    states: dict[str, ArticleState]  # article hash -> what the cache says of it
    missing: dict[str, set[str]]  # article path -> the claims it lacks
    dirty: list[Source]  # the articles that lack some
    needed: tuple[Claim, ...]  # the claims some article lacks
    # claim id -> the articles it is scored on (None: every dirty one)
    only: dict[str, frozenset[str] | None] = field(default_factory=dict)


def plan(request: RunRequest, selection: Selection, cache: Cache | None) -> Plan:
    """What the cache lacks, article by article (grouped by the claim set it was scored for)."""
    sources, keys = selection.sources, selection.keys
    states = cache.article_states(s.hash for s in sources) if cache else {}
    members: dict[str, set[str]] = {}
    if cache is not None:
        members = {cs: cache.claimset_members(cs) for cs in {cs for cs, _ in states.values()}}
    missing: dict[str, set[str]] = {}
    need_for: dict[str | None, set[str]] = {}  # claims still needed, per recorded claim set
    for s in sources:
        state = states.get(s.hash)
        claimset_of = state[0] if state else None
        if claimset_of not in need_for:
            done = members.get(claimset_of, set()) if claimset_of else set()
            need_for[claimset_of] = {cid for cid, k in keys.items() if k not in done}
        if need_for[claimset_of]:
            missing[s.display] = need_for[claimset_of]
    dirty = [s for s in sources if s.display in missing]
    # articles that lack the same claims share one set: group them, so that the work here
    # grows with claims + articles, not claims x articles
    groups: dict[int, tuple[set[str], list[str]]] = {}
    for path, ids in missing.items():
        groups.setdefault(id(ids), (ids, []))[1].append(path)
    wanted: dict[str, list[list[str]]] = {}  # claim id -> lists of articles to score
    for ids, paths in groups.values():
        for cid in ids:
            wanted.setdefault(cid, []).append(paths)
    only = {
        cid: None
        if sum(map(len, lists)) == len(dirty)
        else frozenset(itertools.chain.from_iterable(lists))
        for cid, lists in wanted.items()
    }
    return Plan(
        selection=selection,
        states=states,
        missing=missing,
        dirty=dirty,
        needed=tuple(c for c in request.claims.claims if c.id in wanted),
        only=only,
    )


def read_meta(request: RunRequest, selection: Selection, say: Warn | None = None) -> None:
    """Read the articles' dates and titles, unless read already (warnings to `say`)."""
    if not selection.meta:
        selection.meta.update(
            article_meta(request.articles, selection.sources, say or request.warn, selection.infos)
        )


def report_key(request: RunRequest, selection: Selection) -> str:
    """What a run over exactly the same inputs as a recent one has its results by."""
    keys, meta = selection.keys, selection.meta
    return digest(
        [
            (keys[c.id], c.id, c.claim, c.expect, c.line, c.current, _waivers(c))
            for c in request.claims.claims
        ],
        [(s.display, s.hash, meta[s.display].date) for s in selection.sources],
        request.as_of.text if request.as_of else None,
        request.max_evidence,
        request.semantic,
    )


def _waivers(claim: Claim) -> list[tuple[str, str]]:
    return [(w.passage, w.reason) for w in claim.waive]


def earlier_report(
    request: RunRequest, planned: Plan, cache: Cache | None
) -> tuple[ClaimResult, ...] | None:
    """The results of a run over exactly the same inputs, when nothing is left to score."""
    if cache is None or planned.dirty:
        return None
    read_meta(request, planned.selection)
    try:
        found: tuple[ClaimResult, ...] | None = cache.report(report_key(request, planned.selection))
    except (sqlite3.Error, ValueError, TypeError, KeyError):
        return None
    return found


def shards(
    request: RunRequest,
    selection: Selection,
    over: list[Source],
    chosen: tuple[Claim, ...],
    only: dict[str, frozenset[str] | None],
    encode: bool,
) -> list[Shard]:
    """The chosen claims (each on `only` its articles, None: all) over these articles, cut
    into the shards the engine scores."""
    engine = request.engine
    return [
        Shard(
            sources=part,
            claims=chosen,
            wanted=only,
            subjects=selection.subjects,
            min_score=request.min_score,
            common=selection.common,
            encode=encode,
        )
        for part in split(
            [(s.display, s.data) for s in over], engine.parts(len(over)), engine.at_once()
        )
    ]
