"""An inverted index of passage words, for finding a phrasing's candidates before scoring."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from .phrasing import Phrasing
from .words import word_keys


class PassageIndex:
    """An inverted index of passage words for finding candidates before scoring."""

    def __init__(self) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list)
        self._sets: dict[str, frozenset[int]] = {}
        self._key_of: dict[str, str | None] = {}  # a word's index key (None: it has none)
        self.size = 0

    def add(self, words: Iterable[str]) -> int:
        """Index a passage by its distinct normalised words."""
        pid = self.size
        self.size += 1
        known = self._key_of
        for w in words:
            if w not in known:
                found = word_keys(w)
                known[w] = found[0] if found else None
        postings = self.postings
        for key in {known[w] for w in words}:
            if key is not None:
                postings[key].append(pid)
        return pid

    def _set(self, key: str) -> frozenset[int]:
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(self.postings.get(key, ()))
        return found

    def postings_of(self, word: str) -> list[int] | None:
        """The passages that hold a word (by its index key, so a superset), in order; None
        when the word has no key to look up."""
        keys = word_keys(word)
        return self.postings.get(keys[0], []) if keys else None

    def candidates(
        self, phrasing: Phrasing, min_score: float, keep: Callable[[int], bool] | None = None
    ) -> list[int]:
        """Passages that could reach min_score, from an upper bound of their score.

        Every content word weighs 1; light words and numbers are assumed to match. A passage
        must then hold `need` of the content words; it must hold one of the `missable + 1`
        rarest of them (prefix filtering), and the others are counted only on those passages.
        Only the passages `keep` accepts are counted."""
        content = [keys for keys in phrasing.keys if keys]
        free = phrasing.total - len(content)
        need = math.ceil(min_score / 100.0 * phrasing.total - free - 1e-9)
        if need <= 0:  # nothing to filter on
            return [pid for pid in range(self.size) if keep is None or keep(pid)]
        missable = len(content) - need
        if missable > 1:
            return sorted(pid for pid, n in self._holding(content, need, keep).items() if n >= need)
        if missable < 0:
            return []
        # holding every group, or all but one: set intersections, rarest first, in C
        sets = sorted((self._group(keys) for keys in content), key=len)
        found: set[int] | frozenset[int] = frozenset()
        for skip in range(len(sets)) if missable else (-1,):
            held: frozenset[int] | None = None
            for k, group in enumerate(sets):
                if k != skip:
                    held = group if held is None else held & group
                    if not held:
                        break
            if held:
                found = found | held
        return sorted(filter(keep, found) if keep is not None else found)

    def _group(self, keys: tuple[str, ...]) -> frozenset[int]:
        """The passages that hold one of these keys."""
        if len(keys) == 1:
            return self._set(keys[0])
        return frozenset().union(*(self._set(k) for k in keys))

    def closest(
        self,
        phrasing: Phrasing,
        share: float,
        common: frozenset[str] = frozenset(),
        keep: Callable[[int], bool] | None = None,
    ) -> tuple[dict[int, int], int]:
        """Passages that hold at least `share` of the phrasing's distinctive content words (not
        in `common`; all of them when every one is common), in any order and form, with how
        many they hold; and how many there are to hold."""
        content = [keys for keys in phrasing.keys if keys]
        distinctive = [keys for keys in content if keys[0] not in common] or content
        if not distinctive:
            return {}, 0
        need = max(1, math.ceil(share * len(distinctive) - 1e-9))
        found = self._holding(distinctive, need, keep)
        return {pid: n for pid, n in found.items() if n >= need}, len(distinctive)

    def _holding(
        self, content: list[tuple[str, ...]], need: int, keep: Callable[[int], bool] | None
    ) -> Counter[int]:
        """How many of the key groups each passage holds, for the passages that may hold
        `need` of them: those holding one of the `len - need + 1` rarest."""
        content = sorted(content, key=lambda keys: sum(len(self.postings.get(k, ())) for k in keys))
        missable = len(content) - need
        if missable < 0:
            return Counter()
        found: set[int] = set()
        for keys in content[: missable + 1]:
            for k in keys:
                found.update(self.postings.get(k, ()))
        if keep is not None:
            found = set(filter(keep, found))
        hits: Counter[int] = Counter()
        if not found:
            return hits
        for keys in content:
            hit: set[int] = set()
            for k in keys:
                hit |= (
                    found.intersection(self._set(k))
                    if len(found) < 4 * len(self.postings.get(k, ())) + 1
                    else self._set(k).intersection(found)
                )
            hits.update(hit)
        return hits
