import hashlib

from flask import Flask, abort, redirect, request

_links: dict[str, str] = {}


def create_app() -> Flask:
    app = Flask(__name__)

    @app.post("/")
    def shorten():
        url = request.get_data(as_text=True).strip()
        key = hashlib.sha1(url.encode()).hexdigest()[:7]
        _links[key] = url
        return key + "\n"

    @app.get("/<key>")
    def follow(key: str):
        if key not in _links:
            abort(404)
        return redirect(_links[key])

    return app
