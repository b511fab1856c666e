"""Text normalisation and tokenisation shared by passages and phrasings."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final, Literal, NamedTuple

from text_to_num import text2num

from . import PURE, ordinals
from .analysis import lexicon
from .ordinals import RANK_WORDS, is_rank

TokenKind = Literal["word", "num", "punct"]

_APOSTROPHES: Final = "\u2019\u2018\u02bc\u0060\u00b4\u2032\u201b"
_QUOTES: Final = "\u00ab\u00bb\u201c\u201d\u201e\u201f\u2039\u203a"
_DASHES: Final = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_CHAR_MAP: Final = str.maketrans(
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
_SPACES: Final = re.compile(r"\s+")
_COMBINING: Final = re.compile("[\u0300-\u036f]")

# French elided words, mapped to their full form so that "l'entreprise" ~ "le entreprise".
ELISIONS: Final = {k: str(v) for k, v in lexicon.mapping("grammar", "tokens", "elisions").items()}
# English clitics after an apostrophe; None means the clitic carries no content ("'s").
_CLITICS: Final = lexicon.mapping("grammar", "tokens", "clitics")
# the word before "n't": "can't" -> can not, "won't" -> will not
_NT_STEMS: Final = {k: str(v) for k, v in lexicon.mapping("grammar", "tokens", "nt_stems").items()}
# what a word token may read other than its letters folded (or them less a final "n": "don't"
# -> do, not): elided, "n't" and "cannot" words
REWRITTEN: Final = frozenset([*ELISIONS.values(), *_NT_STEMS.values(), "not", "can"])
# and every word a word token may read other than its letters folded: those and the clitics'
# full forms ("it's" -> "it", "is")
READ_OTHERWISE: Final = REWRITTEN | {str(v) for v in _CLITICS.values() if v is not None}

_SEP: Final = r"[ \u00a0\u202f\u2009,.]"
_NUMBER: Final = (
    r"(?<![\d])(?:\d{1,3}(?:" + _SEP + r"\d{3})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?:[ \u00a0\u202f]?%|(?:er|re|ère|ème|eme|e|th|st|nd|rd)\b)?"
)
_TOKEN_RE: Final = re.compile(
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


_WORD: Final = re.compile(r"[^\W\d_]+")
_WORD_RUNS: Final = re.compile(r"([^\W\d_]+)")


def _scanner() -> Any:
    """The C scanner (_scan.c), or None: not built, or pure Python asked for at run time."""
    if PURE:
        return None
    try:
        from . import _scan
    except ImportError:
        return None
    return _scan


def _count_words(text: str, pos: int = 0, endpos: int = sys.maxsize) -> int:
    return len(_WORD.findall(text, pos, endpos))


# The runs of letters of a text (as _WORD.findall, with its pos and endpos), how many there
# are, the text split around them (gaps and runs in turn) and its tokens' parts (as
# _TOKEN_RE.split, below): by the C scanner when it is built, where the regex engine's
# alternatives and character classes made a third of tokenising a passage, else by `re`
SCANNER: Final[Any] = _scanner()  # matching.py uses it too
letter_runs: Callable[..., list[str]] = SCANNER.words if SCANNER else _WORD.findall
count_letter_runs: Callable[..., int] = SCANNER.count_words if SCANNER else _count_words
split_letter_runs: Callable[[str], list[str]] = SCANNER.split_words if SCANNER else _WORD_RUNS.split
token_parts: Callable[[str], list[Any]] = SCANNER.token_parts if SCANNER else _TOKEN_RE.split


@lru_cache(maxsize=1 << 17)
def word_seq(text: str) -> tuple[str, ...]:
    """The normalised words of a text in order, cheaply, as the tokenizer folds them (for
    indexing and bounds, not for matching: no numbers, elided articles left as they are)."""
    if not _may_hold_nt(text) or _NT.search(text) is None:
        words = [fold_word(w) for w in letter_runs(text)]
    else:  # can't -> can not, won't -> will not, as the tokenizer makes them
        words = []
        for m in _NT_RUNS.finditer(text):
            word = fold_word(m.group(1))
            if m.group(2) and word.endswith("n") and word not in ELISIONS:
                words += (_NT_STEMS.get(word, word[:-1]), "not")
            else:
                words.append(word)
                if m.group(2):
                    words.append("t")
    if "cannot" in words:
        words = [x for w in words for x in (("can", "not") if w == "cannot" else (w,))]
    return tuple(words)


@lru_cache(maxsize=1 << 17)
def word_set(text: str) -> frozenset[str]:
    """The distinct normalised words of a text (see word_seq)."""
    return frozenset(word_seq(text))


# a run of letters ending in "n" glued to an apostrophe and a lone "t": can't, won't, isn't
_NT: Final = re.compile(r"[nN]['\u2019\u2018\u02bc][tT](?![^\W\d_])")
_NT_RUNS: Final = re.compile(r"([^\W\d_]+)(['\u2019\u2018\u02bc][tT](?![^\W\d_]))?")
_NT_HEADS: Final = tuple(n + a for n in "nN" for a in "'\u2019\u2018\u02bc")


def _may_hold_nt(text: str) -> bool:
    """Whether _NT may match: a few str searches, where the pattern tried each character."""
    return any(head in text for head in _NT_HEADS)


_FOLDED: dict[str, str] = {}


def fold_word(word: str) -> str:
    """Normalise one word token (no spaces inside)."""
    # a plain dictionary: the compiled callers look a word up without a call through
    # functools' wrapper (every word of every passage comes here three times)
    found = _FOLDED.get(word)
    if found is None:
        # ASCII letters: what normalise makes of them, without its passes
        found = word.lower() if word.isascii() and word.isalpha() else normalise(word)
        _FOLDED[word] = found
    return found


def forget_folds(limit: int) -> None:
    """Drop the folded words once they are more than `limit` (see matching.forget_words)."""
    if len(_FOLDED) > limit:
        _FOLDED.clear()


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


class Token(NamedTuple):
    """A token with its normalised text and its span in the source string."""

    text: str
    start: int
    end: int
    kind: TokenKind


def token(text: str, start: int, end: int, kind: TokenKind) -> Token:
    """A Token by its fields (tuple.__new__: compiled, a call of the named tuple runs its
    interpreted constructor, for every word of every passage)."""
    return _new(Token, (text, start, end, kind))


@lru_cache(maxsize=1 << 16)
def tokens_of(text: str) -> tuple[Token, ...]:
    """tokenize(text), kept for texts that are looked at again (passages, phrasings)."""
    return tuple(tokenize(text))


def forget_texts() -> None:
    """Drop what the caches above keep per text. They stand in for per-passage tables while
    one shard is scored; kept for the next shard, they held tens of thousands of passages
    that no one looks at again (a worker grew by hundreds of MiB over its shards)."""
    for cached in (tokens_of, word_seq, word_set):
        cached.cache_clear()


_APOS: Final = frozenset("'\u2019\u2018\u02bc")


@lru_cache(maxsize=1 << 14)
def _number(raw: str) -> str:
    return normalise_number(raw)


@lru_cache(maxsize=256)
def _punct(raw: str) -> str:
    return normalise(raw) or raw


_new: Final = tuple.__new__


def tokenize(text: str) -> list[Token]:
    """Split text into words, numbers and punctuation, resolving elision and contractions."""
    if SCANNER is None:
        return _tokenize_py(text)
    out, numbers = SCANNER.tokenize(text)
    return _numbers(out, text, numbers)


def _tokenize_py(text: str) -> list[Token]:
    """tokenize() in Python: where the C scanner is not built, and what tests compare it with."""
    # re.split gives, for each match, the text before it and its four groups (None where the
    # group did not take part): strings only, where finditer made a match object per token
    # and a call for each of its span, group and group name
    parts: list[Any] = token_parts(text)
    out: list[Token] = []
    append = out.append
    last = len(parts) - 5  # the base of the last match
    numbers = False
    pos = 0
    b = 0  # the base of the current match: its gap, then num, word, apos and punct
    while b <= last:
        pos += len(parts[b])
        raw = parts[b + 2]
        if raw is not None:  # a word
            start = pos
            end = pos = start + len(raw)
            word = fold_word(raw)
            # a word glued to an apostrophe and another word: l'entreprise, can't, it's
            if (
                b + 10 <= last
                and parts[b + 8] is not None
                and not parts[b + 5]
                and parts[b + 12] is not None
                and not parts[b + 10]
            ):
                if word in ELISIONS:
                    append(Token(ELISIONS[word], start, end + 1, "word"))
                    pos += 1
                    b += 10  # the apostrophe
                    continue
                after_raw: str = parts[b + 12]
                after = fold_word(after_raw)
                if word.endswith("n") and after == "t":
                    append(Token(_NT_STEMS.get(word, word[:-1]), start, end - 1, "word"))
                    pos = end + 1 + len(after_raw)
                    append(Token("not", end - 1, pos, "word"))
                    b += 15  # the apostrophe and the "t"
                    continue
                if after in _CLITICS:
                    append(token(word, start, end, "word"))
                    pos = end + 1 + len(after_raw)
                    full = _CLITICS[after]
                    if full is not None:
                        append(Token(full, end, pos, "word"))
                    b += 15
                    continue
            if word == "cannot":
                append(Token("can", start, start + 3, "word"))
                append(Token("not", start + 3, end, "word"))
            else:
                append(token(word, start, end, "word"))
        elif parts[b + 4] is not None:
            raw = parts[b + 4]
            end = pos + len(raw)
            append(token(_punct(raw), pos, end, "punct"))
            pos = end
        elif parts[b + 1] is not None:
            raw = parts[b + 1]
            numbers = True
            end = pos + len(raw)
            append(Token(_number(raw), pos, end, "num"))
            pos = end
        else:  # a lone apostrophe is not a token
            pos += len(parts[b + 3])
        b += 5
    return _numbers(out, text, numbers)


# a number followed by one of these is scaled ("10 millions" -> 10000000)
_SCALES: Final = {str(k): int(v) for k, v in lexicon.entry("grammar", "tokens", "scales").items()}


_PLAIN_NUMBER: Final = re.compile(r"\d+(?:\.\d+)?")


def _scaled(number: str, exponent: int) -> str:
    value = Decimal(number).scaleb(exponent)
    return format(value.normalize(), "f") if value != value.to_integral() else str(int(value))


_FRENCH_NUMBERS: Final = lexicon.words("grammar", "numbers", "french")
_ENGLISH_NUMBERS: Final = lexicon.words("grammar", "numbers", "english")
_NUMBER_WORDS: Final = _FRENCH_NUMBERS | _ENGLISH_NUMBERS
_JOINERS: Final = lexicon.words("grammar", "numbers", "joiners")
_ONLY_INSIDE: Final = lexicon.words("grammar", "numbers", "only_inside")
_DOZENS: Final = lexicon.words("grammar", "numbers", "dozens")
_SHORT_SCALES: Final = {
    str(k): int(v) for k, v in lexicon.entry("grammar", "numbers", "short_scales").items()
}
_NEEDS_CURRENCY: Final = lexicon.words("grammar", "numbers", "scales_needing_currency")
_CURRENCY_SIGNS: Final = "".join(lexicon.ordered("grammar", "numbers", "currency_signs"))
_CURRENCY_CODES: Final = lexicon.words("grammar", "numbers", "currency_codes")


# what makes a number token besides a figure: a number word or an ordinal (see _numbers)
NUMBER_WORDS: Final = _NUMBER_WORDS | _DOZENS | RANK_WORDS
_DIGIT: Final = re.compile(r"\d")


def may_hold_number(text: str, words: frozenset[str]) -> bool:
    """Whether tokenize(text) may hold a number, from the text and its word_set: a number
    token is a figure (a decimal digit starts one) or made of number words or an ordinal (see
    _numbers); a word token reads as its letters folded, as word_set holds them, or as one of
    READ_OTHERWISE (tests/test_text.py checks that none of these is a number word)."""
    return not words.isdisjoint(NUMBER_WORDS) or _DIGIT.search(text) is not None


def _numbers(tokens: list[Token], text: str, digits: bool) -> list[Token]:
    """Numbers however a text writes them: ranks ("the sixth", "le 2e"), runs of number words
    made figures, then figures with their scale ("£1.2bn", "38 M€") and percentages."""
    words = ranks = False
    for t in tokens:  # what may be a rank: an ordinal word, a figure with a letter ("2e")
        if t.text in NUMBER_WORDS:
            ranks = ranks or t.text in RANK_WORDS
            words = words or t.text not in RANK_WORDS
        ranks = ranks or (t.kind == "num" and text[t.end - 1].isalpha())
    if ranks:
        tokens = ordinals.ranked(tokens, text, token)
    if words:
        tokens = _spelled(tokens)
    return _merge_number_words(tokens, text) if digits or words else tokens


def unranked(tokens: Sequence[Token], text: str) -> Sequence[Token]:
    """The tokens as clause analysis reads them (see ordinals.unranked)."""
    ranked = any(t.kind == "num" and is_rank(t.text) for t in tokens)
    return ordinals.unranked(tokens, text, token, fold_word) if ranked else tokens


def _spelled(tokens: list[Token]) -> list[Token]:
    """Runs of number words as one number token each ("vingt et un" -> 21, "two hundred and
    five" -> 205, "a dozen" -> 12); a word that is also something else ("un", "one", "neuf"
    new, "million" alone) only inside a run, or alone before a plural ("neuf avions")."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        if t.kind == "word" and t.text in _DOZENS:
            out.append(token("12", t.start, t.end, "num"))
            i += 1
            continue
        # "1,2 milliard", "38 million": a figure's scale, read with the figure below
        scale = i > 0 and tokens[i - 1].kind == "num" and t.text in _SCALES
        if t.kind != "word" or t.text not in _NUMBER_WORDS or scale:
            out.append(t)
            i += 1
            continue
        run = [t.text]
        j = i + 1
        while j < n and tokens[j].kind == "word":
            w = tokens[j].text
            if w in _NUMBER_WORDS:
                run.append(w)
            elif not (w in _JOINERS and j + 1 < n and tokens[j + 1].text in _NUMBER_WORDS):
                break
            else:
                run.append(w)
            j += 1
        value = _value(run) if _stands_alone(run, tokens, j) else None
        if value is None:
            out.append(t)
            i += 1
            continue
        out.append(token(value, t.start, tokens[j - 1].end, "num"))
        i = j
    return out


