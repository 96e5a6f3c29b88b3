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
import operator
import re
from dataclasses import dataclass, field

from dateutil import parser as date_parser

from quotearchive import extract
from quotearchive.cast import Cast, Person
from quotearchive.extract import Segment, Sentence, Span
from quotearchive.models import Article, Quote
from quotearchive.phrases import (
    CUE_WORDS, DETERMINERS, PUNCTUATION, Mention, Token, appositive_name_after, conjuncts, apposition,
    capitalised_runs, gender_from_context, is_cue, is_participle, according_to, next_to_cue, norm_role_word,
    opens_introduction, parse_phrase, phrase_backward, phrase_forward, sentence_subject, sentence_tokens,
    strip_possessive,
)
from quotearchive.rules.language import INDEFINITE_WORDS, MONTHS, WEEKDAYS
from quotearchive.rules.speech import ADVERBS
from quotearchive.rules.titles import COMPANY_NAME_HEADS, ORG_DESCRIPTION_HEADS, UNNAMED_GROUPS

# Confidence by the rule that found the speaker: a named speaker next to its cue is
# near-certain; every step of inference (pronoun, description, context) costs some.
CONFIDENCE = {
    "adjacent": 0.95, "sentence": 0.85, "colon": 0.8, "label": 0.9,
    "continuation": 0.75, "neighbour": 0.6, "none": 0.3,
}
PRONOUN_PENALTY = 0.1
DESCRIPTION_PENALTY = 0.15


# --- dates ------------------------------------------------------------------------------------

# Searched in lower-cased text, and with no "\b" in front: a pattern opening on a
# word boundary, or matching case-insensitively, is tried at every character (tens of
# microseconds a sentence); ``find_day`` checks the boundary before a match itself.
DAY_RE = re.compile(
    r"(?:(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:['’]s)?"
    r"|(?P<relative>yesterday|today|tonight|this morning|this afternoon|this evening|last night)"
    r"|(?P<dm>\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:" + "|".join(MONTHS) + r")(?:,? \d{4})?)"
    r"|(?P<md>(?:" + "|".join(MONTHS) + r") \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?))\b"
)


def find_day(text: str) -> re.Match | None:
    """Return the first day phrase of ``text`` standing as whole words (groups lower-cased)."""
    lowered = text.lower()
    pos = 0
    while (m := DAY_RE.search(lowered, pos)) is not None:
        before = lowered[m.start() - 1] if m.start() else " "
        if not (before.isalnum() or before == "_"):  # every branch opens on a word character
            return m
        pos = m.start() + 1
    return None


# Words that name a news day ("Friday's", "yesterday"), for a look at the tokens first.
DAY_WORDS = frozenset([*WEEKDAYS, *(f"{d}'s" for d in WEEKDAYS), *(f"{d}’s" for d in WEEKDAYS),
                       "yesterday", "today", "tonight", "morning", "afternoon", "evening", "night"])
# A cheap first look, as plain substrings of the lower-cased text (a regex alternation
# here cost microseconds a sentence): most sentences name no day at all.
DAY_HINT_WORDS = ("day", "tonight", "this morning", "this afternoon", "this evening", "last night")
DIGIT_RE = re.compile(r"\d")


def _may_name_a_day(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in DAY_HINT_WORDS) or DIGIT_RE.search(text) is not None


def day_phrase(text: str) -> re.Match | None:
    """Return the first day phrase of ``text`` (see ``find_day``), after the cheap look that rules most out."""
    return find_day(text) if _may_name_a_day(text) else None


def day_of_phrase(m: re.Match | None, published: dt.date, news_days_only: bool = False) -> dt.date | None:
    """Return the day a phrase found by ``day_phrase`` ("on Friday") says things happened,
    resolved against publication.

    With ``news_days_only``, only the words that date the news itself (a weekday,
    "yesterday", "today") count, not a calendar date, which may well be history
    ("appointed on 3 March 2019").
    """
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


