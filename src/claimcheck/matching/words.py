"""What matching compares of two words: their token class (rules/matching.yaml), their
stem, their similarity, the key that indexes them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from rapidfuzz import fuzz

from ..analysis import lexicon
from ..analysis.lemmas import lemma
from ..analysis.sequences import pattern_ok
from ..analysis.wordclass import HEDGE, WORD_CLASSES, word_class
from ..text import ELISIONS, READ_OTHERWISE, fold_word, forget_folds

# Points lost for each word inserted in a passage beyond the first of each gap.
GAP_POINTS: Final = 2.0
# Below this token similarity (0-1) two words do not match at all.
MIN_TOKEN_SIM: Final = 0.8
LIGHT_WEIGHT: Final = 0.3
NUMBER_WEIGHT: Final = 1.5
MISMATCH_SIM: Final = 0.999
STEM_SIM: Final = 0.9  # two forms of one word
# what a word inserted inside an apposition, a list or a parenthesis costs, against 1 elsewhere
ASIDE_COST: Final = 0.25
# contracted prepositions match their plain form ("des" ~ "de", "aux" ~ "a")
CANONICAL: Final = {k: str(v) for k, v in lexicon.mapping("matching", "contractions").items()}


@dataclass(frozen=True)
class TokenClasses:
    dropped: frozenset[str]
    light: frozenset[str]
    polarity: frozenset[str]
    irregular: dict[str, str]
    auxiliaries: frozenset[str]
    determiners: frozenset[str]
    # what may stand between an auxiliary and its verb ("n'a pas bloqué", "was not banned")
    between_auxiliary_and_verb: frozenset[str]


@cache
def classes() -> TokenClasses:
    irregular = lexicon.mapping("matching", "irregular")
    return TokenClasses(
        dropped=lexicon.words("matching", "dropped"),
        light=lexicon.words("matching", "light"),
        polarity=lexicon.words("matching", "polarity"),
        irregular={k: str(v) for k, v in irregular.items()},
        auxiliaries=lexicon.words("matching", "auxiliaries"),
        determiners=lexicon.words("matching", "determiners"),
        between_auxiliary_and_verb=lexicon.words("matching", "between_auxiliary_and_verb"),
    )


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
    for table in (STEMS, SIMILARITIES, WORD_CLASSES, LIKE_READ_OTHERWISE):
        if len(table) > WORD_CACHE_LIMIT:
            table.clear()


@cache
def word_keys(w: str) -> tuple[str, ...]:
    c = classes()
    if len(w) < 2 or w in c.light or w in c.dropped or w in c.polarity:
        return ()
    w = CANONICAL.get(w, w)
    # one key, the stem's first five letters: robust to inflections ("banned" = "ban"), to
    # irregular forms ("said" = "say") and to typos after the fifth letter; suffixes (-tion,
    # -ment ...) are shared by too many words to select anything
    return (stem(w)[:5],)


# nouns and the verbs they are made from (rules/derivations.yaml): the French list, then the
# English one for the nouns it does not hold
_DERIVED: Final = {
    noun: str(verb)
    for language in ("english", "french")
    for noun, verb in lexicon.mapping("derivations", language).items()
}
# inflectional endings, French and English (normalised: no accents), longest first
_SUFFIXES: Final = tuple(sorted(lexicon.ordered("matching", "suffixes"), key=len, reverse=True))


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
    base, read = _own_stem(w)
    same = synonym_stems().get(base)
    # the dictionaries read most accented forms only unfolded ("créée"): a word they do not
    # know goes with its stem's set, one they read as another word ("fonds") does not
    if same is not None and (read is None or read in same[1]):
        return same[0]
    return base


@cache
def synonym_stems() -> dict[str, tuple[str, frozenset[str]]]:
    """The stem of each word of rules/synonyms.yaml -> its set's first word's stem and the
    set's words (made on first use: stems need the dictionaries)."""
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for group in lexicon.entry("synonyms", "sets"):
        first = _own_stem(group[0])[0]
        for word in group:
            out.setdefault(_own_stem(word)[0], (first, frozenset(group)))
    return out


def _own_stem(w: str) -> tuple[str, str | None]:
    """A word's stem without its synonyms, and the word the dictionaries or the irregular
    forms read it as (after derivation; None: neither knows it)."""
    read: str | None = None
    irregular = classes().irregular.get(w)
    if irregular is not None:
        w = read = irregular
    else:
        found = lemma(w)
        # a conditional keeps its form: "aurait" is a hedge, not a form of the claim's "a"
        # (asked only of the words the dictionaries know: most of a sparse archive's are not)
        if found is not None and found.isalpha() and not word_class(w) & HEDGE:
            w = read = fold_word(found)
    w = _DERIVED.get(w, w)  # a noun is its verb: "liquidation" liquider, "lawsuit" sue
    if read is not None:
        read = w
    return _suffix_stem(w), read


def _suffix_stem(w: str) -> str:
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
    # a short stem counts when a dictionary gave it ("went"/"goes" -> "go")
    if sa == stem(b) and (len(sa) >= 3 or sa != a or sa != b):
        return STEM_SIM
    if min(len(a), len(b)) < 4:
        return 0.0
    if word_keys(a) != word_keys(b):
        # what the candidate index cannot find ("Xaomi" for "Xiaomi") the aligner does not
        # accept either: a passage matched this way was never offered at the threshold
        return 0.0
    r = fuzz.ratio(a, b) / 100.0
    # inflection: interdit/interdite, americain/americaines
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short[:-1]) and len(long_) - len(short) <= 3 and len(short) >= 5:
        r = max(r, 0.9)
    return r if r >= MIN_TOKEN_SIM else 0.0


# what a term may read that is not a word of its passage's word_set: a word token read
# otherwise than as its letters, or a contraction's plain form
_READ_OTHERWISE: Final = READ_OTHERWISE | frozenset(CANONICAL.values())
LIKE_READ_OTHERWISE: Final[dict[str, bool]] = {}


def like_read_otherwise(w: str) -> bool:
    """Whether a word may match (token_sim) a term that its passage's word_set does not
    hold: the elided, n't and clitic forms a word token may read ("le" for "l'", "will" for
    "won't", "is" for "'s") and the contractions' plain forms ("de" for "des")."""
    found = LIKE_READ_OTHERWISE.get(w)
    if found is None:
        found = LIKE_READ_OTHERWISE[w] = any(token_sim(w, x) > 0 for x in _READ_OTHERWISE)
    return found


@cache
def _inserted_weight(w: str) -> float:
    """The least weight the aligner may count for a word inserted in a passage."""
    c = classes()
    if len(w) < 2 or w in c.dropped or w in c.polarity or w in ELISIONS:
        return 0.0  # an elided "qu'" or "l'" may be a light word: count it as nothing
    return 0.5 if w in c.light else 1.0


# word lists of the rules as stems, by their path in the rules (see stemmed)
_STEMMED: Final[dict[tuple[str, ...], frozenset[str]]] = {}


def stemmed(*path: str) -> frozenset[str]:
    """A word list of the rules as stems, so that any form of its words is found
    ("prononçait", "imposes"); made on first use, as stems may need the lemmatizer's
    dictionaries, which a warm run never loads."""
    found = _STEMMED.get(path)
    if found is None:
        found = _STEMMED[path] = frozenset(stem(word) for word in lexicon.words(*path))
    return found
