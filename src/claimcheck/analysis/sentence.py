"""A tokenised sentence and the word tests that finding names and subjects need: which
words are capitalised as names are, where the names run, what starts a verb group."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from ..text import Token, language_of, unranked
from . import lexicon
from .openers import common_opener
from .rules import Kind, impersonal_for, pronouns_by_first, rules, subject_rules
from .sequences import match_seq
from .wordclass import DENIAL_VERB, VERB_EN, VERB_FR, word_class

# what ends a clause, and what stands between two parts of one (a quotation mark, a bracket)
HARD: Final = rules().hard | {'"'}
_OPENERS: Final = lexicon.words("grammar", "punctuation", "openers")
_HYPHEN_PRONOUNS: Final = lexicon.words("grammar", "hyphen_pronouns")
_REPORTING: Final = VERB_FR | VERB_EN | DENIAL_VERB


def opens_sentence(tokens: Sequence[Token], i: int) -> bool:
    """Whether token i opens its sentence (or a quotation), where any word is capitalised."""
    k = i - 1
    while k >= 0 and tokens[k].kind == "punct":
        if tokens[k].text not in _OPENERS and tokens[k].text not in HARD:
            return False
        k -= 1
    return k < 0 or tokens[k].text in HARD


class SentenceWords:
    """One tokenised sentence, with the tests on its words that subject finding needs."""

    def __init__(
        self,
        tokens: Sequence[Token],
        text: str,
        lowercase: frozenset[str] = frozenset(),
        known: frozenset[str] = frozenset(),
        heads: frozenset[str] = frozenset(),
    ) -> None:
        self.r = subject_rules()
        tokens = unranked(tokens, text)
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
        self.opener_verbs: dict[int, int] = {}  # a common word opening a noun phrase -> its verb
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
        return opens_sentence(self.tokens, i)

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
        if hyphen and nxt is not None and nxt.text in _HYPHEN_PRONOUNS:
            return False  # "Souvenez-vous", "Affirme-t-il"
        single = nxt is None or not self.capitalised(i + 1)
        if single and not acronym and w not in self.heads:
            verb = common_opener(self, i)
            if verb > 0:
                self.opener_verbs[i] = verb
                return False  # "Solar panels drain", "Travel agents said": a common word
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

    def name_kind(self, key: frozenset[str]) -> Kind:
        """What a name says its entity is: a public body ("Civil Aviation Authority"), a
        company ("Kelda Air", "Stratis Bank"), or unknown ("any")."""
        r = self.r
        if key & r.body_names:
            return "body"
        if key & r.company_names:
            return "company"
        return "any"

    def description_kind(self, head: set[str] | frozenset[str]) -> Kind:
        """What a description's head words say it stands for: a person ("le président"), a
        public body ("the watchdog"), a company ("the carrier"), else an organisation."""
        r = self.r
        if head & r.roles:
            return "person"
        if head & r.bodies:
            return "body"
        if head & r.companies:
            return "company"
        return "org"

    def pronoun_at(self, i: int) -> tuple[int, Kind] | None:
        for seq, kind in pronouns_by_first().get(self.t[i], ()):
            if tuple(self.t[i : i + len(seq)]) == seq:
                return i + len(seq), kind
        return None

    def impersonal_at(self, i: int) -> bool:
        return any(match_seq(self.t, i, seq) > 0 for seq in impersonal_for(self.t[i]))

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
