"""The dicts behind the quote, speaker and article pages.

Like ``search.search``, each function here returns one plain dict (or None
when there is nothing by that id): the web layer renders it as a page or
returns it unchanged as JSON, so the two cannot disagree.
"""
from __future__ import annotations

import difflib
import heapq
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from whoosh.index import Index
from whoosh.query import Term
from whoosh.searching import Searcher

from quotearchive import articlestore, fastjson
from quotearchive.columns import columns_for
from quotearchive.index import live_build_path
from quotearchive.models import report_summary, slugify
from quotearchive.search import open_searcher

SPEAKER_PER_PAGE = 50
# Other reports of a statement shown, with their word differences, on a quote page.
VARIANTS_SHOWN = 50
# A timeline longer than this (in months) is shown as the months that have quotes only.
TIMELINE_MAX_MONTHS = 600

QUOTE_SUMMARY_FIELDS = ("id", "text", "speaker", "role", "outlet", "title", "published",
                        "spoken", "statement", "article_id", "confidence")


# --- quote ----------------------------------------------------------------------


def quote_page(index: str | Path | Index | Searcher, quote_id: str,
               permalink: str | None = None) -> dict[str, Any] | None:
    """Return a quote with its article around it, its other reports and a citation."""
    with open_searcher(index) as searcher:
        stored = searcher.document(id=quote_id)
        if stored is None:
            return None
        quote = fastjson.loads(stored["payload"])
        numbers = (_docs_with(searcher.reader(), "statement", quote["statement"])
                   if quote.get("statement") else [])
        # Oldest first, and only as many as a page can show: a statement reported
        # thousands of times would otherwise be read and compared in full on every visit.
        rank = columns_for(searcher).rank("oldest") if numbers else None
        first = heapq.nsmallest(VARIANTS_SHOWN + 1, numbers, key=rank.__getitem__) if rank else []
        others = [other for other in (_payload(searcher, number) for number in first)
                  if other["id"] != quote["id"]][:VARIANTS_SHOWN]
        variants_total = max(0, len(numbers) - 1)
    article = articlestore.read(build_dir(index), quote.get("article_id") or "")
    if article is not None:
        paragraphs = mark_paragraphs(article["paragraphs"], [quote])
    elif quote.get("context"):
        # No stored article (an older index): the quote's own paragraph is all there is.
        paragraphs = mark_paragraphs([quote["context"]], [{**quote, "paragraph": 0}])
    else:
        paragraphs = []
    return {
        "quote": quote,
        "speaker_slug": slugify(quote["speaker"]) if quote.get("speaker") else None,
        "article": _article_summary(article) if article else None,
        "paragraphs": paragraphs,
        "variants": [{**report_summary(other), "text": other["text"],
                      "diff": word_diff(quote["text"], other["text"])}
                     for other in others],
        # Every other report of the statement; the first VARIANTS_SHOWN are in "variants".
        "variants_total": variants_total,
        "citation": citation(quote, permalink),
    }


def citation(quote: Mapping[str, Any], permalink: str | None = None) -> dict[str, Any]:
    """Return a copy-ready citation of a quote, as a sentence and as a record."""
    record = {
        "quote": quote["text"],
        "speaker": quote.get("speaker"),
        "role": quote.get("role"),
        "spoken": quote.get("spoken"),
        "outlet": quote.get("outlet"),
        "title": quote.get("title"),
        "published": quote.get("published"),
        "url": quote.get("url"),
        "quote_id": quote["id"],
        "permalink": permalink,
    }
    who = quote.get("speaker") or "Unattributed"
    if quote.get("role"):
        who += f", {quote['role']}"
    parts = [f"\u201c{quote['text']}\u201d \u2014 {who}"]
    if quote.get("spoken"):
        parts.append(f"Said on {quote['spoken']}")
    where = "Reported by " + (quote.get("outlet") or "an unnamed outlet")
    if quote.get("title"):
        where += f", \u201c{quote['title']}\u201d"
    if quote.get("published"):
        where += f", {quote['published']}"
    parts.append(where)
    if quote.get("url"):
        parts.append(quote["url"])
    if permalink:
        parts.append(f"QuoteArchive: {permalink}")
    return {"text": ". ".join(parts) + ".", "json": record}


