"""Writing a run's findings to the cache beside its conclusions, in a process of its own."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from . import forking
from .cache import Cache

Work = Callable[[Cache], None]


class Writer:
    """A cache write (one transaction: it lands whole or not at all) under way beside the
    caller. Where this process may fork safely (POSIX, no other thread), a forked process
    does it, with its own connection (sqlite connections must not cross a fork): at 10,000
    topical articles it takes two seconds that the conclusions no longer wait for. Elsewhere
    it is done at once, here."""

    def __init__(self, cache: Cache, work: Work) -> None:
        self.cache = cache
        self.error: str | None = None
        self.process: BaseProcess | None = None
        self.receiver: Connection | None = None
        if forking.may_fork():
            self._fork(work)
        if self.process is None:
            self.error = _attempt(cache, work)

    def _fork(self, work: Work) -> None:
        self.cache.close()
        try:
            self.process, self.receiver = forking.start(_write, (self.cache.path.parent, work))
        except OSError:  # no fork to be had (out of memory): the caller writes instead
            pass
        finally:
            # failing, the report's results are not kept (with a warning), nothing else
            with contextlib.suppress(sqlite3.Error):
                self.cache.reopen()

    def wait(self) -> str | None:
        """None once the write has landed; else why it did not."""
        if self.process is not None and self.receiver is not None:
            try:
                self.error = self.receiver.recv() or None
            except EOFError:
                self.error = "the process writing it ended without a word"
            self.process.join()
            self.stop()
        return self.error

    def stop(self) -> None:
        """End the write if it is still under way (its transaction is then undone)."""
        if self.process is not None and self.receiver is not None:
            forking.end(self.process, self.receiver)
        self.process = self.receiver = None


def _attempt(cache: Cache, work: Work) -> str | None:
    try:
        work(cache)
    except sqlite3.Error as exc:
        return str(exc) or type(exc).__name__
    return None


def _write(folder: Path, work: Work, sender: Connection) -> None:
    try:
        # an unusable file is told, not replaced: this run's own opening found it usable
        cache = Cache(folder, lambda message: None, rebuild=False)
    except (sqlite3.Error, OSError) as exc:
        sender.send(str(exc) or type(exc).__name__)
        return
    try:
        sender.send(_attempt(cache, work) or "")
    finally:
        cache.close()
