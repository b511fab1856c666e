"""Reading articles and splitting them into passages."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.corpus import _SENT_END, _letter, load_corpus, segment, split_front_matter

SAMPLE = (
    "Titre de l'article\n\n"
    "Xiaomi Corp. se concentre sur les smartphones. Le cours a doublé !\n"
    "Une phrase coupée en deux\n"
    "lignes par le site. «Compagnie militaire chinoise. »\n"
    "Que signifie cette interdiction ?\n"
)


def _lines_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def test_segment_sentences_and_lines() -> None:
    quotes = [(p.line, p.column, p.quote) for p in segment(SAMPLE)]
    assert quotes == [
        (1, 1, "Titre de l'article"),
        (3, 1, "Xiaomi Corp. se concentre sur les smartphones."),
        (3, 48, "Le cours a doublé !"),
        (4, 1, "Une phrase coupée en deux lignes par le site."),
        (5, 21, "«Compagnie militaire chinoise. »"),
        (6, 1, "Que signifie cette interdiction ?"),
    ]


def test_an_abbreviation_before_a_stop_is_read_back_as_the_pattern_reads_it() -> None:
    # the word before a full stop is read backwards, character by character, as [^\W\d_]+
    letters = re.compile(r"[^\W\d_]")
    assert all(_letter(c) == (letters.fullmatch(c) is not None) for c in map(chr, range(0x110000)))
    cuts = [p.text for p in segment("Voir M. Dupont, p. 3. Le 2. Fin. Ça² X. Oui.")]
    assert cuts == ["Voir M. Dupont, p. 3. ", "Le 2. ", "Fin. ", "Ça² X. Oui."]


def test_hard_wrapped_paragraphs_are_joined_but_headings_are_not() -> None:
    text = (
        "Sanctions\n\n"
        "Le gouvernement americain a inscrit Xiaomi sur une liste noire au debut de\n"
        "l'annee, ce qui a surpris les marches financiers du monde entier et les\n"
        "Americains qui detenaient des actions de la societe chinoise en bourse.\n"
        "Reponse de Xiaomi\n"
        "La societe conteste.\n"
    )
    quotes = [(p.line, p.quote[:20]) for p in segment(text)]
    assert quotes == [
        (1, "Sanctions"),
        (3, "Le gouvernement amer"),
        (6, "Reponse de Xiaomi"),
        (7, "La societe conteste."),
    ]


# the sentence-end pattern as first made linear: the run's start checked before it (the
# regex engine tried that look-behind at every character)
_SENT_END_BEHIND = re.compile(
    r"(?<![.!?\u2026])[.!?\u2026]++(?:[ \u00a0\u202f]?[\"'\u00bb\u201d\u2019)\]])*"
    r"(?=\s++[\"'\u00ab\u201c(\[\-\u2013\u2014]?+\s*+[A-Z\u00c0-\u00de\d])",
)


@given(
    st.text(
        alphabet=st.sampled_from(".!?\u2026 \u00a0\"')]\u00bb\u00ab(-\u2013A\u00c9a1\n\t"),
        max_size=40,
    ),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_sentence_ends_are_found_as_the_look_behind_first_pattern_finds_them(
    text: str, start: int, end: int
) -> None:
    """The sentence-end pattern opens with the stop itself (and checks the run's start behind
    it): the same matches as the pattern that opened with the look-behind, from any start."""
    spans = [m.span() for m in _SENT_END.finditer(text, start, end)]
    assert spans == [m.span() for m in _SENT_END_BEHIND.finditer(text, start, end)]


@given(st.text(alphabet=st.sampled_from("ab. \n!?«»AÉ,'’\t\r"), max_size=200))
def test_segmentation_covers_every_character_once(text: str) -> None:
    passages = segment(text)
    assert "".join(p.text for p in passages) == text
    assert [p.start for p in passages] == sorted(p.start for p in passages)
    lines = [p.line for p in passages]
    assert lines == sorted(lines)
    for p in passages:
        stripped = p.text.lstrip()
        first = p.start + len(p.text) - len(stripped) if stripped else p.start
        # splitlines semantics: \r, \n and \r\n all end a line
        assert p.line == len(text[:first].replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def test_front_matter_is_read_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: Test\nlang: fr\n---\nXiaomi est sur la liste noire.\n", encoding="utf-8"
    )
    (art,) = load_corpus(tmp_path, lambda m: None)
    assert art.meta == {"title": "Test", "lang": "fr"}
    assert [(p.line, p.quote) for p in art.passages] == [(5, "Xiaomi est sur la liste noire.")]


def test_bad_front_matter_warns_and_keeps_the_body() -> None:
    warnings: list[str] = []
    meta, offset = split_front_matter("---\ntitle: [oops\n---\nBody.\n", "a.md", warnings.append)
    assert meta == {} and offset == len("---\ntitle: [oops\n---\n")
    assert len(warnings) == 1 and warnings[0].startswith("a.md:")


def test_legacy_encodings_are_read(tmp_path: Path) -> None:
    text = "L’armée chinoise a été citée à Pékin.\n"
    (tmp_path / "utf8.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "latin1.txt").write_bytes(text.replace("’", "'").encode("latin-1"))
    arts = {a.path.rsplit("/", 1)[-1]: a for a in load_corpus(tmp_path, lambda m: None)}
    for name in ("utf8.txt", "bom.txt", "utf16.txt", "cp1252.txt"):
        assert arts[name].passages[0].quote == text.strip(), name
    assert arts["latin1.txt"].passages[0].quote == text.strip().replace("’", "'")


def test_binary_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "ok.txt").write_text("Xiaomi.\n", encoding="utf-8")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    warnings: list[str] = []
    arts = load_corpus(tmp_path, warnings.append)
    assert [a.path.rsplit("/", 1)[-1] for a in arts] == ["ok.txt"]
    assert len(warnings) == 1 and "bin.txt" in warnings[0]


FRONT_MATTERS = [
    "---\ntitle: Xiaomi\ndate: 2021-01-15\ntags: [a, b]\n---\nBody.\n",
    "---\ntitle: [oops\n---\nBody.\n",
    "---\n- a list\n---\nBody.\n",
    "---\nbase: &b {x: 1}\nother: *b\n---\nBody.\n",
]


@pytest.mark.parametrize("text", FRONT_MATTERS)
def test_front_matter_is_the_same_with_or_without_libyaml(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_warnings: list[str] = []
    fast = split_front_matter(text, "a.md", fast_warnings.append)
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    slow_warnings: list[str] = []
    slow = split_front_matter(text, "a.md", slow_warnings.append)
    assert (fast, fast_warnings) == (slow, slow_warnings)
