"""Per-document values read once per index generation, for fast facets, date ranges and sorting.

At a million quotes Whoosh's own ways of doing these are slow: a numeric
range filter walks thousands of trie terms (about a second at 1M), facet
counting reads a column value per match through several layers of Python,
and sorting by date then id reads two columns per match on every search.
An index generation never changes once written, so this module reads each
column it needs once, into compact arrays indexed by document number, and
every later search on that generation looks values up in them:

* facet values as small integer codes (``codes``), counted with numpy's bincount;
* days (said, published) as ordinals, plus the documents of each
  ``BUCKET_DAYS``-day bucket, so a date range is the union of its whole
  buckets and a test of the two edge buckets' days, and running facet
  totals per bucket, so a date range alone is counted without visiting
  its documents;
* each document's position in "newest first" and "oldest first" order
  (``rank``), so a page of a sorted search is a partial sort of the matches.

Everything is built lazily, the first time a search needs it, and kept for
the last ``KEEP_GENERATIONS`` generations; a searcher refreshed to a new
generation gets new arrays.
"""
from __future__ import annotations

import heapq
import itertools
import operator
import sys
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.searching import Searcher

# About a week: few enough buckets to union quickly, small enough edge buckets to test
# document by document, and running facet totals per bucket of a bounded size.
BUCKET_DAYS = 8
# Running facet totals are kept while (buckets + 1) x facet values stays under this
# (8 bytes each: 40 MB); beyond, facets of a date range are counted document by document.
MAX_RUNNING_ENTRIES = 5_000_000
KEEP_GENERATIONS = 2
# Small answers kept per generation (a statement's 20 reports: a few kB): at most ~15 MB,
# whatever the traffic (5,000 took some 27 MB of a server process's ~260).
MAX_REMEMBERED = 2_500
# Posting lists read into arrays and scored (quotearchive.postings), kept per generation
# while they take at most this much, the most recently used first: the words people look
# for most are read and scored once. 12 bytes a posting: "the" at a million quotes takes
# 10 MB. (A list not kept is one read of its segment's list file and a scoring again.)
POSTINGS_BYTES = 32 * 1024 * 1024
# What keeping one entry costs beyond its arrays (the key, two array headers, the slot).
_ENTRY_BYTES = 400
# Whole answers kept per generation (search.remembered), compressed as sent (JSON or HTML: a page
# of twenty quotes with its facets and reports takes some 10-15 kB so, and 300 kB as Python
# objects): some 1,400 pages, where search logs' popular queries come again and again.
REMEMBERED_BYTES = 16 * 1024 * 1024

_cache: dict[tuple, "_Store"] = {}
_cache_lock = threading.Lock()


def columns_for(searcher: Searcher) -> "Columns":
    """Return the arrays of the generation ``searcher`` reads, creating them if new."""
    reader = searcher.reader()
    storage = getattr(searcher._ix, "storage", None)  # the index the searcher came from
    place = getattr(storage, "folder", None) or id(searcher._ix)
    key = (place, reader.generation(), reader.doc_count_all(), reader.doc_count())
    with _cache_lock:
        store = _cache.get(key)
        if store is None:
            store = _cache[key] = _Store()
            while len(_cache) > KEEP_GENERATIONS:
                del _cache[next(iter(_cache))]  # the oldest generation
    return Columns(store, reader)


def forget_all() -> None:
    """Drop what has been read of every generation: the next search reads it again."""
    with _cache_lock:
        _cache.clear()


class _Store:
    """What has been read of one generation, shared by every searcher on it."""

    def __init__(self):
        self.lock = threading.RLock()  # one build may need another (ranks read the days)
        self.built: dict[Any, Any] = {}
        self.small: dict[Any, Any] = {}  # small answers worth keeping, such as a statement's reports
        self.decoded = RecentlyUsed(POSTINGS_BYTES)
        self.results = RecentlyUsed(REMEMBERED_BYTES)


