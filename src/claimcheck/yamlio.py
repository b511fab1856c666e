"""The one guarded YAML loader every reader of user files uses: safe, no anchors, bounded."""

from __future__ import annotations

from typing import Any, Final

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

# nothing claimcheck reads nests deeper than a few levels; far below the recursion limit
MAX_DEPTH: Final = 64
# an integer or float written with more characters than this is refused: Python reads at
# most 4,300 digits, and a sexagesimal 1:1:1:… of thousands of parts costs a square
MAX_NUMBER_CHARS: Final = 100


class _Guard(Composer):
    """A composer that refuses anchors and aliases (a 400-byte file of them expanded to
    gigabytes) and nodes nested more than MAX_DEPTH deep (a recursion error)."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[attr-defined]
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(None, None, "anchors and aliases are not allowed", mark)
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            raise yaml.MarkedYAMLError(
                None, None, f"nested more than {MAX_DEPTH} levels deep", mark
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Constructor(SafeConstructor):
    """Values as yaml.safe_load makes them; what it would fail on with a Python error (a
    number too long, 2021-02-30) is a YAML error at the value's place."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        numeric = node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
        if numeric and len(node.value) > MAX_NUMBER_CHARS:
            problem = f"a number of more than {MAX_NUMBER_CHARS} characters"
            raise ConstructorError(None, None, problem, node.start_mark)
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError) as exc:
            what = repr(node.value) if isinstance(node, yaml.ScalarNode) else "a value"
            problem = f"cannot read {what}: {exc}"
            raise ConstructorError(None, None, problem, node.start_mark) from None


class _PyLoader(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _Guard, _Constructor, Resolver
):
    """The pure-Python loader, guarded: its errors say exactly what and where."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _Guard.__init__(self)
        _Constructor.__init__(self)
        Resolver.__init__(self)


def _fast_loader() -> type | None:
    """libyaml's parser under the guarded composer, when libyaml is there: it reads a front
    matter four times as fast (an archive has one per article)."""
    try:
        from yaml._yaml import CParser
    except ImportError:
        return None

    class _CLoader(_Guard, CParser, _Constructor, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Guard.__init__(self)
            _Constructor.__init__(self)
            Resolver.__init__(self)

    return _CLoader


_FAST: Final = _fast_loader()


def _run(text: str, method: str) -> Any:
    """`method` of a guarded loader over text: libyaml's parser where it is there; a text it
    rejects goes through the pure-Python parser, whose error is the one told (the same with
    or without libyaml)."""
    # yaml.CSafeLoader is there exactly when libyaml is (tests take it away to compare)
    if _FAST is not None and getattr(yaml, "CSafeLoader", None) is not None:
        loader = _FAST(text)
        try:
            return getattr(loader, method)()
        except yaml.YAMLError:
            pass
        finally:
            loader.dispose()
    try:
        loader = _PyLoader(text)  # which reads the whole text for characters YAML refuses
    except yaml.reader.ReaderError as exc:  # its text spans two lines and names no line
        raise _placed(text, exc) from None
    try:
        return getattr(loader, method)()
    finally:
        loader.dispose()


def _placed(text: str, exc: yaml.reader.ReaderError) -> yaml.MarkedYAMLError:
    """A character YAML does not allow (NUL, most controls), at its line and column."""
    line = text.count("\n", 0, exc.position)
    column = exc.position - (text.rfind("\n", 0, exc.position) + 1)
    mark = yaml.Mark("<unicode string>", exc.position, line, column, None, None)  # type: ignore[arg-type]
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    problem = f"character #x{code:04x} is not allowed"
    return yaml.MarkedYAMLError(None, None, problem, mark)


def compose(text: str) -> yaml.Node | None:
    """The node tree of a YAML document (None when empty); a yaml.YAMLError with its place
    for bad YAML, anchors and aliases, or nesting deeper than MAX_DEPTH."""
    node: yaml.Node | None = _run(text, "get_single_node")
    return node


def load(text: str) -> Any:
    """The values of a YAML document, as yaml.safe_load makes them, under the same guard;
    numbers longer than MAX_NUMBER_CHARS and values Python cannot make are errors too."""
    return _run(text, "get_single_data")


def construct(node: yaml.Node) -> Any:
    """The value of one node of a tree that compose() made."""
    return _Constructor().construct_object(node, deep=True)
