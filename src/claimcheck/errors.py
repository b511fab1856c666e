"""Errors raised by the core; the CLI turns them into one-line messages and exit status 2."""

from __future__ import annotations


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


def yaml_error(path: str, exc: Exception) -> InputError:
    """A YAML parse error at its file:line:col (a MarkedYAMLError carries the place)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
    if mark is None:
        return InputError(path, f"not valid YAML: {problem}")
    return InputError(path, f"not valid YAML: {problem}", mark.line + 1, mark.column + 1)
