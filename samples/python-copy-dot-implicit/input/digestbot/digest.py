import feedparser
import requests


def build_digest(feeds: list[str], per_feed: int = 5) -> str:
    lines = []
    for url in feeds:
        parsed = feedparser.parse(url)
        lines.append(f"*{parsed.feed.get('title', url)}*")
        for entry in parsed.entries[:per_feed]:
            lines.append(f"• <{entry.link}|{entry.title}>")
    return "\n".join(lines)


def post(webhook: str, text: str) -> None:
    requests.post(webhook, json={"text": text}, timeout=10).raise_for_status()
