"""Stage 2: strip boilerplate by family and recover title, outlet, URL and date.

A raw document becomes a list of paragraphs (from the page's <p>, <li> and
<dd> elements and the text standing loose in its other blocks, in document
order, or from the lines of a text dump); then one small function per boilerplate
family runs over that list, in the order of ``CLEANING_STEPS``, recording
what it took out in ``Article.removed``. The patterns themselves live in
:mod:`quotearchive.rules.boilerplate`.

Two promises hold throughout: every body sentence is kept (a heuristic never
drops a paragraph that ends like prose, ends in a quotation mark, colon or
question mark, or continues an open quotation), and removing a line never
merges or reorders its neighbours.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4.element import CData, NavigableString
from dateutil import parser as dateparser

from quotearchive.models import Article, RawDocument, Removed
from quotearchive.pagetree import Element, Text, parse as parse_html
from quotearchive.rules import boilerplate as rules
from quotearchive.spacing import collapse_spaces

# The first paragraph of a text dump is its title when it reads like a
# headline: no full stop at the end and no longer than this.
TITLE_MAX_WORDS = 25
TITLE_MAX_CHARS = 200
# Crawl headers, datelines and bylines sit above the first paragraph of prose;
# only that many leading paragraphs are searched for them.
HEADER_ZONE_MAX = 8
# A paragraph that ends like a sentence and has this many words is prose, and
# ends the header zone.
PROSE_MIN_WORDS = 8
# "Updated: Tuesday, 3 March 2024 at 10:00 a.m. EST" is about as long as a dateline gets.
DATELINE_MAX_WORDS = 10
# Text dumps count as hard-wrapped when no line is longer than a typical wrap
# width and most lines inside multi-line blocks are "full": they break
# mid-sentence, and the next line's first word would not have fitted on them.
WRAP_MAX_LINE_CHARS = 100
WRAP_MIN_SHARE_FULL = 0.5
# Fewer line breaks inside blocks than this say nothing about wrapping: a title
# directly above its masthead line is two lines, not one wrapped paragraph.
WRAP_MIN_BREAKS = 3
ID_HEX_CHARS = 12


# --- Paragraphs from plain text ----------------------------------------------

def paragraphs_from_text(text: str) -> list[str]:
    """Split plain text into paragraphs, joining hard-wrapped lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [block.split("\n") for block in re.split(r"\n[ \t\u00a0]*\n", text)]
    blocks = [[line for line in block if line.strip()] for block in blocks]
    blocks = [block for block in blocks if block]
    if _is_hard_wrapped(blocks):
        return [collapse_spaces(" ".join(block)) for block in blocks]
    return [collapse_spaces(line) for block in blocks for line in block]


def _is_hard_wrapped(blocks: list[list[str]]) -> bool:
    """Tell a dump wrapped at a fixed width from one written a line per paragraph."""
    multi_line = [block for block in blocks if len(block) > 1]
    if not multi_line:
        return False
    width = max(len(line.rstrip()) for block in multi_line for line in block)
    if width > WRAP_MAX_LINE_CHARS:
        return False
    breaks = [(line.rstrip(), following.split()[0]) for block in multi_line
              for line, following in zip(block, block[1:])]
    if len(breaks) < WRAP_MIN_BREAKS:
        return False
    full = sum(1 for line, next_word in breaks
               if len(line) + 1 + len(next_word) > width and not _ends_like_prose(line))
    return full / len(breaks) > WRAP_MIN_SHARE_FULL



# --- Paragraphs and metadata from HTML -----------------------------------------

# Elements that never hold article prose.
HTML_NEVER_BODY_TAGS = ("nav", "script", "style", "noscript", "figure", "figcaption", "iframe",
                        "svg", "button", "template", "select", "textarea")
# Elements that usually hold furniture but sometimes wrap the whole story
# (ASP.NET pages put everything in one <form>), so they go only when they do
# not hold most of the page's paragraph text; class/id matches are judged the same way.
HTML_USUALLY_NOISE_TAGS = ("header", "footer", "aside", "form")
HTML_MOST_TEXT_SHARE = 0.5
# class/id words that mark page furniture, matched as whole hyphen/underscore
# separated words so "ad" catches "ad-slot" but not "header" or "shadow".
HTML_NOISE_WORDS = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|related|share|sharing|social|newsletter|caption"
    r"|ad|ads|advert|advertisement|promo|sponsored|subscribe|breadcrumbs?|comments|cookie|popup"
    r"|outbrain|taboola)(?:$|[-_\s])",
    re.IGNORECASE,
)
HTML_SECTION_TAGS = ("h2", "h3", "h4", "h5", "h6")
# Elements that start a new block of text; text directly inside one (not in a
# <p>) is a paragraph of its own. Everything else is inline.
HTML_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figure", "footer", "form", "h1", *HTML_SECTION_TAGS, "header", "hgroup",
    "hr", "html", "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
})
# Blocks read whole as one paragraph unless they hold other blocks.
HTML_PARAGRAPH_TAGS = ("li", "dd", "blockquote")
# Never text of the page body, wherever they sit.
HTML_SKIPPED_TAGS = frozenset({"head", "title", "meta", "link", *HTML_NEVER_BODY_TAGS})
# The strings that are page text: not comments, declarations, scripts, styles or templates.
_READ_STRINGS = (NavigableString, CData)
_HTML_SPACE = re.compile(r"\s+")
PUBLISHED_META = ("article:published_time", "datepublished", "date", "pubdate", "publishdate",
                  "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date")