_LOWER = operator.attrgetter("lower")  # a token's lower-cased text


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

    def again(self, cue: str | None, rule: str, evidence: Sentence | None) -> "Attribution":
        """Return this speaker attributed to another quotation (a continuation, a participle)."""
        return Attribution(self.mention, cue, rule, evidence, person=self.person,
                           co_speakers=list(self.co_speakers))


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
        self.sentence_number: dict[int, int] = {}  # id(sentence) -> its index, for evidence
        self.subjects: dict[int, list] = {}  # sentence index -> its subject phrase
        self.tokens: dict[int, list[Token]] = {}  # sentence number -> tokens
        self.quotes_in: dict[int, list[int]] = {}  # sentence number -> span indexes
        self.span_sentence: dict[int, int] = {}  # span index -> sentence of its first segment
        self.span_last_sentence: dict[int, int] = {}
        self.names_in: dict[int, list[Mention]] = {}
        self.org_mentions: list[tuple[tuple[int, int], str]] = []  # organisations named anywhere
        self.attributions: dict[int, Attribution] = {}
        self.dates_by_person: dict[str, dt.date] = {}
        self.days: dict[tuple[int, bool], dt.date | None] = {}  # (sentence, news days only) -> its day
        self.day_phrases: dict[int, re.Match | None] = {}  # sentence -> the day phrase it holds, if any
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
                self.sentence_number[id(sentence)] = n
                inside = [(i, s) for i, s in segs if sentence.start <= s.start < sentence.end + 1] if segs else segs
                self.tokens[n] = tokens = sentence_tokens(self.narration[p], sentence, inside)
                self.quotes_in[n] = []
                for i, seg in inside:
                    if seg is self.spans[i].first:
                        self.span_sentence[i] = n
                        self.quotes_in[n].append(i)
                    if seg is self.spans[i].last:
                        self.span_last_sentence[i] = n

    # pass 1: every name in the article
    def _collect_names(self) -> None:
        for n, tokens in self.tokens.items():
            mentions = []
            runs = capitalised_runs(tokens)
            if not runs:
                self.names_in[n] = mentions
                continue
            # Most sentences hold no cue word, which isdisjoint tells in C, stopping at the
            # first one found (a set of each sentence's words cost more to build than this).
            has_cue = not CUE_WORDS.isdisjoint(map(_LOWER, tokens)) and any(
                is_cue(tokens, i) and not is_participle(tokens[i]) for i, t in enumerate(tokens) if t.lower in CUE_WORDS)
            subject = self._subject(n) if has_cue else []
            for first, run in runs:
                # "Mayor Ilse Varga's budget" names Ilse Varga.
                last = run[-1]
                bare, possessive = strip_possessive(last.text)
                if possessive:
                    run = run[:-1] + [Token(bare, last.start, last.end)]
                mention = parse_phrase(run)  # a fresh copy: parse_phrase reads each phrase once
                if mention is not None and mention.kind == "org":
                    name = " ".join(w for w in mention.text.split() if w.lower() not in DETERMINERS)
                    self.org_mentions.append(((self.sentences[n].paragraph, run[0].start), name))
                if mention is None or mention.kind != "name":
                    continue
                mention.position = (self.sentences[n].paragraph, run[0].start)
                # A name that is the subject of a sentence of speech is a person's
                # ("Sam Ortiz, a volunteer firefighter, said crews ...").
                is_subject = bool(subject) and subject[0].start <= run[0].start <= subject[-1].start
                mention.speaking = next_to_cue(tokens, run, first) or (
                    is_subject and has_cue and len(mention.name.split()) > 1)
                mention.gender = mention.gender or gender_from_context(tokens, first, mention)
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
        tokens = self.tokens[n]
        # The subject is the first person named after any introduction: in "Asked why he
        # left closer Marcus Tate in, he said ...", Tate is no subject.
        subject_from = 0
        introduced = bool(tokens) and opens_introduction(tokens)
        if introduced:
            comma = next((t for t in tokens if t.text == ","), None)
            subject_from = comma.end if comma else 0
        first = True
        for mention in self.names_in[n]:
            if mention.looks_like_person or self._known_speaker(mention.name):
                is_subject = first and mention.position[1] >= subject_from
                self.cast.add_name(mention, subject=is_subject)
                first = first and not is_subject
        opener = next((t for t in tokens if t.text not in PUNCTUATION), None)
        # Only a sentence opening on "The ..."/"One ..." (or after an introduction) can have a
        # description as its subject.
        maybe = opener is not None and (opener.lower in DETERMINERS or opener.lower in INDEFINITE_WORDS
                                        or introduced)
        subject = self._subject(n) if maybe else []
        described = parse_phrase(subject) if subject else None
        if described is not None and described.kind == "description":
            position = (self.sentences[n].paragraph, subject[0].start)
            person = self.cast.resolve_description(described.role, position, [])
            if person is not None:
                self.cast.note_speaker(person, position)
        elif described is not None and described.kind == "unnamed" and described.head not in UNNAMED_GROUPS:
            # "One resident ... was not convinced. "...," she said.": she is that resident,
            # who has no name, so the quote gets no speaker rather than someone else's.
            position = (self.sentences[n].paragraph, subject[0].start)
            self.cast.note_speaker(Person("", roles=[described.role], gender=described.gender), position)
        # (A quotation's token is no day word: "quote".) The day dates the names of the
        # sentence, so a sentence naming no one is not read for it.
        day = self._day(n, news_days_only=True) \
            if self.names_in[n] and not DAY_WORDS.isdisjoint(map(_LOWER, tokens)) else None
        if day:
            for mention in self.names_in[n]:
                self.dates_by_person[self.cast.canonical(mention.name)] = day

    def _known_speaker(self, name: str) -> bool:
        """Tell whether a name is that of someone seen titled, gendered or speaking elsewhere in the article."""
        known = self.cast.people.get(self.cast.canonical(name))
        return known is not None and known.speaker_like

    def _subject(self, n: int) -> list:
        """Return sentence ``n``'s subject phrase, read once (several passes ask for it)."""
        if n not in self.subjects:
            self.subjects[n] = sentence_subject(self.tokens[n])
        return self.subjects[n]

    def _narration(self, n: int) -> str:
        """Return a sentence without its quotations: "tonight" inside a quote dates nothing."""
        return " ".join(t.text for t in self.tokens[n] if not t.is_quote)

    def _day(self, n: int, news_days_only: bool = False) -> dt.date | None:
        """Return the day sentence ``n`` says things happened, read once (each quote of it asks)."""
        published = self.article.published
        if published is None:
            return None  # no day to count from: the sentence need not be read at all
        key = (n, news_days_only)
        if key not in self.days:
            # Both questions (news days only or any day) read the same phrase: it is found once.
            if n not in self.day_phrases:
                self.day_phrases[n] = day_phrase(self._narration(n))
            self.days[key] = day_of_phrase(self.day_phrases[n], published, news_days_only)
        return self.days[key]

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
        if according_to(tokens, i):
            return self._found(phrase_forward(tokens, i + 2), "according to", "adjacent", n)
        if is_cue(tokens, i) and not is_participle(tokens[i]):
            phrase = appositive_name_after(tokens, phrase_forward(tokens, i + 1))
            return self._found(phrase, tokens[i].text, "adjacent", n)
        j = i
        while j < len(tokens) and j - i <= 8 and not is_cue(tokens, j) and tokens[j].text not in ",;:()" \
                and not tokens[j].is_quote:
            j += 1
        k = j
        while j < len(tokens) and tokens[j].lower in ADVERBS:
            j += 1
        if j < len(tokens) and j > i and is_cue(tokens, j) and not is_participle(tokens[j]):
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
        if is_cue(tokens, j):
            return self._cue_subject(tokens, j, qi, n, "adjacent")
        return None

    # rule 3: the nearest cue elsewhere in the sentence
    def _elsewhere(self, tokens, qi, n) -> Attribution | None:
        for j in range(qi - 1, -1, -1):
            if according_to(tokens, j):
                return self._found(phrase_forward(tokens, j + 2), "according to", "sentence", n)
            if is_cue(tokens, j):
                return self._cue_subject(tokens, j, qi, n, "sentence")
        for j in range(qi + 1, len(tokens)):
            if according_to(tokens, j):
                return self._found(phrase_forward(tokens, j + 2), "according to", "sentence", n)
            if is_cue(tokens, j) and not is_participle(tokens[j]):
                phrase = phrase_backward(tokens, j)
                if phrase and not any(t.is_quote for t in phrase):
                    return self._found(phrase, tokens[j].text, "sentence", n)
                return self._found(phrase_forward(tokens, j + 1), tokens[j].text, "sentence", n)
        return None

    def _ends_in_punctuation(self, quote_token: Token) -> bool:
        segment = self.spans[quote_token.quote].last
        paragraph, end = self.paragraphs[segment.paragraph], segment.end
        while end > segment.start and paragraph[end - 1].isspace():
            end -= 1
        return end > segment.start and paragraph[end - 1] in ",.?!…—-"

    def _cue_subject(self, tokens, j, qi, n, rule) -> Attribution | None:
        earlier = [i for i in self.quotes_in[n] if i in self.attributions and self.attributions[i].mention
                   and self.attributions[i].evidence is self.sentences[n]]
        if earlier and not is_participle(tokens[j]) and not phrase_backward(tokens, j):
            # '"A," said Dana Cole, CEO of Brightwater Inc. "B."': B is Cole's too.
            done = self.attributions[earlier[-1]]
            return done.again(done.cue, "continuation", self.sentences[n])
        if is_participle(tokens[j]):
            # "..., Rutte said, adding: ..." / "Macron expressed concern, saying, ...":
            # the participle's subject is the sentence's speaker.
            for other in self.quotes_in[n]:
                done = self.attributions.get(other)
                if done and done.mention and done.evidence is self.sentences[n]:
                    return done.again(tokens[j].text, rule, self.sentences[n])
            # "..., the wildfire service said in its update, calling the fire "...""
            for k in range(j - 1, -1, -1):
                if is_cue(tokens, k) and not is_participle(tokens[k]) and not tokens[k].is_quote:
                    found = self._found(phrase_backward(tokens, k), tokens[j].text, rule, n)
                    if found:
                        return found
                    break
            return self._found(self._subject(n), tokens[j].text, rule, n)
        # A subject too far from its cue ("Harlan, the nominee for governor in the state
        # where ..., accused") is still the sentence's subject.
        subject = phrase_backward(tokens, j) or sentence_subject(tokens[:j] if j > 0 else tokens)
        return self._found(subject, tokens[j].text, rule, n) \
            or Attribution(None, tokens[j].text, rule, self.sentences[n])  # said, by someone unnamed

    # rules 4 and 5: Subject verb-phrase: "..." / LABEL: "..."
    def _colon_or_label(self, tokens, qi, n) -> Attribution | None:
        if qi > 0 and tokens[qi - 1].text == ":":
            subject = sentence_subject(tokens[: qi - 1])
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
            return previous.again(previous.cue, "continuation", previous.evidence)
        only_quotes = all(t.is_quote or t.text in PUNCTUATION for t in tokens)
        first_sentence = n == 0 or self.sentences[n - 1].paragraph != sentence.paragraph
        if only_quotes and first_sentence and sentence.paragraph > 0:
            previous = [i for i in self.attributions
                        if self.sentences[self.span_sentence[i]].paragraph == sentence.paragraph - 1]
            if previous and self.attributions[max(previous)].mention:
                prev = self.attributions[max(previous)]
                return prev.again(prev.cue, "continuation", prev.evidence)
        if n > 0 and (not first_sentence or only_quotes):
            # "Bell was blunt. "We're done."", also across a paragraph break when the
            # quote stands alone and the sentence before names its subject.
            previous_sentence = self.tokens[n - 1]
            if any(t.is_quote for t in previous_sentence):
                return None
            subject = sentence_subject(previous_sentence)
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
        first, partner = conjuncts(tokens, phrase)
        mention = parse_phrase(first)
        if mention is None:
            return None
        mention.position = (self.sentences[n].paragraph, first[0].start)
        if mention.kind == "name" and not mention.role:
            mention.role = apposition(tokens, first[-1])
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
        attribution.speaker = self.cast.canonical(person.name) if person.name else None  # "" is someone unnamed
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
        if head == "police":  # "police said": the police service named before, else plain "police"
            return next((name for name in reversed(earlier) if "police" in name.lower()), "police")
        if head in ("statement", "release"):  # "the statement said": whoever issued it
            speakers = [name for pos, name in self.cast.orgs if pos < position]
            return speakers[-1] if speakers else (earlier[-1] if earlier else None)
        for name in reversed(earlier):  # "the ministry" after "the Finance Ministry"
            if norm_role_word(name.split()[-1]) == head:
                return name
        if head in ("company", "firm", "corporation", "business", "retailer", "maker", "manufacturer",
                    "carrier", "airline", "insurer", "lender", "developer", "operator", "provider", "chain"):
            for name in reversed(earlier):
                if norm_role_word(name.split()[-1]) in COMPANY_NAME_HEADS:
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
            if not extract.HAS_WORD_RE.search(text) or extract.is_named_thing(paragraph, first, text) \
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
            kept[span_index] = self._quote(span_index, span, text, attribution, evidence, fragment)
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
        spoken = next((d for d in (self._day(n, news_days_only=True) for n in intro) if d), None)
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

    def _quote(self, span_index, span, text, attribution, evidence, fragment) -> Quote:
        article = self.article
        first = span.first
        own = self.span_sentence[span_index]
        spoken = self._day(own)
        if spoken is None and attribution.evidence is not None and attribution.evidence is not self.sentences[own]:
            spoken = self._day(self.sentence_number[id(evidence)])
        if spoken is None and attribution.speaker:
            spoken = self.dates_by_person.get(attribution.speaker)
        return Quote(
            id="",  # numbered in reading order once every quote is known
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


def _blank_out(paragraphs: list[str], spans: list[Span]) -> list[str]:
    """Return the paragraphs with the given quotations (marks included) replaced by spaces."""
    result = list(paragraphs)
    for span in spans:
        seg = span.first
        text = result[seg.paragraph]
        start, end = max(seg.start - 1, 0), min(seg.end + 1, len(text))
        result[seg.paragraph] = text[:start] + " " * (end - start) + text[end:]
    return result


def attribute_article(article: Article, spans: list[Span]) -> list[Quote]:
    """Attribute every span of ``article`` and return the quotations worth keeping."""
    return ArticleReader(article, spans).quotes()
