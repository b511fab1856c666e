"""The incremental cache: findings per (claim, article content) in an sqlite database."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields, is_dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import __version__
from .corpus import Warn
from .matching.found import Found, found
from .report import ClaimResult, Counts, Evidence, Moment, Period, Related

CACHE_FILE = "cache.sqlite"
SCHEMA = "claimcheck-cache-1"

_META = "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
_RESULTS = ("articles", "claimsets", "findings", "closeness", "close_partial", "reports")
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
"""
# the whole results of the last run of this many claim sets are kept (a report, a few
# verify runs), for runs whose inputs are all the same
REPORTS_KEPT = 16


@cache
def engine_fingerprint() -> str:
    """Changes whenever a result could change: the version, the rules data and the code."""
    h = hashlib.sha256(__version__.encode())
    package = resources.files("claimcheck")
    for folder in (package, package.joinpath("rules")):
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".py", ".yaml")):
                h.update(entry.name.encode())
                h.update(entry.read_bytes())
    return h.hexdigest()[:16]


def digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:32]


def _not_json(value: object) -> object:
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _compact_json(default: Callable[[Any], object] = _not_json) -> Callable[[object], str]:
    """json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=default) for
    acyclic values, without making an encoder at each call: a 500-article topical shard
    encodes 27,000 findings, and making json's C encoder took half the time of each."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the library's own way
        plain = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=default)
        return plain.encode
    encode = make(None, default, json.encoder.encode_basestring, None, ":", ",", False, False, True)
    return lambda value: "".join(encode(value, 0))


_compact = _compact_json()


def encode_findings(evidence: Sequence[Found], near_miss: float) -> str:
    """Findings as compact JSON, without the article path (the cache keys by content)."""
    items = [[*e[:2], *e[3:-1]] for e in evidence]
    return _compact([items, near_miss])


def decode_findings(data: str, article: str) -> tuple[tuple[Found, ...], float]:
    items, near_miss = json.loads(data)
    evidence = tuple(
        found(
            stance=stance,
            score=score,
            article=article,
            line=line,
            column=column,
            start=start,
            end=end,
            phrasing=phrasing,
            negated=negated,
            hedged=hedged,
            attributed_to=attributed_to,
            number_mismatch=mismatch,
            denied=denied,
            cues=tuple(cues),
            spans=tuple(spans),
            subject=subject,
            resolved_from=resolved_from,
            reordered=reordered,
        )
        for (
            stance,
            score,
            line,
            column,
            start,
            end,
            phrasing,
            negated,
            hedged,
            attributed_to,
            mismatch,
            denied,
            cues,
            spans,
            subject,
            resolved_from,
            reordered,
        ) in items
    )
    return evidence, float(near_miss)


def encode_results(results: Sequence[ClaimResult]) -> str:
    """A run's claim results, for a later run over exactly the same inputs: what
    json.dumps makes of dataclasses.asdict(result) for each, without copying every leaf
    first (the encoder asks for a dataclass's fields only when it meets one)."""
    return _encode_results(list(results))


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def _fields_of(value: Any) -> dict[str, Any]:
    if is_dataclass(value) and not isinstance(value, type):
        return {name: getattr(value, name) for name in _field_names(type(value))}
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


_encode_results = _compact_json(_fields_of)


def decode_results(data: str) -> tuple[ClaimResult, ...]:
    out = []
    for d in json.loads(data):
        d["evidence"] = tuple(
            Evidence(
                **{
                    **e,
                    "cues": tuple(e["cues"]),
                    "highlights": tuple(tuple(h) for h in e["highlights"]),
                }
            )
            for e in d["evidence"]
        )
        d["history"] = tuple(Period(**p) for p in d["history"])
        d["timeline"] = tuple(Moment(**m) for m in d["timeline"])
        d["related"] = tuple(
            Related(**{**r, "has": tuple(r["has"]), "missing": tuple(r["missing"])})
            for r in d["related"]
        )
        d["counts"] = Counts(**d["counts"])
        out.append(ClaimResult(**d))
    return tuple(out)


class Cache:
    """An sqlite cache that rebuilds itself when it is corrupt, foreign or outdated."""

    def __init__(self, folder: Path, warn: Warn) -> None:
        self.path = folder / CACHE_FILE
        self.warn = warn
        folder.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._open_retrying()
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as exc:
            warn(f"{self.path}: not a usable claimcheck cache ({exc}); rebuilding it")
            self.path.unlink(missing_ok=True)
            for suffix in ("-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            self.db = self._open()

    def _open_retrying(self) -> sqlite3.Connection:
        # another run may hold the lock while it creates or converts the database
        for attempt in range(50):
            try:
                return self._open()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or attempt == 49:
                    raise
                time.sleep(0.1)
        raise AssertionError("unreachable")  # pragma: no cover

    def _open(self) -> sqlite3.Connection:
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
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def close(self) -> None:
        self.db.close()

    def reopen(self) -> None:
        """A new connection after close() (see writer.Writer)."""
        self.db = self._open_retrying()

    def _rows_in(self, sql: str, values: Iterable[str]) -> Iterator[tuple[Any, ...]]:
        """Rows of `sql` (ending in "IN ({})") for values, in chunks sqlite accepts."""
        wanted = list(dict.fromkeys(values))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            yield from self.db.execute(sql.format(",".join("?" * len(chunk))), chunk)

    def article_states(self, hashes: Iterable[str]) -> dict[str, tuple[str, int]]:
        """For known article hashes: (claim set they were scored against, passage count)."""
        sql = "SELECT hash, claimset, passages FROM articles WHERE hash IN ({})"
        return {h: (claimset, n) for h, claimset, n in self._rows_in(sql, hashes)}

    def claimset_members(self, claimset: str) -> set[str]:
        rows = self.db.execute("SELECT claim FROM claimsets WHERE claimset = ?", (claimset,))
        return {r[0] for r in rows}

    def findings(self, claim_keys: Iterable[str]) -> dict[tuple[str, str], str]:
        """Stored findings (claim key, article hash) -> data, for these claims."""
        sql = "SELECT claim, article, data FROM findings WHERE claim IN ({})"
        return {(claim, article): data for claim, article, data in self._rows_in(sql, claim_keys)}

    def closest(self, claim_key: str) -> Iterator[tuple[str, float, int, int, int, int]]:
        """A claim's closest passage in each article that holds no evidence for it (one that
        holds half the claim's distinctive words), closest first: (article hash, share, line,
        column, start, end)."""
        yield from self.db.execute(
            "SELECT article, share, line, col, start, stop FROM closeness WHERE claim = ? "
            "ORDER BY share DESC",
            (claim_key,),
        )

    def partial(self, claim_keys: Iterable[str]) -> set[str]:
        """The claims whose closest passages are not stored for every article: a shard where
        a claim has evidence does not look for them."""
        sql = "SELECT claim FROM close_partial WHERE claim IN ({})"
        return {row[0] for row in self._rows_in(sql, claim_keys)}

    def report(self, key: str) -> tuple[ClaimResult, ...] | None:
        """The results of an earlier run over exactly the same inputs, if any."""
        row = self.db.execute("SELECT data FROM reports WHERE key = ?", (key,)).fetchone()
        return decode_results(row[0]) if row else None

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

    def store(
        self,
        claimset: str,
        claim_keys: Iterable[str],
        articles: Iterable[tuple[str, int]],
        findings: Iterable[tuple[str, str, str]],
        closeness: Iterable[tuple[str, str, float, int, int, int, int]] = (),
        partial: Iterable[str] = (),
        complete: Iterable[str] = (),
    ) -> None:
        """Record one run in one transaction: it all lands, or none of it. `closeness`: (claim
        key, article hash, share, line, column, start, end) of the closest passages; `partial`
        the claims scored without them in some article, `complete` those now scored with them
        in every article."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
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
