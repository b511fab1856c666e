"""Cheap tests on a passage's words before it is aligned: can a phrasing reach the
threshold there, in order or reordered?"""

from __future__ import annotations

import itertools
import re
from typing import Final

from rapidfuzz import fuzz, process

from ..ordinals import is_rank
from ..text import SCANNER, count_letter_runs, may_hold_number, word_seq, word_set
from .phrasing import Phrasing
from .terms import _scanner
from .words import (
    ASIDE_COST,
    GAP_POINTS,
    MIN_TOKEN_SIM,
    _inserted_weight,
    like_read_otherwise,
    stem,
    token_sim,
)

# what may_reach tells, as bits: no; may reach in order; every content word is there (so
# that it may match reordered)
NO: Final = 0
IN_ORDER: Final = 1
EVERY_WORD: Final = 2
# enough of the content words are there, in any order, to reach the threshold with some missing
SOME_WORDS: Final = 4


class Sketch:
    """What the cheap tests of may_reach need of a passage's text, worked out once for
    every phrasing that tries it: its words, their stems, and their order."""

    __slots__ = ("text", "words", "_stems", "_long", "_order", "_held", "_number")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = word_set(text)
        self._number = -1  # may_hold_number, once asked (-1: not yet)
        self._stems: frozenset[str] | None = None
        self._long: list[str] | None = None
        self._order: tuple[dict[str, list[int]], list[float]] | None = None
        self._held: dict[str, bool] = {}  # word -> the passage holds it or another form

    def holds(self, word: str) -> bool:
        """Whether the passage holds a word as such, as another form, or a similar word
        (claims about one story share their words: each is looked up once per passage)."""
        found = self._held.get(word)
        if found is None:
            found = self._held[word] = self._holds(word)
        return found

    def _holds(self, word: str) -> bool:
        if word in self.words or stem(word) in self.stems:
            return True
        if len(word) < 4:
            return False
        # every close word, not the closest one: of two words the edit ratio ranks equal, the
        # one that comes first in a set's (hash-seeded) order must not decide
        close = process.extract(
            word,
            self.long_words,
            scorer=fuzz.ratio,
            score_cutoff=MIN_TOKEN_SIM * 100 - 10,
            limit=None,
        )
        return any(token_sim(word, found) > 0 for found, _, _ in close)

    def occurrences(self, word: str) -> int:
        """How many of the passage's words (word_seq) are the word or match it (token_sim)."""
        return sum(1 for w in word_seq(self.text) if w == word or token_sim(word, w) > 0)

    @property
    def may_hold_number(self) -> bool:
        """Whether the passage's tokens may hold a number (see text.may_hold_number)."""
        if self._number < 0:
            self._number = int(may_hold_number(self.text, self.words))
        return self._number > 0

    @property
    def stems(self) -> frozenset[str]:
        if self._stems is None:
            self._stems = frozenset(stem(w) for w in self.words)
        return self._stems

    @property
    def long_words(self) -> list[str]:
        """The words that may match a word fuzzily (four letters or more)."""
        if self._long is None:
            self._long = [w for w in self.words if len(w) >= 4]
        return self._long

    @property
    def order(self) -> tuple[dict[str, list[int]], list[float]]:
        if self._order is None:
            seq = word_seq(self.text)
            self._order = _order_table(seq, possible_asides(self.text, len(seq)))
        return self._order


def may_reach(phrasing: Phrasing, text: str | Sketch, min_score: float) -> int:
    """Cheap tests on a passage's words, before tokenising it: can the phrasing reach
    min_score? First its content words (exact or fuzzy, light words and numbers assumed to
    match), then their order (see _bound). A passage that holds every content word
    but not in an order that can reach min_score may still match reordered (EVERY_WORD), and
    one whose words reach it with some missing may match reworded (SOME_WORDS)."""
    sketch = text if isinstance(text, Sketch) else Sketch(text)
    missing = _missing_terms(phrasing, sketch, min_score)
    if missing is None:
        return NO
    every = SOME_WORDS | (NO if missing else EVERY_WORD)
    if _bound(phrasing, *sketch.order, min_score, missing):
        return IN_ORDER | every
    return every


def may_cover(phrasing: Phrasing, sketch: Sketch, min_score: float) -> bool:
    """Whether cover (the reworded tier) may match the phrasing in a passage, from the
    passage's words, before it is tokenised: cover wants the phrasing's predicate there, its
    numbers, and enough of its weight, each of its words matched by a term of its own.

    A term of the passage reads as a word of word_set (its letters folded), one for one with
    the words of word_seq, or as a form like_read_otherwise knows ("le" for "l'"): a word that
    matches none of those forms and that the passage does not hold (Sketch.holds, as such, as
    another form or as a similar word) is not there for cover either; nor more times than
    word_seq holds words that match it. Light words count here, where may_reach assumes them
    there. (Most passages the in-order bound rules out were tokenised for cover alone, and
    cover found them short.)"""
    predicate = phrasing.predicate
    if predicate < 0:
        return False
    terms = phrasing.terms
    need = min_score / 100.0 * phrasing.total - 1e-9
    reachable = phrasing.total
    for i, a in enumerate(terms):
        if a.number or sketch.holds(a.text) or like_read_otherwise(a.text):
            continue
        if i == predicate:
            return False
        reachable -= a.weight
        if reachable < need:
            return False
    for word, count, weight in phrasing.repeated:
        if like_read_otherwise(word) or not sketch.holds(word):
            continue  # no bound, or each of them counted above
        lacking = count - sketch.occurrences(word)
        if lacking > 0:
            reachable -= weight * lacking
            if reachable < need:
                return False
    # last: it reads the passage's text (cover wants every number of the phrasing but its
    # ranks, which it may leave out as words)
    return sketch.may_hold_number or not any(t.number and not is_rank(t.text) for t in terms)


