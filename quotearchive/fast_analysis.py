"""The index terms of a text field, computed without Whoosh's token-by-token generator chain.

Whoosh analyses a field value by passing one ``Token`` object through a
chain of generators (tokenizer, lower-casing, stop words, stemming), then
collects positions or frequencies per word and encodes them, several
Python calls per word. For the analyzers QuoteArchive uses - a
``RegexTokenizer`` (or ``IDTokenizer``) followed by any of ``StripFilter``,
``LowercaseFilter``, ``StopFilter`` and ``StemFilter``, or a two-word
``ShingleFilter`` after the first two - the same terms come out of one
``finditer`` loop.

``compile_field(field)`` returns a function giving exactly what
``field.index(value)`` gives (as a list of ``(term bytes, frequency, weight,
encoded value)``), or None for a field it does not know how to compile;
tests/test_segment_writer.py checks the two agree on real and random text.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from whoosh.analysis import (IDTokenizer, LowercaseFilter, RegexTokenizer, ShingleFilter, StemFilter,
                             StopFilter, StripFilter)
from whoosh.analysis.acore import Composable
from whoosh.fields import FieldType
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import pack_uint

Terms = list[tuple[bytes, int, float, bytes]]


def compile_field(field: FieldType) -> Callable[[str], Terms] | None:
    """Return a fast equivalent of ``list(field.index(value))``, or None if there is none."""
    tokenize = _compile_analyzer(getattr(field, "analyzer", None))
    if tokenize is None or getattr(field.format, "field_boost", 1.0) != 1.0:
        return None
    if type(field.format) is Positions:
        return _positions(tokenize, field.format)
    if type(field.format) is Frequency:
        return _frequencies(tokenize)
    if type(field.format) is Existence:
        return _existence(tokenize)
    return None


def whole_matches(expression: re.Pattern) -> Callable[[str], list[str]]:
    """Return a function listing the whole matches of ``expression`` in a text, in order.

    That is ``findall`` for a pattern without groups; for one with groups
    (Whoosh's word pattern has one), the ``findall`` of the same pattern with
    its groups made non-capturing, which matches the same text: ``findall``
    would list a group's text, and a loop over match objects took about twice
    as long. A pattern with back-references keeps that loop.
    """
    if expression.groups:
        without_groups = _non_capturing(expression)
        if without_groups is None:
            finditer = expression.finditer
            return lambda value: [match.group(0) for match in finditer(value)]
        expression = without_groups
    return expression.findall


def _non_capturing(expression: re.Pattern) -> re.Pattern | None:
    """Return ``expression`` with every capturing group made non-capturing, or None for a
    pattern that refers back to a group (or is not a string)."""
    pattern = expression.pattern
    if not isinstance(pattern, str) or re.search(r"\\[1-9]|\(\?P[=<]|\(\?<[^=!]", pattern):
        return None
    out: list[str] = []
    class_from = None  # inside [...]: where its first character is (a "]" there is literal)
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i:i + 2])  # an escaped character, whatever it is
            i += 2
            continue
        if class_from is not None:
            if char == "]" and i > class_from:
                class_from = None
        elif char == "[":
            class_from = i + 1 + pattern.startswith("^", i + 1)
        elif char == "(" and not pattern.startswith("?", i + 1):
            char = "(?:"
        out.append(char)
        i += 1
    try:
        found = re.compile("".join(out), expression.flags)
    except re.error:
        return None
    return found if found.groups == 0 else None


# The words last split by each kind of tokenizing (see tokenize below): (value, words).
# Compared by identity: only the very same string object reuses them.
_LAST_WORDS: dict[tuple, tuple[str, list[str]]] = {}


def _compile_analyzer(analyzer: Composable | None) -> Callable[[str], list[tuple[str, int]]] | None:
    """Return a function giving the (word, position) tokens the analyzer would give."""
    items = [analyzer] if type(analyzer) is IDTokenizer else getattr(analyzer, "items", None)
    if not items:
        return None
    if type(items[0]) is IDTokenizer:
        def find_words(value: str) -> list[str]:
            return [value]  # the whole value is the one token
    elif type(items[0]) is RegexTokenizer and not items[0].gaps:
        find_words = whole_matches(items[0].expression)
    else:
        return None
    steps = _filters(items[1:])
    if steps is None:
        return None
    strip, lower, stops, stem, pairs = steps
    stoplist = stops.stops if stops else frozenset()
    minsize = stops.min if stops else 0
    # Fields analysed alike up to here share their words: a quote's text goes into three
    # fields (stemmed, as written, word pairs), one after the other, and is split once.
    shared = (items[0].expression.pattern if type(items[0]) is RegexTokenizer else None,
              strip, lower)

    def tokenize(value: str) -> list[tuple[str, int]]:
        last = _LAST_WORDS.get(shared)
        if last is not None and last[0] is value:
            words = last[1]
        else:
            words = find_words(value)
            if strip:
                words = [word.strip() for word in words]
            if lower:
                words = [word.lower() for word in words]
            _LAST_WORDS[shared] = (value, words)
        if stops is None:
            tokens = [(word, position) for position, word in enumerate(words)]
        else:
            tokens = []
            position = None
            for original, word in enumerate(words):
                if len(word) >= minsize and word not in stoplist:
                    # As StopFilter renumbers: the first word kept keeps its position,
                    # each later one follows it.
                    position = original if position is None else position + 1
                    tokens.append((word, position))
        if stem is not None:
            tokens = [(stem(word), position) for word, position in tokens]
        if pairs is not None and len(tokens) > 1:
            # Each word joined to the next, at the first one's position; a lone word stays alone.
            tokens = [(first + pairs + second, position)
                      for (first, position), (second, _) in zip(tokens, tokens[1:])]
        return tokens

    return tokenize


def _filters(items) -> tuple | None:
    """Read an analyzer's filters into (strip, lower, stop filter, cached stem function,
    pair separator), each None where absent; None for a chain that cannot be compiled."""
    strip = lower = stops = stem = pairs = None
    for item in items:
        if pairs is not None:
            return None  # nothing is compiled after the pairs
        kind = type(item)
        # Each filter may appear once, in the order the analyzers here use them.
        if kind is StripFilter and strip is lower is stops is stem is None:
            strip = True
        elif kind is LowercaseFilter and lower is stops is stem is None:
            lower = True
        elif kind is StopFilter and stops is stem is None and item.renumber and item.max is None:
            stops = item
        elif kind is StemFilter and stem is None and not item.ignore and not item.lang:
            stem = _cached(item.stemfn)
        elif kind is ShingleFilter and item.size == 2 and stops is stem is pairs is None:
            pairs = item.sep
        else:
            return None
    return strip, lower, stops, stem, pairs


def _cached(stemfn: Callable[[str], str]) -> Callable[[str], str]:
    # Unbounded: a build meets a few hundred thousand distinct words at most.
    cache: dict[str, str] = {}

    def stem(word: str) -> str:
        found = cache.get(word)
        if found is None:
            found = cache[word] = stemfn(word)
        return found

    return stem


def _positions(tokenize, format_: Positions) -> Callable[[str], Terms]:
    encode = format_.encode
    single: dict[int, bytes] = {}  # most words occur once in a quote: their encodings repeat

    def index(value: str) -> Terms:
        positions: dict[str, list[int]] = {}
        for word, position in tokenize(value):
            found = positions.get(word)
            if found is None:
                positions[word] = [position]
            else:
                found.append(position)
        terms = []
        for word, found in positions.items():
            if len(found) == 1:
                encoded = single.get(found[0])
                if encoded is None:
                    encoded = single[found[0]] = encode(found)
            else:
                encoded = encode(found)
            terms.append((word.encode("utf-8"), len(found), float(len(found)), encoded))
        return terms

    return index


def compile_counts(field: FieldType) -> Callable[[str], list[tuple[bytes, int]]] | None:
    """For a field recording counts (``Frequency``), a fast equivalent of
    ``[(term, count) for term, count, _, _ in field.index(value)]``, or None.

    A rebuild keeps only the counts (``quotearchive.segment_writer``): the
    weight and encoded value ``compile_field`` also gives are derived from them.
    """
    tokenize = _compile_analyzer(getattr(field, "analyzer", None))
    if (tokenize is None or getattr(field.format, "field_boost", 1.0) != 1.0
            or type(field.format) is not Frequency):
        return None
    return _counts(tokenize)


def _counts(tokenize) -> Callable[[str], list[tuple[bytes, int]]]:
    def counts(value: str) -> list[tuple[bytes, int]]:
        found: dict[str, int] = {}
        for word, _ in tokenize(value):
            found[word] = found.get(word, 0) + 1
        return [(word.encode("utf-8"), count) for word, count in found.items()]

    return counts


def _frequencies(tokenize) -> Callable[[str], Terms]:
    counts = _counts(tokenize)

    def index(value: str) -> Terms:
        return [(term, count, float(count), pack_uint(count)) for term, count in counts(value)]

    return index


def _existence(tokenize) -> Callable[[str], Terms]:
    def index(value: str) -> Terms:
        return [(word.encode("utf-8"), 1, 1.0, b"") for word in {word for word, _ in tokenize(value)}]

    return index


def compile_words(analyzer: Composable) -> tuple[re.Pattern, Callable[[str], str | None]] | None:
    """For a ``RegexTokenizer`` followed by any of ``LowercaseFilter``, ``StopFilter`` and
    ``StemFilter`` (in that order), return the tokenizer's pattern and a function giving
    the term a word it finds becomes (None for a word the analyzer drops); None for any
    other analyzer. Each word is analysed alone by these filters, so a word as written
    always becomes the same term."""
    items = getattr(analyzer, "items", None)
    if not items or type(items[0]) is not RegexTokenizer or items[0].gaps:
        return None
    steps = _filters(items[1:])
    if steps is None or steps[0] or steps[4] is not None:  # stripped words or pairs: not here
        return None
    _, lower, stops, stem, _ = steps
    stoplist = stops.stops if stops else frozenset()
    minsize = stops.min if stops else 0

    def term_of(word: str) -> str | None:
        if lower:
            word = word.lower()
        if stops is not None and (len(word) < minsize or word in stoplist):
            return None
        return stem(word) if stem is not None else word

    return items[0].expression, term_of


def compile_spans(analyzer: Composable) -> Callable[[str], list[tuple[str, int, int]]] | None:
    """Return a fast equivalent of ``[(t.text, t.startchar, t.endchar) for t in
    analyzer(value, chars=True)]`` for the analyzers ``compile_words`` knows, or None.

    Highlighting analyses every quote on a page again to find where the
    matched words are: through Whoosh's chain, two fields of twenty quotes
    took a few milliseconds a page.
    """
    compiled = compile_words(analyzer)
    if compiled is None:
        return None
    expression, term_of = compiled

    def spans(value: str) -> list[tuple[str, int, int]]:
        found = []
        for match in expression.finditer(value):
            term = term_of(match.group(0))
            if term is not None:
                found.append((term, match.start(), match.end()))
        return found

    return spans
