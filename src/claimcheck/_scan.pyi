"""The C scanner's functions (_scan.c): see text.py, which falls back on `re` without it."""

from typing import Any

def words(text: str, pos: int = ..., endpos: int = ...) -> list[str]: ...
def count_words(text: str, pos: int = ..., endpos: int = ...) -> int: ...
def split_words(text: str) -> list[str]: ...
def token_parts(text: str) -> list[Any]: ...
def configure(
    token: type,
    folded: dict[str, str],
    fold: Any,
    elisions: dict[str, str],
    nt_stems: dict[str, str],
    clitics: dict[str, str | None],
    number: Any,
    punct: Any,
) -> None: ...
def tokenize(text: str) -> tuple[list[Any], bool]: ...
def configure_terms(
    term: type,
    dropped: frozenset[str],
    polarity: frozenset[str],
    light: frozenset[str],
    canonical: dict[str, str],
    number_weight: float,
    light_weight: float,
    elided: frozenset[str],
) -> None: ...
def match_terms(tokens: Any) -> tuple[Any, ...]: ...
def order_bound(
    terms: tuple[Any, ...],
    total: float,
    where: dict[str, list[int]],
    inserted: list[float],
    min_score: float,
    missing: frozenset[int],
    gap_points: float,
) -> bool: ...
def order_table(
    seq: tuple[str, ...], lo: int, hi: int, aside_cost: float
) -> tuple[dict[str, list[int]], list[float]]: ...
