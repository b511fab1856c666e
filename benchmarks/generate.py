"""A deterministic synthetic corpus: news-like French and English articles, claims, plants.

Text is function words of each language around content words drawn from a Zipf law over a
large invented vocabulary (as in real news: a few very common words, a long tail of rare
ones), with names and numbers. Most claims have no evidence; some of their phrasings are
planted in a few articles with realistic noise (an inserted word, an inflection, a typo, an
added negation, hard-wrapped lines, typographic apostrophes, or none). The plants are
returned so that recall can be measured.
"""

from __future__ import annotations

import bisect
import itertools
import random
import textwrap
from dataclasses import dataclass
from pathlib import Path

NOISE = ("exact", "insert", "inflection", "typo", "negation", "wrap", "apostrophe")
SYLLABLES = [a + b for a in "bcdfglmnprstv" for b in ("a", "e", "i", "o", "u", "ou", "ai", "an")]
FR = {
    "det": ["le", "la", "les", "un", "une", "des", "l'", "cette", "ces", "son", "sa", "ses"],
    "prep": ["de", "du", "à", "au", "aux", "avec", "pour", "par", "sur", "dans", "contre", "d'"],
    "conj": ["et", "mais", "que", "qui", "ou", "donc", "car"],
    "aux": ["a", "est", "sont", "ont", "était", "va", "peut", "doit"],
    "suffix": ["ement", "ation", "ique", "eur", "ée", "ité", "oire", "ence", "age", "iste"],
    "fillers": ["désormais", "également", "notamment", "officiellement", "finalement"],
}
EN = {
    "det": ["the", "a", "an", "this", "these", "its", "their", "his", "her"],
    "prep": ["of", "to", "in", "with", "for", "by", "on", "against", "from", "at"],
    "conj": ["and", "but", "that", "which", "or", "so", "because"],
    "aux": ["has", "is", "are", "have", "was", "will", "can", "must"],
    "suffix": ["ment", "tion", "ic", "er", "ed", "ity", "ory", "ence", "age", "ist"],
    "fillers": ["now", "also", "notably", "officially", "finally"],
}


def _invent(rng: random.Random, n: int, suffixes: list[str]) -> list[str]:
    words: set[str] = set()
    while len(words) < n:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))
        words.add(stem + rng.choice(suffixes))
    return sorted(words)


class Zipf:
    """Draws from a list with probability proportional to 1 / rank ** s."""

    def __init__(self, items: list[str], rng: random.Random, s: float = 1.05) -> None:
        self.items = items[:]
        rng.shuffle(self.items)
        self.cum = list(itertools.accumulate(1 / (r + 1) ** s for r in range(len(items))))

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


@dataclass(frozen=True)
class Plant:
    claim: str
    article: str
    noise: str
    negated: bool


@dataclass
class Synthetic:
    articles: dict[str, str]
    claims_yaml: str
    plants: list[Plant]
    claim_ids: list[str]


class _Language:
    def __init__(self, rng: random.Random, spec: dict[str, list[str]], vocab: int) -> None:
        self.spec = spec
        self.words = Zipf(_invent(rng, vocab, spec["suffix"]), rng)
        names = sorted({n.capitalize() for n in _invent(rng, 2000, ["", "ia", "on", "ex"])})
        self.names = Zipf(names, rng, s=1.0)

    def clause(self, rng: random.Random) -> list[str]:
        s = self.spec
        out = [rng.choice(s["det"]), self.words.draw(rng)]
        if rng.random() < 0.5:
            out.append(self.names.draw(rng))
        out += [rng.choice(s["aux"]), self.words.draw(rng), rng.choice(s["prep"])]
        out += [rng.choice(s["det"]), self.words.draw(rng), self.words.draw(rng)]
        if rng.random() < 0.3:
            out += [
                rng.choice(s["prep"]),
                str(rng.choice([rng.randint(2, 99), rng.randint(1990, 2030)])),
            ]
        return out

    def sentence(self, rng: random.Random) -> str:
        words = self.clause(rng)
        if rng.random() < 0.5:
            words += [rng.choice(self.spec["conj"])] + self.clause(rng)
        text = " ".join(words).replace("' ", "'")
        return text[0].upper() + text[1:] + "."

    def phrasing(self, rng: random.Random) -> str:
        """A claim phrasing: content words with a name and often a number."""
        s = self.spec
        words = [
            self.names.draw(rng),
            rng.choice(s["aux"]),
            self.words.draw(rng),
            rng.choice(s["prep"]),
            rng.choice(s["det"]),
            self.words.draw(rng),
            self.words.draw(rng),
            rng.choice(s["prep"]),
            self.names.draw(rng),
        ]
        if rng.random() < 0.6:
            words += [rng.choice(s["prep"]), str(rng.randint(1990, 2030))]
        return " ".join(words).replace("' ", "'")


