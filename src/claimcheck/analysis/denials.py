"""Denials in a sentence: "X dément ...", "X denies ...", and a clause that only denies what
came before it ("Une accusation que X réfute.", "..., ce que la direction dément.")."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, Final

from . import lexicon
from .cue_types import CueGroup, DenialBack
from .rules import DENIAL_PHRASES, subject_rules
from .speakers import SpeakerScan
from .wordclass import DENIAL_VERB, word_class

# what a denial of the previous words may carry besides its subject and object
_DENIAL_ADVERBS: Final = lexicon.words("polarity", "denial", "adverbs")
# what opens a denial clause after a comma: ", ce que X dément", ", which X denies"
_DENIAL_OPENERS: Final = lexicon.words("polarity", "denial", "openers")


class DenialScan(SpeakerScan):
    """Denial finding over one tokenised sentence (a denial has a speaker)."""

    def find_denials(self) -> list[CueGroup]:
        t = self.t
        groups = []
        phrases = self.found(DENIAL_PHRASES)
        for i, w in enumerate(t):
            if not self.is_word(i) or i in self.neutral:
                continue
            end = i + 1 if word_class(w) & DENIAL_VERB else -1
            if end < 0:
                found = phrases.get(i)
                end = found[0][0] if found else -1
            if end > 0:
                start = i
                if i > 0 and t[i - 1] in ("se", "s"):
                    start = i - 1  # reflexive "se défendre de"
                groups.append(CueGroup("denial", tuple(range(i, end)), self.subject_before(start)))
        return groups

    def find_denial_back(self, denials: Sequence[CueGroup]) -> DenialBack | None:
        """A denial whose object is only a word standing for what was said before."""
        sr, idle = _denial_words()
        for g in denials:
            v = g.members[0]
            commas = [k for k in range(v) if self.t[k] == ","]
            for start in (0, commas[-1] + 1 if commas else -1):
                if start < 0 or (start > 0 and self.t[start] not in _DENIAL_OPENERS):
                    continue
                words = [k for k in range(start, self.n) if self.is_word(k)]
                if not words or len(words) > 14:
                    continue
                found = self.speaker_clause(v)
                subject = range(found[1].start, found[1].end) if found else range(0)
                rest = [
                    k
                    for k in words
                    if k not in subject and k not in g.members and self.t[k] not in idle
                ]
                if all(self.t[k] in sr.denial_heads for k in rest):
                    return DenialBack(start, g.source, self.t[v])
        return None


@cache
def _denial_words() -> tuple[Any, frozenset[str]]:
    """The subject rules, and the words a denial of what came before may hold besides its
    heads ("le", "a", "fermement")."""
    sr = subject_rules()
    return sr, sr.function_words | sr.verbish | _DENIAL_ADVERBS
