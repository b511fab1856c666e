"""Fuzzy alignment of a phrasing with a passage, and candidate retrieval by an index."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Final, NamedTuple

import yaml
from rapidfuzz import fuzz, process

from .analysis.cue_types import Polarity
from .analysis.rules import rules as cue_rules
from .analysis.scope import clause_polarity
from .analysis.sequences import pattern_ok
from .analysis.wordclass import VERB_EN, VERB_FR, WORD_CLASSES, word_class
from .text import (
    ELISIONS,
    SCANNER,
    Token,
    count_letter_runs,
    forget_folds,
    language_of,
    tokens_of,
    word_seq,
    word_set,
)

# Points lost for each word inserted in a passage beyond the first of each gap.
GAP_POINTS: Final = 2.0
# Below this token similarity (0-1) two words do not match at all.
MIN_TOKEN_SIM: Final = 0.8
LIGHT_WEIGHT: Final = 0.3
NUMBER_WEIGHT: Final = 1.5
MISMATCH_SIM: Final = 0.999
STEM_SIM: Final = 0.9  # two forms of one word
# contracted prepositions match their plain form ("des" ~ "de", "aux" ~ "a")
_CANONICAL: Final = {
    "des": "de",
    "du": "de",
    "aux": "a",
    "au": "a",
}  # two different numbers align (to flag the mismatch), a hair below equal


@dataclass(frozen=True)
class TokenClasses:
    dropped: frozenset[str]
    light: frozenset[str]
    polarity: frozenset[str]
    irregular: dict[str, str]
    auxiliaries: frozenset[str]
    determiners: frozenset[str]


@cache
def classes() -> TokenClasses:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("claimcheck").joinpath("rules/matching.yaml").read_text("utf-8")
    )
    return TokenClasses(
        dropped=frozenset(raw["dropped"]),
        light=frozenset(raw["light"]),
        polarity=frozenset(raw["polarity"]),
        irregular={str(k): str(v) for k, v in raw["irregular"].items()},
        auxiliaries=frozenset(raw["auxiliaries"]),
        determiners=frozenset(raw["determiners"]),
    )


class Term(NamedTuple):
    """A token that takes part in matching: its index in the full token list. (A named
    tuple, as Token is: every word of every passage becomes one.)"""

    index: int  # type: ignore[assignment]  # shadows tuple.index, which nothing here calls
    text: str
    number: bool
    weight: float


_new: Final = tuple.__new__


_scanner_ready = False


def _scanner() -> Any:
    """The C scanner, given this module's word classes on first use; None when not built."""
    global _scanner_ready
    if SCANNER is not None and not _scanner_ready:
        c = classes()
        SCANNER.configure_terms(
            Term,
            c.dropped,
            c.polarity,
            c.light,
            _CANONICAL,
            NUMBER_WEIGHT,
            LIGHT_WEIGHT,
            frozenset(ELISIONS),
        )
        _scanner_ready = True
    return SCANNER


def match_terms(tokens: Sequence[Token]) -> tuple[Term, ...]:
    """The tokens that matching looks at (no punctuation, articles or negation words)."""
    scanner = _scanner()
    if scanner is None:
        return _match_terms_py(tokens)
    terms: tuple[Term, ...] = scanner.match_terms(tokens)
    return terms


def _match_terms_py(tokens: Sequence[Token]) -> tuple[Term, ...]:
    """match_terms() in Python: where the C scanner is not built, and what tests compare it
    with."""
    c = classes()
    out = []
    for i, t in enumerate(tokens):
        if t.kind == "punct" or t.text in c.dropped or t.text in c.polarity:
            continue
        if t.text == "longer" and i > 0 and tokens[i - 1].text == "no":
            continue  # "no longer" is a negation cue
        if t.kind == "num":
            weight = NUMBER_WEIGHT
        elif t.text in c.light or len(t.text) == 1:
            weight = LIGHT_WEIGHT
        else:
            weight = 1.0
        out.append(_new(Term, (i, _CANONICAL.get(t.text, t.text), t.kind == "num", weight)))
    return tuple(out)


