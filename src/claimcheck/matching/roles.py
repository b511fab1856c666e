"""Who does what: a phrasing matched in another order keeps its roles, its subject doing (or
undergoing) what the passage says, whichever voice each is in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from ..analysis import lexicon
from ..analysis.wordclass import SAY, VERB_EN, VERB_FR, word_class
from ..text import Token, language_of
from .phrasing import Phrasing, misspelt
from .words import classes, stem, stemmed

_PASSIVE: Final = lexicon.words("grammar", "passive_auxiliaries")
_PERFECT: Final = lexicon.words("grammar", "perfect_auxiliaries")
# how past participles end, English and French (folded): "founded", "taken", "shown", "built",
# "made", "fondée", "créés", "établi", "vendus", "ouvert"
_PARTICIPLE_ENDINGS: Final = tuple(lexicon.ordered("grammar", "participle_endings"))
# what ends the clause a verb's auxiliary may stand in, looking back from the verb
_CLAUSE_ENDS: Final = (
    frozenset(".;:")
    | lexicon.words("grammar", "relatives")
    | lexicon.words("grammar", "complementisers")
)
_AGENT: Final = lexicon.words("grammar", "agent_prepositions")


def _support() -> frozenset[str]:
    """The support verbs, by stem (any form: "prononçait", "imposes")."""
    return stemmed("grammar", "support_verbs")


_LEADS: Final = lexicon.words("grammar", "governed_noun_leads")
_NOUN_ENDINGS: Final = lexicon.ordered("grammar", "noun_endings")
_FUNCTION: Final = lexicon.words("subjects", "function_words")
_DATES: Final = lexicon.words("subjects", "months_days")
_PREPOSITIONS: Final = lexicon.words("grammar", "verb_prepositions")
# quantifiers before a noun ("toute sanction", "any comment", "aucune fuite")
_QUANTIFIERS: Final = lexicon.words("polarity", "lists", "member_leads")


def passive(tokens: Sequence[Token], verb: int, subject: Sequence[int] = ()) -> bool:
    """Whether the verb at `verb` is in the passive: a form of "be"/"être" right before it,
    past a negation, an adverb or the subject's own words when they come between ("n'a pas
    été fermé", "was not fined", "est désormais interdite", "Not only is Xiaomi barred")."""
    k = _auxiliary_place(tokens, verb, ("ment",), subject)
    return k >= 0 and tokens[k].text in _PASSIVE


def _auxiliary_place(
    tokens: Sequence[Token], verb: int, adverbs: tuple[str, ...], subject: Sequence[int] = ()
) -> int:
    """Where the verb's auxiliary would stand: back from it over a negation, adverbs (by their
    endings) and the subject's own words."""
    skip = classes().between_auxiliary_and_verb
    k = verb - 1
    while k >= 0 and (tokens[k].text in skip or tokens[k].text.endswith(adverbs) or k in subject):
        k -= 1
    return k


def _active(tokens: Sequence[Token], verb: int) -> bool:
    """Whether the verb at `verb` is surely active: after a perfect auxiliary ("a fondé",
    "has sued", past a negation or an adverb), or between its subject and its object ("Borea
    sued its auditor"); with no form of "be"/"être" among the eight words before it, back to
    its clause's start ("is no longer barred", "n'est ni contrôlée, ni détenue, ni affiliée").
    A participle alone after a noun or a comma is not ("Velmont, founded in 1984, ...",
    "cette société créée en 1984")."""
    for k in range(verb - 1, max(verb - 9, -1), -1):
        w = tokens[k].text
        if w in _PASSIVE:
            return False
        if w in _CLAUSE_ENDS:
            break
    k = _auxiliary_place(tokens, verb, ("ment", "ly"))
    if k >= 0 and tokens[k].text in _PERFECT:
        return True
    after = tokens[verb + 1].text if verb + 1 < len(tokens) else ""
    return (
        verb > 0
        and tokens[verb - 1].kind == "word"
        and (after in classes().determiners or after in _QUANTIFIERS)
    )


def _noun(tokens: Sequence[Token], at: int) -> bool:
    """A word after a determiner ("toute sanction", "the ban") is a noun: it has no voice."""
    if at == 0:
        return False
    before = tokens[at - 1].text
    if before == "a":  # an article in English, "avoir" in French ("a racheté")
        return language_of(t.text for t in tokens) == "en"
    return before in classes().determiners or before in _QUANTIFIERS


# how a matched phrasing's subject stands in the passage (see roles)
BROKEN: Final = -1  # on the wrong side of the verb: someone else does it
UNKNOWN: Final = 0  # no verb or no subject word matched: the subject guard decides
SAME: Final = 1  # same voice, the subject before the verb
SWAPPED: Final = 2  # one voice passive, the other active, the subject in its other slot
AGENT: Final = 3  # the subject is the agent of a noun for the verb ("le rappel par Buitoni")
# what a match puts in the place of the predicate (_in_place)
KEPT: Final = 0  # the predicate is matched itself, or says little (a support or reporting verb)
NOTHING: Final = 1  # left out, and no word of the passage stands in its place
OTHER: Final = 2  # left out, and another word stands in its place
# how far after its noun an agent may be named ("the ban on the flights ordered by ...")
_AGENT_REACH: Final = 10


