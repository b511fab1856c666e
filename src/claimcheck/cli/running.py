"""A command's run: its options made into a RunRequest, on an engine, with a progress bar."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from .. import NOT_COMPILED, PURE, compiled
from ..claims import ClaimsFile, load_claims
from ..engine import DEFAULT_MAX_EVIDENCE
from ..engines import DaskEngine, Engine, LocalEngine, Progress
from ..errors import ClaimcheckError
from ..pipeline import Report, RunRequest, run
from ..selection import choose
from .options import EngineName, as_of_date
from .terminal import Color, Look, colored


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """The options of a command that checks claims against the articles."""

    claims: Path
    articles: Path
    min_score: float | None = None
    cache_dir: Path | None = None
    no_cache: bool = False
    jobs: int | None = None
    engine: EngineName = EngineName.local
    scheduler: str | None = None
    quiet: bool = False
    verbose: bool = False
    color: Color = Color.auto
    as_of: str | None = None
    max_evidence: int = DEFAULT_MAX_EVIDENCE
    semantic: bool = False
    select: tuple[str, ...] = ()  # --select, --ignore, --tag (see claims.choose)
    ignore: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def look(self) -> Look:
        return Look(color=self.color, quiet=self.quiet, verbose=self.verbose)


def warn(message: str) -> None:
    typer.echo(f"claimcheck: warning: {message}", err=True)


def kept(ctx: typer.Context) -> list[object] | None:
    """The list the console script keeps what runs make in until it exits (main's `keep`)."""
    obj: Any = ctx.obj
    return obj if isinstance(obj, list) else None


def run_claims_file(o: RunOptions, ctx: typer.Context) -> tuple[Report, ClaimsFile]:
    """The claims of the claims file that --select, --tag and --ignore leave, as the options
    say; a waiver that matched no evidence is warned of."""
    claims = choose(load_claims(o.claims), o.select, o.ignore, o.tags)
    report = execute(o, claims, ctx)
    for claim, result in zip(claims.claims, report.claims, strict=True):
        used = {w.passage for w in result.waived}
        for w in claim.waive:
            if w.passage not in used:
                warn(
                    f"{claims.path}:{w.at}: claim {claim.id!r} waives {w.passage}, where it has "
                    "no evidence"
                )
    return report, claims


def execute(o: RunOptions, claims: ClaimsFile, ctx: typer.Context, cached: bool = True) -> Report:
    """These claims over the articles, as the options say (`cached`: with the cache unless
    --no-cache); notes what --as-of left out."""
    as_of = as_of_date(o.as_of)
    _uncompiled_note(o.quiet)
    with _engine(o.engine, o.jobs, o.scheduler) as engine, _progress(o.quiet, o.color) as progress:
        report = run(
            RunRequest(
                claims=claims,
                articles=o.articles,
                warn=warn,
                cache_dir=_cache_dir(o) if cached else None,
                min_score=o.min_score,
                progress=progress,
                engine=engine,
                as_of=as_of,
                max_evidence=o.max_evidence,
                semantic=o.semantic,
                keep=kept(ctx),
            )
        )
    if o.look.notes:
        _as_of_note(report)
    return report


@contextmanager
def _engine(name: EngineName, jobs: int | None, scheduler: str | None) -> Iterator[Engine]:
    if name is EngineName.local:
        if scheduler is not None:
            raise ClaimcheckError("--scheduler goes with --engine dask")
        yield LocalEngine(jobs)
        return
    engine = DaskEngine(scheduler)
    try:
        yield engine
    finally:
        engine.close()


@contextmanager
def _progress(quiet: bool, color: Color) -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True, no_color=not colored(color, sys.stderr)),
        transient=True,
        # no refresh thread: scoring and the cache write fork only where no other thread
        # runs (see forking.may_fork); the bar is redrawn as each shard is done
        auto_refresh=False,
    ) as bar:
        task = bar.add_task("articles scored", total=None)

        def update(stage: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            bar.refresh()

        yield update


def _uncompiled_note(quiet: bool) -> None:
    """On a terminal, a line when the engine runs pure Python though nobody asked for it (pip
    shows nothing of a build that found no compiler)."""
    if quiet or PURE or not sys.stderr.isatty() or compiled():
        return
    typer.echo(f"claimcheck: note: the engine runs pure Python: {NOT_COMPILED}", err=True)


def _cache_dir(o: RunOptions) -> Path | None:
    if o.no_cache:
        return None
    return o.cache_dir if o.cache_dir is not None else o.claims.parent / ".claimcheck-cache"


def _as_of_note(report: Report) -> None:
    if report.as_of is None:
        return
    typer.echo(
        f"claimcheck: note: as of {report.as_of}: {report.left_out} article(s) dated later left "
        f"out, {report.undated} undated article(s) kept",
        err=True,
    )


def summary(
    command: str, report: Report, look: Look, failing: int | None = None, extra: str = ""
) -> None:
    """The line of the run's statistics on stderr that ends a command (see Look.stats)."""
    if not look.stats:
        return
    s = report.stats
    parts = [f"{len(report.claims)} claims checked"]
    if failing is not None:
        parts.append(f"{failing} failing")
    if extra:
        parts.append(extra)
    parts.append(
        f"{s.articles} articles ({s.scored_articles} scored, {s.cached_articles} from cache"
        + (f", {s.skipped_files} files skipped" if s.skipped_files else "")
        + ")"
    )
    parts.append(f"{s.seconds:.2f} s")
    typer.echo(f"claimcheck {command}: " + ", ".join(parts), err=True)
