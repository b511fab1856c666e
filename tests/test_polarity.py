"""Polarity rules on adversarial sentences written for these tests, French and English."""

from __future__ import annotations

import pytest

from claimcheck.analysis.rules import rules
from claimcheck.analysis.scope import clause_polarity
from claimcheck.text import tokenize

from .conftest import CheckFn

# (phrasing, passage, expected stance of the best evidence, negated, hedged, attributed_to)
CASES = [
    # plain negation, French and English
    (
        "Xiaomi est interdite de commercer avec les entreprises américaines",
        "Xiaomi n'est pas interdite de commercer avec les entreprises américaines.",
        "contradicts",
        True,
        False,
        None,
    ),
    (
        "Xiaomi is barred from trading with US firms",
        "Xiaomi is not barred from trading with US firms.",
        "contradicts",
        True,
        False,
        None,
    ),
    (
        "Xiaomi can trade with US firms",
        "Xiaomi can't trade with US firms.",
        "contradicts",
        True,
        False,
        None,
    ),
    (
        "Xiaomi is barred from trading with US firms",
        "Xiaomi is no longer barred from trading with US firms.",
        "contradicts",
        True,
        False,
        None,
    ),
    (
        "Xiaomi figure sur la liste des entités",
        "Xiaomi ne figure pas encore sur la liste des entités.",
        "contradicts",
        True,
        False,
        None,
    ),
    (
        "Xiaomi figure sur la liste des entités",
        "Xiaomi n'a jamais figuré sur la liste des entités.",
        "contradicts",
        True,
        False,
        None,
    ),
    # a negated phrasing found affirmed contradicts; found negated supports
    (
        "Xiaomi ne peut pas vendre ses téléphones aux États-Unis",
        "Xiaomi peut vendre ses téléphones aux États-Unis.",
        "contradicts",
        False,
        False,
        None,
    ),
    (
        "Xiaomi ne peut pas vendre ses téléphones aux États-Unis",
        "Désormais Xiaomi ne peut plus vendre ses téléphones aux États-Unis.",
        "supports",
        True,
        False,
        None,
    ),
    # a cue outside the matched words governs the clause it embeds
    (
        "Xiaomi est interdite de commercer avec les entreprises américaines",
        "Cela ne veut pas dire que Xiaomi est interdite de commercer avec les entreprises américaines.",
        "contradicts",
        True,
        False,
        None,
    ),
    (
        "Xiaomi is barred from trading with US firms",
        "It is not true that Xiaomi is barred from trading with US firms.",
        "contradicts",
        True,
        False,
        None,
    ),
    # two cues governing one clause cancel
    (
        "Xiaomi est interdite de commercer avec les entreprises américaines",
        "Cela ne veut pas dire que Xiaomi n'est pas interdite de commercer avec les entreprises "
        "américaines.",
        "supports",
        False,
        False,
        None,
    ),
    (
        "Xiaomi is barred from trading with US firms",
        "It is not true that Xiaomi is not barred from trading with US firms.",
        "supports",
        False,
        False,
        None,
    ),
    # ni ... ni, neither ... nor
    (
        "Xiaomi est affiliée à l'armée chinoise",
        "Xiaomi n'est ni contrôlée, ni détenue, ni affiliée à l'armée chinoise.",
        "contradicts",
        True,
        False,
        None,
    ),
    (
        "Xiaomi is barred from trading with US firms",
        "Neither Xiaomi nor Huawei is barred from trading with US firms.",
        "contradicts",
        True,
        False,
        None,
    ),
    # sans, without
    (
        "Le juge a examiné les preuves du Pentagone",
        "Le juge a tranché sans avoir examiné les preuves du Pentagone.",
        "contradicts",
        True,
        False,
        None,
    ),
    # scope stops at ; : ( and at contrast words
    (
        "Xiaomi est sur la liste noire",
        "Huawei n'est pas sur la liste des entités, mais Xiaomi est sur la liste noire.",
        "supports",
        False,
        False,
        None,
    ),
    (
        "Xiaomi a été sanctionnée par le Pentagone",
        "Huawei n'a pas été épargné ; Xiaomi a été sanctionnée par le Pentagone.",
        "supports",
        False,
        False,
        None,
    ),
    (
        "Xiaomi a été sanctionnée par le Pentagone",
        "Xiaomi (qui n'est pas Huawei) a été sanctionnée par le Pentagone.",
        "supports",
        False,
        False,
        None,
    ),
    (
        "Xiaomi is barred from trading with US firms",
        "Huawei is not on the list, but Xiaomi is barred from trading with US firms.",
        "supports",
        False,
        False,
        None,
    ),
    (
        "Xiaomi is barred from trading with US firms",
        "Huawei was never listed; however, Xiaomi is barred from trading with US firms.",
        "supports",
        False,
        False,
        None,
    ),
    # pseudo-negations never flip
    (
        "Xiaomi gagne des parts de marché",
        "Xiaomi ne cesse de gagner des parts de marché.",
        "supports",
        False,
        False,
        None,
    ),
    (
        "Joe Biden devient président des États-Unis",
        "Xiaomi a été sanctionnée avant que Joe Biden ne devienne président des États-Unis.",
        "supports",
        False,
        False,
        None,
    ),
    (
        "Xiaomi a été sanctionnée",
        "Xiaomi a été sanctionnée à moins que le juge ne l'annule.",
        "supports",
        False,
        False,
        None,
    ),
    (
        "Xiaomi vend des smartphones en Chine",
        "Xiaomi ne vend que des smartphones en Chine.",
        "supports",
        False,
        False,
        None,
    ),
    (
        "Xiaomi est sanctionnée par Washington",
        "Xiaomi est non seulement sanctionnée par Washington, elle est aussi poursuivie.",
        "supports",
        False,
        False,
        None,
    ),
    (
        "Xiaomi is barred from trading with US firms",
        "Not only is Xiaomi barred from trading with US firms, it is also sued.",
        "supports",
        False,
        False,
        None,
    ),
    (
        "Xiaomi is barred from trading with US firms",
        "There is no doubt that Xiaomi is barred from trading with US firms.",
        "supports",
        False,
        False,
        None,
    ),
    (
        "Xiaomi sells phones in Europe",
        "Xiaomi sells nothing but phones in Europe.",
        "supports",
        False,
        False,
        None,
    ),
    # hedges count but are flagged
    (
        "Xiaomi sera retirée de la liste noire",
        "Xiaomi sera sans doute retirée de la liste noire.",
        "supports",
        False,
        True,
        None,
    ),
    (
        "Xiaomi a été sanctionnée par le Pentagone",
        "Xiaomi aurait été sanctionnée par le Pentagone.",
        "supports",
        False,
        True,
        None,
    ),
    (
        "Xiaomi is barred from trading with US firms",
        "Xiaomi may be barred from trading with US firms.",
        "supports",
        False,
        True,
        None,
    ),
    (
        "Xiaomi is barred from trading with US firms",
        "Xiaomi is reportedly barred from trading with US firms.",
        "supports",
        False,
        True,
        None,
    ),
    (
        "Xiaomi a des liens avec l'armée chinoise",
        "Xiaomi entretiendrait des liens présumés avec l'armée chinoise.",
        "supports",
        False,
        True,
        None,
    ),
    # attribution
    (
        "Xiaomi a été sanctionnée par le Pentagone",
        "Selon Reuters, Xiaomi a été sanctionnée par le Pentagone.",
        "supports",
        False,
        False,
        "Reuters",
    ),
    (
        "Xiaomi a été sanctionnée par le Pentagone",
        "D'après le Financial Times, Xiaomi a été sanctionnée par le Pentagone.",
        "supports",
        False,
        False,
        "le Financial Times",
    ),
    (
        "Xiaomi a été sanctionnée par le Pentagone",
        "Le ministère affirme que Xiaomi a été sanctionnée par le Pentagone.",
        "supports",
        False,
        False,
        "Le ministère",
    ),
    (
        "Xiaomi is barred from trading with US firms",
        "According to Reuters, Xiaomi is barred from trading with US firms.",
        "supports",
        False,
        False,
        "Reuters",
    ),
    (
        "Xiaomi is barred from trading with US firms",
        "Xiaomi is barred from trading with US firms, the Pentagon said.",
        "supports",
        False,
        False,
        "the Pentagon",
    ),
    (
        "Xiaomi n'a pas de liens avec l'armée chinoise",
        "Le constructeur Xiaomi affirme ne pas avoir de liens avec l'armée chinoise.",
        "supports",
        True,
        False,
        "Le constructeur Xiaomi",
    ),
    # denials flip and attribute
    (
        "Xiaomi a des liens avec l'armée chinoise",
        "Xiaomi dément avoir des liens avec l'armée chinoise.",
        "contradicts",
        True,
        False,
        "Xiaomi",
    ),
    (
        "Xiaomi a des liens avec l'armée chinoise",
        "Xiaomi refuse qu'on lui prête des liens avec l'armée chinoise.",
        "contradicts",
        True,
        False,
        "Xiaomi",
    ),
    (
        "Xiaomi has links to the Chinese army",
        "Xiaomi denies that it has links to the Chinese army.",
        "contradicts",
        True,
        False,
        "Xiaomi",
    ),
    (
        "Xiaomi a des liens avec l'armée chinoise",
        "Xiaomi ne dément pas avoir des liens avec l'armée chinoise.",
        "supports",
        False,
        False,
        "Xiaomi",
    ),
]


