"""Validate search requests and run them against the index.

This is the pure core of searching: it knows nothing about Flask. The web
layer hands ``parse_request`` the query-string parameters and renders or
jsonifies whatever ``search`` returns, so the page and the API show the same
dict.
"""
from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import highlight, sorting
from whoosh.index import Index
from whoosh.qparser import FieldsPlugin, MultifieldParser
from whoosh.query import And, DateRange, Every, Query, Term
from whoosh.searching import Hit, Searcher

from quotearchive.errors import QueryError
from quotearchive.index import open_index
from quotearchive.models import SearchRequest, SearchResult

MAX_QUERY_LENGTH = 500
MAX_FILTER_LENGTH = 200
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100

# Words are looked for in the quote itself and in who said it ("Rutte escalation"
# finds Rutte's quotes about escalation). Words found only around a quote would
# list quotes that do not contain them, so evidence and titles are not searched.
SEARCH_FIELDS = {"text": 3.0, "speaker": 2.0}

FACETS = {"speaker": "speaker_exact", "outlet": "outlet_exact"}

NEWEST_FIRST = sorting.MultiFacet([
    sorting.FieldFacet("date_order", reverse=True),
    sorting.FieldFacet("id"),
])


# --- parsing the request -----------------------------------------------------


def parse_request(params: Mapping[str, str]) -> SearchRequest:
    """Turn query-string parameters into a SearchRequest, or raise QueryError saying why not."""
    q = (params.get("q") or "").strip()
    _check_query_syntax(q)
    date_from = _parse_date(params, "from")
    date_to = _parse_date(params, "to")
    if date_from and date_to and date_from > date_to:
        raise QueryError(f"'from' ({date_from}) is after 'to' ({date_to})")
    return SearchRequest(
        q=q,
        speaker=_parse_filter(params, "speaker"),
        outlet=_parse_filter(params, "outlet"),
        date_from=date_from,
        date_to=date_to,
        page=_parse_int(params, "page", default=1, minimum=1),
        per_page=_parse_int(params, "per_page", default=DEFAULT_PER_PAGE,
                            minimum=1, maximum=MAX_PER_PAGE),
    )


def _check_query_syntax(q: str) -> None:
    """Reject queries whose quotes or parentheses do not pair up."""
    if len(q) > MAX_QUERY_LENGTH:
        raise QueryError(f"query is too long ({len(q)} characters, at most {MAX_QUERY_LENGTH})")
    if q.count('"') % 2:
        raise QueryError('unbalanced double quote in query: every " needs a closing "')
    depth = 0
    # Parentheses inside a quoted phrase are just characters, so skip phrases.
    for position, part in enumerate(q.split('"')):
        if position % 2:
            continue
        for char in part:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth < 0:
                raise QueryError("unbalanced parentheses in query: ')' without a matching '('")
    if depth:
        raise QueryError("unbalanced parentheses in query: '(' without a matching ')'")


def _parse_filter(params: Mapping[str, str], name: str) -> str | None:
    value = (params.get(name) or "").strip()
    if len(value) > MAX_FILTER_LENGTH:
        raise QueryError(f"'{name}' is too long (at most {MAX_FILTER_LENGTH} characters)")
    return value or None


def _parse_date(params: Mapping[str, str], name: str) -> dt.date | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        # fromisoformat would also take "20240305"; insist on the readable form.
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"'{name}' must be a date written YYYY-MM-DD, not {value!r}") from None


