"""Validate search requests and run them against the index.

This is the pure core of searching: it knows nothing about Flask. The web
layer hands ``parse_request`` the query-string parameters and renders or
jsonifies whatever ``search`` returns, so the page and the API show the same
dict.
"""
from __future__ import annotations

import datetime as dt
import gc
import heapq
import html
import itertools
import math
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.index import Index
from whoosh.qparser import FieldsPlugin, MultifieldParser, PhrasePlugin
from whoosh.query import (And, AndNot, Every, MultiTerm, Not, NullQuery,
                          PatternQuery, Phrase, Query, Term)
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from quotearchive import fastjson, postings
from quotearchive.columns import RecentlyUsed, columns_for
from quotearchive.errors import QueryError
from quotearchive.fast_analysis import compile_spans, compile_words, whole_matches
from quotearchive.index import ENGLISH, EXACT, LiveIndex, open_index
from quotearchive.models import SORTS, SearchRequest, SearchResult

MAX_QUERY_LENGTH = 500
MAX_FILTER_LENGTH = 200
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
# Paging deeper than this would make one request order most of a million matches;
# the export streams every match instead.
MAX_RESULT_WINDOW = 10_000
# Facet counts visit at most this many matches; beyond, they count the first ones and
# the answer says so in ``partial``.
FACET_VISIT_LIMIT = 200_000
# A search still collecting matches after this many seconds answers with what it has,
# flagged ``partial``, so that one request cannot hold a worker for long.
SEARCH_TIME_BUDGET = 2.0
DEADLINE_CHECK_EVERY = 2048
# A wildcard or a range over words is run as every indexed word it covers: "a*" would be
# thousands. Too short a beginning, or too many words, is refused with a 400.
MIN_WILDCARD_PREFIX = 2
MAX_EXPANDED_TERMS = 256
# Reports of one statement listed beside each result (the quote page lists them all).
REPORTS_PER_STATEMENT = 20
# Facets list the most frequent values; a long tail (thousands of speakers)
# would make every page heavy. A selected value is always listed.
FACET_LIMIT = 20
# Years outside this span are typing mistakes, not a filter worth running.
MIN_YEAR, MAX_YEAR = 1800, 2200

# Words are looked for in the quote itself and in who said it ("Rutte escalation"
# finds Rutte's quotes about escalation). Words found only around a quote would
# list quotes that do not contain them, so evidence and titles are not searched.
SEARCH_FIELDS = {"text": 3.0, "speaker": 2.0}
# A "quoted phrase" in the text is matched on the words as written: one word on the
# unstemmed copy, several on the pairs of neighbouring words (quotearchive.index.PAIRS).
PHRASE_FIELDS = {"text", "text_exact"}

FACETS = {"speaker": "speaker_exact", "outlet": "outlet_exact", "year": "year"}
# The request attribute each facet filters on.
FACET_FILTERS = {"speaker": "speaker", "outlet": "outlet", "year": "year"}



# --- parsing the request -----------------------------------------------------


def parse_request(params: Mapping[str, str]) -> SearchRequest:
    """Turn query-string parameters into a SearchRequest, or raise QueryError saying why not."""
    q = (params.get("q") or "").strip()
    _check_query_syntax(q)
    date_from, date_to = _parse_range(params, "from", "to")
    published_from, published_to = _parse_range(params, "published_from", "published_to")
    return SearchRequest(
        q=q,
        speaker=_parse_filter(params, "speaker"),
        outlet=_parse_filter(params, "outlet"),
        year=_parse_int(params, "year", default=None, minimum=MIN_YEAR, maximum=MAX_YEAR),
        date_from=date_from,
        date_to=date_to,
        published_from=published_from,
        published_to=published_to,
        sort=_parse_sort(params),
        page=_parse_int(params, "page", default=1, minimum=1),
        per_page=_parse_int(params, "per_page", default=DEFAULT_PER_PAGE,
                            minimum=1, maximum=MAX_PER_PAGE),
    )


def parse_page(params: Mapping[str, str]) -> int:
    """Return the ``page`` parameter (1 when absent), or raise QueryError saying what is wrong."""
    return _parse_int(params, "page", default=1, minimum=1)


def _parse_range(params: Mapping[str, str], first: str, last: str) -> tuple[dt.date | None, dt.date | None]:
    start, end = _parse_date(params, first), _parse_date(params, last)
    if start and end and start > end:
        raise QueryError(f"'{first}' ({start}) is after '{last}' ({end})")
    return start, end


def _parse_sort(params: Mapping[str, str]) -> str | None:
    value = (params.get("sort") or "").strip().lower()
    if value and value not in SORTS:
        raise QueryError(f"'sort' must be one of {', '.join(SORTS)}, not {value[:20]!r}")
    return value or None


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


def _parse_int(params: Mapping[str, str], name: str, default: int | None,
               minimum: int, maximum: int | None = None) -> int | None:
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


def search(index_dir_or_index: str | Path | Index, request: SearchRequest,
           time_budget: float | None = None, remember: bool = False) -> SearchResult:
    """Run one search and return the requested page with highlights and facet counts.

    The matches are found once, as document numbers, without scoring; the
    total and the facet counts come from them and from per-document arrays
    read once per index generation (``quotearchive.columns``). Only the page
    is then ranked (by Whoosh for relevance, by the cached date order
    otherwise), read and highlighted. A search still collecting matches
    after ``time_budget`` seconds (``SEARCH_TIME_BUDGET`` by default) answers
    with what it found, flagged ``partial``.

    With ``remember``, the answer is kept for the index generation (see
    ``remembered``) and the same request answered from it.
    """
    if not remember:
        budget = _budget(time_budget)
        with open_searcher(index_dir_or_index) as searcher:
            return _search(searcher, columns_for(searcher), request, time.monotonic() + budget, budget)[0]
    return _unpacked(remembered(index_dir_or_index, request, "result", _packed, time_budget), request)


