"""`claimcheck verify`: one claim, typed, with the quotes behind its verdict."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from ..checks import assess
from ..claims import ClaimsFile, load_claims, one_claim, typed_claim
from ..engine import DEFAULT_MAX_EVIDENCE, find_claim
from ..formats.registry import Format
from ..pipeline import sample_language
from ..text import guess_language
from .configured import ConfigOpt, NoConfigOpt, configured, from_config
from .handling import user_errors
from .options import (
    DEFAULT_ARTICLES,
    DEFAULT_CLAIMS,
    ArticlesOpt,
    AsOfOpt,
    CacheDirOpt,
    ClaimsOpt,
    FormatOpt,
    IncludeAbsentOpt,
    JobsOpt,
    LanguageOpt,
    MaxEvidenceOpt,
    MinScoreOpt,
    NoCacheOpt,
    OutputOpt,
    PublisherOpt,
    ReviewUrlOpt,
    SemanticOpt,
)
from .output import Publish, emit, output_of
from .running import RunOptions, execute
from .terminal import Color, ColorOpt, QuietOpt, VerboseOpt

EPILOG = (
    'Example:\n\n\b\n  claimcheck verify "Xiaomi is barred from trading with US firms"\n'
    '  claimcheck verify "Xiaomi a déposé une plainte" --format json'
)


@user_errors
@configured
def verify_cmd(
    ctx: typer.Context,
    claim: Annotated[str, typer.Argument(help="The claim to check, in any language.")],
    claims: ClaimsOpt = DEFAULT_CLAIMS,
    articles: ArticlesOpt = DEFAULT_ARTICLES,
    min_score: MinScoreOpt = None,
    fmt: FormatOpt = Format.table,
    output: OutputOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    jobs: JobsOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    color: ColorOpt = Color.auto,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    as_of: AsOfOpt = None,
    max_evidence: MaxEvidenceOpt = DEFAULT_MAX_EVIDENCE,
    semantic: SemanticOpt = False,
    publisher: PublisherOpt = None,
    review_url: ReviewUrlOpt = None,
    language: LanguageOpt = None,
    include_absent: IncludeAbsentOpt = False,
) -> None:
    """Check one claim: its verdict and the quotes behind it.

    A claim that matches a curated claim (or one of its aliases) in the claims file is
    checked with that claim's phrasings; any other text is matched literally. The cache of
    `report` and `check` is used, so a curated claim over a warm archive answers at once."""
    claim = typed_claim(claim)
    claims_file: ClaimsFile | None = None
    explicit = claims != DEFAULT_CLAIMS or from_config(ctx, "claims")
    if explicit or claims.exists():
        claims_file = load_claims(claims)
    lookup = find_claim(claim, claims_file)
    one = one_claim(lookup.claim, claims, claims_file)
    if quiet:
        pass
    elif lookup.curated:
        typer.echo(
            f"claimcheck: using curated claim '{lookup.claim.id}' "
            f"({lookup.similarity:.0f}% similar)",
            err=True,
        )
    else:
        lang, corpus_lang = guess_language(claim), sample_language(articles)
        if lang and corpus_lang and lang != corpus_lang:
            typer.echo(
                f"claimcheck: note: the claim looks '{lang}' but the articles look "
                f"'{corpus_lang}'; literal matching across languages finds little. Add a "
                f"curated claim with '{corpus_lang}' phrasings to {claims.as_posix()} "
                "(claimcheck suggest --semantic proposes some).",
                err=True,
            )
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
        as_of=as_of,
        max_evidence=max_evidence,
        semantic=semantic,
    )
    # the cache is kept beside a claims file: an ad-hoc claim without one has none
    report = execute(options, one, ctx, cached=claims_file is not None)
    (result,) = report.claims
    if not lookup.curated:
        result = replace(result, claim=claim)
    publish = Publish(
        claims=claims,
        publisher=publisher,
        review_url=review_url,
        claims_file=claims_file,
        language=language,
        include_absent=include_absent,
        quiet=quiet,
    )
    emit(
        fmt,
        output_of("verify", assess([result]), report, fmt, publish, lookup),
        output,
        options.look,
    )
