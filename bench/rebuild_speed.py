#!/usr/bin/env python3
"""Measure a full rebuild end to end: read, clean, extract, group, index, swap.

Takes a corpus folder, or writes a synthetic one first with
bench/generate_corpus.py (``--articles N``, kept under ``--work`` for the
next run). Runs ``pipeline.rebuild`` once, as ``quotearchive rebuild`` does,
and prints articles, quotes, wall seconds (and per step), quotes per second,
the index size on disk and the peak resident memory of this process and of
its largest child (extraction workers, Whoosh's indexing processes).

Examples:
    .venv/bin/python bench/rebuild_speed.py --articles 2000                 # both cores
    .venv/bin/python bench/rebuild_speed.py --articles 2000 --jobs 1        # one core, to compare
    .venv/bin/python bench/rebuild_speed.py --corpus /data/articles --work /tmp/qa-bench

The goal (issue 5) is 1,500 quotes/s end to end at 100k articles on two cores.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from quotearchive import pipeline  # noqa: E402


def directory_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--corpus", type=Path, help="an existing folder of articles")
    source.add_argument("--articles", type=int, help="write a synthetic corpus of this many articles")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpus")
    parser.add_argument("--work", type=Path, default=Path("/tmp/quotearchive-bench"),
                        help="folder for the synthetic corpus and the index (default %(default)s)")
    parser.add_argument("--jobs", type=int, default=pipeline.default_jobs(),
                        help="processes for extraction and indexing (default: every core, %(default)s here)")
    args = parser.parse_args(argv)

    if args.corpus is not None:
        corpus = args.corpus
        if not corpus.exists():
            print(f"corpus not found: {corpus}", file=sys.stderr)
            return 1
    else:
        corpus = args.work / f"corpus-{args.articles}-seed{args.seed}"
        if not corpus.is_dir():
            import generate_corpus

            print(f"writing {args.articles} synthetic articles to {corpus} ...", file=sys.stderr)
            generate_corpus.main([str(corpus), "--articles", str(args.articles), "--seed", str(args.seed)])
    index_dir = args.work / "index"
    shutil.rmtree(index_dir, ignore_errors=True)

    started = time.perf_counter()
    cpu_before = pipeline.cpu_seconds()
    report = pipeline.rebuild([corpus], index_dir, jobs=args.jobs)
    seconds = time.perf_counter() - started
    cpu = pipeline.cpu_seconds() - cpu_before

    steps = ", ".join(f"{name} {value:.1f} s" for name, value in report.seconds.items())
    print(f"corpus:         {corpus}")
    print(f"jobs:           {args.jobs}")
    print(f"articles:       {report.articles} ({len(report.skipped)} skipped)")
    print(f"quotes:         {report.quotes}")
    print(f"seconds:        {seconds:.1f} ({steps})")
    print(f"quotes/s:       {report.quotes / seconds:,.0f} end to end "
          f"(articles/s {report.articles / seconds:,.0f}; "
          f"indexing alone {report.quotes / report.seconds['index']:,.0f} quotes/s)")
    # On a shared machine wall time depends on what else runs; CPU time much less so.
    steps_cpu = ", ".join(f"{name} {value:.1f} s" for name, value in report.cpu_seconds.items())
    print(f"CPU seconds:    {cpu:.1f} in all processes ({steps_cpu}; {cpu / seconds:.2f} cores busy "
          f"on average; {report.quotes / cpu * args.jobs:,.0f} quotes/s if {args.jobs} cores were kept busy)")
    print(f"index on disk:  {directory_bytes(index_dir) / 2**20:,.1f} MiB")
    print(f"peak RSS:       {peak_rss_mb(resource.RUSAGE_SELF):,.0f} MiB this process, "
          f"{peak_rss_mb(resource.RUSAGE_CHILDREN):,.0f} MiB largest child")
    return 0


if __name__ == "__main__":
    sys.exit(main())
