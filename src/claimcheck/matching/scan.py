"""Matching one claim against the corpus: its phrasings' variants, their candidates, their
alignments, and the checks (subject, polarity, numbers) that make a match a finding."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from ..analysis.about import Aboutness, judge
from ..analysis.names import key_of
from ..claims import Claim
from ..text import words

# Scores below the threshold but at least this high lower an "absent" verdict's confidence.
from .evidence import _denied_after, _evidence
from .found import Close, Findings, Found, close_passage, findings_of
from .passages import Corpus
from .phrasing import Phrasing
from .roles import AGENT, SWAPPED, roles
from .tiers import _alignment, _named
from .variants import _both, _named_before, subjects_of, threshold_of, variants

NEAR_MISS_FLOOR: Final = 50.0
# A passage that holds this share of a phrasing's content words is a place to look.
RELATED_SHARE: Final = 0.5


_new: Final = tuple.__new__
# the aboutness of a match when the claim names no one
_ANYONE: Final = Aboutness(True)


def scan(
    claim: Claim,
    corpus: Corpus,
    subjects: Sequence[str] = (),
    min_score: float | None = None,
    only: frozenset[str] | None = None,
    common: frozenset[str] = frozenset(),
    paraphrase: bool = False,
) -> dict[str, Findings]:
    """Match every phrasing of a claim against the corpus; findings per article path.
    `paraphrase`: the passages are close to the claim in meaning (see tiers._alignment).

    Articles are independent of each other here, which is what lets a cache keep findings
    per article and claim."""
    threshold = threshold_of(claim, min_score)
    best: dict[int, Found] = {}
    last: dict[int, int] = {}  # the last matched token of each passage's evidence
    near: dict[str, float] = {}
    who = subjects_of(claim)
    known = frozenset(w for name in subjects for w in key_of(words(name)))
    close: dict[int, float] = {}  # passage -> its share of the claim's own content words
    own_phrasings: list[Phrasing] = []
    within: Callable[[int], bool] | None = None
    if only is not None:
        numbers = {n for n, a in enumerate(corpus.articles) if a.path in only}
        article_no = corpus.article_no
        within = lambda pid: article_no[pid] in numbers  # noqa: E731
    for v in variants(claim):
        phrasing = v.phrasing
        named = _named_before(corpus, v, who) if v.by_reference and not claim.about else None
        # a reference back needs the subject named before it
        keep = _both(named, within)
        # the closest passages are looked for with the claim's own words only
        own = phrasing.text == claim.claim and not v.by_reference
        candidates = corpus.index.candidates(phrasing, threshold, keep)
        if own:
            own_phrasings.append(phrasing)
        # claims about one story share phrasings: each one's alignments are worked out once
        # per passage (they depend on the phrasing, the passage and the threshold only)
        memo = corpus.alignments.setdefault(
            (phrasing.text, phrasing.terms, threshold, v.by_reference, paraphrase), {}
        )
        for pid in candidates:
            if pid in memo:
                al, reordered = memo[pid]
            else:
                al, reordered = memo[pid] = _alignment(
                    corpus, pid, phrasing, threshold, v, known, paraphrase
                )
            if al is None:
                continue
            article = corpus.passages[pid].article
            if al.score < threshold:
                if al.score >= NEAR_MISS_FLOOR:
                    near[article] = max(near.get(article, 0.0), al.score)
                continue
            matched = [idx for _, idx in al.pairs]
            anchors = [idx for i, idx in al.pairs if phrasing.terms[i].weight >= 1.0]
            about = _ANYONE
            passage = corpus.passages[pid]
            swapped = roles(phrasing, passage.tokens, al.pairs, passage.text) in (SWAPPED, AGENT)
            if swapped:
                # the subject stands as the passive's agent or the active's object: the
                # clause's own subject is the other party ("The FAA grounded the jets")
                about = _named(v)
            elif who.entities or who.about:
                found, index = corpus.article_subjects(pid, known)
                about = judge(found, index, matched, anchors, who, v.subject)
                if not about.ok:
                    continue
            ev = _evidence(
                corpus.passages[pid],
                phrasing,
                v.which,
                v.side,
                corpus,
                pid,
                al.pairs,
                al.score,
                al.number_mismatch,
                about,
            )
            if ev is None:
                continue
            if v.opposite is not None:
                tokens = corpus.passages[pid].tokens
                turned = {tokens[j].text for i, j in al.pairs if phrasing.terms[i].text == v.turned}
                if not turned:
                    continue  # the opposite word left out: the passage says neither
                if ev.negated != phrasing.negated:
                    if not (ev.negated and turned and set(ev.cues) <= turned):
                        continue  # "n'a pas rejeté" says neither "rejeté" nor "validé"
                    # the opposite word is a negative one itself ("rejected"): no negation
                    ev = ev._replace(stance=v.side, negated=False)
                ev = ev._replace(cues=(*ev.cues, v.opposite))
            if reordered:
                ev = ev._replace(reordered=True)
            old = best.get(pid)
            if old is None or (ev.weight, ev.score) > (old.weight, old.score):
                best[pid] = ev
                last[pid] = max(matched)
    if not best:
        # closest passages matter only to a claim without evidence: one with evidence here
        # has it in the whole archive (the pipeline rescans a claim that loses it all)
        for phrasing in own_phrasings:
            near_hits, content = corpus.index.closest(phrasing, RELATED_SHARE, common, within)
            for pid, n in near_hits.items():
                close[pid] = n / content
    per_article: dict[str, list[Found]] = {}
    for pid, ev in best.items():
        per_article.setdefault(ev.article, []).append(ev)
        denial = _denied_after(corpus, pid, last[pid], ev)
        if denial is not None:
            per_article[ev.article].append(denial)
    # the closest passage of each article that holds no evidence (by the index's count)
    top: dict[str, tuple[float, int]] = {}
    for pid, share in close.items():
        article = corpus.passages[pid].article
        if article not in per_article and (share, -pid) > top.get(article, (0.0, 0)):
            top[article] = (share, -pid)
    closest: dict[str, tuple[Close, ...]] = {}
    for article, (share, neg) in top.items():
        passage = corpus.passages[-neg]
        closest[article] = (
            close_passage(
                article=article,
                line=passage.line,
                column=passage.column,
                share=share,
                phrasing=claim.claim,
                start=passage.start,
                end=passage.end,
            ),
        )
    return {
        path: findings_of(
            evidence=tuple(per_article.get(path, ())),
            near_miss=near.get(path, 0.0),
            close=closest.get(path, ()),
        )
        for path in sorted(set(per_article) | set(near) | set(closest))
    }
