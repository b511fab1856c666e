"""Choosing claims: --select, --ignore and --tag (and their configuration keys)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import replace

from .claims import ClaimsFile
from .errors import ClaimcheckError


def _names(values: Sequence[str]) -> list[str]:
    """Option values, each repeatable and comma-separated: ["a,b", "c"] -> [a, b, c]."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def choose(
    cf: ClaimsFile, select: Sequence[str] = (), ignore: Sequence[str] = (), tags: Sequence[str] = ()
) -> ClaimsFile:
    """The claims --select, --tag and --ignore leave (all of them by default): the selected
    ids, of those the ones with any of the tags, less the ignored ids. An id or a tag the file
    does not have is an error (with "did you mean"); so is a choice that leaves nothing. The
    whole file stays the claims' peers, so that each claim is checked as in a full run."""
    select, ignore, tags = _names(select), _names(ignore), _names(tags)
    if not (select or ignore or tags):
        return cf
    ids = [c.id for c in cf.claims]
    known_tags = sorted({t for c in cf.claims for t in c.tags})
    for option, wanted, known in (
        ("--select", select, ids),
        ("--ignore", ignore, ids),
        ("--tag", tags, known_tags),
    ):
        for name in wanted:
            if name not in known:
                hint = difflib.get_close_matches(name, known, n=1)
                said = f" (did you mean {hint[0]!r}?)" if hint else ""
                what = "claim" if option != "--tag" else "claim tagged"
                raise ClaimcheckError(f"{option} {name}: no {what} {name!r} in {cf.path}{said}")
    chosen = [
        c
        for c in cf.claims
        if (not select or c.id in select)
        and (not tags or set(tags) & set(c.tags))
        and c.id not in ignore
    ]
    if not chosen:
        raise ClaimcheckError("--select, --tag and --ignore leave no claim to check")
    return replace(cf, claims=tuple(chosen), peers=cf.peers or cf.claims)
