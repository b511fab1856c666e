"""Writing files so that a reader never sees a half-written one."""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ClaimcheckError, InputError


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write text (or its chunks, as they come) to path through a temporary file and a
    rename: all or nothing."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(
            path.as_posix(), f"cannot write: folder {folder.as_posix()} does not exist"
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        # a name the system gave with bytes that are not UTF-8 (a claims file's path) is
        # written escaped, not as bytes that would make the whole file invalid
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") as fh:
            if isinstance(text, str):
                fh.write(text)
            else:
                fh.writelines(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(path.as_posix(), f"cannot write: {exc.strerror or exc}") from None
        raise


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
