"""Who a clause is about: names, clause subjects, references back to a named entity, speakers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Final, Literal, NamedTuple

import yaml

from .polarity import DENIAL_VERB, VERB_EN, VERB_FR, _item_ok, match_seq, word_class
from .polarity import rules as cue_rules
from .text import REWRITTEN, Token, fold_word, language_of, split_letter_runs, tokens_of

Seq = tuple[str, ...]
Named = tuple[str, frozenset[str]]
Kind = Literal["org", "person", "any"]
Refers = Literal["name", "back", "owner", "rival", "speaker", "other"]


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


_REPORTING: Final = VERB_FR | VERB_EN | DENIAL_VERB


# the pronoun sequences by their first word, filled on first use (a plain dictionary: the
# compiled callers ask 28,000 times per 200 topical articles)
_PRONOUNS_BY_FIRST: Final[dict[str, list[tuple[Seq, Kind]]]] = {}


def _pronouns_by_first() -> dict[str, list[tuple[Seq, Kind]]]:
    """The pronoun sequences by their first word, in the order of the rules."""
    if not _PRONOUNS_BY_FIRST:
        for seq, kind in rules().pronouns.items():
            _PRONOUNS_BY_FIRST.setdefault(seq[0], []).append((seq, kind))
    return _PRONOUNS_BY_FIRST


@lru_cache(maxsize=1 << 14)
def _impersonal_for(word: str) -> tuple[Seq, ...]:
    """The impersonal sequences that may start at this word."""
    return tuple(seq for seq in rules().impersonal if _item_ok(seq[0], word))


@cache
def rules() -> SubjectRules:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("claimcheck").joinpath("rules/subjects.yaml").read_text("utf-8")
    )
    kinds: tuple[Kind, ...] = ("any", "org", "person")
    pronouns: dict[Seq, Kind] = {}
    for kind in kinds:
        for seq in raw["pronouns"][kind]:
            pronouns[tuple(seq)] = kind
    possessives: dict[str, Kind] = {}
    for kind in kinds:
        for word in raw["possessives"][kind]:
            possessives[word] = kind
    return SubjectRules(
        pronouns=pronouns,
        possessives=possessives,
        definite=frozenset(raw["definite"]),
        other_determiners=frozenset(raw["other_determiners"]),
        other_party=frozenset(raw["other_party"]),
        roles=frozenset(raw["roles"]),
        titles=frozenset(raw["titles"]),
        function_words=frozenset(raw["function_words"]),
        months_days=frozenset(raw["months_days"]),
        name_links=frozenset(raw["name_links"]),
        verbish=frozenset(raw["verbish"]),
        adverbial_starts=frozenset(raw["adverbial_starts"]),
        coordinators=frozenset(raw["coordinators"]),
        impersonal=tuple(tuple(s) for s in raw["impersonal"]),
        denial_heads=frozenset(raw["denial_back"]["heads"]),
    )


# words of a company's legal form or trade: a name that shares only one of these is not the same
GENERIC: Final = frozenset(
    [
        "group",
        "groupe",
        "bank",
        "banque",
        "company",
        "compagnie",
        "corp",
        "corporation",
        "inc",
        "sa",
        "sas",
        "ltd",
        "plc",
        "llc",
        "co",
        "motors",
        "energie",
        "energy",
        "holding",
        "holdings",
        "international",
        "us",
        "usa",
        "department",
        "ministere",
        "ministry",
        "the",
        "le",
        "la",
        "les",
        "de",
        "of",
    ]
)
_HARD: Final = frozenset([".", "!", "?", ";", ":", "(", ")", "[", "]", "...", "-", '"'])
_OPENERS: Final = frozenset(['"', "(", "[", "-", ":"])
_COMPARATIVES: Final = frozenset(["tant", "plus", "moins", "autant", "aussi", "davantage", "than"])
_CLAUSE_BREAKS: Final = frozenset([".", "!", "?", ";", ":", "...", "-"])
# what a reporting verb follows when its speaker comes after it ('"...", said Anna Berg.')
_AFTER_QUOTE: Final = frozenset([",", '"'])
_AUXILIARIES: Final = frozenset(["a", "ont", "avait", "avaient", "has", "have", "had"])
_WE: Final = frozenset(["we", "nous"])
_COMPLEMENT: Final = frozenset(["de", "du", "des", "of"])
_RELATIVE: Final = frozenset(["qui", "who", "which", "dont"])
_THAT: Final = frozenset(["que", "that"])
_PREPOSITIONS: Final = frozenset(
    [
        "de",
        "du",
        "des",
        "a",
        "au",
        "aux",
        "en",
        "sur",
        "dans",
        "pour",
        "par",
        "avec",
        "sans",
        "sous",
        "vers",
        "chez",
        "contre",
        "entre",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "to",
        "from",
        "into",
        "over",
        "under",
        "about",
        "after",
        "before",
        "since",
        "than",
        "comme",
        "like",
        "as",
    ]
)
# French finite verbs that follow a subject ("l'entreprise fera appel", "le groupe avait")
_FR_VERB_ENDINGS: Final = ("ra", "ront", "rait", "raient", "ait", "aient", "ons", "ez")
_NEGATIONS: Final = frozenset(["non", "not", "pas", "ni", "nor", "jamais", "never"])
_CLITICS: Final = frozenset(
    ["vous", "nous", "il", "elle", "on", "t", "je", "tu", "ils", "elles", "moi"]
)


def key_of(words: Iterable[str]) -> frozenset[str]:
    """What identifies a name: its normalised words, articles and links left out."""
    return frozenset(w for w in words if w not in ("le", "la", "les", "de", "of", "the", "du"))


def same_entity(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two names for one entity: one's words hold the other's ("Xiaomi" ~ "Xiaomi Corp"),
    unless all they share is a generic word ("Bank", "Group")."""
    if not a or not b:
        return False
    if a == b:
        return True
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not small <= large:
        return False
    return len(small) >= 2 or any(len(w) >= 3 and w not in GENERIC for w in small)


def initials(name: str) -> frozenset[str]:
    """The acronyms a name may go by: the initials of any two or more of its words in a row
    ("US Department of Defense" -> dod, udod ...; "Communist Chinese military company" ->
    ccmc)."""
    letters = [w[0] for w in fold_word(name).replace("-", " ").split() if w]
    return frozenset(
        "".join(letters[a:b]) for a in range(len(letters)) for b in range(a + 2, len(letters) + 1)
    )


def same_named(a: tuple[str, frozenset[str]], b: tuple[str, frozenset[str]]) -> bool:
    """Two names for one entity, by their words or as an acronym of the other ("DoD")."""
    if same_entity(a[1], b[1]):
        return True
    for short, long_ in ((a, b), (b, a)):
        word = fold_word(short[0])
        if len(short[1]) == 1 and 2 <= len(word) <= 6 and word.isalpha():
            raw = short[0].strip()
            if sum(c.isupper() for c in raw) >= 2 and word in initials(long_[0]):
                return True
    return False


