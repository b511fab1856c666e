"""The options the commands share, and how their values are read."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..claims_reader import VERDICTS
from ..dates import Date, parse_as_of
from ..formats.registry import Format

DEFAULT_CLAIMS = Path("data/claims.yaml")
DEFAULT_ARTICLES = Path("data/articles")


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


ClaimsOpt = Annotated[
    Path,
    typer.Option(
        "--claims",
        help="The claims file (default: data/claims.yaml in the working folder, or the "
        "configuration file's `claims`).",
        dir_okay=False,
        show_default=False,
    ),
]
ArticlesOpt = Annotated[
    Path,
    typer.Option(
        "--articles",
        help="The folder of articles, .txt and .md (default: data/articles in the working "
        "folder, or the configuration file's `articles`).",
        file_okay=False,
        show_default=False,
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
SemanticOpt = Annotated[
    bool,
    typer.Option(
        "--semantic",
        help="Show the passages closest in meaning to an absent claim, across French and "
        "English too (the 'semantic' extra: pip install 'claimcheck-news[semantic]'). They "
        "are places to look, never evidence.",
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


SelectOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--select",
        metavar="ID",
        help="Check only these claims (repeat the option, or separate ids by commas).",
    ),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option("--ignore", metavar="ID", help="Leave these claims out (as --select)."),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        metavar="TAG",
        help="Check only the claims with this tag (several: any of them).",
    ),
]


def as_of_date(value: str | None) -> Date | None:
    """--as-of's date (a usage error when it is not one)."""
    if value is None:
        return None
    try:
        return parse_as_of(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _as_of_checked(value: str | None) -> str | None:
    """--as-of checked as the command line is parsed, before anything is read or scored."""
    as_of_date(value)
    return value


def _language_checked(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        raise typer.BadParameter(f"{value!r} is not a language tag such as fr or en-GB")
    return value


LanguageOpt = Annotated[
    str | None,
    typer.Option(
        "--language",
        metavar="TAG",
        help="claimreview: the claims' language, e.g. fr or en-GB (default: a claim's own "
        "`language`, else guessed from its text).",
        callback=_language_checked,
    ),
]
IncludeAbsentOpt = Annotated[
    bool,
    typer.Option(
        "--include-absent",
        help="claimreview: also export the claims found absent (they have nothing to rate).",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Leave out articles dated after DATE (YYYY, YYYY-MM or YYYY-MM-DD): what was "
        "known then. Undated articles are kept.",
        callback=_as_of_checked,
    ),
]


def verdict_list(value: str | None) -> frozenset[str]:
    """--fail-on's verdicts."""
    if not value:
        return frozenset()
    items = frozenset(v.strip() for v in value.split(",") if v.strip())
    bad = sorted(items - set(VERDICTS))
    if bad:
        raise typer.BadParameter(f"{', '.join(bad)} (choose from {', '.join(VERDICTS)})")
    return items
