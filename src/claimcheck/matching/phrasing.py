"""A phrasing (a claim's wording) ready for matching."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from rapidfuzz import fuzz

from ..analysis import lexicon
from ..analysis.clauses import phrase_sentence, phrase_subject
from ..analysis.cue_types import Polarity
from ..analysis.names import GENERIC
from ..analysis.openers import verb_after_nouns
from ..analysis.scope import clause_polarity
from ..analysis.sentence import opens_sentence
from ..ordinals import is_rank
from ..text import Token, language_of, tokens_of
from .terms import Term, index_keys, match_terms
from .words import classes, stem, stemmed

# French auxiliaries that an English text writes as its article ("recalled a batch")
_ARTICLE_IN_ENGLISH: Final = lexicon.words("matching", "article_in_english")
# a phrasing's predicate before it is asked for
_UNKNOWN: Final = -2


@dataclass(frozen=True)
class Phrasing:
    """A phrasing ready for matching."""

    text: str
    tokens: tuple[Token, ...]
    terms: tuple[Term, ...]
    total: float
    keys: tuple[tuple[str, ...], ...] = field(repr=False)
    order: tuple[int, ...] = field(repr=False, default=())  # term indices, heaviest first
    _predicate: int = field(init=False, repr=False, compare=False, default=_UNKNOWN)
    _repeated: tuple[tuple[str, int, float], ...] | None = field(
        init=False, repr=False, compare=False, default=None
    )
    _names: tuple[frozenset[int], ...] | None = field(
        init=False, repr=False, compare=False, default=None
    )
    # whether a term is an ordinal's rank ("the sixth penalty"), whose noun the aligners check
    ranks: bool = field(init=False, repr=False, compare=False, default=False)

    def __init__(
        self,
        text: str,
        tokens: tuple[Token, ...],
        terms: tuple[Term, ...],
        total: float,
        keys: tuple[tuple[str, ...], ...],
        order: tuple[int, ...] = (),
    ) -> None:
        object.__setattr__(self, "text", text)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "tokens", tokens)
        object.__setattr__(self, "terms", terms)
        object.__setattr__(self, "total", total)
        object.__setattr__(self, "keys", keys)
        object.__setattr__(self, "order", order)
        object.__setattr__(self, "_predicate", _UNKNOWN)
        object.__setattr__(self, "_repeated", None)
        object.__setattr__(self, "_names", None)
        object.__setattr__(self, "ranks", any(t.number and is_rank(t.text) for t in terms))

    @property
    def polarity(self) -> Polarity:
        """How the phrasing itself is put (worked out when a passage first matches it)."""
        return _phrasing_polarity(self.text)

    @property
    def negated(self) -> bool:
        return self.polarity.negated

    @property
    def predicate(self) -> int:
        """The term that carries what the phrasing says of its subject (its first content
        word after the subject: "Kelda Air *cancelled* 300 flights", "Le préfet a *ordonné*
        ..."), or -1 when the phrasing opens with no subject."""
        found = self._predicate
        if found == _UNKNOWN:
            # kept here: asked of every passage the phrasing is tried on reworded, where
            # _predicate's cache hashed the text and every term each time (20,000 times for a
            # 500-article sparse shard)
            found = _predicate(self.text, self.terms)
            object.__setattr__(self, "_predicate", found)
        return found

    @property
    def repeated(self) -> tuple[tuple[str, int, float], ...]:
        """The words that are more than one of its terms (not numbers): (word, how many, the
        least weight of them), in the order they first come."""
        found = self._repeated
        if found is None:
            counts: dict[str, tuple[int, float]] = {}
            for t in self.terms:
                if not t.number:
                    n, weight = counts.get(t.text, (0, t.weight))
                    counts[t.text] = (n + 1, min(weight, t.weight))
            found = tuple((w, n, weight) for w, (n, weight) in counts.items() if n > 1)
            object.__setattr__(self, "_repeated", found)
        return found

    @property
    def subject_terms(self) -> frozenset[int]:
        """The terms of the phrasing's subject ("Kelda Air" of "Kelda Air cancelled ...")."""
        return _subject_terms(self.text, self.terms)

    @property
    def names(self) -> tuple[frozenset[int], ...]:
        """The terms of each name the phrasing gives outside its subject ("Madrid" of "Kelda
        Air opened a base in Madrid"), but for its generic words ("Bank", "Group")."""
        found = self._names
        if found is None:
            # kept here, as the predicate is: asked of every match the tiers accept
            found = _name_terms(self.text, self.terms)
            object.__setattr__(self, "_names", found)
        return found


def names_found(
    phrasing: Phrasing, pairs: Sequence[tuple[int, int]], passage: Sequence[Token], text: str
) -> bool:
    """Whether a match keeps the phrasing's names: one it leaves out must not have another
    name in its place, a capitalised word the match does not use, among or just after the
    matched words ("in Lisbon" is no evidence for "in Madrid", "with Airbus" none for "with
    Boeing"; a passage that only leaves the place out may still be)."""
    groups = phrasing.names
    if not groups or not pairs:
        return True
    matched = {i for i, _ in pairs}
    if all(not matched.isdisjoint(group) for group in groups):
        return True
    used = {j for _, j in pairs}
    lo, hi = min(used), min(len(passage), max(used) + 5)
    missing = [
        phrasing.terms[i].text for group in groups if matched.isdisjoint(group) for i in group
    ]
    for j in range(lo, hi):
        t = passage[j]
        if j in used or t.kind != "word" or not text[t.start : t.start + 1].isupper():
            continue
        if misspelt(t.text, missing):
            continue  # the name itself, with a typo ("Velmnot"): not another one
        if opens_sentence(passage, j):
            continue  # a word that opens a sentence is capitalised anyway
        if t.text in _DATES:
            continue  # "on Monday", "in May"
        return False
    return True


@lru_cache(maxsize=1 << 16)
def _phrasing_polarity(text: str) -> Polarity:
    return clause_polarity(tokens_of(text), text)


@lru_cache(maxsize=1 << 16)
def _predicate(text: str, terms: tuple[Term, ...]) -> int:
    """The phrasing's main verb, as a term (see _verb); after a verb of intention, the act it
    announces ("plans to *cut*", "compte *supprimer*", "a prévu de *vendre*"), which another
    act must not replace."""
    verb = _verb(text, terms)
    if verb < 0 or stem(terms[verb].text) not in stemmed("grammar", "intention_verbs"):
        return verb
    j = terms[verb].index + 1
    tokens = tokens_of(text)
    while j < len(tokens) and tokens[j].text in _INTENTION_LINKS:
        j += 1
    act = [k for k, t in enumerate(terms) if t.index == j and t.weight >= 1.0 and not t.number]
    return act[0] if act else verb


_INTENTION_LINKS: Final = lexicon.words("grammar", "intention_links")


def _verb(text: str, terms: tuple[Term, ...]) -> int:
    """The phrasing's main verb, as a term: the word after its first auxiliary ("a
    *ordonné*", "were *grounded*"), else an English past ("Kelda Air *cancelled*"), else the
    first content word after its subject ("Camaïeu *emploie*")."""
    c = classes()
    tokens = tokens_of(text)
    content = {t.index: k for k, t in enumerate(terms) if t.weight >= 1.0 and not t.number}
    english = language_of(t.text for t in tokens) == "en"
    # "a" is a French marker itself: a text is French by its other words ("Clouds provide a
    # negative feedback" has none, "La préfecture a fermé le site" has "la" and "le")
    french = language_of(t.text for t in tokens if t.text not in _ARTICLE_IN_ENGLISH) == "fr"
    articles = frozenset() if french else _ARTICLE_IN_ENGLISH
    for i, token in enumerate(tokens):
        if token.text in c.auxiliaries and i > 0 and token.text not in articles:
            j = i + 1
            while j < len(tokens) and tokens[j].text in c.between_auxiliary_and_verb:
                j += 1
            if j in content:
                return content[j]
    for i, k in content.items():
        word = tokens[i].text
        if english and i > 0 and len(word) > 4 and word.endswith("ed"):
            return k
    subject = phrase_subject(text)
    if subject is not None:
        # a name and a noun before an irregular or present verb: "Kelda Air shares fell",
        # "Velmont engineers built" (the noun is no verb)
        if subject.refers == "name":
            verb = verb_after_nouns(phrase_sentence(text), subject.end)
            if verb in content:
                return content[verb]
        after = [k for i, k in content.items() if i >= subject.end]
        if after:
            return after[0]
    return -1


@lru_cache(maxsize=1 << 16)
def _subject_terms(text: str, terms: tuple[Term, ...]) -> frozenset[int]:
    """The terms before the predicate's verb group, past a leading phrase and its comma ("Le
    28 septembre, *le tribunal de Lille* a liquidé ...", "*Toutes les pizzas* ont été ...")."""
    verb = _verb(text, terms)
    if verb < 0:
        return frozenset()
    c = classes()
    tokens = tokens_of(text)
    end = terms[verb].index
    while end > 0 and (
        tokens[end - 1].text in c.auxiliaries
        or tokens[end - 1].text in c.between_auxiliary_and_verb
    ):
        end -= 1
    start = end
    while start > 0 and tokens[start - 1].text not in (",", ":", ";"):
        start -= 1
    return frozenset(k for k, t in enumerate(terms) if start <= t.index < end)


def misspelt(word: str, others: Sequence[str]) -> bool:
    """Whether a word is one of `others` written with a typo (one the aligner, which compares
    words by their index keys, does not pair)."""
    return any(fuzz.ratio(word, other) >= _TYPO for other in others)


# how alike a word and its misspelling are (rapidfuzz's ratio: one swap in "Velmont" is 86)
_TYPO: Final = 75.0
_DATES: Final = lexicon.words("subjects", "months_days")


def _name_terms(text: str, terms: tuple[Term, ...]) -> tuple[frozenset[int], ...]:
    subject = _subject_terms(text, terms)
    s = phrase_sentence(text)
    out: list[frozenset[int]] = []
    for a, b in s.names():
        group = frozenset(
            i
            for i, t in enumerate(terms)
            if a <= t.index < b and i not in subject and t.weight >= 1.0 and t.text not in GENERIC
        )
        if group:
            out.append(group)
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def prepare(text: str, without: frozenset[str] = frozenset()) -> Phrasing:
    """A phrasing ready for matching; `without` leaves out words (a subject that a passage
    names only by reference, such as "l'entreprise" for "Xiaomi")."""
    tokens = tokens_of(text)
    terms = tuple(t for t in match_terms(tokens) if t.text not in without)
    return Phrasing(
        text=text,
        tokens=tokens,
        terms=terms,
        total=sum(t.weight for t in terms),
        keys=tuple(index_keys(t) for t in terms),
        order=tuple(sorted(range(len(terms)), key=lambda i: (-terms[i].weight, i))),
    )
