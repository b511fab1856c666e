"""Retrieval R@1 and R@10 of the semantic tier (issue #31) against lexical rankings, and its cost.

    python benchmarks/semantic_retrieval.py                  # benchmarks/semantic-pairs/pairs.yaml
    python benchmarks/semantic_retrieval.py --articles DIR…  # more distractor sentences in the pool
    python benchmarks/semantic_retrieval.py --real-prose     # benchmarks/real-prose's claims
    python benchmarks/semantic_retrieval.py --timing         # load time, sentences/s, cold and warm

(benchmarks/real-prose's articles are not in git: see its README.)

Each claim ranks every sentence of the pool; R@k is the share of claims with a gold sentence among
the first k. Rankings: rapidfuzz token_set_ratio; BM25 over the matcher's word keys (what
semantic.retrieve pre-selects with); the embedding model's cosine over the whole pool; the same
after the BM25 pre-selection of `--limit` sentences (what semantic.retrieve does); and a hybrid
(reciprocal-rank fusion of BM25 and cosine), over the whole pool and after pre-selection.
Nothing here is tuned on these sets. Needs the 'semantic' extra.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz, utils

from claimcheck.corpus import read_article
from claimcheck.semantic import model
from claimcheck.semantic.retrieve import (
    LIMIT,
    RRF_K,
    Candidate,
    LexicalIndex,
    Mode,
    preselect,
    ranked,
    retrieve,
    similarities,
)
from claimcheck.semantic.vectors import VectorStore

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "benchmarks" / "semantic-pairs" / "pairs.yaml"
REAL_PROSE = ROOT / "benchmarks" / "real-prose"
# the project's own bundled articles (in git): distractors in every pool
BUNDLED = ROOT / "data" / "articles"
KS = (1, 10)


@dataclass
class Query:
    """A claim, the ids of the pool sentences that settle it, and a group for the breakdown."""

    text: str
    gold: frozenset[int]
    group: str


@dataclass
class Pool:
    texts: list[str] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)  # normalised text -> id

    def add(self, text: str) -> int:
        key = " ".join(text.split())
        if key not in self.ids:
            self.ids[key] = len(self.texts)
            self.texts.append(key)
        return self.ids[key]


def sentences_of(folder: Path) -> list[tuple[str, str]]:
    """(file name, sentence) of every article of a folder, as claimcheck splits them."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        article = read_article(path, path.name, lambda m: None)
        if article is not None:
            out += [(path.name, p.quote) for p in article.passages]
    return out


def pairs_set(pool: Pool) -> list[Query]:
    data = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))
    langs = {name: s["lang"] for name, s in data["sources"].items()}
    ids = {s["id"]: pool.add(s["text"]) for s in data["sentences"]}
    return [
        Query(
            text=p["claim"],
            gold=frozenset([ids[p["evidence"]]]),
            group=f"{p['lang']}->{langs[p['evidence'].split('#')[0]]}",
        )
        for p in data["pairs"]
    ]


_QUOTE = re.compile(r"([\w.-]+\.txt): '(.+?)'(?=;|$|\s\(|\)|,)")


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold()


def real_prose_set(pool: Pool) -> list[Query]:
    """The claims of benchmarks/real-prose that a note ties to a quoted sentence (supported
    and contradicted ones); gold: the sentences of that file holding the quote (or held by it)."""
    queries = []
    for half in ("a", "b"):
        folder = REAL_PROSE / half / "articles"
        if not folder.is_dir():
            sys.exit(f"{folder}: missing (the articles are not in git: see its README)")
        by_file: dict[str, list[int]] = {}
        for name, text in sentences_of(folder):
            by_file.setdefault(name, []).append(pool.add(text))
        claims = yaml.safe_load((REAL_PROSE / half / "claims.yaml").read_text(encoding="utf-8"))
        for claim in claims["claims"]:
            if claim["expect"] not in ("supported", "contradicted"):
                continue
            gold = set()
            for name, quote in _QUOTE.findall(claim.get("note", "")):
                q = _norm(quote).rstrip(".")
                for sid in by_file.get(name, []):
                    s = _norm(pool.texts[sid])
                    if q in s or (len(s) > 20 and s.rstrip(".") in q):
                        gold.add(sid)
            if gold:
                queries.append(Query(text=claim["claim"], gold=frozenset(gold), group=half))
    return queries


Ranking = Callable[[Query], list[int]]


def recall(queries: Sequence[Query], rank: Ranking) -> dict[str, dict[int, float]]:
    """R@k per group and over all, for each k of KS."""
    hits: dict[str, list[list[bool]]] = {}
    for q in queries:
        order = rank(q)
        row = [bool(q.gold & set(order[:k])) for k in KS]
        hits.setdefault(q.group, []).append(row)
        hits.setdefault("all", []).append(row)
    return {
        group: {k: sum(r[i] for r in rows) / len(rows) for i, k in enumerate(KS)}
        for group, rows in sorted(hits.items())
    }


def by_score(scores: dict[int, float]) -> list[int]:
    return sorted(scores, key=lambda i: (-scores[i], i))


