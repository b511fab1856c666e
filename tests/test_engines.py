"""Local process pool and Dask give the same report as one process; progress is reported."""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import pickle
import signal
import sys
import time
from pathlib import Path

import pytest

from claimcheck import engines, forking
from claimcheck.analysis.wordclass import WORD_CLASSES, word_class
from claimcheck.checks import assess
from claimcheck.claims import load_claims
from claimcheck.engines import MAX_SHARD_ARTICLES, LocalEngine
from claimcheck.errors import ClaimcheckError
from claimcheck.formats.registry import Format, renderer
from claimcheck.matching import words
from claimcheck.matching.found import Findings, Found
from claimcheck.matching.words import forget_words, stem, token_sim, word_keys
from claimcheck.pipeline import RunRequest, run
from claimcheck.report import Output
from claimcheck.shards import (
    Shard,
    ShardResult,
    no_collections,
    score_shard,
    split,
)
from claimcheck.text import tokens_of, word_seq, word_set

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate, write  # noqa: E402


def as_json(report: object) -> dict[str, object]:
    out = Output(command="report", checks=assess(report.claims))  # type: ignore[attr-defined]
    return json.loads(renderer(Format.json)(out))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("synthetic")
    claims, articles = write(generate(600, 60, seed=5, planted_share=0.5), folder)
    return claims, articles


def quiet(message: str) -> None:
    pass


