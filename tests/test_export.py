"""CSV and JSON Lines exports, line by line."""
import csv
import io
import json

from quotearchive.export import CSV_COLUMNS, csv_lines, jsonl_lines


def _rows(quotes):
    return list(csv.DictReader(io.StringIO("".join(csv_lines(quotes)))))


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_sent_as_text():
    quotes = [{"text": '=HYPERLINK("http://example.invalid","x")', "speaker": "@handle",
               "outlet": "+1 News", "cue": "-2 percent", "confidence": -0.5, "co_speakers": ["=A1", "Ana"]},
              {"text": "We will rebuild = better", "speaker": "Ana Ruiz", "confidence": 0.9}]
    first, second = _rows(quotes)
    assert first["text"] == '\'=HYPERLINK("http://example.invalid","x")'
    assert first["speaker"] == "'@handle" and first["outlet"] == "'+1 News" and first["cue"] == "'-2 percent"
    assert first["co_speakers"] == "'=A1; Ana"
    assert first["confidence"] == "-0.5"  # a number is no formula
    assert second["text"] == "We will rebuild = better" and second["speaker"] == "Ana Ruiz"


def test_every_quote_field_is_a_column_and_json_lines_keep_the_values_as_they_are():
    quote = {"text": "=1+1", "speaker": None, "co_speakers": []}
    row, = _rows([quote])
    assert list(row) == list(CSV_COLUMNS) and row["speaker"] == "" and row["co_speakers"] == ""
    assert json.loads(next(jsonl_lines([quote]))) == quote
