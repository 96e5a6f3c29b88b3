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
of a server's memory.

Mappings: reading through the mapping instead copies nothing, but every page
a search touches then stays in the process's resident size for as long as
the mapping lives (each searcher mapped each segment again: a page counted
once per mapping), and a server touches more and more of its segments (at a
million quotes, 283 of a server's 668 MB after a 20-second load test). The fix reads each segment
with ``pread`` into small buffers: the file's pages live in the page cache,
shared and reclaimable, not in the process; one open file per segment per
process, shared by every reader of it (``pread`` has no cursor to race on).
"""
from __future__ import annotations

import io
import os
import threading
import weakref

from whoosh.codec import base, whoosh3
from whoosh.filedb import structfile
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import StorageError


def _cached_reader(self, fieldname, column):
    try:
        return self._readers[fieldname]
    except KeyError:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader  # None too: the file will not appear later
        return reader


whoosh3.W3PerDocReader._cached_reader = _cached_reader


class _PreadReader(io.RawIOBase):
    """A read-only raw file over ``length`` bytes at ``offset`` of an open file, by pread."""

    def __init__(self, fd: int, offset: int, length: int):
        super().__init__()
        self._fd, self._offset, self._length = fd, offset, length
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        wanted = min(len(target), self._length - self._position)
        if wanted <= 0:
            return 0
        with memoryview(target) as view:
            count = os.preadv(self._fd, [view[:wanted]], self._offset + self._position)
        self._position += count
        return count

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._length}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def tell(self) -> int:
        return self._position


class _SegmentFile(structfile.StructFile):
    """One file inside a compound segment, read with pread: each has its own position."""

    def __init__(self, storage: "_SharedCompoundStorage", offset: int, length: int, name: str):
        self._storage = storage  # keeps the segment's file (and so ``_fd``) open
        self._fd, self._offset, self._length = storage.fd, offset, length
        # Buffered in C: sequential reads (block headers, pickles) rarely call back into Python.
        super().__init__(io.BufferedReader(_PreadReader(self._fd, offset, length)), name=name)
        self.is_real = False

    def get(self, position: int, length: int) -> bytes:
        return os.pread(self._fd, max(0, min(length, self._length - position)),
                        self._offset + position)

    # Whoosh's in-memory file reads arrays and subsets through get(): the same, over pread.
    get_array = structfile.BufferFile.get_array
    subset = structfile.BufferFile.subset


class _SharedCompoundStorage(CompoundStorage):
    """A compound segment opened once per process: readers share it, so none closes it
    (its file closes with the last reference to it)."""

    def __init__(self, dbfile):
        super().__init__(dbfile, use_mmap=False)
        self.fd = dbfile.fileno()

    def open_file(self, name, *args, **kwargs):
        if self.is_closed:
            raise StorageError("Storage was closed")
        offset, length = self.range(name)
        return _SegmentFile(self, offset, length, name)

    def close(self):
        pass


# (device, inode) of the segment file -> its one open storage. An inode cannot be reused
# while the storage keeps the file open, and the entry leaves with the storage's last reader.
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
        found = _shared[key] = _SharedCompoundStorage(dbfile)
        return found


base.Segment.open_compound_file = _open_compound_file