OUTLET_META = ("og:site_name", "publisher", "article:publisher", "application-name")
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ")


@dataclass
class _Page:
    """What an HTML page yields before text cleaning."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)


# Scripts, styles, inline SVG and comments are never body or metadata, and on
# real pages they are often most of the bytes: cut before parsing, not after.
# A script ends at the first "</script", as a browser (and html.parser) reads it.
_HTML_DEAD_WEIGHT = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|svg|template)(?=[\s>/])[^>]*>.*?(?:</\1\s*>|$)",
    re.DOTALL | re.IGNORECASE,
)


def _read_html(html: str) -> _Page:
    """Parse a page into its metadata and body paragraphs."""
    # The page is read into a light tree shaped as bs4's "html.parser" tree (see pagetree).
    document = parse_html(_HTML_DEAD_WEIGHT.sub(" ", html))
    landmarks = _Landmarks(document)
    meta = _meta_index(landmarks.metas)
    page = _Page(
        title=(_meta(meta, "og:title", "twitter:title") or _tag_text(landmarks.first.get("title"))
               or _tag_text(landmarks.first.get("h1"))),
        outlet=_meta(meta, *OUTLET_META),
        url=_canonical_url(landmarks.canonical_link, meta),
        published=_meta(meta, *PUBLISHED_META) or _time_datetime(landmarks.dated_time),
    )
    if page.outlet and page.outlet.startswith(("http://", "https://")):
        page.outlet = None  # article:publisher is often a Facebook URL, not a name
    page.title = _without_site_suffix(page.title, page.outlet)
    root = (landmarks.first.get("article") or landmarks.first.get("main") or landmarks.first.get("body")
            or document)
    page.removed = _drop_page_furniture(root)
    _read_blocks(root, page)
    return page


class _Landmarks:
    """The elements a page's metadata and body are read from, found in one walk of the whole tree.

    (Asked one at a time, the title, the <meta>s, the canonical link, a <time> and
    the body's container each took a walk of their own.)
    """

    # Of these names only the first element in document order is wanted.
    FIRST_OF = frozenset({"title", "h1", "article", "main", "body"})

    def __init__(self, document: Element) -> None:
        self.first: dict[str, Element] = {}
        self.metas: list[Element] = []  # every <meta>, in document order
        self.canonical_link: Element | None = None  # the first <link> one of whose rel words holds "canonical"
        self.dated_time: Element | None = None  # the first <time> with a datetime attribute
        first_of = self.FIRST_OF
        for node in document.descendants():
            if node.__class__ is not Element:
                continue
            name = node.name
            if name == "meta":
                self.metas.append(node)
            elif name == "link":
                if self.canonical_link is None and any("canonical" in word for word in node.get("rel") or ()):
                    self.canonical_link = node
            elif name == "time":
                if self.dated_time is None and node.get("datetime") is not None:
                    self.dated_time = node
            elif name in first_of and name not in self.first:
                self.first[name] = node


def _read_blocks(root: Element, page: _Page) -> None:
    """Collect the body's paragraphs in document order.

    A <p>, and a <li>, <dd> or <blockquote> holding no other block, is one
    paragraph; text standing directly in any other block (<div>, <td>, ...)
    around those is read too, its <br>s as line breaks, so a bulleted list or
    a loose line of a <div> is never lost.
    """
    run: list[str] = []

    def flush() -> None:
        text = "".join(run)
        run.clear()
        if text.strip():
            page.paragraphs.extend(paragraphs_from_text(text))

    def walk(element: Element) -> None:
        for child in element.children:
            if child.__class__ is Text:
                if child.kind in _READ_STRINGS:
                    run.append(_HTML_SPACE.sub(" ", child.text))
                continue
            if child.name in HTML_SKIPPED_TAGS:
                continue
            if child.name == "br":
                run.append("\n")
            elif child.name not in HTML_BLOCK_TAGS:
                walk(child)  # inline: part of the current run
            else:
                flush()
                _read_block(child, page, walk)
                flush()

    walk(root)
    flush()


def _read_block(element: Element, page: _Page, walk: Callable[[Element], None]) -> None:
    if element.name in HTML_SECTION_TAGS:
        text = _element_text(element)
        if text:
            page.removed.append(Removed("section", text))
    elif element.name == "h1":
        return  # the headline: the title, not body
    elif element.name == "p" or (element.name in HTML_PARAGRAPH_TAGS
                                 and element.find(HTML_BLOCK_TAGS) is None):
        text = _element_text(element)
        if text:
            page.paragraphs.append(text)
    else:
        walk(element)


def _drop_page_furniture(root: Element) -> list[Removed]:
    """Remove navigation, scripts, figures and promo blocks, returning captions and related links."""
    removed: list[Removed] = []
    # Counted once: elements are judged parents first, so when one is judged
    # none of its descendants has been removed yet and its count is current.
    chars = _text_chars_by_element(root)
    total_chars = chars.get(id(root), 0)
    for element in root.find_all():
        if element.decomposed or not _is_furniture(element):
            continue
        if (element.name not in HTML_NEVER_BODY_TAGS
                and chars.get(id(element), 0) > HTML_MOST_TEXT_SHARE * total_chars):
            continue  # a wrapper around the story itself, whatever its name says
        text = _element_text(element)
        family = _furniture_family(element)
        if family and text:
            removed.append(Removed(family, text))
        element.decompose()
    return removed


def _text_chars_by_element(root: Element) -> dict[int, int]:
    """Map each element (by id) to the characters of <p> text inside it; all text if the page has no <p>."""
    chars: dict[int, int] = {}
    # Each string counted stripped, as bs4's get_text(strip=True) counts it.
    pieces = [(p, sum(len(string.text.strip()) for string in p.strings() if string.kind in _READ_STRINGS))
              for p in root.find_all("p")]
    if not any(size for _, size in pieces):
        pieces = [(string, len(string.text.strip())) for string in root.strings()
                  if string.kind is NavigableString]
    for node, size in pieces:
        if not size:
            continue
        for ancestor in (node, *node.parents):
            chars[id(ancestor)] = chars.get(id(ancestor), 0) + size
            if ancestor is root:
                break
    return chars


def _is_furniture(element: Element) -> bool:
    if element.name in HTML_NEVER_BODY_TAGS or element.name in HTML_USUALLY_NOISE_TAGS:
        return True
    words = " ".join([*element.get("class", []), element.get("id") or ""])
    return bool(words.strip()) and HTML_NOISE_WORDS.search(words) is not None


def _furniture_family(element: Element) -> str | None:
    """Name the boilerplate family of a removed element worth reporting."""
    words = " ".join([*element.get("class", []), element.get("id") or ""]).lower()
    if element.name in ("figure", "figcaption") or "caption" in words:
        return "caption"
    if "related" in words:
        return "related"
    return None


def _element_text(element: Element | None) -> str:
    """Return an element's text as get_text() reads it, each <br> a space, in one walk."""
    if element is None:
        return ""
    parts = []
    for node in element.descendants():
        if node.__class__ is Text:
            if node.kind in _READ_STRINGS:
                parts.append(node.text)
        elif node.name == "br":
            parts.append(" ")
    return collapse_spaces("".join(parts))


def _tag_text(element: Element | None) -> str | None:
    return _element_text(element) or None


def _meta_index(metas: list[Element]) -> dict[str, str]:
    """Gather every <meta> once: lower-cased property, name or itemprop -> first non-empty content."""
    index: dict[str, str] = {}
    for tag in metas:
        content = collapse_spaces(tag.get("content") or "")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = tag.get(attribute)
            if isinstance(key, str) and key.strip():
                index.setdefault(key.strip().lower(), content)
    return index


def _meta(index: dict[str, str], *names: str) -> str | None:
    """Return the first non-empty <meta> content among ``names`` (property, name or itemprop)."""
    return next((index[name] for name in names if name in index), None)


def _canonical_url(link: Element | None, meta: dict[str, str]) -> str | None:
    if link and link.get("href", "").strip():
        return link["href"].strip()
    return _meta(meta, "og:url")


def _time_datetime(time: Element | None) -> str | None:
    return time["datetime"].strip() if time else None


def _without_site_suffix(title: str | None, outlet: str | None) -> str | None:
    """Drop a trailing "| Outlet" that <title> tags carry."""
    if not title or not outlet:
        return title
    for separator in TITLE_SEPARATORS:
        suffix = f"{separator}{outlet}"
        if title.lower().endswith(suffix.lower()) and len(title) > len(suffix):
            return title[: -len(suffix)].strip()
    return title


# --- The draft every cleaning step works on -----------------------------------

@dataclass
class _Draft:
    """An article being cleaned: paragraphs still to judge and what is known so far."""

    paragraphs: list[str]
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    # The text body names no title of its own, so its first line may be one.
    title_from_first_line: bool = False
    # Dates found in the text: machine (ISO) ones are trusted over human ones.
    machine_dates: list[dt.date] = field(default_factory=list)
    human_dates: list[dt.date] = field(default_factory=list)
    # Outlets named by a source prefix or a republication notice, then by a wire credit.
    outlet_hints: list[str] = field(default_factory=list)
    agency_hints: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)

    def drop(self, family: str, is_boilerplate: Callable[[list[str], int], bool]) -> None:
        """Remove every paragraph ``is_boilerplate`` picks, judging all against the same list."""
        doomed = {i for i in range(len(self.paragraphs)) if is_boilerplate(self.paragraphs, i)}
        self.removed.extend(Removed(family, self.paragraphs[i]) for i in sorted(doomed))
        self.paragraphs = [p for i, p in enumerate(self.paragraphs) if i not in doomed]

    def words_held(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """Return those of ``words`` (lower-case) that the paragraphs hold anywhere.

        A paragraph holds only words its article holds, so a step looking for words
        paragraph by paragraph need look for these alone, and for none at all in most
        articles: one look through the whole text instead of one through each paragraph.
        """
        text = "\n".join(self.paragraphs).lower()
        return tuple(word for word in words if word in text)

    def cut(self, index: int, start: int, end: int, family: str) -> None:
        """Remove characters ``start:end`` of one paragraph, dropping it if nothing is left."""
        paragraph = self.paragraphs[index]
        self.removed.append(Removed(family, paragraph[start:end].strip()))
        rest = collapse_spaces(paragraph[:start] + " " + paragraph[end:])
        if rest:
            self.paragraphs[index] = rest
        else:
            del self.paragraphs[index]


# --- Shape tests shared by the steps ----------------------------------------------

def _last_char(text: str) -> str:
    """Return the last character before any closing quotes or brackets."""
    return text.rstrip().rstrip(rules.CLOSING_MARKS).rstrip()[-1:]


def _ends_like_prose(text: str) -> bool:
    last = _last_char(text)
    return bool(last) and last in rules.SENTENCE_FINAL


@functools.lru_cache(maxsize=4096)
def _word_count(text: str) -> int:
    # Cached: several cleaning steps weigh the same paragraph by its length.
    return len(text.split())


def _opens_quotation(text: str) -> bool:
    """Tell whether a paragraph leaves a double quotation open (it continues below)."""
    if text.count('"') % 2:
        return True
    return any(text.count(opening) > text.count(closing)
               for opening, closing in rules.DOUBLE_QUOTES.items() if opening != closing)


def _is_protected(paragraphs: list[str], index: int) -> bool:
    """Tell whether a paragraph may hold body text, so no shape heuristic may drop it."""
    text = paragraphs[index]
    stripped = text.rstrip()
    previous = paragraphs[index - 1] if index > 0 else ""
    return (
        _ends_like_prose(text)
        or stripped[-1:] in rules.ANY_QUOTE  # ends a quotation
        or _opens_quotation(text)  # a quotation running on below
        or _opens_quotation(previous)  # a quotation running on from above
        or previous.rstrip().endswith(":")  # a list introduced by a colon
        or stripped[:1] in rules.BULLETS and not rules.BULLETED_CAPS_HEADLINE.match(stripped)
        or not (stripped[:1].isupper() or stripped[:1].isdigit() or stripped[:1] in rules.ANY_QUOTE)
    )


def _is_unpunctuated_line(paragraphs: list[str], index: int, min_words: int, max_words: int) -> bool:
    """Tell whether a paragraph is a short, unprotected line between two others."""
    text = paragraphs[index]
    return (
        0 < index < len(paragraphs) - 1
        and min_words <= _word_count(text) <= max_words
        and not _is_protected(paragraphs, index)
        and not rules.PROSE_CUES.search(text)
    )


def _is_prose(text: str) -> bool:
    return _ends_like_prose(text) and _word_count(text) >= PROSE_MIN_WORDS


def _header_zone(paragraphs: list[str]) -> range:
    """Return the indices above the first paragraph of prose."""
    for index, text in enumerate(paragraphs[:HEADER_ZONE_MAX]):
        if _is_prose(text):
            return range(index)
    return range(min(len(paragraphs), HEADER_ZONE_MAX))


# --- Dates --------------------------------------------------------------------------

ISO_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{2})[-/.](\d{2})")


