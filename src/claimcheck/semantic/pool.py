"""The passages a run searches by meaning, with their terms (retrieve.Terms): each article's
kept in the vector store by its hash, so that a run whose report is not cached neither cuts
nor tokenises again the articles an earlier one has seen, and reads their passages back from
the article's text at the stored offsets."""

from __future__ import annotations

import bisect
import itertools
import struct
from collections.abc import Sequence
from typing import Any, Final, Protocol

from ..cache_codec import engine_fingerprint
from ..corpus import Passage, decode, parse_article
from .model import numpy
from .retrieve import LexicalIndex, Terms, terms_of
from .vectors import VectorStore

# the layout of a stored article below; the engine's fingerprint covers the rest (the cutting
# into passages, the words' keys): either changed, the articles are read again
FORMAT: Final = "claimcheck-terms-1"
# a stored article: its numbers of passages, term occurrences, terms and bytes of the terms'
# text, and whether its numbers are wide; then each passage's start and end, its number of
# occurrences, each occurrence's term (passage after passage), the terms joined by NUL
_HEAD: Final = struct.Struct("<5I")
_NARROW: Final = ("<u4", "<u2", "<u2")  # the offsets, the counts and the terms
_WIDE: Final = ("<u8", "<u4", "<u4")
_NARROW_UP_TO: Final = (2**32 - 1, 2**16 - 1, 2**16 - 1)


class Source(Protocol):
    """An article as the run read it (pipeline.sources.Source)."""

    @property
    def display(self) -> str: ...

    @property
    def data(self) -> bytes: ...

    @property
    def hash(self) -> str: ...


class Pool:
    """Every passage of the articles in order (the matcher's order: `texts[k]` is the k-th
    passage of the run) and their BM25 index, made of their terms an article at a time."""

    def __init__(self, sources: Sequence[Source], store: VectorStore) -> None:
        self.sources = sources
        self.parsed: dict[int, tuple[Passage, ...]] = {}
        engine = f"{FORMAT}/{engine_fingerprint()}"
        kept = store.terms(engine, [s.hash for s in sources])
        texts: list[list[str]] = []
        terms: list[Terms | None] = []
        cut: dict[int, tuple[list[tuple[int, int]], int]] = {}  # article -> spans, size
        for number, s in enumerate(sources):
            text = decode(s.data)[0]
            read = _decoded(kept[s.hash], len(text)) if s.hash in kept else None
            if read is None:
                passages = parse_article(s.data, s.display, _silent).passages
                cut[number] = ([(p.start, p.end) for p in passages], len(text))
                texts.append([p.text for p in passages])
                terms.append(None)
            else:
                spans, found = read
                texts.append([text[a:b] for a, b in spans])
                terms.append(found)
        made: dict[str, bytes] = {}
        for number, found in zip(cut, terms_of([texts[n] for n in cut]), strict=True):
            terms[number] = found
            made[sources[number].hash] = _encoded(*cut[number], found)
        store.keep_terms(engine, {h: data for h, data in made.items() if data})
        self.first = list(itertools.accumulate((len(t) for t in texts), initial=0))[:-1]
        self.texts = list(itertools.chain.from_iterable(texts))
        self.index = LexicalIndex.of_texts(self.texts, [t for t in terms if t is not None])

    def passage(self, k: int) -> Passage:
        """The k-th passage, as the matcher cuts it (its article cut again if need be)."""
        number = bisect.bisect_right(self.first, k) - 1
        return self._parse(number)[k - self.first[number]]

    def _parse(self, number: int) -> tuple[Passage, ...]:
        found = self.parsed.get(number)
        if found is None:
            s = self.sources[number]
            found = self.parsed[number] = parse_article(s.data, s.display, _silent).passages
        return found


def _silent(message: str) -> None:
    """What is amiss in an article (its front matter, its encoding): the run has said it."""


def _encoded(spans: Sequence[tuple[int, int]], size: int, terms: Terms) -> bytes:
    """An article's passages' offsets and terms, as stored (b"" when they cannot be)."""
    np = numpy()
    if any("\x00" in t for t in terms.vocabulary):
        return b""
    vocabulary = "\x00".join(terms.vocabulary).encode("utf-8")
    counts = np.bincount(terms.rows, minlength=len(spans))
    ids = terms.ids[np.argsort(terms.rows, kind="stable")]
    largest = (size, int(counts.max(initial=0)), len(terms.vocabulary))
    wide = any(n > most for n, most in zip(largest, _NARROW_UP_TO, strict=True))
    offsets, many, term = _WIDE if wide else _NARROW
    head = _HEAD.pack(len(spans), len(ids), len(terms.vocabulary), len(vocabulary), wide)
    return b"".join(
        (
            head,
            np.array(spans, dtype=offsets).reshape(-1).tobytes(),
            counts.astype(many).tobytes(),
            ids.astype(term).tobytes(),
            vocabulary,
        )
    )


def _decoded(data: bytes, size: int) -> tuple[list[tuple[int, int]], Terms] | None:
    """What _encoded stored, for a text of `size` characters; None when the row is not one
    (damage: the article is read again)."""
    np = numpy()
    try:
        passages, occurrences, count, length, wide = _HEAD.unpack_from(data)
        if wide not in (0, 1):
            return None
        offsets, many, term = (np.dtype(t) for t in (_WIDE if wide else _NARROW))
        at = [_HEAD.size]
        for n in (2 * passages * offsets.itemsize, passages * many.itemsize):
            at.append(at[-1] + n)
        if len(data) != at[-1] + occurrences * term.itemsize + length:
            return None
        spans: Any = np.frombuffer(data, offsets, 2 * passages, at[0]).reshape(passages, 2)
        counts: Any = np.frombuffer(data, many, passages, at[1])
        ids: Any = np.frombuffer(data, term, occurrences, at[2])
        text = data[len(data) - length :].decode("utf-8")
    except (struct.error, ValueError, TypeError, UnicodeDecodeError):
        return None
    vocabulary = tuple(text.split("\x00")) if count else ()
    if (
        len(vocabulary) != count
        or int(counts.sum()) != occurrences
        or (passages and int(spans.max()) > size)
        or bool((spans[:, 0] > spans[:, 1]).any())
        or (occurrences and int(ids.max()) >= count)
    ):
        return None
    rows = np.repeat(np.arange(passages, dtype=np.int32), counts)
    terms = Terms(vocabulary=vocabulary, rows=rows, ids=ids, passages=passages)
    return [(a, b) for a, b in spans.tolist()], terms
