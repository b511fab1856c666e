"""The semantic tier (--semantic): a claim the words left absent is looked for by meaning too,
and the passages closest in meaning are shown as the places to look (`related`): the model
finds, it does not judge (see docs/benchmarks.md, "Semantic tier")."""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from ..claims import Claim
from ..corpus import Passage
from ..engine import RELATED_SHOWN, describe
from ..report import ClaimResult, Related
from .plan import Plan
from .request import RunRequest

# the least cosine similarity of a passage shown: e5 puts unrelated sentences near 0.7, a
# rewording (across French and English too) from about 0.84
MIN_SIMILARITY: Final = 0.8


def paraphrases(
    request: RunRequest, planned: Plan, results: tuple[ClaimResult, ...]
) -> tuple[ClaimResult, ...]:
    """The results again, each absent claim with the passages closest to it in meaning as
    its related passages (their score the similarity, out of 100), most similar first.

    Measured on the real-reporting development set, a passage close in meaning that passes
    the rules' checks (the claim's subject, its figures, a word of its own, no negation) is
    the claim's evidence in 46 to 88 % of cases, whatever the threshold: never the 90 % a
    verdict needs. So it stays a place to look, and never counts as evidence."""
    absent = [k for k, r in enumerate(results) if r.verdict == "absent"]
    if not request.semantic or not absent:
        return results
    from ..semantic.model import load
    from ..semantic.pool import Pool
    from ..semantic.retrieve import retrieve
    from ..semantic.vectors import VectorStore

    model = load()  # the extra missing: one line, exit 2
    store = VectorStore(model, request.cache_dir, request.warn)
    out = list(results)
    try:
        # every passage in the matcher's order, the articles seen before read back, not cut
        pool = Pool(planned.selection.sources, store)
        for k in absent:
            claim = request.claims.claims[k]
            hits = retrieve(claim.supporting_phrasings, pool.index, store, k=RELATED_SHOWN)
            related = tuple(
                _related(claim, pool.passage(h.id), h.similarity)
                for h in hits
                if h.similarity >= MIN_SIMILARITY
            )
            if related:
                out[k] = replace(out[k], related=related)
    finally:
        store.close()
    return tuple(out)


def _related(claim: Claim, passage: Passage, similarity: float) -> Related:
    """A passage close in meaning, with the claim's words it holds and lacks (none, across
    languages), scored by its similarity."""
    described = describe(passage, claim.claim, least=0.0)
    assert described is not None  # with no least share, every passage is described
    return replace(described, score=round(100.0 * similarity, 1), by_meaning=True)
