"""A full run over a claims file and an articles folder, reusing the cache where it can."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache, decode_findings, digest, encode_findings
from .claims import Claim, ClaimsFile
from .corpus import Article, Warn, article_files, parse_article, read_bytes
from .engine import Corpus, Findings, conclude, scan, threshold_of
from .errors import InputError
from .verdict import ClaimResult

Progress = Callable[[str, int, int], None]  # (stage, done, total)


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
class Report:
    """The results of a run, in claims-file order."""

    claims: tuple[ClaimResult, ...]
    stats: RunStats

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
    article: Article | None = field(default=None)


def claim_key(claim: Claim, subjects: tuple[str, ...], min_score: float | None) -> str:
    """Everything a claim's findings depend on, hashed."""
    return digest(
        claim.supporting_phrasings,
        claim.contradicts,
        claim.about,
        subjects,
        threshold_of(claim, min_score),
    )


def read_sources(root: Path, warn: Warn) -> tuple[list[_Source], int]:
    """Every article file's bytes and content hash; the count of skipped files."""
    sources, skipped = [], 0
    for path in article_files(root):
        display = path.as_posix()
        data = read_bytes(path, display, warn)
        if data is None:
            skipped += 1
            continue
        sources.append(_Source(display, data, hashlib.sha256(data).hexdigest()))
    return sources, skipped


def run(
    claims: ClaimsFile,
    root: Path,
    warn: Warn,
    cache_dir: Path | None = None,
    min_score: float | None = None,
    progress: Progress | None = None,
) -> Report:
    """Check every claim against every article, scoring only what the cache lacks."""
    started = time.perf_counter()
    sources, skipped = read_sources(root, warn)
    if not sources:
        raise InputError(root.as_posix(), "no readable .txt or .md article in this folder")
    subjects = claims.known_subjects
    keys = {c.id: claim_key(c, subjects, min_score) for c in claims.claims}
    claimset = digest(sorted(keys.values()))
    cache = None
    if cache_dir is not None:
        try:
            cache = Cache(cache_dir, warn)
        except (sqlite3.Error, OSError) as exc:
            warn(f"{cache_dir.as_posix()}: cache unusable ({exc}); running without it")
    try:
        states = cache.article_states(s.hash for s in sources) if cache else {}
        members = {cs: cache.claimset_members(cs) for cs, _ in states.values()} if cache else {}
        # which claims each article still needs
        missing: dict[str, set[str]] = {}
        for s in sources:
            state = states.get(s.hash)
            done = members.get(state[0], set()) if state else set()
            need = {cid for cid, k in keys.items() if k not in done}
            if need:
                missing[s.display] = need
        dirty = [s for s in sources if s.display in missing]
        for n, s in enumerate(dirty, 1):
            s.article = parse_article(s.data, s.display, warn)
            if progress:
                progress("read", n, len(dirty))
        corpus = Corpus([s.article for s in dirty if s.article is not None])
        scanned: dict[str, dict[str, Findings]] = {}
        wanted: dict[str, set[str]] = {}  # claim id -> articles it must be scored on
        for path, ids in missing.items():
            for cid in ids:
                wanted.setdefault(cid, set()).add(path)
        needed = [c for c in claims.claims if c.id in wanted]
        everything = len(dirty)
        for n, claim in enumerate(needed, 1):
            paths = wanted[claim.id]
            only = None if len(paths) == everything else frozenset(paths)
            scanned[claim.id] = scan(claim, corpus, subjects, min_score, only)
            if progress:
                progress("match", n, len(needed))
        stored = cache.findings(keys.values()) if cache else {}
        results = []
        for claim in claims.claims:
            key, found = keys[claim.id], []
            fresh = scanned.get(claim.id, {})
            for s in sources:
                if claim.id in missing.get(s.display, ()):
                    f = fresh.get(s.display)
                    if f is not None:
                        found.append(f)
                elif (key, s.hash) in stored:
                    found.append(Findings(*decode_findings(stored[(key, s.hash)], s.display)))
            results.append(conclude(claim, found))
        if cache:
            rows = [
                (keys[cid], s.hash, encode_findings(f.evidence, f.near_miss))
                for cid, per_article in scanned.items()
                for s in dirty
                if (f := per_article.get(s.display)) is not None
            ]
            counts = {s.display: len(s.article.passages) for s in dirty if s.article}
            try:
                cache.store(
                    claimset,
                    keys.values(),
                    [(s.hash, counts[s.display]) for s in dirty],
                    rows,
                )
            except sqlite3.Error as exc:
                warn(f"{cache.path.as_posix()}: could not update the cache ({exc})")
    finally:
        if cache:
            cache.close()
    passages = sum(len(s.article.passages) if s.article else states[s.hash][1] for s in sources)
    stats = RunStats(
        articles=len(sources),
        passages=passages,
        scored_articles=len(dirty),
        cached_articles=len(sources) - len(dirty),
        scanned_claims=len(needed),
        skipped_files=skipped,
        seconds=time.perf_counter() - started,
    )
    return Report(tuple(results), stats)
