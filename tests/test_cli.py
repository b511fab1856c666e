"""The command line, driven through typer's runner, with exact output where it matters."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck import PURE, __version__, compiled
from claimcheck.cli.app import app
from claimcheck.formats.registry import Format

from .conftest import ROOT, write_articles

runner = CliRunner()

CLAIMS = """\
claims:
  - id: ban
    claim: Xiaomi is banned
    supports: [Xiaomi est interdite aux Etats-Unis]
    about: [Xiaomi]
    expect: contradicted
  - id: lawsuit
    claim: Xiaomi a porté plainte contre le Pentagone
    expect: supported
"""
ARTICLE = (
    "Xiaomi n'est pas interdite aux Etats-Unis.\n"
    "Selon Reuters, Xiaomi a porté plainte contre le Pentagone.\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_articles(tmp_path / "data" / "articles", {"a.txt": ARTICLE})
    (tmp_path / "data" / "claims.yaml").write_text(CLAIMS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_verify_exact_output(project: Path) -> None:
    result = runner.invoke(app, ["verify", "Xiaomi is banned"])
    assert result.exit_code == 0
    assert result.stdout == (
        "claim: Xiaomi is banned\n"
        "using curated claim 'ban' and its phrasings\n"
        "verdict: contradicted (confidence 100, 1 source)\n"
        "\n"
        "Quotes, by weight (the match score, less when attributed, hedged or reordered):\n"
        "\n"
        "1. contradicts  weight 100  [negated, cues: ne pas]\n"
        "   Xiaomi n'est pas interdite aux Etats-Unis.\n"
        "   data/articles/a.txt:1:1\n"
        "   phrasing: Xiaomi est interdite aux Etats-Unis\n"
    )
    assert result.stderr == "claimcheck: using curated claim 'ban' (100% similar)\n"


def test_verify_literal_claim_and_language_note(project: Path) -> None:
    result = runner.invoke(app, ["verify", "The company was sued by the government"])
    assert result.exit_code == 0
    assert "verdict: absent" in result.stdout
    assert "looks 'en' but the articles look 'fr'" in result.stderr
    assert result.stderr.endswith(" (claimcheck suggest --semantic proposes some).\n")


def test_no_language_note_when_articles_are_in_both_languages(project: Path) -> None:
    # a.txt is French: with one English article beside it, a French claim gets no note
    for name in ("b.txt", "c.txt"):
        (project / "data" / "articles" / name).write_text(
            "The company was sued by the government on Monday.\n", encoding="utf-8"
        )
    result = runner.invoke(app, ["verify", "Le gouvernement a poursuivi l'entreprise"])
    assert result.exit_code == 0
    assert "verdict: absent" in result.stdout
    assert "articles look" not in result.stderr


def test_report_exact_output(project: Path) -> None:
    result = runner.invoke(app, ["report"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "\n"
        " id        verdict        conf.   src   claim / strongest quote\n"
        " " + "─" * 98 + "\n"
        " ban       contradicted     100     1   Xiaomi is banned\n"
        "                                        Xiaomi n'est pas interdite aux Etats-Unis…\n"
        "                                        data/articles/a.txt:1:1 contradicts (negated, cues: ne pas)\n"
        "\n"
        " lawsuit   supported         80     1   Xiaomi a porté plainte contre le Pentagone\n"
        "                                        …Xiaomi a porté plainte contre le Pentagone…\n"
        "                                        data/articles/a.txt:2:1 supports (attributed to Reuters)\n"
        "\n"
        "2 claims over 1 articles (2 passages): 1 supported, 1 contradicted, 0 mixed, 0 absent\n"
    )


def test_report_json_shape(project: Path) -> None:
    result = runner.invoke(app, ["report", "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    claim = doc["claims"][0]
    assert {"id", "claim", "verdict", "confidence", "evidence"} <= set(claim)
    assert claim["verdict"] == "contradicted" and isinstance(claim["confidence"], float)
    ev = claim["evidence"][0]
    assert ev == {
        **ev,
        "stance": "contradicts",
        "score": 100.0,
        "quote": "Xiaomi n'est pas interdite aux Etats-Unis.",
        "match": "Xiaomi n'est pas interdite aux Etats-Unis",
        "phrasing": "Xiaomi est interdite aux Etats-Unis",
        "article": "data/articles/a.txt",
        "line": 1,
        "negated": True,
        "hedged": False,
        "attributed_to": None,
        "number_mismatch": False,
    }
    assert doc["claims"][1]["evidence"][0]["attributed_to"] == "Reuters"


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("command", [["report"], ["verify", "Xiaomi is banned"]])
def test_every_format_works_for_every_command(
    project: Path, fmt: Format, command: list[str]
) -> None:
    result = runner.invoke(app, [*command, "--format", fmt.value])
    assert result.exit_code == 0, result.stderr
    if fmt is Format.concise:  # problems only: none here
        assert result.stdout in ("2 claims, all as expected\n", "1 claim, all as expected\n")
        return
    assert "contradicted" in result.stdout
    if fmt is Format.json:
        assert json.loads(result.stdout)["claims"][0]["id"] == "ban"


def test_bundled_trade_ban_is_contradicted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["verify", "Xiaomi is barred from trading with US firms"])
    assert result.exit_code == 0
    assert "verdict: contradicted" in result.stdout
    assert "n’a pas été interdite de commercer" in result.stdout
    assert "data/articles/001-xiaomi-liste-noire-raison.txt:15:188" in result.stdout
    assert "data/articles/000-etats-unis-interdisent-xiaomi.txt:13:1" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--claims", "missing.yaml"], "missing.yaml: claims file not found"),
        (["report", "--articles", "nowhere"], "nowhere: articles folder not found"),
        (["report", "--format", "xml"], "claimcheck: error: Invalid value for '--format'"),
        (
            ["verify", "x", "--min-score", "200"],
            "claimcheck: error: Invalid value for '--min-score'",
        ),
        (
            ["verify", "x", "--min-score", "-1"],
            "claimcheck: error: Invalid value for '--min-score'",
        ),
        (["verify", "?!"], "claimcheck: the claim has no words to match"),
        (["report", "--bogus"], "claimcheck: error: No such option: --bogus"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(project: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_claims_syntax_error_names_line_and_column(project: Path) -> None:
    (project / "data" / "claims.yaml").write_text("claims:\n  - id: a\n    claim: [x\n")
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 2
    assert result.stderr.startswith("data/claims.yaml:4:1: not valid YAML")


def test_empty_articles_folder(project: Path) -> None:
    (project / "data" / "articles" / "a.txt").unlink()
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 2
    assert result.stderr == "data/articles: no readable .txt or .md article in this folder\n"


def test_version_and_help_examples() -> None:
    if compiled():
        build = "engine compiled by mypyc)"
    elif PURE:
        build = "pure Python: CLAIMCHECK_PURE_PYTHON=1)"
    else:
        build = "pure Python: not compiled when installed (no C compiler?)"
    assert runner.invoke(app, ["--version"]).stdout.startswith(f"claimcheck {__version__} ({build}")
    for command in ("verify", "report", "check"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout
        assert f"claimcheck {command}" in result.stdout


def test_python_dash_m(project: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "claimcheck", "verify", "Xiaomi is banned", "-f", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["claims"][0]["verdict"] == "contradicted"
    bad = subprocess.run(
        [sys.executable, "-m", "claimcheck", "report", "--claims", "nope.yaml"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2 and bad.stderr == "nope.yaml: claims file not found\n"


def test_bare_claimcheck_prints_the_help_as_help() -> None:
    """#32, bug 3: `claimcheck` alone printed its whole help squashed on one error line."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "80"}
    run = [sys.executable, "-m", "claimcheck"]
    bare = subprocess.run(run, capture_output=True, text=True, env=env, check=False)
    helped = subprocess.run([*run, "--help"], capture_output=True, text=True, env=env, check=False)
    assert bare.returncode == 2 and bare.stdout == ""
    assert bare.stderr == helped.stdout
    assert bare.stderr.startswith("Usage: claimcheck [OPTIONS] COMMAND [ARGS]...\n")
    assert "\nCommands:\n  verify " in bare.stderr and "error" not in bare.stderr