class Subject(NamedTuple):
    """A noun phrase in subject position and what it stands for. (A named tuple: clause
    analysis makes one for every clause of every passage it looks at, and a dataclass's
    constructor is interpreted code even in the compiled module.)

    refers: "name" (a named entity: `name`), "back" (a pronoun or description standing for
    an entity named before), "owner" (someone's: "son président", "its share price", "le
    fondateur de Xiaomi"; `name` is the owner when named), "rival" (someone else than the
    owner: "son concurrent"), "speaker" (a "we" in a quote: the speaker's company, `name`),
    "other" (anything else: "les entreprises", "un juge")."""

    start: int
    end: int
    text: str
    refers: Refers
    kind: Kind  # what it is (for a name) or what it can stand for (for a reference)
    name: str | None = None
    key: frozenset[str] = frozenset()
    names: tuple[tuple[str, frozenset[str]], ...] = ()  # every name in the phrase
    person: str | None = None  # a person named in apposition ("Le président, Jean Castel")
    written: str | None = None  # the words that name it, when a name does ("the Pentagon")
    loose: bool = False  # owned only by a name before a noun ("a Norvik Motors spokesman")
    nouns: frozenset[str] = frozenset()  # what a description calls it ("carrier", "groupe")

    @property
    def speaker(self) -> str:
        """The speaker as written: the person or name in apposition when there is one."""
        return self.written or self.person or self.text


_new: Final = tuple.__new__


def _subject(
    start: int,
    end: int,
    text: str,
    refers: Refers,
    kind: Kind,
    name: str | None = None,
    key: frozenset[str] = frozenset(),
    names: tuple[tuple[str, frozenset[str]], ...] = (),
    person: str | None = None,
    written: str | None = None,
    loose: bool = False,
    nouns: frozenset[str] = frozenset(),
) -> Subject:
    """Subject(...) without the named tuple's interpreted constructor (compiled, a call of
    the class runs it: clause analysis makes one for every clause it looks at)."""
    fields = (start, end, text, refers, kind, name, key, names, person, written, loose, nouns)
    return _new(Subject, fields)


