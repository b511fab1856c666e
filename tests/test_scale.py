"""Dense archives: capped listings with full counts, identical bytes whatever the engine,
warm runs that reuse a whole report, and baselines that survive the cap."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.claims import Claim
from claimcheck.cli.app import app
from claimcheck.engine import check_claim
from claimcheck.formats.registry import Format
from claimcheck.matching.found import Found
from claimcheck.matching.passages import Corpus
from claimcheck.verdict import listed

from .conftest import ROOT, a_found

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import write  # noqa: E402
from topical import generate_topical  # noqa: E402

runner = CliRunner()

CLAIMS = """\
claims:
  - id: ban
    claim: Xiaomi a été ajoutée à la liste noire du Pentagone
  - id: lawsuit
    claim: Xiaomi a déposé une plainte contre le Pentagone
"""


def newsroom(folder: Path, supporting: int = 14, contradicting: int = 2) -> tuple[Path, Path]:
    """Many articles saying the same thing, and a few saying the opposite."""
    articles = folder / "articles"
    articles.mkdir(parents=True)
    for i in range(supporting):
        (articles / f"s{i:02d}.txt").write_text(
            f"Dépêche {i}.\n\nXiaomi a été ajoutée à la liste noire du Pentagone en janvier.\n",
            encoding="utf-8",
        )
    for i in range(contradicting):
        (articles / f"c{i:02d}.txt").write_text(
            "Xiaomi n'a pas été ajoutée à la liste noire du Pentagone.\n", encoding="utf-8"
        )
    claims = folder / "claims.yaml"
    claims.write_text(CLAIMS, encoding="utf-8")
    return claims, articles


def report(claims: Path, articles: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(
        app,
        ["report", "--claims", str(claims), "--articles", str(articles), "-f", "json", *extra],
    )
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_the_cap_lists_the_strongest_with_one_per_stance_and_counts_all(tmp_path: Path) -> None:
    claims, articles = newsroom(tmp_path)
    doc = report(claims, articles, "--no-cache", "--max-evidence", "3")
    ban = doc["claims"][0]
    assert ban["counts"] == {"supports": 14, "contradicts": 2, "articles": 16}
    assert ban["sources"] == 16
    stances = [e["stance"] for e in ban["evidence"]]
    assert len(stances) == 3 and "contradicts" in stances and "supports" in stances
    # the verdict is decided on all the evidence, whatever is listed
    full = report(claims, articles, "--no-cache", "--max-evidence", "0")["claims"][0]
    assert len(full["evidence"]) == 16
    assert (full["verdict"], full["confidence"]) == (ban["verdict"], ban["confidence"])
    default = report(claims, articles, "--no-cache")["claims"][0]
    assert len(default["evidence"]) == 10
    # strongest first: every listed quote is at least as strong as every unlisted one
    weakest = min(e["weight"] for e in default["evidence"])
    listed_keys = {(e["article"], e["line"]) for e in default["evidence"]}
    rest = [e for e in full["evidence"] if (e["article"], e["line"]) not in listed_keys]
    assert all(e["weight"] <= weakest for e in rest if e["stance"] == "supports")


def found(stance: str, weight: float, n: int) -> Found:
    return a_found(stance=stance, score=weight, article=f"a{n:02d}")


@pytest.mark.parametrize(
    ("stances", "most", "expected"),
    [
        ("sssss", 3, "sss"),
        ("ssssc", 3, "ssc"),  # the contradicting one takes the last place
        ("sccccs", 2, "sc"),
        ("sc", 1, "sc"),  # one place, two stances: both are listed
        ("ssc", 0, "ssc"),  # 0 lists every one
        ("cs", 5, "cs"),
    ],
)
def test_listed(stances: str, most: int, expected: str) -> None:
    evidence = [
        found("supports" if s == "s" else "contradicts", 100.0 - i, i)
        for i, s in enumerate(stances)
    ]
    got = listed(evidence, most)
    assert "".join(e.stance[0] for e in got) == expected
    # strongest first, as given
    assert [e.score for e in got] == sorted((e.score for e in got), reverse=True)


def test_every_format_gives_the_counts(tmp_path: Path) -> None:
    claims, articles = newsroom(tmp_path)
    outputs = {}
    for fmt in Format:
        result = runner.invoke(
            app,
            [
                "check",
                "--claims",
                str(claims),
                "--articles",
                str(articles),
                "--no-cache",
                "-f",
                fmt.value,
                "--max-evidence",
                "2",
                "--fail-on",
                "supported,contradicted,mixed",
            ],
        )
        assert result.exit_code in (0, 1), result.stderr
        outputs[fmt] = result.stdout
    assert '"counts": {"supports": 14, "contradicts": 2, "articles": 16}' in outputs[Format.json]
    assert '"counts": {"supports": 14, "contradicts": 2, "articles": 16}' in outputs[Format.jsonl]
    header, row = outputs[Format.csv].splitlines()[:2]
    cells = dict(zip(header.split(","), row.split(","), strict=False))
    assert (cells["sources"], cells["supports"], cells["contradicts"]) == ("16", "14", "2")
    assert "| 16 | 14 / 2 |" in outputs[Format.markdown]
    for fmt in (Format.github, Format.sarif, Format.junit):
        assert "14 supporting, 2 contradicting quotes from 16 articles" in outputs[fmt], fmt
    verify = runner.invoke(
        app,
        [
            "verify",
            "Xiaomi a été ajoutée à la liste noire du Pentagone",
            "--claims",
            str(claims),
            "--articles",
            str(articles),
            "--no-cache",
            "--max-evidence",
            "2",
        ],
    )
    assert (
        "14 more not listed: 14 supporting and 2 contradicting quotes from 16 articles in all "
        "(--max-evidence 0 lists every quote)"
    ) in " ".join(verify.stdout.split())


def test_check_claim_lists_all_when_asked() -> None:
    corpus = Corpus.from_texts(
        {f"a{i}.txt": "Xiaomi a déposé une plainte contre le Pentagone." for i in range(12)}
    )
    claim = Claim("c", "Xiaomi a déposé une plainte contre le Pentagone")
    assert len(check_claim(claim, corpus).evidence) == 10
    every = check_claim(claim, corpus, max_evidence=0)
    assert len(every.evidence) == 12 and every.counts.articles == 12


@pytest.fixture(scope="module")
def topical(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("topical")
    return write(generate_topical(300, 40, seed=3), folder)


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_jobs_and_the_cache_give_byte_identical_json(
    topical: tuple[Path, Path], tmp_path: Path
) -> None:
    claims, articles = topical
    base = ["report", "--claims", str(claims), "--articles", str(articles), "-f", "json", "-q"]
    one = cli(*base, "--no-cache", "--jobs", "1")
    two = cli(*base, "--no-cache", "--jobs", "2")
    assert one == two
    doc = json.loads(one)
    assert sum(c["counts"]["supports"] + c["counts"]["contradicts"] for c in doc["claims"]) > sum(
        len(c["evidence"]) for c in doc["claims"]
    ), "the archive must be dense enough for the cap to matter"
    if importlib.util.find_spec("distributed") is not None:
        assert cli(*base, "--no-cache", "--engine", "dask") == one
    cache = ["--cache-dir", str(tmp_path / "cache"), "--jobs", "2"]
    cold = cli(*base, *cache)
    warm = cli(*base, *cache)
    assert cold == warm == one
    # another cap is another report, from the same cached findings
    assert cli(*base, *cache, "--max-evidence", "0") == cli(
        *base, "--no-cache", "--max-evidence", "0"
    )


def test_a_warm_run_reuses_the_whole_report_and_notices_any_change(
    tmp_path: Path,
) -> None:
    claims, articles = newsroom(tmp_path)
    base = ["report", "--claims", str(claims), "--articles", str(articles), "-f", "json", "-v"]
    cold = runner.invoke(app, base)
    warm = runner.invoke(app, base)
    assert warm.stdout == cold.stdout
    assert "(0 scored, 16 from cache)" in warm.stderr
    # a new date (metadata.yaml) changes the timeline, not the findings: a new report
    (articles / "metadata.yaml").write_text('s00.txt: {date: "2021-02"}\n', encoding="utf-8")
    dated = json.loads(runner.invoke(app, base).stdout)
    assert dated["claims"][0]["dates"] == [{"date": "2021-02", "supports": 1, "contradicts": 0}]
    # a changed claim (its `expect`) is a new report too
    claims.write_text(
        CLAIMS.replace(
            "    claim: Xiaomi a déposé", "    expect: absent\n    claim: Xiaomi a déposé"
        ),
        encoding="utf-8",
    )
    expected = json.loads(runner.invoke(app, base).stdout)
    assert expected["claims"][1]["expect"] == "absent"


def test_a_capped_baseline_records_counts_and_reports_no_false_losses(tmp_path: Path) -> None:
    claims, articles = newsroom(tmp_path)
    baseline = tmp_path / "baseline.json"
    args = ["check", "--claims", str(claims), "--articles", str(articles), "--no-cache"]
    first = runner.invoke(app, [*args, "--max-evidence", "3", "--write-baseline", str(baseline)])
    assert first.exit_code in (0, 1), first.stderr
    saved = json.loads(baseline.read_text(encoding="utf-8"))["claims"]["ban"]
    assert saved["counts"] == {"supports": 14, "contradicts": 2, "articles": 16}
    assert len(saved["evidence"]) == 3
    # a new article that is strongest changes what is listed, not what exists: nothing is
    # reported lost, since the listing is capped
    (articles / "a-new.txt").write_text(
        "Xiaomi a été ajoutée à la liste noire du Pentagone.\n", encoding="utf-8"
    )
    again = runner.invoke(
        app, [*args, "--max-evidence", "3", "--baseline", str(baseline), "-f", "json"]
    )
    ban = json.loads(again.stdout)["claims"][0]
    assert ban["status"] == "ok" or ban["previous"] == ban["verdict"]
    assert ban["lost_evidence"] == []
    # with every quote listed on both sides, a removed article is a lost quote
    runner.invoke(app, [*args, "--max-evidence", "0", "--write-baseline", str(baseline)])
    (articles / "c00.txt").unlink()
    after = runner.invoke(
        app, [*args, "--max-evidence", "0", "--baseline", str(baseline), "-f", "json"]
    )
    lost = json.loads(after.stdout)["claims"][0]["lost_evidence"]
    assert [Path(c["article"]).name for c in lost] == ["c00.txt"]
