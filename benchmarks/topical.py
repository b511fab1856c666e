"""A topical archive: one story told over and over, as a newsroom keeps thousands of
articles about the same subject.

Sentences come from a word-bigram chain trained on the bundled articles, so the same names
and phrases recur everywhere; claims are 6-12-word spans of the bundled sentences, which the
chain reproduces by chance in many articles, so that most claims have evidence in dozens or
hundreds of them. A share of the articles also holds one planted phrasing with the noise of
generate.py (a typo, an inflection, a negation, a hard wrap ...), so that recall can be
measured. Deterministic for a seed.
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

from generate import NOISE, Plant, Synthetic, perturb

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "articles"
FILLERS = ["désormais", "également", "notamment", "officiellement", "finalement"]
END = ""


def _sentences(folder: Path) -> list[list[str]]:
    """The bundled articles' sentences of six words or more, as whitespace-split words."""
    from claimcheck.corpus import parse_article

    out = []
    for path in sorted(folder.glob("*.txt")):
        article = parse_article(path.read_bytes(), path.as_posix(), lambda m: None)
        for passage in article.passages:
            words = passage.quote.split()
            if len(words) >= 6:
                out.append(words)
    return out


class Chain:
    """A word-bigram chain: each word followed by a word that followed it in the sources."""

    def __init__(self, sentences: list[list[str]]) -> None:
        self.starts = [s[0] for s in sentences]
        self.next: dict[str, list[str]] = {}
        for s in sentences:
            for a, b in zip(s, [*s[1:], END], strict=True):
                self.next.setdefault(a, []).append(b)

    def sentence(self, rng: random.Random, longest: int = 40) -> str:
        words = [rng.choice(self.starts)]
        while len(words) < longest:
            word = rng.choice(self.next[words[-1]])
            if word == END:
                break
            words.append(word)
        text = " ".join(words)
        return text if text[-1] in ".!?»" else text.rstrip(",;:") + "."


def _span(rng: random.Random, sentences: list[list[str]]) -> str:
    """A 6-12-word span of a real sentence, without the punctuation at its ends."""
    words = rng.choice(sentences)
    size = rng.randint(6, min(12, len(words)))
    start = rng.randint(0, len(words) - size)
    return " ".join(words[start : start + size]).strip(",;:.!?«»()\"' ")


def _noisy(rng: random.Random, phrasing: str, noise: str) -> tuple[str, bool]:
    """The phrasing as an article would print it, and whether it is negated."""
    words = phrasing.split()
    longest = max(range(len(words)), key=lambda i: (len(words[i]), -i))
    negated = False
    perturb(rng, words, longest, noise, FILLERS)
    if noise == "negation":
        negated = True
        words = ["Il", "est", "faux", "que", *words]
    text = " ".join(words)
    if noise == "apostrophe":
        text = text.replace("'", "\u2019")
    return text[0].upper() + text[1:], negated


def generate_topical(
    n_articles: int,
    n_claims: int,
    seed: int = 1,
    sentences: int = 30,
    planted_share: float = 0.3,
) -> Synthetic:
    rng = random.Random(seed)
    source = _sentences(BUNDLED)
    chain = Chain(source)
    claims = [(f"t{i:05d}", [_span(rng, source) for _ in range(3)]) for i in range(n_claims)]
    articles: dict[str, list[str]] = {}
    dates: dict[str, str] = {}
    for a in range(n_articles):
        name = f"a{a:06d}.txt"
        count = rng.randint(sentences - 5, sentences + 5)
        articles[name] = [chain.sentence(rng) for _ in range(count)]
        dates[name] = f"2021-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}"
    plants: list[Plant] = []
    wrapped: set[str] = set()
    for article in sorted(rng.sample(sorted(articles), int(planted_share * n_articles))):
        cid, phrasings = rng.choice(claims)
        noise = NOISE[len(plants) % len(NOISE)]
        text, negated = _noisy(rng, rng.choice(phrasings), noise)
        body = articles[article]
        body.insert(rng.randint(0, len(body)), text + ".")
        if noise == "wrap":
            wrapped.add(article)
        plants.append(Plant(cid, article, noise, negated))
    texts = {}
    for name, body in articles.items():
        paragraphs = []
        i = 0
        while i < len(body):
            k = rng.randint(3, 5)
            paragraphs.append(" ".join(body[i : i + k]))
            i += k
        if name in wrapped:
            # the site hard-wraps its articles at 72 columns
            paragraphs = ["\n".join(textwrap.wrap(p, 72)) for p in paragraphs]
        texts[name] = f"---\ndate: {dates[name]}\n---\n" + "\n\n".join(paragraphs) + "\n"
    lines = ["claims:"]
    for cid, phrasings in claims:
        lines += [f"  - id: {cid}", f"    claim: {_quoted(phrasings[0])}", "    supports:"]
        lines += [f"      - {_quoted(p)}" for p in phrasings[1:]]
    return Synthetic(
        articles=texts,
        claims_yaml="\n".join(lines) + "\n",
        plants=plants,
        claim_ids=[c[0] for c in claims],
    )


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
