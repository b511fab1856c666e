"""Claims typed in one's own words: forms of a word, asides, reordered clauses, the closest
passages, the confidence of "absent", and `suggest`."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from claimcheck.claims import Claim, load_claims
from claimcheck.cli.app import app
from claimcheck.engine import check_claim
from claimcheck.matching.passages import Corpus
from claimcheck.matching.words import stem, token_sim
from claimcheck.report import ClaimResult, Related
from claimcheck.suggest import cut_clause, fresh_id, insert_entry, suggest
from claimcheck.verdict import absent_confidence

from .conftest import ROOT

runner = CliRunner()
CASES = Path(__file__).parent / "cases"


def check(claim: str, text: str) -> Any:
    return check_claim(Claim(id="t", claim=claim), Corpus.from_texts({"a.txt": text}))


# -- forms of a word ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ["depose", "deposee", "deposer", "deposait"],
        ["bloque", "bloquee", "bloques"],
        ["ban", "banned", "banning", "bans"],
        ["say", "said", "saying", "says"],
        ["suspend", "suspended", "suspending"],
        ["interdit", "interdite", "interdire"],
        ["recoit", "recu", "recevoir"],
    ],
)
def test_forms_of_a_word_share_a_stem(forms: list[str]) -> None:
    assert len({stem(f) for f in forms}) == 1
    assert all(token_sim(forms[0], f) >= 0.9 for f in forms)


@pytest.mark.parametrize(("a", "b"), [("ban", "bank"), ("juge", "jeu"), ("said", "sad")])
def test_other_words_do_not(a: str, b: str) -> None:
    assert token_sim(a, b) == 0.0


def test_no_duplicate_forms_in_the_rules() -> None:
    """YAML keeps the last of two equal keys: a form listed twice would silently lose one."""

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
        keys = [k.value for k, _ in node.value]
        assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
        return loader.construct_mapping(node)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    for name in ("matching", "polarity", "subjects"):
        yaml.load((ROOT / "src/claimcheck/rules" / f"{name}.yaml").read_text(), Loader=Strict)


# -- asides and order ------------------------------------------------------------------------------

ORDER_CASES = [
    # (claim, passage, stance or None, reordered)
    (
        "Morgan Stanley suspended trading of Xiaomi shares",
        "Banks including Morgan Stanley, JP Morgan Chase, and Goldman Sachs suspended trading of "
        "Xiaomi shares.",
        "supports",
        False,
    ),
    (
        "The judge said the designation was arbitrary and capricious",
        "Judge Rudolph Contreras issued a preliminary injunction on Friday, saying the designation "
        "was 'arbitrary and capricious'.",
        "supports",
        False,
    ),
    (
        "Xiaomi a déposé une plainte contre le ministère de la Défense",
        "Xiaomi (le troisième fabricant mondial de smartphones) a déposé une plainte contre le "
        "ministère de la Défense.",
        "supports",
        False,
    ),
    (
        "Un juge fédéral a bloqué l'ordonnance",
        "L'ordonnance a été bloquée par un juge fédéral.",
        "supports",
        True,
    ),
    (
        "Un juge fédéral a bloqué l'ordonnance",
        "L'ordonnance n'a pas été bloquée par un juge fédéral.",
        "contradicts",
        True,
    ),
    (
        # an embedding negation governs the clause plainly
        "Un juge fédéral a bloqué l'ordonnance",
        "Il est faux de dire que l'ordonnance a été bloquée par un juge fédéral.",
        "contradicts",
        True,
    ),
    (
        # a cue in another part of the sentence: out of order, too unsure to say
        "Un juge fédéral a bloqué l'ordonnance",
        "Le gouvernement n'a pas réagi : l'ordonnance a été bloquée par un juge fédéral.",
        None,
        False,
    ),
    (
        # the claim's verb against a noun of the passage: not the same statement
        "Xiaomi was banned in the United States",
        "The ban on Xiaomi in the United States was lifted, officials said.",
        None,
        False,
    ),
    (
        # words spread over two clauses are not one statement
        "Le juge a bloqué l'ordonnance",
        "L'ordonnance a été publiée ; le juge a bloqué la fusion.",
        None,
        False,
    ),
    (
        # two content words are too few to say anything out of order
        "Xiaomi a démissionné",
        "Démissionné, le directeur a quitté Xiaomi.",
        None,
        False,
    ),
]


@pytest.mark.parametrize(("claim", "passage", "stance", "reordered"), ORDER_CASES)
def test_asides_and_order(claim: str, passage: str, stance: str | None, reordered: bool) -> None:
    result = check(claim, passage + "\n")
    got = result.evidence[0] if result.evidence else None
    assert (got.stance if got else None) == stance
    if got is not None:
        assert got.reordered is reordered
        if reordered:
            assert got.weight < got.score  # reordered evidence weighs less


# -- the confidence of "absent" and the closest passages -------------------------------------------


@pytest.mark.parametrize(
    ("closest", "near_miss", "confidence"),
    [
        (0.0, 0.0, 100.0),
        (0.4, 0.0, 100.0),
        (0.5, 0.0, 85.0),
        (0.6, 0.0, 85.0),
        (0.75, 0.0, 65.0),
        (1.0, 0.0, 50.0),
        (0.6, 72.0, 28.0),
        (0.0, 55.0, 45.0),
    ],
)
def test_absent_confidence_steps(closest: float, near_miss: float, confidence: float) -> None:
    assert absent_confidence(closest, near_miss) == confidence


def test_closest_passages_never_change_the_verdict() -> None:
    text = "Xiaomi dépose plainte contre la Défense américaine.\nLe juge statue en mars.\n"
    result = check("Xiaomi a porté plainte contre le Pentagone", text)
    assert result.verdict == "absent" and not result.evidence
    assert [(r.line, r.score, r.has, r.missing) for r in result.related] == [
        (1, 60.0, ("Xiaomi", "plainte", "contre"), ("porté", "Pentagone"))
    ]
    assert result.confidence == 85.0
    # nothing shares half the words: absent with confidence 100, nothing to show
    far = check("Xiaomi vend des montres connectées en Europe", text)
    assert (far.verdict, far.confidence, far.related) == ("absent", 100.0, ())
    # a claim with evidence shows no closest passages
    found = check("Xiaomi dépose plainte contre la Défense américaine", text)
    assert found.verdict == "supported" and found.related == ()


PLAINTE = (
    "claim: Xiaomi a porté plainte contre le Pentagone\n"
    "verdict: absent (confidence 85, 0 sources)\n"
    "no passage matches above the threshold\n"
    "\n"
    "Closest passages (not evidence: they hold the claim's words, not its statement):\n"
    "\n"
    "1. 60% of the claim's words\n"
    "   Comme le rapporte Reuters, Xiaomi a déposé une plainte contre les départements de la Défense\n"
    "   américaine.\n"
    "   data/articles/004-xiaomi-plainte-armee-chinoise.txt:5:1\n"
    "   has: Xiaomi, plainte, contre; lacks: porté, Pentagone\n"
)
JUGE = (
    "claim: Un juge fédéral a bloqué l'interdiction d'investir dans Xiaomi\n"
    "verdict: absent (confidence 65, 0 sources)\n"
    "no passage matches above the threshold\n"
    "\n"
    "Closest passages (not evidence: they hold the claim's words, not its statement):\n"
    "\n"
    "1. 83% of the claim's words\n"
    "   Or, l’ordonnance qui aurait empêché les entités américaines d’investir dans Xiaomi vient d’être\n"
    "   bloquée par un juge fédéral américain qui a mis en doute les liens présumés de l’entreprise avec\n"
    "   l’armée chinoise.\n"
    "   data/articles/003-juge-bloque-ordonnance-xiaomi.txt:9:430\n"
    "   has: juge, fédéral, bloqué, investir, Xiaomi; lacks: interdiction\n"
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("claim", "expected"),
    [("Xiaomi a porté plainte contre le Pentagone", PLAINTE), (JUGE.split("\n")[0][7:], JUGE)],
)
def test_verify_exact_output_of_the_two_examples(repo: Path, claim: str, expected: str) -> None:
    result = runner.invoke(app, ["verify", claim], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected


def test_related_in_json_and_report_explain(repo: Path) -> None:
    result = runner.invoke(
        app, ["verify", "Xiaomi a porté plainte contre le Pentagone", "--format", "json"]
    )
    related = json.loads(result.stdout)["claims"][0]["related"]
    assert related == [
        {
            "quote": "Comme le rapporte Reuters, Xiaomi a déposé une plainte contre les départements "
            "de la Défense américaine.",
            "article": "data/articles/004-xiaomi-plainte-armee-chinoise.txt",
            "line": 5,
            "column": 1,
            "score": 60.0,
            "has": ["Xiaomi", "plainte", "contre"],
            "missing": ["porté", "Pentagone"],
            "phrasing": "Xiaomi a porté plainte contre le Pentagone",
            "by_meaning": False,
        }
    ]
    explained = runner.invoke(app, ["report", "--explain", "smartwatch-sales-halted"])
    assert explained.exit_code == 0, explained.stderr
    assert explained.stdout.startswith("claim: Xiaomi a cessé de vendre des montres connectées")
    unknown = runner.invoke(app, ["report", "--explain", "no-such-claim"])
    assert unknown.exit_code == 2 and "no claim 'no-such-claim'" in unknown.stderr


# -- the typed paraphrases: precision --------------------------------------------------------------

PARAPHRASES = yaml.safe_load((CASES / "paraphrases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bundled() -> Corpus:
    return Corpus.load(ROOT / "data" / "articles", lambda m: None)


@pytest.mark.parametrize("case", PARAPHRASES, ids=[c["claim"][:40] for c in PARAPHRASES])
def test_a_verdict_on_a_paraphrase_is_right(bundled: Corpus, case: dict[str, str]) -> None:
    """The engine may not see a paraphrase (absent), but what it decides must be right."""
    result = check_claim(Claim(id="typed", claim=case["claim"]), bundled)
    assert result.verdict in (case["gold"], "absent")
    if result.verdict == "absent" and case["gold"] != "absent":
        assert result.confidence < 100 or case["claim"].startswith("Xiaomi fabrique")


# -- suggest ----------------------------------------------------------------------------------------


def test_fresh_id() -> None:
    claim = "Un juge fédéral a bloqué l'interdiction d'investir dans Xiaomi"
    assert fresh_id(claim, []) == "juge-federal-bloque-interdiction-investir"
    assert fresh_id(claim, ["juge-federal-bloque-interdiction-investir"]).endswith("-2")


def test_cut_clause_keeps_the_part_about_the_claim() -> None:
    quote = (
        "Or, l’ordonnance qui aurait empêché les entités américaines d’investir dans Xiaomi vient "
        "d’être bloquée par un juge fédéral américain qui a mis en doute les liens présumés."
    )
    words = ["juge", "fédéral", "bloqué", "investir", "Xiaomi"]
    assert cut_clause(quote, words) == (
        "l’ordonnance qui aurait empêché les entités américaines d’investir dans Xiaomi vient "
        "d’être bloquée par un juge fédéral américain"
    )


SUGGESTED = """\
  - id: juge-federal-bloque-interdiction-investir
    claim: Un juge fédéral a bloqué l'interdiction d'investir dans Xiaomi
    # supports: data/articles/003-juge-bloque-ordonnance-xiaomi.txt:9:430 (83% of the claim's words); review it
    supports:
      - l’ordonnance qui aurait empêché les entités américaines d’investir dans Xiaomi vient d’être bloquée par un juge fédéral américain
