"""The layers: what each part of the package may import, and where formats are listed."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck.formats import interface
from claimcheck.formats.registry import FORMATS, Format, renderer, streamer
from claimcheck.report import Output

from .conftest import ROOT

SRC = ROOT / "src" / "claimcheck"
# what the formats read is report.py's: the run, the engines and the cache are below them
BELOW_FORMATS = ("engine", "pipeline", "shards", "engines", "cache")
# format modules that are not a --format: the registry, the Protocols, shared lines, eval's
NOT_FORMATS = {"__init__", "interface", "registry", "lines", "scores"}


def _imports(path: str) -> set[str]:
    """The modules a source file imports, absolute (claimcheck.x) where it names them."""
    tree = ast.parse((SRC / path).read_text(encoding="utf-8"))
    package = ["claimcheck", *path.split("/")[:-1]]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_the_formats_load_without_the_engine_the_run_or_the_cache() -> None:
    script = (
        "import sys, claimcheck.formats.registry, claimcheck.formats.scores;"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('claimcheck.'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "claimcheck.formats.html" in loaded and "claimcheck.report" in loaded
    assert not {f"claimcheck.{name}" for name in BELOW_FORMATS} & set(loaded)


@pytest.mark.parametrize("path", sorted(p.name for p in (SRC / "formats").glob("*.py")))
def test_a_format_module_imports_nothing_below_the_report_and_nothing_by_name(path: str) -> None:
    imported = _imports(f"formats/{path}")
    assert not {f"claimcheck.{name}" for name in BELOW_FORMATS} & imported
    assert "importlib" not in imported


def test_every_format_module_is_registered_under_its_name() -> None:
    modules = {p.stem for p in (SRC / "formats").glob("*.py")} - NOT_FORMATS
    assert modules == {f.value for f in Format} == {f.value for f in FORMATS}
    for fmt, entry in FORMATS.items():
        module = entry.format if isinstance(entry, interface.Whole) else entry
        assert getattr(module, "__name__", None) == f"claimcheck.formats.{fmt.value}"


def test_a_format_made_in_one_piece_streams_that_piece() -> None:
    out = Output(command="report", checks=())
    for fmt in Format:
        chunks = list(streamer(fmt)(out))
        assert "".join(chunks) == renderer(fmt)(out)
        assert len(chunks) == 1 or not isinstance(FORMATS[fmt], interface.Whole)


def _package_imports(folder: str) -> set[str]:
    return set().union(*(_imports(f"{folder}/{p.name}") for p in (SRC / folder).glob("*.py")))


def test_the_console_script_and_the_command_line_do_not_import_each_other() -> None:
    assert "claimcheck._entry" not in _package_imports("cli")
    entry = _imports("_entry.py")
    assert "claimcheck.cli.exits" in entry and "claimcheck.cli.app" in entry


def test_the_console_script_handles_signals_before_it_loads_the_command_line() -> None:
    """What _entry imports at the top is light: no typer, no rich, no engine."""
    script = "import sys, claimcheck._entry; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "claimcheck.cli.exits" in loaded
    assert not [m for m in loaded if m.split(".")[0] in ("typer", "rich", "click")]
    assert "claimcheck.cli.app" not in loaded and "claimcheck.engine" not in loaded


def test_the_command_line_reaches_the_run_through_a_request_and_formats_through_the_registry() -> (
    None
):
    imported = _package_imports("cli")
    assert "claimcheck.pipeline.RunRequest" in imported
    assert "claimcheck.formats.registry" in imported
    assert not {"claimcheck.shards", "claimcheck.cache", "claimcheck.pipeline.plan"} & imported


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in SRC.rglob("*.py")}


def _graph() -> dict[str, set[str]]:
    """Which claimcheck module imports which, at any depth of the file (an import inside a
    function closes a circle as surely as one at the top). The package's own __init__ is left
    out: every module is inside it."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        if name == "claimcheck":
            continue
        imported = _imports(str(path.relative_to(SRC)))
        graph[name] = {m for m in imported if m in MODULES and m not in (name, "claimcheck")}
        # importing a.b.c runs a and a.b first: their __init__ modules are light by rule
    return graph


def test_no_modules_import_each_other() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the path, 2: done
    circles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                circles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert circles == []


def test_the_reading_of_sentences_imports_nothing_above_it() -> None:
    """analysis/ reads sentences; matching/ finds phrasings with it: neither reaches up into
    the run, the report or the command line."""
    above = ("claimcheck.pipeline", "claimcheck.cli", "claimcheck.formats", "claimcheck.engine")
    for name, targets in _graph().items():
        if name.startswith("claimcheck.analysis"):
            assert not [
                t for t in targets if not t.startswith(("claimcheck.analysis", "claimcheck.text"))
            ], name
        if name.startswith(("claimcheck.analysis", "claimcheck.matching")):
            assert not [t for t in targets if t.startswith(above)], name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_and_classes_stay_small(name: str) -> None:
    """A newcomer reads a module in one sitting: ~500 lines at most, a class ~200."""
    source = MODULES[name].read_text(encoding="utf-8")
    assert source.count("\n") <= 500
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            assert (node.end_lineno or 0) - node.lineno <= 210, node.name
