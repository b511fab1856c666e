"""Shared helpers: build a corpus from strings and check one claim against it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from claimcheck.claims import Claim
from claimcheck.engine import check_claim
from claimcheck.matching import found as found_module
from claimcheck.matching.found import Found
from claimcheck.matching.passages import Corpus
from claimcheck.report import ClaimResult

ROOT = Path(__file__).resolve().parent.parent

CheckFn = Callable[..., ClaimResult]


def a_found(**fields: Any) -> Found:
    """A Found at the start of article "a": supporting, at score 100, plain (not negated,
    hedged or attributed), but for the fields given."""
    plain: dict[str, Any] = {
        "stance": "supports",
        "score": 100.0,
        "article": "a",
        "line": 1,
        "column": 1,
        "start": 0,
        "end": 1,
        "phrasing": 0,
        "negated": False,
        "hedged": False,
        "attributed_to": None,
        "number_mismatch": False,
        "denied": False,
        "cues": (),
        "spans": (),
        "subject": None,
        "resolved_from": None,
        "attributed_from": None,
        "reordered": False,
    }
    return found_module.found(**(plain | fields))


def write_articles(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def check(tmp_path: Path) -> CheckFn:
    """check(phrasing, article_text, about=..., contradicts=..., subjects=...) -> ClaimResult"""
    counter = iter(range(10_000))

    def run(
        phrasing: str,
        text: str,
        about: Sequence[str] = (),
        contradicts: Sequence[str] = (),
        subjects: Sequence[str] = (),
        min_score: float = 80.0,
    ) -> ClaimResult:
        folder = write_articles(tmp_path / f"corpus{next(counter)}", {"a.txt": text})
        corpus = Corpus.load(folder, lambda m: None)
        claim = Claim(
            id="t",
            claim=phrasing,
            contradicts=tuple(contradicts),
            about=tuple(about),
            min_score=min_score,
        )
        return check_claim(claim, corpus, tuple(subjects) or tuple(about))

    return run


class Page(HTMLParser):
    """An HTML page as a browser's parser sees it: its tags with their attributes, and the
    text a reader sees (script and style left out)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self._hidden = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.chunks).split())
