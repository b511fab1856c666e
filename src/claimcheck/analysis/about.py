"""Whom a claim is about, and whether a matched clause of a passage is about the same."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..text import tokens_of, unranked
from .clauses import phrase_names, phrase_sentence, phrase_subject, qualified_end
from .names import GENERIC, Named, key_of, same_entity, same_named
from .parts import Subject
from .references import ArticleSubjects, Resolution
from .rules import subject_rules


@dataclass(frozen=True, slots=True)
class PhrasingSubject:
    """What a phrasing says about whom: its subject entity, if it names one ("entity"); or
    a subject that is no entity ("clause": a passage whose subject is another named entity
    is about that one); or no subject at all ("free": a bare noun phrase)."""

    mode: Literal["entity", "clause", "free"]
    subject: Named | None = None
    # the words of the phrasing's own subject; for an entity, those of a name that runs on
    # past its capitalised words ("Autorité de la concurrence")
    slot: frozenset[str] = frozenset()

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
    """A claim's named entities (inferred from its text and phrasings, plus `about`), and the
    other names the claims file gives some of them (`settings.aliases`); the full list is
    worked out when a passage first matches."""

    def __init__(
        self,
        texts: Sequence[str],
        about: Sequence[str],
        names: Sequence[Sequence[str]] = (),
    ) -> None:
        self.texts = tuple(texts)
        self.about = tuple(key_of(tokenize_words(term)) for term in about)
        self.groups = tuple(tuple((n, key_of(tokenize_words(n))) for n in group) for group in names)
        main = phrase_subject(texts[0]) if texts else None
        self.main: Named | None = None
        if main is not None and main.name and main.refers in ("name", "owner") and not main.loose:
            self.main = full_name(texts[0], main)
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
                    # (not for a shorter one: "Autorité" of "Autorité de la concurrence")
                    if same_entity(key, self.main[1]) and len(key) >= len(self.main[1]):
                        self.main = (display, key)
        return self._entities

    def same(self, a: Named, b: Named) -> bool:
        """Two names of one entity by the claims file's `settings.aliases`."""
        return any(
            any(same_named(a, g) for g in group) and any(same_named(b, g) for g in group)
            for group in self.groups
        )

    def other_words(self, named: Named) -> frozenset[str]:
        """The distinctive words of the other names the claims file gives an entity."""
        return frozenset(
            w
            for group in self.groups
            if any(same_named(named, g) for g in group)
            for _, key in group
            for w in key
            if w not in GENERIC
        )

    def phrasing(self, text: str) -> PhrasingSubject:
        subj = phrase_subject(text)
        if subj is not None:
            if subj.name and subj.refers in ("name", "owner") and not subj.loose:
                named = full_name(text, subj)
                # a name that runs on holds small words ("de la") a passage that refers back
                # does not have
                slot = frozenset(tokenize_words(named[0])) if named[1] != subj.key else frozenset()
                if subj.refers == "owner":
                    slot |= _modifiers(text, subj, named)
                return PhrasingSubject("entity", named, slot)
            tokens = unranked(tokens_of(text), text)  # "the first flight": first, flight
            slot = frozenset(
                t.text
                for t in tokens[subj.start : subj.end]
                if t.kind == "word" and t.text not in subject_rules().function_words
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


def _modifiers(text: str, subj: Subject, named: Named) -> frozenset[str]:
    """The words between an owner's name and the noun it owns ("rescue" in "Kelda Air's
    rescue plan"): a passage that refers back to the thing ("This plan") leaves them out."""
    tokens = unranked(tokens_of(text), text)
    words = [t.text for t in tokens[subj.start : subj.end] if t.kind == "word"]
    function_words = subject_rules().function_words
    inner = [w for w in words[:-1] if w not in named[1] and w not in function_words and w != "s"]
    return frozenset(inner)


def claim_subjects(
    texts: Sequence[str], about: Sequence[str], names: Sequence[Sequence[str]] = ()
) -> ClaimSubjects:
    """The entities of a claim: the names in its text, aliases and phrasings (texts[0] is
    the claim itself), plus its `about` terms; `names`: the claims file's groups of names
    for one entity."""
    return ClaimSubjects(texts, about, names)


def full_name(text: str, subj: Subject) -> Named:
    """A phrasing's subject name with the words that go on naming it up to its verb: French
    names of bodies write their qualifiers in lowercase ("La Commission nationale de
    l'informatique et des libertés a ...", "La Société nationale des chemins de fer belges
    supprimera ..."), English ones seldom ("The Medicines and Healthcare products Regulatory
    Agency ordered ..."). The name alone when anything else comes between, or no verb is found."""
    named: Named = (subj.name or "", subj.key)
    s = phrase_sentence(text)
    b = qualified_end(s, subj)
    if b < 0:
        return named
    a = next(k for k in range(subj.start, subj.end) if s.name_at(k) >= 0)
    return s.span_text(a, b), key_of(s.t[a:b])


def tokenize_words(text: str) -> list[str]:
    return [t.text for t in unranked(tokens_of(text), text) if t.kind == "word"]


@dataclass(frozen=True, slots=True)
class Aboutness:
    ok: bool
    subject: str | None = None
    resolved_from: str | None = None
    basis: str | None = None  # why resolved_from stands for the subject

    def __init__(
        self,
        ok: bool,
        subject: str | None = None,
        resolved_from: str | None = None,
        basis: str | None = None,
    ) -> None:
        object.__setattr__(self, "ok", ok)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "resolved_from", resolved_from)
        object.__setattr__(self, "basis", basis)


