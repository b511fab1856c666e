"""Article dates with their precision (day, month, year), where they come from, and --as-of."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache, total_ordering
from pathlib import Path
from typing import Any, Final

import yaml

from . import yamlio
from .errors import InputError, yaml_error
from .fileio import read_regular

_ISO: Final = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@total_ordering
@dataclass(frozen=True, slots=True)
class Date:
    """A date as precise as its source: "2021", "2021-05" or "2021-05-03"."""

    year: int
    month: int | None = None
    day: int | None = None
    # (first day, last day), what dates sort by: worked out once, reports sort many dates
    _span: tuple[dt.date, dt.date] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_span", (self.first, self.last))

    @property
    def text(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def first(self) -> dt.date:
        """The first day the date covers."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> dt.date:
        """The last day the date covers ("2021-05" ends on 31 May)."""
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        """(first day, last day): what dates sort by, and different for different dates."""
        return self._span

    def after(self, other: Date) -> bool:
        """Strictly after every day of `other`: "2021-05" is after 2021-04-30, not after
        2021-05-31 (nor after "2021-05")."""
        return self.first > other.last

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Date):
            return NotImplemented
        return self._span < other._span

    def __str__(self) -> str:
        return self.text


def parse_date(value: object) -> Date | None:
    """A date from a front matter or metadata value (YAML may give a date, an int or a
    string); None when it is not one. ISO only: YYYY, YYYY-MM, YYYY-MM-DD (a time after a
    full date is ignored)."""
    if isinstance(value, dt.datetime):
        return Date(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return Date(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return _parse_text(value)


@lru_cache(maxsize=1 << 12)
def _parse_text(value: str) -> Date | None:
    # every quote of a report carries its article's date: a few distinct strings, many times
    m = _ISO.fullmatch(value.strip()[:10]) if value.strip() else None
    if m is None:
        return None
    rest = value.strip()[len(m.group(0)) :]
    if rest and not (m.group(3) and re.fullmatch(r"[T ][0-9:.+\-Z ]*", rest)):
        return None
    return _checked(m.group(1), m.group(2), m.group(3))


def _checked(year: str, month: str | None, day: str | None) -> Date | None:
    try:
        # raises on 2021-13 or 2021-02-30 (the span is worked out at once)
        found = Date(int(year), int(month) if month else None, int(day) if day else None)
    except ValueError:
        return None
    return found


def parse_as_of(value: str) -> Date:
    """--as-of: an ISO date of any precision; a usage error otherwise."""
    found = parse_date(value)
    if found is None:
        raise ValueError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return found


_FR_MONTHS: Final = (
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre"
)
_EN_MONTHS: Final = (
    "january february march april may june july august september october november december"
)
_MONTHS: Final = {
    name: number
    for names in (_FR_MONTHS, _EN_MONTHS)
    for number, name in enumerate(names.split(), start=1)
}
# "date 2021-05", "Date : 2021-05-03", "Publié le 3 mai 2021", "Published: March 3, 2021"
_DATE_LINE: Final = re.compile(
    r"\A\s*(?:date|dated|publi[ée]e?(?:\s+le)?|published(?:\s+on)?|mis\s+à\s+jour\s+le|"
    r"updated(?:\s+on)?)\s*:?\s*"
    r"(?:(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?![\d-])"
    r"|(\d{1,2})(?:er)?\s+([^\W\d_]+)\s+(\d{4})"
    r"|([^\W\d_]+)\s+(\d{1,2}),?\s+(\d{4}))",
    re.IGNORECASE,
)


def date_line(text: str) -> Date | None:
    """The date written at the top of an article body, where there is one ("date 2021-05")."""
    m = _DATE_LINE.match(text[:200])
    if m is None:
        return None
    if m.group(1):
        return parse_date(m.group(1))
    if m.group(2):
        month = _MONTHS.get(_fold(m.group(3)))
        return _checked(m.group(4), str(month), m.group(2)) if month else None
    month = _MONTHS.get(_fold(m.group(5)))
    return _checked(m.group(7), str(month), m.group(6)) if month else None


def _fold(word: str) -> str:
    from .text import fold_word

    return fold_word(word)


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What the metadata file says about one article."""

    date: Date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None


METADATA_FILE: Final = "metadata.yaml"
MAX_METADATA_BYTES: Final = 64 * 2**20  # a line or two for each of 100,000s of articles
_INFO_KEYS: Final = ("date", "title", "url", "source")


def load_metadata(root: Path) -> dict[str, ArticleInfo]:
    """The articles folder's metadata.yaml: article path (relative to the folder) -> info.
    Missing file: no metadata. Bad YAML or shape: an InputError at file:line:col."""
    path = root / METADATA_FILE
    display = path.as_posix()
    data = read_regular(path, display, MAX_METADATA_BYTES, "metadata file")
    if data is None:
        return {}
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(display, f"cannot read the metadata file: {exc}") from None
    try:
        root_node = yamlio.compose(text)
    except yaml.YAMLError as exc:
        raise yaml_error(display, exc) from None
    if root_node is None:
        return {}
    if not isinstance(root_node, yaml.MappingNode):
        raise _fail(display, root_node, "must map article files to their date, title, url, source")
    out: dict[str, ArticleInfo] = {}
    for key, value in root_node.value:
        if not isinstance(key, yaml.ScalarNode) or not key.value.strip():
            raise _fail(display, key, "keys must be article paths, relative to the folder")
        if not isinstance(value, yaml.MappingNode):
            raise _fail(
                display, value, f"{key.value}: must be a mapping (date, title, url, source)"
            )
        fields: dict[str, Any] = {}
        for k, v in value.value:
            name = k.value if isinstance(k, yaml.ScalarNode) else None
            if name not in _INFO_KEYS:
                raise _fail(display, k, f"unknown key {name!r} (use date, title, url, source)")
            try:
                loaded = yamlio.construct(v)
            except yaml.YAMLError as exc:
                raise yaml_error(display, exc) from None
            if name == "date":
                found = parse_date(loaded)
                if found is None:
                    raise _fail(display, v, f"{loaded!r} is not a date (YYYY, YYYY-MM, YYYY-MM-DD)")
                fields["date"] = found
            else:
                if not isinstance(loaded, str):
                    raise _fail(display, v, f"{name!r} must be a string")
                fields[name] = loaded
        out[key.value.strip().replace("\\", "/")] = ArticleInfo(**fields)
    return out


def _fail(display: str, node: yaml.Node, message: str) -> InputError:
    return InputError(display, message, node.start_mark.line + 1, node.start_mark.column + 1)


def date_of(
    meta: dict[str, object], body: str, info: ArticleInfo | None
) -> tuple[Date | None, str | None]:
    """An article's date and where it comes from: front matter `date:` first, then the
    metadata file, then a date line at the top of the body; (None, None) when undated."""
    found = parse_date(meta.get("date")) if "date" in meta else None
    if found is not None:
        return found, "front matter"
    if info is not None and info.date is not None:
        return info.date, METADATA_FILE
    found = date_line(body)
    if found is not None:
        return found, "date line"
    return None, None
