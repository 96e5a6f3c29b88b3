"""Stage 3b: give each quotation a canonical speaker, a role, its evidence and its date.

The article is read twice. The first pass collects every name written in it
(outside quotations) with the titles around it, so that "Rutte" can become
"Mark Rutte" and "the French president" can find the person it describes,
even when the full name only comes later. The second pass walks the sentences
in order and attributes each quotation by the first rule that applies:

1. a cue right after the quotation:   "...," Macron added / "...," said Rutte
2. a cue right before it:             He added, "..." / Smith said that "..."
3. the nearest cue elsewhere in the sentence ("called on China to prevent ...
   "European soil""); a participle ("adding", "saying") hangs on the sentence's speaker
4. a colon after the sentence's subject:  Macron expressed alarm: "..."
5. a transcript label:                 SMITH: "..."
6. context: the previous quotation of the paragraph, the previous paragraph's
   last quotation when a paragraph holds nothing but quotation, or a named
   subject in the sentence just before.

The speaker phrase found is then resolved: names to their longest full form,
pronouns to the nearest compatible person, descriptions ("the president") to
the person last seen with that role, organisations kept as named. When the text
names nobody the speaker stays None.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace

from dateutil import parser as date_parser

from quotearchive import extract
from quotearchive.extract import Segment, Sentence, Span
from quotearchive.models import Article, Quote
from quotearchive.rules.language import (
    DETERMINERS, INTRO_WORDS, MONTHS, POSSESSIVE_DETERMINERS, WEEKDAYS,
)
from quotearchive.rules.speech import (
    ACCORDING_TO, ADDRESSEE_VERBS, ADVERBS, PHRASAL_CUES, SPEECH_PARTICIPLES, SPEECH_VERBS,
)
from quotearchive.rules.titles import (
    COMPANY_NAME_HEADS, FIRST_NAMES, GENDERED_NOUNS, HONORIFICS, TITLE_ABBREVIATIONS, NAME_PARTICLES, NOT_NAME_WORDS, ORG_DESCRIPTION_HEADS,
    ORG_NAME_HEADS, ORG_NOUNS, PERSON_ROLE_NOUNS, PRONOUNS, TITLE_WORDS, UNNAMED_GROUPS,
)

# Confidence by the rule that found the speaker: a named speaker next to its cue is
# near-certain; every step of inference (pronoun, description, context) costs some.
CONFIDENCE = {
    "adjacent": 0.95, "sentence": 0.85, "colon": 0.8, "label": 0.9,
    "continuation": 0.75, "neighbour": 0.6, "none": 0.3,
}
PRONOUN_PENALTY = 0.1
# How far back (in paragraphs) a subject or a known gender outweighs nearness when
# choosing the antecedent of "he"/"she"; tuned on the regression set.
NOT_SUBJECT_PENALTY = 1.0
UNKNOWN_GENDER_PENALTY = 1.25
DESCRIPTION_PENALTY = 0.15


PUNCTUATION = frozenset(",;:()—–")
INITIALS_RE = re.compile(r"(?:[A-Z]\.){1,3}")
TITLE_PREFIX_RE = re.compile(r"^(?:co|vice|ex|deputy|acting|former)-")
# Every word that can be a cue, for a quick look before the exact test.
CUE_WORDS = SPEECH_VERBS | SPEECH_PARTICIPLES | frozenset(PHRASAL_CUES)
AGE_RE = re.compile(r"(?i)[\w-]+-(?:year|month|week)s?-old")
PREPOSITIONS = frozenset("for of at with from in".split())
# Unions used on every token, built once.
NOUN_WORDS = PERSON_ROLE_NOUNS | ORG_NOUNS | TITLE_WORDS
NOUN_DETERMINERS = DETERMINERS | POSSESSIVE_DETERMINERS
SKIPPABLE_BEFORE_CUE = ADVERBS | frozenset(WEEKDAYS)
TOKEN_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9][\w'’.\-]*|[,;:()—–]")


# --- tokens -----------------------------------------------------------------------------------

@dataclass(slots=True)
class Token:
    text: str
    start: int  # offset in the paragraph
    end: int
    quote: int | None = None  # index of the Span this QUOTE token stands for
    # Derived once: tokens are looked at many times each.
    lower: str = field(init=False)
    is_quote: bool = field(init=False)
    capitalised: bool = field(init=False)

    def __post_init__(self) -> None:
        self.lower = self.text.lower()
        self.is_quote = self.quote is not None
        self.capitalised = self.text[:1].isupper()


def _word_tokens(text: str, offset: int) -> list[Token]:
    tokens = []
    for m in TOKEN_RE.finditer(text):
        word, start = m.group(), offset + m.start()
        # A full stop glued to the last word of a sentence is punctuation, unless the
        # word is an abbreviation or an initial ("U.S.", "J.").
        if word.endswith(".") and len(word) > 1 and not extract.is_abbreviation(word[:-1]) \
                and "." not in word[:-1]:
            word = word[:-1]
        tokens.append(Token(word, start, start + len(word)))
    return tokens


def sentence_tokens(paragraph: str, sentence: Sentence, quotes: list[tuple[int, Segment]]) -> list[Token]:
    """Tokenise a sentence, each quotation standing as one QUOTE token."""
    tokens, pos = [], sentence.start
    for span_index, seg in sorted(quotes, key=lambda item: item[1].start):
        mark_start = max(sentence.start, seg.start - 1)
        tokens += _word_tokens(paragraph[pos:mark_start], pos)
        tokens.append(Token("QUOTE", mark_start, seg.end + 1, quote=span_index))
        pos = min(sentence.end, seg.end + 1)
    tokens += _word_tokens(paragraph[pos:sentence.end], pos)
    return tokens


def _is_cue(tokens: list[Token], i: int) -> bool:
    """Tell whether the word at ``i`` attributes speech ("said", "adding", "shot back")."""
    word = tokens[i].lower
    if word in PHRASAL_CUES:
        return i + 1 < len(tokens) and tokens[i + 1].lower == PHRASAL_CUES[word]
    if word not in SPEECH_VERBS and word not in SPEECH_PARTICIPLES:
        return False
    if i > 0 and (tokens[i - 1].lower in NOUN_DETERMINERS
                  or _strip_possessive(tokens[i - 1].text)[1]):
        return False  # "his call for Europe", "the union's demands": nouns, not verbs
    return True


def _is_participle(token: Token) -> bool:
    return token.lower in SPEECH_PARTICIPLES


def _according_to(tokens: list[Token], i: int) -> bool:
    return i + 1 < len(tokens) and f"{tokens[i].lower} {tokens[i + 1].lower}" in ACCORDING_TO


# --- speaker phrases --------------------------------------------------------------------------

@dataclass
class Mention:
    """A phrase that may refer to a speaker, as written."""

    text: str
    kind: str  # "name", "pronoun", "description", "org", "unnamed"
    name: str | None = None  # a person's name, titles removed
    role: str | None = None
    gender: str | None = None
    head: str | None = None  # the noun a description or organisation rests on
    position: tuple[int, int] = (0, 0)
    speaking: bool = False  # stands right next to a speech cue ("Macron said", "said Rutte")

    @property
    def looks_like_person(self) -> bool:
        """Tell whether a name is a person's: titled, gendered, or seen speaking."""
        if self.kind != "name":
            return False
        initials = " " in self.name and bool(INITIALS_RE.fullmatch(self.name.split()[0]))
        return bool(self.role or self.gender or self.speaking or initials)  # "J.D. Harlan"


