"""Vectors kept per (model version, kind, passage text) in an sqlite file, so that a warm run
embeds nothing; or in memory only, for --no-cache. The same file keeps each article's passages
and terms (semantic.pool), so that the next run neither cuts nor reads again the articles it
has seen."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Final, Literal

from ..cache import open_retrying
from .model import Embedder, Matrix, numpy, prepared

VECTORS_FILE: Final = "vectors.sqlite"
SCHEMA: Final = "claimcheck-vectors-1"
Kind = Literal["query", "passage"]
Warn = Callable[[str], None]

_TABLES: Final = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vectors(
    model TEXT NOT NULL, kind TEXT NOT NULL, hash TEXT NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY(model, kind, hash)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS terms(
    engine TEXT NOT NULL, hash TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY(engine, hash));
"""
# sqlite takes at most 999 bound values in a statement on older builds
_CHUNK: Final = 500


def text_key(text: str) -> str:
    """The key of a text: the sha256 of what is embedded (model.prepared)."""
    return hashlib.sha256(prepared(text).encode("utf-8")).hexdigest()


class VectorStore:
    """Embeds through a model only the texts it has no vector for. With a folder, the vectors
    live in <folder>/vectors.sqlite (WAL: several processes may read and write it at once; a
    corrupt or foreign file is reported through `warn` and rebuilt). Without one, in memory.
    """

    def __init__(self, model: Embedder, folder: Path | None, warn: Warn) -> None:
        self.model = model
        self.warn = warn
        self.path = folder / VECTORS_FILE if folder is not None else None
        self.memory: dict[tuple[Kind, str], bytes] = {}
        self.db: sqlite3.Connection | None = None
        self.embedded = 0  # texts this store has sent to the model
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = self._open_or_rebuild()

    def queries(self, texts: Sequence[str]) -> Matrix:
        """The vectors of a claim's texts, as the model's queries."""
        return self.vectors(texts, "query")

    def passages(self, texts: Sequence[str]) -> Matrix:
        """The vectors of sentences to search, as the model's passages."""
        return self.vectors(texts, "passage")

    def vectors(self, texts: Sequence[str], kind: Kind) -> Matrix:
        """One row a text, in order; the model embeds only the texts not yet stored."""
        np = numpy()
        keys = [text_key(t) for t in texts]
        known = self._get(kind, keys)
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in known:
                missing.setdefault(key, text)
        if missing:
            embed = self.model.queries if kind == "query" else self.model.passages
            fresh = embed(list(missing.values()))
            self.embedded += len(missing)
            made = {k: fresh[i].tobytes() for i, k in enumerate(missing)}
            self._put(kind, made)
            known.update(made)
        out: Matrix = np.empty((len(texts), self.model.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = np.frombuffer(known[key], dtype=np.float32)
        return out

    def terms(self, engine: str, hashes: Sequence[str]) -> dict[str, bytes]:
        """The stored terms of the articles of these hashes that have some, as `engine`
        wrote them (nothing without a file: they are not worth keeping for one run)."""
        if self.db is None:
            return {}
        try:
            select = "SELECT hash, data FROM terms WHERE engine = ? AND hash IN"
            return dict(self._chunked(select, [engine], hashes))
        except sqlite3.DatabaseError as exc:
            self._trouble(exc)
            return {}

    def keep_terms(self, engine: str, made: dict[str, bytes]) -> None:
        """Store articles' terms, and forget those another engine wrote (never read again)."""
        if self.db is None or not made:
            return
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.execute("DELETE FROM terms WHERE engine != ?", (engine,))
                self.db.executemany(
                    "INSERT OR REPLACE INTO terms VALUES (?, ?, ?)",
                    [(engine, h, data) for h, data in made.items()],
                )
        except sqlite3.DatabaseError as exc:
            self._trouble(exc)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    # -- storage ---------------------------------------------------------------------------

    def _get(self, kind: Kind, keys: Sequence[str]) -> dict[str, bytes]:
        size = 4 * self.model.dim
        found: dict[str, bytes] = {}
        if self.db is not None:
            try:
                found = dict(self._rows(kind, keys))
            except sqlite3.DatabaseError as exc:
                self._trouble(exc)
        if self.db is None:
            found = {k: self.memory[(kind, k)] for k in keys if (kind, k) in self.memory}
        # a row of another length is damage the schema cannot see: embedded again
        return {k: v for k, v in found.items() if len(v) == size}

    def _rows(self, kind: Kind, keys: Sequence[str]) -> Iterator[tuple[str, bytes]]:
        select = "SELECT hash, vector FROM vectors WHERE model = ? AND kind = ? AND hash IN"
        return self._chunked(select, [self.model.version, kind], keys)

    def _chunked(
        self, select: str, params: list[str], keys: Sequence[str]
    ) -> Iterator[tuple[str, bytes]]:
        """The rows of `select`, which ends in "hash IN", for these keys, a chunk at a time."""
        assert self.db is not None
        wanted = list(dict.fromkeys(keys))
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(f"{select} ({marks})", [*params, *chunk]).fetchall()

    def _put(self, kind: Kind, made: dict[str, bytes], again: bool = True) -> None:
        if self.db is not None:
            rows = [(self.model.version, kind, k, v) for k, v in made.items()]
            try:
                with self.db:
                    self.db.execute("BEGIN IMMEDIATE")
                    self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)
                return
            except sqlite3.DatabaseError as exc:
                self._trouble(exc)
        if self.db is not None and again:  # rebuilt: stored in the new file
            self._put(kind, made, again=False)
        elif self.db is None:
            self.memory.update({(kind, k): v for k, v in made.items()})

    def _trouble(self, exc: sqlite3.DatabaseError) -> None:
        """A failure after the file opened. Damage: the file is rebuilt, as a corrupt one is
        at opening. Anything else (a full disk, a read-only folder, a lock held past the
        timeout): the run goes on with its vectors in memory."""
        assert self.db is not None
        self.db.close()
        self.db = None
        if isinstance(exc, sqlite3.OperationalError):
            self.warn(f"{self.path}: vectors not stored ({exc}); keeping them for this run only")
        else:
            self.db = self._rebuild(exc)

    def _open_or_rebuild(self) -> sqlite3.Connection | None:
        try:
            return open_retrying(self._open)
        except sqlite3.OperationalError as exc:
            self.warn(f"{self.path}: vector store unusable ({exc}); keeping vectors in memory")
            return None
        except sqlite3.DatabaseError as exc:
            return self._rebuild(exc)

    def _rebuild(self, exc: sqlite3.DatabaseError) -> sqlite3.Connection | None:
        assert self.path is not None
        self.warn(f"{self.path}: not a usable vector store ({exc}); rebuilding it")
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return self._open()
        except (OSError, sqlite3.DatabaseError) as again:
            self.warn(f"{self.path}: could not rebuild it ({again}); keeping vectors in memory")
            return None

    def _open(self) -> sqlite3.Connection:
        assert self.path is not None
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            with db:
                db.execute("BEGIN IMMEDIATE")
                _create(db)
                row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if row is None:
                    db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
                elif row[0] != SCHEMA:
                    raise sqlite3.DatabaseError(f"schema {row[0]!r}")
            # a first read of the table: damage to its root surfaces here, not mid-run
            db.execute("SELECT count(*) FROM vectors WHERE model = ''").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db


def _create(db: sqlite3.Connection) -> None:
    # executescript would commit the open transaction: one statement at a time instead
    for statement in _TABLES.split(";"):
        if statement.strip():
            db.execute(statement)
