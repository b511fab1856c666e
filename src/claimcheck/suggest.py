"""A claims-file entry from a typed claim and its closest passages, and its place in the file."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from . import yamlio
from .analysis.cues import sentence_cues
from .analysis.scope import analyse, clause_polarity
from .claims import parse_claims
from .errors import InputError
from .fileio import locked, write_atomic
from .matching.words import classes, stem
from .report import ClaimResult, Related
from .sanitize import for_yaml_comment
from .text import fold_word, tokenize

# a closest passage must hold this share of the claim's words to be offered as a phrasing
SUGGEST_SHARE = 60.0
SUGGESTED = 3


class _Indented(yaml.SafeDumper):
    """Lists indented under their key, as the bundled claims file writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


@dataclass(frozen=True, slots=True)
class Offered:
    """A phrasing offered for a claim: a clause of a passage, and the side it goes on."""

    text: str
    side: str  # "supports" or "contradicts"
    source: str  # where it comes from: article:line:column
    score: float  # the share of the claim's words it holds; by meaning, the similarity
    by_meaning: bool = False  # a passage found by meaning (--semantic), offered whole

    @property
    def closeness(self) -> str:
        """How close its passage is to the claim, as the entry's note says it."""
        if self.by_meaning:
            return f"{self.score:.0f}% similar in meaning"
        return f"{self.score:.0f}% of the claim's words"


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: str
    claim: str
    phrasings: tuple[Offered, ...]

    def entry(self) -> str:
        """The entry as YAML lines for a claims list (two spaces in, as `claims:` items)."""
        doc: dict[str, object] = {"id": self.id, "claim": self.claim}
        for side in ("supports", "contradicts"):
            texts = [p.text for p in self.phrasings if p.side == side]
            if texts:
                doc[side] = texts
        body = yaml.dump(
            [doc],
            Dumper=_Indented,
            allow_unicode=True,
            sort_keys=False,
            width=10_000,
            default_flow_style=False,
        )
        # lines as the YAML writer ended them: it keeps a U+2028 inside a quoted phrasing
        lines = ["  " + line for line in body.rstrip("\n").split("\n")]
        notes = [
            f"    # {p.side}: {for_yaml_comment(p.source)} ({p.closeness}); review it"
            for p in self.phrasings
        ]
        return "\n".join(lines[:2] + notes + lines[2:]) + "\n"


def fresh_id(claim: str, taken: Sequence[str]) -> str:
    """A lowercase slug from the claim's content words, unused in the file."""
    c = classes()
    words = [fold_word(w) for w in re.findall(r"[^\W\d_]+|\d+", claim)]
    content = [w for w in words if w not in c.light and w not in c.dropped and len(w) > 1]
    base = "-".join(re.sub(r"[^a-z0-9]", "", w) for w in (content or words)[:5]) or "claim"
    base = re.sub(r"-+", "-", base).strip("-") or "claim"
    found, n = base, 2
    while found in taken:
        found, n = f"{base}-{n}", n + 1
    return found


def cut_clause(quote: str, words: Sequence[str]) -> str:
    """The part of a passage that says something about the claim's words: the segment
    (between hard stops and contrast words) holding most of them, without the leading and
    trailing comma-delimited parts that hold none ("Or, …", "…, qui a mis en doute …")."""
    tokens = tokenize(quote)
    cues = sentence_cues(tokens, quote)
    wanted = {stem(w) for w in words}
    holds = [t.kind == "word" and stem(t.text) in wanted for t in tokens]
    segments: list[tuple[int, int]] = []
    start = 0
    for i in range(len(tokens) + 1):
        if i == len(tokens) or i in cues.hard:
            if i > start:
                segments.append((start, i))
            start = i + 1
    if not segments:
        return quote
    a, b = max(segments, key=lambda s: (sum(holds[s[0] : s[1]]), -s[0]))
    soft = cues.soft | {i for i, t in enumerate(tokens) if t.text == ","}
    # drop comma-delimited parts at either end that hold none of the claim's words
    while True:
        cut = next((k for k in range(a, b) if k in soft and tokens[k].text in (",", "qui")), -1)
        if cut < 0 or any(holds[a:cut]) or cut == a:
            break
        a = cut + 1
    while True:
        cut = max(
            (k for k in range(a, b) if k in soft and tokens[k].text in (",", "qui")), default=-1
        )
        if cut < 0 or any(holds[cut:b]) or cut <= a:
            break
        b = cut
    while a < b and tokens[a].kind == "punct":
        a += 1
    while b > a and tokens[b - 1].kind == "punct":
        b -= 1
    if a >= b:
        return quote
    return quote[tokens[a].start : tokens[b - 1].end]


def negated_at(text: str, words: Sequence[str]) -> bool:
    """Whether the claim's words in a cut clause are negated: the polarity of the clause that
    holds them, not of every verb beside it ("ce dernier n'entend pas se laisser faire et
    dépose plainte" negates "se laisser faire", not "dépose plainte")."""
    tokens = tokenize(text)
    wanted = {stem(w) for w in words}
    held = [i for i, t in enumerate(tokens) if t.kind == "word" and stem(t.text) in wanted]
    if not held:
        return clause_polarity(tokens, text).negated
    return analyse(tokens, sentence_cues(tokens, text), held).negated