def _norm_role_word(word: str) -> str:
    return word.lower().replace("-", " ").rstrip(".")


def _ascii(word: str) -> str:
    """Strip accents, so "François" is looked up as "francois"."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")


def _role_words(word: str) -> list[str]:
    """Return a role word's normal form(s): "Sen." -> ["senator"], "Secretary-General" -> two words."""
    low = word.lower().rstrip(".")
    return TITLE_ABBREVIATIONS.get(low, low.replace("-", " ")).split()


def _is_title(word: str) -> bool:
    """Tell whether a word is a title or role ("President", "Secretary-General", "owner")."""
    low = TITLE_PREFIX_RE.sub("", word.lower().rstrip("."))
    parts = low.split("-")
    return low in TITLE_WORDS or low in PERSON_ROLE_NOUNS or all(p in TITLE_WORDS for p in parts)


def _strip_possessive(word: str) -> tuple[str, bool]:
    """Return a word without its possessive ending, and whether it had one ("Seoul's", "players'")."""
    end = word[-2:]
    if end in ("'s", "’s"):
        return word[:-2], True
    if end in ("s'", "s’"):
        return word[:-1], True
    return word, False


def parse_phrase(tokens: list[Token]) -> Mention | None:
    """Read a speaker phrase: a pronoun, a name with its titles, a description or an organisation."""
    words = [t for t in tokens if not t.is_quote and t.text not in ",;:()—–"]
    if not words:
        return None
    position = (0, words[0].start)
    text = " ".join(t.text for t in words)
    if len(words) == 1 and words[0].lower in PRONOUNS:
        return Mention(text, "pronoun", gender=PRONOUNS[words[0].lower], position=position)
    determiner = words[0].lower if words[0].lower in DETERMINERS else None
    body = words[1:] if determiner else words
    if not body:
        return None
    # "a spokesperson for the ministry": the head is the noun before the preposition.
    cut = next((k for k, t in enumerate(body) if t.lower in PREPOSITIONS and k > 0), None)
    head_token = body[cut - 1] if cut is not None and _is_noun_word(body[cut - 1]) else body[-1]
    head_word, possessive = _strip_possessive(head_token.text)
    head = _norm_role_word(head_word)
    if head_token is body[-1] and body[-1].capitalised and not possessive:
        return _name_mention(body, text, determiner, position)
    if head in UNNAMED_GROUPS:
        return Mention(text, "unnamed", role=" ".join(t.text for t in body), head=head, position=position)
    if head in PERSON_ROLE_NOUNS or head in TITLE_WORDS and head not in ORG_NOUNS:
        kind = "description" if determiner in ("the", "this", "that") and cut is None else "unnamed"
        if determiner is None and cut is None and any(t.capitalised for t in body):
            kind = "description"  # "French President said" (headline style) or "Seoul's envoy"
        role = " ".join(t.text for t in body)
        return Mention(text, kind, role=role, head=head, position=position)
    if head in ORG_NOUNS or head in ORG_NAME_HEADS:
        return Mention(text, "org", head=head, role=None, position=position)
    if head in PERSON_ROLE_NOUNS or head in TITLE_WORDS:
        kind = "description" if determiner in ("the", "this", "that") else "unnamed"
        if determiner is None and any(t.capitalised for t in body):
            kind = "description"  # "French President said" (headline style) or "Seoul's envoy"
        role = " ".join(t.text for t in body)
        return Mention(text, kind, role=role, head=head, position=position)
    return None


def _name_mention(body: list[Token], text: str, determiner: str | None, position) -> Mention | None:
    """Split "NATO Secretary-General Mark Rutte" into role and name."""
    words = [t.text for t in body]
    last, _ = _strip_possessive(words[-1])
    words[-1] = last
    if _norm_role_word(last) in ORG_NAME_HEADS or (determiner and len(words) > 1 and
                                                   all(w[:1].isupper() for w in words)
                                                   and _norm_role_word(words[0]) not in TITLE_WORDS):
        return Mention(text, "org", head=_norm_role_word(last), position=position)
    gender = None
    split_at = -1
    lower_case = [i for i, w in enumerate(words) if w[:1].islower() and w.lower() not in NAME_PARTICLES]
    if lower_case and lower_case[-1] < len(words) - 1:
        split_at = lower_case[-1]  # "curator Elin Brask", "club owner Mira Stein"
    for i, word in enumerate(words):
        low = word.lower()
        if low in HONORIFICS:
            gender = HONORIFICS[low] or gender
            split_at = i
        elif i < len(words) - 1 and _is_title(word):
            split_at = i  # a title, never the last word: "John Major" keeps his name
    role_words = [w for w in words[: split_at + 1] if w.lower() not in HONORIFICS]
    name_words = words[split_at + 1:]
    # "Secretary of State Antony Blinken": "of State" still belongs to the title.
    while len(name_words) > 2 and name_words[0].lower() == "of":
        role_words += name_words[:2]
        name_words = name_words[2:]
    while name_words and (name_words[0].lower() in NOT_NAME_WORDS or AGE_RE.fullmatch(name_words[0])):
        name_words = name_words[1:]  # "The", "Ten-year-old"
    while role_words and role_words[0].lower() in NOT_NAME_WORDS:
        role_words = role_words[1:]
    role = " ".join(role_words) or None
    if not name_words:
        if role and _norm_role_word(role_words[-1]) in PERSON_ROLE_NOUNS | TITLE_WORDS:
            return Mention(text, "description", role=role, head=_norm_role_word(role_words[-1]),
                           gender=gender, position=position)
        return None
    if any(not (w[:1].isupper() or w.lower() in NAME_PARTICLES) for w in name_words):
        return None
    name = " ".join(name_words)
    if len(name_words) > 1:
        gender = gender or FIRST_NAMES.get(_ascii(name_words[0].lower()))
    return Mention(text, "name", name=name, role=role, gender=gender, position=position)


# --- the article's people ---------------------------------------------------------------------

@dataclass
class Person:
    name: str
    roles: list[str] = field(default_factory=list)
    gender: str | None = None
    speaker_like: bool = False  # seen titled, gendered or speaking somewhere in the article
    titled: bool = False  # seen with a title ("President Xi Jinping")

    @property
    def role(self) -> str | None:
        return self.roles[0] if self.roles else None

    def has_role(self, description_role: str) -> bool:
        """Tell whether this person was seen with a role a description fits ("the French president")."""
        words = [w for w in description_role.split() if w.lower() not in DETERMINERS]
        if not words:
            return False
        head = set(_role_words(words[-1]))
        # Capitalised modifiers ("French", "NATO") must not contradict the role seen.
        modifiers = {w.lower() for w in words[:-1] if w[:1].isupper()}
        for role in self.roles:
            seen = {w for word in role.split() for w in _role_words(word)}
            if head <= seen and modifiers <= seen | {m for m in modifiers if not _has_capital_modifier(role)}:
                return True
        return False


def _has_capital_modifier(role: str) -> bool:
    return any(w[:1].isupper() and _norm_role_word(w) not in TITLE_WORDS for w in role.split())


@dataclass
class Seen:
    """A person mentioned at a place in the article."""

    person: Person
    position: tuple[int, int]
    subject: bool


