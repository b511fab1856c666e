"""The incremental cache never changes a result, and re-scores only what changed."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from claimcheck.cache import CACHE_FILE
from claimcheck.cache_codec import decode_results, encode_results
from claimcheck.checks import assess
from claimcheck.claims import ClaimsFile, load_claims
from claimcheck.formats.registry import Format, renderer
from claimcheck.matching.found import Found
from claimcheck.pipeline import Report, RunRequest, run
from claimcheck.report import Output

from .conftest import ROOT

SENTENCES = [
    "Xiaomi a été ajoutée à la liste noire du Pentagone en janvier.",
    "Xiaomi n'a pas été ajoutée à la liste noire du Pentagone.",
    "Huawei ne peut plus proposer les applications Google.",
    "Selon Reuters, Xiaomi a déposé une plainte contre la Défense américaine.",
    "Le cours de l'action a doublé au cours des 12 derniers mois.",
    "Le cours de l'action a doublé au cours des 24 derniers mois.",
    "La société dément avoir des liens avec l'armée chinoise.",
    "Rien ne prouve que Xiaomi a des liens avec l'armée chinoise.",
    "Les marchés ont salué la décision du juge fédéral.",
    "Xiaomi ne cesse de gagner des parts de marché en Europe.",
]
CLAIMS = """\
settings:
  subjects: [Xiaomi, Huawei]
claims:
  - id: army
    claim: Xiaomi a des liens avec l'armée chinoise
    about: [Xiaomi]
  - id: blacklist
    claim: Xiaomi a été ajoutée à la liste noire du Pentagone
    about: [Xiaomi]
  - id: google
    claim: Huawei ne peut plus proposer les applications Google
  - id: lawsuit
    claim: Xiaomi a déposé une plainte contre la Défense américaine
  - id: praise
    claim: Les investisseurs ont salué la décision de la cour fédérale
  - id: share
    claim: Le cours de l'action a doublé au cours des 12 derniers mois