class Sentence:
    """One tokenised sentence, with the tests that subject finding needs."""

    def __init__(
        self,
        tokens: Sequence[Token],
        text: str,
        lowercase: frozenset[str] = frozenset(),
        known: frozenset[str] = frozenset(),
        heads: frozenset[str] = frozenset(),
    ) -> None:
        self.r = rules()
        self.tokens = tokens
        self.text = text
        self.t = [tok.text for tok in tokens]
        self.n = len(tokens)
        self.lowercase = lowercase
        self.known = known
        self.heads = heads  # words that open a name of several words in the article
        # "a" is a verb in French ("a été") and an article in English ("a spokesperson")
        self.english = language_of(self.t) == "en"
        self.resumes: dict[int, int] = {}  # a main clause going on after a relative one
        # most words are not capitalised: only those are looked at closely
        self._name_like = [
            tok.kind == "word"
            and text[tok.start : tok.start + 1].isupper()
            and self._is_name_like(i)
            for i, tok in enumerate(tokens)
        ]
        self._runs: dict[int, int] = {}
        i = 0
        while i < self.n:
            if self._name_like[i]:
                j = i + 1
                while j < self.n:
                    if self._name_like[j] and not self.initial(j):
                        j += 1
                    elif (
                        self.t[j] in self.r.name_links
                        and j + 1 < self.n
                        and self._name_like[j + 1]
                        and self.t[j + 1] not in self.r.function_words
                    ):
                        j += 2
                    else:
                        break
                self._runs[i] = j
                i = j
            else:
                i += 1

    # -- token tests ---------------------------------------------------------------------------

    def raw(self, i: int) -> str:
        tok = self.tokens[i]
        return self.text[tok.start : tok.end]

    def capitalised(self, i: int) -> bool:
        return self.tokens[i].kind == "word" and self.raw(i)[:1].isupper()

    def initial(self, i: int) -> bool:
        """Whether token i opens the sentence (or a quotation), where any word is capitalised."""
        k = i - 1
        while k >= 0 and self.tokens[k].kind == "punct":
            if self.t[k] not in _OPENERS and self.t[k] not in _HARD:
                return False
            k -= 1
        return k < 0 or self.t[k] in _HARD

    def _is_name_like(self, i: int) -> bool:
        if not self.capitalised(i):
            return False
        w, r = self.t[i], self.r
        if w in r.months_days:
            return False
        raw = self.raw(i)
        if len(raw) < 2 or self._glued(i):
            return False  # "G" of "5G", a letter
        acronym = sum(c.isupper() for c in raw) >= 2
        if acronym and w in r.roles:
            return False  # a role, not a name: "le PDG de Velmont", "its CEO"
        if not self.initial(i) or w in self.known:
            return True
        if w in r.function_words and not acronym:
            return False
        if w in self.lowercase:
            return False  # the article writes it in lowercase elsewhere: a common word
        nxt = self.tokens[i + 1] if i + 1 < self.n else None
        hyphen = nxt is not None and self.text[self.tokens[i].end : nxt.start] == "-"
        if hyphen and nxt is not None and nxt.text in _CLITICS:
            return False  # "Souvenez-vous", "Affirme-t-il"
        single = nxt is None or not self.capitalised(i + 1)
        # a lone plural at the start is a common noun ("Regulators said", "Investors sold")
        # (but not one the article writes as the first word of a longer name: "Stratis
        # is expected to" after "Stratis Bank agreed")
        return not (
            single and not acronym and len(w) > 3 and w.endswith("s") and w not in self.heads
        )

    def _role_acronym(self, i: int) -> bool:
        """Token i is a role written as an acronym ("PDG", "CEO")."""
        return self.t[i] in self.r.roles and sum(c.isupper() for c in self.raw(i)) >= 2

    def _elided(self, i: int) -> bool:
        """Token i is written elided ("l'", "qu'")."""
        return self.raw(i)[-1:] in ("'", "\u2019")

    def _glued(self, i: int) -> bool:
        """Token i continues the token before it, as "G" does in "5G"."""
        return (
            i > 0
            and self.tokens[i - 1].kind != "punct"
            and self.tokens[i - 1].end == self.tokens[i].start
            and self.raw(i - 1)[-1:].isalnum()  # not "d'" of "d'Oderix"
        )

    def name_at(self, i: int) -> int:
        """End of the name that starts at i, or -1."""
        return self._runs.get(i, -1)

    def names(self) -> list[tuple[int, int]]:
        return sorted(self._runs.items())

    def verbish(self, i: int) -> bool:
        """Token i starts a verb group (an auxiliary, a negation, a reporting or denial verb,
        an English past tense): what ends a subject noun phrase."""
        w = self.t[i]
        if self.tokens[i].kind != "word":
            return False
        if w == "a":
            return not self.english
        if w in self.r.verbish:
            return True
        if word_class(w) & (VERB_FR | VERB_EN | DENIAL_VERB):
            return True
        return len(w) >= 5 and w.endswith("ed") and not self.capitalised(i)

    def determiner(self, i: int) -> bool:
        w = self.t[i]
        r = self.r
        if w == "a":
            return self.english
        return (
            w in r.definite
            or w in r.other_determiners
            or w in r.possessives
            or self.tokens[i].kind == "num"
        )

    def span_text(self, a: int, b: int) -> str:
        if a >= b:
            return ""
        return " ".join(self.text[self.tokens[a].start : self.tokens[b - 1].end].split())

    def possessive_s(self, end: int) -> bool:
        """The name ending before token `end` carries an English possessive ('s or ')."""
        after = self.text[self.tokens[end - 1].end : self.tokens[end - 1].end + 2]
        return after[:1] in ("'", "\u2019") and (after[1:2] in ("s", " ", "") or not after[1:2])

    def pronoun_at(self, i: int) -> tuple[int, Kind] | None:
        for seq, kind in _pronouns_by_first().get(self.t[i], ()):
            if tuple(self.t[i : i + len(seq)]) == seq:
                return i + len(seq), kind
        return None

    def impersonal_at(self, i: int) -> bool:
        return any(match_seq(self.t, i, seq) > 0 for seq in _impersonal_for(self.t[i]))

    # -- noun phrases --------------------------------------------------------------------------

    def _head_words(self, j: int, limit: int = 3) -> int:
        """End of the common nouns and adjectives of a noun phrase that starts at j."""
        start = j
        while (
            j < self.n
            and j - start < limit
            and (
                self.tokens[j].kind == "word"
                or (self.tokens[j].kind == "num" and j + 1 < self.n and self.t[j + 1] != "%")
            )
            and (not self.capitalised(j) or self._glued(j) or self._role_acronym(j))
            and self.t[j] not in _COMPLEMENT
            and self.t[j] not in _RELATIVE
            and self.t[j] not in _THAT
            and self.t[j] not in self.r.coordinators
            and not (j > start and (self.verbish(j) or self.determiner(j)))
            and not (j > start and self.t[j] in _PREPOSITIONS)
            and not (j > start and not self.english and self.t[j].endswith(_FR_VERB_ENDINGS))
        ):
            j += 1
        if j - start >= 2 and j < self.n and (self.determiner(j) or self.pronoun_at(j)):
            j -= 1  # "Le groupe publie ses comptes": the last word was a verb
        elif (
            self.english
            and j - start >= 2
            and all(self.tokens[k].kind == "word" and not self._glued(k) for k in range(start, j))
        ):
            # English compounds stop at two words ("the finance chief"); a second word before
            # an object is a verb ("the company hid defects")
            j = start + 2
            word = j < self.n and self.tokens[j].kind == "word" and not self.capitalised(j)
            if word and (self.determiner(j) or not (self.verbish(j) or self.t[j] in _PREPOSITIONS)):
                j = start + 1
        return j

    def _owner_after(self, j: int) -> tuple[int, int, int] | None:
        """A named owner in the complements after a head ("de l'action de Xiaomi"), or a
        possessive determiner there ("de son action"): (name start, name end, phrase end);
        a possessive determiner gives start == end."""
        k, steps = j, 0
        while k < self.n and steps < 7:
            w = self.t[k]
            if self.name_at(k) > 0 and k > j:
                return k, self.name_at(k), self.name_at(k)
            if w in self.r.possessives and k > j:
                return k, k, self._head_words(k + 1)
            if w in _COMPLEMENT or w in self.r.definite or w in ("les", "d"):
                k += 1
            elif self.tokens[k].kind == "word" and not self.capitalised(k) and k > j:
                if self.verbish(k):
                    return None
                k += 1
            else:
                return None
            steps += 1
        return None

    def _part(self, i: int) -> Subject | None:
        """One noun phrase at i, without appositions."""
        r, t = self.r, self.t
        if i >= self.n or self.tokens[i].kind != "word":
            if i < self.n and self.tokens[i].kind == "num":
                return _subject(i, i + 1, self.raw(i), "other", "any")
            return None
        if self.impersonal_at(i):
            return _subject(i, i + 1, self.raw(i), "other", "any")
        pro = self.pronoun_at(i)
        if pro is not None:
            return _subject(i, pro[0], self.span_text(i, pro[0]), "back", pro[1])
        titled = self._titled(i)
        if titled:
            run = self.name_at(titled)
            name, key = self.span_text(titled, run), key_of(t[titled:run])
            return _subject(
                i, run, self.span_text(i, run), "name", "person", name, key, ((name, key),)
            )
        run = self.name_at(i)
        if run > 0:
            name, key = self.span_text(i, run), key_of(t[i:run])
            if self.possessive_s(run):
                return self._possessed(i, run, name, key)
            names = [(name, key)]
            end = run
            # "Tessara et Arvel", "Xiaomi and Huawei": several named subjects
            while end + 1 < self.n and t[end] in ("et", "and", "&") and self.name_at(end + 1) > 0:
                e2 = self.name_at(end + 1)
                names.append((self.span_text(end + 1, e2), key_of(t[end + 1 : e2])))
                end = e2
            person = i > 0 and t[i - 1] in r.titles
            return _subject(
                i,
                end,
                self.span_text(i, end),
                "name",
                "person" if person else "any",
                name,
                key,
                tuple(names),
            )
        w = t[i]
        if w in r.possessives:
            return self._possessed(i, i + 1, None, frozenset(), own_kind=r.possessives[w])
        if (w in r.definite or w in r.other_determiners) and self.name_at(i + 1) > 0:
            return self._determined_name(i)
        if w in r.definite:
            head_end = self._head_words(i + 1)
            if (
                head_end == i + 1
                or t[i + 1] in r.verbish
                or (w == "le" and t[i + 1].endswith("ant") and self._elided(i))
            ):
                # "l'obligeant": an object pronoun before a verb (but "le fabricant")
                return None
            head = set(t[i + 1 : head_end])
            run = self.name_at(head_end)
            if run > 0:  # "le groupe Arvel", "the carrier Bayline", "le juge Rudolph Contreras"
                name, key = self.span_text(head_end, run), key_of(t[head_end:run])
                kind: Kind = "person" if head & r.roles else "any"
                return _subject(
                    i, run, self.span_text(i, run), "name", kind, name, key, ((name, key),)
                )
            owner = self._owner_after(head_end)
            if owner is not None:
                a, b, end = owner
                refers: Refers = "rival" if head & r.other_party else "owner"
                if a == b:  # "le cours de son action": the owner is a reference
                    return _subject(i, end, self.span_text(i, end), refers, "any")
                name, key = self.span_text(a, b), key_of(t[a:b])
                kind = "person" if head & r.roles else "any"
                if t[a - 1] not in _COMPLEMENT and t[a - 1] not in r.definite:
                    # "le fournisseur d'électricité Tessara Énergie": the name is the head's own
                    return _subject(
                        i, b, self.span_text(i, b), "name", kind, name, key, ((name, key),)
                    )
                return _subject(
                    i, end, self.span_text(i, end), refers, kind, name, key, ((name, key),)
                )
            text = self.span_text(i, head_end)
            last = t[head_end - 1]
            plural = w == "the" and last.endswith("s") and not last.endswith(("ss", "us", "is"))
            if plural:
                return _subject(i, head_end, text, "other", "any")
            kind = "person" if head & r.roles else "org"
            return _subject(i, head_end, text, "back", kind, nouns=frozenset(head))
        if self.verbish(i):
            return None  # French "a" ("a été"), a clitic: no subject here
        if w in r.other_determiners:
            end = self._head_words(i + 1)
            owner = self._owner_after(end) if end > i + 1 else None
            if owner is not None:  # "les drones de DJI": someone's, but not one entity
                a, b, stop = owner
                held: tuple[Named, ...] = ((self.span_text(a, b), key_of(t[a:b])),) if b > a else ()
                return _subject(i, stop, self.span_text(i, stop), "other", "any", names=held)
            return _subject(i, max(end, i + 1), self.span_text(i, max(end, i + 1)), "other", "any")
        end = self._head_words(i)
        return _subject(i, max(end, i + 1), self.span_text(i, max(end, i + 1)), "other", "any")

    def _determined_name(self, i: int) -> Subject:
        """A determiner and a name: "les États-Unis", "le Pentagone", "the Pentagon's order";
        in English a name before a noun only qualifies it ("a US judge", "the Chinese army")."""
        t = self.t
        a, b = i + 1, self.name_at(i + 1)
        name, key = self.span_text(a, b), key_of(t[a:b])
        if self.possessive_s(b):
            return self._possessed(i, b, name, key)
        if (
            self.english
            and b < self.n
            and self.tokens[b].kind == "word"
            and not self.capitalised(b)
            and not self.verbish(b)
            # "The Pentagon put Xiaomi on ...": a word before an object is a verb
            and not (b + 1 < self.n and (self._may_open_subject(b + 1) or self.t[b + 1] in _THAT))
            and t[b] not in _PREPOSITIONS
            and t[b] not in _RELATIVE
            and t[b] not in _THAT
            and t[b] not in self.r.coordinators
        ):
            end = self._head_words(b)
            text = self.span_text(i, end)
            if set(t[b:end]) & self.r.roles:
                # "a Norvik Motors spokesman": someone who speaks for Norvik Motors
                return _subject(
                    i, end, text, "owner", "person", name, key, ((name, key),), loose=True
                )
            return _subject(i, end, text, "other", "any", None, frozenset(), ((name, key),))
        return _subject(i, b, self.span_text(i, b), "name", "any", name, key, ((name, key),))

    def _titled(self, i: int) -> int:
        """Where the name starts after a title at i ("M. Paul Mercier", "Mme Dupont"), or 0."""
        if self.t[i] not in self.r.titles or not self.capitalised(i):
            return 0
        j = i + 1 + (i + 1 < self.n and self.t[i + 1] == ".")
        return j if j < self.n and self.name_at(j) > 0 else 0

    def _possessed(
        self,
        i: int,
        head_start: int,
        owner: str | None,
        owner_key: frozenset[str],
        own_kind: Kind = "any",
    ) -> Subject:
        """ "X's finance chief", "son principal rival", "its competitor Corlan"."""
        r, t = self.r, self.t
        head_end = self._head_words(head_start)
        head = set(t[head_start:head_end])
        run = self.name_at(head_end)
        if run > 0:  # "son rival Corlan", "Bayline Ferries' rival Corlan"
            name, key = self.span_text(head_end, run), key_of(t[head_end:run])
            kind: Kind = "person" if head & r.roles else "any"
            return _subject(i, run, self.span_text(i, run), "name", kind, name, key, ((name, key),))
        refers: Refers = "rival" if head & r.other_party else "owner"
        kind = "person" if head & r.roles else own_kind
        names = ((owner, owner_key),) if owner else ()
        end = max(head_end, head_start)
        return _subject(i, end, self.span_text(i, end), refers, kind, owner, owner_key, names)

    def subject_at(self, i: int) -> Subject | None:
        """The subject noun phrase that starts at i, with its appositions ("Le président,
        Jean Castel, dément"; "Le groupe Arvel, son principal rival, a été ...")."""
        main = self._part(i)
        if main is None:
            return None
        parts = [main]
        end = main.end
        while end < self.n and self.t[end] == "," and len(parts) < 3:
            close = end + 1
            while (
                close < self.n
                and close - end <= 9
                and self.t[close] != ","
                and self.t[close] not in _HARD
            ):
                close += 1
                if close < self.n and self.t[close] == "." and self.t[close - 1] in self.r.titles:
                    close += 1  # "M. Paul Mercier"
            if close >= self.n or self.t[close] != "," or close - end < 2:
                break
            if any(self.verbish(k) for k in range(end + 1, close)):
                break  # a clause, not an apposition
            if self.t[end + 1] in self.r.coordinators or self.t[end + 1] in _NEGATIONS:
                break  # "Huawei, et non Xiaomi, ...": a correction, not another name for it
            part = self._part(end + 1)
            if part is None or not self._verb_after(close + 1):
                break
            parts.append(part)
            end = close + 1
        sub = _combine(parts, self)
        return sub if end == main.end else _extend(sub, end)

    def _verb_after(self, i: int) -> bool:
        """Whether a verb group can start at i (what follows a subject and its appositions)."""
        if i >= self.n or self.tokens[i].kind != "word":
            return False
        w = self.t[i]
        return self.verbish(i) or (
            not self.capitalised(i)
            and not self.determiner(i)
            and w not in _THAT
            and w not in _PREPOSITIONS
            and w not in _RELATIVE
            and w not in self.r.coordinators
        )

    def _leading_adverbial(self, i: int) -> int:
        """Skip "Pour le moment," / "In May," / "Selon l'arrêt," before a subject."""
        r, t = self.r, self.t
        for _ in range(3):
            while i < self.n and t[i] in r.coordinators:
                i += 1
            if i >= self.n:
                return i
            opens = (
                (t[i] in r.adverbial_starts and not (t[i] == "a" and self.english))
                or self.tokens[i].kind == "num"
                or self._participle_opener(i)
            )
            if not opens or (self.name_at(i) > 0 and not self.initial(i)):
                return i
            k = i
            while k < self.n and k - i <= 12 and t[k] != "," and t[k] not in _HARD:
                k += 1
            if k < self.n and t[k] == "," and k - i <= 12:
                i = k + 1
            else:
                return i
        return i

    def _participle_opener(self, i: int) -> bool:
        """Token i opens the sentence with a participle phrase ("Citing security concerns,
        the Pentagon ...", "Invoquant la sécurité nationale, le Pentagone ..."): capitalised
        only because it comes first, and followed by its object, not by a verb as a name
        ending so is ("Beijing has denied", "Boeing said", "Kering a annoncé")."""
        w = self.t[i]
        if len(w) < 6 or not w.endswith(("ing", "ant")) or w in self.known:
            return False
        if not (self.capitalised(i) and self.initial(i)) or i + 1 >= self.n:
            return False
        nxt = i + 1
        return (
            self.tokens[nxt].kind == "word"
            and not self.capitalised(nxt)
            and not self.verbish(nxt)
            and not self._elided(nxt)
        )

    def clause_subject_at(self, start: int) -> Subject | None:
        """The subject of the clause that starts at `start` (after a leading adverbial); inside
        a sentence, None when the clause goes on with a verb ("..., pourtant relevé ...")."""
        i = self._leading_adverbial(start)
        bare_speaker = i + 1 < self.n and self._reporting(i + 1)  # ", officials said"
        if (
            i > 0
            and i < self.n
            and not (self._may_open_subject(i) or self._titled(i) or bare_speaker)
        ):
            return None
        return self.subject_at(i)

    def clause_starts(self) -> list[int]:
        """Where clauses with a subject of their own begin: the sentence, then after a hard
        stop, a contrast word, "que"/"that", a relative pronoun, or a comma or "et"/"and"
        followed by a subject and a verb."""
        contrast = cue_rules().contrast.scan(self.t)
        starts = [0]
        taken = -1  # tokens inside a subject already found
        for i in range(self.n):
            w = self.t[i]
            nxt = i + 1
            if nxt >= self.n or i < taken:
                continue
            if w in _CLAUSE_BREAKS:
                if not (w == "." and i > 0 and self.t[i - 1] in self.r.titles):
                    starts.append(nxt)  # but "M. Paul Mercier" goes on
                continue
            if w in _HARD:
                continue  # a parenthesis or a quotation mark belongs to its clause
            found = contrast.get(i)
            if found:
                starts.append(found[0][0])
                continue
            if w in _RELATIVE and self.tokens[i].kind == "word":
                starts.append(i)  # the relative pronoun stands for its antecedent
                if i > 0 and self.t[i - 1] == ",":
                    # ", qui a racheté Velmont en 2019, a supprimé ...": the main clause resumes
                    close = i + 1
                    while close < self.n and self.t[close] != "," and self.t[close] not in _HARD:
                        close += 1
                    if close + 1 < self.n and self.t[close] == "," and self._verb_after(close + 1):
                        starts.append(close + 1)
                        self.resumes[close + 1] = i
                continue
            if w == "que" and i > 0 and self.t[i - 1] in _COMPARATIVES:
                continue  # "en tant que CCMC", "plus que": no clause begins
            reporting = self.tokens[i].kind == "word" and self._reporting(i)
            if (
                reporting
                and nxt + 1 < self.n
                and self.tokens[nxt].kind == "word"
                and not self.capitalised(nxt)
                and not self._may_open_subject(nxt)
                and self._may_open_subject(nxt + 1)
            ):
                nxt += 1  # "told reporters the company would ...": past the listener
            if w == "," and nxt + 1 < self.n and self.t[nxt] == '"':
                nxt += 1  # '"...," Norvik said': the subject after the closing quote
            if w in _THAT or w == "," or w in self.r.coordinators or reporting:
                opens = self._may_open_subject(nxt) or (
                    w == "," and nxt + 1 < self.n and self._reporting(nxt + 1)
                )
                subj = self.subject_at(nxt) if opens else None
                if subj is not None and subj.refers == "name" and self._in_name_list(i):
                    continue  # "Morgan Stanley, JP Morgan Chase, and Goldman Sachs suspending"
                inverted = (
                    reporting
                    and subj is not None
                    and self._after_quote(i)
                    and self._clause_ends(subj.end)
                )
                if subj is not None and (w in _THAT or self._verb_after(subj.end) or inverted):
                    # inverted: a speaker after the quote ('"...", said Norvik's chief
                    # executive, Anna Berg.'), a mention a later "the firm" may refer to
                    starts.append(nxt)
                    taken = subj.end
        return sorted(set(starts))

    def quoted_we(
        self, start: int, clauses: Sequence[tuple[int, Subject | None]]
    ) -> Subject | None:
        """A quote's "we"/"nous" opening the clause at `start`, as the company of the quote's
        speaker named in the same sentence ('"We have not cut jobs," said Norvik's chief
        executive.' -> Norvik); None without such a speaker."""
        i = start
        while i < self.n and self.t[i] == '"':
            i += 1
        if i == start or i >= self.n or self.t[i] not in _WE:
            return None  # not a quote that opens on "we"
        for _, speaker in clauses:
            if speaker is None or not self._speaks(speaker):
                continue
            names = list(speaker.names)
            after = speaker.end
            if after + 1 < self.n and self.t[after] == "," and self._may_open_subject(after + 1):
                apposition = self.subject_at(after + 1)
                if apposition is not None and apposition.refers == "owner":
                    # '", said Anna Berg, Norvik's chief executive.': the company is the
                    # owner in apposition, and the speaker a person
                    names = list(apposition.names)
            # the speaker's company, not the speaker: "Anna Berg" is a person, "Norvik's
            # chief executive" is Norvik's
            person = speaker.name if speaker.refers == "name" and speaker.kind == "person" else None
            for name, key in names:
                if name not in (speaker.person, person):
                    text = self.span_text(i, i + 1)
                    return _subject(i, i + 1, text, "speaker", "org", name, key, ((name, key),))
            return None
        return None

    def _speaks(self, subj: Subject) -> bool:
        """A clause subject is a reporting verb's: after it ('", said X') or before it."""
        k = subj.start - 1
        if k >= 0 and self._reporting(k) and self._after_quote(k):
            return True
        k = subj.end
        if k < self.n and self.t[k] in _AUXILIARIES:
            k += 1
        return k < self.n and self.tokens[k].kind == "word" and self._reporting(k)

    def _after_quote(self, i: int) -> bool:
        """The reporting verb at i follows a quote or a comma, past an auxiliary ("», a
        déclaré"): its speaker comes after it."""
        k = i - 1
        if k > 0 and self.t[k] in _AUXILIARIES:
            k -= 1
        return k >= 0 and self.t[k] in _AFTER_QUOTE

    def _clause_ends(self, i: int) -> bool:
        """The clause ends at i, or after an apposition there (", Anna Berg.", ", its chief
        executive.")."""
        if i + 1 < self.n and self.t[i] == "," and self._may_open_subject(i + 1):
            apposition = self.subject_at(i + 1)
            if apposition is not None:
                i = apposition.end
            elif self.name_at(i + 1) > 0:
                i = self.name_at(i + 1)
        return i >= self.n or self.t[i] in _CLAUSE_BREAKS

    def _in_name_list(self, i: int) -> bool:
        """Token i (a comma or "et"/"and") follows ", NAME" or "NAME ,": a list of names."""
        k = i - 1
        while k >= 0 and self.t[k] == ",":
            k -= 1
        start = next((a for a, b in self._runs.items() if b == k + 1), -1)
        return start > 0 and self.t[start - 1] == ","

    def _reporting(self, i: int) -> bool:
        return bool(word_class(self.t[i]) & _REPORTING)

    def _may_open_subject(self, i: int) -> bool:
        return (
            self.name_at(i) > 0
            or self.pronoun_at(i) is not None
            or self.t[i] in self.r.definite
            or self.t[i] in self.r.possessives
            or self.t[i] in self.r.other_determiners
            or self.tokens[i].kind == "num"
        )

    def antecedent_of(self, relative: int) -> Subject | None:
        """The noun phrase a relative pronoun stands for ("la société qui ...")."""
        k = relative - 1
        while k >= 0 and self.t[k] == ",":
            k -= 1
        best = None
        for start in range(max(0, k - 6), k + 1):
            if self._may_open_subject(start):
                part = self._part(start)
                if part is not None and part.end >= k + 1:
                    best = part
                    break
        return best


