"""Retrieval R@1 and R@10 of the semantic tier (issue #31) against lexical rankings, and its cost.

    python benchmarks/semantic_retrieval.py                  # benchmarks/semantic-pairs/pairs.yaml
    python benchmarks/semantic_retrieval.py --articles DIR…  # more distractor sentences in the pool
    python benchmarks/semantic_retrieval.py --real-prose     # benchmarks/real-prose's claims
    python benchmarks/semantic_retrieval.py --timing         # load time, sentences/s, cold and warm
    python benchmarks/semantic_retrieval.py --climate-fever climate-fever.jsonl [--vectors DIR]

(benchmarks/real-prose's articles are not in git: see its README. Climate-FEVER's file is the
dataset's `dataset/climate-fever.jsonl`, github.com/tdiggelm/climate-fever-dataset: third-party
data, not in this repository; see `climate_fever` below for what is measured on it.)

Each claim ranks every sentence of the pool; R@k is the share of claims with a gold sentence among
the first k. Rankings: rapidfuzz token_set_ratio; BM25 over the matcher's word keys (what
semantic.retrieve pre-selects with); the embedding model's cosine over the whole pool; the same
after the BM25 pre-selection of `--limit` sentences (what semantic.retrieve does); and a hybrid
(reciprocal-rank fusion of BM25 and cosine), over the whole pool and after pre-selection.
Nothing here is tuned on these sets. Needs the 'semantic' extra.
"""

from __future__ import annotations

import argparse
import json
import math
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
from rapidfuzz import fuzz, process, utils

from claimcheck.corpus import read_article
from claimcheck.semantic import model
from claimcheck.semantic.model import Embedder, Matrix
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


def fused(*orders: list[int]) -> dict[int, float]:
    """Reciprocal-rank fusion's score of each id ranked by one of the orders."""
    out: dict[int, float] = {}
    for order in orders:
        for r, i in enumerate(order):
            out[i] = out.get(i, 0.0) + 1 / (RRF_K + 1 + r)
    return out


def rrf(*orders: list[int]) -> list[int]:
    return by_score(fused(*orders))


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


# -- Climate-FEVER -------------------------------------------------------------------------------

# the evidence labels that make a sentence gold; resamples of the bootstrap (seeded)
SETTLING = ("SUPPORTS", "REFUTES")
RESAMPLES = 10_000
# the claims the figure was on: those the dataset itself labels SUPPORTS or REFUTES
LABELLED = "claim SUPPORTS/REFUTES"
LABELS = ("SUPPORTS", "REFUTES", "DISPUTED")

Scores = dict[int, float]


def climate_fever_set(path: Path, pool: Pool) -> tuple[list[Query], list[list[int]]]:
    """Climate-FEVER's claims with at least one evidence sentence labelled SUPPORTS or REFUTES
    (gold: those sentences; group: the claim's own label), and each one's five candidate
    sentences as pool ids. Every evidence sentence of the file joins the pool (the
    NOT_ENOUGH_INFO claims' too), identical sentences once."""
    queries, candidates = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        ids = [pool.add(e["evidence"]) for e in item["evidences"]]
        labels = [e["evidence_label"] for e in item["evidences"]]
        gold = frozenset(i for i, label in zip(ids, labels, strict=True) if label in SETTLING)
        if gold:
            queries.append(Query(text=item["claim"], gold=gold, group=item["claim_label"]))
            candidates.append(list(dict.fromkeys(ids)))
    return queries, candidates


def hit(scores: Scores, gold: frozenset[int], k: int) -> float:
    """Whether a gold id is among the k best scored, ties at the cut counted at their expected
    value in a random order: with m places left for t tied ids, g of them gold,
    1 - C(t - g, m) / C(t, m). An id without a score is not ranked."""
    if len(scores) <= k:
        return float(bool(gold & scores.keys()))
    cut = sorted(scores.values(), reverse=True)[k - 1]
    above = {i for i, s in scores.items() if s > cut}
    if gold & above:
        return 1.0
    tied = [i for i, s in scores.items() if s == cut]
    left, g = k - len(above), len(gold.intersection(tied))
    return 1 - math.comb(len(tied) - g, left) / math.comb(len(tied), left)