def remembered(index_dir_or_index: str | Path | Index, request: SearchRequest, form: Any,
               render: Callable[[SearchResult], bytes], time_budget: float | None = None) -> bytes:
    """Return ``render(search(request))``, kept for the index generation.

    The same searches come again and again (the front page, a name in the
    news): the server keeps its answers as the bytes it sends (``form`` names
    the rendering, a page or its JSON), so a popular search is neither run nor
    rendered twice. They are kept compressed, the most recently asked for
    first, within ``columns.REMEMBERED_BYTES``: a page of twenty quotes with
    its facets and reports is some 60 kB as JSON and 12 kB compressed, and
    inflating it (~0.2 ms) is far cheaper than searching. An answer cut short
    by the time budget is not kept; a new generation (a rebuild or an add)
    starts with none.
    """
    budget = _budget(time_budget)
    with open_searcher(index_dir_or_index) as searcher:
        columns = columns_for(searcher)
        key = (form, *request.to_dict().items())
        found = columns.results.get(key)
        if found is not None:
            return zlib.decompress(found)
        result, in_time = _search(searcher, columns, request, time.monotonic() + budget, budget)
        body = render(result)
        if in_time:
            packed = zlib.compress(body, 1)
            columns.results.put(key, packed, len(packed))
        return body


def _budget(time_budget: float | None) -> float:
    # SEARCH_TIME_BUDGET is read now, not as a default argument, so that it can be changed.
    return SEARCH_TIME_BUDGET if time_budget is None else time_budget


# What a kept answer holds beyond its request (SearchResult's own fields).
_PACKED_FIELDS = ("query", "total", "page", "per_page", "results", "facets", "statements",
                  "suggestion", "partial")


def _packed(result: SearchResult) -> bytes:
    """Return a search answer as JSON bytes, to be kept: many more fit in the memory kept
    for them than as Python objects (300 kB a page)."""
    text = fastjson.dumps({name: getattr(result, name) for name in _PACKED_FIELDS})
    # (surrogatepass: a quote may hold a lone surrogate, which UTF-8 cannot spell.)
    return text.encode("utf-8", "surrogatepass")


def _unpacked(packed: bytes, request: SearchRequest) -> SearchResult:
    return SearchResult(request=request, **fastjson.loads(packed.decode("utf-8", "surrogatepass")))


def _search(searcher: Searcher, columns, request: SearchRequest, deadline: float,
            time_budget: float) -> tuple[SearchResult, bool]:
    """Return the answer, and whether it was found within the time budget."""
    words = build_query(searcher.schema, request.q)
    check_expansion(searcher.reader(), words)
    query = with_filters(words, request)
    first = (request.page - 1) * request.per_page
    quick = _date_range_only(columns, query, request, first)
    if quick is not None:
        total, counts, numbers = quick
        notes: list[str] = []
        in_time = True
    else:
        total, counts, numbers, notes, in_time = _match_and_rank(
            searcher, columns, words, query, request, first, deadline, time_budget)
    highlighter = Highlighter(highlight_terms(searcher.reader(), words))
    quotes = [_quote_dict(searcher.stored_fields(number), highlighter) for number in numbers]
    return SearchResult(
        query=request.q,
        total=total,
        page=request.page,
        per_page=request.per_page,
        results=quotes,
        facets={name: _facet_counts(name, counts[field], request, total)
                for name, field in FACETS.items()},
        request=request,
        statements=_statements(searcher, columns, quotes),
        suggestion=_suggest(searcher, request) if not total and request.q else None,
        partial="; ".join(notes) or None,
    ), in_time


def _check_window(first: int, request: SearchRequest, total: int) -> None:
    if first + request.per_page > MAX_RESULT_WINDOW:
        raise QueryError(f"only the first {MAX_RESULT_WINDOW:,} matches can be paged through "
                         f"({total:,} matched): narrow the search, or export it")


def _date_range_only(columns, query: Query, request: SearchRequest, first: int
                     ) -> tuple[int, dict[str, dict[str, int]], list[int]] | None:
    """Answer a search that is one date range and nothing else from the day buckets alone
    (and one with nothing at all from cached totals).

    The total and the facets come from running totals per bucket (plus the
    two edge buckets counted document by document), and a newest/oldest page
    of a said-date range from the buckets at that end: no per-match work,
    whatever the width of the range. Returns None for any other search.
    """
    ranges = [(field, start, end) for field, start, end in (
        ("date_order", request.date_from, request.date_to),
        ("published_day", request.published_from, request.published_to)) if start or end]
    if not isinstance(query, Every) or len(ranges) > 1:
        return None
    if not ranges:
        return _everything(columns, request, first)
    field, start, end = ranges[0]
    low = start.toordinal() if start else 1
    high = end.toordinal() if end else dt.date.max.toordinal()
    counted = columns.count_in_range(field, low, high, FACETS.values())
    if counted is None:
        return None
    total, counts = counted
    order = request.effective_sort
    if first >= total:
        return total, counts, []
    _check_window(first, request, total)
    wanted = first + request.per_page
    if field == "date_order" and order in ("newest", "oldest"):
        return total, counts, columns.newest_in_range(field, low, high, order, wanted)[first:]
    within = columns.in_range(field, low, high)
    if order == "relevance":
        return total, counts, heapq.nsmallest(wanted, within)[first:]  # no words: index order
    return total, counts, _first_in_order(columns, order, within, wanted)[first:]


