"""The output formats by name: a new format is a module in this package, listed here."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from typing import Final

from ..report import Output
from . import (
    claimreview,
    concise,
    csv,
    github,
    html,
    json,
    jsonl,
    junit,
    markdown,
    sarif,
    table,
)
from .interface import Streams, Whole


class Format(StrEnum):
    """The names --format takes."""

    table = "table"
    concise = "concise"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    html = "html"
    claimreview = "claimreview"


FORMATS: Final[Mapping[Format, Streams]] = {
    Format.table: Whole(table),
    Format.concise: Whole(concise),
    Format.json: json,
    Format.jsonl: jsonl,
    Format.csv: Whole(csv),
    Format.markdown: Whole(markdown),
    Format.github: Whole(github),
    Format.sarif: Whole(sarif),
    Format.junit: Whole(junit),
    Format.html: html,
    Format.claimreview: claimreview,
}


def renderer(fmt: Format) -> Callable[[Output], str]:
    """The render function of a format."""
    return FORMATS[fmt].render


def streamer(fmt: Format) -> Callable[[Output], Iterator[str]]:
    """A format's output in chunks (see Streams)."""
    return FORMATS[fmt].stream
