"""`claimcheck check`: drift, exit codes, baselines, and every format over real output."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli.app import app
from claimcheck.formats.github import escape_data, escape_property
from claimcheck.formats.registry import Format

from .conftest import ROOT, Page

runner = CliRunner()
ARTICLE = "data/articles/001-xiaomi-liste-noire-raison.txt"
NEGATED = "n’a pas été interdite de commercer"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def flip_trade_ban(repo: Path) -> str:
    path = repo / ARTICLE
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(NEGATED, "a été interdite de commercer"), encoding="utf-8")
    return original


def parsed(fmt: Format, text: str) -> object:
    if fmt in (Format.json, Format.sarif, Format.claimreview):
        return json.loads(text)
    if fmt is Format.html:
        return Page(text)
    if fmt is Format.jsonl:
        return [json.loads(line) for line in text.splitlines()]
    if fmt is Format.csv:
        return list(csv.DictReader(io.StringIO(text)))
    if fmt is Format.junit:
        return ET.fromstring(text)
    return text


def test_bundled_data_passes(repo: Path) -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.stdout
    assert (result.stdout, result.stderr) == ("30 claims, all as expected\n", "")
    verbose = runner.invoke(app, ["check", "-v"], env={"COLUMNS": "200"})
    assert "30 claims checked, 0 failing" in verbose.stderr
    assert verbose.stdout.count(" ok ") == 30


@pytest.mark.parametrize("fmt", list(Format))
def test_drift_exits_1_and_names_claim_verdicts_and_quote(repo: Path, fmt: Format) -> None:
    original = flip_trade_ban(repo)
    result = runner.invoke(
        app, ["check", "--format", fmt.value, "--no-cache"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 1
    doc = parsed(fmt, result.stdout)
    out = result.stdout
    if fmt is Format.json:
        (claim,) = [c for c in doc["claims"] if c["failed"]]  # type: ignore[index]
        assert (claim["id"], claim["expect"], claim["verdict"]) == (
            "trade-ban",
            "contradicted",
            "mixed",
        )
        assert "a été interdite de commercer" in claim["cause"]["quote"]
    elif fmt is Format.jsonl:
        (claim,) = [c for c in doc if c["failed"]]  # type: ignore[union-attr]
        assert claim["id"] == "trade-ban" and claim["verdict"] == "mixed"
    elif fmt is Format.csv:
        (row,) = [r for r in doc if r["status"] == "drift"]  # type: ignore[union-attr]
        assert (row["id"], row["expect"], row["verdict"]) == ("trade-ban", "contradicted", "mixed")
    elif fmt is Format.sarif:
        (res,) = doc["runs"][0]["results"]  # type: ignore[index]
        assert res["ruleId"] == "trade-ban" and res["level"] == "error"
        assert "expected contradicted, got mixed" in res["message"]["text"]
        uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for loc in res["locations"]}
        assert ARTICLE in uris
    elif fmt is Format.junit:
        failures = doc.findall(".//testcase/failure")  # type: ignore[union-attr]
        assert len(failures) == 1 and doc.find(".//testsuite").get("failures") == "1"  # type: ignore[union-attr]
        assert "trade-ban: expected contradicted, got mixed" in (failures[0].text or "")
    elif fmt is Format.github:
        errors = [line for line in out.splitlines() if line.startswith("::error ")]
        assert len(errors) == 1
        assert "title=claimcheck trade-ban%3A mixed" in errors[0]
        assert f"file={ARTICLE}" in errors[0] and "line=15" in errors[0]
    elif fmt is Format.html:
        page: Page = doc  # type: ignore[assignment]
        drifted = [a for t, a in page.tags if t == "details" and a["data-status"] == "drift"]
        assert [a["id"] for a in drifted] == ["claim-trade-ban"]
        out = page.text
    elif fmt is Format.claimreview:
        (review,) = [r for r in doc if r["url"] == "#claim-trade-ban"]  # type: ignore[union-attr]
        assert review["reviewRating"]["alternateName"] == "mixed"
        assert review["reviewRating"]["ratingValue"] == 3
        out += "contradicted"  # a review says what is, not what was expected
    # every format names the claim, both verdicts and the quote
    assert "trade-ban" in out and "contradicted" in out and "mixed" in out
    if fmt is not Format.csv:
        assert "a été interdite de commercer" in out.replace("\n", " ").replace("  ", " ") or (
            fmt in (Format.table, Format.concise)  # the quote's place, not the quote
        )
    (repo / ARTICLE).write_text(original, encoding="utf-8")
    assert runner.invoke(app, ["check", "--format", fmt.value]).exit_code == 0


@pytest.mark.parametrize("command", ["report", "check"])
def test_sarif_lists_the_claims_not_as_expected_or_says_why_it_is_empty(
    repo: Path, command: str
) -> None:
    """#32, bug 7: a report's SARIF had no results and no word of why; it lists the claims
    that are not as expected, and a note sums the run up either way."""

    def sarif() -> tuple[list[dict[str, object]], str]:
        result = runner.invoke(app, [command, "-f", "sarif", "--no-cache"])
        run = json.loads(result.stdout)["runs"][0]
        (note,) = run["invocations"][0]["toolExecutionNotifications"]
        return run["results"], note["message"]["text"]

    results, note = sarif()
    assert results == []
    assert note == (
        "No results: 30 claims, all as expected; a result is a claim whose verdict is not "
        "as expected."
    )
    flip_trade_ban(repo)
    results, note = sarif()
    assert [r["ruleId"] for r in results] == ["trade-ban"]
    assert note == "1 of 30 not as expected: trade-ban."


def test_table_shows_the_drift(repo: Path) -> None:
    flip_trade_ban(repo)
    result = runner.invoke(app, ["check"], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "drift" in result.stdout and "expected contradicted, got mixed" in result.stdout


def test_fail_on_and_strict(repo: Path) -> None:
    assert runner.invoke(app, ["check", "--fail-on", "contradicted,mixed"]).exit_code == 1
    assert runner.invoke(app, ["check", "--fail-on", "supported"]).exit_code == 1
    bad = runner.invoke(app, ["check", "--fail-on", "wrong"])
    assert bad.exit_code == 2 and "wrong" in bad.stderr
    claims = repo / "data" / "claims.yaml"
    claims.write_text(claims.read_text().replace("    expect: absent\n", "", 1))
    assert runner.invoke(app, ["check"]).exit_code == 0
    strict = runner.invoke(app, ["check", "--strict", "--format", "json"])
    assert strict.exit_code == 1
    statuses = {c["id"]: c["status"] for c in json.loads(strict.stdout)["claims"]}
    assert statuses["smartwatch-sales-halted"] == "unrecorded"


def test_baseline_ignores_edits_elsewhere_and_reports_flips(repo: Path) -> None:
    claims = repo / "data" / "claims.yaml"
    # a repository that records no expectations relies on its baseline
    claims.write_text(
        "\n".join(line for line in claims.read_text().splitlines() if "expect:" not in line) + "\n"
    )
    wrote = runner.invoke(app, ["check", "--write-baseline", "baseline.json"])
    assert wrote.exit_code == 0
    assert not list(repo.glob(".baseline.json.*")), "no temporary file is left behind"
    saved = json.loads((repo / "baseline.json").read_text())
    assert saved["claims"]["trade-ban"]["verdict"] == "contradicted"
    # an edit elsewhere in the article moves every line down: not a change
    path = repo / ARTICLE
    path.write_text("Un nouveau paragraphe en tête.\n\n" + path.read_text(encoding="utf-8"))
    same = runner.invoke(app, ["check", "--baseline", "baseline.json", "-f", "json", "-v"])
    assert same.exit_code == 0, same.stdout
    assert "0 new / 0 lost evidence" in same.stderr
    # a flip is
    flip_trade_ban(repo)
    flipped = runner.invoke(app, ["check", "--baseline", "baseline.json", "-f", "json", "-v"])
    assert flipped.exit_code == 1
    (claim,) = [c for c in json.loads(flipped.stdout)["claims"] if c["failed"]]
    assert claim["id"] == "trade-ban" and claim["previous"] == "contradicted"
    assert claim["reason"] == "was contradicted in the baseline, now mixed since 2021-01"
    assert [c["change"] for c in claim["new_evidence"]] == ["new"]
    assert [c["change"] for c in claim["lost_evidence"]] == ["lost"]
    assert "1 new / 1 lost evidence" in flipped.stderr


def test_bad_baseline_and_output_paths(repo: Path) -> None:
    (repo / "baseline.json").write_text("{not json")
    bad = runner.invoke(app, ["check", "--baseline", "baseline.json"])
    assert bad.exit_code == 2 and bad.stderr.startswith("baseline.json:1:2: not valid JSON")
    missing = runner.invoke(app, ["check", "--baseline", "nope.json"])
    assert missing.exit_code == 2 and missing.stderr == "nope.json: baseline file not found\n"
    out = runner.invoke(app, ["report", "--output", "no/such/folder/report.json"])
    assert out.exit_code == 2 and "does not exist" in out.stderr


def test_output_file_is_written(repo: Path) -> None:
    result = runner.invoke(app, ["report", "-f", "json", "-o", "report.json"])
    assert result.exit_code == 0 and result.stdout == ""
    assert len(json.loads((repo / "report.json").read_text())["claims"]) == 30


HOSTILE = (
    "Xiaomi \x1b[31m est [bold]gras[/] interdite \u202e aux \x1b]8;;http://evil\x07 Etats-Unis.\n"
    "=cmd|' /C calc'!A0 Xiaomi est %0A::error::pwned [bold]gras[/] [link=http://x]l[/link] "
    '<script>alert(1)</script> <a href="javascript:alert(1)">x</a> </textarea></style>'
    "<img src=x onerror=alert(2)> \x1b[31mred\x1b[0m \x1b]8;;http://evil\x1b\\lien\x1b]8;;\x1b\\ "
    '\u202egnp.exe\u202c a\rb c\bd | `code` ::stop-commands::tok, =HYPERLINK("x") '
    "interdite aux Etats-Unis.\n"
)
HOSTILE_CLAIMS = """\
claims:
  - id: ban
    claim: est interdite aux Etats-Unis
    min_score: 20
    expect: absent
