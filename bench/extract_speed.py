#!/usr/bin/env python3
"""Measure clean + extract + attribute throughput on one core (articles per CPU second).

The articles are read once (reading from disk is not measured), then cleaned,
extracted and attributed until ``--articles`` have gone through; that is one
round. CPU time on a shared machine wanders by 10-20% from run to run, so it
does ``--rounds`` rounds and reports each, then the best (the least disturbed)
and the median.

Example:
    .venv/bin/python bench/extract_speed.py --articles 3000 examples/corpus tests/regression/articles
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from itertools import cycle, islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quotearchive import clean, ingest, phrases, pipeline  # noqa: E402
from quotearchive.models import Skipped  # noqa: E402


def one_round(work, cold: bool) -> tuple[float, float, int]:
    """Clean and extract every document once; return CPU seconds for each stage and the quotes found."""
    quotes = 0
    cleaning = extracting = 0.0
    for document in work:
        if cold:
            phrases.forget_phrases()  # as if no phrase of this article had been seen before
        started = time.process_time()
        article = clean.clean_document(document)
        cleaned = time.process_time()
        quotes += len(pipeline.extract_quotes(article))
        cleaning += cleaned - started
        extracting += time.process_time() - cleaned
    return cleaning, extracting, quotes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+", type=Path, help="files or folders of articles")
    parser.add_argument("--articles", type=int, default=3000, help="articles per round")
    parser.add_argument("--rounds", type=int, default=3, help="how many rounds to run")
    parser.add_argument("--cold", action="store_true",
                        help="forget the phrases read so far before each article: the worst case for a corpus "
                             "whose names never repeat (the sample articles repeat, so warm figures flatter)")
    args = parser.parse_args()

    documents = [d for d in ingest.read_documents(args.corpus) if not isinstance(d, Skipped)]
    if not documents:
        print("no readable article in the corpus", file=sys.stderr)
        return 1
    work = list(islice(cycle(documents), args.articles))
    formats = sorted({d.format for d in documents})
    print(f"distinct articles: {len(documents)} ({', '.join(formats)}); {len(work)} per round")
    rates = []
    for number in range(1, args.rounds + 1):
        cleaning, extracting, quotes = one_round(work, args.cold)
        rate = len(work) / (cleaning + extracting)
        rates.append(rate)
        print(f"round {number}: clean {len(work) / cleaning:6.0f}/s  extract+attribute "
              f"{len(work) / extracting:6.0f}/s  together {rate:6.0f} articles/s  ({quotes} quotes)")
    label = "cold phrase cache" if args.cold else "warm phrase cache"
    print(f"clean + extract, one core, {label}: best {max(rates):.0f} articles/s, "
          f"median {statistics.median(rates):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
