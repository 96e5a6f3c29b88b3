"""A segment's posting lists written once more as plain arrays: a list is one read, no decoding.

:mod:`quotearchive.postings` first read a word's list from Whoosh's blocks:
a seek, an inflate and an unpickle per block of 1,024 postings, then a
Python pass to turn gaps and weights into arrays. At a million quotes a list
read for the first time cost about 3 ms, a server process meets thousands of
words for the first time, and every process read them again for itself. So
each segment also gets a file of its lists as arrays, written with the
segment and never changed after, like the segment itself: a list is then
one ``pread`` and a view of its bytes, and the page cache holds one copy for
every server process.

This module knows the file and nothing of Whoosh. The layout, all numbers in
the machine's byte order (the file is read where it was written, beside its
segment):

* the lists, field after field: the field's document numbers (int32, each
  term's ascending, terms in sorted order), then its weights (uint8 where
  every weight is a whole number under 256, else float32; none at all where
  every weight is 1);
* the term tables, field after field: the terms' bytes end to end, where each
  term ends (int64), and where each term's postings start (int64, one more
  entry than terms: the last is the field's number of postings);
* a JSON directory of where each field's arrays lie, then its offset
  (8 bytes) and ``MAGIC``.

The term tables are memory-mapped (a look-up touches a few pages of them);
the lists are read with ``pread``, so a process holds only what it reads.
"""
from __future__ import annotations

import functools
import json
import mmap
import os
import struct
import tempfile
from pathlib import Path

import numpy as np

MAGIC = b"QALISTS1"
_TAIL = struct.Struct("=Q8s")  # the directory's offset, then MAGIC
# Named so Whoosh's clean-up, which removes files named like its own segments'
# ("MAIN_<id>.<ext>") once they are out of use, never takes these for its own.
FILE_PREFIX = "lists-"
FILE_SUFFIX = ".arrays"

DOCUMENTS = np.dtype(np.int32)
OFFSETS = np.dtype(np.int64)
_ALIGN = 8
# Postings per read when a field's weights are copied from the spill file.
_COPY_CHUNK = 1 << 20


class BadListFile(Exception):
    """A list file that is not one this module wrote whole."""


def file_name(segment_id: str) -> str:
    return f"{FILE_PREFIX}{segment_id}{FILE_SUFFIX}"


def listed(field) -> bool:
    """Tell whether a (Whoosh) field's lists go into list files: every indexed field but
    unique ones (a quote's id: one posting per term, looked up one at a time, where
    Whoosh's inline postings serve well)."""
    return field.indexed and not getattr(field, "unique", False)


# --- writing -----------------------------------------------------------------------------

class ListsWriter:
    """Writes a list file: ``start_field``, ``add`` each term in sorted order,
    ``finish_field``; then ``close``. (Whoosh's field writer has the same shape,
    so a segment's writer can feed both.) The file appears whole or not at all:
    it is written aside, flushed, then renamed; ``cancel`` (or an error inside a
    ``with`` block) leaves nothing.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._partial = self.path.with_name(self.path.name + ".partial")
        self._out = open(self._partial, "wb")
        self._directory: dict[str, dict] = {}
        self._tables: list[tuple[str, bytearray, list[int], list[int]]] = []
        self._field: str | None = None

    def __enter__(self) -> "ListsWriter":
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self.close()
        else:
            self.cancel()

    def start_field(self, name: str) -> None:
        self._field = name
        self._blob, self._ends, self._starts = bytearray(), [], [0]
        self._docs_at = _pad(self._out)
        self._all_ones = self._whole_bytes = True
        # Weights wait in a spill file until the field is done: only then is it known
        # whether they fit in a byte each (a word's count in a quote nearly always does).
        # Weights of 1 given as None are spilled only once some other weight comes (a
        # field of documents only, such as the word pairs, never spills any).
        self._spill = tempfile.TemporaryFile()
        self._ones_unspilled = 0

    def add(self, term: bytes, numbers, weights=None) -> None:
        """Add a term's postings: document numbers ascending, and weights (None: all 1)."""
        if not len(numbers):
            return
        self._blob += term
        self._ends.append(len(self._blob))
        self._starts.append(self._starts[-1] + len(numbers))
        self._out.write(np.asarray(numbers, DOCUMENTS).tobytes())
        if weights is None:
            self._ones_unspilled += len(numbers)
            return
        weights = np.asarray(weights, np.float32)
        self._all_ones = self._all_ones and bool((weights == 1).all())
        self._whole_bytes = self._whole_bytes and bool(
            ((weights >= 0) & (weights < 256) & (weights == np.floor(weights))).all())
        self._spill_ones()
        self._spill.write(weights.tobytes())

    def _spill_ones(self) -> None:
        if self._ones_unspilled:
            self._spill.write(np.ones(self._ones_unspilled, np.float32).tobytes())
            self._ones_unspilled = 0

    def finish_field(self) -> None:
        with self._spill:
            total = self._starts[-1]
            # A field with no postings is listed too, with no terms: a look-up then
            # answers "absent" rather than "not listed here" (which means: read Whoosh's).
            weights_type = None if self._all_ones else ("u1" if self._whole_bytes else "f4")
            weights_at = _pad(self._out) if weights_type else None
            if weights_type:
                self._spill_ones()
                self._spill.seek(0)
                for _ in range(0, total, _COPY_CHUNK):
                    chunk = np.frombuffer(self._spill.read(_COPY_CHUNK * 4), np.float32)
                    self._out.write(chunk.astype(weights_type).tobytes())
            self._directory[self._field] = {
                "terms": len(self._ends), "postings": total, "docs_at": self._docs_at,
                "weights_at": weights_at, "weights": weights_type}
            self._tables.append((self._field, self._blob, self._ends, self._starts))
        self._spill = None

    def close(self) -> None:
        out = self._out
        try:
            tables_at = _pad(out)
            for name, blob, ends, starts in self._tables:
                entry = self._directory[name]
                entry["terms_at"] = out.tell()
                out.write(blob)
                entry["ends_at"] = _pad(out)
                out.write(np.asarray(ends, OFFSETS).tobytes())
                entry["starts_at"] = out.tell()
                out.write(np.asarray(starts, OFFSETS).tobytes())
            directory_at = out.tell()
            out.write(json.dumps({"tables_at": tables_at, "fields": self._directory}).encode())
            out.write(_TAIL.pack(directory_at, MAGIC))
            out.flush()
            os.fsync(out.fileno())
            out.close()
            os.replace(self._partial, self.path)
        except BaseException:
            self.cancel()
            raise

    def cancel(self) -> None:
        if getattr(self, "_spill", None) is not None:
            self._spill.close()
        self._out.close()
        self._partial.unlink(missing_ok=True)


