"""The polarity of a matched clause: the cues whose scope holds it, a negation over a list
it is a member of, the reported speech that governs it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Final

from ..text import Token
from . import lexicon
from .cue_types import Attribution, CueGroup, Polarity, SentenceCues, polarity
from .cues import sentence_cues
from .rules import subject_rules
from .wordclass import DENIAL_VERB, VERB_EN, VERB_FR, word_class

_new: Final = tuple.__new__


def analyse(
    tokens: Sequence[Token],
    cues: SentenceCues,
    matched: Sequence[int],
    anchors: Sequence[int] | None = None,
) -> Polarity:
    """Polarity of the clause made of the matched token indices.

    `anchors` (default: all matched) are the matched content words: a comma-delimited segment
    joins the clause only if it holds one, so that a light word ("a", "de") matched inside a
    relative clause does not pull that clause's negation in."""
    if not matched:
        return polarity(negated=False, hedged=False, attributed_to=None, denied=False)
    first, last = min(matched), max(matched)
    stops = cues.stops
    # the left extension: the words before the match up to the nearest boundary
    left = first
    while left - 1 >= 0 and (left - 1) not in stops:
        left -= 1
    # the segments of [left, last] that hold matched words
    region: set[int] = set()
    segment: list[int] = []
    matched_set = set(anchors or matched)
    for i in range(left, last + 1):
        if i in stops:
            if matched_set.intersection(segment):
                region.update(segment)
            segment = []
        else:
            segment.append(i)
    if matched_set.intersection(segment):
        region.update(segment)
    region.update(range(left, first))

    counted = [g for g in cues.groups if region.intersection(g.members)]
    negations = len(counted)
    head = _list_head(tokens, cues, min(matched_set))
    if head is not None:
        # a negation before a list governs every member ("no A, B or C", "aucune trace de X,
        # de Y ni de Z"); the cues of the list count once, whatever each member repeats
        start, governing = head
        inside = [g for g in cues.groups if any(start <= m < first for m in g.members)]
        counted = [g for g in counted if g not in inside] + [governing]
        negations = len(counted)
        counted += [g for g in inside if g is not governing]
    negated = negations % 2 == 1
    # a question asserts nothing
    # a hedge the phrasing itself carries ("qui aurait empêché") is matched, not hedging
    hedges = (region & cues.hedges) - set(matched)
    condition = cues.condition
    hedged = (
        bool(hedges)
        or condition is not None
        or (tokens[-1].text == "?" if tokens and tokens[-1].kind == "punct" else False)
    )
    names = [" ".join(tokens[m].text for m in g.members) for g in counted]
    if condition is not None:
        names.append(condition)
    denial = next((g for g in counted if g.kind == "denial"), None)
    attributed = denial.source if denial else _attribution(cues, first, last)
    if hedged:
        names.extend(tokens[i].text for i in sorted(hedges))
    return polarity(
        negated=negated,
        hedged=hedged,
        attributed_to=attributed,
        denied=denial is not None,
        cues=tuple(names),
    )


_CONJUNCTIONS: Final = lexicon.words("polarity", "lists", "conjunctions")
_LIST_SEPARATORS: Final = _CONJUNCTIONS | {","}
_MEMBER_LEAD: Final = lexicon.words("polarity", "lists", "member_leads")
_ITEM_WORDS: Final = 4  # a list member of more words is a clause, not a member
_NOT_IN_A_MEMBER: Final = lexicon.words("polarity", "lists", "not_in_a_member")
_VERBAL: Final = lexicon.words("polarity", "lists", "verbal_negations")
_PREPOSITION_CUES: Final = lexicon.words("polarity", "lists", "preposition_cues")
_HEAD_TAIL: Final = 5  # words between the governing cue and the end of the first member
_THAT: Final = lexicon.words("grammar", "complementisers")


