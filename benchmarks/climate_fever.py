"""Precision of claimcheck's answers on Climate-FEVER's real, typed claims.

    python benchmarks/climate_fever.py climate-fever.jsonl            # this checkout
    python benchmarks/climate_fever.py climate-fever.jsonl --json out.json
    python benchmarks/climate_fever.py climate-fever.jsonl --semantic   # needs the extra

The file is the dataset's `dataset/climate-fever.jsonl` (github.com/tdiggelm/climate-fever-dataset;
third-party data, not in this repository). Each claim is checked against an article made of its
five evidence sentences, as a user would type it: no phrasings, no `about`. An answer is
`supported` or `contradicted`; its precision is the share of those answers whose claim the
dataset labels SUPPORTS or REFUTES. Claims labelled DISPUTED or NOT_ENOUGH_INFO make any answer
wrong. Also counted: how many claims are answered `absent` at confidence 100.

`--semantic` judges a claim the words leave absent as `report --semantic` does: its sentences at
cosine 0.8 or more are matched as paraphrases (pipeline/paraphrase.py); those answers are also
counted apart ("paraphrase").
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from semantic_judge import checked

WANTED = {"supported": "SUPPORTS", "contradicted": "REFUTES"}


def run(path: Path, semantic: bool = False) -> list[dict[str, object]]:
    from claimcheck.claims import Claim
    from claimcheck.matching.passages import Corpus

    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        text = "\n".join(e["evidence"].replace("\n", " ") for e in item["evidences"]) + "\n"
        corpus = Corpus.from_texts({"evidence.txt": text})
        claim = Claim(id="c", claim=item["claim"])
        result, paraphrase = checked(claim, corpus, semantic)
        rows.append(
            {
                "id": item["claim_id"],
                "label": item["claim_label"],
                "verdict": result.verdict,
                "confidence": result.confidence,
                "paraphrase": paraphrase,
            }
        )
    return rows


def summary(rows: list[dict[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {
        "claims": len(rows),
        "labels": dict(Counter(r["label"] for r in rows)),
    }
    for verdict, label in WANTED.items():
        given = [r for r in rows if r["verdict"] == verdict]
        right = [r for r in given if r["label"] == label]
        confident = [r for r in given if float(str(r["confidence"])) >= 80]
        out[verdict] = {
            "answers": len(given),
            "right": len(right),
            "precision": round(len(right) / len(given), 3) if given else None,
            "confident answers": len(confident),
            "confident right": sum(1 for r in confident if r["label"] == label),
        }
    evidence = [r for r in rows if r["label"] in ("SUPPORTS", "REFUTES")]
    absent_100 = [r for r in evidence if r["verdict"] == "absent" and r["confidence"] == 100.0]
    for verdict, label in WANTED.items():
        given = [r for r in rows if r["verdict"] == verdict and r.get("paraphrase")]
        right = [r for r in given if r["label"] == label]
        out[f"{verdict}, paraphrase"] = {
            "answers": len(given),
            "right": len(right),
            "precision": round(len(right) / len(given), 3) if given else None,
        }
    out["absent at 100, of the SUPPORTS/REFUTES claims"] = (
        f"{len(absent_100)}/{len(evidence)} ({len(absent_100) / max(1, len(evidence)):.0%})"
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jsonl", type=Path)
    parser.add_argument("--json", type=Path, help="write every claim's verdict here")
    parser.add_argument("--semantic", action="store_true", help="judge paraphrases too")
    args = parser.parse_args()
    if not args.jsonl.is_file():
        sys.exit(f"{args.jsonl}: not found (see this script's docstring)")
    rows = run(args.jsonl, args.semantic)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(json.dumps(summary(rows), indent=2))


if __name__ == "__main__":
    main()