def _pad(out) -> int:
    """Pad the file to the next multiple of ``_ALIGN`` bytes and return that offset."""
    at = out.tell()
    if at % _ALIGN:
        out.write(bytes(_ALIGN - at % _ALIGN))
    return out.tell()


# --- reading -----------------------------------------------------------------------------

class _FieldTable:
    __slots__ = ("count", "terms_at", "ends", "starts", "docs_at", "weights_at", "weights")

    def __init__(self, entry: dict, view: memoryview, base: int):
        self.count = entry["terms"]
        self.terms_at = entry["terms_at"] - base
        # Memoryviews, not numpy arrays: indexing one gives a Python int, several times
        # faster than a numpy scalar, and a look-up reads a few dozen of them.
        self.ends = view[entry["ends_at"] - base:][:self.count * 8].cast("q")
        self.starts = view[entry["starts_at"] - base:][:(self.count + 1) * 8].cast("q")
        self.docs_at = entry["docs_at"]
        self.weights_at = entry["weights_at"]
        self.weights = np.dtype(entry["weights"]) if entry["weights"] else None


class SegmentLists:
    """The list file of one segment, open for reading (by any number of threads)."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._fd = os.open(self.path, os.O_RDONLY)
        try:
            size = os.fstat(self._fd).st_size
            if size < _TAIL.size:
                raise BadListFile(f"{self.path}: too short")
            directory_at, magic = _TAIL.unpack(os.pread(self._fd, _TAIL.size, size - _TAIL.size))
            if magic != MAGIC or directory_at > size - _TAIL.size:
                raise BadListFile(f"{self.path}: not a list file")
            directory = json.loads(os.pread(self._fd, size - _TAIL.size - directory_at, directory_at))
            # Map from the page holding the first term table to the end.
            base = directory["tables_at"] - directory["tables_at"] % mmap.ALLOCATIONGRANULARITY
            self._map = mmap.mmap(self._fd, size - base, access=mmap.ACCESS_READ, offset=base)
            view = memoryview(self._map)
            self._tables = {name: _FieldTable(entry, view, base)
                            for name, entry in directory["fields"].items()}
        except (KeyError, TypeError, ValueError) as exc:  # a directory not as written here
            os.close(self._fd)
            self._fd = None
            raise BadListFile(f"{self.path}: {exc}") from None
        except BaseException:
            os.close(self._fd)
            self._fd = None
            raise

    def __del__(self):
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)

    def has_field(self, fieldname: str) -> bool:
        return fieldname in self._tables

    def find(self, fieldname: str, term: bytes) -> tuple[int, int] | None:
        """Return (first posting, postings) of ``term`` - (0, 0) for a term not in the
        segment - or None for a field this file does not list."""
        table = self._tables.get(fieldname)
        if table is None:
            return None
        data, at, ends = self._map, table.terms_at, table.ends
        low, high = 0, table.count
        while low < high:  # the first term not below ``term``
            middle = (low + high) // 2
            if data[at + (ends[middle - 1] if middle else 0):at + ends[middle]] < term:
                low = middle + 1
            else:
                high = middle
        if low == table.count or data[at + (ends[low - 1] if low else 0):at + ends[low]] != term:
            return 0, 0
        start = table.starts[low]
        return start, table.starts[low + 1] - start

    def read(self, fieldname: str, start: int, count: int) -> tuple[np.ndarray, np.ndarray | None]:
        """Return the document numbers and weights (float64; None when all are 1) of the
        postings ``start`` to ``start + count`` of a field."""
        table = self._tables[fieldname]
        numbers = np.frombuffer(os.pread(self._fd, count * 4, table.docs_at + start * 4), DOCUMENTS)
        if len(numbers) != count:
            raise BadListFile(f"{self.path}: cut short")
        if table.weights is None:
            return numbers, None
        size = table.weights.itemsize
        weights = np.frombuffer(os.pread(self._fd, count * size, table.weights_at + start * size),
                                table.weights)
        return numbers, weights.astype(np.float64)


def lists_for(folder: str, segment_id: str) -> SegmentLists | None:
    """Return the list file of a segment in ``folder``, or None if it has none (or a
    broken one: the segment's own blocks are read instead)."""
    try:
        return _opened(os.path.join(folder, file_name(segment_id)))
    except OSError:
        return None  # perhaps for now (too many open files): not kept, tried again next time


# Open list files by path, the most recently used kept: enough for every segment of the
# live build and the one before it, one segment per process each. A file in use by a
# search stays open until that search lets go of it (it is closed when no one holds it).
@functools.lru_cache(maxsize=256)
def _opened(path: str) -> SegmentLists | None:
    try:
        return SegmentLists(path)
    except (FileNotFoundError, BadListFile):
        return None  # for good: a build's files never change
