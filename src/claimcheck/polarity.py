"""Negation, hedge, attribution and denial cues, and their scope over a matched clause."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Final, Literal, NamedTuple

import yaml

from .text import Token

Seq = tuple[str, ...]
_new: Final = tuple.__new__


class Polarity(NamedTuple):
    """How a passage asserts the clause that matched a phrasing. (A named tuple: one is made
    for every match.)"""

    negated: bool
    hedged: bool
    attributed_to: str | None
    denied: bool
    cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CueGroup:
    """Tokens that together make one negation (or one denial) of a clause."""

    kind: Literal["negation", "denial"]
    members: tuple[int, ...]
    source: str | None = None

    def __init__(
        self,
        kind: Literal["negation", "denial"],
        members: tuple[int, ...],
        source: str | None = None,
    ) -> None:
        object.__setattr__(self, "kind", kind)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "members", members)
        object.__setattr__(self, "source", source)


@dataclass(frozen=True, slots=True)
class Attribution:
    """A reported-speech cue at token `cue` whose source is `source`."""

    cue: int
    source: str
    after: bool = False  # the cue follows its clause (", said X")

    def __init__(self, cue: int, source: str, after: bool = False) -> None:
        object.__setattr__(self, "cue", cue)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "after", after)


@dataclass(frozen=True, slots=True)
class DenialBack:
    """A clause that only denies what comes before it: "Une accusation que le principal
    intéressé réfute.", "..., ce que la direction dément.", "The company denies the
    allegations." `start` is where it begins (0: it denies the sentence before)."""

    start: int
    source: str | None
    cue: str

    def __init__(self, start: int, source: str | None, cue: str) -> None:
        object.__setattr__(self, "start", start)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "cue", cue)


@dataclass(frozen=True, slots=True)
class SentenceCues:
    """All cues found in one sentence, computed once per passage."""

    groups: tuple[CueGroup, ...]
    hedges: frozenset[int]
    attributions: tuple[Attribution, ...]
    hard: frozenset[int]
    soft: frozenset[int]
    denial_back: DenialBack | None = None
    # hard | soft: what bounds a clause (every match asks)
    stops: frozenset[int] = field(init=False, repr=False, compare=False)

    def __init__(
        self,
        groups: tuple[CueGroup, ...],
        hedges: frozenset[int],
        attributions: tuple[Attribution, ...],
        hard: frozenset[int],
        soft: frozenset[int],
        denial_back: DenialBack | None = None,
    ) -> None:
        object.__setattr__(self, "groups", groups)  # compiled (see corpus.Passage.__init__)
        object.__setattr__(self, "hedges", hedges)
        object.__setattr__(self, "attributions", attributions)
        object.__setattr__(self, "hard", hard)
        object.__setattr__(self, "soft", soft)
        object.__setattr__(self, "denial_back", denial_back)
        object.__setattr__(self, "stops", hard | soft)


@dataclass(frozen=True)
class Rules:
    """The cue inventory of rules/polarity.yaml, compiled."""

    ne_particles: frozenset[str]
    ne_subjects: frozenset[str]
    standalone: frozenset[str]
    coordinated: frozenset[str]
    implicative: SeqTable
    pseudo: SeqTable
    hedge_words: frozenset[str]
    hedge_pattern: re.Pattern[str]
    hedge_not: re.Pattern[str]
    hedge_phrases: SeqTable
    attr_preps: SeqTable
    verbs_fr: re.Pattern[str]
    verbs_en: re.Pattern[str]
    fr_complements: frozenset[str]
    auxiliaries: frozenset[str]
    denial_verbs: re.Pattern[str]
    denial_phrases: SeqTable
    hard: frozenset[str]
    contrast: SeqTable
    soft: frozenset[str]


def _alt(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(patterns) + ")")


# the loaded inventory: a list, not functools.cache, so that the compiled callers (10,000
# calls per 200 topical articles) call rules() natively instead of through the cache's wrapper
_RULES: Final[list[Rules]] = []


def rules() -> Rules:
    """Load the packaged cue inventory once."""
    if not _RULES:
        _RULES.append(_load_rules())
    return _RULES[0]


