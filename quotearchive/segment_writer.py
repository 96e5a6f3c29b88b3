"""Writing a whole new index fast: one Whoosh segment per process, straight through the codec.

Whoosh's own writer (``SegmentWriter``) puts every posting - one per term
per field per document, about fifty a quote - into a generic pool as a
tuple, sorts all of them (spilling sorted runs to disk and merging them
back once the pool passes its memory limit), then looks up each posting's
field length in the column file it has just written. At a million quotes
that bookkeeping, not the postings themselves, was most of the build.

A new build is written once, in document order, so this writer keeps each
term's postings in its own list as documents arrive (they are then already
in document order), keeps the field lengths it computed, and at the end
hands the codec the terms in sorted order. Terms, stored fields, lengths
and columns come from the same Whoosh field objects and codec calls as
``SegmentWriter`` uses, so the segment is the one Whoosh would have written
(tests/test_segment_writer.py compares them). The same postings go, as they
are written, into the segment's list file (``quotearchive.postingfiles``).
Used for full rebuilds only: adding to an index (``update_index``) goes
through Whoosh's writer.
"""
from __future__ import annotations

import gc
from array import array
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.formats import Existence, Frequency
from whoosh.index import TOC, FileIndex, clean_files
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from quotearchive import postingfiles
from quotearchive.fast_analysis import compile_counts, compile_field

# Postings per block of a posting list (Whoosh writes 128). A search reads a word's list
# whole (quotearchive.postings), and each block costs a seek, a header, an inflate and an
# unpickle of its own: at 128 a posting cost about 0.3 µs to read, mostly per block.
BLOCK_POSTINGS = 1024

# What a document is made from: the item at a position of the list being written.
MakeDocument = Callable[[Any], dict[str, Any]]

# The index, the items being written and how each becomes a document, inherited by
# forked workers instead of pickled to them.
_WORK: tuple[FileIndex, Sequence[Any], MakeDocument] | None = None


# How a field's postings are kept until the segment is written, by what its format
# records: documents only (ID fields, the word pairs), documents and counts (the words),
# or anything else as given (KEYWORD fields, which keep counts but no lengths).
DOCUMENTS, COUNTS, AS_GIVEN = "documents", "counts", "as given"


class SegmentBuilder:
    """One new segment of ``ix``: add documents in order, then ``finish()`` it.

    Postings are kept compactly until then - a million quotes make some sixty
    million of them, and as Python objects (an int, a float and a bytes each)
    they took 5 GB per process: a field that records only documents keeps an
    ``array`` of document numbers per term, one that records counts keeps
    document numbers and counts in one ``array``, and the weight and encoded
    value Whoosh wants are rebuilt from the count when the term is written.
    """

    def __init__(self, ix: FileIndex):
        self.schema = ix.schema
        self.storage = ix.storage
        self.codec = W3Codec(blocklimit=BLOCK_POSTINGS)
        self.segment = self.codec.new_segment(self.storage, ix.indexname)
        self._perdoc = self.codec.per_document_writer(self.storage, self.segment)
        self._docs = 0
        indexed = [name for name, field in self.schema.items() if field.indexed]
        self._kinds = {name: _kind(self.schema[name]) for name in indexed}
        # The same terms as ``field.index(value)``, computed faster where that is possible;
        # for the words, only (term, count): their weight and value are made from the count.
        self._analyse = {name: (_counts_of(self.schema[name]) if self._kinds[name] is COUNTS
                                else compile_field(self.schema[name]) or self.schema[name].index)
                         for name in indexed}
        # Field name -> term bytes -> its postings so far, in document order (see _kind).
        self._postings: dict[str, dict[bytes, Any]] = {name: {} for name in indexed}
        # Field lengths by document as the codec will give them back (stored as one byte,
        # so rounded): the field writer keeps each term's shortest and longest document.
        self._lengths: dict[str, array] = {name: array("I") for name in indexed
                                           if self.schema[name].scorable}

    def add(self, fields: dict[str, Any]) -> None:
        """Add one document (field name -> value; fields without a value left out)."""
        docnum = self._docs
        perdoc = self._perdoc
        perdoc.start_doc(docnum)
        for lengths in self._lengths.values():
            lengths.append(0)
        for name in sorted(fields):  # the order Whoosh adds them in
            value = fields[name]
            field = self.schema[name]
            length = 0
            if field.indexed:
                postings = self._postings[name]
                kind = self._kinds[name]
                terms = self._analyse[name](value)
                if kind is DOCUMENTS:
                    for term, _, _, _ in terms:
                        found = postings.get(term)
                        if found is None:
                            postings[term] = array("I", (docnum,))
                        else:
                            found.append(docnum)
                elif kind is COUNTS:
                    for term, freq in terms:
                        length += freq
                        found = postings.get(term)
                        if found is None:
                            postings[term] = array("I", (docnum, freq))
                        else:
                            found.append(docnum)
                            found.append(freq)
                else:
                    for term, freq, weight, encoded in terms:
                        if field.scorable:
                            length += freq
                        postings.setdefault(term, []).append((docnum, weight, encoded))
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
            if length:
                self._lengths[name][docnum] = byte_to_length(length_to_byte(length))
        perdoc.finish_doc()
        self._docs += 1

    def finish(self):
        """Write the postings (and the list file), close the segment's files and return the segment."""
        self._perdoc.close()
        self.segment.set_doc_count(self._docs)
        writer = self.codec.field_writer(self.storage, self.segment)
        folder = getattr(self.storage, "folder", None)  # none for an index in memory
        lists = postingfiles.ListsWriter(Path(folder) / postingfiles.file_name(self.segment.segment_id())) \
            if folder else None
        with lists or nullcontext():
            for name in sorted(self._postings):
                terms = self._postings.pop(name)
                listed = lists is not None and postingfiles.listed(self.schema[name])
                if listed:
                    lists.start_field(name)  # even with no terms: listed, and empty
                if terms:
                    self._write_field(writer, lists if listed else None, name, terms)
                if listed:
                    lists.finish_field()
            writer.close()
        if self.segment.should_assemble():
            self.segment.create_compound_file(self.storage)
        return self.segment

    def _write_field(self, writer, lists: postingfiles.ListsWriter | None, name: str,
                     terms: dict[bytes, Any]) -> None:
        """Write one field's terms, in sorted order, to the codec and to the list file."""
        kind = self._kinds[name]
        lengths = self._lengths.get(name)
        writer.start_field(name, self.schema[name])
        for term in sorted(terms):
            writer.start_term(term)
            found = terms.pop(term)
            if kind is DOCUMENTS:
                numbers, weights = found, None
                _add_blocks(writer, numbers, None, None)
            elif kind is COUNTS:
                numbers, weights = found[::2], found[1::2]  # a count is the weight
                _add_blocks(writer, numbers, weights, lengths)
            else:
                for docnum, weight, encoded in found:
                    writer.add(docnum, weight, encoded if encoded is not None else b"",
                               lengths[docnum] if lengths else 0)
                numbers, weights = [p[0] for p in found], [p[1] for p in found]
            writer.finish_term()
            if lists is not None:
                lists.add(term, numbers, weights)
        writer.finish_field()


