"""Writing files so that a reader never sees a half-written one."""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ClaimcheckError, InputError


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write text (or its chunks, as they come) to path through a temporary file and a
    rename: all or nothing. A link is written through (its target is replaced); a file
    that exists keeps its mode, a new one gets the one the umask gives (mkstemp's 0600 made
    every output private and a tracked claims file 0600). Temporary files that killed
    writes left in the folder are removed first."""
    target = Path(os.path.realpath(path))
    folder = target.parent
    if not folder.is_dir():
        shown = path.parent.as_posix() if str(path.parent) else "."
        raise InputError(path.as_posix(), f"cannot write: folder {shown} does not exist")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    remove_stale(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        # a name the system gave with bytes that are not UTF-8 (a claims file's path) is
        # written escaped, not as bytes that would make the whole file invalid
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") as fh:
            if isinstance(text, str):
                fh.write(text)
            else:
                fh.writelines(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(path.as_posix(), f"cannot write: {exc.strerror or exc}") from None
        raise


def _umask() -> int:
    """The process's umask (read from /proc where it can be: setting it to read it is
    seen by every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# write_atomic's temporary files: .NAME.PID.XXXXXXXX.tmp (mkstemp's eight characters)
_TEMPORARY = re.compile(r"\.(.+)\.(\d+)\.[a-z0-9_]{8}\.tmp")
# those of earlier versions, without the writer's process id: stale once untouched this long
_OLD_TEMPORARY = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.tmp")
_OLD_AGE = 600.0


def remove_stale(target: Path) -> list[str]:
    """Remove the temporary files of target that writes killed before they could (kill -9,
    a power cut) left beside it (57 of 60 killed writes left one): those of processes that
    are gone (on this machine), or of earlier versions untouched for ten minutes. Other
    files are left alone, whatever they look like. The names removed."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        try:
            m = _TEMPORARY.fullmatch(entry.name)
            if m is not None and m.group(1) == target.name:
                stale = not _alive(int(m.group(2)))
            else:
                m = _OLD_TEMPORARY.fullmatch(entry.name)
                if m is None or m.group(1) != target.name:
                    continue
                stale = now - entry.stat(follow_symlinks=False).st_mtime > _OLD_AGE
            if stale and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(entry.name)
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or a number that is no process id here
    return True


@contextmanager
def locked(path: Path, waiting: Callable[[str], None]) -> Iterator[None]:
    """Hold the lock of path's folder for a read-modify-write of path (suggest --write):
    another claimcheck waits for it, and `waiting` is told when this one must wait. Three
    writers at once lost a third of their additions. No lock where there is no flock."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    folder = Path(os.path.realpath(path)).parent
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield  # a folder that cannot be opened: the write will say what is wrong
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(f"waiting for another claimcheck writing in {folder.as_posix()}")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # and with it the lock


@contextmanager
def stdout_errors() -> Iterator[None]:
    """Writing to standard output, flushed at the end: a failed write (a full disk, a
    closed descriptor) is a ClaimcheckError; a reader that went away (`| head`) is not."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:  # as write_atomic does: valid UTF-8 whatever the names
        reconfigure(errors="backslashreplace")
    try:
        yield
        sys.stdout.flush()
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise
        reason = exc.strerror or str(exc)
        raise ClaimcheckError(f"cannot write the report to standard output: {reason}") from None


def read_regular(path: Path, display: str, limit: int, what: str) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes; None when there is no file. A
    FIFO (which blocked the run forever), a device (/dev/zero filled memory at 0.5 GB/s) or
    a larger file is an InputError naming `what` the file is."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # not blocking: a FIFO opens at once, to be refused
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(display, f"cannot read the {what}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(display, f"the {what} is not a regular file")
        data = b""
        if info.st_size <= limit:
            with os.fdopen(fd, "rb", closefd=False) as fh:
                data = fh.read(limit + 1)  # no more, if it grows meanwhile
        if max(info.st_size, len(data)) > limit:
            raise InputError(display, f"the {what} is over the limit of {limit // 2**20} MiB")
        return data
    except OSError as exc:
        raise InputError(display, f"cannot read the {what}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