def test_verify_shows_the_weight_that_orders_the_quotes(monkeypatch: pytest.MonkeyPatch) -> None:
    """#32, bug 4: quotes are listed by weight, and each shows it, with the score and what
    lessened it ("weight 80 (score 100 × 0.8 attributed)")."""
    monkeypatch.chdir(ROOT)
    claim = ["verify", "Xiaomi a des liens avec l'armée chinoise", "--max-evidence", "0"]
    text = runner.invoke(app, claim, env={"COLUMNS": "200"})
    assert text.exit_code == 0, text.stderr
    assert "Quotes, by weight (the match score, less when attributed" in text.stdout
    evidence = json.loads(runner.invoke(app, [*claim, "-f", "json"]).stdout)["claims"][0][
        "evidence"
    ]
    heads = re.findall(
        r"^\d+\. (?:supports|contradicts)  (weight .*?)(?:  \[|$)", text.stdout, re.M
    )
    assert len(heads) == len(evidence) > 1
    weights = [e["weight"] for e in evidence]
    assert weights == sorted(weights, reverse=True)
    for head, e in zip(heads, evidence, strict=True):
        factors = [
            f"× {f} {why}"
            for f, why, on in (
                (0.8, "attributed", e["attributed_to"] is not None),
                (0.8, "hedged", e["hedged"]),
                (0.7, "reordered", e["reordered"]),
            )
            if on
        ]
        want = f"weight {e['weight']:.0f}"
        if factors:
            want += f" (score {e['score']:.0f} {' '.join(factors)})"
        assert head == want


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ([], {}, False),  # not a terminal
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ([], {"NO_COLOR": ""}, False),  # empty: not set
        (["--color", "always"], {"NO_COLOR": "1"}, True),  # the flag overrides
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        (["--color", "ALWAYS"], {}, True),
    ],
)
def test_color_auto_always_never_with_no_color_and_force_color(
    project: Path, args: list[str], env: dict[str, str], coloured: bool
) -> None:
    """#32, item 13: --color auto|always|never; NO_COLOR and FORCE_COLOR for auto."""
    clean = {"NO_COLOR": None, "FORCE_COLOR": None}
    for command in (["report"], ["verify", "Xiaomi is banned"], ["check", "-v"]):
        result = runner.invoke(app, [*command, *args], env={**clean, **env})
        assert result.exit_code == 0, result.stderr
        assert ("\x1b[" in result.stdout) is coloured, command


