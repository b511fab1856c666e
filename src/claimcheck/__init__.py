"""claimcheck: offline, deterministic fact-checking of curated claims against news articles."""

import os
import sys
from importlib.machinery import SOURCE_SUFFIXES, FileFinder, ModuleSpec, SourceFileLoader
from types import ModuleType

__version__ = "0.1.0"
# the distribution's name on the package index (`claimcheck` there is another project's); the
# command and the import are `claimcheck`
DISTRIBUTION = "claimcheck-news"

# set to 1 when installing: no compiled modules; when running: the compiled ones (mypyc's and
# the C scanner) are ignored. The one switch between the two engines: read here, once.
PURE_PYTHON = "CLAIMCHECK_PURE_PYTHON"
PURE: bool = os.environ.get(PURE_PYTHON) == "1"


class _SourceFinder:
    """Finds claimcheck's modules as source files only, past their compiled twins (an import
    prefers an extension module to the .py file beside it)."""

    @staticmethod
    def find_spec(
        name: str, path: list[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if not name.startswith(f"{__name__}.") or path is None:
            return None
        for folder in path:
            spec = FileFinder(folder, (SourceFileLoader, SOURCE_SUFFIXES)).find_spec(name)
            if spec is not None:
                return spec
        return None


if PURE:
    sys.meta_path.insert(0, _SourceFinder)  # type: ignore[arg-type]


def compiled() -> bool:
    """Whether the engine runs compiled by mypyc (see setup.py) rather than as pure Python."""
    from .matching import scan

    return not str(scan.__file__).endswith(".py")


def engine_build() -> str:
    """How the engine runs, as `claimcheck --version` says it."""
    if compiled():
        return "engine compiled by mypyc"
    if PURE:
        return f"pure Python: {PURE_PYTHON}=1"
    return f"pure Python: {NOT_COMPILED}"


# an engine that runs pure Python though nobody asked: the install found no C compiler (or
# Python's headers), or its compile failed
NOT_COMPILED = (
    "not compiled when installed (no C compiler?), the same results about 1.6 times slower; "
    "see docs/development.md"
)
