"""Reading articles (encodings, front matter) and splitting them into sentence passages."""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import yaml

from . import yamlio
from .errors import InputError
from .sanitize import shown_name
from .text import Token, tokens_of

ARTICLE_SUFFIXES: Final = (".txt", ".md")


Warn = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Passage:
    """One sentence of an article: its text and where it starts."""

    article: str
    index: int
    line: int
    column: int
    start: int
    end: int
    text: str

    # Hot value classes spell out their __init__: mypyc compiles it, where the one @dataclass
    # writes runs interpreted (20 times slower: a topical shard builds a quarter of a million
    # such values). object.__setattr__ as @dataclass's own does, for a frozen class.
    def __init__(
        self, article: str, index: int, line: int, column: int, start: int, end: int, text: str
    ) -> None:
        object.__setattr__(self, "article", article)
        object.__setattr__(self, "index", index)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "column", column)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "text", text)

    @property
    def tokens(self) -> tuple[Token, ...]:
        """The sentence's tokens (computed on demand: most passages are never matched)."""
        return tokens_of(self.text)

    @property
    def quote(self) -> str:
        """The sentence as displayed: whitespace folded to single spaces."""
        return " ".join(self.text.split())


@dataclass(frozen=True, slots=True)
class Article:
    """An article file with its metadata and passages."""

    path: str
    meta: dict[str, object]
    body_offset: int
    text: str
    passages: tuple[Passage, ...]
    encoding: str

    def __init__(
        self,
        path: str,
        meta: dict[str, object],
        body_offset: int,
        text: str,
        passages: tuple[Passage, ...],
        encoding: str,
    ) -> None:
        object.__setattr__(self, "path", path)  # see Passage.__init__
        object.__setattr__(self, "meta", meta)
        object.__setattr__(self, "body_offset", body_offset)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "passages", passages)
        object.__setattr__(self, "encoding", encoding)


def decode(data: bytes) -> tuple[str, str, bool]:
    """Decode article bytes; returns (text, encoding, lossy)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig", False
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16", False
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        # cp1252 decodes most bytes; trust it only when the result looks like prose
        controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
        if controls <= len(text) // 1000:
            return text, "cp1252", False
    return data.decode("utf-8", errors="replace"), "utf-8", True


_FRONT_MATTER: Final = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(text: str, path: str, warn: Warn) -> tuple[dict[str, object], int]:
    """Parse an optional YAML front matter; returns (metadata, offset of the body)."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, 0
    try:
        meta = yamlio.load(m.group(1) or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 2}:{mark.column + 1}" if mark else path
        warn(f"{where}: front matter is not valid YAML; reading the body anyway")
        return {}, m.end()
    if not isinstance(meta, dict):
        warn(f"{path}:1:1: front matter is not a mapping; ignored")
        return {}, m.end()
    return {str(k): v for k, v in meta.items()}, m.end()


# Sentence ends: terminal punctuation, then optional closing quotes/brackets, then space
# and something that can start a sentence. Linear in any text: a match starts only where a
# run of terminal punctuation starts and takes all of it (a shorter run is followed by more
# punctuation, so never ends a sentence), and the whitespace is taken whole (what follows it
# is an opener, a capital or neither); backtracking over both made a run of 25,000 dots, or
# a stop and 25,000 spaces, before a lowercase letter cost seconds. The pattern opens with
# the punctuation itself (the run's start is checked behind its first character): the regex
# engine then skips to the next stop in C, where an opening look-behind was tried at every
# character (two fifths of segmenting a sparse archive's articles).
_SENT_END: Final = re.compile(
    r"[.!?\u2026](?<![.!?\u2026][.!?\u2026])[.!?\u2026]*+"
    r"(?:[ \u00a0\u202f]?[\"'\u00bb\u201d\u2019)\]])*"
    r"(?=\s++[\"'\u00ab\u201c(\[\-\u2013\u2014]?+\s*+[A-Z\u00c0-\u00de\d])",
)
_ABBREV: Final = frozenset(
    [
        "m",
        "mm",
        "mme",
        "mlle",
        "dr",
        "st",
        "p",
        "pp",
        "cf",
        "etc",
        "corp",
        "inc",
        "ltd",
        "co",
        "jr",
        "sr",
        "vs",
        "av",
        "apr",
        "env",
        "n",
        "no",
        "art",
        "ch",
        "fig",
        "mr",
        "mrs",
        "ms",
        "prof",
        "gen",
        "sen",
        "rep",
        "gov",
        "dept",
    ]
)
_TERMINAL: Final = re.compile(r"[.!?\u2026:;](?:[ \u00a0\u202f]?[\"'\u00bb\u201d\u2019)\]])*\s*$")


def _paragraph_ranges(text: str) -> Iterator[tuple[int, int]]:
    """Paragraph spans (start, end) covering text; a paragraph ends after a blank line
    or after a line that reads as complete on its own (a heading, an ended sentence)."""
    lines = text.splitlines(keepends=True)
    lengths = sorted(len(ln.rstrip()) for ln in lines if ln.strip())
    # A file whose lines stop near one width is hard-wrapped; its short lines are headings.
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    wrapped = 30 <= width <= 120
    start = pos = 0
    for i, line in enumerate(lines):
        pos += len(line)
        body = line.strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if not body:
            continue
        continues = (
            bool(nxt)
            and not _TERMINAL.search(body)
            and (
                nxt[0].islower()
                or nxt[0] in ",;:)"
                or (wrapped and len(line.rstrip()) >= 0.6 * width)
            )
        )
        if not continues:
            # absorb the blank lines that follow into this paragraph
            j = i + 1
            end = pos
            while j < len(lines) and not lines[j].strip():
                end += len(lines[j])
                j += 1
            yield start, end
            start = end
    if start < len(text):
        yield start, len(text)


