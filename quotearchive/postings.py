"""Match and score queries over whole posting lists held as numpy arrays.

Whoosh's matchers step through postings one document at a time, through
several layers of Python method calls per step: at a million quotes a
frequent word costs about 1.5 µs per posting only to list its documents,
and about 12 µs per posting to score it (a column read per document for its
length), and an exact phrase of common words takes seconds. This module
reads a word's posting list a block at a time instead (one read, one zlib
inflate, one unpickle per block), keeps it as two arrays (document numbers,
BM25F scores), and evaluates the shapes the search box produces (words,
``Or``, ``And``, ``AndNot``/``Not``, exact phrases, wildcards) as array
operations:

* a word's arrays are kept for the index generation, the most recently used
  within ``CACHE_BYTES`` (``quotearchive.columns`` holds them): "the" at a
  million quotes takes 230 ms to read and 12 MB to keep, then nothing;
* an ``And`` evaluates its rarest part first and keeps, of each later part,
  the documents still in the running (a binary search of the smaller list
  in the larger);
* a phrase on a field with positions is the ``And`` of its words, then each
  remaining document's positions are compared, from the blocks read;
* scores are Whoosh's own BM25F (same function, same field statistics,
  boosts applied as ``WrappingMatcher`` does, sums grouped as Whoosh's
  matcher trees group them), computed with the same float operations in the
  same order, so the same numbers: a missing part adds 0.0, which leaves any
  sum as it was.

Any other query node (word ranges, fuzzy words, ``Every`` ...) raises
``Unsupported``, and the caller falls back on Whoosh's matchers.
"""
from __future__ import annotations

import functools
import math
import time
import zlib
from bisect import insort
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, chain, repeat
from pathlib import Path
from pickle import loads

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.formats import Positions
from whoosh.query import And, AndNot, Not, NullQuery, Or, Phrase, Prefix, Query, Term, Wildcard
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

from quotearchive import postingfiles
from quotearchive.columns import columns_for

# Whoosh runs an Or of more than two parts as an array of scores in a segment this small
# (whoosh.query.Or._matcher), which adds the parts' scores in another order.
_SMALL_SEGMENT = 5000
# A word's arrays are kept only if they take at most this share of the generation's
# budget: one huge list would otherwise push out every other. (Half: "the" at a million
# quotes, 10 MB, is kept in 32 MB; read and scored again it took ~10 ms a search.)
_LARGEST_KEPT_SHARE = 2
# What keeping a posting costs: its document number and its score.
_POSTING_BYTES = np.dtype(np.int32).itemsize + np.dtype(np.float64).itemsize

NUMBERS = np.int32  # document numbers: a segment holds fewer than 2**31
_NO_NUMBERS = np.empty(0, NUMBERS)
_NO_SCORES = np.empty(0, np.float64)


class Unsupported(Exception):
    """The query holds a node this module does not evaluate: use Whoosh's matchers."""


class OutOfTime(Exception):
    """The deadline passed: ``numbers`` (and ``scores``) are every match up to the last
    document read when it did, and only those."""

    def __init__(self, numbers: np.ndarray, scores: np.ndarray | None):
        super().__init__("out of time")
        self.numbers = numbers
        self.scores = scores


def check_supported(searcher: Searcher, query: Query) -> None:
    """Raise Unsupported unless every node of ``query`` can be evaluated here."""
    if not isinstance(searcher.weighting, BM25F):
        raise Unsupported(type(searcher.weighting).__name__)

    def walk(node: Query) -> None:
        # Exact types: subclasses (Ordered, FuzzyTerm ...) mean something else.
        if type(node) in (Term, Phrase, Prefix, Wildcard):
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
          ) -> tuple[np.ndarray, np.ndarray | None]:
    """Return the numbers of the documents ``query`` matches, ascending, and their scores
    in the same order (None unless ``scored``). Raise Unsupported for a query Whoosh must
    run, OutOfTime (with the matches found so far) after ``deadline``."""
    check_supported(searcher, query)
    kept = columns_for(searcher).decoded
    numbers: list[np.ndarray] = []
    scores: list[np.ndarray] = []
    leaves = searcher.reader().leaf_readers()
    every_lists = _list_files(searcher, [reader for reader, _ in leaves])
    for (reader, offset), (subsearcher, _), lists in zip(leaves, searcher.leaf_searchers(), every_lists):
        segment = _Segment(searcher, subsearcher, reader, scored, deadline, kept, lists, every_lists)
        ids, found_scores = segment.evaluate(query, None)
        if segment.cutoff is not None:  # out of time: what was matched up to the cutoff
            stop = np.searchsorted(ids, segment.cutoff, side="right")
            ids, found_scores = ids[:stop], found_scores[:stop] if scored else None
        if reader.has_deletions():
            alive = _alive(reader, ids)
            ids, found_scores = ids[alive], found_scores[alive] if scored else None
        numbers.append(_in_index(ids, offset))
        if scored:
            scores.append(found_scores)
        if segment.cutoff is not None:
            raise OutOfTime(_joined(numbers, _NO_NUMBERS),
                            _joined(scores, _NO_SCORES) if scored else None)
    return _joined(numbers, _NO_NUMBERS), _joined(scores, _NO_SCORES) if scored else None


