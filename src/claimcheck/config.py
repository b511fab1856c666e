"""The configuration file: `[tool.claimcheck]` in pyproject.toml or a .claimcheck.yaml, found
by walking up from the working folder, checked with file:line:col errors."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import yamlio
from .errors import InputError, InputErrors, yaml_error

# the files looked for in each folder, in this order (the first found wins)
YAML_NAMES = (".claimcheck.yaml", ".claimcheck.yml")
PYPROJECT = "pyproject.toml"
TABLE = "tool.claimcheck"
MAX_CONFIG_BYTES = 1024 * 1024
MAX_ERRORS = 20

# key -> its kind; the keys are the long options' names (without "--")
KEYS: dict[str, str] = {
    "claims": "path",
    "articles": "path",
    "format": "choice",
    "min-score": "score",
    "max-evidence": "count",
    "language": "language",
    "cache-dir": "path",
    "jobs": "jobs",
    "color": "choice",
    "select": "names",
    "ignore": "names",
    "tag": "names",
    "fail-on": "choices",
    "strict": "bool",
    "baseline": "path",
    "publisher": "text",
    "review-url": "text",
}
# other words for a key, for "did you mean"
_SYNONYMS = {"threshold": "min-score", "tags": "tag", "lang": "language", "colour": "color"}
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


@dataclass(frozen=True, kw_only=True)
class Config:
    """A configuration file's checked values by key; paths are relative to the working
    folder (they are written relative to the file)."""

    path: Path
    values: Mapping[str, Any] = field(default_factory=dict)


def find_config(start: Path) -> Path | None:
    """The configuration file that governs `start`: the first folder from it upwards with a
    .claimcheck.yaml (or .yml), or a pyproject.toml that has a [tool.claimcheck] table."""
    folder = start.resolve()
    for here in (folder, *folder.parents):
        for name in YAML_NAMES:
            if (here / name).is_file():
                return here / name
        pyproject = here / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(path: Path) -> bool:
    """Whether a pyproject.toml has [tool.claimcheck] (one that does not parse: it is read,
    and its error said, only when it might be claimcheck's)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return "claimcheck" in text
    tool = data.get("tool")
    return isinstance(tool, dict) and "claimcheck" in tool


def load_config(path: Path, choices: Mapping[str, Sequence[str]], cwd: Path) -> Config:
    """A configuration file read and checked: every error is an InputError at its place
    (several: InputErrors, in file order). `choices` are the values of the keys of kind
    choice(s) (format, color, fail-on); paths are made relative to `cwd`."""
    display = shown(path, cwd).as_posix()
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise InputError(display, "the configuration file is over 1 MiB")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(display, "configuration file not found") from None
    except UnicodeDecodeError:
        raise InputError(display, "the configuration file is not valid UTF-8") from None
    except OSError as exc:
        raise InputError(display, f"cannot read: {exc.strerror or exc}") from None
    if path.suffix == ".toml":
        raw, places, what = _from_toml(text, display, path.name == PYPROJECT)
    else:
        raw, places, what = _from_yaml(text, display)
    errors: list[InputError] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        line, column = places.get(key, (None, None))

        def fail(message: str, key: str = key, line: Any = line, column: Any = column) -> None:
            errors.append(InputError(display, message, line, column))

        if key not in KEYS:
            hint = _SYNONYMS.get(key) or next(
                iter(difflib.get_close_matches(key, list(KEYS), n=1)), None
            )
            fail(f"unknown key {key!r} in {what}" + (f" (did you mean {hint!r}?)" if hint else ""))
            continue
        try:
            values[key] = _checked(key, value, choices, path.parent, cwd)
        except ValueError as exc:
            fail(f"{key!r} {exc}")
    if errors:
        raise InputErrors(errors, MAX_ERRORS)
    return Config(path=path, values=values)


def _checked(
    key: str, value: Any, choices: Mapping[str, Sequence[str]], folder: Path, cwd: Path
) -> Any:
    """A value of its key's kind (ValueError: what it must be)."""
    kind = KEYS[key]
    if kind in ("path", "text", "choice", "language"):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"must be a non-empty string, not {_kind(value)}")
        if kind == "path":
            return shown(folder / value, cwd)
        if kind == "choice":
            return _choice(value, choices[key])
        if kind == "language" and not _LANGUAGE.fullmatch(value):
            raise ValueError(f"must be a language tag such as 'fr' or 'en-GB', not {value!r}")
        return value
    if kind in ("names", "choices"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(x, str) and x for x in items):
            raise ValueError(f"must be a string or a list of strings, not {_kind(value)}")
        if kind == "choices":
            return [_choice(x, choices[key]) for x in items]
        return list(items)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, not {_kind(value)}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a number, not {_kind(value)}")
    if kind == "score":
        if not 0 <= value <= 100:
            raise ValueError(f"must be from 0 to 100, not {value}")
        return float(value)
    if not isinstance(value, int) or value < (1 if kind == "jobs" else 0):
        lowest = 1 if kind == "jobs" else 0
        raise ValueError(f"must be a whole number of at least {lowest}, not {value}")
    return value


