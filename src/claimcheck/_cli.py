"""The command line: parses options, picks a format, prints, and sets the exit code."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import typer
from rich.console import Console
from typer.core import TyperGroup

from . import __version__, compiled
from . import baseline as baselines
from ._entry import INTERRUPTED, on_sigterm, stopped
from .checks import ClaimCheck, assess
from .claims import VERDICTS, ClaimsFile, load_claims, typed_claim
from .dates import Date, parse_as_of
from .engine import DEFAULT_MAX_EVIDENCE, Lookup, find_claim
from .engines import DaskEngine, Engine, LocalEngine, Progress
from .errors import ClaimcheckError, InputError
from .evaluation import evaluate, load_gold
from .fileio import stdout_errors, write_atomic
from .formats import Format, Output, streamer
from .formats.scores import EvalFormat, render_json, render_table
from .pipeline import Report, keep_until_exit, run, sample_language
from .suggest import suggest, write_entry
from .text import guess_language

EXIT_OK, EXIT_DRIFT, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, INTERRUPTED  # a kill: TERMINATED


DEFAULT_CLAIMS = Path("data/claims.yaml")
DEFAULT_ARTICLES = Path("data/articles")


def _run(call: Callable[[], Any]) -> int:
    """Run a command-line entry point; turn every failure into one line on stderr and a status."""
    try:
        rv = call()
    except typer.Exit as exc:
        return int(exc.exit_code)
    except _Stopped as stop:
        line, status = stopped(stop.signal)
        typer.echo(line, err=True)
        return status
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("claimcheck: interrupted", err=True)
        return EXIT_INTERRUPTED
    except typer.TyperException as exc:
        # usage errors: bad option, bad value, missing argument
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        typer.echo(f"claimcheck: error: {' '.join(text.split())}{hint}", err=True)
        return EXIT_ERROR
    return int(rv) if isinstance(rv, int) else EXIT_OK


class _Stopped(Exception):  # noqa: N818 - a signal, not an error
    """A Ctrl-C or a kill while the command line is parsed, before a command runs: typer turns
    it into a silent exit 130 (also for a kill); raised past typer, it gets its one line."""

    def __init__(self, signal: KeyboardInterrupt) -> None:
        super().__init__()
        self.signal = signal


class _Group(TyperGroup):
    """Every entry point (console script, `python -m`, test runner) gets the same errors."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt as exc:
            raise _Stopped(exc) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise _Stopped(exc) from None

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        code = _run(lambda: super(_Group, self).main(*args, **kwargs))
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=_Group,
    name="claimcheck",
    help="Check curated claims against a folder of news articles, offline and reproducibly.",
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
)

F = TypeVar("F", bound=Callable[..., Any])


def _user_errors(fn: F) -> F:
    """Bad input becomes `path:line:col: error: message` and exit status 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KeyboardInterrupt as exc:  # Ctrl-C, or a kill (Terminated)
            line, status = stopped(exc)
            typer.echo(line, err=True)
            raise typer.Exit(status) from None
        except ClaimcheckError as exc:
            typer.echo(f"{exc}" if isinstance(exc, InputError) else f"claimcheck: {exc}", err=True)
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper  # type: ignore[return-value]


def _warn(message: str) -> None:
    typer.echo(f"claimcheck: warning: {message}", err=True)


def _version(value: bool) -> None:
    if value:
        build = "engine compiled by mypyc" if compiled() else "pure Python"
        typer.echo(f"claimcheck {__version__} ({build})")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Check curated claims against a folder of news articles, offline and reproducibly.

    Exit status: 0 done, 2 bad input or usage, 130 interrupted."""


def _emit(fmt: Format, out: Output, output: Path | None) -> None:
    """Render; print to stdout, or write the file atomically with --output."""
    tty = output is None and sys.stdout.isatty()
    color = tty and "NO_COLOR" not in os.environ
    width = (
        shutil.get_terminal_size((100, 24)).columns
        if tty
        else int(os.environ.get("COLUMNS") or 100)
    )
    out = Output(**{**out.__dict__, "color": color, "width": max(40, width)})
    chunks = streamer(fmt)(out)
    if output is None:
        with stdout_errors():
            for chunk in chunks:
                typer.echo(chunk, nl=False)
    else:
        write_atomic(output, chunks)


