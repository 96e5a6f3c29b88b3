"""Match and score queries by reading Whoosh's posting lists a block at a time.

Whoosh's matchers step through postings one document at a time, through
several layers of Python method calls per step: at a million quotes a
frequent word costs about 1.5 µs per posting only to list its documents,
and about 12 µs per posting to score it (a column read per document for its
length), and an exact phrase of common words takes seconds. This module
reads each posting block whole instead (one read, one zlib inflate, one
unpickle; the document numbers rebuilt from their gaps by ``accumulate`` in
C), and evaluates the shapes the search box produces (words, ``Or``,
``And``, ``AndNot``/``Not``, exact phrases) as set operations:

* an ``And`` reads its rarest part first, and the others only in the
  blocks that can hold one of the documents still in the running (a
  block's last document number is in its header, so the others are never
  inflated);
* a phrase is the ``And`` of its words, then each remaining document's
  positions are compared, from the values of the blocks already read;
* scores are Whoosh's own BM25F (same function, same field statistics,
  boosts applied as ``WrappingMatcher`` does, sums grouped as Whoosh's
  matcher trees group them), with every document's field length read once
  per request as one slice of the lengths column.

Any other query node (wildcards, ranges, fuzzy words, ``Every`` ...) raises
``Unsupported``, and the caller falls back on Whoosh's matchers.
"""
from __future__ import annotations

import time
import zlib
from bisect import bisect_right, insort
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate
from pickle import loads

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.formats import Positions
from whoosh.query import And, AndNot, Not, Or, Phrase, Query, Term
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

# Whoosh runs an Or of more than two parts as an array of scores in a segment this small
# (whoosh.query.Or._matcher), which adds the parts' scores in another order.
_SMALL_SEGMENT = 5000


class Unsupported(Exception):
    """The query holds a node this module does not evaluate: use Whoosh's matchers."""


class OutOfTime(Exception):
    """The deadline passed: ``numbers`` (and ``scores``) are every match up to the last
    document read when it did, and only those."""

    def __init__(self, numbers: list[int], scores: dict[int, float] | None):
        super().__init__("out of time")
        self.numbers = numbers
        self.scores = scores


def check_supported(searcher: Searcher, query: Query) -> None:
    """Raise Unsupported unless every node of ``query`` can be evaluated here."""
    if not isinstance(searcher.weighting, BM25F):
        raise Unsupported(type(searcher.weighting).__name__)

    def walk(node: Query) -> None:
        # Exact types: subclasses (Ordered, FuzzyTerm ...) mean something else.
        if type(node) in (Term, Phrase):
            return
        if type(node) in (Or, And, AndNot, Not):
            for child in node.children():
                walk(child)
            return
        raise Unsupported(type(node).__name__)

    walk(query)
    # A Not is only evaluated against what the rest of an And matched, not against everything.
    if type(query) is Not or (isinstance(query, And)
                              and all(type(child) is Not for child in query.children())):
        raise Unsupported("Not alone")


def match(searcher: Searcher, query: Query, scored: bool, deadline: float
          ) -> tuple[list[int], dict[int, float] | None]:
    """Return the numbers of the documents ``query`` matches, ascending, and their scores
    (None unless ``scored``). Raise Unsupported for a query Whoosh must run, OutOfTime
    (with the matches found so far) after ``deadline``."""
    check_supported(searcher, query)
    numbers: list[int] = []
    scores: dict[int, float] | None = {} if scored else None
    for (reader, offset), (subsearcher, _) in zip(searcher.reader().leaf_readers(),
                                                  searcher.leaf_searchers()):
        segment = _Segment(searcher, subsearcher, reader, scored, deadline)
        found = segment.evaluate(query, None)
        if segment.cutoff is not None:  # out of time: what was matched up to the cutoff
            found = ({n: s for n, s in found.items() if n <= segment.cutoff} if scored
                     else {n for n in found if n <= segment.cutoff})
        if reader.has_deletions():
            deleted = reader.deleted_docs_set
            found = ({n: s for n, s in found.items() if n not in deleted} if scored
                     else found - deleted)
        local = sorted(found)
        # Iterated in C (map), not by generator: a common word matches most documents.
        global_numbers = map(offset.__add__, local) if offset else local
        if scored and not offset and not scores:
            scores = found  # the first segment's own scores: a million-entry copy saved
        elif scored:
            global_numbers = list(global_numbers)
            scores.update(zip(global_numbers, map(found.__getitem__, local)))
        numbers.extend(global_numbers)
        if segment.cutoff is not None:
            raise OutOfTime(numbers, scores)
    return numbers, scores


