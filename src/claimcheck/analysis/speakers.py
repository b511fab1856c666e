"""Who speaks in a sentence: reported speech ("selon X", "X a déclaré que", '"...," said X'),
its source, and a denial of what came before."""

from __future__ import annotations

from typing import Any, Final

from . import lexicon
from .clauses import Sentence
from .cue_types import Attribution
from .negation import CueScan
from .rules import ATTR_PREPS
from .wordclass import SAY, VERB_EN, VERB_FR, word_class

_FRENCH_DETERMINERS: Final = lexicon.words("grammar", "french_determiners")
_ENGLISH_DETERMINERS: Final = lexicon.words("grammar", "english_determiners")
_SENTENCE_LINKS: Final = lexicon.words("grammar", "sentence_links")
# "contrary to reports", "in claims": a plural noun, not a reporting verb
_NOUN_PREPOSITIONS: Final = lexicon.words("grammar", "english_noun_prepositions")
_RELATIVES: Final = lexicon.words("grammar", "relatives")
_BE: Final = lexicon.words("grammar", "english_be")
_ADVERBS: Final = lexicon.words("polarity", "attribution", "adverbs")
_INCISE_FILLERS: Final = lexicon.words("polarity", "attribution", "incise_fillers")
# a clause's first verb
_FINITE: Final = lexicon.words("grammar", "perfect_auxiliaries") | lexicon.words(
    "grammar", "finite_be"
)