# per-word caches (functools.cache: a dictionary look-up, where a bounded lru_cache also
# keeps its recency list) hold at most this many words before forget_words() drops them
WORD_CACHE_LIMIT = 1 << 18


def forget_words() -> None:
    """Drop the per-word caches that have grown past WORD_CACHE_LIMIT (a worker scores shard
    after shard, and words of one story recur: they are kept while they fit)."""
    forget_folds(WORD_CACHE_LIMIT)
    for cached in (word_keys, _inserted_weight, pattern_ok):
        if cached.cache_info().currsize > WORD_CACHE_LIMIT:
            cached.cache_clear()
    for table in (STEMS, SIMILARITIES, WORD_CLASSES):
        if len(table) > WORD_CACHE_LIMIT:
            table.clear()


def index_keys(term: Term) -> tuple[str, ...]:
    """Retrieval keys of a content word: robust to an inflected ending or one typo."""
    if term.number or term.weight < 1.0:
        return ()
    return word_keys(term.text)


@cache
def word_keys(w: str) -> tuple[str, ...]:
    c = classes()
    if len(w) < 2 or w in c.light or w in c.dropped or w in c.polarity:
        return ()
    w = _CANONICAL.get(w, w)
    # one key, the stem's first five letters: robust to inflections ("banned" = "ban"), to
    # irregular forms ("said" = "say") and to typos after the fifth letter; suffixes (-tion,
    # -ment ...) are shared by too many words to select anything
    return (stem(w)[:5],)


# inflectional endings, French and English (normalised: no accents), longest first
_SUFFIXES: Final = tuple(
    sorted(
        [
            "eraient",
            "erions",
            "eriez",
            "aient",
            "erait",
            "erais",
            "erons",
            "eront",
            "erez",
            "assent",
            "iez",
            "ions",
            "ait",
            "ais",
            "ant",
            "ent",
            "ees",
            "ee",
            "es",
            "er",
            "ez",
            "e",
            "s",
            "ings",
            "ing",
            "ed",
            "ies",
            "ly",
        ],
        key=len,
        reverse=True,
    )
)


# The most asked per-word results, each in a plain dictionary: compiled, a call through
# functools.cache's wrapper cost more than the look-up itself (200 topical articles ask stem
# 190,000 times and token_sim 97,000 times, for a few thousand words).
STEMS: Final[dict[str, str]] = {}
SIMILARITIES: Final[dict[tuple[str, str], float]] = {}


def stem(w: str) -> str:
    """A light stem: the word without its inflection ("déposée", "déposer" -> "depos";
    "banned", "banning" -> "ban"; "said" -> "say"), so that forms of one word compare equal."""
    known = STEMS.get(w)
    if known is None:
        known = STEMS[w] = _stem(w)
    return known


def _stem(w: str) -> str:
    irregular = classes().irregular.get(w)
    if irregular is not None:
        w = irregular
    if len(w) <= 3:
        return w
    if _DRE_PARTICIPLE.search(w):
        return w[: w.rindex("d") + 1]  # "perdu", "vendues" -> "perd", "vend"
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: -len(suffix)]
            doubled = len(base) >= 3 and base[-1] == base[-2] and base[-1] not in "aeiouls"
            if suffix in ("ed", "ing", "ings") and doubled:
                base = base[:-1]  # "banned" -> "bann" -> "ban"
            elif base.endswith(("ndr", "rdr")) and len(base) >= 5:
                base = base[:-1]  # "perdre", "vendrait" -> "perd", "vend", as "perd", "vendent"
            return base
    return w


# the participle of a French verb in -ndre or -rdre ("perdu", "suspendue", "rendus")
_DRE_PARTICIPLE: Final = re.compile(r"[a-z]{2,}[nr]due?s?$")


def token_sim(a: str, b: str) -> float:
    """Similarity of two words, 0 or from MIN_TOKEN_SIM to 1 (1 means equal); two forms of one
    word ("bloqué"/"bloquée", "ban"/"banned", "say"/"said") score 0.9."""
    known = SIMILARITIES.get((a, b))
    if known is None:
        known = SIMILARITIES[a, b] = _token_sim(a, b)
    return known


