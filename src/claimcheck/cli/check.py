"""`claimcheck check`: each verdict against its `expect:` and a baseline; exit 1 on drift."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import baseline as baselines
from ..checks import assess
from ..engine import DEFAULT_MAX_EVIDENCE
from ..fileio import write_atomic
from ..formats.registry import Format
from .configured import ConfigOpt, NoConfigOpt, configured
from .exits import EXIT_DRIFT, EXIT_OK
from .handling import user_errors
from .options import (
    DEFAULT_ARTICLES,
    DEFAULT_CLAIMS,
    ArticlesOpt,
    AsOfOpt,
    CacheDirOpt,
    ClaimsOpt,
    EngineName,
    EngineOpt,
    FormatOpt,
    IgnoreOpt,
    IncludeAbsentOpt,
    JobsOpt,
    LanguageOpt,
    MaxEvidenceOpt,
    MinScoreOpt,
    NoCacheOpt,
    OutputOpt,
    PublisherOpt,
    ReviewUrlOpt,
    SchedulerOpt,
    SelectOpt,
    SemanticOpt,
    TagOpt,
    verdict_list,
)
from .output import Publish, emit, output_of
from .running import RunOptions, run_claims_file, summary
from .terminal import Color, ColorOpt, QuietOpt, VerboseOpt

EPILOG = (
    "Examples:\n\n\b\n  claimcheck check\n"
    "  claimcheck check --format github --fail-on contradicted,mixed\n"
    "  claimcheck check --write-baseline claimcheck-baseline.json\n"
    "  claimcheck check --baseline claimcheck-baseline.json --format sarif -o claimcheck.sarif"
)


StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Also fail on claims with no expected verdict.")
]
FailOnOpt = Annotated[
    str | None,
    typer.Option(
        "--fail-on",
        metavar="VERDICTS",
        help="Comma-separated verdicts that fail the run (e.g. contradicted,mixed).",
    ),
]
BaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        help="Compare with a snapshot written by --write-baseline.",
        dir_okay=False,
    ),
]
WriteBaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--write-baseline", help="Write a snapshot of this run (atomically).", dir_okay=False
    ),
]


@user_errors
@configured
def check_cmd(
    ctx: typer.Context,
    claims: ClaimsOpt = DEFAULT_CLAIMS,
    articles: ArticlesOpt = DEFAULT_ARTICLES,
    min_score: MinScoreOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    strict: StrictOpt = False,
    fail_on: FailOnOpt = None,
    baseline: BaselineOpt = None,
    write_baseline: WriteBaselineOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    jobs: JobsOpt = None,
    engine: EngineOpt = EngineName.local,
    scheduler: SchedulerOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    color: ColorOpt = Color.auto,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    tag: TagOpt = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    as_of: AsOfOpt = None,
    max_evidence: MaxEvidenceOpt = DEFAULT_MAX_EVIDENCE,
    semantic: SemanticOpt = False,
    publisher: PublisherOpt = None,
    review_url: ReviewUrlOpt = None,
    language: LanguageOpt = None,
    include_absent: IncludeAbsentOpt = False,
) -> int:
    """Compare each claim's verdict with its `expect:` (and a baseline): exit 1 on drift.

    Exit status: 0 every recorded verdict holds, 1 a verdict drifted (or a --fail-on
    verdict, or with --strict a claim with no expectation), 2 bad input."""
    failing_verdicts = verdict_list(fail_on)
    saved = baselines.load(baseline) if baseline is not None else None
    options = RunOptions(
        claims=claims,
        articles=articles,
        min_score=min_score,
        cache_dir=cache_dir,
        no_cache=no_cache,
        jobs=jobs,
        engine=engine,
        scheduler=scheduler,
        quiet=quiet,
        verbose=verbose,
        color=color,
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        tags=tuple(tag or ()),
        as_of=as_of,
        max_evidence=max_evidence,
        semantic=semantic,
    )
    report, claims_file = run_claims_file(options, ctx)
    if saved is not None and saved.as_of != report.as_of and not quiet:
        typer.echo(
            f"claimcheck: note: the baseline was made as of {saved.as_of or 'today'}, this run "
            f"is as of {report.as_of or 'today'}",
            err=True,
        )
    checks = assess(report.claims, saved, failing_verdicts)
    publish = Publish(
        claims=claims,
        publisher=publisher,
        review_url=review_url,
        claims_file=claims_file,
        language=language,
        include_absent=include_absent,
        quiet=quiet,
    )
    emit(fmt, output_of("check", checks, report, fmt, publish, strict=strict), output, options.look)
    if write_baseline is not None:
        write_atomic(write_baseline, baselines.snapshot(report.claims, report.as_of))
    failing = [c for c in checks if c.failed(strict)]
    new = sum(len(c.new_evidence) for c in checks)
    lost = sum(len(c.lost_evidence) for c in checks)
    extra = f"{new} new / {lost} lost evidence" if saved is not None else ""
    summary("check", report, options.look, len(failing), extra)
    return EXIT_DRIFT if failing else EXIT_OK
