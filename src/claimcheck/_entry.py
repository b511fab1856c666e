"""The console script: a Ctrl-C or a kill while the command starts ends as one later would."""

from __future__ import annotations

import os
import signal
import sys

from .cli.exits import on_sigterm, stopped


def console() -> None:
    """Run the command line with SIGINT and SIGTERM handled from the start: importing it and
    building its commands take a few tenths of a second, and a signal then printed a
    traceback (Ctrl-C) or ended the process by the default action (a kill), where a running
    command prints one line. (The command's own handling prints the same line later.)"""
    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        from .cli.app import console as run

        run()  # ends the process
    except KeyboardInterrupt as exc:
        line, status = stopped(exc)
        sys.stderr.write(f"{line}\n")
        sys.stderr.flush()
        os._exit(status)