def _stands_alone(run: list[str], tokens: list[Token], after: int) -> bool:
    if len(run) > 1 or run[0] not in _ONLY_INSIDE:
        return True
    # "neuf avions", "mille salariés", "a million customers": before a plural noun
    nxt = tokens[after].text if after < len(tokens) and tokens[after].kind == "word" else ""
    return run[0] not in ("un", "une", "one") and len(nxt) > 3 and nxt[-1] in "sx"


def _value(run: list[str]) -> str | None:
    """The figure a run of number words writes, as normalise_number writes figures."""
    words = set(run) - _JOINERS
    languages = ("en", "fr") if words <= _ENGLISH_NUMBERS else ("fr", "en")
    for lang in languages:
        try:
            return str(text2num(" ".join(run), lang))
        except ValueError:
            continue
    return None


def _currency_beside(tokens: list[Token], text: str, i: int, scale: Token) -> bool:
    """A currency marks the figure at i: a sign right before it or after its scale ("€38m",
    "38 M€"), or a code before it ("EUR 38m")."""
    number = tokens[i]
    before = text[max(0, number.start - 2) : number.start]
    after = text[scale.end : scale.end + 2]
    if any(c in _CURRENCY_SIGNS for c in before + after):
        return True
    return i > 0 and tokens[i - 1].text in _CURRENCY_CODES