def _missing_terms(phrasing: Phrasing, sketch: Sketch, min_score: float) -> frozenset[int] | None:
    """The content terms a passage's words hold neither exactly nor fuzzily; None when the
    others cannot reach min_score."""
    words = sketch.words
    reachable = phrasing.total
    need = min_score / 100.0 * phrasing.total - 1e-9
    missing: list[int] = []
    terms = phrasing.terms
    for i in phrasing.order:
        a = terms[i]
        if a.number or a.weight < 1.0 or a.text in words or sketch.holds(a.text):
            continue
        missing.append(i)
        reachable -= a.weight
        if reachable < need:
            return None
    return frozenset(missing)


def _order_table(
    seq: tuple[str, ...], aside_span: tuple[int, int]
) -> tuple[dict[str, list[int]], list[float]]:
    scanner = _scanner()
    if scanner is None:
        return _order_table_py(seq, aside_span)
    table: tuple[dict[str, list[int]], list[float]] = scanner.order_table(
        seq, aside_span[0], aside_span[1], ASIDE_COST
    )
    return table


def _order_table_py(
    seq: tuple[str, ...], aside_span: tuple[int, int]
) -> tuple[dict[str, list[int]], list[float]]:
    """A passage's word positions, and the least weight the aligner counts as inserted
    before each position (words that may stand in an aside count the least): what the order
    bound needs of a passage, worked out once for every phrasing that tries it."""
    where: dict[str, list[int]] = {}
    for j, w in enumerate(seq):
        where.setdefault(w, []).append(j)
    weights = [_inserted_weight(w) for w in seq]
    lo, hi = aside_span
    if lo < hi:
        weights[lo:hi] = [w * ASIDE_COST for w in weights[lo:hi]]
    return where, [0.0, *itertools.accumulate(weights)]


def _bound(
    phrasing: Phrasing,
    where: dict[str, list[int]],
    inserted: list[float],
    min_score: float,
    missing: frozenset[int],
) -> bool:
    """Can the phrasing reach min_score in order, in a passage of these word positions? A
    content word found as such can only match where it stands (the aligner looks exact words
    up first); the other terms (light words, numbers, words that may match fuzzily) may match
    anywhere, and each may fill a gap; a gap costs at least what the aligner charges for the
    words it surely holds."""
    if SCANNER is None:
        return _bound_py(phrasing, where, inserted, min_score, missing)
    reached: bool = SCANNER.order_bound(
        phrasing.terms, phrasing.total, where, inserted, min_score, missing, GAP_POINTS
    )
    return reached


def _bound_py(
    phrasing: Phrasing,
    where: dict[str, list[int]],
    inserted: list[float],
    min_score: float,
    missing: frozenset[int],
) -> bool:
    """_bound() in Python: where the C scanner is not built, and what tests compare it with."""
    need = min_score / 100.0 * phrasing.total - 1e-9
    gap_cost = GAP_POINTS / 100.0 * phrasing.total
    free = 0.0
    wild = [0]  # wild[i]: how many free terms come before term i
    fixed: list[tuple[int, list[int], float]] = []
    for i, term in enumerate(phrasing.terms):
        found = where.get(term.text) if not term.number and term.weight >= 1.0 else None
        if i in missing:
            wild.append(wild[-1])
        elif found is None:
            free += term.weight
            wild.append(wild[-1] + 1)
        else:
            fixed.append((i, found, term.weight))
            wild.append(wild[-1])
    # states: (last position, inserted weight after it, free terms after its term) with the
    # best weight, gaps paid, of an alignment that ends there
    states: list[tuple[int, float, int, float]] = []
    best = 0.0
    for i, found, weight in fixed:
        grown = []
        wild_i = wild[i]
        for j in found:
            value = weight
            at = inserted[j]
            for lp, after, wild_after, before in states:
                if lp < j:
                    holes = at - after - (wild_i - wild_after) - 1.0
                    gained = before + weight - gap_cost * (holes if holes > 0.0 else 0.0)
                    if gained > value:
                        value = gained
            grown.append((j, inserted[j + 1], wild[i + 1], value))
            if value > best:
                best = value
        states += grown
    return best + free >= need


# what marks an aside, as a pattern: what _first_and_last_break finds, and what tests
# compare it with
_BREAKS: Final = re.compile(r"[,()\[\]\u2013\u2014]| - ")
_BREAK_CHARS: Final = (",", "(", ")", "[", "]", "\u2013", "\u2014")


def possible_asides(text: str, words: int) -> tuple[int, int]:
    """The word positions that may stand in an aside (between the first and the last comma,
    parenthesis or dash), one word wider on each side; (0, 0) when there is no such mark."""
    marks = _first_and_last_break(text)
    if marks is None:
        return (0, 0)
    before = count_letter_runs(text, 0, marks[0])
    after = count_letter_runs(text, marks[1])
    return max(0, before - 1), min(words, words - after + 1)


def _first_and_last_break(text: str) -> tuple[int, int] | None:
    """Where _BREAKS.finditer(text) finds its first and its last mark, by str.find: the
    regular expression tried each of a passage's characters in turn."""
    first, last = len(text), -1
    for mark in _BREAK_CHARS:
        i = text.find(mark)
        if i >= 0:
            first = min(first, i)
            last = max(last, text.rfind(mark))
    # " - " marks never overlap the others: finditer takes them left to right, each one
    # ending where the next search starts (" - - " holds one mark)
    i = text.find(" - ")
    if i >= 0:
        first = min(first, i)
        while i >= 0:
            last = max(last, i)
            i = text.find(" - ", i + 3)
    return (first, last) if last >= 0 else None
