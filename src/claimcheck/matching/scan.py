"""Matching one claim against the corpus: its phrasings' variants, their candidates, their
alignments, and the checks (subject, polarity, numbers) that make a match a finding."""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ..analysis.about import Aboutness, ClaimSubjects, PhrasingSubject, claim_subjects, judge
from ..analysis.cue_types import SentenceCues
from ..analysis.names import GENERIC, key_of
from ..analysis.scope import analyse
from ..claims import Claim
from ..corpus import Passage
from ..report import Stance
from ..text import Token, words
from .align import Alignment, align, cover, reorder, verbs_as_nouns
from .found import Close, Findings, Found, close_passage, findings_of, found
from .passages import Corpus
from .phrasing import Phrasing, prepare
from .prefilter import EVERY_WORD, IN_ORDER, SOME_WORDS, may_reach
from .roles import BROKEN, SWAPPED, roles

# Scores below the threshold but at least this high lower an "absent" verdict's confidence.
NEAR_MISS_FLOOR: Final = 50.0
# A passage that holds this share of a phrasing's content words is a place to look.
RELATED_SHARE: Final = 0.5


_new: Final = tuple.__new__
# the aboutness of a match when the claim names no one
_ANYONE: Final = Aboutness(True)


def _evidence(
    passage: Passage,
    phrasing: Phrasing,
    which: int,
    side: Stance,
    corpus: Corpus,
    pid: int,
    pairs: Sequence[tuple[int, int]],
    score: float,
    mismatch: bool,
    about: Aboutness,
) -> Found | None:
    matched = [idx for _, idx in pairs]
    # the clause is where the content words matched: a light word ("a", "de") matched inside
    # a relative clause must not pull that clause's negation in
    anchors = [idx for i, idx in pairs if phrasing.terms[i].weight >= 1.0]
    tokens = passage.tokens
    pol = analyse(tokens, corpus.cues(pid), matched, anchors)
    stance: Stance = side
    if pol.negated != phrasing.negated:
        stance = "contradicts" if side == "supports" else "supports"
    if mismatch:
        if side == "contradicts" or not _same_event(phrasing, tokens, pairs):
            return None  # a wrong number in a contradicting phrasing proves nothing
        stance = "contradicts"
    return found(
        stance=stance,
        score=score,
        article=passage.article,
        line=passage.line,
        column=passage.column,
        start=passage.start,
        end=passage.end,
        phrasing=which,
        negated=pol.negated,
        hedged=pol.hedged,
        attributed_to=pol.attributed_to,
        number_mismatch=mismatch,
        denied=pol.denied,
        cues=pol.cues,
        spans=_flat_spans(tokens, matched),
        subject=about.subject,
        resolved_from=about.resolved_from,
        reordered=False,
    )


def _same_event(
    phrasing: Phrasing, tokens: Sequence[Token], pairs: Sequence[tuple[int, int]]
) -> bool:
    """A different figure contradicts only where the passage tells of the same thing: with
    one figure, any; with several ("fined 746 million euros in 2021"), every one found and
    one of them equal, or the passage may tell of another fine, another year."""
    numbers = [i for i, t in enumerate(phrasing.terms) if t.number]
    if len(numbers) < 2:
        return True
    paired = {i: tokens[j].text for i, j in pairs if phrasing.terms[i].number}
    if len(paired) < len(numbers):
        return False
    return any(paired[i] == phrasing.terms[i].text for i in numbers)


def _denied_after(corpus: Corpus, pid: int, last: int, ev: Found) -> Found | None:
    """The same evidence denied by the words after it: ", ce que X dément" in its sentence,
    or a next sentence that only denies it ("Une accusation que le principal intéressé
    réfute."). The article reports both the statement and the denial."""
    if ev.denied or ev.number_mismatch:
        return None
    passage = corpus.passages[pid]
    own = corpus.cues(pid).denial_back
    end = ev.end
    if own is not None and own.start > last:
        back = own
    else:
        nxt = pid + 1
        if nxt >= len(corpus.passages) or corpus.passages[nxt].article != passage.article:
            return None
        after = corpus.denial_back(nxt)
        if after is None or after.start != 0:
            return None
        back = after
        end = corpus.passages[nxt].end  # the quote runs on to the denial
    return ev._replace(
        stance="contradicts" if ev.stance == "supports" else "supports",
        end=end,
        denied=True,
        attributed_to=back.source,
        cues=(*ev.cues, back.cue),
    )