def _merge_number_words(tokens: list[Token], text: str) -> list[Token]:
    """Fold "75 pour cent" into "75%", "10 millions" into "10000000", "£1.2bn" and "EUR 38m"
    into their figures."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "num" and not t.text.endswith("%") and not is_rank(t.text):
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
            # a number normalise_number could not read ("12345,512345,5") is not scaled
            plain = _PLAIN_NUMBER.fullmatch(t.text) is not None
            if nxt in _SCALES and plain:
                out.append(Token(_scaled(t.text, _SCALES[nxt]), t.start, tokens[i + 1].end, "num"))
                i += 2
                continue
            short = _SHORT_SCALES.get(nxt)
            if short is not None and plain:
                scale = tokens[i + 1]
                if nxt not in _NEEDS_CURRENCY or _currency_beside(tokens, text, i, scale):
                    out.append(Token(_scaled(t.text, short), t.start, scale.end, "num"))
                    i += 2
                    continue
        out.append(t)
        i += 1
    return out


def words(text: str) -> list[str]:
    """The normalised word and number tokens of text, for quick comparisons."""
    return [t.text for t in tokenize(text) if t.kind != "punct"]


_FR_MARKERS: Final = lexicon.words("grammar", "tokens", "french_markers")
_EN_MARKERS: Final = lexicon.words("grammar", "tokens", "english_markers")


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


if SCANNER is not None:
    SCANNER.configure(Token, _FOLDED, fold_word, ELISIONS, _NT_STEMS, _CLITICS, _number, _punct)