def _choice(value: str, allowed: Sequence[str]) -> str:
    if value.lower() in allowed:
        return value.lower()
    hint = difflib.get_close_matches(value.lower(), list(allowed), n=1)
    said = f" (did you mean {hint[0]!r}?)" if hint else ""
    raise ValueError(f"must be one of {', '.join(allowed)}, not {value!r}{said}")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "an empty string" if not value.strip() else "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "null" if value is None else type(value).__name__


def shown(path: Path, cwd: Path) -> Path:
    """A path as messages show it: relative to the working folder where it can be."""
    try:
        return Path(os.path.relpath(path.resolve(), cwd.resolve()))
    except ValueError:  # another drive
        return path.resolve()


Places = dict[str, tuple[int, int]]


def _from_yaml(text: str, display: str) -> tuple[dict[str, Any], Places, str]:
    try:
        root = yamlio.compose(text)
    except yaml.YAMLError as exc:
        raise yaml_error(display, exc) from None
    if root is None:
        return {}, {}, "the configuration"
    if not isinstance(root, yaml.MappingNode):
        mark = root.start_mark
        raise InputError(
            display, "the configuration must be a mapping", mark.line + 1, mark.column + 1
        )
    values: dict[str, Any] = {}
    places: Places = {}
    for key, node in root.value:
        if not isinstance(key, yaml.ScalarNode):
            mark = key.start_mark
            raise InputError(display, "a key is not a string", mark.line + 1, mark.column + 1)
        if key.value in values:
            mark = key.start_mark
            raise InputError(
                display, f"duplicate key {key.value!r}", mark.line + 1, mark.column + 1
            )
        try:
            values[key.value] = yamlio.construct(node)
        except yaml.YAMLError as exc:
            raise yaml_error(display, exc) from None
        places[key.value] = (key.start_mark.line + 1, key.start_mark.column + 1)
    return values, places, "the configuration"


_TOML_PLACE = re.compile(r"at line (\d+), column (\d+)")
_HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
_KEY = re.compile(r"""^(\s*)("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


def _from_toml(text: str, display: str, pyproject: bool) -> tuple[dict[str, Any], Places, str]:
    """A TOML file's claimcheck table: [tool.claimcheck] (a pyproject.toml, or any file that
    has one), else the whole file; the place of each key is found in the text (tomllib
    gives none)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_PLACE.search(str(exc))
        message = _TOML_PLACE.sub("", str(exc)).replace("()", "").strip()
        if found:
            line, column = int(found.group(1)), int(found.group(2))
            raise InputError(display, f"not valid TOML: {message}", line, column) from None
        raise InputError(display, f"not valid TOML: {message}") from None
    tool = data.get("tool")
    table = tool.get("claimcheck") if isinstance(tool, dict) else None
    if table is None and not pyproject:
        return data, _places(text, None), "the configuration"
    if table is None:
        raise InputError(display, f"no [{TABLE}] table")
    if not isinstance(table, dict):
        raise InputError(display, f"[{TABLE}] must be a table")
    return table, _places(text, TABLE), f"[{TABLE}]"


def _places(text: str, table: str | None) -> Places:
    """Each key's line and column: the keys under `[table]` (None: before any table)."""
    places: Places = {}
    inside = table is None
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            inside = header.group(1).replace(" ", "") == table
            continue
        key = _KEY.match(line) if inside else None
        if key:
            name = key.group(2).strip("\"'")
            places.setdefault(name, (number, len(key.group(1)) + 1))
    return places
