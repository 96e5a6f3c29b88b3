"""The sample corpus in examples/ against its hand annotation, examples/gold.json.

A light self-contained check (../shared's scorer may be absent): each gold
quote must be found among the extracted quotes of its article, normalised,
with the gold speaker; at most MAX_MISSES of them may be missed.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import REPO
from quotearchive import pipeline

GOLD = json.loads((REPO / "examples" / "gold.json").read_text(encoding="utf-8"))

# Share of gold quotes the extractor may miss (or attribute wrongly) before the test fails.
MAX_MISSES = 0.10

# Quoted words that are not anybody's quote: titles of works and scare quotes.
NOT_QUOTES = ["Thermal Legacy in Juvenile Kelp Forests", "Berths for Friends", "Tides and Tallies",
              "The Bell Beneath the Bay", "rainy day", "project", "memory"]

_MARKS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2013": "-", "\u2014": "-",
                        "\u2026": "..."})


def norm(text: str | None) -> str:
    """Compare quotes as the shared scorer does: marks, dashes, spaces, case, end punctuation."""
    text = unicodedata.normalize("NFKC", text or "").translate(_MARKS).replace("''", '"')
    return re.sub(r"\s+", " ", text).strip().casefold().strip(" \"'.,;:!?-")


def same_text(found: str, gold: str) -> bool:
    """Equal, or one holds the other and covers most of it (an extra word or two is fine)."""
    a, b = norm(found), norm(gold)
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return bool(shorter) and shorter in longer and len(shorter) >= 0.8 * len(longer)


@pytest.fixture(scope="module")
def result(sample_corpus):
    return pipeline.process([sample_corpus])


@pytest.fixture(scope="module")
def quotes_by_file(result):
    by_file: dict[str, list] = {}
    for quote in result.quotes:
        by_file.setdefault(Path(quote.source).name, []).append(quote)
    return by_file


@pytest.fixture(scope="module")
def articles_by_file(result):
    return {Path(article.source).name: article for article in result.articles}


def find(gold_quote: dict, candidates: list):
    for quote in candidates:
        if same_text(quote.text, gold_quote["text"]):
            return quote
    return None


def test_every_sample_file_is_read(result):
    assert result.skipped == [], [s.to_dict() for s in result.skipped]
    assert len(result.articles) == len(GOLD["articles"])


def test_gold_quotes_are_extracted_with_their_speakers(quotes_by_file):
    misses = []
    total = 0
    for article in GOLD["articles"]:
        for gold in article["quotes"]:
            total += 1
            found = find(gold, quotes_by_file.get(article["file"], []))
            names = {norm(n) for n in [gold["speaker"], *gold["speaker_alternatives"]] if n}
            if found is None:
                misses.append(f"MISSED {gold['id']}: {gold['text'][:60]!r}")
            elif gold["speaker"] is None and found.speaker is not None:
                misses.append(f"SPEAKER {gold['id']}: {found.speaker!r}, the text names nobody")
            elif gold["speaker"] is not None and norm(found.speaker) not in names:
                misses.append(f"SPEAKER {gold['id']}: {found.speaker!r} != {gold['speaker']!r}")
    assert len(misses) <= MAX_MISSES * total, "\n".join(misses)


def test_titles_of_works_and_scare_quotes_are_not_extracted(result):
    extracted = {norm(q.text) for q in result.quotes}
    wrongly = [text for text in NOT_QUOTES if norm(text) in extracted]
    assert not wrongly


def test_gold_boilerplate_is_removed(articles_by_file):
    left = []
    for gold in GOLD["articles"]:
        article = articles_by_file.get(gold["file"])
        assert article is not None, f"{gold['file']} not read"
        body = "\n".join(article.paragraphs)
        left += [f"{gold['file']}: {b!r}" for b in gold["boilerplate"] if b.strip() in body]
    assert not left, "\n".join(left)


@pytest.mark.parametrize("field", ["title", "outlet", "published"])
def test_article_metadata_is_recovered(articles_by_file, field):
    wrong = []
    for gold in GOLD["articles"]:
        article = articles_by_file[gold["file"]]
        value = getattr(article, field)
        value = value.isoformat() if hasattr(value, "isoformat") else value
        if gold[field] is not None and value != gold[field]:
            wrong.append(f"{gold['file']}: {value!r} != {gold[field]!r}")
    assert not wrong, "\n".join(wrong)


def test_same_statement_groups_share_a_statement_id(quotes_by_file):
    gold_by_id = {q["id"]: (a["file"], q) for a in GOLD["articles"] for q in a["quotes"]}
    for group in GOLD["same_statement"]:
        found = [find(gold_by_id[qid][1], quotes_by_file.get(gold_by_id[qid][0], [])) for qid in group]
        assert all(found), f"not all of {group} were extracted"
        statements = {q.statement for q in found}
        assert len(statements) == 1 and None not in statements, (group, statements)
