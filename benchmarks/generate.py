"""A deterministic synthetic corpus: news-like French and English articles, claims, plants.

Most claims have no evidence; some of their phrasings are planted in a few articles with
realistic noise (an inserted word, an inflection, a typo, an added negation, hard-wrapped
lines, typographic apostrophes). The plants are returned so that recall can be measured.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass
from pathlib import Path

FR_SUBJECTS = [
    "le gouvernement",
    "la société",
    "le ministère",
    "l'entreprise",
    "le tribunal",
    "la banque",
    "le constructeur",
    "l'opérateur",
    "la commission",
    "le régulateur",
    "l'agence",
    "le groupe",
    "la justice",
    "le parlement",
    "la direction",
    "le syndicat",
    "l'armée",
    "la police",
]
FR_VERBS = [
    "annonce",
    "prépare",
    "conteste",
    "publie",
    "finance",
    "examine",
    "interdit",
    "autorise",
    "sanctionne",
    "rachète",
    "vend",
    "ouvre",
    "ferme",
    "lance",
    "suspend",
    "critique",
    "soutient",
    "négocie",
    "accuse",
    "rejoint",
    "quitte",
    "investit",
    "développe",
    "remplace",
    "bloque",
]
FR_OBJECTS = [
    "un nouveau plan",
    "les sanctions",
    "la liste noire",
    "les actions",
    "un accord commercial",
    "une enquête",
    "le marché européen",
    "les smartphones",
    "une usine",
    "les investisseurs",
    "les exportations",
    "la décision du juge",
    "un recours",
    "les données des clients",
    "le réseau 5G",
    "les entreprises chinoises",
    "les entreprises américaines",
    "une amende",
    "les applications",
    "le projet de loi",
    "la fusion",
    "les tarifs douaniers",
]
FR_TAILS = [
    "depuis janvier",
    "à Paris",
    "selon plusieurs sources",
    "en Europe",
    "pour la deuxième fois",
    "malgré les critiques",
    "au cours du trimestre",
    "avant la fin de l'année",
    "à Pékin",
    "sans prévenir",
    "dans un communiqué",
    "face à la concurrence",
    "cette semaine",
]
EN_SUBJECTS = [
    "the government",
    "the company",
    "the ministry",
    "the court",
    "the bank",
    "the regulator",
    "the agency",
    "the group",
    "the manufacturer",
    "the operator",
    "the commission",
    "congress",
    "the board",
    "the union",
    "the department",
    "investors",
    "analysts",
    "the senate",
]
EN_VERBS = [
    "announced",
    "prepared",
    "disputed",
    "published",
    "financed",
    "examined",
    "banned",
    "approved",
    "sanctioned",
    "bought",
    "sold",
    "opened",
    "closed",
    "launched",
    "suspended",
    "criticised",
    "supported",
    "negotiated",
    "accused",
    "joined",
    "left",
    "invested in",
]
EN_OBJECTS = [
    "a new plan",
    "the sanctions",
    "the blacklist",
    "the shares",
    "a trade agreement",
    "an investigation",
    "the european market",
    "the smartphones",
    "a factory",
    "the investors",
    "the exports",
    "the judge's ruling",
    "an appeal",
    "the customer data",
    "the 5G network",
    "the chinese companies",
    "the american firms",
    "a fine",
    "the apps",
    "the bill",
    "the merger",
]
EN_TAILS = [
    "since january",
    "in washington",
    "according to several sources",
    "in europe",
    "for the second time",
    "despite criticism",
    "during the quarter",
    "before the end of the year",
    "in beijing",
    "without warning",
    "in a statement",
    "amid competition",
    "this week",
]
NAMES = [
    "Xiaomi",
    "Huawei",
    "Oppo",
    "Vivo",
    "Lenovo",
    "ZTE",
    "Tencent",
    "Alibaba",
    "Baidu",
    "DJI",
    "Nokia",
    "Ericsson",
    "Samsung",
    "Sony",
    "Siemens",
    "Airbus",
    "Renault",
    "Orange",
    "Thales",
]
FILLERS_FR = ["désormais", "également", "notamment", "officiellement", "finalement", "encore"]
FILLERS_EN = ["now", "also", "notably", "officially", "finally", "again"]
NOISE = ("insert", "inflection", "typo", "negation", "wrap", "apostrophe", "exact")


@dataclass(frozen=True)
class Plant:
    claim: str
    article: str
    noise: str
    negated: bool


def sentence(rng: random.Random, lang: str) -> str:
    if lang == "fr":
        subj, verb, obj, tail = FR_SUBJECTS, FR_VERBS, FR_OBJECTS, FR_TAILS
    else:
        subj, verb, obj, tail = EN_SUBJECTS, EN_VERBS, EN_OBJECTS, EN_TAILS
    name = rng.choice(NAMES)
    parts = [rng.choice(subj), rng.choice(verb), rng.choice(obj)]
    if rng.random() < 0.5:
        parts.insert(1, name if rng.random() < 0.5 else f"de {name}" if lang == "fr" else name)
    else:
        parts.append(f"de {name}" if lang == "fr" else f"of {name}")
    if rng.random() < 0.7:
        parts.append(rng.choice(tail))
    if rng.random() < 0.3:
        parts.append(f"{rng.randint(2, 99)} %" if lang == "fr" else f"{rng.randint(2, 99)}%")
    text = " ".join(parts)
    return text[0].upper() + text[1:] + "."


def claim_phrasing(rng: random.Random, lang: str) -> str:
    """A phrasing that the background text does not produce: a rare fixed combination."""
    a, b = rng.sample(NAMES, 2)
    subj = rng.choice(FR_SUBJECTS if lang == "fr" else EN_SUBJECTS)
    verb = rng.choice(FR_VERBS if lang == "fr" else EN_VERBS)
    obj = rng.choice(FR_OBJECTS if lang == "fr" else EN_OBJECTS)
    year = rng.randint(1990, 2030)
    link = "avec" if lang == "fr" else "with"
    return (
        f"{a} et {subj} {verb} {obj} {link} {b} en {year}"
        if lang == "fr"
        else (f"{a} and {subj} {verb} {obj} {link} {b} in {year}")
    )


def noisy(rng: random.Random, phrasing: str, noise: str, lang: str) -> tuple[str, bool]:
    """The phrasing as an article would print it, and whether it is negated."""
    words = phrasing.split()
    negated = False
    if noise == "insert":
        words.insert(
            rng.randint(1, len(words) - 1), rng.choice(FILLERS_FR if lang == "fr" else FILLERS_EN)
        )
    elif noise == "inflection":
        idx = max(range(len(words)), key=lambda i: (len(words[i]), -i))
        words[idx] = words[idx] + ("s" if not words[idx].endswith("s") else "")
    elif noise == "typo":
        idx = max(range(len(words)), key=lambda i: (len(words[i]), -i))
        w = words[idx]
        k = len(w) // 2
        words[idx] = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    elif noise == "negation":
        negated = True
        verbs = {v.split()[0] for v in (FR_VERBS if lang == "fr" else EN_VERBS)}
        idx = next(i for i, w in enumerate(words) if w in verbs and i > 1)
        if lang == "fr":
            words[idx : idx + 1] = ["ne", words[idx], "pas"]
        else:
            words.insert(idx, "has not")
    text = " ".join(words)
    if noise == "apostrophe":
        text = text.replace("'", "\u2019")
    return text, negated


@dataclass
class Synthetic:
    articles: dict[str, str]
    claims_yaml: str
    plants: list[Plant]
    claim_ids: list[str]


def generate(
    n_articles: int, n_claims: int, seed: int = 1, sentences: int = 30, planted_share: float = 0.1
) -> Synthetic:
    rng = random.Random(seed)
    claims = []
    for i in range(n_claims):
        lang = "fr" if i % 2 == 0 else "en"
        phrasings = [claim_phrasing(rng, lang) for _ in range(3)]
        claims.append((f"c{i:05d}", lang, phrasings))
    articles: dict[str, list[str]] = {}
    langs = {}
    for a in range(n_articles):
        lang = "fr" if a % 2 == 0 else "en"
        langs[f"a{a:06d}.txt"] = lang
        articles[f"a{a:06d}.txt"] = [sentence(rng, lang) for _ in range(sentences)]
    plants: list[Plant] = []
    names = sorted(articles)
    for cid, lang, phrasings in claims:
        if rng.random() >= planted_share:
            continue
        same_lang = [n for n in names if langs[n] == lang]
        for article in rng.sample(same_lang, min(len(same_lang), rng.randint(1, 3))):
            noise = NOISE[len(plants) % len(NOISE)]
            text, negated = noisy(rng, rng.choice(phrasings), noise, lang)
            body = articles[article]
            body.insert(rng.randint(0, len(body)), text[0].upper() + text[1:] + ".")
            if noise == "wrap":
                # hard-wrap the whole article at 72 columns, as some sites do
                articles[article] = textwrap.wrap(" ".join(body), 72)
            plants.append(Plant(cid, article, noise, negated))
    lines = ["claims:"]
    for cid, _, phrasings in claims:
        lines.append(f"  - id: {cid}")
        lines.append(f'    claim: "{phrasings[0]}"')
        lines.append("    supports:")
        lines.extend(f'      - "{p}"' for p in phrasings[1:])
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
