"""Routes: parse the request, call the search core, render or jsonify the same dict.

As in Datasette, one function builds the dict for a search; the HTML page
renders it and the JSON API returns it unchanged, so they cannot disagree.
"""
from __future__ import annotations

from typing import Any

from flask import (Blueprint, Response, abort, current_app, jsonify, render_template,
                   request, url_for)
from werkzeug.exceptions import HTTPException
from whoosh.index import Index

from quotearchive import search
from quotearchive.errors import IndexNotFound, QueryError
from quotearchive.models import SearchResult

bp = Blueprint("archive", __name__)


def live_index() -> Index:
    """Return the app's open index, reopened if a rebuild has swapped in a new one."""
    return current_app.extensions["quotearchive.index"].get()


def run_search() -> SearchResult:
    """Run the search the query string asks for."""
    return search.search(live_index(), search.parse_request(request.args))


def find_quote(quote_id: str) -> dict[str, Any]:
    """Return one quote's dict, or stop with a 404."""
    quote = search.get_quote(live_index(), quote_id)
    if quote is None:
        abort(404, description=f"no quote with id {quote_id!r}")
    return quote


@bp.get("/")
def search_page() -> str:
    result = run_search()
    return render_template("search.html", data=result.to_dict(), search=result.request.to_dict())


@bp.get("/api/search")
def search_api() -> Response:
    return jsonify(run_search().to_dict())


@bp.get("/quotes/<path:quote_id>")
def quote_page(quote_id: str) -> str:
    quote = find_quote(quote_id)
    return render_template("quote.html", quote=quote,
                           also_reported=search.same_statement(live_index(), quote))


@bp.get("/api/quotes/<path:quote_id>")
def quote_api(quote_id: str) -> Response:
    return jsonify(find_quote(quote_id))


@bp.app_template_global()
def search_url(search: dict[str, Any], **changes: Any) -> str:
    """Return the search page URL for ``search`` with ``changes`` applied, keeping every filter."""
    params = {**search, **changes}
    return url_for("archive.search_page",
                   **{name: value for name, value in params.items() if value not in (None, "")})


# --- errors: JSON under /api/, a page everywhere else; never a traceback -------


@bp.app_errorhandler(QueryError)
def bad_query(error: QueryError):
    return error_response(400, "Bad search", str(error))


@bp.app_errorhandler(IndexNotFound)
def no_index(error: IndexNotFound):
    return error_response(503, "No index yet", str(error))


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    return error_response(error.code or 500, error.name, error.description or error.name)


@bp.app_errorhandler(Exception)
def unexpected_error(error: Exception):
    current_app.logger.exception("unexpected error")
    return error_response(500, "Something went wrong", "the server could not answer this request")


def error_response(status: int, title: str, message: str):
    """Answer an error as JSON for the API and as a page for people."""
    if request.path.startswith("/api/"):
        return jsonify({"error": message}), status
    return render_template("error.html", status=status, title=title, message=message), status
