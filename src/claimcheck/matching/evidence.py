"""What a match becomes: its stance (the passage's polarity, a different figure), the
offsets of its matched words, and a denial after it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, cast

from ..analysis import lexicon
from ..analysis.about import Aboutness
from ..analysis.lemmas import lemma
from ..analysis.rules import Kind
from ..analysis.scope import analyse
from ..corpus import Passage
from ..ordinals import RANK
from ..report import Stance
from ..text import Token, fold_word
from .found import Found, found
from .passages import Corpus
from .phrasing import Phrasing
from .words import classes, stem, stemmed

# Scores below the threshold but at least this high lower an "absent" verdict's confidence.

# hard stops that do not part clauses: brackets, dashes and quotation marks hold asides
_ASIDE_MARKS: Final = frozenset(["(", ")", "[", "]", "-", '"'])


_LINKS: Final = lexicon.words("grammar", "unrealised_links")


def _unrealised(
    phrasing: Phrasing, tokens: Sequence[Token], pairs: Sequence[tuple[int, int]]
) -> bool:
    """Whether the passage only plans, proposes or tries the claim's act ("plans to close",
    "a proposé d'infliger", "souhaite racheter", "is considering selling"): a verb of
    rules/grammar.yaml's unrealised_verbs right before it or before a link ("to", "de"), or
    one of unrealised_bare right before it, that the claim does not have (no word of the
    match)."""
    verb = phrasing.predicate
    at = -1
    for i, j in pairs:
        if i == verb:
            at = j
            break
    k = at - 1
    if k < 0:
        return False
    word = tokens[k].text
    infinitive = tokens[at].text.endswith(("er", "ir", "re"))
    if word in _LINKS and (word != "a" or infinitive):
        k -= 1  # "plans to close", "prévoit de fermer", "condamnée à verser", "verge of"
    elif stem(word) in stemmed("grammar", "unrealised_bare"):
        return not _matched_at(pairs, k)  # "must suspend", "is considering selling"
    elif not infinitive:
        return False  # a French infinitive follows its verb bare ("souhaite racheter")
    return (
        k >= 0
        and stem(tokens[k].text) in stemmed("grammar", "unrealised_verbs")
        and not _matched_at(pairs, k)
    )


def _matched_at(pairs: Sequence[tuple[int, int]], k: int) -> bool:
    return any(j == k for _, j in pairs)


_PAST: Final = lexicon.words("grammar", "past_markers")
_BE: Final = lexicon.words("grammar", "finite_be")


def _past_role(
    phrasing: Phrasing, tokens: Sequence[Token], pairs: Sequence[tuple[int, int]]
) -> bool:
    """Whether the claim's predicate is a past role or thing in the passage ("the former chief
    executive", "l'ancienne PDG", "its previous owner" for "owns"): a past marker right before
    it that the claim does not have; for a claim with "is"/"est" ("Arvel is Velmont's
    partner"), before any word of what follows it. A past role elsewhere does not undo an act
    ("Its former auditor sued Borea")."""
    at = dict(pairs)
    wanted = [phrasing.predicate]
    be = next((i for i, t in enumerate(phrasing.terms) if t.text in _BE), -1)
    if 0 <= be < phrasing.predicate and _copula(phrasing, be):
        wanted = list(range(be + 1, len(phrasing.terms)))
    matched = set(at.values())
    return any(
        (j := at.get(i)) is not None
        and j > 0
        and tokens[j - 1].text in _PAST
        and j - 1 not in matched
        for i in wanted
    )


_SUPERLATIVE: Final = lexicon.words("grammar", "superlative_markers")
_ORDINALS: Final = {
    **lexicon.mapping("grammar", "numbers", "ordinals", "french"),
    **lexicon.mapping("grammar", "numbers", "ordinals", "english"),
}


def _before_superlatives(texts: Sequence[str], matched: set[int]) -> list[int]:
    """For each superlative of the match ("largest", "plus grand", "most profitable"), the
    place of the word before it (-1 at the sentence's start)."""
    out = []
    for j in matched:
        k = j - 1
        if k >= 0 and texts[k] in _SUPERLATIVE:
            out.append(k - 1)
        elif _superlative(texts[j]):
            out.append(k)
    return out


def _ranked_superlative(
    tokens: Sequence[Token], texts: Sequence[str], pairs: Sequence[tuple[int, int]]
) -> bool:
    """Whether a superlative of the match has a rank in the passage that the claim does not
    give it ("the second largest", "le deuxième plus grand", "the third-biggest")."""
    matched = {j for _, j in pairs}
    return any(
        k >= 0 and k not in matched and _rank_above_first(tokens[k])
        for k in _before_superlatives(texts, matched)
    )


def _superlative(word: str) -> bool:
    """An English superlative: "-est" on a word the dictionary reads as another ("largest":
    large), not a word of its own ("interest", "request")."""
    if not word.endswith("est") or len(word) < 5:
        return False
    read = lemma(word)
    return read is not None and fold_word(read) != word


def _rank_above_first(token: Token) -> bool:
    text = token.text
    if text.startswith(RANK):
        text = text[len(RANK) :]
    if token.kind == "num" and text.isdigit():
        return int(text) >= 2
    return _ORDINALS.get(text) not in (None, "un", "one")


def _copula(phrasing: Phrasing, be: int) -> bool:
    """Whether the claim's "is"/"est" (its term `be`) links a noun phrase ("is the chief
    executive", "is Velmont's partner", "est la PDG"), not a passive ("was sued")."""
    k = phrasing.terms[be].index + 1
    if k >= len(phrasing.tokens):
        return False
    after = phrasing.tokens[k]
    return (
        after.text in classes().determiners
        or phrasing.text[after.start : after.start + 1].isupper()
    )


_SET_ASIDE: Final = lexicon.sequences("grammar", "set_aside")
_ASIDE_FIRST: Final = frozenset(cue[0] for cue in _SET_ASIDE)
# each cue's longest word: a sentence without any of them has no cue ("au", "a" are in most
# French sentences, "lieu" and "exception" are not)
_ASIDE_KEYS: Final = frozenset(max(cue, key=len) for cue in _SET_ASIDE)
_PHRASE_ENDS: Final = lexicon.words("grammar", "prepositions") - lexicon.words(
    "grammar", "complements"
)
_ASIDE_WORDS: Final = 6


def _set_aside(
    tokens: Sequence[Token], t: Sequence[str], pairs: Sequence[tuple[int, int]]
) -> str | None:
    """The cue ("instead of", "sauf") whose noun phrase holds a word of the match that the
    sentence has nowhere else ("Dole" in "closed its Lyon plant instead of its Dole plant");
    None when there is none. A word the sentence also has outside the phrase ("plant") proves
    nothing: the match may be the other one."""
    matched = {j for _, j in pairs}
    light = classes().light | classes().determiners
    for i in range(len(t)):
        if t[i] not in _ASIDE_FIRST:
            continue
        for cue in _SET_ASIDE:
            if tuple(t[i : i + len(cue)]) != cue:
                continue
            start = end = i + len(cue)
            while (
                end < len(t)
                and end - start < _ASIDE_WORDS
                and tokens[end].kind != "punct"
                and t[end] not in _PHRASE_ENDS
            ):
                end += 1
            inside = range(start, end)
            outside = {t[k] for k in range(len(t)) if k not in inside}
            if any(j in inside and t[j] not in outside and t[j] not in light for j in matched):
                return " ".join(cue)
    return None


_ONE_OF: Final = lexicon.sequences("grammar", "one_of")
# a sentence holds "one of" only with one of these: English ones, or French ones and "plus"
_ONE_OF_EN: Final = frozenset(("one", "among", "amongst"))
_ONE_OF_FR: Final = frozenset(("un", "une", "parmi"))
_MORE_LESS: Final = frozenset(("plus", "moins"))
_CUED: Final = _PAST | _ASIDE_KEYS | frozenset(_ORDINALS) | _ONE_OF_EN | _ONE_OF_FR | _MORE_LESS


def _one_of(t: Sequence[str], pairs: Sequence[tuple[int, int]]) -> bool:
    """Whether a superlative of the match is one of several in the passage ("one of the
    largest", "l'un des plus grands"), where the claim does not say so (no word of the match)."""
    matched = {j for _, j in pairs}
    for k in _before_superlatives(t, matched):
        ends = [k]
        if k >= 0 and t[k] in classes().determiners:
            ends.append(k - 1)  # "one of the largest", "parmi les plus grands"
        for end in ends:
            for cue in _ONE_OF:
                start = end - len(cue) + 1
                if start >= 0 and tuple(t[start : end + 1]) == cue and end not in matched:
                    return True
    return False


def _own_cues_left_out(phrasing: Phrasing, pairs: Sequence[tuple[int, int]]) -> bool:
    """Whether every word that negates the phrasing is one of its terms the match left out."""
    cues = phrasing.polarity.cues
    held = {phrasing.terms[i].text for i, _ in pairs}
    own = {t.text for t in phrasing.terms}
    return bool(cues) and all(c in own and c not in held for c in cues)


def _evidence(
    passage: Passage,
    phrasing: Phrasing,
    which: int,
    side: Stance,
    corpus: Corpus,
    pid: int,
    pairs: Sequence[tuple[int, int]],
    score: float,
    mismatch: bool,
    about: Aboutness,
) -> Found | None:
    cues = corpus.cues(pid)
    tokens = passage.tokens
    matched = [idx for _, idx in pairs]
    # the word checks below are asked of every match: each first looks whether the sentence
    # holds one of its words at all; those that reject the match come before its polarity
    texts = [tok.text for tok in tokens]
    cued = _CUED.intersection(texts)  # one pass for the word lists below
    if (
        _unrealised(phrasing, tokens, pairs)
        or (cued and not _PAST.isdisjoint(cued) and _past_role(phrasing, tokens, pairs))
        or (
            cued
            and (
                not _ONE_OF_EN.isdisjoint(cued)
                or (not _ONE_OF_FR.isdisjoint(cued) and not _MORE_LESS.isdisjoint(cued))
            )
            and _one_of(texts, pairs)
        )
    ):
        return None
    asserted = _asserting_part(phrasing, pairs, cues.hard, tokens)
    # the clause is where the content words matched: a light word ("a", "de") matched inside
    # a relative clause must not pull that clause's negation in
    anchors = [idx for i, idx in asserted if phrasing.terms[i].weight >= 1.0]
    pol = analyse(tokens, cues, [idx for _, idx in asserted], anchors)
    speaker, written = _speaker(corpus, pid, pol.attributed_to)
    stance: Stance = side
    if phrasing.negated and not pol.negated and _own_cues_left_out(phrasing, pairs):
        # the claim's negating word is its own verb ("was rejected by the court",
        # "a été rejeté"), and the passage does not have it: it says neither
        return None
    if pol.negated != phrasing.negated:
        stance = "contradicts" if side == "supports" else "supports"
    negated, cues_read = pol.negated, pol.cues
    aside = _set_aside(tokens, texts, pairs) if cued and not _ASIDE_KEYS.isdisjoint(cued) else None
    if aside is not None and not negated:
        # "instead of its Dole plant": what the claim says of Dole, the passage says is not so
        stance = "contradicts" if stance == "supports" else "supports"
        negated, cues_read = True, (*cues_read, aside)
    ranks = (cued and not _ORDINALS.keys().isdisjoint(cued)) or any(
        w.startswith(RANK) for w in texts
    )
    if not mismatch and ranks and _ranked_superlative(tokens, texts, pairs):
        mismatch = True  # "the second largest" is another rank than "the largest", the first
    if mismatch:
        if side == "contradicts" or not _same_event(phrasing, tokens, pairs):
            return None  # a wrong number in a contradicting phrasing proves nothing
        stance = "contradicts"
    return found(
        stance=stance,
        score=score,
        article=passage.article,
        line=passage.line,
        column=passage.column,
        start=passage.start,
        end=passage.end,
        phrasing=which,
        negated=negated,
        hedged=pol.hedged,
        attributed_to=speaker,
        number_mismatch=mismatch,
        denied=pol.denied,
        cues=cues_read,
        spans=_flat_spans(tokens, matched),
        subject=about.subject,
        resolved_from=about.resolved_from,
        resolved_by=about.basis,
        attributed_from=written,
        reordered=False,
    )


_SPEAKER_PRONOUNS: Final = lexicon.mapping("subjects", "speaker_pronouns")


def _speaker(corpus: Corpus, pid: int, source: str | None) -> tuple[str | None, str | None]:
    """A speaker written as a pronoun ("Selon lui", "Il assure que", "she added"), resolved
    to the name it stands for, and how it was written; other speakers as written."""
    kind = _SPEAKER_PRONOUNS.get(fold_word(source)) if source is not None else None
    if kind is None:
        return source, None
    found, index = corpus.article_subjects(pid, frozenset())
    entity = found.antecedent(index, 0, cast(Kind, kind))
    if entity is None or entity.name is None:
        return source, None
    return entity.name, source


def _asserting_part(
    phrasing: Phrasing,
    pairs: Sequence[tuple[int, int]],
    hard: frozenset[int],
    tokens: Sequence[Token],
) -> Sequence[tuple[int, int]]:
    """When the matched words stand on both sides of a hard stop or a contrast word, those of
    the part that holds most of the phrasing's own words (its subject's aside; the later one
    on a tie): "Les inspecteurs n'ont constaté aucune fuite, mais ils ont constaté une panne"
    asserts the panne, and the negation before "mais" is not its."""
    lo, hi = min(j for _, j in pairs), max(j for _, j in pairs)
    stops = sorted(k for k in hard if lo < k < hi and tokens[k].text not in _ASIDE_MARKS)
    if not stops:
        return pairs
    bounds = [-1, *stops, 1 << 30]
    auxiliaries = classes().auxiliaries
    own = [
        (i, j)
        for i, j in pairs
        if i not in phrasing.subject_terms
        and phrasing.terms[i].weight >= 1.0
        and phrasing.terms[i].text not in auxiliaries
    ]
    best, best_count = (-1, 1 << 30), -1
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        count = sum(1 for _, j in own if lo < j < hi)
        if count and count >= best_count:
            best, best_count = (lo, hi), count
    kept = [(i, j) for i, j in pairs if best[0] < j < best[1]]
    return kept if kept else pairs


def _same_event(
    phrasing: Phrasing, tokens: Sequence[Token], pairs: Sequence[tuple[int, int]]
) -> bool:
    """A different figure contradicts only where the passage tells of the same thing: with
    one figure, any; with several ("fined 746 million euros in 2021"), every one found and
    one of them equal, or the passage may tell of another fine, another year."""
    numbers = [i for i, t in enumerate(phrasing.terms) if t.number]
    if len(numbers) < 2:
        return True
    paired = {i: tokens[j].text for i, j in pairs if phrasing.terms[i].number}
    if len(paired) < len(numbers):
        return False
    return any(paired[i] == phrasing.terms[i].text for i in numbers)


def _denied_after(corpus: Corpus, pid: int, last: int, ev: Found) -> Found | None:
    """The same evidence denied by the words after it: ", ce que X dément" in its sentence,
    or a next sentence that only denies it ("Une accusation que le principal intéressé
    réfute."). The article reports both the statement and the denial."""
    if ev.denied or ev.number_mismatch:
        return None
    passage = corpus.passages[pid]
    own = corpus.cues(pid).denial_back
    end = ev.end
    if own is not None and own.start > last:
        back = own
    else:
        nxt = pid + 1
        if nxt >= len(corpus.passages) or corpus.passages[nxt].article != passage.article:
            return None
        after = corpus.denial_back(nxt)
        if after is None or after.start != 0:
            return None
        back = after
        end = corpus.passages[nxt].end  # the quote runs on to the denial
    return ev._replace(
        stance="contradicts" if ev.stance == "supports" else "supports",
        end=end,
        denied=True,
        attributed_to=back.source,
        cues=(*ev.cues, back.cue),
    )


def _flat_spans(tokens: Sequence[Token], matched: Sequence[int]) -> tuple[int, ...]:
    """The matched tokens' (start, end) offsets, one after the other."""
    flat: list[int] = []
    for i in sorted(matched):
        token = tokens[i]
        flat.append(token.start)
        flat.append(token.end)
    return tuple(flat)
