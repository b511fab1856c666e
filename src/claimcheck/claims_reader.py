"""The claims file's YAML nodes read into values: strings, lists, scores, verdicts, labels,
aliases, waivers, claimants; each mistake an error at file:line:col."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import yaml

from .errors import InputError
from .text import words

VERDICTS = ("supported", "contradicted", "mixed", "absent")
# what the tokenizer cannot read: "10 millions" is read as 10000000, and Python makes no
# decimal string of an integer of more than 4,300 digits
TOO_LONG = "a number too long to read (thousands of digits)"
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_CLAIMANT_KEYS = ("name", "type")
_CLAIMANT_TYPES = ("organization", "person")
_WAIVER_KEYS = ("passage", "reason")
# a waived passage: a file of the articles folder, a line, perhaps a column
_PASSAGE = re.compile(r"(?P<article>.+?):(?P<line>[1-9][0-9]*)(?::(?P<column>[1-9][0-9]*))?")


@dataclass(frozen=True, slots=True, kw_only=True)
class Waiver:
    """One passage waived for one claim, with why: its evidence is shown, not counted."""

    article: str  # relative to the articles folder
    line: int
    column: int | None  # None: any passage that starts on that line
    reason: str
    at: int = 0  # the waiver's line in the claims file

    @property
    def passage(self) -> str:
        """ "FILE:LINE[:COL]", as written."""
        place = f"{self.article}:{self.line}"
        return place if self.column is None else f"{place}:{self.column}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Claimant:
    """Who made a claim (ClaimReview's itemReviewed.author)."""

    name: str
    kind: str = "Organization"  # or "Person"


class Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[InputError] = []  # what was wrong, kept to report it all at once

    def fail(self, node: yaml.Node, message: str) -> InputError:
        mark = node.start_mark
        return InputError(self.path, message, mark.line + 1, mark.column + 1)

    def note(self, error: InputError) -> None:
        self.errors.append(error)

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[yaml.Node, yaml.Node]]:
        """A mapping's pairs; a repeated key is noted and left out."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping, not {kind_of(node)}")
        seen: set[str] = set()
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.note(self.fail(key, f"{what} has a key that is not a string"))
            elif key.value in seen:
                self.note(self.fail(key, f"duplicate key {key.value!r} in {what}"))
            else:
                seen.add(key.value)
                pairs.append((key, value))
        return pairs

    def words(self, node: yaml.Node, text: str, key: str) -> list[str]:
        try:
            return words(text)
        except ValueError:
            raise self.fail(node, f"{key!r} has {TOO_LONG}") from None

    def unknown(self, key: yaml.Node, allowed: Any, what: str) -> InputError:
        hint = difflib.get_close_matches(key.value, list(allowed), n=1)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
        return self.fail(key, f"unknown key {key.value!r} in {what}{suggestion}")

    def value(self, node: yaml.Node, kind: str, key: str) -> Any:
        if kind in ("str", "verdict"):
            if not (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str")):
                raise self.fail(node, f"{key!r} must be a string, not {kind_of(node)}")
            text = str(node.value)
            if not text.strip():
                raise self.fail(node, f"{key!r} must not be empty")
            if kind == "verdict" and text not in VERDICTS:
                hint = difflib.get_close_matches(text, VERDICTS, n=1)
                suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
                raise self.fail(
                    node, f"{key!r} must be one of {', '.join(VERDICTS)}, not {text!r}{suggestion}"
                )
            return text
        if kind == "strlist":
            if not isinstance(node, yaml.SequenceNode):
                raise self.fail(node, f"{key!r} must be a list of strings, not {kind_of(node)}")
            items = [self.value(item, "str", f"{key}[{i}]") for i, item in enumerate(node.value)]
            for item_node, item in zip(node.value, items, strict=True):
                if not self.words(item_node, item, key):
                    raise self.fail(item_node, f"{key!r} has a phrasing with no words: {item!r}")
            return tuple(items)
        if kind == "bool":
            ok = isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool")
            flag = _scalar(node) if ok else None
            if not isinstance(flag, bool):
                what = repr(node.value) if ok else kind_of(node)
                raise self.fail(node, f"{key!r} must be true or false, not {what}")
            return flag
        if kind == "waivers":
            return self.waivers(node, key)
        if kind == "language":
            text = self.value(node, "str", key)
            if not _LANGUAGE.fullmatch(text):
                raise self.fail(
                    node, f"{key!r} must be a language tag such as 'fr' or 'en-GB', not {text!r}"
                )
            return text
        if kind == "urls":
            items = node.value if isinstance(node, yaml.SequenceNode) else [node]
            urls = []
            for item in items:
                url = self.value(item, "str", key).strip()
                parts = urlsplit(url)
                if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
                    raise self.fail(item, f"{key!r} must be http(s) addresses, not {url!r}")
                urls.append(url)
            return tuple(urls)
        if kind == "claimant":
            if not isinstance(node, yaml.MappingNode):
                return Claimant(name=self.value(node, "str", key).strip())
            fields: dict[str, str] = {}
            for k, v in self.mapping(node, "a claimant"):
                if k.value not in _CLAIMANT_KEYS:
                    raise self.unknown(k, _CLAIMANT_KEYS, "a claimant")
                fields[k.value] = self.value(v, "str", k.value).strip()
            if "name" not in fields:
                raise self.fail(node, "a claimant needs a 'name'")
            sort = fields.get("type", "organization").lower()
            if sort not in _CLAIMANT_TYPES:
                raise self.fail(
                    node, f"a claimant's type is person or organization, not {fields['type']!r}"
                )
            return Claimant(name=fields["name"], kind=sort.capitalize())
        if kind == "labels":
            labels: dict[str, str] = {}
            for k, v in self.mapping(node, key):
                if k.value not in VERDICTS:
                    hint = difflib.get_close_matches(k.value, VERDICTS, n=1)
                    said = f" (did you mean {hint[0]!r}?)" if hint else ""
                    raise self.fail(
                        k, f"{key!r} are by verdict ({', '.join(VERDICTS)}), not {k.value!r}{said}"
                    )
                labels[k.value] = self.value(v, "str", f"{key}.{k.value}").strip()
            return labels
        if kind == "aliases":
            return self.aliases(node, key)
        if kind == "score":
            ok = isinstance(node, yaml.ScalarNode) and node.tag.endswith((":int", ":float"))
            number = _scalar(node) if ok else None
            if not isinstance(number, int | float) or isinstance(number, bool):
                what = repr(node.value) if ok else kind_of(node)
                raise self.fail(node, f"{key!r} must be a number from 0 to 100, not {what}")
            if not 0 <= number <= 100:
                raise self.fail(node, f"{key!r} must be from 0 to 100, not {number}")
            return float(number)
        raise AssertionError(kind)  # pragma: no cover

    def aliases(self, node: yaml.Node, key: str) -> tuple[tuple[str, ...], ...]:
        """`aliases: {US Department of Defense: [Pentagon, DoD]}`: groups of names for one
        entity, each name in one group only."""
        groups: list[tuple[str, ...]] = []
        seen: dict[str, tuple[str, int]] = {}  # a name, folded -> its group's name, line
        for k, v in self.mapping(node, key):
            name = self.value(k, "str", key).strip()
            if isinstance(v, yaml.ScalarNode) and v.tag.endswith(":str"):
                others = (self.value(v, "str", f"{key}.{name}").strip(),)
            else:
                others = tuple(o.strip() for o in self.value(v, "strlist", f"{key}.{name}"))
            if not others:
                raise self.fail(v, f"{key}.{name} lists no other name")
            group = (name, *others)
            nodes = [k, *(v.value if isinstance(v, yaml.SequenceNode) else [v])]
            for item, text in zip(nodes, group, strict=True):
                if not self.words(item, text, key):
                    raise self.fail(item, f"{key!r} has a name with no words: {text!r}")
                folded = " ".join(words(text))
                if folded in seen:
                    first, line = seen[folded]
                    raise self.fail(
                        item, f"{text!r} is already a name of {first!r} (line {line}) in {key!r}"
                    )
                seen[folded] = (name, k.start_mark.line + 1)
            groups.append(group)
        return tuple(groups)

    def waivers(self, node: yaml.Node, key: str) -> tuple[Waiver, ...]:
        """`waive:`, a list of {passage: FILE:LINE[:COL], reason: why}."""
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{key!r} must be a list of passages, not {kind_of(node)}")
        out = []
        for item in node.value:
            fields: dict[str, str] = {}
            for k, v in self.mapping(item, "a waiver"):
                if k.value not in _WAIVER_KEYS:
                    raise self.unknown(k, _WAIVER_KEYS, "a waiver")
                fields[k.value] = self.value(v, "str", k.value)
            for required in _WAIVER_KEYS:
                if required not in fields:
                    raise self.fail(item, f"a waiver needs a {required!r}")
            place = _PASSAGE.fullmatch(fields["passage"].strip())
            if place is None:
                raise self.fail(
                    item,
                    f"a waiver's passage is FILE:LINE or FILE:LINE:COLUMN (FILE in the articles "
                    f"folder), not {fields['passage']!r}",
                )
            column = place.group("column")
            out.append(
                Waiver(
                    article=place.group("article"),
                    line=int(place.group("line")),
                    column=int(column) if column else None,
                    reason=fields["reason"].strip(),
                    at=item.start_mark.line + 1,
                )
            )
        return tuple(out)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.Node) -> Any:
    """A tagged scalar's value, built from its node: a second YAML parse per value (what
    `safe_load` did) cost a quarter of a second on a 1,000-claim file."""
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (KeyError, ValueError, TypeError, yaml.YAMLError):
        return None


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag.rsplit(":", 1)[-1]
    return {
        "str": "a string",
        "int": "a number",
        "float": "a number",
        "bool": "a boolean",
        "null": "null",
    }.get(tag, f"a {tag}")