def _token_sim(a: str, b: str) -> float:
    if a == b:
        return 1.0
    sa = stem(a)
    if len(sa) >= 3 and sa == stem(b):
        return STEM_SIM
    if min(len(a), len(b)) < 4:
        return 0.0
    r = fuzz.ratio(a, b) / 100.0
    # inflection: interdit/interdite, americain/americaines
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short[:-1]) and len(long_) - len(short) <= 3 and len(short) >= 5:
        r = max(r, 0.9)
    return r if r >= MIN_TOKEN_SIM else 0.0


@dataclass(frozen=True)
class Phrasing:
    """A phrasing ready for matching."""

    text: str
    tokens: tuple[Token, ...]
    terms: tuple[Term, ...]
    total: float
    keys: tuple[tuple[str, ...], ...] = field(repr=False)
    order: tuple[int, ...] = field(repr=False, default=())  # term indices, heaviest first

    def __init__(
        self,
        text: str,
        tokens: tuple[Token, ...],
        terms: tuple[Term, ...],
        total: float,
        keys: tuple[tuple[str, ...], ...],
        order: tuple[int, ...] = (),
    ) -> None:
        object.__setattr__(self, "text", text)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "tokens", tokens)
        object.__setattr__(self, "terms", terms)
        object.__setattr__(self, "total", total)
        object.__setattr__(self, "keys", keys)
        object.__setattr__(self, "order", order)

    @property
    def polarity(self) -> Polarity:
        """How the phrasing itself is put (worked out when a passage first matches it)."""
        return _phrasing_polarity(self.text)

    @property
    def negated(self) -> bool:
        return self.polarity.negated


@lru_cache(maxsize=1 << 16)
def _phrasing_polarity(text: str) -> Polarity:
    return clause_polarity(tokens_of(text), text)


@lru_cache(maxsize=1 << 16)
def prepare(text: str, without: frozenset[str] = frozenset()) -> Phrasing:
    """A phrasing ready for matching; `without` leaves out words (a subject that a passage
    names only by reference, such as "l'entreprise" for "Xiaomi")."""
    tokens = tokens_of(text)
    terms = tuple(t for t in match_terms(tokens) if t.text not in without)
    return Phrasing(
        text=text,
        tokens=tokens,
        terms=terms,
        total=sum(t.weight for t in terms),
        keys=tuple(index_keys(t) for t in terms),
        order=tuple(sorted(range(len(terms)), key=lambda i: (-terms[i].weight, i))),
    )


# what may_reach tells, as bits: no; may reach in order; every content word is there (so
# that it may match reordered)
NO: Final = 0
IN_ORDER: Final = 1
EVERY_WORD: Final = 2


