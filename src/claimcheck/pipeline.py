"""A full run over a claims file and an articles folder, reusing the cache where it can."""

from __future__ import annotations

import bisect
import hashlib
import itertools
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache, decode_findings, digest, rerun_on_failure
from .claims import Claim, ClaimsFile
from .corpus import (
    Passage,
    Warn,
    article_files,
    decode,
    display_name,
    parse_article,
    read_bytes,
    sniff,
)
from .dates import METADATA_FILE, ArticleInfo, Date, date_of, load_metadata, parse_date
from .engine import (
    CLOSE_KEPT,
    DEFAULT_MAX_EVIDENCE,
    Close,
    Findings,
    common_keys,
    conclude,
    describe,
    own_common,
    threshold_of,
)
from .engines import Engine, LocalEngine, Progress
from .errors import InputError
from .shards import CloseRow, Shard, ShardResult, merge, no_collections, split
from .text import guess_language
from .verdict import ClaimResult, Related
from .writer import Writer

# What runs made, kept alive when the process ends right after them (see keep_until_exit).
_kept: list[object] | None = None


def keep_until_exit() -> None:
    """Keep every run's findings alive from now on, for a process that exits without
    freeing its objects (the console script): freeing the millions of findings of a large
    archive one by one takes a second after the report is done."""
    global _kept
    if _kept is None:
        _kept = []


@dataclass(frozen=True)
class RunStats:
    """What a run did: how many articles it read, scored, took from the cache or skipped."""

    articles: int
    passages: int
    scored_articles: int
    cached_articles: int
    scanned_claims: int
    skipped_files: int
    seconds: float


@dataclass(frozen=True)
class ArticleMeta:
    """An article's date (as precise as its source), title, url and source, when known."""

    date: str | None = None
    date_from: str | None = None  # front matter, metadata.yaml or date line
    title: str | None = None
    url: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Report:
    """The results of a run, in claims-file order."""

    claims: tuple[ClaimResult, ...]
    stats: RunStats
    meta: dict[str, ArticleMeta] = field(default_factory=dict)  # article path -> its metadata
    as_of: str | None = None
    left_out: int = 0  # articles dated after --as-of
    undated: int = 0  # articles kept by --as-of for want of a date

    @property
    def articles(self) -> int:
        return self.stats.articles

    @property
    def passages(self) -> int:
        return self.stats.passages


@dataclass
class _Source:
    display: str
    data: bytes
    hash: str


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
        subjects,
        threshold_of(claim, min_score),
        own_common(claim, common),
    )


def read_sources(root: Path, warn: Warn) -> tuple[list[_Source], int]:
    """Every article file's bytes and content hash; the count of skipped files."""
    sources, skipped = [], 0
    for path in article_files(root):
        display = display_name(path)
        data = read_bytes(path, display, warn)
        if data is None:
            skipped += 1
            continue
        sources.append(_Source(display, data, hashlib.sha256(data).hexdigest()))
    return sources, skipped


class _Texts:
    """Articles' decoded text by display path, decoded on first use (only the articles of
    listed quotes and closest passages are)."""

    def __init__(self, data: dict[str, bytes]) -> None:
        self.data = data
        self.decoded: dict[str, str] = {}

    def __call__(self, article: str) -> str | None:
        text = self.decoded.get(article)
        if text is None:
            raw = self.data.get(article)
            if raw is None:
                return None
            text = self.decoded[article] = decode(raw)[0]
        return text

    def describe(self, close: Close) -> Related | None:
        """A close passage of an absent claim, from its span."""
        text = self(close.article)
        passage = text[close.start : close.end] if text is not None else ""
        if not passage:
            return None
        return describe(
            Passage(close.article, 0, close.line, close.column, close.start, close.end, passage),
            close.phrasing,
        )


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