@functools.lru_cache(maxsize=4096)
def parse_date(value: str | None) -> dt.date | None:
    """Parse an ISO or human-readable date that names a day, a month and a year."""
    # Cached: dateutil takes tens of microseconds a date, and a corpus repeats its
    # dates (a day's articles, their datelines and mastheads) again and again.
    if not value or not value.strip():
        return None
    iso = ISO_DATE.match(value)
    if iso:
        try:
            return dt.date(*(int(part) for part in iso.groups()))
        except ValueError:
            return None
    if not rules.HAS_YEAR.search(value):
        return None
    try:
        # dateutil fills in what the text leaves out from the default. A result off
        # the default's month and day was named by the text; one on it is checked
        # against a second default (parsing costs, so only then).
        first = dateparser.parse(value, default=dt.datetime(2000, 1, 1), ignoretz=True)
        if first.month != 1 and first.day != 1:
            return first.date()
        second = dateparser.parse(value, default=dt.datetime(2000, 2, 2), ignoretz=True)
    except (ValueError, OverflowError, TypeError):
        return None
    if (first.month, first.day) != (second.month, second.day):
        return None
    return first.date()


# --- The cleaning steps, one per family, in the order they run ---------------

def strip_syndication_headers(draft: _Draft) -> None:
    """Remove crawl headers, timestamp lines, datelines and bylines, keeping their dates."""
    header_zone = set(_header_zone(draft.paragraphs))

    def is_header(paragraphs: list[str], index: int) -> bool:
        # Judging a line also files the dates it carries: the two go together.
        text = paragraphs[index]
        in_zone = index in header_zone
        crawl = rules.CRAWL_HEADER.match(text) if in_zone else None
        if crawl:
            _note_date(draft.machine_dates, crawl["iso"])
            _note_date(draft.human_dates, crawl["rest"])
            return True
        timestamp = rules.TIMESTAMP_LINE.match(text)
        if timestamp:
            _note_date(draft.machine_dates, timestamp["iso"])
            return True
        if not in_zone:
            return False
        masthead = _masthead(text)
        if masthead:
            outlet, date = masthead
            draft.human_dates.append(date)
            if outlet and not draft.outlet:
                draft.outlet = outlet
            return True
        dateline = _dateline_date(text)
        if dateline:
            draft.human_dates.append(dateline)
            return True
        return bool(rules.BYLINE.match(text)) and not text.rstrip().endswith(".")

    draft.drop("syndication", is_header)


