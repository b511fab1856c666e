"""ClaimReview: schema.org JSON-LD, one ClaimReview per claim, for publishing verdicts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..claims import Claim
from ..report import ClaimCheck, ClaimResult, Evidence, Output
from .html import anchor, web_url

# The 1-5 scale: the verdict, and whether it rests on what articles assert or only on what
# they report others saying (attributed or hedged). `absent` is not rated.
SCALE = (
    "1 contradicted, 2 contradicted by attributed or hedged reporting only, 3 mixed, "
    "4 supported by attributed or hedged reporting only, 5 supported; absent is not rated"
)


def rating_value(r: ClaimResult) -> int | None:
    """Where a verdict sits on the 1-5 scale (None: absent, not rated)."""
    reported = r.basis == "reported"
    return {
        "contradicted": 2 if reported else 1,
        "mixed": 3,
        "supported": 4 if reported else 5,
    }.get(r.verdict)


def exported(out: Output) -> list[ClaimCheck]:
    """The claims a ClaimReview export holds: those with a verdict to rate (absent ones
    too with --include-absent)."""
    return [c for c in out.checks if out.include_absent or c.result.verdict != "absent"]


def _source(claim: Claim | None) -> dict[str, Any]:
    """itemReviewed: the claim itself, who made it and where (not the evidence articles)."""
    item: dict[str, Any] = {"@type": "Claim"}
    if claim is None:
        return item
    if claim.claimant is not None:
        item["author"] = {"@type": claim.claimant.kind, "name": claim.claimant.name}
    if claim.appearance:
        item["appearance"] = [{"@type": "CreativeWork", "url": url} for url in claim.appearance]
    return item


def review(c: ClaimCheck, out: Output) -> dict[str, Any]:
    r = c.result
    value = rating_value(r)
    label = out.labels.get(r.verdict, r.verdict)
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": label}
    if value is not None:
        rating.update(ratingValue=value, bestRating=5, worstRating=1)
    rating["ratingExplanation"] = (
        f"{r.verdict_text}, confidence {r.confidence:.0f} of 100, from {r.counts.articles} "
        f"article(s). Scale: {SCALE}."
    )
    citations = []
    seen: set[str] = set()
    for e in r.evidence:
        if e.article in seen:
            continue
        seen.add(e.article)
        meta = out.meta.get(e.article)
        work: dict[str, Any] = {"@type": "CreativeWork"}
        url = web_url(meta.url) if meta is not None else None
        if url is not None:
            work["url"] = url
        work["name"] = (meta.title if meta is not None and meta.title else None) or e.article
        if e.date is not None:
            work["datePublished"] = e.date
        if meta is not None and meta.source:
            work["publisher"] = {"@type": "Organization", "name": meta.source}
        citations.append(work)
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{out.review_url or ''}#{anchor(r.id)}",
        "claimReviewed": r.claim,
        "reviewRating": rating,
        "itemReviewed": _source(out.claims_of.get(r.id)),
    }
    language = out.languages.get(r.id)
    if language:
        doc["inLanguage"] = language
    if citations:
        # the articles the verdict rests on: the review's sources, not where the claim was made
        doc["citation"] = citations
    if out.publisher:
        doc["author"] = {"@type": "Organization", "name": out.publisher}
    if out.run_date:
        doc["datePublished"] = out.run_date
    if r.evidence:
        # the strongest quote of each side: a mixed verdict shows both
        strongest: dict[str, Evidence] = {}
        for e in r.evidence:
            strongest.setdefault(e.stance, e)
        doc["reviewBody"] = f"{r.verdict_text}. " + " ".join(
            f"Strongest {'supporting' if e.stance == 'supports' else 'contradicting'} quote "
            f"({e.location}): \u00ab{e.quote}\u00bb"
            for e in strongest.values()
        )
    return doc


def stream(out: Output) -> Iterator[str]:
    yield "["
    for i, c in enumerate(exported(out)):
        text = json.dumps(review(c, out), ensure_ascii=False, indent=1)
        # still JSON, and inert when pasted into a <script type="application/ld+json">
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        yield ("\n" if i == 0 else ",\n") + text
    yield "\n]\n" if exported(out) else "]\n"


def render(out: Output) -> str:
    return "".join(stream(out))
