"""Routes: parse the request, call the core, render or jsonify the same dict.

As in Datasette, one function builds the dict for each page; the HTML page
renders it and its JSON twin returns it unchanged, so they cannot disagree.
Every page has a twin: the same URL with ``.json`` added, the same URL asked
for with ``Accept: application/json``, and a route under ``/api/``.
"""
from __future__ import annotations

import functools
from typing import Any, ContextManager
from urllib.parse import quote, quote_plus, urlencode

from flask import (Blueprint, Response, abort, current_app, g, jsonify, redirect,
                   render_template, request, stream_with_context, url_for)
from werkzeug.exceptions import HTTPException
from whoosh.searching import Searcher

from quotearchive import browse, export, search
from quotearchive.errors import IndexNotFound, QueryError
from quotearchive.models import slugify
from quotearchive.web.openapi import openapi_spec

bp = Blueprint("archive", __name__)

JSON_SUFFIX = ".json"
# Characters werkzeug leaves unescaped in a query string (https://url.spec.whatwg.org/#percent-encoded-bytes).
URL_SAFE = "!$'()*,/:;?@"
# Characters werkzeug's path converter leaves unescaped (https://url.spec.whatwg.org/#url-path-segment-string).
PATH_SAFE = "!$&'()*+,/:;=@"


def borrowed_searcher() -> ContextManager[Searcher]:
    """Lend one of the app's open searchers on the live index for a ``with`` block."""
    return current_app.extensions["quotearchive.searchers"].borrow()


def wants_json() -> bool:
    """Tell whether this request asks for the JSON twin rather than the page."""
    if request.path.startswith("/api/") or request.path.endswith(JSON_SUFFIX):
        return True
    # A browser asks for text/html first; an API client asking only for JSON gets JSON.
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def respond(template: str, data: dict[str, Any]):
    """Answer with the page rendered from ``data``, or with ``data`` itself as JSON."""
    if wants_json():
        return jsonify(data)
    return render_template(template, data=data)


def strip_json_suffix(value: str) -> str:
    return value[:-len(JSON_SUFFIX)] if value.endswith(JSON_SUFFIX) else value


# --- search ----------------------------------------------------------------------


def search_data(result: search.SearchResult) -> dict[str, Any]:
    """Return a search's answer as the page's dict, with the page's links."""
    data = result.to_dict()
    state = data["search"]
    # Clicking a facet filters on it; clicking it again removes the filter.
    links = search_links()
    data["facets"] = {name: [{**entry, "toggle_url": links.facet_url(
        state, name, None if entry["selected"] else entry["value"])}
        for entry in entries] for name, entries in data["facets"].items()}
    last = data["pages"]
    data["links"] = {
        "self": search_url(state),
        "json": search_url(state, _endpoint="archive.search_json"),
        "first": search_url(state, page=1) if data["page"] > 1 else None,
        "prev": search_url(state, page=min(data["page"] - 1, last)) if data["page"] > 1 else None,
        "next": search_url(state, page=data["page"] + 1) if data["page"] < last else None,
        "last": search_url(state, page=last) if data["page"] < last else None,
        "csv": search_url(state, page=None, per_page=None, _endpoint="archive.export_csv"),
        "jsonl": search_url(state, page=None, per_page=None, _endpoint="archive.export_jsonl"),
        "suggestion": (search_url(state, q=data["suggestion"], page=None)
                       if data["suggestion"] else None),
        # The speaker page of everyone quoted on this page.
        "speakers": {name: speaker_url(name)
                     for name in dict.fromkeys(name for quote in data["results"]
                                               for name in [quote["speaker"], *quote["co_speakers"]])
                     if name},
    }
    return data


def _rendered(result: search.SearchResult, as_json: bool) -> bytes:
    """Return the search page's body: its dict as JSON, or the page rendered from it."""
    data = search_data(result)
    if as_json:
        return jsonify(data).get_data()
    # (surrogatepass: a quote holding a lone surrogate, which UTF-8 cannot spell, is still
    # sent; a browser shows the mark for a bad character there.)
    return render_template("search.html", data=data).encode("utf-8", "surrogatepass")


@bp.get("/search", endpoint="search_alias")
@bp.get("/search.json", endpoint="search_json")
@bp.get("/api/search", endpoint="search_api")
@bp.get("/")  # listed last so that links to the search page are built as "/"
def search_page():
    as_json = wants_json()
    if not as_json and any(value == "" for value in request.args.values()):
        # A form sent without JavaScript names every field, empty or not: answer with
        # the same search at its short address, the one worth bookmarking.
        state = search.parse_request(request.args).to_dict()
        return redirect(search_url(state))
    render = functools.partial(_rendered, as_json=as_json)
    search_request = search.parse_request(request.args)
    with borrowed_searcher() as searcher:
        if current_app.config["REMEMBER_RESULTS"]:
            # Kept as sent: its links start with the address the app is served under.
            body = search.remembered(searcher, search_request, (as_json, request.script_root), render)
        else:
            body = render(search.search(searcher, search_request))
    return current_app.response_class(body, mimetype="application/json" if as_json else "text/html")


