"""Counting the steps a call takes, not its seconds: how often Python looks for a pending signal.

A signal is kept pending for the whole call: its handler is libc's raise() (C, so no Python
runs between it and the next check), which sends it again, and Python's C handler writes a
byte to the wakeup file each time. The interpreter looks at every call and backward jump,
and the regular-expression engine every few thousand of its own steps, so the count grows
with the Python work and with the backtracking of a pattern alike. Linux only (ctypes, the
pipe's size)."""

from __future__ import annotations

import ctypes
import fcntl
import os
import signal
from collections.abc import Callable

_SETPIPE_SZ = 1031  # fcntl.F_SETPIPE_SZ, named in Python 3.10+ on Linux only


def steps(call: Callable[[], object]) -> int:
    """How many checks for signals call() made (up to about a million)."""
    again = ctypes.CDLL(None, use_errno=True)["raise"]
    # the handler gets (signal number, frame): the frame goes in a register raise() ignores
    again.argtypes = [ctypes.c_int, ctypes.py_object]
    reader, writer = os.pipe()
    os.set_blocking(reader, False)
    os.set_blocking(writer, False)
    fcntl.fcntl(writer, _SETPIPE_SZ, 1 << 20)
    number = signal.SIGUSR1
    previous_fd = signal.set_wakeup_fd(writer, warn_on_full_buffer=False)
    previous = signal.signal(number, again)
    try:
        signal.raise_signal(number)
        call()
    finally:
        # blocked, the signal raised once more stays with the kernel, and ignoring it drops it
        signal.pthread_sigmask(signal.SIG_BLOCK, {number})
        signal.signal(number, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {number})
        signal.signal(number, previous)
        signal.set_wakeup_fd(previous_fd)
    count = 0
    try:
        while chunk := os.read(reader, 1 << 20):
            count += len(chunk)
    except BlockingIOError:
        pass
    os.close(reader)
    os.close(writer)
    return count


def grows_linearly(counts: list[int], slack: int = 500) -> bool:
    """Whether step counts at 1x, 2x and 4x the input grow as a line does: from 1x to 4x at
    most 3.5 times what they grew from 1x to 2x (a square grows 5 times as much), give or
    take `slack` steps of fixed cost."""
    one, two, four = counts
    return four - one <= 3.5 * max(two - one, 0) + slack
