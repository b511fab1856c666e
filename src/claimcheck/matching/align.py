"""The alignment of a phrasing with a passage: in order, with gaps paid for, or reordered
within one clause."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final, NamedTuple

from rapidfuzz import fuzz, process

from ..analysis import lexicon
from ..analysis.rules import rules as cue_rules
from ..analysis.wordclass import VERB_EN, VERB_FR, word_class
from ..ordinals import is_rank
from ..text import Token, language_of
from .phrasing import Phrasing
from .terms import Term
from .words import (
    ASIDE_COST,
    GAP_POINTS,
    MIN_TOKEN_SIM,
    MISMATCH_SIM,
    classes,
    stem,
    token_sim,
)

_new: Final = tuple.__new__


class Alignment(NamedTuple):
    """The best in-order alignment of a phrasing's terms with a passage's terms. (A named
    tuple: one is made for every passage a phrasing reaches.)"""

    score: float
    pairs: tuple[tuple[int, int], ...]  # (phrasing term, passage token index)
    number_mismatch: bool


def alignment(
    *, score: float, pairs: tuple[tuple[int, int], ...], number_mismatch: bool
) -> Alignment:
    """An Alignment by its fields' names (native, where a call of the named tuple is not)."""
    return _new(Alignment, (score, pairs, number_mismatch))


def _pair_sim(a: Term, b: Term) -> float:
    if a.number or b.number:
        # a rank ("the third fine") says nothing of a count ("three fines")
        if not (a.number and b.number) or is_rank(a.text) != is_rank(b.text):
            return 0.0
        return 1.0 if a.text == b.text else MISMATCH_SIM
    return token_sim(a.text, b.text)


# the words after an ordinal that may be the noun it modifies ("the sixth large GDPR penalty")
_RANK_NOUN_WORDS: Final = 3


def _rank_noun(terms: Sequence[Term], k: int) -> range:
    """The positions of the content words right after the rank at k, one after the other
    with nothing between (a comma or a light word ends them), at most _RANK_NOUN_WORDS."""
    end = k + 1
    while end < len(terms) and end - k <= _RANK_NOUN_WORDS:
        t = terms[end]
        if t.number or t.weight < 1.0 or t.index != terms[end - 1].index + 1:
            break
        end += 1
    return range(k + 1, end)


