import os

from digestbot.digest import build_digest, post

feeds = os.environ.get("DIGEST_FEEDS", "").split()
webhook = os.environ["DIGEST_WEBHOOK"]
post(webhook, build_digest(feeds))
