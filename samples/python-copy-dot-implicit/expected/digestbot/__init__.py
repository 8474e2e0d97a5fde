"""Posts a daily digest of RSS feeds to a chat webhook."""

__version__ = "0.7.1"
