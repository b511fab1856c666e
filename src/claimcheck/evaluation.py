"""Verdicts against a gold file: confusion matrix, accuracy, precision, recall and F1."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import yamlio
from .errors import InputError, json_error, yaml_error
from .report import ClaimResult

VERDICTS = ("supported", "contradicted", "mixed", "absent")
# FEVER's labels, and the spellings people type
LABELS = {
    "supported": "supported",
    "supports": "supported",
    "contradicted": "contradicted",
    "refutes": "contradicted",
    "refuted": "contradicted",
    "mixed": "mixed",
    "absent": "absent",
    "not enough info": "absent",
    "not_enough_info": "absent",
    "nei": "absent",
}


@dataclass(frozen=True, slots=True)
class GoldLabel:
    """One claim's true verdict, with where the gold file says so."""

    id: str
    verdict: str
    line: int
    column: int


def _label(value: object, path: str, line: int, column: int) -> str:
    text = " ".join(str(value).split()).lower() if isinstance(value, str) else None
    if text is None or text not in LABELS:
        raise InputError(
            path,
            f"unknown label {value!r}: use supported, contradicted, mixed, absent or FEVER's "
            "SUPPORTS, REFUTES, NOT ENOUGH INFO",
            line,
            column,
        )
    return LABELS[text]


def _yaml(text: str, path: str) -> list[GoldLabel]:
    try:
        root = yamlio.compose(text)
    except yaml.YAMLError as exc:
        raise yaml_error(path, exc) from None
    if root is None:
        raise InputError(path, "the gold file is empty")
    if not isinstance(root, yaml.MappingNode):
        m = root.start_mark
        raise InputError(path, "must map claim ids to verdicts", m.line + 1, m.column + 1)
    out = []
    for key, value in root.value:
        k, v = key.start_mark, value.start_mark
        if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode):
            raise InputError(path, "each entry is `id: verdict`", k.line + 1, k.column + 1)
        out.append(
            GoldLabel(key.value, _label(value.value, path, v.line + 1, v.column + 1), k.line + 1, 1)
        )
    return out


def _jsonl(text: str, path: str) -> list[GoldLabel]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as exc:  # ValueError: JSONDecodeError, a huge number
            raise json_error(path, exc, n) from None
        if (
            not isinstance(row, dict)
            or "id" not in row
            or ("label" not in row and "verdict" not in row)
        ):
            raise InputError(path, 'each line is an object with "id" and "label"', n, 1)
        label = row.get("label", row.get("verdict"))
        out.append(GoldLabel(str(row["id"]), _label(label, path, n, 1), n, 1))
    return out


def _tsv(text: str, path: str) -> list[GoldLabel]:
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    if not rows:
        raise InputError(path, "the gold file is empty")
    header = [h.strip().lower() for h in rows[0]]
    if "id" not in header or "label" not in header:
        raise InputError(path, "the first line must name the columns `id` and `label`", 1, 1)
    i, j = header.index("id"), header.index("label")
    out = []
    for n, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(i, j):
            raise InputError(path, f"expected {len(header)} tab-separated columns", n, 1)
        column = sum(len(c) + 1 for c in row[:j]) + 1
        out.append(GoldLabel(row[i].strip(), _label(row[j], path, n, column), n, 1))
    return out


def load_gold(path: Path) -> list[GoldLabel]:
    """A gold file: YAML (`id: verdict`), JSON Lines or TSV (`id` and `label`), by its
    extension. Errors name the file, line and column."""
    display = path.as_posix()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(display, "gold file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(display, f"cannot read the gold file: {exc}") from None
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        labels = _jsonl(text, display)
    elif suffix in (".tsv", ".tab"):
        labels = _tsv(text, display)
    elif suffix in (".yaml", ".yml"):
        labels = _yaml(text, display)
    else:
        raise InputError(display, "a gold file ends in .yaml, .jsonl or .tsv")
    seen: dict[str, int] = {}
    for g in labels:
        if g.id in seen:
            raise InputError(
                display, f"duplicate id {g.id!r} (first at line {seen[g.id]})", g.line, g.column
            )
        seen[g.id] = g.line
    return labels


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 of one verdict (0 where undefined)."""

    verdict: str
    precision: float
    recall: float
    f1: float
    support: int  # gold claims with this verdict
    predicted: int


@dataclass(frozen=True, slots=True)
class Miss:
    """A claim whose verdict is not the gold one, with its strongest quote."""

    id: str
    gold: str
    verdict: str
    quote: str | None
    location: str | None


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A run's verdicts against the gold ones."""

    claims: int
    correct: int
    confusion: tuple[tuple[int, ...], ...]  # rows: gold verdict, columns: predicted, VERDICTS order
    scores: tuple[Score, ...]  # the verdicts that occur in the gold file or the run
    misses: tuple[Miss, ...]
    unlabelled: tuple[str, ...]  # claims of the run with no gold label

    @property
    def accuracy(self) -> float:
        return self.correct / self.claims if self.claims else 0.0

    @property
    def macro_f1(self) -> float:
        return sum(s.f1 for s in self.scores) / len(self.scores) if self.scores else 0.0


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def evaluate(
    results: Sequence[ClaimResult], gold: Sequence[GoldLabel], gold_path: str, claims_path: str
) -> Evaluation:
    """Compare each gold-labelled claim's verdict with its label. A gold id that is not a
    claim is an error (a typo would silently shrink the test set)."""
    by_id: Mapping[str, ClaimResult] = {r.id: r for r in results}
    for g in gold:
        if g.id not in by_id:
            raise InputError(
                gold_path, f"{g.id!r} is not a claim of {claims_path}", g.line, g.column
            )
    index = {v: i for i, v in enumerate(VERDICTS)}
    matrix = [[0] * len(VERDICTS) for _ in VERDICTS]
    misses = []
    for g in gold:
        r = by_id[g.id]
        matrix[index[g.verdict]][index[r.verdict]] += 1
        if r.verdict != g.verdict:
            e = r.evidence[0] if r.evidence else None
            misses.append(
                Miss(
                    g.id,
                    g.verdict,
                    r.verdict,
                    e.quote if e else None,
                    e.location if e else None,
                )
            )
    scores = []
    for v, i in index.items():
        support = sum(matrix[i])
        predicted = sum(row[i] for row in matrix)
        if not support and not predicted:
            continue
        precision = _ratio(matrix[i][i], predicted)
        recall = _ratio(matrix[i][i], support)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(Score(v, precision, recall, f1, support, predicted))
    labelled = {g.id for g in gold}
    return Evaluation(
        claims=len(gold),
        correct=sum(matrix[i][i] for i in range(len(VERDICTS))),
        confusion=tuple(tuple(row) for row in matrix),
        scores=tuple(scores),
        misses=tuple(misses),
        unlabelled=tuple(r.id for r in results if r.id not in labelled),
    )
