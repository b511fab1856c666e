"""The semantic tier (--semantic): a claim the words left absent is looked for by meaning too;
the passages closest in meaning are judged by the rules at a lower threshold (paraphrase
matches, capped confidence), else shown as the places to look (`related`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from ..claims import Claim
from ..corpus import Article, Passage, parse_article
from ..engine import RELATED_SHOWN, conclude, describe
from ..matching.found import Findings, findings_of
from ..matching.passages import Corpus
from ..matching.scan import scan
from ..matching.variants import threshold_of
from ..report import ClaimResult, Related
from .plan import Plan
from .request import RunRequest
from .sources import Source
from .waivers import split_waived

# the least cosine similarity of a passage shown: e5 puts unrelated sentences near 0.7, a
# rewording (across French and English too) from about 0.84
MIN_SIMILARITY: Final = 0.8
# the passages closest in meaning that are judged by the rules, at most
JUDGED: Final = 10
# the threshold a passage close in meaning is matched at (below the claim's own, 80 by
# default), and the confidence of a verdict on such matches alone: chosen on the development
# set's tuning half (docs/benchmarks-semantic.md, "Paraphrase matches")
PARAPHRASE_THRESHOLD: Final = 60.0
PARAPHRASE_CONFIDENCE: Final = 70.0


def paraphrases(
    request: RunRequest, planned: Plan, results: tuple[ClaimResult, ...]
) -> tuple[ClaimResult, ...]:
    """The results again, each absent claim judged on the passages closest to it in meaning
    (`judged`); one still absent gets them as its related passages (their score the
    similarity, out of 100), most similar first. A verdict the words decided never changes."""
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
        reading = Reading(
            sources={s.display: s for s in planned.selection.sources},
            dates={path: m.date for path, m in planned.selection.meta.items()},
        )
        for k in absent:
            claim = request.claims.claims[k]
            hits = retrieve(claim.supporting_phrasings, pool.index, store, k=JUDGED)
            close = [
                (pool.passage(h.id), h.similarity) for h in hits if h.similarity >= MIN_SIMILARITY
            ]
            decided = judged(request, planned, reading, claim, [p for p, _ in close])
            if decided is not None:
                out[k] = decided
                continue
            related = tuple(_related(claim, p, sim) for p, sim in close[:RELATED_SHOWN])
            if related:
                out[k] = replace(out[k], related=related)
    finally:
        store.close()
    return tuple(out)


@dataclass(frozen=True, kw_only=True)
class Reading:
    """What judging a claim's passages needs of the run, worked out once: its articles by
    their display path, and their dates; each article parsed once, for every claim it holds
    passages of."""

    sources: Mapping[str, Source]
    dates: Mapping[str, str | None]
    parsed: dict[str, Article] = field(default_factory=dict)

    def article(self, display: str) -> Article:
        found = self.parsed.get(display)
        if found is None:
            found = self.parsed[display] = parse_article(
                self.sources[display].data, display, _silent
            )
        return found


def judged(
    request: RunRequest, planned: Plan, reading: Reading, claim: Claim, passages: list[Passage]
) -> ClaimResult | None:
    """The claim's verdict on these passages of the run (close to it in meaning), matched as
    paraphrases (see paraphrase_findings); None when it stays absent."""
    if not passages:
        return None
    articles = sorted({p.article for p in passages})
    corpus = Corpus([reading.article(a) for a in articles])
    found = paraphrase_findings(
        claim,
        corpus,
        passages,
        subjects=planned.selection.subjects,
        common=planned.selection.common,
        min_score=request.min_score,
    )
    kept, _ = split_waived(claim, found, request.articles)
    result = conclude(
        claim, kept, dates=reading.dates, texts=corpus.text_of, max_evidence=request.max_evidence
    )
    return capped(result)


def paraphrase_findings(
    claim: Claim,
    corpus: Corpus,
    passages: Iterable[Passage],
    *,
    subjects: Sequence[str] = (),
    common: frozenset[str] = frozenset(),
    min_score: float | None = None,
) -> list[Findings]:
    """What the rules find of the claim in these passages of the corpus (those close to it in
    meaning), matched with every check (subject, roles, names, polarity, dates) at
    PARAPHRASE_THRESHOLD (or the claim's own, if lower), the predicate kept or stood in for
    and a word of the subject matched; a figure that differs is no contradiction here."""
    wanted = {(p.article, p.start) for p in passages}
    threshold = min(threshold_of(claim, min_score), PARAPHRASE_THRESHOLD)
    found = scan(claim, corpus, subjects, threshold, None, common, paraphrase=True)
    # only the passages found by meaning, and nothing of a near miss (the claim is absent);
    # no figure compared: in a passage matched this loosely, another figure counts another
    # thing as often as not ("warming over the past 50 years" for "over the past century")
    return [
        findings_of(
            evidence=tuple(
                e for e in f.evidence if (e.article, e.start) in wanted and not e.number_mismatch
            )
        )
        for f in found.values()
    ]


def capped(result: ClaimResult) -> ClaimResult | None:
    """A verdict on paraphrase matches as a report gives it: each quote marked `paraphrase`,
    the confidence PARAPHRASE_CONFIDENCE at most; None for an absent one."""
    if result.verdict == "absent":
        return None
    return replace(
        result,
        confidence=min(result.confidence, PARAPHRASE_CONFIDENCE),
        evidence=tuple(replace(e, paraphrase=True) for e in result.evidence),
        paraphrase=True,
    )


def _related(claim: Claim, passage: Passage, similarity: float) -> Related:
    """A passage close in meaning, with the claim's words it holds and lacks (none, across
    languages), scored by its similarity."""
    described = describe(passage, claim.claim, least=0.0)
    assert described is not None  # with no least share, every passage is described
    return replace(described, score=round(100.0 * similarity, 1), by_meaning=True)


def _silent(message: str) -> None:
    """What is amiss in an article (its front matter, its encoding): the run has said it."""