def _combine(parts: list[Subject], s: Sentence) -> Subject:
    """One subject from a noun phrase and its appositions: a name wins, and a person named
    beside a role ("Le président, Jean Castel"; "its finance chief, Tom Reyes") is the speaker."""
    main = parts[0]
    if len(parts) == 1:
        if main.refers == "name":
            return _subject(
                main.start,
                main.end,
                main.text,
                main.refers,
                main.kind,
                main.name,
                main.key,
                main.names,
                None,
                main.text,
            )
        return main
    named = [p for p in parts if p.refers == "name"]
    names = tuple(n for p in parts for n in p.names)
    if not named:
        return _subject(
            main.start, main.end, main.text, main.refers, main.kind, main.name, main.key, names
        )
    chosen = main if main.refers == "name" else named[0]
    role = any(p.kind == "person" for p in parts if p is not chosen)
    person = chosen.name if role or chosen.kind == "person" else None
    kind: Kind = "person" if person else chosen.kind
    return _subject(
        main.start,
        main.end,
        main.text,
        "name",
        kind,
        chosen.name,
        chosen.key,
        names,
        person,
        chosen.text,
    )


def _extend(sub: Subject, end: int) -> Subject:
    return sub._replace(end=end)


# -- an article: who is salient where ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity in subject position (or an unnamed rival), where it was."""

    passage: int
    token: int
    name: str | None
    key: frozenset[str]
    kind: Kind

    def __init__(
        self, passage: int, token: int, name: str | None, key: frozenset[str], kind: Kind
    ) -> None:
        object.__setattr__(self, "passage", passage)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "token", token)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "kind", kind)