def _everything(columns, request: SearchRequest, first: int
                ) -> tuple[int, dict[str, dict[str, int]], list[int]]:
    """Answer the search with no words and no filters (the front page) from cached totals
    and the cached order: at a million quotes, counting and sorting everything per request
    would take a good part of a second."""
    everything = columns.live_docs()
    total = len(everything)
    counts = {field: columns.count_all(field) for field in FACETS.values()}
    if first >= total:
        return total, counts, []
    _check_window(first, request, total)
    wanted = first + request.per_page
    order = request.effective_sort
    listed = everything if order == "relevance" else columns.in_order(order)
    return total, counts, list(listed[first:wanted])


def _match_and_rank(searcher: Searcher, columns, words: Query, query: Query, request: SearchRequest,
                    first: int, deadline: float, time_budget: float
                    ) -> tuple[int, dict[str, dict[str, int]], list[int], list[str], bool]:
    """Find every match, count its facets, and rank the page: (total, counts, page, notes,
    whether it was all done within the time budget)."""
    rank_while_matching = (request.effective_sort == "relevance" and not isinstance(words, Every)
                           and request.page * request.per_page <= MAX_RESULT_WINDOW)
    matched, complete, ranked = _matching_docs(
        searcher, columns, query, request, deadline,
        keep_best=request.page * request.per_page if rank_while_matching else 0)
    total = len(matched)
    ranked_in_time = True
    if first >= total:
        numbers: list[int] = []  # beyond the last page: an empty page, not an error
    else:
        _check_window(first, request, total)
        if ranked is not None:
            numbers = ranked[first:first + request.per_page]
        else:
            try:
                numbers = _page(searcher, columns, words, query, matched, request, first,
                                filtered=not complete or _has_dates(request), deadline=deadline)
            except _OutOfTime as stopped:
                numbers, ranked_in_time = stopped.numbers, False
    notes = [] if complete else [
        f"the search took longer than {time_budget:g} s: it stopped after {total:,} matches, "
        "so the total, the facets and the order cover those only"]
    if complete and not ranked_in_time:
        notes.append(f"the search took longer than {time_budget:g} s: the total and the "
                     "facets are complete, but this page is not ranked by relevance")
    counted = matched
    if total > FACET_VISIT_LIMIT:
        counted = matched[:FACET_VISIT_LIMIT]
        notes.append(f"facet counts cover the first {FACET_VISIT_LIMIT:,} of {total:,} matches")
    # Array indexes are numpy's intp: converted once here rather than by each facet's look-up
    # (which took twice as long with int32 numbers).
    counted = np.asarray(counted, dtype=np.intp)
    # A facet lists its FACET_LIMIT most frequent values, and the one filtered on: without
    # a filter on it, only the values that can be among those are counted out.
    counts = {field: columns.count(field, counted, most=None if name == "year"
                                   or getattr(request, FACET_FILTERS[name]) else FACET_LIMIT)
              for name, field in FACETS.items()}
    return total, counts, numbers, notes, complete and ranked_in_time


def _has_dates(request: SearchRequest) -> bool:
    return any((request.date_from, request.date_to, request.published_from, request.published_to))


def _has_phrase(query: Query) -> bool:
    return any(isinstance(node, Phrase) for node in query.leaves())


def _matching_docs(searcher: Searcher, columns, query: Query, request: SearchRequest,
                   deadline: float, keep_best: int = 0
                   ) -> tuple[np.ndarray, bool, list[int] | None]:
    """Return the numbers of every document the search matches (an ascending array),
    whether all were found, and, when ``keep_best`` is set, the ``keep_best``
    best-scored of them, best first (or None: then the caller ranks the page).

    Date ranges are not in the query: a numeric range there walks thousands
    of index terms per search at a million quotes. Alone, they are served
    from the cached day buckets; with words or filters, the matches' days
    are looked up in the cached day arrays. Words, phrases and filters are
    matched over whole posting lists (``quotearchive.postings``), scored on
    the way when ``keep_best`` is set; other queries (wildcards, word
    ranges ...) go through Whoosh's matchers, without scoring unless a
    phrase makes ranking as costly as matching. The deadline is checked
    every block read, or every few thousand matches.
    """
    ranges = _day_ranges(columns, request)
    if isinstance(query, Every):
        if not ranges:
            return columns.live_array(), True, None
        field = "date_order" if request.date_from or request.date_to else "published_day"
        within = np.sort(_as_numbers(columns.in_range(field, *ranges[0][1:])))
        return within[_within(ranges, within)], True, None
    try:
        numbers, scores = postings.match(searcher, query, scored=bool(keep_best), deadline=deadline)
        complete = True
    except postings.OutOfTime as stopped:
        numbers, scores, complete = stopped.numbers, stopped.scores, False
    except postings.Unsupported:
        return _whoosh_matching_docs(searcher, query, ranges, deadline,
                                     keep_best if _has_phrase(query) else 0)
    if ranges:
        inside = _within(ranges, numbers)
        numbers = numbers[inside]
        scores = scores[inside] if scores is not None else None
    if not keep_best:
        return numbers, complete, None
    return numbers, complete, _best(keep_best, numbers, scores)


def _best(count: int, numbers: np.ndarray, scores: np.ndarray) -> list[int]:
    """Return the ``count`` best-scored of ``numbers`` (ascending; ``scores`` in the same
    order), in Whoosh's order: higher score first, then lower document number."""
    if len(numbers) > count:
        # The count-th best score; only documents above it are sorted, and those that tie
        # with it (every match of a phrase scores alike) come lowest number first.
        threshold = np.partition(scores, len(scores) - count)[len(scores) - count]
        above = scores > threshold
        ties = numbers[scores == threshold][:count - int(above.sum())]
        numbers, scores = np.concatenate([numbers[above], ties]), np.concatenate(
            [scores[above], np.full(len(ties), threshold)])
    # lexsort: the last key sorts first.
    return numbers[np.lexsort((numbers, -scores))].tolist()


