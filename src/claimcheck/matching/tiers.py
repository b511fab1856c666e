"""The tiers a phrasing is matched by in a passage (in order, reordered, reworded), and the
checks each must pass: one clause, verbs not read as nouns, roles kept."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from ..analysis.about import Aboutness
from ..analysis.cue_types import SentenceCues
from ..text import Token
from .align import Alignment, align, cover, reorder, verbs_as_nouns
from .passages import Corpus
from .phrasing import Phrasing, names_found
from .prefilter import EVERY_WORD, IN_ORDER, SOME_WORDS, may_cover, may_reach
from .roles import AGENT, BROKEN, predicate_kept, predicate_stood_in, roles
from .variants import Variant


def _alignment(
    corpus: Corpus,
    pid: int,
    phrasing: Phrasing,
    threshold: float,
    v: Variant,
    known: frozenset[str],
    paraphrase: bool = False,
) -> tuple[Alignment | None, bool]:
    """How a phrasing aligns with a passage, in order or else reordered (and whether it
    was reordered); None when it cannot reach the threshold either way. `paraphrase`: the
    passage is close in meaning (--semantic) and the threshold a lower one, at which a match
    must also keep the predicate or put a word in its place (roles.predicate_stood_in)."""
    sketch = corpus.sketch(pid)
    reach = may_reach(phrasing, sketch, threshold)
    # reordering needs every content word, and is for the full phrasing only
    may_reorder = bool(reach & EVERY_WORD) and not v.by_reference
    if not reach:
        return None, False
    al = None
    passage = corpus.passages[pid]  # its tokens are made when a tier needs them
    text = passage.text
    if reach & IN_ORDER:
        al = align(phrasing, corpus.target(pid), threshold)
        if (
            al is not None
            and al.score >= threshold
            and (
                roles(phrasing, passage.tokens, al.pairs, text) < 0
                or not names_found(phrasing, al.pairs, passage.tokens, text)
                or not predicate_kept(phrasing, al.pairs, passage.tokens)
                or (paraphrase and not _paraphrased(phrasing, al.pairs, passage.tokens, v))
            )
        ):
            # in order but the other voice: "Kelda Air fined its supplier" for "Kelda Air
            # was fined"; or another name, another verb in its place (what is left below the
            # threshold stays a near miss)
            return None, False
    if (al is None or al.score < threshold) and may_reorder:
        again = reorder(phrasing, corpus.target(pid), threshold)
        if (
            again is not None
            and _one_clause(corpus.cues(pid), again.pairs)
            and _roles_hold(phrasing, passage.tokens, again.pairs, text)
            and names_found(phrasing, again.pairs, passage.tokens, text)
            and (not paraphrase or _paraphrased(phrasing, again.pairs, passage.tokens, v))
        ):
            return again, True
    if (
        (al is None or al.score < threshold)
        and reach & SOME_WORDS
        and may_cover(phrasing, sketch, threshold)
    ):
        # reworded: some words missing, the rest in any order, within one clause
        covered = cover(phrasing, corpus.target(pid), threshold)
        if (
            covered is not None
            and _roles_hold(phrasing, passage.tokens, covered.pairs, text)
            and names_found(phrasing, covered.pairs, passage.tokens, text)
            and (not paraphrase or _paraphrased(phrasing, covered.pairs, passage.tokens, v))
            # last: it reads the clauses of the whole article
            and _in_one_clause(corpus, pid, known, covered.pairs, _outside(phrasing, v))
        ):
            return covered, True
    return al, False


def _paraphrased(
    phrasing: Phrasing, pairs: Sequence[tuple[int, int]], tokens: Sequence[Token], v: Variant
) -> bool:
    """A match of a passage close in meaning, below the claim's threshold, that still says
    the claim's statement: its predicate kept or another word in its place, and a word of its
    subject matched (or the subject referred back to): "Changes in humidity could provide a
    negative feedback" says nothing of clouds, however close in meaning."""
    if not predicate_stood_in(phrasing, pairs, tokens):
        return False
    subject = [i for i in phrasing.subject_terms if phrasing.terms[i].weight >= 1.0]
    at = dict(pairs)
    return v.by_reference or not subject or any(i in at for i in subject)


def _roles_hold(
    phrasing: Phrasing, tokens: Sequence[Token], pairs: Sequence[tuple[int, int]], text: str
) -> bool:
    """Out of order, the subject keeps its role, and a verb matched as a noun counts only
    with the subject as its agent ("la suspension des livraisons décidée par La Poste")."""
    found = roles(phrasing, tokens, pairs, text)
    return found != BROKEN and (found == AGENT or not verbs_as_nouns(phrasing, tokens, pairs))


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