def _parse_int(params: Mapping[str, str], name: str, default: int,
               minimum: int, maximum: int | None = None) -> int:
    value = (params.get(name) or "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise QueryError(f"'{name}' must be a whole number, not {value[:20]!r}") from None
    if number < minimum or (maximum is not None and number > maximum):
        allowed = f"between {minimum} and {maximum}" if maximum else f"at least {minimum}"
        raise QueryError(f"'{name}' must be {allowed}, not {number}")
    return number


# --- running it ----------------------------------------------------------------


def search(index_dir_or_index: str | Path | Index, request: SearchRequest) -> SearchResult:
    """Run one search and return the requested page with highlights and facet counts."""
    with _searcher(index_dir_or_index) as searcher:
        query = _build_query(searcher, request.q)
        results = searcher.search(
            query,
            filter=_build_filter(request),
            # Collect only as far as the requested page; facets still count every match.
            limit=max(1, min(request.page * request.per_page, searcher.doc_count())),
            sortedby=None if request.q else NEWEST_FIRST,
            groupedby={name: sorting.FieldFacet(field) for name, field in FACETS.items()},
            maptype=sorting.Count,
        )
        results.fragmenter = highlight.WholeFragmenter()
        results.formatter = MarkFormatter()
        first = (request.page - 1) * request.per_page
        hits = results[first:first + request.per_page] if first < len(results) else []
        return SearchResult(
            query=request.q,
            total=len(results),
            page=request.page,
            per_page=request.per_page,
            results=[_hit_dict(hit) for hit in hits],
            facets={name: _facet_counts(results.groups(name)) for name in FACETS},
            request=request,
        )


def get_quote(index_dir_or_index: str | Path | Index, quote_id: str) -> dict[str, Any] | None:
    """Return one quote as its dict, or None if no quote has that id."""
    with _searcher(index_dir_or_index) as searcher:
        stored = searcher.document(id=quote_id)
    return json.loads(stored["payload"]) if stored else None


def same_statement(index_dir_or_index: str | Path | Index, quote: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the other reports of ``quote``'s statement, oldest first."""
    if not quote.get("statement"):
        return []
    with _searcher(index_dir_or_index) as searcher:
        hits = searcher.search(Term("statement", quote["statement"]), limit=None,
                               sortedby=NEWEST_FIRST, reverse=True)
        others = [json.loads(hit["payload"]) for hit in hits]
    return [other for other in others if other["id"] != quote["id"]]


@contextmanager
def _searcher(index_dir_or_index: str | Path | Index) -> Iterator[Searcher]:
    index = (index_dir_or_index if isinstance(index_dir_or_index, Index)
             else open_index(index_dir_or_index))
    with index.searcher() as searcher:
        yield searcher


def _build_query(searcher: Searcher, q: str) -> Query:
    """Parse the user's words with Whoosh's syntax; an empty query matches everything."""
    if not q:
        return Every()
    parser = MultifieldParser(list(SEARCH_FIELDS), searcher.schema, fieldboosts=SEARCH_FIELDS)
    # No "field:value" syntax: filters have their own parameters, and a stored-only
    # field named in a query would only produce an error from deep inside Whoosh.
    parser.remove_plugin_class(FieldsPlugin)
    try:
        return parser.parse(q)
    except Exception as exc:  # Whoosh raises assorted types for syntax it cannot read
        raise QueryError("could not understand the query: check its quotes, parentheses "
                         "and AND/OR/NOT") from exc


def _build_filter(request: SearchRequest) -> Query | None:
    """Return the exact-value and date-range conditions, or None if there are none."""
    conditions: list[Query] = []
    if request.speaker:
        # Joint statements ("He and Rutte condemned ...") count for each speaker;
        # names match whatever their case ("mark rutte").
        conditions.append(Term("speakers", request.speaker.replace(",", " ").lower()))
    if request.outlet:
        conditions.append(Term("outlet_key", request.outlet.lower()))
    if request.date_from or request.date_to:
        conditions.append(DateRange("date", _midnight(request.date_from),
                                    _midnight(request.date_to)))
    return And(conditions) if conditions else None


def _midnight(day: dt.date | None) -> dt.datetime | None:
    # Dates are indexed as midnight, so an inclusive range of midnights is a range of days.
    return dt.datetime.combine(day, dt.time()) if day else None


def _hit_dict(hit: Hit) -> dict[str, Any]:
    """Return the stored quote dict plus its text with the matching words marked."""
    quote = json.loads(hit["payload"])
    # minscore=0 returns the whole (escaped) text even when only another field matched.
    quote["highlight"] = hit.highlights("text", top=1, minscore=0) or html.escape(quote["text"])
    return quote


def _facet_counts(counts: Mapping[Any, int]) -> list[dict[str, Any]]:
    """Return facet values with their counts, most frequent first, unknown values left out."""
    entries = [{"value": value, "count": count} for value, count in counts.items() if value]
    return sorted(entries, key=lambda entry: (-entry["count"], entry["value"]))


class MarkFormatter(highlight.Formatter):
    """Wrap matching words in <mark> and HTML-escape every other character."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"<mark>{html.escape(highlight.get_text(text, token, replace))}</mark>"
