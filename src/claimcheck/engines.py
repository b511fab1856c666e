"""Where shards are scored: in this process, in a local process pool, or on a Dask cluster."""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Protocol

from . import DISTRIBUTION, forking
from .errors import ClaimcheckError
from .shards import Shard, ShardResult, prepare_claims, score_shard, warm_claims

Progress = Callable[[str, int, int], None]  # (stage, done, total)

# below this many articles per worker, starting processes costs more than it saves
MIN_ARTICLES_PER_JOB = 200
# a worker holds one shard's per-passage tables (tokens, cues, clause subjects, alignments):
# shards of at most this many articles bound its memory whatever the archive's size (about
# 400 MiB on a topical archive, against 830 MiB for 1,250-article shards, and no slower)
MAX_SHARD_ARTICLES = 500


def _bounded(parts: int, articles: int) -> int:
    return max(parts, math.ceil(articles / MAX_SHARD_ARTICLES))


class Engine(Protocol):
    def parts(self, articles: int) -> int: ...

    def at_once(self) -> int:
        """How many shards are scored at the same time."""
        ...

    def map(
        self,
        shards: Sequence[Shard],
        progress: Progress | None,
        meanwhile: Callable[[], None] | None = None,
    ) -> Iterator[ShardResult]:
        """Each shard's result, in any order; `meanwhile` is called once, when the first
        shards are under way (the caller's own work, done while they are scored)."""
        ...


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _pool_worker(parent: int) -> None:
    # the parent handles Ctrl-C once and stops the workers (with SIGTERM, which must simply
    # end them): they must not print tracebacks of their own
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # and a parent killed with kill -9 cannot: they end themselves
    forking.watch(parent)


_DIED = (
    "a scoring process died before its shard was done (killed, or out of memory); "
    "nothing was written"
)


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress("articles", done, total)


class LocalEngine:
    """Score in this process (jobs=1) or in a pool of processes, one shard at a time each."""

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = max(1, jobs or default_jobs())

    def parts(self, articles: int) -> int:
        workers = min(self.jobs, max(1, articles // MIN_ARTICLES_PER_JOB))
        # a few shards per worker keep the progress bar moving and the load even
        return _bounded(1 if workers == 1 else workers * 4, articles)

    def at_once(self) -> int:
        return self.jobs

    def map(
        self,
        shards: Sequence[Shard],
        progress: Progress | None,
        meanwhile: Callable[[], None] | None = None,
    ) -> Iterator[ShardResult]:
        total = sum(len(s.sources) for s in shards)
        done = 0
        _report(progress, 0, total)
        if len(shards) <= 1 or self.jobs == 1:
            if meanwhile is not None:
                meanwhile()  # one process: nothing runs beside it
            for shard in shards:
                result = score_shard(shard)
                done += len(shard.sources)
                _report(progress, done, total)
                yield result
            return
        prepare_claims(shards[0].claims)
        if forking.may_fork():
            for result in _forked(shards, self.jobs, meanwhile):
                done += len(result.passages)
                _report(progress, done, total)
                yield result
            return
        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        # an executor, not a multiprocessing.Pool: a worker that dies (killed, out of memory)
        # breaks it and the run fails, where a Pool waits forever for the lost shard
        pool = ProcessPoolExecutor(
            self.jobs, mp_context=context, initializer=_pool_worker, initargs=(os.getpid(),)
        )
        try:
            futures = [pool.submit(score_shard, shard) for shard in shards]
            if meanwhile is not None:
                meanwhile()
            for future in as_completed(futures):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    raise ClaimcheckError(_DIED) from None
                done += len(result.passages)
                _report(progress, done, total)
                yield result
        except BaseException:
            # Ctrl-C or an error: stop every worker now, not after its shard
            for worker in list(pool._processes.values()):
                worker.terminate()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()


def _forked(
    shards: Sequence[Shard], jobs: int, meanwhile: Callable[[], None] | None = None
) -> Iterator[ShardResult]:
    """Score each shard in a process forked for it, `jobs` at a time, in any order. The
    process inherits the shard (nothing pickled on the way in) and ends without freeing
    what it made: at a tenth of a topical shard's time, freeing was the largest cost a
    long-lived worker had beside scoring."""
    waiting = deque(shards)
    running: dict[Connection, BaseProcess] = {}

    def launch() -> None:
        process, receiver = forking.start(_score, (waiting.popleft(),))
        running[receiver] = process

    try:
        while waiting and len(running) < jobs:
            launch()
        if meanwhile is not None:
            meanwhile()
        warmed = False
        while running:
            for receiver in wait(list(running)):
                assert isinstance(receiver, Connection)
                process = running.pop(receiver)
                if waiting:
                    launch()  # before reading this one's result: the next shard starts now
                try:
                    ok, payload = receiver.recv()
                except EOFError:
                    raise ClaimcheckError(_DIED) from None
                finally:
                    forking.end(process, receiver)
                if not ok:
                    raise payload
                if waiting and not warmed:
                    # the claims the first shard found evidence of: later shards inherit their
                    # phrasings' polarity instead of each working it out again
                    warm_claims([c for c in shards[0].claims if payload.findings.get(c.id)])
                    warmed = True
                yield payload
    finally:
        # Ctrl-C or an error: stop every other shard now
        for receiver, process in running.items():
            forking.end(process, receiver)


def _score(shard: Shard, sender: Connection) -> None:
    kept: list[object] = []  # alive until os._exit below
    # the process ends with os._exit: a collection, even after scoring (score_shard turns the
    # collector back on if its caller had it on), would walk the kept tables for nothing
    # (about 1.1 s more to send a topical shard's result)
    gc.disable()
    try:
        outcome: tuple[bool, object] = (True, score_shard(shard, kept))
    except Exception as exc:
        outcome = (False, exc)
    try:
        sender.send(outcome)
    except Exception as exc:  # an error that does not pickle
        sender.send((False, ClaimcheckError(f"a scoring process failed: {outcome[1]!r} ({exc})")))
    sender.close()
    os._exit(0)  # skip freeing the shard's tables (and the parent's objects, inherited)


class DaskEngine:
    """Score shards on a Dask cluster: the scheduler at `address`, or a local cluster."""

    def __init__(self, address: str | None = None, workers: int = 2) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise ClaimcheckError(
                "the dask engine needs dask: pip install 'dask[distributed]>=2024.1' (the "
                f"dask extra of {DISTRIBUTION})"
            ) from None
        self._cluster = None
        if address is None:
            self._cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self.client = Client(self._cluster)
        else:
            try:
                self.client = Client(address, timeout="20s")
            except OSError as exc:
                raise ClaimcheckError(
                    f"cannot reach the Dask scheduler at {address}: {exc}"
                ) from None
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def parts(self, articles: int) -> int:
        return _bounded(max(1, min(self.workers * 4, articles // 50 or 1)), articles)

    def at_once(self) -> int:
        return self.workers

    def map(
        self,
        shards: Sequence[Shard],
        progress: Progress | None,
        meanwhile: Callable[[], None] | None = None,
    ) -> Iterator[ShardResult]:
        from dask.distributed import as_completed as dask_completed

        total = sum(len(s.sources) for s in shards)
        done = 0
        _report(progress, 0, total)
        futures = self.client.map(score_shard, shards, pure=False)
        if meanwhile is not None:
            meanwhile()
        sizes = {f.key: len(s.sources) for f, s in zip(futures, shards, strict=True)}
        for future in dask_completed(futures):
            done += sizes[future.key]
            _report(progress, done, total)
            yield future.result()

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