"""


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("command", ["report", "check", "verify"])
def test_hostile_article_stays_inert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: Format, command: str
) -> None:
    (tmp_path / "data" / "articles").mkdir(parents=True)
    (tmp_path / "data" / "articles" / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "data" / "claims.yaml").write_text(HOSTILE_CLAIMS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = [command] + (["est interdite aux Etats-Unis"] if command == "verify" else [])
    result = runner.invoke(app, [*args, "--format", fmt.value])
    assert result.exit_code in (0, 1), result.stderr
    out = result.stdout
    # formats that carry every quote, not only the strongest
    full_quotes = fmt in (Format.json, Format.jsonl) or (command, fmt) == ("verify", Format.table)
    assert "pwned" in out or not full_quotes  # the text is there, only inert
    doc = parsed(fmt, out)  # JSON, JSONL, CSV, SARIF and XML all parse
    if fmt in (Format.table, Format.github, Format.markdown):
        assert "\x1b" not in out and "\r" not in out and "\b" not in out
        assert "\u202e" not in out
    if fmt is Format.table:
        assert "[bold]gras[/]" in out  # rich markup shown literally
        assert "\\x1b" in out and "\\u202e" in out  # control characters shown as escapes
    if fmt is Format.github:
        for line in out.splitlines():
            assert line.startswith(("::error ", "::notice ", "claimcheck:")), line
            assert "::error::pwned" not in line and "::stop-commands::" not in line
    if fmt is Format.markdown:
        assert "<script>" not in out
        assert "script" not in out or "&lt;script&gt;" in out
    if fmt is Format.csv:
        for row in doc:  # type: ignore[union-attr]
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@"))
    if fmt is Format.junit:
        assert "interdite" in ET.tostring(doc, encoding="unicode")  # type: ignore[arg-type]
    if fmt is Format.html:
        page: Page = doc  # type: ignore[assignment]
        assert [t for t, _ in page.tags].count("script") == 1  # ours, at the end
        assert all(not k.startswith("on") for _, a in page.tags for k in a)
        assert all(
            (a.get("href") or "https:").startswith("https:") for t, a in page.tags if t == "a"
        )
        assert "<script>alert" not in out and "</textarea>" not in out
        assert "pwned" in page.text or command == "check"
    if fmt is Format.claimreview:
        assert "<" not in out and ">" not in out  # inert even inside an HTML script block


def test_github_escaping_follows_the_toolkit() -> None:
    assert escape_data("100% a\r\nb") == "100%25 a%0D%0Ab"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


# -- quiet CI output (#32, item 10) ----------------------------------------------------------


def test_check_in_ci_prints_only_what_is_not_as_expected_and_one_line(repo: Path) -> None:
    """#32, item 10: without a terminal, `check` prints the claims not as expected and one
    summary line; -q only the claims; -v the whole table and the run's statistics."""
    flip_trade_ban(repo)
    result = runner.invoke(app, ["check"], env={"COLUMNS": "100"})
    assert result.exit_code == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[-1] == "1 of 30 not as expected: trade-ban"
    assert " trade-ban " in result.stdout and " ok " not in result.stdout
    assert "army-links" not in result.stdout
    quiet = runner.invoke(app, ["check", "-q"], env={"COLUMNS": "100"})
    assert quiet.exit_code == 1 and quiet.stderr == ""
    assert quiet.stdout.rstrip("\n") == "\n".join(lines[:-1]).rstrip("\n")
    verbose = runner.invoke(app, ["check", "-v"], env={"COLUMNS": "100"})
    assert verbose.stdout.count(" ok ") == 29 and " drift " in verbose.stdout
    assert verbose.stdout.splitlines()[-1] == "1 of 30 not as expected: trade-ban"
    assert verbose.stderr.startswith("claimcheck check: 30 claims checked, 1 failing")


