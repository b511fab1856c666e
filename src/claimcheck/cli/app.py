"""The `claimcheck` command line: its commands, each from its module, and how it is run."""

from __future__ import annotations

import gc
import os
import signal
import sys
from typing import Annotated

import typer

from .. import __version__, engine_build
from . import check, eval, report, suggest, verify
from .exits import EXIT_ERROR, EXIT_OK, on_sigterm
from .handling import Group

app = typer.Typer(
    cls=Group,
    name="claimcheck",
    help="Check curated claims against a folder of news articles, offline and reproducibly.",
    add_completion=True,  # --install-completion, --show-completion
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimcheck {__version__} ({engine_build()})")
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


# the commands, in the order --help lists them: a new command is a module of this package
# with its function (and EPILOG), listed here
app.command("verify", epilog=verify.EPILOG)(verify.verify_cmd)
app.command("report", epilog=report.EPILOG)(report.report_cmd)
app.command("suggest", epilog=suggest.EPILOG)(suggest.suggest_cmd)
app.command("check", epilog=check.EPILOG)(check.check_cmd)
app.command("eval", epilog=eval.EPILOG)(eval.eval_cmd)


def console() -> None:
    """The `claimcheck` console script and `python -m claimcheck`: run_once(), then exit at
    once (os._exit, as mypy does) instead of freeing what the run made object by object."""
    os._exit(run_once())


def run_once(argv: list[str] | None = None) -> int:
    """main() for a process that exits right after it: every run's findings are kept alive
    and the cycle collector stays off (a collection after a run walks its millions of
    findings for nothing: 0.7 s at 10,000 topical articles); stdout and stderr are flushed."""
    gc.disable()
    code = main(argv, keep=[])
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away (claimcheck report | head)
        code = code or EXIT_ERROR
    return code


def main(argv: list[str] | None = None, keep: list[object] | None = None) -> int:
    """Run the command line; returns the exit status (tests and embedders call this). What
    the runs made is kept in `keep` when given (see RunRequest.keep)."""
    signal.signal(signal.SIGTERM, on_sigterm)
    command = typer.main.get_command(app)
    return int(command.main(args=argv, prog_name="claimcheck", standalone_mode=False, obj=keep))
