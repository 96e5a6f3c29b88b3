"""Stage 4: give quotes that report the same statement a shared ``statement`` id.

Outlets trim a quotation, extend it, or translate it again from the original
language, so exact matching finds few of them. Two quotes of the same speaker
are taken for one statement when any of these holds:

* they share a run of at least ``SHARED_RUN`` consecutive words (one outlet
  trimmed or extended the other's version);
* nearly all content words of the shorter one appear in the longer one
  (``CONTAINED``), when the shorter has at least ``MIN_CONTENT_WORDS`` of them;
* their content words overlap with a Dice coefficient of at least ``SIMILAR``
  (a re-translation keeps most nouns and names, changes the small words).

A quote that denies what the other asserts ("We will not raise taxes" / "We
will raise taxes") is never the same statement, however many words they share.
Speakers are compared by name, a lone surname counting as the one full name in
the corpus that ends with it ("Macron" in one outlet, "Emmanuel Macron" in another).

Words are compared by a crude stem (their first ``STEM_LENGTH`` letters) so
"presence"/"present" and "opposed"/"opposing" meet. Groups are closed under
these links (union-find), and each group's id is derived from its members'
ids, so it is stable across runs over the same corpus.
"""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from quotearchive.models import Quote
from quotearchive.rules.language import NEGATIONS

# Tuned on the seed articles' five gold groups and on our own sample corpus: a shared
# run of five words is rare by chance between two quotes of the same speaker, while
# translations of one sentence kept about half of their content words in common.
SHARED_RUN = 5
CONTAINED = 0.8
MIN_CONTENT_WORDS = 3
SIMILAR = 0.45
STEM_LENGTH = 5
# A word or run shared by more of one speaker's quotes than this is too common to
# link two of them on its own (it would also make grouping quadratic).
MAX_POSTINGS = 200

STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been being it its this that
these those there their they them we us our you your he him his she her i me my not no so than then too
very just also only will would shall should can could may might must do does did have has had about into
over under again more most such what which who whom whose when where why how all any both each few other
some same own s t don isn aren wasn weren won doesn didn ve ll re m d up out off yes
""".split())


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return text.replace("’", "'").replace("‘", "'")


def words(text: str) -> list[str]:
    """Return the words of a quote, lower-cased, apostrophes kept inside words."""
    return re.findall(r"\w+(?:'\w+)?", _normalise(text))


def _content_stems(words_: list[str]) -> list[str]:
    """Return the crude stems of a quote's content words (``words`` of it)."""
    return [w[:STEM_LENGTH] for w in words_ if w not in STOPWORDS and w.split("'")[0] not in STOPWORDS]


def _runs(words_: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words_[i:i + SHARED_RUN]) for i in range(len(words_) - SHARED_RUN + 1)}


@dataclass
class _Features:
    """What comparing a quote needs, computed once per quote."""

    words: tuple[str, ...]
    stems: Counter
    runs: set[tuple[str, ...]]
    negated: bool
    size: int  # content words, repeats counted
    # The stems when none repeats (most quotes): then the stems in common are a set
    # intersection, much cheaper than intersecting two Counters.
    single: frozenset[str] | None

    @classmethod
    def of(cls, text: str) -> "_Features":
        w = words(text)
        negated = any(word in NEGATIONS or word.endswith("n't") for word in w)
        stems = _content_stems(w)
        counts = Counter(stems)
        single = frozenset(counts) if len(counts) == len(stems) else None
        return cls(tuple(w), counts, _runs(w), negated, len(stems), single)


def _similar(a: _Features, b: _Features) -> bool:
    """Apply the tests of the module docstring to two quotes' features."""
    if a.negated != b.negated:
        return False
    if not a.runs.isdisjoint(b.runs):
        return True
    size_a, size_b = a.size, b.size
    shorter = min(size_a, size_b)
    if shorter < MIN_CONTENT_WORDS:
        return False
    if a.single is not None and b.single is not None:
        common = len(a.single & b.single)
    else:
        common = sum((a.stems & b.stems).values())
    return common / shorter >= CONTAINED or 2 * common / (size_a + size_b) >= SIMILAR


