"""What a format provides: render() (the whole output) and, where it can, stream() (chunks)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from ..report import Output


class Renders(Protocol):
    """A format made in one piece (a format module with a module-level render)."""

    def render(self, out: Output, /) -> str: ...


class Streams(Renders, Protocol):
    """A format that also gives its output in chunks, one claim at a time where it allows, so
    that writing a large report never holds all of it in memory."""

    def stream(self, out: Output, /) -> Iterator[str]: ...


@dataclass(frozen=True)
class Whole:
    """A format made in one piece, streamed as that one piece (its layout or its limits are
    worked out over every claim: table widths, GitHub's annotation and summary caps, ...)."""

    format: Renders

    def render(self, out: Output, /) -> str:
        return self.format.render(out)

    def stream(self, out: Output, /) -> Iterator[str]:
        yield self.format.render(out)