def _noun_agent(
    passage: Sequence[Token],
    noun: int,
    subject: Sequence[int],
    text: str,
    claim_passive: bool,
    others: Sequence[int] = (),
) -> int:
    """How the subject stands to a noun that does the verb's work, by the noun's agent: "by
    X" / "par X" after it and its complements ("la suspension des livraisons décidée par La
    Poste", "the recall by Philips of ..."), or an English possessive before it ("Kelda Air's
    lawsuit"). An active claim's subject must be that agent, a passive one's must not be.
    `others`: where the claim's other words matched."""
    agent: list[int] = []
    end = min(len(passage), noun + _AGENT_REACH)
    by = next((k for k in range(noun + 1, end) if passage[k].text in _AGENT), -1)
    if by >= 0 and all(passage[k].kind != "punct" for k in range(noun + 1, by)):
        k = by + 1
        while k < len(passage) and k <= by + 6 and passage[k].kind != "punct":
            agent.append(k)
            k += 1
    elif text and subject and max(subject) < noun and noun - max(subject) <= 3:
        # "Kelda Air's lawsuit", "Kelda Air's new lawsuit"
        after = text[passage[max(subject)].end : passage[max(subject)].end + 2]
        if after in ("'s", "\u2019s"):
            agent = list(subject)
    if not agent:
        if claim_passive:
            return UNKNOWN
        if subject and min(subject) > noun:
            # a verb before governs the noun: its own subject does it ("Borea filed a
            # lawsuit against Kelda Air" is not Kelda Air suing)
            return BROKEN if _governed(passage, noun, -1) != UNKNOWN else UNKNOWN
        # (a phrasing without its subject's words: the clause's subject stands before)
        return _governed(passage, noun, max(subject) if subject else -1)
    if not subject:
        # a phrasing without its subject's words: the subject guard decides, unless the
        # agent is another word of the claim ("the acquisition of Borea by Kelda Air" for
        # "Borea acquired Kelda Air")
        return BROKEN if not claim_passive and any(i in agent for i in others) else UNKNOWN
    # the agent opens right after "by" (or its article) and holds every subject word
    inside = all(i in agent for i in subject) and min(subject) <= agent[0] + 1
    if claim_passive:
        return BROKEN if inside else UNKNOWN
    return AGENT if inside else BROKEN


def _governed(passage: Sequence[Token], noun: int, after: int) -> int:
    """An active claim's subject before a noun for its verb, with no agent named: the verb
    that governs the noun must be a support verb ("imposed a fine", "a procédé à la
    fermeture"), after the subject; another verb ("took delivery", "a refusé la
    liquidation") says something else of the subject. `after`: the subject's last word."""
    c = classes()

    def opens(j: int) -> bool:
        return passage[j].text in c.determiners or passage[j].text in _QUANTIFIERS

    # back over the noun's adjectives to its determiner ("a record fine"), if it has one
    j = noun - 1
    while j > after and noun - j <= 3 and passage[j].kind == "word" and not opens(j):
        j -= 1
    k = j - 1 if j > after and opens(j) else noun - 1
    # then over prepositions, dates and adverbs ("a prononcé mercredi la liquidation", "a
    # procédé en mars à la fermeture") to the word that governs the noun
    steps = 0
    while k > after and steps < 4 and passage[k].kind == "word":
        w = passage[k].text
        if not (w in _LEADS or w in _DATES or w.endswith(("ment", "ly"))):
            break
        k -= 1
        steps += 1
    if k <= after or passage[k].kind != "word":
        return UNKNOWN
    w = passage[k].text
    if stem(w) in _support():
        return SAME
    if w in _FUNCTION or w in c.auxiliaries or w in _PASSIVE:
        return UNKNOWN
    return BROKEN


def _bare_noun(phrasing: Phrasing, passage: Sequence[Token], verb: int, at: int) -> bool:
    """Whether the claim's verb matched a noun made from it with no determiner ("took
    delivery", "filed suit")."""
    word = passage[at].text
    return word != phrasing.terms[verb].text and word.endswith(_NOUN_ENDINGS)


