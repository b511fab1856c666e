"""The engine's value classes: frozen dataclasses, some with an __init__ written out for mypyc."""

from __future__ import annotations

import ast
import dataclasses
import gc
from pathlib import Path
from typing import Any

import pytest

from claimcheck.analysis import cue_types
from claimcheck.analysis.aliases import Alias
from claimcheck.analysis.references import Resolution
from claimcheck.claims import load_claims
from claimcheck.engine import check_claim
from claimcheck.matching.passages import Corpus

from .conftest import ROOT

SOURCES = sorted((ROOT / "src" / "claimcheck").glob("**/*.py"))


def _written_out() -> list[tuple[str, ast.ClassDef, ast.FunctionDef]]:
    """(file, class, its __init__) for every dataclass whose __init__ is written out."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef) or not any(
                "dataclass" in ast.unparse(d) for d in node.decorator_list
            ):
                continue
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    found.append((path.name, node, item))
    return found


WRITTEN_OUT = _written_out()


def test_the_hot_value_classes_have_their_init_written_out() -> None:
    """What mypyc compiles: a class made for every passage, cue or match (see Passage)."""
    names = {cls.name for _, cls, _ in WRITTEN_OUT}
    assert {"Passage", "SentenceCues", "Aboutness", "Resolution", "Variant"} <= names


@pytest.mark.parametrize("where", WRITTEN_OUT, ids=lambda w: f"{w[0]}:{w[1].name}")
def test_a_written_out_init_takes_exactly_the_fields(
    where: tuple[str, ast.ClassDef, ast.FunctionDef],
) -> None:
    """Same names, order and defaults as the fields (positional calls, keyword calls and
    dataclasses.replace rely on them), and every field set once."""
    _, cls, init = where
    fields: list[tuple[str, str | None]] = []  # (name, default as written)
    for item in cls.body:
        if not isinstance(item, ast.AnnAssign) or not isinstance(item.target, ast.Name):
            continue
        default = ast.unparse(item.value) if item.value is not None else None
        if default is not None and "init=False" in default:
            continue
        if default is not None and default.startswith("field("):
            call = item.value
            assert isinstance(call, ast.Call)
            given = {k.arg: ast.unparse(k.value) for k in call.keywords}
            default = given.get("default")
        fields.append((item.target.id, default))
    args = init.args.args[1:]
    defaults = [None] * (len(args) - len(init.args.defaults)) + [
        ast.unparse(d) for d in init.args.defaults
    ]
    assert [(a.arg, d) for a, d in zip(args, defaults, strict=True)] == fields
    set_names = [
        call.args[1].value
        for call in ast.walk(init)
        if isinstance(call, ast.Call)
        and ast.unparse(call.func) == "object.__setattr__"
        and isinstance(call.args[1], ast.Constant)
    ]
    every = [
        item.target.id
        for item in cls.body
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
    ]
    assert sorted(set_names) == sorted(every)


@pytest.fixture(scope="module")
def made() -> dict[str, object]:
    """One instance of each value class the engine makes checking the bundled claims."""
    claims = load_claims(ROOT / "data" / "claims.yaml")
    folder = ROOT / "data" / "articles"
    instances: dict[str, object] = {}
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    # a reference back to the company, and a denial of the sentence before
    texts["extra.txt"] = (
        "Xiaomi a été placé sur la liste noire du Pentagone en janvier.\n"
        "Le groupe a été placé sur cette liste par le département de la Défense.\n"
        "Une accusation que le principal intéressé réfute.\n"
    )
    corpus = Corpus.from_texts(texts)
    results = [check_claim(c, corpus) for c in claims.claims]
    names = {cls.name for _, cls, _ in WRITTEN_OUT}
    for obj in gc.get_objects():
        name = type(obj).__name__
        if name in names and dataclasses.is_dataclass(obj) and name not in instances:
            instances[name] = obj
    assert results
    # made and dropped within a call: built here from values of their fields' types
    instances.setdefault("DenialBack", cue_types.DenialBack(0, "la direction", "dément"))
    instances.setdefault("Resolution", Resolution("Xiaomi", frozenset({"xiaomi"}), "le groupe"))
    orr = ("Office of Rail and Road", frozenset({"office", "rail", "and", "road"}))
    instances.setdefault("Alias", Alias(1, orr, ("ORR", frozenset({"orr"}))))
    return instances


@pytest.mark.parametrize("name", sorted({cls.name for _, cls, _ in WRITTEN_OUT}))
def test_a_value_made_again_from_its_fields_is_equal_and_frozen(
    name: str, made: dict[str, object]
) -> None:
    obj = made[name]
    cls = type(obj)
    fields = [f.name for f in dataclasses.fields(obj) if f.init]
    values = [getattr(obj, f) for f in fields]
    assert cls(*values) == obj
    assert cls(**dict(zip(fields, values, strict=True))) == obj
    assert dataclasses.replace(obj) == obj
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, fields[0], values[0])


def test_sentence_cues_bound_clauses_by_every_stop() -> None:
    cues = cue_types.SentenceCues((), frozenset({1}), (), frozenset({2, 5}), frozenset({7}))
    assert cues.stops == frozenset({2, 5, 7})
    assert dataclasses.replace(cues, soft=frozenset()).stops == frozenset({2, 5})


def test_subjects_made_without_their_constructor_are_the_same_named_tuples() -> None:
    from claimcheck.analysis.parts import Subject, _subject

    key = frozenset({"xiaomi"})
    every = (1, 3, "le groupe", "back", "org", "Xiaomi", key, (("Xiaomi", key),), "Lei Jun")
    every += ("Xiaomi", True, frozenset({"groupe"}))
    assert len(every) == len(Subject._fields)
    made = _subject(*every)
    assert type(made) is Subject and made == Subject(*every) and made.nouns == {"groupe"}
    assert _subject(0, 1, "x", "other", "any") == Subject(0, 1, "x", "other", "any")
    source = (ROOT / "src" / "claimcheck" / "analysis" / "parts.py").read_text(encoding="utf-8")
    helper = next(
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef) and node.name == "_subject"
    )
    assert tuple(a.arg for a in helper.args.args) == Subject._fields
    defaults = [
        ast.literal_eval(d) if not isinstance(d, ast.Call) else frozenset()
        for d in helper.args.defaults
    ]
    assert defaults == [Subject._field_defaults[f] for f in Subject._fields[-len(defaults) :]]


def _sample(annotation: str, i: int) -> object:
    """A value of a field's type, distinct from the other fields' where the type allows (the
    compiled constructors check their arguments' types): a crossed pair shows."""
    kinds: dict[str, object] = {
        "str": f"s{i}",
        "int": 100 + i,
        "float": 100.5 + i,
        "bool": i % 2 == 0,
        "tuple[str, ...]": (f"c{i}",),
        "tuple[int, ...]": (100 + i,),
        "tuple[tuple[int, int], ...]": ((i, i),),
        "frozenset[str]": frozenset({f"k{i}"}),
    }
    base = annotation.replace(" | None", "")
    if base in kinds:
        return kinds[base]
    # a Literal alias (Stance, Kind, Refers, TokenKind) or a tuple of values: one its type takes
    literals = {"Stance": "supports", "Kind": "any", "Refers": "name", "TokenKind": "word"}
    return literals.get(base, ())


def _definition(obj: Any, kind: type[ast.AST]) -> Any:
    """A class's or a function's definition in its source (compiled, neither keeps it)."""
    path = ROOT / "src" / Path(*obj.__module__.split(".")).with_suffix(".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return next(n for n in ast.walk(tree) if isinstance(n, kind) and n.name == obj.__name__)


def _field_annotations(cls: Any) -> dict[str, str]:
    """A named tuple's field annotations as written (compiled, the class holds types)."""
    return {
        item.target.id: ast.unparse(item.annotation)
        for item in _definition(cls, ast.ClassDef).body
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
    }


def _constructors() -> list[tuple[object, object]]:
    from claimcheck.analysis.cue_types import Polarity, polarity
    from claimcheck.analysis.parts import Subject, _subject
    from claimcheck.matching.align import Alignment, alignment
    from claimcheck.matching.found import (
        Close,
        Findings,
        Found,
        close_passage,
        findings_of,
        found,
    )
    from claimcheck.matching.terms import Term, term
    from claimcheck.text import Token, token

    return [
        (Found, found),
        (Close, close_passage),
        (Findings, findings_of),
        (Alignment, alignment),
        (Term, term),
        (Token, token),
        (Polarity, polarity),
        (Subject, _subject),
    ]


@pytest.mark.parametrize(
    ("cls", "make"), _constructors(), ids=lambda x: getattr(x, "__name__", str(x))
)
def test_a_named_constructor_takes_its_value_s_fields_in_order(cls: Any, make: Any) -> None:
    """The compiled engine builds its hot named tuples with tuple.__new__ inside one named
    constructor each: its parameters must be the fields, in their order, with their
    defaults, or a value would be built with its fields crossed."""
    fn = _definition(make, ast.FunctionDef)
    keyword_only = bool(fn.args.kwonlyargs)
    params = fn.args.kwonlyargs if keyword_only else fn.args.args
    assert [p.arg for p in params] == list(cls._fields)
    written = fn.args.kw_defaults if keyword_only else fn.args.defaults
    defaults = [
        ast.literal_eval(d) if not isinstance(d, ast.Call) else frozenset()
        for d in written
        if d is not None
    ]
    assert defaults == [cls._field_defaults[f] for f in cls._fields if f in cls._field_defaults]
    annotations = _field_annotations(cls)
    values = [_sample(annotations[f], i) for i, f in enumerate(cls._fields)]
    by_name = dict(zip(cls._fields, values, strict=True))
    made = make(**by_name) if keyword_only else make(*values)
    assert type(made) is cls and tuple(made) == tuple(cls(*values))