def _load_rules() -> Rules:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("claimcheck").joinpath("rules/polarity.yaml").read_text("utf-8")
    )
    neg, hedge, attr, den, scope = (
        raw["negation"],
        raw["hedge"],
        raw["attribution"],
        raw["denial"],
        raw["scope"],
    )

    def seqs(items: list[list[str]]) -> SeqTable:
        return SeqTable([(tuple(str(x) for x in item), False) for item in items])

    return Rules(
        ne_particles=frozenset(neg["ne_particles"]),
        ne_subjects=frozenset(neg["ne_subjects"]),
        standalone=frozenset(neg["standalone"]),
        coordinated=frozenset(neg["coordinated"]),
        implicative=seqs(neg["implicative"]),
        pseudo=SeqTable([(tuple(p["seq"]), bool(p.get("hedge"))) for p in raw["pseudo"]]),
        hedge_words=frozenset(hedge["words"]),
        hedge_pattern=_alt(hedge["patterns"]),
        hedge_not=_alt(hedge["not_patterns"]),
        hedge_phrases=seqs(hedge["phrases"]),
        attr_preps=seqs(attr["prepositions"]),
        verbs_fr=re.compile(attr["verbs_fr"]),
        verbs_en=re.compile(attr["verbs_en"]),
        fr_complements=frozenset(attr["fr_complements"]),
        auxiliaries=frozenset(attr["auxiliaries"]),
        denial_verbs=re.compile(den["verbs"]),
        denial_phrases=seqs(den["phrases"]),
        hard=frozenset(scope["hard"]),
        contrast=seqs(scope["contrast"]),
        soft=frozenset(scope["soft"]),
    )


@cache
def _item_re(item: str) -> re.Pattern[str]:
    return re.compile(item[1:])


@cache
def pattern_ok(item: str, word: str) -> bool:
    return _item_re(item).fullmatch(word) is not None


def _item_ok(item: str, word: str) -> bool:
    if item == word or item == "*":
        return True
    if item.startswith("~"):
        return pattern_ok(item, word)
    if item.startswith("!") and len(item) > 1:
        return word != item[1:]
    return False


# what a word is, as bits, worked out once per word: the tests below run on every token
VERB_FR: Final = 1
VERB_EN: Final = 2
DENIAL_VERB: Final = 4
HEDGE: Final = 8
SAY: Final = 16


# word_class's results (a plain dictionary: see matching.STEMS); 200 topical articles ask
# for 321,000 of them, for a few thousand words
WORD_CLASSES: Final[dict[str, int]] = {}


def word_class(word: str) -> int:
    """The regular-expression classes of a normalised word (VERB_FR | VERB_EN ...)."""
    known = WORD_CLASSES.get(word)
    if known is None:
        known = WORD_CLASSES[word] = _word_class(word)
    return known


def _word_class(word: str) -> int:
    r = rules()
    bits = 0
    if r.verbs_fr.fullmatch(word):
        bits |= VERB_FR
    if r.verbs_en.fullmatch(word):
        bits |= VERB_EN
    if r.denial_verbs.fullmatch(word):
        bits |= DENIAL_VERB
    if word in r.hedge_words or (
        r.hedge_pattern.fullmatch(word) and not r.hedge_not.fullmatch(word)
    ):
        bits |= HEDGE
    if _SAY.fullmatch(word):
        bits |= SAY
    return bits


def match_seq(texts: Sequence[str], i: int, seq: Seq) -> int:
    """End index (exclusive) of seq matched at position i, or -1."""
    if i + len(seq) > len(texts):
        return -1
    for k, item in enumerate(seq):
        if not _item_ok(item, texts[i + k]):
            return -1
    return i + len(seq)