def _flat_spans(tokens: Sequence[Token], matched: Sequence[int]) -> tuple[int, ...]:
    """The matched tokens' (start, end) offsets, one after the other."""
    flat: list[int] = []
    for i in sorted(matched):
        token = tokens[i]
        flat.append(token.start)
        flat.append(token.end)
    return tuple(flat)


def threshold_of(claim: Claim, min_score: float | None) -> float:
    return claim.min_score if min_score is None else min_score


@dataclass(frozen=True, slots=True)
class Variant:
    """A prepared phrasing of a claim, and whom it must be about."""

    side: Stance
    phrasing: Phrasing
    subject: PhrasingSubject
    by_reference: bool  # the subject's words left out, for passages that refer back to it
    which: int = 0  # its place among the claim's phrasings (supports, then contradicts)

    def __init__(
        self,
        side: Stance,
        phrasing: Phrasing,
        subject: PhrasingSubject,
        by_reference: bool,
        which: int = 0,
    ) -> None:
        object.__setattr__(self, "side", side)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "phrasing", phrasing)
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "by_reference", by_reference)
        object.__setattr__(self, "which", which)


def common_keys(claims: Sequence[Claim]) -> frozenset[str]:
    """The words that many claims share (their index keys): a claims file about one story
    names its companies and places in most claims, and a passage that holds them only is
    not close to any one claim."""
    counts: Counter[str] = Counter()
    for claim in claims:
        counts.update({keys[0] for keys in prepare(claim.claim).keys if keys})
    floor = max(3, math.ceil(0.05 * len(claims)))
    return frozenset(k for k, n in counts.items() if n >= floor)


def own_common(claim: Claim, common: frozenset[str]) -> tuple[str, ...]:
    """The claim's own words among the common ones: what its closest passages depend on."""
    return tuple(sorted({keys[0] for keys in prepare(claim.claim).keys if keys} & common))


@lru_cache(maxsize=4096)
def subjects_of(claim: Claim) -> ClaimSubjects:
    texts = (claim.claim, *claim.aliases, *claim.supports, *claim.contradicts)
    return claim_subjects(texts, claim.about)


@lru_cache(maxsize=4096)
def variants(claim: Claim) -> tuple[Variant, ...]:
    """Every prepared phrasing of a claim, and whom it must be about.

    A passage that refers back to the subject ("l'entreprise") does not name it, so a
    phrasing whose subject is a named entity also has a variant without the entity's words."""
    who = subjects_of(claim)
    out: list[Variant] = []
    sides: list[tuple[Stance, Sequence[str]]] = [
        ("supports", claim.supporting_phrasings),
        ("contradicts", claim.contradicts),
    ]
    which = 0
    for side, texts in sides:
        for text in texts:
            full = prepare(text)
            subject = who.phrasing(text)
            out.append(Variant(side, full, subject, False, which))
            if subject.mode == "entity" and subject.subject is not None:
                reduced = prepare(text, subject.subject[1])
                content = sum(1 for t in reduced.terms if t.weight >= 1.0)
                if len(reduced.terms) < len(full.terms) and content >= 1:
                    out.append(Variant(side, reduced, subject, True, which))
            which += 1
    return tuple(out)


def _distinctive(v: Variant) -> frozenset[str] | None:
    """The words that name a variant's subject, but for generic ones ("Group", "Bank")."""
    if v.subject.subject is None:
        return None
    return frozenset(w for w in v.subject.subject[1] if w not in GENERIC) or None


def _named_before(corpus: Corpus, v: Variant) -> Callable[[int], bool] | None:
    """For a variant without its subject's words: whether a passage comes at or after one
    that names the subject in its article, as a reference back needs (None: no way to tell)."""
    if v.subject.subject is None:
        return None
    # "Tessara" names "Tessara Énergie": any distinctive word of the name will do
    names = _distinctive(v)
    first = corpus.first_mentions(names) if names else None
    if first is None:
        return None
    article_no = corpus.article_no
    return lambda pid: first[article_no[pid]] <= pid


def _both(
    a: Callable[[int], bool] | None, b: Callable[[int], bool] | None
) -> Callable[[int], bool] | None:
    if a is None or b is None:
        return a or b
    return lambda pid: a(pid) and b(pid)


