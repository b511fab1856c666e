"""What `suggest --semantic` offers for claims whose evidence is known (issue #31).

    python benchmarks/semantic_suggest.py                # benchmarks/semantic-pairs
    python benchmarks/semantic_suggest.py --real-prose   # benchmarks/real-prose's claims
    python benchmarks/semantic_suggest.py --write        # and verify each claim after --write
    python benchmarks/semantic_suggest.py --words        # suggest without --semantic, to compare

(benchmarks/real-prose's articles are not in git: see its README.) Needs the 'semantic' extra.

Each claim is typed into `claimcheck suggest --semantic`, as a user would type it, over its
articles: for semantic-pairs, a folder of every sentence of the set (one file per page) and
the bundled articles; for real-prose, its half's articles. A claim is "offered its sentence"
when a proposed phrasing is cut from one of its gold sentences, "on its side" when that
phrasing is filed under `supports` for a claim the sentence states (every semantic-pairs
claim, real-prose's supported ones) or `contradicts` for one it refutes. With --write, the
entry is written unreviewed into the claim's own claims file and the claim verified again:
"verdict as expected after --write" counts those then supported (or contradicted, as the
reader said), which the user's review is there to make sure of. Nothing is tuned on these sets.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from claimcheck.cli.app import main as claimcheck
from claimcheck.corpus import read_article

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "benchmarks" / "semantic-pairs" / "pairs.yaml"
REAL_PROSE = ROOT / "benchmarks" / "real-prose"
BUNDLED = ROOT / "data" / "articles"
# suggest keeps its cache beside a claims file: each claim gets one, with a claim of no story
PLACEHOLDER = "claims:\n  - id: placeholder\n    claim: The placeholder of this benchmark\n"
_NOTE = re.compile(r"^    # (supports|contradicts): .* \((\d+)% (similar in meaning|of the)")
KEYS = (
    "claims",
    "nothing offered",
    "offered by words",
    "offered by meaning",
    "phrasings",
    "its sentence offered",
    "its sentence first",
    "its sentence on its side",
    "by meaning: its sentence offered",
    "by meaning: on its side",
    "by meaning: its side is supports",
    "verdict as expected after --write",
)
_QUOTE = re.compile(r"([\w.-]+\.txt): '(.+?)'(?=;|$|\s\(|\)|,)")


@dataclass(frozen=True)
class Case:
    id: str
    claim: str
    gold: frozenset[str]  # the sentences that settle it, normalised (_norm)
    side: str  # where a gold sentence belongs: supports or contradicts
    group: str
    articles: Path


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold().rstrip(".")


def pairs_cases(folder: Path) -> Iterator[Case]:
    """semantic-pairs: a folder of its sentences (one file a page, one paragraph a sentence)
    and the bundled articles."""
    data = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))
    articles = folder / "articles"
    shutil.copytree(BUNDLED, articles)
    by_page: dict[str, list[str]] = {}
    text = {}
    for s in data["sentences"]:
        text[s["id"]] = " ".join(s["text"].split())
        by_page.setdefault(s["id"].split("#")[0], []).append(text[s["id"]])
    for page, sentences in by_page.items():
        (articles / f"{page}.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    langs = {name: s["lang"] for name, s in data["sources"].items()}
    for p in data["pairs"]:
        page = p["evidence"].split("#")[0]
        yield Case(
            id=p["id"],
            claim=p["claim"],
            gold=frozenset([_norm(text[p["evidence"]])]),
            side="supports",
            group=f"{p['lang']}->{langs[page]}",
            articles=articles,
        )


def real_prose_cases() -> Iterator[Case]:
    """real-prose: its supported and contradicted claims whose note quotes the sentence that
    settles them (as benchmarks/semantic_retrieval.py reads them), over their half's articles."""
    for half in ("a", "b"):
        articles = REAL_PROSE / half / "articles"
        if not articles.is_dir():
            sys.exit(f"{articles}: missing (the articles are not in git: see its README)")
        sentences: dict[str, list[str]] = {}
        for path in sorted(articles.glob("*.txt")):
            article = read_article(path, path.name, lambda m: None)
            if article is not None:
                sentences[path.name] = [_norm(p.quote) for p in article.passages]
        claims = yaml.safe_load((REAL_PROSE / half / "claims.yaml").read_text(encoding="utf-8"))
        for claim in claims["claims"]:
            if claim["expect"] not in ("supported", "contradicted"):
                continue
            gold = set()
            for name, quote in _QUOTE.findall(claim.get("note", "")):
                q = _norm(quote)
                gold |= {s for s in sentences.get(name, ()) if q in s or (len(s) > 20 and s in q)}
            if gold:
                yield Case(
                    id=claim["id"],
                    claim=claim["claim"],
                    gold=frozenset(gold),
                    side="supports" if claim["expect"] == "supported" else "contradicts",
                    group=f"{half} {claim['expect']}",
                    articles=articles,
                )


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = claimcheck(argv)
    return code, out.getvalue(), err.getvalue()


