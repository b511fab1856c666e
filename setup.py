"""Build: the engine's hot modules compiled by mypyc when it can, pure Python otherwise."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import sysconfig
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# The compiled boundary (CONTRIBUTING.md, "Which style where"): the reading of sentences, the
# finding of phrasings and the text they work on, where a scan spends its time; and the two
# codecs on its path, the articles' segmentation into passages (corpus.py) and the findings'
# encoding for the cache (cache_codec.py): left out, a 10,000-article topical run took 37 %
# longer. Only these modules use the speed idioms (tuple.__new__ behind a named constructor,
# Final, plain-dict memos, written-out __init__); everything else is plain Python.
COMPILED = [
    "text.py",
    "ordinals.py",
    "corpus.py",
    "cache_codec.py",
    "analysis/*.py",
    "matching/*.py",
]
PURE = "CLAIMCHECK_PURE_PYTHON"  # set to 1: install the pure-Python package only
# One C file per module (mypyc's multi_file), compiled in parallel, at -O2: the build's C
# compile took 47 s of CPU on one core as one 9 MB file at -O3, 36 s at -O2 in files that two
# cores share; the compiled code ran 2.6 % more of its own instructions, 0.1 % of a scan's
# (callgrind, benchmarks/scan.py --articles 200 --claims 200; the same findings digest).
OPT_LEVEL = "2"
JOBS = "CLAIMCHECK_BUILD_JOBS"  # compilers run at once (default: one per core)
SLOWER = "the same results, about 1.6 times slower to score"


def _say(message: str) -> None:
    print(f"claimcheck build: {message}", file=sys.stderr, flush=True)


def _jobs() -> int:
    try:
        return max(1, int(os.environ.get(JOBS) or os.cpu_count() or 1))
    except ValueError:
        return os.cpu_count() or 1


def _in_parallel(compile: Callable[..., list[str]], jobs: int) -> Callable[..., list[str]]:
    """The compiler's compile(), each source file in a process of its own, `jobs` at a time,
    the largest first; the objects come back in the sources' order (setuptools compiles the
    sources of one extension one after the other)."""

    def run(sources: list[str], *args: Any, **kwargs: Any) -> list[str]:
        if jobs < 2 or len(sources) < 2:
            return compile(sources, *args, **kwargs)
        output_dir = kwargs.get("output_dir") or ""
        for source in sources:  # the objects' folders, made before the threads race for them
            folder = Path(output_dir, os.path.dirname(source.lstrip(os.sep)))
            folder.mkdir(parents=True, exist_ok=True)
        largest = sorted(sources, key=lambda s: -os.path.getsize(s))
        with ThreadPoolExecutor(jobs) as pool:
            objects = pool.map(lambda s: compile([s], *args, **kwargs), largest)
            done = dict(zip(largest, objects, strict=True))
        return [obj for source in sources for obj in done[source]]

    return run


class OptionalBuildExt(build_ext):
    """Build the compiled modules, or none of them: a machine without a C compiler gets the
    pure-Python package (the same results, about 1.6 times slower to score)."""

    def finalize_options(self) -> None:
        super().finalize_options()
        if not self.parallel:
            self.parallel = _jobs()  # mypyc's small per-module extensions, several at a time

    def build_extensions(self) -> None:
        self.compiler.compile = _in_parallel(self.compiler.compile, _jobs())
        super().build_extensions()

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - any failure means "no compiled modules"
            for built in self.get_outputs():
                Path(built).unlink(missing_ok=True)
            _say(f"compiling failed ({error}); installing the pure-Python engine ({SLOWER})")


# the setup.py commands that build modules (the others only read metadata: no need to compile)
BUILDING = {"build", "build_ext", "bdist_wheel", "editable_wheel", "install", "develop"}


def _missing_toolchain() -> str | None:
    """What a compiled build lacks on this machine, said before mypyc spends seconds on a
    build that cannot be compiled; None when the C compiler and Python's headers are there
    (or this platform names no compiler, as on Windows: the build then tries)."""
    command = os.environ.get("CC") or sysconfig.get_config_var("CC")
    if command:
        words = shlex.split(command)
        if words and shutil.which(words[0]) is None:
            return f"no C compiler found ({words[0]})"
    headers = sysconfig.get_paths().get("include")
    if headers and not Path(headers, "Python.h").exists():
        return f"no Python headers found ({headers}/Python.h; install python3-dev)"
    return None


def _extensions() -> list[object]:
    if not BUILDING & set(sys.argv[1:]):
        return []
    if os.environ.get(PURE) == "1":
        _say(f"{PURE}=1: pure Python")
        return []
    missing = _missing_toolchain()
    if missing is not None:
        _say(f"{missing}: installing the pure-Python engine ({SLOWER})")
        return []
    try:
        from mypyc.build import mypycify

        root = Path("src", "claimcheck")
        sources = sorted(str(path) for pattern in COMPILED for path in root.glob(pattern))
        compiled = list(
            mypycify(sources, opt_level=OPT_LEVEL, multi_file=True, group_name="claimcheck")
        )
    except BaseException as error:  # noqa: BLE001 - mypy exits on a type error: stay pure
        _say(f"mypyc unavailable ({error!r}); installing the pure-Python engine ({SLOWER})")
        return []
    # the word and token scanner (text.py and others fall back on `re` without it)
    # no fused multiply-add: its bounds must add and multiply as Python's floats do
    scanner = Extension(
        "claimcheck._scan",
        [os.path.join("src", "claimcheck", "_scan.c")],
        extra_compile_args=["-ffp-contract=off"],
    )
    return [*compiled, scanner]


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
