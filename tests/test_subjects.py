"""The `about` guard: names, references back, and other companies' sentences."""

from __future__ import annotations

from .conftest import CheckFn

ARTICLE = (
    "Xiaomi est une entreprise chinoise de smartphones.\n"
    "Huawei a ete durement sanctionnee par Washington.\n"
    "La firme ne peut plus proposer les applications Google sur ses smartphones.\n"
    "Xiaomi a depose une plainte contre le Pentagone.\n"
    "L'entreprise juge la sanction injuste et illegale.\n"
)


def test_reference_back_resolves_to_the_nearest_named_subject(check: CheckFn) -> None:
    phrasing = "ne peut plus proposer les applications Google sur ses smartphones"
    huawei = check(phrasing, ARTICLE, about=["Huawei"], subjects=["Huawei", "Xiaomi"])
    xiaomi = check(phrasing, ARTICLE, about=["Xiaomi"], subjects=["Huawei", "Xiaomi"])
    assert huawei.verdict == "supported"
    assert xiaomi.verdict == "absent"


def test_reference_back_to_the_claims_subject_counts(check: CheckFn) -> None:
    r = check(
        "juge la sanction injuste et illegale",
        ARTICLE,
        about=["Xiaomi"],
        subjects=["Huawei", "Xiaomi"],
    )
    assert r.verdict == "supported" and r.evidence[0].line == 5


def test_a_sentence_naming_another_company_is_not_evidence(check: CheckFn) -> None:
    r = check(
        "a ete durement sanctionnee par Washington",
        ARTICLE,
        about=["Xiaomi"],
        subjects=["Huawei", "Xiaomi"],
    )
    assert r.verdict == "absent"


def test_without_about_every_passage_counts(check: CheckFn) -> None:
    r = check("a ete durement sanctionnee par Washington", ARTICLE)
    assert r.verdict == "supported"


def test_a_reference_stands_for_the_subject_in_the_phrasing(check: CheckFn) -> None:
    claim = "Xiaomi est interdite de commercer avec les sociétés américaines"
    text = (
        "Xiaomi est sur la liste noire du Pentagone.\n"
        "Pour le moment, l'entreprise n'a pas été interdite de commercer avec les sociétés "
        "américaines.\n"
    )
    r = check(claim, text, about=["Xiaomi"])
    assert r.verdict == "contradicted" and r.evidence[0].line == 2
    # the same sentence after a Huawei sentence is about Huawei
    huawei = text.replace("Pour le moment", "Huawei est sanctionnée.\nPour le moment")
    r = check(claim, huawei, about=["Xiaomi"], subjects=["Xiaomi", "Huawei"])
    assert r.verdict == "absent"
    # without `about`, the phrasing's subject must be in the passage
    assert check(claim, text).verdict == "absent"


ENGLISH = (
    "The company had sued the Pentagon in January, arguing that it was not controlled by the\n"
    "Chinese army.\n\n"
    "Huawei, by contrast, remains on the Entity List. It cannot buy American chips without a\n"
    "licence. The firm has been barred since 2019.\n"
)


def test_english_references_and_contractions(check: CheckFn) -> None:
    subjects = ["Xiaomi", "Huawei"]
    text = "Xiaomi filed a lawsuit.\n" + ENGLISH
    assert (
        check("Huawei cannot buy American chips", text, about=["Huawei"], subjects=subjects).verdict
        == "supported"
    )
    assert (
        check("Xiaomi cannot buy American chips", text, about=["Xiaomi"], subjects=subjects).verdict
        == "absent"
    )
    r = check("Xiaomi is controlled by the Chinese army", text, about=["Xiaomi"], subjects=subjects)
    assert r.verdict == "contradicted" and r.evidence[0].negated
    r = check("Huawei has been barred since 2018", text, about=["Huawei"], subjects=subjects)
    assert r.verdict == "contradicted" and r.evidence[0].number_mismatch
