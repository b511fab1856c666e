"""References back in an article: the entities its clause subjects mention, and the one a
pronoun or a description ("l'entreprise", "the carrier") stands for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from .aliases import ArticleAliases
from .article_words import ArticleWords
from .clauses import Sentence
from .names import key_of
from .parts import RELATIVES, Subject
from .rules import Kind


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


# the entities a reference back of each kind may stand for
_TAKES: Final[dict[str, frozenset[str]]] = {
    "org": frozenset(["org", "company", "body"]),
    "company": frozenset(["org", "company"]),
    "body": frozenset(["org", "body"]),
    "person": frozenset(["person"]),
}


def _compatible(entity: Entity, wanted: Kind) -> bool:
    """Whether a reference back of kind `wanted` may stand for the entity. A public body's
    description ("le régulateur", "the watchdog") stands only for an entity known to be one:
    a name of unknown trade is more often a company's, and calling a company the regulator
    would lend it the regulator's acts."""
    if wanted == "any":
        return True
    if entity.kind == "any":
        return wanted != "body"
    return entity.kind in _TAKES[wanted]


@dataclass(frozen=True, slots=True)
class Resolution:
    """Who a subject noun phrase stands for."""

    name: str | None
    key: frozenset[str]
    via: str | None  # the words that referred back ("l'entreprise"), None for a name
    basis: str | None = None  # why it stands for that entity ("subject at line 3")

    def __init__(
        self, name: str | None, key: frozenset[str], via: str | None, basis: str | None = None
    ) -> None:
        object.__setattr__(self, "name", name)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "via", via)
        object.__setattr__(self, "basis", basis)


# how far back a reference may look for its entity, in passages
REFERENCE_REACH: Final = 200
# how far back it looks at entities named outside a clause subject, in passages
_OBJECTS_REACH: Final = 2


class ArticleSubjects:
    """Clause subjects of one article's passages, and the entity each reference stands for.
    Everything is computed on demand: a reference looks back only as far as its entity."""

    def __init__(self, passages: Sequence[Any], known: frozenset[str] = frozenset()) -> None:
        self.passages = passages  # objects with .tokens and .text, in reading order
        self.known = known
        self.words = ArticleWords(passages, known)
        self._sentences: dict[int, Sentence] = {}
        self._clauses: dict[int, list[tuple[int, Subject | None]]] = {}
        self._mentions: dict[tuple[int, int], tuple[Entity, ...]] = {}
        self._antecedents: dict[tuple[int, int, Kind, frozenset[str]], Entity | None] = {}
        self.bases: dict[tuple[int, int, Kind, frozenset[str]], str] = {}  # why each one
        self._topic: tuple[Entity, tuple[int, ...]] | None = None
        self._topic_read = False
        self._depth = 0
        self._persons: set[frozenset[str]] = set()  # the names it writes as persons
        self.aliases = ArticleAliases(passages, self.sentence)

    def sentence(self, p: int) -> Sentence:
        if p not in self._sentences:
            lowercase, known = self.words.lexicon()
            q = self.passages[p]
            self._sentences[p] = Sentence(q.tokens, q.text, lowercase, known, self.words.heads)
        return self._sentences[p]

    def clauses(self, p: int) -> list[tuple[int, Subject | None]]:
        """(clause start, its subject) for passage p; None where the subject is left out."""
        if p not in self._clauses:
            s = self.sentence(p)
            out: list[tuple[int, Subject | None]] = []
            for start in s.clause_starts():
                if start < s.n and s.t[start] in RELATIVES:
                    out.append((start, s.antecedent_of(start)))
                elif start in s.resumes:
                    before = [x for st, x in out if st < s.resumes[start] and x is not None]
                    out.append((start, before[-1] if before else None))
                else:
                    out.append((start, s.clause_subject_at(start)))
            out = [(st, x if x is not None else s.quoted_we(st, out)) for st, x in out]
            # a leading adverbial ("On Monday, 300 flights were ...") opens its clause: the
            # start after its comma, with the same subject, is not another clause
            self._clauses[p] = [
                (st, x)
                for k, (st, x) in enumerate(out)
                if not (k and x is not None and out[k - 1][1] is not None and out[k - 1][1] == x)
            ]
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
            if start < s.n and s.t[start] in RELATIVES:
                found = ()  # a relative clause repeats its antecedent
            elif subj.refers in ("name", "speaker") or (subj.refers == "owner" and subj.name):
                found = tuple(self._named(p, subj))
            elif subj.refers == "rival":
                found = (Entity(p, subj.start, None, frozenset(), "org"),)
            elif subj.refers in ("back", "owner"):
                e = self.antecedent(p, subj.start, subj.kind, subj.nouns)
                if e is not None:
                    found = (Entity(p, subj.start, e.name, e.key, e.kind),)
            elif subj.names and not subj.loose:
                # "Shares in Kelda Air fell", "Les ventes de Velmont ont reculé": its company
                found = tuple(Entity(p, subj.start, n, k, s.name_kind(k)) for n, k in subj.names)
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
            full = self.aliases.full(p, subj.start, subj.end, (name, key))
            if full[1] != key:
                name, key = full
                kind = self.sentence(p).name_kind(key)
            out.append(Entity(p, subj.start, name, key, kind))
        if subj.person:
            out.append(Entity(p, subj.start, subj.person, subj.key, "person"))
            self._persons.add(subj.key)
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
                if found is not None:
                    found = _salient(self, p, found, kind, nouns, memo)
        finally:
            self._depth -= 1
        self._antecedents[memo] = found
        return found

    def topic(self) -> tuple[Entity, tuple[int, ...]] | None:
        """The article's topic, if it has one, and the lines that name it (see _topic)."""
        if not self._topic_read:
            self._topic_read = True
            self._topic = _topic(self)
        return self._topic

    def _look_back(self, p: int, token: int, kind: Kind, nouns: frozenset[str]) -> Entity | None:
        nearest: Entity | None = None
        # an entity whose name holds a description's noun ("the bank" -> Stratis Bank) is named
        # where that noun is written capitalised, or after: before that passage, once an
        # entity is found, nothing nearer can turn up (most descriptions walked to the
        # article's start for a noun that no name holds)
        named_from = self.words.first_capital(nouns) if nouns else 0
        for q in range(p, max(-1, p - REFERENCE_REACH), -1):
            if q < named_from and nearest is not None:
                return nearest
            # every clause's mentions first: one may tell that another's name is a person's
            mentioned = [
                self.mentions(q, start, subj)
                for start, subj in self.clauses(q)
                if subj is not None and not (q == p and subj.start >= token)
            ]
            for found in reversed(mentioned):
                for e in reversed(found):
                    if not _compatible(e, kind) or (kind != "person" and self._a_person(e)):
                        continue
                    if not nouns or nouns & e.key:
                        return e
                    if nearest is None:
                        nearest = e
            if nearest is None and 0 < p - q <= _OBJECTS_REACH:
                # no subject of an earlier sentence will do: an entity it names elsewhere
                # ("La cour a condamné Kelda Air ... La compagnie devra")
                for e in reversed(self._others(q)):
                    if _compatible(e, kind):
                        return Entity(e.passage, -1, e.name, e.key, e.kind)  # -1: not a subject
        return nearest

    def _a_person(self, e: Entity) -> bool:
        """Whether the article writes this entity as a person somewhere before (in apposition
        to a role, "Its chief executive, Ana Ruiz"): then it is no company's name anywhere."""
        return e.kind == "any" and e.name is not None and e.key in self._persons

    def _others(self, q: int) -> list[Entity]:
        """The entities passage q names outside its clause subjects: its objects and
        complements, in reading order."""
        s = self.sentence(q)
        inside: set[int] = set()
        for _, subj in self.clauses(q):
            if subj is not None:
                inside.update(range(subj.start, subj.end))
        out: list[Entity] = []
        for a, b in s.names():
            if a in inside:
                continue
            key = key_of(s.t[a:b])
            out.append(Entity(q, a, s.span_text(a, b), key, s.name_kind(key)))
        return out

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
            basis = self.bases.get((p, subj.start, kind, subj.nouns))
            return Resolution(e.name, e.key, subj.text, basis)
        if subj.refers == "rival":
            return Resolution(None, frozenset(), subj.text)
        return None


