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
    assert len(expanded) == len(reviews) == 30
    verdicts = json.loads(runner.invoke(app, ["report", "-f", "json"]).stdout)["claims"]
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
        works = item.get(S + "appearance", [])
        sources = {e["article"] for e in claim["evidence"]}
        assert len(works) == len(sources)  # one appearance per source article
        for work in works:
            assert work["@type"] == [S + "CreativeWork"]
            assert one(work, "name")  # the article's title from metadata.yaml


def test_article_urls_become_appearance_urls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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
    works = one(node, "itemReviewed")[S + "appearance"]
    urls = sorted(w[S + "url"][0]["@id"] for w in works if S + "url" in w)
    assert urls == ["https://news.example/a"]  # the javascript: address is dropped
    dated = [w for w in works if S + "datePublished" in w]
    assert [one(w, "datePublished") for w in dated] == ["2021-05-02"]
