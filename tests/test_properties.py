"""Property and fuzz tests (hypothesis), bounded in time; see CONTRIBUTING.md for longer runs."""

from __future__ import annotations

import contextlib
import os
import re
from types import SimpleNamespace

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.analysis.cues import sentence_cues
from claimcheck.analysis.references import ArticleSubjects
from claimcheck.analysis.rules import cue_tables
from claimcheck.claims import Claim, parse_claims
from claimcheck.corpus import decode, parse_article, segment
from claimcheck.dates import Date, parse_date
from claimcheck.engine import check_claim, conclude, fold_at
from claimcheck.errors import InputError
from claimcheck.matching.found import Findings, Found
from claimcheck.matching.passages import Corpus
from claimcheck.text import fold_word, tokens_of
from claimcheck.verdict import counts_of, decide, listed, strongest_first, timeline_of

# CONTRIBUTING.md: CLAIMCHECK_FUZZ_EXAMPLES=20000 for a long run
EXAMPLES = int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SUBJECTS = ["Xiaomi", "Huawei", "le gouvernement", "la société", "the company", "Washington"]
FR_VERBS = ["a vendu", "a racheté", "a interdit", "a sanctionné", "a financé", "a attaqué"]
EN_VERBS = ["sold", "bought", "banned", "sanctioned", "funded", "sued"]
OBJECTS = ["les smartphones", "la filiale", "the factory", "the bank", "des actions", "the app"]


@st.composite
def clause(draw: st.DrawFn) -> tuple[str, str]:
    lang = draw(st.sampled_from(["fr", "en"]))
    verb = draw(st.sampled_from(FR_VERBS if lang == "fr" else EN_VERBS))
    return lang, f"{draw(st.sampled_from(SUBJECTS))} {verb} {draw(st.sampled_from(OBJECTS))}"


NEGATIONS = {
    "fr": ["Il est faux que {}", "Cela ne veut pas dire que {}", "Il n'est pas vrai que {}"],
    "en": ["It is not true that {}", "It is false that {}"],
}
PSEUDO = {
    "fr": [
        "Il ne fait aucun doute que {}",
        "Sans aucun doute, {}",
        "Non seulement {}",
        "Il est vrai que {}",
    ],
    "en": ["There is no doubt that {}", "Not only {}", "Without a doubt, {}"],
}


def stance(phrasing: str, passage: str) -> str | None:
    corpus = Corpus.from_texts({"a.txt": passage + ".\n"})
    result = check_claim(Claim(id="t", claim=phrasing), corpus)
    return result.evidence[0].stance if result.evidence else None


@FUZZ
@given(clause(), st.data())
def test_negation_flips_and_pseudo_negation_does_not(
    c: tuple[str, str], data: st.DataObject
) -> None:
    lang, text = c
    assert stance(text, text) == "supports"
    negation = data.draw(st.sampled_from(NEGATIONS[lang]))
    assert stance(text, negation.format(text)) == "contradicts"
    pseudo = data.draw(st.sampled_from(PSEUDO[lang]))
    assert stance(text, pseudo.format(text)) == "supports"


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "claims",
                    "id",
                    "claim",
                    "supports",
                    "about",
                    "expect",
                    "min_score",
                    "settings",
                    "x",
                    "version",
                ]
            )
            | st.text(max_size=5),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@FUZZ
@given(yaml_values)
def test_any_yaml_value_loads_or_fails_cleanly(value: object) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    try:
        parse_claims(text, "c.yaml")
    except InputError as exc:
        # one line per error, each located, in file order
        lines = str(exc).split("\n")
        assert all(line.startswith("c.yaml") for line in lines)
        if len(lines) > 1:
            places = [tuple(int(n) for n in line.split(":")[1:3]) for line in lines]
            assert places == sorted(places)


@FUZZ
@given(st.text(max_size=300))
def test_claims_loader_never_crashes_on_text(text: str) -> None:
    with contextlib.suppress(InputError):
        parse_claims(text, "c.yaml")


