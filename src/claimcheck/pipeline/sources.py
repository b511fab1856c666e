"""The articles a run reads: their bytes and hashes, their dates and titles, their language."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..corpus import Warn, article_files, display_name, parse_article, read_bytes, sniff
from ..dates import METADATA_FILE, ArticleInfo, date_of, load_metadata
from ..report import ArticleMeta
from ..text import guess_language


@dataclass
class Source:
    """One article file as read: its path as shown, its bytes and their hash."""

    display: str
    data: bytes
    hash: str


def read_sources(root: Path, warn: Warn) -> tuple[list[Source], int]:
    """Every article file's bytes and content hash; the count of skipped files."""
    sources, skipped = [], 0
    for path in article_files(root):
        display = display_name(path)
        data = read_bytes(path, display, warn)
        if data is None:
            skipped += 1
            continue
        sources.append(Source(display, data, hashlib.sha256(data).hexdigest()))
    return sources, skipped


def article_meta(
    root: Path, sources: list[Source], warn: Warn, infos: dict[str, ArticleInfo] | None = None
) -> dict[str, ArticleMeta]:
    """Every article's date and title: front matter, then metadata.yaml (`infos`, read when
    not given), then a date line."""
    if infos is None:
        infos = load_metadata(root)
    out: dict[str, ArticleMeta] = {}
    seen: set[str] = set()
    for s in sources:
        relative = Path(os.path.relpath(s.display, display_name(root))).as_posix()
        info = infos.get(relative)
        if info is not None:
            seen.add(relative)
        meta, body = sniff(s.data)
        when, origin = date_of(meta, body, info)
        title = meta.get("title")
        url = meta.get("url")
        out[s.display] = ArticleMeta(
            date=when.text if when else None,
            date_from=origin,
            title=str(title) if title is not None else (info.title if info else None),
            url=str(url) if url is not None else (info.url if info else None),
            source=str(meta["source"]) if "source" in meta else (info.source if info else None),
        )
    for relative in sorted(set(infos) - seen):
        warn(f"{(root / METADATA_FILE).as_posix()}: no article {relative!r} in the folder")
    return out


def sample_language(root: Path, sample: int = 20) -> str | None:
    """The articles' language, from the first few (front matter `lang`, else a guess); None
    when they are written in more than one (a claim in either may then match literally)."""
    votes: dict[str, int] = {}
    for path in article_files(root)[:sample]:
        data = read_bytes(path, path.as_posix(), lambda m: None)
        if data is None:
            continue
        article = parse_article(data[:20000], path.as_posix(), lambda m: None)
        lang = article.meta.get("lang")
        try:
            guess = str(lang)[:2].lower() if lang else guess_language(article.text)
        except ValueError:  # a number of thousands of digits before "millions": no vote
            continue
        if guess:
            votes[guess] = votes.get(guess, 0) + 1
    return next(iter(votes)) if len(votes) == 1 else None