def _list_head(
    tokens: Sequence[Token], cues: SentenceCues, first: int
) -> tuple[int, CueGroup] | None:
    """When the clause matched at `first` is a member of a coordinated list that a negation or
    denial governs ("denied bribery, fraud or money laundering"), the start of the list's
    first member's segment and the governing cue. Lists need a conjunction somewhere; their
    members are short and hold no verb; a contrast word or a hard stop ends them."""
    t = [tok.text for tok in tokens]
    k = first - 1
    while k >= 0 and first - k <= 2 and t[k] in _MEMBER_LEAD and t[k] not in _LIST_SEPARATORS:
        k -= 1
    if k < 0 or t[k] not in _LIST_SEPARATORS or k in cues.hard:
        return None
    seps = [k]
    while True:
        j = k - 1
        while j >= 0 and t[j] in _LIST_SEPARATORS and j not in cues.hard:
            seps.append(j)
            j -= 1
        p = j
        while p >= 0 and t[p] not in _LIST_SEPARATORS and p not in cues.hard:
            p -= 1
        item = [i for i in range(p + 1, j + 1) if tokens[i].kind != "punct"]
        nominal = len(item) <= _ITEM_WORDS and not any(_verbish(t[i]) for i in item)
        if p >= 0 and p not in cues.hard and nominal and item:
            k = p
            seps.append(p)
            continue
        head_start, head_end = p + 1, j
        break
    after = [i for i in range(first, min(len(t), first + 8)) if i not in cues.hard]
    if not any(t[i] in _CONJUNCTIONS for i in seps) and not any(
        t[i] in _CONJUNCTIONS for i in after
    ):
        return None
    governing = [g for g in cues.groups if any(head_start <= m <= head_end for m in g.members)]
    if not governing:
        return None
    cue = max(governing, key=lambda g: max(g.members))
    tail = [i for i in range(max(cue.members) + 1, head_end + 1) if tokens[i].kind != "punct"]
    # a denial's complement clause is its list's first member: "denied that it had
    # overbooked flights, hidden fees or misled regulators"
    opens = cue.kind == "denial" and bool(tail) and t[tail[0]] in _THAT
    if len(tail) > _HEAD_TAIL or any(t[i] in _NOT_IN_A_MEMBER for i in tail[opens:]):
        return None
    if head_start == 0 and min(cue.members) == 0 and t[0] in _PREPOSITION_CUES:
        return None  # "Without inspections, cracks ... go unnoticed": a leading adverbial
    # "did not recall cars and sold trucks", "n'entend pas se laisser faire et dépose plainte":
    # after a verb's negation, a bare member of several words is a second verb phrase
    end = k + 1
    while end < len(t) and t[end] not in _LIST_SEPARATORS and end not in cues.hard:
        end += 1
    member = [i for i in range(k + 1, end) if tokens[i].kind != "punct"]
    verbal = cue.kind == "negation" and any(t[m] in _VERBAL for m in cue.members)
    if verbal and len(tail) >= 2 and t[k + 1] not in _MEMBER_LEAD and len(member) >= 2:
        return None
    return head_start, cue


@cache
def _verb_words() -> frozenset[str]:
    return subject_rules().verbish - lexicon.words("polarity", "lists", "not_verbal")


def _verbish(word: str) -> bool:
    return (
        word in _verb_words()
        or bool(word_class(word) & (VERB_FR | VERB_EN | DENIAL_VERB))
        or (len(word) >= 5 and word.endswith("ed"))
    )


def _attribution(cues: SentenceCues, first: int, last: int) -> str | None:
    """The nearest reporting cue governing the match, not across a hard boundary."""
    best: Attribution | None = None
    for a in cues.attributions:
        if a.cue < last and not a.after:
            lo, hi = sorted((a.cue, first))
            if any(i in cues.hard for i in range(lo, hi)):
                continue
            if best is None or a.cue > best.cue:
                best = a
    if best is not None:
        return best.source
    for a in cues.attributions:
        if a.after and a.cue > last and not any(i in cues.hard for i in range(last, a.cue)):
            return a.source
    return None


def clause_polarity(tokens: Sequence[Token], text: str) -> Polarity:
    """Polarity of a whole phrasing, every word of it matched."""
    cues = sentence_cues(tokens, text)
    return analyse(tokens, cues, [i for i, t in enumerate(tokens) if t.kind != "punct"])
