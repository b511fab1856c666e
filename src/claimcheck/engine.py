"""Checking claims against a corpus: candidates, alignment, polarity, subject guard, verdict."""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final, cast

from rapidfuzz import fuzz

from .claims import Claim, ClaimsFile
from .corpus import Passage
from .dates import parse_date
from .matching.found import Close, Findings, Found, dated, keyed, tally
from .matching.passages import Corpus
from .matching.phrasing import prepare
from .matching.scan import RELATED_SHARE, scan
from .matching.words import stem
from .report import ClaimResult, Evidence, Lookup, Period, Related
from .text import normalise, word_set
from .verdict import (
    counts_of,
    decide_current,
    decide_sides,
    listed,
    strongest_first,
    timeline_of,
)

RELATED_SHOWN: Final = 5
# the closest passages described for an absent claim, of which RELATED_SHOWN are kept
CLOSE_KEPT: Final = 3 * RELATED_SHOWN
# How many quotes a claim lists by default (the verdict is decided on all of them).
DEFAULT_MAX_EVIDENCE: Final = 10
# How close a typed claim must be to a curated claim or alias to use its phrasings.
CLAIM_LOOKUP_MIN: Final = 90.0


_new: Final = tuple.__new__


# runs of what str.isspace() does not call whitespace (re's \s is the same set)
_NON_SPACE: Final = re.compile(r"\S+")


def fold_at(text: str, positions: Sequence[int]) -> tuple[str, list[int]]:
    """The text with whitespace stripped and each run folded to one space, and where each of
    `positions` lands in it (whitespace lands right after the word before it, or at 0): a
    listed quote needs that only at its matched words' ends, where a map of every character
    cost a hundred times more."""
    starts: list[int] = []
    ends: list[int] = []
    offsets: list[int] = []  # where each word lands
    n = 0
    for m in _NON_SPACE.finditer(text):
        start, end = m.span()
        if starts:
            n += 1  # the space before it
        starts.append(start)
        ends.append(end)
        offsets.append(n)
        n += end - start
    where: list[int] = []
    for i in positions:
        k = bisect.bisect_right(starts, i) - 1  # the last word that starts at or before i
        if k < 0:
            where.append(0)  # whitespace before the first word lands where it does
        elif i < ends[k]:
            where.append(offsets[k] + i - starts[k])
        else:  # whitespace after a word, up to the next one, lands right after it
            where.append(offsets[k] + ends[k] - starts[k])
    return " ".join(text.split()), where


def evidence_of(found: Found, text: str, phrasing: str) -> Evidence:
    """The Evidence a report lists for a Found, from its article's decoded text."""
    quote, where = fold_at(text[found.start : found.end], found.spans)
    spans = tuple((where[k], where[k + 1]) for k in range(0, len(where), 2))
    return Evidence(
        stance=found.stance,
        score=found.score,
        quote=quote,
        match=quote[spans[0][0] : spans[-1][1]] if spans else "",
        phrasing=phrasing,
        article=found.article,
        line=found.line,
        column=found.column,
        negated=found.negated,
        hedged=found.hedged,
        attributed_to=found.attributed_to,
        number_mismatch=found.number_mismatch,
        denied=found.denied,
        cues=found.cues,
        highlights=spans,
        subject=found.subject,
        resolved_from=found.resolved_from,
        resolved_by=found.resolved_by,
        attributed_from=found.attributed_from,
        date=found.date,
        reordered=found.reordered,
    )


def describe(passage: Passage, phrasing_text: str, least: float = RELATED_SHARE) -> Related | None:
    """A close passage, with the phrasing's content words it holds and lacks (as the phrasing
    writes them), or None when it holds fewer than the `least` share of them."""
    phrasing = prepare(phrasing_text)
    held = {stem(w) for w in word_set(passage.text)}
    has: list[str] = []
    missing: list[str] = []
    for term in phrasing.terms:
        if term.weight < 1.0 or term.number:
            continue
        token = phrasing.tokens[term.index]
        word = phrasing.text[token.start : token.end]
        (has if stem(term.text) in held else missing).append(word)
    has, missing = list(dict.fromkeys(has)), list(dict.fromkeys(missing))
    share = len(has) / max(1, len(has) + len(missing))
    if share < least - 1e-9:
        return None
    return Related(
        quote=passage.quote,
        article=passage.article,
        line=passage.line,
        column=passage.column,
        score=round(100.0 * share, 1),
        has=tuple(has),
        missing=tuple(missing),
        phrasing=phrasing.text,
    )


def describe_close(corpus: Corpus, close: Close) -> Related | None:
    """A close passage of this corpus, described."""
    passage = corpus.passage_at(close.article, close.line, close.column)
    return describe(passage, close.phrasing) if passage is not None else None