def _note_date(found: list[dt.date], text: str) -> None:
    date = parse_date(text)
    if date:
        found.append(date)


def _masthead(text: str) -> tuple[str | None, dt.date] | None:
    """Read a masthead line ("The Cedar Valley Gazette | May 4, 2025") into its outlet and date."""
    parts = [part.strip() for part in rules.MASTHEAD_SEPARATOR.split(text.strip()) if part.strip()]
    if not 2 <= len(parts) <= rules.MASTHEAD_MAX_PARTS:
        return None
    dates = [(part, parse_date(rules.DATELINE_LABEL.sub("", part))) for part in parts]
    dated = [part for part, date in dates if date]
    if len(dated) != 1:
        return None
    names = [part for part in parts if part not in dated and not rules.BYLINE.match(part)]
    outlet = names[0] if len(names) == 1 else None
    if outlet and (_word_count(outlet) > rules.MASTHEAD_OUTLET_MAX_WORDS or not outlet[:1].isupper()
                   or _ends_like_prose(outlet)):
        return None
    return outlet, next(date for _, date in dates if date)


def _dateline_date(text: str) -> dt.date | None:
    """Return the date a line consists of ("Published: 3 March 2024"), else None."""
    if _word_count(text) > DATELINE_MAX_WORDS:
        return None
    return parse_date(rules.DATELINE_LABEL.sub("", text))