def whole(quote: str) -> str:
    """A passage as a phrasing, all of it but the stop that ends it."""
    return quote.strip().rstrip(".;:!?…").rstrip() or quote


def _phrasing(related: Related) -> str:
    """A closest passage cut to its clause. One found by meaning is cut so only when it holds
    enough of the claim's words; otherwise (in another language: none) it is offered whole."""
    held = 100.0 * len(related.has) / max(1, len(related.has) + len(related.missing))
    if related.by_meaning and held < SUGGEST_SHARE:
        return whole(related.quote)
    return cut_clause(related.quote, related.has)


def suggest(claim: str, result: ClaimResult, taken: Sequence[str]) -> Suggestion:
    """An entry for a typed claim: its closest passages (or its evidence), each cut to its
    clause and put on the side its negation says (a clause whose claim words are negated
    unlike the claim contradicts it). With --semantic the closest passages are those closest
    in meaning, most similar first, in the other language too."""
    negated = clause_polarity(tokenize(claim), claim).negated
    sources: list[tuple[str, str, float, Sequence[str], bool]] = [
        (_phrasing(r), r.location, r.score, r.has, r.by_meaning)
        for r in result.related
        if r.by_meaning or r.score >= SUGGEST_SHARE
    ]
    if not sources:
        for e in result.evidence:
            matched = e.match.split()
            sources.append((cut_clause(e.quote, matched), e.location, e.score, matched, False))
    phrasings: list[Offered] = []
    seen: set[str] = set()
    for text, where, score, words, by_meaning in sources:
        if not text or text in seen:
            continue
        seen.add(text)
        own = negated_at(text, words)
        side = "contradicts" if own != negated else "supports"
        phrasings.append(Offered(text, side, where, score, by_meaning))
        if len(phrasings) == SUGGESTED:
            break
    return Suggestion(fresh_id(claim, taken), claim, tuple(phrasings))


def insert_entry(text: str, path: str, entry: str, new_id: str) -> str:
    """The claims file's text with the entry added to its `claims:` list: at its place by id
    when the file keeps its ids sorted, else at the end; every other byte is kept. The result
    is validated: a file that would not load raises an InputError."""
    root = yamlio.compose(text) if text.strip() else None
    if root is None:
        new_text = (text.rstrip("\n") + "\n" if text.strip() else "") + "claims:\n" + entry
        parse_claims(new_text, path)
        return new_text
    claims_node = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "claims":
                claims_node = value
    if not isinstance(claims_node, yaml.SequenceNode) or claims_node.flow_style:
        raise InputError(path, "no block 'claims:' list to add the entry to; add it by hand")
    lines = text.splitlines(keepends=True)
    items = claims_node.value
    ids: list[str] = []
    for item in items:
        found = next(
            (v.value for k, v in getattr(item, "value", ()) if getattr(k, "value", None) == "id"),
            None,
        )
        ids.append(found or "")
    indent = items[0].start_mark.column - 2 if items else 2
    # the entry's lines as the YAML writer ended them (see Suggestion.entry)
    body = "".join(
        " " * (indent - 2) + line if line.strip() else line for line in re.split(r"(?<=\n)", entry)
    )
    if items and all(ids) and ids == sorted(ids):
        after = [i for i, x in enumerate(ids) if x < new_id]
    else:
        after = list(range(len(items)))
    if after:
        last = items[after[-1]]
        line = _end_line(last, lines)
        new_lines = lines[:line] + (["\n"] if line and lines[line - 1].strip() else []) + [body]
        rest = lines[line:]
        if rest and rest[0].strip():
            new_lines.append("\n")
        new_lines += rest
    else:
        line = items[0].start_mark.line if items else len(lines)
        new_lines = lines[:line] + [body, "\n"] + lines[line:]
    new_text = "".join(new_lines)
    if not new_text.endswith("\n"):
        new_text += "\n"
    parse_claims(new_text, path)
    return new_text


def _end_line(node: yaml.Node, lines: list[str]) -> int:
    """The line after a claim item's last non-blank, non-comment line."""
    mark = node.end_mark
    # the mark stops where the next item starts ("  - id: …"), or after the last line
    before = lines[mark.line][: mark.column] if mark.line < len(lines) else ""
    end = min(mark.line + (1 if before.strip() else 0), len(lines))
    while end > node.start_mark.line + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def write_entry(path: Path, found: Suggestion, say: Callable[[str], None]) -> str | None:
    """Add a suggestion's entry to the claims file at path, read, changed and written under
    its folder's lock (see fileio.locked; `say` tells when it waits): what another writer
    added meanwhile stays. The id it was added under (a fresh one if another writer took
    it meanwhile); None when the file already has the same claim."""
    display = path.as_posix()
    with locked(path, say):
        text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
        if text.strip():
            current = parse_claims(text, display).claims
            if any(c.claim == found.claim for c in current):
                return None
            taken = [c.id for c in current]
            if found.id in taken:
                found = replace(found, id=fresh_id(found.claim, taken))
        write_atomic(path, insert_entry(text, display, found.entry(), found.id))
    return found.id
