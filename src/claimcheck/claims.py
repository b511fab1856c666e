"""The claims file (schema version 1): loading and validation with file:line:col errors."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import yamlio
from .errors import ClaimcheckError, InputError, InputErrors, yaml_error
from .text import words

VERDICTS = ("supported", "contradicted", "mixed", "absent")
DEFAULT_MIN_SCORE = 80.0
MAX_CLAIMS_BYTES = 20 * 1024 * 1024
MAX_ERRORS = 20  # errors of a claims file reported, in file order; then how many more
# matched whole (fullmatch): "$" let an id end in a newline
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# what the tokenizer cannot read: "10 millions" is read as 10000000, and Python makes no
# decimal string of an integer of more than 4,300 digits
_TOO_LONG = "a number too long to read (thousands of digits)"


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


@dataclass(frozen=True, slots=True)
class Claim:
    """One curated claim and the phrasings that support or contradict it."""

    id: str
    claim: str
    aliases: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()
    contradicts: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    min_score: float = DEFAULT_MIN_SCORE
    expect: str | None = None
    tags: tuple[str, ...] = ()
    note: str | None = None
    current: bool = False  # a present situation: judged by the newest dated reporting
    line: int = 0
    waive: tuple[Waiver, ...] = ()  # passages whose evidence is shown, not counted
    # the claim's own source, apart from the evidence articles (ClaimReview): who made it,
    # where (http(s) addresses), and its language (a tag: "fr", "en-GB")
    claimant: Claimant | None = None
    appearance: tuple[str, ...] = ()
    language: str | None = None

    @property
    def supporting_phrasings(self) -> tuple[str, ...]:
        """The claim text, its aliases and its `supports` phrasings, without repeats."""
        return tuple(dict.fromkeys((self.claim, *self.aliases, *self.supports)))


@dataclass(frozen=True, slots=True)
class ClaimsFile:
    """A loaded claims file."""

    path: str
    claims: tuple[Claim, ...]
    min_score: float = DEFAULT_MIN_SCORE
    subjects: tuple[str, ...] = ()
    # the whole file's claims, when `claims` holds only some of them (verify, suggest): the
    # words they share decide which of a claim's words find its closest passages
    peers: tuple[Claim, ...] | None = None
    # settings.labels: the newsroom's word for each verdict (ClaimReview), e.g. "False"
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def known_subjects(self) -> tuple[str, ...]:
        """Names listed in `settings.subjects`: always names, even where a sentence opens."""
        return self.subjects


def one_claim(claim: Claim, path: Path, beside: ClaimsFile | None) -> ClaimsFile:
    """A claims file of one claim (verify, suggest): the file it was looked up in, if any,
    lends it its subjects and its other claims as peers."""
    return ClaimsFile(
        path=path.as_posix(),
        claims=(claim,),
        min_score=claim.min_score,
        subjects=beside.known_subjects if beside else (),
        peers=beside.claims if beside else None,
    )


_CLAIM_KEYS = {
    "id": "str",
    "claim": "str",
    "aliases": "strlist",
    "supports": "strlist",
    "contradicts": "strlist",
    "about": "strlist",
    "min_score": "score",
    "expect": "verdict",
    "tags": "strlist",
    "note": "str",
    "current": "bool",
    "waive": "waivers",
    "claimant": "claimant",
    "appearance": "urls",
    "language": "language",
}
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_CLAIMANT_KEYS = ("name", "type")
_CLAIMANT_TYPES = ("organization", "person")
_WAIVER_KEYS = ("passage", "reason")
# a waived passage: a file of the articles folder, a line, perhaps a column
_PASSAGE = re.compile(r"(?P<article>.+?):(?P<line>[1-9][0-9]*)(?::(?P<column>[1-9][0-9]*))?")
_SETTINGS_KEYS = {
    "min_score": "score",
    "subjects": "strlist",
    "current": "bool",
    "labels": "labels",
}
_TOP_KEYS = ("version", "settings", "claims")


class _Reader:
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
            raise self.fail(node, f"{what} must be a mapping, not {_kind(node)}")
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
            raise self.fail(node, f"{key!r} has {_TOO_LONG}") from None

    def unknown(self, key: yaml.Node, allowed: Any, what: str) -> InputError:
        hint = difflib.get_close_matches(key.value, list(allowed), n=1)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
        return self.fail(key, f"unknown key {key.value!r} in {what}{suggestion}")

    def value(self, node: yaml.Node, kind: str, key: str) -> Any:
        if kind in ("str", "verdict"):
            if not (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str")):
                raise self.fail(node, f"{key!r} must be a string, not {_kind(node)}")
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
                raise self.fail(node, f"{key!r} must be a list of strings, not {_kind(node)}")
            items = [self.value(item, "str", f"{key}[{i}]") for i, item in enumerate(node.value)]
            for item_node, item in zip(node.value, items, strict=True):
                if not self.words(item_node, item, key):
                    raise self.fail(item_node, f"{key!r} has a phrasing with no words: {item!r}")
            return tuple(items)
        if kind == "bool":
            ok = isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool")
            flag = _scalar(node) if ok else None
            if not isinstance(flag, bool):
                what = repr(node.value) if ok else _kind(node)
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
            kind_of = fields.get("type", "organization").lower()
            if kind_of not in _CLAIMANT_TYPES:
                raise self.fail(
                    node, f"a claimant's type is person or organization, not {fields['type']!r}"
                )
            return Claimant(name=fields["name"], kind=kind_of.capitalize())
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
        if kind == "score":
            ok = isinstance(node, yaml.ScalarNode) and node.tag.endswith((":int", ":float"))
            number = _scalar(node) if ok else None
            if not isinstance(number, int | float) or isinstance(number, bool):
                what = repr(node.value) if ok else _kind(node)
                raise self.fail(node, f"{key!r} must be a number from 0 to 100, not {what}")
            if not 0 <= number <= 100:
                raise self.fail(node, f"{key!r} must be from 0 to 100, not {number}")
            return float(number)
        raise AssertionError(kind)  # pragma: no cover

    def waivers(self, node: yaml.Node, key: str) -> tuple[Waiver, ...]:
        """`waive:`, a list of {passage: FILE:LINE[:COL], reason: why}."""
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{key!r} must be a list of passages, not {_kind(node)}")
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


def _kind(node: yaml.Node) -> str:
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


def parse_claims(text: str, path: str) -> ClaimsFile:
    """Parse and validate the text of a claims file. Every error is reported, in file order
    (InputErrors when there are several); only what makes the rest unreadable (bad YAML, a
    file that is no mapping, `claims` that is no list) stops at once."""
    try:
        root = yamlio.compose(text)
    except yaml.YAMLError as exc:
        raise yaml_error(path, exc) from None
    if root is None:
        raise InputError(path, "the claims file is empty; it needs a 'claims:' list")
    r = _Reader(path)
    try:
        found = _read_claims(r, root)
    except InputError as error:
        r.note(error)
        found = None
    if r.errors:
        raise InputErrors(r.errors, MAX_ERRORS)
    assert found is not None
    return found


def _read_claims(r: _Reader, root: yaml.Node) -> ClaimsFile:
    top = dict((k.value, (k, v)) for k, v in r.mapping(root, "the claims file"))
    unknown = [key for name, (key, _) in top.items() if name not in _TOP_KEYS]
    for key in unknown:
        r.note(r.unknown(key, _TOP_KEYS, "the claims file"))
    if "version" in top:
        key, node = top["version"]
        if not (isinstance(node, yaml.ScalarNode) and node.value == "1"):
            r.note(r.fail(node, "unsupported 'version': this claimcheck reads version 1"))
    min_score, subjects, current = DEFAULT_MIN_SCORE, (), False
    labels: dict[str, str] = {}
    if "settings" in top:
        for key, node in _pairs(r, top["settings"][1], "settings"):
            if key.value not in _SETTINGS_KEYS:
                r.note(r.unknown(key, _SETTINGS_KEYS, "settings"))
                continue
            try:
                val = r.value(node, _SETTINGS_KEYS[key.value], key.value)
            except InputError as error:
                r.note(error)
                continue
            if key.value == "min_score":
                min_score = val
            elif key.value == "current":
                current = val
            elif key.value == "labels":
                labels = val
            else:
                subjects = val
    if "claims" not in top:
        if not unknown:  # an unknown key has said it already ("did you mean 'claims'?")
            r.note(r.fail(root, "the claims file needs a 'claims:' list"))
        return ClaimsFile(path=r.path, claims=())
    claims_node = top["claims"][1]
    if not isinstance(claims_node, yaml.SequenceNode):
        raise r.fail(claims_node, f"'claims' must be a list, not {_kind(claims_node)}")
    claims: list[Claim] = []
    first_line: dict[str, int] = {}
    for item in claims_node.value:
        fields: dict[str, Any] = {}
        bad = False
        for key, node in _pairs(r, item, "a claim"):
            if key.value not in _CLAIM_KEYS:
                r.note(r.unknown(key, _CLAIM_KEYS, "a claim"))
                bad = True
                continue
            try:
                fields[key.value] = r.value(node, _CLAIM_KEYS[key.value], key.value)
            except InputError as error:
                r.note(error)
                bad = True
        if not isinstance(item, yaml.MappingNode):
            continue
        missing = [k for k in ("id", "claim") if k not in fields and not _has_key(item, k)]
        for required in missing:
            r.note(r.fail(item, f"a claim needs an {required!r}"))
        cid = fields.get("id")
        if cid is not None:
            if not _ID.fullmatch(cid):
                r.note(r.fail(item, f"claim id {cid!r} must be a lowercase slug (a-z, 0-9, '-')"))
                bad = True
            elif cid in first_line:
                r.note(
                    r.fail(item, f"duplicate claim id {cid!r} (first at line {first_line[cid]})")
                )
                bad = True
            else:
                first_line[cid] = item.start_mark.line + 1
        if "claim" in fields:
            try:
                has_words = bool(r.words(item, fields["claim"], "claim"))
            except InputError as error:
                r.note(error)
                has_words = True
                bad = True
            if not has_words:
                r.note(r.fail(item, f"claim {cid!r} has no words"))
                bad = True
        if bad or missing:
            continue
        fields.setdefault("min_score", min_score)
        fields.setdefault("current", current)
        claims.append(Claim(line=item.start_mark.line + 1, **fields))
    return ClaimsFile(
        path=r.path, claims=tuple(claims), min_score=min_score, subjects=subjects, labels=labels
    )


def _pairs(r: _Reader, node: yaml.Node, what: str) -> list[tuple[yaml.Node, yaml.Node]]:
    """A mapping's pairs, or none when it is no mapping (noted: the rest is still read)."""
    try:
        return r.mapping(node, what)
    except InputError as error:
        r.note(error)
        return []


