"""Stage 3a: find every direct quotation in an article's cleaned paragraphs.

How quotations are found, in order:

1. ``find_spans`` reads each paragraph's quotation marks: curly, straight (its
   direction read from the neighbouring characters), ``''`` and ````...''``
   used as double marks. Marks never pair across paragraphs, so an unbalanced
   mark can at most reach the end of its own paragraph.
2. A paragraph that ends inside a quotation continues into the next paragraph
   when that one opens with a mark (the newspaper convention for long quotes).
3. Single marks are read as quotations only in a paragraph with no double
   marks (British style), and only where they cannot be apostrophes.
4. ``split_sentences`` splits a paragraph into sentences without looking
   inside quotations, so a quoted full stop never ends the attributing sentence.
5. ``is_named_thing``, ``is_scare_quote``, ``is_nickname`` and ``is_fragment``
   tell :mod:`quotearchive.attribute` which candidates are not a speaker's words.
6. ``find_turns`` reads interview transcripts, where a labelled answer
   ("OKAFOR: ...", "A: ...") is speech without any marks.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from quotearchive.rules.language import (
    ABBREVIATIONS, SCARE_QUOTE_LEAD_WORDS, TITLE_ABBREVIATIONS_BEFORE_NAMES, TITLE_CASE_SMALL_WORDS,
)
from quotearchive.rules.speech import NAMING_VERBS, SPEECH_VERBS, WORK_NOUNS
from quotearchive.spacing import collapse_spaces

OPENING_DOUBLE = "“„«"
CLOSING_DOUBLE = "”»"
# Characters after which a straight mark opens a quotation rather than closes one.
OPENERS_BEFORE = " \t\n([{—–-/:"
# Characters that may stand right after a closing mark.
CLOSERS_AFTER = " \t\n.,;:!?)]}—–-…'’"


@dataclass
class Segment:
    """The part of a quotation inside one paragraph (marks excluded)."""

    paragraph: int
    start: int  # first character inside the opening mark
    end: int  # the closing mark's position (or the paragraph's end when open)
    closed: bool = True


@dataclass
class Span:
    """A quotation: one segment, or several when it runs over paragraphs."""

    segments: list[Segment] = field(default_factory=list)

    @property
    def first(self) -> Segment:
        return self.segments[0]

    @property
    def last(self) -> Segment:
        return self.segments[-1]

    def text(self, paragraphs: list[str]) -> str:
        parts = [paragraphs[s.paragraph][s.start:s.end].strip() for s in self.segments]
        return clean_quote_text(" ".join(p for p in parts if p))


@dataclass
class Sentence:
    """A sentence of a paragraph, as character offsets into it."""

    paragraph: int
    start: int
    end: int


QUOTE_OPENS_AFTER_SPACE_RE = re.compile(r"\s+[\"“‘]")
SENTENCE_OPENS_RE = re.compile(r"\s+[\"“‘A-Z]")
HAS_WORD_RE = re.compile(r"\w")
KNOWN_AS_BEFORE_RE = re.compile(r"\bknown as\s*$", re.I)
WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
CAPITALISED_WORD_BEFORE_RE = re.compile(r"([A-Z][\w'’.-]*)\s*$")
CAPITAL_AFTER_MARK_RE = re.compile(r"[\"”'’]*\s+[A-Z]")
WORD_BEFORE_RE = re.compile(r"([\w'’-]+)\W*$")
INITIALS_RE = re.compile(r"(?:[a-z]\.)*[a-z]")

# Searching for "the last word of a string" with a $-anchored pattern tries the
# pattern at every position, which costs microseconds per call on a few dozen
# characters; these read the reversed string from its start instead, for the
# same word. (tests/test_extract.py checks them against the forward patterns.)
# The word before a quotation, over spaces, commas and colons ("called it: ").
_NAMING_WORD_REVERSED_RE = re.compile(r"[\s,:]*([\w-]+)")
# The word a sentence ends on, before its final punctuation and closing marks;
# only a word with a letter or digit in it can be an abbreviation.
_LAST_WORD_REVERSED_RE = re.compile(r"['’\"”»)]*[.!?…]+?([\w.]*\w[\w.]*)")


def naming_word_before(text: str) -> str | None:
    """Return the last word of ``text`` when only spaces, commas and colons follow it."""
    m = _NAMING_WORD_REVERSED_RE.match(text[::-1])
    return m.group(1)[::-1] if m else None


def word_ending_sentence(text: str) -> str | None:
    """Return the word (dots kept: "U.S") before the final punctuation that ends ``text``."""
    m = _LAST_WORD_REVERSED_RE.match(text[::-1])
    return m.group(1)[::-1] if m else None


BEFORE_CHARS = 80  # every rule reading the text before a quotation looks at its last few words


def text_before(paragraph: str, segment: Segment) -> str:
    """Return the text just before a segment's opening mark (its last ``BEFORE_CHARS`` characters)."""
    before = paragraph[max(0, segment.start - BEFORE_CHARS - 2):segment.start]
    if before.endswith(("''", "``")):
        before = before[:-2]
    elif before[-1:] in "\"“„«'‘":
        before = before[:-1]
    return before.rstrip()