def _add_blocks(writer, docnums: array, counts: array | None, lengths: array | None) -> None:
    """Give the field writer a term's postings a block at a time.

    What ``writer.add()`` does posting by posting - fill the postings writer's
    block buffers (documents, weights as floats, non-empty encoded values) and
    its block statistics, writing a block out whenever the next posting finds
    it full - done with one slice per block. It fills Whoosh's private buffers
    (whoosh-reloaded is pinned); tests/test_segment_writer.py checks the index
    against one Whoosh's writer made.
    """
    postings = writer._postwriter
    size = postings._blocklimit
    for start in range(0, len(docnums), size):
        if start:
            postings._write_block()  # the block is full and another posting follows
        block = docnums[start:start + size]
        postings._ids = block
        if counts is None:  # documents only: weight 1, no value, no length
            postings._weights = array("f", (1.0,)) * len(block)
            postings._maxweight = 1.0
            continue
        freqs = counts[start:start + size]
        postings._weights = array("f", freqs)
        postings._maxweight = max(0.0, float(max(freqs)))
        postings._values = [_packed(freq) for freq in freqs]
        if lengths is not None:
            known = [length for length in map(lengths.__getitem__, block) if length]
            if known:
                postings._minlength = min(known)
                postings._maxlength = max(known)


def _kind(field) -> str:
    """How this field's postings can be kept (see SegmentBuilder)."""
    format_ = field.format
    if getattr(format_, "field_boost", 1.0) != 1.0:
        return AS_GIVEN
    if type(format_) is Existence and not field.scorable:
        return DOCUMENTS  # Whoosh gives (term, 1, 1.0, b"")
    if type(format_) is Frequency and field.scorable:
        return COUNTS  # Whoosh gives (term, count, float(count), pack_uint(count))
    return AS_GIVEN


def _counts_of(field) -> Callable[[str], list[tuple[bytes, int]]]:
    """(term, count) of each word of a value of a field kept as COUNTS."""
    return compile_counts(field) or (
        lambda value: [(term, count) for term, count, _, _ in field.index(value)])


_PACKED = [pack_uint(number) for number in range(256)]


def _packed(number: int) -> bytes:
    return _PACKED[number] if number < 256 else pack_uint(number)


def write_segments(ix: FileIndex, items: Sequence[Any], make_document: MakeDocument,
                   procs: int = 1) -> int:
    """Write ``items`` into the new, empty index ``ix`` as ``procs`` segments written side by side.

    Each process takes a contiguous share of the items, so documents keep
    their order across segments. Returns the number of documents written.
    """
    global _WORK
    shares = _shares(len(items), max(1, procs))
    if len(shares) <= 1:
        segments = [_build(ix, items, make_document, *shares[0])] if shares else []
    else:
        _WORK = (ix, items, make_document)
        # Forked children read the parent's objects; frozen, the parent's objects are never
        # walked (and so never copied page by page) by the children's garbage collector.
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=len(shares), mp_context=get_context("fork")) as pool:
                segments = list(pool.map(_build_share, shares))
        finally:
            _WORK = None
            gc.unfreeze()
    generation = ix.latest_generation() + 1
    TOC(ix.schema, segments, generation).write(ix.storage, ix.indexname)
    clean_files(ix.storage, ix.indexname, generation, segments)
    return sum(segment.doc_count_all() for segment in segments)


def _shares(count: int, procs: int) -> list[tuple[int, int]]:
    size = -(-count // procs) if count else 0
    return [(start, min(count, start + size)) for start in range(0, count, size)] if size else []


def _build_share(share: tuple[int, int]):
    ix, items, make_document = _WORK
    return _build(ix, items, make_document, *share)


def _build(ix: FileIndex, items: Sequence[Any], make_document: MakeDocument, start: int, end: int):
    # Building allocates millions of small lists and none of them is garbage until the end:
    # the cyclic garbage collector would walk them all again and again for nothing.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        builder = SegmentBuilder(ix)
        for position in range(start, end):
            builder.add(make_document(items[position]))
        return builder.finish()
    finally:
        if was_enabled:
            gc.enable()