def word_diff(this: str, other: str) -> dict[str, Any]:
    """Compare another report of a statement with this one, word by word.

    Returns the other version as a list of runs: ``same`` words, words it
    ``added``, words of this version it ``trimmed``, and words it ``changed``
    (``was`` holds this version's words), with the number of words of each kind.
    Case and punctuation do not count as a difference.
    """
    ours, theirs = this.split(), other.split()
    matcher = difflib.SequenceMatcher(None, [_word_key(word) for word in ours],
                                      [_word_key(word) for word in theirs], autojunk=False)
    runs: list[dict[str, str]] = []
    counts = {"added": 0, "trimmed": 0, "changed": 0}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append({"op": "same", "text": " ".join(theirs[j1:j2])})
        elif tag == "insert":
            runs.append({"op": "added", "text": " ".join(theirs[j1:j2])})
            counts["added"] += j2 - j1
        elif tag == "delete":
            runs.append({"op": "trimmed", "text": " ".join(ours[i1:i2])})
            counts["trimmed"] += i2 - i1
        else:
            runs.append({"op": "changed", "text": " ".join(theirs[j1:j2]),
                         "was": " ".join(ours[i1:i2])})
            counts["changed"] += max(i2 - i1, j2 - j1)
    return {"runs": runs, **counts}


def _word_key(word: str) -> str:
    return re.sub(r"[^\w]", "", word.casefold().replace("\u2019", "'")) or word


# --- speaker --------------------------------------------------------------------


def speaker_page(index: str | Path | Index | Searcher, slug: str, page: int = 1,
                 per_page: int = SPEAKER_PER_PAGE) -> dict[str, Any] | None:
    """Return a speaker's quotes newest first, with a timeline per month, roles and outlets.

    The counts and the order come from the per-generation arrays (as the
    search page's do): a speaker quoted tens of thousands of times at a
    million quotes would otherwise be sorted and grouped by Whoosh on every
    visit.
    """
    with open_searcher(index) as searcher:
        reader = searcher.reader()
        numbers = _docs_with(reader, "speaker_slugs", slug)
        total = len(numbers)
        if not total:
            return None
        columns = columns_for(searcher)
        rank = columns.rank("newest")
        first = (page - 1) * per_page
        shown = (heapq.nsmallest(first + per_page, numbers, key=rank.__getitem__)[first:]
                 if first < total else [])
        newest = min(numbers, key=rank.__getitem__)
        quotes = [_payload(searcher, number) for number in shown]
        name = _speaker_name(_payload(searcher, newest), slug)
        # Roles belong to the quote's main speaker, not to those who joined in.
        roles = columns.count("role_exact", _docs_with(reader, "speaker_slug", slug))
        months = columns.count("month", numbers)
        outlets = columns.count("outlet_exact", numbers)
    timeline = _timeline(months)
    return {
        "speaker": name,
        "slug": slug,
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, -(-total // per_page)),
        "quotes": quotes,
        "timeline": timeline,
        "undated": total - sum(entry["count"] for entry in timeline),
        "roles": _counted(roles),
        "outlets": _counted(outlets),
    }


def _docs_with(reader, field: str, value: str) -> list[int]:
    """Return the numbers of the documents holding ``value`` in ``field``."""
    return list(reader.postings(field, value).all_ids()) if (field, value) in reader else []


def _payload(searcher: Searcher, number: int) -> dict[str, Any]:
    return fastjson.loads(searcher.stored_fields(number)["payload"])


def _speaker_name(quote: Mapping[str, Any], slug: str) -> str:
    for name in [quote.get("speaker"), *quote.get("co_speakers", [])]:
        if name and slugify(name) == slug:
            return name
    return quote.get("speaker") or slug


def _timeline(months: Mapping[str, int]) -> list[dict[str, Any]]:
    """Return quotes per month from the first to the last, months without quotes included."""
    counts = {month: count for month, count in months.items() if month}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:7])
    span = (int(last[:4]) - year) * 12 + int(last[5:7]) - month + 1
    if span > TIMELINE_MAX_MONTHS:
        return [{"month": key, "count": counts[key]} for key in sorted(counts)]
    timeline = []
    for _ in range(span):
        key = f"{year:04d}-{month:02d}"
        timeline.append({"month": key, "count": counts.get(key, 0)})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return timeline


def _counted(counts: Mapping[str, int]) -> list[dict[str, Any]]:
    entries = [{"value": value, "count": count} for value, count in counts.items() if value]
    return sorted(entries, key=lambda entry: (-entry["count"], entry["value"]))


# --- article --------------------------------------------------------------------


