"""A noun phrase in subject position with its appositions ("Le président, Jean Castel,"),
and what it stands for: a name, a reference back, someone's, a rival, another."""

from __future__ import annotations

from typing import Final

from . import lexicon
from .names import Named, key_of
from .parts import COMPLEMENTS, PREPOSITIONS, RELATIVES, THAT, NounParts, Refers, Subject, _subject
from .rules import Kind
from .sentence import HARD

_CORRECTIONS: Final = lexicon.words("grammar", "corrections")


class NounPhrases(NounParts):
    """The subject noun phrases of a sentence."""

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
                "person" if person else self.name_kind(key),
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
                kind: Kind = self.description_kind(head)
                if kind == "org":
                    kind = self.name_kind(key)
                return _subject(
                    i, run, self.span_text(i, run), "name", kind, name, key, ((name, key),)
                )
            owner = self._owner_after(head_end)
            if owner is not None and head & r.bodies and not head & r.other_party:
                # "la cour d'appel de Madrid", "the ministry of transport": the body itself,
                # named by its place or its field, not someone's
                a, b, end = owner
                name, key = self.span_text(i + 1, end), key_of(t[i + 1 : end])
                return _subject(
                    i, end, self.span_text(i, end), "name", "body", name, key, ((name, key),)
                )
            if owner is not None:
                a, b, end = owner
                refers: Refers = "rival" if head & r.other_party else "owner"
                if a == b:  # "le cours de son action": the owner is a reference
                    return _subject(i, end, self.span_text(i, end), refers, "any")
                name, key = self.span_text(a, b), key_of(t[a:b])
                kind = "person" if head & r.roles else "any"
                if t[a - 1] not in COMPLEMENTS and t[a - 1] not in r.definite:
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
            kind = self.description_kind(head)
            return _subject(i, head_end, text, "back", kind, nouns=frozenset(head))
        if self.verbish(i):
            return None  # French "a" ("a été"), a clitic: no subject here
        if w in r.other_determiners:
            end = self._head_words(i + 1)
            owner = self._owner_after(end) if end > i + 1 else None
            if owner is not None and set(t[i + 1 : end]) & r.bodies:
                # "a court in Lisbon", "un tribunal de Madrid": a body, not someone's
                name, key = self.span_text(i + 1, owner[2]), key_of(t[i + 1 : owner[2]])
                return _subject(
                    i,
                    owner[2],
                    self.span_text(i, owner[2]),
                    "name",
                    "body",
                    name,
                    key,
                    ((name, key),),
                )
            if owner is not None:  # "les drones de DJI": someone's, but not one entity
                a, b, stop = owner
                held: tuple[Named, ...] = ((self.span_text(a, b), key_of(t[a:b])),) if b > a else ()
                # "un ancien pilote de Kelda Air": a person of someone's
                role: Kind = "person" if set(t[i + 1 : end]) & r.roles else "any"
                return _subject(i, stop, self.span_text(i, stop), "other", role, names=held)
            return _subject(i, max(end, i + 1), self.span_text(i, max(end, i + 1)), "other", "any")
        # "Solar panels drain ...": a common word opening the sentence, its nouns up to the verb
        end = self.opener_verbs.get(i) or self._head_words(i)
        owner = self._owner_after(end) if end > i else None
        if owner is not None and owner[1] > owner[0]:
            # "Shares in Kelda Air fell", "Sales of Velmont rose": someone's, not one entity
            a, b, stop = owner
            named: tuple[Named, ...] = ((self.span_text(a, b), key_of(t[a:b])),)
            return _subject(i, stop, self.span_text(i, stop), "other", "any", names=named)
        return _subject(i, max(end, i + 1), self.span_text(i, max(end, i + 1)), "other", "any")

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
                and self.t[close] not in HARD
            ):
                close += 1
                if close < self.n and self.t[close] == "." and self.t[close - 1] in self.r.titles:
                    close += 1  # "M. Paul Mercier"
            if close >= self.n or self.t[close] != "," or close - end < 2:
                break
            if any(self.verbish(k) for k in range(end + 1, close)):
                break  # a clause, not an apposition
            if self.t[end + 1] in self.r.coordinators or self.t[end + 1] in _CORRECTIONS:
                break  # "Huawei, et non Xiaomi, ...": a correction, not another name for it
            part = self._part(end + 1)
            after = close + 1
            if after + 1 < self.n and self.tokens[after].kind == "num" and self.t[after + 1] == ",":
                after += 2  # "Its chief executive, Ana Ruiz, 52, joined": an age between
            if part is None or not self._verb_after(after):
                break
            parts.append(part)
            end = after
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
            and w not in THAT
            and w not in PREPOSITIONS
            and w not in RELATIVES
            and w not in self.r.coordinators
        )


def _combine(parts: list[Subject], s: NounPhrases) -> Subject:
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
