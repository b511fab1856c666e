"""The word lists of rules/*.yaml, tested like code: folded as tokens are, each word once in
its list, and each list written once across the files."""

from __future__ import annotations

from itertools import combinations

import pytest
import yaml

from claimcheck.analysis import lexicon
from claimcheck.text import fold_word

from .conftest import ROOT

RULES = ROOT / "src" / "claimcheck" / "rules"
FILES = sorted(p.stem for p in RULES.glob("*.yaml"))


def _word_lists(node: object, path: str) -> list[tuple[str, list[str]]]:
    """Every list of plain words (no pattern or sequence items) in a rules file, by path."""
    if isinstance(node, dict):
        return [found for k, v in node.items() for found in _word_lists(v, f"{path}/{k}")]
    if isinstance(node, list):
        plain = all(isinstance(w, str) and w[:1] not in "~!*" and " " not in w for w in node)
        if node and plain:
            return [(path, node)]
        return [found for i, v in enumerate(node) for found in _word_lists(v, f"{path}[{i}]")]
    return []


LISTS = [found for name in FILES for found in _word_lists(lexicon.table(name), name)]


def test_every_rules_file_is_read_through_the_lexicon() -> None:
    for name in FILES:
        text = (RULES / f"{name}.yaml").read_text(encoding="utf-8")
        assert lexicon.table(name) == yaml.safe_load(text)


@pytest.mark.parametrize(("path", "words"), LISTS, ids=[path for path, _ in LISTS])
def test_a_word_list_holds_folded_words_each_once(path: str, words: list[str]) -> None:
    """Matching compares folded tokens (lowercase, no accents): a word written otherwise
    would never match; a word twice is a slip."""
    unfolded = [w for w in words if w.isalpha() and fold_word(w) != w]
    assert unfolded == []
    assert len(words) == len(set(words)), sorted(w for w in set(words) if words.count(w) > 1)


def test_no_word_list_is_written_twice() -> None:
    """Each list once: a second copy drifts from the first (the auxiliaries were written four
    times, the relative pronouns twice and differently)."""
    copies = [
        (a, b) for (a, wa), (b, wb) in combinations(LISTS, 2) if len(wa) >= 3 and set(wa) == set(wb)
    ]
    assert copies == []


def test_an_unquoted_boolean_in_a_word_list_is_refused() -> None:
    with pytest.raises(TypeError, match="is not a word"):
        lexicon._words(["pas", False], ("polarity", "negation", "standalone"))
