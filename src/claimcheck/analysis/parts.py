"""The parts of a noun phrase in subject position: its head words, its owner ("de Xiaomi",
"its"), a name after a determiner, a title, a possessive; and the Subject value they make."""

from __future__ import annotations

from typing import Final, Literal, NamedTuple

from . import lexicon
from .names import Named, key_of
from .rules import Kind
from .sentence import SentenceWords

Refers = Literal["name", "back", "owner", "rival", "speaker", "other"]

COMPLEMENTS: Final = lexicon.words("grammar", "complements")
RELATIVES: Final = lexicon.words("grammar", "relatives") | lexicon.words(
    "grammar", "genitive_relatives"
)
THAT: Final = lexicon.words("grammar", "complementisers")
PREPOSITIONS: Final = lexicon.words("grammar", "prepositions")
# what joins a noun to the company it is of, besides "de"/"of": "shares in Kelda Air"
_OWNER_LINKS: Final = lexicon.words("grammar", "owner_links")
# French finite verbs that follow a subject ("l'entreprise fera appel", "le groupe avait")
_FR_VERB_ENDINGS: Final = lexicon.ordered("grammar", "french_finite_endings")


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
    names: tuple[Named, ...] = ()  # every name in the phrase
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


class NounParts(SentenceWords):
    """The parts a subject noun phrase is made of."""

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
            and self.t[j] not in COMPLEMENTS
            and self.t[j] not in RELATIVES
            and self.t[j] not in THAT
            and self.t[j] not in self.r.coordinators
            and not (j > start and (self.verbish(j) or self.determiner(j)))
            and not (j > start and self.t[j] in PREPOSITIONS)
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
            if word and (self.determiner(j) or not (self.verbish(j) or self.t[j] in PREPOSITIONS)):
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
            if w in COMPLEMENTS or w in self.r.definite or w in ("les", "d") or w in _OWNER_LINKS:
                k += 1
            elif self.tokens[k].kind == "word" and not self.capitalised(k) and k > j:
                if self.verbish(k):
                    return None
                k += 1
            else:
                return None
            steps += 1
        return None

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
            and not (b + 1 < self.n and (self._may_open_subject(b + 1) or self.t[b + 1] in THAT))
            and t[b] not in PREPOSITIONS
            and t[b] not in RELATIVES
            and t[b] not in THAT
            and t[b] not in self.r.coordinators
        ):
            end = self._head_words(b)
            text = self.span_text(i, end)
            if set(t[b:end]) & self.r.roles:
                # "a Norvik Motors spokesman": someone who speaks for Norvik Motors
                return _subject(
                    i, end, text, "owner", "person", name, key, ((name, key),), loose=True
                )
            described = self._described(i, b)
            if described is not None:
                return described
            # "the US market": the name only qualifies its noun (loose: no mention of it)
            return _subject(
                i, end, text, "other", "any", None, frozenset(), ((name, key),), loose=True
            )
        return _subject(i, b, self.span_text(i, b), "name", "any", name, key, ((name, key),))

    def _described(self, i: int, b: int) -> Subject | None:
        """ "The Spanish low-cost carrier", "the Swedish carmaker": a definite article, a
        capitalised adjective and a description of a company or a body refer back to one."""
        r, t = self.r, self.t
        if t[i] not in r.definite:
            return None
        k = b
        while k < self.n and k - b < 4 and self.tokens[k].kind == "word":
            if self.capitalised(k) or self.verbish(k) or t[k] in PREPOSITIONS:
                break
            if t[k] in r.companies or t[k] in r.bodies:
                head = frozenset(t[b : k + 1])
                return _subject(
                    i,
                    k + 1,
                    self.span_text(i, k + 1),
                    "back",
                    self.description_kind(head),
                    nouns=head,
                )
            k += 1
        return None

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
        if run < 0 and not head & r.other_party:
            # "Kelda Air's local low-cost rival Borea": adjectives before the other party
            k = head_end
            while k < self.n and k - head_start < 6 and self.tokens[k].kind == "word":
                if self.capitalised(k) or self.verbish(k):
                    break
                if t[k] in r.other_party:
                    head_end, head = k + 1, set(t[head_start : k + 1])
                    run = self.name_at(head_end)
                    break
                k += 1
        if run > 0:  # "son rival Corlan", "Bayline Ferries' rival Corlan"
            name, key = self.span_text(head_end, run), key_of(t[head_end:run])
            kind: Kind = "person" if head & r.roles else "any"
            return _subject(i, run, self.span_text(i, run), "name", kind, name, key, ((name, key),))
        refers: Refers = "rival" if head & r.other_party else "owner"
        kind = "person" if head & r.roles else own_kind
        names = ((owner, owner_key),) if owner else ()
        end = max(head_end, head_start)
        return _subject(i, end, self.span_text(i, end), refers, kind, owner, owner_key, names)
