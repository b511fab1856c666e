"""`claimcheck suggest`: a typed claim made into a curated entry, phrased as the articles are."""

from __future__ import annotations

from typing import Annotated

import typer

from ..claims import load_claims, one_claim, typed_claim
from ..engine import find_claim
from ..suggest import suggest, write_entry
from .configured import ConfigOpt, NoConfigOpt, configured
from .exits import EXIT_OK
from .handling import user_errors
from .options import (
    DEFAULT_ARTICLES,
    DEFAULT_CLAIMS,
    ArticlesOpt,
    CacheDirOpt,
    ClaimsOpt,
    JobsOpt,
    MinScoreOpt,
    NoCacheOpt,
)
from .running import RunOptions, execute
from .terminal import Color, ColorOpt, QuietOpt, VerboseOpt

EPILOG = (
    "Examples:\n\n\b\n"
    "  claimcheck suggest \"Un juge fédéral a bloqué l'interdiction d'investir dans Xiaomi\"\n"
    '  claimcheck suggest "Xiaomi a porté plainte contre le Pentagone" --write\n'
    '  claimcheck suggest "A federal judge blocked the ban on investing in Xiaomi" --semantic'
)


@user_errors
@configured
def suggest_cmd(
    ctx: typer.Context,
    claim: Annotated[str, typer.Argument(help="The claim, in your own words.")],
    claims: ClaimsOpt = DEFAULT_CLAIMS,
    articles: ArticlesOpt = DEFAULT_ARTICLES,
    min_score: MinScoreOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    jobs: JobsOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    color: ColorOpt = Color.auto,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Add the entry to the claims file (validated, in its place, atomically; "
            "comments and order are kept).",
        ),
    ] = False,
    semantic: Annotated[
        bool,
        typer.Option(
            "--semantic",
            help="Offer the passages closest in meaning to an absent claim as phrasings, in "
            "French and English alike: an English claim gets French phrasings from French "
            "articles (the 'semantic' extra: pip install 'claimcheck-news[semantic]').",
        ),
    ] = False,
) -> int:
    """Turn a typed claim into a curated entry: phrasings cut from its closest passages.

    Prints a claims-file entry ready to paste (a fresh id, the claim, `supports` and
    `contradicts` phrasings from the passages that hold most of its words, each cut to its
    clause, on the side its negation says). Review it: the words are the articles', the
    judgement that they state the claim is yours. With --semantic, a claim the words leave
    absent gets the passages closest in meaning instead, in either language, each whole
    unless it holds most of the claim's words: the model finds them, it does not judge them.
    Exit status: 0 done (a note on stderr when nothing is close enough), 2 bad input (or
    --semantic without its extra)."""
    claim = typed_claim(claim)
    claims_file = load_claims(claims) if claims.exists() else None
    lookup = find_claim(claim, claims_file)
    if lookup.curated:
        typer.echo(
            f"claimcheck: note: the claims file already has this claim as '{lookup.claim.id}'",
            err=True,
        )
        return EXIT_OK
    one = one_claim(lookup.claim, claims, claims_file)
    options = RunOptions(
        claims=claims,
        articles=articles,
        min_score=min_score,
        cache_dir=cache_dir,
        no_cache=no_cache,
        jobs=jobs,
        quiet=quiet,
        verbose=verbose,
        color=color,
        semantic=semantic,
    )
    report = execute(options, one, ctx, cached=claims_file is not None)
    taken = [c.id for c in claims_file.claims] if claims_file else []
    found = suggest(claim, report.claims[0], taken)
    if not found.phrasings:
        nor = ", nor is any close enough in meaning," if semantic else ""
        typer.echo(
            f"claimcheck: note: no passage holds enough of the claim's words{nor} to suggest a "
            "phrasing; try the articles' own words",
            err=True,
        )
        return EXIT_OK
    entry = found.entry()
    typer.echo(entry, nl=False)
    if write:
        added = write_entry(claims, found, lambda m: typer.echo(f"claimcheck: {m}", err=True))
        said = f"added '{added}' to" if added else "another writer added this claim to"
        typer.echo(f"claimcheck: {said} {claims.as_posix()}", err=True)
    return EXIT_OK
