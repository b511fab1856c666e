"""Dated articles: date sources and precision, `current` claims, `since`, `--as-of`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.claims import Claim, parse_claims
from claimcheck.cli.app import app
from claimcheck.dates import Date, date_line, load_metadata, parse_as_of, parse_date
from claimcheck.engine import conclude
from claimcheck.errors import InputError
from claimcheck.matching.found import Findings, Found

from .conftest import a_found, write_articles

runner = CliRunner()


# -- dates and their precision ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2021-05-03", "2021-05-03"),
        ("2021-05", "2021-05"),
        ("2021", "2021"),
        (2021, "2021"),
        ("2021-5-3", "2021-05-03"),
        ("2021-05-03T10:20:00Z", "2021-05-03"),
        ("2021-13", None),
        ("2021-02-30", None),
        ("May 2021", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_date(value: object, text: str | None) -> None:
    found = parse_date(value)
    assert (found.text if found else None) == text


def test_yaml_dates_keep_their_precision() -> None:
    import datetime as dt

    assert parse_date(dt.date(2021, 5, 3)) == Date(2021, 5, 3)
    assert parse_date(dt.datetime(2021, 5, 3, 10, 0)) == Date(2021, 5, 3)


@pytest.mark.parametrize(
    ("later", "earlier", "after"),
    [
        ("2021-05", "2021-04-30", True),  # May starts after 30 April
        ("2021-05", "2021-05-31", False),  # but not after 31 May
        ("2021-05", "2021-05", False),
        ("2021-05-01", "2021-04", True),
        ("2021", "2020-12-31", True),
        ("2021", "2021-06", False),
        ("2021-06-01", "2021", False),
        ("2022", "2021", True),
    ],
)
def test_after_compares_every_day_a_date_covers(later: str, earlier: str, after: bool) -> None:
    assert parse_as_of(later).after(parse_as_of(earlier)) is after


def test_dates_sort_by_the_days_they_cover() -> None:
    dates = [parse_as_of(d) for d in ["2021-05-10", "2021", "2021-05", "2020-12-31", "2021-01"]]
    assert [d.text for d in sorted(dates)] == [
        "2020-12-31",
        "2021-01",
        "2021",
        "2021-05",
        "2021-05-10",
    ]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (" date 2021-05 Bonne nouvelle pour Xiaomi", "2021-05"),
        ("Date : 2021-05-03\nTitre", "2021-05-03"),
        ("Publié le 3 mai 2021 à 10 h", "2021-05-03"),
        ("Published March 12, 2021", "2021-03-12"),
        ("Published on 1 February 2021", "2021-02-01"),
        ("Xiaomi a été sanctionnée le 3 mai 2021.", None),  # not at the top
        ("Dated 2021-02-30", None),
        ("date 20210", None),
    ],
)
def test_date_line(body: str, text: str | None) -> None:
    found = date_line(body)
    assert (found.text if found else None) == text


def test_as_of_must_be_a_date() -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_as_of("last May")


# -- where an article's date comes from ---------------------------------------------------------


ARTICLES = {
    "front.md": "---\ndate: 2021-03-02\ntitle: Front\n---\nXiaomi est sur la liste noire.\n",
    "front-month.md": "---\ndate: '2021-04'\n---\nXiaomi est sur la liste noire.\n",
    "front-year.md": "---\ndate: 2020\n---\nXiaomi est sur la liste noire.\n",
    "listed.txt": "Xiaomi est sur la liste noire.\n",
    "line.txt": "date 2021-05 Xiaomi n'est plus sur la liste noire.\n",
    "both.txt": "date 2021-05 Xiaomi est sur la liste noire.\n",
    "undated.txt": "Xiaomi est sur la liste noire.\n",
}
METADATA = """\
listed.txt: {date: 2021-01, title: Listed, url: "https://example.org/listed", source: Wire}
both.txt: {date: 2020-06}   # wins over the date line
front.md: {date: 1999}      # loses to the front matter
"""
CLAIMS = """\
claims:
  - id: listed
    claim: Xiaomi est sur la liste noire
    current: true
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_articles(tmp_path / "data" / "articles", ARTICLES)
    (tmp_path / "data" / "articles" / "metadata.yaml").write_text(METADATA, encoding="utf-8")
    (tmp_path / "data" / "claims.yaml").write_text(CLAIMS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def report_json(*args: str) -> tuple[dict[str, object], str]:
    result = runner.invoke(app, ["report", "--format", "json", "--no-cache", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_every_date_source_and_its_precedence(project: Path) -> None:
    doc, _ = report_json()
    dates = {
        Path(e["article"]).name: e["date"]
        for e in doc["claims"][0]["evidence"]  # type: ignore[index]
    }
    assert dates == {
        "front.md": "2021-03-02",  # front matter beats metadata.yaml
        "front-month.md": "2021-04",
        "front-year.md": "2020",
        "listed.txt": "2021-01",  # metadata.yaml
        "line.txt": "2021-05",  # the date line
        "both.txt": "2020-06",  # metadata.yaml beats the date line
        "undated.txt": None,
    }


def test_current_claim_follows_the_newest_date(project: Path) -> None:
    doc, _ = report_json()
    claim = doc["claims"][0]  # type: ignore[index]
    assert claim["verdict"] == "contradicted"  # "n'est plus", May 2021
    assert claim["since"] == "2021-05"
    assert claim["history"] == [{"verdict": "supported", "from": "2020", "to": "2021-04"}]
    # the listed evidence in date order, one entry per quote
    assert [(t["date"], t["stance"], t["article"], t["line"]) for t in claim["timeline"]] == sorted(
        ((e["date"], e["stance"], e["article"], e["line"]) for e in claim["evidence"] if e["date"]),
        key=lambda t: (parse_as_of(t[0]), t[0]),
    ) or pytest.fail("no timeline")
    assert [m["date"] for m in claim["dates"]] == [
        "2020",
        "2020-06",
        "2021-01",
        "2021-03-02",
        "2021-04",
        "2021-05",
    ]


def test_as_of_leaves_later_articles_out_and_says_how_many_are_undated(project: Path) -> None:
    doc, err = report_json("--as-of", "2021-04-30")
    claim = doc["claims"][0]  # type: ignore[index]
    assert claim["verdict"] == "supported" and claim["since"] == "2020"
    assert "line.txt" not in json.dumps(claim)
    assert doc["as_of"] == "2021-04-30"
    assert "as of 2021-04-30: 1 article(s) dated later left out, 1 undated article(s) kept" in err
    # a month is not after its own last day
    doc, _ = report_json("--as-of", "2021-05-31")
    assert doc["claims"][0]["verdict"] == "contradicted"  # type: ignore[index]


@pytest.mark.parametrize("command", [["verify", "Xiaomi est sur la liste noire"], ["check"]])
def test_as_of_on_every_command(project: Path, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--as-of", "2021-02", "--format", "json", "--no-cache"])
    assert result.exit_code in (0, 1), result.stderr
    claim = json.loads(result.stdout)["claims"][0]
    assert claim["verdict"] == "supported" and claim["since"] == "2020"
    assert "as of 2021-02:" in result.stderr


def test_the_table_and_verify_say_since_when(project: Path) -> None:
    result = runner.invoke(app, ["verify", "Xiaomi est sur la liste noire", "--no-cache"])
    assert "verdict: contradicted since 2021-05 (supported 2020 – 2021-04)" in result.stdout
    result = runner.invoke(app, ["report", "--no-cache"], env={"COLUMNS": "160"})
    assert "contradicted since 2021-05 (supported 2020 – 2021-04)" in result.stdout


def test_bad_as_of_is_a_usage_error(project: Path) -> None:
    result = runner.invoke(app, ["report", "--as-of", "yesterday"])
    assert result.exit_code == 2
    assert "is not a date" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["verify", "Xiaomi est interdite"], ["report"], ["check"]])
def test_a_bad_as_of_is_refused_before_anything_is_read(project: Path, command: list[str]) -> None:
    """#32, bug 6: verify looked the claim up and read the articles before it refused a bad
    --as-of; here neither the claims file nor the articles exist, and the error is --as-of's."""
    args = [*command, "--claims", "gone.yaml", "--articles", "gone", "--as-of", "2021-13"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(
        "claimcheck: error: Invalid value for '--as-of': '2021-13' is not a date"
    )
    assert result.stderr.count("\n") == 1


def test_everything_dated_later_is_an_error(project: Path) -> None:
    (project / "data" / "articles" / "undated.txt").unlink()
    result = runner.invoke(app, ["report", "--as-of", "1990"])
    assert result.exit_code == 2
    assert "every article is dated after 1990" in result.stderr


def test_cache_and_as_of_give_the_uncached_results(project: Path) -> None:
    cold = runner.invoke(app, ["report", "--format", "json", "--as-of", "2021-03"])
    warm = runner.invoke(app, ["report", "--format", "json"])  # fills the rest of the cache
    again = runner.invoke(app, ["report", "--format", "json", "--as-of", "2021-03"])
    uncached = runner.invoke(
        app, ["report", "--format", "json", "--as-of", "2021-03", "--no-cache"]
    )
    assert warm.exit_code == 0
    assert cold.stdout == again.stdout == uncached.stdout


def test_a_baseline_says_its_as_of(project: Path) -> None:
    made = runner.invoke(
        app, ["check", "--as-of", "2021-02", "--write-baseline", "base.json", "--no-cache"]
    )
    assert made.exit_code == 0
    assert json.loads((project / "base.json").read_text())["as_of"] == "2021-02"
    result = runner.invoke(app, ["check", "--baseline", "base.json", "--no-cache"])
    assert result.exit_code == 1  # supported then, contradicted now
    assert "the baseline was made as of 2021-02, this run is as of today" in result.stderr


# -- the metadata file ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("a.txt: [1\n", "metadata.yaml:2:1", "not valid YAML"),
        ("- a.txt\n", "metadata.yaml:1:1", "must map article files"),
        ("a.txt: 2021\n", "metadata.yaml:1:8", "must be a mapping"),
        ("a.txt: {dated: 2021}\n", "metadata.yaml:1:9", "unknown key 'dated'"),
        ("a.txt: {date: May 2021}\n", "metadata.yaml:1:15", "is not a date"),
        ("a.txt: {title: [x]}\n", "metadata.yaml:1:16", "'title' must be a string"),
    ],
)
def test_bad_metadata_is_located(tmp_path: Path, text: str, where: str, message: str) -> None:
    (tmp_path / "metadata.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_metadata(tmp_path)
    assert str(info.value).startswith((tmp_path / where).as_posix()), str(info.value)
    assert message in str(info.value)


def test_bad_metadata_through_the_cli(project: Path) -> None:
    (project / "data" / "articles" / "metadata.yaml").write_text("x.txt: {date: soon}\n")
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 2
    assert result.stderr.startswith("data/articles/metadata.yaml:1:15: ")


def test_metadata_for_a_missing_article_is_a_warning(project: Path) -> None:
    (project / "data" / "articles" / "metadata.yaml").write_text("gone.txt: {date: 2021}\n")
    result = runner.invoke(app, ["report", "--no-cache"])
    assert result.exit_code == 0
    assert "metadata.yaml: no article 'gone.txt' in the folder" in result.stderr


def test_current_must_be_a_boolean() -> None:
    with pytest.raises(InputError, match="'current' must be true or false"):
        parse_claims("claims:\n  - {id: a, claim: b c, current: yes please}\n", "c.yaml")
    cf = parse_claims("settings: {current: true}\nclaims:\n  - {id: a, claim: b c}\n", "c.yaml")
    assert cf.claims[0].current


# -- the rule, on evidence values -----------------------------------------------------------------


def ev(stance: str, date: str | None, article: str = "a", hedged: bool = False) -> Found:
    return a_found(stance=stance, article=f"{article}-{date}-{stance}", hedged=hedged, date=date)


@pytest.mark.parametrize(
    ("evidence", "verdict", "text"),
    [
        ([ev("supports", "2021-01")], "supported", "supported since 2021-01"),
        (
            [ev("supports", "2021-01"), ev("contradicts", "2021-05")],
            "contradicted",
            "contradicted since 2021-05 (supported 2021-01)",
        ),
        (
            [ev("supports", "2021-01"), ev("supports", "2021-03"), ev("contradicts", "2021-05")],
            "contradicted",
            "contradicted since 2021-05 (supported 2021-01 – 2021-03)",
        ),
        (
            [ev("contradicts", "2021-01"), ev("supports", "2021-03"), ev("supports", "2021-05")],
            "supported",
            "supported since 2021-03 (contradicted 2021-01)",
        ),
        (
            # the newest date holds both sides: mixed, even though one side is asserted
            [
                ev("supports", "2021-01"),
                ev("supports", "2021-05"),
                ev("contradicts", "2021-05", hedged=True),
            ],
            "mixed",
            "mixed since 2021-05 (supported 2021-01)",
        ),
        (
            # undated evidence counts only when there is no dated evidence
            [ev("contradicts", None), ev("supports", "2021-01")],
            "supported",
            "supported since 2021-01",
        ),
        ([ev("contradicts", None)], "contradicted", "contradicted"),
        ([], "absent", "absent"),
    ],
)
def test_current_rule(evidence: list[Found], verdict: str, text: str) -> None:
    claim = Claim(id="c", claim="c", current=True)
    dates = {e.article: e.date for e in evidence}
    result = conclude(claim, [Findings(tuple(evidence))], dates=dates)
    assert (result.verdict, result.verdict_text) == (verdict, text)
    # a claim that is not `current` is judged on all its evidence, and says no "since"
    plain = conclude(Claim(id="c", claim="c"), [Findings(tuple(evidence))], dates=dates)
    assert plain.since is None and not plain.history
    dated = sorted({e.date for e in evidence if e.date}, key=parse_as_of)
    assert [m.date for m in plain.timeline] == dated
    # each date counts its articles on each side
    assert [(m.supports, m.contradicts) for m in plain.timeline] == [
        (
            sum(e.date == d and e.stance == "supports" for e in evidence),
            sum(e.date == d and e.stance == "contradicts" for e in evidence),
        )
        for d in dated
    ]