def _whoosh_matching_docs(searcher: Searcher, query: Query, ranges: list, deadline: float,
                          keep_best: int) -> tuple[np.ndarray, bool, list[int] | None]:
    """``_matching_docs`` through Whoosh's own matchers, for queries ``postings`` cannot run."""
    found: list[int] = []
    if keep_best:
        best: list[tuple[float, int]] = []  # a min-heap of (score, -number): ties go to the lower number
        context = searcher.context()
        for leaf, offset in searcher.leaf_searchers():
            matcher = query.matcher(leaf, context)
            count = 0
            while matcher.is_active():
                number = matcher.id() + offset
                if not ranges or _day_within(ranges, number):
                    found.append(number)
                    entry = (matcher.score(), -number)
                    if len(best) < keep_best:
                        heapq.heappush(best, entry)
                    elif entry > best[0]:
                        heapq.heapreplace(best, entry)
                count += 1
                if not count % DEADLINE_CHECK_EVERY and time.monotonic() > deadline:
                    return _as_numbers(found), False, [-number for _, number in sorted(best, reverse=True)]
                matcher.next()
        return _as_numbers(found), True, [-number for _, number in sorted(best, reverse=True)]
    context = searcher.boolean_context()
    for leaf, offset in searcher.leaf_searchers():
        matcher = query.matcher(leaf, context)
        for count, number in enumerate(matcher.all_ids(), start=1):
            number += offset
            if not ranges or _day_within(ranges, number):
                found.append(number)
            if not count % DEADLINE_CHECK_EVERY and time.monotonic() > deadline:
                return _as_numbers(found), False, None
    return _as_numbers(found), True, None


def _as_numbers(found: list[int]) -> np.ndarray:
    return np.array(found, postings.NUMBERS)


def _day_ranges(columns, request: SearchRequest) -> list[tuple[np.ndarray, int, int]]:
    """Return (days of every document, first day, last day) for each date range of the request."""
    return [(columns.day_array(field), start.toordinal() if start else 1,
             end.toordinal() if end else dt.date.max.toordinal())
            for field, start, end in (("date_order", request.date_from, request.date_to),
                                      ("published_day", request.published_from,
                                       request.published_to))
            if start or end]


def _within(ranges: list[tuple[np.ndarray, int, int]], numbers: np.ndarray) -> np.ndarray:
    """Return a mask of the documents whose days fall in every one of ``ranges``
    (see ``_day_ranges``)."""
    inside = np.ones(len(numbers), bool)
    for days, low, high in ranges:
        found = days[numbers]
        inside &= (found >= low) & (found <= high)
    return inside


def _day_within(ranges: list[tuple[np.ndarray, int, int]], number: int) -> bool:
    """``_within`` for one document, as Whoosh's matchers hand them over one at a time."""
    return all(low <= days[number] <= high for days, low, high in ranges)


def _finds_any(searcher: Searcher, columns, query: Query, request: SearchRequest) -> bool:
    """Return whether the query matches at least one document within the request's dates."""
    ranges = _day_ranges(columns, request)
    context = searcher.boolean_context()
    for leaf, offset in searcher.leaf_searchers():
        for number in query.matcher(leaf, context).all_ids():
            if _day_within(ranges, number + offset):
                return True
    return False


class _OutOfTime(Exception):
    """The time budget ran out while ranking; ``numbers`` is the page as far as it got."""

    def __init__(self, numbers: list[int]):
        super().__init__("out of time")
        self.numbers = numbers


def _page(searcher: Searcher, columns, words: Query, query: Query, matched: Sequence[int],
          request: SearchRequest, first: int, filtered: bool, deadline: float) -> list[int]:
    """Return the document numbers of the requested page, in the requested order."""
    wanted = first + request.per_page
    order = request.effective_sort
    if order == "relevance" and not isinstance(words, Every):
        # Whoosh ranks only as far as the page; matches outside a date range or beyond a
        # deadline are kept out with the set of matches found. Ranking gets what is left
        # of the time budget: out of time, the page holds the best found so far.
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _OutOfTime(matched[first:wanted].tolist())
        collector = TimeLimitCollector(
            searcher.collector(limit=wanted, filter=set(matched.tolist()) if filtered else None),
            timelimit=remaining, use_alarm=False)  # signals would reach the whole server
        try:
            searcher.search_with_collector(query, collector)
        except TimeLimit:
            raise _OutOfTime([number for _, number in collector.results().top_n[first:wanted]])
        return [number for _, number in collector.results().top_n[first:wanted]]
    if order == "relevance":
        # No words to rank by: index order, as the matches come.
        return matched[first:wanted].tolist()
    return _first_in_order(columns, order, matched, wanted)[first:]


def _first_in_order(columns, order: str, numbers: Sequence[int], wanted: int) -> list[int]:
    """Return the first ``wanted`` of ``numbers`` in ``newest`` or ``oldest`` order."""
    return first_by_rank(columns.rank_array(order), numbers, wanted)


def first_by_rank(rank: np.ndarray, numbers: np.ndarray, wanted: int) -> list[int]:
    """Return the ``wanted`` of ``numbers`` with the lowest ``rank``, lowest first."""
    if not wanted:
        return []
    numbers = np.asarray(numbers, postings.NUMBERS)
    ranks = rank[numbers]
    if len(numbers) > max(wanted, _SORTED_WHOLE):
        # Only the first ``wanted`` are sorted (ranks are distinct: no ties to settle).
        picked = np.argpartition(ranks, wanted - 1)[:wanted]
        numbers, ranks = numbers[picked], ranks[picked]
    return numbers[np.argsort(ranks, kind="stable")][:wanted].tolist()


# Up to this many numbers are sorted whole: partitioning first cost more than it saved
# (a statement's few dozen reports: 17 against 7 us).
_SORTED_WHOLE = 256


