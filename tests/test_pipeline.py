"""A run in three steps (plan, score, assemble), asked for by one RunRequest."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from claimcheck.claims import load_claims
from claimcheck.engines import LocalEngine
from claimcheck.pipeline import RunRequest, run
from claimcheck.pipeline.assemble import Texts, assemble
from claimcheck.pipeline.plan import open_cache, plan, select
from claimcheck.pipeline.score import score

from .conftest import ROOT

DATA = ROOT / "data"


def _request(**kw: object) -> RunRequest:
    return RunRequest(
        claims=load_claims(DATA / "claims.yaml"),
        articles=DATA / "articles",
        warn=lambda m: pytest.fail(m),
        **kw,  # type: ignore[arg-type]
    )


def test_a_request_is_keyword_only_and_frozen() -> None:
    with pytest.raises(TypeError):
        RunRequest(load_claims(DATA / "claims.yaml"), DATA / "articles", print)  # type: ignore[misc]
    request = _request()
    with pytest.raises(AttributeError):
        request.min_score = 50.0  # type: ignore[misc]


def test_the_three_steps_make_what_run_makes(tmp_path: Path) -> None:
    request = _request(cache_dir=tmp_path / "cache", engine=LocalEngine(1))
    selection = select(request)
    cache = open_cache(request)
    assert cache is not None
    try:
        planned = plan(request, selection, cache)
        assert len(planned.dirty) == len(selection.sources) > 0  # an empty cache: score all
        scored = score(request, planned, cache)
        texts = Texts({s.display: s.data for s in selection.sources})
        results = assemble(request, planned, scored, texts)
    finally:
        cache.close()
    assert results == run(_request()).claims
    # nothing was written by the steps alone: a run over that cache scores everything
    assert run(request).stats.scored_articles == len(selection.sources)
    # and once it has run, the next run finds the whole report
    again = run(request)
    assert again.claims == results and again.stats.scored_articles == 0


def test_what_a_run_made_is_kept_only_when_the_request_says_so() -> None:
    kept: list[object] = []
    run(_request(keep=kept))
    assert len(kept) == 1
    run(_request())
    assert len(kept) == 1


RUN_MODULES = [
    *sorted((ROOT / "src" / "claimcheck" / "pipeline").glob("*.py")),
    ROOT / "src" / "claimcheck" / "shards.py",
    ROOT / "src" / "claimcheck" / "engines.py",
]


@pytest.mark.parametrize("path", RUN_MODULES, ids=lambda p: p.name)
def test_the_run_keeps_no_state_in_its_modules(path: Path) -> None:
    """No `global`, and no module-level list, dict or set that a run could fill."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Global)]
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        assert not isinstance(value, ast.List | ast.Dict | ast.Set), ast.unparse(node)


def test_the_command_line_hands_its_keep_list_to_every_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimcheck.cli.app import main

    common = ["--claims", str(DATA / "claims.yaml"), "--articles", str(DATA / "articles")]
    kept: list[object] = []
    assert main(["report", *common, "--no-cache", "-q", "-f", "json"], keep=kept) == 0
    assert main(["verify", "Xiaomi sued the US government", *common, "--no-cache"], kept) == 0
    assert len(kept) == 2
    assert main(["report", *common, "--no-cache", "-q", "-f", "json"]) == 0
    assert len(kept) == 2
    capsys.readouterr()
