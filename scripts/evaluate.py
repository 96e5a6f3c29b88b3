#!/usr/bin/env python3
"""Print extraction quality against a gold file: precision, recall, attribution, per style.

Example:
    .venv/bin/python scripts/evaluate.py examples/gold.json examples/corpus
    .venv/bin/python scripts/evaluate.py tests/regression/gold.json tests/regression/articles --show
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quotearchive import pipeline  # noqa: E402
from quotearchive.evaluation import evaluate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, help="gold JSON (shape of examples/gold.json)")
    parser.add_argument("corpus", type=Path, nargs="+", help="the articles the gold describes")
    parser.add_argument("--show", action="store_true", help="list every miss and wrong speaker")
    args = parser.parse_args()

    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    result = pipeline.process(args.corpus)
    report = evaluate(gold, [q.to_dict() for q in result.quotes])
    header = f"{'style':<14}{'gold':>6}{'pred':>6}{'prec':>7}{'recall':>8}{'f1':>7}{'attrib':>8}{'spoken':>8}"
    print(header)
    styles = sorted(report.by_style.items()) if set(report.by_style) != {"all"} else []
    rows = styles + [("ALL", report.overall)]
    for style, tally in rows:
        d = tally.to_dict()
        spoken = "-" if d["spoken"] is None else f"{d['spoken']:.3f}"
        print(f"{style:<14}{d['gold']:>6}{d['predicted']:>6}{d['precision']:>7.3f}{d['recall']:>8.3f}"
              f"{d['f1']:>7.3f}{d['attribution']:>8.3f}{spoken:>8}")
    if report.statement_recall is not None:
        print(f"same_statement precision {report.statement_precision:.3f} recall {report.statement_recall:.3f}")
    for skipped in result.skipped:
        print(f"skipped {skipped.source}: {skipped.reason}")
    if args.show:
        for line in report.overall.misses:
            print(" ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
