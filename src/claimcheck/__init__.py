"""claimcheck: offline, deterministic fact-checking of curated claims against news articles."""

__version__ = "0.1.0"
