"""`claimcheck eval`: gold files in three shapes, scores on a hand-computed example, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli.app import app
from claimcheck.errors import InputError
from claimcheck.evaluation import GoldLabel, evaluate, load_gold
from claimcheck.report import ClaimResult

from .conftest import ROOT

runner = CliRunner()


def result(claim_id: str, verdict: str) -> ClaimResult:
    return ClaimResult(
        id=claim_id,
        claim=claim_id,
        verdict=verdict,  # type: ignore[arg-type]
        confidence=100.0,
        evidence=(),
        basis=None,
    )


def test_scores_of_a_hand_computed_example() -> None:
    #        gold           run
    pairs = [
        ("a", "supported", "supported"),
        ("b", "supported", "contradicted"),
        ("c", "contradicted", "contradicted"),
        ("d", "contradicted", "absent"),
        ("e", "absent", "absent"),
        ("f", "mixed", "mixed"),
    ]
    gold = [GoldLabel(i, g, n, 1) for n, (i, g, _) in enumerate(pairs, 1)]
    ev = evaluate([result(i, r) for i, _, r in pairs] + [result("g", "absent")], gold, "g", "c")
    assert (ev.claims, ev.correct, ev.accuracy) == (6, 4, 4 / 6)
    assert ev.confusion == (
        (1, 1, 0, 0),  # gold supported: 1 supported, 1 contradicted
        (0, 1, 0, 1),  # gold contradicted
        (0, 0, 1, 0),  # gold mixed
        (0, 0, 0, 1),  # gold absent
    )
    scores = {s.verdict: (s.precision, s.recall, round(s.f1, 4)) for s in ev.scores}
    assert scores == {
        "supported": (1.0, 0.5, 0.6667),  # 1 of 1 predicted right, 1 of 2 found
        "contradicted": (0.5, 0.5, 0.5),
        "mixed": (1.0, 1.0, 1.0),
        "absent": (0.5, 1.0, 0.6667),
    }
    assert round(ev.macro_f1, 4) == round((2 / 3 + 0.5 + 1 + 2 / 3) / 4, 4) == 0.7083
    assert [(m.id, m.gold, m.verdict) for m in ev.misses] == [
        ("b", "supported", "contradicted"),
        ("d", "contradicted", "absent"),
    ]
    assert ev.unlabelled == ("g",)


def test_a_verdict_nobody_uses_is_left_out_of_macro_f1() -> None:
    gold = [GoldLabel("a", "supported", 1, 1), GoldLabel("b", "absent", 2, 1)]
    ev = evaluate([result("a", "supported"), result("b", "supported")], gold, "g", "c")
    assert [s.verdict for s in ev.scores] == ["supported", "absent"]
    assert round(ev.macro_f1, 4) == round((2 / 3 + 0) / 2, 4)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("g.yaml", "a: supported\nb: REFUTES\nc: NOT ENOUGH INFO\nd: mixed\n"),
        (
            "g.jsonl",
            '{"id": "a", "label": "SUPPORTS"}\n{"id": "b", "label": "REFUTES"}\n\n'
            '{"id": "c", "label": "NOT ENOUGH INFO"}\n{"id": "d", "verdict": "mixed"}\n',
        ),
        (
            "g.tsv",
            "id\tlabel\tnote\na\tSUPPORTS\tx\nb\tcontradicted\t\nc\tNOT ENOUGH INFO\t\nd\tmixed\t\n",
        ),
    ],
)
def test_three_shapes_and_fever_labels(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert [(g.id, g.verdict) for g in load_gold(path)] == [
        ("a", "supported"),
        ("b", "contradicted"),
        ("c", "absent"),
        ("d", "mixed"),
    ]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("g.yaml", "a: supported\nb: maybe\n", "g.yaml:2:4: unknown label 'maybe'"),
        ("g.yaml", "a: supported\na: absent\n", "g.yaml:2:1: duplicate id 'a' (first at line 1)"),
        ("g.yaml", "- a\n", "g.yaml:1:1: must map claim ids to verdicts"),
        ("g.yaml", "a: [x\n", "g.yaml:2:1: not valid YAML"),
        ("g.jsonl", '{"id": "a", "label": "SUPPORTS"}\n{"id": \n', "g.jsonl:2:8: not valid JSON"),
        ("g.jsonl", '{"label": "SUPPORTS"}\n', 'g.jsonl:1:1: each line is an object with "id"'),
        ("g.tsv", "id\tverdict\na\tx\n", "g.tsv:1:1: the first line must name the columns"),
        ("g.tsv", "id\tlabel\na\tSUPPORTED!\n", "g.tsv:2:3: unknown label"),
        ("g.txt", "a: supported\n", "g.txt: a gold file ends in .yaml, .jsonl or .tsv"),
    ],
)
def test_bad_gold_files_name_the_place(tmp_path: Path, name: str, text: str, message: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_gold(tmp_path / name)
    assert str(info.value).replace(tmp_path.as_posix() + "/", "").startswith(message)


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_bundled_gold_table(bundled: Path) -> None:
    result = runner.invoke(app, ["eval", "data/gold.yaml"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    head = result.stdout.split("\nverdict")[0]
    assert head == (
        "claimcheck eval data/gold.yaml: 30 claims labelled, accuracy 0.97 (29 of 30), "
        "macro-F1 0.90\n\n"
        "confusion (rows: gold verdict, columns: claimcheck's)\n"
        "                   supported  contradicted         mixed        absent\n"
        "supported                 16             0             0             0\n"
        "contradicted               0             8             1             0\n"
        "mixed                      0             0             1             0\n"
        "absent                     0             0             0             4\n"
    )
    assert "misses (1):\n  investment-ban: gold contradicted, claimcheck mixed\n" in result.stdout
    assert "data/articles/003-juge-bloque-ordonnance-xiaomi.txt:" in result.stdout


def test_bundled_gold_json_and_min_accuracy(bundled: Path) -> None:
    result = runner.invoke(app, ["eval", "data/gold.yaml", "-f", "json", "--min-accuracy", "0.9"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert (doc["claims"], doc["correct"], doc["accuracy"]) == (30, 29, 0.9667)
    assert doc["confusion"]["contradicted"] == {
        "supported": 0,
        "contradicted": 8,
        "mixed": 1,
        "absent": 0,
    }
    assert doc["verdicts"]["mixed"] == {
        "precision": 0.5,
        "recall": 1.0,
        "f1": 0.6667,
        "gold": 1,
        "predicted": 2,
    }
    assert [m["id"] for m in doc["misses"]] == ["investment-ban"]
    below = runner.invoke(app, ["eval", "data/gold.yaml", "--min-accuracy", "0.99"])
    assert below.exit_code == 1
    assert below.stderr.endswith("accuracy 0.9667 is below --min-accuracy 0.99\n")


def test_a_gold_id_that_is_no_claim_is_an_error(bundled: Path) -> None:
    gold = bundled / "g.yaml"
    gold.write_text("trade-ban: contradicted\ntrade-bam: supported\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "g.yaml"])
    assert result.exit_code == 2
    assert result.stderr == "g.yaml:2:1: 'trade-bam' is not a claim of data/claims.yaml\n"
