"""The adversarial case tables in tests/cases/*.yaml, one parametrised test per kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.claims import Claim
from claimcheck.engine import check_claim
from claimcheck.matching.passages import Corpus
from claimcheck.pipeline.paraphrase import paraphrase_findings

from .conftest import write_articles

CASES = Path(__file__).parent / "cases"


def _load(kind: str) -> list[Any]:
    params = []
    for path in sorted(CASES.glob(f"{kind}-*.yaml")):
        for n, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            marks = (
                [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
            )
            name = f"{path.stem}:{case.get('id', n)}"
            params.append(pytest.param(case, id=name, marks=marks))
    return params


def _check(tmp_path: Path, claim: str, article: str, names: Any = ()) -> Any:
    """`names`: the claims file's `settings.aliases`, as groups of names for one entity."""
    folder = write_articles(tmp_path / "articles", {"a.txt": article})
    corpus = Corpus.load(folder, lambda m: None)
    other_names = tuple(tuple(group) for group in names)
    return check_claim(Claim(id="t", claim=claim, other_names=other_names), corpus)


@pytest.mark.parametrize(
    "case",
    _load("subjects")
    + _load("numbers")
    + _load("wording")
    + _load("roles")
    + _load("entities")
    + _load("negation")
    + _load("speakers")
    + _load("aliases")
    + _load("nominal")
    + _load("salience")
    + _load("support")
    + _load("antonyms")
    + _load("names")
    + _load("predicate")
    + _load("opener"),
)
def test_verdict_case(tmp_path: Path, case: dict[str, Any]) -> None:
    """A claim over a one-article corpus: its verdict, and what its strongest quote says."""
    result = _check(tmp_path, case["claim"], case["article"], case.get("names", ()))
    quotes = [(e.line, e.stance, e.quote) for e in result.evidence]
    assert result.verdict == case["verdict"], quotes
    wanted = case.get("evidence", {})
    if wanted:
        e = result.evidence[0]
        got = {key: getattr(e, key) for key in wanted}
        assert got == wanted, quotes


@pytest.mark.parametrize("case", _load("paraphrase"))
def test_paraphrase_match_case(case: dict[str, Any]) -> None:
    """What the semantic tier's paraphrase matching accepts of a passage close in meaning
    (no model needed: the passages are given)."""
    corpus = Corpus.from_texts({"a.txt": case["article"]})
    claim = Claim(id="t", claim=case["claim"])
    found = [e for f in paraphrase_findings(claim, corpus, corpus.passages) for e in f.evidence]
    best = max(found, key=lambda e: e.score, default=None)
    assert (best.stance if best else None) == case["stance"], found


@pytest.mark.parametrize("case", _load("polarity"))
def test_polarity_case(tmp_path: Path, case: dict[str, Any]) -> None:
    result = _check(tmp_path, case["claim"], case["sentence"] + "\n")
    best = result.evidence[0] if result.evidence else None
    assert (best.stance if best else None) == case["stance"], best and best.cues
    for flag in ("negated", "hedged", "attributed_to"):
        if flag in case:
            assert best is not None and getattr(best, flag) == case[flag], (flag, best.cues)


@pytest.mark.parametrize("case", _load("lists"))
def test_list_case(tmp_path: Path, case: dict[str, Any]) -> None:
    result = _check(tmp_path, case["target"], case["sentence"] + "\n")
    assert result.evidence, "no evidence"
    e = result.evidence[0]
    assert e.stance == case["stance"], e.cues
    if "flag" in case:
        assert getattr(e, case["flag"]), e.cues