class SpeakerScan(CueScan):
    """Reported speech and denials over one tokenised sentence."""

    def phrases(self) -> Any:
        """The sentence's noun phrases and clauses (built on first use)."""
        if self._phrases is None:
            self._phrases = Sentence(self.tokens, self.text)
        return self._phrases

    def speaker_clause(self, v: int) -> tuple[int, Any] | None:
        """(clause start, subject) of the clause whose verb is at v, when its subject is
        written before v: "Le président, Jean Castel, dément" -> Jean Castel."""
        np = self.phrases()
        chosen = None
        for start in np.clause_starts():
            if start > v:
                break
            if start < np.n and self.t[start] in _RELATIVES:
                subj = np.antecedent_of(start)
            else:
                subj = np.clause_subject_at(start)
            if subj is not None and subj.end <= v:
                chosen = (start, subj)
        return chosen

    def subject_before(self, v: int) -> str | None:
        """The subject written before a reporting verb at v, as in the text."""
        found = self.speaker_clause(v)
        if found is not None:
            return str(found[1].speaker)
        j = v - 1
        while j >= 0 and self.t[j] in self.r.auxiliaries:
            j -= 1
        stops = {",", "que", "et", "and", "that"}
        if j >= 0 and self.t[j] in _RELATIVES:
            # "le ministère qui accusait ...": the antecedent is the source
            j -= 1
            while j >= 0 and self.t[j] == ",":
                j -= 1
            stops |= {"par", "by"}
        end = j + 1
        while j >= 0 and j not in self.hard and self.t[j] not in stops and end - j <= 12:
            if self.t[j] in _RELATIVES:
                break
            j -= 1
        start = j + 1
        while start < end and self.t[start] in _SENTENCE_LINKS:
            start += 1
        if start >= end:
            return self.sentence_subject()
        return self.slice_text(start, end)

    def _past_colon(self, v: int) -> int:
        """Where a reporting verb's scope starts: past a colon right after it ('X said: "We
        ..."', 'a déclaré : « Nous ... »'), which otherwise bounds the clause."""
        return v + 2 if v + 1 < self.n and self.t[v + 1] == ":" else v

    def _inside_quote(self, k: int) -> int:
        """k, or the comma before it when k closes a quote ('"...," said X', '"...," Norvik
        said in a statement'): where a post-posed reporting clause begins."""
        return k - 1 if k > 0 and self.t[k] == '"' and self.t[k - 1] == "," else k

    def post_posed(self, v: int) -> bool:
        """ "..., the company said on Friday." / "..., its spokeswoman, Maria Ortiz, said.":
        the reporting clause follows a comma and closes the sentence."""
        found = self.speaker_clause(v)
        if found is None or found[0] == 0:
            return False
        if self.t[self._inside_quote(found[0] - 1)] != ",":
            return False
        rest = [k for k in range(v + 1, self.n) if self.is_word(k)]
        return len(rest) <= 5 and not any(self.t[k] in ("that", "que") for k in rest)

    def sentence_subject(self) -> str | None:
        """The subject of the sentence's first verb (for "..., précisant que")."""
        words = [i for i in range(self.n) if self.is_word(i)]
        for i in words[1:]:
            w = self.t[i]
            if w in _FINITE or word_class(w) & (VERB_FR | VERB_EN):
                j = i - 1
                while j >= 0 and j not in self.hard and self.t[j] != ",":
                    j -= 1
                start = j + 1
                while start < i and self.t[start] in _SENTENCE_LINKS:
                    start += 1
                return self.slice_text(start, i) or None
        return None

    def _noun_phrase_at(self, k: int) -> bool:
        """Token k opens a noun phrase: a determiner, or a capitalised word ("Jean Castel")."""
        if k >= self.n or not self.is_word(k):
            return False
        raw = self.text[self.tokens[k].start : self.tokens[k].end]
        return (
            self.t[k] in _FRENCH_DETERMINERS
            or self.t[k] in _ENGLISH_DETERMINERS
            or raw[:1].isupper()
        )

    def _incise(self, i: int) -> bool:
        """ ", a déclaré le ministre." / ", affirme-t-il.": a reporting verb after a comma,
        its subject after it (and its apposition), closing the sentence."""
        k = i - 1
        while k >= 0 and self.t[k] in _INCISE_FILLERS:
            k -= 1
        if k < 0 or self.t[k] != ",":
            return False
        if i + 1 < self.n and self.t[i + 1] in self.r.fr_complements:
            return False  # ", précisant ne pas ...": the verb's complement follows, not its subject
        stop = self._clause_end(i + 1, limit=8)
        # ", a déclaré son président, Jean Castel.": the speaker and its apposition
        apposition = stop + 1 < self.n and self.t[stop] == ","
        if apposition and self._noun_phrase_at(i + 1) and self._noun_phrase_at(stop + 1):
            stop = self._clause_end(stop + 1, limit=8)
        return stop >= self.n or stop in self.hard

    def find_attributions(self) -> list[Attribution]:
        r, t = self.r, self.t
        found: list[Attribution] = []
        preps = self.found(ATTR_PREPS)
        for i, w in enumerate(t):
            if not self.is_word(i):
                continue
            cls = word_class(w)
            for end, _ in preps.get(i, [])[:1]:
                if end < self.n and self.is_word(end):
                    stop = self._clause_end(end)
                    if stop > end:
                        # ", selon X." closing the sentence governs what precedes it
                        after = stop >= self.n or stop in self.hard
                        found.append(Attribution(i, self.slice_text(end, stop), after))
            if (
                w == "comme"
                and i + 2 < self.n
                and t[i + 1] == "le"
                and word_class(t[i + 2]) & VERB_FR
            ):
                stop = self._clause_end(i + 3)
                if stop > i + 3:
                    found.append(Attribution(i, self.slice_text(i + 3, stop)))
                continue
            if cls & VERB_FR and self._incise(i):
                stop = self._clause_end(i + 1)
                if stop > i + 1:
                    found.append(Attribution(i, self.slice_text(i + 1, stop), True))
                continue
            if cls & VERB_FR and i > 0 and t[i - 1] not in _FRENCH_DETERMINERS:
                nxt = i + 1
                while nxt < self.n and t[nxt] in _ADVERBS:
                    nxt += 1
                if w.startswith("accus"):
                    # "X accusait Y de ...": active only with an object before "de"
                    if not any(t[k] == "de" for k in range(i + 2, min(i + 6, self.n))):
                        continue
                elif nxt >= self.n or (t[nxt] not in r.fr_complements and t[nxt] != ":"):
                    continue
                source = self.subject_before(i)
                if source:
                    found.append(Attribution(self._past_colon(i), source))
            elif (
                cls & VERB_EN
                and i > 0
                and t[i - 1] not in _ENGLISH_DETERMINERS
                and t[i - 1] not in _BE
                and t[i - 1] not in _NOUN_PREPOSITIONS
                and (cls & SAY or i + 1 >= self.n or t[i + 1] in ("that", ",", ".", ":"))
            ):
                prev = self._inside_quote(i - 1)
                written_before = self.speaker_clause(i)
                resumed = i in self.phrases().resumes  # ", which has struggled ..., said"
                if (t[prev] == "," or prev in self.hard) and (
                    written_before is None or (written_before[1].end < i and not resumed)
                ):
                    # ", said X.": the source follows and closes the sentence
                    stop = self._clause_end(i + 1)
                    end = stop
                    if end < self.n and t[end] == "," and end + 1 < self.n:
                        end = self._clause_end(end + 1)  # ", said Anna Berg, its chief."
                    closes = end >= self.n or end in self.hard
                    if stop > i + 1 and closes and not w.endswith("ing"):
                        found.append(Attribution(i, self.slice_text(i + 1, stop), True))
                        continue
                source = self.subject_before(i)
                if source and any(ch.isalnum() for ch in source):
                    k = i - 1
                    while k >= 0 and self.is_word(k):
                        k -= 1
                    after = (k >= 0 and t[k] == "," and i + 1 >= self.n - 1) or self.post_posed(i)
                    found.append(Attribution(self._past_colon(i), source, after))
        return found
