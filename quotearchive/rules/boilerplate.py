"""Boilerplate patterns, one group per family, applied by :mod:`quotearchive.clean`.

Every pattern describes a *shape* that recurs across outlets (crawl headers,
wire credits, republication disclaimers, photo credits), never one article's
wording: the cleaner meets outlets it has never seen. Patterns match a single
whitespace-normalised paragraph (one line of a .txt dump, one <p> of a page).
"""
from __future__ import annotations

import re

# --- Shared punctuation --------------------------------------------------

# Closing quote marks (straight and typographic) and brackets a sentence may end in.
CLOSING_MARKS = "\"'”’»)]"
# A paragraph whose last character (before closing marks) is one of these ends
# like prose; headlines, captions and section labels carry none of them.
SENTENCE_FINAL = ".!?…:;,—–-"
# Quote characters that open or close a direct quotation; single quotes are
# left out on purpose because they double as apostrophes.
DOUBLE_QUOTES = {'"': '"', "“": "”", "«": "»"}
ANY_QUOTE = "\"'“”‘’«»„"
# List bullets: a bulleted line after "The plan includes:" is body, not a headline.
BULLETS = "-–—•*·▪►»>"

# --- syndication: crawl headers, timestamps, source prefixes ---------------

# Crawlers and aggregators prepend a machine header such as
# " date 2025-06-01 <human date or HTTP status>"; the ISO date is the crawl's
# own and is trusted over the human-readable remainder.
CRAWL_HEADER = re.compile(
    r"^(?:date|dated|crawled|fetched)\s*:?\s+(?P<iso>\d{4}-\d{2}-\d{2})\b(?P<rest>.*)$",
    re.IGNORECASE,
)

# A line holding nothing but a machine timestamp ("2025-06-01 07:47:31",
# "2024-01-02T12:17Z") is feed metadata, never prose.
TIMESTAMP_LINE = re.compile(
    r"^(?P<iso>\d{4}[-/.]\d{2}[-/.]\d{2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Z]{2,4})?$"
)

# Labels that introduce a human-readable dateline ("Published: 3 March 2024",
# "Updated March 3, 2024 10:00 EST"); what follows must parse as a full date.
DATELINE_LABEL = re.compile(
    r"^(?:(?:first\s+)?published|posted|updated|last\s+updated|modified|date)\b"
    r"\s*(?:on|at)?\s*[:|-]?\s*",
    re.IGNORECASE,
)
# A dateline must name a year; dateutil happily turns "May" or "403" into a date.
HAS_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")

# A byline line under the title ("By Jane Roe", "By Jane Roe and Ann Lee, Staff").
# The second word must be capitalised so "By contrast, ..." never matches.
BYLINE = re.compile(r"^By\s+[A-Z][\w.'’-]+\s+[A-Z][\w.'’-]*(?:[\s,&|]+[\w.'’-]+){0,10}$")

# An aggregator's name in parentheses opening the first body paragraph
# ("(MENAFN) At Friday's ..."): all capitals, or a name ending like an outlet.
SOURCE_PREFIX = re.compile(
    r"^\((?P<name>[A-Z][A-Z0-9.&-]{2,15}"
    r"|[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}\s+(?:News|Newswire|Wire|Press|Agency|Times|Post))\)"
    r"\s*[-–—:]*\s*(?=\S)"
)
# Parenthesised labels that look like an acronym but name no outlet.
NOT_AN_OUTLET = frozenset(
    {"UPDATE", "UPDATED", "CORRECTED", "CORRECTION", "EXCLUSIVE", "BREAKING", "LIVE",
     "VIDEO", "PHOTOS", "FILE", "ANALYSIS", "OPINION", "WATCH", "LISTEN", "AUDIO", "EDITORIAL"}
)

# --- agency: wire-service credits ----------------------------------------

# Wire services: a credit naming one is recognised even without a dash, and
# such a name is never mistaken for an aggregator's own prefix.
WIRE_AGENCIES = (
    "AFP", "AP", "Associated Press", "Reuters", "Bloomberg", "dpa", "DPA", "ANI", "PTI",
    "IANS", "UNI", "UPI", "Xinhua", "TASS", "RIA Novosti", "Interfax", "Anadolu", "AA",
    "EFE", "ANSA", "Kyodo", "Jiji", "Yonhap", "Bernama", "Antara", "PA", "AAP", "CP",
    "Belga", "ANP", "APA", "Lusa", "NTB", "KUNA", "WAM", "SPA", "IRNA", "Sputnik", "CNA",
    "Ukrinform",
)
_AGENCY = "|".join(re.escape(name) for name in sorted(WIRE_AGENCIES, key=len, reverse=True))
_AGENCIES = rf"(?:{_AGENCY})(?:\s*[,/&]\s*(?:{_AGENCY}))*"