def _compatible(entity: Entity, wanted: Kind) -> bool:
    return wanted == "any" or entity.kind in ("any", wanted)


@dataclass(frozen=True, slots=True)
class Resolution:
    """Who a subject noun phrase stands for."""

    name: str | None
    key: frozenset[str]
    via: str | None  # the words that referred back ("l'entreprise"), None for a name

    def __init__(self, name: str | None, key: frozenset[str], via: str | None) -> None:
        object.__setattr__(self, "name", name)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "via", via)


# how far back a reference may look for its entity, in passages
REFERENCE_REACH: Final = 200


class ArticleSubjects:
    """Clause subjects of one article's passages, and the entity each reference stands for.
    Everything is computed on demand: a reference looks back only as far as its entity."""

    def __init__(self, passages: Sequence[Any], known: frozenset[str] = frozenset()) -> None:
        self.passages = passages  # objects with .tokens and .text, in reading order
        self.known = known
        self._lexicon: tuple[frozenset[str], frozenset[str]] | None = None
        self._heads: frozenset[str] = frozenset()
        self._sentences: dict[int, Sentence] = {}
        self._clauses: dict[int, list[tuple[int, Subject | None]]] = {}
        self._mentions: dict[tuple[int, int], tuple[Entity, ...]] = {}
        self._antecedents: dict[tuple[int, int, Kind, frozenset[str]], Entity | None] = {}
        self._depth = 0
        self._raw_capitals: dict[str, int] = {}  # a capitalised word as written -> first passage
        self._capitals: dict[str, int] | None = None

    def lexicon(self) -> tuple[frozenset[str], frozenset[str]]:
        """(words the article writes in lowercase, names it capitalises inside a sentence).
        A lowercase word opening a sentence is a common word, unless the article also
        capitalises it inside one ("xiaomi" in a tag line does not make "Xiaomi" common)."""
        if self._lexicon is None:
            lower: set[str] = set()  # as written: each distinct word is folded once
            capitals: set[str] = set()
            heads: set[str] = set()
            first = self._raw_capitals
            for q, passage in enumerate(self.passages):
                # the text before each word, then the word: no match object per word
                parts: list[str] = split_letter_runs(passage.text)
                for k in range(1, len(parts), 2):
                    word = parts[k]
                    if not word[0].isupper():
                        lower.add(word)
                        continue
                    if word not in first:
                        first[word] = q
                    nxt = parts[k + 2] if k + 2 < len(parts) and parts[k + 1] == " " else ""
                    if word[-1:] == "s" and nxt[:1].isupper():
                        heads.add(word)  # "Stratis Bank", "Airbus Defence"
                    # a capital after a space that follows a word or a digit, not a sentence's
                    gap = parts[k - 1]
                    if gap[-1:] == " " and (gap[-2].isalnum() if len(gap) > 1 else k > 1):
                        capitals.add(word)
            lowercase = {fold_word(w) for w in lower}
            inside = {fold_word(w) for w in capitals}
            self._lexicon = (frozenset(lowercase - inside), self.known | frozenset(inside))
            self._heads = frozenset(fold_word(w) for w in heads) - lowercase
        return self._lexicon

    def sentence(self, p: int) -> Sentence:
        if p not in self._sentences:
            lowercase, known = self.lexicon()
            q = self.passages[p]
            self._sentences[p] = Sentence(q.tokens, q.text, lowercase, known, self._heads)
        return self._sentences[p]

    def clauses(self, p: int) -> list[tuple[int, Subject | None]]:
        """(clause start, its subject) for passage p; None where the subject is left out."""
        if p not in self._clauses:
            s = self.sentence(p)
            out: list[tuple[int, Subject | None]] = []
            for start in s.clause_starts():
                if start < s.n and s.t[start] in _RELATIVE:
                    out.append((start, s.antecedent_of(start)))
                elif start in s.resumes:
                    before = [x for st, x in out if st < s.resumes[start] and x is not None]
                    out.append((start, before[-1] if before else None))
                else:
                    out.append((start, s.clause_subject_at(start)))
            out = [(st, x if x is not None else s.quoted_we(st, out)) for st, x in out]
            self._clauses[p] = out
        return self._clauses[p]

    def subject_of(self, p: int, token: int) -> tuple[int, Subject | None]:
        """The subject of the clause that holds `token` in passage p (inherited from the
        clause before when this one leaves it out: "... et n'a pas été interdite")."""
        clauses = self.clauses(p)
        chosen: tuple[int, Subject | None] = (0, None)
        for start, subj in clauses:
            if start > token:
                break
            if subj is not None or start == 0:
                chosen = (start, subj)
        return chosen

    def mentions(self, p: int, start: int, subj: Subject) -> tuple[Entity, ...]:
        """The entities a clause subject mentions, in reading order: its names; an unnamed
        rival; or, for a reference, the entity it stands for ("le constructeur" ... "ce
        dernier" both mention Xiaomi)."""
        key = (p, subj.start)
        if key not in self._mentions:
            s = self.sentence(p)
            found: tuple[Entity, ...] = ()
            if start < s.n and s.t[start] in _RELATIVE:
                found = ()  # a relative clause repeats its antecedent
            elif subj.refers in ("name", "speaker") or (subj.refers == "owner" and subj.name):
                found = tuple(self._named(p, subj))
            elif subj.refers == "rival":
                found = (Entity(p, subj.start, None, frozenset(), "org"),)
            elif subj.refers in ("back", "owner"):
                e = self.antecedent(p, subj.start, subj.kind, subj.nouns)
                if e is not None:
                    found = (Entity(p, subj.start, e.name, e.key, e.kind),)
            self._mentions[key] = found
        return self._mentions[key]

    def _named(self, p: int, subj: Subject) -> list[Entity]:
        if subj.refers == "owner":
            return [Entity(p, subj.start, subj.name, subj.key, "any")]
        if subj.refers == "speaker":
            return [Entity(p, subj.start, subj.name, subj.key, "org")]
        out = []
        for name, key in subj.names:
            if subj.person and name == subj.person:
                continue
            kind: Kind = subj.kind if len(subj.names) == 1 and not subj.person else "any"
            out.append(Entity(p, subj.start, name, key, kind))
        if subj.person:
            out.append(Entity(p, subj.start, subj.person, subj.key, "person"))
        return out

    def antecedent(
        self, p: int, token: int, kind: Kind, nouns: frozenset[str] = frozenset()
    ) -> Entity | None:
        """The nearest entity in subject position before (p, token) that `kind` can stand for;
        a description prefers the nearest entity whose name holds its noun ("the bank" ->
        Stratis Bank, past a person named in between)."""
        memo = (p, token, kind, nouns)
        if memo in self._antecedents:
            return self._antecedents[memo]
        found: Entity | None = None
        self._depth += 1
        try:
            if self._depth < 50:  # a chain of references this long has lost its thread
                found = self._look_back(p, token, kind, nouns)
        finally:
            self._depth -= 1
        self._antecedents[memo] = found
        return found

    def first_capital(self, words: frozenset[str]) -> int:
        """The first passage that may write one of these words capitalised, as a name writes
        its words but for its links ("de", "of"); len(passages) when none does. Read from the
        article's raw words, not its tokens: most passages are never tokenised."""
        if words & rules().name_links or words & REWRITTEN:
            return 0
        if self._capitals is None:
            self.lexicon()
            folded: dict[str, int] = {}
            # raw words come in passage order: a form's first passage is the first one set
            for raw, q in self._raw_capitals.items():
                word = fold_word(raw)
                folded.setdefault(word, q)
                if word.endswith("n"):
                    folded.setdefault(word[:-1], q)  # "Don't" reads "do": the word less its "n"
            self._capitals = folded
        capitals = self._capitals
        return min([capitals.get(w, len(self.passages)) for w in words])

    def _look_back(self, p: int, token: int, kind: Kind, nouns: frozenset[str]) -> Entity | None:
        nearest: Entity | None = None
        # an entity whose name holds a description's noun ("the bank" -> Stratis Bank) is named
        # where that noun is written capitalised, or after: before that passage, once an
        # entity is found, nothing nearer can turn up (most descriptions walked to the
        # article's start for a noun that no name holds)
        named_from = self.first_capital(nouns) if nouns else 0
        for q in range(p, max(-1, p - REFERENCE_REACH), -1):
            if q < named_from and nearest is not None:
                return nearest
            for start, subj in reversed(self.clauses(q)):
                if subj is None or (q == p and subj.start >= token):
                    continue
                for e in reversed(self.mentions(q, start, subj)):
                    if not _compatible(e, kind):
                        continue
                    if not nouns or nouns & e.key:
                        return e
                    if nearest is None:
                        nearest = e
        return nearest

    def resolve(self, p: int, subj: Subject) -> Resolution | None:
        """Who a subject stands for; None for "other" subjects and unresolved references."""
        if subj.refers == "name":
            return Resolution(subj.name, subj.key, None)
        if subj.refers == "owner" and subj.name:
            return Resolution(subj.name, subj.key, None)
        if subj.refers == "speaker":
            return Resolution(subj.name, subj.key, subj.text)
        if subj.refers in ("back", "owner"):
            kind = subj.kind if subj.refers == "back" else "any"
            e = self.antecedent(p, subj.start, kind, subj.nouns)
            if e is None or e.name is None:
                return Resolution(None, frozenset(), subj.text)
            return Resolution(e.name, e.key, subj.text)
        if subj.refers == "rival":
            return Resolution(None, frozenset(), subj.text)
        return None


