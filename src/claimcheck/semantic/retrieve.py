"""The passages closest in meaning to a claim: a cheap lexical pre-selection (BM25 over the
matcher's word keys), then cosine similarity of the survivors' vectors."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

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
_NOT_DIGIT: Final = re.compile(r"\D")


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
    numbers = ["#" + _NOT_DIGIT.sub("", n) for n in _NUMBER.findall(text)]
    return keys + numbers


@dataclass(frozen=True, eq=False)
class Terms:
    """The terms of a few passages in a row (an article's) as numbers, what an index is made
    of: each occurrence's passage (`rows`, from 0) and term (`ids`, in `vocabulary`), numpy
    arrays of integers."""

    vocabulary: tuple[str, ...]
    rows: Any
    ids: Any
    passages: int


def terms_of(groups: Sequence[Sequence[str]]) -> list[Terms]:
    """What `terms` makes of each text, as numbers, a group of texts (an article's) at a time;
    worked out for all the groups at once."""
    np = numpy()
    vocabulary: dict[str, int] = {}
    rows, ids = _term_ids(list(itertools.chain.from_iterable(groups)), vocabulary)
    order = np.argsort(rows, kind="stable")
    rows, ids = rows[order], ids[order]
    words = list(vocabulary)
    first = np.cumsum([0, *(len(g) for g in groups)])  # each group's first row
    at = np.searchsorted(rows, first).tolist()  # and its first occurrence
    out = []
    for g, texts in enumerate(groups):
        a, b = at[g], at[g + 1]
        own, local = np.unique(ids[a:b], return_inverse=True)
        vocabulary_of = tuple(words[k] for k in own.tolist())
        own_rows = (rows[a:b] - first[g]).astype(np.int32)
        out.append(Terms(vocabulary=vocabulary_of, rows=own_rows, ids=local, passages=len(texts)))
    return out


class LexicalIndex:
    """BM25 over a fixed list of passages, built once and asked for claim after claim.

    Its postings are numpy arrays (a term's rows in order, and how often each holds it), so
    that a text is scored by a few array operations per term of it, not a step per posting.
    The sums are the plain formula's, term after term in the text's order: the scores, and
    the passages chosen, are the same to the last bit (tests/test_semantic.py compares them
    with a plain implementation). `terms`, when given, are the candidates' terms worked out
    earlier (terms_of), group after group in the candidates' order."""

    def __init__(
        self, candidates: Sequence[Candidate], terms: Sequence[Terms] | None = None
    ) -> None:
        ids = [c.id for c in candidates]
        if len(set(ids)) != len(ids):
            raise ValueError("candidate ids must be unique")
        self._build([c.text for c in candidates], ids, terms)

    @classmethod
    def of_texts(cls, texts: Sequence[str], terms: Sequence[Terms] | None = None) -> LexicalIndex:
        """An index of these texts, each a candidate whose id is its position (made only
        when it is chosen)."""
        index = cls.__new__(cls)
        index._build(texts, None, terms)
        return index

    def _build(
        self, texts: Sequence[str], ids: list[int] | None, terms: Sequence[Terms] | None
    ) -> None:
        np = numpy()
        n = self.size = len(texts)
        self.texts = texts
        self.ids = np.array(ids, dtype=np.int64) if ids is not None else np.arange(n)
        self.vocabulary: dict[str, int] = {}
        if terms is None:
            rows, term_ids = _term_ids(texts, self.vocabulary)
        else:
            rows, term_ids = _merged(terms, self.vocabulary, n)
        lengths = np.bincount(rows, minlength=n)
        # (term, row) pairs sorted and counted: each term's postings, its rows in order
        term_ids *= max(n, 1)
        term_ids += rows
        del rows
        pairs, tf = np.unique(term_ids, return_counts=True)
        del term_ids
        self.rows = pairs % max(n, 1)
        self.tf = tf.astype(np.float64)
        self.starts = np.searchsorted(pairs // max(n, 1), np.arange(len(self.vocabulary) + 1))
        self.average = (int(lengths.sum()) / n) if n else 0.0
        # BM25's length normalisation of each passage, as the formula spells it
        self.norm = K1 * (1 - B + B * lengths.astype(np.float64) / (self.average or 1.0))
        self.weights: dict[int, Any] = {}  # term -> its postings' BM25 terms, on first use

    def candidate(self, row: int) -> Candidate:
        return Candidate(id=int(self.ids[row]), text=self.texts[row])

    def _posting(self, term: str) -> tuple[Any, Any] | None:
        """A term's rows and what it adds to each of their scores."""
        t = self.vocabulary.get(term)
        if t is None:
            return None
        a, b = int(self.starts[t]), int(self.starts[t + 1])
        weight = self.weights.get(t)
        if weight is None:
            n, df = self.size, b - a
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            tf = self.tf[a:b]
            weight = self.weights[t] = idf * tf * (K1 + 1) / (tf + self.norm[self.rows[a:b]])
        return self.rows[a:b], weight

    def _scores(self, text: str) -> Any:
        """BM25 of every passage (0 for those sharing no term with the text), by row: the
        terms' shares added in the text's order, as a dictionary summing them would."""
        np = numpy()
        out = np.zeros(self.size, dtype=np.float64)
        for term in dict.fromkeys(terms(text)):
            posting = self._posting(term)
            if posting is not None:
                rows, weight = posting
                out[rows] += weight  # a term's rows are distinct: one addition each
        return out

    def _best(self, texts: Iterable[str]) -> Any:
        np = numpy()
        out = np.zeros(self.size, dtype=np.float64)
        for text in texts:
            np.maximum(out, self._scores(text), out=out)
        return out

    def _by_id(self, scores: Any) -> dict[int, float]:
        np = numpy()
        reached = np.flatnonzero(scores > 0)  # every shared term adds more than 0
        return dict(zip(self.ids[reached].tolist(), scores[reached].tolist(), strict=True))

    def scores(self, text: str) -> dict[int, float]:
        """BM25 of each passage sharing a term with the text (the others score 0)."""
        return self._by_id(self._scores(text))

    def best(self, texts: Iterable[str]) -> dict[int, float]:
        """The best BM25 of each passage over several texts (a claim and its phrasings)."""
        return self._by_id(self._best(texts))

    def select(self, texts: Iterable[str], limit: int) -> tuple[list[Candidate], dict[int, float]]:
        """preselect's passages, with the BM25 of those among them that share a term with
        one of the texts."""
        np = numpy()
        best = self._best(texts)
        if self.size <= limit:
            chosen = np.arange(self.size)
        else:
            reached = np.flatnonzero(best > 0)
            if len(reached) > limit:
                # the `limit` best by (-score, id): those above the limit-th score, then the
                # lowest ids of those tied with it
                score = best[reached]
                kth = np.partition(score, len(reached) - limit)[len(reached) - limit]
                above = reached[score > kth]
                tied = reached[score == kth]
                tied = tied[np.argsort(self.ids[tied], kind="stable")][: limit - len(above)]
                reached = np.concatenate([above, tied])
            chosen = reached
        chosen = chosen[np.argsort(self.ids[chosen], kind="stable")]
        lexical = {int(self.ids[r]): float(best[r]) for r in chosen.tolist() if best[r] > 0}
        return [self.candidate(r) for r in chosen.tolist()], lexical


def _term_ids(texts: Sequence[str], vocabulary: dict[str, int]) -> tuple[Any, Any]:
    """Every term of every text as numbers, what `terms` makes of each text (in another order
    within a text): the row and the term id of each occurrence. A word's keys are worked out
    once; numbers are found in one pass over the texts joined by newlines (a number cannot
    span one)."""
    np = numpy()
    words: list[str] = []
    counts: list[int] = []
    for text in texts:
        seq = word_seq(text)
        words += seq
        counts.append(len(seq))
    # a word's first key (-1: none), and the others of the rare word that has several
    first: dict[str, int] = {}
    more: dict[str, list[int]] = {}
    for w in set(words):
        ids = [vocabulary.setdefault(k, len(vocabulary)) for k in word_keys(w)]
        first[w] = ids[0] if ids else -1
        if len(ids) > 1:
            more[w] = ids[1:]
    word_rows = np.repeat(np.arange(len(texts), dtype=np.int64), counts)
    word_ids = np.fromiter(map(first.__getitem__, words), dtype=np.int64, count=len(words))
    keyed = word_ids >= 0
    rows, ids = [word_rows[keyed]], [word_ids[keyed]]
    if more:
        at = [i for i, w in enumerate(words) if w in more]
        for i in at:
            rows.append(np.full(len(more[words[i]]), word_rows[i], dtype=np.int64))
            ids.append(np.array(more[words[i]], dtype=np.int64))
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]], dtype=np.int64)
    found: list[int] = []
    number_ids: list[int] = []
    for m in _NUMBER.finditer("\n".join(texts)):
        found.append(m.start())
        number_ids.append(vocabulary.setdefault("#" + _NOT_DIGIT.sub("", m[0]), len(vocabulary)))
    rows.append(np.searchsorted(starts, np.array(found, dtype=np.int64), side="right") - 1)
    ids.append(np.array(number_ids, dtype=np.int64))
    return np.concatenate(rows).astype(np.int64), np.concatenate(ids)


def _merged(groups: Sequence[Terms], vocabulary: dict[str, int], n: int) -> tuple[Any, Any]:
    """The rows and term ids of groups of terms, one after the other, in one vocabulary (made
    here: the groups' terms in the order they first come)."""
    np = numpy()
    words = list(itertools.chain.from_iterable(g.vocabulary for g in groups))
    vocabulary.update((t, k) for k, t in enumerate(dict.fromkeys(words)))
    of_word = np.fromiter(map(vocabulary.__getitem__, words), dtype=np.int64, count=len(words))
    sizes = [len(g.ids) for g in groups]
    passages = np.array([g.passages for g in groups], dtype=np.int64)
    if int(passages.sum()) != n:
        raise ValueError(f"terms of {int(passages.sum())} passages for {n} candidates")
    # each group's rows after those of the groups before it, its words after theirs
    first_row = np.repeat(np.cumsum(passages) - passages, sizes)
    counts = np.array([len(g.vocabulary) for g in groups], dtype=np.int64)
    first_word = np.repeat(np.cumsum(counts) - counts, sizes)
    empty = [np.zeros(0, dtype=np.int64)]
    rows = np.concatenate(empty + [g.rows for g in groups], dtype=np.int64)
    rows += first_row
    del first_row
    local = np.concatenate(empty + [g.ids for g in groups], dtype=np.int64)
    local += first_word
    del first_word
    return rows, of_word[local]


def preselect(index: LexicalIndex, texts: Sequence[str], limit: int = LIMIT) -> list[Candidate]:
    """The passages worth embedding for a claim: all of them when there are at most `limit`,
    else the `limit` best by BM25 that share a term with one of its texts (ties by id)."""
    return index.select(texts, limit)[0]


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
    chosen, lexical = index.select(texts, limit)
    if not chosen:
        return ()
    queries = store.queries(texts)
    passages = store.passages([c.text for c in chosen])
    return ranked(chosen, similarities(queries, passages), lexical, k, mode)