def roles(
    phrasing: Phrasing,
    passage: Sequence[Token],
    pairs: Sequence[tuple[int, int]],
    text: str = "",
) -> int:
    """How the phrasing's subject stands in the passage: before the verb when both are in
    the same voice ("Kelda Air sued the regulator" / "Kelda Air has sued ..."), after it when
    one is passive and the other active: as its agent after "by"/"par" ("300 flights were
    cancelled by Kelda Air"), or as its object ("The FAA grounded the jets" for "The jets
    were grounded"); for a noun that does the verb's work, by its agent (see _noun_agent).
    `text`: the passage's text, where a possessive shows."""
    verb = phrasing.predicate
    at = dict(pairs)
    where = at.get(verb)
    if verb < 0 or where is None:
        return UNKNOWN
    subject = [at[i] for i in phrasing.subject_terms if i in at and phrasing.terms[i].weight >= 1.0]
    claim_passive = passive(phrasing.tokens, phrasing.terms[verb].index)
    others = [j for i, j in pairs if i != verb]
    if _noun(passage, where):
        own = passage[where].text == phrasing.terms[verb].text
        if own or passage[where - 1].text in _PREPOSITIONS:
            # the claim's predicate is a noun itself ("a des liens avec"); a verb after a
            # preposition ("ne cesse de gagner", "sans consulter")
            return UNKNOWN
        return _noun_agent(passage, where, subject, text, claim_passive, others)
    if _bare_noun(phrasing, passage, verb, where):
        # (without a determiner the word may be a verb after all: its "by" proves less)
        return _noun_agent(passage, where, subject, text, claim_passive)
    if not subject:
        # the subject left out (referred back to, or the clause's own): the clause subject
        # stands for it, and in the other voice that is the other party ("Arvel was bought by
        # Velmont" for "Arvel bought Velmont", "Velmont a fondé une école" for "Velmont a été
        # fondée")
        other = passive(passage, where) != claim_passive
        return BROKEN if other and (not claim_passive or _active(passage, where)) else UNKNOWN
    if (
        claim_passive
        and not passive(passage, where, subject)
        and not _active(passage, where)
        and passage[where].text.endswith(_PARTICIPLE_ENDINGS)
    ):
        # a participle alone ("Velmont, une entreprise fondée en 1984, ..."): no voice to
        # compare; the subject guard decides (not an adjective: "hit an all-time low")
        return UNKNOWN
    if claim_passive == passive(passage, where, subject):
        return SAME if all(i < where for i in subject) else BROKEN
    if not all(i > where for i in subject):
        return BROKEN
    if not claim_passive:
        # the claim's agent: after "by"/"par", between the verb and the subject's words
        first = min(subject)
        if not any(passage[k].text in _AGENT for k in range(where + 1, first)):
            return BROKEN
    return SWAPPED


def predicate_kept(
    phrasing: Phrasing, pairs: Sequence[tuple[int, int]], passage: Sequence[Token]
) -> bool:
    """Whether a match keeps the phrasing's predicate, or at least puts no other word in its
    place: "Philips sold 5 million machines" is no evidence that Philips recalled them,
    however many other words match."""
    return _in_place(phrasing, pairs, passage) in (KEPT, NOTHING)


def predicate_stood_in(
    phrasing: Phrasing, pairs: Sequence[tuple[int, int]], passage: Sequence[Token]
) -> bool:
    """Whether a match keeps the phrasing's predicate or puts a word of its own in its place,
    as a paraphrase does ("suffered minor injuries" / "sustained minor injuries"): a match
    that runs straight over the place of the verb ("Boeing grounded 171 jets" / "the grounding
    of 171 Boeing jets") reads the claim's words as a noun phrase, not as its statement."""
    return _in_place(phrasing, pairs, passage) in (KEPT, OTHER)


def _in_place(
    phrasing: Phrasing, pairs: Sequence[tuple[int, int]], passage: Sequence[Token]
) -> int:
    """What the passage puts in the place of the phrasing's predicate (KEPT, NOTHING, OTHER)."""
    verb = phrasing.predicate
    if verb < 0:
        return KEPT
    at = dict(pairs)
    if verb in at:
        return KEPT
    word = phrasing.terms[verb].text
    before = [j for i, j in pairs if i < verb]
    after = [j for i, j in pairs if i > verb]
    lo = max(before) if before else -1
    hi = min(after) if after else len(passage)
    c = classes()
    instead = [
        passage[j].text
        for j in range(lo + 1, hi)
        if passage[j].kind == "word"
        and not misspelt(passage[j].text, [word])  # the verb itself, with a typo
        and passage[j].text not in c.light
        and passage[j].text not in c.dropped
        and passage[j].text not in c.auxiliaries
        and passage[j].text not in c.between_auxiliary_and_verb
    ]
    if not instead:
        return NOTHING
    if _says_little(word) and any(_says_little(w) for w in instead):
        # a verb whose object or clause carries the meaning, for another such verb (past an
        # apposition, maybe): "ont mené des recherches" is "ont effectué des recherches",
        # "affirme avoir réalisé" is "X, propriétaire de Y, indiquait avoir réalisé";
        # "delayed an investigation" is not "launched" one
        return KEPT
    return OTHER


def _says_little(word: str) -> bool:
    """A support verb ("filed", "a procédé") or a verb of saying or reporting."""
    return stem(word) in _support() or bool(word_class(word) & (VERB_FR | VERB_EN | SAY))