def embedded(store: VectorStore, texts: Sequence[str], query: bool) -> tuple[Matrix, str]:
    """The texts' vectors through the store, 256 at a time with progress on stderr; and the
    embedding rate with the 1-minute load averages seen meanwhile (none if all were stored)."""
    np = model.numpy()
    parts, loads, seconds, before = [], [os.getloadavg()[0]], 0.0, store.embedded
    for i in range(0, len(texts), 256):
        started = time.perf_counter()
        parts.append(store.vectors(texts[i : i + 256], "query" if query else "passage"))
        seconds += time.perf_counter() - started
        loads.append(os.getloadavg()[0])
        print(f"  {min(i + 256, len(texts))}/{len(texts)}, load {loads[-1]:.2f}", file=sys.stderr)
    made = store.embedded - before
    rate = f"{made} embedded in {seconds:.0f} s ({made / seconds:.1f}/s)" if made else "all stored"
    return np.concatenate(parts), f"{rate}, load {min(loads):.2f}-{max(loads):.2f}"


def difference(label: str, a: Sequence[float], b: Sequence[float], ids: Sequence[int]) -> None:
    """Prints the mean of a - b over the claims `ids`, and its 95 % percentile bootstrap
    interval (the claims resampled with replacement, RESAMPLES times, seed 0)."""
    np = model.numpy()
    diff = np.asarray([a[i] - b[i] for i in ids], dtype=np.float64)
    rng = np.random.default_rng(0)
    means = np.concatenate(
        [
            diff[rng.integers(0, len(diff), size=(RESAMPLES // 10, len(diff)))].mean(axis=1)
            for _ in range(10)
        ]
    )
    low, high = np.percentile(means, [2.5, 97.5])
    print(f"  {label}: {diff.mean():+.3f} (95 % CI {low:+.3f} to {high:+.3f})")


def climate_fever(path: Path, limit: int, vectors: Path | None) -> None:
    """Two measures on Climate-FEVER. Own five: each claim ranks its five candidate sentences
    (R@1 only; BM25's document frequencies are the pool's, the hybrid is `retrieve.ranked`'s).
    Pool: each claim searches every evidence sentence of the set, R@1 and R@10, over the whole
    pool and after the tier's BM25 pre-selection of `limit`. Both on the claims with a gold
    sentence, and on those of them the dataset labels SUPPORTS or REFUTES."""
    pool = Pool()
    queries, candidates = climate_fever_set(path, pool)
    groups = {
        "all": list(range(len(queries))),
        LABELLED: [i for i, q in enumerate(queries) if q.group in SETTLING],
        **{g: [i for i, q in enumerate(queries) if q.group == g] for g in LABELS},
    }
    print(f"{len(queries)} claims with a gold sentence, pool of {len(pool.texts)} sentences")
    e5: Embedder = model.load()
    store = VectorStore(e5, vectors, lambda m: print(m, file=sys.stderr))
    passages, passages_rate = embedded(store, pool.texts, query=False)
    claims, claims_rate = embedded(store, [q.text for q in queries], query=True)
    store.close()
    print(f"  passages: {passages_rate}; claims: {claims_rate}")

    np = model.numpy()
    index = LexicalIndex([Candidate(id=i, text=t) for i, t in enumerate(pool.texts)])
    processed = [utils.default_process(t) for t in pool.texts]
    token_set = process.cdist(
        [utils.default_process(q.text) for q in queries],
        processed,
        scorer=fuzz.token_set_ratio,
        dtype=np.float64,
    )
    own: dict[str, list[float]] = {}
    found: dict[str, dict[int, list[float]]] = {}
    started = time.perf_counter()
    for qi, q in enumerate(queries):
        lexical = index.best([q.text])
        cosine = similarities(claims[[qi]], passages)
        fuzzy = [float(x) for x in token_set[qi]]
        five = candidates[qi]
        alone = LexicalIndex([Candidate(id=i, text=pool.texts[i]) for i in five]).best([q.text])
        mixed = ranked(
            [Candidate(id=i, text=pool.texts[i]) for i in five],
            [cosine[i] for i in five],
            lexical,
            k=len(five),
            mode="hybrid",
        )
        for name, scores in {
            "random order (expected)": {i: 0.0 for i in five},
            "rapidfuzz token_set_ratio": {i: fuzzy[i] for i in five},
            "BM25 (word keys)": {i: lexical.get(i, 0.0) for i in five},
            "BM25, document frequencies of the five only": {i: alone.get(i, 0.0) for i in five},
            "e5 cosine": {i: cosine[i] for i in five},
            "hybrid (RRF BM25 + e5)": {h.id: h.score for h in mixed},
        }.items():
            own.setdefault(name, []).append(hit(scores, q.gold, 1))

        chosen = preselect(index, [q.text], limit)
        near = [cosine[c.id] for c in chosen]
        everywhere = dict(enumerate(cosine))
        for name, scores in {
            "rapidfuzz token_set_ratio": dict(enumerate(fuzzy)),
            "BM25 (word keys)": lexical,
            "e5 cosine, whole pool": everywhere,
            f"e5 cosine after BM25 top {limit}": {
                h.id: h.score for h in ranked(chosen, near, lexical, k=len(chosen))
            },
            "hybrid (RRF BM25 + e5), whole pool": fused(by_score(lexical), by_score(everywhere)),
            f"hybrid after BM25 top {limit}": {
                h.id: h.score for h in ranked(chosen, near, lexical, k=len(chosen), mode="hybrid")
            },
        }.items():
            for k in KS:
                found.setdefault(name, {}).setdefault(k, []).append(hit(scores, q.gold, k))
    print(f"  ranked in {time.perf_counter() - started:.0f} s")

    def mean(values: list[float], group: str) -> float:
        return sum(values[i] for i in groups[group]) / len(groups[group])

    def ties(values: list[float]) -> int:
        return sum(1 for v in values if 0 < v < 1)

    print("\nOwn five candidates, R@1 (ties at the cut counted at their expected value)")
    print("| ranking | " + " | ".join(f"{g} ({len(ids)})" for g, ids in groups.items()) + " |")
    for name, values in own.items():
        cells = " | ".join(f"{mean(values, g):.3f}" for g in groups)
        print(f"| {name} | {cells} | ({ties(values)} claims decided by a tie)")
    for base in ("rapidfuzz token_set_ratio", "BM25 (word keys)"):
        for name in ("e5 cosine", "hybrid (RRF BM25 + e5)"):
            for g in ("all", LABELLED):
                difference(f"{name} - {base}, {g}", own[name], own[base], groups[g])

    print(f"\nPool of {len(pool.texts)} sentences, R@1 | R@10")
    print("| ranking | " + " | ".join(f"{g} R@1 | {g} R@10" for g in groups) + " |")
    for name, by_k in found.items():
        cells = " | ".join(f"{mean(by_k[1], g):.3f} | {mean(by_k[10], g):.3f}" for g in groups)
        print(f"| {name} | {cells} | ({ties(by_k[1])}, {ties(by_k[10])} decided by a tie)")
    for base in ("rapidfuzz token_set_ratio", "BM25 (word keys)"):
        for name in (f"e5 cosine after BM25 top {limit}", f"hybrid after BM25 top {limit}"):
            for k in KS:
                for g in ("all", LABELLED):
                    label = f"{name} - {base}, R@{k}, {g}"
                    difference(label, found[name][k], found[base][k], groups[g])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real-prose", action="store_true", help="benchmarks/real-prose claims")
    parser.add_argument("--articles", nargs="*", type=Path, default=[], help="more distractors")
    parser.add_argument("--limit", type=int, default=LIMIT, help="sentences embedded per claim")
    parser.add_argument("--timing", action="store_true", help="load, cold and warm times")
    parser.add_argument("--climate-fever", type=Path, help="Climate-FEVER's jsonl file")
    parser.add_argument("--vectors", type=Path, help="vector store folder (--climate-fever)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    if args.climate_fever is not None:
        if args.real_prose or args.articles or args.timing:
            parser.error("--climate-fever is measured on its own pool, alone")
        if not args.climate_fever.is_file():
            sys.exit(f"{args.climate_fever}: not found (see this script's docstring)")
        climate_fever(args.climate_fever, args.limit, args.vectors)
        print(f"  load average before {load_before}, after {os.getloadavg()}")
        return
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
