"""Token sequences of the rules ("ne ... pas", "according to", "~refus(e|ent) de"), matched
over a sentence's normalised words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

# a "~" item that only lists words: "~(stop|stops|stopped)"
_ALTERNATION = re.compile(r"~\(([a-z]+(?:\|[a-z]+)*)\)")

# A sequence item is a literal token, "*" (any one token), "!WORD" (any token but WORD) or
# "~REGEX" (full match).
Seq = tuple[str, ...]


@cache
def _item_re(item: str) -> re.Pattern[str]:
    return re.compile(item[1:])


@cache
def pattern_ok(item: str, word: str) -> bool:
    return _item_re(item).fullmatch(word) is not None


def item_ok(item: str, word: str) -> bool:
    if item == word or item == "*":
        return True
    if item.startswith("~"):
        return pattern_ok(item, word)
    if item.startswith("!") and len(item) > 1:
        return word != item[1:]
    return False


def match_seq(texts: Sequence[str], i: int, seq: Seq) -> int:
    """End index (exclusive) of seq matched at position i, or -1."""
    if i + len(seq) > len(texts):
        return -1
    for k, item in enumerate(seq):
        if not item_ok(item, texts[i + k]):
            return -1
    return i + len(seq)


class SeqTable:
    """Token sequences indexed by their first token, so a sentence is scanned once."""

    def __init__(self, seqs: Sequence[tuple[Seq, bool]]) -> None:
        self.by_first: dict[str, list[tuple[Seq, bool]]] = {}
        self.other: list[tuple[Seq, bool]] = []
        # of `other`, those whose first item is a plain alternation ("~(spare|spares|spared)"),
        # by each word it allows (a look-up, where a pattern ran on every new word), and the
        # others, which must be tried; both by their place in `other`, whose order is kept
        self._by_alternative: dict[str, list[int]] = {}
        self._patterns: list[int] = []
        for seq, flag in seqs:
            first = seq[0]
            if first == "*" or first.startswith(("~", "!")):
                plain = _ALTERNATION.fullmatch(first)
                if plain:
                    for word in plain.group(1).split("|"):
                        self._by_alternative.setdefault(word, []).append(len(self.other))
                else:
                    self._patterns.append(len(self.other))
                self.other.append((seq, flag))
            else:
                self.by_first.setdefault(first, []).append((seq, flag))
        # the sequences whose first item a word satisfies, worked out once per word
        self._starting: dict[str, tuple[tuple[Seq, bool], ...]] = {}
        self._alone: SeqTables | None = None  # this table's scan (see SeqTables)

    def starting(self, word: str) -> tuple[tuple[Seq, bool], ...]:
        found = self._starting.get(word)
        if found is None:
            places = self._by_alternative.get(word, []) + [
                k for k in self._patterns if item_ok(self.other[k][0][0], word)
            ]
            found = tuple(self.by_first.get(word, ())) + tuple(
                self.other[k] for k in sorted(set(places))
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
                    if item != other and not item_ok(item, other):
                        break
                else:
                    out[k].setdefault(i, []).append((end, flag))
        return out
