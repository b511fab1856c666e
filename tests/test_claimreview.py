"""ClaimReview output, expanded as JSON-LD offline against a local copy of schema.org's context."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck.cli.app import app

from .conftest import ROOT

pyld = pytest.importorskip("pyld")
jsonld = pyld.jsonld

runner = CliRunner()
CONTEXT = Path(__file__).parent / "fixtures" / "schemaorg-context.jsonld"
S = "http://schema.org/"


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """schema.org's context from the local copy; any other address is an error (no network)."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": json.loads(CONTEXT.read_text(encoding="utf-8")),
        }
    raise AssertionError(f"the test tried to load {url}")


@pytest.fixture
def reviews(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app,
        [
            "report",
            "-f",
            "claimreview",
            "--publisher",
            "Desk <Factuel>",
            "--review-url",
            "https://example.org/checks/xiaomi.html",
        ],
        env={"SOURCE_DATE_EPOCH": "1700000000"},
    )
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    doc: list[dict[str, Any]] = json.loads(result.stdout)
    return doc


def expand(doc: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = jsonld.expand(doc, {"documentLoader": offline_loader})
    return out


def one(node: dict[str, Any], prop: str) -> Any:
    (value,) = node[S + prop]
    return value.get("@value", value.get("@id", value))


def test_every_review_expands_with_the_properties_search_engines_require(
    reviews: list[dict[str, Any]],
) -> None:
    expanded = expand(reviews)
    verdicts = json.loads(runner.invoke(app, ["report", "-f", "json"]).stdout)["claims"]
    # a claim found absent has no verdict to publish: left out (--include-absent keeps it)
    verdicts = [c for c in verdicts if c["verdict"] != "absent"]
    assert len(expanded) == len(reviews) == len(verdicts) == 26
    for node, claim in zip(expanded, verdicts, strict=True):
        assert node["@type"] == [S + "ClaimReview"]
        assert one(node, "claimReviewed") == claim["claim"]
        assert one(node, "url") == f"https://example.org/checks/xiaomi.html#claim-{claim['id']}"
        assert one(node, "datePublished") == "2023-11-14"
        author = one(node, "author")
        assert author["@type"] == [S + "Organization"] and one(author, "name") == "Desk <Factuel>"
        rating = one(node, "reviewRating")
        assert rating["@type"] == [S + "Rating"]
        assert one(rating, "alternateName") == claim["verdict"]
        assert "Scale: 1 contradicted" in one(rating, "ratingExplanation")
        if claim["verdict"] == "absent":
            assert S + "ratingValue" not in rating
        else:
            value = one(rating, "ratingValue")
            assert (one(rating, "worstRating"), one(rating, "bestRating")) == (1, 5)
            expected = {"contradicted": (1, 2), "mixed": (3,), "supported": (4, 5)}
            assert value in expected[claim["verdict"]]
            assert value in (1, 5) or claim["basis"] == "reported" or claim["verdict"] == "mixed"
        item = one(node, "itemReviewed")
        assert item["@type"] == [S + "Claim"]
        # the evidence articles are the review's citations, not where the claim appeared
        assert S + "appearance" not in item
        works = node.get(S + "citation", [])
        sources = {e["article"] for e in claim["evidence"]}
        assert len(works) == len(sources)  # one citation per source article
        for work in works:
            assert work["@type"] == [S + "CreativeWork"]
            assert one(work, "name")  # the article's title from metadata.yaml


def test_article_urls_become_citation_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.md").write_text(
        "---\nurl: https://news.example/a\ntitle: A\ndate: 2021-05-02\n---\n"
        "Xiaomi est interdite aux États-Unis.\n",
        encoding="utf-8",
    )
    (articles / "b.md").write_text(
        "---\nurl: javascript:alert(1)\n---\nXiaomi n'est pas interdite aux États-Unis.\n",
        encoding="utf-8",
    )
    (tmp_path / "claims.yaml").write_text(
        "claims:\n  - id: ban\n    claim: Xiaomi est interdite aux États-Unis\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app, ["report", "-f", "claimreview", "--claims", "claims.yaml", "--articles", "articles"]
    )
    assert result.exit_code == 0
    # without --publisher and --review-url the output is still valid, and says what it lacks
    assert "no --publisher" in result.stderr and "no --review-url" in result.stderr
    (node,) = expand(json.loads(result.stdout))
    assert one(node, "url").endswith("#claim-ban")  # relative: the page that embeds it
    rating = one(node, "reviewRating")
    assert (one(rating, "alternateName"), one(rating, "ratingValue")) == ("mixed", 3)
    works = node[S + "citation"]
    urls = sorted(w[S + "url"][0]["@id"] for w in works if S + "url" in w)
    assert urls == ["https://news.example/a"]  # the javascript: address is dropped
    dated = [w for w in works if S + "datePublished" in w]
    assert [one(w, "datePublished") for w in dated] == ["2021-05-02"]