def article_meta(
    root: Path, sources: list[_Source], warn: Warn, infos: dict[str, ArticleInfo] | None = None
) -> dict[str, ArticleMeta]:
    """Every article's date and title: front matter, then metadata.yaml (`infos`, read when
    not given), then a date line."""
    if infos is None:
        infos = load_metadata(root)
    out: dict[str, ArticleMeta] = {}
    seen: set[str] = set()
    for s in sources:
        relative = Path(os.path.relpath(s.display, display_name(root))).as_posix()
        info = infos.get(relative)
        if info is not None:
            seen.add(relative)
        meta, body = sniff(s.data)
        when, origin = date_of(meta, body, info)
        title = meta.get("title")
        url = meta.get("url")
        out[s.display] = ArticleMeta(
            date=when.text if when else None,
            date_from=origin,
            title=str(title) if title is not None else (info.title if info else None),
            url=str(url) if url is not None else (info.url if info else None),
            source=str(meta["source"]) if "source" in meta else (info.source if info else None),
        )
    for relative in sorted(set(infos) - seen):
        warn(f"{(root / METADATA_FILE).as_posix()}: no article {relative!r} in the folder")
    return out


@rerun_on_failure
@no_collections()
def run(
    claims: ClaimsFile,
    root: Path,
    warn: Warn,
    cache_dir: Path | None = None,
    min_score: float | None = None,
    progress: Progress | None = None,
    engine: Engine | None = None,
    as_of: Date | None = None,
    max_evidence: int = DEFAULT_MAX_EVIDENCE,
) -> Report:
    """Check every claim against every article (those dated up to `as_of`), scoring only what
    the cache lacks; each claim lists its `max_evidence` strongest quotes (0: all)."""
    engine = engine or LocalEngine(1)
    started = time.perf_counter()
    sources, skipped = read_sources(root, warn)
    if not sources:
        raise InputError(root.as_posix(), "no readable .txt or .md article in this folder")
    # the articles' dates and titles are needed before scoring only to leave articles out
    # (--as-of) or to find a whole earlier run; otherwise they are read while shards score
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
    subjects = claims.known_subjects
    common = common_keys(claims.peers if claims.peers is not None else claims.claims)
    keys = {c.id: claim_key(c, subjects, min_score, common) for c in claims.claims}
    claimset = digest(sorted(keys.values()))
    cache = None
    writer: Writer | None = None
    if cache_dir is not None:
        try:
            cache = Cache(cache_dir, warn)
        except (sqlite3.Error, OSError) as exc:
            warn(f"{cache_dir.as_posix()}: cache unusable ({exc}); running without it")
    try:
        states = cache.article_states(s.hash for s in sources) if cache else {}
        members: dict[str, set[str]] = {}
        if cache is not None:
            members = {cs: cache.claimset_members(cs) for cs in {cs for cs, _ in states.values()}}
        # which claims each article still needs
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

        def read_meta(say: Warn = warn) -> None:
            if not meta:
                meta.update(article_meta(root, sources, say, infos))

        # its warnings wait for the shards: a progress bar is drawn meanwhile
        held: list[str] = []

        def report_key() -> str:
            """What a run over exactly the same inputs as a recent one has its results by."""
            return digest(
                [(keys[c.id], c.id, c.claim, c.expect, c.line, c.current) for c in claims.claims],
                [(s.display, s.hash, meta[s.display].date) for s in sources],
                as_of.text if as_of else None,
                max_evidence,
            )

        if cache is not None and not dirty:
            read_meta()
            try:
                known = cache.report(report_key())
            except (sqlite3.Error, ValueError, TypeError, KeyError):
                known = None
            if known is not None:
                stats = RunStats(
                    articles=len(sources),
                    passages=sum(states[s.hash][1] for s in sources),
                    scored_articles=0,
                    cached_articles=len(sources),
                    scanned_claims=0,
                    skipped_files=skipped,
                    seconds=time.perf_counter() - started,
                )
                as_of_text = as_of.text if as_of else None
                return Report(known, stats, meta, as_of_text, left_out, undated)
        # articles that lack the same claims share one set: group them, so that the work
        # here grows with claims + articles, not claims x articles
        groups: dict[int, tuple[set[str], list[str]]] = {}
        for path, ids in missing.items():
            groups.setdefault(id(ids), (ids, []))[1].append(path)
        wanted: dict[str, list[list[str]]] = {}  # claim id -> lists of articles to score
        for ids, paths in groups.values():
            for cid in ids:
                wanted.setdefault(cid, []).append(paths)

        def score(
            over: list[_Source],
            chosen: tuple[Claim, ...],
            only: dict[str, frozenset[str] | None],
            meanwhile: Callable[[], None] | None = None,
        ) -> ShardResult:
            """Score the chosen claims (each on `only` its articles, None: all) over these
            articles, in shards; `meanwhile` runs once the first shards are under way."""
            return merge(
                engine.map(
                    [
                        Shard(
                            sources=part,
                            claims=chosen,
                            wanted=only,
                            subjects=subjects,
                            min_score=min_score,
                            common=common,
                            encode=cache is not None,
                        )
                        for part in split(
                            [(s.display, s.data) for s in over],
                            engine.parts(len(over)),
                            engine.at_once(),
                        )
                    ],
                    progress,
                    meanwhile,
                )
            )

        needed = tuple(c for c in claims.claims if c.id in wanted)
        everything = len(dirty)
        scored = score(
            dirty,
            needed,
            {
                cid: None
                if sum(map(len, lists)) == everything
                else frozenset(itertools.chain.from_iterable(lists))
                for cid, lists in wanted.items()
            },
            lambda: read_meta(held.append),
        )
        read_meta()  # in case no shard was scored
        for message in (*held, *scored.warnings):
            warn(message)
        scanned = scored.findings
        # findings from the cache, for the (claim, article) pairs that were not re-scored
        displays: dict[str, list[str]] = {}
        for s in sources:
            displays.setdefault(s.hash, []).append(s.display)
        found: dict[str, list[Findings]] = {c.id: [] for c in claims.claims}
        by_key = {k: cid for cid, k in keys.items()}
        for (key, article_hash), data in (cache.findings(keys.values()) if cache else {}).items():
            cid = by_key[key]
            for display in displays.get(article_hash, ()):
                if cid not in missing.get(display, ()):
                    found[cid].append(Findings(*decode_findings(data, display)))
        text_of = {c.id: c.claim for c in claims.claims}
        for cid, per_article in scanned.items():
            found[cid].extend(per_article.values())
        # closest passages matter only to claims without evidence: read them for those only,
        # and keep the few that can be shown. A shard where a claim has evidence does not
        # look for them, so a claim that has lost all its evidence since is looked at again
        # in every article (rare: all the articles that held its evidence changed).
        absent = {cid for cid, fs in found.items() if not any(f.evidence for f in fs)}
        partial = cache.partial(keys[cid] for cid in absent) if cache and absent else set()
        again = tuple(c for c in claims.claims if c.id in absent and keys[c.id] in partial)
        rescanned = (
            score(sources, again, {c.id: None for c in again})
            if again
            else ShardResult({}, {}, (), {})
        )
        for cid, fs in found.items():
            if cid in absent:
                if keys[cid] in partial:
                    near = sorted(rescanned.close.get(cid, ()))
                    # and its near misses: the cache keeps none of a claim with evidence
                    fs[:] = rescanned.findings.get(cid, {}).values()
                else:
                    near = sorted(scored.close.get(cid, ()))
                    if cache:
                        near = _with_stored(near, cache, keys[cid], displays, missing, cid)
                close = tuple(
                    Close(a, line, col, -neg, text_of[cid], start, end)
                    for neg, a, line, col, start, end in near[:CLOSE_KEPT]
                )
                if close:
                    fs.append(Findings(close=close))
        dates = {path: m.date for path, m in meta.items()}
        texts = _Texts({s.display: s.data for s in sources})
        if cache:
            # a rescan covers every article, not only the re-scored ones
            hash_of = {s.display: s.hash for s in (sources if again else dirty)}

            def store(into: Cache) -> None:
                # made here, in the writer's process where there is one (deciding the
                # claims needs none of it); the workers encoded the findings (those with
                # evidence or a near miss)
                evident = {
                    cid
                    for cid, per_article in scanned.items()
                    if any(f.evidence for f in per_article.values())
                }
                # near misses and closest passages count only for a claim without evidence:
                # a claim with some keeps none (a quarter of a topical archive's findings),
                # is marked partial below, and is scored again in every article if it loses
                # all its evidence
                rows = [
                    (keys[cid], hash_of[path], data)
                    for cid, per_article in scored.encoded.items()
                    for path, data in per_article.items()
                    if cid not in evident or scanned[cid][path].evidence
                ]
                rows += [
                    (keys[cid], hash_of[path], data)
                    for cid, per_article in rescanned.encoded.items()
                    for path, data in per_article.items()
                ]
                closeness = [
                    (keys[cid], hash_of[path], -neg, line, column, start, end)
                    for result in (scored, rescanned)
                    for cid, near in result.close.items()
                    if result is rescanned or cid not in evident
                    for neg, path, line, column, start, end in near
                ]
                with_evidence = {keys[cid] for cid in evident}
                counts = scored.passages
                articles = [(s.hash, counts[s.display]) for s in dirty]
                complete = [keys[c.id] for c in again]
                into.store(
                    claimset,
                    keys.values(),
                    articles,
                    rows,
                    closeness,
                    partial=with_evidence,
                    complete=complete,
                )

            writer = Writer(cache, store)
        results = [
            conclude(
                c,
                found[c.id],
                dates=dates,
                describer=texts.describe,
                texts=texts,
                max_evidence=max_evidence,
            )
            for c in claims.claims
        ]
        if writer is not None:
            error = writer.wait()
            try:
                if error is None:
                    writer.cache.store_report(report_key(), claimset, results)
            except sqlite3.Error as exc:
                error = str(exc)
            if error is not None:
                warn(f"{writer.cache.path.as_posix()}: could not update the cache ({error})")
    finally:
        if writer is not None:
            writer.stop()  # Ctrl-C or an error: its transaction is undone
        if cache:
            cache.close()
    passages = sum(
        scored.passages[s.display] if s.display in scored.passages else states[s.hash][1]
        for s in sources
    )
    stats = RunStats(
        articles=len(sources),
        passages=passages,
        scored_articles=len(dirty),
        cached_articles=len(sources) - len(dirty),
        scanned_claims=len(needed),
        skipped_files=skipped,
        seconds=time.perf_counter() - started,
    )
    if _kept is not None:
        _kept.append((found, scored, rescanned, texts))
    return Report(
        tuple(results),
        stats,
        meta,
        as_of.text if as_of else None,
        left_out,
        undated,
    )


def sample_language(root: Path, sample: int = 20) -> str | None:
    """The articles' language, from the first few (front matter `lang`, else a guess); None
    when they are written in more than one (a claim in either may then match literally)."""
    votes: dict[str, int] = {}
    for path in article_files(root)[:sample]:
        data = read_bytes(path, path.as_posix(), lambda m: None)
        if data is None:
            continue
        article = parse_article(data[:20000], path.as_posix(), lambda m: None)
        lang = article.meta.get("lang")
        try:
            guess = str(lang)[:2].lower() if lang else guess_language(article.text)
        except ValueError:  # a number of thousands of digits before "millions": no vote
            continue
        if guess:
            votes[guess] = votes.get(guess, 0) + 1
    return next(iter(votes)) if len(votes) == 1 else None
