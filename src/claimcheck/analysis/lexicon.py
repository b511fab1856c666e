"""The word lists of rules/*.yaml, each file loaded once: where every module gets its words."""

from __future__ import annotations

from importlib import resources
from typing import Any, Final

import yaml

# the rules are the package's own files: libyaml's loader reads them ten times faster
_LOADER: Final[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LOADED: Final[dict[str, dict[str, Any]]] = {}


def table(name: str) -> dict[str, Any]:
    """The whole of rules/<name>.yaml."""
    found = _LOADED.get(name)
    if found is None:
        text = resources.files("claimcheck").joinpath(f"rules/{name}.yaml").read_text("utf-8")
        found = _LOADED[name] = yaml.load(text, Loader=_LOADER)
    return found


def entry(name: str, *path: str) -> Any:
    """One entry of rules/<name>.yaml, by its keys ("polarity", "denial", "verbs")."""
    node: Any = table(name)
    for key in path:
        node = node[key]
    return node


def words(name: str, *path: str) -> frozenset[str]:
    """A list of words, as a set."""
    return frozenset(_words(entry(name, *path), (name, *path)))


def ordered(name: str, *path: str) -> tuple[str, ...]:
    """A list of words, in its order."""
    return tuple(_words(entry(name, *path), (name, *path)))


def sequences(name: str, *path: str) -> tuple[tuple[str, ...], ...]:
    """A list of token sequences."""
    return tuple(tuple(_words(seq, (name, *path))) for seq in entry(name, *path))


def mapping(name: str, *path: str) -> dict[str, str | None]:
    """A mapping of words to words (None: to nothing)."""
    found: dict[str, Any] = entry(name, *path)
    return {str(k): (None if v is None else str(v)) for k, v in found.items()}


def _words(items: list[Any], where: tuple[str, ...]) -> list[str]:
    # an unquoted "no" or "on" reads as a boolean: a rules file must quote it
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"rules/{where[0]}.yaml {'/'.join(where[1:])}: {item!r} is not a word")
    return list(items)
