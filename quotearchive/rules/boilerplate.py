"""Boilerplate patterns, one group per family, applied by :mod:`quotearchive.clean`.

Every pattern describes a *shape* that recurs across outlets (crawl headers,
wire credits, republication disclaimers, photo credits), never one article's
wording: the cleaner meets outlets it has never seen. Patterns match a single
whitespace-normalised paragraph (one line of a .txt dump, one <p> of a page),
or, for republication notices, one sentence of it. Every pattern that could
also open a body sentence is anchored (paragraph or sentence start),
case-sensitive where capitals carry the meaning, and limited to short lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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
# A masthead line under the title: "The Cedar Valley Gazette | May 4, 2025",
# "Lakeshore Public Radio - March 12, 2026": an outlet and a date, split by a bar,
# a bullet or a spaced dash (either order; a byline may be a third part).
MASTHEAD_SEPARATOR = re.compile(r"\s+[|·•—–-]\s+|\s*\|\s*")
MASTHEAD_MAX_PARTS = 3
MASTHEAD_OUTLET_MAX_WORDS = 6

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

# "PARIS (Reuters) - ", "WASHINGTON, March 3 (AP) — ", "RED PINE, B.C. (Wire) - ",
# "(AFP) ": an optional ALL-CAPS place (with an optional state or province and
# an optional date) then the credit. Any credit followed by
# a dash counts; without a dash only a known wire name does, so a sentence
# that opens with a parenthesis is left alone.
_PLACE = (r"(?:[A-Z][A-Z.'’/ -]{1,40}(?:,\s*[A-Z][A-Za-z.]{1,12})?"
          r"(?:,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s+)?")
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
# "-- Reporting by Jane Roe; Editing by Sam Poe": the desk's sign-off. The
# whole line is credits: after each "<role> by" come only names (joined by
# commas, "and", "&"), optionally "in <Place>", and the clauses are separated
# by semicolons, so "Research by Oxford University found that ..." is prose.
_DESK_ROLE = (r"(?i:(?:additional\s+|further\s+)?(?:reporting|writing|editing|compiled|research"
              r"|fact-checking|graphics|production|translation|translated|photography|video)\s+by)")
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:(?:de|da|di|del|van|von|der|den|la|le|bin|al|ibn|y)\s+)*[A-Z][\w.'’-]*){0,3}"
_NAMES = rf"{_NAME}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*){_NAME})*(?:\s+in\s+{_NAME})?"
_DESK_CLAUSE = rf"{_DESK_ROLE}\s+{_NAMES}"
DESK_CREDIT = re.compile(rf"^[-–—(\s]*{_DESK_CLAUSE}(?:(?:\s*[;,|]\s*(?:and\s+)?|\s+){_DESK_CLAUSE})*[\s.;)]*$")
# Each credit clause is short: a name or a few, never a sentence.
DESK_CLAUSE_MAX_WORDS = 12
# A trailing credit after the last sentence: "... he said. (AFP)".
TRAILING_CREDIT = re.compile(rf"\s*[(\[](?i:with\s+)?{_AGENCIES}[)\]]\s*$")
# A copyright line: it opens with "©", "(c) 2024", "Copyright ©" or "Copyright 2024"
# ("Copyright law ..." stays), or it is names and a year ending in "All rights
# reserved" ("Fenland Review 2024. All rights reserved."). The words are never
# enough on their own: "... said all rights reserved under the deal had lapsed" is body.
COPYRIGHT_OPENING = re.compile(r"^(?:©|\(c\)\s*\d{4}|(?i:copyright)\s*(?:©|\(c\))|(?i:copyright)\s+(?:19|20)\d{2}\b)")
COPYRIGHT_CLOSING = re.compile(
    r"^(?P<holder>.*?)[\s.,;]*(?:All rights reserved|ALL RIGHTS RESERVED|all rights reserved)\.?$"
)
# Words every COPYRIGHT_CLOSING match holds (lower-cased): a quick look before the pattern.
COPYRIGHT_CLOSING_WORDS = "rights reserved"
# What may stand before a closing "All rights reserved": a copyright sign,
# "Copyright", years and capitalised names only (no lowercase prose).
COPYRIGHT_HOLDER = re.compile(
    r"^(?:(?:©|\(c\)|(?i:copyright)|(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?|[A-Z][\w.&'’-]*"
    r"|of|the|and|for|[,.&|-])\s*)*$"
)
COPYRIGHT_CUE = re.compile(r"©|\(c\)|(?i:copyright)|\b(?:19|20)\d{2}\b")
COPYRIGHT_MAX_WORDS = 30

# --- republication: press-release and reprint disclaimers ------------------

# A press-release aggregator or a republisher closes the story with a
# disclaimer paragraph: "/Public Release. This content was supplied by ...",
# "The views expressed are solely those of the author(s).", "<Outlet> is not
# responsible for ...", "Originally published at ...", "This article is
# republished from <Outlet> under a Creative Commons license. Read the
# original article." Each marker below matches at the start of a sentence
# (case-sensitive: they open sentences) and the notice runs from there to the
# end of the paragraph. A notice is short: longer runs are left as body.
NOTICE_MAX_WORDS = 90

# An outlet as notices name it: "Mirage.News", "Harbour.Wire", "The Lakeside Courier".
_OUTLET_NAME = (r"(?P<outlet>[A-Z][\w-]*(?:\.[A-Za-z]{2,})+|[a-z][\w-]*(?:\.[a-z]{2,})+"
                r"|(?:The\s+)?[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,3})")
_OUTLET = _OUTLET_NAME.replace("(?P<outlet>", "(?:")
_PUBLISHED = r"(?:published|posted|appeared|ran|printed)"
# What a notice says its outlet is not answerable for.
_NOT_ANSWERABLE_FOR = (r"(?:the\s+|its\s+|any\s+|their\s+)?(?:content|contents|accuracy|views|opinions|claims"
                       r"|information|statements|material|text|release|views\s+expressed)\b")


@dataclass(frozen=True)
class NoticeMarker:
    """A sentence that opens a republication notice.

    ``mid_paragraph``: the notice may follow body sentences in the same
    paragraph (the marker names the notice unmistakably); otherwise it must
    open the paragraph. ``needs_disclaimer``: a mere label ("/Public Release.")
    that counts only when a disclaimer sentence (another marker) follows it.
    """

    pattern: re.Pattern
    mid_paragraph: bool = False
    needs_disclaimer: bool = False
    # Words (lower-cased) one of which every match of ``pattern`` holds: a paragraph
    # holding none of any marker's words opens no notice, which a substring look tells
    # far faster than the patterns (most paragraphs of a story hold none).
    words: tuple[str, ...] = ()


REPUBLICATION_MARKERS: tuple[NoticeMarker, ...] = (
    # Aggregator labels: "/Public Release." glued to the story, or "Public Release." opening a paragraph.
    NoticeMarker(re.compile(r"/\s*Public Release\."), mid_paragraph=True, needs_disclaimer=True,
                 words=("public release",)),
    NoticeMarker(re.compile(r"Public Release\."), needs_disclaimer=True, words=("public release",)),
    # Where the text came from: "This material from the originating organisation ...",
    # "This content was provided by ...", "The text below was supplied by ...".
    NoticeMarker(re.compile(
        r"(?:This|The)\s+(?:material|content|text|press release|release|announcement|post)\b[^.]{0,40}?"
        r"\bfrom the (?:originating|issuing|releasing|original|source)\s+(?:organi[sz]ation|institution|body"
        r"|author|company|party)"), mid_paragraph=True,
        words=("originating", "issuing", "releasing", "original", "source")),
    NoticeMarker(re.compile(
        r"(?:This\s+(?:material|content|press release|sponsored content|article|story|post)"
        r"|The\s+(?:content|text|material)\s+(?:above|below))\s+(?:is|was|has been)\s+(?:provided|supplied"
        r"|submitted|issued|distributed|produced|prepared|contributed)\s+by\b"),
        words=("provided", "supplied", "submitted", "issued", "distributed", "produced", "prepared", "contributed")),
    # The outlet disowns the content: "Mirage.News does not take institutional positions",
    # "Harbour.Wire is not responsible for its accuracy", "... does not endorse the views expressed".
    NoticeMarker(re.compile(rf"{_OUTLET}\s+(?:does not|do not|doesn't)\s+(?:take|hold|adopt)\s+institutional\s+"
                            r"(?:positions|stances|views)"), mid_paragraph=True, words=("institutional",)),
    NoticeMarker(re.compile(rf"{_OUTLET}\s+(?:is|are)\s+not\s+(?:responsible|liable|accountable)\s+for\s+"
                            rf"{_NOT_ANSWERABLE_FOR}"), words=("responsible", "liable", "accountable")),
    NoticeMarker(re.compile(rf"{_OUTLET}\s+(?:does not|do not|doesn't)\s+(?:necessarily\s+)?(?:endorse|share"
                            r"|reflect|represent)\s+(?:the\s+|any\s+)?(?:views|opinions|positions)\s+"
                            r"(?:expressed|stated|presented)"), words=("expressed", "stated", "presented")),
    # "The views expressed in this column are the author's own", "... are solely those of the author(s)".
    NoticeMarker(re.compile(
        r"(?:(?:The|Any|All)\s+)?(?:[Vv]iews|[Oo]pinions|[Pp]ositions)\b[^.]{0,50}?\b(?:expressed|stated)\b[^.]{0,60}?"
        r"\bare\s+(?:solely\s+|entirely\s+|strictly\s+|only\s+)?(?:those of\s+(?:the\s+|its\s+)?"
        r"(?:author|writer|contributor|individual)|(?:the\s+)?(?:author|writer|contributor)(?:\(s\))?['’]?s?['’]?"
        r"\s+own|(?:his|her|their)\s+own)"), words=("expressed", "stated")),
    NoticeMarker(re.compile(r"(?:Views|Opinions) (?:are )?(?:my|the author'?s?|the writer'?s?) own\.?$"),
                 words=("views", "opinions")),
    # Links back to the original: "View in full here.", "View original content", "Read the original article."
    NoticeMarker(re.compile(
        r"(?:View|Read|See)\s+(?:it\s+|this\s+)?(?:in full|the full (?:release|article|story|text|statement)"
        r"|(?:the\s+)?original(?:\s+(?:content|article|story|release|post|version|text))?)"
        r"(?:\s+(?:here|online|below|at\s+\S+|on\s+[^.:]{1,40}))?\s*[.!:]?\s*(?:https?://\S+)?\s*$"),
        words=("in full", "the full", "original")),
    NoticeMarker(re.compile(r"Read the (?:full|original) (?:article|story|release|post|statement)\b[^.]{0,60}$"),
                 words=("the full", "original")),
    # Reprints: "This article was originally published on ...", "A version of this story first appeared in ...",
    # "Originally published at ...", "This article is republished from X under a Creative Commons license."
    NoticeMarker(re.compile(
        rf"(?:\*\s*)?(?:This|A version of this|An earlier version of this)\s+(?:article|story|piece|post|column"
        rf"|report|essay)\b[^.]{{0,60}}?\b(?:originally|first)\s+{_PUBLISHED}\s+(?:in|on|at|by|with)\s+(?!\d)"),
        mid_paragraph=True, words=("originally", "first")),
    NoticeMarker(re.compile(rf"(?:Originally|First)\s+{_PUBLISHED}\s+(?:in|on|at|by)\s+(?!\d)[^,;]{{1,80}}$"),
                 words=("originally", "first")),
    NoticeMarker(re.compile(
        r"(?:(?:This|The)\s+(?:article|story|piece|post|column|report|essay)\s+(?:is|was|has been)\s+)?"
        r"(?:[Rr]epublished|[Rr]eprinted|[Rr]eproduced)\s+(?:here\s+)?(?:from\s+[^.]{1,60}?\s+)?(?:with|by|under)\s+"
        r"(?:(?:kind|the)\s+)?(?:permission|(?:a\s+)?Creative Commons)"), mid_paragraph=True,
        words=("republished", "reprinted", "reproduced")),
    NoticeMarker(re.compile(r"(?:This|The)\s+(?:article|story|piece|post|report)\s+(?:is|was|has been)\s+"
                            rf"republished\s+from\s+{_OUTLET}"), mid_paragraph=True, words=("republished",)),
    NoticeMarker(re.compile(r"[(\[]?(?:Except for the headline, )?(?:this|This)\s+(?:story|article|report)\s+has\s+"
                            r"not\s+been\s+edited\s+by\b"), mid_paragraph=True, words=("edited",)),
    NoticeMarker(re.compile(r"[^.]{0,80}\bpublished from a (?:syndicated|wire(?: agency)?|news agency) feed\b"),
                 mid_paragraph=True, words=("published from a",)),
    # Opinion and sponsored-content disclaimers.
    NoticeMarker(re.compile(r"(?:Disclaimer|DISCLAIMER)\s*:"), words=("disclaimer",)),
    # "Distributed by Business Wire", "Press release distributed by Acme Wire": a short credit, nothing after it.
    NoticeMarker(re.compile(r"(?:Press release )?(?:[Dd]istributed) by\s+(?:the\s+)?[A-Z][^,;.!?]{0,50}\.?$"),
                 words=("distributed",)),
    # PR-wire footer: "SOURCE Acme Corp" (the word SOURCE in capitals).
    NoticeMarker(re.compile(r"SOURCE\s+[A-Z][^.!?]{0,60}$"), words=("source",)),
)
# A notice sentence never reports speech; one that does is body. A double quotation
# mark counts as speech too.
NOTICE_SPEECH_MARKS = "\"“”«»"
NOTICE_NOT_SPEECH = re.compile(rf"\b(?:said|says|told|tells|added|according to)\b|[{NOTICE_SPEECH_MARKS}]")
# The notice names the republishing outlet: "Mirage.News does not take institutional
# positions", "Harbour.Wire is not responsible for ...", "republished from The Fenland Review".
REPUBLISHER_PATTERNS = (
    re.compile(rf"(?<![\w.]){_OUTLET_NAME}\s+(?:does not|do not|doesn't)\s+(?:take|hold|adopt)\s+institutional"),
    re.compile(rf"(?<![\w.]){_OUTLET_NAME}\s+(?:is|are)\s+not\s+(?:responsible|liable|accountable)\s+for\b"),
    re.compile(rf"(?<![\w.]){_OUTLET_NAME}\s+(?:does not|do not|doesn't)\s+(?:necessarily\s+)?(?:endorse|share"
               r"|reflect|represent)\b"),
    re.compile(rf"\brepublished\s+from\s+{_OUTLET_NAME}(?=\s+under\b|\s*[.,;]|\s*$)"),
)
# Words that open a notice's subject without naming an outlet ("It is not responsible ...").
NOT_A_REPUBLISHER = frozenset({"This", "That", "It", "We", "They", "He", "She", "Neither", "Our", "Its"})

# --- related: links to other stories and promotions ------------------------

# "Read more: ...", "RELATED: ...", "See also - ...", "Related stories".
RELATED_MARKER = re.compile(
    r"^(?:[-–—•*»>]\s*)?(?:read (?:more|also|next)|also read|see also"
    r"|related(?: articles?| stories| news| coverage| content| reading)?"
    r"|more on this(?: story| topic)?|recommended(?: for you| reading)?|you may also like|you might also like"
    r"|don'?t miss|further reading|most read|trending(?: now)?)\s*(?:[:|»>\-–—]|$)",
    re.IGNORECASE,
)
# "Watch: ...", "LISTEN | ...": a media promo, but these words also open prose
# ("Watch: the council streams the meeting live, officials said."), so the
# line goes only when it is short and does not end like a sentence.
MEDIA_PROMO = re.compile(
    r"^(?:[-–—•*»>]\s*)?(?:watch|listen|video|audio|podcast)(?:\s+(?:now|live|again|here|more))?"
    r"\s*(?:[:|»>\-–—]|$)",
    re.IGNORECASE,
)
MEDIA_PROMO_MAX_WORDS = 20
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
# Every caption marker above contains one of these (lower-cased) or a "/": a paragraph
# with none of them is no photo credit, and the markers need not be tried on it.
CAPTION_MARKER_WORDS = ("photo", "picture", "pic", "image", "illustration", "video", "file", "credit",
                        "getty", "shutterstock", "epa-efe", "alamy", "/")
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