def clean_quote_text(text: str) -> str:
    """Trim spaces and the comma that belongs to the attributing sentence."""
    text = collapse_spaces(text)  # runs of spaces and line breaks made one space
    return text.rstrip(",;").rstrip()


# --- 1. marks ---------------------------------------------------------------------------------

# A double mark, or two single ones standing for it; written mark-first so the regex
# engine can skip straight to the next mark.
DOUBLE_MARK_RE = re.compile(r"[\"“„«”»'`](?:(?<=')'|(?<=`)`|(?<=[\"“„«”»]))")


def _double_marks(paragraph: str) -> list[tuple[int, int, str]]:
    """List the double marks as (position, length, direction): 'open', 'close' or 'either'."""
    marks = []
    for m in DOUBLE_MARK_RE.finditer(paragraph):
        mark, pos = m.group(), m.start()
        if mark == "``":
            direction = "open"
        elif mark in OPENING_DOUBLE:
            direction = _curly_direction(paragraph, pos, "open")
        elif mark in CLOSING_DOUBLE:
            direction = _curly_direction(paragraph, pos, "close")
        else:  # a straight mark, or '' standing for one
            direction = _straight_direction(paragraph, pos, len(mark))
        marks.append((pos, len(mark), direction))
    return marks


def _straight_direction(text: str, pos: int, length: int) -> str:
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + length] if pos + length < len(text) else " "
    if before in OPENERS_BEFORE and after not in " \t\n":
        return "open"
    if after in CLOSERS_AFTER or after == '"':
        return "close"
    return "either"


def _curly_direction(text: str, pos: int, nominal: str) -> str:
    """Trust a curly mark's shape unless its neighbours plainly contradict it."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if nominal == "open" and before not in OPENERS_BEFORE and after in CLOSERS_AFTER:
        return "close"  # a “ typed where ” was meant
    if nominal == "close" and before in OPENERS_BEFORE and after not in CLOSERS_AFTER:
        return "open"
    return nominal


def _pair_marks(paragraph: str, index: int, marks) -> list[Segment]:
    """Pair marks left to right; an opening mark left unclosed runs to the paragraph's end."""
    segments: list[Segment] = []
    open_at = None
    for pos, length, direction in marks:
        if open_at is None:
            if direction in ("open", "either"):
                open_at = pos + length
            # a closing mark with nothing open is stray: ignore it
        elif direction in ("close", "either"):
            segments.append(Segment(index, open_at, pos))
            open_at = None
        else:
            # Two openers in a row: the first one was stray; start again from the second.
            open_at = pos + length
    if open_at is not None and paragraph[open_at:].strip():
        segments.append(Segment(index, open_at, len(paragraph), closed=False))
    return segments


# An opening single mark at the start or after a space, bracket or dash. Written mark
# first (the look-behind checks the character before it) so the regex engine can skip
# straight to the next mark instead of trying a look-behind at every character.
SINGLE_OPEN_RE = re.compile(r"['‘](?<![^\s(\[—–-]['‘])(?=[A-Za-z0-9])")


def _single_segments(paragraph: str, index: int) -> list[Segment]:
    """Find 'British style' quotations, where a closing mark cannot be an apostrophe."""
    segments = []
    if "'" not in paragraph and "‘" not in paragraph:
        return segments  # no opening mark to look for
    pos = 0
    while True:
        opener = SINGLE_OPEN_RE.search(paragraph, pos)
        if not opener:
            break
        start = opener.end()
        close = None
        for m in re.finditer(r"['’]", paragraph[start:]):
            at = start + m.start()
            before = paragraph[at - 1]
            after = paragraph[at + 1] if at + 1 < len(paragraph) else ""
            if before.isalpha() and after.isalpha():
                continue  # don't, it's: an apostrophe inside a word
            if before in ",.?!…" or after == "" or after in ",.;:?!)":
                close = at
                break
        if close is None:
            break
        if HAS_WORD_RE.search(paragraph, start, close):
            segments.append(Segment(index, start, close))
        pos = close + 1
    return segments