@FUZZ
@given(st.binary(max_size=400))
def test_article_reader_never_crashes_on_bytes(data: bytes) -> None:
    article = parse_article(data, "a.txt", lambda m: None)
    text, _, _ = decode(data)
    assert article.text == text
    body = text[article.body_offset :]
    assert "".join(p.text for p in article.passages) == body
    for p in article.passages:
        assert p.line >= 1 and p.column >= 1


@FUZZ
@given(st.text(max_size=3000))
def test_segmentation_bounds_passages(text: str) -> None:
    passages = segment(text)
    assert "".join(p.text for p in passages) == text
    assert all(len(p.text) <= 2000 or " " not in p.text for p in passages)


@FUZZ
@given(
    st.lists(
        st.sampled_from(
            [
                "can't",
                "cannot",
                "won't",
                "doesn't",
                "l'entreprise",
                "d’armée",
                "aujourd'hui",
                "États-Unis",
                "peut-être",
                "Xiaomi",
                "œuvre",
                "4 000",
                "75 %",
                "interdite",
                "n'a",
                "qu'il",
                "it's",
                "I'm",
                "«",
                "»",
                "naïve",
                "ﬁnance",
                "Straße",
                "ŞİRKET",
                "déjà-vu",
            ]
        )
        | st.text(alphabet="abcdeéèçàùôîï'’- ", min_size=1, max_size=12),
        min_size=1,
        max_size=12,
    )
)
def test_the_index_sees_every_word_the_aligner_matches(parts: list[str]) -> None:
    """The word set that retrieval uses must hold every content word the tokenizer makes,
    or the index would miss passages the aligner would score."""
    from claimcheck.matching.terms import index_keys, match_terms
    from claimcheck.matching.words import word_keys
    from claimcheck.text import tokenize, word_set

    text = " ".join(parts)
    keys = {k for w in word_set(text) for k in word_keys(w)}
    for term in match_terms(tokenize(text)):
        for k in index_keys(term):
            assert k in keys, (text, term.text)


@FUZZ
@given(
    st.lists(
        st.sampled_from(
            [
                "Xiaomi",
                "n'a",
                "can't",
                "won't",
                "cannot",
                "l'entreprise",
                "qu'il",
                "75 %",
                "d'Oderix",
                "ŒUVRE",
                "it's",
                "déjà-vu",
                "5G",
                "ne",
                "pas",
            ]
        )
        | st.text(alphabet="abcdeéèçàùôîïnt'’- ", min_size=1, max_size=12),
        min_size=1,
        max_size=12,
    )
)
def test_the_order_bound_sees_content_words_where_the_aligner_does(parts: list[str]) -> None:
    """The cheap order test reads a passage's words without tokenising it: the content words
    it sees must stand where the tokenizer puts them, in the same order, or it could reject
    a passage that matches (a word it does not see is assumed to match anywhere)."""
    from claimcheck.matching.terms import match_terms
    from claimcheck.text import tokenize, word_seq

    text = " ".join(parts)
    seq = word_seq(text)
    terms = [t.text for t in match_terms(tokenize(text)) if t.weight >= 1.0 and not t.number]
    seen = [t for t in terms if t in set(seq)]
    assert [w for w in seq if w in set(terms)] == seen


def _fold_char_by_char(text: str) -> tuple[str, list[int]]:
    """The plain definition of fold_at, one character at a time, at every position."""
    out: list[str] = []
    mapping: list[int] = []
    pending = False
    for ch in text:
        if ch.isspace():
            pending = bool(out)
            mapping.append(len(out))
            continue
        if pending:
            out.append(" ")
            pending = False
        mapping.append(len(out))
        out.append(ch)
    mapping.append(len(out))
    return "".join(out), mapping