def take_title(draft: _Draft) -> None:
    """Take the first line of a text dump as the title when it reads like a headline."""
    if not draft.paragraphs:
        return
    first = draft.paragraphs[0]
    if draft.title and first.casefold() == draft.title.casefold():
        draft.paragraphs.pop(0)  # a JSONL text that repeats its own title
        return
    if draft.title or not draft.title_from_first_line or len(draft.paragraphs) < 2:
        return
    if (
        _last_char(first) not in tuple(".,;:")
        and _word_count(first) <= TITLE_MAX_WORDS
        and len(first) <= TITLE_MAX_CHARS
        and first[:1] not in "(["
        and not rules.TIMESTAMP_LINE.match(first)
    ):
        draft.title = draft.paragraphs.pop(0)


def strip_source_prefix(draft: _Draft) -> None:
    """Remove an aggregator's "(NAME)" opening the first paragraph, keeping NAME as an outlet hint."""
    for index, text in enumerate(draft.paragraphs):
        if not _is_prose(text):
            continue  # the prefix sits on the first paragraph of prose
        prefix = rules.SOURCE_PREFIX.match(text)
        name = prefix["name"] if prefix else ""
        if prefix and name.upper() not in rules.NOT_AN_OUTLET and not _is_wire_agency(name):
            draft.outlet_hints.append(name)
            draft.cut(index, 0, prefix.end(), "syndication")
        return


def _is_wire_agency(name: str) -> bool:
    return name.casefold() in {agency.casefold() for agency in rules.WIRE_AGENCIES}