def find_spans(paragraphs: list[str]) -> list[Span]:
    """Find every quotation in the article, joining those that run over paragraphs."""
    spans: list[Span] = []
    carrying: Span | None = None  # a quotation left open at the end of the previous paragraph
    for index, paragraph in enumerate(paragraphs):
        marks = _double_marks(paragraph)
        segments = _pair_marks(paragraph, index, marks) if marks else _single_segments(paragraph, index)
        if carrying is not None:
            opens_here = bool(segments) and not text_before(paragraph, segments[0])
            if opens_here:
                carrying.segments.append(segments.pop(0))
                if carrying.last.closed:
                    spans.append(carrying)
                    carrying = None
            else:
                # The quotation was never continued: it ends with its paragraph.
                spans.append(carrying)
                carrying = None
        for segment in segments:
            span = Span([segment])
            if not segment.closed and index + 1 < len(paragraphs):
                carrying = span
            else:
                spans.append(span)
    if carrying is not None:
        spans.append(carrying)
    return spans


# --- transcripts ------------------------------------------------------------------------------

# "SEN. MARIA OKAFOR: ...", "MARTIN: ...", "LEILA MARTIN, HOST: ...", "Q: ...", "A: ...".
TURN_RE = re.compile(r"(?P<label>Q|A|[A-Z][A-Z.'’\- ]{1,40}(?:, [A-Z][A-Z .'’\-]{1,30})?)\s*:\s+(?P<body>\S.*)$",
                     re.S)
STAGE_DIRECTION_RE = re.compile(r"\s*[(\[](?:laughs?|laughter|applause|crosstalk|inaudible|pause|sighs?)"
                                r"[^)\]]*[)\]]\s*", re.I)
INTERVIEWER_WORDS = ("HOST", "INTERVIEWER", "MODERATOR", "ANCHOR", "REPORTER")
MIN_TURNS = 3  # fewer labelled paragraphs than this is not a transcript


@dataclass
class Turn:
    """An answer in a transcript: the whole paragraph after its speaker's label is speech."""

    paragraph: int
    start: int  # where the answer's words start in the paragraph
    end: int
    label: str  # as written ("OKAFOR", "A", "LEILA MARTIN, HOST")


def find_turns(paragraphs: list[str]) -> list[Turn]:
    """Return the answers of an interview transcript, or nothing if the article is not one.

    The interviewer's turns are left out: a "Q" label, a label naming the host,
    or a label whose turns are mostly questions. Turns already in quotation
    marks are ordinary quotations and are left to ``find_spans``.
    """
    turns = []
    for index, paragraph in enumerate(paragraphs):
        m = TURN_RE.match(paragraph)
        if m:
            turns.append((index, m))
    if len(turns) < MIN_TURNS:
        return []
    asking: dict[str, list[bool]] = {}
    for _, m in turns:
        asking.setdefault(m.group("label"), []).append(m.group("body").rstrip().endswith("?"))
    interviewers = {label for label, questions in asking.items()
                    if label == "Q" or any(w in label for w in INTERVIEWER_WORDS)
                    or sum(questions) * 2 >= len(questions)}
    answers = []
    for index, m in turns:
        body = m.group("body")
        if m.group("label") in interviewers or body.lstrip()[:1] in "\"“'‘":
            continue
        start = m.start("body")
        stage = STAGE_DIRECTION_RE.match(paragraphs[index], start)
        if stage:
            start = stage.end()
        answers.append(Turn(index, start, len(paragraphs[index].rstrip()), m.group("label")))
    return answers


def turn_text(paragraph: str, turn: Turn) -> str:
    """Return an answer's words without stage directions ("(Laughs)")."""
    return clean_quote_text(STAGE_DIRECTION_RE.sub(" ", paragraph[turn.start:turn.end]))


# --- 2. sentences -----------------------------------------------------------------------------

def mask_quotes(paragraph: str, segments: list[Segment]) -> str:
    """Return the paragraph with quoted words blanked out (same length, offsets kept)."""
    if not segments:
        return paragraph  # about half the paragraphs of a story quote no one
    masked, done = [], 0
    for seg in sorted(segments, key=lambda s: s.start):
        masked.append(paragraph[done:seg.start])
        masked.append("x" * (seg.end - seg.start))
        done = seg.end
    masked.append(paragraph[done:])
    return "".join(masked)


# "[.!?…][.!?…]*" rather than "[.!?…]+": a pattern opening on a plain character class
# lets the regex engine skip ahead to the next mark (twice as fast here).
SENTENCE_END_RE = re.compile(r"[.!?…][.!?…]*['’\"”»)]*(?=\s+[\"“‘'(\[A-Z0-9])")