ClaimsOpt = Annotated[
    Path, typer.Option("--claims", help="The claims file.", dir_okay=False, show_default=True)
]
ArticlesOpt = Annotated[
    Path,
    typer.Option(
        "--articles", help="The folder of articles (.txt, .md).", file_okay=False, show_default=True
    ),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
MinScoreOpt = Annotated[
    float | None,
    typer.Option(
        "--min-score",
        min=0,
        max=100,
        help="Match threshold 0-100 (default: the claim's, else the file's, else 80).",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write the report to this file (atomically).", dir_okay=False
    ),
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        help="Cache folder (default: .claimcheck-cache/ beside the claims file).",
        file_okay=False,
    ),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes for the local engine "
        "(default: all cores). Results are the same whatever the number.",
    ),
]
EngineOpt = Annotated[
    EngineName,
    typer.Option(
        "--engine",
        help="Score locally, or on a Dask cluster (needs the dask extra).",
        case_sensitive=False,
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: start a local cluster).",
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary.")]
MaxEvidenceOpt = Annotated[
    int,
    typer.Option(
        "--max-evidence",
        min=0,
        metavar="N",
        help="Quotes listed per claim, strongest first, at least one per stance (0: all). "
        "The verdict and the counts always use all the evidence.",
    ),
]


PublisherOpt = Annotated[
    str | None,
    typer.Option(
        "--publisher",
        metavar="NAME",
        help="claimreview: the organisation publishing the reviews (their author).",
    ),
]
ReviewUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--review-url",
        metavar="URL",
        help="claimreview: the page the reviews are published on; each review's url is "
        "URL#claim-<id>.",
    ),
]


