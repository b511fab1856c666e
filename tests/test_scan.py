"""The C scanner (_scan.c) against the regular expressions it stands in for, on random text."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck import text
from claimcheck.matching.phrasing import prepare
from claimcheck.matching.prefilter import _bound, _bound_py, _order_table, _order_table_py
from claimcheck.matching.terms import Term, _match_terms_py, match_terms
from claimcheck.text import _TOKEN_RE, _WORD, _WORD_RUNS, Token, _tokenize_py, tokenize, tokens_of

scan = pytest.importorskip("claimcheck._scan", reason="the C scanner is not built here")

EXAMPLES = int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES * 4, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# what the number, word, apostrophe and punctuation patterns turn on: digits (Arabic-Indic
# ones too), their separators, the suffixes' letters, "%", apostrophes, dots, underscores,
# letters beyond Latin-1, digits that are not decimal ("²", "½"), surrogate-free astral letters
PIECES = [
    *"0123456789",
    "\u0663",
    " ",
    "\u00a0",
    "\u202f",
    "\u2009",
    ",",
    ".",
    "...",
    "%",
    *"erèmethsnd",
    "E",
    "x",
    "Xi",
    "_",
    "'",
    "\u2019",
    "\u2018",
    "\u02bc",
    "\u00e9",
    "\u0153",
    "\u00b2",
    "\u00bd",
    "\u0416",
    "\U0001d400",
    "!",
    "?",
    "\u2026",
    ";",
    ":",
    "(",
    ")",
    "[",
    "]",
    '"',
    "\u00ab",
    "\u00bb",
    "\u201c",
    "\u201d",
    "\u2013",
    "\u2014",
    "/",
    "-",
    "\n",
    "1 000",
    "12 345,5",
    "1.234.5678",
    "2e",
    "1er",
    "3ème",
    "4th",
    "l'",
    "n't",
    "L’",
    "qu'",
    "can",
    "cannot",
    "CANNOT",
    "won",
    "Don",
    "'t",
    "'s",
    "'re",
    "'ll",
    "'ve",
    "'d",
    "'m",
    "pour cent",
    "percent",
    "millions",
    "État",
    " no longer ",
    " ne ",
    " pas ",
    " le ",
    " a ",
    " des ",
    " aux ",
]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join) | st.text(max_size=40)
WORD_RE_SPLIT = re.compile(r"([^\W\d_]+)")


@FUZZ
@given(texts)
def test_token_parts_are_the_token_pattern_split(s: str) -> None:
    assert scan.token_parts(s) == _TOKEN_RE.split(s)


@FUZZ
@given(texts)
def test_tokens_are_the_python_tokenizers(s: str) -> None:
    tokens = tokenize(s)
    assert tokens == _tokenize_py(s)
    assert all(type(t) is Token for t in tokens)


@FUZZ
@given(texts, st.integers(-3, 45), st.integers(-3, 45))
def test_words_are_the_word_pattern_found_between_pos_and_endpos(s: str, a: int, b: int) -> None:
    assert scan.words(s) == _WORD.findall(s)
    assert scan.words(s, a) == _WORD.findall(s, a)
    assert scan.words(s, a, b) == _WORD.findall(s, a, b)
    assert scan.count_words(s, a, b) == len(_WORD.findall(s, a, b))


@FUZZ
@given(texts)
def test_split_words_is_the_word_pattern_split(s: str) -> None:
    assert scan.split_words(s) == _WORD_RUNS.split(s) == WORD_RE_SPLIT.split(s)


def test_the_scanner_is_used_when_built_and_not_when_pure_python_is_asked_for() -> None:
    if os.environ.get("CLAIMCHECK_PURE_PYTHON") == "1":
        assert text.token_parts == _TOKEN_RE.split
    else:
        assert text.token_parts is scan.token_parts
        assert text.letter_runs is scan.words
    probe = "import claimcheck.text as t; print(t.token_parts == t._TOKEN_RE.split)"
    env = {**os.environ, "CLAIMCHECK_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "True", out.stderr


@pytest.mark.parametrize("bad", [None, b"bytes", 3])
def test_the_scanner_refuses_what_is_not_text(bad: object) -> None:
    with pytest.raises(TypeError):
        scan.token_parts(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        scan.words(bad)  # type: ignore[arg-type]


@FUZZ
@given(texts)
def test_terms_are_the_python_match_terms(s: str) -> None:
    tokens = tokens_of(s)
    terms = match_terms(tokens)
    assert terms == _match_terms_py(tokens)
    assert all(type(t) is Term for t in terms)
    # as a list too (phrasings pass their tokens as one)
    assert match_terms(list(tokens)) == terms


WORDS = ["xiaomi", "ban", "banned", "us", "firms", "le", "de", "groupe", "ne", "pas", "a", "1"]
word_lists = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)


@FUZZ
@given(
    word_lists,
    word_lists,
    st.floats(0, 100),
    st.sets(st.integers(0, 11), max_size=4),
    st.tuples(st.integers(0, 12), st.integers(0, 12)),
)
def test_the_order_bound_is_the_python_one(
    phrasing: list[str], passage: list[str], score: float, missing: set[int], aside: tuple[int, int]
) -> None:
    p = prepare(" ".join(phrasing))
    where, inserted = _order_table(tuple(passage), aside)
    gone = frozenset(i for i in missing if i < len(p.terms))
    # the drawn threshold and a sweep: a bound that differs flips at one of them
    for s in (score, *range(0, 101, 2)):
        assert _bound(p, where, inserted, s, gone) == _bound_py(p, where, inserted, s, gone), s


@FUZZ
@given(
    st.lists(st.sampled_from([*WORDS, "l", "qu", "x", "", "not", "des"]), max_size=14),
    st.integers(-2, 16),
    st.integers(-2, 16),
)
def test_the_order_table_is_the_python_one(seq: list[str], lo: int, hi: int) -> None:
    words = tuple(seq)
    assert _order_table(words, (lo, hi)) == _order_table_py(words, (lo, hi))
