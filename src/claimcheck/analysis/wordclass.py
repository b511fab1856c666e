"""What a normalised word is to the cue and subject scans (a reporting, denial or hedge
word ...), as bits worked out once per word."""

from __future__ import annotations

import re
from typing import Final

from . import lexicon
from .rules import rules

# what a word is, as bits, worked out once per word: the tests below run on every token
VERB_FR: Final = 1
VERB_EN: Final = 2
DENIAL_VERB: Final = 4
HEDGE: Final = 8
SAY: Final = 16

# English reporting verbs that introduce speech without "that"
_SAY: Final = re.compile(lexicon.entry("polarity", "attribution", "say_verbs"))


# word_class's results (a plain dictionary: see matching.terms.STEMS); 200 topical articles ask
# for 321,000 of them, for a few thousand words
WORD_CLASSES: Final[dict[str, int]] = {}


def word_class(word: str) -> int:
    """The regular-expression classes of a normalised word (VERB_FR | VERB_EN ...)."""
    known = WORD_CLASSES.get(word)
    if known is None:
        known = WORD_CLASSES[word] = _word_class(word)
    return known


def _word_class(word: str) -> int:
    r = rules()
    bits = 0
    if r.verbs_fr.fullmatch(word):
        bits |= VERB_FR
    if r.verbs_en.fullmatch(word):
        bits |= VERB_EN
    if r.denial_verbs.fullmatch(word):
        bits |= DENIAL_VERB
    if word in r.hedge_words or (
        r.hedge_pattern.fullmatch(word) and not r.hedge_not.fullmatch(word)
    ):
        bits |= HEDGE
    if _SAY.fullmatch(word):
        bits |= SAY
    return bits
