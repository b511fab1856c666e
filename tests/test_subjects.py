"""Names, clause subjects, appositions, references back and speakers, on single sentences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.analysis.aliases import abbreviates, aliases_in
from claimcheck.analysis.clauses import Sentence, phrase_subject
from claimcheck.analysis.names import acronyms, same_entity
from claimcheck.analysis.references import ArticleSubjects
from claimcheck.analysis.sentence import SentenceWords
from claimcheck.claims import Claim
from claimcheck.corpus import segment
from claimcheck.engine import check_claim
from claimcheck.matching.passages import Corpus
from claimcheck.text import tokenize


def sentence(text: str) -> Sentence:
    return Sentence(tuple(tokenize(text)), text)


def names(text: str) -> list[str]:
    s = sentence(text)
    return [s.span_text(a, b) for a, b in s.names()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le groupe a été condamné.", []),
        ("Tessara Énergie a été condamnée.", ["Tessara Énergie"]),
        ("The US Department of Defense listed Xiaomi.", ["US Department of Defense", "Xiaomi"]),
        ("Regulators said Corlan had lied.", ["Corlan"]),  # a lone plural opening a sentence
        ("Souvenez-vous, Xiaomi était sur la liste.", ["Xiaomi"]),
        ("Its 5G antennas were refused in January.", []),  # no "G", no month
        ("« Xiaomi a été ajoutée à la liste », dit-il.", ["Xiaomi"]),
        ("Le juge Rudolph Contreras a tranché.", ["Rudolph Contreras"]),
    ],
)
def test_names(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "refers", "name", "speaker"),
    [
        ("Le président, Jean Castel, dément avoir menti.", "name", "Jean Castel", "Jean Castel"),
        (
            "Le groupe Arvel, son principal rival, a été condamné.",
            "name",
            "Arvel",
            "Le groupe Arvel",
        ),
        ("Its competitor, Corlan, said it had paid.", "name", "Corlan", "Corlan"),
        ("Norvik Motors' finance chief, Tom Reyes, denied it.", "name", "Tom Reyes", "Tom Reyes"),
        ("Son principal concurrent a été condamné.", "rival", None, "Son principal concurrent"),
        ("Its share price doubled.", "owner", None, "Its share price"),
        (
            "Le fondateur de Xiaomi a reçu une médaille.",
            "owner",
            "Xiaomi",
            "Le fondateur de Xiaomi",
        ),
        ("L'entreprise n'a pas été interdite.", "back", None, "L'entreprise"),
        ("The carrier cancelled its sailings.", "back", None, "The carrier"),
        ("A US judge blocked the order.", "owner", "US", "A US judge"),
        ("The company hid defects from regulators.", "back", None, "The company"),
        (
            "Les entreprises américaines ne peuvent pas.",
            "other",
            None,
            "Les entreprises américaines",
        ),
        ("Il est interdit aux Américains d'investir.", "other", None, "Il"),
        ("It was not controlled by the army.", "back", None, "It"),
        ("Huawei, et non Xiaomi, a été ajoutée.", "name", "Huawei", "Huawei"),
        ("the Pentagon said.", "name", "Pentagon", "the Pentagon"),
        # a role written as an acronym is not a name
        ("Le PDG de Velmont, Marc Duval, a démenti.", "name", "Marc Duval", "Marc Duval"),
        ("Its CEO, Anna Berg, said it.", "name", "Anna Berg", "Anna Berg"),
        ("Norvik's CEO said it.", "owner", "Norvik", "Norvik's CEO"),
        # a noun in -ant after "le" is a description, not "l'obligeant"
        ("Le fabricant de pneus a fait appel.", "back", None, "Le fabricant"),
        ("Le dirigeant a démenti.", "back", None, "Le dirigeant"),
    ],
)
def test_subject_of_a_sentence(text: str, refers: str, name: str | None, speaker: str) -> None:
    subj = sentence(text).clause_subject_at(0)
    assert subj is not None
    assert (subj.refers, subj.name, subj.speaker) == (refers, name, speaker)


def test_clauses_of_a_sentence() -> None:
    s = sentence("Pour le moment, l'entreprise est surveillée et n'a pas été interdite.")
    assert [s.clause_subject_at(c).text for c in s.clause_starts()] == ["l'entreprise"] * len(
        s.clause_starts()
    )
    s = sentence("Regulators said Corlan had overstated its revenue, and the firm denied it.")
    subjects = [s.clause_subject_at(c) for c in s.clause_starts()]
    assert [x.text for x in subjects if x is not None] == ["Regulators", "Corlan", "the firm"]


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        (
            '"We have not cut jobs," said Norvik\'s chief executive, Anna Berg.',
            ["Norvik's chief executive"],
        ),
        (
            "« Nous ne reculerons pas », a déclaré le président de Tessara.",
            ["le président de Tessara"],
        ),
        ('"No," said Berg.', ["Berg"]),
        ("The firm denied it.", ["The firm"]),  # "it" is the object, not a speaker
        ('"No," said Berg, adding that Corlan had paid.', ["Corlan"]),  # a verb follows
    ],
)
def test_a_speaker_after_a_quote_is_a_clause_subject(text: str, subjects: list[str]) -> None:
    s = sentence(text)
    found = [s.clause_subject_at(c) for c in s.clause_starts()]
    assert [x.text for x in found if x is not None] == subjects


def test_phrase_subject_needs_a_verb() -> None:
    assert phrase_subject("Xiaomi est interdite de commercer").name == "Xiaomi"  # type: ignore[union-attr]
    assert phrase_subject("money laundering") is None
    assert phrase_subject("interdite de commercer avec les sociétés américaines") is None


def test_same_entity() -> None:
    key = frozenset
    assert same_entity(key({"xiaomi"}), key({"xiaomi", "corp"}))
    assert same_entity(key({"tessara"}), key({"tessara", "energie"}))
    assert not same_entity(key({"bank"}), key({"stratis", "bank"}))
    assert not same_entity(key({"harwood", "bank"}), key({"stratis", "bank"}))


ENGLISH = (
    "Xiaomi filed a lawsuit.\n"
    "The company had sued the Pentagon in January, arguing that it was not controlled by the\n"
    "Chinese army.\n\n"
    "Huawei, by contrast, remains on the Entity List. It cannot buy American chips without a\n"
    "licence. The firm has been barred since 2019.\n"
)


@pytest.mark.parametrize(
    ("claim", "verdict", "line", "resolved_from"),
    [
        ("Huawei cannot buy American chips", "supported", 5, "It"),
        ("Xiaomi cannot buy American chips", "absent", None, None),
        ("Xiaomi is controlled by the Chinese army", "contradicted", 2, "it"),
        ("Huawei has been barred since 2018", "contradicted", 6, "The firm"),
        ("Xiaomi has been barred since 2019", "absent", None, None),
        ("Xiaomi sued the Pentagon", "supported", 2, "The company"),
    ],
)
def test_english_references_without_about(
    claim: str, verdict: str, line: int | None, resolved_from: str | None
) -> None:
    r = check_claim(Claim(id="t", claim=claim), Corpus.from_texts({"a.txt": ENGLISH}))
    assert r.verdict == verdict
    if line is not None:
        assert (r.evidence[0].line, r.evidence[0].resolved_from) == (line, resolved_from)


def test_about_adds_a_descriptor() -> None:
    text = (
        "Le Redmi Note 9S rappelle ses deux camarades.\n"
        "Le constructeur chinois affirme ne pas entretenir de liens avec l'armée.\n"
    )
    corpus = Corpus.from_texts({"a.txt": text})
    claim = Claim(id="t", claim="Xiaomi entretient des liens avec l'armée")
    assert check_claim(claim, corpus).verdict == "absent"  # "le constructeur" = Redmi Note
    with_about = Claim(id="t", claim=claim.claim, about=("constructeur",))
    r = check_claim(with_about, corpus)
    assert r.verdict == "contradicted"
    assert (r.evidence[0].subject, r.evidence[0].resolved_from) == (
        "Xiaomi",
        "Le constructeur chinois",
    )


def _description_in(text: str) -> tuple[ArticleSubjects, str | None]:
    """An article's passages, and who its last passage's subject ("the bank") stands for."""
    passages = list(segment(text, "a.txt"))
    article = ArticleSubjects(passages)
    last = len(passages) - 1
    _, subj = article.subject_of(last, 0)
    assert subj is not None and subj.refers == "back"
    resolved = article.resolve(last, subj)
    return article, resolved.name if resolved is not None else None


def test_a_description_looks_back_as_far_as_a_name_could_hold_its_noun() -> None:
    # the bank is Stratis Bank, past the nearer Xiaomi: the walk goes back to the first passage
    article, name = _description_in(
        "Stratis Bank published its results. Regulators met on Monday. Xiaomi reacted. "
        "The bank denied it."
    )
    assert name == "Stratis Bank"
    assert article.words.first_capital(frozenset(["bank"])) == 0
    # no name writes "bank": the nearest entity, and no clause before it is analysed
    article, name = _description_in(
        "Stratis published its results. Regulators met on Monday. Xiaomi reacted. "
        "The bank denied it."
    )
    assert name == "Xiaomi"
    assert article.words.first_capital(frozenset(["bank"])) == 4
    assert sorted(article._clauses) == [2, 3]


@pytest.mark.parametrize(
    ("sentence", "aliases"),
    [
        (
            "La Direction générale de l'alimentation (DGAL) a ordonné le rappel.",
            [("Direction générale de l'alimentation", "DGAL")],
        ),
        (
            "The DPC (Data Protection Commission) fined Meta.",
            [("DPC", "Data Protection Commission")],
        ),
        ("Meta, formerly known as Facebook, was fined.", [("Meta", "Facebook")]),
        ("Meta (ex-Facebook) a été condamnée.", [("Meta", "Facebook")]),
        (
            "The court fined Stratis Bank (SB) and Borea Bank (BB).",
            [("Stratis Bank", "SB"), ("Borea Bank", "BB")],
        ),
        ("Kelda Air (KEL) fell.", [("Kelda Air", "KEL")]),
        # brackets that hold no other name of what comes before
        ("L'usine de Caudry (Nord) a fermé.", []),
        ("Paris (AFP) - Xiaomi a chuté.", []),
        ("Xiaomi (1810.HK) a chuté.", []),
        ("Le ministre Bruno Le Maire (LR) a parlé.", []),
        ("Jean Dupont, ex-PDG de Velmont, a parlé.", []),
        ("Ana Ruiz, known as a tough negotiator, spoke.", []),
    ],
)
def test_the_aliases_a_sentence_defines(sentence: str, aliases: list[tuple[str, str]]) -> None:
    s = SentenceWords(tokenize(sentence), sentence)
    assert [(a.long[0], a.short[0]) for a in aliases_in(s)] == aliases


@given(
    st.lists(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9), min_size=2, max_size=6)
)
def test_a_names_initials_abbreviate_it(words: list[str]) -> None:
    assert abbreviates("".join(w[0] for w in words).upper(), words)


@pytest.mark.parametrize(
    ("short", "name", "expected"),
    [
        ("ORR", "Office of Rail and Road", True),
        ("Anses", "Agence nationale de sécurité sanitaire de l'alimentation", True),
        ("Nord", "Caudry", False),
        ("CAA", "Civil Aviation Authority", True),
        ("FAA", "Civil Aviation Authority", False),
        ("AC", "Autorité de la concurrence", True),
    ],
)
def test_abbreviates(short: str, name: str, expected: bool) -> None:
    assert abbreviates(short, [t.text for t in tokenize(name) if t.kind == "word"]) is expected


def test_acronyms_with_and_without_links() -> None:
    assert acronyms("Office of Rail and Road") == {"oorar", "orr"}
    assert acronyms("Xiaomi") == frozenset()