def offered(out: str) -> list[tuple[str, str, bool]]:
    """The phrasings of suggest's entry in the order offered: (side, text, by meaning). The
    notes come in that order; the entry lists the `supports` ones, then the others."""
    notes = [m.groups() for line in out.splitlines() if (m := _NOTE.match(line))]
    entry = yaml.safe_load(out)[0] if notes else {}
    taken = Counter[str]()
    found = []
    for side, _, how in notes:
        found.append((side, entry[side][taken[side]], how == "similar in meaning"))
        taken[side] += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real-prose", action="store_true", help="benchmarks/real-prose claims")
    parser.add_argument("--write", action="store_true", help="write each entry and verify it")
    parser.add_argument("--words", action="store_true", help="suggest without --semantic")
    parser.add_argument("--show", action="store_true", help="print the misses on stderr")
    args = parser.parse_args()
    load_before = os.getloadavg()
    tally: dict[str, Counter[str]] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = real_prose_cases() if args.real_prose else pairs_cases(folder)
        for case in cases:
            t = tally.setdefault(case.group, Counter())
            t["claims"] += 1
            claims = folder / f"{case.id}.yaml"
            claims.write_text(PLACEHOLDER, encoding="utf-8")
            common = ["--claims", str(claims), "--articles", str(case.articles)]
            common += ["--cache-dir", str(folder / "cache"), "-j", "1"]  # one vector store
            argv = ["suggest", case.claim, *common, *([] if args.words else ["--semantic"])]
            code, out, err = run([*argv, "--write"] if args.write else argv)
            if code != 0:
                sys.exit(f"suggest exited with {code}: {err}")
            phrasings = offered(out)
            if not phrasings:
                t["nothing offered"] += 1
                continue
            by_meaning = any(m for _, _, m in phrasings)
            t["offered by meaning" if by_meaning else "offered by words"] += 1
            t["phrasings"] += len(phrasings)
            rank = next(
                (
                    k
                    for k, (_, text, _) in enumerate(phrasings)
                    if any(_norm(text) in g for g in case.gold)
                ),
                None,
            )
            if rank is not None:
                side = phrasings[rank][0]
                t["its sentence offered"] += 1
                t["its sentence first"] += rank == 0
                t["its sentence on its side"] += side == case.side
                if by_meaning:
                    t["by meaning: its sentence offered"] += 1
                    t["by meaning: on its side"] += side == case.side
                    t["by meaning: its side is supports"] += case.side == "supports"
            if args.show and (rank is None or phrasings[rank][0] != case.side):
                what = "not offered" if rank is None else "on the other side"
                print(f"# {case.id} {what}: {case.claim}\n{out}", file=sys.stderr)
            if args.write:
                code, out, err = run(["verify", case.claim, *common])
                expected = "supported" if case.side == "supports" else "contradicted"
                t["verdict as expected after --write"] += f"verdict: {expected}" in out
    seconds = time.perf_counter() - started
    keys = [k for k in KEYS if any(k in t for t in tally.values())]
    groups = sorted(tally)
    print("| | " + " | ".join(groups) + " | all |")
    print("|---|" + "---:|" * (len(groups) + 1))
    for key in keys:
        cells = [str(tally[g][key]) for g in groups] + [str(sum(tally[g][key] for g in groups))]
        print(f"| {key} | " + " | ".join(cells) + " |")
    print(
        f"\n{seconds:.1f} s; load average before {load_before}, after {os.getloadavg()}; "
        f"{os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