class SeqTable:
    """Token sequences indexed by their first token, so a sentence is scanned once."""

    def __init__(self, seqs: Sequence[tuple[Seq, bool]]) -> None:
        self.by_first: dict[str, list[tuple[Seq, bool]]] = {}
        self.other: list[tuple[Seq, bool]] = []
        for seq, flag in seqs:
            first = seq[0]
            if first == "*" or first.startswith(("~", "!")):
                self.other.append((seq, flag))
            else:
                self.by_first.setdefault(first, []).append((seq, flag))
        # the sequences whose first item a word satisfies, worked out once per word
        self._starting: dict[str, tuple[tuple[Seq, bool], ...]] = {}
        self._alone: SeqTables | None = None  # this table's scan (see SeqTables)

    def starting(self, word: str) -> tuple[tuple[Seq, bool], ...]:
        found = self._starting.get(word)
        if found is None:
            found = tuple(self.by_first.get(word, ())) + tuple(
                (seq, flag) for seq, flag in self.other if _item_ok(seq[0], word)
            )
            if len(self._starting) < 1 << 16:
                self._starting[word] = found
        return found

    def scan(self, texts: Sequence[str]) -> dict[int, list[tuple[int, bool]]]:
        """(end, flag) of every sequence that matches, by the position where it starts (only
        positions with a match)."""
        if self._alone is None:
            self._alone = SeqTables((self,))
        return self._alone.scan(texts)[0]


class SeqTables:
    """Several SeqTables scanned together: one look-up per word for all of them (a sentence's
    cue analysis scans six)."""

    def __init__(self, tables: Sequence[SeqTable]) -> None:
        self.tables = tuple(tables)
        # (table, sequence, flag) whose first item a word satisfies, in each table's order
        self._starting: dict[str, tuple[tuple[int, Seq, bool], ...]] = {}

    def starting(self, word: str) -> tuple[tuple[int, Seq, bool], ...]:
        found = self._starting.get(word)
        if found is None:
            found = tuple(
                (k, seq, flag)
                for k, table in enumerate(self.tables)
                for seq, flag in table.starting(word)
            )
            if len(self._starting) < 1 << 16:
                self._starting[word] = found
        return found

    def scan(self, texts: Sequence[str]) -> list[dict[int, list[tuple[int, bool]]]]:
        """Each table's SeqTable.scan(texts), in the tables' order."""
        out: list[dict[int, list[tuple[int, bool]]]] = [{} for _ in self.tables]
        get = self._starting.get
        n = len(texts)
        for i, word in enumerate(texts):
            candidates = get(word)
            if candidates is None:
                candidates = self.starting(word)
            for k, seq, flag in candidates:
                # the first item holds (starting() chose the sequence by it)
                end = i + len(seq)
                if end > n:
                    continue
                for m in range(1, len(seq)):
                    item, other = seq[m], texts[i + m]
                    if item != other and not _item_ok(item, other):
                        break
                else:
                    out[k].setdefault(i, []).append((end, flag))
        return out


# the tables a sentence's cue analysis scans, in SeqTables order
CONTRAST, PSEUDO, HEDGE_PHRASES, IMPLICATIVE, DENIAL_PHRASES, ATTR_PREPS = range(6)


@cache
def _cue_tables() -> SeqTables:
    r = rules()
    return SeqTables(
        (r.contrast, r.pseudo, r.hedge_phrases, r.implicative, r.denial_phrases, r.attr_preps)
    )