def same_statement(a: Quote, b: Quote) -> bool:
    """Tell whether two quotes report the same statement (see the module docstring)."""
    if not a.speaker or _speaker_keys([a.speaker, b.speaker])[a.speaker] != \
            _speaker_keys([a.speaker, b.speaker])[b.speaker]:
        return False
    return _similar(_Features.of(a.text), _Features.of(b.text))


def _link_similar(features: dict[int, _Features], find, union) -> None:
    """Union every pair of quotes that passes ``_similar``, comparing only pairs worth it.

    Quotes sharing a run of words are similar unless one denies what the other
    asserts, so each run's quotes are joined without comparing them pairwise.
    Otherwise a pair is compared when it shares a rare content word: any pair
    that passes a test shares at least ``SIMILAR / 2`` of the shorter quote's
    content words, so it shares one of the shorter quote's rarest words
    (prefix filtering); only those words' postings are read.
    """
    by_run: dict[tuple[str, ...], list[int]] = defaultdict(list)
    by_stem: dict[str, list[int]] = defaultdict(list)
    for i, f in features.items():
        for run in f.runs:
            by_run[run].append(i)
        for stem in f.stems:
            by_stem[stem].append(i)
    for members in by_run.values():
        if 1 < len(members) <= MAX_POSTINGS:
            first_by_negation: dict[bool, int] = {}
            for i in members:
                first = first_by_negation.setdefault(features[i].negated, i)
                if first != i:
                    union(first, i)
    for i, f in features.items():
        ordered = sorted(f.stems, key=lambda stem: (len(by_stem[stem]), stem))
        needed = math.ceil(len(ordered) * SIMILAR / 2)
        candidates: set[int] = set()
        for stem in ordered[: max(len(ordered) - needed + 1, 1)]:
            postings = by_stem[stem]
            if len(postings) > MAX_POSTINGS:
                break  # a word this common links nothing by itself
            candidates.update(postings)
        candidates.discard(i)
        root = find(i)
        for j in candidates:
            if find(j) != root and _similar(f, features[j]):
                union(i, j)
                root = find(i)


def speaker_family(name: str) -> str:
    """Return the last word of a speaker's name.

    Quotes are only ever grouped when their speakers' keys match, and a
    speaker's key depends only on the names sharing its last word, so the
    quotes of one family can be grouped apart from all others and come out
    as they would in the whole corpus (what adding to a live index relies on).
    """
    parts = name.split()
    return parts[-1] if parts else name


def _speaker_keys(speakers: list[str]) -> dict[str, str]:
    """Map each speaker name to a key; a lone surname joins the one full name ending with it."""
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    for name in speakers:
        parts = name.split()
        if len(parts) > 1:
            full_by_surname[parts[-1]].add(name)
    keys = {}
    for name in speakers:
        fuller = full_by_surname.get(name) if " " not in name else None
        keys[name] = next(iter(fuller)) if fuller and len(fuller) == 1 else name
    return keys


def group_statements(quotes: list[Quote]) -> None:
    """Set ``statement`` on every quote; quotes of one statement share it."""
    parent = list(range(len(quotes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(j)] = find(i)

    keys = _speaker_keys([q.speaker for q in quotes if q.speaker])
    by_speaker: dict[str, list[int]] = defaultdict(list)
    for i, quote in enumerate(quotes):
        if quote.speaker:
            by_speaker[keys[quote.speaker]].append(i)
    for members in by_speaker.values():
        # The same words twice (a syndicated copy) are one statement without comparing further.
        first_of: dict[tuple[str, ...], int] = {}
        features: dict[int, _Features] = {}
        for i in members:
            f = _Features.of(quotes[i].text)
            if f.words in first_of:
                union(first_of[f.words], i)
            else:
                first_of[f.words] = i
                features[i] = f
        _link_similar(features, find, union)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(quotes)):
        groups[find(i)].append(i)
    for members in groups.values():
        key = "|".join(sorted(quotes[i].id for i in members))
        statement = "s-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
        for i in members:
            quotes[i].statement = statement
