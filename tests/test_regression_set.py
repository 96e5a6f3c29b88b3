"""Our own regression set (tests/regression/): 34 articles in seven outlet styles with gold.

scripts/evaluate.py prints the full figures per style; this test keeps them from
falling below where they stand (see the README for the latest figures).
"""
import json
from pathlib import Path

import pytest

from quotearchive import pipeline
from quotearchive.evaluation import evaluate

REGRESSION = Path(__file__).resolve().parent / "regression"


@pytest.fixture(scope="module")
def report():
    gold = json.loads((REGRESSION / "gold.json").read_text(encoding="utf-8"))
    result = pipeline.process([REGRESSION / "articles"])
    assert not result.skipped
    return evaluate(gold, [quote.to_dict() for quote in result.quotes])


def test_quotes_are_found(report):
    assert report.overall.f1 >= 0.98, report.overall.misses


def test_speakers_are_right(report):
    assert report.overall.attribution >= 0.95, report.overall.misses


def test_no_style_falls_far_behind(report):
    for style, tally in report.by_style.items():
        assert tally.f1 >= 0.9, (style, tally.misses)
        assert tally.attribution >= 0.7, (style, tally.misses)


def test_same_statements_across_outlets_are_grouped(report):
    assert report.statement_recall == 1.0
    assert report.statement_precision == 1.0


HELDOUT = Path(__file__).resolve().parent / "heldout"


def test_heldout_set_stays_where_it_is():
    gold = json.loads((HELDOUT / "gold.json").read_text(encoding="utf-8"))
    result = pipeline.process([HELDOUT / "articles"])
    report = evaluate(gold, [quote.to_dict() for quote in result.quotes])
    assert report.overall.f1 >= 0.97, report.overall.misses
    assert report.overall.attribution >= 0.92, report.overall.misses
