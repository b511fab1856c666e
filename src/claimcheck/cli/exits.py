"""Exit statuses, and how a Ctrl-C or a kill ends the command line (kept light: the console
script imports it before anything else)."""

from __future__ import annotations

EXIT_OK, EXIT_DRIFT, EXIT_ERROR = 0, 1, 2  # done, a check or eval failed, bad input or usage
INTERRUPTED, TERMINATED = 130, 143  # Ctrl-C, a kill


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an exception so that temporary files are cleaned up."""


def on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


def stopped(signal: KeyboardInterrupt) -> tuple[str, int]:
    """The line and exit status of a run that a Ctrl-C or a kill (Terminated) stopped."""
    if isinstance(signal, Terminated):
        return "claimcheck: terminated", TERMINATED
    return "claimcheck: interrupted", INTERRUPTED
