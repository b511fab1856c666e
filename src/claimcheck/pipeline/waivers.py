"""A claim's `waive:` applied: the waived passages' evidence taken out of its findings before
its verdict, and shown apart."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ..claims import Claim
from ..claims_reader import Waiver
from ..corpus import display_name
from ..engine import conclude
from ..matching.found import Findings, Found, findings_of
from ..report import Waived


def in_folder(article: str, root: Path) -> str:
    """An article's display path relative to the articles folder, as waivers name it."""
    return Path(os.path.relpath(article, display_name(root))).as_posix()


def waiver_for(waivers: Iterable[Waiver], article: str, line: int, column: int) -> Waiver | None:
    for w in waivers:
        if w.article == article and w.line == line and w.column in (None, column):
            return w
    return None


def split_waived(
    claim: Claim, findings: Iterable[Findings], root: Path
) -> tuple[list[Findings], list[tuple[Found, Waiver]]]:
    """The findings without the waived evidence, and the waived evidence with its waiver."""
    if not claim.waive:
        return list(findings), []
    kept: list[Findings] = []
    waived: list[tuple[Found, Waiver]] = []
    for f in findings:
        keep = []
        for e in f.evidence:
            w = waiver_for(claim.waive, in_folder(e.article, root), e.line, e.column)
            if w is None:
                keep.append(e)
            else:
                waived.append((e, w))
        kept.append(f if len(keep) == len(f.evidence) else f._replace(evidence=tuple(keep)))
    return kept, waived


def shown_waived(
    claim: Claim,
    waived: list[tuple[Found, Waiver]],
    dates: Mapping[str, str | None],
    texts: Callable[[str], str | None],
) -> tuple[Waived, ...]:
    """The waived evidence as a report shows it, strongest first, each with its waiver."""
    if not waived:
        return ()
    alone = conclude(
        claim,
        [findings_of(evidence=tuple(e for e, _ in waived))],
        dates=dates,
        texts=texts,
        max_evidence=0,
    )
    by_place = {(e.article, e.line, e.column): w for e, w in waived}
    return tuple(
        Waived(
            evidence=e,
            passage=by_place[(e.article, e.line, e.column)].passage,
            reason=by_place[(e.article, e.line, e.column)].reason,
        )
        for e in alone.evidence
    )
