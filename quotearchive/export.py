"""Export a search: every matching quote as CSV rows or JSON Lines, produced lazily.

The web layer streams these lines as they come, so an export of a whole
archive never has to be built in memory first.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from typing import Any

from quotearchive.models import Quote

# One column per field of a quote, in the order of Quote.to_dict(); lists are joined.
CSV_COLUMNS = tuple(field.name for field in fields(Quote))
LIST_SEPARATOR = "; "
# A spreadsheet runs a cell starting with one of these as a formula: a quote that begins
# "=HYPERLINK(...)" or "-2 percent" would be computed, not shown. Such a cell starts
# with an apostrophe, which spreadsheets read as "text" (OWASP's CSV injection advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_lines(quotes: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Yield a header line, then one CSV line per quote."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(values: Iterable[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield line(CSV_COLUMNS)
    for quote in quotes:
        yield line(_cell(quote.get(column)) for column in CSV_COLUMNS)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(map(str, value))
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def jsonl_lines(quotes: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Yield one JSON object per quote, each on its own line (the shape of Quote.to_dict())."""
    for quote in quotes:
        yield json.dumps(quote, ensure_ascii=False) + "\n"


# Format name -> (media type, line maker).
FORMATS: dict[str, tuple[str, Callable[[Iterable[dict[str, Any]]], Iterator[str]]]] = {
    "csv": ("text/csv", csv_lines),
    "jsonl": ("application/x-ndjson", jsonl_lines),
}