def test_concise_is_one_line_per_problem(repo: Path) -> None:
    """`path:line:col: id: message`, as ruff's concise and Vale's line formats, then the
    summary line (not with -q)."""
    assert runner.invoke(app, ["check", "-f", "concise"]).stdout == "30 claims, all as expected\n"
    flip_trade_ban(repo)
    result = runner.invoke(app, ["check", "-f", "concise"])
    assert result.exit_code == 1
    first, last = result.stdout.splitlines()
    assert re.fullmatch(
        rf"{re.escape(ARTICLE)}:\d+:\d+: trade-ban: expected contradicted, got mixed.*", first
    )
    assert last == "1 of 30 not as expected: trade-ban"
    assert runner.invoke(app, ["check", "-f", "concise", "-q"]).stdout == first + "\n"
    report = runner.invoke(app, ["report", "-f", "concise"])
    assert report.exit_code == 0 and report.stdout == result.stdout


def test_without_a_terminal_no_path_is_split_across_lines(repo: Path) -> None:
    doc = json.loads(runner.invoke(app, ["report", "-f", "json"]).stdout)
    places = {
        f"{c['evidence'][0]['article']}:{c['evidence'][0]['line']}:{c['evidence'][0]['column']}"
        for c in doc["claims"]
        if c["evidence"]
    }
    for command in (["report"], ["check", "-v"]):
        table = runner.invoke(app, command, env={"COLUMNS": "60"}).stdout
        lines = [line.strip() for line in table.splitlines()]
        assert all(any(line.startswith(p) for line in lines) for p in places), command


def _in_a_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """The command run with a pseudo-terminal as its stdout and stderr, 100 columns wide."""
    import pty

    main, child = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "dumb", "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=child,
        stderr=child,
        env=env,
    )
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the child closed its end
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    return proc.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_check_shows_the_whole_table_and_the_statistics(repo: Path) -> None:
    code, text = _in_a_terminal(["check", "-j", "1"], repo)
    assert code == 0, text
    assert text.count(" ok ") == 30
    assert "30 claims, all as expected" in text
    assert "claimcheck check: 30 claims checked, 0 failing" in text
