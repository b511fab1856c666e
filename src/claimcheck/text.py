"""Text normalisation and tokenisation shared by passages and phrasings."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

TokenKind = Literal["word", "num", "punct"]

_APOSTROPHES = "\u2019\u2018\u02bc\u0060\u00b4\u2032\u201b"
_QUOTES = "\u00ab\u00bb\u201c\u201d\u201e\u201f\u2039\u203a"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_CHAR_MAP = str.maketrans(
    {
        **{c: "'" for c in _APOSTROPHES},
        **{c: '"' for c in _QUOTES},
        **{c: "-" for c in _DASHES},
        "\u0153": "oe",
        "\u0152": "oe",
        "\u00e6": "ae",
        "\u00c6": "ae",
    }
)
_SPACES = re.compile(r"\s+")
_COMBINING = re.compile("[\u0300-\u036f]")

# French elided words, mapped to their full form so that "l'entreprise" ~ "le entreprise".
ELISIONS = {
    "l": "le",
    "d": "de",
    "j": "je",
    "m": "me",
    "t": "te",
    "s": "se",
    "c": "ce",
    "n": "ne",
    "qu": "que",
    "jusqu": "jusque",
    "lorsqu": "lorsque",
    "puisqu": "puisque",
    "quoiqu": "quoique",
}
# English clitics after an apostrophe; None means the clitic carries no content ("'s").
_CLITICS = {"s": None, "re": "are", "ll": "will", "ve": "have", "d": None, "m": "am"}
_NT_STEMS = {"can": "can", "won": "will", "don": "do", "shan": "shall", "ain": "is"}

_SEP = r"[ \u00a0\u202f\u2009,.]"
_NUMBER = (
    r"(?<![\d])(?:\d{1,3}(?:" + _SEP + r"\d{3})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?:[ \u00a0\u202f]?%|(?:er|re|ère|ème|eme|e|th|st|nd|rd)\b)?"
)
_TOKEN_RE = re.compile(
    rf"(?P<num>{_NUMBER})"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<apos>['\u2019\u2018\u02bc])"
    r"|(?P<punct>\.\.\.|[.!?\u2026;:,()\[\]\"\u00ab\u00bb\u201c\u201d\u2013\u2014/])",
    re.UNICODE,
)


def normalise(text: str) -> str:
    """Fold case, accents, typographic quotes, dashes and spaces; idempotent."""
    text = unicodedata.normalize("NFKC", text).translate(_CHAR_MAP).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    if not decomposed.isascii():
        decomposed = _COMBINING.sub("", decomposed)
        if not decomposed.isascii():  # rarer combining marks
            decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = unicodedata.normalize("NFKC", decomposed).translate(_CHAR_MAP)
    return _SPACES.sub(" ", text).strip()


_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1 << 17)
def word_set(text: str) -> frozenset[str]:
    """The distinct normalised words of a text, cheaply (for indexing, not for matching)."""
    text = _NT.sub(_expand_nt, normalise(text)).replace("cannot", "can not")
    return frozenset(_WORD.findall(text))


# the word set must hold the words the tokenizer makes: "can't" -> can not, "won't" -> will not
_NT = re.compile(r"\b([^\W\d_]+)n't\b")
_NT_WORD = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}


def _expand_nt(m: re.Match[str]) -> str:
    return _NT_WORD.get(m.group(1), m.group(1)) + " not"


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Normalise one word token (no spaces inside)."""
    return normalise(word)


def normalise_number(raw: str) -> str:
    """Canonical form of a number token: "4 000" = "4,000" = "4000"; "75 %" = "75%"."""
    percent = raw.rstrip().endswith("%")
    digits = re.sub(r"[^\d.,\u00a0\u202f\u2009 ]", "", raw.rstrip("%")).strip()
    digits = re.sub(r"[\u00a0\u202f\u2009 ]", "", digits)
    # A separator followed by exactly three digits (and more groups) groups thousands.
    if re.fullmatch(r"\d{1,3}([.,])\d{3}(\1\d{3})*", digits):
        whole, frac = re.sub(r"[.,]", "", digits), ""
    else:
        m = re.fullmatch(r"(\d{1,3}(?:[.,]\d{3})*|\d+)(?:[.,](\d+))?", digits)
        if m is None:  # pragma: no cover - the tokenizer only yields digit runs
            return digits
        whole, frac = re.sub(r"[.,]", "", m.group(1)), (m.group(2) or "")
    whole = whole.lstrip("0") or "0"
    frac = frac.rstrip("0")
    value = f"{whole}.{frac}" if frac else whole
    return value + ("%" if percent else "")


@dataclass(frozen=True, slots=True)
class Token:
    """A token with its normalised text and its span in the source string."""

    text: str
    start: int
    end: int
    kind: TokenKind


