#!/usr/bin/env python3
"""Measure clean + extract + attribute throughput on one core (articles per CPU second).

The articles are read once (reading from disk is not measured), then cleaned,
extracted and attributed again and again until ``--articles`` have gone through.

Example:
    .venv/bin/python bench/extract_speed.py --articles 3000 examples/corpus tests/regression/articles
"""
from __future__ import annotations

import argparse
import sys
import time
from itertools import cycle, islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quotearchive import clean, ingest, pipeline  # noqa: E402
from quotearchive.models import Skipped  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+", type=Path, help="files or folders of articles")
    parser.add_argument("--articles", type=int, default=3000, help="how many articles to process")
    args = parser.parse_args()

    documents = [d for d in ingest.read_documents(args.corpus) if not isinstance(d, Skipped)]
    if not documents:
        print("no readable article in the corpus", file=sys.stderr)
        return 1
    work = list(islice(cycle(documents), args.articles))
    quotes = 0
    cleaning = extracting = 0.0
    for document in work:
        started = time.process_time()
        article = clean.clean_document(document)
        cleaned = time.process_time()
        quotes += len(pipeline.extract_quotes(article))
        cleaning += cleaned - started
        extracting += time.process_time() - cleaned
    total = cleaning + extracting
    formats = sorted({d.format for d in documents})
    print(f"distinct articles:      {len(documents)} ({', '.join(formats)})")
    print(f"articles processed:     {len(work)}")
    print(f"quotes found:           {quotes}")
    print(f"clean:                  {len(work) / cleaning:8.0f} articles/s")
    print(f"extract + attribute:    {len(work) / extracting:8.0f} articles/s")
    print(f"clean + extract:        {len(work) / total:8.0f} articles/s ({total:.1f} s, one core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
