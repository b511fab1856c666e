"""Where a sentence's clauses begin and whose subject each has; a claim or phrasing read as
a sentence."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Final

from ..text import tokens_of
from . import lexicon
from .names import key_of
from .parts import RELATIVES, THAT, Subject, _subject
from .phrases import NounPhrases
from .rules import rules, subject_rules
from .sentence import HARD

_CLAUSE_BREAKS: Final = lexicon.words("grammar", "punctuation", "clause_breaks")
_AFTER_QUOTE: Final = lexicon.words("grammar", "punctuation", "after_quote")
_COMPARATIVES: Final = lexicon.words("grammar", "comparatives")
_PERFECT: Final = lexicon.words("grammar", "perfect_auxiliaries")
_WE: Final = lexicon.words("grammar", "first_plural")
_TIME_OPENERS: Final = lexicon.words("subjects", "time_openers")
_TIME_WORDS: Final = lexicon.words("subjects", "time_words")


class Sentence(NounPhrases):
    """A sentence's clauses and their subjects."""

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
            while k < self.n and k - i <= 12 and t[k] != "," and t[k] not in HARD:
                k += 1
            if k < self.n and t[k] == "," and k - i <= 12:
                if t[i] in _TIME_OPENERS and (i + 1 >= k or t[i + 1] not in _TIME_WORDS):
                    return i  # "This plan was rejected on Friday, ...": a subject
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
        contrast = rules().contrast.scan(self.t)
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
            if w in HARD:
                continue  # a parenthesis or a quotation mark belongs to its clause
            found = contrast.get(i)
            if found:
                starts.append(found[0][0])
                continue
            if w in RELATIVES and self.tokens[i].kind == "word":
                starts.append(i)  # the relative pronoun stands for its antecedent
                if i > 0 and self.t[i - 1] == ",":
                    # ", qui a racheté Velmont en 2019, a supprimé ...": the main clause resumes
                    close = i + 1
                    while close < self.n and self.t[close] != "," and self.t[close] not in HARD:
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
            if w in THAT or w == "," or w in self.r.coordinators or reporting:
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
                if subj is not None and (w in THAT or self._verb_after(subj.end) or inverted):
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
        if k < self.n and self.t[k] in _PERFECT:
            k += 1
        return k < self.n and self.tokens[k].kind == "word" and self._reporting(k)

    def _after_quote(self, i: int) -> bool:
        """The reporting verb at i follows a quote or a comma, past an auxiliary ("», a
        déclaré"): its speaker comes after it."""
        k = i - 1
        if k > 0 and self.t[k] in _PERFECT:
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


@lru_cache(maxsize=1 << 14)
def phrase_sentence(text: str) -> Sentence:
    """A claim or phrasing as a sentence."""
    return Sentence(tokens_of(text), text)


@lru_cache(maxsize=1 << 14)
def phrase_subject(text: str) -> Subject | None:
    """The subject of a claim or phrasing, when it opens with one and a verb follows (after
    the words that go on naming it: "L'Autorité de la concurrence a ...")."""
    s = phrase_sentence(text)
    subj = s.clause_subject_at(0)
    if subj is None or subj.end >= s.n:
        return None
    if not s._verb_after(subj.end) and qualified_end(s, subj) < 0:
        return None
    return subj


# words a name may hold in lowercase between its capitalised ones and its verb
_NAME_INSIDE: Final = subject_rules().name_links | lexicon.words("grammar", "name_inside_words")
_VERB_OPENERS: Final = lexicon.words("grammar", "verb_group_openers")
_VERB_ENDINGS: Final = lexicon.ordered("grammar", "french_verb_endings")


def qualified_end(s: Sentence, subj: Subject) -> int:
    """Where a named subject ends when the words after its name go on naming it up to its
    verb: French names of bodies write their qualifiers in lowercase ("La Commission nationale
    de l'informatique et des libertés a ...", "La Société nationale des chemins de fer belges
    supprimera ..."), English ones seldom ("The Medicines and Healthcare products Regulatory
    Agency ordered"). -1 when anything else comes between, or no verb is found."""
    if subj.refers != "name" or subj.person or len(subj.names) != 1:
        return -1
    a = next((k for k in range(subj.start, subj.end) if s.name_at(k) >= 0), -1)
    b = subj.end
    function_words = subject_rules().function_words
    while a >= 0 and b < s.n and b - subj.end < 10:
        w = s.t[b]
        if s.tokens[b].kind != "word":
            return -1
        if w in function_words and w not in _NAME_INSIDE:
            if s.english or w not in _VERB_OPENERS:
                return -1
            break  # "... libertés a mis", "... n'a pas"
        if w not in _NAME_INSIDE and _verb_like(s, b):
            break
        b += 1
    if a < 0 or b == subj.end or b >= s.n or s.capitalised(b):
        return -1
    if s.english and not s.capitalised(b - 1):
        return -1  # "Kelda Air shares fell": no name goes on in lowercase in English
    return b


def _verb_like(s: Sentence, b: int) -> bool:
    """Whether token b may be the verb after a subject: a verb group's word, a word that an
    object follows (a determiner, a figure), or a French finite verb's ending."""
    if s.verbish(b):
        return True
    nxt = b + 1
    if (
        nxt < s.n
        and s.t[nxt] not in _NAME_INSIDE
        and (s.determiner(nxt) or s.tokens[nxt].kind == "num")
    ):
        return True
    return not s.english and s.t[b].endswith(_VERB_ENDINGS)


def phrase_names(text: str) -> list[tuple[str, frozenset[str]]]:
    """The names a claim or phrasing holds."""
    s = phrase_sentence(text)
    return [(s.span_text(a, b), key_of(s.t[a:b])) for a, b in s.names()]
