"""Read the words of a sentence: tokens, speech cues, and the phrases that name a speaker.

Used by :mod:`quotearchive.attribute`. A sentence is a list of ``Token``, each
quotation in it standing as one QUOTE token, so the rules can look at the
words around a quotation without reading inside it. ``parse_phrase`` turns a
speaker phrase into a ``Mention`` (a name with its role, a pronoun, a
description or an organisation); ``phrase_backward``/``phrase_forward`` find
that phrase next to a cue.
"""
from __future__ import annotations

import bisect
import functools
import operator
import re
import unicodedata
from dataclasses import dataclass

from quotearchive import extract
from quotearchive.extract import Segment, Sentence
from quotearchive.rules.language import (
    DETERMINERS, INDEFINITE_WORDS, INTRO_WORDS, NOT_TITLE_WORDS, POSSESSIVE_DETERMINERS, WEEKDAYS,
)
from quotearchive.rules.speech import (
    ACCORDING_TO, ADDRESSEE_VERBS, ADVERBS, PHRASAL_CUES, SPEECH_PARTICIPLES, SPEECH_VERBS,
)
from quotearchive.rules.titles import (
    COMPANY_NAME_HEADS, FIRST_NAMES, GENDERED_NOUNS, HONORIFICS, NAME_PARTICLES, NOT_NAME_WORDS, ORG_NAME_HEADS, ORG_NOUNS,
    PERSON_ROLE_NOUNS, PRONOUNS, TITLE_ABBREVIATIONS, TITLE_WORDS, UNNAMED_GROUPS,
)

