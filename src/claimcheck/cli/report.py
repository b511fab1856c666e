"""`claimcheck report`: every claim of the claims file, one row each."""

from __future__ import annotations

from typing import Annotated

import typer

from ..checks import assess
from ..engine import DEFAULT_MAX_EVIDENCE
from ..errors import InputError
from ..formats.registry import Format
from .configured import ConfigOpt, NoConfigOpt, configured
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
)
from .output import Publish, emit, output_of
from .running import RunOptions, run_claims_file, summary
from .terminal import Color, ColorOpt, QuietOpt, VerboseOpt

EPILOG = (
    "Example:\n\n\b\n  claimcheck report\n"
    "  claimcheck report --claims my/claims.yaml --articles my/articles --format json\n"
    "  claimcheck report --explain smartwatch-sales-halted\n"
    "  claimcheck report --jobs 2 --quiet\n"
    "  claimcheck report --engine dask --scheduler tcp://scheduler:8786"
)


@user_errors
@configured
def report_cmd(
    ctx: typer.Context,
    claims: ClaimsOpt = DEFAULT_CLAIMS,
    articles: ArticlesOpt = DEFAULT_ARTICLES,
    min_score: MinScoreOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
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
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            metavar="ID",
            help="Show one claim as verify does: its quotes, and the closest passages when "
            "it is absent.",
        ),
    ] = None,
) -> None:
    """Check every claim of the claims file against the articles: one row per claim."""
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
    publish = Publish(
        claims=claims,
        publisher=publisher,
        review_url=review_url,
        claims_file=claims_file,
        language=language,
        include_absent=include_absent,
        quiet=quiet,
    )
    if explain is not None:
        chosen = [r for r in report.claims if r.id == explain]
        if not chosen:
            known = ", ".join(r.id for r in report.claims[:5])
            raise InputError(claims.as_posix(), f"no claim {explain!r} (ids: {known} …)")
        emit(fmt, output_of("verify", assess(chosen), report, fmt, publish), output, options.look)
        return
    emit(
        fmt, output_of("report", assess(report.claims), report, fmt, publish), output, options.look
    )
    summary("report", report, options.look)
