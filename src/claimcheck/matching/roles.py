"""Who does what: a phrasing matched in another order keeps its roles, its subject doing (or
undergoing) what the passage says, whichever voice each is in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from ..analysis import lexicon
from ..text import Token
from .phrasing import Phrasing
from .words import classes

_PASSIVE: Final = lexicon.words("grammar", "passive_auxiliaries")


def passive(tokens: Sequence[Token], verb: int) -> bool:
    """Whether the verb at `verb` is in the passive: a form of "be"/"être" right before it,
    past a negation or an adverb ("n'a pas été fermé", "was not fined", "est désormais
    interdite")."""
    skip = classes().between_auxiliary_and_verb
    k = verb - 1
    while k >= 0 and (tokens[k].text in skip or tokens[k].text.endswith("ment")):
        k -= 1
    return k >= 0 and tokens[k].text in _PASSIVE


def roles_hold(
    phrasing: Phrasing, passage: Sequence[Token], pairs: Sequence[tuple[int, int]]
) -> bool:
    """The phrasing's subject stands where its role puts it in the passage: before the verb
    when both are in the same voice ("Kelda Air sued the regulator" / "Kelda Air has sued
    ..."), after it when one is passive and the other active ("300 flights were cancelled
    by Kelda Air"). Subjects matched elsewhere, or not at all, are the subject guard's."""
    verb = phrasing.predicate
    at = dict(pairs)
    where = at.get(verb)
    if verb < 0 or where is None:
        return True
    subject = [at[i] for i in phrasing.subject_terms if i in at and phrasing.terms[i].weight >= 1.0]
    if not subject:
        return True
    same_voice = passive(phrasing.tokens, phrasing.terms[verb].index) == passive(passage, where)
    if same_voice:
        return all(i < where for i in subject)
    return all(i > where for i in subject)
