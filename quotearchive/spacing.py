"""Whitespace normalisation shared by the cleaning and extraction stages."""
from __future__ import annotations


def collapse_spaces(text: str) -> str:
    """Collapse runs of whitespace (including no-break spaces) to one space, trimming both ends."""
    # Most text reaching here is single-spaced already (cleaned paragraphs, most lines of
    # a dump). Telling so takes no split: no two spaces in a row, none at either end, and
    # no whitespace but the space (every other whitespace character is unprintable). That
    # look costs half of splitting the text into words and joining them again.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())