def iter_matches(index_dir_or_index: str | Path | Index,
                 request: SearchRequest) -> Iterator[dict[str, Any]]:
    """Yield every quote the search matches (not only one page), in its order.

    The searcher stays open while the caller reads, so an export can stream
    a large result without holding every quote in memory at once.
    """
    with open_searcher(index_dir_or_index) as searcher:
        columns = columns_for(searcher)
        words = build_query(searcher.schema, request.q)
        check_expansion(searcher.reader(), words)
        query = with_filters(words, request)
        matched, _, _ = _matching_docs(searcher, columns, query, request, deadline=math.inf)
        order = request.effective_sort
        if order == "relevance" and not isinstance(words, Every):
            within = set(matched.tolist()) if _has_dates(request) else None
            numbers = [hit.docnum for hit in searcher.search(query, limit=None, filter=within)]
        elif order == "relevance":
            numbers = matched.tolist()  # no words to rank by: index order
        else:
            numbers = first_by_rank(columns.rank_array(order), matched, len(matched))
        for number in numbers:
            yield fastjson.loads(searcher.stored_fields(number)["payload"])


def get_quote(index_dir_or_index: str | Path | Index, quote_id: str) -> dict[str, Any] | None:
    """Return one quote as its dict, or None if no quote has that id."""
    with open_searcher(index_dir_or_index) as searcher:
        stored = searcher.document(id=quote_id)
    return fastjson.loads(stored["payload"]) if stored else None


@contextmanager
def open_searcher(source: str | Path | Index | Searcher) -> Iterator[Searcher]:
    """Open a searcher on an index or on the live index of a directory; lend one already open."""
    if isinstance(source, Searcher):
        yield source  # borrowed (from a SearcherPool): its owner closes it
        return
    index = source if isinstance(source, Index) else open_index(source)
    with index.searcher() as searcher:
        yield searcher


# Share of the kept posting lists' budget (columns.POSTINGS_BYTES) filled when a
# generation is warmed, with the most frequent stemmed words' lists.
WARM_POSTINGS_SHARE = 0.5


def warm_generation(searcher: Searcher) -> None:
    """Read what searches of the searcher's generation need before they ask for it: the
    per-document arrays, and the posting lists of the most frequent words."""
    columns = columns_for(searcher)
    # The speaker page (browse.speaker_page) also counts months and roles.
    columns.warm([*FACETS.values(), "month", "role_exact"], range_facet_fields=FACETS.values())
    postings.warm(searcher, "text", int(columns.decoded.budget * WARM_POSTINGS_SHARE))


class SearcherPool:
    """Open searchers kept for reuse across requests, each used by one request at a time.

    A Whoosh searcher caches what sorting and facet counting read, so reusing
    one is much faster than opening one per request; but its files have one
    cursor each, so two threads must never share one at the same moment
    (Whoosh's documentation on concurrency). Each borrowed searcher is
    refreshed, so an index that grew in place is seen; when a rebuild swaps
    in a new build, searchers of the old one are closed instead of reused.
    """

    def __init__(self, live: LiveIndex, keep: int = 8, warm: bool = False):
        self._live = live
        self._keep = keep
        self._warm = warm
        self._warmed: tuple | None = None  # the generation last warmed
        self._warming = False
        self._index: Index | None = None
        self._idle: list[Searcher] = []
        self._lock = threading.Lock()

    def warm_now(self) -> None:
        """Read the live generation's arrays before returning (a server does, before it
        listens, so that its first requests do not wait seconds for them)."""
        with self._live.get().searcher() as searcher:
            self._warm_generation(searcher, wait=True)

    def _warm_generation(self, searcher: Searcher, wait: bool = False) -> None:
        """Read a new generation's arrays in the background, once per generation.

        At a million quotes they take seconds to read; without this the first
        searches after a rebuild would wait for them. One thread at a time:
        generations committed faster than that are warmed by the next borrow
        after it ends, so frequent small additions cannot pile threads up.
        """
        key = (id(searcher._ix), searcher.reader().generation())
        with self._lock:
            if self._warmed == key or self._warming:
                return
            self._warmed, self._warming = key, True
        index = searcher._ix

        def warm() -> None:
            try:
                with index.searcher() as own:
                    warm_generation(own)
                # What is alive now (the arrays, the pooled searchers) lives as long as
                # the generation: out of the garbage collector's sight, a full collection
                # no longer walks it - at a million quotes those walks were pauses of
                # tens of milliseconds in the middle of searches.
                gc.freeze()
            except Exception:  # a rebuild removed it meanwhile: the next generation warms instead
                pass
            finally:
                with self._lock:
                    self._warming = False

        if wait:
            warm()
        else:
            threading.Thread(target=warm, name="quotearchive-warm", daemon=True).start()

    @contextmanager
    def borrow(self) -> Iterator[Searcher]:
        """Lend a searcher on the live index for the length of a ``with`` block."""
        index = self._live.get()
        with self._lock:
            stale: list[Searcher] = []
            if index is not self._index:
                stale, self._idle, self._index = self._idle, [], index
            searcher = self._idle.pop() if self._idle else None
        for old in stale:
            old.close()
        # No refresh() (a listing of the build's folder per request): a live build is never
        # written to, a change comes as a new build, and then ``index`` is a new one.
        if searcher is None:
            searcher = index.searcher()
        if self._warm:
            self._warm_generation(searcher)
        try:
            yield searcher
        finally:
            with self._lock:
                if self._index is index and len(self._idle) < self._keep:
                    self._idle.append(searcher)
                    searcher = None
            if searcher is not None:
                searcher.close()


# --- the query -------------------------------------------------------------------