def warm(searcher: Searcher, fieldname: str, budget: int) -> int:
    """Read the posting lists of the field's most frequent words into the kept lists,
    as many as ``budget`` bytes hold, most frequent first; return how many were read.

    They are the slowest to read (a word in 50,000 quotes: 15 ms) and the
    likeliest to be searched for.
    """
    reader = searcher.reader()
    if fieldname not in searcher.schema or not reader.doc_count():
        return 0
    frequent = sorted(((info.doc_frequency(), term) for term, info in reader.iter_field(fieldname)),
                      reverse=True)
    read = used = 0
    for frequency, term in frequent:
        used += frequency * _POSTING_BYTES
        if used > budget:
            break
        match(searcher, Term(fieldname, term), scored=True, deadline=float("inf"))
        read += 1
    return read


def documents_of(searcher: Searcher, fieldname: str, text: str) -> np.ndarray:
    """Return the live documents holding one word, ascending: ``match`` of a lone Term,
    unscored, read straight from the segments' list files (a statement's reports are
    listed so for every statement on a page: the general walk cost twice the reads)."""
    leaves = searcher.reader().leaf_readers()
    files = _list_files(searcher, [reader for reader, _ in leaves])
    try:
        btext = searcher.schema[fieldname].to_bytes(text)
    except (KeyError, ValueError):
        return _NO_NUMBERS
    places = [lists.find(fieldname, btext) if lists is not None else None for lists in files]
    if None in places:  # a segment without a list file, or one not listing the field
        return match(searcher, Term(fieldname, text), scored=False, deadline=float("inf"))[0]
    parts = []
    for (reader, offset), lists, (start, count) in zip(leaves, files, places):
        if not count:
            continue
        ids = lists.read(fieldname, start, count)[0]
        if reader.has_deletions():
            ids = ids[_alive(reader, ids)]
        parts.append(_in_index(ids, offset))
    return _joined(parts, _NO_NUMBERS)


def _in_index(ids: np.ndarray, offset: int) -> np.ndarray:
    """A segment's document numbers as the whole index numbers them."""
    return ids + NUMBERS(offset) if offset else ids


def _alive(reader, ids: np.ndarray) -> np.ndarray:
    """Return a mask of the segment's documents ``ids`` that are not deleted."""
    return ~np.isin(ids, np.fromiter(reader.deleted_docs_set, NUMBERS))


def _list_files(searcher: Searcher, readers) -> list[postingfiles.SegmentLists | None]:
    """Return each segment's list file (quotearchive.postingfiles), None where it has none."""
    folder = getattr(getattr(searcher._ix, "storage", None), "folder", None)
    return [postingfiles.lists_for(folder, reader.segment().segment_id())
            if folder and hasattr(reader, "segment") else None
            for reader in readers]


def write_lists(folder: str | Path, reader) -> Path:
    """Write the list file (quotearchive.postingfiles) of the segment ``reader`` reads, in
    ``folder``, from its own blocks; return its path.

    Which fields: see ``postingfiles.listed``.
    """
    segment = _Segment(None, None, reader, scored=False, deadline=float("inf"), kept=None)
    path = Path(folder) / postingfiles.file_name(reader.segment().segment_id())
    with postingfiles.ListsWriter(path) as lists:
        for name, field in reader.schema.items():
            if postingfiles.listed(field):
                lists.start_field(name)
                for btext in reader.lexicon(name):
                    lists.add(btext, *segment.decode(name, btext, None))
                lists.finish_field()
    return path