def scan(
    claim: Claim,
    corpus: Corpus,
    subjects: Sequence[str] = (),
    min_score: float | None = None,
    only: frozenset[str] | None = None,
    common: frozenset[str] = frozenset(),
) -> dict[str, Findings]:
    """Match every phrasing of a claim against the corpus; findings per article path.

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
        named = _named_before(corpus, v) if v.by_reference and not claim.about else None
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
            (phrasing.text, phrasing.terms, threshold, v.by_reference), {}
        )
        for pid in candidates:
            if pid in memo:
                al, reordered = memo[pid]
            else:
                al, reordered = memo[pid] = _alignment(corpus, pid, phrasing, threshold, v, known)
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
            swapped = roles(phrasing, corpus.passages[pid].tokens, al.pairs) == SWAPPED
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


def _alignment(
    corpus: Corpus,
    pid: int,
    phrasing: Phrasing,
    threshold: float,
    v: Variant,
    known: frozenset[str],
) -> tuple[Alignment | None, bool]:
    """How a phrasing aligns with a passage, in order or else reordered (and whether it
    was reordered); None when it cannot reach the threshold either way."""
    reach = may_reach(phrasing, corpus.sketch(pid), threshold)
    # reordering needs every content word, and is for the full phrasing only
    may_reorder = bool(reach & EVERY_WORD) and not v.by_reference
    if not reach:
        return None, False
    al = None
    tokens = corpus.passages[pid].tokens
    if reach & IN_ORDER:
        al = align(phrasing, corpus.target(pid), threshold)
        if al is not None and al.score >= threshold and roles(phrasing, tokens, al.pairs) < 0:
            # in order but the other voice: "Kelda Air fined its supplier" for "Kelda Air
            # was fined" (what is left below the threshold stays a near miss)
            return None, False
    if (al is None or al.score < threshold) and may_reorder:
        again = reorder(phrasing, corpus.target(pid), threshold)
        if (
            again is not None
            and _one_clause(corpus.cues(pid), again.pairs)
            and not verbs_as_nouns(phrasing, tokens, again.pairs)
            and roles(phrasing, tokens, again.pairs) != BROKEN
        ):
            return again, True
    if (al is None or al.score < threshold) and reach & SOME_WORDS:
        # reworded: some words missing, the rest in any order, within one clause
        covered = cover(phrasing, corpus.target(pid), threshold)
        if (
            covered is not None
            and _in_one_clause(corpus, pid, known, covered.pairs, _outside(phrasing, v))
            and not verbs_as_nouns(phrasing, tokens, covered.pairs)
            and roles(phrasing, tokens, covered.pairs) != BROKEN
        ):
            return covered, True
    return al, False


def _named(v: Variant) -> Aboutness:
    """A match whose roles already name the phrasing's subject where the passage puts it."""
    subject = v.subject.subject
    return Aboutness(True, subject[0] if subject is not None else None)


def _outside(phrasing: Phrasing, v: Variant) -> frozenset[int]:
    """The terms that may stand outside the matched clause: a named subject's, which the
    subject guard then finds to be the clause's own ("Kelda Air said on Monday it had ...")."""
    return phrasing.subject_terms if v.subject.mode == "entity" else frozenset()


def _in_one_clause(
    corpus: Corpus,
    pid: int,
    known: frozenset[str],
    pairs: Sequence[tuple[int, int]],
    outside: frozenset[int],
) -> bool:
    """The words matched (but a named subject's) all stand in one clause of the sentence, as
    its clause analysis cuts it: a relative clause, a complement clause or a coordinated
    clause with a subject of its own is another one."""
    tokens = [idx for i, idx in pairs if i not in outside]
    if not tokens:
        return False
    found, index = corpus.article_subjects(pid, known)
    starts = [start for start, _ in found.clauses(index)]
    lo, hi = min(tokens), max(tokens)
    k = bisect.bisect_right(starts, lo) - 1
    return k + 1 >= len(starts) or hi < starts[k + 1]


def _one_clause(cues: SentenceCues, pairs: Sequence[tuple[int, int]]) -> bool:
    """Words matched out of order count only within one clause whose polarity is plain: no
    boundary between them, and no cue in another part of the sentence that might govern them."""
    tokens = [idx for _, idx in pairs]
    lo, hi = min(tokens), max(tokens)
    stops = cues.stops
    if any(i in stops for i in range(lo, hi)):
        return False
    left = lo
    while left - 1 >= 0 and (left - 1) not in stops:
        left -= 1
    right = hi
    while right + 1 not in stops and right + 1 <= max(stops | {hi}):
        right += 1
    return all(left <= min(g.members) and max(g.members) <= right for g in cues.groups)