class _ExactPhrasePlugin(PhrasePlugin):
    """Read "a quoted phrase" against the text as written: one word as it is, several as
    every pair of neighbouring words (``text_pairs``)."""

    class PhraseNode(PhrasePlugin.PhraseNode):
        def query(self, parser):
            fieldname = self.fieldname or parser.fieldname
            if fieldname not in PHRASE_FIELDS:
                return super().query(parser)
            words = [token.text for token in EXACT(self.text)]
            if not words:
                return NullQuery
            if len(words) == 1:
                return Term("text_exact", words[0], boost=self.boost)
            return And([Term("text_pairs", f"{first} {second}")
                        for first, second in itertools.pairwise(words)], boost=self.boost)

    class PhraseTagger(PhrasePlugin.PhraseTagger):
        def create(self, parser, match):
            node = super().create(parser, match)
            return _ExactPhrasePlugin.PhraseNode(node.text, node.textstartchar, node.slop)


def build_query(schema, q: str) -> Query:
    """Parse the user's words with Whoosh's syntax; an empty query matches everything.

    Words are stemmed ("escalation" finds "escalating"); a phrase in double
    quotes matches its words as written, in order.
    """
    if not q:
        return Every()
    query = _parse(schema, q, SEARCH_FIELDS)
    if query is NullQuery:
        # Only stop words ("we will"), which the stemmed text leaves out: look for
        # them as written instead of finding nothing.
        query = _parse(schema, q, {"text_exact": 1.0})
    return query


def check_query(searcher: Searcher, q: str) -> None:
    """Raise QueryError if the words cannot be searched (syntax, wildcards that expand too far)."""
    check_expansion(searcher.reader(), build_query(searcher.schema, q))


def check_expansion(reader: IndexReader, query: Query) -> None:
    """Refuse wildcards and word ranges that would expand into too many indexed words."""
    for node in query.leaves():
        if isinstance(node, Every) and node.fieldname:
            # A lone "*": every document holding any word, found by reading every posting list.
            raise QueryError(f"'*' begins with too few letters: a wildcard needs at least "
                             f"{MIN_WILDCARD_PREFIX} before * or ? (an empty query lists everything)")
        if not isinstance(node, MultiTerm):
            continue
        shown = _as_typed(node)
        if isinstance(node, PatternQuery):
            beginning = re.split(r"[*?]", node.text, maxsplit=1)[0]
            if len(beginning) < MIN_WILDCARD_PREFIX:
                raise QueryError(f"{shown!r} begins with too few letters: a wildcard needs at least "
                                 f"{MIN_WILDCARD_PREFIX} before * or ?")
        covered = sum(1 for _ in itertools.islice(node.expanded_terms(reader), MAX_EXPANDED_TERMS + 1))
        if covered > MAX_EXPANDED_TERMS:
            raise QueryError(f"{shown!r} covers more than {MAX_EXPANDED_TERMS} different words: "
                             "give more of the word")


def _as_typed(node: MultiTerm) -> str:
    """Return a wildcard or range roughly as the user typed it, for an error message."""
    if isinstance(node, PatternQuery):
        return node.text + ("*" if type(node).__name__ == "Prefix" else "")
    return f"[{node.start or ''} TO {node.end or ''}]"[:60]


def _parse(schema, q: str, fields: Mapping[str, float]) -> Query:
    key = (id(schema), tuple(fields.items()), q)
    kept = _PARSED.get(key)
    if kept is not None and kept[0] is schema:
        return kept[1]
    try:
        query = _parser(schema, key[1]).parse(q)
    except Exception as exc:  # Whoosh raises assorted types for syntax it cannot read
        raise QueryError("could not understand the query: check its quotes, parentheses "
                         "and AND/OR/NOT") from exc
    _PARSED.put(key, (schema, query), 1)
    return query


# The queries parsed last, by (id of the schema, fields, words), each with its schema (so
# the id is not reused): searches people make come again and again, and Whoosh's parser
# took about half a millisecond a query. A query is only read once made (a search builds
# its filters around it, in new nodes), so threads share them.
_PARSED = RecentlyUsed(2048, overhead=0)  # counted in queries, one unit each


# Parsers by (id of the schema, fields), each with its schema (so the id is not reused):
# making one took a quarter of parsing a query. A parser keeps no state between parses
# (its plugins make new nodes for each), so threads share them.
_PARSERS: dict[tuple[int, tuple], tuple[Any, MultifieldParser]] = {}
_PARSERS_KEPT = 8  # a few fields sets for each of the last generations' schemas
_PARSERS_LOCK = threading.Lock()


def _parser(schema, fields: tuple[tuple[str, float], ...]) -> MultifieldParser:
    key = (id(schema), fields)
    kept = _PARSERS.get(key)
    if kept is not None and kept[0] is schema:
        return kept[1]
    parser = MultifieldParser([name for name, _ in fields], schema, fieldboosts=dict(fields))
    # No "field:value" syntax: filters have their own parameters, and a stored-only
    # field named in a query would only produce an error from deep inside Whoosh.
    parser.remove_plugin_class(FieldsPlugin)
    parser.remove_plugin_class(PhrasePlugin)
    parser.add_plugin(_ExactPhrasePlugin())
    with _PARSERS_LOCK:
        if len(_PARSERS) >= _PARSERS_KEPT:
            del _PARSERS[next(iter(_PARSERS))]  # the oldest: dicts keep insertion order
        _PARSERS[key] = (schema, parser)
    return parser


def with_filters(words: Query, request: SearchRequest) -> Query:
    """Return the query with the filters of the request, but its date ranges, inside it.

    Filters are single terms, placed in the query rather than in a separate
    filter so that the matchers skip through them together (twice as fast as
    Whoosh's ``filter=`` at 1M). Days are not index terms: date ranges are
    applied by the caller from the per-generation day arrays (``columns``).
    """
    conditions: list[Query] = []
    if request.speaker:
        # Joint statements ("He and Rutte condemned ...") count for each speaker;
        # names match whatever their case ("mark rutte").
        conditions.append(Term("speakers", request.speaker.replace(",", " ").lower()))
    if request.outlet:
        conditions.append(Term("outlet_key", request.outlet.lower()))
    if request.year:
        conditions.append(Term("year", f"{request.year:04d}"))
    if not conditions:
        return words
    if isinstance(words, Every):
        return And(conditions) if len(conditions) > 1 else conditions[0]
    return And([words, *conditions])