def _joined(parts: list[np.ndarray], empty: np.ndarray) -> np.ndarray:
    if len(parts) == 1:
        return parts[0]
    return np.concatenate(parts) if parts else empty


def positions_in(numbers: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Return the positions in ``numbers`` (sorted, unique) of those also in ``wanted``
    (sorted, unique), ascending: long lists of like sizes are marked in a bitmap, short
    ones merged, and a list much shorter than the other looked up in it."""
    if not len(numbers) or not len(wanted):
        return np.empty(0, np.intp)
    shorter, longer = sorted((len(numbers), len(wanted)))
    if longer <= _MERGE_RATIO * shorter:
        if shorter >= _BITMAP_FROM:
            # One pass over each list, through a byte per document up to the largest:
            # sorting the two lists together costs a log factor more (100,000 and 100,000
            # numbers: 0.8 against 2.3 ms).
            mark = np.zeros(max(int(numbers[-1]), int(wanted[-1])) + 1, bool)
            mark[wanted] = True
            return np.flatnonzero(mark[numbers])
        # Binary searches cost a cache miss or more per step: for lists of like sizes, a
        # merge (a stable sort of two sorted runs) took a half to a third of the time.
        joined = np.concatenate((numbers, wanted))
        order = np.argsort(joined, kind="stable")
        ordered = joined[order]
        # A number in both lists sorts twice in a row, the one from ``numbers`` first.
        return order[:-1][ordered[1:] == ordered[:-1]]
    if len(wanted) <= len(numbers):
        at = np.searchsorted(numbers, wanted)
        inside = at < len(numbers)
        at = at[inside]
        return at[numbers[at] == wanted[inside]]
    at = np.minimum(np.searchsorted(wanted, numbers), len(wanted) - 1)
    return np.flatnonzero(wanted[at] == numbers)


# Up to this ratio of their lengths two lists are merged, past it looked up (measured:
# 10,000 and 10,000 numbers 137 against 332 us, 20,000 and 2,000 141 against 83 us).
_MERGE_RATIO = 4
# From this length (the shorter list's) lists of like sizes go through a bitmap (measured
# in one run, bitmap against merge: 10,000 and 10,000 numbers out of 536,000 96 against
# 178 us; 1,000 and 1,000 38 against 22 us; the bitmap spans up to the largest number).
_BITMAP_FROM = 4000


class _Segment:
    """Evaluates a query over one segment (local document numbers).

    Every evaluation returns (numbers, scores): the matching documents as a
    sorted array, and their scores in the same order (None when unscored).
    """

    def __init__(self, top: Searcher | None, searcher: Searcher | None, reader, scored: bool,
                 deadline: float, kept, lists: postingfiles.SegmentLists | None = None,
                 every_lists: Sequence[postingfiles.SegmentLists | None] = ()):
        self.top = top
        self.searcher = searcher
        self.reader = reader
        self.schema = reader.schema
        # This segment's list file, and every segment's (a word's idf counts it in all).
        self.lists = lists
        self.every_lists = every_lists
        self._places: dict[tuple[str, bytes], tuple[int, int] | None] = {}
        self.scored = scored
        self.deadline = deadline
        self.kept = kept
        self.segment_id = reader.segment().segment_id() if hasattr(reader, "segment") else id(reader)
        # Set when the deadline passes: from then on postings are read only up to this
        # document, so that every match up to it, and only those, is found.
        self.cutoff: int | None = None

    def _none(self) -> tuple[np.ndarray, np.ndarray | None]:
        return _NO_NUMBERS, (_NO_SCORES if self.scored else None)

    def evaluate(self, node: Query, within: np.ndarray | None):
        """Return (numbers, scores) of the documents ``node`` matches, among ``within``
        (sorted) if given."""
        if isinstance(node, Term):
            return self._term(node.fieldname, node.text, node.boost, within)
        if isinstance(node, Phrase):
            return self._phrase(node, within)
        if type(node) in (Prefix, Wildcard):
            expanded = _expanded(node, self.reader)
            return self._none() if expanded is NullQuery else self.evaluate(expanded, within)
        if isinstance(node, AndNot):
            ids, scores = self.evaluate(node.a, within)
            unwanted, _ = self.evaluate(node.b, ids)
            keep = _without(ids, unwanted)
            return ids[keep], scores[keep] if self.scored else None  # scored by its first part
        if isinstance(node, And):
            return self._and(list(node.children()), within, node.boost)
        if type(node) is Or:
            return self._or(list(node.children()), within, node.boost)
        raise Unsupported(type(node).__name__)

    # --- compound nodes ---------------------------------------------------------------

    def _size(self, node: Query) -> int:
        """Return ``node.estimate_size(reader)`` (which orders an And's parts and groups
        their sums), from the kept lists and the list file where they hold the words:
        Whoosh looks each word up in the term dictionary again."""
        if type(node) is Term:
            btext = self._btext(node.fieldname, node.text)
            if btext is None:
                return 0
            # A kept list is the whole list: its length is the word's document frequency.
            found = self.kept.get((self.segment_id, node.fieldname, btext))
            if found is not None:
                return len(found[0])
            place = self._place(node.fieldname, btext)
            if place is not None:
                return place[1]
        elif type(node) is Or:  # whoosh.query.CompoundQuery.estimate_size
            return min(sum(self._size(child) for child in node.children()), self.reader.doc_count())
        elif type(node) is And:
            return min(self._size(child) for child in node.children())
        return node.estimate_size(self.reader)

    def _place(self, fieldname: str, btext: bytes) -> tuple[int, int] | None:
        """``SegmentLists.find`` in this segment's list file (None without one), once per
        word and search: an And's parts are sized, then read."""
        if self.lists is None:
            return None
        key = (fieldname, btext)
        if key not in self._places:
            self._places[key] = self.lists.find(fieldname, btext)
        return self._places[key]

    def _btext(self, fieldname: str, text) -> bytes | None:
        """Return a word as the field indexes it, or None if the field cannot hold it."""
        try:
            return self.schema[fieldname].to_bytes(text)
        except (KeyError, ValueError):  # no such field, or a value it cannot hold
            return None

    def _and(self, children: list[Query], within, boost: float = 1.0):
        wanted = [child for child in children if type(child) is not Not]
        unwanted = [child.query for child in children if type(child) is Not]
        # Each part's estimated size, looked up once (a term dictionary read for a word not
        # kept): it orders the parts, and it weighs Whoosh's tree of sums below.
        sizes = [self._size(child) for child in wanted]
        # Rarest first: each later part is looked up only where the earlier ones matched.
        order = sorted(range(len(wanted)), key=sizes.__getitem__)
        results: list = [None] * len(wanted)
        current = within
        for i in order:
            results[i] = self.evaluate(wanted[i], current)
            current = results[i][0]
            if not len(current):
                return self._none()
        for child in unwanted:
            current = current[_without(current, self.evaluate(child, current)[0])]
        if not self.scored:
            return current, None
        # Whoosh intersects the parts along a tree weighted by their estimated sizes; a Not
        # part (an inverted matcher) adds 1 to the score.
        wanted_sizes = iter(sizes)
        plan = _weighted_tree([(-(self._size(child) if type(child) is Not else next(wanted_sizes)), i)
                               for i, child in enumerate(children)])
        parts = iter(results)
        values = []
        for child in children:
            if type(child) is Not:
                values.append(np.ones(len(current)))
            else:
                ids, scores = next(parts)
                values.append(scores[positions_in(ids, current)] if len(ids) != len(current)
                              else scores)
        return current, _boosted(_tree_sum(plan, values), boost)

    def _or(self, children: list[Query], within, boost: float = 1.0):
        results = [self.evaluate(child, within) for child in children]
        found = [result for result in results if len(result[0])]
        if len(found) <= 1:
            # One part matched (a word found in quotes, not in speakers' names): its own
            # scores, as every missing part adds nothing.
            ids, scores = found[0] if found else self._none()
            return ids, _boosted(scores, boost) if self.scored else None
        every = _union([ids for ids, _ in found])
        if not self.scored:
            return every, None
        # Each part's scores spread over every match, 0.0 where the part is missing.
        spread = []
        for ids, scores in results:
            full = np.zeros(len(every))
            full[positions_in(every, ids)] = scores
            spread.append(full)
        if len(children) != 2 and (len(children) >= Or.TOO_MANY_CLAUSES
                                   or self.searcher.doc_count_all() <= _SMALL_SEGMENT):
            # Whoosh preloads such an Or into an array of scores, added part after part.
            total = np.zeros(len(every))
            for part in spread:
                total += _boosted(part, boost)
            return every, total
        plan = _weighted_tree([(self._size(child), i) for i, child in enumerate(children)])
        return every, _boosted(_tree_sum(plan, spread), boost)

    # --- words --------------------------------------------------------------------------

    def _blocks(self, fieldname: str, btext: bytes, within, values: bool = False,
                raw: bool = False) -> Iterator[tuple[Sequence[int], Sequence[float], Sequence | None]]:
        """Yield (numbers, weights, values) of the blocks of a term's postings that can
        hold one of ``within`` (sorted; None for every block), up to the cutoff.

        ``raw`` yields each block's gaps and weights as stored instead: the gaps
        after its first number, and None (every weight 1), one float for all,
        or a weight each."""
        field = self.schema[fieldname]
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
            if raw and ids:
                ids = [ids[0], *(b - a for a, b in zip(ids, ids[1:]))]
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
            if raw:
                yield gaps, weights, block_values
            else:
                # A block's first "gap" is its first document number.
                yield accumulate(gaps), _each_weight(weights, len(gaps)), block_values
            if within is not None:
                position = int(np.searchsorted(within, matcher._maxid, side="right"))
            if self.cutoff is not None and matcher._maxid >= self.cutoff:
                return  # this block reached the cutoff
            if self.cutoff is None and time.monotonic() > deadline:
                self.cutoff = matcher._maxid
                return
            matcher._next_block()

    def decode(self, fieldname: str, btext: bytes, within) -> tuple[np.ndarray, np.ndarray | None]:
        """Return a term's (numbers, weights; None where every weight is 1) from its blocks
        that can hold one of ``within``."""
        gaps, weights = [], []
        for block_gaps, block_weights, _ in self._blocks(fieldname, btext, within, raw=True):
            gaps.append(block_gaps)
            weights.append(block_weights)
        sizes = np.fromiter(map(len, gaps), np.int64, len(gaps))
        total = int(sizes.sum())
        if not total:
            return _NO_NUMBERS, None
        # Every block's gaps run on from the last document of the block before, except its
        # first, which is a document number: one running sum over all of them, less the sum
        # reached before each block.
        running = np.cumsum(np.fromiter(chain.from_iterable(gaps), np.int64, total))
        before = np.concatenate(([0], running[np.cumsum(sizes)[:-1] - 1]))
        ids = (running - np.repeat(before, sizes)).astype(NUMBERS)
        if all(w is None for w in weights):
            return ids, None
        return ids, np.fromiter(chain.from_iterable(map(_each_weight, weights, sizes.tolist())),
                                np.float64, total)

    def _postings(self, fieldname: str, btext: bytes, within) -> tuple[np.ndarray, np.ndarray | None]:
        """Return a term's (numbers, scores at boost 1), whole, or only the blocks that can
        hold one of ``within`` for a list too long to keep; scores are None when unscored
        and not kept. Raise TermNotFound for a term not in the segment."""
        key = (self.segment_id, fieldname, btext)
        found = self.kept.get(key)
        if found is not None:
            return found
        largest = self.kept.budget // _LARGEST_KEPT_SHARE
        place = self._place(fieldname, btext)
        if place is not None:  # the segment's list file: one read, whole
            start, count = place
            if not count:
                raise TermNotFound(f"{fieldname}:{btext!r}")
            ids, weights = self.lists.read(fieldname, start, count)
            if self.cutoff is None and time.monotonic() > self.deadline:
                # Out of time: the list is read whole, as one block would be, and later
                # lists only up to its last document (_term cuts them there).
                self.cutoff = int(ids[-1])
            if not self.scored:
                return ids, None  # as quick to read again as to keep: only scores are kept
        else:  # the segment's own blocks
            if within is not None:
                frequency = self.reader.doc_frequency(fieldname, btext)
                if not frequency:
                    raise TermNotFound(f"{fieldname}:{btext!r}")  # no need to look it up again
                if frequency * _POSTING_BYTES > largest:
                    ids, weights = self.decode(fieldname, btext, within)
                    return ids, self._scores(fieldname, btext, ids, weights)
            cutoff = self.cutoff
            ids, weights = self.decode(fieldname, btext, None)
            if cutoff is not None or self.cutoff is not None:
                # Kept only when read whole: not cut short by the deadline, now or before.
                return ids, self._scores(fieldname, btext, ids, weights)
        found = ids, self._scores(fieldname, btext, ids, weights)
        self.kept.put(key, found, found[0].nbytes + found[1].nbytes, largest=largest)
        return found

    def _term(self, fieldname: str, text, boost: float, within):
        btext = self._btext(fieldname, text)
        if btext is None:
            return self._none()
        try:
            # A word not in the segment is found so by reading it: the term dictionary is
            # looked up once, not once to ask and again to read (a few reads each).
            ids, scores = self._postings(fieldname, btext, within)
        except TermNotFound:
            return self._none()
        if self.cutoff is not None:
            stop = np.searchsorted(ids, self.cutoff, side="right")
            ids, scores = ids[:stop], (scores[:stop] if self.scored else None)
        if within is not None:
            keep = positions_in(ids, within)
            ids, scores = ids[keep], (scores[keep] if self.scored else None)
        if not self.scored:
            return ids, None
        return ids, _boosted(scores, boost)

    def _scores(self, fieldname: str, btext: bytes, ids: np.ndarray, weights: np.ndarray
                ) -> np.ndarray:
        """Return the scores Whoosh's matcher for the term gives ``ids`` (at boost 1), from
        their weights (None: every weight 1)."""
        if weights is None:
            weights = np.ones(len(ids))
        field = self.schema[fieldname]
        if not field.scorable:  # Whoosh's WeightScorer: the weight is the score
            return weights
        # What whoosh.scoring.BM25F.scorer gives its BM25FScorer, without making one: making
        # one also reads the term's dictionary entry (for block quality), in every segment.
        weighting = self.top.weighting
        self._count_idf(fieldname, btext)
        idf = self.top.idf(fieldname, btext)
        avgfl = self.top.avg_field_length(fieldname) or 1
        b, k1 = weighting._field_B.get(fieldname, weighting.B), weighting.K1
        lengths = _length_norms(avgfl, b, k1)[self._field_lengths(fieldname)[ids]]
        return idf * ((weights * (k1 + 1)) / (weights + lengths))

    def _count_idf(self, fieldname: str, btext: bytes) -> None:
        """Put a word's idf where ``Searcher.idf`` looks first, counted from the list files,
        where Whoosh would look the word up in every segment's term dictionary."""
        cache = self.top._idf_cache  # Searcher.idf's own cache (whoosh-reloaded is pinned)
        if (fieldname, btext) in cache or not self.every_lists or not all(self.every_lists):
            return
        places = [lists.find(fieldname, btext) for lists in self.every_lists]
        if None in places:
            return
        # whoosh.scoring.WeightingModel.idf over the same numbers: each segment's postings,
        # deleted documents included, as Whoosh's term dictionary counts them.
        frequency = sum(count for _, count in places)
        cache[(fieldname, btext)] = math.log(self.top.doc_count_all() / (frequency + 1)) + 1

    def _field_lengths(self, fieldname: str) -> np.ndarray:
        """Return each document's length byte in ``fieldname``: one read of the column."""
        key = (self.segment_id, "lengths", fieldname)
        found = self.kept.get(key)
        if found is None:
            column = self.reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            count = self.reader.doc_count_all()
            data = b""
            if column is not None:
                data = column._dbfile.get(column._basepos, column._count)
            found = np.frombuffer(data + bytes(max(0, count - len(data))), np.uint8)
            self.kept.put(key, found, found.nbytes)
        return found

    # --- phrases --------------------------------------------------------------------------

    def _phrase(self, node: Phrase, within):
        if node.slop != 1:
            raise Unsupported("phrase with slop")
        field = self.schema[node.fieldname]
        if not field.format or not field.format.supports("positions"):
            raise Unsupported("phrase without positions")
        words = list(node.words)
        try:
            btexts = [field.to_bytes(word) for word in words]
        except ValueError:
            return self._none()
        if any((node.fieldname, btext) not in self.reader for btext in btexts):
            return self._none()
        # The documents holding every word, rarest word first; then their positions.
        order = sorted(range(len(words)),
                       key=lambda i: self.reader.doc_frequency(node.fieldname, btexts[i]))
        current = within
        for i in order[:-1]:
            current = self._term(node.fieldname, words[i], 1.0, current)[0]
            if not len(current):
                return self._none()
        positions: list[dict[int, tuple[float, bytes]]] = [{} for _ in words]
        candidates = None if current is None else current.tolist()
        for i in order[::-1]:  # the last read narrows the candidates most cheaply
            wanted = set(candidates) if candidates is not None else None
            table = positions[i]
            for ids, weights, values in self._blocks(node.fieldname, btexts[i], current, values=True):
                for n, w, v in zip(ids, weights, values):
                    if wanted is None or n in wanted:
                        table[n] = (w, v)
            candidates = sorted(n for n in (candidates if candidates is not None else table)
                                if n in table)
            current = np.array(candidates, NUMBERS)
        decode = _positions if type(field.format) is Positions else field.format.decode_positions
        matched = []
        for n in candidates:
            starts = set(decode(positions[0][n][1]))
            for offset in range(1, len(words)):
                starts.intersection_update(p - offset for p in decode(positions[offset][n][1]))
                if not starts:
                    break
            if starts:
                matched.append(n)
        ids = np.array(matched, NUMBERS)
        if not self.scored:
            return ids, None
        # Whoosh scores a phrase as the sum of its words' scores (a binary tree of
        # intersections), times the phrase's boost.
        word_scores = [self._scores(node.fieldname, btext, ids,
                                    np.array([table[n][0] for n in matched], np.float64))
                       for btext, table in zip(btexts, positions)]
        return ids, _boosted(_tree_sum(_binary_tree(list(range(len(words)))), word_scores),
                             node.boost)


def _each_weight(weights, count: int) -> Iterable[float]:
    """A block's ``count`` weights from what it stores: None (every weight 1), one float
    for all, or a weight each."""
    if weights is None:
        return repeat(1.0, count)
    if isinstance(weights, float):
        return repeat(weights, count)
    return weights


def _expanded(node: Prefix | Wildcard, reader) -> Query:
    """Return the query ``whoosh.query.MultiTerm.matcher`` runs for a wildcard in one
    segment: the one word it covers there (boost dropped, as Whoosh drops it), or the Or
    of its words; its "constant score" changes nothing, the searcher's weighting is used."""
    words = [word for word in node._btexts(reader) if word]
    if not words:
        return NullQuery
    if len(words) == 1:
        return Term(node.field(), words[0])
    return Or([Term(node.field(), word) for word in words], boost=node.boost)


@functools.lru_cache(maxsize=64)  # one per field and generation: the same for all its words
def _length_norms(avgfl: float, b: float, k1: float) -> np.ndarray:
    """whoosh.scoring.bm25's length term for each of the 256 length bytes: the same
    operations in the same order as Whoosh's, so the same floats."""
    norms = np.array([k1 * ((1 - b) + b * byte_to_length(byte) / avgfl) for byte in range(256)])
    norms.flags.writeable = False  # shared by every search
    return norms


def _without(numbers: np.ndarray, unwanted: np.ndarray) -> np.ndarray:
    """Return a mask of ``numbers`` that are not in ``unwanted`` (both sorted)."""
    keep = np.ones(len(numbers), bool)
    keep[positions_in(numbers, unwanted)] = False
    return keep


def _union(parts: list[np.ndarray]) -> np.ndarray:
    """Return the sorted numbers in any of ``parts`` (each sorted)."""
    # A stable sort of integers this wide is a merge sort: sorted runs are merged, not sorted.
    every = np.sort(np.concatenate(parts), kind="stable")
    if len(every) < 2:
        return every
    return every[np.concatenate(([True], every[1:] != every[:-1]))]


# --- sums in Whoosh's order ---------------------------------------------------------------
#
# Whoosh adds the scores of an And's or an Or's parts pairwise along a tree of matchers;
# floating-point sums depend on their grouping, so scores are added along the same tree.


def _positions(value: bytes) -> Iterable[int]:
    """``whoosh.formats.Positions.decode_positions`` without its Python loop: a count,
    then the pickled gaps between positions (their pickle may lack its final stop code:
    one is added, and bytes past the first are ignored)."""
    return accumulate(loads(value[_INT_SIZE:] + b"."))


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
    """Add ``values`` (arrays of scores, one per part) grouped as ``plan``."""
    if isinstance(plan, int):
        return values[plan]
    return _tree_sum(plan[0], values) + _tree_sum(plan[1], values)


def _boosted(score, boost: float):
    return score * boost if boost != 1.0 else score