def _unrelated_ranks(
    phrasing: Phrasing, passage_terms: Sequence[Term], pairs: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The pairs (phrasing term, passage term) of two different ranks whose nouns are not
    matched together: "the first GDPR penalty" and "the sixth large GDPR penalty" compare,
    "the first penalty" and "in its sixth year, a penalty" do not (a rank of something else
    proves nothing)."""
    out = []
    for i, j in pairs:
        a, b = phrasing.terms[i], passage_terms[j]
        if not (a.number and is_rank(a.text)) or a.text == b.text:
            continue
        ours, theirs = _rank_noun(phrasing.terms, i), _rank_noun(passage_terms, j)
        if not any(i2 in ours and j2 in theirs for i2, j2 in pairs):
            out.append((i, j))
    return out


_ASIDE_WORDS: Final = 8  # a comma-delimited aside longer than this is a clause, not an aside
# the conjunctions that close a list (", and"); ", ni" is a negation's
_LIST_WORDS: Final = lexicon.words("polarity", "lists", "conjunctions") - {"ni"}


def asides(tokens: Sequence[Token]) -> frozenset[int]:
    """Token indices inside an aside: a parenthesis or dashes ("(DoD)", "– le 3 mai –"), or a
    short comma-delimited apposition or list ("Morgan Stanley, JP Morgan Chase, and Goldman
    Sachs"): words inserted there cost less than words of the sentence itself."""
    verbs = cue_rules()
    out: set[int] = set()
    depth, dash = 0, -1
    for i, t in enumerate(tokens):
        if t.text in ("(", "["):
            depth += 1
        elif t.text in (")", "]"):
            depth = max(0, depth - 1)
        elif t.text == "-" and t.kind == "punct":
            if dash >= 0:
                out.update(range(dash + 1, i))
                dash = -1
            else:
                dash = i
        elif depth:
            out.add(i)
    commas = [i for i, t in enumerate(tokens) if t.text == ","]
    for a, b in zip(commas, commas[1:], strict=False):
        segment = range(a + 1, b)
        words = [k for k in segment if tokens[k].kind != "punct"]
        if not words or len(words) > _ASIDE_WORDS:
            continue
        verbal = any(
            word_class(tokens[k].text) & (VERB_FR | VERB_EN) or tokens[k].text in verbs.auxiliaries
            for k in words
        )
        if not verbal:
            out.update(segment)
            if b + 1 < len(tokens) and tokens[b + 1].text in _LIST_WORDS:
                out.add(b + 1)  # ", and" closing a list
    return frozenset(out)


class Target:
    """A passage's terms as the aligner looks them up, worked out once for every phrasing
    that tries the passage: positions by word and by stem, and insertion weights. The words
    inside an aside are `aside`, or those of `tokens` (the passage's, worked out when an
    in-order alignment first needs them: a passage tried only reworded needs none)."""

    __slots__ = (
        "terms",
        "words",
        "exact",
        "numbers",
        "_aside",
        "_tokens",
        "_inserted",
        "_stems",
        "_similar",
    )

    def __init__(
        self,
        terms: Sequence[Term],
        aside: frozenset[int] = frozenset(),
        tokens: Sequence[Token] | None = None,
    ) -> None:
        self.terms = terms
        self.words = [t.text if not t.number else "" for t in terms]
        self.exact: dict[str, list[int]] = {}
        for j, w in enumerate(self.words):
            self.exact.setdefault(w, []).append(j)
        self.numbers = [j for j, t in enumerate(terms) if t.number]
        self._aside = aside
        self._tokens = tokens
        self._inserted: list[float] | None = None
        self._stems: dict[str, list[int]] | None = None
        self._similar: dict[str, tuple[tuple[int, float], ...]] = {}

    @property
    def inserted(self) -> list[float]:
        """inserted[j] = how much the passage terms before j weigh as insertions."""
        if self._inserted is None:
            aside = self._aside if self._tokens is None else asides(self._tokens)
            inserted = [0.0]
            for t in self.terms:
                cost = 1.0 if t.weight >= 1.0 else 0.5
                inserted.append(inserted[-1] + (cost * ASIDE_COST if t.index in aside else cost))
            self._inserted = inserted
        return self._inserted

    def similar(self, word: str) -> tuple[tuple[int, float], ...]:
        """(position, similarity) of the passage's other forms of a word and of similar
        words: claims about one story share their words, each is looked up once here."""
        found = self._similar.get(word)
        if found is None:
            seen: set[int] = set()
            pairs: list[tuple[int, float]] = []
            # another form of the word ("banned" for "ban"), then similar words: rapidfuzz
            # compares against every word in C and token_sim decides
            candidates = list(self.stems.get(stem(word), ()))
            if len(word) >= 4:
                candidates += [
                    j
                    for _, _, j in process.extract(
                        word,
                        self.words,
                        scorer=fuzz.ratio,
                        score_cutoff=MIN_TOKEN_SIM * 100 - 10,
                        limit=None,
                    )
                ]
            for j in candidates:
                if j in seen:
                    continue
                seen.add(j)
                s = token_sim(word, self.words[j])
                if s > 0:
                    pairs.append((j, s))
            found = self._similar[word] = tuple(pairs)
        return found

    @property
    def stems(self) -> dict[str, list[int]]:
        if self._stems is None:
            self._stems = {}
            for j, w in enumerate(self.words):
                if w:
                    self._stems.setdefault(stem(w), []).append(j)
        return self._stems


def align(
    phrasing: Phrasing,
    passage_terms: Sequence[Term] | Target,
    min_score: float = 0.0,
    aside: frozenset[int] = frozenset(),
) -> Alignment | None:
    """Score how much of the phrasing the passage covers, in order (0-100).

    Returns None when the passage cannot reach min_score: the words are looked up first,
    heaviest first, and the search stops as soon as the missing weight rules it out. Words
    inserted inside an aside (token indices in `aside`, or those the Target was made with)
    cost ASIDE_COST of a word."""
    target = passage_terms if isinstance(passage_terms, Target) else Target(passage_terms, aside)
    passage_terms = target.terms
    if phrasing.total <= 0 or not passage_terms:
        return None
    cells: list[tuple[int, int, float]] = []  # (passage position, phrasing position, gain)
    exact, numbers = target.exact, target.numbers
    reachable = phrasing.total
    need = min_score / 100.0 * phrasing.total - 1e-9
    for i in phrasing.order:
        a = phrasing.terms[i]
        top = 0.0
        if a.number:
            for j in numbers:
                s = _pair_sim(a, passage_terms[j])
                if s > 0.0:  # a rank and a count are no pair
                    cells.append((j, i, a.weight * s))
                    top = max(top, s)
        elif a.text in exact:
            # an exact word needs no fuzzy look-up
            weight = a.weight
            cells += [(j, i, weight) for j in exact[a.text]]
            top = 1.0
        else:
            weight = a.weight
            for j, s in target.similar(a.text):
                cells.append((j, i, weight * s))
                if s > top:
                    top = s
        reachable -= a.weight * (1.0 - top)
        if reachable < need:
            return None
    if not cells:
        return None
    cells.sort()
    gap_cost = GAP_POINTS / 100.0 * phrasing.total
    inserted = target.inserted
    best: list[float] = []
    back: list[int] = []
    term_of: list[int] = []  # each cell's phrasing term
    after: list[float] = []  # the insertion weight up to each cell's passage position
    run, run_j = 0, -1  # where the cells of this passage position begin
    top_k, top_value = 0, -math.inf  # the best cell, the first of equals
    for k, (j, i, gain) in enumerate(cells):
        if j != run_j:
            run, run_j = k, j
        value, prev = gain, -1
        reach = inserted[j] - 1.0
        # cells are sorted by passage position: those before this position are cells[:run]
        for q in range(run):
            if term_of[q] < i:
                holes = reach - after[q]
                cand = best[q] + gain - (gap_cost * holes if holes > 0.0 else 0.0)
                if cand > value:
                    value, prev = cand, q
        best.append(value)
        back.append(prev)
        term_of.append(i)
        after.append(inserted[j + 1])
        if value > top_value:
            top_k, top_value = k, value
    k = top_k
    total = best[k]
    matched: list[tuple[int, int]] = []  # (phrasing term, passage term)
    while k >= 0:
        j, i, _ = cells[k]
        matched.append((i, j))
        k = back[k]
    matched.reverse()
    if phrasing.ranks:
        for i, j in _unrelated_ranks(phrasing, passage_terms, matched):
            matched.remove((i, j))
            total -= phrasing.terms[i].weight * MISMATCH_SIM
    pairs = []
    mismatch = False
    for i, j in matched:
        pairs.append((i, passage_terms[j].index))
        a, b = phrasing.terms[i], passage_terms[j]
        if a.number and b.number and a.text != b.text:
            mismatch = True
    score = max(0.0, min(100.0, 100.0 * total / phrasing.total))
    return alignment(score=round(score, 1), pairs=tuple(pairs), number_mismatch=mismatch)


def reorder(
    phrasing: Phrasing, passage_terms: Sequence[Term] | Target, min_score: float
) -> Alignment | None:
    """Match the phrasing's words in any order: every content word must be there (as such,
    as another form, or as a similar word), and numbers must be equal; light words may be
    missing. The score is the share of the phrasing's weight found."""
    target = passage_terms if isinstance(passage_terms, Target) else Target(passage_terms)
    passage_terms = target.terms
    if phrasing.total <= 0 or not passage_terms:
        return None
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    gained = 0.0
    content = 0
    for i in phrasing.order:
        a = phrasing.terms[i]
        best, where = 0.0, -1
        if not a.number:
            # only the same word scores 1: the first free one is the choice
            where = next((j for j in target.exact.get(a.text, ()) if j not in used), -1)
            if where >= 0:
                best = 1.0
        for j, b in enumerate(passage_terms) if where < 0 else ():
            if j in used:
                continue
            sim = (
                (1.0 if a.text == b.text else 0.0)
                if a.number or b.number
                else token_sim(a.text, b.text)
            )
            if sim > best:
                best, where = sim, j
        if where < 0:
            if a.weight >= 1.0:
                return None  # a content word or a number is not there
            continue
        used.add(where)
        pairs.append((i, passage_terms[where].index))
        gained += a.weight * best
        content += a.weight >= 1.0 and not a.number
    score = 100.0 * gained / phrasing.total
    if content < 3 or score < min_score:
        return None  # too few words to say anything about their order
    return alignment(score=round(score, 1), pairs=tuple(sorted(pairs)), number_mismatch=False)


# at least this many content words of a phrasing matched for it to match with words missing
COVER_CONTENT: Final = 3


def cover(
    phrasing: Phrasing, passage_terms: Sequence[Term] | Target, min_score: float
) -> Alignment | None:
    """Match the phrasing's words in any order with some of them missing, as reworded news
    leaves out or adds words: its predicate must be there (another form of it counts), and
    its numbers (equal or not: a different figure contradicts), and at least COVER_CONTENT
    content words; the score is the share of the phrasing's weight found."""
    if phrasing.predicate < 0:
        return None
    target = passage_terms if isinstance(passage_terms, Target) else Target(passage_terms)
    passage_terms = target.terms
    if phrasing.total <= 0 or not passage_terms:
        return None
    used: set[int] = set()
    matched: list[tuple[int, int]] = []  # (phrasing term, passage term)
    gained = 0.0
    content = 0
    reachable = phrasing.total
    need = min_score / 100.0 * phrasing.total - 1e-9
    for i in phrasing.order:
        a = phrasing.terms[i]
        best, where = 0.0, -1
        # the passage's words that may match: its numbers for a figure, else the same word
        # and its other forms and similar words (looked up once per passage and word)
        if a.number:
            found: Sequence[tuple[int, float]] = [
                (j, _pair_sim(a, passage_terms[j])) for j in target.numbers
            ]
        else:
            found = [(j, 1.0) for j in target.exact.get(a.text, ())] or target.similar(a.text)
        for j, sim in found:
            if j not in used and sim > best:
                best, where = sim, j
        if where < 0:
            # a rank the passage does not give is a word it leaves out ("for the first time")
            if (a.number and not is_rank(a.text)) or i == phrasing.predicate:
                return None  # a number or the predicate is not there
            reachable -= a.weight
            if reachable < need:
                return None
            continue
        used.add(where)
        matched.append((i, where))
        gained += a.weight * best
        content += a.weight >= 1.0 and not a.number
    if phrasing.ranks:
        for i, j in _unrelated_ranks(phrasing, passage_terms, matched):
            matched.remove((i, j))
            gained -= phrasing.terms[i].weight * MISMATCH_SIM
    score = 100.0 * gained / phrasing.total
    if content < COVER_CONTENT or score < min_score:
        return None
    pairs = sorted((i, passage_terms[j].index) for i, j in matched)
    mismatch = any(
        phrasing.terms[i].number and passage_terms[j].text != phrasing.terms[i].text
        for i, j in matched
    )
    return alignment(score=round(score, 1), pairs=tuple(pairs), number_mismatch=mismatch)


def verbs_as_nouns(
    phrasing: Phrasing, passage: Sequence[Token], pairs: Sequence[tuple[int, int]]
) -> bool:
    """Whether a verb of the phrasing (a word after an auxiliary: "was banned", "a bloqué")
    matched a noun of the passage (a word after a determiner: "the ban"): out of order, "The
    ban on Xiaomi … was lifted" is not "Xiaomi was banned"."""
    c = classes()
    tokens = phrasing.tokens
    english = language_of(t.text for t in passage) == "en"  # "a" is a verb in French
    # "imposed a 746 million penalty": in English "a" is an article, and a figure no verb
    phrasing_english = language_of(t.text for t in tokens) == "en"
    for i, j in pairs:
        if phrasing.terms[i].number:
            continue
        k = phrasing.terms[i].index - 1
        while k >= 0 and tokens[k].text in c.between_auxiliary_and_verb:
            k -= 1
        if k < 0 or tokens[k].text not in c.auxiliaries:
            continue
        if tokens[k].text == "a" and phrasing_english:
            continue
        before = passage[j - 1].text if j > 0 else ""
        if before in c.determiners and (before != "a" or english):
            return True
    return False
