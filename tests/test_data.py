"""The bundled data, tested like code: schema, order, seeds, and every recorded verdict."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from claimcheck.claims import load_claims
from claimcheck.claims_reader import VERDICTS
from claimcheck.pipeline import RunRequest, run
from claimcheck.text import guess_language

from .conftest import ROOT

CLAIMS = ROOT / "data" / "claims.yaml"
ARTICLES = ROOT / "data" / "articles"
SEEDS = ROOT.parent / "shared" / "seeds"

# Every evidence of every claim, strongest first (for a current claim, the newest reporting
# first): article prefix:line:column:stance.
EVIDENCE = {
    "army-links": "004:9:1:c 004:13:1:s 000:10:1:c 002:3:131:s 004:13:211:c 004:1:1:c",
    "ban-blocked-by-court": "002:5:140:s 003:9:430:s",
    "biden-inaugurated-46th": "004:3:362:s 004:19:1:s",
    "biden-lifted-sanctions": "004:21:1:c",
    "blacklisted": "002:9:1:c 001:15:1:s 003:13:1:s 004:13:1:s 001:1:1:s 001:5:1:s",
    "ccmc-designation": "002:9:1:c 000:1:111:s 003:13:1:s",
    "cofounders-75-percent": "004:13:324:s",
    "cofounders-90-percent": "004:13:324:c",
    "consumer-company": "000:14:1:s",
    "delisting-negotiation": "002:11:1:s",
    "dod-accepts-delisting": "002:9:1:s",
    "entity-list": "000:13:370:c",
    "huawei-entity-list": "000:13:193:s",
    "huawei-espionage": "003:11:138:s",
    "huawei-google-apps": "001:3:366:s",
    "injunction": "002:5:140:s 003:17:1:s 003:9:430:s",
    "insufficient-evidence": "002:5:140:s",
    "investment-ban": "003:15:107:s 003:9:430:c 000:7:1:s",
    "lawsuit": "004:13:117:s 002:5:1:s 004:5:1:s",
    "market-share-growth": "002:13:1:s",
    "medal-2019": "001:11:149:s",
    "phones-sold-in-us": "003:21:174:c",
    "share-price-doubled-12-months": "000:8:139:s",
    "share-price-doubled-24-months": "000:8:139:c",
    "smartwatch-sales-halted": "",
    "tiktok-targeted": "001:3:513:s",
    "trade-ban": "000:13:1:c 001:15:188:c",
    "xiaomi-5g-antennas-refused": "",
    "xiaomi-espionage": "",
    "xiaomi-google-apps": "",
}
# What the current claims say, and since when (the newest reporting decides).
SINCE = {
    "ban-blocked-by-court": "supported since 2021-03",
    "blacklisted": "contradicted since 2021-05 (supported 2021-01 – 2021-03)",
    "ccmc-designation": "contradicted since 2021-05 (supported 2021-01 – 2021-03)",
    "delisting-negotiation": "supported since 2021-05",
    "entity-list": "contradicted since 2021-01",
    "investment-ban": "mixed since 2021-03 (supported 2021-01)",
    "phones-sold-in-us": "contradicted since 2021-03",
    "trade-ban": "contradicted since 2021-01",
}
# What was known on 1 February 2021: the verdicts that differ from today's, and why.
AS_OF_FEBRUARY = {
    "ban-blocked-by-court": "absent",  # the court ruled in March
    "blacklisted": "supported since 2021-01",  # the delisting came in May
    "ccmc-designation": "supported since 2021-01",
    "delisting-negotiation": "absent",  # May
    "dod-accepts-delisting": "absent",  # May
    "huawei-espionage": "absent",  # only the March article says so
    "injunction": "absent",  # March
    "insufficient-evidence": "absent",  # the May article reports the court's reasons
    "investment-ban": "supported since 2021-01",  # the order was blocked in March
    "market-share-growth": "absent",  # only the May article says so
    "phones-sold-in-us": "absent",  # only the March article says so
}


@pytest.fixture(scope="module")
def report() -> dict[str, object]:
    claims = load_claims(CLAIMS)
    return {
        r.id: r
        for r in run(
            RunRequest(claims=claims, articles=ARTICLES, warn=lambda m: pytest.fail(m))
        ).claims
    }


def test_claims_file_shape() -> None:
    claims = load_claims(CLAIMS).claims
    ids = [c.id for c in claims]
    assert ids == sorted(ids), "keep data/claims.yaml sorted by id"
    assert len(claims) >= 25
    langs = [guess_language(c.claim) for c in claims]
    assert langs.count("en") >= 8 and langs.count("fr") >= 8
    assert all(c.expect for c in claims), "every bundled claim records its verdict"
    assert {c.expect for c in claims} == set(VERDICTS)
    assert set(EVIDENCE) == set(ids)


def test_articles_are_the_seeds_byte_for_byte() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"no seed folder at {SEEDS}")

    def digests(folder: Path) -> list[str]:
        return sorted(
            hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.iterdir()
            if p.suffix in (".txt", ".md")
        )

    assert digests(ARTICLES) == digests(SEEDS)


@pytest.mark.parametrize("claim_id", sorted(EVIDENCE))
def test_bundled_claim_gets_its_expected_verdict_and_quotes(
    report: dict[str, object], claim_id: str
) -> None:
    result = report[claim_id]
    assert result.verdict == result.expect  # type: ignore[attr-defined]
    got = " ".join(
        f"{Path(e.article).name[:3]}:{e.line}:{e.column}:{e.stance[0]}"
        for e in result.evidence  # type: ignore[attr-defined]
    )
    assert got == EVIDENCE[claim_id]


def test_every_quote_is_in_its_article_at_its_line(report: dict[str, object]) -> None:
    for result in report.values():
        for e in result.evidence:  # type: ignore[attr-defined]
            text = Path(e.article).read_text(encoding="utf-8")
            line = text.splitlines()[e.line - 1]
            first_words = e.quote.split()[:3]
            assert line[e.column - 1 :].split()[:3] == first_words
            assert e.match in e.quote


def test_current_claims_follow_the_newest_reporting(report: dict[str, object]) -> None:
    claims = load_claims(CLAIMS).claims
    assert {c.id for c in claims if c.current} == set(SINCE)
    for claim_id, text in SINCE.items():
        assert report[claim_id].verdict_text == text  # type: ignore[attr-defined]


def test_as_of_differs_exactly_where_the_story_changed(report: dict[str, object]) -> None:
    from claimcheck.dates import parse_as_of

    claims = load_claims(CLAIMS)
    earlier = run(
        RunRequest(
            claims=claims,
            articles=ARTICLES,
            warn=lambda m: pytest.fail(m),
            as_of=parse_as_of("2021-02-01"),
        )
    )
    assert (earlier.left_out, earlier.undated) == (2, 0)
    changed = {
        r.id: r.verdict_text
        for r in earlier.claims
        if r.verdict_text != report[r.id].verdict_text  # type: ignore[attr-defined]
    }
    assert changed == AS_OF_FEBRUARY


def test_every_article_is_dated() -> None:
    report = run(
        RunRequest(claims=load_claims(CLAIMS), articles=ARTICLES, warn=lambda m: pytest.fail(m))
    )
    dates = {Path(p).name[:3]: (m.date, m.date_from) for p, m in report.meta.items()}
    assert dates == {
        "000": ("2021-01", "metadata.yaml"),
        "001": ("2021-01", "metadata.yaml"),
        "002": ("2021-05", "date line"),
        "003": ("2021-03", "metadata.yaml"),
        "004": ("2021-01", "metadata.yaml"),
    }


def test_gold_file_labels_every_bundled_claim_once_sorted() -> None:
    from claimcheck.evaluation import load_gold

    gold = load_gold(ROOT / "data" / "gold.yaml")
    ids = [g.id for g in gold]
    assert ids == sorted(ids)
    assert set(ids) == {c.id for c in load_claims(ROOT / "data" / "claims.yaml").claims}
    # where a reader and the pinned `expect:` differ, the gold file says why on that line
    expect = {c.id: c.expect for c in load_claims(ROOT / "data" / "claims.yaml").claims}
    lines = (ROOT / "data" / "gold.yaml").read_text(encoding="utf-8").splitlines()
    for g in gold:
        if g.verdict != expect[g.id]:
            assert "#" in lines[g.line - 1], g.id


RULES = ROOT / "src" / "claimcheck" / "rules"


def _scalars(node: object, path: str) -> list[tuple[str, object]]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _scalars(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [s for i, v in enumerate(node) for s in _scalars(v, f"{path}[{i}]")]
    return [(path, node)]


@pytest.mark.parametrize("name", sorted(p.name for p in RULES.glob("*.yaml")))
def test_rule_words_are_strings(name: str) -> None:
    """YAML 1.1 reads a bare `on`, `y` or `no` as a boolean: a cue word written so would
    silently never match. Only the `hedge` flags of pseudo-negations are booleans, the scales
    of number words numbers, and a clitic that carries no word null."""
    data = yaml.safe_load((RULES / name).read_text(encoding="utf-8"))
    allowed = {
        ".hedge": bool,
        ".tokens.scales.": int,
        ".numbers.short_scales.": int,
        ".tokens.clitics.": type(None),
    }

    def expected(path: str, value: object) -> bool:
        return any(key in path and isinstance(value, kind) for key, kind in allowed.items())

    wrong = [
        (path, value)
        for path, value in _scalars(data, name)
        if not isinstance(value, str) and not expected(path, value)
    ]
    assert wrong == []