@bp.app_template_global()
def search_url(state: dict[str, Any], _endpoint: str = "archive.search_page", **changes: Any) -> str:
    """Return the search page URL for a search's ``state`` with ``changes`` applied, keeping every filter."""
    return search_links().url(state, _endpoint, changes)


def search_links() -> SearchLinks:
    """The request's builder of links to searches."""
    links = g.get("search_links")
    if links is None:
        links = g.search_links = SearchLinks()
    return links


class SearchLinks:
    """Build one request's links to searches, each a search's state with a change or two.

    A search page has some sixty links (one per facet value). Built one by one
    with url_for they took a sixth of a search's time; here each endpoint's
    address is looked up once, the state's name=value pairs are encoded once,
    as url_for encodes a query string (werkzeug's _urlencode), and a link only
    encodes what it changes.
    """

    def __init__(self) -> None:
        self._bases: dict[str, str] = {}
        self._state: dict[str, Any] | None = None  # held, so that ``is`` cannot match a new dict
        self._state_pieces: dict[str, str | None] = {}
        self._facet_halves: dict[str, tuple[str, str]] = {}

    def url(self, state: dict[str, Any], endpoint: str, changes: dict[str, Any]) -> str:
        pieces = self._pieces_of(state)
        if changes:
            pieces = dict(pieces)
            for name, value in changes.items():
                # A link may ask for page 1 (the "first" link); never for the default size.
                if name == "per_page" and _is_default(name, value):
                    value = None
                pieces[name] = _encoded_pair(name, value)
        query = "&".join(piece for piece in pieces.values() if piece)
        base = self._base(endpoint)
        return f"{base}?{query}" if query else base

    def facet_url(self, state: dict[str, Any], name: str, value: Any) -> str:
        """``url(state, search page, {name: value, "page": None})``, for each value of a facet:
        the query string around the facet's place is joined once per facet."""
        if value is None or value == "":
            return self.url(state, "archive.search_page", {name: None, "page": None})
        self._pieces_of(state)
        halves = self._facet_halves.get(name)
        if halves is None:
            pieces = {**self._state_pieces, name: "\0", "page": None}  # \0: where the value goes
            before, _, after = "&".join(piece for piece in pieces.values() if piece).partition("\0")
            halves = self._facet_halves[name] = (f"{self._base('archive.search_page')}?{before}", after)
        return f"{halves[0]}{_encoded_pair(name, value)}{halves[1]}"

    def _pieces_of(self, state: dict[str, Any]) -> dict[str, str | None]:
        if state is not self._state:
            self._state, self._facet_halves = state, {}
            # Defaults stay out of the address: page 1 and the default page size.
            self._state_pieces = {name: _encoded_pair(name, None if _is_default(name, value) else value)
                                  for name, value in state.items()}
        return self._state_pieces

    def _base(self, endpoint: str) -> str:
        base = self._bases.get(endpoint)
        if base is None:
            base = self._bases[endpoint] = url_for(endpoint)
        return base


def _encoded_pair(name: str, value: Any) -> str | None:
    """Return ``name=value`` as url_for encodes it in a query string, or None for no value."""
    if value is None or value == "":
        return None
    if isinstance(value, (str, int, float)):
        return _encoded_plain_pair(name, value)
    return urlencode([(name, value)], safe=URL_SAFE)


# typed: 1 and True are equal keys, but "1" and "True" in an address.
@functools.lru_cache(maxsize=8192, typed=True)  # facet values (speakers, outlets, years) come again and again
def _encoded_plain_pair(name: str, value: str | int | float) -> str:
    # What urlencode() makes of one pair of these, without its checks per call.
    return f"{quote_plus(name, safe=URL_SAFE)}={quote_plus(str(value), safe=URL_SAFE)}"


def _is_default(name: str, value: Any) -> bool:
    return (name == "page" and value == 1) or (name == "per_page" and value == search.DEFAULT_PER_PAGE)


# The pages named by one path value, and that value's name in their route.
PAGE_VALUES = {"archive.quote_page": "quote_id", "archive.article_page": "article_id",
               "archive.speaker_page": "slug"}