@FUZZ
@given(st.text(alphabet=st.sampled_from(" \t\n\r\u00a0\u2009\u3000\x1cab\u00e9.'"), max_size=40))
def test_folding_whitespace_keeps_every_character_in_place(text: str) -> None:
    every = list(range(len(text) + 1))
    folded, where = fold_at(text, every)
    assert (folded, where) == _fold_char_by_char(text)
    assert all(folded[where[i]] == ch for i, ch in enumerate(text) if not ch.isspace())
    # and read at some positions only, as listed quotes do
    assert fold_at(text, every[::-3]) == (folded, where[::-3])


_JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('"\\\n\x00\u2028é'))
)


@FUZZ
@given(
    st.recursive(
        _JSON_LEAVES,
        lambda inner: st.lists(inner) | st.tuples(inner, inner) | st.dictionaries(st.text(), inner),
        max_leaves=30,
    )
)
def test_the_cache_encodes_as_json_dumps_does(value: object) -> None:
    import json

    from claimcheck.cache_codec import _compact

    assert _compact(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# -- conclude() reads Found values field by field: the same verdict as the generic rule -------

_FOUND = st.builds(
    Found,
    stance=st.sampled_from(["supports", "contradicts"]),
    score=st.sampled_from([80.0, 85.5, 90.0, 100.0]),
    article=st.sampled_from(["a.txt", "b.txt", "c.txt", "d.txt"]),
    line=st.integers(1, 3),
    column=st.integers(1, 3),
    start=st.just(0),
    end=st.just(1),
    phrasing=st.just(0),
    negated=st.booleans(),
    hedged=st.booleans(),
    attributed_to=st.sampled_from([None, "Reuters"]),
    number_mismatch=st.just(False),
    denied=st.just(False),
    cues=st.just(()),
    spans=st.just(()),
    subject=st.just(None),
    resolved_from=st.just(None),
    attributed_from=st.just(None),
    reordered=st.booleans(),
    resolved_by=st.just(None),
    date=st.sampled_from([None, "2021-03"]),
)
_DATES = st.one_of(
    st.none(),
    st.dictionaries(
        st.sampled_from(["a.txt", "b.txt", "c.txt"]),
        st.sampled_from([None, "2021-01", "2021-05-02", "2020"]),
    ),
)


@FUZZ
@given(evidence=st.lists(_FOUND, max_size=12), dates=_DATES, most=st.integers(0, 4))
def test_conclude_decides_as_the_rule_on_any_findings(
    evidence: list[Found], dates: dict[str, str | None] | None, most: int
) -> None:
    claim = Claim(id="c", claim="c")
    text = "x" * 10
    result = conclude(
        claim,
        [Findings(tuple(evidence), 0.0)],
        dates=dates,
        texts=lambda article: text,
        max_evidence=most,
    )
    dated = [e._replace(date=dates.get(e.article)) for e in evidence] if dates else evidence
    ordered = strongest_first(dated)
    assert (result.verdict, result.confidence, result.basis) == decide(ordered)
    assert result.counts == counts_of(ordered)
    assert result.timeline == timeline_of(ordered)
    shown = listed(ordered, most)
    assert [(e.stance, e.score, e.article, e.line, e.column, e.date) for e in result.evidence] == [
        (e.stance, e.score, e.article, e.line, e.column, e.date) for e in shown
    ]


# -- the cue tables scanned together find what each finds alone ---------------------------------


def _cue_words() -> list[str]:
    words = {"ne", "pas", "xiaomi", "le", "groupe", ",", "."}
    for table in cue_tables().tables:
        for seqs in [*table.by_first.values(), table.other]:
            words.update(item for seq, _ in seqs for item in seq if item[0] not in "~!*")
    return sorted(words)


@FUZZ
@given(st.lists(st.sampled_from(_cue_words()), max_size=25))
def test_the_cue_tables_scanned_together_find_what_each_finds(words: list[str]) -> None:
    together = cue_tables().scan(words)
    assert together == [table.scan(words) for table in cue_tables().tables]


# -- dates sort by the days they span ------------------------------------------------------------

_DATE = st.builds(
    lambda y, m, d: parse_date(
        f"{y}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else "")
    ),
    st.integers(2019, 2022),
    st.one_of(st.none(), st.integers(1, 12)),
    st.one_of(st.none(), st.integers(1, 31)),
).filter(lambda d: d is not None)


@FUZZ
@given(st.lists(_DATE, max_size=20))
def test_dates_sort_by_their_span_as_by_themselves(dates: list[Date]) -> None:
    # moments() sorts a claim's dates by span: the same order, and no two dates share one
    assert sorted(dates) == sorted(dates, key=lambda d: d.span)
    assert len({d.span for d in dates}) == len(set(dates))


def _plain_lexicon(texts: list[str]) -> tuple[set[str], set[str]]:
    """An article's lexicon as first written: a match object per word."""
    lower: set[str] = set()
    capitals: set[str] = set()
    for text in texts:
        for m in re.finditer(r"[^\W\d_]+", text):
            word, start = m.group(), m.start()
            if not word[0].isupper():
                lower.add(word)
            elif start > 1 and text[start - 1] == " " and text[start - 2].isalnum():
                capitals.add(word)
    inside = {fold_word(w) for w in capitals}
    return {fold_word(w) for w in lower} - inside, inside


@FUZZ
@given(st.lists(st.text(alphabet=st.sampled_from(list("aXé É1 _.,'-\n²")), max_size=30)))
def test_an_articles_lexicon_is_read_as_its_plain_definition(texts: list[str]) -> None:
    passages = [SimpleNamespace(text=t, tokens=()) for t in texts]
    lowercase, known = ArticleSubjects(passages).words.lexicon()
    assert (set(lowercase), set(known)) == _plain_lexicon(texts)


# -- a look-back stops where no name can hold a description's noun ----------------------------


@FUZZ
@given(
    st.lists(
        st.lists(
            st.sampled_from([*"aXnNtTdDlLcC éÉ1'\u2019 .-", "Don't", "L'", "CANNOT", "Won't"]),
            max_size=12,
        ).map("".join),
        max_size=6,
    )
)
def test_every_capitalised_word_token_is_written_capitalised_by_then(texts: list[str]) -> None:
    # a name's words are capitalised tokens: a look-back that has passed the first passage
    # writing a description's noun so has passed every name that could hold it
    passages = [SimpleNamespace(text=t, tokens=tokens_of(t)) for t in texts]
    article = ArticleSubjects(passages)
    for q, passage in enumerate(passages):
        for tok in passage.tokens:
            if tok.kind == "word" and passage.text[tok.start : tok.start + 1].isupper():
                assert article.words.first_capital(frozenset([tok.text])) <= q, (tok, texts)


# words that steer clause subjects, speakers and references: quotes, reporting verbs after a
# comma or a colon, first persons, roles as acronyms, names ending in s, appositions
_NEWS_WORDS = [
    '"',
    "«",
    "»",
    ",",
    ":",
    ".",
    "said",
    "a déclaré",
    "a",
    "We",
    "we",
    "Nous",
    "nous",
    "Norvik",
    "Norvik's",
    "Stratis",
    "Stratis Bank",
    "CEO",
    "PDG",
    "de",
    "le",
    "Le",
    "the",
    "The firm",
    "Le groupe",
    "fabricant",
    "chief executive",
    "Anna Berg",
    "not",
    "ne",
    "pas",
    "cut",
    "jobs",
    "supprimé",
    "emplois",
    "escaped",
    "échappé à",
    "its",
    "son",
    "qui",
    "that",
    "have",
    "avons",
    "sommes",
    "est",
    "is",
    "in a statement",
    "l'",
    "obligeant",
    "Regulators",
]


@FUZZ
@given(st.lists(st.lists(st.sampled_from(_NEWS_WORDS), max_size=30), min_size=1, max_size=5))
def test_news_like_articles_never_crash_the_check(lines: list[list[str]]) -> None:
    article = "\n".join(" ".join(words) for words in lines) + "\n"
    passages = segment(article)
    found = ArticleSubjects(passages)
    for p, passage in enumerate(passages):
        sentence_cues(passage.tokens, passage.text)
        for _, subj in found.clauses(p):
            if subj is not None:
                found.resolve(p, subj)
    corpus = Corpus.from_texts({"a.txt": article})
    for claim in ("Norvik cut jobs", "Stratis Bank a supprimé des emplois"):
        result = check_claim(Claim(id="t", claim=claim), corpus)
        assert result.verdict in ("supported", "contradicted", "mixed", "absent")


@given(st.text(alphabet=" -,()[]\u2013\u2014ab.\u2019", max_size=60))
def test_the_first_and_last_aside_marks_are_those_the_pattern_finds(text: str) -> None:
    from claimcheck.matching.prefilter import _BREAKS, _first_and_last_break

    marks = [m.start() for m in _BREAKS.finditer(text)]
    assert _first_and_last_break(text) == ((marks[0], marks[-1]) if marks else None)


@given(st.text(alphabet="nNtT'\u2019\u2018\u02bc ab", max_size=40))
def test_the_nt_prefilter_never_hides_a_match(text: str) -> None:
    from claimcheck.text import _NT, _may_hold_nt

    assert _may_hold_nt(text) or _NT.search(text) is None


# -- the candidate index never hides a match -------------------------------------------------

_FORMS = [
    "Kelda",
    "Air",
    "comment",
    "commented",
    "commenting",
    "comments",
    "move",
    "moves",
    "offered",
    "offer",
    "neither",
    "nor",
    "ministry",
    "the",
    "on",
    "has",
    "any",
    "sued",
    "lawsuit",
    "regulator",
    "regulators",
    "liquidation",
    "liquidé",
    "Camaïeu",
    "interdite",
    "interdit",
    "interdire",
    "Xiaomi",
    "Xaomi",
    "Xiomi",
    "Pentagone",
    "Pentagon",
    "cancelled",
    "cancellations",
    "cancel",
    "flights",
    "flight",
    "went",
    "goes",
    "a",
    "été",
    "les",
    "12",
    "douze",
    "300",
    "not",
    "ne",
    "pas",
    "inspecteurs",
    "constaté",
    "panne",
    "pannes",
]


@FUZZ
@given(
    st.lists(st.sampled_from(_FORMS), min_size=3, max_size=7),
    st.lists(st.lists(st.sampled_from(_FORMS), min_size=2, max_size=12), min_size=1, max_size=4),
    st.sampled_from([60.0, 80.0]),
)
def test_the_index_offers_every_passage_the_scorer_accepts(
    phrasing_words: list[str], passages: list[list[str]], threshold: float
) -> None:
    """Whatever tier would accept a passage (in order, reordered, reworded), the index that
    picks the candidates first must offer it: a passage the scorer accepts at a threshold is
    among the index's candidates for that phrasing and threshold (#29: a negated comment
    scored 94.7 at 60, and was never tried at 80)."""
    from claimcheck.matching.tiers import _alignment
    from claimcheck.matching.variants import variants

    texts = {f"{k}.txt": " ".join(words) + ".\n" for k, words in enumerate(passages)}
    corpus = Corpus.from_texts(texts)
    claim = Claim(id="x", claim=" ".join(phrasing_words))
    for v in variants(claim):
        offered = set(corpus.index.candidates(v.phrasing, threshold))
        for pid in range(len(corpus.passages)):
            al, _ = _alignment(corpus, pid, v.phrasing, threshold, v, frozenset())
            if al is not None and al.score >= threshold:
                assert pid in offered, (v.phrasing.text, corpus.passages[pid].text, al)