class Sketch:
    """What the cheap tests of may_reach need of a passage's text, worked out once for
    every phrasing that tries it: its words, their stems, and their order."""

    __slots__ = ("text", "words", "_stems", "_long", "_order", "_held")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = word_set(text)
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
    match), then their order (see in_order_bound). A passage that holds every content word
    but not in an order that can reach min_score may still match reordered (EVERY_WORD)."""
    sketch = text if isinstance(text, Sketch) else Sketch(text)
    missing = _missing_terms(phrasing, sketch, min_score)
    if missing is None:
        return NO
    every = NO if missing else EVERY_WORD
    if _bound(phrasing, *sketch.order, min_score, missing):
        return IN_ORDER | every
    return every


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


@cache
def _inserted_weight(w: str) -> float:
    """The least weight the aligner may count for a word inserted in a passage."""
    c = classes()
    if len(w) < 2 or w in c.dropped or w in c.polarity or w in ELISIONS:
        return 0.0  # an elided "qu'" or "l'" may be a light word: count it as nothing
    return 0.5 if w in c.light else 1.0


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


def in_order_bound(
    phrasing: Phrasing,
    seq: Sequence[str],
    min_score: float,
    missing: frozenset[int] = frozenset(),
    aside_span: tuple[int, int] = (0, 1 << 30),
) -> bool:
    """A cheap test on a passage's word sequence, before tokenising it: can the phrasing
    reach min_score in order? A content word found as such can only match where it stands
    (the aligner looks exact words up first); the other terms (light words, numbers, words
    that may match fuzzily) may match anywhere, and each may fill a gap; a gap costs at least
    what the aligner charges for the words it surely holds."""
    return _bound(phrasing, *_order_table(tuple(seq), aside_span), min_score, missing)


def _bound(
    phrasing: Phrasing,
    where: dict[str, list[int]],
    inserted: list[float],
    min_score: float,
    missing: frozenset[int],
) -> bool:
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


class Alignment(NamedTuple):
    """The best in-order alignment of a phrasing's terms with a passage's terms. (A named
    tuple: one is made for every passage a phrasing reaches.)"""

    score: float
    pairs: tuple[tuple[int, int], ...]  # (phrasing term, passage token index)
    number_mismatch: bool


def _pair_sim(a: Term, b: Term) -> float:
    if a.number or b.number:
        if not (a.number and b.number):
            return 0.0
        return 1.0 if a.text == b.text else MISMATCH_SIM
    return token_sim(a.text, b.text)


# what a word inserted inside an apposition, a list or a parenthesis costs, against 1 elsewhere
ASIDE_COST: Final = 0.25
_ASIDE_WORDS: Final = 8  # a comma-delimited aside longer than this is a clause, not an aside
_LIST_WORDS: Final = frozenset(["et", "ou", "and", "or", "nor"])


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
    that tries the passage: positions by word and by stem, and insertion weights."""

    __slots__ = ("terms", "words", "exact", "numbers", "inserted", "_stems", "_similar")

    def __init__(self, terms: Sequence[Term], aside: frozenset[int] = frozenset()) -> None:
        self.terms = terms
        self.words = [t.text if not t.number else "" for t in terms]
        self.exact: dict[str, list[int]] = {}
        for j, w in enumerate(self.words):
            self.exact.setdefault(w, []).append(j)
        self.numbers = [j for j, t in enumerate(terms) if t.number]
        # inserted[j] = how much the passage terms before j weigh as insertions
        inserted = [0.0]
        for t in terms:
            cost = 1.0 if t.weight >= 1.0 else 0.5
            inserted.append(inserted[-1] + (cost * ASIDE_COST if t.index in aside else cost))
        self.inserted = inserted
        self._stems: dict[str, list[int]] | None = None
        self._similar: dict[str, tuple[tuple[int, float], ...]] = {}

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
    pairs = []
    mismatch = False
    while k >= 0:
        j, i, _ = cells[k]
        pairs.append((i, passage_terms[j].index))
        a, b = phrasing.terms[i], passage_terms[j]
        if a.number and b.number and a.text != b.text:
            mismatch = True
        k = back[k]
    pairs.reverse()
    score = max(0.0, min(100.0, 100.0 * total / phrasing.total))
    return _new(Alignment, (round(score, 1), tuple(pairs), mismatch))


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
    return _new(Alignment, (round(score, 1), tuple(sorted(pairs)), False))


def verbs_as_nouns(
    phrasing: Phrasing, passage: Sequence[Token], pairs: Sequence[tuple[int, int]]
) -> bool:
    """Whether a verb of the phrasing (a word after an auxiliary: "was banned", "a bloqué")
    matched a noun of the passage (a word after a determiner: "the ban"): out of order, "The
    ban on Xiaomi … was lifted" is not "Xiaomi was banned"."""
    c = classes()
    tokens = phrasing.tokens
    english = language_of(t.text for t in passage) == "en"  # "a" is a verb in French
    for i, j in pairs:
        k = phrasing.terms[i].index - 1
        while k >= 0 and tokens[k].text in ("ne", "pas", "not", "never", "jamais", "plus"):
            k -= 1
        if k < 0 or tokens[k].text not in c.auxiliaries:
            continue
        before = passage[j - 1].text if j > 0 else ""
        if before in c.determiners and (before != "a" or english):
            return True
    return False


