"""The incremental cache: findings per (claim, article content) in an sqlite database."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .cache_codec import (
    CacheFailed,
    _garbled,
    _reason,
    decode_results,
    encode_results,
    engine_fingerprint,
)
from .corpus import Warn
from .report import ClaimResult

CACHE_FILE = "cache.sqlite"
# where an unusable cache is moved, for a look (the one before it is replaced)
SET_ASIDE = CACHE_FILE + ".bad"
SCHEMA = "claimcheck-cache-1"

_META = "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
_RESULTS = ("articles", "claimsets", "findings", "closeness", "close_partial", "reports", "lemmas")
_TABLES = """
CREATE TABLE IF NOT EXISTS articles(
    hash TEXT PRIMARY KEY, claimset TEXT NOT NULL, passages INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS claimsets(
    claimset TEXT NOT NULL, claim TEXT NOT NULL, PRIMARY KEY(claimset, claim));
CREATE TABLE IF NOT EXISTS findings(
    claim TEXT NOT NULL, article TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY(claim, article)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS closeness(
    claim TEXT NOT NULL, article TEXT NOT NULL, share REAL NOT NULL, line INTEGER NOT NULL,
    col INTEGER NOT NULL, start INTEGER NOT NULL, stop INTEGER NOT NULL,
    PRIMARY KEY(claim, article)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS closeness_by_share ON closeness(claim, share DESC);
CREATE TABLE IF NOT EXISTS close_partial(claim TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reports(
    key TEXT PRIMARY KEY, claimset TEXT NOT NULL, stored REAL NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS lemmas(word TEXT PRIMARY KEY, lemma TEXT) WITHOUT ROWID;
"""
# the whole results of the last run of this many claim sets are kept (a report, a few
# verify runs), for runs whose inputs are all the same
REPORTS_KEPT = 16


F = TypeVar("F", bound=Callable[..., Any])


def _inode(path: Path) -> int:
    try:
        return os.stat(path).st_ino
    except OSError:
        return 0


def _reading(method: Callable[..., Any]) -> Callable[..., Any]:
    """A Cache read whose sqlite error is a CacheFailed (see Cache.failed)."""

    @wraps(method)
    def read(self: Cache, *args: Any) -> Any:
        try:
            return method(self, *args)
        except sqlite3.Error as exc:
            raise self.failed(exc) from None

    return read


def _writing(method: Callable[..., Any]) -> Callable[..., Any]:
    """A Cache write whose sqlite error leaves no trace but the error (see Cache.release)."""

    @wraps(method)
    def write(self: Cache, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            done = self.release(exc)
            if done is None:
                raise
            raise sqlite3.OperationalError(f"{_reason(exc)}; the cache was {done}") from None

    return write


class Rerunnable(Protocol):
    """What rerun_on_failure reads of a run's request (pipeline.RunRequest)."""

    @property
    def warn(self) -> Warn: ...
    @property
    def cache_dir(self) -> Path | None: ...


Q = TypeVar("Q", bound=Rerunnable)
T = TypeVar("T")


def rerun_on_failure(run: Callable[[Q], T]) -> Callable[[Q], T]:
    """A run made again when reading the cache fails: on a rebuilt cache when the file was
    corrupt (it is set aside), else, or when that fails too, without a cache (its request's
    cache_dir None). The output is the same; a warning says what happened."""

    @wraps(run)
    def again(request: Q) -> T:
        warn = request.warn
        without = dataclasses.replace(request, cache_dir=None)  # type: ignore[type-var]
        try:
            return run(request)
        except CacheFailed as exc:
            path = (request.cache_dir or Path(".")) / CACHE_FILE
            if not exc.corrupt:
                warn(f"{path}: cannot be read ({exc.reason}); running without it")
                return run(without)
            if not exc.moved:
                _set_aside(path)
            warn(f"{path}: corrupt ({exc.reason}); set aside as {SET_ASIDE}, rebuilding it")
        try:
            return run(request)
        except CacheFailed as exc:
            warn(f"{path}: cannot be read again ({exc.reason}); running without it")
        return run(without)

    return again


def _set_aside(path: Path, inode: int = 0) -> str:
    """Move a cache file (with its journal) to cache.sqlite.bad, for a look; what became of
    it, for a warning. With `inode`, only that file: not one another run put in its place."""
    if inode and _inode(path) != inode:
        return "already set aside"
    for suffix in ("", "-wal"):
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}{suffix}", path.parent / f"{SET_ASIDE}{suffix}")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(f"{path}-shm")
    return f"set aside as {SET_ASIDE}"


def _give_back(db: sqlite3.Connection, path: Path) -> bool:
    """Undo a failed write and truncate the journal it grew (on a full disk, what it took
    stayed taken: a 1.8 MB WAL made a later --output write fail); whether it is empty now
    (committed pages that a full disk keeps out of the file stay in it)."""
    with contextlib.suppress(sqlite3.Error):
        if db.in_transaction:
            db.rollback()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    try:
        return os.path.getsize(f"{path}-wal") == 0
    except OSError:
        return True


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


def _no_room(exc: sqlite3.Error) -> bool:
    """A full disk, or a write the system refused (a file size limit, an I/O error)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_FULL", "SQLITE_IOERR"))


def _corrupt(exc: sqlite3.Error) -> bool:
    """Whether an error says the file itself is bad (rather than busy, full or unreadable)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    corrupt = name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or _garbled(exc)
    return corrupt or type(exc) is sqlite3.DatabaseError


def open_retrying(open_db: Callable[[], sqlite3.Connection]) -> sqlite3.Connection:
    """open_db(), tried again for five seconds while another process holds the database's
    lock (as it creates or converts the file)."""
    for attempt in range(50):
        try:
            return open_db()
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or attempt == 49:
                raise
            time.sleep(0.1)
    raise AssertionError("unreachable")  # pragma: no cover


class Cache:
    """An sqlite cache that rebuilds itself when it is corrupt, foreign or outdated.

    An sqlite error while it is read is a CacheFailed (a corrupt file is set aside as
    cache.sqlite.bad first); a failed write leaves the file as it was and gives back the
    space its journal took."""

    def __init__(self, folder: Path, warn: Warn, rebuild: bool = True) -> None:
        """`rebuild`: set an unusable file aside and start afresh; else raise the error (a
        process that only writes a run's findings must not replace the file in silence)."""
        self.path = folder / CACHE_FILE
        self.warn = warn
        folder.mkdir(parents=True, exist_ok=True)
        try:
            self.db = open_retrying(self._open)
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as exc:
            if not rebuild:
                raise
            where = _set_aside(self.path)
            warn(f"{self.path}: not a usable claimcheck cache ({exc}); {where}, rebuilding it")
            self.db = self._open()
        self.inode = _inode(self.path)

    def failed(self, exc: sqlite3.Error) -> CacheFailed:
        """What a failed read ends the run's use of the cache with (a corrupt file is set
        aside now, while it is known to be the one read)."""
        corrupt = _corrupt(exc)
        if corrupt:
            _set_aside(self.path, self.inode)
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        return CacheFailed(_reason(exc), corrupt, moved=corrupt)

    def release(self, exc: sqlite3.Error) -> str | None:
        """After a failed write (undone): a corrupt file is set aside, and the journal gives
        back the space the write took, or, where it cannot (a full disk), the cache is
        removed; what became of the cache, if anything."""
        if _corrupt(exc):
            return _set_aside(self.path, self.inode)
        if not _give_back(self.db, self.path) and _no_room(exc):
            self.db.close()
            _remove(self.path)
            return "removed to give back its space"
        return None

    def _open(self) -> sqlite3.Connection:
        new = not self.path.exists()
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            # for a new file only (a database keeps its page size): a run stores hundreds of
            # thousands of findings at once, which 16 KiB pages take a fifth faster than 4 KiB
            db.execute("PRAGMA page_size=16384")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_META)
            rows = dict(db.execute("SELECT key, value FROM meta").fetchall())
            fingerprint = engine_fingerprint()
            if rows.get("schema") not in (None, SCHEMA):
                raise sqlite3.DatabaseError(f"schema {rows.get('schema')!r}")
            if rows.get("engine") != fingerprint:
                # results from another engine version cannot be reused, nor its tables' shape
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    for table in _RESULTS:
                        db.execute(f"DROP TABLE IF EXISTS {table}")  # noqa: S608 - fixed names
                    db.executescript(_TABLES)
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA,))
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('engine', ?)", (fingerprint,))
        except sqlite3.DatabaseError as exc:
            emptied = _give_back(db, self.path)
            db.close()
            if _no_room(exc) and (new or not emptied):
                # a cache that could not be made or converted on a full disk: none is left
                _remove(self.path)
            raise
        return db

    def close(self) -> None:
        self.db.close()

    def reopen(self) -> None:
        """A new connection after close() (see writer.Writer)."""
        self.db = open_retrying(self._open)

    def _rows_in(self, sql: str, values: Iterable[str]) -> Iterator[tuple[Any, ...]]:
        """Rows of `sql` (ending in "IN ({})") for values, in chunks sqlite accepts."""
        wanted = list(dict.fromkeys(values))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            yield from self.db.execute(sql.format(",".join("?" * len(chunk))), chunk)

    @_reading
    def article_states(self, hashes: Iterable[str]) -> dict[str, tuple[str, int]]:
        """For known article hashes: (claim set they were scored against, passage count)."""
        sql = "SELECT hash, claimset, passages FROM articles WHERE hash IN ({})"
        return {h: (claimset, n) for h, claimset, n in self._rows_in(sql, hashes)}

    @_reading
    def claimset_members(self, claimset: str) -> set[str]:
        rows = self.db.execute("SELECT claim FROM claimsets WHERE claimset = ?", (claimset,))
        return {r[0] for r in rows}

    @_reading
    def findings(self, claim_keys: Iterable[str]) -> dict[tuple[str, str], str]:
        """Stored findings (claim key, article hash) -> data, for these claims."""
        sql = "SELECT claim, article, data FROM findings WHERE claim IN ({})"
        return {(claim, article): data for claim, article, data in self._rows_in(sql, claim_keys)}

    def closest(self, claim_key: str) -> Iterator[tuple[str, float, int, int, int, int]]:
        """A claim's closest passage in each article that holds no evidence for it (one that
        holds half the claim's distinctive words), closest first: (article hash, share, line,
        column, start, end)."""
        try:
            yield from self.db.execute(
                "SELECT article, share, line, col, start, stop FROM closeness WHERE claim = ? "
                "ORDER BY share DESC",
                (claim_key,),
            )
        except sqlite3.Error as exc:
            raise self.failed(exc) from None

    @_reading
    def partial(self, claim_keys: Iterable[str]) -> set[str]:
        """The claims whose closest passages are not stored for every article: a shard where
        a claim has evidence does not look for them."""
        sql = "SELECT claim FROM close_partial WHERE claim IN ({})"
        return {row[0] for row in self._rows_in(sql, claim_keys)}

    @_reading
    def lemmas(self) -> list[tuple[str, str | None]]:
        """The lemmas of the claims' words of earlier runs (word, lemma; None: none), as
        analysis.lemmas looked them up: what a run's claim keys need before the cache can be
        read, without loading the dictionaries."""
        return self.db.execute("SELECT word, lemma FROM lemmas").fetchall()

    @_reading
    def report(self, key: str) -> tuple[ClaimResult, ...] | None:
        """The results of an earlier run over exactly the same inputs, if any."""
        row = self.db.execute("SELECT data FROM reports WHERE key = ?", (key,)).fetchone()
        return decode_results(row[0]) if row else None

    @_writing
    def store_report(self, key: str, claimset: str, results: Sequence[ClaimResult]) -> None:
        """Keep a run's results (replacing those of the claim set's previous inputs)."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM reports WHERE claimset = ?", (claimset,))
            self.db.execute(
                "INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?)",
                (key, claimset, time.time(), encode_results(results)),
            )
            self.db.execute(
                "DELETE FROM reports WHERE key NOT IN "
                "(SELECT key FROM reports ORDER BY stored DESC LIMIT ?)",
                (REPORTS_KEPT,),
            )

    @_writing
    def store(
        self,
        claimset: str,
        claim_keys: Iterable[str],
        articles: Iterable[tuple[str, int]],
        findings: Iterable[tuple[str, str, str]],
        closeness: Iterable[tuple[str, str, float, int, int, int, int]] = (),
        partial: Iterable[str] = (),
        complete: Iterable[str] = (),
        lemmas: Iterable[tuple[str, str | None]] = (),
    ) -> None:
        """Record one run in one transaction: it all lands, or none of it. `closeness`: (claim
        key, article hash, share, line, column, start, end) of the closest passages; `partial`
        the claims scored without them in some article, `complete` those now scored with them
        in every article; `lemmas` those of the claims' words looked up (see lemmas())."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR IGNORE INTO lemmas VALUES (?, ?)", list(lemmas))
            self.db.executemany(
                "DELETE FROM close_partial WHERE claim = ?", [(k,) for k in complete]
            )
            self.db.executemany(
                "INSERT OR IGNORE INTO close_partial VALUES (?)", [(k,) for k in partial]
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO closeness VALUES (?, ?, ?, ?, ?, ?, ?)", list(closeness)
            )
            self.db.executemany(
                "INSERT OR IGNORE INTO claimsets VALUES (?, ?)",
                [(claimset, k) for k in claim_keys],
            )
            self.db.executemany("INSERT OR REPLACE INTO findings VALUES (?, ?, ?)", list(findings))
            self.db.executemany(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?)",
                [(h, claimset, n) for h, n in articles],
            )
