"""A fix to whoosh-reloaded 2.7.5 that QuoteArchive depends on for indexing speed.

Imported by ``quotearchive.index`` before any index is written or read.

When a segment is written, Whoosh asks for every posting's field length
(``W3PerDocReader.doc_field_length``). It caches the lengths column of a
field it has found, but not the answer "this field has no lengths column"
(ID, KEYWORD and NUMERIC fields never have one): every posting of such a
field costs a ``stat`` of the missing file, about a million a minute of
indexing, a sixth of all indexing time. The fix caches that answer too. A
segment's files never change once written, so the cached answer cannot go
stale.
"""
from __future__ import annotations

from whoosh.codec import whoosh3


def _cached_reader(self, fieldname, column):
    try:
        return self._readers[fieldname]
    except KeyError:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader  # None too: the file will not appear later
        return reader


whoosh3.W3PerDocReader._cached_reader = _cached_reader