_FR_DETERMINERS: Final = frozenset(
    ["le", "la", "les", "un", "une", "des", "ce", "cette", "ses", "son", "sa", "leur"]
)
_EN_DETERMINERS: Final = frozenset(["the", "a", "an", "this", "that", "its", "their"])
_LEADING_JUNK: Final = frozenset(["et", "mais", "donc", "or", "puis", "and", "but", "so", "ainsi"])
# "contrary to reports", "in claims": a plural noun, not a reporting verb
_EN_PREPOSITIONS: Final = frozenset(
    ["to", "of", "in", "on", "by", "for", "from", "with", "about", "despite", "amid"]
)
_RELATIVES: Final = frozenset(["qui", "who", "which"])
_BE: Final = frozenset(["be", "is", "are", "was", "were", "been", "being"])
# reporting verbs that introduce speech without "that"; the others ("added", "noted",
# "reported" ...) are too often plain verbs or passives to count without it
_SAY: Final = re.compile(
    "(say|says|said|saying|tell|tells|told|claim|claims|claimed|insist|insists|insisted|argue|argues|"
    "argued|believe|believes|believed|maintain|maintains|maintained|contend|contends|contended|"
    "assert|asserts|asserted|allege|alleges|alleged)"
)
_ADVERBS: Final = frozenset(
    ["egalement", "aussi", "notamment", "deja", "encore", "ainsi", "meme", "publiquement", "also"]
)
# what a denial of the previous words may carry besides its subject and object
_DENIAL_ADVERBS: Final = frozenset(
    [
        "fermement",
        "formellement",
        "categoriquement",
        "vigoureusement",
        "totalement",
        "completement",
        "toujours",
        "absolument",
        "strongly",
        "firmly",
        "flatly",
        "vehemently",
        "categorically",
        "entirely",
        "always",
        "repeatedly",
        "fiercely",
        "publiquement",
        "publicly",
    ]
)
# what opens a denial clause after a comma: ", ce que X dément", ", which X denies"
_DENIAL_OPENERS: Final = frozenset(
    ["ce", "which", "what", "une", "un", "des", "a", "an", "allegations"]
)
_FINITE: Final = frozenset(
    [
        "a",
        "ont",
        "avait",
        "avaient",
        "est",
        "sont",
        "etait",
        "etaient",
        "has",
        "have",
        "had",
        "is",
        "are",
        "was",
        "were",
    ]
)


class _Sentence:
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
            self._found = _cue_tables().scan(self.t)
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

    def phrases(self) -> Any:
        """The sentence's noun phrases and clauses (built on first use)."""
        if self._phrases is None:
            from .subjects import Sentence

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
        while start < end and self.t[start] in _LEADING_JUNK:
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
                while start < i and self.t[start] in _LEADING_JUNK:
                    start += 1
                return self.slice_text(start, i) or None
        return None

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
        return groups

    def _coordinated_run(self, start: int) -> list[int]:
        out = []
        for j in range(start, self.n):
            if j in self.hard:
                break
            if self.t[j] in self.r.coordinated and j not in self.neutral:
                out.append(j)
        return out

    def _noun_phrase_at(self, k: int) -> bool:
        """Token k opens a noun phrase: a determiner, or a capitalised word ("Jean Castel")."""
        if k >= self.n or not self.is_word(k):
            return False
        raw = self.text[self.tokens[k].start : self.tokens[k].end]
        return self.t[k] in _FR_DETERMINERS or self.t[k] in _EN_DETERMINERS or raw[:1].isupper()

    def _incise(self, i: int) -> bool:
        """ ", a déclaré le ministre." / ", affirme-t-il.": a reporting verb after a comma,
        its subject after it (and its apposition), closing the sentence."""
        k = i - 1
        while k >= 0 and self.t[k] in ("a", "avait", "ont", "t", "il", "elle"):
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
            if cls & VERB_FR and i > 0 and t[i - 1] not in _FR_DETERMINERS:
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
                and t[i - 1] not in _EN_DETERMINERS
                and t[i - 1] not in _BE
                and t[i - 1] not in _EN_PREPOSITIONS
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


@cache
def _empty() -> SentenceCues:
    return SentenceCues((), frozenset(), (), frozenset(), frozenset())


def may_deny(words: frozenset[str]) -> bool:
    """Whether a sentence with these (normalised) words may hold a denial: a cheap test
    before finding its cues."""
    r = rules()
    return any(word_class(w) & DENIAL_VERB or r.denial_phrases.starting(w) for w in words)


def sentence_cues(tokens: Sequence[Token], text: str) -> SentenceCues:
    """Find every cue in a sentence (tokens carry offsets into text)."""
    if not tokens:
        return _empty()
    s = _Sentence(tokens, text)
    s.find_boundaries()
    s.find_pseudo()
    s.find_hedges()
    denials = s.find_denials()
    groups = [*s.find_negations(), *denials]
    return SentenceCues(
        groups=tuple(groups),
        hedges=frozenset(s.hedges),
        attributions=tuple(s.find_attributions()),
        hard=frozenset(s.hard),
        soft=frozenset(s.soft),
        denial_back=s.find_denial_back(denials),
    )


