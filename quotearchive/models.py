"""The small records every pipeline stage passes on.

Each has a ``to_dict()`` that is exactly what the JSON API and the
``extract --jsonl`` output carry, so the web page, the API and the command
line can never drift apart.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any


def iso(value: dt.date | None) -> str | None:
    """Return an ISO date string, or None."""
    return value.isoformat() if value else None


@functools.lru_cache(maxsize=4096)  # pages link to the same speakers again and again
def slugify(name: str) -> str:
    """Return the URL name of a speaker: "Renée Castellan" -> "renee-castellan".

    Accents are dropped, letters of other scripts kept, and any run of other
    characters becomes one hyphen.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[\W_]+", "-", plain.casefold()).strip("-")


# What a list of "also reported by" shows of a quote.
REPORT_FIELDS = ("id", "outlet", "title", "published", "article_id")


def report_summary(quote: dict[str, Any]) -> dict[str, Any]:
    """Return what a list of "also reported by" needs of a quote (a ``Quote.to_dict()``)."""
    return {name: quote.get(name) for name in REPORT_FIELDS}


@dataclass
class RawDocument:
    """One article as read from disk, before cleaning.

    ``text`` holds plain text (``.txt`` dumps, JSONL ``text``); ``html`` holds
    markup (``.html`` files, JSONL ``html``). ``meta`` carries what the
    container already knew: title, outlet, url, published (strings).
    """

    source: str
    format: str  # "txt", "html" or "jsonl"
    text: str | None = None
    html: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Skipped:
    """A file (or JSONL line) that could not be read, and why."""

    source: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class Removed:
    """A piece of boilerplate the cleaner took out, by family."""

    family: str  # e.g. "syndication", "republication", "agency", "related", "section", "caption"
    text: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class Article:
    """A cleaned article: metadata and body paragraphs, boilerplate removed."""

    id: str
    source: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    paragraphs: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": iso(self.published),
            "paragraphs": list(self.paragraphs),
            "removed": [r.to_dict() for r in self.removed],
        }


@dataclass
class Quote:
    """A direct quotation, attributed, with where and when it was found."""

    id: str
    text: str
    speaker: str | None = None
    role: str | None = None
    co_speakers: list[str] = field(default_factory=list)  # others saying it jointly ("He and Rutte ...")
    speaker_mention: str | None = None  # the speaker as written ("he", "the French president")
    cue: str | None = None  # the attributing verb or phrase ("said", "according to")
    confidence: float = 0.0
    evidence: str = ""  # the sentence or clause that attributes the quote
    context: str = ""  # the whole paragraph the quote stands in
    kind: str = "full"  # "full" sentence(s) or a "fragment" inside reported speech
    spoken: dt.date | None = None
    statement: str | None = None  # shared by quotes reporting the same statement
    article_id: str = ""
    source: str = ""
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    paragraph: int = 0  # index of the paragraph in Article.paragraphs
    start: int = 0  # character span of the quoted words inside that paragraph
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        # What asdict() gives (every field is a plain value but one list of names), without
        # its recursive deep copy: a rebuild turns every quote into a dict.
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["co_speakers"] = list(self.co_speakers)
        data["spoken"] = iso(self.spoken)
        data["published"] = iso(self.published)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Quote":
        """Rebuild a quote from its ``to_dict()`` (as the index stores it)."""
        values = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        for name in ("spoken", "published"):
            if values.get(name):
                values[name] = dt.date.fromisoformat(values[name])
        values["co_speakers"] = list(values.get("co_speakers") or [])
        return cls(**values)


SORTS = ("relevance", "newest", "oldest")


@dataclass
class SearchRequest:
    """What a search asks for; built by the web layer, run by ``search``.

    ``to_dict()`` is the whole state of a search: the page's URL carries
    exactly these parameters, so a search can be bookmarked and shared.
    """

    q: str = ""
    speaker: str | None = None
    outlet: str | None = None
    year: int | None = None  # of the spoken date, else the published one
    date_from: dt.date | None = None  # on the spoken date, else the published one
    date_to: dt.date | None = None
    published_from: dt.date | None = None  # on the publication date only
    published_to: dt.date | None = None
    sort: str | None = None  # one of SORTS; None: relevance with words, else newest
    page: int = 1
    per_page: int = 20

    @property
    def effective_sort(self) -> str:
        """Return the order the results come in."""
        return self.sort or ("relevance" if self.q else "newest")

    def to_dict(self) -> dict[str, Any]:
        return {
            "q": self.q,
            "speaker": self.speaker,
            "outlet": self.outlet,
            "year": self.year,
            "from": iso(self.date_from),
            "to": iso(self.date_to),
            "published_from": iso(self.published_from),
            "published_to": iso(self.published_to),
            "sort": self.sort,
            "page": self.page,
            "per_page": self.per_page,
        }


@dataclass
class SearchResult:
    """One page of results: the dict the page renders and the API returns."""

    query: str
    total: int
    page: int
    per_page: int
    results: list[dict[str, Any]] = field(default_factory=list)  # Quote.to_dict() + "highlight"
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    request: SearchRequest | None = None
    # Every report of each statement shown on the page, by statement id.
    statements: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    suggestion: str | None = None  # "did you mean": a query that finds something
    # Why the answer is incomplete (a time budget ran out, facets counted a sample), else None.
    partial: str | None = None

    @property
    def pages(self) -> int:
        """Return the number of the last page (1 when nothing matched)."""
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict[str, Any]:
        request = self.request or SearchRequest(q=self.query, page=self.page,
                                                per_page=self.per_page)
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            "sort": request.effective_sort,
            "search": request.to_dict(),
            "results": self.results,
            "facets": self.facets,
            "statements": self.statements,
            "suggestion": self.suggestion,
            "partial": self.partial,
        }