# -- as fact-checkers publish it (#32, item 14) ---------------------------------------------

SOURCE = """\
    claimant: {name: Jane Doe, type: person}
    appearance: [https://social.example/posts/1]
    language: en-US
"""


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "data" / "claims.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _reviews(*args: str) -> list[dict[str, Any]]:
    result = runner.invoke(
        app,
        [
            "report",
            "-f",
            "claimreview",
            "--publisher",
            "Desk",
            "--review-url",
            "https://d.example/c",
            *args,
        ],
    )
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout))


def test_the_claims_source_language_and_newsroom_labels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    _edit(
        tmp_path,
        "  - id: trade-ban\n    claim: Xiaomi is barred from trading with US firms\n",
        "  - id: trade-ban\n    claim: Xiaomi is barred from trading with US firms\n" + SOURCE,
    )
    _edit(
        tmp_path, "settings:\n", "settings:\n  labels: {contradicted: 'False', supported: 'True'}\n"
    )
    verdicts = {
        c["id"]: c
        for c in json.loads(runner.invoke(app, ["report", "-f", "json"]).stdout)["claims"]
    }
    by_id = {r["url"].rsplit("#claim-", 1)[1]: r for r in _reviews()}
    assert set(by_id) == {i for i, c in verdicts.items() if c["verdict"] != "absent"}
    (node,) = expand(by_id["trade-ban"])
    item = one(node, "itemReviewed")
    author = one(item, "author")
    assert author["@type"] == [S + "Person"] and one(author, "name") == "Jane Doe"
    (work,) = item[S + "appearance"]
    assert one(work, "url") == "https://social.example/posts/1"
    assert one(node, "inLanguage") == "en-US"
    assert node[S + "citation"]  # the evidence articles, apart
    for claim_id, review in by_id.items():
        label = {"contradicted": "False", "supported": "True"}.get(
            verdicts[claim_id]["verdict"], verdicts[claim_id]["verdict"]
        )
        assert review["reviewRating"]["alternateName"] == label
        if claim_id != "trade-ban":
            # guessed from the claim's words; the bundled claims are French or English
            assert review["inLanguage"] in ("fr", "en")
            assert "author" not in review["itemReviewed"]
    # --language sets the claims' language where a claim has none of its own
    by_id = {r["url"].rsplit("#claim-", 1)[1]: r for r in _reviews("--language", "fr-FR")}
    assert by_id["trade-ban"]["inLanguage"] == "en-US"
    assert {r["inLanguage"] for i, r in by_id.items() if i != "trade-ban"} == {"fr-FR"}
    # absent claims only when asked, unrated
    every = _reviews("--include-absent")
    assert len(every) == len(verdicts)
    absent = [r for r in every if r["reviewRating"]["alternateName"] == "absent"]
    assert absent and all("ratingValue" not in r["reviewRating"] for r in absent)


@pytest.mark.parametrize(
    ("entry", "where", "message"),
    [
        ("    appearance: ftp://x.example/a\n", "4:17", "'appearance' must be http(s) addresses"),
        ("    language: French\n", "4:15", "'language' must be a language tag"),
        (
            "    claimant: {name: X, type: robot}\n",
            "4:15",
            "a claimant's type is person or organization",
        ),
    ],
)
def test_bad_source_keys_are_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str, where: str, message: str
) -> None:
    (tmp_path / "claims.yaml").write_text(
        "claims:\n  - id: a\n    claim: Xiaomi est interdite\n" + entry, encoding="utf-8"
    )
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("Xiaomi est interdite.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "--claims", "claims.yaml", "--articles", "articles"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"claims.yaml:{where}: {message}"), result.stderr


def test_labels_are_by_verdict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "claims.yaml").write_text(
        "settings:\n  labels: {contradictd: 'False'}\nclaims:\n  - id: a\n    claim: b c\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "--claims", "claims.yaml"])
    assert result.exit_code == 2
    assert result.stderr == (
        "claims.yaml:2:12: 'labels' are by verdict (supported, contradicted, mixed, absent), "
        "not 'contradictd' (did you mean 'contradicted'?)\n"
    )
