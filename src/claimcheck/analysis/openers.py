"""A capitalised word that opens a sentence before bare nouns and their verb ("Solar panels
drain the sun's energy", "Travel agents said", "Renewable energy investment kills jobs",
"Tourisme et hôtellerie ont souffert"): it qualifies those nouns, and a common word there
(one simplemma's dictionaries hold) is no name. Names that are common words stay names
right before their verb ("Orange a supprimé", "Shell cut", "Meta fined")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Protocol

from ..text import Token, language_of
from . import lexicon
from .lemmas import common, english
from .rules import subject_rules

# what a noun phrase does not run on through: its links to a complement, a clause, a list
_NOT_NOUNS: Final = (
    subject_rules().function_words
    | subject_rules().coordinators
    | lexicon.words("grammar", "prepositions")
    | lexicon.words("grammar", "complementisers")
    | lexicon.words("grammar", "relatives")
)
# what joins two bare nouns of one noun phrase ("Tourisme et hôtellerie", "Solar and wind")
_AND: Final = frozenset(["et", "and"])
# how many words a noun phrase after an opener may hold ("sea level rise", "sea ice extent")
_MOST: Final = 3


class Words(Protocol):
    """What the opener tests read of a sentence (analysis.sentence.SentenceWords)."""

    tokens: Sequence[Token]
    t: list[str]
    n: int

    def capitalised(self, i: int) -> bool: ...
    def verbish(self, i: int) -> bool: ...
    def determiner(self, i: int) -> bool: ...
    def possessive_s(self, end: int) -> bool: ...


def common_opener(s: Words, i: int) -> int:
    """Where the verb is when the capitalised word at i (opening its sentence) is a common
    word before a noun phrase and its verb ("Solar [panels] drain"); -1 otherwise: a verb
    right after it ("Orange a supprimé", "Shell cut"), a possessive ("Apple's shares"), a
    word the dictionaries do not hold ("Velmont shares fell"). Asked only of capitalised
    words that open a sentence, with nothing else marking them as names or common words."""
    if s.possessive_s(i + 1):
        return -1
    verb = verb_after_nouns(s, i + 1)
    return verb if verb > 0 and common(s.t[i]) else -1


def verb_after_nouns(s: Words, j: int) -> int:
    """Where the verb is when bare nouns and adjectives run from j up to it ("[panels] drain
    the", "[energy investment] kills jobs", "[agents] said"); -1 when none comes, or when one
    comes right at j."""
    end = _noun_run(s, j)
    if end <= j or _object_after(s, j):
        return -1  # "Clouds provide a negative feedback": the verb comes right at j
    # (a claim as short as "Wind farms harm local wildlife" has no English marker: not French)
    french = language_of(s.t) == "fr"
    # a verb group, or a word an object follows: "[agents] said", "[panels] drain the"
    for k in range(j + 1, min(end, j + _MOST) + 1):
        verbish = k < s.n and s.verbish(k) and (french or s.t[k] != "a")
        if verbish or (k < end and _object_after(s, k)):
            return k
    if french:
        return -1
    # English agreement: a plural noun and a verb's bare form ("[farms] harm"), a singular
    # one and its -s form ("[investment] kills"), or any noun and a past ("[shares] fell")
    for k in range(j + 1, min(end, j + _MOST + 1)):
        if _agrees(s.t[k - 1], s.t[k]):
            return k
    return -1


def _noun_run(s: Words, j: int) -> int:
    """End of the bare lowercase words from j (and "et"/"and" before one of them: the word
    before j is a noun too)."""
    k = j
    while k < s.n and k - j <= _MOST + 1:
        if _noun(s, k) or (s.t[k] in _AND and k + 1 < s.n and _noun(s, k + 1)):
            k += 1
        else:
            break
    return k


def _noun(s: Words, k: int) -> bool:
    """A bare lowercase word that may be a noun or an adjective of a noun phrase."""
    return (
        s.tokens[k].kind == "word"
        and not s.capitalised(k)
        and s.t[k] not in _NOT_NOUNS
        and not s.verbish(k)
        and not s.determiner(k)
    )


def _object_after(s: Words, k: int) -> bool:
    """What follows word k opens an object: a determiner or a figure ("drain the", "fell 5%")."""
    nxt = k + 1
    return nxt < s.n and (s.determiner(nxt) or s.tokens[nxt].kind == "num")


def _agrees(before: str, word: str) -> bool:
    """An English verb after the noun `before`, by the forms the English dictionary gives."""
    lemma = english(word)
    if lemma is None:
        return False
    if lemma != word and not word.endswith(("s", "ing")):
        return True  # a past: "fell", "grew", "spent"
    if before.endswith("s") and english(before) not in (None, before):
        # a plural by the dictionary ("farms" is "farm"; "news" is itself)
        return lemma == word  # "farms harm", "cycles cause"
    return word.endswith("s") and lemma != word and word.startswith(lemma)  # "kills"
