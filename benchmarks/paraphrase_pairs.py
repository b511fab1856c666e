"""Precision of claimcheck's answers on claims in a user's own words (benchmarks/paraphrase-pairs/).

    python benchmarks/paraphrase_pairs.py               # the words alone
    python benchmarks/paraphrase_pairs.py --semantic    # and the paraphrase matches (the extra)
    python benchmarks/paraphrase_pairs.py --semantic -v # every answer that differs from the label

Each item is a claim and the few sentences of a real news page that a reader labelled it by
(`supported`, `contradicted` or `absent`), the labels written before any run. The sentences are
one article; the claim is checked as a user would type it: no phrasings, no `about`. Precision
counts the `supported` and `contradicted` answers; an answer that is not the label is wrong.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from semantic_judge import checked

HERE = Path(__file__).resolve().parent / "paraphrase-pairs" / "pairs.yaml"
DECIDED = ("supported", "contradicted")


def run(semantic: bool) -> list[dict[str, Any]]:
    from claimcheck.claims import Claim
    from claimcheck.matching.passages import Corpus

    data = yaml.safe_load(HERE.read_text(encoding="utf-8"))
    rows = []
    for item in data["items"]:
        text = "\n".join(" ".join(s.split()) for s in item["sentences"]) + "\n"
        corpus = Corpus.from_texts({"sentences.txt": text})
        claim = Claim(id=item["id"], claim=item["claim"])
        result, paraphrase = checked(claim, corpus, semantic)
        source = data["sources"][item["source"]]
        rows.append(
            {
                "id": item["id"],
                "label": item["label"],
                "verdict": result.verdict,
                "confidence": result.confidence,
                "paraphrase": paraphrase,
                "across": item["lang"] != source["lang"],
            }
        )
    return rows


def precision(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for verdict in DECIDED:
        given = [r for r in rows if r["verdict"] == verdict]
        right = sum(r["label"] == verdict for r in given)
        out[verdict] = f"{right}/{len(given)}"
    answers = [r for r in rows if r["verdict"] in DECIDED]
    right = sum(r["label"] == r["verdict"] for r in answers)
    out["precision"] = round(right / len(answers), 3) if answers else None
    confident = [r for r in answers if r["confidence"] >= 80 and r["label"] != r["verdict"]]
    out["confident wrong"] = len(confident)
    return out


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "items": len(rows),
        "labels": dict(Counter(r["label"] for r in rows)),
        "right": f"{sum(r['label'] == r['verdict'] for r in rows)}/{len(rows)}",
        "answers": precision(rows),
        "paraphrase answers": precision([r for r in rows if r["paraphrase"]]),
        "across languages, right": (
            f"{sum(r['label'] == r['verdict'] for r in rows if r['across'])}"
            f"/{sum(r['across'] for r in rows)}"
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--semantic", action="store_true", help="judge paraphrases too")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the wrong answers")
    parser.add_argument("--json", type=Path, help="write every item's verdict here")
    args = parser.parse_args()
    rows = run(args.semantic)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(json.dumps(summary(rows), indent=2))
    if args.verbose:
        for r in rows:
            if r["verdict"] != r["label"]:
                got = f"{r['verdict']}{' (paraphrase)' if r['paraphrase'] else ''}"
                print(f"  {r['id']}: label {r['label']}, got {got} {r['confidence']}")


if __name__ == "__main__":
    main()
