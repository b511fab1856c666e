"""Whether to colour, and what a terminal is told: --color, NO_COLOR, FORCE_COLOR, -q and -v."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, TextIO

import typer


class Color(StrEnum):
    """The values --color takes."""

    auto = "auto"
    always = "always"
    never = "never"


ColorOpt = Annotated[
    Color,
    typer.Option(
        "--color",
        help="Colour the output: auto (on a terminal, unless NO_COLOR is set; always when "
        "FORCE_COLOR is), always, never.",
        case_sensitive=False,
    ),
]
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="Print only what is wrong: no progress bar, no notes, no summary line.",
    ),
]
VerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="Print everything: every claim (not only those not as expected), the notes, and "
        "the run's statistics on stderr.",
    ),
]


def colored(choice: Color, stream: TextIO) -> bool:
    """Whether output to `stream` is coloured: --color always or never decides; with auto, a
    non-empty NO_COLOR turns colour off, a non-empty FORCE_COLOR on, else a terminal does
    (no-color.org, force-color.org; a command-line flag overrides both)."""
    if choice is Color.always:
        return True
    if choice is Color.never:
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


@dataclass(frozen=True, kw_only=True)
class Look:
    """What a command prints besides its report: --color, -q, -v."""

    color: Color = Color.auto
    quiet: bool = False
    verbose: bool = False

    @property
    def notes(self) -> bool:
        """Notes (what --as-of left out, the curated claim used ...): unless -q."""
        return not self.quiet

    @property
    def stats(self) -> bool:
        """The run's statistics line on stderr: with -v, or on a terminal unless -q."""
        return self.verbose or (not self.quiet and sys.stderr.isatty())