def split_sentences(paragraph: str, index: int, segments: list[Segment]) -> list[Sentence]:
    """Split a paragraph into sentences, never inside a quotation.

    A quotation that itself ends a sentence ('..., he said. "We will."') ends
    the attributing sentence at its closing mark.
    """
    masked = mask_quotes(paragraph, segments)
    cuts = set()
    for m in SENTENCE_END_RE.finditer(masked):
        word = word_ending_sentence(masked[max(0, m.end() - 40):m.end()]) if masked[m.start()] == "." else None
        if word and is_abbreviation(word):
            # "... CEO of Brightwater Inc. "We're proud ..."": a quotation opening after
            # an abbreviation that is no title starts a new sentence.
            opens_quote = QUOTE_OPENS_AFTER_SPACE_RE.match(masked, m.end())
            if not opens_quote or word.lower().rstrip(".") in TITLE_ABBREVIATIONS_BEFORE_NAMES:
                continue
        cuts.add(m.end())
    for seg in segments:
        inner = paragraph[seg.start:seg.end].rstrip()
        mark_end = seg.end + 1
        if seg.closed and inner.endswith((".", "!", "?", "…")) and SENTENCE_OPENS_RE.match(paragraph, mark_end) \
                and not (inner.endswith(("!", "?")) and _attribution_follows(paragraph[mark_end:])):
            cuts.add(mark_end)
    sentences, start = [], 0
    for cut in sorted(cuts):
        if paragraph[start:cut].strip():
            sentences.append(Sentence(index, start, cut))
        start = cut
    if paragraph[start:].strip():
        sentences.append(Sentence(index, start, len(paragraph)))
    return sentences


NAMED_CUE_RE = re.compile(r"\s+((?:[A-Z][\w.'’-]*\s+){1,4})(\w+)")


def _attribution_follows(text: str) -> bool:
    """Tell whether a name and a speech verb follow a quote ending in "!" or "?" ("...nose!" Okafor blasted)."""
    m = NAMED_CUE_RE.match(text)
    return bool(m) and m.group(2).lower() in SPEECH_VERBS


@functools.lru_cache(maxsize=4096)
def is_abbreviation(word: str) -> bool:
    """Tell whether a word's full stop is an abbreviation's or an initial's ("Mr.", "U.S.", "J.")."""
    # Cached: asked of every word ending in a full stop, and the same few recur.
    word = word.lower().rstrip(".")
    return word in ABBREVIATIONS or bool(INITIALS_RE.fullmatch(word))  # "J", "J.D"


# --- 3. candidates ----------------------------------------------------------------------------

NAMING_WORDS = NAMING_VERBS | WORK_NOUNS


def is_named_thing(paragraph: str, segment: Segment, text: str) -> bool:
    """Tell whether a quoted phrase names something (a title, a nickname) rather than quotes speech."""
    before = text_before(paragraph, segment)
    previous = naming_word_before(before[-60:])  # a full stop in between ends the link
    previous_word = previous.lower() if previous else ""
    if previous_word == "so-called" or KNOWN_AS_BEFORE_RE.search(before[-20:]):
        return True
    capitalised = text[:1].isupper()
    if previous_word in NAMING_WORDS and capitalised and len(WORD_RE.findall(text)) < 6:
        return True
    if text.strip().endswith((".", "!", "?", ",", ";", ":")):
        return False  # ends like a sentence: no title
    # Title case of two to eight words; read no further than the first word that says no.
    count = 0
    for m in WORD_RE.finditer(text):
        word = m.group()
        count += 1
        if count > 8 or not (word[0].isupper() or word in TITLE_CASE_SMALL_WORDS):
            return False
    return count >= 2


NICKNAME_RE = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}")


def is_nickname(paragraph: str, segment: Segment) -> bool:
    """Tell whether a quoted phrase is a nickname inside a name (Tyler "Tank" Haddad)."""
    text = paragraph[segment.start:segment.end]
    if not NICKNAME_RE.fullmatch(text.strip()):
        return False  # most quotations fail here, on their first lower-case word
    return bool(CAPITALISED_WORD_BEFORE_RE.search(text_before(paragraph, segment)[-60:])
                and CAPITAL_AFTER_MARK_RE.match(paragraph, segment.end))


def is_scare_quote(paragraph: str, segment: Segment, text: str) -> bool:
    """Tell whether a single quoted word is held at arm's length ("the club's much-discussed "project"").

    One word inside a noun phrase, after an article, a possessive or an
    adjective, is the writer's irony, not someone's words; one word after a
    verb ("said he was "delighted"") is still a quotation.
    """
    if len(text.split(None, 1)) != 1:  # not one word (split no further than needed to tell)
        return False
    previous = WORD_BEFORE_RE.search(text_before(paragraph, segment)[-60:])
    if not previous:
        return False
    word = previous.group(1).lower()
    return (word in SCARE_QUOTE_LEAD_WORDS
            or word.endswith(("'s", "’s")) or ("-" in word and word.endswith(("ed", "ing"))))


def is_fragment(paragraph: str, segment: Segment, text: str) -> bool:
    """Tell whether a quotation is a fragment worked into a sentence, not whole sentences."""
    before = text_before(paragraph, segment)
    starts_mid_sentence = bool(before) and before[-1].isalnum()
    return starts_mid_sentence or text[:1].islower() or len(text.split(None, 3)) < 4