# "PARIS (Reuters) - ", "WASHINGTON, March 3 (AP) — ", "(AFP) ": an optional
# ALL-CAPS place (with an optional date) then the credit. Any credit followed by
# a dash counts; without a dash only a known wire name does, so a sentence
# that opens with a parenthesis is left alone.
_PLACE = r"(?:[A-Z][A-Z.'’/ -]{1,40}(?:,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s+)?"
AGENCY_DATELINES = (
    re.compile(rf"^{_PLACE}\((?P<agency>{_AGENCIES})\)\s*(?:[-–—:]+\s*)?(?=\S)"),
    re.compile(rf"^{_PLACE}\((?P<agency>[A-Z][\w.&'’ -]{{0,30}})\)\s*[-–—]+\s*(?=\S)"),
)
# A credit that is the whole line: "(with AFP)", "(Reuters)", "(With inputs from agencies)".
CREDIT_LINE = re.compile(
    rf"^[-–—\s]*\(\s*(?:(?i:with|via|source:?|inputs from|additional reporting by|reporting by)\b[^()]*"
    rf"|{_AGENCIES})\s*\)$"
    rf"|^[-–—\s]*(?:{_AGENCIES})$"
)
# "-- Reporting by Jane Roe; Editing by Sam Poe": the desk's sign-off.
DESK_CREDIT = re.compile(
    r"^[-–—(\s]*(?i:(?:additional\s+|further\s+)?(?:reporting|writing|editing|compiled|research)"
    r"\s+by)\s+[A-Z]"
)
# A trailing credit after the last sentence: "... he said. (AFP)".
TRAILING_CREDIT = re.compile(rf"\s*[(\[](?i:with\s+)?{_AGENCIES}[)\]]\s*$")
# "Copyright 2024 Harbour Gazette", "© 2024 ...", "... All rights reserved."
# "Copyright" must be followed by a year or a © sign so "Copyright law ..." stays.
COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\))?\s*\d{4})|\ball rights reserved\b",
    re.IGNORECASE,
)

# --- republication: press-release and reprint disclaimers ------------------

# Each marker opens (or is) a disclaimer; the notice runs from the sentence
# holding the marker to the end of the paragraph.
REPUBLICATION_MARKERS = (
    # Press-release aggregators: "/Public Release. This material from the originating organization ...".
    re.compile(r"(?:^|\s)/?\s*Public Release\b", re.IGNORECASE),
    re.compile(r"\bfrom the originating organi[sz]ation", re.IGNORECASE),
    re.compile(r"\bdoes not take institutional positions\b", re.IGNORECASE),
    # Links back to the original: "View in full here.", "View original content".
    re.compile(r"\bView (?:it )?(?:in full|original content|the original)\b", re.IGNORECASE),
    re.compile(r"^Read the (?:full|original) (?:article|story|release)\b", re.IGNORECASE),
    # Reprints: "This article was originally published on ...", "A version of this story first appeared in ...".
    re.compile(
        r"(?:^|(?<=[.!?\"”’)] ))(?:\*\s*)?(?:This|A version of this) (?:article|story|piece|post|column)\b"
        r".{0,60}?\b(?:originally|first) (?:published|appeared|ran)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:republished|reprinted|reproduced) (?:here )?(?:with|by) (?:kind )?permission\b", re.IGNORECASE),
    re.compile(r"\bis republished from\b.*\bCreative Commons\b", re.IGNORECASE),
    re.compile(r"\bpublished from a wire agency feed\b", re.IGNORECASE),
    # Opinion and sponsored-content disclaimers.
    re.compile(r"^Disclaimer\s*:", re.IGNORECASE),
    re.compile(r"\bThe (?:views|opinions) expressed (?:here|in this \w+)?\s*are\b", re.IGNORECASE),
    re.compile(r"^(?:Press release )?distributed by\b", re.IGNORECASE),
    # PR-wire footer: "SOURCE Acme Corp" (the word SOURCE in capitals).
    re.compile(r"^SOURCE\s+[A-Z]"),
)
# The notice names the republishing outlet: "Mirage.News does not take institutional positions".
REPUBLISHER = re.compile(
    r"(?P<outlet>[A-Z][\w-]*(?:\.[A-Za-z]{2,})+|[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,3})"
    r"\s+does not take institutional positions"
)

# --- related: links to other stories and promotions ------------------------

