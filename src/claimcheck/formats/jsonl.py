"""JSON Lines: one claim per line, the same object as in the JSON format."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..report import Output
from .json import claim_dict


def stream(out: Output) -> Iterator[str]:
    for check in out.checks:
        yield json.dumps(claim_dict(check, out), ensure_ascii=False) + "\n"


def render(out: Output) -> str:
    return "".join(stream(out))
