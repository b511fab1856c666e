"""Choosing claims and waiving passages (#32, item 12): --select, --ignore, --tag, and a
claim's `waive:` in the claims file, shown in reports as waived."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli.app import app

from .conftest import ROOT, Page

runner = CliRunner()
WAIVED = "001-xiaomi-liste-noire-raison.txt:15:188"
REASON = "a sentence about the watch list, not about trade"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def claims_by_id(*args: str) -> dict[str, dict[str, object]]:
    result = runner.invoke(app, ["report", "-f", "json", *args])
    assert result.exit_code == 0, result.stderr
    return {c["id"]: c for c in json.loads(result.stdout)["claims"]}


def test_select_ignore_and_tag_choose_claims_checked_as_in_a_full_run(repo: Path) -> None:
    every = claims_by_id()
    chosen = claims_by_id("--select", "trade-ban,army-links", "--select", "blacklisted")
    assert list(chosen) == [i for i in every if i in ("trade-ban", "army-links", "blacklisted")]
    assert all(chosen[i] == every[i] for i in chosen)  # each claim as in the full run
    ignored = claims_by_id("--select", "trade-ban,army-links", "--ignore", "army-links")
    assert list(ignored) == ["trade-ban"]
    court = claims_by_id("--tag", "court")
    tagged = [i for i, c in every.items() if "court" in _tags(i)]
    assert list(court) == tagged and len(tagged) > 1
    both = claims_by_id("--tag", "court", "--tag", "huawei", "--ignore", tagged[0])
    assert tagged[0] not in both and set(tagged[1:]) <= set(both)


def _tags(claim_id: str) -> list[str]:
    import yaml

    doc = yaml.safe_load((ROOT / "data" / "claims.yaml").read_text(encoding="utf-8"))
    (claim,) = [c for c in doc["claims"] if c["id"] == claim_id]
    return list(claim.get("tags", []))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--select", "trade-bam"],
            "claimcheck: --select trade-bam: no claim 'trade-bam' in data/claims.yaml "
            "(did you mean 'trade-ban'?)\n",
        ),
        (
            ["--ignore", "army-link"],
            "claimcheck: --ignore army-link: no claim 'army-link' in data/claims.yaml "
            "(did you mean 'army-links'?)\n",
        ),
        (
            ["--tag", "courts"],
            "claimcheck: --tag courts: no claim tagged 'courts' in data/claims.yaml "
            "(did you mean 'court'?)\n",
        ),
        (
            ["--select", "trade-ban", "--ignore", "trade-ban"],
            "claimcheck: --select, --tag and --ignore leave no claim to check\n",
        ),
    ],
)
def test_unknown_ids_and_tags_are_errors(repo: Path, args: list[str], message: str) -> None:
    for command in ("report", "check"):
        result = runner.invoke(app, [command, *args])
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_check_and_eval_count_only_the_chosen_claims(repo: Path) -> None:
    result = runner.invoke(app, ["check", "--tag", "court"])
    n = len([i for i in claims_by_id() if "court" in _tags(i)])
    assert (result.exit_code, result.stdout) == (0, f"{n} claims, all as expected\n")
    scored = runner.invoke(app, ["eval", "data/gold.yaml", "--tag", "court", "-f", "json"])
    assert scored.exit_code == 0, scored.stderr
    assert json.loads(scored.stdout)["claims"] == n


def test_the_configuration_selects_too(repo: Path) -> None:
    (repo / ".claimcheck.yaml").write_text("ignore: [trade-ban]\ntag: negation\n")
    chosen = claims_by_id()
    assert chosen and "trade-ban" not in chosen
    assert all("negation" in _tags(i) for i in chosen)
    assert "trade-ban" in claims_by_id("--no-config")


def waive(repo: Path, passage: str = WAIVED, reason: str = REASON) -> None:
    path = repo / "data" / "claims.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "    expect: contradicted\n    tags: [negation, double-negation"
    assert text.count(anchor) == 1
    path.write_text(
        text.replace(
            anchor,
            f"    waive:\n      - passage: {passage}\n        reason: {reason}\n{anchor}",
        ),
        encoding="utf-8",
    )


def test_a_waived_passage_is_shown_as_waived_and_not_counted(repo: Path) -> None:
    before = claims_by_id("--max-evidence", "0")["trade-ban"]
    place = f"data/articles/{WAIVED}"
    assert place in [f"{e['article']}:{e['line']}:{e['column']}" for e in before["evidence"]]
    waive(repo)
    for _ in range(2):  # cold, then the whole report from the cache
        after = claims_by_id("--max-evidence", "0")["trade-ban"]
        assert place not in [f"{e['article']}:{e['line']}:{e['column']}" for e in after["evidence"]]
        (waived,) = after["waived"]
        assert (waived["passage"], waived["reason"]) == (WAIVED, REASON)
        assert f"{waived['article']}:{waived['line']}:{waived['column']}" == place
        assert after["counts"]["contradicts"] == before["counts"]["contradicts"] - 1
    verify = runner.invoke(app, ["verify", "Xiaomi is barred from trading with US firms"])
    assert "Waived in the claims file (shown, not counted):" in verify.stdout
    assert f"[reason: {REASON}]" in " ".join(verify.stdout.split())
    table = runner.invoke(app, ["report", "--select", "trade-ban"], env={"COLUMNS": "200"})
    assert f"waived: {place} ({REASON})" in table.stdout
    html = runner.invoke(app, ["report", "-f", "html", "--select", "trade-ban"])
    text = Page(html.stdout).text
    assert "Waived in the claims file (1: shown, not counted):" in text
    assert f"waived: {REASON}" in text and place in text
    # taking the waiver out brings the passage back, cache or not
    (repo / "data" / "claims.yaml").write_text(
        (ROOT / "data" / "claims.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert claims_by_id("--max-evidence", "0")["trade-ban"] == before


def test_a_waiver_that_matches_nothing_is_warned_of(repo: Path) -> None:
    waive(repo, passage="001-xiaomi-liste-noire-raison.txt:3")
    result = runner.invoke(app, ["report", "-f", "json"])
    assert result.exit_code == 0
    line = (
        (repo / "data" / "claims.yaml")
        .read_text()
        .splitlines()
        .index("      - passage: 001-xiaomi-liste-noire-raison.txt:3")
    )
    assert result.stderr == (
        f"claimcheck: warning: data/claims.yaml:{line + 1}: claim 'trade-ban' waives "
        "001-xiaomi-liste-noire-raison.txt:3, where it has no evidence\n"
    )


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("      - passage: a.txt:3\n", "a waiver needs a 'reason'"),
        ("      - passage: a.txt\n        reason: x\n", "a waiver's passage is FILE:LINE"),
        ("      - pasage: a.txt:3\n        reason: x\n", "did you mean 'passage'?"),
    ],
)
def test_bad_waivers_are_located(repo: Path, entry: str, message: str) -> None:
    path = repo / "data" / "claims.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "    expect: contradicted\n    tags: [negation, double-negation"
    path.write_text(text.replace(anchor, "    waive:\n" + entry + anchor), encoding="utf-8")
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 2
    assert result.stderr.startswith("data/claims.yaml:") and message in result.stderr
    assert result.stderr.count("\n") == 1
