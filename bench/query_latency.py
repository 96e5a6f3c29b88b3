#!/usr/bin/env python3
"""Measure search latency per query kind, and compare with SQLite FTS5 on the same quotes.

Runs the core search call the web API uses (``quotearchive.search.search``:
one page of 20 with highlights, facet counts and the statements shown) on
one searcher kept open, as the server keeps its searchers, and prints the
p50/p95 latency of each kind of query:

* ``term``      one word            ``two``     two words
* ``phrase``    "three words"       ``speaker`` a speaker filter
* ``said``      a said-date range   ``published`` a published-date range
* ``newest``    one word, sorted newest first
* ``front``     no words, no filters (the front page), pages 1-5

The queries are drawn from the index's own vocabulary, quotes and speakers
with a fixed seed, so two runs on one index ask the same questions. The
same quotes are then loaded into SQLite FTS5 (stdlib ``sqlite3``) and the
equivalent queries run there (MATCH, a phrase, ``speaker = ?``, ``BETWEEN``
on day numbers, ORDER BY bm25 or date, ``highlight()`` for the page and
GROUP BY counts for the facets); the table shows the ratio. Peak RSS is
printed at the end.

Build an index first, e.g.:

    python bench/generate_corpus.py /tmp/corpus --articles 5000 --seed 7
    quotearchive rebuild --corpus /tmp/corpus --index /tmp/idx
    python bench/query_latency.py --index /tmp/idx --queries 200
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import re
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from quotearchive.errors import IndexNotFound
from quotearchive.index import open_index
from quotearchive.models import SearchRequest
from quotearchive.search import FACETS, search

try:  # what a server reads before it listens; older code had less or none of it
    from quotearchive.search import warm_generation as warm_columns
except ImportError:
    try:
        from quotearchive.columns import columns_for

        def warm_columns(searcher) -> None:
            columns_for(searcher).warm(FACETS.values(), range_facet_fields=FACETS.values())
    except ImportError:
        warm_columns = None

KINDS = ("term", "two", "phrase", "speaker", "said", "published", "newest", "front")
WORD = re.compile(r"^[a-z]{4,}$")
# Words this common are not what people look for, and would make every query a scan.
MAX_WORD_SHARE = 0.05


def percentile(values: list[float], share: float) -> float:
    """Return the value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- drawing queries from the index ---------------------------------------------------


def draw_queries(searcher, count: int, seed: int) -> dict[str, list[dict]]:
    """Return ``count`` queries of each kind, drawn from the index's own contents."""
    rng = random.Random(seed)
    reader = searcher.reader()
    docs = reader.doc_count_all()
    words = sorted(term.decode() if isinstance(term, bytes) else term
                   for term, freq in _terms(reader, "text_exact")
                   if WORD.match(term if isinstance(term, str) else term.decode())
                   and 2 <= freq <= docs * MAX_WORD_SHARE)
    speakers = sorted(term.decode() if isinstance(term, bytes) else term
                      for term, _ in _terms(reader, "speaker_exact"))
    if not words or not speakers:
        raise SystemExit("the index holds too few quotes to draw queries from")
    days = sorted({fields["date_order"] for fields in _sample_stored(reader, rng, 2000)
                   if fields.get("date_order")})
    if not days:
        raise SystemExit("no dated quotes found in the index to draw date ranges from")
    texts = [fields["text"] for fields in _sample_stored(reader, rng, count * 3)]

    def day_range() -> tuple[dt.date, dt.date]:
        start = rng.choice(days)
        return dt.date.fromordinal(start), dt.date.fromordinal(start + rng.randint(7, 365))

    queries: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    for _ in range(count):
        queries["term"].append({"q": rng.choice(words)})
        queries["two"].append({"q": f"{rng.choice(words)} {rng.choice(words)}"})
        queries["phrase"].append({"q": _phrase(rng, texts)})
        queries["speaker"].append({"speaker": rng.choice(speakers)})
        start, end = day_range()
        queries["said"].append({"date_from": start, "date_to": end})
        start, end = day_range()
        queries["published"].append({"published_from": start, "published_to": end})
        queries["newest"].append({"q": rng.choice(words), "sort": "newest"})
    # Drawn apart, so that adding this kind left the other kinds' queries as they were.
    pages = random.Random(seed + 1)
    queries["front"] = [{"page": pages.randint(1, 5)} for _ in range(count)]
    return queries


