"""The report's values: plain frozen dataclasses, made with keyword arguments."""

from __future__ import annotations

import ast
import dataclasses
import inspect

import pytest

from claimcheck import report
from claimcheck.checks import assess
from claimcheck.claims import load_claims
from claimcheck.engine import check_claim, find_claim
from claimcheck.matching.passages import Corpus
from claimcheck.verdict import moments

from .conftest import ROOT

CLASSES = [
    value
    for _, value in inspect.getmembers(report, inspect.isclass)
    if value.__module__ == report.__name__ and dataclasses.is_dataclass(value)
]


def test_every_report_value_is_a_frozen_keyword_only_dataclass_with_the_init_it_makes() -> None:
    assert {c.__name__ for c in CLASSES} >= {
        "ClaimResult",
        "Evidence",
        "Related",
        "Counts",
        "Moment",
        "Period",
        "ArticleMeta",
        "Lookup",
        "Cause",
        "ClaimCheck",
        "Output",
    }
    tree = ast.parse((ROOT / "src" / "claimcheck" / "report.py").read_text(encoding="utf-8"))
    written = [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(isinstance(i, ast.FunctionDef) and i.name == "__init__" for i in node.body)
    ]
    assert written == []
    for cls in CLASSES:
        params = cls.__dataclass_params__  # type: ignore[attr-defined]
        assert params.frozen, cls.__name__
        assert all(f.kw_only for f in dataclasses.fields(cls)), cls.__name__


@pytest.fixture(scope="module")
def made() -> dict[str, object]:
    """One value of each report class, as a check of the bundled data makes them."""
    claims = load_claims(ROOT / "data" / "claims.yaml")
    texts = {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "data" / "articles").glob("*.txt"))
    }
    corpus = Corpus.from_texts(texts)
    results = [check_claim(c, corpus) for c in claims.claims]
    found: dict[str, object] = {}
    for check in assess(results):
        r = check.result
        for value in (check, check.cause, r, r.counts, *r.evidence, *r.timeline, *r.related):
            if value is not None:
                found.setdefault(type(value).__name__, value)
    found["Lookup"] = find_claim(claims.claims[0].claim, claims)
    found["Period"] = report.Period(verdict="supported", first="2021-01", last="2021-03")
    # the bundled articles are dated by metadata.yaml, which a corpus made of texts lacks
    found.setdefault("Moment", moments({"2021-01-14": ({"a.txt"}, set())})[0])
    return found


@pytest.mark.parametrize(
    "name", ["ClaimCheck", "Cause", "ClaimResult", "Counts", "Evidence", "Moment", "Related"]
)
def test_a_report_value_made_again_by_keyword_is_equal_and_frozen(
    name: str, made: dict[str, object]
) -> None:
    obj = made[name]
    fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}  # type: ignore[arg-type]
    assert type(obj)(**fields) == obj
    assert dataclasses.replace(obj) == obj  # type: ignore[type-var]
    with pytest.raises(TypeError):
        type(obj)(*fields.values())
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, next(iter(fields)), None)


def test_a_lookup_and_a_period_read_as_before(made: dict[str, object]) -> None:
    lookup = made["Lookup"]
    assert isinstance(lookup, report.Lookup) and lookup.curated and lookup.similarity == 100.0
    period = made["Period"]
    assert isinstance(period, report.Period) and period.text == "supported 2021-01 – 2021-03"


def test_a_quote_weighs_its_score_less_for_each_way_it_is_qualified() -> None:
    assert report.weigh(90.0, False, False, False) == 90.0
    assert report.weigh(90.0, True, False, False) == 72.0
    assert report.weigh(90.0, True, True, True) == round(90.0 * 0.8 * 0.8 * 0.7, 1) == 40.3