def article_page(index: str | Path | Index | Searcher, article_id: str) -> dict[str, Any] | None:
    """Return an article's cleaned text with every quote marked, and what the cleaner removed."""
    article = articlestore.read(build_dir(index), article_id)
    if article is None:
        return None
    with open_searcher(index) as searcher:
        hits = searcher.search(Term("article_id", article_id), limit=None)
        quotes = sorted((fastjson.loads(hit["payload"]) for hit in hits),
                        key=lambda quote: (quote.get("paragraph", 0), quote.get("start", 0)))
    speakers: dict[str, dict[str, Any]] = {}
    for quote in quotes:
        if quote.get("speaker"):
            entry = speakers.setdefault(quote["speaker"], {
                "name": quote["speaker"], "slug": slugify(quote["speaker"]), "count": 0})
            entry["count"] += 1
    return {
        "article": _article_summary(article),
        "paragraphs": mark_paragraphs(article["paragraphs"], quotes),
        "quotes": [{name: quote.get(name) for name in QUOTE_SUMMARY_FIELDS} for quote in quotes],
        "speakers": list(speakers.values()),
        "removed": article.get("removed", []),
    }


def _article_summary(article: Mapping[str, Any]) -> dict[str, Any]:
    return {name: article.get(name)
            for name in ("id", "title", "outlet", "url", "published", "source")}


def mark_paragraphs(paragraphs: list[str], quotes: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Split each paragraph into runs of plain text and quoted words, each quote where it stands.

    A run that is a quote carries its ``quote`` id, ``speaker`` and speaker
    ``slug``. A quote whose recorded span no longer holds its words is looked
    for in its paragraph; one found nowhere is not marked.
    """
    spans: dict[int, list[tuple[int, int, Mapping[str, Any]]]] = {}
    for quote in quotes:
        number = quote.get("paragraph", 0)
        if not 0 <= number < len(paragraphs):
            continue
        found = _span(paragraphs[number], quote)
        if found:
            spans.setdefault(number, []).append((*found, quote))
    marked = []
    for number, text in enumerate(paragraphs):
        runs, position = [], 0
        for start, end, quote in sorted(spans.get(number, []), key=lambda span: span[:2]):
            if start < position:  # overlaps a quote already marked
                continue
            speaker = quote.get("speaker")
            pieces = _quoted_pieces(text, start, end)
            for part, (piece_start, piece_end) in enumerate(pieces):
                if piece_start > position:  # text before the quote, or words interrupting it
                    runs.append({"text": text[position:piece_start], "quote": None})
                runs.append({"text": text[piece_start:piece_end], "quote": quote["id"],
                             "speaker": speaker, "slug": slugify(speaker) if speaker else None,
                             "part": part, "continues": part < len(pieces) - 1})
                position = piece_end
            position = end
        if position < len(text):
            runs.append({"text": text[position:], "quote": None})
        marked.append({"number": number, "runs": runs})
    return marked


# A closing mark, a few words of attribution, an opening mark: '," Holm said, "'.
INTERRUPTION = re.compile(r'["\u201d][^"\u201c\u201d]{1,80}?["\u201c]')


def _span(paragraph: str, quote: Mapping[str, Any]) -> tuple[int, int] | None:
    start, end, text = quote.get("start", 0), quote.get("end", 0), quote.get("text") or ""
    if not text:
        return None
    recorded = 0 <= start < end <= len(paragraph)
    # The words exactly as the quote has them, in its recorded span first, else anywhere.
    at = paragraph.find(text, start, end) if recorded else -1
    if at < 0 and recorded and _same_words(paragraph[start:end], text):
        return start, end  # a quote interrupted by its attribution
    if at < 0:
        at = paragraph.find(text)
    return (at, at + len(text)) if at >= 0 else None


def _same_words(span: str, text: str) -> bool:
    """Tell whether a span holds the quote's words, allowing for an attribution inside it."""
    return _word_keys(INTERRUPTION.sub(" ", span)) == _word_keys(text)


def _word_keys(text: str) -> list[str]:
    return [key for key in (_word_key(word) for word in text.split()) if key]


def _quoted_pieces(paragraph: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the spans of the quoted words themselves, leaving out any attribution inside."""
    pieces, position = [], start
    for match in INTERRUPTION.finditer(paragraph, start, end):
        pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, end))
    return [(a, b) for a, b in pieces if b > a]


def build_dir(index: str | Path | Index | Searcher) -> Path | None:
    """Return the build directory an index was opened from (None for one held in memory)."""
    if isinstance(index, Searcher):
        index = index._ix  # the index a searcher came from (Whoosh's refresh() reads it too)
    if isinstance(index, Index):
        folder = getattr(index.storage, "folder", None)
        return Path(folder) if folder else None
    return live_build_path(index)
