"""Making untrusted article text inert for a terminal."""

from __future__ import annotations

import re

# Bidi embeddings/overrides/isolates can reorder what a terminal shows (Trojan Source).
_BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
_UNSAFE = re.compile("[" + "".join(re.escape(c) for c in _BIDI) + r"\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def for_terminal(text: str) -> str:
    """Show control characters (ESC, CR, BS, bidi overrides ...) as visible escapes, on one line."""
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _UNSAFE.sub(_escape, text)
