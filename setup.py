"""Build: the engine's hot modules compiled by mypyc when it can, pure Python otherwise."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# The compiled boundary (CONTRIBUTING.md, "Which style where"): the reading of sentences, the
# finding of phrasings and the text they work on, where a scan spends its time; and the two
# codecs on its path, the articles' segmentation into passages (corpus.py) and the findings'
# encoding for the cache (cache_codec.py): left out, a 10,000-article topical run took 37 %
# longer. Only these modules use the speed idioms (tuple.__new__ behind a named constructor,
# Final, plain-dict memos, written-out __init__); everything else is plain Python.
COMPILED = ["text.py", "corpus.py", "cache_codec.py", "analysis/*.py", "matching/*.py"]
PURE = "CLAIMCHECK_PURE_PYTHON"  # set to 1: install the pure-Python package only


def _say(message: str) -> None:
    print(f"claimcheck build: {message}", file=sys.stderr)


class OptionalBuildExt(build_ext):
    """Build the compiled modules, or none of them: a machine without a C compiler gets the
    pure-Python package (the same results, about 1.6 times slower to score)."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - any failure means "no compiled modules"
            for built in self.get_outputs():
                Path(built).unlink(missing_ok=True)
            _say(f"compiling failed ({error}); installing pure Python")


# the setup.py commands that build modules (the others only read metadata: no need to compile)
BUILDING = {"build", "build_ext", "bdist_wheel", "editable_wheel", "install", "develop"}


def _extensions() -> list[object]:
    if not BUILDING & set(sys.argv[1:]):
        return []
    if os.environ.get(PURE) == "1":
        _say(f"{PURE}=1: pure Python")
        return []
    try:
        from mypyc.build import mypycify

        root = Path("src", "claimcheck")
        sources = sorted(str(path) for pattern in COMPILED for path in root.glob(pattern))
        compiled = list(mypycify(sources, opt_level="3", group_name="claimcheck"))
    except BaseException as error:  # noqa: BLE001 - mypy exits on a type error: stay pure
        _say(f"mypyc unavailable ({error!r}); installing pure Python")
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
