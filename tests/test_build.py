"""The build: a machine without a C compiler is told so, and the action installs a wheel it
builds once per version."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from claimcheck import PURE_PYTHON

from .conftest import ROOT

NO_COMPILER = (
    "claimcheck build: no C compiler found ({cc}): installing the pure-Python engine (the same "
    "results, about 1.6 times slower to score)\n"
)


def _source_tree(into: Path) -> Path:
    """What a fresh clone builds from, without any compiled module an editable install left."""
    into.mkdir(parents=True, exist_ok=True)
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, into / name)
    shutil.copytree(ROOT / "src", into / "src", ignore=shutil.ignore_patterns("*.so", "*.pyd"))
    return into


def test_a_build_without_a_c_compiler_says_so_in_one_line_and_the_command_says_it_too(
    tmp_path: Path,
) -> None:
    """#32, item 9: pip shows nothing of a build unless it fails; setup.py says in one line
    that it found no compiler (before mypyc spends seconds on it), and the installed command
    says that its engine was not compiled."""
    tree = _source_tree(tmp_path)
    cc = str(tmp_path / "no-such-cc")
    env = {k: v for k, v in os.environ.items() if k != PURE_PYTHON}
    env["CC"] = cc
    built = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_ext", "--inplace"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    said = [line for line in built.stderr.splitlines(keepends=True) if "claimcheck" in line]
    assert said == [NO_COMPILER.format(cc=cc)]
    assert not list((tree / "src").rglob("*.so"))
    env["PYTHONPATH"] = str(tree / "src")
    version = subprocess.run(
        [sys.executable, "-m", "claimcheck", "--version"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith(
        "claimcheck 0.1.0 (pure Python: not compiled when installed (no C compiler?), the same "
        "results about 1.6 times slower"
    )


def _steps() -> dict[str, dict[str, object]]:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    return {s["id"]: s for s in action["runs"]["steps"] if "id" in s}


def _bash(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_the_action_caches_its_wheel_by_version_and_sources(tmp_path: Path) -> None:
    """The action builds claimcheck's wheel once (the compile is most of an install), keyed by
    the version, the Python, the platform and the sources, and installs that wheel."""
    steps = _steps()
    key_step, cache, install = steps["wheel-key"], steps["wheel-cache"], steps["install"]
    assert cache["uses"] == "actions/cache@v4"
    with_ = cache["with"]
    assert with_["key"] == "${{ steps.wheel-key.outputs.key }}"  # type: ignore[index]
    for step in (key_step, install):
        assert "${{" not in str(step["run"]), "inputs reach the script through env only"

    tree = _source_tree(tmp_path / "action")
    outputs = tmp_path / "outputs"
    env = {
        **os.environ,
        "GITHUB_ACTION_PATH": str(tree),
        "GITHUB_OUTPUT": str(outputs),
        "RUNNER_OS": "Linux",
        "RUNNER_ARCH": "X64",
    }

    def key() -> str:
        outputs.write_text("")
        done = _bash(str(key_step["run"]), env, tmp_path)
        assert done.returncode == 0, done.stderr
        (line,) = outputs.read_text().splitlines()
        assert line.startswith("key=")
        return line[4:]

    first = key()
    tag = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    assert first.startswith(f"claimcheck-news-wheel-Linux-X64-{tag}-0.1.0-")
    assert key() == first  # the same sources, the same key
    (tree / "src" / "claimcheck" / "text.py").write_text("# changed\n", encoding="utf-8")
    assert key() != first

    # the install: a wheel is built only when the cache gave none; then it is installed
    wheels, bin_ = tmp_path / "wheels", tmp_path / "bin"
    bin_.mkdir()
    log = tmp_path / "python.log"
    fake = bin_ / "python"
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> {log}\n'
        'case "$*" in *" wheel "*) mkdir -p "$CC_WHEELS" && '
        'touch "$CC_WHEELS/claimcheck_news-0.1.0-cp311-cp311-linux_x86_64.whl";; esac\n'
    )
    fake.chmod(0o755)
    (bin_ / "claimcheck").write_text("#!/bin/sh\necho 'claimcheck 0.1.0 (engine compiled)'\n")
    (bin_ / "claimcheck").chmod(0o755)
    run_env = {**env, "PATH": f"{bin_}:{os.environ['PATH']}"}
    install_env = dict(install.get("env") or {})  # type: ignore[call-overload]
    assert install_env == {"CC_WHEELS": "${{ runner.temp }}/claimcheck-wheel"}
    assert with_["path"] == "${{ runner.temp }}/claimcheck-wheel"  # type: ignore[index]
    run_env["CC_WHEELS"] = str(wheels)
    for _ in range(2):
        done = _bash(str(install["run"]), run_env, tmp_path)
        assert done.returncode == 0, done.stderr
        assert "claimcheck 0.1.0 (engine compiled)" in done.stdout
    calls = log.read_text().splitlines()
    assert [c.split()[2] for c in calls] == ["wheel", "install", "install"]
    assert calls[1].endswith(f"{wheels}/claimcheck_news-0.1.0-cp311-cp311-linux_x86_64.whl")
