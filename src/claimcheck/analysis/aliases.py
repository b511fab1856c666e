"""Other names an article gives an entity itself: "the Office of Rail and Road (ORR)", "the DPC
(Data Protection Commission)", "la Société nationale des chemins de fer belges, dite SNCB",
"Meta, formerly known as Facebook"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ..text import fold_word
from . import lexicon
from .names import Named, key_of, same_entity, same_named
from .sentence import SentenceWords as Sentence
from .sequences import match_seq

# words that link a name to another name of the same entity ("dite", "known as", "formerly")
_LINKS: Final = lexicon.sequences("subjects", "alias_links")
_LINK_FIRST: Final = frozenset(seq[0] for seq in _LINKS)
# how far back from its alias a long name may start, in tokens
_REACH: Final = 16
_OPEN: Final = "("
_CLOSE: Final = ")"


@dataclass(frozen=True, slots=True)
class Alias:
    """Two names of one entity, as an article defines them: the name as written before
    (`long`, from token `start`) and the other one (`short`)."""

    start: int
    long: Named
    short: Named

    def __init__(self, start: int, long: Named, short: Named) -> None:
        object.__setattr__(self, "start", start)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "long", long)
        object.__setattr__(self, "short", short)


class ArticleAliases:
    """The aliases one article defines, found on demand, and what they make the same."""

    def __init__(self, passages: Sequence[Any], sentence: Callable[[int], Sentence]) -> None:
        self.passages = passages  # objects with .tokens, in reading order
        self.sentence = sentence
        self._at: dict[int, list[Alias]] = {}
        self._all: list[Alias] | None = None

    def at(self, p: int) -> list[Alias]:
        """The other names passage p gives an entity ("the Office of Rail and Road (ORR)")."""
        found = self._at.get(p)
        if found is None:
            words = [tok.text for tok in self.passages[p].tokens]
            found = aliases_in(self.sentence(p)) if may_define(words) else []
            self._at[p] = found
        return found

    def every(self) -> list[Alias]:
        if self._all is None:
            self._all = [a for p in range(len(self.passages)) for a in self.at(p)]
        return self._all

    def same(self, a: Named, b: Named) -> bool:
        """Two names of one entity in this article: by their words or initials, or by an
        alias it defines. A name it defines as another's alias is only that one's: its "CAA"
        (Consumers' Association of Australia) is not the Civil Aviation Authority."""
        ca, cb = self._defined(a), self._defined(b)
        if ca is None and cb is None:
            return same_named(a, b)
        if ca is not None and cb is not None:
            return same_named(ca, cb)
        return same_named(ca or a, cb or b) or same_entity(a[1], b[1])

    def _defined(self, named: Named) -> Named | None:
        """The name this article gives as the long form of `named`, if it defines it so."""
        if not named[1]:
            return None
        for alias in self.every():
            if alias.short[1] == named[1]:
                return alias.long
        return None

    def full(self, p: int, start: int, end: int, named: Named) -> Named:
        """A subject's name at its full length when passage p defines an alias for it between
        tokens start and end ("La Commission nationale de l'informatique et des libertés
        (Cnil)" names more than "Commission")."""
        for alias in self.at(p):
            if start <= alias.start < end and named[1] <= alias.long[1]:
                return alias.long
        return named


def may_define(words: list[str]) -> bool:
    """Whether a sentence's words may hold an alias (most hold neither a bracket nor a link)."""
    return any(w == _OPEN or w in _LINK_FIRST for w in words)


def aliases_in(s: Sentence) -> list[Alias]:
    """The aliases one sentence defines."""
    out: list[Alias] = []
    for i in range(s.n):
        if s.t[i] == _OPEN and s.tokens[i].kind == "punct":
            found = _bracketed(s, i)
        elif s.t[i] in _LINK_FIRST and i > 0 and s.t[i - 1] in (",", _OPEN):
            found = _linked(s, i)
        else:
            continue
        if found is not None:
            out.append(found)
    return out


def _bracketed(s: Sentence, i: int) -> Alias | None:
    """ "NAME (ACRONYM)" or "ACRONYM (NAME)", where one abbreviates the other."""
    close = next((j for j in range(i + 1, min(s.n, i + 12)) if s.t[j] == _CLOSE), -1)
    if close < 0 or close == i + 1:
        return None
    inside = list(range(i + 1, close))
    if not all(s.tokens[k].kind == "word" for k in inside) or not s.capitalised(i + 1):
        return None
    if len(inside) == 1 and _acronym_like(s, i + 1):
        start = _long_start(s, i - 1, s.raw(i + 1), True)
        if start < 0:
            return None
        return Alias(start, _named(s, start, i), _named(s, i + 1, close))
    if i > 0 and _acronym_like(s, i - 1) and abbreviates(s.raw(i - 1), _words(s, i + 1, close)):
        return Alias(i - 1, _named(s, i - 1, i), _named(s, i + 1, close))
    return None


def _linked(s: Sentence, i: int) -> Alias | None:
    """ "NAME, dite OTHER", "NAME, formerly known as OTHER", "NAME (formerly OTHER)"."""
    end = max((match_seq(s.t, i, seq) for seq in _LINKS), default=-1)
    other_end = s.name_at(end) if 0 <= end < s.n else -1
    if other_end < 0:
        return None  # "Ana Ruiz, ex-PDG de Velmont": a role, no name
    last = i - 2  # the word before the comma or the bracket
    if last < 0 or s.tokens[last].kind != "word":
        return None
    start = _long_start(s, last, s.raw(end), False)
    if start < 0:
        return None
    return Alias(start, _named(s, start, last + 1), _named(s, end, other_end))


def _acronym_like(s: Sentence, i: int) -> bool:
    """One capitalised word of 2 to 8 letters: "ORR", "DGAL", "Cnil", "Anses"."""
    raw = s.raw(i)
    return 2 <= len(raw) <= 8 and raw.isalpha() and raw[:1].isupper()


def _long_start(s: Sentence, last: int, short: str, abbreviated: bool) -> int:
    """Where the name that ends at token `last` starts: walking back over its words (its
    lowercase ones too: "Commission nationale de l'informatique", and commas before its first
    capital: "... de l'alimentation, de l'environnement et du travail") to a determiner or a
    verb, the leftmost capitalised word that `short` abbreviates from; -1 if there is none and
    it must be `abbreviated` ("Caudry (Nord)" is a place and its département). Otherwise the
    start of the nearest name ("Meta, formerly known as Facebook")."""
    capitals: list[int] = []
    k = last
    while k >= 0 and last - k < _REACH:
        tok = s.tokens[k]
        if tok.kind != "word":
            if s.t[k] == "," and not capitals:
                k -= 1
                continue
            break
        if s.capitalised(k):
            if s.initial(k) and s.determiner(k):
                break
            capitals.append(k)
        elif s.verbish(k) or (capitals and s.determiner(k)):
            break
        k -= 1
    if not capitals:
        return -1
    for start in reversed(capitals):
        words = _words(s, start, last + 1)
        # a ticker takes its letters from the first word alone ("Kelda Air (KEL)")
        if abbreviates(short, words) or (short.isupper() and abbreviates(short, words[:1])):
            return start
    if abbreviated:
        return -1
    # the nearest name's first word ("Kelda" of "Kelda Air, formerly Kelda Airways")
    return next((a for a in capitals if s.name_at(a) > capitals[0]), capitals[0])


def _words(s: Sentence, a: int, b: int) -> list[str]:
    return [s.t[k] for k in range(a, b) if s.tokens[k].kind == "word"]


def _named(s: Sentence, a: int, b: int) -> Named:
    return s.span_text(a, b), key_of(_words(s, a, b))


def abbreviates(short: str, words: list[str]) -> bool:
    """Whether `short` abbreviates the words: its letters come in their order, its first is
    their first, and at least two (one for a one-word name) start a word ("DGAL": Direction
    Générale de l'ALimentation; "Anses": Agence Nationale de Sécurité Sanitaire ...)."""
    letters = [c for c in fold_word(short) if c.isalpha()]
    text = "".join(words)
    if len(letters) < 2 or not text or letters[0] != text[0] or len(letters) > len(text):
        return False
    starts: set[int] = set()
    at = 0
    for w in words:
        starts.add(at)
        at += len(w)
    # best[q]: the most word starts among the letters matched so far, the last one at q
    best = [-1] * len(text)
    best[0] = 1
    for c in letters[1:]:
        nxt = [-1] * len(text)
        running = -1
        for q in range(len(text)):
            if running >= 0 and text[q] == c:
                nxt[q] = running + (1 if q in starts else 0)
            if best[q] > running:
                running = best[q]
        best = nxt
    most = max(best)
    return most >= min(2, len(words))
