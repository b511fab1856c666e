"""From evidence to verdict."""

from __future__ import annotations

from dataclasses import replace

from claimcheck.report import Evidence
from claimcheck.verdict import decide, strongest_first

BASE = Evidence(
    stance="supports",
    score=90.0,
    quote="q",
    match="q",
    phrasing="p",
    article="a.txt",
    line=1,
    column=1,
    negated=False,
    hedged=False,
    attributed_to=None,
    number_mismatch=False,
)


def ev(**kw: object) -> Evidence:
    return replace(BASE, **kw)  # type: ignore[arg-type]


def test_absent() -> None:
    assert decide([], near_miss=70.0) == ("absent", 30.0, None)


def test_one_sided() -> None:
    assert decide([ev()]) == ("supported", 90.0, "asserted")
    assert decide([ev(stance="contradicts")]) == ("contradicted", 90.0, "asserted")


def test_reported_only() -> None:
    verdict, conf, basis = decide([ev(attributed_to="Reuters")])
    assert (verdict, basis) == ("supported", "reported") and conf == 72.0


def test_asserted_outweighs_reported_on_the_other_side() -> None:
    verdict, conf, basis = decide([ev(), ev(stance="contradicts", hedged=True, article="b.txt")])
    assert (verdict, basis) == ("supported", "asserted") and conf < 90


def test_both_sides_asserted_is_mixed() -> None:
    verdict, _, basis = decide([ev(), ev(stance="contradicts", article="b.txt")])
    assert (verdict, basis) == ("mixed", "asserted")


def test_both_sides_reported_is_mixed() -> None:
    verdict, _, basis = decide(
        [ev(attributed_to="X"), ev(stance="contradicts", attributed_to="Y", article="b.txt")]
    )
    assert (verdict, basis) == ("mixed", "reported")


def test_corroboration_raises_confidence() -> None:
    one = decide([ev()])[1]
    two = decide([ev(), ev(article="b.txt")])[1]
    assert two > one


def test_strongest_first_orders_by_weight_then_location() -> None:
    a, b, c = ev(score=85.0), ev(score=95.0, attributed_to="X"), ev(score=95.0, line=2)
    assert strongest_first([a, b, c]) == (c, a, b)