def _letter(c: str) -> bool:
    """Whether a character is one that [^\\W\\d_] matches (a word character, not a digit)."""
    return c.isalnum() and not c.isdecimal()


def _sentence_cuts(text: str, start: int, end: int) -> Iterator[int]:
    """Offsets inside [start, end) after which a new sentence begins."""
    for m in _SENT_END.finditer(text, start, end):
        stop = m.start()
        if text[stop] == ".":
            # the word before the stop (within 40 characters): letters are what [^\W\d_]
            # matches, read backwards without a regular expression searched from each offset
            first = stop
            while first > max(start, stop - 40) and _letter(text[first - 1]):
                first -= 1
            word = text[first:stop]
            if word and (word.casefold() in _ABBREV or len(word) == 1):
                continue
        cut = m.end()
        while cut < end and text[cut].isspace():
            cut += 1
        if cut < end:
            yield cut


def segment(text: str, article: str = "", body_offset: int = 0) -> list[Passage]:
    """Split text[body_offset:] into sentence passages that together cover every character."""
    passages: list[Passage] = []
    # line_starts[k] = offset of line k+1
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    cuts: list[int] = [body_offset]
    for p_start, p_end in _paragraph_ranges_from(text, body_offset):
        if p_start != cuts[-1]:
            cuts.append(p_start)
        cuts.extend(_sentence_cuts(text, p_start, p_end))
    cuts.append(len(text))
    cuts = _bounded(text, cuts)
    line_idx = 0
    for a, b in zip(cuts, cuts[1:], strict=False):
        if b <= a:
            continue
        chunk = text[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        first = a + lead if lead < len(chunk) else a
        while line_idx + 1 < len(line_starts) and line_starts[line_idx + 1] <= first:
            line_idx += 1
        passages.append(
            Passage(
                article=article,
                index=len(passages),
                line=line_idx + 1,
                column=first - line_starts[line_idx] + 1,
                start=a,
                end=b,
                text=chunk,
            )
        )
    return passages


# A "sentence" longer than this (a page with no punctuation, a scraped blob) is cut at
# spaces, so that no passage costs more than a sentence to match.
MAX_PASSAGE_CHARS: Final = 2000


def _bounded(text: str, cuts: list[int]) -> list[int]:
    out = [cuts[0]]
    for b in cuts[1:]:
        a = out[-1]
        while b - a > MAX_PASSAGE_CHARS:
            limit = a + MAX_PASSAGE_CHARS
            space = text.rfind(" ", a + MAX_PASSAGE_CHARS // 2, limit)
            a = space + 1 if space > 0 else limit
            out.append(a)
        out.append(b)
    return out


def _paragraph_ranges_from(text: str, offset: int) -> Iterator[tuple[int, int]]:
    for a, b in _paragraph_ranges(text[offset:]):
        yield a + offset, b + offset


def read_bytes(path: Path, display: str, warn: Warn) -> bytes | None:
    """An article file's bytes; None (with a warning) when it must be skipped."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        warn(f"{display}: cannot read ({exc.strerror or exc}); skipped")
        return None
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        warn(f"{display}: looks binary (NUL bytes); skipped")
        return None
    return data


def parse_article(data: bytes, display: str, warn: Warn) -> Article:
    """Decode, split off the front matter and segment an article."""
    text, encoding, lossy = decode(data)
    if lossy:
        warn(f"{display}: not valid UTF-8 and no legacy encoding fits; read with replacement")
    meta, body = split_front_matter(text, display, warn)
    return Article(
        path=display,
        meta=meta,
        body_offset=body,
        text=text,
        passages=tuple(segment(text, display, body)),
        encoding=encoding,
    )


def sniff(data: bytes) -> tuple[dict[str, object], str]:
    """An article's front matter and the start of its body, cheaply and silently (for dates
    and titles; parse_article does the real reading and warns)."""
    head = data[:65536]
    text, _, _ = decode(head)
    meta, body = split_front_matter(text, "", lambda m: None)
    return meta, text[body : body + 400]


def read_article(path: Path, display: str, warn: Warn) -> Article | None:
    """Read one article file; None (with a warning) when it must be skipped."""
    data = read_bytes(path, display, warn)
    return None if data is None else parse_article(data, display, warn)


def display_name(path: Path) -> str:
    """How an article file is named in every report, message and cache key: its path, with
    bytes that are not UTF-8 and control characters escaped (see sanitize.shown_name)."""
    return shown_name(path.as_posix())


def article_files(root: Path) -> list[Path]:
    """Article files under root, sorted; links that leave root, or loop, are not followed."""
    if not root.is_dir():
        raise InputError(str(root), "articles folder not found")
    real_root = root.resolve()
    found: list[Path] = []
    seen: set[str] = set()

    def walk(folder: Path) -> None:
        real = os.path.realpath(folder)
        if real in seen:
            return  # a link loop, or a folder reached twice
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            path = folder / entry.name
            if entry.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    continue  # dangling or looping link
                if not target.is_relative_to(real_root):
                    continue
            if entry.is_dir():
                walk(path)
            elif entry.is_file() and entry.name.lower().endswith(ARTICLE_SUFFIXES):
                found.append(path)

    walk(root)
    return found


def load_corpus(root: Path, warn: Warn) -> list[Article]:
    """Every readable article under root, in path order."""
    articles = []
    for path in article_files(root):
        display = display_name(path)
        art = read_article(path, display, warn)
        if art is not None:
            articles.append(art)
    return articles
