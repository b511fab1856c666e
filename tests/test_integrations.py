"""The pre-commit hook, the composite action and the example workflow work as shipped."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import claimcheck

from .conftest import ROOT


def test_pre_commit_hook_runs_check_on_data_changes() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "claimcheck" and hook["entry"] == "claimcheck check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("data/claims.yaml") and files.search("data/articles/x/y.md")
    assert not files.search("src/claimcheck/engine.py")


def test_example_workflow_triggers_on_data() -> None:
    wf = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text())
    triggers = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads `on` as true
    assert triggers["push"]["paths"] == ["data/**"]
    steps = wf["jobs"]["claims"]["steps"]
    assert any("claimcheck" in str(s.get("uses", "")) for s in steps)


def _check_step() -> tuple[str, dict[str, str]]:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert set(action["inputs"]) >= {"claims", "articles", "format", "fail-on", "baseline"}
    (step,) = [s for s in action["runs"]["steps"] if s.get("id") == "check"]
    assert "${{" not in step["run"], "inputs must reach the script through env only"
    return step["run"], step["env"]


@pytest.mark.skipif(shutil.which("claimcheck") is None, reason="claimcheck not installed")
def test_action_script_annotates_summarises_and_fails_on_drift(tmp_path: Path) -> None:
    script, env_spec = _check_step()
    shutil.copytree(ROOT / "data", tmp_path / "data")
    summary = tmp_path / "summary.md"

    def run_step(**inputs: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary)}
        for name, template in env_spec.items():
            key = template.split("inputs.")[1].rstrip("} ").strip()
            env[name] = inputs.get(
                key,
                {"claims": "data/claims.yaml", "articles": "data/articles", "format": "github"}.get(
                    key, ""
                ),
            )
        return subprocess.run(
            ["bash", "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    ok = run_step()
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.count("::notice ") == 10 and "::error" not in ok.stdout
    assert "| id | verdict |" in summary.read_text()
    article = tmp_path / "data/articles/001-xiaomi-liste-noire-raison.txt"
    article.write_text(article.read_text().replace("n’a pas été interdite", "a été interdite"))
    drift = run_step()
    assert drift.returncode == 1
    assert drift.stdout.count("::error ") == 1 and "trade-ban" in drift.stdout
    assert run_step(**{"fail-on": "absent"}).returncode == 1


def test_the_distribution_has_a_name_of_its_own_and_installs_the_claimcheck_command(
    tmp_path: Path,
) -> None:
    """#32, item 8: `claimcheck` on the package index is another project; this one is
    `claimcheck-news` (free when chosen: `pip download claimcheck-news` found nothing), with the
    command and the import still `claimcheck`. The metadata is what setup.py builds."""
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("*.so"))
    egg = tmp_path / "egg"
    egg.mkdir()
    made = subprocess.run(
        [sys.executable, "setup.py", "-q", "egg_info", "--egg-base", str(egg)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    (info,) = egg.iterdir()
    assert "Name: claimcheck-news\n" in (info / "PKG-INFO").read_text()
    scripts = (info / "entry_points.txt").read_text()
    assert "[console_scripts]\nclaimcheck = claimcheck._entry:console\n" in scripts
    assert (info / "top_level.txt").read_text().split() == ["claimcheck"]
    # the extras name this distribution, never the other project
    requires = (info / "requires.txt").read_text()
    assert "claimcheck-news[test]" in requires and "\nclaimcheck[" not in requires
    assert claimcheck.DISTRIBUTION == "claimcheck-news"
    # what a user reads never installs the other project
    texts = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "action.yml"]
    texts += [*sorted((ROOT / "docs").glob("*.md")), ROOT / "src/claimcheck/engines.py"]
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"pip install [\"']?claimcheck(?![-\w])", text), path