@pytest.fixture(params=["a process per shard", "a pool of workers"])
def forks(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Both ways LocalEngine scores shards in other processes: where it may fork, a process
    forked for each shard; elsewhere (another thread running, no fork) a pool of workers."""
    may = request.param == "a process per shard"
    if may and not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(forking, "may_fork", lambda: may)
    return may


def test_jobs_do_not_change_results(synthetic: tuple[Path, Path], forks: bool) -> None:
    claims_path, articles = synthetic
    claims = load_claims(claims_path)
    one = run(
        RunRequest(
            claims=claims, articles=articles, warn=quiet, cache_dir=None, engine=LocalEngine(1)
        )
    )
    two = run(
        RunRequest(
            claims=claims, articles=articles, warn=quiet, cache_dir=None, engine=LocalEngine(2)
        )
    )
    assert LocalEngine(2).parts(600) > 1, "the pool must really be used"
    assert as_json(one) == as_json(two)
    assert any(r.evidence for r in one.claims)


def test_progress_reaches_the_total(synthetic: tuple[Path, Path]) -> None:
    claims_path, articles = synthetic
    seen: list[tuple[str, int, int]] = []
    run(
        RunRequest(
            claims=load_claims(claims_path),
            articles=articles,
            warn=quiet,
            cache_dir=None,
            progress=lambda *a: seen.append(a),
            engine=LocalEngine(2),
        )
    )
    assert seen[0] == ("articles", 0, 600) and seen[-1] == ("articles", 600, 600)
    assert [d for _, d, _ in seen] == sorted(d for _, d, _ in seen)


def test_dask_engine_matches_the_local_engine(synthetic: tuple[Path, Path]) -> None:
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    from claimcheck.engines import DaskEngine

    claims_path, articles = synthetic
    claims = load_claims(claims_path)
    local = run(
        RunRequest(
            claims=claims, articles=articles, warn=quiet, cache_dir=None, engine=LocalEngine(1)
        )
    )
    engine = DaskEngine(None, workers=2)
    try:
        assert engine.workers == 2
        distributed = run(
            RunRequest(claims=claims, articles=articles, warn=quiet, cache_dir=None, engine=engine)
        )
    finally:
        engine.close()
    assert as_json(distributed) == as_json(local)


def test_cli_dask_report_equals_local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    from typer.testing import CliRunner

    from claimcheck.cli.app import app

    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    local = runner.invoke(app, ["report", "-f", "json", "--no-cache", "-q"])
    dask = runner.invoke(app, ["report", "-f", "json", "--no-cache", "-q", "--engine", "dask"])
    assert local.exit_code == dask.exit_code == 0, dask.stderr
    assert json.loads(local.stdout)["claims"] == json.loads(dask.stdout)["claims"]
    bad = runner.invoke(app, ["report", "--scheduler", "tcp://127.0.0.1:1"])
    assert bad.exit_code == 2 and "--scheduler goes with --engine dask" in bad.stderr


def test_scoring_runs_with_the_collector_off_and_it_comes_back_on_even_on_failure() -> None:
    assert gc.isenabled()
    with no_collections():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), no_collections():
        raise RuntimeError("a shard failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with no_collections():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()


def test_per_word_caches_are_dropped_only_past_their_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    before = stem("interdites")
    similar = token_sim("interdites", "interdit")
    word_class("interdites")
    forget_words()
    assert "interdites" in words.STEMS  # a few words stay for the next shard
    assert ("interdites", "interdit") in words.SIMILARITIES
    monkeypatch.setattr(words, "WORD_CACHE_LIMIT", 0)
    forget_words()
    assert not words.STEMS and not words.SIMILARITIES and not WORD_CLASSES
    assert word_keys.cache_info().currsize == 0
    assert stem("interdites") == before  # worked out again
    assert token_sim("interdites", "interdit") == similar


def _first_articles(synthetic: tuple[Path, Path]) -> Shard:
    """A shard of the synthetic archive's first 40 articles, with every claim."""
    claims_path, articles = synthetic
    claims = load_claims(claims_path)
    files = sorted(articles.glob("*.txt"))[:40]
    return Shard(
        sources=tuple((f.as_posix(), f.read_bytes()) for f in files),
        claims=claims.claims,
        wanted={c.id: None for c in claims.claims},
        subjects=claims.known_subjects,
        min_score=None,
    )


def test_a_scored_shard_leaves_no_passage_behind(synthetic: tuple[Path, Path]) -> None:
    """A worker scores shard after shard: what it keeps per passage text must go with each."""
    shard = _first_articles(synthetic)
    before = score_shard(shard)
    for cached in (tokens_of, word_seq, word_set):
        assert cached.cache_info().currsize == 0, cached.__name__
    assert score_shard(shard) == before  # and scoring the shard again finds the same
    assert any(before.findings.values())


def test_a_shard_result_survives_pickling_with_its_findings_typed(
    synthetic: tuple[Path, Path],
) -> None:
    """Results cross processes as plain tuples and come back as Findings of Found."""
    result = score_shard(dataclasses.replace(_first_articles(synthetic), encode=True))
    again = pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == result
    found = [f for per in again.findings.values() for f in per.values()]
    assert any(f.evidence for f in found)
    assert all(type(f) is Findings for f in found)
    assert all(type(e) is Found for f in found for e in f.evidence)
    assert again.encoded == result.encoded and again.close == result.close


def _killed(shard: Shard, keep: list[object] | None = None) -> ShardResult:
    """A worker killed while scoring (the out-of-memory killer, a stray kill -9)."""
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def _one_article_shards(synthetic: tuple[Path, Path], count: int = 4) -> list[Shard]:
    claims_path, articles = synthetic
    claims = load_claims(claims_path)
    return [
        Shard(
            sources=((f.as_posix(), f.read_bytes()),),
            claims=claims.claims,
            wanted={c.id: None for c in claims.claims},
            subjects=claims.known_subjects,
            min_score=None,
        )
        for f in sorted(articles.glob("*.txt"))[:count]
    ]


def test_a_worker_that_dies_fails_the_run_instead_of_hanging(
    synthetic: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, forks: bool
) -> None:
    shards = _one_article_shards(synthetic)
    monkeypatch.setattr(engines, "score_shard", _killed)

    def too_late(signum: int, frame: object) -> None:
        raise TimeoutError("the pool still waits for a dead worker's shard")

    before = signal.signal(signal.SIGALRM, too_late)
    signal.alarm(60)
    try:
        with pytest.raises(ClaimcheckError, match="a scoring process died"):
            list(LocalEngine(2).map(shards, None))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def _pid_noted(shard: Shard, keep: list[object] | None = None) -> ShardResult:
    # and whether the process keeps what the shard made for its exit
    kept = ("kept",) if keep is not None else ()
    return ShardResult({}, {shard.sources[0][0]: os.getpid()}, kept, {})


forking_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


@forking_only
def test_each_shard_is_scored_in_a_process_of_its_own_that_keeps_its_tables(
    synthetic: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    shards = _one_article_shards(synthetic, 5)
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    monkeypatch.setattr(engines, "score_shard", _pid_noted)
    results = list(LocalEngine(2).map(shards, None))
    pids = [pid for r in results for pid in r.passages.values()]
    assert len(pids) == len(set(pids)) == 5 and os.getpid() not in pids
    # in such a process, what a shard made is kept for the exit (not freed one by one)
    assert [r.warnings for r in results] == [("kept",)] * 5
    kept: list[object] = []
    result = score_shard(shards[0], kept)
    assert [type(k).__name__ for k in kept] == ["Corpus"]
    assert tokens_of.cache_info().currsize > 0
    assert result == score_shard(shards[0])


def _collector_state(shard: Shard, keep: list[object] | None = None) -> ShardResult:
    # the result is sent after the shard is scored: note the collector's state then
    return ShardResult({}, {shard.sources[0][0]: int(gc.isenabled())}, (), {})


@forking_only
def test_a_shard_process_sends_its_result_with_the_collector_off(
    synthetic: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its kept tables must not be walked by a collection while the result is pickled, even
    when the caller had the collector on (score_shard turns it back on as it found it)."""
    shards = _one_article_shards(synthetic, 2)
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    monkeypatch.setattr(engines, "score_shard", _collector_state)
    gc.enable()
    states = [s for r in LocalEngine(2).map(shards, None) for s in r.passages.values()]
    assert states == [0, 0] and gc.isenabled()


class _Unpicklable(Exception):
    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("cannot pickle this")


def _fails(shard: Shard, keep: list[object] | None = None) -> ShardResult:
    if shard.sources[0][0].endswith("1.txt"):
        raise _Unpicklable("odd")
    raise ClaimcheckError(f"{shard.sources[0][0]}: bad shard")


def test_an_error_in_a_shard_reaches_the_caller(
    synthetic: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, forks: bool
) -> None:
    shards = _one_article_shards(synthetic, 2)
    monkeypatch.setattr(engines, "score_shard", _fails)
    with pytest.raises(ClaimcheckError, match="bad shard"):
        list(LocalEngine(2).map(shards[:1] * 2, None))


@forking_only
def test_an_error_that_does_not_pickle_still_reaches_the_caller(
    synthetic: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    monkeypatch.setattr(engines, "score_shard", _fails)
    odd = [dataclasses.replace(_one_article_shards(synthetic, 1)[0], sources=(("a1.txt", b""),))]
    with pytest.raises(ClaimcheckError, match="a scoring process failed: _Unpicklable"):
        list(LocalEngine(2).map(odd * 2, None))


def _asleep(shard: Shard, keep: list[object] | None = None) -> ShardResult:
    Path(os.environ["CLAIMCHECK_TEST_PIDS"], str(os.getpid())).touch()
    time.sleep(60)
    raise AssertionError("unreachable")


@forking_only
def test_ctrl_c_stops_every_shard_at_once(
    synthetic: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(forking, "may_fork", lambda: True)
    monkeypatch.setenv("CLAIMCHECK_TEST_PIDS", str(tmp_path))
    monkeypatch.setattr(engines, "score_shard", _asleep)

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(2)
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            list(LocalEngine(2).map(_one_article_shards(synthetic), None))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    assert time.monotonic() - started < 30
    pids = [int(p.name) for p in tmp_path.iterdir()]
    assert len(pids) == 2  # two at a time, and none started after Ctrl-C
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # ended and reaped


@pytest.mark.parametrize("jobs", [1, 2, 8])
def test_shards_stay_small_however_large_the_archive(jobs: int) -> None:
    """A worker's memory follows its shard's size: a large archive gets more shards, not
    larger ones (with one job too: its shards are scored one after the other)."""
    for articles in (1, 450, 1_000, 10_000, 123_457):
        sources = [(f"a{i}.txt", b"") for i in range(articles)]
        parts = list(split(sources, LocalEngine(jobs).parts(articles)))
        assert sum(map(len, parts)) == articles
        assert max(map(len, parts)) <= MAX_SHARD_ARTICLES
    assert LocalEngine(2).parts(1_000) == 8  # small archives keep four shards a worker


def test_the_last_shards_are_cut_in_two_so_that_workers_end_together() -> None:
    sources = [(f"a{i:05d}.txt", b"") for i in range(10_000)]
    engine = LocalEngine(2)
    parts = list(split(sources, engine.parts(10_000), engine.at_once()))
    assert [len(p) for p in parts] == [500] * 18 + [250] * 4
    assert [s for p in parts for s in p] == sources  # contiguous, in path order
    # one shard at a time, or a single round: nothing to even out
    assert [len(p) for p in split(sources[:450], 1, 2)] == [450]
    assert [len(p) for p in split(sources[:3], 3, 2)] == [1, 1, 1]
    assert [len(p) for p in split(sources[:1000], 8, 0)] == [125] * 8


def test_the_callers_work_runs_while_the_first_shards_are_scored(
    synthetic: tuple[Path, Path], forks: bool
) -> None:
    """`meanwhile` (the run reads its articles' dates then) is called once, with the first
    shards' processes already started, and the results are the same."""
    import multiprocessing

    shards = _one_article_shards(synthetic)
    seen: list[int] = []
    results = list(
        LocalEngine(2).map(
            shards, None, lambda: seen.append(len(multiprocessing.active_children()))
        )
    )
    assert len(seen) == 1 and seen[0] >= 2
    assert sorted(map(repr, results)) == sorted(repr(score_shard(s)) for s in shards)
    alone: list[int] = []
    assert list(LocalEngine(1).map(shards[:1], None, lambda: alone.append(0))) == [
        score_shard(shards[0])
    ]
    assert alone == [0]


def test_article_warnings_still_come_before_shard_warnings(tmp_path: Path) -> None:
    """The dates are read while shards are scored; their warnings wait, and keep their place."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for i in range(3):
        (articles / f"a{i}.txt").write_text("Xiaomi a été sanctionné par Washington.\n")
    (articles / "b.txt").write_bytes(b"---\ndate: [\n---\nXiaomi a perdu.\n")
    (articles / "metadata.yaml").write_text("gone.txt: {date: 2021}\n")
    claims = tmp_path / "claims.yaml"
    claims.write_text("claims:\n  - {id: a, claim: Xiaomi a été sanctionné}\n")
    said: list[str] = []
    run(
        RunRequest(
            claims=load_claims(claims), articles=articles, warn=said.append, engine=LocalEngine(2)
        )
    )
    assert [m.split(": ", 1)[1] for m in said] == [
        "no article 'gone.txt' in the folder",
        "front matter is not valid YAML; reading the body anyway",
    ], said
