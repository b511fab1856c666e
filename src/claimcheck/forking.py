"""Forked helper processes: when this process may fork, and starting one that ignores Ctrl-C
and ends with its parent."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from functools import cache
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

_STOPS = {signal.SIGINT, signal.SIGTERM}
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# elsewhere than Linux, how often a child looks whether its parent is still there
_WATCH_SECONDS = 0.2


def may_fork() -> bool:
    """Whether a fork is safe here: POSIX, and no other thread (one could hold a lock that
    the child would wait for forever: Dask's client, an embedder's threads)."""
    forks = hasattr(os, "fork") and hasattr(signal, "pthread_sigmask")
    return forks and threading.active_count() == 1


def start(target: Callable[..., None], args: tuple[object, ...]) -> tuple[BaseProcess, Connection]:
    """A forked process running target(*args, sender), and the receiving end of its pipe.
    The child inherits the arguments as they are (nothing is pickled on the way in).
    Raises OSError when there is no fork to be had (out of memory, too many processes)."""
    context = multiprocessing.get_context("fork")
    _prctl()  # found here once, not in each child
    receiver, sender = context.Pipe(duplex=False)
    try:
        process = context.Process(
            target=_child, args=(os.getpid(), target, args, sender), daemon=True
        )
        # Ctrl-C or SIGTERM wait until the child has its own handlers (this process's
        # would make it print a traceback), and reach this process after the fork
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    except BaseException:
        receiver.close()
        raise
    finally:
        sender.close()  # the child's copy is the only one: its end is the pipe's end
    return process, receiver


def _child(
    parent: int, target: Callable[..., None], args: tuple[object, ...], sender: Connection
) -> None:
    # the parent handles Ctrl-C and ends this process with SIGTERM, which must simply end it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
    end_with(parent)
    target(*args, sender)


@cache
def _prctl() -> Callable[..., int] | None:
    """libc's prctl, on Linux."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here: a few milliseconds of every start-up otherwise

    try:
        found: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return found


def end_with(parent: int) -> None:
    """End this (forked) process as soon as `parent` is gone. A parent killed with kill -9
    cannot stop its children: they went on scoring, then blocked forever writing their
    result to a pipe that a sibling still held open (21 orphans held 4.6 GB after 30 killed
    runs). Linux sends SIGKILL when the parent dies (PR_SET_PDEATHSIG); elsewhere a thread
    looks every 0.2 s."""
    prctl = _prctl()
    if prctl is not None and prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
        if os.getppid() != parent:  # it died before the request was made
            os._exit(1)
        return
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def watch(parent: int) -> None:
    """End this process as soon as `parent` is gone, by a thread that looks every 0.2 s: for
    a pool's worker, which a thread other than the main one may have started (Linux's
    PR_SET_PDEATHSIG fires when that thread ends, not the process)."""
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)


def end(process: BaseProcess, receiver: Connection) -> None:
    """Stop a child if it is still at work, and wait for it."""
    if process.is_alive():
        process.terminate()
    process.join()
    receiver.close()