def strip_agency_credits(draft: _Draft) -> None:
    """Remove wire credits: datelines, "(with AFP)" lines, desk sign-offs and copyright lines."""
    first_prose = next((i for i, text in enumerate(draft.paragraphs) if _is_prose(text)), None)
    # Backwards, because a cut may delete a paragraph and shift those after it.
    for index in range(len(draft.paragraphs) - 1, -1, -1):
        text = draft.paragraphs[index]
        # Both credits sit in brackets: at the start (a dateline) or at the very end.
        dateline = _agency_dateline(text) if "(" in text[:80] else None
        if dateline:
            if index == first_prose:
                # The credit opening the story says who filed it: the outlet, if nothing better is known.
                draft.agency_hints.append(dateline["agency"])
            draft.cut(index, 0, dateline.end(), "agency")
        text = draft.paragraphs[index]
        trailing = rules.TRAILING_CREDIT.search(text) if text.rstrip().endswith((")", "]")) else None
        if trailing and trailing.start() > 0:
            draft.cut(index, trailing.start(), trailing.end(), "agency")
    draft.drop("agency", lambda paragraphs, index: bool(
        rules.CREDIT_LINE.match(paragraphs[index])
        or _is_desk_credit(paragraphs[index])
        or _is_copyright_line(paragraphs[index])
    ))


def _is_desk_credit(text: str) -> bool:
    """A line of desk credits only: "Reporting by Jane Roe; Editing by Tom Bell"."""
    return (rules.DESK_CREDIT.match(text) is not None
            and all(_word_count(clause) <= rules.DESK_CLAUSE_MAX_WORDS for clause in text.split(";")))


def _is_copyright_line(text: str) -> bool:
    """A copyright line: opening with a copyright sign or "Copyright <year>", or names and a year
    followed by "All rights reserved" (or that phrase alone)."""
    if _word_count(text) > rules.COPYRIGHT_MAX_WORDS:
        return False
    if rules.COPYRIGHT_OPENING.match(text):
        return True
    if rules.COPYRIGHT_CLOSING_WORDS not in text.lower():
        return False
    closing = rules.COPYRIGHT_CLOSING.match(text)
    if not closing:
        return False
    holder = closing["holder"].strip(" .,;|-–—")
    return not holder or (rules.COPYRIGHT_CUE.search(holder) is not None
                          and rules.COPYRIGHT_HOLDER.match(holder) is not None)


def _agency_dateline(text: str) -> re.Match | None:
    return next((m for pattern in rules.AGENCY_DATELINES if (m := pattern.match(text))), None)


def _any_of(patterns) -> re.Pattern:
    """Compile one pattern that matches where any of ``patterns`` would (one scan, not many)."""
    return re.compile("|".join(f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})"
                               for p in patterns))


# Most sentences open no notice: one combined look before the marker-by-marker rules.
NOTICE_MARKER = _any_of(marker.pattern for marker in rules.REPUBLICATION_MARKERS)
# After a paragraph's first sentence only the mid-paragraph markers count, so only they are looked for.
MID_PARAGRAPH_NOTICE_MARKER = _any_of(marker.pattern for marker in rules.REPUBLICATION_MARKERS
                                      if marker.mid_paragraph)


def _notice_words() -> tuple[str, ...] | None:
    """Return every word some marker's matches hold (see NoticeMarker.words), or None if a marker names none.

    A word holding another is left out: where "original" is missing, "originally" is too.
    """
    if not all(marker.words for marker in rules.REPUBLICATION_MARKERS):
        return None
    words = {word for marker in rules.REPUBLICATION_MARKERS for word in marker.words}
    return tuple(sorted(word for word in words if not any(other != word and other in word for other in words)))


NOTICE_MARKER_WORDS = _notice_words()
SHORTEST_NOTICE_MARKER_WORD = min(map(len, NOTICE_MARKER_WORDS)) if NOTICE_MARKER_WORDS else 0


def _may_hold_notice(text: str) -> bool:
    """Tell whether text holds any marker's word: text holding none holds no notice sentence."""
    if NOTICE_MARKER_WORDS is None:
        return True
    lowered = text.lower()
    # Text too short for any word (often none at all, after a paragraph's closing quotation
    # mark) is told at once, not by looking for every word in turn.
    return len(lowered) >= SHORTEST_NOTICE_MARKER_WORD and _holds_any(lowered, NOTICE_MARKER_WORDS)


def _holds_any(lowered: str, words: tuple[str, ...]) -> bool:
    """Tell whether lower-cased text holds any of ``words``: the cheap look before a pattern."""
    for word in words:  # a loop, not any(): no generator on every paragraph
        if word in lowered:
            return True
    return False


def strip_republication_notices(draft: _Draft) -> None:
    """Remove press-release and reprint disclaimers, from their first sentence to the paragraph's end."""
    for index in range(len(draft.paragraphs) - 1, -1, -1):
        text = draft.paragraphs[index]
        start = _notice_start(text)
        if start is None:
            continue
        outlet = _republisher(text[start:])
        if outlet:
            draft.outlet_hints.append(outlet)
        draft.cut(index, start, len(text), "republication")


