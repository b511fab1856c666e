"""Hostile inputs from issue #33 ("nothing hangs, nothing crashes, nothing leaks"): each
test drives the real CLI on small generated data and is bounded in time. The longer runs
(many concurrent writers, many kills) are scripts/attack.py."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck._cli import app
from claimcheck.corpus import parse_article

from .steps import grows_linearly, steps

runner = CliRunner()
CLAIMS = "claims:\n  - id: ban\n    claim: Xiaomi est interdite aux Etats-Unis\n"
ARTICLE = "Xiaomi est interdite aux Etats-Unis depuis janvier.\n"
linux = pytest.mark.skipif(sys.platform != "linux", reason="Linux only")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """data/claims.yaml and data/articles/a.txt, the working folder."""
    (tmp_path / "data" / "articles").mkdir(parents=True)
    (tmp_path / "data" / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "data" / "claims.yaml").write_text(CLAIMS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- 5. sentence splitting is linear in every input -----------------------------------------

HOSTILE_TEXTS: dict[str, Callable[[int], str]] = {
    "stops": lambda n: "Début " + "." * n + "x",
    "question marks": lambda n: "Début " + "?" * n + "x",
    "ellipses": lambda n: "Début " + "\u2026" * n + "x",
    "a stop and spaces": lambda n: "Début. " + " " * n + "x",
    "a stop and blank lines": lambda n: "Début.\n" + "\n" * n + "x",
    "a stop and no-break spaces": lambda n: "Début. " + " \u00a0" * (n // 2) + "x",
    "closing quotes": lambda n: "Début." + " '" * (n // 2) + " x",
    "opening brackets": lambda n: "Début. " + "(" * n + "x",
    "abbreviations": lambda n: "M. " * (n // 3) + "X",
    "short sentences": lambda n: "Mot. Mot " * (n // 9),
    "front matter never closed": lambda n: "---\n" + "a: b\n" * (n // 5),
}


@linux
@pytest.mark.parametrize("make", HOSTILE_TEXTS.values(), ids=HOSTILE_TEXTS.keys())
def test_splitting_an_article_takes_steps_in_proportion_to_its_size(
    make: Callable[[int], str],
) -> None:
    def count(n: int) -> int:
        data = make(n).encode()
        return steps(lambda: parse_article(data, "a.txt", lambda m: None))

    count(100)  # patterns compiled, caches filled
    counts = [count(n) for n in (4000, 8000, 16000)]
    assert grows_linearly(counts), counts


@linux
@pytest.mark.parametrize("mark", [".", "?"])
def test_a_report_on_a_run_of_stops_grows_linearly(project: Path, mark: str) -> None:
    article = project / "data/articles/zz.txt"

    def count(n: int) -> int:
        article.write_text("Début " + mark * n + "x\n", encoding="utf-8")
        result: list[int] = []

        def run() -> None:
            result.append(runner.invoke(app, ["report", "--no-cache", "-j", "1", "-q"]).exit_code)

        found = steps(run)
        assert result == [0]
        return found

    count(100)
    counts = [count(n) for n in (3000, 6000, 12000)]
    assert grows_linearly(counts), counts
