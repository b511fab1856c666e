"""Precision and recall on claims typed in a user's own words (tests/cases/paraphrases.yaml).

    python benchmarks/paraphrases.py            # this checkout
    PYTHONPATH=/path/to/other/src python benchmarks/paraphrases.py   # another version

A verdict is right when it equals the careful reader's (gold). Precision counts the claims the
engine calls supported or contradicted; recall, the claims the reader calls so.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def evaluate() -> dict[str, object]:
    from claimcheck.claims import Claim
    from claimcheck.engine import check_claim
    from claimcheck.matching.passages import Corpus

    cases = yaml.safe_load((ROOT / "tests" / "cases" / "paraphrases.yaml").read_text("utf-8"))
    corpus = Corpus.load(ROOT / "data" / "articles", lambda m: None)
    rows = []
    for case in cases:
        result = check_claim(Claim(id="typed", claim=case["claim"]), corpus)
        rows.append((case["claim"], case["gold"], result.verdict, result.confidence))
    decided = [r for r in rows if r[2] in ("supported", "contradicted")]
    expected = [r for r in rows if r[1] in ("supported", "contradicted")]
    right = [r for r in decided if r[1] == r[2]]
    found = [r for r in expected if r[1] == r[2]]
    absent_100 = [r for r in rows if r[2] == "absent" and r[3] == 100.0]
    return {
        "rows": rows,
        "precision": len(right) / len(decided) if decided else 1.0,
        "recall": len(found) / len(expected) if expected else 1.0,
        "decided": len(decided),
        "expected": len(expected),
        "absent_100_wrong": sum(1 for r in absent_100 if r[1] != "absent"),
        "absent_100": len(absent_100),
    }


def main() -> None:
    import claimcheck

    figures = evaluate()
    for claim, gold, verdict, confidence in figures["rows"]:  # type: ignore[attr-defined]
        mark = "ok" if gold == verdict else ("--" if verdict == "absent" else "XX")
        print(f"{mark} {gold:>12} {verdict:>12} {confidence:5.0f}  {claim}")
    print(
        f"\nclaimcheck {claimcheck.__version__} ({Path(claimcheck.__file__).parent}): "
        f"precision {figures['precision']:.2f} on {figures['decided']} decided, "
        f"recall {figures['recall']:.2f} of {figures['expected']}; "
        f"absent at confidence 100: {figures['absent_100']} "
        f"({figures['absent_100_wrong']} of them supported or refuted for a reader)",
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
