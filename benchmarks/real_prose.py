"""Score claimcheck on the real-reporting development set (benchmarks/real-prose/).

    python benchmarks/real_prose.py                  # both halves, a summary line each
    python benchmarks/real_prose.py --half a -v      # the tuning half, every miss listed
    python benchmarks/real_prose.py --json out.json  # the verdicts, for a before/after diff

Each half is a claims file of plain claims with the verdict a careful reader gave them
(`expect:`), written before the tool was run, and a folder of articles kept out of git (see
benchmarks/real-prose/README.md). A claim is right when the verdict is the expected one. A
confident wrong verdict is a `supported` or `contradicted` at confidence 80 or more where
the reader says otherwise: the error that matters most.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "real-prose"
CONFIDENT = 80


def run_half(half: str, extra: list[str]) -> list[dict[str, object]]:
    folder = HERE / half
    articles = folder / "articles"
    if not articles.is_dir():
        sys.exit(f"{articles}: missing (the article texts are not in git; see {HERE}/README.md)")
    command = [
        sys.executable,
        "-m",
        "claimcheck",
        "report",
        "--claims",
        str(folder / "claims.yaml"),
        "--articles",
        str(articles),
        "--format",
        "json",
        "--no-cache",
        "--quiet",
        *extra,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"claimcheck failed ({done.returncode}): {done.stderr.strip()}")
    claims: list[dict[str, object]] = json.loads(done.stdout)["claims"]
    return claims


def score(claims: list[dict[str, object]]) -> tuple[int, list[dict[str, object]], list[str]]:
    right = 0
    misses = []
    confident = []
    for c in claims:
        if c["verdict"] == c["expect"]:
            right += 1
            continue
        misses.append(c)
        conf = c["confidence"]
        decided = c["verdict"] in ("supported", "contradicted")
        if decided and isinstance(conf, int | float) and conf >= CONFIDENT:
            confident.append(str(c["id"]))
    return right, misses, confident


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=("a", "b"), action="append")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--json", type=Path, help="write the verdicts here")
    parser.add_argument("extra", nargs="*", help="more options for claimcheck report")
    args = parser.parse_args()
    kept: dict[str, dict[str, object]] = {}
    for half in args.half or ["a", "b"]:
        claims = run_half(half, args.extra)
        right, misses, confident = score(claims)
        n = len(claims)
        print(
            f"half {half}: {right}/{n} right ({100 * right / n:.0f} %), "
            f"{len(confident)} confident wrong" + (f": {', '.join(confident)}" if confident else "")
        )
        if args.verbose:
            for c in misses:
                evidence = c.get("evidence") or []
                quote = evidence[0]["quote"][:110] if evidence else ""
                print(f"  {c['id']}: expect {c['expect']}, got {c['verdict']} {c['confidence']}")
                if quote:
                    print(f"      {quote}")
        for c in claims:
            kept[f"{half}:{c['id']}"] = {"verdict": c["verdict"], "confidence": c["confidence"]}
    if args.json:
        args.json.write_text(json.dumps(kept, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