def _terms(reader, field: str):
    for term, info in reader.iter_field(field):
        yield term, info.doc_frequency()


def _sample_stored(reader, rng: random.Random, count: int) -> list[dict]:
    numbers = [n for n in (rng.randrange(reader.doc_count_all()) for _ in range(count))
               if not reader.is_deleted(n)]
    return [reader.stored_fields(n) | _payload_dates(reader.stored_fields(n)) for n in numbers]


def _payload_dates(fields: dict) -> dict:
    quote = json.loads(fields["payload"])
    date = quote.get("spoken") or quote.get("published")
    return {"text": quote["text"], "date_order": dt.date.fromisoformat(date).toordinal() if date else 0}


def _phrase(rng: random.Random, texts: list[str]) -> str:
    """Return three consecutive words of a real quote, quoted: a phrase that finds something."""
    for _ in range(50):
        tokens = re.findall(r"[a-z]+", rng.choice(texts).lower())
        if len(tokens) >= 3:
            start = rng.randrange(len(tokens) - 2)
            return '"' + " ".join(tokens[start:start + 3]) + '"'
    return '"' + rng.choice(texts).split()[0].lower() + '"'


# --- QuoteArchive ------------------------------------------------------------------


def run_quotearchive(searcher, queries: dict[str, list[dict]]) -> dict[str, dict]:
    """Time every query through search.search on one open searcher."""
    figures = {}
    for kind, params in queries.items():
        timings, totals = [], []
        for fields in params:
            started = time.perf_counter()
            result = search(searcher, SearchRequest(**fields))
            timings.append((time.perf_counter() - started) * 1000)
            totals.append(result.total)
        figures[kind] = _summary(timings, totals)
    return figures


def _summary(timings: list[float], totals: list[int]) -> dict:
    return {"p50": percentile(timings, 0.50), "p95": percentile(timings, 0.95),
            "max": max(timings), "mean_hits": statistics.mean(totals),
            "timings": timings, "hits": totals}


def projected(row: dict, scale: float) -> tuple[float, float] | None:
    """Return (p50, p95) if every query matched ``scale`` times as many quotes.

    Fits time = fixed + per_match * matches over this run's queries (least
    squares) and applies it to each query with its matches scaled: a rough
    guide to a bigger index of the same kind of text, not a measurement.
    """
    if len(set(row["hits"])) < 2:
        return None
    per_match, fixed = statistics.linear_regression(row["hits"], row["timings"])
    guesses = [max(fixed, 0) + max(per_match, 0) * hits * scale for hits in row["hits"]]
    return percentile(guesses, 0.50), percentile(guesses, 0.95)


# --- SQLite FTS5 ---------------------------------------------------------------------


def load_sqlite(reader, path: Path) -> tuple[sqlite3.Connection, float]:
    """Load every quote into an FTS5 table plus a plain table with the filter columns."""
    db = sqlite3.connect(path)
    db.executescript("""
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE TABLE quote(id INTEGER PRIMARY KEY, speaker TEXT, outlet TEXT, year TEXT,
                           said INTEGER, published INTEGER, payload TEXT);
        -- Not contentless: highlight() needs the text (it answers NULL without it).
        CREATE VIRTUAL TABLE quote_fts USING fts5(text, speaker, tokenize='porter unicode61');
        CREATE VIRTUAL TABLE quote_exact USING fts5(text, tokenize='unicode61');
    """)
    started = time.perf_counter()
    rows: list[tuple] = []
    for number, fields in reader.iter_docs():
        quote = json.loads(fields["payload"])
        date = quote.get("spoken") or quote.get("published")
        said = dt.date.fromisoformat(date).toordinal() if date else 0
        published = dt.date.fromisoformat(quote["published"]).toordinal() if quote.get("published") else 0
        rows.append((number, quote.get("speaker"), quote.get("outlet"), date[:4] if date else None,
                     said, published, fields["payload"], quote["text"]))
        if len(rows) >= LOAD_BATCH:  # in batches: a million payloads would not fit in memory at once
            _insert(db, rows)
            rows = []
    _insert(db, rows)
    db.executescript("""
        CREATE INDEX quote_speaker ON quote(speaker, said);
        CREATE INDEX quote_said ON quote(said);
        CREATE INDEX quote_published ON quote(published);
    """)
    db.commit()
    return db, time.perf_counter() - started


