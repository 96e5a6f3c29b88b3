"""Fixes to whoosh-reloaded 2.7.5 that QuoteArchive depends on for speed and memory.

Imported by ``quotearchive.index`` before any index is written or read.

Lengths: when a segment is written, Whoosh asks for every posting's field
length (``W3PerDocReader.doc_field_length``). It caches the lengths column
of a field it has found, but not the answer "this field has no lengths
column" (ID, KEYWORD and NUMERIC fields never have one): every posting of
such a field costs a ``stat`` of the missing file, about a million a minute
of indexing, a sixth of all indexing time. The fix caches that answer too. A
segment's files never change once written, so the cached answer cannot go
stale.

Copies: a segment is one compound file, memory-mapped, and Whoosh opens each
file inside it (postings, terms, stored fields, each column) as a
``BufferFile`` whose ``BytesIO`` copies the whole file into memory, once per
searcher that opens it. At 107k quotes that was ~120 MB per searcher, most
of a server's memory. The fix reads through the mapping instead: a buffered
reader over the mapped bytes, so only the pages read are resident.

Mappings: each searcher also mapped each segment again, and a page read
through several mappings counts in the resident size once per mapping
(eight pooled searchers: ~400 MB of "shared" file pages at 107k quotes). The
fix opens one mapping per segment file per process, shared by every reader
of it; it is unmapped when the last reader lets go of it.
"""
from __future__ import annotations

import io
import os
import threading
import weakref

from whoosh.codec import base, whoosh3
from whoosh.filedb import structfile
from whoosh.filedb.compound import CompoundStorage


def _cached_reader(self, fieldname, column):
    try:
        return self._readers[fieldname]
    except KeyError:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader  # None too: the file will not appear later
        return reader


whoosh3.W3PerDocReader._cached_reader = _cached_reader


class _MemoryReader(io.RawIOBase):
    """A read-only raw file over a buffer (a memoryview of the mapping), copying only what is read."""

    def __init__(self, buf):
        super().__init__()
        self._buf = memoryview(buf).cast("B")
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        chunk = self._buf[self._position:self._position + len(target)]
        target[:len(chunk)] = chunk
        self._position += len(chunk)
        return len(chunk)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: len(self._buf)}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def tell(self) -> int:
        return self._position


def _buffer_file_init(self, buf, name=None, onclose=None):
    self._buf = buf
    self._name = name
    # Buffered in C: sequential reads (block headers, pickles) rarely call back into Python.
    self.file = io.BufferedReader(_MemoryReader(buf))
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


structfile.BufferFile.__init__ = _buffer_file_init


class _SharedCompoundStorage(CompoundStorage):
    """A compound segment mapped once per process: readers share it, so none closes it."""

    def close(self):
        pass  # the mapping is released with the last reference to it


# (device, inode) of the segment file -> its one mapping. An inode cannot be reused while
# a mapping keeps the file alive, and the entry leaves with the mapping's last reader.
_shared: weakref.WeakValueDictionary = weakref.WeakValueDictionary()
_shared_lock = threading.Lock()


def _open_compound_file(self, storage):
    dbfile = storage.open_file(self.make_filename(self.COMPOUND_EXT))
    try:
        stat = os.fstat(dbfile.fileno())
    except (AttributeError, OSError, io.UnsupportedOperation):  # not a real file (RamStorage)
        return CompoundStorage(dbfile, use_mmap=storage.supports_mmap)
    key = (stat.st_dev, stat.st_ino)
    with _shared_lock:
        found = _shared.get(key)
        if found is not None:
            dbfile.close()
            return found
        found = _SharedCompoundStorage(dbfile, use_mmap=storage.supports_mmap)
        if found._source is None:
            # Not mapped: its files share one cursor, so it must not be shared.
            return CompoundStorage(found._file, use_mmap=False)
        _shared[key] = found
        return found


base.Segment.open_compound_file = _open_compound_file