@lru_cache(maxsize=1 << 14)
def phrase_sentence(text: str) -> Sentence:
    """A claim or phrasing as a sentence."""
    return Sentence(tokens_of(text), text)


@lru_cache(maxsize=1 << 14)
def phrase_subject(text: str) -> Subject | None:
    """The subject of a claim or phrasing, when it opens with one and a verb follows."""
    s = phrase_sentence(text)
    subj = s.clause_subject_at(0)
    if subj is None or subj.end >= s.n or not s._verb_after(subj.end):
        return None
    return subj


def phrase_names(text: str) -> list[tuple[str, frozenset[str]]]:
    """The names a claim or phrasing holds."""
    s = phrase_sentence(text)
    return [(s.span_text(a, b), key_of(s.t[a:b])) for a, b in s.names()]


# -- a claim: whose subject, and is a passage about it ----------------------------------------


@dataclass(frozen=True, slots=True)
class PhrasingSubject:
    """What a phrasing says about whom: its subject entity, if it names one ("entity"); or
    a subject that is no entity ("clause": a passage whose subject is another named entity
    is about that one); or no subject at all ("free": a bare noun phrase)."""

    mode: Literal["entity", "clause", "free"]
    subject: Named | None = None
    slot: frozenset[str] = frozenset()  # the words of the phrasing's own subject

    def __init__(
        self,
        mode: Literal["entity", "clause", "free"],
        subject: Named | None = None,
        slot: frozenset[str] = frozenset(),
    ) -> None:
        object.__setattr__(self, "mode", mode)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "slot", slot)


