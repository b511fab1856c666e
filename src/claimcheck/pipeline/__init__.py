"""A full run over a claims file and an articles folder, in three steps: plan, score, assemble."""

from __future__ import annotations

import time

from ..cache import rerun_on_failure
from ..shards import no_collections
from ..writer import Writer
from .assemble import Texts, assemble, report_of
from .paraphrase import paraphrases
from .plan import earlier_report, open_cache, plan, read_articles, select
from .request import Report, RunRequest, RunStats
from .score import score
from .sources import sample_language
from .store import FindingsWrite, finish

__all__ = ("Report", "RunRequest", "RunStats", "run", "sample_language")


@rerun_on_failure
@no_collections()
def run(request: RunRequest) -> Report:
    """Check every claim against every article (those dated up to `as_of`), scoring only what
    the cache lacks; each claim lists its `max_evidence` strongest quotes (0: all)."""
    started = time.perf_counter()
    articles = read_articles(request)
    cache = open_cache(request)
    writer: Writer | None = None
    try:
        selection = select(request, articles, cache)
        planned = plan(request, selection, cache)
        known = earlier_report(request, planned, cache)
        if known is not None:
            return report_of(request, planned, None, known, time.perf_counter() - started)
        scored = score(request, planned, cache)
        if cache is not None:
            writer = Writer(cache, FindingsWrite(planned, scored))
        texts = Texts({s.display: s.data for s in selection.sources})
        results = paraphrases(request, planned, assemble(request, planned, scored, texts))
        if writer is not None:
            finish(request, planned, writer, results)
    finally:
        if writer is not None:
            writer.stop()  # Ctrl-C or an error: its transaction is undone
        if cache:
            cache.close()
    if request.keep is not None:
        request.keep.append((scored, texts))
    return report_of(request, planned, scored, results, time.perf_counter() - started)
