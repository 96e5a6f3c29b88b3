"""The people an article names, and how names, pronouns and descriptions resolve to them.

``Cast`` keeps every person seen (with roles and gender as the article gives
them) and where; ``canonical`` turns "Rutte" into the longest full form used
in the article, ``resolve_pronoun`` and ``resolve_description`` find who "he"
or "the French president" stands for.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from quotearchive.phrases import Mention, norm_role_word, role_words
from quotearchive.rules.language import DETERMINERS
from quotearchive.rules.titles import TITLE_WORDS

# How far back (in paragraphs) a subject or a known gender outweighs nearness when
# choosing the antecedent of "he"/"she"; tuned on the regression set.
NOT_SUBJECT_PENALTY = 1.5
UNKNOWN_GENDER_PENALTY = 1.75


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
        head = set(role_words(words[-1]))
        # Capitalised modifiers ("French", "NATO") must not contradict the role seen.
        modifiers = {w.lower() for w in words[:-1] if w[:1].isupper()}
        for role in self.roles:
            seen = {w for word in role.split() for w in role_words(word)}
            # A role with no nationality or body of its own ("President") fits any modifier.
            if head <= seen and (modifiers <= seen or not _has_capital_modifier(role)):
                return True
        return False


def _has_capital_modifier(role: str) -> bool:
    return any(w[:1].isupper() and norm_role_word(w) not in TITLE_WORDS for w in role.split())


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
        # Full names by their last and first word, so a surname finds its full forms at once.
        self._by_last: dict[str, list[tuple[str, list[str]]]] = {}
        self._by_first: dict[str, list[str]] = {}
        self.orgs: list[tuple[tuple[int, int], str]] = []

    # names
    def canonical(self, name: str, gender: str | None = None, position=None) -> str:
        """Return the longest full form of ``name`` used in the article.

        "Okafor" with two Okafors in the article is the one whose gender fits
        ("Mr. Okafor"), else the one mentioned last before ``position``.
        """
        parts = name.split()
        size = len(parts)
        fuller = [full for full, words in self._by_last.get(parts[-1], ())
                  if len(words) > size and words[-size:] == parts]
        if not fuller:
            # Family name first ("Xi Jinping" ... "Xi said"): a unique full form that starts with it.
            starting = [full for full in self._by_first.get(name, ())
                        if self.people[full].titled] if size == 1 else []
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
            words = key.split()
            if len(words) > 1:
                self._by_last.setdefault(words[-1], []).append((key, words))
                self._by_first.setdefault(words[0], []).append(key)
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
            # Someone described but unnamed ("one resident") is revealed by the pronoun itself.
            unknown = gender and not known and seen.person.name
            score = (position[0] - seen.position[0]) + (0 if seen.subject else NOT_SUBJECT_PENALTY) \
                + (UNKNOWN_GENDER_PENALTY if unknown else 0)
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
