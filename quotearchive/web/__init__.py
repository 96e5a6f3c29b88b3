"""The Flask application: the search page, the quote pages and the JSON API.

Only this package imports Flask. ``create_app`` follows the factory pattern of
Flask's tutorial: defaults first, then the caller's configuration on top.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
from flask import Flask
from flask.json.provider import DefaultJSONProvider

from quotearchive.index import DEFAULT_INDEX_DIR, LiveIndex
from quotearchive.search import SearcherPool

# The design keeps templates/ at the top of the repository, beside index/.
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# Everything is served from this origin: no CDN, no inline script or style.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class FastJSONProvider(DefaultJSONProvider):
    """Flask's JSON answers, encoded by orjson (``quotearchive.fastjson`` says why).

    The same bytes as Flask's compact JSON with these settings: keys in the
    order the dicts give them (query, total, results ... as to_dict() lists
    them; sorting every dict took a fifth of encoding a page of results), and
    UTF-8 as it is rather than \\u escapes. Dates and dataclasses go through
    Flask's own conversion, as before; a string orjson refuses (a lone
    surrogate) sends the answer through the standard library's, escaped.
    """

    sort_keys = False
    ensure_ascii = False
    OPTIONS = (orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
               | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_APPEND_NEWLINE)

    def response(self, *args: Any, **kwargs: Any):
        if self.compact is False or (self.compact is None and self._app.debug):
            return super().response(*args, **kwargs)  # indented, for people
        value = self._prepare_response_obj(args, kwargs)
        try:
            body = orjson.dumps(value, default=self.default, option=self.OPTIONS)
        except orjson.JSONEncodeError:
            # A lone surrogate cannot be written as UTF-8 at all: \\u escapes, as JSON allows.
            body = json.dumps(value, default=self.default, ensure_ascii=True, sort_keys=False,
                              separators=(",", ":")) + "\n"
        return self._app.response_class(body, mimetype=self.mimetype)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the QuoteArchive web application."""
    app = Flask(__name__, template_folder=str(TEMPLATES))
    app.json = FastJSONProvider(app)
    app.config.from_mapping(INDEX_DIR=str(DEFAULT_INDEX_DIR))
    if test_config is not None:
        app.config.from_mapping(test_config)
    # Answers to the same search kept per index generation (quotearchive.search.search);
    # off in tests, which change the search's limits between two requests.
    app.config.setdefault("REMEMBER_RESULTS", not app.config.get("TESTING"))

    # One open index per app, reopened when a rebuild swaps in a new one, and its
    # searchers kept open between requests (each used by one request at a time).
    live = LiveIndex(app.config["INDEX_DIR"])
    app.extensions["quotearchive.index"] = live
    # Outside tests, a new index generation's per-document arrays are read in the background.
    app.extensions["quotearchive.searchers"] = SearcherPool(
        live, warm=app.config.get("WARM_SEARCHERS", not app.config.get("TESTING")))

    from quotearchive.web import views

    app.register_blueprint(views.bp)

    @app.after_request
    def add_security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
