"""What the cache keeps of a run: its findings (written beside the conclusions), its results."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ..cache import Cache
from ..report import ClaimResult
from ..writer import Writer
from .plan import Plan, report_key
from .request import RunRequest
from .score import Scored


@dataclass(frozen=True)
class FindingsWrite:
    """The cache write of a run's findings, as a Writer runs it: in the writer's process
    where there is one (deciding the claims needs none of it). The workers encoded the
    findings (those with evidence or a near miss)."""

    planned: Plan
    scored: Scored

    def __call__(self, into: Cache) -> None:
        keys = self.planned.selection.keys
        first, rescanned = self.scored.first, self.scored.rescanned
        scanned = first.findings
        # a rescan covers every article, not only the re-scored ones
        again = self.scored.again
        hash_of = {
            s.display: s.hash
            for s in (self.planned.selection.sources if again else self.planned.dirty)
        }
        evident = {
            cid
            for cid, per_article in scanned.items()
            if any(f.evidence for f in per_article.values())
        }
        # near misses and closest passages count only for a claim without evidence: a claim
        # with some keeps none (a quarter of a topical archive's findings), is marked partial
        # below, and is scored again in every article if it loses all its evidence
        rows = [
            (keys[cid], hash_of[path], data)
            for cid, per_article in first.encoded.items()
            for path, data in per_article.items()
            if cid not in evident or scanned[cid][path].evidence
        ]
        rows += [
            (keys[cid], hash_of[path], data)
            for cid, per_article in rescanned.encoded.items()
            for path, data in per_article.items()
        ]
        closeness = [
            (keys[cid], hash_of[path], -neg, line, column, start, end)
            for result in (first, rescanned)
            for cid, near in result.close.items()
            if result is rescanned or cid not in evident
            for neg, path, line, column, start, end in near
        ]
        counts = first.passages
        into.store(
            self.planned.selection.claimset,
            keys.values(),
            [(s.hash, counts[s.display]) for s in self.planned.dirty],
            rows,
            closeness,
            partial={keys[cid] for cid in evident},
            complete=[keys[c.id] for c in again],
            lemmas=self.planned.selection.lemmas.items(),
        )


def finish(
    request: RunRequest, planned: Plan, writer: Writer, results: Sequence[ClaimResult]
) -> None:
    """Wait for the findings to land, then keep the results for a run over the same inputs
    (said, not raised, when the cache could not take them)."""
    error = writer.wait()
    try:
        if error is None:
            key = report_key(request, planned.selection)
            writer.cache.store_report(key, planned.selection.claimset, results)
    except sqlite3.Error as exc:
        error = str(exc)
    if error is not None:
        request.warn(f"{writer.cache.path.as_posix()}: could not update the cache ({error})")