class RecentlyUsed:
    """Values kept within a byte budget, the least recently used dropped first.

    Two threads may build the same value at once; both are right, one is kept.
    """

    def __init__(self, budget: int, overhead: int = _ENTRY_BYTES):
        self.budget = budget
        self.overhead = overhead  # what keeping one entry costs beyond its value's size
        self.used = 0
        self._entries: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.used = 0

    def put(self, key: Any, value: Any, size: int, largest: int | None = None) -> None:
        """Keep ``value`` (``size`` bytes), unless it is over ``largest`` or the budget."""
        size += self.overhead
        if size > min(self.budget, largest or self.budget):
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (value, size)
            self.used += size
            while self.used > self.budget:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.used -= dropped


class Columns:
    """The arrays of one index generation, read on first use through this searcher's reader.

    The reader is the borrowing searcher's own: the arrays outlive it (they are
    shared by every searcher on the generation), a reader does not.
    """

    def __init__(self, store: _Store, reader):
        self._store = store
        self._reader = reader
        self.doc_count_all = reader.doc_count_all()

    def _once(self, key: Any, build: Callable[[], Any]) -> Any:
        found = self._store.built.get(key)
        if found is None:
            # One lock per generation: two requests never read the same column twice.
            with self._store.lock:
                found = self._store.built.get(key)
                if found is None:
                    found = self._store.built[key] = build()
        return found

    @property
    def results(self) -> RecentlyUsed:
        """Whole search answers of this generation (``search.remembered``), compressed."""
        return self._store.results

    @property
    def decoded(self) -> RecentlyUsed:
        """Posting lists of this generation read into arrays (``quotearchive.postings``)."""
        return self._store.decoded

    def remember(self, key: Any, build: Callable[[], Any]) -> Any:
        """Return ``build()``, kept for this generation while few enough answers are kept."""
        found = self._store.small.get(key)
        if found is None:
            found = build()
            if len(self._store.small) < MAX_REMEMBERED:
                self._store.small[key] = found
        return found

    def _raw_columns(self, field: str) -> Iterator[tuple[Any, int]]:
        """Yield (raw column reader or None, documents) of each segment, in order.

        Segment by segment: over an index of several segments (an ``add``
        writes a new one) Whoosh's combined column reader yields too few
        values. Raw: bytes as stored, not decoded per value. A reader holding
        deleted documents still has their values; they never match, and
        live_docs() leaves them out of "everything".
        """
        for segment, _offset in self._reader.leaf_readers():
            has = self._reader.has_column(field) and segment.has_column(field)
            yield (segment.column_reader(field, translate=False) if has else None,
                   segment.doc_count_all())

    def _values(self, field: str) -> Iterator[Any]:
        """Yield every document's raw value of a column (None where a segment has none),
        one at a time: a million values are never held at once."""
        for column, size in self._raw_columns(field):
            count = 0
            if column is not None:
                for value in itertools.islice(_each_value(column), size):
                    yield value
                    count += 1
            yield from itertools.repeat(None, size - count)

    # --- which documents exist ---------------------------------------------------

    def live_docs(self) -> list[int]:
        """Return every document number that is not deleted, ascending."""
        def build():
            if not self._reader.has_deletions():
                return range(self.doc_count_all)
            return array("i", (n for n in range(self.doc_count_all)
                               if not self._reader.is_deleted(n)))
        return self._once("live", build)

    def live_array(self) -> np.ndarray:
        """``live_docs`` as an array of document numbers."""
        return self._once("live array", lambda: np.asarray(self.live_docs(), np.int32))

    # --- values read one at a time -------------------------------------------------------

    def values(self, field: str, numbers: Iterable[int]) -> list[bytes]:
        """Return the bytes a variable-length column holds for each of ``numbers``.

        Where each value lies is read once per generation (an offset and a
        length per document); each value is then one read of the column file.
        """
        def build():
            places = []
            for segment, offset in self._reader.leaf_readers():
                column = (segment.column_reader(field, translate=False)
                          if segment.has_column(field) else None)
                places.append((offset, None if column is None else (
                    column._basepos, np.asarray(column._offsets, np.int64),
                    np.asarray(column._lengths, np.int64))))
            return places
        places = self._once(("places", field), build)
        starts = [offset for offset, _ in places]
        segments = self._reader.leaf_readers()
        found = []
        for number in numbers:
            index = bisect_right(starts, number) - 1
            offset, place = places[index]
            if place is None:
                found.append(b"")
                continue
            base, offsets, lengths = place
            local = number - offset
            found.append(_column_file(segments[index][0], field).get(
                base + int(offsets[local]), int(lengths[local])))
        return found

    # --- facets -----------------------------------------------------------------------

    def codes(self, field: str) -> tuple[Sequence[int], list[str | None]]:
        """Return (code per document, value per code) of a facet field; code 0 is "no value"."""
        def build():
            values: list[str | None] = [None]
            known: dict[Any, int] = {None: 0, "": 0, b"": 0}
            codes = array("i")
            for value in self._values(field):
                code = known.get(value)
                if code is None:
                    code = known[value] = len(values)
                    values.append(value.decode("utf-8") if isinstance(value, bytes) else value)
                codes.append(code)
            # A byte a document when every code fits.
            return (array("B", codes) if len(values) <= 256 else codes), values
        return self._once(("codes", field), build)

    def code_array(self, field: str) -> np.ndarray:
        """``codes`` as an array, one code per document."""
        def build():
            codes, _ = self.codes(field)
            # The same memory, not a copy.
            return np.frombuffer(codes, np.uint8 if codes.typecode == "B" else np.int32)
        return self._once(("code array", field), build)

    def count(self, field: str, docs: Iterable[int], most: int | None = None) -> dict[str, int]:
        """Return how many of ``docs`` have each value of a facet field (no-value left out);
        with ``most``, only the values of the ``most`` highest counts, and those tied with
        the last of them (a page lists twenty of thousands of speakers)."""
        _, values = self.codes(field)
        if not isinstance(docs, np.ndarray):
            docs = np.fromiter(docs, np.int64)
        counts = np.bincount(self.code_array(field)[docs], minlength=len(values))
        counts[0] = 0
        found = np.flatnonzero(counts)
        if most is not None and len(found) > most:
            lowest = np.partition(counts[found], len(found) - most)[len(found) - most]
            found = found[counts[found] >= lowest]
        return {values[code]: int(counts[code]) for code in found.tolist()}

    # --- days -------------------------------------------------------------------------

    def days(self, field: str) -> array:
        """Return the day number (ordinal, 0 for none) of every document for a day field."""
        def build():
            days = array("i")
            for column, size in self._raw_columns(field):
                if isinstance(column, NumericColumn.Reader) and column._typecode == "i":
                    # Whoosh's numeric column is its values packed big-endian: read whole.
                    stored = min(column._count, size)
                    found = array("i", column._dbfile.get(column._basepos, stored * 4))
                    if sys.byteorder == "little":
                        found.byteswap()
                    days.extend(found)
                    days.extend(array("i", [column._default or 0]) * (size - stored))
                elif column is not None:
                    days.extend(value or 0 for value in itertools.islice(column, size))
                else:
                    days.extend(array("i", [0]) * size)
            return days
        return self._once(("days", field), build)

    def day_array(self, field: str) -> np.ndarray:
        """``days`` as an array (the same memory)."""
        return self._once(("day array", field), lambda: np.frombuffer(self.days(field), np.int32))

    def _buckets(self, field: str) -> dict[int, array]:
        def build():
            days = self.days(field)
            buckets: dict[int, array] = {}
            for number in self.live_docs():
                day = days[number]
                if day:
                    bucket = buckets.get(day // BUCKET_DAYS)
                    if bucket is None:
                        bucket = buckets[day // BUCKET_DAYS] = array("i")
                    bucket.append(number)
            return buckets
        return self._once(("buckets", field), build)

    def _keys(self, field: str) -> list[int]:
        return self._once(("keys", field), lambda: sorted(self._buckets(field)))

    def _span(self, field: str, low: int, high: int) -> tuple[list[int], int, int, int, int]:
        """Return the sorted bucket keys and, as indexes into them, the buckets touching
        [low, high] (``first:stop``) and those wholly inside it (``inner:inner_stop``)."""
        keys = self._keys(field)
        first = bisect_left(keys, max(low, 1) // BUCKET_DAYS)
        stop = bisect_right(keys, high // BUCKET_DAYS)
        inner, inner_stop = first, stop
        if inner < inner_stop and keys[inner] * BUCKET_DAYS < low:
            inner += 1
        if inner < inner_stop and (keys[inner_stop - 1] + 1) * BUCKET_DAYS - 1 > high:
            inner_stop -= 1
        return keys, first, stop, inner, inner_stop

    def _edge_docs(self, field: str, low: int, high: int) -> list[int]:
        """Return the documents in range from the buckets only partly inside it."""
        buckets, days = self._buckets(field), self.days(field)
        keys, first, stop, inner, inner_stop = self._span(field, low, high)
        edges = keys[first:inner] + keys[max(inner_stop, inner):stop]
        return [n for key in edges for n in buckets[key] if low <= days[n] <= high]

    def in_range(self, field: str, low: int, high: int) -> list[int]:
        """Return the dated documents whose day number in ``field`` lies in [low, high]."""
        buckets = self._buckets(field)
        keys, _, _, inner, inner_stop = self._span(field, low, high)
        found = self._edge_docs(field, low, high)
        for key in keys[inner:inner_stop]:
            found.extend(buckets[key])  # the whole bucket is inside the range
        return found

    def count_in_range(self, field: str, low: int, high: int,
                       facet_fields: Iterable[str]) -> tuple[int, dict[str, dict[str, int]]] | None:
        """Return how many documents lie in the range and their facet counts, from running
        totals over the buckets plus a count of the edge buckets' documents; or None
        when the running totals would take too much memory (then count the documents)."""
        keys, _, _, inner, inner_stop = self._span(field, low, high)
        edge = self._edge_docs(field, low, high)
        sizes = self._running_sizes(field)
        total = (sizes[inner_stop] - sizes[inner] if inner < inner_stop else 0) + len(edge)
        facets = {}
        edge = np.array(edge, np.int64)
        for facet in facet_fields:
            running = self._running_counts(field, facet)
            if running is None:
                return None
            _, values = self.codes(facet)
            counts = np.bincount(self.code_array(facet)[edge], minlength=len(values))
            if inner < inner_stop:
                counts += running[inner_stop] - running[inner]
            facets[facet] = {values[code]: int(counts[code])
                             for code in np.flatnonzero(counts).tolist() if code}
        return total, facets

    def _running_sizes(self, field: str) -> list[int]:
        def build():
            sizes = [0]
            for key in self._keys(field):
                sizes.append(sizes[-1] + len(self._buckets(field)[key]))
            return sizes
        return self._once(("sizes", field), build)

    def _running_counts(self, field: str, facet: str) -> np.ndarray | None:
        """Return, for each bucket index i, the count of each facet code over buckets [0, i)
        (a row per bucket index, a column per code)."""
        def build():
            keys, buckets = self._keys(field), self._buckets(field)
            codes, values = self.code_array(facet), self.codes(facet)[1]
            if (len(keys) + 1) * len(values) > MAX_RUNNING_ENTRIES:
                return False
            table = np.zeros((len(keys) + 1, len(values)), np.int32)
            for row, key in enumerate(keys, start=1):
                table[row] = table[row - 1] + np.bincount(
                    codes[np.frombuffer(buckets[key], np.int32)], minlength=len(values))
            return table
        found = self._once(("running", field, facet), build)
        return None if found is False else found

    def newest_in_range(self, field: str, low: int, high: int, order: str, wanted: int) -> list[int]:
        """Return the first ``wanted`` documents in range in ``order``, reading buckets from
        that end only. Right only when ``order`` sorts by ``field`` itself."""
        buckets, days = self._buckets(field), self.days(field)
        keys, first, stop, _, _ = self._span(field, low, high)
        picked: list[int] = []
        walk = reversed(keys[first:stop]) if order == "newest" else keys[first:stop]
        for key in walk:
            # Every document of a later bucket comes after every one of this bucket.
            picked.extend(n for n in buckets[key] if low <= days[n] <= high)
            if len(picked) >= wanted:
                break
        return heapq.nsmallest(wanted, picked, key=self.rank(order).__getitem__)

    # --- order -----------------------------------------------------------------------------

    def rank(self, order: str) -> array:
        """Return each document's position in ``newest`` or ``oldest`` order (ties: by id)."""
        return self._once("ranks", self._build_ranks)[order]

    def rank_array(self, order: str) -> np.ndarray:
        """``rank`` as an array (the same memory)."""
        return self._once(("rank array", order), lambda: np.frombuffer(self.rank(order), np.int32))

    def _build_ranks(self) -> dict[str, array]:
        # Documents grouped by day, then each day's few sorted by id: only one day's ids
        # are read at a time (sorting a million (day, id) pairs held ~150 MB at once).
        id_columns = [(offset, _value_getter(column)) for (column, _), (_, offset)
                      in zip(self._raw_columns("id"), self._reader.leaf_readers())]
        starts = [offset for offset, _ in id_columns]

        def id_of(number: int) -> bytes:
            offset, value = id_columns[bisect_right(starts, number) - 1]
            return value(number - offset) if value is not None else b""

        ranks = {}
        for order, field, sign in (("newest", "date_order", -1), ("oldest", "date_oldest", 1)):
            days = self.days(field)
            by_day: dict[int, array] = {}
            for number, day in enumerate(days):
                group = by_day.get(day)
                if group is None:
                    group = by_day[day] = array("i")
                group.append(number)
            rank = array("i", [0]) * self.doc_count_all
            position = 0
            for day in sorted(by_day, key=sign.__mul__):
                group = by_day.pop(day)
                ordered = sorted(group, key=id_of) if len(group) > 1 else group
                for number in ordered:
                    rank[number] = position
                    position += 1
            ranks[order] = rank
        return ranks

    def in_order(self, order: str) -> array:
        """Return every live document's number in ``newest`` or ``oldest`` order."""
        def build():
            # The ranks are a permutation: inverted in place, not sorted (a sort of a
            # million held ~50 MB of ints at once).
            ordered = array("i", [0]) * self.doc_count_all
            for number, position in enumerate(self.rank(order)):
                ordered[position] = number
            if not self._reader.has_deletions():
                return ordered
            return array("i", (n for n in ordered if not self._reader.is_deleted(n)))
        return self._once(("order", order), build)

    def count_all(self, field: str) -> dict[str, int]:
        """Return the facet counts of every live document (the front page's)."""
        return self._once(("all", field), lambda: self.count(field, self.live_docs()))

    def warm(self, facet_fields: Iterable[str], range_facet_fields: Iterable[str] = ()) -> None:
        """Read every array a search may need, so that no request waits for one.

        ``range_facet_fields`` are the facets counted for a date range alone
        (running totals per bucket, for both day fields).
        """
        for field in facet_fields:
            self.codes(field)
        for field in ("date_order", "published_day"):
            self._running_sizes(field)
            for facet in range_facet_fields:
                self._running_counts(field, facet)
        for facet in range_facet_fields:
            self.count_all(facet)
        self.in_order("newest")


def _column_file(segment, field: str):
    """The open column file of a segment reader (Whoosh opens it on first use, and keeps it)."""
    files = segment._perdoc._colfiles
    if field not in files:
        files[field] = segment._perdoc._get_column_file(field)
    return files[field][0]


def _each_value(column) -> Iterable[Any]:
    """Iterate a raw column reader's values; a variable-length column's bytes are read at
    once and cut up here (Whoosh reads each value with a read of its own)."""
    if not isinstance(column, VarBytesColumn.Reader):
        return column
    lengths = column._lengths
    data = column._dbfile.get(column._basepos, sum(lengths))
    return (data[start:start + length]
            for start, length in zip(itertools.accumulate(lengths, initial=0), lengths))


def _value_getter(column) -> Callable[[int], Any] | None:
    """Return value(document) of a raw column reader, reading a variable-length column's
    bytes at once (as ``_each_value``); None for no column."""
    if column is None or not isinstance(column, VarBytesColumn.Reader):
        return column.__getitem__ if column is not None else None
    offsets, lengths = column._offsets, column._lengths
    data = column._dbfile.get(column._basepos, max(map(operator.add, offsets, lengths), default=0))
    return lambda number: data[offsets[number]:offsets[number] + lengths[number]]
