"""Nothing is lost: atomic writes survive interruption; Ctrl-C and kill exit cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimcheck.fileio import write_atomic

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate, write  # noqa: E402


def test_an_interrupted_write_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "baseline.json"
    write_atomic(target, "old\n")

    def boom(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new and longer\n")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json"]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("big")
    return write(generate(1500, 300, seed=2), folder)


def _wait_until_scoring(proc: subprocess.Popen[str], limit: float = 60.0) -> None:
    """Until the run has forked its first scoring process, so is past start-up and has its
    signal handlers: a signal sent during the imports gets Python's default handling (a fixed
    1.5 s wait failed on a slow machine). Without /proc, the fixed wait."""
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    if not children.exists():
        time.sleep(1.5)
        return
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if children.read_text().split():
            return
        time.sleep(0.02)


@pytest.mark.parametrize(
    ("sig", "code", "word"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
)
def test_signals_exit_with_one_line(
    big: tuple[Path, Path], tmp_path: Path, sig: int, code: int, word: str
) -> None:
    claims, articles = big
    baseline = tmp_path / "baseline.json"
    baseline.write_text("previous\n")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimcheck",
            "check",
            "--claims",
            str(claims),
            "--articles",
            str(articles),
            "--no-cache",
            "--jobs",
            "2",
            "--write-baseline",
            str(baseline),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_until_scoring(proc)
    assert proc.poll() is None, "the run should still be going"
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert err == f"claimcheck: {word}\n"
    assert baseline.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json"]


@pytest.mark.parametrize("delay", [0.15, 0.3, 0.45])
@pytest.mark.parametrize(
    ("sig", "code", "word"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
)
def test_a_signal_during_start_up_ends_with_one_line_too(
    big: tuple[Path, Path], sig: int, code: int, word: str, delay: float
) -> None:
    """The command line takes a few tenths of a second to import and parse: a Ctrl-C then
    printed a Python traceback, a kill ended the process silently, and either one while the
    options were parsed exited 130 without a word (typer's own handling). Now each ends with
    its one line and status, as during a command."""
    claims, articles = big
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "check", "--claims", str(claims)]
        + ["--articles", str(articles), "--no-cache", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (code, f"claimcheck: {word}\n")
