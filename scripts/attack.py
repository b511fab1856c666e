"""The long attack runs of issue #33, outside the suite: many concurrent writers, many kills.

    python scripts/attack.py                      # every scenario, default counts (minutes)
    python scripts/attack.py kill-parents --count 60 --seed 3
    python scripts/attack.py --list

Each scenario drives the real CLI (`python -m claimcheck`, the claimcheck importable from
here: set PYTHONPATH=src to attack a work tree) on generated data in a temporary folder, and
prints one line: what it did and what went wrong. Exit status 1 when anything did. The
small, bounded versions of the same checks are in tests/test_attacks.py.

  concurrent-reports  N `report` runs at once on one cache: all succeed, all print the same
                      report as --no-cache
  kill-reports        `report` killed (kill -9) at a random moment, N times: the next run
                      uses the cache without a warning and prints the same report
  kill-writes         `report -o`, `check --write-baseline` and `suggest --write` killed at a
                      random moment: the target holds its old text or a whole new one; after
                      one more write, no temporary file is left
  suggest-writers     rounds of 3 `suggest --write` at once, each a different claim: every
                      claim reported as added is in the file
  kill-parents        `check -j 2` killed while its workers score: no worker is alive a second
                      later (Linux: /proc)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate, write  # noqa: E402

CLAIMCHECK = [sys.executable, "-m", "claimcheck"]
TYPED = [
    "Xiaomi a porté plainte contre le Pentagone",
    "Un juge fédéral a bloqué l'interdiction d'investir dans Xiaomi",
    "Xiaomi dément tout lien avec l'armée chinoise",
    "Xiaomi vend des smartphones en Europe",
]


def run(args: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLAIMCHECK, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def bundled(into: Path) -> Path:
    """A copy of the bundled data (without a cache) in into/data; into."""
    shutil.copytree(ROOT / "data", into / "data", ignore=shutil.ignore_patterns(".claim*"))
    return into


def concurrent_reports(work: Path, count: int, rng: random.Random) -> list[str]:
    claims, articles = write(generate(600, 200, seed=rng.randrange(1000)), work / "archive")
    args = ["report", "-f", "json", "-q", "--claims", str(claims), "--articles", str(articles)]
    expected = run([*args, "--no-cache"], work).stdout
    procs = [
        subprocess.Popen(
            [*CLAIMCHECK, *args, "-j", "1"],
            cwd=work,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    problems = []
    for i, proc in enumerate(procs):
        out, err = proc.communicate(timeout=600)
        if proc.returncode != 0 or out != expected:
            problems.append(f"run {i}: exit {proc.returncode}, {err.strip()[-200:]!r}")
    return problems


def kill_reports(work: Path, count: int, rng: random.Random) -> list[str]:
    root = bundled(work)
    args = ["report", "-f", "json", "-j", "1"]
    expected = run([*args, "--no-cache"], root).stdout
    problems = []
    for i in range(count):
        proc = subprocess.Popen(
            [*CLAIMCHECK, *args], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.1, 1.2))
        proc.kill()
        proc.wait()
        again = run(args, root, timeout=120)
        if again.returncode != 0 or again.stdout != expected or "warning" in again.stderr:
            problems.append(f"kill {i}: exit {again.returncode}, {again.stderr.strip()[-200:]!r}")
    return problems


def kill_writes(work: Path, count: int, rng: random.Random) -> list[str]:
    root = bundled(work)
    writes: list[tuple[list[str], Path, Callable[[str], object]]] = [
        (["report", "-q", "-f", "json", "-o", "out.json"], root / "out.json", json.loads),
        (["check", "-q", "--write-baseline", "base.json"], root / "base.json", json.loads),
        (["suggest", TYPED[0], "--write", "-q"], root / "data/claims.yaml", yaml.safe_load),
    ]
    for _, target, _ in writes[:2]:
        target.write_text("{}\n")
    problems = []
    for i in range(count):
        args, target, parse = writes[i % len(writes)]
        before = target.read_text(encoding="utf-8")
        proc = subprocess.Popen(
            [*CLAIMCHECK, *args, "--no-cache", "-j", "1"],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 1.0))
        proc.kill()
        proc.wait()
        after = target.read_text(encoding="utf-8")
        try:
            if after != before:
                parse(after)
        except ValueError as exc:
            problems.append(f"kill {i} of {args[0]}: {target.name} is broken ({exc})")
        target.write_text(before, encoding="utf-8")
    for args, _, _ in writes:
        run([*args, "--no-cache", "-j", "1"], root, timeout=120)
    left = [
        p.name
        for folder in (root, root / "data")
        for p in folder.iterdir()
        if p.name.endswith(".tmp")
    ]
    if left:
        problems.append(f"temporary files left after a clean write: {left}")
    return problems


def suggest_writers(work: Path, count: int, rng: random.Random) -> list[str]:
    problems = []
    for i in range(count):
        root = bundled(work / f"round{i}")
        chosen = rng.sample(TYPED, 3)
        procs = [
            subprocess.Popen(
                [*CLAIMCHECK, "suggest", claim, "--write", "-q", "-j", "1"],
                cwd=root,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for claim in chosen
        ]
        said = [p.communicate(timeout=300)[1] for p in procs]
        ids = {c["id"] for c in yaml.safe_load((root / "data/claims.yaml").read_text())["claims"]}
        for claim, err in zip(chosen, said, strict=True):
            if "added '" in err:
                added = err.rsplit("added '", 1)[1].split("'")[0]
                if added not in ids:
                    problems.append(f"round {i}: {added!r} reported as added, not in the file")
            elif "already has" not in err and "no passage" not in err:
                problems.append(f"round {i}: {claim!r}: {err.strip()[-200:]!r}")
    return problems


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def kill_parents(work: Path, count: int, rng: random.Random) -> list[str]:
    if not Path("/proc/self/task").exists():
        return ["needs Linux's /proc"]
    claims, articles = write(generate(800, 2000, seed=2), work / "archive")
    args = ["check", "--claims", str(claims), "--articles", str(articles), "--no-cache"]
    problems = []
    for i in range(count):
        proc = subprocess.Popen(
            [*CLAIMCHECK, *args, "-q", "-j", "2"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while not _children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 2.0))
        workers = _children(proc.pid)
        proc.kill()
        proc.wait()
        time.sleep(1.0)
        left = [w for w in workers if _alive(w)]
        for pid in left:
            os.kill(pid, 9)
        if left:
            problems.append(f"kill {i}: {len(left)} of {len(workers)} workers outlived it")
    return problems


SCENARIOS: dict[str, tuple[Callable[[Path, int, random.Random], list[str]], int]] = {
    "concurrent-reports": (concurrent_reports, 8),
    "kill-reports": (kill_reports, 30),
    "kill-writes": (kill_writes, 60),
    "suggest-writers": (suggest_writers, 10),
    "kill-parents": (kill_parents, 30),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("scenarios", nargs="*", metavar="SCENARIO", help=", ".join(SCENARIOS))
    parser.add_argument("--count", type=int, help="runs (or rounds) each, instead of the default")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--list", action="store_true", help="name the scenarios and stop")
    options = parser.parse_args()
    if options.list:
        print("\n".join(SCENARIOS))
        return 0
    unknown = sorted(set(options.scenarios) - set(SCENARIOS))
    if unknown:
        parser.error(f"no scenario {', '.join(unknown)} (see --list)")
    failed = False
    for name in options.scenarios or list(SCENARIOS):
        scenario, default = SCENARIOS[name]
        count = options.count or default
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix=f"claimcheck-{name}-") as folder:
            problems = scenario(Path(folder), count, random.Random(options.seed))
        seconds = time.monotonic() - started
        print(f"{name}: {count} runs, {len(problems)} problem(s), {seconds:.0f} s")
        for problem in problems:
            print(f"  {problem}")
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
