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

Words are compared by a crude stem (their first ``STEM_LENGTH`` letters) so
"presence"/"present" and "opposed"/"opposing" meet. Groups are closed under
these links (union-find), and each group's id is derived from its members'
ids, so it is stable across runs over the same corpus.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict

from quotearchive.models import Quote

# Tuned on the seed articles' five gold groups and on our own sample corpus: a shared
# run of five words is rare by chance between two quotes of the same speaker, while
# translations of one sentence kept about half of their content words in common.
SHARED_RUN = 5
CONTAINED = 0.8
MIN_CONTENT_WORDS = 3
SIMILAR = 0.45
STEM_LENGTH = 5

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


def content_stems(text: str) -> list[str]:
    """Return the crude stems of a quote's content words."""
    return [w[:STEM_LENGTH] for w in words(text) if w not in STOPWORDS and w.split("'")[0] not in STOPWORDS]


def _longest_shared_run(a: list[str], b: list[str]) -> int:
    best = 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b, start=1):
            if x == y:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def _overlap(a: list[str], b: list[str]) -> int:
    pool = list(b)
    common = 0
    for w in a:
        if w in pool:
            pool.remove(w)
            common += 1
    return common


def same_statement(a: Quote, b: Quote) -> bool:
    """Tell whether two quotes report the same statement (see the module docstring)."""
    if not a.speaker or a.speaker != b.speaker:
        return False
    if _longest_shared_run(words(a.text), words(b.text)) >= SHARED_RUN:
        return True
    ca, cb = content_stems(a.text), content_stems(b.text)
    if not ca or not cb:
        return False
    shorter, longer = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    common = _overlap(shorter, longer)
    if len(shorter) >= MIN_CONTENT_WORDS and common / len(shorter) >= CONTAINED:
        return True
    return len(shorter) >= MIN_CONTENT_WORDS and 2 * common / (len(ca) + len(cb)) >= SIMILAR


def group_statements(quotes: list[Quote]) -> None:
    """Set ``statement`` on every quote; quotes of one statement share it."""
    parent = list(range(len(quotes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_speaker: dict[str, list[int]] = defaultdict(list)
    for i, quote in enumerate(quotes):
        if quote.speaker:
            by_speaker[quote.speaker].append(i)
    for members in by_speaker.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if find(i) != find(j) and same_statement(quotes[i], quotes[j]):
                    parent[find(j)] = find(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(quotes)):
        groups[find(i)].append(i)
    for members in groups.values():
        key = "|".join(sorted(quotes[i].id for i in members))
        statement = "s-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
        for i in members:
            quotes[i].statement = statement
