"""The OpenAPI 3.1 description of every route, served at /api/openapi.json.

Schemas are JSON Schema (2020-12), so a test can validate live responses
against them. Each search parameter is declared once here, with its
description, and used by every route that takes it.
"""
from __future__ import annotations

from typing import Any

from quotearchive.models import SORTS
from quotearchive.search import DEFAULT_PER_PAGE, MAX_PER_PAGE

NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
NULLABLE_URL = {"type": ["string", "null"]}

# (name, schema, description): the query-string state of a search.
SEARCH_PARAMETERS: list[tuple[str, dict[str, Any], str]] = [
    ("q", {"type": "string", "maxLength": 500},
     'Words (stemmed: "escalation" finds "escalating"), "an exact phrase" (words as written), '
     "AND/OR/NOT, word*. Searches the quote and its speaker."),
    ("speaker", {"type": "string", "maxLength": 200},
     "Only quotes by this speaker (whole name, any case; joint statements count for each speaker)."),
    ("outlet", {"type": "string", "maxLength": 200}, "Only quotes reported by this outlet (any case)."),
    ("year", {"type": "integer", "minimum": 1800, "maximum": 2200},
     "Only quotes of this year (said, else published)."),
    ("from", {"type": "string", "format": "date"},
     "Said on or after this day (YYYY-MM-DD); the publication day stands in when the text gives none."),
    ("to", {"type": "string", "format": "date"}, "Said on or before this day (YYYY-MM-DD)."),
    ("published_from", {"type": "string", "format": "date"}, "Published on or after this day."),
    ("published_to", {"type": "string", "format": "date"}, "Published on or before this day."),
    ("sort", {"type": "string", "enum": list(SORTS)},
     "relevance (the default with words), newest (the default without), or oldest."),
    ("page", {"type": "integer", "minimum": 1, "default": 1}, "Page number, from 1."),
    ("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                  "default": DEFAULT_PER_PAGE}, "Quotes per page."),
]
EXPORT_PARAMETERS = [p for p in SEARCH_PARAMETERS if p[0] not in ("page", "per_page")]

QUOTE = {
    "type": "object",
    "required": ["id", "text", "speaker", "role", "co_speakers", "speaker_mention", "cue",
                 "confidence", "evidence", "context", "kind", "spoken", "statement",
                 "article_id", "source", "title", "outlet", "url", "published",
                 "paragraph", "start", "end"],
    "properties": {
        "id": {"type": "string"},
        "text": {"type": "string", "description": "The words between the quotation marks."},
        "speaker": {**NULLABLE_STRING, "description": "Canonical name; null when the text names nobody."},
        "role": NULLABLE_STRING,
        "co_speakers": {"type": "array", "items": {"type": "string"}},
        "speaker_mention": NULLABLE_STRING,
        "cue": NULLABLE_STRING,
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "evidence": {"type": "string", "description": "The sentence that attributes the quote."},
        "context": {"type": "string", "description": "The paragraph the quote stands in."},
        "kind": {"type": "string", "enum": ["full", "fragment"]},
        "spoken": NULLABLE_DATE,
        "statement": {**NULLABLE_STRING, "description": "Shared by every report of the same statement."},
        "article_id": {"type": "string"},
        "source": {"type": "string"},
        "title": NULLABLE_STRING,
        "outlet": NULLABLE_STRING,
        "url": NULLABLE_URL,
        "published": NULLABLE_DATE,
        "paragraph": {"type": "integer", "minimum": 0},
        "start": {"type": "integer", "minimum": 0},
        "end": {"type": "integer", "minimum": 0},
    },
}

REPORT = {
    "type": "object",
    "required": ["id", "outlet", "title", "published", "article_id"],
    "properties": {"id": {"type": "string"}, "outlet": NULLABLE_STRING, "title": NULLABLE_STRING,
                   "published": NULLABLE_DATE, "article_id": {"type": "string"}},
}

FACET = {
    "type": "object",
    "required": ["value", "count", "selected", "toggle_url"],
    "additionalProperties": False,
    "properties": {
        "value": {"type": "string"},
        "count": {"type": "integer", "minimum": 0},
        "selected": {"type": "boolean", "description": "The search filters on this value."},
        "toggle_url": {"type": "string", "description": "The search with this filter added, or removed if selected."},
    },
}

SEARCH_STATE = {
    "type": "object",
    "description": "The whole state of the search, as carried by its URL.",
    "required": [name for name, _, _ in SEARCH_PARAMETERS],
    "additionalProperties": False,
    "properties": {name: {"type": [schema["type"], "null"]} if name not in ("q", "page", "per_page")
                   else {"type": schema["type"]}
                   for name, schema, _ in SEARCH_PARAMETERS},
}

SEARCH_PAGE = {
    "type": "object",
    "required": ["query", "total", "page", "per_page", "pages", "sort", "search", "results",
                 "facets", "statements", "suggestion", "partial", "links"],
    "additionalProperties": False,
    "properties": {
        "query": {"type": "string"},
        "total": {"type": "integer", "minimum": 0, "description": "Every quote that matches."},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
        "sort": {"type": "string", "enum": list(SORTS)},
        "search": {"$ref": "#/components/schemas/SearchState"},
        "results": {"type": "array", "items": {"allOf": [
            {"$ref": "#/components/schemas/Quote"},
            {"type": "object", "required": ["highlight"],
             "properties": {"highlight": {
                 "type": "string",
                 "description": "The text, HTML-escaped, with matched words in <mark>."}}},
        ]}},
        "facets": {
            "type": "object", "required": ["speaker", "outlet", "year"], "additionalProperties": False,
            "properties": {name: {"type": "array", "items": {"$ref": "#/components/schemas/Facet"}}
                           for name in ("speaker", "outlet", "year")},
        },
        "statements": {
            "type": "object",
            "description": "For each statement on the page, the first 20 outlets' reports of it, "
                           "oldest first (the quote page shows 50 and counts them all).",
            "additionalProperties": {"type": "array", "items": {"$ref": "#/components/schemas/Report"}},
        },
        "suggestion": {**NULLABLE_STRING,
                       "description": "When nothing matched: the query with unknown words "
                                      "replaced by indexed ones, if that finds something."},
        "partial": {**NULLABLE_STRING,
                    "description": "Null when the answer is complete; else why not: the search ran "
                                   "out of its time budget (total and facets cover the matches found "
                                   "so far), or facets counted only the first 200,000 matches."},
        "links": {
            "type": "object",
            "required": ["self", "json", "first", "prev", "next", "last", "csv", "jsonl", "suggestion",
                         "speakers"],
            "additionalProperties": False,
            "properties": {
                **{name: NULLABLE_URL for name in
                   ("self", "json", "first", "prev", "next", "last", "csv", "jsonl", "suggestion")},
                "speakers": {"type": "object", "additionalProperties": {"type": "string"},
                             "description": "The speaker page of everyone quoted on this page, by name."},
            },
        },
    },
}

RUN = {
    "type": "object",
    "required": ["text", "quote"],
    "properties": {"text": {"type": "string"}, "quote": NULLABLE_STRING,
                   "speaker": NULLABLE_STRING, "slug": NULLABLE_STRING,
                   "part": {"type": "integer", "minimum": 0,
                            "description": "Which piece of a quote interrupted by its attribution."},
                   "continues": {"type": "boolean",
                                 "description": "More pieces of the same quote follow."}},
}
PARAGRAPH = {
    "type": "object",
    "required": ["number", "runs"],
    "properties": {"number": {"type": "integer", "minimum": 0},
                   "runs": {"type": "array", "items": RUN}},
}
ARTICLE_SUMMARY = {
    "type": "object",
    "required": ["id", "title", "outlet", "url", "published", "source"],
    "properties": {"id": {"type": "string"}, "title": NULLABLE_STRING, "outlet": NULLABLE_STRING,
                   "url": NULLABLE_URL, "published": NULLABLE_DATE, "source": {"type": "string"}},
}
DIFF = {
    "type": "object",
    "required": ["runs", "added", "trimmed", "changed"],
    "properties": {
        "runs": {"type": "array", "items": {
            "type": "object", "required": ["op", "text"],
            "properties": {"op": {"enum": ["same", "added", "trimmed", "changed"]},
                           "text": {"type": "string"},
                           "was": {"type": "string", "description": "This version's words (changed runs)."}}}},
        "added": {"type": "integer", "minimum": 0},
        "trimmed": {"type": "integer", "minimum": 0},
        "changed": {"type": "integer", "minimum": 0},
    },
}
QUOTE_PAGE = {
    "type": "object",
    "required": ["quote", "speaker_slug", "article", "paragraphs", "variants", "variants_total",
                 "citation"],
    "additionalProperties": False,
    "properties": {
        "quote": {"$ref": "#/components/schemas/Quote"},
        "speaker_slug": NULLABLE_STRING,
        "article": {"oneOf": [{"$ref": "#/components/schemas/ArticleSummary"}, {"type": "null"}]},
        "paragraphs": {"type": "array", "items": {"$ref": "#/components/schemas/Paragraph"},
                       "description": "The article's cleaned text, this quote marked in place."},
        "variants_total": {"type": "integer", "minimum": 0,
                           "description": "How many other reports of the statement there are; "
                                          "the first 50, oldest first, are in variants."},
        "variants": {"type": "array",
                     "description": "Other outlets' reports of the same statement, oldest first "
                                    "(at most 50).",
                     "items": {"allOf": [
                         {"$ref": "#/components/schemas/Report"},
                         {"type": "object", "required": ["text", "diff"],
                          "properties": {"text": {"type": "string"},
                                         "diff": {"$ref": "#/components/schemas/WordDiff"}}}]}},
        "citation": {
            "type": "object", "required": ["text", "json"],
            "properties": {"text": {"type": "string"},
                           "json": {"type": "object", "required": ["quote", "speaker", "quote_id", "permalink"]}},
        },
    },
}
COUNTED = {"type": "array", "items": {
    "type": "object", "required": ["value", "count"],
    "properties": {"value": {"type": "string"}, "count": {"type": "integer", "minimum": 1}}}}
SPEAKER_PAGE = {
    "type": "object",
    "required": ["speaker", "slug", "total", "page", "per_page", "pages", "quotes", "timeline",
                 "undated", "roles", "outlets", "links"],
    "additionalProperties": False,
    "properties": {
        "speaker": {"type": "string"},
        "slug": {"type": "string"},
        "total": {"type": "integer", "minimum": 1},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
        "quotes": {"type": "array", "items": {"$ref": "#/components/schemas/Quote"},
                   "description": "This page of the speaker's quotes, newest first."},
        "timeline": {"type": "array", "items": {
            "type": "object", "required": ["month", "count"],
            "properties": {"month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                           "count": {"type": "integer", "minimum": 0}}}},
        "undated": {"type": "integer", "minimum": 0},
        "roles": COUNTED,
        "outlets": COUNTED,
        "links": {"type": "object", "required": ["self", "search", "prev", "next"],
                  "properties": {name: NULLABLE_URL for name in ("self", "search", "prev", "next")}},
    },
}
ARTICLE_PAGE = {
    "type": "object",
    "required": ["article", "paragraphs", "quotes", "speakers", "removed"],
    "additionalProperties": False,
    "properties": {
        "article": {"$ref": "#/components/schemas/ArticleSummary"},
        "paragraphs": {"type": "array", "items": {"$ref": "#/components/schemas/Paragraph"}},
        "quotes": {"type": "array", "items": {"type": "object", "required": ["id", "text", "speaker"]}},
        "speakers": {"type": "array", "items": {
            "type": "object", "required": ["name", "slug", "count"],
            "properties": {"name": {"type": "string"}, "slug": {"type": "string"},
                           "count": {"type": "integer", "minimum": 1}}}},
        "removed": {"type": "array", "description": "What the cleaner took out, by family.",
                    "items": {"type": "object", "required": ["family", "text"],
                              "properties": {"family": {"type": "string"}, "text": {"type": "string"}}}},
    },
}
ERROR = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {"error": {"type": "string", "description": "What was wrong, in plain words."}},
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _query_parameters(parameters) -> list[dict[str, Any]]:
    return [{"name": name, "in": "query", "required": False, "schema": schema, "description": text}
            for name, schema, text in parameters]


def _path_parameter(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"},
            "description": description}


def _json_get(summary: str, schema: str, parameters: list[dict[str, Any]],
              errors: dict[str, str], page: bool) -> dict[str, Any]:
    """One GET operation; a page also answers text/html (its JSON twin is the same data)."""
    content = {"application/json": {"schema": _ref(schema)}}
    if page:
        content["text/html"] = {"schema": {"type": "string"}}
    responses = {"200": {"description": summary, "content": content}}
    responses.update({status: _error(text) for status, text in errors.items()})
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


SEARCH_ERRORS = {"400": "A bad request: unbalanced quotes, a malformed date, 'from' after 'to', a bad page.",
                 "503": "No index has been built yet."}
NOT_FOUND = {"404": "Nothing has that id.", "503": "No index has been built yet."}


def openapi_spec() -> dict[str, Any]:
    """Return the OpenAPI description of QuoteArchive's pages and API."""
    search_params = _query_parameters(SEARCH_PARAMETERS)
    export_params = _query_parameters(EXPORT_PARAMETERS)
    quote_id = [_path_parameter("quote_id", "A quote's id.")]
    slug = [_path_parameter("slug", 'A speaker\'s name in a URL ("Ilse Varga" -> "ilse-varga").')]
    speaker_params = slug + _query_parameters([p for p in SEARCH_PARAMETERS if p[0] == "page"])
    article_id = [_path_parameter("article_id", "An article's id.")]
    search_summary = "One page of quotes matching a search, with facets, statements and links"
    paths: dict[str, Any] = {}
    for path, page in (("/", True), ("/search", True), ("/search.json", False), ("/api/search", False)):
        paths[path] = _json_get(search_summary, "SearchPage", search_params, SEARCH_ERRORS, page)
    for path in ("/export.csv", "/api/export.csv"):
        paths[path] = {"get": {
            "summary": "Every quote matching a search as CSV (streamed; header row first)",
            "parameters": export_params,
            "responses": {"200": {"description": "CSV, one row per quote",
                                  "content": {"text/csv": {"schema": {"type": "string"}}}},
                          **{status: _error(text) for status, text in SEARCH_ERRORS.items()}}}}
    for path in ("/export.jsonl", "/api/export.jsonl"):
        paths[path] = {"get": {
            "summary": "Every quote matching a search as JSON Lines (streamed; one Quote per line)",
            "parameters": export_params,
            "responses": {"200": {"description": "One Quote object per line",
                                  "content": {"application/x-ndjson": {"schema": _ref("Quote")}}},
                          **{status: _error(text) for status, text in SEARCH_ERRORS.items()}}}}
    quote_summary = "A quote with its article, the other reports of its statement and a citation"
    paths["/quotes/{quote_id}"] = _json_get(quote_summary, "QuotePage", quote_id, NOT_FOUND, True)
    paths["/quotes/{quote_id}.json"] = _json_get(quote_summary, "QuotePage", quote_id, NOT_FOUND, False)
    paths["/api/quotes/{quote_id}"] = _json_get("One quote", "Quote", quote_id, NOT_FOUND, False)
    speaker_summary = "A speaker's quotes newest first, a timeline per month, roles and outlets"
    speaker_errors = {**NOT_FOUND, "400": "A bad page number."}
    paths["/speakers/{slug}"] = _json_get(speaker_summary, "SpeakerPage", speaker_params, speaker_errors, True)
    paths["/speakers/{slug}.json"] = _json_get(speaker_summary, "SpeakerPage", speaker_params,
                                               speaker_errors, False)
    paths["/api/speakers/{slug}"] = _json_get(speaker_summary, "SpeakerPage", speaker_params,
                                              speaker_errors, False)
    article_summary = "An article's cleaned text with every quote marked, and what the cleaner removed"
    paths["/articles/{article_id}"] = _json_get(article_summary, "ArticlePage", article_id, NOT_FOUND, True)
    paths["/articles/{article_id}.json"] = _json_get(article_summary, "ArticlePage", article_id,
                                                     NOT_FOUND, False)
    paths["/api/articles/{article_id}"] = _json_get(article_summary, "ArticlePage", article_id,
                                                    NOT_FOUND, False)
    paths["/api/openapi.json"] = {"get": {
        "summary": "This description",
        "responses": {"200": {"description": "OpenAPI 3.1",
                              "content": {"application/json": {"schema": {"type": "object"}}}}}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "QuoteArchive",
            "version": "1",
            "description": "Attributed news quotations: search, quotes, speakers, articles and exports. "
                           "Every page has a JSON twin: the same URL with .json, or asked for with "
                           "Accept: application/json. Errors are JSON {\"error\": message} under /api/ "
                           "and for the twins.",
        },
        "paths": paths,
        "components": {"schemas": {
            "Quote": QUOTE, "Report": REPORT, "Facet": FACET, "SearchState": SEARCH_STATE,
            "SearchPage": SEARCH_PAGE, "Paragraph": PARAGRAPH, "ArticleSummary": ARTICLE_SUMMARY,
            "WordDiff": DIFF, "QuotePage": QUOTE_PAGE, "SpeakerPage": SPEAKER_PAGE,
            "ArticlePage": ARTICLE_PAGE, "Error": ERROR,
        }},
    }
