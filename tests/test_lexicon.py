"""The word lists of rules/*.yaml, tested like code: folded as tokens are, each word once in
its list, and each list written once across the files."""

from __future__ import annotations

from itertools import combinations

import pytest
import yaml

from claimcheck.analysis import lexicon
from claimcheck.text import fold_word

from .conftest import ROOT

RULES = ROOT / "src" / "claimcheck" / "rules"
FILES = sorted(p.stem for p in RULES.glob("*.yaml"))


def _word_lists(node: object, path: str) -> list[tuple[str, list[str]]]:
    """Every list of plain words (no pattern or sequence items) in a rules file, by path."""
    if isinstance(node, dict):
        return [found for k, v in node.items() for found in _word_lists(v, f"{path}/{k}")]
    if isinstance(node, list):
        plain = all(isinstance(w, str) and w[:1] not in "~!*" and " " not in w for w in node)
        if node and plain:
            return [(path, node)]
        return [found for i, v in enumerate(node) for found in _word_lists(v, f"{path}[{i}]")]
    return []


LISTS = [found for name in FILES for found in _word_lists(lexicon.table(name), name)]


def test_every_rules_file_is_read_through_the_lexicon() -> None:
    for name in FILES:
        text = (RULES / f"{name}.yaml").read_text(encoding="utf-8")
        assert lexicon.table(name) == yaml.safe_load(text)


@pytest.mark.parametrize(("path", "words"), LISTS, ids=[path for path, _ in LISTS])
def test_a_word_list_holds_folded_words_each_once(path: str, words: list[str]) -> None:
    """Matching compares folded tokens (lowercase, no accents): a word written otherwise
    would never match; a word twice is a slip."""
    unfolded = [w for w in words if w.isalpha() and fold_word(w) != w]
    assert unfolded == []
    assert len(words) == len(set(words)), sorted(w for w in set(words) if words.count(w) > 1)


def test_no_word_list_is_written_twice() -> None:
    """Each list once: a second copy drifts from the first (the auxiliaries were written four
    times, the relative pronouns twice and differently)."""
    copies = [
        (a, b) for (a, wa), (b, wb) in combinations(LISTS, 2) if len(wa) >= 3 and set(wa) == set(wb)
    ]
    assert copies == []


def test_an_unquoted_boolean_in_a_word_list_is_refused() -> None:
    with pytest.raises(TypeError, match="is not a word"):
        lexicon._words(["pas", False], ("polarity", "negation", "standalone"))


def test_a_noun_both_languages_derive_has_one_stem() -> None:
    """A noun French and English both list ("decision", "inspection") maps to verbs with the
    same stem, or a claim in one language would lose its matches in the other."""
    from claimcheck.matching.words import stem

    french = lexicon.mapping("derivations", "french")
    english = lexicon.mapping("derivations", "english")
    split = {
        noun: (french[noun], english[noun])
        for noun in set(french) & set(english)
        if stem(str(french[noun])) != stem(str(english[noun]))
    }
    assert split == {}


@pytest.mark.parametrize("language", ["french", "english"])
def test_antonyms_are_pairs_of_two_stems_each_listed_once(language: str) -> None:
    """Each pair is two words of different stems (or the word would be its own opposite), and
    no pair is listed twice, either way round."""
    from claimcheck.matching.words import stem

    pairs = lexicon.entry("antonyms", language)
    assert all(len(pair) == 2 and stem(pair[0]) != stem(pair[1]) for pair in pairs), pairs
    seen = [frozenset(pair) for pair in pairs]
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize(
    ("claim", "opposite"),
    [
        ("Kelda Air shares rose on Monday", "Kelda Air shares fall on Monday"),
        ("Le tribunal a validé le plan", "Le tribunal a rejeter le plan"),
        ("Les tests sont positifs", "Les tests sont negatif"),
    ],
)
def test_a_claim_turned_into_its_opposite(claim: str, opposite: str) -> None:
    from claimcheck.matching.variants import opposites

    assert opposite in [text for text, _, _ in opposites(claim)]