"""


def make_corpus(folder: Path, n: int, rng: random.Random) -> None:
    folder.mkdir(parents=True)
    for i in range(n):
        text = "\n".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 6)))
        (folder / f"a{i:04d}.txt").write_text(text + "\n", encoding="utf-8")


def as_json(report: object) -> dict[str, object]:
    out = Output(command="report", checks=assess(report.claims))  # type: ignore[attr-defined]
    return json.loads(renderer(Format.json)(out))


def praise_in(report: object) -> dict[str, Any]:
    """The `praise` claim of a report, as JSON."""
    claims: list[dict[str, Any]] = as_json(report)["claims"]  # type: ignore[assignment]
    return next(c for c in claims if c["id"] == "praise")


def quiet(message: str) -> None:
    pass


@pytest.mark.parametrize("seed", range(4))
def test_cached_runs_equal_uncached_runs_after_random_edits(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    articles = tmp_path / "articles"
    make_corpus(articles, 30, rng)
    claims_path = tmp_path / "claims.yaml"
    claims_path.write_text(CLAIMS, encoding="utf-8")
    cache = tmp_path / "cache"
    for _ in range(5):
        claims = load_claims(claims_path)
        cached = run(RunRequest(claims=claims, articles=articles, warn=quiet, cache_dir=cache))
        fresh = run(RunRequest(claims=claims, articles=articles, warn=quiet, cache_dir=None))
        assert as_json(cached) == as_json(fresh)
        praise = praise_in(fresh)
        assert praise["verdict"] == "absent" and len(praise["related"]) == min(
            5, sum("salué" in p.read_text(encoding="utf-8") for p in articles.iterdir())
        )
        # random edits: rewrite, add or delete articles, and change one claim
        for path in rng.sample(sorted(articles.iterdir()), 3):
            action = rng.choice(["rewrite", "delete", "append"])
            if action == "delete":
                path.unlink()
            elif action == "append":
                with path.open("a", encoding="utf-8") as fh:
                    fh.write(rng.choice(SENTENCES) + "\n")
            else:
                path.write_text(rng.choice(SENTENCES) + "\n", encoding="utf-8")
        (articles / f"new{rng.randint(0, 10**6)}.txt").write_text(
            rng.choice(SENTENCES) + "\n", encoding="utf-8"
        )
        text = claims_path.read_text(encoding="utf-8")
        claims_path.write_text(
            text.replace("12 derniers mois", "24 derniers mois")
            if "12 derniers" in text
            else text.replace("24 derniers mois", "12 derniers mois"),
            encoding="utf-8",
        )


def _evidence_lost(
    tmp_path: Path, jobs: int, texts: list[str], instead: str
) -> tuple[ClaimsFile, Path, Path, Report, Report, Report]:
    """One article per text, scored with a cache; then the first two (the claim's evidence)
    replaced by `instead` and scored again, with the cache and without: (claims, articles,
    cache, first run, cached run, fresh run)."""
    from claimcheck.engines import LocalEngine

    articles = tmp_path / "articles"
    articles.mkdir()
    for i, text in enumerate(texts):
        (articles / f"a{i}.txt").write_text(text, encoding="utf-8")
    claims_path = tmp_path / "claims.yaml"
    claims_path.write_text(CLAIMS, encoding="utf-8")
    cache = tmp_path / "cache"
    first = run(
        RunRequest(
            claims=load_claims(claims_path),
            articles=articles,
            warn=quiet,
            cache_dir=cache,
            engine=LocalEngine(jobs),
        )
    )
    for i in range(2):  # the evidence goes
        (articles / f"a{i}.txt").write_text(instead, encoding="utf-8")
    claims = load_claims(claims_path)
    cached = run(
        RunRequest(
            claims=claims, articles=articles, warn=quiet, cache_dir=cache, engine=LocalEngine(jobs)
        )
    )
    return (
        claims,
        articles,
        cache,
        first,
        cached,
        run(RunRequest(claims=claims, articles=articles, warn=quiet, cache_dir=None)),
    )


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_claim_that_loses_all_its_evidence_shows_the_same_closest_passages(
    tmp_path: Path, jobs: int
) -> None:
    from claimcheck.engines import LocalEngine

    # the claim's evidence and, in the same articles and others, passages that hold most of
    # its words: scored with evidence, those are never looked for
    lost = _evidence_lost(
        tmp_path,
        jobs,
        [
            "Les marchés ont salué la décision du juge fédéral.\n"
            + ("Les investisseurs ont salué la décision de la cour fédérale.\n" if i < 2 else "")
            for i in range(6)
        ],
        "Les marchés ont salué la décision du juge fédéral.\n",
    )
    claims, articles, cache, first, cached, fresh = lost
    praise = praise_in(first)
    assert praise["verdict"] == "supported" and praise["related"] == []
    assert as_json(cached) == as_json(fresh)
    praise = praise_in(cached)
    assert praise["verdict"] == "absent" and len(praise["related"]) == 5
    assert praise["confidence"] < 100  # the closest passages lower it
    # and the next run reads them from the cache, scoring nothing
    again = run(
        RunRequest(
            claims=claims, articles=articles, warn=quiet, cache_dir=cache, engine=LocalEngine(jobs)
        )
    )
    assert as_json(again) == as_json(fresh) and again.stats.scored_articles == 0


# every word of the claim, but "la décision" and "la cour fédérale" in a relative clause of
# their own: no match reworded, and 78.2 in order
NEAR_MISS = (
    "Les investisseurs étrangers ont pour leur part hier soir très largement et bruyamment "
    "salué toute la décision qui a été prise par la cour fédérale.\n"
)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_claim_that_loses_all_its_evidence_keeps_its_near_misses(
    tmp_path: Path, jobs: int
) -> None:
    """Near misses count only for a claim without evidence, and the cache keeps them only for
    those: a claim that loses all its evidence is scored again in every article, and its
    confidence is the same as without a cache."""
    from claimcheck.engines import LocalEngine

    lost = _evidence_lost(
        tmp_path,
        jobs,
        [
            "Les investisseurs ont salué la décision de la cour fédérale.\n" if i < 2 else NEAR_MISS
            for i in range(6)
        ],
        "Les marchés sont calmes.\n",
    )
    claims, articles, cache, first, cached, fresh = lost
    praise = praise_in(first)
    assert praise["verdict"] == "supported"
    assert as_json(cached) == as_json(fresh)
    praise = praise_in(fresh)
    assert praise["verdict"] == "absent" and praise["confidence"] <= 100 - 78
    again = run(
        RunRequest(
            claims=claims, articles=articles, warn=quiet, cache_dir=cache, engine=LocalEngine(jobs)
        )
    )
    assert as_json(again) == as_json(fresh) and again.stats.scored_articles == 0
    (articles / "a0.txt").write_text("Les marchés restent calmes.\n", encoding="utf-8")
    once_more = run(
        RunRequest(
            claims=claims, articles=articles, warn=quiet, cache_dir=cache, engine=LocalEngine(jobs)
        )
    )
    assert once_more.stats.scored_articles == 1
    assert as_json(once_more) == as_json(
        run(RunRequest(claims=claims, articles=articles, warn=quiet, cache_dir=None))
    )


def test_one_changed_article_is_the_only_one_scored(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    make_corpus(articles, 1000, random.Random(7))
    claims_path = tmp_path / "claims.yaml"
    claims_path.write_text(CLAIMS, encoding="utf-8")
    claims = load_claims(claims_path)
    cache = tmp_path / "cache"
    cold = run(RunRequest(claims=claims, articles=articles, warn=quiet, cache_dir=cache))
    assert (cold.stats.scored_articles, cold.stats.cached_articles) == (1000, 0)
    warm = run(RunRequest(claims=claims, articles=articles, warn=quiet, cache_dir=cache))
    assert (warm.stats.scored_articles, warm.stats.scanned_claims) == (0, 0)
    (articles / "a0042.txt").write_text(SENTENCES[1] + " Mise à jour unique.\n", encoding="utf-8")
    again = run(RunRequest(claims=claims, articles=articles, warn=quiet, cache_dir=cache))
    assert (again.stats.scored_articles, again.stats.cached_articles) == (1, 999)
    assert as_json(again) == as_json(
        run(RunRequest(claims=claims, articles=articles, warn=quiet, cache_dir=None))
    )


def test_a_run_that_scores_nothing_loads_no_lemma_dictionary(tmp_path: Path) -> None:
    """The claims' keys need their words' lemmas before the cache can be read: the cache
    keeps those a run looked up (as the dictionaries give them), and a warm run or the
    verify of a known claim, in a process of its own, takes them from there without
    loading simplemma's dictionaries."""
    from claimcheck.analysis.lemmas import _look_up

    articles = tmp_path / "articles"
    make_corpus(articles, 20, random.Random(5))
    claims_path = tmp_path / "claims.yaml"
    claims_path.write_text(CLAIMS, encoding="utf-8")
    cache = tmp_path / "cache"
    common = ["--claims", str(claims_path), "--articles", str(articles), "--cache-dir", str(cache)]
    script = (
        "import sys\n"
        "from claimcheck.cli.app import run_once\n"
        "from claimcheck.analysis import lemmas\n"
        "status = run_once(sys.argv[1:])\n"
        "print(status, bool(lemmas._DICTIONARIES), file=sys.stderr)\n"
    )

    def loaded(*argv: str) -> tuple[str, str]:
        done = subprocess.run(
            [sys.executable, "-c", script, *argv, *common, "--format", "json"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        return done.stderr.split()[-1], done.stdout

    cold, report = loaded("report")
    assert cold == "True"  # it scored, with the dictionaries
    with sqlite3.connect(cache / CACHE_FILE) as db:
        kept = db.execute("SELECT word, lemma FROM lemmas").fetchall()
    assert len(kept) > 20
    assert all(_look_up(word) == lemma for word, lemma in kept)
    assert loaded("report") == ("False", report)
    assert loaded("verify", "Xiaomi a des liens avec l'armée chinoise")[0] == "False"


def test_a_new_cache_has_large_pages_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    """16 KiB pages store a run's findings faster; an existing cache (4 KiB pages) is used
    as it is, its results intact."""
    new, old = tmp_path / "new", tmp_path / "old"
    old.mkdir()
    with sqlite3.connect(old / CACHE_FILE) as db:
        db.execute("PRAGMA page_size=4096")
        db.execute("PRAGMA journal_mode=WAL")
    articles = tmp_path / "articles"
    make_corpus(articles, 20, random.Random(5))
    claims_path = tmp_path / "claims.yaml"
    claims_path.write_text(CLAIMS, encoding="utf-8")
    claims = load_claims(claims_path)
    reports = [
        run(RunRequest(claims=claims, articles=articles, warn=quiet, cache_dir=folder))
        for folder in (new, old, new, old)
    ]
    assert len({json.dumps(as_json(r)) for r in reports}) == 1
    assert [r.stats.cached_articles for r in reports] == [0, 0, 20, 20]
    sizes = []
    for folder in (new, old):
        with sqlite3.connect(folder / CACHE_FILE) as db:
            sizes.append(db.execute("PRAGMA page_size").fetchone()[0])
    assert sizes == [16384, 4096]


def test_a_changed_claim_is_the_only_claim_scanned(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    make_corpus(articles, 50, random.Random(3))
    claims_path = tmp_path / "claims.yaml"
    claims_path.write_text(CLAIMS, encoding="utf-8")
    cache = tmp_path / "cache"
    run(RunRequest(claims=load_claims(claims_path), articles=articles, warn=quiet, cache_dir=cache))
    claims_path.write_text(CLAIMS.replace("12 derniers", "24 derniers"), encoding="utf-8")
    report = run(
        RunRequest(claims=load_claims(claims_path), articles=articles, warn=quiet, cache_dir=cache)
    )
    assert report.stats.scanned_claims == 1


def test_corrupt_or_foreign_cache_is_rebuilt_with_a_warning(tmp_path: Path) -> None:
    claims = load_claims(ROOT / "data" / "claims.yaml")
    articles = ROOT / "data" / "articles"
    expected = as_json(
        run(RunRequest(claims=claims, articles=articles, warn=quiet, cache_dir=None))
    )
    for junk in (b"this is not a database" * 100, b""):
        cache = tmp_path / f"cache{len(junk)}"
        cache.mkdir()
        (cache / CACHE_FILE).write_bytes(junk)
        warnings: list[str] = []
        report = run(
            RunRequest(claims=claims, articles=articles, warn=warnings.append, cache_dir=cache)
        )
        assert as_json(report) == expected
        if junk:
            assert len(warnings) == 1 and "rebuilding" in warnings[0]
    # a foreign sqlite database
    import sqlite3

    cache = tmp_path / "foreign"
    cache.mkdir()
    db = sqlite3.connect(cache / CACHE_FILE)
    db.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO meta VALUES ('schema', 'something-else')")
    db.commit()
    db.close()
    warnings = []
    assert (
        as_json(
            run(RunRequest(claims=claims, articles=articles, warn=warnings.append, cache_dir=cache))
        )
        == expected
    )
    assert warnings and "rebuilding" in warnings[0]


def test_two_runs_at_the_same_time_on_one_cache_both_succeed(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    make_corpus(articles, 150, random.Random(11))
    claims_path = tmp_path / "claims.yaml"
    claims_path.write_text(CLAIMS, encoding="utf-8")
    cache = tmp_path / "cache"
    cmd = [
        sys.executable,
        "-m",
        "claimcheck",
        "report",
        "--claims",
        str(claims_path),
        "--articles",
        str(articles),
        "--cache-dir",
        str(cache),
        "--format",
        "json",
    ]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outs]
    assert json.loads(outs[0][0])["claims"] == json.loads(outs[1][0])["claims"]
    shutil.rmtree(cache)


def test_stored_results_are_what_asdict_makes_of_them() -> None:
    results = run(
        RunRequest(
            claims=load_claims(ROOT / "data" / "claims.yaml"),
            articles=ROOT / "data" / "articles",
            warn=print,
        )
    )
    expected = [asdict(r) for r in results.claims]
    assert json.loads(encode_results(results.claims)) == json.loads(json.dumps(expected))
    assert decode_results(encode_results(results.claims)) == results.claims


def test_the_date_is_the_last_field_of_a_finding() -> None:
    # conclude() dates findings by replacing their last field
    assert Found._fields[-1] == "date"


def test_findings_come_back_from_the_cache_as_they_were_made() -> None:
    """Every field but the article (the cache keys by content) and the date (read from the
    article's metadata at each run), the matched words' offsets included."""
    from claimcheck.cache_codec import decode_findings, encode_findings
    from claimcheck.matching.passages import Corpus
    from claimcheck.matching.scan import scan

    claims = load_claims(ROOT / "data" / "claims.yaml")
    folder = ROOT / "data" / "articles"
    corpus = Corpus.from_texts({p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()})
    compared = 0
    for claim in claims.claims:
        for article, findings in scan(claim, corpus).items():
            data = encode_findings(findings.evidence, findings.near_miss)
            evidence, near_miss = decode_findings(data, article)
            assert near_miss == findings.near_miss
            assert evidence == tuple(e._replace(date=None) for e in findings.evidence)
            compared += sum(len(e.spans) > 2 for e in evidence)
    assert compared > 20


def test_the_engine_fingerprint_reads_every_subpackage(tmp_path: Path) -> None:
    """The cache keeps findings per engine fingerprint: a change to analysis/ or matching/
    must make a new one (before, only the package's top folder and rules/ were read, and a
    changed rule in a subpackage left stale findings in use)."""
    import hashlib

    from claimcheck.cache_codec import _fingerprint_folder

    (tmp_path / "analysis").mkdir()
    (tmp_path / "analysis" / "rules.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "top.py").write_text("Y = 1\n", encoding="utf-8")

    def fingerprint() -> str:
        h = hashlib.sha256()
        _fingerprint_folder(h, tmp_path, "")
        return h.hexdigest()

    before = fingerprint()
    (tmp_path / "analysis" / "rules.py").write_text("X = 2\n", encoding="utf-8")
    assert fingerprint() != before