def _notice_start(text: str) -> int | None:
    """Return where a republication notice opens in a paragraph, or None if it holds none.

    The notice opens at a sentence a marker matches (a marker that is not
    ``mid_paragraph`` only at the paragraph's start), runs to the paragraph's
    end, is short, reports no speech and does not sit inside a quotation.
    """
    # A notice reports no speech, so it can only open after the paragraph's last speech
    # word or quotation mark. The last mark is found at once from the end, and a marker's
    # word is looked for only after it: in a story's paragraphs that is mostly a few words
    # ("," she said.), where looking through the whole paragraph for every word cost more
    # than the rest of the step.
    after_last_mark = max(map(text.rfind, rules.NOTICE_SPEECH_MARKS)) + 1
    if not _may_hold_notice(text[after_last_mark:]):
        return None  # most paragraphs: no marker can match any sentence that may open a notice
    speech = _LAST_SPEECH.match(text)
    after = speech.start(1) if speech else -1
    sentences = _sentences(text, max(0, after - _LONGEST_SENTENCE_BREAK))
    for number, (start, end) in enumerate(sentences):
        if start <= after:
            continue
        if (MID_PARAGRAPH_NOTICE_MARKER if number else NOTICE_MARKER).match(text[start:end].rstrip()) is None:
            continue
        for marker in rules.REPUBLICATION_MARKERS:
            if number > 0 and not marker.mid_paragraph:
                continue
            if not marker.pattern.match(text[start:end].rstrip()):
                continue
            if marker.needs_disclaimer and not (
                    number + 1 < len(sentences) and _is_disclaimer_sentence(text, *sentences[number + 1])):
                continue
            notice = text[start:]
            if (_word_count(notice) <= rules.NOTICE_MAX_WORDS
                    and not rules.NOTICE_NOT_SPEECH.search(notice)
                    and not _opens_quotation(text[:start])):
                return start
    return None


def _is_disclaimer_sentence(text: str, start: int, end: int) -> bool:
    sentence = text[start:end].rstrip()
    return any(marker.pattern.match(sentence) for marker in rules.REPUBLICATION_MARKERS
               if not marker.needs_disclaimer)


# Where one sentence ends and the next begins: end punctuation, closing marks
# and spaces; or a full stop run straight into the next capital ("the author(s).View
# in full here"), unless the word before it is capitalised ("Mirage.News" is a name).
# Every branch opens on the end mark itself, so the regex engine can skip straight to
# the next mark (four times faster than a branch opening on a look-behind).
_SENTENCE_BREAK = re.compile(
    r"[.!?…](?:[\"'”’)\]]*\s+|(?<=[.!?])(?=/)|(?P<run_on>(?<=[a-z)][.!?])(?=[A-Z])))"
)


# The last match of NOTICE_NOT_SPEECH in a paragraph (the greedy run backs off from the end).
_LAST_SPEECH = re.compile(rf"(?s:.*)({rules.NOTICE_NOT_SPEECH.pattern})")
# A sentence break can open this many characters before a closing quotation mark it holds.
_LONGEST_SENTENCE_BREAK = 8


def _sentences(text: str, pos: int = 0) -> list[tuple[int, int]]:
    """Split a paragraph into (start, end) spans of its sentences.

    With ``pos``, breaks are looked for from there on only: the first span then
    runs from 0 to the first break after ``pos``.
    """
    spans = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text, pos):
        if match["run_on"] is not None:  # a run-on full stop: is the word before it a name?
            word_start = max(text.rfind(" ", 0, match.start()), text.rfind("/", 0, match.start())) + 1
            if text[word_start:word_start + 1].isupper():
                continue
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _republisher(notice: str) -> str | None:
    """Return the outlet a notice names ("Harbour.Wire is not responsible ..." -> "Harbour Wire")."""
    for pattern in rules.REPUBLISHER_PATTERNS:
        for match in pattern.finditer(notice):
            outlet = match["outlet"]
            if outlet.split()[0] not in rules.NOT_A_REPUBLISHER and outlet != "The":
                return rules.outlet_from_domain(outlet)
    return None


def strip_related_links(draft: _Draft) -> None:
    """Remove "Read more:" style links, promotions, media promos and bulleted capitals headlines."""
    draft.drop("related", lambda paragraphs, index: bool(
        rules.RELATED_MARKER.match(paragraphs[index])
        or rules.PROMOTION.match(paragraphs[index])
        or rules.BULLETED_CAPS_HEADLINE.match(paragraphs[index])
        or _is_media_promo(paragraphs[index])
    ))


def _is_media_promo(text: str) -> bool:
    """Tell a short media promo ("Watch: Council votes on harbour plan") from prose opening with "Watch:"."""
    return (rules.MEDIA_PROMO.match(text) is not None
            and not _ends_like_prose(text)
            and _word_count(text) <= rules.MEDIA_PROMO_MAX_WORDS)


