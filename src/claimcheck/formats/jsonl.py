"""JSON Lines: one claim per line, the same object as in the JSON format."""

from __future__ import annotations

import json

from . import Output
from .json import claim_dict


def render(out: Output) -> str:
    return "".join(json.dumps(claim_dict(c, out), ensure_ascii=False) + "\n" for c in out.checks)
