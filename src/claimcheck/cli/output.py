"""What a command hands to a format (Output), and where the format's text goes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import typer

from ..claims import Claim, ClaimsFile
from ..errors import ClaimcheckError
from ..fileio import stdout_errors, write_atomic
from ..formats.registry import Format, streamer
from ..pipeline import Report
from ..report import ClaimCheck, Lookup, Output
from ..text import guess_language
from .running import warn
from .terminal import Look, colored


@dataclass(frozen=True, kw_only=True)
class Publish:
    """Where the report comes from and who publishes it (html, claimreview)."""

    claims: Path
    publisher: str | None = None
    review_url: str | None = None
    claims_file: ClaimsFile | None = None  # the claims' source and the newsroom's labels
    language: str | None = None  # --language: the claims' default language
    include_absent: bool = False
    quiet: bool = False


def output_of(
    command: Literal["verify", "report", "check"],
    checks: tuple[ClaimCheck, ...],
    report: Report,
    fmt: Format,
    publish: Publish,
    lookup: Lookup | None = None,
    strict: bool = False,
) -> Output:
    """The Output of a command's checks (warning of what claimreview lacks)."""
    claims_of: dict[str, Claim] = {}
    if publish.claims_file is not None:
        claims_of = {c.id: c for c in publish.claims_file.peers or publish.claims_file.claims}
    if lookup is not None:
        claims_of.setdefault(lookup.claim.id, lookup.claim)
    languages: dict[str, str] = {}
    if fmt is Format.claimreview:
        for c in checks:
            own = claims_of.get(c.result.id)
            found = (own.language if own else None) or publish.language
            found = found or guess_language(c.result.claim)
            if found:
                languages[c.result.id] = found
        absent = sum(c.result.verdict == "absent" for c in checks)
        if absent and not publish.include_absent and not publish.quiet:
            typer.echo(
                f"claimcheck: note: {absent} absent claim(s) not exported: nothing to rate "
                "(--include-absent exports them)",
                err=True,
            )
        if not publish.publisher:
            warn("no --publisher: the reviews have no author, which search engines require")
        if not publish.review_url:
            warn(
                "no --review-url: each review's url is a bare '#claim-<id>'; search engines "
                "require the page's address"
            )
    return Output(
        command=command,
        checks=checks,
        lookup=lookup,
        articles=report.articles,
        passages=report.passages,
        strict=strict,
        as_of=report.as_of,
        meta=report.meta,
        claims_file=publish.claims.as_posix(),
        run_date=run_date() if fmt in (Format.html, Format.claimreview) else None,
        publisher=publish.publisher,
        review_url=publish.review_url,
        claims_of=claims_of,
        languages=languages,
        labels=publish.claims_file.labels if publish.claims_file is not None else {},
        include_absent=publish.include_absent,
    )


def run_date() -> str:
    """Today (UTC), or the date of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
        except (ValueError, OverflowError, OSError):
            raise ClaimcheckError(
                f"SOURCE_DATE_EPOCH must be a number of seconds, not {epoch!r}"
            ) from None
    return dt.datetime.now(dt.UTC).date().isoformat()


def emit(fmt: Format, out: Output, output: Path | None, look: Look | None = None) -> None:
    """Render; print to stdout, or write the file atomically with --output (never coloured).
    `check` lists every claim on a terminal or with -v, else only those not as expected;
    it (and the concise format) ends with the summary line, unless -q."""
    look = look or Look()
    tty = output is None and sys.stdout.isatty()
    color_on = output is None and colored(look.color, sys.stdout)
    width = (
        shutil.get_terminal_size((100, 24)).columns
        if tty
        else int(os.environ.get("COLUMNS") or 100)
    )
    out = replace(
        out,
        color=color_on,
        width=max(40, width),
        terminal=tty,
        listing="all" if out.command != "check" or look.verbose or tty else "problems",
        tally=not look.quiet and (out.command == "check" or fmt is Format.concise),
    )
    chunks = streamer(fmt)(out)
    if output is None:
        with stdout_errors():
            for chunk in chunks:
                typer.echo(chunk, nl=False, color=color_on)
    else:
        write_atomic(output, chunks)