"""


def test_suggest_prints_an_entry_and_writes_it_in_place(repo: Path) -> None:
    claim = "Un juge fédéral a bloqué l'interdiction d'investir dans Xiaomi"
    before = (repo / "data" / "claims.yaml").read_text(encoding="utf-8")
    printed = runner.invoke(app, ["suggest", claim])
    assert printed.exit_code == 0, printed.stderr
    assert printed.stdout == SUGGESTED
    assert (repo / "data" / "claims.yaml").read_text(encoding="utf-8") == before
    written = runner.invoke(app, ["suggest", claim, "--write"])
    assert written.exit_code == 0, written.stderr
    after = (repo / "data" / "claims.yaml").read_text(encoding="utf-8")
    # every line that was there is still there, in order, the comments too: only additions
    changes = [d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d[0] in "+-"]
    assert all(d.startswith("+") for d in changes) and len(changes) == 6
    ids = [c.id for c in load_claims(repo / "data" / "claims.yaml").claims]
    assert ids == sorted(ids) and "juge-federal-bloque-interdiction-investir" in ids
    # the curated claim now verifies
    verified = runner.invoke(app, ["verify", claim])
    assert "using curated claim 'juge-federal-bloque-interdiction-investir'" in verified.stderr
    assert "verdict: supported" in verified.stdout
    again = runner.invoke(app, ["suggest", claim, "--write"])
    assert "already has this claim" in again.stderr
    assert (repo / "data" / "claims.yaml").read_text(encoding="utf-8") == after


def test_suggest_puts_a_negated_clause_on_the_contradicting_side(repo: Path) -> None:
    result = runner.invoke(
        app, ["suggest", "Xiaomi est interdite de commercer avec les Américains"]
    )
    assert result.exit_code == 0, result.stderr
    entry = yaml.safe_load(result.stdout)[0]
    assert entry["contradicts"] and "n’a pas été interdite" in " ".join(entry["contradicts"])


def test_suggest_files_a_clause_by_the_negation_of_the_claims_own_words(repo: Path) -> None:
    """#32, bug 1: 'ce dernier n'entend pas se laisser faire et dépose plainte …' negates
    'se laisser faire', not the lawsuit: it supports 'Xiaomi a déposé une plainte', and the
    claim written by --write then verifies as supported."""
    claim = "Xiaomi a déposé une plainte"
    args = ["--claims", "data/claims.yaml", "--articles", "data/articles"]
    written = runner.invoke(app, ["suggest", claim, *args, "--write"])
    assert written.exit_code == 0, written.stderr
    entry = yaml.safe_load(written.stdout)[0]
    assert "contradicts" not in entry
    assert any("dépose plainte" in p and "n’entend pas" in p for p in entry["supports"])
    verified = runner.invoke(app, ["verify", claim, *args])
    assert "using curated claim 'xiaomi-depose-plainte'" in verified.stderr
    assert "verdict: supported" in verified.stdout and "contradicts" not in verified.stdout


def _by_meaning(quote: str, line: int, similarity: float, has: tuple[str, ...]) -> Related:
    claim_words = ("Kelda", "Air", "stop", "flying", "Lisbon")
    return Related(
        quote=quote,
        article="a.txt",
        line=line,
        column=1,
        score=similarity,
        has=has,
        missing=tuple(w for w in claim_words if w not in has),
        phrasing="Kelda Air will stop flying to Lisbon",
        by_meaning=True,
    )


BY_MEANING = """\
  - id: kelda-air-stop-flying-lisbon
    claim: Kelda Air will stop flying to Lisbon
    # supports: a.txt:2:1 (88% similar in meaning); review it
    # contradicts: a.txt:4:1 (86% similar in meaning); review it
    # supports: a.txt:7:1 (85% similar in meaning); review it
    supports:
      - « La compagnie arrêtera de desservir Lisbonne », a dit son patron
      - Kelda Air said it would stop flying to Lisbon
    contradicts:
      - Kelda Air ne renoncera pas à Lisbonne