class ClaimSubjects:
    """A claim's named entities (inferred from its text and phrasings, plus `about`); the
    full list is worked out when a passage first matches."""

    def __init__(self, texts: Sequence[str], about: Sequence[str]) -> None:
        self.texts = tuple(texts)
        self.about_terms = tuple(about)
        self.about = tuple(key_of(tokenize_words(term)) for term in about)
        main = phrase_subject(texts[0]) if texts else None
        self.main: Named | None = None
        if main is not None and main.name and main.refers in ("name", "owner") and not main.loose:
            self.main = (main.name, main.key)
        elif about:
            # a claim that names no subject of its own but is about one: that one
            self.main = (about[0], self.about[0])
        self._entities: tuple[Named, ...] | None = None

    @property
    def entities(self) -> tuple[Named, ...]:
        """The names in the claim's text, aliases and phrasings, each once."""
        if self._entities is None:
            entities: list[Named] = []
            for text in self.texts:
                for display, key in phrase_names(text):
                    if key and not any(
                        same_entity(key, k) and len(k) >= len(key) for _, k in entities
                    ):
                        entities = [(d, k) for d, k in entities if not same_entity(k, key)]
                        entities.append((display, key))
            self._entities = tuple(entities)
            if self.main is not None:
                # the claim's wording of its own subject
                for display, key in entities:
                    if same_entity(key, self.main[1]):
                        self.main = (display, key)
        return self._entities

    def phrasing(self, text: str) -> PhrasingSubject:
        subj = phrase_subject(text)
        if subj is not None:
            if subj.name and subj.refers in ("name", "owner") and not subj.loose:
                named = (subj.name, subj.key)
                return PhrasingSubject("entity", named, frozenset())
            tokens = tokens_of(text)
            slot = frozenset(
                t.text
                for t in tokens[subj.start : subj.end]
                if t.kind == "word" and t.text not in rules().function_words
            )
            return PhrasingSubject("clause", None, slot)
        sentence = phrase_sentence(text)
        if sentence.n and sentence.determiner(0) and phrase_names(text):
            # "une ordonnance finale annulant Xiaomi ...": a noun phrase that names its entity
            return PhrasingSubject("clause", None, frozenset())
        if self.main is not None:
            # "interdite de commercer avec ...", "un refus de ses antennes": the claim's subject
            return PhrasingSubject("entity", self.main, frozenset())
        return PhrasingSubject("free")