def _salient(
    article: ArticleSubjects,
    p: int,
    e: Entity,
    kind: Kind,
    nouns: frozenset[str],
    memo: tuple[int, int, Kind, frozenset[str]],
) -> Entity:
    """The entity a reference at passage p stands for: the nearest one `e`, unless it was
    named two sentences back or more and the article's topic (see _topic) is another entity
    of the kind; why, in article.bases."""
    line = article.passages[e.passage].line
    article.bases[memo] = f"subject at line {line}" if e.token >= 0 else f"named at line {line}"
    if p - e.passage < 2 or (nouns and nouns & e.key):
        return e
    topic = article.topic()
    if topic is None:
        return e
    t, lines = topic
    if t.key == e.key or not _compatible(t, kind) or (kind != "person" and article._a_person(t)):
        return e
    if t.kind == "any" and kind != "person" and len(t.key) >= 2:
        return e  # two words, no trade's: as likely a person's name ("Ana Ruiz")
    article.bases[memo] = f"the article's topic: subject at lines {', '.join(map(str, lines))}"
    return t


def _topic(article: ArticleSubjects) -> tuple[Entity, tuple[int, ...]] | None:
    """The one entity named as the subject of at least two of the article's first three
    lines (its title and lead), and those lines."""
    seen: list[tuple[Entity, list[int]]] = []
    for q in range(min(3, len(article.passages))):
        for start, subj in article.clauses(q):
            if subj is None or subj.refers != "name":
                continue
            for e in article.mentions(q, start, subj):
                if e.name is None:
                    continue
                k = next((i for i, (f, _) in enumerate(seen) if f.key == e.key), -1)
                if k < 0:
                    seen.append((e, []))
                line = article.passages[q].line
                if line not in seen[k][1]:
                    seen[k][1].append(line)
    best = [(e, lines) for e, lines in seen if len(lines) >= 2]
    return (best[0][0], tuple(best[0][1])) if len(best) == 1 else None
