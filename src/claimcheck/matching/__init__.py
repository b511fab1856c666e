"""Finding a claim's phrasings in passages: words and terms, candidates, alignment."""
