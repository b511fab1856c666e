"""What `report --semantic` makes of a claim the words leave absent, over a small corpus held in
memory (the benchmarks' claims with their own few sentences): shared by climate_fever.py and
paraphrase_pairs.py."""

from __future__ import annotations

from typing import Any


def judge_by_meaning(claim: Any, corpus: Any) -> Any:
    """The claim judged on the corpus's passages close to it in meaning (cosine 0.8 or more)
    as paraphrases (pipeline/paraphrase.py), or None when it stays absent."""
    from claimcheck.engine import conclude
    from claimcheck.pipeline.paraphrase import MIN_SIMILARITY, capped, paraphrase_findings
    from claimcheck.semantic.model import load, numpy

    np = numpy()
    model = load()
    passages = list(corpus.passages)
    if not passages:
        return None
    query = model.queries([claim.claim])[0]
    vectors = model.passages([p.text for p in passages])
    similarity = vectors @ query / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(query))
    close = [p for p, s in zip(passages, similarity, strict=True) if s >= MIN_SIMILARITY]
    if not close:
        return None
    found = paraphrase_findings(claim, corpus, close)
    return capped(conclude(claim, found, texts=corpus.text_of))


def checked(claim: Any, corpus: Any, semantic: bool) -> tuple[Any, bool]:
    """The claim's result as `report` gives it (with `--semantic` when asked), and whether it
    rests on paraphrase matches."""
    from claimcheck.engine import check_claim

    result = check_claim(claim, corpus)
    if semantic and result.verdict == "absent":
        judged = judge_by_meaning(claim, corpus)
        if judged is not None:
            return judged, True
    return result, False
