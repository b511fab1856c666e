"""Output formats: one module each, behind `render(output) -> str`, chosen by `Format`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from ..engine import Lookup
from ..verdict import ClaimResult


class Format(StrEnum):
    """The output formats of `verify` and `report`."""

    table = "table"
    json = "json"


@dataclass(frozen=True)
class Output:
    """What a command hands to a format."""

    command: Literal["verify", "report"]
    results: tuple[ClaimResult, ...]
    lookup: Lookup | None = None
    articles: int = 0
    passages: int = 0
    color: bool = False
    width: int = 100


def renderer(fmt: Format) -> Callable[[Output], str]:
    """The render function of a format."""
    if fmt is Format.table:
        from . import table

        return table.render
    if fmt is Format.json:
        from . import json

        return json.render
    raise AssertionError(fmt)  # pragma: no cover - every member is handled above