CAPTION_MARKER = _any_of(rules.CAPTION_MARKERS)


def strip_captions(draft: _Draft) -> None:
    """Remove photo credits, and unpunctuated lines that describe a picture."""
    # Most stories hold no marker's word anywhere: then no paragraph is looked through for one.
    marker_words = draft.words_held(rules.CAPTION_MARKER_WORDS)
    draft.drop("caption", lambda paragraphs, index: (
        marker_words and _has_caption_marker(paragraphs[index], marker_words)
        or _is_unpunctuated_line(paragraphs, index, rules.HEADLINE_MIN_WORDS, rules.HEADLINE_MAX_WORDS)
        and rules.CAPTION_CUES.search(paragraphs[index]) is not None
    ))


def _has_caption_marker(text: str, marker_words: tuple[str, ...]) -> bool:
    return (_holds_any(text.lower(), marker_words)
            and CAPTION_MARKER.search(text) is not None)


def strip_section_labels(draft: _Draft) -> None:
    """Remove section labels and subheads: short unpunctuated lines, or short lines wholly in quotes."""
    def is_label(paragraphs: list[str], index: int) -> bool:
        text = paragraphs[index]
        first_after_title = index == 0 and len(paragraphs) > 1 and draft.title is not None
        short = _word_count(text) <= rules.SECTION_MAX_WORDS
        if short and first_after_title and not _is_protected(paragraphs, index):
            return True
        return (_is_unpunctuated_line(paragraphs, index, 1, rules.SECTION_MAX_WORDS)
                or _is_quoted_subhead(paragraphs, index))

    draft.drop("section", is_label)


def _is_quoted_subhead(paragraphs: list[str], index: int) -> bool:
    """Tell a subhead wholly in quote marks ("'Homegrown capacity'") from a quotation."""
    text = paragraphs[index].strip()
    inner = text[1:-1].strip()
    return (
        0 < index < len(paragraphs) - 1
        and len(text) > 2
        and text[0] in rules.ANY_QUOTE
        and text[-1] in rules.ANY_QUOTE
        and not any(mark in inner for mark in rules.ANY_QUOTE.replace("'", "").replace("’", ""))
        and 1 <= _word_count(inner) <= rules.QUOTED_SUBHEAD_MAX_WORDS
        and not _ends_like_prose(inner)
        and not _opens_quotation(paragraphs[index - 1])
    )


def strip_stray_headlines(draft: _Draft) -> None:
    """Remove headline-like lines between paragraphs: links to related stories."""
    draft.drop("related", lambda paragraphs, index: (
        _is_unpunctuated_line(paragraphs, index, rules.HEADLINE_MIN_WORDS, rules.HEADLINE_MAX_WORDS)
        and not re.search(r"[.!?][\"'”’)]*\s+[A-Z]", paragraphs[index])  # two sentences: body
    ))


CLEANING_STEPS: tuple[Callable[[_Draft], None], ...] = (
    strip_syndication_headers,
    take_title,
    strip_source_prefix,
    strip_agency_credits,
    strip_republication_notices,
    strip_related_links,
    strip_captions,
    strip_section_labels,
    strip_stray_headlines,
)


# --- Putting it together -----------------------------------------------------------

def clean_document(raw: RawDocument) -> Article:
    """Turn a raw document into a cleaned article."""
    draft = _draft_from(raw)
    for step in CLEANING_STEPS:
        step(draft)
    published = draft.published or _first(draft.machine_dates) or _first(draft.human_dates)
    return Article(
        id=_article_id(draft.url, draft.paragraphs),
        source=raw.source,
        title=draft.title,
        outlet=draft.outlet or _first(draft.outlet_hints) or _first(draft.agency_hints),
        url=draft.url,
        published=published,
        paragraphs=draft.paragraphs,
        removed=draft.removed,
    )


def _draft_from(raw: RawDocument) -> _Draft:
    """Start a draft from the container's metadata, then the page's or the text's."""
    meta = {key: str(value).strip() for key, value in (raw.meta or {}).items() if value}
    if raw.text is not None and raw.text.strip():
        page = _Page(paragraphs=paragraphs_from_text(raw.text))
        from_text = True
    else:
        page = _read_html(raw.html or "")
        from_text = False
    return _Draft(
        paragraphs=page.paragraphs,
        title=meta.get("title") or page.title,
        outlet=meta.get("outlet") or page.outlet,
        url=meta.get("url") or page.url,
        published=parse_date(meta.get("published")) or parse_date(page.published),
        title_from_first_line=from_text,
        removed=page.removed,
    )


def _first(values: list):
    return values[0] if values else None


def _article_id(url: str | None, paragraphs: list[str]) -> str:
    """Return a stable id: the URL's hash, else the cleaned body's."""
    key = url or "\n".join(paragraphs)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:ID_HEX_CHARS]
