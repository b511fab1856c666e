"""Ordinals that rank a noun ("the sixth penalty", "la troisième fois", "the 2nd round", "la
Ve République"): where text.tokenize finds them, and the rank each gives. A rank is a number
token whose text is its figure after RANK ("#6"), so that it equals only another rank."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Final, Literal, Protocol, TypeVar

from text_to_num import text2num

from .analysis import lexicon

RANK: Final = "#"

_FRENCH_ORDINALS: Final = lexicon.mapping("grammar", "numbers", "ordinals", "french")
_ENGLISH_ORDINALS: Final = lexicon.mapping("grammar", "numbers", "ordinals", "english")
_FRENCH_OPENERS: Final = lexicon.words("grammar", "numbers", "ordinals", "french_openers")
_ENGLISH_OPENERS: Final = lexicon.words("grammar", "numbers", "ordinals", "english_openers")
_NUMBER_WORDS: Final = lexicon.words("grammar", "numbers", "french") | lexicon.words(
    "grammar", "numbers", "english"
)
_JOINERS: Final = lexicon.words("grammar", "numbers", "joiners")
# what a rank's noun is not: a grammar word, a month or a day ("le 1er mai" is a date), a
# word matching passes over, an office ("le Premier ministre")
_NOT_NOUNS: Final = (
    lexicon.words("subjects", "function_words")
    | lexicon.words("subjects", "months_days")
    | lexicon.words("matching", "light")
    | lexicon.words("matching", "dropped")
    | lexicon.words("matching", "polarity")
    | lexicon.words("grammar", "numbers", "ordinals", "offices")
)


def _roman(n: int) -> str:
    """n in Roman figures, in lower case (1 to 39: a century, a republic, an arrondissement)."""
    return "x" * (n // 10) + ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")[n % 10]


# Roman ordinals as word tokens fold them ("XXIe" -> "xxie"), each with its rank; "Ier" is a
# king's, and the text must write the figure in capitals ("VIe", not "vie")
_ROMAN_ORDINALS: Final = {
    _roman(n) + ending: str(n) for n in range(2, 40) for ending in ("e", "eme")
}
_ROMAN_WRITTEN: Final = re.compile(r"[IVX]+(?:e|ème|eme)")
# the words that may write a rank (number words before them make compounds)
RANK_WORDS: Final = (
    frozenset(_FRENCH_ORDINALS) | frozenset(_ENGLISH_ORDINALS) | frozenset(_ROMAN_ORDINALS)
)
_LETTERS: Final = re.compile(r"[^\W\d_]+")
# "Tessara's first", "the companies' second": an English possessive before a rank
_POSSESSIVE: Final = re.compile(r"(?:['\u2019]s|s['\u2019])\s+$")


class Word(Protocol):
    """What is read of a token here (text.Token, which imports this module)."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...


T = TypeVar("T", bound=Word)
# how text.py makes a token (text, start, end, kind): it imports this module
Make = Callable[[str, int, int, Literal["word", "num"]], T]


def is_rank(text: str) -> bool:
    """Whether a number token's text is an ordinal's rank ("#6"), not a count or an amount."""
    return text[:1] == RANK


def ranked(tokens: list[T], text: str, make: Make[T]) -> list[T]:
    """Ordinals that modify a noun as ranks ("the sixth GDPR penalty" -> "#6", "au 2e tour"
    -> "#2", "twenty-first store" -> "#21", one token); any other "first", "second" or
    "premier" stays a word ("first reported", "a second.", "second-hand", "le Premier
    ministre"), and a figure with an ordinal ending that is no rank stays a figure ("le 1er
    mai", "March 3rd")."""
    out: list[T] = []
    for i, t in enumerate(tokens):
        found = rank_at(tokens, text, i)
        if found is None:
            out.append(t)
            continue
        value, first = found
        if first < i:  # the number words of a compound ("twenty", "vingt et")
            del out[first - i :]
        out.append(make(RANK + value, tokens[first].start, t.end, "num"))
    return out