PUNCTUATION = frozenset(",;:()—–/")
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
ORG_AND_COMPANY_HEADS = ORG_NAME_HEADS | COMPANY_NAME_HEADS
DETERMINERS_AND_INDEFINITES = DETERMINERS | INDEFINITE_WORDS
PERSON_ROLE_AND_TITLE_WORDS = PERSON_ROLE_NOUNS | TITLE_WORDS
ADVERBS_AND_PRONOUNS = ADVERBS | frozenset(PRONOUNS)
POSSESSIVE_ENDINGS = frozenset(("'s", "’s", "s'", "s’"))
TOKEN_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9][\w'’.\-]*|[,;:()—–/]")


# --- tokens -----------------------------------------------------------------------------------

class Token:
    """A word or punctuation mark of a sentence, or a whole quotation (``quote`` set).

    A plain slotted class rather than a dataclass: an article makes hundreds of
    tokens, and the derived forms are computed once, as each is made. (``word_tokens``
    fills the slots of a sentence's words itself, the same way: keep the two in step.)
    """

    __slots__ = ("text", "start", "end", "quote", "lower", "is_quote", "capitalised")

    def __init__(self, text: str, start: int, end: int, quote: int | None = None) -> None:
        self.text = text
        self.start = start  # offset in the paragraph
        self.end = end
        self.quote = quote  # index of the Span this QUOTE token stands for
        self.lower = text.lower()
        self.is_quote = quote is not None
        self.capitalised = text[:1].isupper()

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


# Each word as first seen, its lower-cased form and whether it is capitalised, worked out
# once: the same few thousand words make up most sentences (bounded like the phrase
# cache). Tokens share these strings, whose hashes are then computed once, not again
# for every set and dict the rules look a token up in.
_WORD_FORMS: dict[str, tuple[str, str, bool]] = {}
_WORD_FORMS_LIMIT = 50_000


def word_tokens(paragraph: str, start: int, end: int, tokens: list[Token]) -> None:
    """Append the words of ``paragraph[start:end]`` to ``tokens`` (offsets in the paragraph)."""
    is_abbreviation, find, append = extract.is_abbreviation, paragraph.find, tokens.append
    forms, new = _WORD_FORMS, object.__new__
    pos = start
    # findall and find rather than match objects: a third faster on the hottest loop. A
    # word is found where the pattern found it, as no word can start in the gap before it.
    for word in TOKEN_RE.findall(paragraph, start, end):
        at = find(word, pos)
        pos = word_end = at + len(word)
        # A full stop glued to the last word of a sentence is punctuation, unless the
        # word is an abbreviation or an initial ("U.S.", "J.").
        if word[-1] == "." and len(word) > 1 and "." not in word[:-1] and not is_abbreviation(word[:-1]):
            word = word[:-1]
            word_end -= 1
        form = forms.get(word)
        if form is None:
            if len(forms) >= _WORD_FORMS_LIMIT:
                forms.clear()
            form = forms[word] = (word, word.lower(), word[:1].isupper())
        # Made without calling Token(): a call to __init__ costs more than the rest of
        # this loop, and a sentence's words are most of the tokens an article makes.
        token = new(Token)
        token.start, token.end, token.quote = at, word_end, None
        token.text, token.lower, token.capitalised = form
        token.is_quote = False
        append(token)


def token_index(tokens: list[Token], start: int) -> int | None:
    """Return the index of the token starting at ``start`` (tokens are in reading order)."""
    i = bisect.bisect_left(tokens, start, key=_START)
    return i if i < len(tokens) and tokens[i].start == start else None


_START = operator.attrgetter("start")
_SEGMENT_START = lambda item: item[1].start  # noqa: E731 (a (span index, segment) pair's start)


def sentence_tokens(paragraph: str, sentence: Sentence, quotes: list[tuple[int, Segment]]) -> list[Token]:
    """Tokenise a sentence, each quotation standing as one QUOTE token."""
    tokens: list[Token] = []
    pos = sentence.start
    for span_index, seg in sorted(quotes, key=_SEGMENT_START) if len(quotes) > 1 else quotes:
        mark_start = max(sentence.start, seg.start - 1)
        word_tokens(paragraph, pos, mark_start, tokens)
        tokens.append(Token("QUOTE", mark_start, seg.end + 1, quote=span_index))
        pos = min(sentence.end, seg.end + 1)
    word_tokens(paragraph, pos, sentence.end, tokens)
    return tokens


def is_cue(tokens: list[Token], i: int) -> bool:
    """Tell whether the word at ``i`` attributes speech ("said", "adding", "shot back")."""
    word = tokens[i].lower
    if word in PHRASAL_CUES:
        return i + 1 < len(tokens) and tokens[i + 1].lower == PHRASAL_CUES[word]
    if word not in SPEECH_VERBS and word not in SPEECH_PARTICIPLES:
        return False
    if i > 0 and (tokens[i - 1].lower in NOUN_DETERMINERS
                  or strip_possessive(tokens[i - 1].text)[1]):
        return False  # "his call for Europe", "the union's demands": nouns, not verbs
    return True


def is_participle(token: Token) -> bool:
    return token.lower in SPEECH_PARTICIPLES


def according_to(tokens: list[Token], i: int) -> bool:
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

    def copy(self) -> "Mention":
        """Return a shallow copy (cheaper than dataclasses.replace on a hot path)."""
        twin = Mention.__new__(Mention)
        twin.__dict__ = self.__dict__.copy()
        return twin

    @property
    def looks_like_person(self) -> bool:
        """Tell whether a name is a person's: titled, gendered, or seen speaking."""
        if self.kind != "name":
            return False
        if self.role or self.gender or self.speaking:
            return True
        return " " in self.name and bool(INITIALS_RE.fullmatch(self.name.split()[0]))  # "J.D. Harlan"


def norm_role_word(word: str) -> str:
    return word.lower().replace("-", " ").rstrip(".")


def ascii_fold(word: str) -> str:
    """Strip accents, so "François" is looked up as "francois"."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")


def role_words(word: str) -> list[str]:
    """Return a role word's normal form(s): "Sen." -> ["senator"], "Secretary-General" -> two words."""
    low = word.lower().rstrip(".")
    return TITLE_ABBREVIATIONS.get(low, low.replace("-", " ")).split()


def is_title(word: str) -> bool:
    """Tell whether a word is a title or role ("President", "Secretary-General", "owner")."""
    low = word.lower().rstrip(".")
    if "-" in low:
        low = TITLE_PREFIX_RE.sub("", low)
    parts = low.split("-")
    return (low in TITLE_WORDS or low in PERSON_ROLE_NOUNS or low in TITLE_ABBREVIATIONS
            or all(p in TITLE_WORDS for p in parts))


def strip_possessive(word: str) -> tuple[str, bool]:
    """Return a word without its possessive ending, and whether it had one ("Seoul's", "players'")."""
    end = word[-2:]
    if end in ("'s", "’s"):
        return word[:-2], True
    if end in ("s'", "s’"):
        return word[:-1], True
    return word, False


# Phrases recur across articles ("The", "Mark Rutte", "the mayor"): each is read once.
_READ: dict[tuple[str, ...], "Mention | None"] = {}
_READ_LIMIT = 50_000
_UNREAD = object()  # (None is a phrase read as no mention)
_TEXT = operator.attrgetter("text")


def forget_phrases() -> None:
    """Empty the cache of phrases read (for benchmarks that want every phrase new)."""
    _READ.clear()


def parse_phrase(tokens: list[Token]) -> Mention | None:
    """Read a speaker phrase: a pronoun, a name with its titles, a description or an organisation.

    The mention's position is that of the phrase's first word.
    """
    words = [t for t in tokens if not t.is_quote and t.text not in PUNCTUATION]
    if not words:
        return None
    key = tuple(map(_TEXT, words))
    template = _READ.get(key, _UNREAD)  # one look-up: a tuple's hash is not kept
    if template is _UNREAD:
        if len(_READ) >= _READ_LIMIT:
            _READ.clear()
        template = _READ[key] = _parse_words(words)
    if template is None:
        return None
    mention = template.copy()
    mention.position = (0, words[0].start)
    return mention


def _parse_words(words: list[Token]) -> Mention | None:
    """Read the words of a phrase (see ``parse_phrase``)."""
    if not words:
        return None
    position = (0, words[0].start)
    text = " ".join(t.text for t in words)
    if len(words) == 1 and words[0].lower in PRONOUNS:
        return Mention(text, "pronoun", gender=PRONOUNS[words[0].lower], position=position)
    determiner = words[0].lower if words[0].lower in DETERMINERS_AND_INDEFINITES else None
    body = words[1:] if determiner else words
    if not body:
        return None
    # "a spokesperson for the ministry": the head is the noun before the preposition.
    cut = next((k for k, t in enumerate(body) if t.lower in PREPOSITIONS and k > 0), None)
    head_token = body[cut - 1] if cut is not None and is_noun_word(body[cut - 1]) else body[-1]
    head_word, possessive = strip_possessive(head_token.text)
    head = norm_role_word(head_word)
    if head_token is body[-1] and body[-1].capitalised and not possessive:
        return _name_mention(body, text, determiner, position)
    if head in UNNAMED_GROUPS:
        return Mention(text, "unnamed", role=" ".join(t.text for t in body), head=head, position=position)
    if head in PERSON_ROLE_NOUNS or head in TITLE_WORDS and head not in ORG_NOUNS:
        kind = "description" if determiner in ("the", "this", "that") and cut is None else "unnamed"
        if determiner is None and cut is None and any(t.capitalised for t in body):
            kind = "description"  # "French President said" (headline style) or "Seoul's envoy"
        role = " ".join(t.text for t in body)
        return Mention(text, kind, role=role, head=head, position=position,
                       gender=GENDERED_NOUNS.get(head))
    if head in ORG_NOUNS or head in ORG_NAME_HEADS:
        return Mention(text, "org", head=head, role=None, position=position)
    return None


def _name_mention(body: list[Token], text: str, determiner: str | None, position) -> Mention | None:
    """Split "NATO Secretary-General Mark Rutte" into role and name."""
    words = [t.text for t in body]
    last, _ = strip_possessive(words[-1])
    words[-1] = last
    if norm_role_word(last) in ORG_AND_COMPANY_HEADS or (determiner and len(words) > 1 and
                                                   all(w[:1].isupper() for w in words)
                                                   and norm_role_word(words[0]) not in TITLE_WORDS):
        return Mention(text, "org", head=norm_role_word(last), position=position)
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
        elif i < len(words) - 1 and is_title(word):
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
        if role and norm_role_word(role_words[-1]) in PERSON_ROLE_AND_TITLE_WORDS:
            return Mention(text, "description", role=role, head=norm_role_word(role_words[-1]),
                           gender=gender, position=position)
        return None
    if any(not (w[:1].isupper() or w.lower() in NAME_PARTICLES) for w in name_words):
        return None
    name = " ".join(name_words)
    if len(name_words) > 1:
        gender = gender or FIRST_NAMES.get(ascii_fold(name_words[0].lower()))
    return Mention(text, "name", name=name, role=role, gender=gender, position=position)


# --- phrases around a cue ---------------------------------------------------------------------

def capitalised_runs(tokens: list[Token]) -> list[tuple[int, list[Token]]]:
    """Return the runs of capitalised words (names with their titles) outside quotations,
    each with the index of its first token."""
    runs: list[tuple[int, list[Token]]] = []
    current: list[Token] = []
    first = 0
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        # A QUOTE token is capitalised too, but it is no word of a name.
        if token.capitalised and not token.is_quote:
            if not current:
                first = i
            current.append(token)
            # A possessive ends a name ("Varga's budget") unless an organisation's name
            # goes on ("Hollins County Sheriff's Office").
            if token.text[-2:] in POSSESSIVE_ENDINGS and strip_possessive(token.text)[1]:
                following = tokens[i + 1] if i < last else None
                if not (following is not None and following.capitalised and not following.is_quote
                        and norm_role_word(following.text) in ORG_AND_COMPANY_HEADS):
                    runs.append((first, current))
                    current = []
        elif current and (token.lower in NAME_PARTICLES or token.lower == "of") \
                and i < last and tokens[i + 1].capitalised and not tokens[i + 1].is_quote:
            # Particles ("von der Leyen") and "of" ("Ministry of Highways") join capitalised words.
            current.append(token)
        elif current:
            runs.append((first, current))
            current = []
    if current:
        runs.append((first, current))
    return runs


def conjuncts(tokens: list[Token], phrase: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split a joint subject: "He and Rutte" gives (He, Rutte); the first one leads.

    The phrase found may be either conjunct: a forward reading stops before
    "and", a backward one starts after it.
    """
    first_i, last_i = token_index(tokens, phrase[0].start), token_index(tokens, phrase[-1].start)
    if first_i is None or last_i is None:
        return phrase, []
    if last_i + 2 < len(tokens) and tokens[last_i + 1].lower == "and":
        partner = phrase_forward(tokens, last_i + 2)
        if partner and (partner[0].capitalised or partner[0].lower in PRONOUNS):
            return phrase, partner
    if first_i >= 2 and tokens[first_i - 1].lower == "and":
        leader = phrase_backward(tokens, first_i - 1)
        if leader and (leader[-1].capitalised or leader[-1].lower in PRONOUNS):
            return leader, phrase
    return phrase, []


def apposition(tokens: list[Token], last: Token) -> str | None:
    """Return the role set off after a name ("Jane Doe, a spokeswoman for the city,")."""
    at = token_index(tokens, last.start)
    if at is None or at + 2 >= len(tokens) or tokens[at + 1].text != ",":
        return None
    words = []
    for i in range(at + 2, len(tokens)):
        token = tokens[i]
        if token.is_quote or token.text in PUNCTUATION or is_cue(tokens, i):
            break
        words.append(token)
    if not words or words[0].lower not in ("a", "an", "the") or len(words) > 10:
        return None
    if not any(is_noun_word(t) for t in words):
        return None
    return " ".join(t.text for t in words[1:])


def gender_from_context(tokens: list[Token], at: int, mention: Mention) -> str | None:
    """Read a gender from the words around a name: "His wife, Corinne Harlan", "spokeswoman Nora Lind"."""
    words = [w.lower().rstrip(".") for w in (mention.role or "").split()]
    if at >= 2 and tokens[at - 1].text == ",":
        words.append(strip_possessive(tokens[at - 2].lower)[0])
    elif at >= 1:
        words.append(tokens[at - 1].lower)
    return next((GENDERED_NOUNS[w] for w in reversed(words) if w in GENDERED_NOUNS), None)


def next_to_cue(tokens: list[Token], run: list[Token], first: int) -> bool:
    """Tell whether a run of words (starting at token ``first``) stands right before or after a speech cue."""
    last = first + len(run) - 1
    after = last + 1
    while after < len(tokens) and tokens[after].lower in ADVERBS:
        after += 1
    return (after < len(tokens) and is_cue(tokens, after)) or (
        first > 0 and is_cue(tokens, first - 1) and tokens[first - 1].lower not in ADDRESSEE_VERBS)


def phrase_backward(tokens: list[Token], cue: int) -> list[Token]:
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
        if before is not None and is_noun_word(tokens[start - 2]):
            start = before
    # "Harlan, the Republican nominee, wrote": a description set off after a name is its apposition.
    if not tokens[j].capitalised and start >= 2 and tokens[start - 1].text == "," \
            and tokens[start - 2].capitalised and not tokens[start - 2].is_quote:
        name_start = _noun_phrase_start(tokens, start - 2)
        if name_start is not None and (name_start == 0 or tokens[name_start - 1].text in PUNCTUATION
                                       or opens_introduction(tokens)):
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
                is_cue(tokens, x) and not is_participle(tokens[x]) for x in range(k + 1, j)):
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
    if not is_noun_word(tokens[end]):
        return None
    j = end
    while j - 1 >= 0 and end - j < 5 and not tokens[j - 1].is_quote \
            and tokens[j - 1].text not in PUNCTUATION and not is_cue(tokens, j - 1) \
            and tokens[j - 1].lower not in PREPOSITIONS:
        j -= 1
        if tokens[j].lower in DETERMINERS or (strip_possessive(tokens[j].text)[1] and tokens[j].capitalised):
            break
    return j


def phrase_forward(tokens: list[Token], i: int) -> list[Token]:
    """Return the phrase that starts at ``i`` ("said Jane Doe", "said the mayor", "Macron added")."""
    while i < len(tokens) and (tokens[i].lower in WEEKDAYS or (
            tokens[i].lower == "on" and i + 1 < len(tokens) and tokens[i + 1].lower in WEEKDAYS)):
        i += 1  # "said Tuesday", "said on Friday"
    phrase: list[Token] = []
    while i < len(tokens) and len(phrase) < 8:
        token = tokens[i]
        if token.is_quote or token.text in PUNCTUATION or is_cue(tokens, i):
            break
        if not phrase and token.lower in PRONOUNS:
            return [token]
        if not (token.capitalised or is_noun_word(token) or (not phrase and token.lower in NOUN_DETERMINERS)
                or (phrase and token.lower in NAME_PARTICLES)
                or (len(phrase) == 1 and phrase[0].lower in NOUN_DETERMINERS and token.text.isalpha())
                or _role_noun_ahead(tokens, i)
                or (all(t.text.islower() for t in phrase) and _name_ahead(tokens, i))):
            break
        phrase.append(token)
        i += 1
    return phrase


def is_noun_word(token: Token) -> bool:
    return _is_noun_text(token.text)


@functools.lru_cache(maxsize=8192)
def _is_noun_text(text: str) -> bool:
    # Cached: the same few hundred words are asked about in every article.
    word = norm_role_word(strip_possessive(text)[0])
    return word in NOUN_WORDS or word in UNNAMED_GROUPS


def _role_noun_ahead(tokens: list[Token], i: int) -> bool:
    """Tell whether a lower-case word modifies a role or organisation noun close ahead."""
    for token in tokens[i + 1:i + 4]:
        if token.is_quote or token.text in PUNCTUATION or token.capitalised:
            return False
        if is_noun_word(token):
            return True
    return False


def appositive_name_after(tokens: list[Token], phrase: list[Token]) -> list[Token]:
    """Return the name set off after a description ("said her neighbour, Frank Dubois, 63"), else the phrase."""
    if not phrase or phrase[-1].capitalised:
        return phrase
    at = token_index(tokens, phrase[-1].start)
    if at is None or at + 2 >= len(tokens) or tokens[at + 1].text != "," or not tokens[at + 2].capitalised:
        return phrase
    name = phrase_forward(tokens, at + 2)
    return name if name and all(t.capitalised or t.lower in NAME_PARTICLES for t in name) else phrase


# A lower-case title before a name runs to this many words ("said harbour master Oona Vell").
TITLE_BEFORE_NAME_MAX_WORDS = 3


def _name_ahead(tokens: list[Token], i: int) -> bool:
    """Tell whether a lower-case word is (part of) a title before a name ("said curator Elin Brask")."""
    if not tokens[i].text.isalpha() or tokens[i].lower in ADVERBS_AND_PRONOUNS:
        return False
    if _two_capitalised(tokens, i + 1):
        return True
    # A title of a few words: "said harbour master Oona Vell", "said longtime resident Jo Ames".
    j = i
    while j < len(tokens) and j - i < TITLE_BEFORE_NAME_MAX_WORDS and _title_word(tokens[j]):
        j += 1
        if _two_capitalised(tokens, j):
            return True
    return False


def _two_capitalised(tokens: list[Token], j: int) -> bool:
    return j + 1 < len(tokens) and tokens[j].capitalised and not tokens[j].is_quote \
        and tokens[j + 1].capitalised and not tokens[j + 1].is_quote


def _title_word(token: Token) -> bool:
    return token.text.isalpha() and token.text.islower() and token.lower not in ADVERBS_AND_PRONOUNS \
        and token.lower not in NOT_TITLE_WORDS and token.lower not in CUE_WORDS


def opens_introduction(tokens: list[Token]) -> bool:
    """Tell whether a sentence opens with a phrase before its subject ("In April, ...", "Speaking on Friday, ...")."""
    first = tokens[0].lower
    if first in INTRO_WORDS:
        return True
    # A participle clause: "-ing" followed by a lower-case word that is no cue ("Browning said" is a name).
    return (first.endswith("ing") and len(tokens) > 1 and tokens[1].text.islower()
            and not is_cue(tokens, 1))


def sentence_subject(tokens: list[Token]) -> list[Token]:
    """Return the sentence's subject: its first phrase after any introductory clause."""
    start = 0
    if tokens and opens_introduction(tokens):
        comma = next((i for i, t in enumerate(tokens) if t.text == ","), None)
        if comma is None:
            return []
        start = comma + 1
    return appositive_name_after(tokens, phrase_forward(tokens, start))
