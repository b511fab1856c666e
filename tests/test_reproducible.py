"""The same report however it is run: compiled or pure Python, whatever the hash seed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import claimcheck
from claimcheck import PURE_PYTHON, compiled

ROOT = Path(__file__).resolve().parent.parent

# a topical archive from the benchmark's generator, written beside the bundled data
_MAKE_TOPICAL = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from generate import write
from topical import generate_topical
write(generate_topical(120, 60, seed=7), Path(sys.argv[2]))
"""


def _run(args: list[str], cwd: Path, pure: bool, seed: int = 0) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != PURE_PYTHON}
    env["PYTHONHASHSEED"] = str(seed)  # the order of a set of words
    if pure:
        env[PURE_PYTHON] = "1"
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_ci_runs_the_compiled_engine() -> None:
    """CI tests what `pip install` ships: a build that fell back to pure Python fails here."""
    if os.environ.get("CLAIMCHECK_COMPILED") != "require":
        pytest.skip("CLAIMCHECK_COMPILED=require is set in CI only")
    assert compiled()


def test_the_pure_python_switch_loads_every_module_from_source(tmp_path: Path) -> None:
    script = (
        "import claimcheck, claimcheck.engine, claimcheck.formats.json, claimcheck.pipeline, sys;"
        "names = [m for m in sys.modules if m.startswith('claimcheck')];"
        "print(claimcheck.compiled(), all(sys.modules[m].__file__.endswith('.py') for m in names))"
    )
    assert _run(["-c", script], tmp_path, pure=True).stdout == "False True\n"


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data (French, negations, references back) and a generated topical archive."""
    root = tmp_path_factory.mktemp("archives")
    shutil.copytree(ROOT / "data", root / "bundled" / "data")
    made = _run(["-c", _MAKE_TOPICAL, str(ROOT / "benchmarks"), str(root / "topical")], ROOT, False)
    assert made.returncode == 0, made.stderr
    return root


def _reports(root: Path, pure: bool, seed: int) -> list[str]:
    """Both archives reported in JSON with two workers (findings cross processes)."""
    out = []
    for folder, claims, articles in (
        ("bundled", "data/claims.yaml", "data/articles"),
        ("topical", "claims.yaml", "articles"),
    ):
        args = ["-m", "claimcheck", "report", "--claims", claims, "--articles", articles]
        args += ["--format", "json", "--jobs", "2", "--no-cache"]
        done = _run(args, root / folder, pure, seed)
        assert len(done.stdout) > 10_000, done.stderr
        out.append(done.stdout)
    return out


def test_reports_do_not_depend_on_the_hash_seed(archives: Path) -> None:
    """Sets of words iterate in a hash-seeded order: no result may follow it (a fuzzy look-up
    once took the first of two equally close words)."""
    assert _reports(archives, pure=True, seed=1) == _reports(archives, pure=True, seed=2)


@pytest.mark.skipif(not compiled(), reason="the engine is not compiled in this install")
def test_compiled_and_pure_reports_are_byte_identical(archives: Path) -> None:
    assert _reports(archives, pure=False, seed=3) == _reports(archives, pure=True, seed=3)


def test_compiled_modules_are_not_older_than_their_sources() -> None:
    """An editable install builds the compiled modules beside the sources, and an import takes
    the compiled one: a source edited since the last build would be ignored (the C scanner's
    source is _scan.c)."""
    package = Path(claimcheck.__file__).parent
    for built in package.rglob("*.so"):
        name = built.name.split(".")[0]
        source = built.parent / (f"{name}.c" if name == "_scan" else f"{name}.py")
        assert source.stat().st_mtime <= built.stat().st_mtime, (
            f"{built.name} is older than {source.name}: run `pip install -e .` again "
            f"(or set {PURE_PYTHON}=1)"
        )