def test_a_report_written_to_a_file_is_never_coloured(project: Path) -> None:
    result = runner.invoke(app, ["report", "--color", "always", "-o", "out.txt"])
    assert result.exit_code == 0
    text = (project / "out.txt").read_text(encoding="utf-8")
    assert "contradicted" in text and "\x1b[" not in text


def _complete(words: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    index = len(words.split()) - (0 if words.endswith(" ") else 1)
    return subprocess.run(
        [sys.executable, "-m", "claimcheck"],
        env={
            **os.environ,
            "_CLAIMCHECK_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(index),
            **(env or {}),
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_shell_completion_installs_and_completes(tmp_path: Path) -> None:
    """#32, item 13: `claimcheck --install-completion` (typer's), and what it completes."""
    assert _complete("claimcheck rep").stdout.split() == ["report"]
    assert _complete("claimcheck report --format s").stdout.split() == ["sarif"]
    assert _complete("claimcheck check --col").stdout.split() == ["--color"]
    shown = subprocess.run(
        [sys.executable, "-m", "claimcheck", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "complete -o default -F _claimcheck_completion claimcheck" in shown.stdout
    installed = subprocess.run(
        [sys.executable, "-m", "claimcheck", "--install-completion", "bash"],
        env={**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    script = tmp_path / ".bash_completions" / "claimcheck.sh"
    assert script.read_text().strip() == shown.stdout.strip()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()
