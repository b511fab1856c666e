"""Normalisation and tokenisation."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimcheck.text import guess_language, normalise, tokenize, words


def test_normalise_folds_case_accents_quotes_and_spaces() -> None:
    assert (
        normalise("  L’ÉTAT\u00a0«Défense»\u202fœuvre — fin ") == 'l\'etat "defense" oeuvre - fin'
    )


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(st.text())
def test_tokens_point_into_the_text(text: str) -> None:
    for tok in tokenize(text):
        assert 0 <= tok.start < tok.end <= len(text)
        assert tok.text


def test_elision_is_expanded() -> None:
    assert words("l’entreprise n'a pas d'argent qu'elle") == [
        "le",
        "entreprise",
        "ne",
        "a",
        "pas",
        "de",
        "argent",
        "que",
        "elle",
    ]


def test_english_contractions() -> None:
    assert words("It can't, won't, isn't; it cannot.") == [
        "it",
        "can",
        "not",
        "will",
        "not",
        "is",
        "not",
        "it",
        "can",
        "not",
    ]


def test_numbers_are_canonical() -> None:
    assert words("4 000") == words("4,000") == words("4000") == words("4\u202f000") == ["4000"]
    assert words("75%") == words("75 %") == words("75 pour cent") == words("75 percent") == ["75%"]
    assert words("2,5") == words("2.5") == ["2.5"]
    assert words("46ème") == words("46e") == words("46th") == ["46"]
    assert words("en 2019 200 personnes")[:3] == ["en", "2019", "200"]


def test_guess_language() -> None:
    assert guess_language("Xiaomi est interdite de commercer avec les entreprises") == "fr"
    assert guess_language("Xiaomi is barred from trading with the firms") == "en"
    assert guess_language("Xiaomi") is None
