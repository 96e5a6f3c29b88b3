"""The five real seed articles, end to end: extraction scored against the hand-made gold.

The articles are read from ../shared (never copied here); see conftest.py.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from quotearchive import pipeline
from quotearchive.web import create_app


def _score(score_tool, gold_path, predictions) -> dict[str, float]:
    result = subprocess.run([sys.executable, str(score_tool), str(gold_path), str(predictions)],
                            capture_output=True, text=True, check=True)
    figures = {}
    for line in result.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and not line.startswith("summary"):
            try:
                figures[parts[0]] = float(parts[1])
            except ValueError:
                pass
    return figures


@pytest.fixture(scope="module")
def seed_predictions(seeds_dir, tmp_path_factory):
    """Run ``python -m quotearchive extract SEEDS --jsonl`` exactly as a user would."""
    out = tmp_path_factory.mktemp("seeds") / "pred.jsonl"
    result = subprocess.run([sys.executable, "-m", "quotearchive", "extract", str(seeds_dir), "--jsonl"],
                            capture_output=True, text=True, check=True)
    out.write_text(result.stdout, encoding="utf-8")
    return out


def test_extract_output_has_the_documented_fields(seed_predictions):
    rows = [json.loads(line) for line in seed_predictions.read_text(encoding="utf-8").splitlines()]
    assert rows
    for row in rows:
        assert {"source", "text", "speaker", "role", "spoken", "statement", "evidence"} <= row.keys()


def test_seed_quotes_and_speakers_meet_the_bar(seed_predictions, score_tool, seeds_dir):
    figures = _score(score_tool, seeds_dir.parent / "gold" / "seeds.json", seed_predictions)
    assert figures["quote_and_speaker_f1"] >= 0.95, figures
    assert figures["same_statement_recall"] >= 0.8, figures
    assert figures["spoken_date_accuracy"] >= 0.8, figures


def test_seed_cleaning_recovers_gold_metadata(seeds_dir, seeds_gold):
    result = pipeline.process([seeds_dir])
    by_file = {a.source.rsplit("/", 1)[-1]: a for a in result.articles}
    for gold in seeds_gold["articles"]:
        article = by_file[gold["file"]]
        assert article.title == gold["title"], gold["file"]
        assert article.outlet == gold["outlet"], gold["file"]
        assert (article.published.isoformat() if article.published else None) == gold["published"]


@pytest.fixture(scope="module")
def seeds_client(seeds_dir, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("seed-index")
    pipeline.rebuild([seeds_dir], index_dir)
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    return app.test_client()


def test_api_search_for_escalation_finds_the_macron_and_rutte_quotes(seeds_client):
    data = seeds_client.get("/api/search?q=escalation").get_json()
    texts = {r["text"].rstrip(",."): r for r in data["results"]}
    assert texts["a grave escalation"]["speaker"] == "Emmanuel Macron"
    assert texts["a serious escalation"]["speaker"] == "Emmanuel Macron"
    assert texts["a serious escalation"]["co_speakers"] == ["Mark Rutte"]  # "He and Rutte condemned ..."
    full = [r for r in data["results"] if r["text"].startswith("The recent North Korean deployment")]
    assert full and full[0]["speaker"] == "Emmanuel Macron"
    assert all("<mark>" in r["highlight"] for r in data["results"])
    assert {f["value"] for f in data["facets"]["speaker"]} >= {"Emmanuel Macron"}


def test_search_page_for_escalation_shows_quotes_and_speakers(seeds_client):
    page = seeds_client.get("/?q=escalation").get_data(as_text=True)
    assert "Emmanuel Macron" in page
    assert "Mark Rutte" in page
    assert "<mark>escalation</mark>" in page


def test_speaker_filter_finds_joint_statements_of_that_speaker(seeds_client):
    data = seeds_client.get("/api/search?q=escalation&speaker=Mark Rutte").get_json()
    assert [r["text"].rstrip(",.") for r in data["results"]] == ["a serious escalation"]


def test_quote_page_lists_the_other_outlets_reporting_the_same_statement(seeds_client):
    data = seeds_client.get('/api/search?q="burden of its own security"').get_json()
    assert len(data["results"]) == 2
    first, second = data["results"]
    assert first["statement"] == second["statement"]
    page = seeds_client.get(f"/quotes/{first['id']}").get_data(as_text=True)
    assert "also reported by" in page
    assert f"/quotes/{second['id']}" in page
