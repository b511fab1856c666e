"""Making untrusted article text and file names inert for a terminal (and any output)."""

from __future__ import annotations

import re

# Bidi embeddings/overrides/isolates can reorder what a terminal shows (Trojan Source).
_BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
_UNSAFE = re.compile("[" + "".join(re.escape(c) for c in _BIDI) + r"\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


# line and paragraph separators: YAML (and some viewers) break lines there
_BREAKS = "\u2028\u2029"
_UNSAFE_IN_YAML = re.compile(f"[{_BREAKS}]")


def for_yaml_comment(text: str) -> str:
    """Untrusted text made safe to follow a '#' in YAML: on one line by YAML's reckoning too
    (it ends a comment at U+2028 and U+2029 as at a newline), control characters escaped."""
    return _UNSAFE_IN_YAML.sub(_escape, for_terminal(text))


def for_terminal(text: str) -> str:
    """Show control characters (ESC, CR, BS, bidi overrides ...) as visible escapes, on one line."""
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _UNSAFE.sub(_escape, text)


# what GitHub turns into a mention or a link in Markdown: @name, scheme://, www.
_LIVE = re.compile(r"@(?=\w)|(?<=\w):(?=//)|\b(?<![./])www(?=\.)", re.IGNORECASE)


def inert_links(text: str) -> str:
    """Markdown text in which GitHub finds no @mention, bare URL or www. link: a zero-width
    space follows each '@' and ':' of '://', and a 'www' before its dot; a reader sees the
    same text."""
    return _LIVE.sub(lambda m: m.group() + "\u200b", text)


# in a file's name: a backslash (the escapes' own sign), the bytes that were not UTF-8 (which
# Python keeps as lone surrogates), control characters, bidi marks and line separators
_NAME_UNSAFE = re.compile(
    "[\\\\" + "".join(re.escape(c) for c in _BIDI + _BREAKS) + r"\x00-\x1f\x7f-\x9f\ud800-\udfff]"
)
_NAME_ESCAPE = re.compile(r"\\(?:\\|x([0-9a-f]{2})|u([0-9a-f]{4}))")


def _escape_name(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code == 0x5C:
        return "\\\\"
    if code < 0x80:  # C0 controls, DEL
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8: the byte itself
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"  # C1 controls, bidi marks, other lone surrogates


def shown_name(name: str) -> str:
    """A file's name (or path) as every output and message shows it: valid UTF-8 on one line
    with no control characters. Other names are kept as they are; these become escapes: a
    byte that is not UTF-8 or a control character as \\xNN, a bidi mark as \\u202e, and a
    backslash doubled (so that two names are never shown alike: see name_bytes)."""
    return _NAME_UNSAFE.sub(_escape_name, name)


def name_bytes(shown: str) -> bytes:
    """The bytes of the name that shown_name() showed (for a URI of the file)."""
    out = bytearray()
    pos = 0
    for m in _NAME_ESCAPE.finditer(shown):
        out += shown[pos : m.start()].encode("utf-8", "surrogatepass")
        if m.group(1):
            out.append(int(m.group(1), 16))
        elif m.group(2):
            out += chr(int(m.group(2), 16)).encode("utf-8", "surrogatepass")
        else:
            out += b"\\"
        pos = m.end()
    out += shown[pos:].encode("utf-8", "surrogatepass")
    return bytes(out)
