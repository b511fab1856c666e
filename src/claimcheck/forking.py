"""Forked helper processes: when this process may fork, and starting one that ignores Ctrl-C."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

_STOPS = {signal.SIGINT, signal.SIGTERM}


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
    receiver, sender = context.Pipe(duplex=False)
    try:
        process = context.Process(target=_child, args=(target, args, sender), daemon=True)
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


def _child(target: Callable[..., None], args: tuple[object, ...], sender: Connection) -> None:
    # the parent handles Ctrl-C and ends this process with SIGTERM, which must simply end it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
    target(*args, sender)


def end(process: BaseProcess, receiver: Connection) -> None:
    """Stop a child if it is still at work, and wait for it."""
    if process.is_alive():
        process.terminate()
    process.join()
    receiver.close()
