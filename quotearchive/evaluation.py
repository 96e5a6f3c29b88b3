"""Measure an extraction against hand-made gold: quote precision/recall, speakers, dates, groups.

Gold has the shape of ``examples/gold.json``: ``articles`` (each with ``file``,
an optional ``style`` and its ``quotes``) and optional ``same_statement``
groups of quote ids. Predictions are ``Quote.to_dict()`` rows.

A prediction matches a gold quote of the same file when their texts are
equal once normalised, or when their words overlap enough (``MATCH_OVERLAP``,
an F1 over word multisets): outlets and annotators disagree on a trailing word
or mark, not on which quotation it is. Each gold quote is matched at most
once, best overlap first. Unlike a plain name comparison, a null speaker
predicted for a gold quote whose speaker is null counts as right: saying
"nobody is named" is the correct answer there.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MATCH_OVERLAP = 0.6

_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."})


def normalise(text: str | None) -> str:
    """Fold case, marks, dashes and spaces, and drop punctuation at either end."""
    text = unicodedata.normalize("NFKC", text or "").translate(_MARKS)
    return re.sub(r"\s+", " ", text).strip().casefold().strip(" \"'.,;:!?-")


def word_overlap(a: str, b: str) -> float:
    """Return the F1 of the two texts' word multisets."""
    wa, wb = Counter(re.findall(r"\w+", normalise(a))), Counter(re.findall(r"\w+", normalise(b)))
    common = sum((wa & wb).values())
    if not common:
        return 0.0
    precision, recall = common / sum(wa.values()), common / sum(wb.values())
    return 2 * precision * recall / (precision + recall)


@dataclass
class Tally:
    """Counts for one slice of the gold (all of it, or one style)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_right: int = 0
    dated: int = 0
    date_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def attribution(self) -> float:
        return self.speaker_right / self.matched if self.matched else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "attribution": round(self.attribution, 3),
                "spoken": round(self.date_right / self.dated, 3) if self.dated else None}


@dataclass
class Report:
    overall: Tally
    by_style: dict[str, Tally]
    statement_precision: float | None
    statement_recall: float | None


def _file_key(source: str) -> str:
    return Path(str(source)).name


def _speaker_right(predicted: dict, gold: dict) -> bool:
    names = [gold.get("speaker"), *gold.get("speaker_alternatives", [])]
    if gold.get("speaker") is None:
        return predicted.get("speaker") is None
    return normalise(predicted.get("speaker")) in {normalise(n) for n in names if n}


def evaluate(gold: dict[str, Any], predictions: list[dict[str, Any]]) -> Report:
    """Score ``predictions`` against ``gold``."""
    by_file: dict[str, list[dict]] = defaultdict(list)
    for row in predictions:
        by_file[_file_key(row.get("source", ""))].append(row)
    overall, by_style = Tally(), defaultdict(Tally)
    matched: dict[str, dict] = {}  # gold id -> prediction
    for article in gold["articles"]:
        rows = by_file.get(article["file"], [])
        tallies = (overall, by_style[article.get("style", "all")])
        for tally in tallies:
            tally.gold += len(article["quotes"])
            tally.predicted += len(rows)
        pairs = list(_match(article["quotes"], rows))
        matched_rows = {id(row) for _, row in pairs if row is not None}
        for row in rows:
            if id(row) not in matched_rows:
                for tally in tallies:
                    tally.misses.append(f"EXTRA {article['file']}: {str(row.get('text'))[:70]!r} "
                                        f"({row.get('speaker')})")
        for gold_quote, row in pairs:
            if row is None:
                for tally in tallies:
                    tally.misses.append(f"MISSED {gold_quote['id']}: {gold_quote['text'][:70]!r}")
                continue
            matched[gold_quote["id"]] = row
            right = _speaker_right(row, gold_quote)
            for tally in tallies:
                tally.matched += 1
                tally.speaker_right += right
                if not right:
                    tally.misses.append(f"SPEAKER {gold_quote['id']}: {row.get('speaker')!r} "
                                        f"!= {gold_quote.get('speaker')!r}")
                if gold_quote.get("spoken"):
                    tally.dated += 1
                    tally.date_right += str(row.get("spoken") or "")[:10] == gold_quote["spoken"]
    precision, recall = _statement_scores(gold.get("same_statement") or [], matched)
    return Report(overall, dict(by_style), precision, recall)


def _match(gold_quotes: list[dict], rows: list[dict]):
    """Pair each gold quote with its best unused prediction (or None)."""
    used: set[int] = set()
    for gold_quote in gold_quotes:
        best, best_score = None, 0.0
        for i, row in enumerate(rows):
            if i in used:
                continue
            score = 1.0 if normalise(row.get("text")) == normalise(gold_quote["text"]) \
                else word_overlap(row.get("text", ""), gold_quote["text"])
            if score > best_score:
                best, best_score = i, score
        if best is not None and best_score >= MATCH_OVERLAP:
            used.add(best)
            yield gold_quote, rows[best]
        else:
            yield gold_quote, None


def _statement_scores(groups: list[list[str]], matched: dict[str, dict]):
    """Pairwise precision and recall of same-statement links across articles."""
    if not groups:
        return None, None
    gold_pairs = {tuple(sorted((a, b))) for group in groups for a in group for b in group if a < b}
    ids = sorted(matched)
    predicted = {(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]
                 if a.split("-")[0] != b.split("-")[0]
                 and matched[a].get("statement") and matched[a].get("statement") == matched[b].get("statement")}
    hits = len(gold_pairs & predicted)
    return (hits / len(predicted) if predicted else 0.0), hits / len(gold_pairs)
