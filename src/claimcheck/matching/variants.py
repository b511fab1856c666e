"""A claim's phrasings as the scan tries them (variants), whom each must be about, and the
words many claims share."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ..analysis import lexicon
from ..analysis.about import ClaimSubjects, PhrasingSubject, claim_subjects
from ..analysis.names import GENERIC, acronyms
from ..claims import Claim
from ..report import Stance
from ..text import tokens_of
from .passages import Corpus
from .phrasing import Phrasing, prepare
from .words import classes, stem

# Scores below the threshold but at least this high lower an "absent" verdict's confidence.


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
    # a supporting phrasing with one word turned into its opposite: the cue it gives its
    # evidence ("opposite of rose"), and that word ("fall"); None for the claim's own
    opposite: str | None = None
    turned: str | None = None

    def __init__(
        self,
        side: Stance,
        phrasing: Phrasing,
        subject: PhrasingSubject,
        by_reference: bool,
        which: int = 0,
        opposite: str | None = None,
        turned: str | None = None,
    ) -> None:
        object.__setattr__(self, "side", side)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "phrasing", phrasing)
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "by_reference", by_reference)
        object.__setattr__(self, "which", which)
        object.__setattr__(self, "opposite", opposite)
        object.__setattr__(self, "turned", turned)


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
    return claim_subjects(texts, claim.about, claim.other_names)


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
            subject = who.phrasing(text)
            out.extend(_both_ways(text, side, subject, which, None))
            if side == "supports":
                # the phrasing with a word turned into its opposite contradicts the claim
                for other, cue, word in opposites(text):
                    out.extend(_both_ways(other, "contradicts", subject, which, cue, word))
            which += 1
    return tuple(out)


def _both_ways(
    text: str,
    side: Stance,
    subject: PhrasingSubject,
    which: int,
    opposite: str | None,
    turned: str | None = None,
) -> list[Variant]:
    """A phrasing as written and, when its subject is a name, without the name's words."""
    full = prepare(text)
    out = [Variant(side, full, subject, False, which, opposite, turned)]
    if subject.mode == "entity" and subject.subject is not None:
        reduced = prepare(text, subject.subject[1] | subject.slot)
        content = sum(1 for t in reduced.terms if t.weight >= 1.0)
        if len(reduced.terms) < len(full.terms) and content >= 1:
            out.append(Variant(side, reduced, subject, True, which, opposite, turned))
    return out


# a word's stem -> the words opposite to it (rules/antonyms.yaml, read both ways), filled on
# first use: stems may need the lemmatizer's dictionaries, which a warm run never loads
_OPPOSITES: Final[dict[str, list[str]]] = {}


def _opposites() -> dict[str, list[str]]:
    if not _OPPOSITES:
        for language in ("french", "english"):
            for a, b in lexicon.entry("antonyms", language):
                _OPPOSITES.setdefault(stem(a), []).append(b)
                _OPPOSITES.setdefault(stem(b), []).append(a)
    return _OPPOSITES


def opposites(text: str) -> list[tuple[str, str, str]]:
    """The phrasing with one of its content words turned into its opposite, each way once,
    the cue that says so ("opposite of rose") and the word put in ("fall")."""
    out: list[tuple[str, str, str]] = []
    for t in tokens_of(text):
        if t.kind != "word" or t.text in classes().light:
            continue
        for other in _opposites().get(stem(t.text), ()):
            raw = text[t.start : t.end]
            out.append((f"{text[: t.start]}{other}{text[t.end :]}", f"opposite of {raw}", other))
    return out


def _distinctive(v: Variant, who: ClaimSubjects) -> frozenset[str] | None:
    """The words that name a variant's subject, but for generic ones ("Group", "Bank"), its
    acronyms, and the words of the other names the claims file gives it."""
    if v.subject.subject is None:
        return None
    own = frozenset(w for w in v.subject.subject[1] if w not in GENERIC)
    # an article may write only the name's acronym ("The FDA approved ...")
    short = acronyms(v.subject.subject[0])
    return (own | short | who.other_words(v.subject.subject)) or None


def _named_before(corpus: Corpus, v: Variant, who: ClaimSubjects) -> Callable[[int], bool] | None:
    """For a variant without its subject's words: whether a passage comes at or after one
    that names the subject in its article, as a reference back needs (None: no way to tell)."""
    if v.subject.subject is None:
        return None
    # "Tessara" names "Tessara Énergie": any distinctive word of the name will do
    names = _distinctive(v, who)
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
