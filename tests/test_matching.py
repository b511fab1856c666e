"""Fuzzy alignment: tolerant of form, strict on coverage and numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.claims import Claim
from claimcheck.corpus import segment
from claimcheck.engine import check_claim
from claimcheck.matching.align import Target, align, cover
from claimcheck.matching.index import PassageIndex
from claimcheck.matching.passages import Corpus
from claimcheck.matching.phrasing import prepare
from claimcheck.matching.prefilter import Sketch, may_cover
from claimcheck.matching.terms import match_terms
from claimcheck.matching.words import stem, token_sim
from claimcheck.text import tokens_of, word_set

from .conftest import CheckFn

PHRASING = "Xiaomi est interdite de commercer avec les entreprises américaines"


def score(phrasing: str, passage: str) -> float:
    (p,) = segment(passage)
    al = align(prepare(phrasing), match_terms(p.tokens))
    return al.score if al else 0.0


@pytest.mark.parametrize(
    "passage",
    [
        "Xiaomi est interdite de commercer avec les entreprises américaines.",
        "XIAOMI EST INTERDITE DE COMMERCER AVEC LES ENTREPRISES AMERICAINES.",
        "Xiaomi est interdit de commercer avec les entreprises américaines.",  # inflection
        "Xiaomi est interdite de commrcer avec les entreprises américaines.",  # typo
        "Xiaomi est désormais interdite de commercer avec les grandes entreprises américaines.",
        "Xiaomi (Pékin) est interdite de commercer avec les entreprises américaines.",
        "Xiaomi\u00a0est interdite de commercer avec les entreprises americaines.",
    ],
)
def test_tolerated_variants_reach_the_threshold(passage: str) -> None:
    assert score(PHRASING, passage) >= 80


def test_elision_and_typographic_apostrophes() -> None:
    assert score("l'entreprise a déposé une plainte", "L’entreprise a déposé une plainte.") == 100


@pytest.mark.parametrize(
    "passage",
    [
        "Xiaomi interdite",  # a two-word heading
        "Tags : Xiaomi",
        "Les entreprises américaines",
        "Huawei commerce avec des entreprises chinoises depuis longtemps.",
        # right words, wrong order
        "Les entreprises américaines est interdite de commercer avec Xiaomi.",
    ],
)
def test_partial_passages_do_not_match(passage: str) -> None:
    assert score(PHRASING, passage) < 80


@pytest.mark.parametrize(
    "forms",
    [
        # French verbs in -dre: the infinitive, the present, the participle, the conditional
        ("perdre", "perd", "perds", "perdent", "perdu", "perdues", "perdrait"),
        ("vendre", "vend", "vendent", "vendu", "vendue", "vendraient"),
        ("suspendre", "suspend", "suspendent", "suspendu", "suspendus"),
        ("prendre", "prend", "prennent"),
        ("interdire", "interdit", "interdites"),
        ("ban", "banned", "banning"),
        # futures and conditionals of irregular verbs
        ("devoir", "doit", "devra", "devrait"),
        ("faire", "fait", "fera", "ferait"),
        ("pouvoir", "peut", "pourra", "pourraient"),
        # auxiliaries in every person ("nous avons" in a quote, "a" in a claim)
        ("avoir", "a", "ai", "avons", "ont"),
        ("etre", "est", "suis", "sommes", "sont"),
        ("have", "has", "had"),
    ],
)
def test_forms_of_a_word_share_a_stem(forms: tuple[str, ...]) -> None:
    assert len({stem(f) for f in forms}) == 1, {f: stem(f) for f in forms}


@pytest.mark.parametrize(("a", "b"), [("cadre", "cadet"), ("menu", "men"), ("hindi", "hind")])
def test_other_words_keep_their_stems(a: str, b: str) -> None:
    assert stem(a) != stem(b)


def test_a_claim_in_the_present_matches_an_infinitive_in_the_passage() -> None:
    # "ne cesse de perdre" writes the claim's "perd" as an infinitive
    passage = "Le transporteur ne cesse de perdre des clients depuis janvier."
    assert score("Le transporteur perd des clients", passage) >= 80


def test_token_similarity() -> None:
    assert token_sim("interdit", "interdite") >= 0.9
    assert token_sim("est", "et") == 0
    assert token_sim("liste", "piste") < 0.9
    assert token_sim("xiaomi", "huawei") == 0


def test_numbers_equal_across_formats(check: CheckFn) -> None:
    r = check("Xiaomi a vendu 4,000 téléphones en 2021", "Xiaomi a vendu 4 000 téléphones en 2021.")
    assert r.verdict == "supported" and not r.evidence[0].number_mismatch


def test_number_mismatch_contradicts(check: CheckFn) -> None:
    r = check("Xiaomi a vendu 5 000 téléphones en 2021", "Xiaomi a vendu 4 000 téléphones en 2021.")
    assert r.verdict == "contradicted"
    e = r.evidence[0]
    assert e.number_mismatch and e.stance == "contradicts" and not e.negated


def test_percentages(check: CheckFn) -> None:
    assert (
        check("75 % des décisions", "Ainsi, 75% des décisions sont prises.").verdict == "supported"
    )
    assert check("76 % des décisions", "Ainsi, 75% des décisions sont prises.").verdict == (
        "contradicted"
    )


def test_index_candidates_contain_every_passage_that_can_match() -> None:
    texts = [
        "Xiaomi est interdite de commercer avec les entreprises américaines.",
        "Huawei est une entreprise chinoise.",
        "Xiaomi a doublé son chiffre d'affaires.",
        "Les entreprises américaines ne peuvent pas commercer avec Xiaomi.",
    ]
    index = PassageIndex()
    terms = []
    for t in texts:
        (p,) = segment(t)
        terms.append(match_terms(p.tokens))
        index.add(word_set(t))
    phrasing = prepare(PHRASING)
    found = index.candidates(phrasing, 80)
    for pid, t in enumerate(terms):
        al = align(phrasing, t)
        if al and al.score >= 80:
            assert pid in found
    assert 1 not in found and 2 not in found


words = st.lists(
    st.sampled_from(
        [
            "Xiaomi",
            "Huawei",
            "est",
            "interdite",
            "de",
            "commercer",
            "avec",
            "les",
            "entreprises",
            "américaines",
            "sanctions",
            "armée",
            "chinoise",
            "liste",
            "noire",
        ]
    ),
    min_size=2,
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(words, st.sampled_from(["", "Xiaomi n'est pas ", "It is not true that "]))
def test_a_passage_matched_against_itself_scores_100_and_supports(
    ws: list[str], prefix: str
) -> None:
    text = prefix + " ".join(ws)
    if not match_terms(prepare(text).tokens):
        return
    corpus = Corpus.from_texts({"a.txt": text + ".\n"})
    result = check_claim(Claim(id="t", claim=text), corpus)
    assert result.verdict == "supported"
    assert result.evidence[0].score == 100


@pytest.mark.parametrize("order", [["entier", "entity"], ["entity", "entier"]])
def test_a_similar_word_is_found_whatever_the_order_of_the_passage_words(
    order: list[str],
) -> None:
    """ "entites" is as close to "entier" as to "entity" by edit ratio, but only "entity" is a
    form of it: which one a set lists first (it depends on the hash seed) must not matter."""
    assert token_sim("entites", "entity") > 0 and token_sim("entites", "entier") == 0
    sketch = Sketch("le monde entier et la US Entity List")
    sketch._long = order
    assert sketch.holds("entites")


# words for the reworded tier's prefilter: forms of one word, similar words, light words,
# words a token reads otherwise than as its letters (elided, n't, clitics, contractions),
# numbers written as figures and as words
_COVER_TEXT = (
    "Kelda Air a annulé annule annulés annulation 300 trois vols vol volés de des du la l' "
    "qu' lorsqu' jusqu' d' n' aux au à le ne pas a été ont the was has have won't can't "
    "cannot it's they're we've grounded grounding ground flights flight fights 2019 "
    "deux cent , . jets jet Tessara Tessera préfet ordonné fermeture de de Air Air"
)


def _joined(words: list[str]) -> str:
    """Words as a text, an elided word glued to the next ("l'usine")."""
    return "".join(w if w.endswith("'") else w + " " for w in words).strip()


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(_COVER_TEXT.split()), min_size=3, max_size=9),
    st.lists(st.sampled_from(_COVER_TEXT.split()), min_size=1, max_size=14),
    st.sampled_from([50.0, 65.0, 80.0, 90.0]),
)
def test_a_passage_the_reworded_prefilter_rules_out_is_one_cover_finds_nothing_in(
    phrasing_words: list[str], passage_words: list[str], threshold: float
) -> None:
    """may_cover reads the passage's words only, before it is tokenised: where it says no,
    cover on the passage's tokens finds no match (it may say yes where cover finds none)."""
    phrasing = prepare(_joined(phrasing_words))
    text = _joined(passage_words)
    if not may_cover(phrasing, Sketch(text), threshold):
        assert cover(phrasing, Target(match_terms(tokens_of(text))), threshold) is None
