"""How every entry point turns a failure into one line on stderr and an exit status."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from typer._click.exceptions import NoArgsIsHelpError
from typer.core import TyperGroup

from ..errors import ClaimcheckError, InputError
from .exits import EXIT_ERROR, EXIT_OK, INTERRUPTED, stopped


def status_of(call: Callable[[], Any]) -> int:
    """Run a command-line entry point; turn every failure into one line on stderr and a status."""
    try:
        rv = call()
    except typer.Exit as exc:
        return int(exc.exit_code)
    except Stopped as stop:
        line, status = stopped(stop.signal)
        typer.echo(line, err=True)
        return status
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("claimcheck: interrupted", err=True)
        return INTERRUPTED
    except NoArgsIsHelpError as exc:
        # bare `claimcheck`: the help as help (on stderr: nothing was asked for), not
        # squashed into one error line
        typer.echo(exc.format_message().rstrip("\n"), err=True)
        return EXIT_ERROR
    except typer.TyperException as exc:
        # usage errors: bad option, bad value, missing argument
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        typer.echo(f"claimcheck: error: {' '.join(text.split())}{hint}", err=True)
        return EXIT_ERROR
    return int(rv) if isinstance(rv, int) else EXIT_OK


class Stopped(Exception):  # noqa: N818 - a signal, not an error
    """A Ctrl-C or a kill while the command line is parsed, before a command runs: typer turns
    it into a silent exit 130 (also for a kill); raised past typer, it gets its one line."""

    def __init__(self, signal: KeyboardInterrupt) -> None:
        super().__init__()
        self.signal = signal


class Group(TyperGroup):
    """Every entry point (console script, `python -m`, test runner) gets the same errors."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt as exc:
            raise Stopped(exc) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise Stopped(exc) from None

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        code = status_of(lambda: super(Group, self).main(*args, **kwargs))
        if standalone_mode:
            sys.exit(code)
        return code


F = TypeVar("F", bound=Callable[..., Any])


def user_errors(fn: F) -> F:
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