def _wording(claim: ClaimSubjects, named: Named) -> Named:
    """The claim's own wording of an entity a phrasing names ("Tessara Énergie")."""
    for display, key in claim.entities:
        if same_entity(key, named[1]):
            return display, named[1]
    return named


def _same(article: ArticleSubjects, claim: ClaimSubjects, res: Resolution, b: Named) -> bool:
    """Whether the entity a clause subject stands for is the claim's, by name or by another
    name its article (its own brackets, "dite") or the claims file gives it."""
    a: Named = (res.name or "", res.key)
    return article.aliases.same(a, b) or claim.same(a, b)


def _own_phrase(
    words: Sequence[str], inside: range, matched: Sequence[int], key: frozenset[str]
) -> bool:
    """Whether the subject noun phrase at `inside` is the claim's own: its words all matched
    but its determiners ("no", "all", "the", "aucun"), the claim's subject name among them.
    "The US market" is not the claim's "The US" ("market" is not matched)."""
    function_words = subject_rules().function_words
    content = [i for i in inside if words[i] not in function_words]
    held = set(matched)
    return bool(content) and all(i in held for i in content) and key <= {words[i] for i in content}


def _leads(
    words: Sequence[str], inside: range, matched: Sequence[int], slot: frozenset[str]
) -> bool:
    """Whether the phrasing's own subject noun phrase is matched whole, in a row, outside the
    clause's subject, with a matched word right after it (its verb): a subject the clause
    analysis did not see ("said that climate change is a hoax", "a penalty European
    regulators imposed on Amazon")."""
    held = set(matched)
    own = sorted(i for i in held if i not in inside and words[i] in slot)
    return (
        bool(own)
        and {words[i] for i in own} == slot
        and own[-1] - own[0] == len(own) - 1
        and own[-1] + 1 in held
    )


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
        if subj.refers == "other" and _own_phrase(s.t, inside, matched, key):
            # "No Kelda Air staff were injured", "All Kelda Air flights were cancelled" for
            # "Kelda Air staff were injured": the claim's own noun phrase, after a determiner
            return Aboutness(True, display)
        if any(k and k <= set(words) for k in claim.about) and subj.refers != "name":
            return Aboutness(True, display, subj.text, "listed in the claim's about")
        res = article.resolve(p, subj)
        # by the claim's wording, or by its full name ("Autorité de la concurrence": ADLC)
        if (
            res is not None
            and res.name is not None
            and (
                _same(article, claim, res, (display, key))
                or _same(article, claim, res, phrasing.subject)
            )
        ):
            return Aboutness(True, display, res.via, res.basis)
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
        named = next((d for d, k in claim.entities if _same(article, claim, res, (d, k))), None)
    if (
        phrasing.mode == "clause"
        and subj is not None
        and (subj.refers in ("name", "rival") or (res is not None and res.name is not None))
        and named is None
        and not phrasing.slot.intersection(words)
        and not _leads(s.t, inside, matched, phrasing.slot)
    ):
        return Aboutness(False)
    if named is None:
        named = next((d for d, k in claim.entities if any(s.t[i] in k for i in matched)), None)
        return Aboutness(True, named)
    return Aboutness(
        True, named, res.via if res is not None else None, res.basis if res is not None else None
    )