class _Segment:
    """Evaluates a query over one segment (local document numbers)."""

    def __init__(self, top: Searcher, searcher: Searcher, reader, scored: bool, deadline: float):
        self.top = top
        self.searcher = searcher
        self.reader = reader
        self.scored = scored
        self.deadline = deadline
        self._lengths: dict[str, bytes] = {}
        # Set when the deadline passes: from then on postings are read only up to this
        # document, so that every match up to it, and only those, is found.
        self.cutoff: int | None = None

    def evaluate(self, node: Query, within: Sequence[int] | None):
        """Return the documents ``node`` matches, among ``within`` (sorted) if given."""
        if isinstance(node, Term):
            return self._term(node.fieldname, node.text, node.boost, within)
        if isinstance(node, Phrase):
            return self._phrase(node, within)
        if isinstance(node, AndNot):
            kept = self.evaluate(node.a, within)
            unwanted = set(self.evaluate(node.b, sorted(kept)))
            return ({n: s for n, s in kept.items() if n not in unwanted} if self.scored
                    else kept - unwanted)  # scored by its first part alone
        if isinstance(node, And):
            return self._and(list(node.children()), within, node.boost)
        if type(node) is Or:
            return self._or(list(node.children()), within, node.boost)
        raise Unsupported(type(node).__name__)

    # --- compound nodes ---------------------------------------------------------------

    def _size(self, node: Query) -> int:
        return node.estimate_size(self.reader)

    def _and(self, children: list[Query], within, boost: float = 1.0):
        wanted = [child for child in children if type(child) is not Not]
        unwanted = [child.query for child in children if type(child) is Not]
        # Rarest first: each later part is read only where the earlier ones matched.
        order = sorted(range(len(wanted)), key=lambda i: self._size(wanted[i]))
        results: list = [None] * len(wanted)
        current = within
        for i in order:
            found = self.evaluate(wanted[i], current)
            results[i] = found
            current = sorted(found)
            if not current:
                return {} if self.scored else set()
        kept = set(current)
        for child in unwanted:
            kept -= set(self.evaluate(child, current))
        if not self.scored:
            return kept
        # Whoosh intersects the parts along a tree weighted by their estimated sizes; a Not
        # part (an inverted matcher) adds 1 to the score.
        plan = _weighted_tree([(-self._size(child), i) for i, child in enumerate(children)])
        parts = iter(results)
        results = [_ONE if type(child) is Not else next(parts) for child in children]
        shared = [_shared_score(found) for found in results]
        if None not in shared:
            # Every part gives all its documents one score (words of a field kept without
            # counts, such as a phrase's word pairs): so does the whole, added once.
            return dict.fromkeys(kept, _boosted(_tree_sum(plan, shared), boost))
        if len(children) == 2 and boost == 1.0:
            a, b = results
            return {n: a[n] + b[n] for n in kept}
        return {n: _boosted(_tree_sum(plan, [found[n] for found in results]), boost)
                for n in kept}

    def _or(self, children: list[Query], within, boost: float = 1.0):
        results = [self.evaluate(child, within) for child in children]
        if not self.scored:
            return set().union(*results)
        every = set().union(*results)
        if len(children) != 2 and (len(children) >= Or.TOO_MANY_CLAUSES
                                   or self.searcher.doc_count_all() <= _SMALL_SEGMENT):
            # Whoosh preloads such an Or into an array of scores, added part after part.
            return {n: sum(_boosted(found[n], boost) for found in results if n in found)
                    for n in every}
        if len(children) == 2 and boost == 1.0:
            # Two parts: a + b whichever comes first (addition of two floats commutes).
            a, b = results
            merged = dict(a)
            merged.update(b)
            for n in a.keys() & b.keys():
                merged[n] = a[n] + b[n]
            return merged
        plan = _weighted_tree([(self._size(child), i) for i, child in enumerate(children)])
        return {n: _boosted(_tree_sum(plan, [found.get(n) for found in results]), boost)
                for n in every}

    # --- words --------------------------------------------------------------------------

    def _postings(self, fieldname: str, text, within, values: bool = False):
        """Yield (numbers, weights, values) of the blocks of a term's postings that can
        hold one of ``within`` (sorted; None for every block)."""
        field = self.searcher.schema[fieldname]
        btext = field.to_bytes(text)
        # The reader's own postings, without Whoosh's filter of deleted documents
        # (match() takes those out once).
        matcher = self.reader._terms.matcher(fieldname, btext, field.format)
        if not isinstance(matcher, W3LeafMatcher):  # a term seen once is stored inline
            ids, weights, found_values = [], [], []
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                found_values.append(matcher.value() if values else None)
                matcher.next()
            yield ids, weights, found_values
            return
        get, deadline = matcher._postfile.get, self.deadline
        position = 0
        while matcher.is_active():
            if within is not None:
                # Skip the block unless a wanted document lies at or below its last number.
                if position >= len(within):
                    return
                if within[position] > matcher._maxid:
                    if self.cutoff is not None and matcher._maxid >= self.cutoff:
                        return
                    matcher._next_block()
                    continue
            data = get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
            if matcher._compression:
                data = zlib.decompress(data)
            gaps, weights, block_values = loads(data)
            ids = list(accumulate(gaps))
            count = len(ids)
            if weights is None:
                weights = (1.0,) * count
            elif isinstance(weights, float):
                weights = (weights,) * count
            yield ids, weights, block_values
            if within is not None:
                position = bisect_right(within, matcher._maxid, position)
            if self.cutoff is not None and matcher._maxid >= self.cutoff:
                return  # this block reached the cutoff
            if self.cutoff is None and time.monotonic() > deadline:
                self.cutoff = matcher._maxid
                return
            matcher._next_block()

    def _term(self, fieldname: str, text, boost: float, within):
        try:
            absent = (fieldname, self.searcher.schema[fieldname].to_bytes(text)) not in self.reader
        except (KeyError, ValueError):  # no such field, or a value it cannot hold
            absent = True
        if absent:
            return {} if self.scored else set()
        wanted = None if within is None else set(within)
        if not self.scored:
            found: set[int] = set()
            for ids, _, _ in self._postings(fieldname, text, within):
                found.update(ids if wanted is None else wanted.intersection(ids))
            return found
        score = self._scorer(fieldname, text, boost)
        scores: dict[int, float] = {}
        for ids, weights, _ in self._postings(fieldname, text, within):
            if wanted is not None:
                kept = [(n, w) for n, w in zip(ids, weights) if n in wanted]
                ids, weights = [n for n, _ in kept], [w for _, w in kept]
            scores.update(zip(ids, score(ids, weights)))
        return scores

    def _scorer(self, fieldname: str, text, boost: float
                ) -> Callable[[Sequence[int], Sequence[float]], list[float]]:
        """Return score(numbers, weights) -> scores, as Whoosh's matcher for the term scores
        each document."""
        field = self.searcher.schema[fieldname]
        if not field.scorable:  # Whoosh's WeightScorer: the weight is the score
            return lambda ids, weights: [w * boost for w in weights] if boost != 1.0 else list(weights)
        scorer = self.top.weighting.scorer(self.searcher, fieldname, field.to_bytes(text))
        idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        # whoosh.scoring.bm25 with its length term computed once per length byte: the
        # same operations in the same order, so the same floats.
        norm = [k1 * ((1 - b) + b * byte_to_length(byte) / avgfl) for byte in range(256)]
        lengths = self._field_lengths(fieldname)
        k1_1 = k1 + 1

        def score(ids: Sequence[int], weights: Sequence[float]) -> list[float]:
            found = [idf * ((w * k1_1) / (w + norm[lengths[n]])) for n, w in zip(ids, weights)]
            return [s * boost for s in found] if boost != 1.0 else found
        return score

    def _field_lengths(self, fieldname: str) -> bytes:
        """Return each document's length byte in ``fieldname``: one read of the column."""
        found = self._lengths.get(fieldname)
        if found is None:
            column = self.reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            count = self.reader.doc_count_all()
            found = b""
            if column is not None:
                found = column._dbfile.get(column._basepos, column._count)
            found = self._lengths[fieldname] = found + bytes(max(0, count - len(found)))
        return found

    # --- phrases --------------------------------------------------------------------------

    def _phrase(self, node: Phrase, within):
        if node.slop != 1:
            raise Unsupported("phrase with slop")
        field = self.searcher.schema[node.fieldname]
        if not field.format or not field.format.supports("positions"):
            raise Unsupported("phrase without positions")
        words = list(node.words)
        try:
            btexts = [field.to_bytes(word) for word in words]
        except ValueError:
            return {} if self.scored else set()
        if any((node.fieldname, btext) not in self.reader for btext in btexts):
            return {} if self.scored else set()
        # The documents holding every word, rarest word first; then their positions.
        order = sorted(range(len(words)),
                       key=lambda i: self.reader.doc_frequency(node.fieldname, btexts[i]))
        current = within
        for i in order[:-1]:
            current = sorted(self._term_numbers(node.fieldname, btexts[i], current))
            if not current:
                return {} if self.scored else set()
        positions: list[dict[int, tuple[float, bytes]]] = [{} for _ in words]
        for i in order[::-1]:  # the last read narrows the candidates most cheaply
            wanted = set(current) if current is not None else None
            table = positions[i]
            for ids, weights, values in self._postings(node.fieldname, btexts[i], current, values=True):
                for n, w, v in zip(ids, weights, values):
                    if wanted is None or n in wanted:
                        table[n] = (w, v)
            current = sorted(n for n in (current if current is not None else table) if n in table)
        decode = _positions if type(field.format) is Positions else field.format.decode_positions
        matched = []
        for n in current:
            starts = set(decode(positions[0][n][1]))
            for offset in range(1, len(words)):
                starts.intersection_update(p - offset for p in decode(positions[offset][n][1]))
                if not starts:
                    break
            if starts:
                matched.append(n)
        if not self.scored:
            return set(matched)
        # Whoosh scores a phrase as the sum of its words' scores (a binary tree of
        # intersections), times the phrase's boost.
        word_scores = [score(matched, [table[n][0] for n in matched])
                       for score, table in zip((self._scorer(node.fieldname, word, 1.0)
                                                for word in words), positions)]
        plan = _binary_tree(list(range(len(words))))
        return {n: _boosted(_tree_sum(plan, [found[i] for found in word_scores]), node.boost)
                for i, n in enumerate(matched)}

    def _term_numbers(self, fieldname: str, btext, within) -> set[int]:
        wanted = None if within is None else set(within)
        found: set[int] = set()
        for ids, _, _ in self._postings(fieldname, btext, within):
            found.update(ids if wanted is None else wanted.intersection(ids))
        return found