def analyse(
    tokens: Sequence[Token],
    cues: SentenceCues,
    matched: Sequence[int],
    anchors: Sequence[int] | None = None,
) -> Polarity:
    """Polarity of the clause made of the matched token indices.

    `anchors` (default: all matched) are the matched content words: a comma-delimited segment
    joins the clause only if it holds one, so that a light word ("a", "de") matched inside a
    relative clause does not pull that clause's negation in."""
    if not matched:
        return _new(Polarity, (False, False, None, False, ()))
    first, last = min(matched), max(matched)
    stops = cues.stops
    # the left extension: the words before the match up to the nearest boundary
    left = first
    while left - 1 >= 0 and (left - 1) not in stops:
        left -= 1
    # the segments of [left, last] that hold matched words
    region: set[int] = set()
    segment: list[int] = []
    matched_set = set(anchors or matched)
    for i in range(left, last + 1):
        if i in stops:
            if matched_set.intersection(segment):
                region.update(segment)
            segment = []
        else:
            segment.append(i)
    if matched_set.intersection(segment):
        region.update(segment)
    region.update(range(left, first))

    counted = [g for g in cues.groups if region.intersection(g.members)]
    negations = len(counted)
    head = _list_head(tokens, cues, min(matched_set))
    if head is not None:
        # a negation before a list governs every member ("no A, B or C", "aucune trace de X,
        # de Y ni de Z"); the cues of the list count once, whatever each member repeats
        start, governing = head
        inside = [g for g in cues.groups if any(start <= m < first for m in g.members)]
        counted = [g for g in counted if g not in inside] + [governing]
        negations = len(counted)
        counted += [g for g in inside if g is not governing]
    negated = negations % 2 == 1
    # a question asserts nothing
    # a hedge the phrasing itself carries ("qui aurait empêché") is matched, not hedging
    hedges = (region & cues.hedges) - set(matched)
    hedged = bool(hedges) or (
        tokens[-1].text == "?" if tokens and tokens[-1].kind == "punct" else False
    )
    names = [" ".join(tokens[m].text for m in g.members) for g in counted]
    denial = next((g for g in counted if g.kind == "denial"), None)
    attributed = denial.source if denial else _attribution(cues, first, last)
    if hedged:
        names.extend(tokens[i].text for i in sorted(hedges))
    # tuple.__new__: compiled, a call of the named tuple runs its interpreted constructor
    return _new(Polarity, (negated, hedged, attributed, denial is not None, tuple(names)))


_LIST_SEPARATORS: Final = frozenset([",", "et", "ou", "and", "or", "ni", "nor"])
_CONJUNCTIONS: Final = frozenset(["et", "ou", "and", "or", "ni", "nor"])
# what may stand between a list separator and a member: "de", "d'", "the", "any", "aucune"
_MEMBER_LEAD: Final = frozenset(
    [
        "de",
        "du",
        "des",
        "d",
        "le",
        "la",
        "les",
        "un",
        "une",
        "the",
        "a",
        "an",
        "any",
        "toute",
        "tout",
        "tous",
        "toutes",
        "of",
        "no",
        "aucun",
        "aucune",
        "sans",
        "without",
        "son",
        "sa",
        "ses",
        "its",
        "their",
        "leur",
        "leurs",
        "other",
        "autre",
    ]
)
_ITEM_WORDS: Final = 4  # a list member of more words is a clause, not a member
# a relative pronoun or a clitic in the first member: a clause, not a noun phrase
_NOT_IN_A_MEMBER: Final = frozenset(
    ["qui", "que", "who", "which", "that", "se", "s", "me", "te", "lui", "y"]
)
_VERBAL: Final = frozenset(["not", "pas", "plus", "jamais", "never", "point", "guere"])
_PREPOSITION_CUES: Final = frozenset(["sans", "without"])
_HEAD_TAIL: Final = 5  # words between the governing cue and the end of the first member


