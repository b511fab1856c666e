"""Errors raised by the core; the CLI turns them into one-line messages and exit status 2."""

from __future__ import annotations

import json
from collections.abc import Sequence


class ClaimcheckError(Exception):
    """Base class for errors the user can fix."""


class InputError(ClaimcheckError):
    """Bad input, located as precisely as possible (file, 1-based line and column)."""

    def __init__(
        self, path: str, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        self.path = path
        self.message = message
        self.line = line
        self.column = column
        super().__init__(str(self))

    @property
    def location(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class InputErrors(InputError):
    """Several errors of one input, reported together in file order, at most `limit` of them
    (then a line says how many more); the first one is this error's place."""

    def __init__(self, errors: Sequence[InputError], limit: int) -> None:
        self.errors = tuple(sorted(errors, key=lambda e: (e.line or 0, e.column or 0)))
        self.limit = limit
        first = self.errors[0]
        super().__init__(first.path, first.message, first.line, first.column)

    def __str__(self) -> str:
        if len(self.errors) == 1:
            return str(self.errors[0])
        lines = [str(e) for e in self.errors[: self.limit]]
        more = len(self.errors) - self.limit
        if more > 0:
            lines.append(
                f"{self.path}: {more} more error{'s' if more != 1 else ''} not shown "
                f"({len(self.errors)} in all)"
            )
        return "\n".join(lines)


def yaml_error(path: str, exc: Exception) -> InputError:
    """A YAML parse error at its file:line:col (a MarkedYAMLError carries the place)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
    if mark is None:
        return InputError(path, f"not valid YAML: {problem}")
    return InputError(path, f"not valid YAML: {problem}", mark.line + 1, mark.column + 1)


def json_error(path: str, exc: Exception, line: int | None = None) -> InputError:
    """What json.loads failed on, at its place (`line`: the line of a JSON Lines file): bad
    JSON, an integer of more than 4,300 digits (Python refuses to read it), or nesting
    deeper than the recursion limit."""
    if isinstance(exc, json.JSONDecodeError):
        return InputError(path, f"not valid JSON: {exc.msg}", line or exc.lineno, exc.colno)
    if isinstance(exc, RecursionError):
        return InputError(path, "not valid JSON: nested too deep", line)
    return InputError(path, "not valid JSON: a number of more than 4,300 digits", line)
