#!/usr/bin/env python3
"""Time a date range alone at a million quotes on synthetic per-document arrays (no index).

Building a real million-quote index takes hours on a small machine; this
measures the part of a date-range search that grows with the archive - the
per-generation arrays of ``quotearchive.columns`` (running facet totals per
bucket, edge buckets, the newest page from the newest buckets) - on a million
made-up documents: days spread over ten years, Zipf-like speakers, 40
outlets. It does not include reading the page's 20 quotes and their
statements (a few ms, independent of the archive's size), nor reading the
columns from a Whoosh index (the arrays are given here).

    python bench/date_ranges_1m.py --docs 1000000
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time

from quotearchive import columns

FACETS = ["speaker_exact", "outlet_exact", "year"]
FIRST_DAY = 736330  # 2017-01-01
YEARS = 10


class SyntheticReader:
    """Just what ``columns.Columns`` reads from a Whoosh reader, made up with a fixed seed."""

    def __init__(self, docs: int, seed: int):
        rng = random.Random(seed)
        said = [FIRST_DAY + rng.randrange(365 * YEARS) for _ in range(docs)]
        self._docs = docs
        self._columns = {
            "date_order": said,
            "date_oldest": said,
            "published_day": [day + rng.randrange(3) for day in said],
            "id": [f"q{number:07d}" for number in range(docs)],
            "speaker_exact": [f"speaker {int(rng.paretovariate(1.05)) % 4000}" for _ in range(docs)],
            "outlet_exact": [f"outlet {rng.randrange(40)}" for _ in range(docs)],
            "year": [str(2017 + (day - FIRST_DAY) // 365) for day in said],
        }

    def doc_count_all(self) -> int:
        return self._docs

    def has_deletions(self) -> bool:
        return False

    def has_column(self, field: str) -> bool:
        return field in self._columns

    def column_reader(self, field: str) -> list:
        return self._columns[field]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100, help="ranges of each width (default 100)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    reader = SyntheticReader(args.docs, args.seed)
    arrays = columns.Columns(columns._Store(), reader)
    started = time.perf_counter()
    arrays.warm(FACETS, range_facet_fields=FACETS)
    print(f"{args.docs:,} synthetic documents; arrays built in {time.perf_counter() - started:.1f} s "
          f"(once per index generation)")
    print(f"{'range':>10} {'docs':>9} {'p50 ms':>7} {'p95 ms':>7}  (total + 3 facets + newest page of 20)")
    for span in (7, 30, 365, 5 * 365):
        timings = []
        for _ in range(args.queries):
            low = FIRST_DAY + rng.randrange(365 * YEARS - span)
            started = time.perf_counter()
            total, _ = arrays.count_in_range("date_order", low, low + span, FACETS)
            arrays.newest_in_range("date_order", low, low + span, "newest", 20)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p50, p95 = timings[len(timings) // 2], timings[max(0, round(0.95 * len(timings)) - 1)]
        print(f"{span:>6} days {total:>9,} {p50:>7.1f} {p95:>7.1f}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          "(the synthetic columns included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
