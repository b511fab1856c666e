"""The claims file (schema version 1): its values, loaded and checked (file:line:col errors)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import yamlio
from .claims_reader import TOO_LONG, Claimant, Reader, Waiver, kind_of
from .errors import ClaimcheckError, InputError, InputErrors, yaml_error
from .text import words

DEFAULT_MIN_SCORE = 80.0
MAX_CLAIMS_BYTES = 20 * 1024 * 1024
MAX_ERRORS = 20  # errors of a claims file reported, in file order; then how many more
# matched whole (fullmatch): "$" let an id end in a newline
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


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
    # settings.aliases: groups of names for one entity ("US Department of Defense", "Pentagon")
    other_names: tuple[tuple[str, ...], ...] = ()

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
    # settings.aliases: groups of names for one entity, each claim's `other_names`
    aliases: tuple[tuple[str, ...], ...] = ()

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
        aliases=beside.aliases if beside else (),
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
_SETTINGS_KEYS = {
    "min_score": "score",
    "subjects": "strlist",
    "current": "bool",
    "labels": "labels",
    "aliases": "aliases",
}
_TOP_KEYS = ("version", "settings", "claims")


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
    r = Reader(path)
    try:
        found = _read_claims(r, root)
    except InputError as error:
        r.note(error)
        found = None
    if r.errors:
        raise InputErrors(r.errors, MAX_ERRORS)
    assert found is not None
    return found


def _read_claims(r: Reader, root: yaml.Node) -> ClaimsFile:
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
    aliases: tuple[tuple[str, ...], ...] = ()
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
            elif key.value == "aliases":
                aliases = val
            else:
                subjects = val
    if "claims" not in top:
        if not unknown:  # an unknown key has said it already ("did you mean 'claims'?")
            r.note(r.fail(root, "the claims file needs a 'claims:' list"))
        return ClaimsFile(path=r.path, claims=())
    claims_node = top["claims"][1]
    if not isinstance(claims_node, yaml.SequenceNode):
        raise r.fail(claims_node, f"'claims' must be a list, not {kind_of(claims_node)}")
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
        claims.append(Claim(line=item.start_mark.line + 1, other_names=aliases, **fields))
    return ClaimsFile(
        path=r.path,
        claims=tuple(claims),
        min_score=min_score,
        subjects=subjects,
        labels=labels,
        aliases=aliases,
    )


def _pairs(r: Reader, node: yaml.Node, what: str) -> list[tuple[yaml.Node, yaml.Node]]:
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
        raise ClaimcheckError(f"the claim has {TOO_LONG}") from None
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
