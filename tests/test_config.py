"""The configuration file (#32, item 11): found from the working folder up, the command line
over it over the defaults, its paths relative to itself, its mistakes located."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli.app import app

from .conftest import ROOT

runner = CliRunner()

PYPROJECT = """\
[project]
name = "newsroom"

[tool.claimcheck]
claims = "desk/claims.yaml"
articles = "desk/articles"
format = "json"
max-evidence = 1
"""


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with its claims and articles under desk/, configured in pyproject.toml,
    worked on from a folder two levels down."""
    shutil.copytree(ROOT / "data", tmp_path / "desk")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    work = tmp_path / "notes" / "2021"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    return tmp_path


def claims_of(stdout: str) -> list[tuple[str, str]]:
    return [(c["id"], c["verdict"]) for c in json.loads(stdout)["claims"]]


def test_report_works_from_a_subfolder(newsroom: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)  # format = "json" from the configuration
    assert len(doc["claims"]) == 30
    # paths are shown relative to the working folder, read relative to the configuration
    assert all(
        e["article"].startswith("../../desk/articles/")
        for c in doc["claims"]
        for e in c["evidence"]
    )
    # max-evidence = 1: one quote per stance that has evidence, at most
    assert all(len(c["evidence"]) <= 2 for c in doc["claims"])
    monkeypatch.chdir(newsroom / "desk")
    plain = runner.invoke(
        app,
        [
            "report",
            "--no-config",
            "-f",
            "json",
            "--claims",
            "claims.yaml",
            "--articles",
            "articles",
        ],
    )
    assert claims_of(plain.stdout) == claims_of(result.stdout)


def test_the_command_line_wins_over_the_configuration(newsroom: Path) -> None:
    result = runner.invoke(app, ["report", "-f", "csv", "--max-evidence", "0"])
    assert result.exit_code == 0 and result.stdout.startswith("id,")
    every = runner.invoke(app, ["report", "--max-evidence", "0"])
    assert any(len(c["evidence"]) > 2 for c in json.loads(every.stdout)["claims"])
    verbose = runner.invoke(app, ["check", "-v", "-f", "concise"])
    assert "claimcheck: configuration ../../pyproject.toml\n" in verbose.stderr
    assert verbose.stdout == "30 claims, all as expected\n"


def test_the_nearest_configuration_wins_and_yaml_before_pyproject(newsroom: Path) -> None:
    notes = newsroom / "notes"
    (notes / ".claimcheck.yaml").write_text(
        "claims: ../desk/claims.yaml\narticles: ../desk/articles\nformat: concise\n"
    )
    (notes / "pyproject.toml").write_text('[tool.claimcheck]\nformat = "csv"\n')
    result = runner.invoke(app, ["check"])
    assert result.stdout == "30 claims, all as expected\n", result.stderr
    (notes / ".claimcheck.yaml").unlink()
    # a pyproject.toml without the table does not count; this one has it, with no paths: the
    # defaults, relative to the working folder, which has no data/ folder
    missing = runner.invoke(app, ["check"])
    assert missing.exit_code == 2
    assert missing.stderr == "data/claims.yaml: claims file not found\n"
    (notes / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert runner.invoke(app, ["check", "-f", "concise"]).exit_code == 0  # the root's


def test_an_explicit_configuration_file(newsroom: Path, tmp_path: Path) -> None:
    other = newsroom / "ci.toml"
    other.write_text(
        'claims = "desk/claims.yaml"\narticles = "desk/articles"\nformat = "concise"\n'
    )
    result = runner.invoke(app, ["check", "--config", str(other)])
    assert result.exit_code == 0 and result.stdout == "30 claims, all as expected\n"


def test_unknown_keys_and_bad_values_are_located_with_did_you_mean(newsroom: Path) -> None:
    (newsroom / "pyproject.toml").write_text(
        PYPROJECT + 'threshold = 70\narticle = "x"\nmin-score = 120\ncolor = "sometimes"\n'
    )
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "../../pyproject.toml:9:1: unknown key 'threshold' in [tool.claimcheck] (did you mean "
        "'min-score'?)\n"
        "../../pyproject.toml:10:1: unknown key 'article' in [tool.claimcheck] (did you mean "
        "'articles'?)\n"
        "../../pyproject.toml:11:1: 'min-score' must be from 0 to 100, not 120\n"
        "../../pyproject.toml:12:1: 'color' must be one of auto, always, never, not 'sometimes'\n"
    )


def test_yaml_configuration_errors_are_located(newsroom: Path) -> None:
    (newsroom / "notes" / ".claimcheck.yaml").write_text("claims: x.yaml\nmax_evidence: 2\n")
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 2
    assert result.stderr == (
        "../.claimcheck.yaml:2:1: unknown key 'max_evidence' in the configuration (did you mean "
        "'max-evidence'?)\n"
    )


def test_a_pyproject_that_is_not_toml_is_located(newsroom: Path) -> None:
    (newsroom / "pyproject.toml").write_text('[tool.claimcheck]\nclaims = "x\n')
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 2
    assert result.stderr.startswith("../../pyproject.toml:2:12: not valid TOML")
    assert result.stderr.count("\n") == 1


def test_this_repository_is_configured_for_its_bundled_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT / "src" / "claimcheck")
    result = runner.invoke(app, ["report", "-f", "json", "--no-cache"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert len(doc["claims"]) == 30 and doc["articles"] == 5
