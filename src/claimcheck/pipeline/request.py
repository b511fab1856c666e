"""What a command asks of a run (RunRequest) and what it gets back (Report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..claims import ClaimsFile
from ..corpus import Warn
from ..dates import Date
from ..engine import DEFAULT_MAX_EVIDENCE
from ..engines import Engine, LocalEngine, Progress
from ..report import ArticleMeta, ClaimResult


def _one_process() -> Engine:
    return LocalEngine(1)


@dataclass(frozen=True, kw_only=True)
class RunRequest:
    """A run over a claims file and an articles folder, as every command asks for one."""

    claims: ClaimsFile
    articles: Path
    warn: Warn  # what the run has to say besides its results (a skipped file, a bad cache)
    cache_dir: Path | None = None  # None: neither read nor write a cache
    min_score: float | None = None  # None: each claim's own threshold
    as_of: Date | None = None  # leave out the articles dated after it
    max_evidence: int = DEFAULT_MAX_EVIDENCE  # quotes listed per claim (0: all)
    engine: Engine = field(default_factory=_one_process)
    # show an absent claim's passages closest in meaning (the 'semantic' extra; pipeline/
    # paraphrase.py)
    semantic: bool = False
    progress: Progress | None = None
    # what the run made, kept alive until the process ends, for a process that exits without
    # freeing its objects (the console script): freeing the millions of findings of a large
    # archive one by one takes a second after the report is done. None: freed as usual.
    keep: list[object] | None = None


@dataclass(frozen=True, kw_only=True)
class RunStats:
    """What a run did: how many articles it read, scored, took from the cache or skipped."""

    articles: int
    passages: int
    scored_articles: int
    cached_articles: int
    scanned_claims: int
    skipped_files: int
    seconds: float


@dataclass(frozen=True, kw_only=True)
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