def claim_subjects(texts: Sequence[str], about: Sequence[str]) -> ClaimSubjects:
    """The entities of a claim: the names in its text, aliases and phrasings (texts[0] is
    the claim itself), plus its `about` terms."""
    return ClaimSubjects(texts, about)


def tokenize_words(text: str) -> list[str]:
    return [t.text for t in tokens_of(text) if t.kind == "word"]


@dataclass(frozen=True, slots=True)
class Aboutness:
    ok: bool
    subject: str | None = None
    resolved_from: str | None = None

    def __init__(
        self, ok: bool, subject: str | None = None, resolved_from: str | None = None
    ) -> None:
        object.__setattr__(self, "ok", ok)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "resolved_from", resolved_from)


def _wording(claim: ClaimSubjects, named: Named) -> Named:
    """The claim's own wording of an entity a phrasing names ("Tessara Énergie")."""
    for display, key in claim.entities:
        if same_entity(key, named[1]):
            return display, named[1]
    return named


def judge(
    article: ArticleSubjects,
    p: int,
    matched: Sequence[int],
    anchors: Sequence[int],
    claim: ClaimSubjects,
    phrasing: PhrasingSubject,
) -> Aboutness:
    """Whether the clause matched in passage p is about the claim's subject.

    With a subject entity, the passage names it outside its clause subject ("Washington a
    inscrit Xiaomi"), or its clause subject is that entity, by name, by an `about` term, or by
    a reference back to it ("l'entreprise", "elle", "son président"). Without one, a clause
    subject that names another entity makes the passage about that entity."""
    s = article.sentence(p)
    named_words = phrasing.subject[1] if phrasing.subject is not None else frozenset()
    # the clause is the predicate's: its first content word that does not name the subject
    predicate = [i for i in anchors if s.t[i] not in named_words]
    first = min(predicate or anchors or matched)
    _, subj = article.subject_of(p, first)
    inside = range(subj.start, subj.end) if subj is not None else range(0)
    words = [s.t[i] for i in inside]
    if phrasing.mode == "entity" and phrasing.subject is not None:
        display, key = _wording(claim, phrasing.subject)
        hits = [i for i in matched if s.t[i] in key]
        clause = article.subject_of(p, first)[0]
        beside = [
            i
            for i in hits
            if i not in inside
            and (subj is None or i >= subj.end)
            and article.subject_of(p, i)[0] == clause
        ]
        if beside:
            # "Washington a inscrit Xiaomi sur la liste": named in the clause, not as its
            # subject; but not "Contrairement à Velmont, Arvel ..." nor "Arvel, qui a racheté
            # Velmont, ..."
            return Aboutness(True, display)
        if subj is None:
            return Aboutness(bool(hits), display if hits else None)
        if any(k and k <= set(words) for k in claim.about) and subj.refers != "name":
            return Aboutness(True, display, subj.text)
        res = article.resolve(p, subj)
        if (
            res is not None
            and res.name is not None
            and same_named((res.name, res.key), (display, key))
        ):
            return Aboutness(True, display, res.via)
        if (
            res is not None
            and subj.refers == "name"
            and any(k <= set(words) for k in claim.about if k)
        ):
            return Aboutness(True, display)
        return Aboutness(False)
    res = article.resolve(p, subj) if subj is not None else None
    named = None
    if res is not None and res.name is not None:
        named = next(
            (d for d, k in claim.entities if same_named((d, k), (res.name, res.key))), None
        )
    if (
        phrasing.mode == "clause"
        and subj is not None
        and (subj.refers in ("name", "rival") or (res is not None and res.name is not None))
        and named is None
        and not phrasing.slot.intersection(words)
    ):
        return Aboutness(False)
    if named is None:
        named = next((d for d, k in claim.entities if any(s.t[i] in k for i in matched)), None)
        return Aboutness(True, named)
    return Aboutness(True, named, res.via if res is not None else None)
