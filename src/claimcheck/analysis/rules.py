"""The cue inventory (rules/polarity.yaml) and the subject words (rules/subjects.yaml),
compiled once for the scans that use them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Final, Literal

from . import lexicon
from .sequences import Seq, SeqTable, SeqTables, item_ok

# what an entity is, or what a reference back can stand for: a person, a company, a public
# body, an organisation of either kind ("org": "it", "the group" of unknown trade), anything
Kind = Literal["org", "person", "any", "company", "body"]


@dataclass(frozen=True)
class Rules:
    """The cue inventory of rules/polarity.yaml, compiled."""

    ne_particles: frozenset[str]
    ne_subjects: frozenset[str]
    standalone: frozenset[str]
    coordinated: frozenset[str]
    implicative: SeqTable
    pseudo: SeqTable
    hedge_words: frozenset[str]
    hedge_pattern: re.Pattern[str]
    hedge_not: re.Pattern[str]
    hedge_phrases: SeqTable
    attr_preps: SeqTable
    verbs_fr: re.Pattern[str]
    verbs_en: re.Pattern[str]
    fr_complements: frozenset[str]
    auxiliaries: frozenset[str]
    denial_verbs: re.Pattern[str]
    denial_phrases: SeqTable
    hard: frozenset[str]
    contrast: SeqTable
    soft: frozenset[str]


def _alt(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(patterns) + ")")


# the loaded inventory: a list, not functools.cache, so that the compiled callers (10,000
# calls per 200 topical articles) call rules() natively instead of through the cache's wrapper
_RULES: Final[list[Rules]] = []


def rules() -> Rules:
    """Load the packaged cue inventory once."""
    if not _RULES:
        _RULES.append(_load_rules())
    return _RULES[0]


def _seqs(*path: str) -> SeqTable:
    return SeqTable([(seq, False) for seq in lexicon.sequences("polarity", *path)])


def _load_rules() -> Rules:
    raw: dict[str, Any] = lexicon.table("polarity")
    return Rules(
        ne_particles=lexicon.words("polarity", "negation", "ne_particles"),
        ne_subjects=lexicon.words("polarity", "negation", "ne_subjects"),
        standalone=lexicon.words("polarity", "negation", "standalone"),
        coordinated=lexicon.words("polarity", "negation", "coordinated"),
        implicative=_seqs("negation", "implicative"),
        pseudo=SeqTable([(tuple(p["seq"]), bool(p.get("hedge"))) for p in raw["pseudo"]]),
        hedge_words=lexicon.words("polarity", "hedge", "words"),
        hedge_pattern=_alt(raw["hedge"]["patterns"]),
        hedge_not=_alt(raw["hedge"]["not_patterns"]),
        hedge_phrases=_seqs("hedge", "phrases"),
        attr_preps=_seqs("attribution", "prepositions"),
        verbs_fr=re.compile(raw["attribution"]["verbs_fr"]),
        verbs_en=re.compile(raw["attribution"]["verbs_en"]),
        fr_complements=lexicon.words("polarity", "attribution", "fr_complements"),
        auxiliaries=lexicon.words("polarity", "attribution", "auxiliaries"),
        denial_verbs=re.compile(raw["denial"]["verbs"]),
        denial_phrases=_seqs("denial", "phrases"),
        hard=lexicon.words("polarity", "scope", "hard"),
        contrast=_seqs("scope", "contrast"),
        soft=lexicon.words("polarity", "scope", "soft"),
    )


# the tables a sentence's cue analysis scans, in SeqTables order
CONTRAST, PSEUDO, HEDGE_PHRASES, IMPLICATIVE, DENIAL_PHRASES, ATTR_PREPS = range(6)


@cache
def cue_tables() -> SeqTables:
    r = rules()
    return SeqTables(
        (r.contrast, r.pseudo, r.hedge_phrases, r.implicative, r.denial_phrases, r.attr_preps)
    )


@dataclass(frozen=True)
class SubjectRules:
    """The word classes of rules/subjects.yaml."""

    pronouns: dict[Seq, Kind]
    possessives: dict[str, Kind]
    definite: frozenset[str]
    other_determiners: frozenset[str]
    other_party: frozenset[str]
    roles: frozenset[str]
    titles: frozenset[str]
    function_words: frozenset[str]
    months_days: frozenset[str]
    name_links: frozenset[str]
    verbish: frozenset[str]
    adverbial_starts: frozenset[str]
    coordinators: frozenset[str]
    impersonal: tuple[Seq, ...]
    denial_heads: frozenset[str]
    companies: frozenset[str]
    bodies: frozenset[str]
    company_names: frozenset[str]
    body_names: frozenset[str]


@cache
def subject_rules() -> SubjectRules:
    kinds: tuple[Kind, ...] = ("any", "org", "person")
    pronouns: dict[Seq, Kind] = {}
    for kind in kinds:
        for seq in lexicon.sequences("subjects", "pronouns", kind):
            pronouns[seq] = kind
    possessives: dict[str, Kind] = {}
    for kind in kinds:
        for word in lexicon.ordered("subjects", "possessives", kind):
            possessives[word] = kind

    def words(key: str) -> frozenset[str]:
        return lexicon.words("subjects", key)

    return SubjectRules(
        pronouns=pronouns,
        possessives=possessives,
        definite=words("definite"),
        other_determiners=words("other_determiners"),
        other_party=words("other_party"),
        roles=words("roles"),
        titles=words("titles"),
        function_words=words("function_words"),
        months_days=words("months_days"),
        name_links=words("name_links"),
        verbish=words("verbish"),
        adverbial_starts=words("adverbial_starts"),
        coordinators=words("coordinators"),
        impersonal=lexicon.sequences("subjects", "impersonal"),
        denial_heads=lexicon.words("subjects", "denial_back", "heads"),
        companies=words("companies"),
        bodies=words("bodies"),
        company_names=words("company_names"),
        body_names=words("body_names"),
    )


# the pronoun sequences by their first word, filled on first use (a plain dictionary: the
# compiled callers ask 28,000 times per 200 topical articles)
_PRONOUNS_BY_FIRST: Final[dict[str, list[tuple[Seq, Kind]]]] = {}


def pronouns_by_first() -> dict[str, list[tuple[Seq, Kind]]]:
    """The pronoun sequences by their first word, in the order of the rules."""
    if not _PRONOUNS_BY_FIRST:
        for seq, kind in subject_rules().pronouns.items():
            _PRONOUNS_BY_FIRST.setdefault(seq[0], []).append((seq, kind))
    return _PRONOUNS_BY_FIRST


@lru_cache(maxsize=1 << 14)
def impersonal_for(word: str) -> tuple[Seq, ...]:
    """The impersonal sequences that may start at this word."""
    return tuple(seq for seq in subject_rules().impersonal if item_ok(seq[0], word))
