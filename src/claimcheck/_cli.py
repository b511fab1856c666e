"""The command line: parses options, picks a format, prints, and sets the exit code."""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from . import __version__
from .claims import ClaimsFile, load_claims
from .engine import Corpus, run_report, verify
from .errors import ClaimcheckError, InputError
from .formats import Format, Output, renderer
from .text import guess_language

EXIT_OK, EXIT_DRIFT, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_CLAIMS = Path("data/claims.yaml")
DEFAULT_ARTICLES = Path("data/articles")


def _run(call: Callable[[], Any]) -> int:
    """Run a command-line entry point; turn every failure into one line on stderr and a status."""
    try:
        rv = call()
    except typer.Exit as exc:
        return int(exc.exit_code)
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


class _Group(TyperGroup):
    """Every entry point (console script, `python -m`, test runner) gets the same errors."""

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
        except ClaimcheckError as exc:
            typer.echo(f"{exc}" if isinstance(exc, InputError) else f"claimcheck: {exc}", err=True)
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper  # type: ignore[return-value]


def _warn(message: str) -> None:
    typer.echo(f"claimcheck: warning: {message}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimcheck {__version__}")
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


def _load_corpus(articles: Path) -> Corpus:
    corpus = Corpus.load(articles, _warn)
    if not corpus.articles:
        raise InputError(articles.as_posix(), "no readable .txt or .md article in this folder")
    return corpus


def _emit(fmt: Format, out: Output) -> None:
    tty = sys.stdout.isatty()
    color = tty and "NO_COLOR" not in os.environ
    width = (
        shutil.get_terminal_size((100, 24)).columns
        if tty
        else int(os.environ.get("COLUMNS") or 100)
    )
    out = Output(**{**out.__dict__, "color": color, "width": max(40, width)})
    typer.echo(renderer(fmt)(out), nl=False)


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
) -> None:
    """Check one claim: its verdict and the quotes behind it.

    A claim that matches a curated claim (or one of its aliases) in the claims file is
    checked with that claim's phrasings; any other text is matched literally."""
    if not any(t.isalnum() for t in claim):
        raise ClaimcheckError("the claim has no words to match")
    claims_file: ClaimsFile | None = None
    explicit = claims != DEFAULT_CLAIMS
    if explicit or claims.exists():
        claims_file = load_claims(claims)
    corpus = _load_corpus(articles)
    result, lookup = verify(claim, claims_file, corpus, min_score)
    if lookup.curated:
        typer.echo(
            f"claimcheck: using curated claim '{lookup.claim.id}' "
            f"({lookup.similarity:.0f}% similar)",
            err=True,
        )
    else:
        lang, corpus_lang = guess_language(claim), corpus.language()
        if lang and corpus_lang and lang != corpus_lang:
            typer.echo(
                f"claimcheck: note: the claim looks '{lang}' but the articles look "
                f"'{corpus_lang}'; literal matching across languages finds little. Add a "
                f"curated claim with '{corpus_lang}' phrasings to {claims.as_posix()}.",
                err=True,
            )
    _emit(fmt, Output("verify", (result,), lookup, len(corpus.articles), len(corpus.passages)))


@app.command(
    "report",
    epilog="Example:\n\n\b\n  claimcheck report\n"
    "  claimcheck report --claims my/claims.yaml --articles my/articles --format json",
)
@_user_errors
def report_cmd(
    claims: ClaimsOpt = DEFAULT_CLAIMS,
    articles: ArticlesOpt = DEFAULT_ARTICLES,
    min_score: MinScoreOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Check every claim of the claims file against the articles: one row per claim."""
    claims_file = load_claims(claims)
    corpus = _load_corpus(articles)
    report = run_report(claims_file, corpus, min_score)
    _emit(fmt, Output("report", report.claims, None, report.articles, report.passages))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `claimcheck` console script; returns the exit status."""
    command = typer.main.get_command(app)
    return int(command.main(args=argv, prog_name="claimcheck", standalone_mode=False))