LOAD_BATCH = 10_000


def _insert(db: sqlite3.Connection, rows: list[tuple]) -> None:
    db.executemany("INSERT INTO quote VALUES (?, ?, ?, ?, ?, ?, ?)", [row[:7] for row in rows])
    db.executemany("INSERT INTO quote_fts(rowid, text, speaker) VALUES (?, ?, ?)",
                   [(row[0], row[7], row[1] or "") for row in rows])
    db.executemany("INSERT INTO quote_exact(rowid, text) VALUES (?, ?)",
                   [(row[0], row[7]) for row in rows])


def sqlite_query(kind: str, fields: dict) -> tuple[str, list, str, str | None]:
    """Return the FTS5 equivalent of one query: (source, arguments, order, fts table).

    ``source`` is the FROM ... WHERE ... selecting quote rows ``q``; ``order``
    the ORDER BY of the page; the FTS table is the one ``highlight()`` reads,
    or None when no words are matched.
    """
    if kind in ("term", "two", "newest"):
        words = " ".join('"' + word + '"' for word in fields["q"].split())
        order = "q.said DESC" if kind == "newest" else "bm25(quote_fts, 3.0, 2.0)"
        return ("quote_fts JOIN quote q ON q.id = quote_fts.rowid WHERE quote_fts MATCH ?",
                [words], order, "quote_fts")
    if kind == "phrase":
        return ("quote_exact JOIN quote q ON q.id = quote_exact.rowid WHERE quote_exact MATCH ?",
                [fields["q"]], "bm25(quote_exact)", "quote_exact")
    if kind == "speaker":
        return "quote q WHERE q.speaker = ?", [fields["speaker"]], "q.said DESC", None
    if kind == "front":
        return "quote q", [], "q.said DESC", None
    column, start, end = (("said", fields["date_from"], fields["date_to"]) if kind == "said"
                          else ("published", fields["published_from"], fields["published_to"]))
    return (f"quote q WHERE q.{column} BETWEEN ? AND ?", [start.toordinal(), end.toordinal()],
            "q.said DESC", None)


def run_sqlite(db: sqlite3.Connection, queries: dict[str, list[dict]], per_page: int) -> dict[str, dict]:
    """Time the same page through FTS5: count, a page with highlights, three facet counts."""
    figures = {}
    for kind, params in queries.items():
        timings, totals = [], []
        for fields in params:
            source, args, order, fts_table = sqlite_query(kind, fields)
            mark = (f"highlight({fts_table}, 0, '<mark>', '</mark>')" if fts_table
                    else "json_extract(q.payload, '$.text')")
            started = time.perf_counter()
            total = db.execute(f"SELECT count(*) FROM {source}", args).fetchone()[0]
            offset = (fields.get("page", 1) - 1) * per_page
            page = db.execute(f"SELECT q.payload, {mark} FROM {source} ORDER BY {order} "
                              f"LIMIT {per_page} OFFSET {offset}", args).fetchall()
            for column in ("speaker", "outlet", "year"):
                db.execute(f"SELECT q.{column}, count(*) AS n FROM {source} GROUP BY q.{column} "
                           f"ORDER BY n DESC LIMIT 20", args).fetchall()
            [json.loads(payload) for payload, _ in page]
            timings.append((time.perf_counter() - started) * 1000)
            totals.append(total)
        figures[kind] = _summary(timings, totals)
    return figures


