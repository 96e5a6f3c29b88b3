"""The Flask application: the search page, the quote pages and the JSON API.

Only this package imports Flask. ``create_app`` follows the factory pattern of
Flask's tutorial: defaults first, then the caller's configuration on top.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

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


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the QuoteArchive web application."""
    app = Flask(__name__, template_folder=str(TEMPLATES))
    # Keys in the order the dicts give them (query, total, results ... as to_dict() lists
    # them), not sorted: sorting every dict took a fifth of encoding a page of results.
    app.json.sort_keys = False
    # UTF-8 as it is rather than \u escapes: smaller for names and quotes in other scripts,
    # and a quarter quicker to encode.
    app.json.ensure_ascii = False
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
