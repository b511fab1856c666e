"""Polarity rules on adversarial sentences written for these tests, French and English."""

from __future__ import annotations

import pytest

from claimcheck.analysis.rules import rules
from claimcheck.analysis.scope import clause_polarity
from claimcheck.text import tokenize

from .conftest import CheckFn

# The sentence-by-sentence cases are tables: tests/cases/polarity-*.yaml (tests/test_cases.py).


def test_hard_wrapped_sentence_is_one_passage_with_its_first_line(check: CheckFn) -> None:
    text = (
        "Les sanctions americaines\n\n"
        "Xiaomi reste une entreprise tres surveillee par le gouvernement americain depuis\n"
        "janvier. Pour le moment, l'entreprise Xiaomi n'a pas ete interdite de commercer\n"
        "avec les entreprises americaines, selon plusieurs sources proches du dossier a\n"
        "Washington et a Pekin.\n"
    )
    result = check("Xiaomi est interdite de commercer avec les entreprises américaines", text)
    assert result.verdict == "contradicted"
    e = result.evidence[0]
    assert (e.line, e.column) == (4, 10)
    assert e.negated and e.quote.startswith("Pour le moment") and e.quote.endswith("Pekin.")


def test_phrasing_polarity_counts_cues_and_pseudo_negations() -> None:
    def neg(text: str) -> bool:
        return clause_polarity(tuple(tokenize(text)), text).negated

    assert neg("Xiaomi ne peut pas commercer")
    assert neg("Xiaomi can't trade")
    assert not neg("Xiaomi ne cesse de grandir")
    assert not neg("Cela ne veut pas dire que Xiaomi n'est pas interdite")
    assert not neg("not only Xiaomi")


def test_rules_file_loads_and_is_not_empty() -> None:
    r = rules()
    assert {"pas", "jamais", "ni"} <= r.ne_particles
    assert ("ne", "cesse") in [seq for seq, _ in r.pseudo.by_first["ne"]]


def test_attribution_sources_as_written(check: CheckFn) -> None:
    cases = {
        "Xiaomi a été ajoutée à la liste noire, a déclaré un porte-parole.": "un porte-parole",
        "« Xiaomi a été ajoutée à la liste noire », affirme le ministre.": "le ministre",
        "Xiaomi aurait été ajoutée à la liste noire selon Bloomberg.": "Bloomberg",
        "Comme le rapporte Reuters, Xiaomi a été ajoutée à la liste noire.": "Reuters",
        "Xiaomi a été ajoutée à la liste noire.": None,
        "Xiaomi was added to the blacklist, officials said.": "officials",
        "Xiaomi was added to the blacklist.": None,
        '"Xiaomi was added to the blacklist," said Anna Berg.': "Anna Berg",
        '"Xiaomi was added to the blacklist," said Anna Berg, its lawyer.': "Anna Berg",
        '"Xiaomi was added to the blacklist," Reuters said on Monday.': "Reuters",
        'Anna Berg said: "Xiaomi was added to the blacklist."': "Anna Berg",
        "Le ministre a déclaré : « Xiaomi a été ajoutée à la liste noire. »": "Le ministre",
        "Xiaomi a été ajoutée à la liste noire, a déclaré son avocat, Jean Castel.": "son avocat",
        # a participle after a comma, then another: no speaker
        "Xiaomi a été ajoutée à la liste noire, considérée comme un danger, saluée par Washington.": None,
    }
    for passage, source in cases.items():
        e = check("Xiaomi a été ajoutée à la liste noire", passage + "\n").evidence
        if not e:
            e = check("Xiaomi was added to the blacklist", passage + "\n").evidence
        assert e[0].attributed_to == source, passage


def test_questions_are_hedged(check: CheckFn) -> None:
    e = check(
        "Xiaomi a été ajoutée à la liste noire", "Xiaomi a-t-elle été ajoutée à la liste noire ?\n"
    )
    assert e.evidence[0].hedged


HEDGED = [
    "It remains unclear whether Xiaomi was banned in the United States.",
    "Xiaomi is expected to be banned in the United States.",
    "Nothing suggests that Xiaomi was banned in the United States.",
    "Aucun élément ne prouve que Xiaomi a été interdite aux États-Unis.",
    "Selon le Wall Street Journal, Xiaomi n'aurait jamais été interdite aux États-Unis.",
    "Il n'est pas exclu que Xiaomi ait été interdite aux États-Unis.",
    "Xiaomi aurait été interdite aux États-Unis, d'après Reuters.",
]


@pytest.mark.parametrize("passage", HEDGED)
def test_unconfirmed_statements_are_hedged(check: CheckFn, passage: str) -> None:
    for phrasing in (
        "Xiaomi a été interdite aux États-Unis",
        "Xiaomi was banned in the United States",
    ):
        e = check(phrasing, passage + "\n").evidence
        if e:
            assert e[0].hedged
            return
    raise AssertionError(f"no evidence in {passage!r}")
