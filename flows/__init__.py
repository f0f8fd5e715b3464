"""casefile: news articles about a case -> open datasets of events, people and citations."""

__version__ = "0.1.0"