def rrf(*orders: list[int]) -> list[int]:
    fused: dict[int, float] = {}
    for order in orders:
        for r, i in enumerate(order):
            fused[i] = fused.get(i, 0.0) + 1 / (RRF_K + 1 + r)
    return by_score(fused)


def evaluate(pool: Pool, queries: Sequence[Query], limit: int) -> dict[str, object]:
    e5 = model.load()
    np = model.numpy()
    cands = [Candidate(id=i, text=t) for i, t in enumerate(pool.texts)]
    index = LexicalIndex(cands)
    processed = [utils.default_process(t) for t in pool.texts]
    started = time.perf_counter()
    passages = e5.passages(pool.texts)
    embed_s = time.perf_counter() - started
    symmetric = e5.queries(pool.texts)
    claims = e5.queries([q.text for q in queries])
    by_text = {q.text: i for i, q in enumerate(queries)}

    def cosine(q: Query, vectors: object = passages) -> list[int]:
        sims = np.einsum("ij,j->i", vectors, claims[by_text[q.text]])
        return by_score({i: float(s) for i, s in enumerate(sims)})

    def token_set(q: Query) -> list[int]:
        claim = utils.default_process(q.text)
        return by_score({i: fuzz.token_set_ratio(claim, t) for i, t in enumerate(processed)})

    def bm25(q: Query) -> list[int]:
        return by_score(index.best([q.text]))

    def preselected(mode: Mode) -> Ranking:
        def rank(q: Query) -> list[int]:
            chosen = preselect(index, [q.text], limit)
            rows = passages[[c.id for c in chosen]] if chosen else passages[:0]
            sims = similarities(claims[[by_text[q.text]]], rows)
            hits = ranked(chosen, sims, index.best([q.text]), k=10, mode=mode)
            return [h.id for h in hits]

        return rank

    rankings: dict[str, Ranking] = {
        "rapidfuzz token_set_ratio": token_set,
        "BM25 (word keys)": bm25,
        "e5 cosine, whole pool": cosine,
        "e5 cosine, query prefix on both sides": lambda q: cosine(q, symmetric),
        f"e5 cosine after BM25 top {limit}": preselected("cosine"),
        "hybrid (RRF BM25 + e5), whole pool": lambda q: rrf(bm25(q), cosine(q)),
        f"hybrid after BM25 top {limit}": preselected("hybrid"),
    }
    return {
        "pool": len(pool.texts),
        "queries": len(queries),
        "embed_rate": len(pool.texts) / embed_s,
        "results": {name: recall(queries, rank) for name, rank in rankings.items()},
    }


def timing(pool: Pool, queries: Sequence[Query], limit: int) -> dict[str, float]:
    """Model load, then a cold and a warm pass of semantic.retrieve over every claim."""
    started = time.perf_counter()
    e5 = model.load()
    loaded = time.perf_counter() - started
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    index = LexicalIndex([Candidate(id=i, text=t) for i, t in enumerate(pool.texts)])
    out = {"load_s": loaded, "rss_after_load_mb": rss_loaded}
    with tempfile.TemporaryDirectory() as folder:
        for run in ("cold", "warm"):
            store = VectorStore(e5, Path(folder), lambda m: print(m, file=sys.stderr))
            started = time.perf_counter()
            for q in queries:
                retrieve([q.text], index, store, k=10, limit=limit)
            out[f"{run}_s"] = time.perf_counter() - started
            out[f"{run}_embedded"] = store.embedded
            store.close()
    out["cold_sentences_per_s"] = out["cold_embedded"] / out["cold_s"]
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real-prose", action="store_true", help="benchmarks/real-prose claims")
    parser.add_argument("--articles", nargs="*", type=Path, default=[], help="more distractors")
    parser.add_argument("--limit", type=int, default=LIMIT, help="sentences embedded per claim")
    parser.add_argument("--timing", action="store_true", help="load, cold and warm times")
    args = parser.parse_args()
    load_before = os.getloadavg()
    pool = Pool()
    queries = real_prose_set(pool) if args.real_prose else pairs_set(pool)
    for folder in [BUNDLED, *args.articles]:
        for _, text in sentences_of(folder):
            pool.add(text)
    print(f"{len(queries)} claims, pool of {len(pool.texts)} sentences, limit {args.limit}")
    if args.timing:
        figures = timing(pool, queries, args.limit)
        for key, value in figures.items():
            print(f"  {key}: {value:.2f}")
    else:
        figures_ = evaluate(pool, queries, args.limit)
        print(f"  embedding: {figures_['embed_rate']:.1f} sentences/s (whole pool, batches of 64)")
        results = figures_["results"]
        assert isinstance(results, dict)
        groups = list(next(iter(results.values())))
        print("| ranking | " + " | ".join(f"{g} R@1 | {g} R@10" for g in groups) + " |")
        for name, by_group in results.items():
            cells = " | ".join(f"{by_group[g][1]:.3f} | {by_group[g][10]:.3f}" for g in groups)
            print(f"| {name} | {cells} |")
        counts = {g: sum(1 for q in queries if q.group == g) for g in groups if g != "all"}
        print(f"  claims per group: {counts}")
    print(f"  load average before {load_before}, after {os.getloadavg()}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
