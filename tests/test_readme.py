"""The README (#32, item 15): short, for users, with the set-up commands CI runs, every option
it names a real one, every page it links there."""

from __future__ import annotations

import re
from functools import cache

import pytest
from typer.testing import CliRunner

from claimcheck.cli.app import app

from .conftest import ROOT

runner = CliRunner()
README = (ROOT / "README.md").read_text(encoding="utf-8")
INSTALL_AND_RUN = "python3 -m pip install . && claimcheck report"
TEST = "sh tests/setup-browser.sh && pip install -e '.[test,dask,semantic]' && python -m pytest"


def test_it_is_short_and_has_the_two_set_up_commands_ci_runs() -> None:
    assert README.count("\n") < 300
    assert f"\n{INSTALL_AND_RUN}\n" in README and f"\n{TEST}\n" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip("\n").endswith(f"\n{TEST}")


def test_the_moved_sections_are_in_docs() -> None:
    rules = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert rules.startswith("# How verdicts are decided")
    assert "**Matching.**" in rules and "**Verdict.**" in rules
    benchmarks = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    assert (
        "python benchmarks/run.py --profile topical" in benchmarks and "**Machine**" in benchmarks
    )
    development = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")
    assert "## The compiled engine" in development
    for link in re.findall(r"\]\(((?:docs/)?[\w./-]+\.md)(?:#[\w-]+)?\)", README):
        assert (ROOT / link).is_file(), link


@cache
def _help_options() -> frozenset[str]:
    found: set[str] = set()
    for command in ([], ["verify"], ["report"], ["suggest"], ["check"], ["eval"]):
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        found.update(re.findall(r"(?<![\w-])(--[a-z][a-z-]+|-[a-zA-Z])\b", result.stdout))
    return frozenset(found)


@pytest.mark.parametrize(
    "option", sorted(set(re.findall(r"`[^`\n]*?(?<![\w-])(--[a-z][a-z-]+)", README)))
)
def test_every_option_the_readme_names_is_a_real_one(option: str) -> None:
    assert option in _help_options()