def perturb(
    rng: random.Random, words: list[str], longest: int, noise: str, fillers: list[str]
) -> None:
    """The word-level noises, in place: a filler inserted, an inflection or a typo in the
    longest word."""
    if noise == "insert":
        words.insert(rng.randint(2, len(words) - 1), rng.choice(fillers))
    elif noise == "inflection":
        words[longest] += "s" if not words[longest].endswith("s") else "e"
    elif noise == "typo":
        w = words[longest]
        k = len(w) // 2
        words[longest] = w[:k] + w[k + 1] + w[k] + w[k + 2 :]


def noisy(rng: random.Random, phrasing: str, noise: str, lang: _Language) -> tuple[str, bool]:
    """The phrasing as an article would print it, and whether it is negated."""
    words = phrasing.split()
    negated = False
    longest = max(range(2, len(words)), key=lambda i: (len(words[i]), -i))
    perturb(rng, words, longest, noise, lang.spec["fillers"])
    if noise == "negation":
        negated = True
        # after the auxiliary: "X n'a pas ...", "X has not ..."
        if lang.spec is FR:
            words[1:2] = ["ne", words[1], "pas"]
        else:
            words[1:2] = [words[1], "not"]
    text = " ".join(words)
    if noise == "apostrophe":
        text = text.replace("'", "\u2019")
    return text, negated


def generate(
    n_articles: int,
    n_claims: int,
    seed: int = 1,
    sentences: int = 30,
    planted_share: float = 0.1,
    vocab: int = 30_000,
) -> Synthetic:
    rng = random.Random(seed)
    langs = {"fr": _Language(rng, FR, vocab), "en": _Language(rng, EN, vocab)}
    claims = []
    for i in range(n_claims):
        lang = "fr" if i % 2 == 0 else "en"
        claims.append((f"c{i:05d}", lang, [langs[lang].phrasing(rng) for _ in range(3)]))
    articles: dict[str, list[str]] = {}
    article_lang = {}
    for a in range(n_articles):
        lang = "fr" if a % 2 == 0 else "en"
        name = f"a{a:06d}.txt"
        article_lang[name] = lang
        articles[name] = [langs[lang].sentence(rng) for _ in range(sentences)]
    plants: list[Plant] = []
    wrapped: set[str] = set()
    names = sorted(articles)
    for cid, lang, phrasings in claims:
        if rng.random() >= planted_share:
            continue
        same = [n for n in names if article_lang[n] == lang]
        for article in rng.sample(same, min(len(same), rng.randint(1, 3))):
            noise = NOISE[len(plants) % len(NOISE)]
            text, negated = noisy(rng, rng.choice(phrasings), noise, langs[lang])
            body = articles[article]
            body.insert(rng.randint(0, len(body)), text + ".")
            if noise == "wrap":
                wrapped.add(article)
            plants.append(Plant(cid, article, noise, negated))
    for article in wrapped:
        # the site hard-wraps its articles at 72 columns
        articles[article] = textwrap.wrap(" ".join(articles[article]), 72)
    lines = ["claims:"]
    for cid, _, phrasings in claims:
        lines += [f"  - id: {cid}", f'    claim: "{phrasings[0]}"', "    supports:"]
        lines += [f'      - "{p}"' for p in phrasings[1:]]
    return Synthetic(
        articles={name: "\n".join(body) + "\n" for name, body in articles.items()},
        claims_yaml="\n".join(lines) + "\n",
        plants=plants,
        claim_ids=[c[0] for c in claims],
    )


def write(synthetic: Synthetic, folder: Path) -> tuple[Path, Path]:
    articles = folder / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    for name, text in synthetic.articles.items():
        (articles / name).write_text(text, encoding="utf-8")
    claims = folder / "claims.yaml"
    claims.write_text(synthetic.claims_yaml, encoding="utf-8")
    return claims, articles