def closest_first(related: Iterable[Related]) -> list[Related]:
    return sorted(related, key=lambda r: (-r.score, len(r.missing), r.article, r.line, r.column))


def conclude(
    claim: Claim,
    findings: Iterable[Findings],
    text: str | None = None,
    dates: Mapping[str, str | None] | None = None,
    describer: Describer | None = None,
    texts: Callable[[str], str | None] | None = None,
    max_evidence: int = DEFAULT_MAX_EVIDENCE,
) -> ClaimResult:
    """The verdict on a claim from its findings in every article (dated by `dates`); the
    strongest `max_evidence` quotes (0: all) made into Evidence from their articles' text
    (`texts`); for an absent claim, its closest passages as `describer` describes them."""
    found = list(findings)
    evidence = [e for f in found for e in f.evidence]
    near_miss = max((f.near_miss for f in found), default=0.0)
    close = sorted(
        (c for f in found for c in f.close),
        key=lambda c: (-c.share, c.article, c.line, c.column),
    )
    closest = close[0].share if close else 0.0
    since: str | None = None
    history: tuple[Period, ...] = ()
    if claim.current:
        if dates:
            evidence = [dated(e, dates.get(e.article)) for e in evidence]
        ordered = list(strongest_first(evidence))
        verdict, confidence, basis, since, history = decide_current(ordered, near_miss, closest)
        if since is not None:
            # the quotes that decide come first: the newest reporting
            known = [d for d in (parse_date(e.date) for e in ordered) if d is not None]
            newest = max(known)
            ordered = sorted(ordered, key=lambda e: parse_date(e.date) != newest)
        timeline, counts = timeline_of(ordered), counts_of(ordered)
    else:
        # the usual case, read field by field as the tuples they are: a claim of a topical
        # archive has hundreds of findings, and only the listed ones need their date
        keys = keyed(evidence)
        sup, con, counts, timeline, firsts = tally(evidence, keys, dates)
        verdict, confidence, basis = decide_sides(sup, con, near_miss, closest)
        if 0 < max_evidence < len(keys):
            # what listed() reads of the order: the strongest few, and each stance's first
            keys = sorted({*heapq.nsmallest(max_evidence, keys), *firsts})
        else:
            keys.sort()
        ordered = [evidence[cast(int, k[5])] for k in keys]
    phrasings = (*claim.supporting_phrasings, *claim.contradicts)
    shown: list[Evidence] = []
    for e in listed(ordered, max_evidence):
        source = texts(e.article) if texts is not None else None
        if source is not None:
            if dates and not claim.current:  # a current claim's evidence is dated above
                e = dated(e, dates.get(e.article))
            shown.append(evidence_of(e, source, phrasings[e.phrasing]))
    return ClaimResult(
        id=claim.id,
        claim=claim.claim if text is None else text,
        verdict=verdict,
        confidence=confidence,
        evidence=tuple(shown),
        basis=basis,
        expect=claim.expect,
        line=claim.line,
        current=claim.current,
        since=since,
        history=history,
        timeline=timeline,
        related=_describe(close, describer) if verdict == "absent" and describer else (),
        counts=counts,
    )


Describer = Callable[[Close], Related | None]


def _describe(close: Sequence[Close], describer: Describer) -> tuple[Related, ...]:
    """The closest passages, described, most of the claim's words first."""
    found = [r for r in (describer(c) for c in close[:CLOSE_KEPT]) if r is not None]
    return tuple(closest_first(found)[:RELATED_SHOWN])


def check_claim(
    claim: Claim,
    corpus: Corpus,
    subjects: Sequence[str] = (),
    min_score: float | None = None,
    max_evidence: int = DEFAULT_MAX_EVIDENCE,
) -> ClaimResult:
    """Match every phrasing of a claim against the corpus and decide its verdict."""
    found = scan(claim, corpus, subjects, min_score).values()
    return conclude(
        claim,
        found,
        describer=lambda close: describe_close(corpus, close),
        texts=corpus.text_of,
        max_evidence=max_evidence,
    )


def find_claim(text: str, claims: ClaimsFile | None) -> Lookup:
    """The curated claim whose text or alias best matches `text`, else an ad-hoc claim."""
    wanted = normalise(text)
    best: tuple[float, Claim] | None = None
    for c in claims.claims if claims else ():
        for variant in (c.claim, *c.aliases):
            sim = fuzz.token_sort_ratio(wanted, normalise(variant))
            if sim >= CLAIM_LOOKUP_MIN and (best is None or sim > best[0]):
                best = (sim, c)
    if best is not None:
        return Lookup(claim=best[1], curated=True, similarity=best[0])
    min_score = claims.min_score if claims else Claim("x", "x").min_score
    other_names = claims.aliases if claims else ()
    claim = Claim(id="ad-hoc", claim=text, min_score=min_score, other_names=other_names)
    return Lookup(claim=claim, curated=False, similarity=0.0)
