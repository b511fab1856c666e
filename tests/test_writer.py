"""The cache's write beside the conclusions: in a forked process, whole or not at all."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from claimcheck.cache import Cache
from claimcheck.writer import Writer

from .conftest import ROOT

FORKS = hasattr(os, "fork")


def _cache(folder: Path) -> Cache:
    cache = Cache(folder, lambda message: print(message))
    cache.db.execute("CREATE TABLE IF NOT EXISTS probe(pid INTEGER)")
    return cache


def _note_pid(into: Cache) -> None:
    with into.db:
        into.db.execute("BEGIN IMMEDIATE")
        into.db.execute("INSERT INTO probe VALUES (?)", (os.getpid(),))


def _slow(into: Cache) -> None:
    with into.db:
        into.db.execute("BEGIN IMMEDIATE")
        into.db.execute("INSERT INTO probe VALUES (?)", (os.getpid(),))
        time.sleep(60)


def _pids(cache: Cache) -> list[int]:
    return [row[0] for row in cache.db.execute("SELECT pid FROM probe")]


def _fresh(body: str, folder: Path) -> Any:
    """Run `body` in a fresh interpreter, where no thread is left over from other tests (a
    Dask thread rightly keeps the writer from forking), and return what it prints (JSON)."""
    script = "\n".join(
        [
            "import json, os, sys, time",
            "from pathlib import Path",
            f"sys.path.insert(0, {str(ROOT)!r})",
            "from tests.test_writer import _cache, _note_pid, _pids, _slow",
            "from claimcheck.writer import Writer",
            f"cache = _cache(Path({str(folder)!r}))",
            body,
        ]
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.skipif(not FORKS, reason="no fork on this platform")
def test_the_write_lands_from_another_process_and_the_cache_stays_usable(tmp_path: Path) -> None:
    error, pids, parent = _fresh(
        "writer = Writer(cache, _note_pid)\n"
        "print(json.dumps([writer.wait(), _pids(cache), os.getpid()]))",
        tmp_path,
    )
    assert error is None
    (pid,) = pids  # read through the connection the writer reopened
    assert pid != parent


@pytest.mark.skipif(not FORKS, reason="no fork on this platform")
def test_a_stopped_write_is_undone_and_its_lock_released(tmp_path: Path) -> None:
    seconds, before, after, parent = _fresh(
        "writer = Writer(cache, _slow)\n"
        "assert writer.process is not None\n"
        "time.sleep(0.5)\n"  # the insert is made, not committed
        "started = time.perf_counter()\n"
        "writer.stop()\n"
        "seconds = time.perf_counter() - started\n"
        "before = _pids(cache)\n"
        "_note_pid(cache)\n"
        "print(json.dumps([seconds, before, _pids(cache), os.getpid()]))",
        tmp_path,
    )
    assert seconds < 10
    assert before == []
    assert after == [parent]


def test_with_another_thread_running_the_write_is_done_here(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        writer = Writer(cache, _note_pid)
    finally:
        release.set()
        other.join()
    assert writer.process is None
    assert writer.wait() is None
    assert _pids(cache) == [os.getpid()]
    cache.close()


@pytest.mark.parametrize("threads", [1, 2])
def test_a_failed_write_says_why(tmp_path: Path, threads: int) -> None:
    cache = _cache(tmp_path)

    def fail(into: Cache) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    if threads == 2:
        other.start()
    writer = Writer(cache, fail)
    release.set()
    if threads == 2:
        other.join()
    assert writer.wait() == "database or disk is full"
    cache.close()


@pytest.mark.skipif(not FORKS, reason="no fork on this platform")
def test_a_failed_write_in_the_forked_process_says_why(tmp_path: Path) -> None:
    forked, error = _fresh(
        "import sqlite3\n"
        "def fail(into):\n"
        "    raise sqlite3.OperationalError('database or disk is full')\n"
        "writer = Writer(cache, fail)\n"
        "print(json.dumps([writer.process is not None, writer.wait()]))",
        tmp_path,
    )
    assert forked and error == "database or disk is full"


@pytest.mark.skipif(not FORKS, reason="no fork on this platform")
def test_the_writer_ignores_ctrl_c_and_leaves_this_process_signals_as_they_were(
    tmp_path: Path,
) -> None:
    alive, blocked = _fresh(
        "import signal\n"
        "writer = Writer(cache, _slow)\n"
        "time.sleep(0.5)\n"
        "os.kill(writer.process.pid, signal.SIGINT)\n"  # the parent's to handle, not its
        "time.sleep(0.5)\n"
        "alive = writer.process.is_alive()\n"
        "blocked = sorted(signal.pthread_sigmask(signal.SIG_BLOCK, []))\n"
        "writer.stop()\n"
        "print(json.dumps([alive, blocked]))",
        tmp_path,
    )
    assert alive and blocked == []