def _list_head(
    tokens: Sequence[Token], cues: SentenceCues, first: int
) -> tuple[int, CueGroup] | None:
    """When the clause matched at `first` is a member of a coordinated list that a negation or
    denial governs ("denied bribery, fraud or money laundering"), the start of the list's
    first member's segment and the governing cue. Lists need a conjunction somewhere; their
    members are short and hold no verb; a contrast word or a hard stop ends them."""
    t = [tok.text for tok in tokens]
    k = first - 1
    while k >= 0 and first - k <= 2 and t[k] in _MEMBER_LEAD and t[k] not in _LIST_SEPARATORS:
        k -= 1
    if k < 0 or t[k] not in _LIST_SEPARATORS or k in cues.hard:
        return None
    seps = [k]
    while True:
        j = k - 1
        while j >= 0 and t[j] in _LIST_SEPARATORS and j not in cues.hard:
            seps.append(j)
            j -= 1
        p = j
        while p >= 0 and t[p] not in _LIST_SEPARATORS and p not in cues.hard:
            p -= 1
        item = [i for i in range(p + 1, j + 1) if tokens[i].kind != "punct"]
        nominal = len(item) <= _ITEM_WORDS and not any(_verbish(t[i]) for i in item)
        if p >= 0 and p not in cues.hard and nominal and item:
            k = p
            seps.append(p)
            continue
        head_start, head_end = p + 1, j
        break
    after = [i for i in range(first, min(len(t), first + 8)) if i not in cues.hard]
    if not any(t[i] in _CONJUNCTIONS for i in seps) and not any(
        t[i] in _CONJUNCTIONS for i in after
    ):
        return None
    governing = [g for g in cues.groups if any(head_start <= m <= head_end for m in g.members)]
    if not governing:
        return None
    cue = max(governing, key=lambda g: max(g.members))
    tail = [i for i in range(max(cue.members) + 1, head_end + 1) if tokens[i].kind != "punct"]
    if len(tail) > _HEAD_TAIL or any(t[i] in _NOT_IN_A_MEMBER for i in tail):
        return None
    if head_start == 0 and min(cue.members) == 0 and t[0] in _PREPOSITION_CUES:
        return None  # "Without inspections, cracks ... go unnoticed": a leading adverbial
    # "did not recall cars and sold trucks", "n'entend pas se laisser faire et dépose plainte":
    # after a verb's negation, a bare member of several words is a second verb phrase
    end = k + 1
    while end < len(t) and t[end] not in _LIST_SEPARATORS and end not in cues.hard:
        end += 1
    member = [i for i in range(k + 1, end) if tokens[i].kind != "punct"]
    verbal = cue.kind == "negation" and any(t[m] in _VERBAL for m in cue.members)
    if verbal and len(tail) >= 2 and t[k + 1] not in _MEMBER_LEAD and len(member) >= 2:
        return None
    return head_start, cue


@cache
def _denial_words() -> tuple[Any, frozenset[str]]:
    """The subject rules, and the words a denial of what came before may hold besides its
    heads ("le", "a", "fermement")."""
    from .subjects import rules as subject_rules

    sr = subject_rules()
    return sr, sr.function_words | sr.verbish | _DENIAL_ADVERBS


@cache
def _verb_words() -> frozenset[str]:
    from .subjects import rules as subject_rules

    return subject_rules().verbish - {"a", "en", "y", "leur", "lui", "now", "then", "just", "only"}


def _verbish(word: str) -> bool:
    return (
        word in _verb_words()
        or bool(word_class(word) & (VERB_FR | VERB_EN | DENIAL_VERB))
        or (len(word) >= 5 and word.endswith("ed"))
    )


def _attribution(cues: SentenceCues, first: int, last: int) -> str | None:
    """The nearest reporting cue governing the match, not across a hard boundary."""
    best: Attribution | None = None
    for a in cues.attributions:
        if a.cue < last and not a.after:
            lo, hi = sorted((a.cue, first))
            if any(i in cues.hard for i in range(lo, hi)):
                continue
            if best is None or a.cue > best.cue:
                best = a
    if best is not None:
        return best.source
    for a in cues.attributions:
        if a.after and a.cue > last and not any(i in cues.hard for i in range(last, a.cue)):
            return a.source
    return None


def clause_polarity(tokens: Sequence[Token], text: str) -> Polarity:
    """Polarity of a whole phrasing, every word of it matched."""
    cues = sentence_cues(tokens, text)
    return analyse(tokens, cues, [i for i, t in enumerate(tokens) if t.kind != "punct"])