# --- sums in Whoosh's order ---------------------------------------------------------------
#
# Whoosh adds the scores of an And's or an Or's parts pairwise along a tree of matchers;
# floating-point sums depend on their grouping, so scores are added along the same tree.


def _positions(value: bytes) -> Iterable[int]:
    """``whoosh.formats.Positions.decode_positions`` without its Python loop: a count,
    then the pickled gaps between positions (their pickle may lack its final stop code:
    one is added, and bytes past the first are ignored)."""
    return accumulate(loads(value[_INT_SIZE:] + b"."))


class _One:
    """The scores of a Not inside an And: 1 for every document."""

    def __getitem__(self, number: int) -> float:
        return 1.0


_ONE = _One()


def _shared_score(found) -> float | None:
    """The one score every document in ``found`` has, or None if they differ."""
    if found is _ONE:
        return 1.0
    scores = set(found.values())  # in C, and short: one value when they agree
    return scores.pop() if len(scores) == 1 else None


def _weighted_tree(weighted: list[tuple[int, int]]):
    """Return the grouping ``whoosh.util.make_weighted_tree`` gives parts of these weights."""
    nodes = sorted(weighted)
    while len(nodes) > 1:
        (wa, a), (wb, b) = nodes.pop(0), nodes.pop(0)
        insort(nodes, (wa + wb, (a, b)), key=lambda node: node[0])
    return nodes[0][1]


def _binary_tree(parts: list):
    """Return the grouping ``whoosh.util.make_binary_tree`` gives these parts."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return (_binary_tree(parts[:half]), _binary_tree(parts[half:]))


def _tree_sum(plan, values: list):
    """Add the present (not None) ``values`` grouped as ``plan``; None if none is present."""
    if isinstance(plan, int):
        return values[plan]
    a, b = _tree_sum(plan[0], values), _tree_sum(plan[1], values)
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def _boosted(score, boost: float):
    return score * boost if boost != 1.0 else score
