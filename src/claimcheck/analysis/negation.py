"""The negation, hedge and denial cues of a sentence, and the boundaries that bound them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..text import Token
from .cue_types import CueGroup
from .rules import CONTRAST, HEDGE_PHRASES, IMPLICATIVE, PSEUDO, cue_tables, rules
from .wordclass import HEDGE, word_class


class CueScan:
    """Cue finding over one tokenised sentence."""

    def __init__(self, tokens: Sequence[Token], text: str) -> None:
        self.r = rules()
        self.tokens = tokens
        self.text = text
        self.t = [tok.text for tok in tokens]
        self.n = len(tokens)
        self.hard: set[int] = set()
        self.soft: set[int] = set()
        self.neutral: set[int] = set()
        self.hedges: set[int] = set()
        self._phrases: Any = None
        self._found: list[dict[int, list[tuple[int, bool]]]] | None = None

    def found(self, table: int) -> dict[int, list[tuple[int, bool]]]:
        """What one of the cue tables (CONTRAST ... ATTR_PREPS) matches in the sentence: all
        six are scanned at once, on first use."""
        if self._found is None:
            self._found = cue_tables().scan(self.t)
        return self._found[table]

    def is_word(self, i: int) -> bool:
        return self.tokens[i].kind != "punct"

    def slice_text(self, a: int, b: int) -> str:
        """Original text of tokens a..b-1, whitespace folded."""
        if a >= b:
            return ""
        return " ".join(self.text[self.tokens[a].start : self.tokens[b - 1].end].split())

    def find_boundaries(self) -> None:
        r = self.r
        contrast = self.found(CONTRAST)
        for i, w in enumerate(self.t):
            if not self.is_word(i):
                if w in r.hard:
                    self.hard.add(i)
                elif w in r.soft:
                    self.soft.add(i)
                continue
            if w in r.soft:
                self.soft.add(i)
            for end, _ in contrast.get(i, ()):
                self.hard.update(range(i, end))
            if w == "or" and i + 1 < self.n and self.t[i + 1] == ",":
                self.hard.add(i)  # French "Or, ..." opens a contrast

    def find_pseudo(self) -> None:
        for i, found in self.found(PSEUDO).items():
            for end, hedge in found:
                self.neutral.update(range(i, end))
                if hedge:
                    self.hedges.update(range(i, end))

    def find_hedges(self) -> None:
        phrases = self.found(HEDGE_PHRASES)
        for i, w in enumerate(self.t):
            if not self.is_word(i):
                continue
            if word_class(w) & HEDGE:
                self.hedges.add(i)
            for end, _ in phrases.get(i, ()):
                self.hedges.update(range(i, end))

    def _clause_end(self, i: int, limit: int = 6) -> int:
        """Scan right from i for a source phrase; return its exclusive end."""
        j = i
        while (
            j < self.n
            and j - i < limit
            and j not in self.hard
            and self.t[j] not in (",", "que", "that")
        ):
            j += 1
        return j

    def find_negations(self) -> list[CueGroup]:
        r, t = self.r, self.t
        used: set[int] = set()
        groups: list[CueGroup] = []
        for i, w in enumerate(t):
            if w != "ne" or i in self.neutral:
                continue
            members = [i]
            for k in (i - 1, i - 2):
                if k >= 0 and t[k] in r.ne_subjects and k not in self.neutral:
                    members.append(k)
                    break
            j, steps = i + 1, 0
            while j < self.n and steps < 5 and j not in self.hard and t[j] != ",":
                if t[j] == "que" and len(members) == 1:
                    break  # restrictive "ne ... que" means "only"
                if t[j] in r.ne_particles and j not in self.neutral:
                    members.append(j)
                    break
                j, steps = j + 1, steps + 1
            if len(members) == 1:
                continue  # expletive or literary "ne" (avant que ... ne, ne cesse de)
            if t[members[-1]] in r.coordinated:
                members.extend(self._coordinated_run(members[-1] + 1))
            used.update(members)
            groups.append(CueGroup("negation", tuple(sorted(members))))
        implicative = self.found(IMPLICATIVE)
        i = 0
        while i < self.n:
            if i in used or i in self.neutral or not self.is_word(i):
                i += 1
                continue
            w = t[i]
            if w in r.coordinated:
                run = [i, *self._coordinated_run(i + 1)]
                used.update(run)
                groups.append(CueGroup("negation", tuple(run)))
            elif w in r.standalone:
                members = [i]
                if w == "no" and i + 1 < self.n and t[i + 1] == "longer":
                    members.append(i + 1)
                used.update(members)
                groups.append(CueGroup("negation", tuple(members)))
            else:
                for end, _ in implicative.get(i, [])[:1]:
                    used.update(range(i, end))
                    groups.append(CueGroup("negation", tuple(range(i, end))))
            i += 1
        return self._concord(groups)

    def _concord(self, groups: list[CueGroup]) -> list[CueGroup]:
        """One negation however many negative words it carries: "n'ont constaté aucune fuite,
        aucune panne ni aucun retard", "sans prévenir ses salariés ni avertir ses clients",
        "never planned to leave nor sold": a group made only of concord words (aucun, ni,
        nor, jamais ...) joins the negation before it in the same clause (no hard stop or
        contrast between them); a new "ne" or "not" is a negation of its own."""
        concord = self.r.ne_particles | self.r.coordinated
        out: list[CueGroup] = []
        for g in sorted(groups, key=lambda g: min(g.members)):
            if out and out[-1].kind == "negation" and all(self.t[m] in concord for m in g.members):
                last = out[-1]
                between = range(max(last.members) + 1, min(g.members))
                if not any(k in self.hard for k in between):
                    out[-1] = CueGroup("negation", tuple(sorted({*last.members, *g.members})))
                    continue
            out.append(g)
        return out

    def _coordinated_run(self, start: int) -> list[int]:
        out = []
        for j in range(start, self.n):
            if j in self.hard:
                break
            if self.t[j] in self.r.coordinated and j not in self.neutral:
                out.append(j)
        return out