# "Read more: ...", "RELATED: ...", "See also - ...", "Related stories".
RELATED_MARKER = re.compile(
    r"^(?:[-–—•*»>]\s*)?(?:read (?:more|also|next)|also read|see also"
    r"|related(?: articles?| stories| news| coverage| content| reading)?"
    r"|more on this(?: story| topic)?|recommended(?: for you| reading)?|you may also like|you might also like"
    r"|don'?t miss|further reading|most read|trending(?: now)?|watch|listen)\s*(?:[:|»>\-–—]|$)",
    re.IGNORECASE,
)
# Calls to action that link away from the story.
PROMOTION = re.compile(
    r"^(?:click here\b|sign up (?:for|to) (?:our|the)\b|subscribe to (?:our|the)\b|follow us on\b"
    r"|download (?:our|the) app\b|get our newsletter\b)",
    re.IGNORECASE,
)
# A bulleted headline in capitals: "- COUNCIL BACKS NEW HARBOUR PLAN".
BULLETED_CAPS_HEADLINE = re.compile(r"^[-–—•*»>]\s*[^a-z]*[A-Z]{2,}[^a-z]*\s[^a-z]*[A-Z]{2,}[^a-z]*$")

# Word counts for an unmarked, unpunctuated line standing between paragraphs:
# up to SECTION_MAX_WORDS it is a section label or subhead; from
# HEADLINE_MIN_WORDS to HEADLINE_MAX_WORDS a related-story headline or a
# caption. Longer unpunctuated lines are kept as body (a missing full stop).
SECTION_MAX_WORDS = 4
HEADLINE_MIN_WORDS = 5
HEADLINE_MAX_WORDS = 25
# A subhead wholly in quote marks ("'Homegrown capacity'") is short; a longer
# wholly quoted line is more likely a quotation and is kept.
QUOTED_SUBHEAD_MAX_WORDS = 8

# Headlines and captions name their subject and use the present tense, so an
# unpunctuated line that opens with a pronoun or reports speech in the past
# ("He said the vote was close") is a sentence missing its full stop: body.
# The same goes for lines opening with a connective or a time phrase ("In 2019, ...").
PROSE_CUES = re.compile(
    r"^(?:I|We|You|He|She|It|They|His|Her|Its|Our|Their|This|That|These|Those)\b"
    r"|^(?:In|On|At|After|Before|When|While|Since|Last|Earlier|Later|Meanwhile|However|But|And|So|Yet"
    r"|Still|Also|According)\b[^,]{0,30},"
    r"|\b(?:said|told|added|stated|explained|according to)\b"
)

# --- caption: photo captions and credits -------------------------------------

# Explicit photo furniture: "Photo: ...", "(Photo by ...)", "Image credit ...",
# "File photo", "FILE - ...", "(AP Photo/Jane Roe)", "... REUTERS/Jane Roe".
CAPTION_MARKERS = (
    # The optional leading word is an agency in capitals ("AP Photo/..."), never "His photo by ...".
    re.compile(
        r"^\(?\s*(?:[A-Z]{2,}\s+)?(?i:photo|photograph|picture|pic|image|illustration|video)s?"
        r"(?i:\s+(?:credit|courtesy))?(?:\s*(?i:by\b|:|/|\|)|\s+[-–—])"
    ),
    re.compile(r"^(?:image|photo|picture)\s+(?:credit|courtesy)\b", re.IGNORECASE),
    re.compile(r"^(?:file (?:photo|picture|image)\b|FILE\s*[-–—:])", re.IGNORECASE),
    re.compile(r"^Credit\s*:", re.IGNORECASE),
    re.compile(r"\((?:[A-Z]+\s+)?(?:photo|photograph|picture|image)\s*(?:by\b|:|/)[^)]*\)\s*$", re.IGNORECASE),
    re.compile(r"(?:^|[.|]\s+)(?:photo|image|picture)(?:\s+credit)?\s*:\s*\S[^.]*$", re.IGNORECASE),
    # Agency credit closing a caption: "REUTERS/Jane Roe" (a full name, so "AC/DC" stays).
    re.compile(r"\b[A-Z]{2,}(?: [A-Z]{2,})?/[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)+(?:/File Photo)?\s*$"),
    re.compile(r"(?:\bvia |/\s*)?(?:Getty Images|Shutterstock|EPA-EFE|Alamy)\s*\)?\s*$"),
)
# What a caption says about its picture: someone meets, speaks, poses, is
# seen, "(L)", "left". Headlines rarely use these, so an unpunctuated line
# carrying one is a caption rather than a related-story link.
CAPTION_CUES = re.compile(
    r"\b(?:meets?|meeting|speaks?|speaking|talks? (?:to|with)|arrives?|arriving|attends?|gestures?|gesturing"
    r"|waves?|waving|poses?|posing|looks on|listens?|shakes? hands|greets?|greeting|walks?|sits?|stands?"
    r"|holds?|is seen|are seen|pictured|seen here|left|right|centre|center|in this (?:photo|picture|image))\b"
    r"|\([LRC]\)",
    re.IGNORECASE,
)


def outlet_from_domain(name: str) -> str:
    """Turn a domain-styled outlet name into its display form ("Mirage.News" -> "Mirage News")."""
    head, *labels = name.split(".")
    if labels and all(label[:1].isupper() for label in labels):
        return " ".join([head, *labels])
    return name