class Cast:
    """Everyone named in an article, and where; resolves names, pronouns and descriptions."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}
        self.seen: list[Seen] = []
        self._fuller: dict[str, list[str]] = {}  # name -> fuller forms, while no one new is added
        self._known = 0
        self.orgs: list[tuple[tuple[int, int], str]] = []

    # names
    def canonical(self, name: str, gender: str | None = None, position=None) -> str:
        """Return the longest full form of ``name`` used in the article.

        "Okafor" with two Okafors in the article is the one whose gender fits
        ("Mr. Okafor"), else the one mentioned last before ``position``.
        """
        parts = name.split()
        fuller = self._fuller.get(name)
        if fuller is None or self._known != len(self.people):
            if self._known != len(self.people):
                self._fuller.clear()
                self._known = len(self.people)
            fuller = self._fuller[name] = [
                full for full in self.people
                if len(full.split()) > len(parts) and full.split()[-len(parts):] == parts]
        if not fuller:
            # Family name first ("Xi Jinping" ... "Xi said"): a unique full form that starts with it.
            starting = [full for full in self.people
                        if len(parts) == 1 and len(full.split()) > 1 and full.split()[0] == name
                        and self.people[full].titled]
            return starting[0] if len(starting) == 1 else name
        longest = max(len(full.split()) for full in fuller)
        fuller = [full for full in fuller if len(full.split()) == longest]
        if len(fuller) > 1 and gender:
            fuller = ([f for f in fuller if self.people[f].gender == gender]
                      or [f for f in fuller if self.people[f].gender is None] or fuller)
        if len(fuller) > 1:
            last_seen = {s.person.name: s.position for s in self.seen
                         if position is None or s.position < position}
            fuller.sort(key=lambda full: last_seen.get(full, (-1, -1)))
        return fuller[-1]

    def person(self, name: str, gender: str | None = None, position=None) -> Person:
        key = self.canonical(name, gender, position)
        if key not in self.people:
            self.people[key] = Person(key)
        return self.people[key]

    def add_name(self, mention: Mention, subject: bool) -> Person:
        person = self.person(mention.name, mention.gender, mention.position)
        person.speaker_like = True
        if mention.role and mention.role not in person.roles:
            person.roles.append(mention.role)
            person.titled = True
        person.gender = person.gender or mention.gender
        self.seen.append(Seen(person, mention.position, subject))
        return person

    def note_speaker(self, person: Person, position: tuple[int, int]) -> None:
        self.seen.append(Seen(person, position, True))

    # pronouns and descriptions
    def before(self, position: tuple[int, int]) -> list[Seen]:
        return sorted((s for s in self.seen if s.position < position), key=lambda s: s.position)

    def resolve_pronoun(self, gender: str | None, position, unknown_gender_only: bool = False) -> Person | None:
        """Return the person before ``position`` a he/she most likely stands for.

        Each earlier mention is scored: paragraphs back, plus a penalty when it
        was not a subject (a speaker, a sentence's first name) and a smaller one
        when its gender is unknown; a known, different gender rules it out.
        """
        best, best_score = None, None
        for seen in self.before(position):
            known = seen.person.gender
            if unknown_gender_only:
                if known not in (None, "p") or not seen.subject:
                    continue
            elif gender and known and known != gender:
                continue
            score = (position[0] - seen.position[0]) + (0 if seen.subject else NOT_SUBJECT_PENALTY) \
                + (UNKNOWN_GENDER_PENALTY if gender and not known else 0)
            if best_score is None or score <= best_score:  # ties go to the nearer mention
                best, best_score = seen.person, score
        return best

    def resolve_description(self, role: str, position, sentences_after: list[list[Mention]]) -> Person | None:
        """Return the person a description ("the French president") stands for."""
        for seen in reversed(self.before(position)):
            if seen.person.has_role(role):
                return seen.person
        # Cataphora, common in ledes: "..., the French president said. ... Emmanuel Macron said".
        for mentions in sentences_after:
            for mention in mentions:
                if mention.looks_like_person and mention.position > position:
                    person = self.person(mention.name)
                    if not person.roles or person.has_role(role):
                        return person
        return None


# --- dates ------------------------------------------------------------------------------------

DAY_RE = re.compile(
    r"\b(?:(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:['’]s)?"
    r"|(?P<relative>yesterday|today|tonight|this morning|this afternoon|this evening|last night)"
    r"|(?P<dm>\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:" + "|".join(MONTHS) + r")(?:,? \d{4})?)"
    r"|(?P<md>(?:" + "|".join(MONTHS) + r") \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?))\b",
    re.I,
)


# A cheap first look: most sentences name no day at all.
DAY_HINT_RE = re.compile(r"day|tonight|this (?:morning|afternoon|evening)|last night|\d", re.I)


def resolve_day(text: str, published: dt.date | None, news_days_only: bool = False) -> dt.date | None:
    """Return the day a sentence says things happened ("on Friday"), resolved against publication.

    With ``news_days_only``, only the words that date the news itself (a weekday,
    "yesterday", "today") count, not a calendar date, which may well be history
    ("appointed on 3 March 2019").
    """
    if published is None or not DAY_HINT_RE.search(text):
        return None
    m = DAY_RE.search(text)
    if not m:
        return None
    if m.group("weekday"):
        wanted = WEEKDAYS.index(m.group("weekday").lower())
        return published - dt.timedelta(days=(published.weekday() - wanted) % 7)
    if m.group("relative"):
        word = m.group("relative").lower()
        return published - dt.timedelta(days=1) if word in ("yesterday", "last night") else published
    if news_days_only:
        return None
    phrase = m.group("dm") or m.group("md")
    if re.search(r"\d{4}", phrase):
        years = [None]
    else:  # "12 November" means the latest 12 November on or before publication
        years = [published.year, published.year - 1, published.year - 4]  # (29 February: leap years)
    for year in years:
        try:
            day = date_parser.parse(phrase, default=dt.datetime(year or published.year, 1, 1)).date()
        except (ValueError, OverflowError):
            continue
        if year is None or day <= published:
            return day
    return None


# --- attribution ------------------------------------------------------------------------------

@dataclass
class Attribution:
    mention: Mention | None = None
    cue: str | None = None
    rule: str = "none"
    evidence: Sentence | None = None
    person: Person | None = None
    speaker: str | None = None
    role: str | None = None
    confidence: float = CONFIDENCE["none"]
    partners: list[Mention] = field(default_factory=list)  # "He and Rutte": Rutte
    co_speakers: list[str] = field(default_factory=list)


class ArticleReader:
    """Attribute the quotations of one article (see the module docstring)."""

    def __init__(self, article: Article, spans: list[Span]) -> None:
        self.article = article
        self.paragraphs = article.paragraphs
        # Nicknames inside names are no one's words; blanked out, the name reads whole.
        nicknames = [s for s in spans if len(s.segments) == 1
                     and extract.is_nickname(self.paragraphs[s.first.paragraph], s.first)]
        self.spans = [s for s in spans if s not in nicknames]
        self.narration = _blank_out(self.paragraphs, nicknames)
        self.cast = Cast()
        self.sentences: list[Sentence] = []
        self.tokens: dict[int, list[Token]] = {}  # sentence number -> tokens
        self.quotes_in: dict[int, list[int]] = {}  # sentence number -> span indexes
        self.span_sentence: dict[int, int] = {}  # span index -> sentence of its first segment
        self.span_last_sentence: dict[int, int] = {}
        self.names_in: dict[int, list[Mention]] = {}
        self.org_mentions: list[tuple[tuple[int, int], str]] = []  # organisations named anywhere
        self.attributions: dict[int, Attribution] = {}
        self.dates_by_person: dict[str, dt.date] = {}
        self._split()
        self._collect_names()

    # pass 0: sentences and tokens
    def _split(self) -> None:
        by_paragraph: dict[int, list[tuple[int, Segment]]] = {}
        for span_index, span in enumerate(self.spans):
            for seg in span.segments:
                by_paragraph.setdefault(seg.paragraph, []).append((span_index, seg))
        for p, paragraph in enumerate(self.paragraphs):
            segs = by_paragraph.get(p, [])
            for sentence in extract.split_sentences(paragraph, p, [s for _, s in segs]):
                n = len(self.sentences)
                self.sentences.append(sentence)
                inside = [(i, s) for i, s in segs if sentence.start <= s.start < sentence.end + 1]
                self.tokens[n] = sentence_tokens(self.narration[p], sentence, inside)
                self.quotes_in[n] = []
                for i, seg in inside:
                    if seg is self.spans[i].first:
                        self.span_sentence[i] = n
                        self.quotes_in[n].append(i)
                    if seg is self.spans[i].last:
                        self.span_last_sentence[i] = n

    # pass 1: every name in the article
    def _collect_names(self) -> None:
        read: dict[tuple[str, ...], Mention | None] = {}  # the same name recurs: read it once
        for n, tokens in self.tokens.items():
            mentions = []
            index_of = {t.start: i for i, t in enumerate(tokens)}
            has_cue = any(_is_cue(tokens, i) and not _is_participle(tokens[i])
                          for i, t in enumerate(tokens) if t.lower in CUE_WORDS)
            subject = _sentence_subject(tokens) if has_cue else []
            for run in _capitalised_runs(tokens):
                # "Mayor Ilse Varga's budget" names Ilse Varga.
                last = run[-1]
                run = run[:-1] + [Token(_strip_possessive(last.text)[0], last.start, last.end)]
                key = tuple(t.text for t in run)
                if key not in read:
                    read[key] = parse_phrase(run)
                mention = replace(read[key]) if read[key] is not None else None
                if mention is not None and mention.kind == "org":
                    name = " ".join(w for w in mention.text.split() if w.lower() not in DETERMINERS)
                    self.org_mentions.append(((self.sentences[n].paragraph, run[0].start), name))
                if mention is None or mention.kind != "name":
                    continue
                mention.position = (self.sentences[n].paragraph, run[0].start)
                # A name that is the subject of a sentence of speech is a person's
                # ("Sam Ortiz, a volunteer firefighter, said crews ...").
                is_subject = bool(subject) and subject[0].start <= run[0].start <= subject[-1].start
                first = index_of[run[0].start]
                mention.speaking = _next_to_cue(tokens, run, first) or (
                    is_subject and has_cue and len(mention.name.split()) > 1)
                mention.gender = mention.gender or _gender_from_context(tokens, first, mention)
                if is_subject and any(t.lower in ("they/them", "they/their") for t in tokens):
                    mention.gender = "p"  # "who uses they/them pronouns"
                mentions.append(mention)
            self.names_in[n] = mentions
        # Register full forms first so a surname seen early still finds its full name.
        for mentions in self.names_in.values():
            for mention in mentions:
                if len(mention.name.split()) > 1 or mention.role:
                    person = self.cast.person(mention.name, mention.gender)
                    person.speaker_like = person.speaker_like or mention.looks_like_person
                    person.titled = person.titled or bool(mention.role)
                    person.gender = person.gender or mention.gender

    # pass 2
    def attribute_all(self) -> list[Attribution]:
        for n in range(len(self.sentences)):
            self._note_names(n)
            for span_index in self.quotes_in[n]:
                self.attributions[span_index] = self._attribute(span_index, n)
        return [self.attributions[i] for i in range(len(self.spans))]

    def _note_names(self, n: int) -> None:
        first = True
        for mention in self.names_in[n]:
            known = self.cast.people.get(self.cast.canonical(mention.name))
            if mention.looks_like_person or (known is not None and known.speaker_like):
                self.cast.add_name(mention, subject=first)
                first = False
        tokens = self.tokens[n]
        opener = next((t for t in tokens if t.text not in PUNCTUATION), None)
        # Only a sentence opening on "The ..." (or after an introduction) can have a description as subject.
        maybe = opener is not None and (opener.lower in DETERMINERS or _opens_introduction(tokens))
        subject = _sentence_subject(tokens) if maybe else []
        described = parse_phrase(subject) if subject else None
        if described is not None and described.kind == "description":
            position = (self.sentences[n].paragraph, subject[0].start)
            person = self.cast.resolve_description(described.role, position, [])
            if person is not None:
                self.cast.note_speaker(person, position)
        day = resolve_day(self._narration(n), self.article.published, news_days_only=True)
        if day:
            for mention in self.names_in[n]:
                self.dates_by_person[self.cast.canonical(mention.name)] = day

    def _narration(self, n: int) -> str:
        """Return a sentence without its quotations: "tonight" inside a quote dates nothing."""
        return " ".join(t.text for t in self.tokens[n] if not t.is_quote)

    def _attribute(self, span_index: int, n: int) -> Attribution:
        tokens = self.tokens[n]
        qi = next(i for i, t in enumerate(tokens) if t.quote == span_index)
        last_n = self.span_last_sentence.get(span_index, n)
        found = None
        if last_n != n:  # a quotation over paragraphs is attributed after its last part
            last_tokens = self.tokens[last_n]
            last_qi = next((i for i, t in enumerate(last_tokens) if t.quote == span_index), None)
            if last_qi is not None:
                found = self._after(last_tokens, last_qi, last_n)
        found = found or self._after(tokens, qi, n) or self._before(tokens, qi, n) \
            or self._elsewhere(tokens, qi, n) or self._colon_or_label(tokens, qi, n) \
            or self._from_context(span_index, tokens, qi, n)
        attribution = found or Attribution(evidence=self.sentences[n])
        self._resolve(attribution, n)
        return attribution

    # rule 1: "...," NP said / "...," said NP / "...," according to NP
    def _after(self, tokens, qi, n) -> Attribution | None:
        i = qi + 1
        while i < len(tokens) and tokens[i].text in ",—–":
            i += 1
        if i == qi + 1 and not self._ends_in_punctuation(tokens[qi]):
            return None  # 'she would "absolutely" call the chief': the quote runs on in the sentence
        if i >= len(tokens) or tokens[i].is_quote:
            return None
        if _according_to(tokens, i):
            return self._found(_phrase_forward(tokens, i + 2), "according to", "adjacent", n)
        if _is_cue(tokens, i) and not _is_participle(tokens[i]):
            phrase = _appositive_name_after(tokens, _phrase_forward(tokens, i + 1))
            return self._found(phrase, tokens[i].text, "adjacent", n)
        j = i
        while j < len(tokens) and j - i <= 8 and not _is_cue(tokens, j) and tokens[j].text not in ",;:()" \
                and not tokens[j].is_quote:
            j += 1
        k = j
        while j < len(tokens) and tokens[j].lower in ADVERBS:
            j += 1
        if j < len(tokens) and j > i and _is_cue(tokens, j) and not _is_participle(tokens[j]):
            phrase = [t for t in tokens[i:k] if t.lower not in ADVERBS]
            return self._found(phrase, tokens[j].text, "adjacent", n)
        return None

    # rule 2: NP said: "..." / NP said that "..." / saying, "..."
    def _before(self, tokens, qi, n) -> Attribution | None:
        j = qi - 1
        while j >= 0 and (tokens[j].text in ",:—–" or tokens[j].lower == "that"):
            j -= 1
        if j < 0:
            return None
        if _is_cue(tokens, j):
            return self._cue_subject(tokens, j, qi, n, "adjacent")
        return None

    # rule 3: the nearest cue elsewhere in the sentence
    def _elsewhere(self, tokens, qi, n) -> Attribution | None:
        for j in range(qi - 1, -1, -1):
            if _according_to(tokens, j):
                return self._found(_phrase_forward(tokens, j + 2), "according to", "sentence", n)
            if _is_cue(tokens, j):
                return self._cue_subject(tokens, j, qi, n, "sentence")
        for j in range(qi + 1, len(tokens)):
            if _according_to(tokens, j):
                return self._found(_phrase_forward(tokens, j + 2), "according to", "sentence", n)
            if _is_cue(tokens, j) and not _is_participle(tokens[j]):
                phrase = _phrase_backward(tokens, j)
                if phrase and not any(t.is_quote for t in phrase):
                    return self._found(phrase, tokens[j].text, "sentence", n)
                return self._found(_phrase_forward(tokens, j + 1), tokens[j].text, "sentence", n)
        return None

    def _ends_in_punctuation(self, quote_token: Token) -> bool:
        segment = self.spans[quote_token.quote].last
        inner = self.paragraphs[segment.paragraph][segment.start:segment.end].rstrip()
        return inner.endswith((",", ".", "?", "!", "…", "—", "-"))

    def _cue_subject(self, tokens, j, qi, n, rule) -> Attribution | None:
        earlier = [i for i in self.quotes_in[n] if i in self.attributions and self.attributions[i].mention
                   and self.attributions[i].evidence is self.sentences[n]]
        if earlier and not _is_participle(tokens[j]) and not _phrase_backward(tokens, j):
            # '"A," said Dana Cole, CEO of Brightwater Inc. "B."': B is Cole's too.
            done = self.attributions[earlier[-1]]
            return Attribution(done.mention, done.cue, "continuation", self.sentences[n],
                               person=done.person, co_speakers=list(done.co_speakers))
        if _is_participle(tokens[j]):
            # "..., Rutte said, adding: ..." / "Macron expressed concern, saying, ...":
            # the participle's subject is the sentence's speaker.
            for other in self.quotes_in[n]:
                done = self.attributions.get(other)
                if done and done.mention and done.evidence is self.sentences[n]:
                    return Attribution(done.mention, tokens[j].text, rule, self.sentences[n],
                                       person=done.person, co_speakers=list(done.co_speakers))
            # "..., the wildfire service said in its update, calling the fire "...""
            for k in range(j - 1, -1, -1):
                if _is_cue(tokens, k) and not _is_participle(tokens[k]) and not tokens[k].is_quote:
                    found = self._found(_phrase_backward(tokens, k), tokens[j].text, rule, n)
                    if found:
                        return found
                    break
            return self._found(_sentence_subject(tokens), tokens[j].text, rule, n)
        # A subject too far from its cue ("Harlan, the nominee for governor in the state
        # where ..., accused") is still the sentence's subject.
        return self._found(_phrase_backward(tokens, j) or _sentence_subject(tokens[:j]), tokens[j].text, rule, n) \
            or Attribution(None, tokens[j].text, rule, self.sentences[n])  # said, by someone unnamed

    # rules 4 and 5: Subject verb-phrase: "..." / LABEL: "..."
    def _colon_or_label(self, tokens, qi, n) -> Attribution | None:
        if qi > 0 and tokens[qi - 1].text == ":":
            subject = _sentence_subject(tokens[: qi - 1])
            rule = "label" if len(tokens[: qi - 1]) == len(subject or []) else "colon"
            return self._found(subject, None, rule, n)
        return None

    # rule 6: context
    def _from_context(self, span_index, tokens, qi, n) -> Attribution | None:
        sentence = self.sentences[n]
        earlier_here = [i for i in self.attributions if self.span_sentence[i] < n
                        and self.sentences[self.span_sentence[i]].paragraph == sentence.paragraph
                        and self.attributions[i].mention]
        earlier_here += [i for i in self.quotes_in[n] if i < span_index and i in self.attributions
                         and self.attributions[i].mention]
        if earlier_here:
            previous = self.attributions[max(earlier_here)]
            return Attribution(previous.mention, previous.cue, "continuation", previous.evidence,
                               previous.person, co_speakers=list(previous.co_speakers))
        only_quotes = all(t.is_quote or t.text in ",;:()—–" for t in tokens)
        first_sentence = n == 0 or self.sentences[n - 1].paragraph != sentence.paragraph
        if only_quotes and first_sentence and sentence.paragraph > 0:
            previous = [i for i in self.attributions
                        if self.sentences[self.span_sentence[i]].paragraph == sentence.paragraph - 1]
            if previous and self.attributions[max(previous)].mention:
                prev = self.attributions[max(previous)]
                return Attribution(prev.mention, prev.cue, "continuation", prev.evidence, prev.person,
                                   co_speakers=list(prev.co_speakers))
        if n > 0 and (not first_sentence or only_quotes):
            # "Bell was blunt. "We're done."", also across a paragraph break when the
            # quote stands alone and the sentence before names its subject.
            previous_sentence = self.tokens[n - 1]
            if any(t.is_quote for t in previous_sentence):
                return None
            subject = _sentence_subject(previous_sentence)
            mention = parse_phrase(subject) if subject else None
            if mention and mention.kind in ("name", "pronoun"):
                return self._found(subject, None, "neighbour", n - 1)
        return None

    def _found(self, phrase, cue, rule, n) -> Attribution | None:
        if not phrase:
            return None
        if rule == "label":
            # Transcript labels are often in capitals ("BELL:"); names are matched in title case.
            phrase = [Token(t.text.title() if t.text.isupper() and len(t.text) > 1 else t.text,
                            t.start, t.end) for t in phrase]
        tokens = self.tokens.get(n, [])
        first, partner = _conjuncts(tokens, phrase)
        mention = parse_phrase(first)
        if mention is None:
            return None
        mention.position = (self.sentences[n].paragraph, first[0].start)
        if mention.kind == "name" and not mention.role:
            mention.role = _apposition(tokens, first[-1])
        partners = []
        if partner:
            other = parse_phrase(partner)
            if other is not None and other.kind in ("name", "pronoun", "description"):
                other.position = (self.sentences[n].paragraph, partner[0].start)
                partners.append(other)
        return Attribution(mention, cue, rule, self.sentences[n], partners=partners)

    # resolution
    def _resolve(self, attribution: Attribution, n: int) -> None:
        mention = attribution.mention
        attribution.confidence = CONFIDENCE[attribution.rule]
        if attribution.person is not None:  # continuation: the same speaker as before
            self._set_person(attribution, attribution.person)
            return
        if mention is None:
            return
        person = None
        if mention.kind == "name":
            person = self.cast.add_name(mention, subject=True)
        elif mention.kind == "pronoun":
            attribution.confidence -= PRONOUN_PENALTY
            if mention.gender in ("m", "f", None):
                person = self.cast.resolve_pronoun(mention.gender, mention.position)
                if person and mention.gender and not person.gender:
                    person.gender = mention.gender
            elif mention.gender == "p":
                # "they": an organisation or group that spoke, or a person who goes by "they".
                person = self.cast.resolve_pronoun(None, mention.position, unknown_gender_only=True)
                org = self._recent_org(mention.position)
                if org and (person is None or self._org_position(org) > self._last_seen(person)):
                    attribution.speaker, person = org, None
            elif mention.gender == "n":
                attribution.speaker = self._recent_org(mention.position)
        elif mention.kind == "description":
            attribution.confidence -= DESCRIPTION_PENALTY
            after = [self.names_in.get(k, []) for k in range(n, min(n + 3, len(self.sentences)))]
            person = self.cast.resolve_description(mention.role, mention.position, after)
            if person and not person.has_role(mention.role):
                person.roles.append(mention.role)
        elif mention.kind == "org":
            attribution.speaker = self._org_name(mention)
            if attribution.speaker:
                self.cast.orgs.append((mention.position, attribution.speaker))
        elif mention.kind == "unnamed":
            attribution.role = mention.role
        if person is not None:
            self.cast.note_speaker(person, mention.position)
            self._set_person(attribution, person)
        for partner in attribution.partners:
            name = self._resolve_partner(partner, n)
            if name and name != attribution.speaker and name not in attribution.co_speakers:
                attribution.co_speakers.append(name)

    def _resolve_partner(self, mention: Mention, n: int) -> str | None:
        """Return the canonical name of a joint speaker ("Rutte" in "He and Rutte condemned")."""
        if mention.kind == "name":
            return self.cast.canonical(self.cast.add_name(mention, subject=False).name)
        if mention.kind == "pronoun" and mention.gender in ("m", "f"):
            person = self.cast.resolve_pronoun(mention.gender, mention.position)
        elif mention.kind == "description":
            person = self.cast.resolve_description(mention.role, mention.position, [])
        else:
            person = None
        return self.cast.canonical(person.name) if person else None

    def _set_person(self, attribution: Attribution, person: Person) -> None:
        attribution.person = person
        attribution.speaker = self.cast.canonical(person.name)
        attribution.role = person.role

    def _org_name(self, mention: Mention) -> str | None:
        """Return an organisation speaker's name; a bare "the company" is the one named before."""
        words = mention.text.split()
        if words and words[0].lower() in DETERMINERS:
            words = words[1:]
        if len(words) == 1 and words[0].islower() and mention.head in ORG_DESCRIPTION_HEADS:
            return self._antecedent_org(mention.head, mention.position)
        return " ".join(words)

    def _antecedent_org(self, head: str, position) -> str | None:
        """Return the organisation a description ("the company", "the ministry") stands for, or None."""
        earlier = [name for pos, name in sorted(self.org_mentions + self.cast.orgs) if pos < position
                   and name[:1].isupper()]
        for name in reversed(earlier):  # "the ministry" after "the Finance Ministry"
            if _norm_role_word(name.split()[-1]) == head:
                return name
        if head in ("company", "firm", "corporation", "business", "retailer", "maker", "manufacturer",
                    "carrier", "airline", "insurer", "lender", "developer", "operator", "provider", "chain"):
            for name in reversed(earlier):
                if _norm_role_word(name.split()[-1]) in COMPANY_NAME_HEADS:
                    return name
            return None
        return earlier[-1] if earlier else None

    def _org_position(self, org: str) -> tuple[int, int]:
        return max((pos for pos, name in self.cast.orgs if name == org), default=(-1, -1))

    def _last_seen(self, person: Person) -> tuple[int, int]:
        return max((s.position for s in self.cast.seen if s.person is person), default=(-1, -1))

    def _recent_org(self, position) -> str | None:
        earlier = [org for pos, org in self.cast.orgs if pos < position]
        return earlier[-1] if earlier else None

    # output
    def quotes(self) -> list[Quote]:
        attributions = self.attribute_all()
        quotes: list[Quote] = []
        kept: dict[int, Quote] = {}  # span index -> the quote made from it
        for span_index, (span, attribution) in enumerate(zip(self.spans, attributions)):
            text = span.text(self.paragraphs)
            first = span.first
            paragraph = self.paragraphs[first.paragraph]
            if not re.search(r"\w", text) or extract.is_named_thing(paragraph, first, text) \
                    or extract.is_scare_quote(paragraph, first, text):
                continue
            if span_index - 1 in kept and self._continues(span_index - 1, span_index):
                # "The reserve exists for emergencies," Holm said, "and a sea wall ...": one quote.
                quote = kept[span_index - 1]
                quote.text = f"{quote.text}, {text}"
                quote.end = first.end
                kept[span_index] = quote
                continue
            fragment = extract.is_fragment(paragraph, first, text)
            if fragment and attribution.cue is None and attribution.rule not in ("colon", "label"):
                continue  # a scare quote: no one is said to have said it
            evidence = attribution.evidence or self.sentences[self.span_sentence[span_index]]
            kept[span_index] = self._quote(len(quotes), span, text, attribution, evidence, fragment)
            quotes.append(kept[span_index])
        quotes += self._transcript_quotes()
        # Quotes are numbered in reading order, transcript answers included.
        quotes.sort(key=lambda q: (q.paragraph, q.start))
        for number, quote in enumerate(quotes):
            quote.id = f"{self.article.id}-{number}"
        return quotes

    def _transcript_quotes(self) -> list[Quote]:
        """Return a transcript's answers as quotes of the speaker each label names."""
        turns = extract.find_turns(self.paragraphs)
        if not turns:
            return []
        intro = [n for n, s in enumerate(self.sentences) if s.paragraph < min(t.paragraph for t in turns)]
        spoken = next((d for d in (resolve_day(self._narration(n), self.article.published, news_days_only=True)
                                   for n in intro) if d), None)
        quotes = []
        for turn in turns:
            paragraph = self.paragraphs[turn.paragraph]
            person = self._guest(intro) if turn.label == "A" else self._labelled_person(turn)
            quotes.append(Quote(
                id="", text=extract.turn_text(paragraph, turn),
                speaker=self.cast.canonical(person.name) if person else None,
                role=person.role if person else None,
                speaker_mention=turn.label, cue="transcript",
                confidence=CONFIDENCE["label"] if person else CONFIDENCE["none"],
                evidence=paragraph[:turn.start].strip(), context=paragraph, kind="full",
                spoken=spoken, article_id=self.article.id, source=self.article.source,
                title=self.article.title, outlet=self.article.outlet, url=self.article.url,
                published=self.article.published, paragraph=turn.paragraph, start=turn.start, end=turn.end,
            ))
        return quotes

    def _labelled_person(self, turn) -> Person | None:
        """Return the person a label names ("SEN. MARIA OKAFOR", "OKAFOR", "LEILA MARTIN, HOST")."""
        name_part = turn.label.split(",")[0]
        words = [w.title() if w.isupper() and len(w) > 1 else w for w in name_part.split()]
        tokens = [Token(w, 0, len(w)) for w in words]
        mention = parse_phrase(tokens)
        if mention is None or mention.kind != "name":
            return None
        mention.position = (turn.paragraph, 0)
        return self.cast.add_name(mention, subject=True)

    def _guest(self, intro: list[int]) -> Person | None:
        """Return who answers "A:": the first person the introduction names who is not the host."""
        for n in intro:
            for mention in self.names_in.get(n, []):
                person = self.cast.person(mention.name)
                if not any("host" in role.lower() for role in person.roles) and \
                        not (mention.role and "host" in mention.role.lower()):
                    return person
        return None

    def _continues(self, before: int, after: int) -> bool:
        """Tell whether a quotation goes on after its attribution in the middle of a sentence."""
        a, b = self.spans[before], self.spans[after]
        if len(a.segments) > 1 or len(b.segments) > 1 or a.first.paragraph != b.first.paragraph:
            return False
        paragraph = self.paragraphs[a.first.paragraph]
        between = paragraph[a.first.end + 1:b.first.start - 1]
        return (paragraph[a.first.start:a.first.end].rstrip().endswith(",")
                and paragraph[b.first.start:b.first.end].lstrip()[:1].islower()
                and not re.search(r"[.!?;]", between)
                and between.rstrip().endswith(","))

    def _quote(self, number, span, text, attribution, evidence, fragment) -> Quote:
        article = self.article
        first = span.first
        own = self.span_sentence[self.spans.index(span)]
        spoken = resolve_day(self._narration(own), article.published)
        if spoken is None and attribution.evidence is not None:
            spoken = resolve_day(self._narration(self.sentences.index(evidence)), article.published)
        if spoken is None and attribution.speaker:
            spoken = self.dates_by_person.get(attribution.speaker)
        return Quote(
            id=f"{article.id}-{number}",
            text=text,
            speaker=attribution.speaker,
            role=attribution.role,
            co_speakers=list(attribution.co_speakers) if attribution.speaker else [],
            speaker_mention=attribution.mention.text if attribution.mention else None,
            cue=attribution.cue,
            confidence=round(max(attribution.confidence, 0.0), 2) if attribution.speaker
            else CONFIDENCE["none"],
            evidence=self.paragraphs[evidence.paragraph][evidence.start:evidence.end].strip(),
            context=self.paragraphs[first.paragraph],
            kind="fragment" if fragment else "full",
            spoken=spoken,
            article_id=article.id,
            source=article.source,
            title=article.title,
            outlet=article.outlet,
            url=article.url,
            published=article.published,
            paragraph=first.paragraph,
            start=first.start,
            end=span.last.end if span.last is first else first.end,
        )


def _capitalised_runs(tokens: list[Token]) -> list[list[Token]]:
    """Return the runs of capitalised words (names with their titles) outside quotations."""
    runs, current = [], []
    for i, token in enumerate(tokens):
        joins = token.capitalised and not token.is_quote and token.text != "QUOTE"
        particle = (token.lower in NAME_PARTICLES and current and i + 1 < len(tokens)
                    and tokens[i + 1].capitalised)
        if joins or particle:
            current.append(token)
            if _strip_possessive(token.text)[1]:
                runs.append(current)
                current = []
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _conjuncts(tokens: list[Token], phrase: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split a joint subject: "He and Rutte" gives (He, Rutte); the first one leads.

    The phrase found may be either conjunct: a forward reading stops before
    "and", a backward one starts after it.
    """
    at = {t.start: i for i, t in enumerate(tokens)}
    first_i, last_i = at.get(phrase[0].start), at.get(phrase[-1].start)
    if first_i is None or last_i is None:
        return phrase, []
    if last_i + 2 < len(tokens) and tokens[last_i + 1].lower == "and":
        partner = _phrase_forward(tokens, last_i + 2)
        if partner and (partner[0].capitalised or partner[0].lower in PRONOUNS):
            return phrase, partner
    if first_i >= 2 and tokens[first_i - 1].lower == "and":
        leader = _phrase_backward(tokens, first_i - 1)
        if leader and (leader[-1].capitalised or leader[-1].lower in PRONOUNS):
            return leader, phrase
    return phrase, []


def _blank_out(paragraphs: list[str], spans: list[Span]) -> list[str]:
    """Return the paragraphs with the given quotations (marks included) replaced by spaces."""
    result = list(paragraphs)
    for span in spans:
        seg = span.first
        text = result[seg.paragraph]
        start, end = max(seg.start - 1, 0), min(seg.end + 1, len(text))
        result[seg.paragraph] = text[:start] + " " * (end - start) + text[end:]
    return result


def _apposition(tokens: list[Token], last: Token) -> str | None:
    """Return the role set off after a name ("Jane Doe, a spokeswoman for the city,")."""
    at = next((i for i, t in enumerate(tokens) if t.start == last.start), None)
    if at is None or at + 2 >= len(tokens) or tokens[at + 1].text != ",":
        return None
    words = []
    for token in tokens[at + 2:]:
        if token.is_quote or token.text in PUNCTUATION or _is_cue(tokens, tokens.index(token)):
            break
        words.append(token)
    if not words or words[0].lower not in ("a", "an", "the") or len(words) > 10:
        return None
    if not any(_is_noun_word(t) for t in words):
        return None
    return " ".join(t.text for t in words[1:])


def _gender_from_context(tokens: list[Token], at: int, mention: Mention) -> str | None:
    """Read a gender from the words around a name: "His wife, Corinne Harlan", "spokeswoman Nora Lind"."""
    words = [w.lower().rstrip(".") for w in (mention.role or "").split()]
    if at >= 2 and tokens[at - 1].text == ",":
        words.append(_strip_possessive(tokens[at - 2].lower)[0])
    elif at >= 1:
        words.append(tokens[at - 1].lower)
    return next((GENDERED_NOUNS[w] for w in reversed(words) if w in GENDERED_NOUNS), None)


def _next_to_cue(tokens: list[Token], run: list[Token], first: int) -> bool:
    """Tell whether a run of words (starting at token ``first``) stands right before or after a speech cue."""
    last = first + len(run) - 1
    after = last + 1
    while after < len(tokens) and tokens[after].lower in ADVERBS:
        after += 1
    return (after < len(tokens) and _is_cue(tokens, after)) or (
        first > 0 and _is_cue(tokens, first - 1) and tokens[first - 1].lower not in ADDRESSEE_VERBS)


def _phrase_backward(tokens: list[Token], cue: int) -> list[Token]:
    """Return the subject phrase ending just before the cue at ``cue``."""
    j = _skip_back_to_subject(tokens, cue - 1)
    if j < 0 or tokens[j].is_quote or tokens[j].text in PUNCTUATION:
        return []
    if tokens[j].lower in PRONOUNS:
        return [tokens[j]]
    start = _noun_phrase_start(tokens, j)
    if start is None:
        return []
    # "a spokesperson for the ministry said": the phrase goes back over "for/of/at".
    if start >= 2 and tokens[start - 1].lower in PREPOSITIONS:
        before = _noun_phrase_start(tokens, start - 2)
        if before is not None and _is_noun_word(tokens[start - 2]):
            start = before
    # "Harlan, the Republican nominee, wrote": a description set off after a name is its apposition.
    if not tokens[j].capitalised and start >= 2 and tokens[start - 1].text == "," \
            and tokens[start - 2].capitalised and not tokens[start - 2].is_quote:
        name_start = _noun_phrase_start(tokens, start - 2)
        if name_start is not None and (name_start == 0 or tokens[name_start - 1].text in PUNCTUATION
                                       or _opens_introduction(tokens)):
            return tokens[name_start:start - 1]
    return tokens[start:j + 1]


def _skip_relative_pronoun(tokens: list[Token], j: int) -> int:
    """Step from "which"/"who" back to what it stands for ("the Sheriff's Office, which tweeted")."""
    if j >= 2 and tokens[j].lower in ("which", "who", "that") and tokens[j - 1].text == ",":
        return j - 2
    return j


def _skip_back_to_subject(tokens: list[Token], j: int) -> int:
    """Step back over adverbs ("also", "Tuesday") and parentheticals (", for his part,").

    An appositive name is the subject itself: in "the institute's director,
    Simone Achebe, cautioned" the phrase returned ends at "Achebe".
    """
    while j >= 0 and tokens[j].lower in SKIPPABLE_BEFORE_CUE:
        j -= 1
    j = _skip_relative_pronoun(tokens, j)
    for _ in range(3):  # "Harlan, the nominee, watching from Ashby, wrote"
        if not (j >= 1 and tokens[j].text == ","):
            break
        k = j - 1
        while k >= 0 and tokens[k].text != "," and not tokens[k].is_quote and j - k <= 10:
            k -= 1
        inside = tokens[k + 1:j]
        if not (k >= 1 and tokens[k].text == ",") or any(
                _is_cue(tokens, x) and not _is_participle(tokens[x]) for x in range(k + 1, j)):
            break  # (a participle is part of the aside: ", responding to Bell,")
        starts_named = inside and (inside[0].capitalised or (
            len(inside) > 1 and inside[0].lower in DETERMINERS and inside[1].capitalised))
        if starts_named and inside[-1].capitalised and len(inside) <= 6:
            named = parse_phrase(inside)
            # ", a Republican," describes; ", Simone Achebe," and ", the Association of ...," name.
            wanted = ("org",) if inside[0].lower in DETERMINERS else ("name", "org")
            if named is not None and named.kind in wanted and inside[0].lower not in ("a", "an"):
                return j - 1  # the appositive name ("..., the Association of Freight Carriers, described")
        j = k - 1
    return j


def _noun_phrase_start(tokens: list[Token], end: int) -> int | None:
    """Return where the noun phrase ending at ``end`` starts, or None if ``end`` ends none.

    A name runs back over capitalised words and name particles; a role or
    organisation noun runs back over its modifiers to a determiner or a
    possessive name ("the city's transport department", "Seoul's foreign ministry").
    """
    if tokens[end].capitalised:
        j = end
        while j - 1 >= 0 and not tokens[j - 1].is_quote and (
                tokens[j - 1].capitalised
                or (tokens[j - 1].lower in NAME_PARTICLES and j >= 2 and tokens[j - 2].capitalised)):
            j -= 1
        if j - 1 >= 0 and tokens[j - 1].lower in DETERMINERS:
            j -= 1
        return j
    if not _is_noun_word(tokens[end]):
        return None
    j = end
    while j - 1 >= 0 and end - j < 5 and not tokens[j - 1].is_quote \
            and tokens[j - 1].text not in PUNCTUATION and not _is_cue(tokens, j - 1) \
            and tokens[j - 1].lower not in PREPOSITIONS:
        j -= 1
        if tokens[j].lower in DETERMINERS or (_strip_possessive(tokens[j].text)[1] and tokens[j].capitalised):
            break
    return j


def _phrase_forward(tokens: list[Token], i: int) -> list[Token]:
    """Return the phrase that starts at ``i`` ("said Jane Doe", "said the mayor", "Macron added")."""
    while i < len(tokens) and (tokens[i].lower in WEEKDAYS or (
            tokens[i].lower == "on" and i + 1 < len(tokens) and tokens[i + 1].lower in WEEKDAYS)):
        i += 1  # "said Tuesday", "said on Friday"
    phrase: list[Token] = []
    while i < len(tokens) and len(phrase) < 8:
        token = tokens[i]
        if token.is_quote or token.text in PUNCTUATION or _is_cue(tokens, i):
            break
        if not phrase and token.lower in PRONOUNS:
            return [token]
        if not (token.capitalised or _is_noun_word(token) or (not phrase and token.lower in NOUN_DETERMINERS)
                or (phrase and token.lower in NAME_PARTICLES)
                or (len(phrase) == 1 and phrase[0].lower in NOUN_DETERMINERS and token.text.isalpha())
                or _role_noun_ahead(tokens, i)
                or (all(t.text.islower() for t in phrase) and _name_ahead(tokens, i))):
            break
        phrase.append(token)
        i += 1
    return phrase


def _is_noun_word(token: Token) -> bool:
    word = _norm_role_word(_strip_possessive(token.text)[0])
    return word in NOUN_WORDS or word in UNNAMED_GROUPS


def _role_noun_ahead(tokens: list[Token], i: int) -> bool:
    """Tell whether a lower-case word modifies a role or organisation noun close ahead."""
    for token in tokens[i + 1:i + 4]:
        if token.is_quote or token.text in PUNCTUATION or token.capitalised:
            return False
        if _is_noun_word(token):
            return True
    return False


def _appositive_name_after(tokens: list[Token], phrase: list[Token]) -> list[Token]:
    """Return the name set off after a description ("said her neighbour, Frank Dubois, 63"), else the phrase."""
    if not phrase or phrase[-1].capitalised:
        return phrase
    at = next((i for i, t in enumerate(tokens) if t.start == phrase[-1].start), None)
    if at is None or at + 2 >= len(tokens) or tokens[at + 1].text != "," or not tokens[at + 2].capitalised:
        return phrase
    name = _phrase_forward(tokens, at + 2)
    return name if name and all(t.capitalised or t.lower in NAME_PARTICLES for t in name) else phrase


def _name_ahead(tokens: list[Token], i: int) -> bool:
    """Tell whether a lower-case word is a title before a name ("said curator Elin Brask")."""
    if not tokens[i].text.isalpha() or tokens[i].lower in ADVERBS | PRONOUNS.keys():
        return False
    return i + 2 < len(tokens) and tokens[i + 1].capitalised and not tokens[i + 1].is_quote \
        and tokens[i + 2].capitalised and not tokens[i + 2].is_quote


def _opens_introduction(tokens: list[Token]) -> bool:
    """Tell whether a sentence opens with a phrase before its subject ("In April, ...", "Speaking on Friday, ...")."""
    first = tokens[0].lower
    if first in INTRO_WORDS:
        return True
    # A participle clause: "-ing" followed by a lower-case word that is no cue ("Browning said" is a name).
    return (first.endswith("ing") and len(tokens) > 1 and tokens[1].text.islower()
            and not _is_cue(tokens, 1))


def _sentence_subject(tokens: list[Token]) -> list[Token]:
    """Return the sentence's subject: its first phrase after any introductory clause."""
    start = 0
    if tokens and _opens_introduction(tokens):
        comma = next((i for i, t in enumerate(tokens) if t.text == ","), None)
        if comma is None:
            return []
        start = comma + 1
    return _appositive_name_after(tokens, _phrase_forward(tokens, start))


def attribute_article(article: Article, spans: list[Span]) -> list[Quote]:
    """Attribute every span of ``article`` and return the quotations worth keeping."""
    return ArticleReader(article, spans).quotes()