# --- main --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True, type=Path, help="index directory (quotearchive rebuild --index)")
    parser.add_argument("--queries", type=int, default=200, help="queries of each kind (default 200)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the query draw (default 7)")
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite FTS5 comparison")
    parser.add_argument("--sqlite-dir", type=Path, default=None,
                        help="folder for the temporary FTS5 database (default: the system temp folder)")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    parser.add_argument("--project", type=int, default=0, metavar="QUOTES",
                        help="also print a projection of p50/p95 to an index of this many quotes "
                             "(a linear fit of time against matches; a guide, not a measurement)")
    args = parser.parse_args(argv)
    if args.queries < 1:
        parser.error("--queries must be at least 1")

    started = time.perf_counter()
    try:
        index = open_index(args.index)
    except IndexNotFound as error:
        parser.error(str(error))
    searcher = index.searcher()
    opened = time.perf_counter() - started
    docs = searcher.doc_count()
    print(f"index: {args.index}  quotes: {docs:,}  segments: {len(searcher.reader().leaf_readers())}"
          f"  searcher opened in {opened * 1000:.0f} ms")

    queries = draw_queries(searcher, args.queries, args.seed)
    # The per-document arrays are read once per index generation (the server does it in
    # the background when a new one appears), so that time is shown apart.
    started = time.perf_counter()
    if warm_columns is not None:
        warm_columns(searcher)
    gc.freeze()  # as the server does once a generation is warm (SearcherPool)
    arrays = time.perf_counter() - started
    started = time.perf_counter()
    search(searcher, SearchRequest(**queries["said"][0]))
    search(searcher, SearchRequest(**queries["term"][0], sort="newest"))
    first = time.perf_counter() - started
    print(f"per-generation arrays and frequent words' posting lists read (as a server does "
          f"before it listens) in {arrays * 1000:.0f} ms; then the first two searches took "
          f"{first * 1000:.0f} ms")
    ours = run_quotearchive(searcher, queries)
    rss_whoosh = peak_rss_mb()

    theirs = {}
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(dir=args.sqlite_dir) as folder:
            db, load_seconds = load_sqlite(searcher.reader(), Path(folder) / "fts.sqlite")
            print(f"SQLite {sqlite3.sqlite_version} FTS5 loaded in {load_seconds:.1f} s")
            theirs = run_sqlite(db, queries, per_page=20)
            db.close()
    searcher.close()

    print()
    print(f"{'kind':<10} {'hits':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
          + ("  " + f"{'fts5 p50':>8} {'fts5 p95':>8} {'p95 ratio':>9}" if theirs else ""))
    for kind in KINDS:
        row = ours[kind]
        line = f"{kind:<10} {row['mean_hits']:>8.0f} {row['p50']:>8.1f} {row['p95']:>8.1f} {row['max']:>8.1f}"
        if theirs:
            other = theirs[kind]
            line += f"  {other['p50']:>8.1f} {other['p95']:>8.1f} {row['p95'] / other['p95']:>8.1f}x"
        print(line)
    print()
    print(f"{args.queries} queries of each kind, seed {args.seed}; hits = mean matches per query; "
          "ratio = QuoteArchive p95 / FTS5 p95")
    print(f"peak RSS: {rss_whoosh:.0f} MB after the QuoteArchive runs, {peak_rss_mb():.0f} MB at the end")
    if args.project:
        scale = args.project / docs
        print(f"\nprojection to {args.project:,} quotes (x{scale:.1f} matches per query; "
              "time = fixed + per-match cost fitted on this run; NOT measured):")
        for kind in KINDS:
            guess = projected(ours[kind], scale)
            if guess:
                print(f"{kind:<10} p50 ~{guess[0]:>7.0f} ms  p95 ~{guess[1]:>7.0f} ms")
    if args.json:
        strip = lambda rows: {kind: {k: v for k, v in row.items() if k not in ("timings", "hits")}
                              for kind, row in rows.items()}
        print(json.dumps({"quotes": docs, "queries": args.queries, "seed": args.seed,
                          "quotearchive": strip(ours), "fts5": strip(theirs),
                          "peak_rss_mb": peak_rss_mb()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
