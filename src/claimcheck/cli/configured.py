"""The configuration file's values as the defaults of a command's options: the command line
over the configuration over the built-in defaults."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer._click.core import ParameterSource

from ..claims_reader import VERDICTS
from ..config import Config, find_config, load_config, shown
from ..formats.registry import Format
from .terminal import Color

ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="The configuration file (default: the first .claimcheck.yaml, or pyproject.toml "
        "with a [tool.claimcheck] table, from the working folder up).",
        dir_okay=False,
    ),
]
NoConfigOpt = Annotated[bool, typer.Option("--no-config", help="Read no configuration file.")]

# a configuration key -> the name of the command's parameter it sets
PARAMETERS = {
    "claims": "claims",
    "articles": "articles",
    "format": "fmt",
    "min-score": "min_score",
    "max-evidence": "max_evidence",
    "language": "language",
    "cache-dir": "cache_dir",
    "jobs": "jobs",
    "color": "color",
    "select": "select",
    "ignore": "ignore",
    "tag": "tag",
    "fail-on": "fail_on",
    "strict": "strict",
    "baseline": "baseline",
    "publisher": "publisher",
    "review-url": "review_url",
}
CHOICES = {
    "format": [f.value for f in Format],
    "color": [c.value for c in Color],
    "fail-on": list(VERDICTS),
}
META = "claimcheck.config"  # ctx.meta: the Config read, and the parameters it set

F = TypeVar("F", bound=Callable[..., Any])


def configured(fn: F) -> F:
    """A command whose options left at their defaults take the configuration's values; the
    command declares `config` and `no_config` (ConfigOpt, NoConfigOpt)."""

    @functools.wraps(fn)
    def wrapper(ctx: typer.Context, *args: Any, **kwargs: Any) -> Any:
        config = None if kwargs.get("no_config") else _config(kwargs.get("config"))
        set_here: set[str] = set()
        if config is not None:
            for key, value in config.values.items():
                name = PARAMETERS[key]
                if name not in kwargs or ctx.get_parameter_source(name) not in (
                    ParameterSource.DEFAULT,
                    None,
                ):
                    continue
                converted = _as_parameter(kwargs[name], name, value)
                if converted is not _SKIP:
                    kwargs[name] = converted
                    set_here.add(name)
            if kwargs.get("verbose"):
                where = shown(config.path, Path.cwd()).as_posix()
                typer.echo(f"claimcheck: configuration {where}", err=True)
        ctx.meta[META] = (config, frozenset(set_here))
        return fn(ctx, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def from_config(ctx: typer.Context, name: str) -> bool:
    """Whether the configuration file set this parameter."""
    _, names = ctx.meta.get(META, (None, frozenset()))
    return name in names


def _config(path: Path | None) -> Config | None:
    cwd = Path.cwd()
    found = path or find_config(cwd)
    return None if found is None else load_config(found, CHOICES, cwd)


_SKIP = object()


def _as_parameter(default: Any, name: str, value: Any) -> Any:
    """A configuration value as the parameter takes it; _SKIP for one this command cannot
    take (a report format for `eval`, whose formats are its own)."""
    if name == "fmt":
        try:
            return type(default)(value)
        except ValueError:
            return _SKIP
    if name == "color":
        return Color(value)
    if name == "fail_on":
        return ",".join(value)
    if name in ("select", "ignore", "tag"):
        return list(value)
    return value