class PassageIndex:
    """An inverted index of passage words for finding candidates before scoring."""

    def __init__(self) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list)
        self._sets: dict[str, frozenset[int]] = {}
        self._key_of: dict[str, str | None] = {}  # a word's index key (None: it has none)
        self.size = 0

    def add(self, words: Iterable[str]) -> int:
        """Index a passage by its distinct normalised words."""
        pid = self.size
        self.size += 1
        known = self._key_of
        for w in words:
            if w not in known:
                found = word_keys(w)
                known[w] = found[0] if found else None
        postings = self.postings
        for key in {known[w] for w in words}:
            if key is not None:
                postings[key].append(pid)
        return pid

    def _set(self, key: str) -> frozenset[int]:
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(self.postings.get(key, ()))
        return found

    def postings_of(self, word: str) -> list[int] | None:
        """The passages that hold a word (by its index key, so a superset), in order; None
        when the word has no key to look up."""
        keys = word_keys(word)
        return self.postings.get(keys[0], []) if keys else None

    def candidates(
        self, phrasing: Phrasing, min_score: float, keep: Callable[[int], bool] | None = None
    ) -> list[int]:
        """Passages that could reach min_score, from an upper bound of their score.

        Every content word weighs 1; light words and numbers are assumed to match. A passage
        must then hold `need` of the content words; it must hold one of the `missable + 1`
        rarest of them (prefix filtering), and the others are counted only on those passages.
        Only the passages `keep` accepts are counted."""
        content = [keys for keys in phrasing.keys if keys]
        free = phrasing.total - len(content)
        need = math.ceil(min_score / 100.0 * phrasing.total - free - 1e-9)
        if need <= 0:  # nothing to filter on
            return [pid for pid in range(self.size) if keep is None or keep(pid)]
        missable = len(content) - need
        if missable > 1:
            return sorted(pid for pid, n in self._holding(content, need, keep).items() if n >= need)
        if missable < 0:
            return []
        # holding every group, or all but one: set intersections, rarest first, in C
        sets = sorted((self._group(keys) for keys in content), key=len)
        found: set[int] | frozenset[int] = frozenset()
        for skip in range(len(sets)) if missable else (-1,):
            held: frozenset[int] | None = None
            for k, group in enumerate(sets):
                if k != skip:
                    held = group if held is None else held & group
                    if not held:
                        break
            if held:
                found = found | held
        return sorted(filter(keep, found) if keep is not None else found)

    def _group(self, keys: tuple[str, ...]) -> frozenset[int]:
        """The passages that hold one of these keys."""
        if len(keys) == 1:
            return self._set(keys[0])
        return frozenset().union(*(self._set(k) for k in keys))

    def closest(
        self,
        phrasing: Phrasing,
        share: float,
        common: frozenset[str] = frozenset(),
        keep: Callable[[int], bool] | None = None,
    ) -> tuple[dict[int, int], int]:
        """Passages that hold at least `share` of the phrasing's distinctive content words (not
        in `common`; all of them when every one is common), in any order and form, with how
        many they hold; and how many there are to hold."""
        content = [keys for keys in phrasing.keys if keys]
        distinctive = [keys for keys in content if keys[0] not in common] or content
        if not distinctive:
            return {}, 0
        need = max(1, math.ceil(share * len(distinctive) - 1e-9))
        found = self._holding(distinctive, need, keep)
        return {pid: n for pid, n in found.items() if n >= need}, len(distinctive)

    def _holding(
        self, content: list[tuple[str, ...]], need: int, keep: Callable[[int], bool] | None
    ) -> Counter[int]:
        """How many of the key groups each passage holds, for the passages that may hold
        `need` of them: those holding one of the `len - need + 1` rarest."""
        content = sorted(content, key=lambda keys: sum(len(self.postings.get(k, ())) for k in keys))
        missable = len(content) - need
        if missable < 0:
            return Counter()
        found: set[int] = set()
        for keys in content[: missable + 1]:
            for k in keys:
                found.update(self.postings.get(k, ()))
        if keep is not None:
            found = set(filter(keep, found))
        hits: Counter[int] = Counter()
        if not found:
            return hits
        for keys in content:
            hit: set[int] = set()
            for k in keys:
                hit |= (
                    found.intersection(self._set(k))
                    if len(found) < 4 * len(self.postings.get(k, ())) + 1
                    else self._set(k).intersection(found)
                )
            hits.update(hit)
        return hits
