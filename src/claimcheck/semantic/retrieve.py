"""The passages closest in meaning to a claim: a cheap lexical pre-selection (BM25 over the
matcher's word keys), then cosine similarity of the survivors' vectors."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from ..matching.words import word_keys
from ..text import word_seq
from .model import Matrix, numpy
from .vectors import VectorStore

# passages embedded per claim at most, by default: ~2 s of a cold model on 2 cores
LIMIT: Final = 100
# BM25's usual constants; RRF's, from Cormack et al. 2009 (fusion by rank, no scale to tune)
K1: Final = 1.5
B: Final = 0.75
RRF_K: Final = 60
Mode = Literal["cosine", "hybrid"]

_NUMBER: Final = re.compile(r"\d+(?:[ .,\u00a0\u202f]\d+)*")


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """A passage that may be retrieved: its id (unique; ties are broken by it) and text."""

    id: int
    text: str


@dataclass(frozen=True, kw_only=True)
class Hit:
    """A retrieved passage: `similarity` the best cosine of its vector with one of the claim's
    texts (-1 to 1; e5's unrelated sentences sit near 0.7), `lexical` its BM25 score, `score`
    what it was ranked by (the similarity, or the fused ranks in hybrid mode)."""

    id: int
    text: str
    score: float
    similarity: float
    lexical: float


def terms(text: str) -> list[str]:
    """What BM25 counts of a text: the matcher's word keys (light words left out, a stem's
    first letters otherwise: "banned" and "ban" meet) and its numbers, separators removed
    (names and figures are what an English claim shares with a French article)."""
    keys = [k for w in word_seq(text) for k in word_keys(w)]
    numbers = ["#" + re.sub(r"\D", "", n) for n in _NUMBER.findall(text)]
    return keys + numbers


class LexicalIndex:
    """BM25 over a fixed list of passages, built once and asked for claim after claim."""

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        self.candidates = tuple(candidates)
        self.by_id = {c.id: c for c in self.candidates}
        if len(self.by_id) != len(self.candidates):
            raise ValueError("candidate ids must be unique")
        self.postings: dict[str, list[tuple[int, int]]] = {}
        self.lengths: dict[int, int] = {}
        for c in self.candidates:
            counts = Counter(terms(c.text))
            self.lengths[c.id] = sum(counts.values())
            for term, n in counts.items():
                self.postings.setdefault(term, []).append((c.id, n))
        self.average = (sum(self.lengths.values()) / len(self.lengths)) if self.lengths else 0.0

    def scores(self, text: str) -> dict[int, float]:
        """BM25 of each passage sharing a term with the text (the others score 0)."""
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

    def best(self, texts: Iterable[str]) -> dict[int, float]:
        """The best BM25 of each passage over several texts (a claim and its phrasings)."""
        out: dict[int, float] = {}
        for text in texts:
            for pid, score in self.scores(text).items():
                if score > out.get(pid, 0.0):
                    out[pid] = score
        return out


def preselect(index: LexicalIndex, texts: Sequence[str], limit: int = LIMIT) -> list[Candidate]:
    """The passages worth embedding for a claim: all of them when there are at most `limit`,
    else the `limit` best by BM25 that share a term with one of its texts (ties by id)."""
    return _preselect(index, index.best(texts), limit)


def _preselect(index: LexicalIndex, scores: dict[int, float], limit: int) -> list[Candidate]:
    if len(index.candidates) <= limit:
        return sorted(index.candidates, key=lambda c: c.id)
    best = sorted(scores, key=lambda pid: (-scores[pid], pid))[:limit]
    return [index.by_id[pid] for pid in sorted(best)]


def similarities(queries: Matrix, passages: Matrix) -> list[float]:
    """Each passage's best cosine with one of the queries (rows L2-normalised), in float64
    without BLAS: a passage's score does not depend on which others are scored with it."""
    np = numpy()
    if len(passages) == 0:
        return []
    products = np.einsum("ij,kj->ik", passages.astype(np.float64), queries.astype(np.float64))
    return [float(x) for x in products.max(axis=1)]


def ranked(
    candidates: Sequence[Candidate],
    similarity: Sequence[float],
    lexical: dict[int, float],
    k: int,
    mode: Mode = "cosine",
) -> tuple[Hit, ...]:
    """The k best candidates, best first, ties by id. "hybrid" fuses the cosine and BM25
    ranks by reciprocal rank (a passage no claim word reaches has no lexical rank)."""
    sims = {c.id: s for c, s in zip(candidates, similarity, strict=True)}
    score = dict(sims)
    if mode == "hybrid":
        by_sim = sorted(sims, key=lambda pid: (-sims[pid], pid))
        reached = [p for p in sims if lexical.get(p, 0.0) > 0]
        by_lex = sorted(reached, key=lambda p: (-lexical[p], p))
        score = {pid: 1 / (RRF_K + 1 + r) for r, pid in enumerate(by_sim)}
        for r, pid in enumerate(by_lex):
            score[pid] += 1 / (RRF_K + 1 + r)
    order = sorted(candidates, key=lambda c: (-score[c.id], c.id))[:k]
    return tuple(
        Hit(
            id=c.id,
            text=c.text,
            score=score[c.id],
            similarity=sims[c.id],
            lexical=lexical.get(c.id, 0.0),
        )
        for c in order
    )


def retrieve(
    texts: Sequence[str],
    index: LexicalIndex,
    store: VectorStore,
    *,
    k: int = 10,
    limit: int = LIMIT,
    mode: Mode = "cosine",
) -> tuple[Hit, ...]:
    """The k passages of the index closest in meaning to a claim's texts (its claim and
    phrasings), of at most `limit` pre-selected and embedded (only those not in the store)."""
    if not texts:
        return ()
    lexical = index.best(texts)
    chosen = _preselect(index, lexical, limit)
    if not chosen:
        return ()
    queries = store.queries(texts)
    passages = store.passages([c.text for c in chosen])
    return ranked(chosen, similarities(queries, passages), lexical, k, mode)