def unranked(
    tokens: Sequence[T], text: str, make: Make[T], fold: Callable[[str], str]
) -> Sequence[T]:
    """The tokens with each rank read as it was before ranks: its figure ("2nd" -> 2) or the
    word it ends with, folded ("first", "troisieme" of "vingt-troisième"). Clause analysis
    reads these: its rules (subjects, heads of noun phrases) know ordinals as words, and a
    figure there as a determiner."""
    out = list(tokens)
    for i, t in enumerate(tokens):
        if t.kind == "num" and is_rank(t.text):
            raw = text[t.start : t.end]
            if raw[:1].isdigit():
                out[i] = make(t.text[len(RANK) :], t.start, t.end, "num")
            else:
                last = _LETTERS.findall(raw)[-1]
                out[i] = make(fold(last), t.end - len(last), t.end, "word")
    return out


def rank_at(tokens: Sequence[Word], text: str, i: int) -> tuple[str, int] | None:
    """The rank of the ordinal that ends at token i, and the token it starts at; None when
    token i ends no ordinal, or the ordinal modifies no noun ("first reported", "at first",
    "second-hand", "le Premier ministre"), or a figure with an ordinal ending is no rank ("le
    1er mai", "March 3rd")."""
    t = tokens[i]
    if t.kind == "num":
        # a figure with an ordinal ending: the tokenizer read "2nd", "3e", "1er" as 2, 3, 1
        if not text[t.end - 1].isalpha() or not t.text.isdigit():
            return None
        return (t.text, i) if _before_noun(tokens, text, i) else None
    if t.kind != "word" or t.text not in RANK_WORDS or not _before_noun(tokens, text, i):
        return None
    roman = _ROMAN_ORDINALS.get(t.text)
    if roman is not None:
        if _ROMAN_WRITTEN.fullmatch(text, t.start, t.end) is None:
            return None  # "vie", not "VIe"
        return (roman, i) if _opened(tokens, text, i, _FRENCH_OPENERS) else None
    # a compound: the number words right before it ("twenty-first", "vingt et unième")
    first = i
    while first > 0 and tokens[first - 1].kind == "word":
        before = tokens[first - 1].text
        if before in _NUMBER_WORDS or (
            before in _JOINERS and first > 1 and tokens[first - 2].text in _NUMBER_WORDS
        ):
            first -= 1
        else:
            break
    for ordinals, lang, openers in (
        (_FRENCH_ORDINALS, "fr", _FRENCH_OPENERS),
        (_ENGLISH_ORDINALS, "en", _ENGLISH_OPENERS),
    ):
        cardinal = ordinals.get(t.text)
        if cardinal is None:
            continue
        start = first
        value = _figure([tok.text for tok in tokens[first:i]] + [cardinal], lang)
        if value is None:  # "three first": the ordinal alone
            start, value = i, _figure([cardinal], lang)
        if value is not None and _opened(tokens, text, start, openers):
            return value, start
    return None


def _figure(run: list[str], lang: str) -> str | None:
    """The figure a run of number words of one language writes ("twenty one" -> 21)."""
    try:
        return str(text2num(" ".join(run), lang))
    except ValueError:
        return None


def _before_noun(tokens: Sequence[Word], text: str, i: int) -> bool:
    """Whether the word after token i may be the noun an ordinal there modifies: a content
    word right after it, with nothing but a space between ("second-hand" is one word)."""
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    if nxt.kind != "word" or nxt.text in _NOT_NOUNS:
        return False
    return text[tokens[i].end : nxt.start].isspace()


def _opened(tokens: Sequence[Word], text: str, i: int, openers: frozenset[str]) -> bool:
    """Whether an article or a possessive of the ordinal's language stands right before token
    i ("the first", "la troisième", "Tessara's second"): "first reported", "at first" and a
    headline's "Premier ministre" have none."""
    if i > 0 and tokens[i - 1].kind == "word" and tokens[i - 1].text in openers:
        return True
    return openers is _ENGLISH_OPENERS and bool(_POSSESSIVE.search(text, 0, tokens[i].start))