# --- highlights --------------------------------------------------------------------

# Which analyzer turns a quote's text into the terms of each searched text field.
HIGHLIGHT_ANALYZERS = {"text": ENGLISH, "text_exact": EXACT}


def highlight_terms(reader: IndexReader, query: Query) -> dict[str, set[str]]:
    """Return, per text field, the indexed terms the query looks for (negated ones left out)."""
    found: dict[str, set[str]] = {field: set() for field in HIGHLIGHT_ANALYZERS}

    def walk(node: Query) -> None:
        if isinstance(node, Not):
            return
        if isinstance(node, AndNot):
            walk(node.a)
            return
        if node.is_leaf():
            # A word is marked whether or not the index holds it: a quote's words are all
            # indexed, so a word no quote has marks nothing, and asking the index costs a
            # term dictionary read per segment. Wildcards need the index's words.
            terms = [(node.fieldname, node.text)] if type(node) is Term \
                else node.existing_terms(reader, phrases=True, expand=True)
            for fieldname, term in terms:
                term = term.decode("utf-8") if isinstance(term, bytes) else term
                if fieldname == "text_pairs":  # a phrase: mark its words as written
                    found["text_exact"].update(term.split(" "))
                elif fieldname in found:
                    found[fieldname].add(term)
            return
        for child in node.children():
            walk(child)

    walk(query)
    return found


def _spans_by_whoosh(analyzer):
    def spans(text: str) -> list[tuple[str, int, int]]:
        return [(token.text, token.startchar, token.endchar) for token in analyzer(text, chars=True)]
    return spans


# Each highlighted field's (word, start, end) finder: the analyzer's own steps in one
# loop (quotearchive.fast_analysis), or Whoosh's analyzer if it has steps that cannot be.
HIGHLIGHT_SPANS = {field: compile_spans(analyzer) or _spans_by_whoosh(analyzer)
                   for field, analyzer in HIGHLIGHT_ANALYZERS.items()}
# When every highlighted field splits a text the same way and analyses each word alone
# (as the text fields do), one pass over a text finds the words any of them marks.
_WORD_TERMS = {field: compile_words(analyzer) for field, analyzer in HIGHLIGHT_ANALYZERS.items()}
# (A function listing a text's words so, or None.)
_FIND_WORDS = whole_matches(next(iter(_WORD_TERMS.values()))[0]) if (
    all(_WORD_TERMS.values()) and len({compiled[0] for compiled in _WORD_TERMS.values()}) == 1) else None


class Highlighter:
    """Marks the words a query matched in the texts of one page of results.

    A quote took about 50 µs to mark when each of its words was analysed for
    each field, one match object at a time. Here a text's words are listed at
    once (``findall``), the words as written that a query's terms stand for
    are looked up in what was analysed before (``_Vocabulary``), and only a
    text holding one is walked word by word for where they stand.
    """

    def __init__(self, terms: Mapping[str, set[str]]):
        self.terms = terms
        # Per field (in _WORD_TERMS order), the terms it marks; empty for one marking none.
        self._wanted = [terms.get(field) or set() for field in _WORD_TERMS]
        self._marked: tuple[int, set[str]] | None = None  # (vocabulary version, words marked)

    def __call__(self, text: str) -> str:
        """Return ``text`` HTML-escaped, with the words the query matched wrapped in <mark>."""
        if _FIND_WORDS is None:
            return highlight(text, self.terms)
        if not any(self._wanted):
            return html.escape(text)
        words = _FIND_WORDS(text)
        distinct = set(words)
        self._marked = _VOCABULARY.marked(distinct, self._wanted, self._marked)
        marked = distinct & self._marked[1]
        if not marked:
            return html.escape(text)
        spans, position = [], 0
        for word in words:
            # Where the pattern found it: no word can start in the gap before it.
            start = text.find(word, position)
            position = start + len(word)
            if word in marked:
                spans.append((start, position))
        return _marked_up(text, spans)


class _Vocabulary:
    """Words as written, analysed once for every highlighted field, and for each field's
    terms the words that stand for them (bounded, as the stemmer's cache). Shared by
    every request's highlighter, so read and changed under one lock."""

    LIMIT = 50_000

    def __init__(self):
        self._lock = threading.Lock()
        self._analysed: set[str] = set()
        self._words_of = [dict() for _ in _WORD_TERMS]  # per field: term -> set of words
        self._version = 0  # changes whenever words are added or forgotten

    def marked(self, words: set[str], wanted: list[set[str]],
               known: tuple[int, set[str]] | None) -> tuple[int, set[str]]:
        """Return (version, every word seen that stands for one of the ``wanted`` terms of
        each field), ``words`` analysed first if new; ``known`` (an earlier answer) is
        returned as it is when nothing changed since."""
        with self._lock:
            new = words - self._analysed
            if new:
                if len(self._analysed) + len(new) > self.LIMIT:
                    self._analysed.clear()
                    for words_of in self._words_of:
                        words_of.clear()
                    new = words
                for word in new:
                    for words_of, (_, term_of) in zip(self._words_of, _WORD_TERMS.values()):
                        term = term_of(word)
                        if term is not None:
                            words_of.setdefault(term, set()).add(word)
                self._analysed |= new
                self._version += 1
            if known is not None and known[0] == self._version:
                return known
            found: set[str] = set()
            for words_of, terms in zip(self._words_of, wanted):
                for term in terms:
                    found.update(words_of.get(term, ()))
            return self._version, found


_VOCABULARY = _Vocabulary()