@pytest.mark.parametrize(
    ("noun", "verb"),
    [
        ("liquidation", "liquidé"),
        ("dettes", "endettée"),
        ("suspension", "suspendu"),
        ("lawsuit", "sued"),
        ("grounding", "grounded"),
        ("cancellations", "cancelled"),
        ("injuries", "injured"),
    ],
)
def test_a_noun_matches_the_verb_it_is_made_from(noun: str, verb: str) -> None:
    from claimcheck.matching.words import token_sim

    assert token_sim(fold_word(noun), fold_word(verb)) > 0


IRREGULAR = sorted(lexicon.mapping("matching", "irregular").items())


@pytest.mark.parametrize(("form", "base"), IRREGULAR, ids=[form for form, _ in IRREGULAR])
def test_a_hand_written_form_is_one_the_lemmatizer_gets_wrong(form: str, base: str) -> None:
    """Lemmas come from simplemma; the irregular table keeps only the forms its dictionaries
    miss or read otherwise (or a conditional, which keeps its form for the hedge rules), and
    each of them reads as its base."""
    from claimcheck.analysis.lemmas import lemma
    from claimcheck.analysis.wordclass import HEDGE, word_class
    from claimcheck.matching.words import stem

    found = lemma(form)
    assert found is None or fold_word(found) != base or word_class(form) & HEDGE
    assert stem(form) == stem(base)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_lemma_dictionaries_are_simplemmas_own(lang: str) -> None:
    """analysis.lemmas decodes simplemma's dictionary files itself (three times faster than
    simplemma's decoder, without importing simplemma): the same entries as simplemma's own
    factory gives, and simplemma's where a file is not in the format it reads."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    from claimcheck.analysis.lemmas import _decoded, _dictionary, _from_simplemma

    theirs = DefaultDictionaryFactory().get_dictionary(lang)
    ours = _dictionary(lang)
    assert len(ours) == len(theirs) > 100_000
    assert all(ours.get(key.encode()) == value.encode() for key, value in theirs.items())
    assert _from_simplemma(lang) == ours
    assert _decoded(b"SMFC") is None and _decoded(b"SMFC1\x00\x05\x00\x01a") is None


@pytest.mark.parametrize("language", ["french", "english"])
def test_an_ordinal_ranks_as_a_number_word_of_its_language(language: str) -> None:
    """Each ordinal is folded, and names a number word of its language, which the tokenizer
    reads ("sixth" -> six -> 6): a rank's figure is that word's."""
    ordinals = lexicon.mapping("grammar", "numbers", "ordinals", language)
    numbers = lexicon.words("grammar", "numbers", language)
    assert [w for w in ordinals if fold_word(w) != w] == []
    assert sorted(str(v) for v in ordinals.values() if v not in numbers) == []


def test_no_two_synonym_sets_share_a_stem() -> None:
    """Each word of rules/synonyms.yaml stands for its own set's first word: two sets with a
    stem in common would make the later set's word a form of the earlier one."""
    from claimcheck.matching.words import _own_stem, synonym_stems

    sets = lexicon.entry("synonyms", "sets")
    owners: dict[str, int] = {}
    clashes = []
    for n, group in enumerate(sets):
        for word in group:
            base = _own_stem(word)[0]
            if owners.setdefault(base, n) != n:
                clashes.append((word, sets[owners[base]][0]))
    assert clashes == []
    assert len(synonym_stems()) == len(owners)


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("commenced", "began"),
        ("purchased", "bought"),
        ("acquired", "buying"),
        ("dropped", "fell"),
        ("sustained", "suffered"),
        ("créée", "fondée"),
        ("commercialisées", "vendues"),
        ("débuté", "commencé"),
        ("acquis", "acheté"),
        ("chuté", "baissé"),
        ("essentiellement", "surtout"),
    ],
)
def test_a_synonym_is_a_form_of_its_sets_word(word: str, other: str) -> None:
    from claimcheck.matching.words import STEM_SIM, token_sim

    assert token_sim(fold_word(word), fold_word(other)) == STEM_SIM


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("fonds", "fondée"),  # a fund: the dictionary or the table reads it as its own word
        ("declined", "fell"),  # also "declined to comment": left out of the set
        ("opened", "began"),
        ("stopped", "ended"),
    ],
)
def test_a_word_of_another_sense_is_no_synonym(word: str, other: str) -> None:
    from claimcheck.matching.words import stem

    assert stem(fold_word(word)) != stem(fold_word(other))
