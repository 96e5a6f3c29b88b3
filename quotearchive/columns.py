"""Per-document values read once per index generation, for fast facets, date ranges and sorting.

At a million quotes Whoosh's own ways of doing these are slow: a numeric
range filter walks thousands of trie terms (about a second at 1M), facet
counting reads a column value per match through several layers of Python,
and sorting by date then id reads two columns per match on every search.
An index generation never changes once written, so this module reads each
column it needs once, into compact arrays indexed by document number, and
every later search on that generation looks values up in them:

* facet values as small integer codes (``codes``), counted with a Counter;
* days (said, published) as ordinals, plus the documents of each
  ``BUCKET_DAYS``-day bucket, so a date range is the union of its whole
  buckets and a test of the two edge buckets' days;
* each document's position in "newest first" and "oldest first" order
  (``rank``), so a page of a sorted search is a partial sort of the matches.

Everything is built lazily, the first time a search needs it, and kept for
the last ``KEEP_GENERATIONS`` generations; a searcher refreshed to a new
generation gets new arrays.
"""
from __future__ import annotations

import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from whoosh.searching import Searcher

# About a month: few enough buckets to union quickly, small enough edges to test quickly.
BUCKET_DAYS = 32
KEEP_GENERATIONS = 2
# Small answers kept per generation (a few hundred bytes each): bounded, whatever the traffic.
MAX_REMEMBERED = 50_000

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


class _Store:
    """What has been read of one generation, shared by every searcher on it."""

    def __init__(self):
        self.lock = threading.RLock()  # one build may need another (ranks read the days)
        self.built: dict[Any, Any] = {}
        self.small: dict[Any, Any] = {}  # small answers worth keeping, such as a statement's reports


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

    def remember(self, key: Any, build: Callable[[], Any]) -> Any:
        """Return ``build()``, kept for this generation while few enough answers are kept."""
        found = self._store.small.get(key)
        if found is None:
            found = build()
            if len(self._store.small) < MAX_REMEMBERED:
                self._store.small[key] = found
        return found

    def _column(self, field: str) -> list[Any]:
        # A reader holding deleted documents still has their column values; they never
        # match, and live_docs() leaves them out of "everything".
        if not self._reader.has_column(field):
            return [None] * self.doc_count_all
        return list(self._reader.column_reader(field))

    # --- which documents exist ---------------------------------------------------

    def live_docs(self) -> list[int]:
        """Return every document number that is not deleted, ascending."""
        def build():
            if not self._reader.has_deletions():
                return range(self.doc_count_all)
            return array("l", (n for n in range(self.doc_count_all)
                               if not self._reader.is_deleted(n)))
        return self._once("live", build)

    # --- facets -----------------------------------------------------------------------

    def codes(self, field: str) -> tuple[array, list[str | None]]:
        """Return (code per document, value per code) of a facet field; code 0 is "no value"."""
        def build():
            values: list[str | None] = [None]
            known: dict[Any, int] = {None: 0, "": 0, b"": 0}
            codes = array("l")
            for value in self._column(field):
                code = known.get(value)
                if code is None:
                    code = known[value] = len(values)
                    values.append(value.decode("utf-8") if isinstance(value, bytes) else value)
                codes.append(code)
            return codes, values
        return self._once(("codes", field), build)

    def count(self, field: str, docs: Iterable[int]) -> dict[str, int]:
        """Return how many of ``docs`` have each value of a facet field (no-value left out)."""
        codes, values = self.codes(field)
        counts = Counter(map(codes.__getitem__, docs))  # counted in C, not a Python loop
        return {values[code]: count for code, count in counts.items() if code}

    # --- days -------------------------------------------------------------------------

    def days(self, field: str) -> array:
        """Return the day number (ordinal, 0 for none) of every document for a day field."""
        return self._once(("days", field),
                          lambda: array("l", (value or 0 for value in self._column(field))))

    def _buckets(self, field: str) -> dict[int, array]:
        def build():
            days = self.days(field)
            buckets: dict[int, array] = {}
            for number in self.live_docs():
                day = days[number]
                if day:
                    bucket = buckets.get(day // BUCKET_DAYS)
                    if bucket is None:
                        bucket = buckets[day // BUCKET_DAYS] = array("l")
                    bucket.append(number)
            return buckets
        return self._once(("buckets", field), build)

    def in_range(self, field: str, low: int, high: int) -> list[int]:
        """Return the dated documents whose day number in ``field`` lies in [low, high]."""
        buckets, days = self._buckets(field), self.days(field)
        found: list[int] = []
        for key in range(max(low, 1) // BUCKET_DAYS, high // BUCKET_DAYS + 1):
            bucket = buckets.get(key)
            if bucket is None:
                continue
            if low <= key * BUCKET_DAYS and (key + 1) * BUCKET_DAYS - 1 <= high:
                found.extend(bucket)  # the whole bucket is inside the range
            else:
                found.extend(n for n in bucket if low <= days[n] <= high)
        return found

    # --- order -----------------------------------------------------------------------------

    def rank(self, order: str) -> array:
        """Return each document's position in ``newest`` or ``oldest`` order (ties: by id)."""
        return self._once("ranks", self._build_ranks)[order]

    def _build_ranks(self) -> dict[str, array]:
        # Both orders at once: the id column, the slow part, is read only once.
        ids = self._column("id")
        ranks = {}
        for order, field, sign in (("newest", "date_order", -1), ("oldest", "date_oldest", 1)):
            days = self.days(field)
            ordered = sorted(range(self.doc_count_all), key=lambda n: (sign * days[n], ids[n] or ""))
            rank = array("l", [0]) * self.doc_count_all
            for position, number in enumerate(ordered):
                rank[number] = position
            ranks[order] = rank
        return ranks

    def warm(self, facet_fields: Iterable[str]) -> None:
        """Read every array a search may need, so that no request waits for one."""
        for field in facet_fields:
            self.codes(field)
        for field in ("date_order", "published_day"):
            self._buckets(field)
        self.rank("newest")
