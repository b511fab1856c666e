"""Scoring alone, in one process: the engine's cost per article, and a digest of its findings.

    python benchmarks/scan.py                        # topical, 1,000 articles x 1,000 claims
    python benchmarks/scan.py --profile sparse --articles 10000

No reading of files, no cache, no report: the articles are parsed into one shard and every
claim is scanned over it, as one worker does. The digest covers every finding (stance,
score, place, flags, closest passages), so two versions of the engine that print the same
digest found exactly the same things; a speed-up that changes the digest changed behaviour.
The cyclic garbage collector is off, as it is while a shard is scored (shards.no_collections).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate, write  # noqa: E402
from topical import generate_topical  # noqa: E402


def _paired(found: Any) -> Any:
    """The findings with each piece of evidence's matched words as (start, end) pairs, as
    Found.spans held them before `937c3b5` made them one flat tuple: digests stay comparable
    across that change."""
    evidence = tuple(
        e._replace(spans=tuple(zip(e.spans[::2], e.spans[1::2], strict=True)))
        for e in found.evidence
    )
    return found._replace(evidence=evidence)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", choices=("topical", "sparse"), default="topical")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from claimcheck.claims import load_claims
    from claimcheck.matching.passages import Corpus
    from claimcheck.matching.scan import scan
    from claimcheck.matching.variants import common_keys

    try:
        from claimcheck.shards import no_collections as collections
    except ImportError:  # an engine from before it (for before/after figures)
        try:
            from claimcheck.shards import few_collections as collections
        except ImportError:
            collections = contextlib.nullcontext  # type: ignore[assignment]

    folder = Path(tempfile.mkdtemp(prefix="claimcheck-scan-"))
    if args.profile == "topical":
        synthetic = generate_topical(args.articles, args.claims, seed=args.seed)
    else:
        synthetic = generate(args.articles, args.claims, seed=args.seed)
    claims_path, _ = write(synthetic, folder)
    claims = load_claims(claims_path).claims
    os.chdir(folder)  # articles named "articles/…", as a report names them, whatever the folder
    articles = Path("articles")
    digest = hashlib.sha256()
    with collections():
        started = time.perf_counter()
        corpus = Corpus.load(articles, lambda message: None)
        loaded = time.perf_counter()
        common = common_keys(claims)
        for claim in claims:
            for path, found in scan(claim, corpus, common=common).items():
                digest.update(repr((claim.id, path, _paired(found))).encode("utf-8"))
        done = time.perf_counter()
    print(
        f"claimcheck scan: CPython {platform.python_version()} ({platform.machine()}), "
        f"profile={args.profile}, seed={args.seed}, {args.articles:,} articles x "
        f"{args.claims:,} claims, {len(corpus.passages):,} passages"
    )
    print(f"load and index  {loaded - started:7.2f} s")
    per_article = (done - loaded) / args.articles * 1e3
    print(f"scan            {done - loaded:7.2f} s  ({per_article:.1f} ms an article)")
    print(f"findings digest {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
