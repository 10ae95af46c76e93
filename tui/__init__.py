"""briefing: a terminal reader for curated news briefings."""

__version__ = "0.1.0"