def tokenize(text: str) -> list[Token]:
    """Split text into words, numbers and punctuation, resolving elision and contractions."""
    ms = list(_TOKEN_RE.finditer(text))
    out: list[Token] = []

    def glued(i: int) -> bool:
        # ms[i] is a word directly followed by an apostrophe and another word
        return (
            i + 2 < len(ms)
            and ms[i + 1].lastgroup == "apos"
            and ms[i + 1].start() == ms[i].end()
            and ms[i + 2].lastgroup == "word"
            and ms[i + 2].start() == ms[i + 1].end()
        )

    i = 0
    while i < len(ms):
        m, kind = ms[i], ms[i].lastgroup
        i += 1
        if kind == "num":
            out.append(Token(normalise_number(m.group()), m.start(), m.end(), "num"))
        elif kind == "punct":
            out.append(Token(normalise(m.group()) or m.group(), m.start(), m.end(), "punct"))
        elif kind == "word":
            word = fold_word(m.group())
            if glued(i - 1) and word in ELISIONS:
                out.append(Token(ELISIONS[word], m.start(), ms[i].end(), "word"))
                i += 1  # the apostrophe
            elif glued(i - 1) and word.endswith("n") and fold_word(ms[i + 1].group()) == "t":
                out.append(Token(_NT_STEMS.get(word, word[:-1]), m.start(), m.end() - 1, "word"))
                out.append(Token("not", m.end() - 1, ms[i + 1].end(), "word"))
                i += 2  # the apostrophe and the "t"
            elif glued(i - 1) and fold_word(ms[i + 1].group()) in _CLITICS:
                out.append(Token(word, m.start(), m.end(), "word"))
                full = _CLITICS[fold_word(ms[i + 1].group())]
                if full is not None:
                    out.append(Token(full, ms[i].start(), ms[i + 1].end(), "word"))
                i += 2
            elif word == "cannot":
                out.append(Token("can", m.start(), m.start() + 3, "word"))
                out.append(Token("not", m.start() + 3, m.end(), "word"))
            else:
                out.append(Token(word, m.start(), m.end(), "word"))
        # a lone apostrophe is not a token
    return _merge_number_words(out)


_SCALES = {
    "mille": 3,
    "thousand": 3,
    "million": 6,
    "millions": 6,
    "milliard": 9,
    "milliards": 9,
    "billion": 9,
    "billions": 9,
    "trillion": 12,
}


def _scaled(number: str, exponent: int) -> str:
    value = Decimal(number).scaleb(exponent)
    return format(value.normalize(), "f") if value != value.to_integral() else str(int(value))


def _merge_number_words(tokens: list[Token]) -> list[Token]:
    """Fold "75 pour cent" into "75%" and "10 millions" into "10000000"."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "num" and not t.text.endswith("%"):
            nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
            nxt2 = tokens[i + 2].text if i + 2 < len(tokens) else ""
            if nxt == "percent":
                out.append(Token(t.text + "%", t.start, tokens[i + 1].end, "num"))
                i += 2
                continue
            if nxt in ("pour", "per") and nxt2 == "cent":
                out.append(Token(t.text + "%", t.start, tokens[i + 2].end, "num"))
                i += 3
                continue
            if nxt in _SCALES:
                out.append(Token(_scaled(t.text, _SCALES[nxt]), t.start, tokens[i + 1].end, "num"))
                i += 2
                continue
        out.append(t)
        i += 1
    return out


def words(text: str) -> list[str]:
    """The normalised word and number tokens of text, for quick comparisons."""
    return [t.text for t in tokenize(text) if t.kind != "punct"]


_FR_MARKERS = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "une",
        "est",
        "sont",
        "pas",
        "que",
        "qui",
        "dans",
        "pour",
        "avec",
        "sur",
        "ne",
        "au",
        "aux",
        "et",
        "ces",
        "cette",
        "leur",
        "ses",
        "son",
        "sa",
        "entreprise",
    ]
)
_EN_MARKERS = frozenset(
    [
        "the",
        "of",
        "and",
        "is",
        "are",
        "was",
        "were",
        "not",
        "to",
        "in",
        "with",
        "for",
        "that",
        "this",
        "on",
        "by",
        "its",
        "it",
        "from",
        "be",
        "has",
        "have",
        "company",
    ]
)


def guess_language(text: str) -> str | None:
    """'fr', 'en' or None, from common function words; enough to warn about a mismatch."""
    return language_of(words(text))


def language_of(toks: Iterable[str]) -> str | None:
    """'fr', 'en' or None, from the common function words among normalised tokens."""
    toks = list(toks)
    fr = sum(t in _FR_MARKERS for t in toks)
    en = sum(t in _EN_MARKERS for t in toks)
    if fr == en:
        return None
    return "fr" if fr > en else "en"
