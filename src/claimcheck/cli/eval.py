"""`claimcheck eval`: the run's verdicts scored against a gold file."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from ..evaluation import evaluate, load_gold
from ..fileio import stdout_errors, write_atomic
from ..formats.scores import EvalFormat, render_json, render_table
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
    IgnoreOpt,
    JobsOpt,
    MinScoreOpt,
    NoCacheOpt,
    OutputOpt,
    SchedulerOpt,
    SelectOpt,
    TagOpt,
)
from .running import RunOptions, run_claims_file
from .terminal import Color, ColorOpt, QuietOpt, VerboseOpt

EPILOG = (
    "Examples:\n\n\b\n  claimcheck eval data/gold.yaml\n"
    "  claimcheck eval fever-labels.jsonl --format json\n"
    "  claimcheck eval data/gold.yaml --min-accuracy 0.9"
)


@user_errors
@configured
def eval_cmd(
    ctx: typer.Context,
    gold: Annotated[
        Path,
        typer.Argument(
            help="The true verdicts: YAML (`id: verdict`), JSON Lines or TSV (`id`, `label`); "
            "FEVER's SUPPORTS, REFUTES, NOT ENOUGH INFO are accepted.",
            dir_okay=False,
        ),
    ],
    claims: ClaimsOpt = DEFAULT_CLAIMS,
    articles: ArticlesOpt = DEFAULT_ARTICLES,
    min_score: MinScoreOpt = None,
    fmt: Annotated[
        EvalFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = EvalFormat.table,
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
    min_accuracy: Annotated[
        float | None,
        typer.Option(
            "--min-accuracy",
            min=0,
            max=1,
            metavar="X",
            help="Exit 1 when the accuracy (0-1) is below X.",
        ),
    ] = None,
) -> int:
    """Score the run's verdicts against a gold file: confusion matrix, accuracy, precision,
    recall and F1 per verdict, macro-F1, and the misses with their strongest quote.

    Exit status: 0 done (and the accuracy is at least --min-accuracy), 1 below
    --min-accuracy, 2 bad input."""
    labels = load_gold(gold)
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
    )
    report, claims_file = run_claims_file(options, ctx)
    if select or ignore or tag:
        # every gold id is checked against the whole file; those left out are not scored
        every = {c.id for c in claims_file.peers or claims_file.claims}
        for g in labels:
            if g.id not in every:
                raise InputError(
                    gold.as_posix(),
                    f"{g.id!r} is not a claim of {claims.as_posix()}",
                    g.line,
                    g.column,
                )
        ran = {r.id for r in report.claims}
        labels = [g for g in labels if g.id in ran]
    ev = evaluate(report.claims, labels, gold.as_posix(), claims.as_posix())
    if fmt is EvalFormat.json:
        text = render_json(ev, gold.as_posix())
    else:
        text = render_table(ev, gold.as_posix(), shutil.get_terminal_size((100, 24)).columns)
    if output is None:
        with stdout_errors():
            typer.echo(text, nl=False)
    else:
        write_atomic(output, [text])
    below = min_accuracy is not None and ev.accuracy < min_accuracy
    if below:
        typer.echo(
            f"claimcheck eval: accuracy {ev.accuracy:.4f} is below --min-accuracy {min_accuracy}",
            err=True,
        )
    return EXIT_DRIFT if below else EXIT_OK