def _has_key(node: yaml.MappingNode, name: str) -> bool:
    """Whether the mapping writes the key (with a value that was wrong, already noted)."""
    return any(isinstance(k, yaml.ScalarNode) and k.value == name for k, _ in node.value)


def typed_claim(text: str) -> str:
    """A claim typed on the command line (verify, suggest), checked: text with words, and
    numbers that can be read; a ClaimcheckError otherwise."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # bytes that were not UTF-8, kept by the argument's decoding
        raise ClaimcheckError("the claim is not valid UTF-8 text") from None
    if not any(t.isalnum() for t in text):
        raise ClaimcheckError("the claim has no words to match")
    try:
        words(text)
    except ValueError:
        raise ClaimcheckError(f"the claim has {_TOO_LONG}") from None
    return text


def load_claims(path: Path) -> ClaimsFile:
    """Read and validate a claims file."""
    display = path.as_posix()
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError(display, "is a folder, not a claims file")
        if size > MAX_CLAIMS_BYTES:
            raise InputError(
                display,
                f"claims file is {size // 2**20} MiB; the limit is {MAX_CLAIMS_BYTES // 2**20} MiB",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(display, "claims file not found") from None
    except OSError as exc:
        raise InputError(display, f"cannot read claims file: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(display, "claims file is not valid UTF-8", line) from None
    return parse_claims(text, display)
