"""The claims file schema and its errors (file:line:col)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from claimcheck.claims import DEFAULT_MIN_SCORE, load_claims, parse_claims
from claimcheck.errors import InputError

GOOD = """\
version: 1
settings:
  min_score: 85
  subjects: [Huawei]
claims:
  - id: trade-ban
    claim: Xiaomi is barred from trading with US firms
    aliases: ["Xiaomi can't do business with American companies"]
    supports: [Xiaomi est interdite de commercer avec les entreprises américaines]
    contradicts: [Xiaomi peut continuer à commercer avec les entreprises américaines]
    about: [Xiaomi]
    expect: contradicted
    tags: [trade]
    note: free text
  - id: other
    claim: Autre chose
    min_score: 70
"""


def test_good_file() -> None:
    cf = parse_claims(GOOD, "c.yaml")
    first, second = cf.claims
    assert first.id == "trade-ban" and first.min_score == 85 and first.line == 6
    assert first.supporting_phrasings == (
        "Xiaomi is barred from trading with US firms",
        "Xiaomi can't do business with American companies",
        "Xiaomi est interdite de commercer avec les entreprises américaines",
    )
    assert first.expect == "contradicted" and first.about == ("Xiaomi",)
    assert second.min_score == 70
    assert cf.known_subjects == ("Huawei",)  # `about` terms are per claim


def test_settings_aliases_are_every_claims_other_names() -> None:
    text = (
        "settings:\n  aliases:\n    US Department of Defense: [Pentagon, DoD]\n"
        "    Meta: Facebook\n"
        "claims:\n  - {id: a, claim: The Pentagon blacklisted Xiaomi}\n"
        "  - {id: b, claim: Meta was fined}\n"
    )
    cf = parse_claims(text, "c.yaml")
    groups = (("US Department of Defense", "Pentagon", "DoD"), ("Meta", "Facebook"))
    assert cf.aliases == groups
    assert [c.other_names for c in cf.claims] == [groups, groups]


def test_defaults() -> None:
    cf = parse_claims("claims:\n  - id: a\n    claim: b c\n", "c.yaml")
    assert cf.claims[0].min_score == DEFAULT_MIN_SCORE


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("claims: [\n", "c.yaml:2:1", "not valid YAML"),
        ("", "c.yaml", "empty"),
        ("- a\n- b\n", "c.yaml:1:1", "must be a mapping, not a list"),
        ("claim:\n  - id: a\n", "c.yaml:1:1", "did you mean 'claims'"),
        ("claims: {}\n", "c.yaml:1:9", "'claims' must be a list"),
        (
            "claims:\n  - id: a\n    claim: b\n    suports: [x]\n",
            "c.yaml:4:5",
            "unknown key 'suports' in a claim (did you mean 'supports'?)",
        ),
        ("claims:\n  - id: a\n    claim: [b]\n", "c.yaml:3:12", "'claim' must be a string"),
        (
            "claims:\n  - id: a\n    claim: b\n    supports: x\n",
            "c.yaml:4:15",
            "'supports' must be a list of strings",
        ),
        (
            "claims:\n  - id: a\n    claim: b\n    supports: ['  ']\n",
            "c.yaml:4:16",
            "must not be empty",
        ),
        ("claims:\n  - id: a\n    claim: b\n    supports: ['...']\n", "c.yaml:4:16", "no words"),
        ("claims:\n  - id: a\n    claim: b\n    min_score: 120\n", "c.yaml:4:16", "from 0 to 100"),
        (
            "claims:\n  - id: a\n    claim: b\n    min_score: high\n",
            "c.yaml:4:16",
            "must be a number",
        ),
        (
            'claims:\n  - id: a\n    claim: b\n    current: !!bool "maybe"\n',
            "c.yaml:4:14",
            "'current' must be true or false, not 'maybe'",
        ),
        (
            'claims:\n  - id: a\n    claim: b\n    min_score: !!int "abc"\n',
            "c.yaml:4:16",
            "must be a number from 0 to 100, not 'abc'",
        ),
        ("claims:\n  - id: a\n    claim: b\n    expect: true\n", "c.yaml:4:13", "must be a string"),
        (
            "claims:\n  - id: a\n    claim: b\n    expect: suported\n",
            "c.yaml:4:13",
            "did you mean 'supported'",
        ),
        (
            "claims:\n  - id: a\n    claim: b\n  - id: a\n    claim: c\n",
            "c.yaml:4:5",
            "duplicate claim id 'a' (first at line 2)",
        ),
        ("claims:\n  - id: A b\n    claim: b\n", "c.yaml:2:5", "lowercase slug"),
        ("claims:\n  - claim: b\n", "c.yaml:2:5", "needs an 'id'"),
        ("claims:\n  - id: a\n    id: b\n    claim: c\n", "c.yaml:3:5", "duplicate key 'id'"),
        ("x: &a [1]\ny: *a\nclaims: []\n", "c.yaml:1:4", "anchors and aliases are not allowed"),
        ("settings:\n  min_scor: 3\nclaims: []\n", "c.yaml:2:3", "did you mean 'min_score'"),
        ("version: 2\nclaims: []\n", "c.yaml:1:10", "unsupported 'version'"),
        ("settings:\n  aliases: [Pentagon]\nclaims: []\n", "c.yaml:2:12", "must be a mapping"),
        ("settings:\n  aliases: {DoD: 3}\nclaims: []\n", "c.yaml:2:18", "must be a list"),
        ("settings:\n  aliases: {DoD: []}\nclaims: []\n", "c.yaml:2:18", "no other name"),
        ("settings:\n  aliases: {DoD: ['..']}\nclaims: []\n", "c.yaml:2:19", "no words"),
        (
            "settings:\n  aliases:\n    DoD: [Pentagon]\n    Pentagone: [PENTAGON]\nclaims: []\n",
            "c.yaml:4:17",
            "'PENTAGON' is already a name of 'DoD' (line 3)",
        ),
    ],
)
@pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "pure-python"])
def test_errors_name_file_line_and_column(
    text: str, where: str, message: str, libyaml: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not libyaml:
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    with pytest.raises(InputError) as info:
        parse_claims(text, "c.yaml")
    assert info.value.location == where
    assert message in info.value.message
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="claims file not found"):
        load_claims(tmp_path / "nope.yaml")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"claims:\n  - id: a\n    claim: \xff\xfe\n")
    with pytest.raises(InputError) as info:
        load_claims(path)
    assert info.value.line == 3


def test_libyaml_and_pure_python_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = Path(__file__).parent.parent / "data" / "claims.yaml"
    texts = [GOOD, bundled.read_text(encoding="utf-8")]
    fast = [parse_claims(t, "c.yaml") for t in texts]
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    assert [parse_claims(t, "c.yaml") for t in texts] == fast
    # every claim keeps the line it starts on
    assert [c.line for c in fast[0].claims] == [6, 15]


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("current", "yes", True),
        ("current", "off", False),
        ("current", '!!bool "true"', True),
        ("min_score", "0x10", 16.0),
        ("min_score", '!!float "85"', 85.0),
        ("min_score", "7.5", 7.5),
    ],
)
def test_typed_scalars(field: str, text: str, value: object) -> None:
    cf = parse_claims(f"claims:\n  - id: a\n    claim: b c\n    {field}: {text}\n", "c.yaml")
    assert getattr(cf.claims[0], field) == value
