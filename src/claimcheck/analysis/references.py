"""References back in an article: the entities its clause subjects mention, and the one a
pronoun or a description ("l'entreprise", "the carrier") stands for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from ..text import REWRITTEN, fold_word, split_letter_runs
from .clauses import Sentence
from .parts import RELATIVES, Subject
from .rules import Kind, subject_rules


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
        if words & subject_rules().name_links or words & REWRITTEN:
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