def highlight(text: str, terms: Mapping[str, set[str]]) -> str:
    """Return ``text`` HTML-escaped, with the words the query matched wrapped in <mark>."""
    spans: list[tuple[int, int]] = []
    for fieldname, find_spans in HIGHLIGHT_SPANS.items():
        wanted = terms.get(fieldname)
        if wanted:
            spans.extend((start, end) for word, start, end in find_spans(text) if word in wanted)
    return _marked_up(text, sorted(spans))


def _marked_up(text: str, spans: list[tuple[int, int]]) -> str:
    """Return ``text`` HTML-escaped with each of ``spans`` (in order) wrapped in <mark>."""
    # Most quotes hold nothing to escape: then their pieces are not escaped one by one.
    escape = html.escape if _TO_ESCAPE.search(text) else str
    pieces, position = [], 0
    for start, end in spans:
        if start < position:  # two fields marked this word
            continue
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return "".join(pieces)


_TO_ESCAPE = re.compile("[&<>\"']")  # what html.escape(quote=True) replaces


def _quote_dict(stored: Mapping[str, Any], highlighter: Highlighter) -> dict[str, Any]:
    """Return the stored quote dict plus its text with the matching words marked."""
    quote = fastjson.loads(stored["payload"])
    quote["highlight"] = highlighter(quote["text"])
    return quote


# --- facets, statements, suggestions ---------------------------------------------------


def _facet_counts(name: str, counts: Mapping[Any, int], request: SearchRequest,
                  total: int) -> list[dict[str, Any]]:
    """Return a facet's values with their counts, unknown values left out.

    Speakers and outlets come most frequent first, years newest first. The
    value the search filters on is marked ``selected`` and always listed.
    """
    items = [(value, count) for value, count in counts.items() if value]
    if name == "year":
        def order(found: list) -> list:
            return sorted(found, key=lambda item: item[0], reverse=True)
    else:
        def order(found: list) -> list:
            # Only the first few of thousands of speakers are shown: no need to sort them all
            # (nsmallest keeps sorted()'s order, ties included).
            return heapq.nsmallest(FACET_LIMIT, found, key=lambda item: (-item[1], item[0]))
    chosen = getattr(request, FACET_FILTERS[name])
    chosen_key = str(chosen).casefold() if chosen is not None else None
    shown = [{"value": value, "count": count, "selected": value.casefold() == chosen_key}
             for value, count in order(items)[:FACET_LIMIT]]
    if chosen_key is not None and not any(entry["selected"] for entry in shown):
        # Every match passed the filter, so the selected value counts all of them.
        matching = order([item for item in items if item[0].casefold() == chosen_key])
        value, count = matching[0] if matching else (str(chosen), total)
        shown.insert(0, {"value": value, "count": count, "selected": True})
    return shown


def _statements(searcher: Searcher, columns,
                quotes: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Return the first reports of each statement on the page, oldest first.

    A statement repeated thousands of times would otherwise make every page
    that shows it read thousands of quotes; the quote page counts them all.
    """
    wanted = sorted({quote["statement"] for quote in quotes if quote.get("statement")})
    if not wanted:
        return {}
    rank = columns.rank_array("oldest")

    def first_reports(statement: str) -> list[dict[str, Any]]:
        # Listed as an array (quotearchive.postings): Whoosh's matcher costs a few method
        # calls per report, and a statement can have thousands.
        numbers = postings.documents_of(searcher, "statement", statement)
        first = first_by_rank(rank, numbers, REPORTS_PER_STATEMENT)
        # One read each from the column of summaries, not the stored quote and its JSON.
        return [fastjson.loads(summary) for summary in columns.values("report", first)]

    # A statement reported thousands of times shows on many pages: its reports are kept.
    return {statement: columns.remember(("reports", statement, REPORTS_PER_STATEMENT),
                                        lambda: first_reports(statement))
            for statement in wanted}


# "Did you mean" draws on these fields' vocabularies: the quotes' words as written, and names.
SUGGEST_FIELDS = ("text_exact", "speaker")
SUGGEST_CANDIDATES = 5
# Words of a query that are syntax, not vocabulary.
_OPERATORS = frozenset({"and", "or", "not", "to", "andnot", "andmaybe"})


def _edit_distance(a: str, b: str) -> int:
    """Return the Levenshtein distance between two short words."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def _suggest(searcher: Searcher, request: SearchRequest) -> str | None:
    """Return the query with unknown words replaced by the nearest indexed ones, if that finds something.

    Suggestions come from the index's own vocabulary: the quotes' words as
    written (``text_exact``) and the speakers' names.
    """
    reader = searcher.reader()
    changed = False
    pieces: list[str] = []
    position = 0
    for match in re.finditer(r"[^\W_]+(?:'[^\W_]+)?[*?]?", request.q):
        word = match.group(0)
        lowered = word.lower()
        if lowered in _OPERATORS or word.endswith(("*", "?")) or lowered.isdigit():
            continue
        if any((field, lowered) in reader for field in SUGGEST_FIELDS):
            continue
        # Whoosh's own ranking of suggestions is not by distance: take a few from each
        # field, then prefer the fewest edits and, among those, the most common word.
        candidates = {(_edit_distance(lowered, found), -reader.doc_frequency(field, found), found)
                      for field in SUGGEST_FIELDS
                      for found in searcher.suggest(field, lowered, limit=SUGGEST_CANDIDATES,
                                                    maxdist=2, prefix=1)}
        replacement = min(candidates)[2] if candidates else None
        if replacement:
            pieces.append(request.q[position:match.start()])
            pieces.append(replacement)
            position = match.end()
            changed = True
    if not changed:
        return None
    suggestion = "".join(pieces) + request.q[position:]
    query = with_filters(build_query(searcher.schema, suggestion), request)
    return suggestion if _finds_any(searcher, columns_for(searcher), query, request) else None
