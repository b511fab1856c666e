"""Hostile inputs from issue #33 ("nothing hangs, nothing crashes, nothing leaks"): each
test drives the real CLI on small generated data and is bounded in time. The longer runs
(many concurrent writers, many kills) are scripts/attack.py."""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimcheck import cache as cache_module
from claimcheck import yamlio
from claimcheck.cache import Cache
from claimcheck.cli.app import app
from claimcheck.corpus import parse_article

from .conftest import ROOT
from .steps import grows_linearly, steps

runner = CliRunner()
CLAIMS = "claims:\n  - id: ban\n    claim: Xiaomi est interdite aux Etats-Unis\n"
ARTICLE = "Xiaomi est interdite aux Etats-Unis depuis janvier.\n"
linux = pytest.mark.skipif(sys.platform != "linux", reason="Linux only")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """data/claims.yaml and data/articles/a.txt, the working folder."""
    (tmp_path / "data" / "articles").mkdir(parents=True)
    (tmp_path / "data" / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "data" / "claims.yaml").write_text(CLAIMS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- 5. sentence splitting is linear in every input -----------------------------------------

HOSTILE_TEXTS: dict[str, Callable[[int], str]] = {
    "stops": lambda n: "Début " + "." * n + "x",
    "question marks": lambda n: "Début " + "?" * n + "x",
    "ellipses": lambda n: "Début " + "\u2026" * n + "x",
    "a stop and spaces": lambda n: "Début. " + " " * n + "x",
    "a stop and blank lines": lambda n: "Début.\n" + "\n" * n + "x",
    "a stop and no-break spaces": lambda n: "Début. " + " \u00a0" * (n // 2) + "x",
    "closing quotes": lambda n: "Début." + " '" * (n // 2) + " x",
    "opening brackets": lambda n: "Début. " + "(" * n + "x",
    "abbreviations": lambda n: "M. " * (n // 3) + "X",
    "short sentences": lambda n: "Mot. Mot " * (n // 9),
    "front matter never closed": lambda n: "---\n" + "a: b\n" * (n // 5),
}


@linux
@pytest.mark.parametrize("make", HOSTILE_TEXTS.values(), ids=HOSTILE_TEXTS.keys())
def test_splitting_an_article_takes_steps_in_proportion_to_its_size(
    make: Callable[[int], str],
) -> None:
    def count(n: int) -> int:
        data = make(n).encode()
        return steps(lambda: parse_article(data, "a.txt", lambda m: None))

    count(100)  # patterns compiled, caches filled
    counts = [count(n) for n in (4000, 8000, 16000)]
    assert grows_linearly(counts), counts


@linux
@pytest.mark.parametrize("mark", [".", "?"])
def test_a_report_on_a_run_of_stops_grows_linearly(project: Path, mark: str) -> None:
    article = project / "data/articles/zz.txt"

    def count(n: int) -> int:
        article.write_text("Début " + mark * n + "x\n", encoding="utf-8")
        result: list[int] = []

        def run() -> None:
            result.append(runner.invoke(app, ["report", "--no-cache", "-j", "1", "-q"]).exit_code)

        found = steps(run)
        assert result == [0]
        return found

    count(100)
    counts = [count(n) for n in (3000, 6000, 12000)]
    assert grows_linearly(counts), counts


# -- 3, 6. every YAML read is guarded: no aliases, bounded depth, bounded numbers ----------


def laughs(levels: int = 6) -> str:
    """A small alias bomb: 9 * 2**levels strings from a few hundred bytes."""
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, levels + 1):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [*{chr(96 + i)}, *{chr(96 + i)}]")
    return "\n".join(lines) + "\n"


DEEP = "x: " + "[" * 1000 + "]" * 1000 + "\n"
LONG_NUMBER = "date: " + "9" * 5000 + "\n"

FRONT_MATTERS = {
    "aliases": (laughs(), "anchors and aliases are not allowed"),
    "deep nesting": (DEEP, "nested more than 64 levels deep"),
    "a 5,000-digit number": (LONG_NUMBER, "a number of more than 100 characters"),
    "a day that does not exist": ("date: 2021-02-30\n", "day is out of range for month"),
}


@pytest.mark.parametrize(("front", "why"), FRONT_MATTERS.values(), ids=FRONT_MATTERS.keys())
def test_hostile_front_matter_is_a_warning_and_the_body_is_read(
    project: Path, front: str, why: str
) -> None:
    (project / "data/articles/a.md").write_text(f"---\n{front}---\n{ARTICLE}", encoding="utf-8")
    (project / "data/articles/a.txt").unlink()
    result = runner.invoke(app, ["report", "--no-cache", "-f", "json", "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    (warning,) = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warning.startswith("claimcheck: warning: data/articles/a.md:")
    assert "front matter is not valid YAML" in warning  # why: test_yaml_guard_says_why
    assert json.loads(result.stdout)["claims"][0]["verdict"] == "supported"


@pytest.mark.parametrize(("text", "why"), FRONT_MATTERS.values(), ids=FRONT_MATTERS.keys())
def test_yaml_guard_says_why(text: str, why: str) -> None:
    with pytest.raises(yaml.YAMLError, match=why):
        yamlio.load(text)


METADATA = {
    "aliases": (laughs(), r":1:4: not valid YAML: anchors and aliases are not allowed$"),
    "deep nesting": (DEEP, r":1:\d+: not valid YAML: nested more than 64 levels deep$"),
    "a 5,000-digit date": (
        "a.txt:\n  " + LONG_NUMBER,
        r":2:9: not valid YAML: a number of more than 100 characters$",
    ),
    "a date that does not exist": (
        "a.txt:\n  date: 2021-02-30\n",
        r":2:9: not valid YAML: cannot read '2021-02-30': day is out of range for month$",
    ),
}


@pytest.mark.parametrize(("text", "pattern"), METADATA.values(), ids=METADATA.keys())
def test_hostile_metadata_is_one_line_and_exit_2(project: Path, text: str, pattern: str) -> None:
    (project / "data/articles/metadata.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["report", "--no-cache", "-j", "1"])
    assert result.exit_code == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert re.match(r"^data/articles/metadata\.yaml" + pattern, line), line


@pytest.mark.parametrize(
    ("file", "text", "args"),
    [
        ("data/claims.yaml", CLAIMS + "    note: " + DEEP[3:], ["report"]),
        ("gold.yaml", DEEP, ["eval", "gold.yaml"]),
        ("gold.yaml", "ban: &v supported\nother: *v\n", ["eval", "gold.yaml"]),
    ],
    ids=["claims nested 1,000 deep", "gold nested 1,000 deep", "gold with an alias"],
)
def test_claims_and_gold_files_are_guarded_alike(
    project: Path, file: str, text: str, args: list[str]
) -> None:
    (project / file).write_text(text, encoding="utf-8")
    result = runner.invoke(app, [*args, "--no-cache", "-j", "1"])
    assert result.exit_code == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert re.match(re.escape(file) + r":\d+:\d+: not valid YAML: (nested|anchors)", line), line


@pytest.mark.parametrize(
    ("file", "args"),
    [("data/claims.yaml", ["report"]), ("data/articles/metadata.yaml", ["report"])],
    ids=["claims", "metadata"],
)
def test_a_character_yaml_refuses_is_one_located_line(
    project: Path, file: str, args: list[str]
) -> None:
    """Found by the fuzz test below: PyYAML's reader error spans two lines and names no line."""
    (project / file).write_text(CLAIMS.replace("Xiaomi est", "Xiaomi\x01 est"), encoding="utf-8")
    result = runner.invoke(app, [*args, "--no-cache", "-j", "1"])
    assert result.exit_code == 2
    assert result.stderr == f"{file}:3:18: not valid YAML: character #x0001 is not allowed\n"


# -- 6. no traceback with exit 1: one line and exit 2 (or a warning) ------------------------

NINES = "9" * 5000


@pytest.mark.parametrize(
    ("setup", "args", "pattern"),
    [
        (
            None,
            ["verify", f"Acme sold {NINES} million phones"],
            r"^claimcheck: the claim has a number too long to read",
        ),
        (
            None,
            ["suggest", f"Acme sold {NINES} million phones"],
            r"^claimcheck: the claim has a number too long to read",
        ),
        (
            None,
            ["verify", "Xiaomi \udcff"],  # an argument's byte that was not UTF-8
            r"^claimcheck: the claim is not valid UTF-8 text$",
        ),
        (
            ("data/claims.yaml", f"claims:\n  - id: a\n    claim: Acme sold {NINES} million\n"),
            ["report"],
            r"^data/claims\.yaml:2:5: 'claim' has a number too long to read",
        ),
        (
            ("data/claims.yaml", CLAIMS + f"    supports: [Acme sold {NINES} millions]\n"),
            ["report"],
            r"^data/claims\.yaml:4:16: 'supports' has a number too long to read",
        ),
        (
            ("base.json", '{"claimcheck_baseline": 1, "claims": {}, "n": ' + NINES + "}"),
            ["check", "--baseline", "base.json"],
            r"^base\.json: not valid JSON: a number of more than 4,300 digits$",
        ),
        (
            ("base.json", "[" * 100_000 + "]" * 100_000),
            ["check", "--baseline", "base.json"],
            r"^base\.json: not valid JSON: nested too deep$",
        ),
        (
            (
                "base.json",
                '{"claimcheck_baseline": 1, "claims": {"ban": {"verdict": "absent", '
                '"evidence": [{"article": "a", "fingerprint": "f", "stance": "supports", '
                '"quote": "q", "line": 1e999, "column": 1}]}}}',
            ),
            ["check", "--baseline", "base.json"],
            r"^base\.json: malformed baseline entry: ",
        ),
        (
            ("gold.jsonl", '{"id": ' + NINES + ', "label": "supported"}\n'),
            ["eval", "gold.jsonl"],
            r"^gold\.jsonl:1: not valid JSON: a number of more than 4,300 digits$",
        ),
    ],
    ids=[
        "verify argument",
        "suggest argument",
        "argument not UTF-8",
        "claims file claim",
        "claims file phrasing",
        "baseline number",
        "baseline nesting",
        "baseline infinity",
        "gold number",
    ],
)
def test_numbers_and_nesting_python_refuses_are_one_line_and_exit_2(
    project: Path, setup: tuple[str, str] | None, args: list[str], pattern: str
) -> None:
    if setup is not None:
        (project / setup[0]).write_text(setup[1], encoding="utf-8")
    result = runner.invoke(app, [*args, "--no-cache", "-j", "1"])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert re.match(pattern, line), line
    assert result.stdout == ""


def test_a_long_number_in_an_article_does_not_stop_verify(project: Path) -> None:
    # verify guesses the articles' language from their whole text, where a number before
    # "millions" is read as an integer
    (project / "data/articles/n.txt").write_text(f"Xiaomi vend {NINES} millions de téléphones.\n")
    result = runner.invoke(app, ["verify", "Acme sold phones", "--no-cache", "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.stderr


@linux
@pytest.mark.parametrize("args", [["report"], ["eval", "data/gold.yaml"], ["verify", "Xiaomi"]])
def test_a_full_standard_output_is_one_line_and_exit_2(project: Path, args: list[str]) -> None:
    (project / "data/gold.yaml").write_text("ban: supported\n", encoding="utf-8")
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "claimcheck", *args, "-q", "--no-cache", "-j", "1"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == (
        "claimcheck: cannot write the report to standard output: No space left on device\n"
    )


# -- 4. forked workers end with their parent ------------------------------------------------


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Claims and articles whose shards take seconds each to score (with two workers)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate, write

    return write(generate(800, 2000, seed=2), tmp_path_factory.mktemp("archive"))


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    """Running or sleeping; a zombie (ended, not yet reaped by whoever adopted it) is not."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _workers_left(command: list[str], after: float = 0.0) -> tuple[list[int], list[int]]:
    """Start a run, kill it with -9 once its workers are there (and `after` seconds more),
    and give its workers and those still alive a second later."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(_children(proc.pid)) < 2 and proc.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        time.sleep(after)
        # (a worker done with its shard may linger as a zombie beside the next one's)
        workers = [w for w in _children(proc.pid) if _alive(w)]
        assert len(workers) >= 2, "the run ended before its shards were scored"
        proc.kill()
        proc.wait(timeout=10)
        killed = time.monotonic()
        while any(map(_alive, workers)) and time.monotonic() < killed + 1.0:
            time.sleep(0.02)
        left = [w for w in workers if _alive(w)]
    finally:
        proc.kill()
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return workers, left


def _two_job_report(archive: tuple[Path, Path]) -> list[str]:
    claims, articles = archive
    return ["report", "--claims", str(claims), "--articles", str(articles)] + _TWO_JOBS


_TWO_JOBS = ["--no-cache", "-q", "--jobs", "2"]


@linux
@pytest.mark.parametrize("after", [0.0, 0.5], ids=["as both start", "half a second later"])
def test_no_worker_outlives_a_killed_parent_by_a_second(
    archive: tuple[Path, Path], after: float
) -> None:
    command = [sys.executable, "-m", "claimcheck", *_two_job_report(archive)]
    workers, left = _workers_left(command, after)
    assert left == [], f"{len(left)} of {len(workers)} workers outlived their parent"


EMBEDDER = """
import runpy, sys, threading, time
# an embedder's thread: no fork is safe, so the run's workers come from a process pool
threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
sys.argv = ["claimcheck", *sys.argv[1:]]
runpy.run_module("claimcheck", run_name="__main__")
"""


@linux
def test_no_pool_worker_outlives_a_killed_parent_by_a_second(archive: tuple[Path, Path]) -> None:
    workers, left = _workers_left([sys.executable, "-c", EMBEDDER, *_two_job_report(archive)])
    assert left == [], f"{len(left)} of {len(workers)} pool workers outlived their parent"


FORKING_PARENT = """
import sys, time
from claimcheck import forking

def work(sender):
    time.sleep(60)

if sys.argv[1] == "watcher":
    forking._prctl = lambda: None  # as where there is no prctl: a thread looks
process, receiver = forking.start(work, ())
print(process.pid, flush=True)
time.sleep(60)
"""


@linux
@pytest.mark.parametrize("how", ["prctl", "watcher"])
def test_a_forked_child_ends_within_a_second_of_its_parent(how: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", FORKING_PARENT, how], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        child = int(proc.stdout.readline())
        assert _alive(child)
        proc.kill()
        proc.wait(timeout=10)
        killed = time.monotonic()
        while _alive(child) and time.monotonic() < killed + 1.0:
            time.sleep(0.02)
        outlived = _alive(child)
    finally:
        proc.kill()
    if outlived:
        os.kill(child, signal.SIGKILL)
    assert not outlived


# -- 1, 13. a cache that cannot be read is set aside and rebuilt, with the same output ------

PAGE = 16384  # a new cache's page size


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled data, the working folder."""
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns(".claim*"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _report(*args: str) -> tuple[int, str, list[str]]:
    result = runner.invoke(app, ["report", "-f", "json", "-j", "1", "-v", *args])
    return result.exit_code, result.stdout, result.stderr.splitlines()


def test_a_corrupt_page_anywhere_is_set_aside_and_rebuilt(bundled: Path) -> None:
    _, expected, _ = _report("--no-cache")
    cache = bundled / "data/.claimcheck-cache"
    assert _report()[0] == 0
    with sqlite3.connect(cache / "cache.sqlite") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pristine = (cache / "cache.sqlite").read_bytes()
    warned = set()
    for page in range(1, len(pristine) // PAGE):
        for leftover in cache.iterdir():
            leftover.unlink()
        (cache / "cache.sqlite").write_bytes(
            pristine[: page * PAGE] + b"\xff" * PAGE + pristine[(page + 1) * PAGE :]
        )
        code, out, err = _report()
        assert (code, out) == (0, expected), (page, err)
        assert "Traceback" not in "".join(err)
        if err[:-1]:
            (warning,) = err[:-1]
            assert warning.startswith("claimcheck: warning: data/.claimcheck-cache/cache.sqlite:")
            assert warning.endswith("set aside as cache.sqlite.bad, rebuilding it"), warning
            assert (cache / "cache.sqlite.bad").exists()
            warned.add(page)
        code, out, err = _report()  # the rebuilt cache serves the next run
        assert (code, out, err[:-1]) == (0, expected, []), page
        assert "(0 scored, 5 from cache)" in err[-1]
    assert 3 in warned  # the page: offset 49152


def test_a_future_schema_is_told_and_set_aside(bundled: Path) -> None:
    _, expected, _ = _report("--no-cache")
    cache = bundled / "data/.claimcheck-cache"
    assert _report()[0] == 0
    with sqlite3.connect(cache / "cache.sqlite") as db:
        db.execute("UPDATE meta SET value = 'claimcheck-cache-2' WHERE key = 'schema'")
    code, out, err = _report()
    assert (code, out) == (0, expected)
    assert err[0] == (
        "claimcheck: warning: data/.claimcheck-cache/cache.sqlite: not a usable claimcheck "
        "cache (schema 'claimcheck-cache-2'); set aside as cache.sqlite.bad, rebuilding it"
    )
    with sqlite3.connect(cache / "cache.sqlite.bad") as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (
            "claimcheck-cache-2",
        )


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_the_writing_process_does_not_replace_a_cache_in_silence(tmp_path: Path) -> None:
    """The process that writes a run's findings opens the cache afresh: a file another
    claimcheck replaced meanwhile (a newer schema) is told as the reason the write failed,
    and kept, where it used to be deleted without a word."""
    script = "\n".join(
        [
            "import os, sqlite3, sys",
            "from pathlib import Path",
            "from claimcheck.cache import Cache",
            "from claimcheck.writer import Writer",
            f"folder = Path({str(tmp_path)!r})",
            "cache = Cache(folder, print)",
            "with sqlite3.connect(folder / 'cache.sqlite') as db:",
            "    db.execute(\"UPDATE meta SET value = 'claimcheck-cache-9' WHERE key = 'schema'\")",
            "print(Writer(cache, lambda into: None).wait())",
        ]
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.stdout == "schema 'claimcheck-cache-9'\n", proc.stderr
    with sqlite3.connect(tmp_path / "cache.sqlite") as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (
            "claimcheck-cache-9",
        )


def _limited(size: int) -> Callable[[], None]:
    """For a child process: files it writes cannot grow past `size` bytes (as on a full
    disk: the write fails; SIGXFSZ is ignored so that it fails with an error)."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def _cli(cwd: Path, *args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimcheck", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited(limit) if limit else None,  # noqa: PLW1509 - no threads here
    )


@linux
def test_a_cache_that_cannot_be_made_leaves_nothing_behind(bundled: Path) -> None:
    expected = _cli(bundled, "report", "-f", "json", "--no-cache").stdout
    proc = _cli(bundled, "report", "-f", "json", "-q", "-j", "1", limit=40_000)
    assert (proc.returncode, proc.stdout) == (0, expected), proc.stderr
    assert proc.stderr == (
        "claimcheck: warning: data/.claimcheck-cache: cache unusable (disk I/O error); "
        "running without it\n"
    )
    assert list((bundled / "data/.claimcheck-cache").iterdir()) == []


@linux
def test_a_failed_cache_write_gives_back_its_space(bundled: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate, write

    claims, articles = write(generate(200, 60, seed=4), bundled / "more")
    run = ["report", "-f", "json", "-q", "-j", "2", "--claims", str(claims)]
    run += ["--articles", str(articles), "--cache-dir", "cache"]
    expected = _cli(bundled, *run[:-2], "--no-cache").stdout
    assert _cli(bundled, "report", "--cache-dir", "cache").returncode == 0  # a small cache
    before = (bundled / "cache/cache.sqlite").stat().st_size
    proc = _cli(bundled, *run, limit=before + 20_000)
    assert (proc.returncode, proc.stdout) == (0, expected), proc.stderr
    assert "could not update the cache" in proc.stderr
    # the write's journal was truncated, or the cache removed when committed pages it holds
    # cannot reach the file
    left = {p.name: p.stat().st_size for p in (bundled / "cache").iterdir()}
    assert left in ({"cache.sqlite": before}, {}), (left, proc.stderr)
    again = _cli(bundled, *run)
    assert (again.returncode, again.stdout) == (0, expected)


def test_a_malformed_stored_finding_is_set_aside_too(bundled: Path) -> None:
    """Text sqlite reads back intact but claimcheck cannot: the same as a corrupt page."""
    _, expected, _ = _report("--no-cache")
    assert _report()[0] == 0
    with sqlite3.connect(bundled / "data/.claimcheck-cache/cache.sqlite") as db:
        db.execute("UPDATE findings SET data = '[[1, 2, 3]]'")
        db.execute("DELETE FROM reports")
    code, out, err = _report()
    assert (code, out) == (0, expected)
    assert err[0].startswith(
        "claimcheck: warning: data/.claimcheck-cache/cache.sqlite: corrupt (a stored finding "
        "is malformed: "
    )
    assert err[0].endswith("set aside as cache.sqlite.bad, rebuilding it")


@pytest.mark.skipif(
    not str(cache_module.__file__).endswith(".py"), reason="it patches a class mypyc compiled"
)
def test_a_cache_read_error_is_a_warning_and_a_run_without_it(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, expected, _ = _report("--no-cache")
    assert _report()[0] == 0
    failures = iter([sqlite3.OperationalError("disk I/O error")])
    real = Cache._rows_in

    def flaky(self: Cache, sql: str, values: Iterable[str]) -> Iterator[tuple[object, ...]]:
        error = next(failures, None)
        if error is not None:
            raise error
        return real(self, sql, values)

    monkeypatch.setattr(Cache, "_rows_in", flaky)
    code, out, err = _report()
    assert (code, out) == (0, expected)
    assert err[0] == (
        "claimcheck: warning: data/.claimcheck-cache/cache.sqlite: cannot be read (disk I/O "
        "error); running without it"
    )
    assert "(5 scored, 0 from cache)" in err[-1]
    assert (bundled / "data/.claimcheck-cache/cache.sqlite").exists()  # kept: not corrupt


# -- 2, 11, 13. file names are untrusted text: shown escaped, every output valid UTF-8 ------

FORMATS = [
    "table",
    "json",
    "jsonl",
    "csv",
    "markdown",
    "github",
    "sarif",
    "junit",
    "html",
    "claimreview",
]
HOSTILE_NAMES = {
    b"\xff.txt": "\\xff.txt",  # not UTF-8
    b"\x1b]0;PWN\x07.txt": "\\x1b]0;PWN\\x07.txt",  # a terminal title (OSC)
    b"\x1b[31mred\xe2\x80\xae.txt": "\\x1b[31mred\\u202e.txt",  # colour (CSI), bidi override
    b"a\\x1b.txt": "a\\\\x1b.txt",  # what an escape looks like: kept apart from one
    b"x\n    min_score: 0\n#.txt": "x\\x0a    min_score: 0\\x0a#.txt",
}


@pytest.fixture
def hostile_names(project: Path) -> Path:
    articles = project / "data/articles"
    for raw in HOSTILE_NAMES:
        try:
            (articles / os.fsdecode(raw)).write_text(ARTICLE, encoding="utf-8")
        except (OSError, UnicodeError):  # a file system that takes UTF-8 names only
            pytest.skip("this file system refuses such names")
    (articles / os.fsdecode(b"\x1b]2;bin\x07.txt")).write_bytes(b"a\0")
    return project


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_file_names_are_shown_escaped_in_every_format(
    hostile_names: Path, fmt: str
) -> None:
    for args in (["--no-cache"], [], []):  # without the cache, filling it, reading it
        result = runner.invoke(app, ["report", "-f", fmt, "-j", "1", *args])
        assert result.exit_code == 0, result.output
        for stream in (result.stdout_bytes, result.stderr_bytes):
            text = stream.decode("utf-8")  # valid UTF-8
            assert not set(text) & {"\x1b", "\x07", "\u202e", "\udcff"}
        warning = "claimcheck: warning: data/articles/\\x1b]2;bin\\x07.txt: looks binary"
        assert warning in result.stderr


def test_hostile_file_names_are_told_apart(hostile_names: Path) -> None:
    result = runner.invoke(app, ["report", "-f", "json", "-j", "1", "--max-evidence", "0"])
    claim = json.loads(result.stdout)["claims"][0]
    shown = {e["article"] for e in claim["evidence"]}
    assert shown == {"data/articles/" + n for n in [*HOSTILE_NAMES.values(), "a.txt"]}


def test_sarif_uris_are_percent_encoded_bytes(hostile_names: Path) -> None:
    (hostile_names / "data/articles/a b é.txt").write_text(ARTICLE, encoding="utf-8")
    (hostile_names / "data/claims.yaml").write_text(CLAIMS + "    expect: absent\n")
    result = runner.invoke(app, ["check", "-f", "sarif", "-j", "1", "--no-cache"])
    assert result.exit_code == 1, result.output
    (failed,) = json.loads(result.stdout)["runs"][0]["results"]
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for loc in failed["locations"]}
    assert "data/articles/a%20b%20%C3%A9.txt" in uris
    assert "data/articles/%FF.txt" in uris
    assert "data/articles/%1B%5D0%3BPWN%07.txt" in uris
    assert "data/articles/a%5Cx1b.txt" in uris


def test_a_claims_path_that_is_not_utf8_keeps_outputs_valid(project: Path) -> None:
    odd = project / os.fsdecode(b"claims-\xff.yaml")
    try:
        odd.write_text(CLAIMS, encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses such names")
    for fmt in ("json", "html"):
        result = runner.invoke(
            app, ["report", "--claims", str(odd), "-f", fmt, "-o", f"out.{fmt}", "--no-cache"]
        )
        assert result.exit_code == 0, result.output
        (project / f"out.{fmt}").read_bytes().decode("utf-8")


def test_markdown_leaves_no_mention_or_link_live(project: Path) -> None:
    (project / "data/articles/a.txt").write_text(
        "Xiaomi est interdite aux Etats-Unis, selon @octocat et https://evil.example/x "
        "ou www.evil.example.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["report", "-f", "markdown", "--no-cache", "-q"])
    assert result.exit_code == 0
    assert "selon @\u200boctocat et https:\u200b//evil.example/x ou www\u200b.evil" in result.stdout
    for live in ("@octocat", "://", "www."):
        assert live not in result.stdout


def test_a_claim_id_may_not_end_in_a_newline(project: Path) -> None:
    (project / "data/claims.yaml").write_text(
        'claims:\n  - id: "ban\\n"\n    claim: Xiaomi est interdite aux Etats-Unis\n'
    )
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 2
    assert result.stderr == (
        "data/claims.yaml:2:5: claim id 'ban\\n' must be a lowercase slug (a-z, 0-9, '-')\n"
    )


# -- 7. metadata.yaml is a regular file of bounded size ---------------------------------------


def _sparse_65_mib(path: Path) -> None:
    with path.open("wb") as fh:
        fh.truncate(65 * 2**20)


def _bounded_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # /dev/zero read whole: 1 GiB


@linux
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: os.mkfifo(p), "the metadata file is not a regular file"),
        (lambda p: os.symlink("/dev/zero", p), "the metadata file is not a regular file"),
        (_sparse_65_mib, "the metadata file is over the limit of 64 MiB"),
    ],
    ids=["a FIFO", "a link to /dev/zero", "65 MiB"],
)
def test_metadata_that_is_no_regular_file_is_refused_at_once(
    project: Path, make: Callable[[Path], None], message: str
) -> None:
    make(project / "data/articles/metadata.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "claimcheck", "report", "--no-cache", "-j", "1"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=30,  # the FIFO blocked the run forever
        preexec_fn=_bounded_memory,  # noqa: PLW1509 - no threads here
    )
    assert proc.returncode == 2, proc.stderr[-300:]
    assert proc.stderr == f"data/articles/metadata.yaml: {message}\n"


# -- 8. nothing is pasted into YAML ------------------------------------------------------------


@pytest.mark.parametrize("brk", ["\n", "\r", "\x85", "\u2028", "\u2029"], ids=repr)
def test_a_file_name_cannot_add_keys_through_suggest_write(bundled: Path, brk: str) -> None:
    articles = bundled / "data/articles"
    (source,) = articles.glob("004-*")
    name = f"x{brk}    min_score: 0{brk}  - id: planted{brk}    claim: Planted claim{brk}#.txt"
    try:
        source.rename(articles / name)
    except OSError:
        pytest.skip("this file system refuses such names")
    claims = bundled / "data/claims.yaml"
    before = yaml.safe_load(claims.read_text(encoding="utf-8"))["claims"]
    result = runner.invoke(
        app, ["suggest", "Xiaomi a porté plainte contre le Pentagone", "--write", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    after = yaml.safe_load(claims.read_text(encoding="utf-8"))["claims"]
    (added,) = [c for c in after if c not in before]
    assert len(after) == len(before) + 1
    assert sorted(added) == ["claim", "id", "supports"]
    (note,) = [ln for ln in claims.read_text(encoding="utf-8").split("\n") if "# supports:" in ln]
    assert "planted" in note and note.strip().startswith("# supports: data/articles/x\\")


# -- 9. writes keep modes and links ------------------------------------------------------------


@pytest.fixture
def umask_027() -> Iterator[None]:
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


WRITES = {
    "--output": (["report", "-q", "-f", "json", "-o", "out.json"], "out.json"),
    "--write-baseline": (["check", "-q", "--write-baseline", "base.json"], "base.json"),
}


@pytest.mark.parametrize(("args", "file"), WRITES.values(), ids=WRITES.keys())
def test_a_new_file_follows_the_umask_and_a_rewritten_one_keeps_its_mode(
    bundled: Path, umask_027: None, args: list[str], file: str
) -> None:
    assert runner.invoke(app, [*args, "--no-cache"]).exit_code in (0, 1)
    assert stat.S_IMODE((bundled / file).stat().st_mode) == 0o640
    (bundled / file).chmod(0o604)
    assert runner.invoke(app, [*args, "--no-cache"]).exit_code in (0, 1)
    assert stat.S_IMODE((bundled / file).stat().st_mode) == 0o604


def test_suggest_write_keeps_the_claims_file_mode_and_its_link(
    bundled: Path, umask_027: None
) -> None:
    real = bundled / "kept" / "claims.yaml"
    real.parent.mkdir()
    (bundled / "data/claims.yaml").rename(real)
    real.chmod(0o644)
    (bundled / "data/claims.yaml").symlink_to("../kept/claims.yaml")
    result = runner.invoke(
        app, ["suggest", "Xiaomi a porté plainte contre le Pentagone", "--write", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert (bundled / "data/claims.yaml").is_symlink()
    assert "xiaomi-porte-plainte-contre-pentagone" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o644


# -- 12. what a killed write left is removed by the next -----------------------------------------


def test_temporary_files_of_killed_writes_are_removed_by_the_next(bundled: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", ""])
    gone.wait()  # a process id that is no process's any more
    stale = [f".out.json.{gone.pid}.abcdefgh.tmp", ".out.json.x1y2z3w4.tmp"]
    kept = [f".out.json.{os.getpid()}.abcdefgh.tmp", ".other.json.12.abcdefgh.tmp", ".x.tmp"]
    for name in stale + kept:
        (bundled / name).write_text("partial")
    hour_ago = time.time() - 3600
    os.utime(bundled / stale[1], (hour_ago, hour_ago))  # an earlier version's, untouched
    result = runner.invoke(app, ["report", "-q", "-f", "json", "-o", "out.json", "--no-cache"])
    assert result.exit_code == 0, result.output
    left = sorted(p.name for p in bundled.iterdir() if p.name.endswith(".tmp"))
    assert left == sorted(kept)


@linux
def test_a_killed_write_leaves_the_target_whole_and_the_next_run_cleans_up(
    bundled: Path,
) -> None:
    target = bundled / "out.json"
    target.write_text("previous\n")
    args = [sys.executable, "-m", "claimcheck", "report", "-q", "-f", "json", "-o", "out.json"]
    for delay in (0.2, 0.4, 0.6, 0.8):  # starting, scoring, writing, done
        proc = subprocess.Popen([*args, "--no-cache"], cwd=bundled)
        time.sleep(delay)
        proc.kill()
        proc.wait()
        text = target.read_text()
        assert text == "previous\n" or json.loads(text)["articles"] == 5
    assert subprocess.run([*args, "--no-cache"], cwd=bundled, timeout=60).returncode == 0
    assert json.loads(target.read_text())["articles"] == 5
    assert not [p.name for p in bundled.iterdir() if p.name.endswith(".tmp")]


@linux
def test_kill_9_of_a_run_leaves_a_cache_the_next_run_uses(bundled: Path) -> None:
    args = [sys.executable, "-m", "claimcheck", "report", "-f", "json", "-j", "1"]
    expected = subprocess.run([*args, "--no-cache"], cwd=bundled, capture_output=True, text=True)
    for delay in (0.4, 0.8):  # scoring, writing the cache
        shutil.rmtree(bundled / "data/.claimcheck-cache", ignore_errors=True)
        proc = subprocess.Popen(args, cwd=bundled, stdout=subprocess.DEVNULL)
        time.sleep(delay)
        proc.kill()
        proc.wait()
        again = subprocess.run(args, cwd=bundled, capture_output=True, text=True, timeout=60)
        assert (again.returncode, again.stdout) == (0, expected.stdout), again.stderr
        assert "warning" not in again.stderr


@linux
@pytest.mark.parametrize(
    ("args", "target"),
    [
        (["check", "-q", "--write-baseline", "base.json"], "base.json"),
        (["suggest", "Xiaomi a porté plainte contre le Pentagone", "--write"], "data/claims.yaml"),
    ],
    ids=["--write-baseline", "suggest --write"],
)
def test_a_killed_write_leaves_its_target_as_it_was_or_whole(
    bundled: Path, args: list[str], target: str
) -> None:
    command = [sys.executable, "-m", "claimcheck", *args, "--no-cache", "-j", "1"]
    path = bundled / target
    if not path.exists():
        path.write_text("{}\n")
    before = path.read_text(encoding="utf-8")
    for delay in (0.3, 0.5, 0.7):
        proc = subprocess.Popen(
            command, cwd=bundled, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        proc.kill()
        proc.wait()
        after = path.read_text(encoding="utf-8")
        if after != before:  # the new file, whole
            assert (json.loads if target.endswith(".json") else yaml.safe_load)(after)
        path.write_text(before, encoding="utf-8")


# -- 10. concurrent suggest --write: the read-modify-write holds the folder's lock -------------


@linux
def test_suggest_write_waits_for_the_lock_says_so_and_keeps_what_was_added(
    bundled: Path,
) -> None:
    import fcntl

    claims = bundled / "data/claims.yaml"
    folder = os.open(claims.parent, os.O_RDONLY)
    fcntl.flock(folder, fcntl.LOCK_EX)  # as another claimcheck adding an entry would
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimcheck",
            "suggest",
            "Xiaomi a porté plainte contre le Pentagone",
            "--write",
            "-q",
            "-j",
            "1",
        ],
        cwd=bundled,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()  # it blocks until the writer says something
        # meanwhile the other writer adds its entry
        text = claims.read_text(encoding="utf-8")
        claims.write_text(text + "  - id: zz-added-meanwhile\n    claim: Added meanwhile\n")
    finally:
        os.close(folder)
    rest = proc.communicate(timeout=60)[1]
    waiting = f"claimcheck: waiting for another claimcheck writing in {claims.parent}\n"
    assert first == waiting
    assert proc.returncode == 0, rest
    assert rest == "claimcheck: added 'xiaomi-porte-plainte-contre-pentagone' to data/claims.yaml\n"
    ids = [c["id"] for c in yaml.safe_load(claims.read_text(encoding="utf-8"))["claims"]]
    assert "zz-added-meanwhile" in ids and "xiaomi-porte-plainte-contre-pentagone" in ids


@linux
def test_three_suggest_writers_at_once_lose_nothing(bundled: Path) -> None:
    typed = [
        "Xiaomi a porté plainte contre le Pentagone",
        "Un juge fédéral a bloqué l'interdiction d'investir dans Xiaomi",
        "Xiaomi dément tout lien avec l'armée chinoise",
    ]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "claimcheck", "suggest", claim, "--write", "-q", "-j", "1"],
            cwd=bundled,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for claim in typed
    ]
    errors = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    added = [e.rsplit("added '", 1)[1].split("'")[0] for e in errors]
    ids = [c["id"] for c in yaml.safe_load((bundled / "data/claims.yaml").read_text())["claims"]]
    assert set(added) <= set(ids)


# -- a fuzz test: random bytes as file names, front matter and metadata ------------------------

# CONTRIBUTING.md's CLAIMCHECK_FUZZ_EXAMPLES=20000 makes it a thousand; each runs the CLI twice
FUZZ_EXAMPLES = max(8, int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "150")) // 20)
YAMLISH = st.text(alphabet=st.sampled_from(list("&*[]{}:,-!|>'\"#%@`?\n\t abc019.")), max_size=120)
SOME_BYTES = st.one_of(st.binary(max_size=200), YAMLISH.map(str.encode))
NAMES = st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b)


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(name=NAMES, front=SOME_BYTES, metadata=st.one_of(st.none(), SOME_BYTES), keyed=st.booleans())
def test_random_names_front_matter_and_metadata_never_crash_or_leak(
    name: bytes, front: bytes, metadata: bytes | None, keyed: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        articles = root / "articles"
        articles.mkdir()
        (root / "claims.yaml").write_text(CLAIMS, encoding="utf-8")
        (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
        try:
            hostile = articles / os.fsdecode(name + b".txt")
            hostile.write_bytes(b"---\n" + front + b"\n---\n" + ARTICLE.encode())
        except (OSError, UnicodeError):
            assume(False)  # a name this file system refuses
        if metadata is not None:
            if keyed:  # the hostile file's own entry, so that its values are read
                metadata = os.fsencode(hostile.name) + b":\n  date: " + metadata
            (articles / "metadata.yaml").write_bytes(metadata)
        args = ["report", "--claims", str(root / "claims.yaml"), "--articles", str(articles)]
        args += ["-f", "json", "-j", "1", "-q"]
        for where in (["--no-cache"], ["--cache-dir", str(root / "cache")]):
            result = runner.invoke(app, [*args, *where])
            assert result.exit_code in (0, 2), result.output
            out = result.stdout_bytes.decode("utf-8")
            err = result.stderr_bytes.decode("utf-8")
            assert "Traceback" not in err and not set(err) & {"\x1b", "\x07", "\r"}
            if result.exit_code == 2:
                assert out == "" and err.splitlines()[-1].startswith(str(articles))
            else:
                skipped = b"\0" in front  # a binary file: a warning says so
                assert json.loads(out)["articles"] == 2 - skipped, err