"""


def test_suggest_offers_a_passage_found_by_meaning_whole_unless_it_holds_its_words() -> None:
    """--semantic: a passage in the other language holds none of the claim's words to cut it
    by, so it is offered whole (its end punctuation off), with its similarity; one that holds
    most of them is cut as a passage found by its words is; each on its negation's side."""
    related = (
        _by_meaning(
            "« La compagnie arrêtera de desservir Lisbonne », a dit son patron.", 2, 88, ()
        ),
        _by_meaning("Kelda Air ne renoncera pas à Lisbonne.", 4, 86, ("Kelda", "Air")),
        _by_meaning(
            "On Monday, as fuel prices rose, Kelda Air said it would stop flying to Lisbon.",
            7,
            85,
            ("Kelda", "Air", "stop", "flying", "Lisbon"),
        ),
    )
    result = ClaimResult(
        id="typed",
        claim="Kelda Air will stop flying to Lisbon",
        verdict="absent",
        confidence=100.0,
        evidence=(),
        basis=None,
        related=related,
    )
    found = suggest(result.claim, result, [])
    assert found.entry() == BY_MEANING


def test_insert_entry_in_an_unsorted_file_appends_and_keeps_comments() -> None:
    text = "# my claims\nclaims:\n  - id: zeta\n    claim: z z\n  # about alpha\n  - id: alpha\n    claim: a a\n"
    entry = "  - id: beta\n    claim: b b\n"
    out = insert_entry(text, "c.yaml", entry, "beta")
    assert out.startswith(text) and out.endswith("  - id: beta\n    claim: b b\n")


def test_insert_entry_validates() -> None:
    from claimcheck.errors import InputError

    text = "claims:\n  - id: a\n    claim: a a\n"
    with pytest.raises(InputError):
        insert_entry(text, "c.yaml", "  - id: a\n    claim: a again\n", "a")  # duplicate id


def test_suggest_with_nothing_close(repo: Path) -> None:
    result = runner.invoke(app, ["suggest", "Le ciel est bleu au-dessus de Pékin"])
    assert result.exit_code == 0 and result.stdout == ""
    assert "no passage holds enough of the claim's words" in result.stderr