@pytest.mark.parametrize(("phrasing", "passage", "stance", "negated", "hedged", "source"), CASES)
def test_polarity_case(
    check: CheckFn,
    phrasing: str,
    passage: str,
    stance: str,
    negated: bool,
    hedged: bool,
    source: str | None,
) -> None:
    result = check(phrasing, passage + "\n")
    assert result.evidence, f"no evidence for {phrasing!r} in {passage!r}"
    e = result.evidence[0]
    assert (e.stance, e.negated, e.hedged, e.attributed_to) == (stance, negated, hedged, source)


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


# Sentences written after the rules, to check they hold on text they were not tuned on.
UNSEEN = [
    (
        "Xiaomi a été interdite aux États-Unis",
        "Xiaomi n'a en aucun cas été interdite aux États-Unis.",
        "contradicts",
    ),
    (
        "Xiaomi was banned in the United States",
        "Contrary to reports, Xiaomi was not banned in the United States.",
        "contradicts",
    ),
    (
        "Xiaomi was banned in the United States",
        "Xiaomi hasn't been banned in the United States yet.",
        "contradicts",
    ),
    (
        "Xiaomi was banned in the United States",
        "It remains unclear whether Xiaomi was banned in the United States.",
        "supports",
    ),
    (
        "Xiaomi was banned in the United States",
        "Xiaomi is expected to be banned in the United States.",
        "supports",
    ),
    (
        "Xiaomi was banned in the United States",
        "Nothing suggests that Xiaomi was banned in the United States.",
        "supports",
    ),
    (
        "Xiaomi a été interdite aux États-Unis",
        "Aucun élément ne prouve que Xiaomi a été interdite aux États-Unis.",
        "supports",
    ),
    (
        "Xiaomi a été interdite aux États-Unis",
        "La Maison Blanche a démenti que Xiaomi ait été interdite aux États-Unis.",
        "contradicts",
    ),
    (
        "Xiaomi a été interdite aux États-Unis",
        "Xiaomi n'est plus interdite aux États-Unis depuis mai.",
        "contradicts",
    ),
    (
        "Xiaomi a été interdite aux États-Unis",
        "Xiaomi a bien été interdite aux États-Unis, contrairement à Oppo qui n'a pas été inquiété.",
        "supports",
    ),
    (
        "Xiaomi a été interdite aux États-Unis",
        "Si Xiaomi a été interdite aux États-Unis, Oppo ne l'a pas été.",
        "supports",
    ),
    (
        "Xiaomi a été interdite aux États-Unis",
        "Xiaomi a été interdite aux États-Unis, ce que personne ne conteste.",
        "supports",
    ),
    (
        "Xiaomi a été interdite aux États-Unis",
        "Selon le Wall Street Journal, Xiaomi n'aurait jamais été interdite aux États-Unis.",
        "contradicts",
    ),
    (
        "Xiaomi was banned in the United States",
        "The ban on Xiaomi in the United States was lifted, officials said.",
        None,
    ),
    (
        "Xiaomi was banned in the United States",
        '"Xiaomi was never banned in the United States," the spokesperson insisted.',
        "contradicts",
    ),
    (
        "Xiaomi was banned in the United States",
        "Xiaomi was not only banned in the United States but also fined.",
        "supports",
    ),
    (
        "Xiaomi was banned in the United States",
        "Xiaomi was banned in the United States, not in Europe.",
        "supports",
    ),
    (
        "Xiaomi was banned in the United States",
        "Xiaomi was not banned in the United States, but in Europe.",
        "contradicts",
    ),
    (
        "Xiaomi a été interdite aux États-Unis",
        "Xiaomi, qui n'a jamais caché ses ambitions, a été interdite aux États-Unis.",
        "supports",
    ),
    (
        "Xiaomi a été interdite aux États-Unis",
        "Il n'est pas exclu que Xiaomi ait été interdite aux États-Unis.",
        "supports",
    ),
    (
        "Xiaomi a été interdite aux États-Unis",
        "Xiaomi aurait été interdite aux États-Unis, d'après Reuters.",
        "supports",
    ),
    (
        "Xiaomi n'a pas été interdite aux États-Unis",
        "Xiaomi n'a pas été interdite aux États-Unis.",
        "supports",
    ),
    (
        "Xiaomi n'a pas été interdite aux États-Unis",
        "Xiaomi a été interdite aux États-Unis.",
        "contradicts",
    ),
    (
        "Xiaomi was banned in the United States",
        "Xiaomi was banned in the United States in 2021.",
        "supports",
    ),
    (
        "Xiaomi was banned in the United States in 2021",
        "Xiaomi was banned in the United States in 2019.",
        "contradicts",
    ),
    (
        # every word, in another order, in one plain clause: reordered (issue 12)
        "Xiaomi is barred from trading with US firms",
        "The Pentagon has not barred Xiaomi from trading with US firms.",
        "contradicts",
    ),
    (
        "Xiaomi was added to the blacklist",
        "Xiaomi wasn't added to the blacklist, officials said.",
        "contradicts",
    ),
    (
        "Xiaomi was added to the blacklist",
        "Officials denied that Xiaomi was added to the blacklist.",
        "contradicts",
    ),
    (
        "Xiaomi was added to the blacklist",
        "Officials did not deny that Xiaomi was added to the blacklist.",
        "supports",
    ),
    (
        "Xiaomi was added to the blacklist",
        "Xiaomi was added to the blacklist, but Huawei was not.",
        "supports",
    ),
    (
        "Xiaomi was added to the blacklist",
        "Huawei was added to the blacklist; Xiaomi was never added to the blacklist.",
        "contradicts",
    ),
    (
        "Xiaomi was added to the blacklist",
        "There is no evidence that Xiaomi was added to the blacklist.",
        "supports",
    ),
    (
        "Xiaomi was added to the blacklist",
        "Nobody doubts that Xiaomi was added to the blacklist.",
        "supports",
    ),
    (
        "Xiaomi was added to the blacklist",
        "Without a doubt, Xiaomi was added to the blacklist.",
        "supports",
    ),
    (
        "Xiaomi was added to the blacklist",
        "Xiaomi was added to the blacklist in January 2021.",
        "supports",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Xiaomi n'a jamais été ajoutée à la liste noire.",
        "contradicts",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Rien ne prouve que Xiaomi a été ajoutée à la liste noire.",
        "supports",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Il est faux de dire que Xiaomi a été ajoutée à la liste noire.",
        "contradicts",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Il est faux que Xiaomi a été ajoutée à la liste noire.",
        "contradicts",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Le Pentagone nie que Xiaomi a été ajoutée à la liste noire.",
        "contradicts",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Le Pentagone conteste que Xiaomi a été ajoutée à la liste noire.",
        "contradicts",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Aucune source ne confirme que Xiaomi a été ajoutée à la liste noire.",
        "supports",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Personne ne sait si Xiaomi a été ajoutée à la liste noire.",
        "supports",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Xiaomi n'a pas seulement été ajoutée à la liste noire, elle a été sanctionnée.",
        "supports",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Xiaomi a été ajoutée à la liste noire sans aucun doute.",
        "supports",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Xiaomi a été ajoutée à la liste noire, mais pas Huawei.",
        "supports",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Huawei, et non Xiaomi, a été ajoutée à la liste noire.",
        "contradicts",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Xiaomi aurait été ajoutée à la liste noire selon Bloomberg.",
        "supports",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Xiaomi a été ajoutée à la liste noire, a déclaré un porte-parole.",
        "supports",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "« Xiaomi a été ajoutée à la liste noire », affirme le ministre.",
        "supports",
    ),
    (
        "Xiaomi a été ajoutée à la liste noire",
        "Xiaomi a-t-elle été ajoutée à la liste noire ?",
        "supports",
    ),
    (
        "Xiaomi n'est plus sur la liste noire",
        "Xiaomi n'est plus sur la liste noire depuis mai.",
        "supports",
    ),
    (
        "Xiaomi n'est plus sur la liste noire",
        "Xiaomi est toujours sur la liste noire.",
        "contradicts",
    ),
    ("Xiaomi is no longer on the blacklist", "Xiaomi is still on the blacklist.", "contradicts"),
    ("Xiaomi sold 10 million phones", "Xiaomi sold 10 million phones in Europe.", "supports"),
    ("Xiaomi sold 10 million phones", "Xiaomi sold 12 million phones in Europe.", "contradicts"),
    ("Xiaomi sold 10 million phones", "Xiaomi sold 10,000,000 phones in Europe.", "supports"),
    ("Xiaomi's shares fell 10% on Friday", "Xiaomi's shares fell 10 % on Friday.", "supports"),
    ("Xiaomi's shares fell 10% on Friday", "Xiaomi's shares fell 11% on Friday.", "contradicts"),
    # escaping or avoiding something is not undergoing it
    (
        "Arvel a été sanctionné",
        "Son concurrent Arvel a, lui, échappé à toute sanction.",
        "contradicts",
    ),
    ("Corlan was fined by the regulator", "Corlan escaped a fine by the regulator.", "contradicts"),
    ("Corlan recalled its cars", "Corlan avoided recalling its cars.", "contradicts"),
    ("Arvel a été sanctionné", "Arvel a été sanctionné, mais a échappé à la prison.", "supports"),
]


@pytest.mark.parametrize(("phrasing", "passage", "stance"), UNSEEN)
def test_unseen_sentence(check: CheckFn, phrasing: str, passage: str, stance: str | None) -> None:
    result = check(phrasing, passage + "\n")
    got = result.evidence[0].stance if result.evidence else None
    assert got == stance


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