def _run_date() -> str:
    """Today (UTC), or the date of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
        except (ValueError, OverflowError, OSError):
            raise ClaimcheckError(
                f"SOURCE_DATE_EPOCH must be a number of seconds, not {epoch!r}"
            ) from None
    return dt.datetime.now(dt.UTC).date().isoformat()


@dataclass(frozen=True)
class Publish:
    """Where the report comes from and who publishes it (html, claimreview)."""

    claims: Path
    publisher: str | None = None
    review_url: str | None = None


def _output(
    command: Literal["verify", "report", "check"],
    checks: tuple[ClaimCheck, ...],
    report: Report,
    fmt: Format,
    publish: Publish,
    lookup: Lookup | None = None,
    strict: bool = False,
) -> Output:
    if fmt is Format.claimreview:
        if not publish.publisher:
            _warn("no --publisher: the reviews have no author, which search engines require")
        if not publish.review_url:
            _warn(
                "no --review-url: each review's url is a bare '#claim-<id>'; search engines "
                "require the page's address"
            )
    return Output(
        command,
        checks,
        lookup,
        report.articles,
        report.passages,
        strict=strict,
        as_of=report.as_of,
        meta=report.meta,
        claims_file=publish.claims.as_posix(),
        run_date=_run_date() if fmt in (Format.html, Format.claimreview) else None,
        publisher=publish.publisher,
        review_url=publish.review_url,
    )


def _as_of(value: str | None) -> Date | None:
    if value is None:
        return None
    try:
        return parse_as_of(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Leave out articles dated after DATE (YYYY, YYYY-MM or YYYY-MM-DD): what was "
        "known then. Undated articles are kept.",
    ),
]


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
def _progress(quiet: bool) -> Iterator[Progress | None]:
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
        console=Console(stderr=True),
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


def _cache_dir(claims: Path, cache_dir: Path | None, no_cache: bool) -> Path | None:
    if no_cache:
        return None
    return cache_dir if cache_dir is not None else claims.parent / ".claimcheck-cache"


@dataclass(frozen=True)
class RunOptions:
    claims: Path
    articles: Path
    min_score: float | None
    cache_dir: Path | None
    no_cache: bool
    jobs: int | None
    engine: EngineName
    scheduler: str | None
    quiet: bool
    as_of: str | None = None
    max_evidence: int = DEFAULT_MAX_EVIDENCE


def _run_report(o: RunOptions) -> Report:
    claims_file = load_claims(o.claims)
    as_of = _as_of(o.as_of)
    with _engine(o.engine, o.jobs, o.scheduler) as engine, _progress(o.quiet) as progress:
        report = run(
            claims_file,
            o.articles,
            _warn,
            _cache_dir(o.claims, o.cache_dir, o.no_cache),
            o.min_score,
            progress,
            engine,
            as_of,
            o.max_evidence,
        )
    _as_of_note(report)
    return report


def _as_of_note(report: Report) -> None:
    if report.as_of is None:
        return
    typer.echo(
        f"claimcheck: note: as of {report.as_of}: {report.left_out} article(s) dated later left "
        f"out, {report.undated} undated article(s) kept",
        err=True,
    )


def _summary(command: str, report: Report, failing: int | None = None, extra: str = "") -> None:
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


@app.command(
    "verify",
    epilog='Example:\n\n\b\n  claimcheck verify "Xiaomi is barred from trading with US firms"\n'
    '  claimcheck verify "Xiaomi a déposé une plainte" --format json',
)
@_user_errors
def verify_cmd(
    claim: Annotated[str, typer.Argument(help="The claim to check, in any language.")],
    claims: ClaimsOpt = DEFAULT_CLAIMS,
    articles: ArticlesOpt = DEFAULT_ARTICLES,
    min_score: MinScoreOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    jobs: JobsOpt = None,
    quiet: QuietOpt = False,
    as_of: AsOfOpt = None,
    max_evidence: MaxEvidenceOpt = DEFAULT_MAX_EVIDENCE,
    publisher: PublisherOpt = None,
    review_url: ReviewUrlOpt = None,
) -> None:
    """Check one claim: its verdict and the quotes behind it.

    A claim that matches a curated claim (or one of its aliases) in the claims file is
    checked with that claim's phrasings; any other text is matched literally. The cache of
    `report` and `check` is used, so a curated claim over a warm archive answers at once."""
    claim = typed_claim(claim)
    claims_file: ClaimsFile | None = None
    explicit = claims != DEFAULT_CLAIMS
    if explicit or claims.exists():
        claims_file = load_claims(claims)
    lookup = find_claim(claim, claims_file)
    one = ClaimsFile(
        path=claims.as_posix(),
        claims=(lookup.claim,),
        min_score=lookup.claim.min_score,
        subjects=claims_file.known_subjects if claims_file else (),
        peers=claims_file.claims if claims_file else None,
    )
    if lookup.curated:
        typer.echo(
            f"claimcheck: using curated claim '{lookup.claim.id}' "
            f"({lookup.similarity:.0f}% similar)",
            err=True,
        )
    else:
        lang, corpus_lang = guess_language(claim), sample_language(articles)
        if lang and corpus_lang and lang != corpus_lang:
            typer.echo(
                f"claimcheck: note: the claim looks '{lang}' but the articles look "
                f"'{corpus_lang}'; literal matching across languages finds little. Add a "
                f"curated claim with '{corpus_lang}' phrasings to {claims.as_posix()}.",
                err=True,
            )
    cache = _cache_dir(claims, cache_dir, no_cache) if claims_file else None
    when = _as_of(as_of)
    with _progress(quiet) as progress:
        report = run(
            one,
            articles,
            _warn,
            cache,
            min_score,
            progress,
            LocalEngine(jobs),
            when,
            max_evidence,
        )
    _as_of_note(report)
    (result,) = report.claims
    if not lookup.curated:
        result = replace(result, claim=claim)
    out = _output(
        "verify", assess([result]), report, fmt, Publish(claims, publisher, review_url), lookup
    )
    _emit(fmt, out, output)


@app.command(
    "report",
    epilog="Example:\n\n\b\n  claimcheck report\n"
    "  claimcheck report --claims my/claims.yaml --articles my/articles --format json\n"
    "  claimcheck report --explain smartwatch-sales-halted\n"
    "  claimcheck report --jobs 2 --quiet\n"
    "  claimcheck report --engine dask --scheduler tcp://scheduler:8786",
)
@_user_errors
def report_cmd(
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
    as_of: AsOfOpt = None,
    max_evidence: MaxEvidenceOpt = DEFAULT_MAX_EVIDENCE,
    publisher: PublisherOpt = None,
    review_url: ReviewUrlOpt = None,
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
    report = _run_report(
        RunOptions(
            claims,
            articles,
            min_score,
            cache_dir,
            no_cache,
            jobs,
            engine,
            scheduler,
            quiet,
            as_of,
            max_evidence,
        )
    )
    if explain is not None:
        chosen = [r for r in report.claims if r.id == explain]
        if not chosen:
            known = ", ".join(r.id for r in report.claims[:5])
            raise InputError(claims.as_posix(), f"no claim {explain!r} (ids: {known} …)")
        out = _output("verify", assess(chosen), report, fmt, Publish(claims, publisher, review_url))
        _emit(fmt, out, output)
        return
    out = _output(
        "report", assess(report.claims), report, fmt, Publish(claims, publisher, review_url)
    )
    _emit(fmt, out, output)
    if not quiet:
        _summary("report", report)


@app.command(
    "suggest",
    epilog="Examples:\n\n\b\n"
    "  claimcheck suggest \"Un juge fédéral a bloqué l'interdiction d'investir dans Xiaomi\"\n"
    '  claimcheck suggest "Xiaomi a porté plainte contre le Pentagone" --write',
)
@_user_errors
def suggest_cmd(
    claim: Annotated[str, typer.Argument(help="The claim, in your own words.")],
    claims: ClaimsOpt = DEFAULT_CLAIMS,
    articles: ArticlesOpt = DEFAULT_ARTICLES,
    min_score: MinScoreOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    jobs: JobsOpt = None,
    quiet: QuietOpt = False,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Add the entry to the claims file (validated, in its place, atomically; "
            "comments and order are kept).",
        ),
    ] = False,
) -> int:
    """Turn a typed claim into a curated entry: phrasings cut from its closest passages.

    Prints a claims-file entry ready to paste (a fresh id, the claim, `supports` and
    `contradicts` phrasings from the passages that hold most of its words, each cut to its
    clause, on the side its negation says). Review it: the words are the articles', the
    judgement that they state the claim is yours. Exit status: 0 done (a note on stderr when
    nothing is close enough), 2 bad input."""
    claim = typed_claim(claim)
    claims_file = load_claims(claims) if claims.exists() else None
    lookup = find_claim(claim, claims_file)
    if lookup.curated:
        typer.echo(
            f"claimcheck: note: the claims file already has this claim as '{lookup.claim.id}'",
            err=True,
        )
        return EXIT_OK
    one = ClaimsFile(
        claims.as_posix(),
        (lookup.claim,),
        lookup.claim.min_score,
        claims_file.known_subjects if claims_file else (),
        peers=claims_file.claims if claims_file else None,
    )
    cache = _cache_dir(claims, cache_dir, no_cache) if claims_file else None
    with _progress(quiet) as progress:
        report = run(one, articles, _warn, cache, min_score, progress, LocalEngine(jobs))
    taken = [c.id for c in claims_file.claims] if claims_file else []
    found = suggest(claim, report.claims[0], taken)
    if not found.phrasings:
        typer.echo(
            "claimcheck: note: no passage holds enough of the claim's words to suggest a "
            "phrasing; try the articles' own words",
            err=True,
        )
        return EXIT_OK
    entry = found.entry()
    typer.echo(entry, nl=False)
    if write:
        added = write_entry(claims, found, lambda m: typer.echo(f"claimcheck: {m}", err=True))
        said = f"added '{added}' to" if added else "another writer added this claim to"
        typer.echo(f"claimcheck: {said} {claims.as_posix()}", err=True)
    return EXIT_OK


def _verdict_list(value: str | None) -> frozenset[str]:
    if not value:
        return frozenset()
    items = frozenset(v.strip() for v in value.split(",") if v.strip())
    bad = sorted(items - set(VERDICTS))
    if bad:
        raise typer.BadParameter(f"{', '.join(bad)} (choose from {', '.join(VERDICTS)})")
    return items


@app.command(
    "check",
    epilog="Examples:\n\n\b\n  claimcheck check\n"
    "  claimcheck check --format github --fail-on contradicted,mixed\n"
    "  claimcheck check --write-baseline claimcheck-baseline.json\n"
    "  claimcheck check --baseline claimcheck-baseline.json --format sarif -o claimcheck.sarif",
)
@_user_errors
def check_cmd(
    claims: ClaimsOpt = DEFAULT_CLAIMS,
    articles: ArticlesOpt = DEFAULT_ARTICLES,
    min_score: MinScoreOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Also fail on claims with no expected verdict.")
    ] = False,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="VERDICTS",
            help="Comma-separated verdicts that fail the run (e.g. contradicted,mixed).",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="Compare with a snapshot written by --write-baseline.",
            dir_okay=False,
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline", help="Write a snapshot of this run (atomically).", dir_okay=False
        ),
    ] = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    jobs: JobsOpt = None,
    engine: EngineOpt = EngineName.local,
    scheduler: SchedulerOpt = None,
    quiet: QuietOpt = False,
    as_of: AsOfOpt = None,
    max_evidence: MaxEvidenceOpt = DEFAULT_MAX_EVIDENCE,
    publisher: PublisherOpt = None,
    review_url: ReviewUrlOpt = None,
) -> int:
    """Compare each claim's verdict with its `expect:` (and a baseline): exit 1 on drift.

    Exit status: 0 every recorded verdict holds, 1 a verdict drifted (or a --fail-on
    verdict, or with --strict a claim with no expectation), 2 bad input."""
    failing_verdicts = _verdict_list(fail_on)
    saved = baselines.load(baseline) if baseline is not None else None
    report = _run_report(
        RunOptions(
            claims,
            articles,
            min_score,
            cache_dir,
            no_cache,
            jobs,
            engine,
            scheduler,
            quiet,
            as_of,
            max_evidence,
        )
    )
    if saved is not None and saved.as_of != report.as_of:
        typer.echo(
            f"claimcheck: note: the baseline was made as of {saved.as_of or 'today'}, this run "
            f"is as of {report.as_of or 'today'}",
            err=True,
        )
    checks = assess(report.claims, saved, failing_verdicts)
    out = _output(
        "check", checks, report, fmt, Publish(claims, publisher, review_url), strict=strict
    )
    _emit(fmt, out, output)
    if write_baseline is not None:
        write_atomic(write_baseline, baselines.snapshot(report.claims, report.as_of))
    failing = [c for c in checks if c.failed(strict)]
    new = sum(len(c.new_evidence) for c in checks)
    lost = sum(len(c.lost_evidence) for c in checks)
    extra = f"{new} new / {lost} lost evidence" if saved is not None else ""
    if not quiet:
        _summary("check", report, len(failing), extra)
    return EXIT_DRIFT if failing else EXIT_OK


@app.command(
    "eval",
    epilog="Examples:\n\n\b\n  claimcheck eval data/gold.yaml\n"
    "  claimcheck eval fever-labels.jsonl --format json\n"
    "  claimcheck eval data/gold.yaml --min-accuracy 0.9",
)
@_user_errors
def eval_cmd(
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
    report = _run_report(
        RunOptions(
            claims, articles, min_score, cache_dir, no_cache, jobs, engine, scheduler, quiet, as_of
        )
    )
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


def console() -> None:
    """The `claimcheck` console script and `python -m claimcheck`: run_once(), then exit at
    once (os._exit, as mypy does) instead of freeing what the run made object by object."""
    os._exit(run_once())


def run_once(argv: list[str] | None = None) -> int:
    """main() for a process that exits right after it: every run's findings are kept alive
    and the cycle collector stays off (a collection after a run walks its millions of
    findings for nothing: 0.7 s at 10,000 topical articles); stdout and stderr are flushed."""
    keep_until_exit()
    gc.disable()
    code = main(argv)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away (claimcheck report | head)
        code = code or EXIT_ERROR
    return code


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (tests and embedders call this)."""
    signal.signal(signal.SIGTERM, on_sigterm)
    command = typer.main.get_command(app)
    return int(command.main(args=argv, prog_name="claimcheck", standalone_mode=False))