@bp.app_template_global()
def page_url(endpoint: str, value: str) -> str:
    """Return the address of a quote's, an article's or a speaker's page.

    A page of results links to some three hundred of them (each report of
    each statement): url_for for each took three quarters of rendering the
    page. The route's address is built once per request, then the value is
    encoded as werkzeug's path converter encodes it.
    """
    prefixes = g.get("page_url_prefixes")
    if prefixes is None:
        prefixes = g.page_url_prefixes = {}
    prefix = prefixes.get(endpoint)
    if prefix is None:
        # Built for a one-character value, which the converter leaves as it is.
        prefix = prefixes[endpoint] = url_for(endpoint, **{PAGE_VALUES[endpoint]: "-"})[:-1]
    return prefix + quote(value, safe=PATH_SAFE)


@bp.app_template_global()
def quote_url(quote_id: str) -> str:
    return page_url("archive.quote_page", quote_id)


@bp.app_template_global()
def article_url(article_id: str) -> str:
    return page_url("archive.article_page", article_id)


@bp.app_template_global()
def speaker_url(name: str) -> str:
    """Return the address of a speaker's page, from the speaker's name."""
    return page_url("archive.speaker_page", slugify(name))


# --- export --------------------------------------------------------------------------


def export_response(kind: str) -> Response:
    """Stream every quote the search matches (not only one page) as CSV or JSON Lines."""
    search_request = search.parse_request(request.args)  # a bad request fails before streaming
    pool = current_app.extensions["quotearchive.searchers"]
    with pool.borrow() as searcher:  # so do a missing index and a wildcard that expands too far
        search.check_query(searcher, search_request.q)
    mimetype, lines = export.FORMATS[kind]

    def stream():
        # The searcher is held while the response streams and given back at its end.
        with pool.borrow() as searcher:
            yield from lines(search.iter_matches(searcher, search_request))

    response = Response(stream_with_context(stream()), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="quotes.{kind}"'
    return response


@bp.get("/export.csv")
@bp.get("/api/export.csv", endpoint="export_csv_api")
def export_csv() -> Response:
    return export_response("csv")


@bp.get("/export.jsonl")
@bp.get("/api/export.jsonl", endpoint="export_jsonl_api")
def export_jsonl() -> Response:
    return export_response("jsonl")


# --- quotes, speakers, articles ---------------------------------------------------------


@bp.get("/quotes/<path:quote_id>")
def quote_page(quote_id: str):
    with borrowed_searcher() as searcher:
        quote_id = _known_id(quote_id, lambda value: search.get_quote(searcher, value))
        data = browse.quote_page(searcher, quote_id,
                                 permalink=url_for("archive.quote_page", quote_id=quote_id,
                                                   _external=True))
    if data is None:
        abort(404, description=f"no quote with id {quote_id!r}")
    return respond("quote.html", data)


@bp.get("/api/quotes/<path:quote_id>")
def quote_api(quote_id: str) -> Response:
    with borrowed_searcher() as searcher:
        quote = search.get_quote(searcher, quote_id)
    if quote is None:
        abort(404, description=f"no quote with id {quote_id!r}")
    return jsonify(quote)


@bp.get("/speakers/<path:slug>")
@bp.get("/api/speakers/<path:slug>", endpoint="speaker_api")
def speaker_page(slug: str):
    slug = strip_json_suffix(slug)
    page = search.parse_page(request.args)
    with borrowed_searcher() as searcher:
        data = browse.speaker_page(searcher, slug, page=page)
    if data is None:
        abort(404, description=f"no speaker {slug!r} in the archive")
    data["links"] = {
        "self": url_for("archive.speaker_page", slug=slug, page=page if page > 1 else None),
        "search": url_for("archive.search_page", speaker=data["speaker"]),
        "prev": (url_for("archive.speaker_page", slug=slug, page=page - 1)
                 if page > 1 else None),
        "next": (url_for("archive.speaker_page", slug=slug, page=page + 1)
                 if page < data["pages"] else None),
    }
    return respond("speaker.html", data)


@bp.get("/articles/<path:article_id>")
@bp.get("/api/articles/<path:article_id>", endpoint="article_api")
def article_page(article_id: str):
    article_id = strip_json_suffix(article_id)
    with borrowed_searcher() as searcher:
        data = browse.article_page(searcher, article_id)
    if data is None:
        abort(404, description=f"no article with id {article_id!r}")
    return respond("article.html", data)


def _known_id(value: str, lookup) -> str:
    """Return ``value`` without a ``.json`` suffix unless a record has the whole of it as its id."""
    if value.endswith(JSON_SUFFIX) and lookup(value) is None:
        return strip_json_suffix(value)
    return value


@bp.get("/api/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_spec())


# --- errors: JSON under /api/ and for the JSON twins, a page elsewhere; never a traceback ---


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
    if wants_json():
        return jsonify({"error": message}), status
    return render_template("error.html", status=status, title=title, message=message), status
