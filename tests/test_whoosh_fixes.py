"""The fixes quotearchive.whoosh_fixes makes to Whoosh: files inside a segment read by pread, shared."""
from __future__ import annotations

import io
import pickle
from array import array
from pathlib import Path

from quotearchive import index, search, whoosh_fixes
from tests.test_index import make_quote


def _segment_file(tmp_path, payload: bytes) -> "whoosh_fixes._SegmentFile":
    """``payload`` as a file inside a compound segment, opened as a reader opens it."""
    path = tmp_path / "one.seg"
    with open(path, "wb") as out:
        out.write(b"-" * 100 + payload + b"-" * 100)
    storage = whoosh_fixes._SharedCompoundStorage.__new__(whoosh_fixes._SharedCompoundStorage)
    storage.is_closed, storage._dir = False, {"one": {"offset": 100, "length": len(payload)}}
    storage._file = open(path, "rb")
    storage.fd = storage._file.fileno()
    return storage.open_file("one")


def test_a_file_inside_a_segment_reads_seeks_and_unpickles_as_whoosh_expects(tmp_path):
    head = pickle.dumps(("block", 3, [1.5, 2.0]), protocol=2)
    payload = b"\x00\x00\x00\x07" + head + b"tail"
    stored = _segment_file(tmp_path, payload)
    assert stored.read_int() == 7
    assert stored.read_pickle() == ("block", 3, [1.5, 2.0])
    assert stored.tell() == 4 + len(head)
    assert stored.read() == b"tail"
    assert stored.read(3) == b""  # at its end, not the segment's
    assert stored.seek(-4, io.SEEK_END) == len(payload) - 4
    assert stored.read(2) == b"ta"
    stored.seek(1, io.SEEK_CUR)
    assert stored.read(1) == b"l"
    assert stored.get(len(payload) - 2, 10) == b"il"
    assert stored.get_int(0) == 7 and stored.get_byte(len(payload) - 1) == ord("l")
    assert stored.subset(4, len(head)).read_pickle() == ("block", 3, [1.5, 2.0])


def test_a_file_inside_a_segment_reads_big_endian_arrays(tmp_path):
    numbers = array("i", [5, -6, 70000])
    numbers.byteswap()  # Whoosh stores arrays big-endian
    stored = _segment_file(tmp_path, b"xy" + numbers.tobytes())
    assert list(stored.get_array(2, "i", 3)) == [5, -6, 70000]


def test_a_compound_segment_still_searches_the_same(tmp_path):
    quotes = [make_quote(id=f"q{n}", text=f"The harbour levy number {n} is escalating.",
                         speaker="Ines Varga" if n % 2 else "Tomas Brek") for n in range(300)]
    index.write_index(quotes, tmp_path)
    with index.open_index(tmp_path).searcher() as searcher:
        # The path the fix changes: every file is read from inside one compound segment.
        assert all(isinstance(reader._storage.a, whoosh_fixes._SharedCompoundStorage)
                   for reader, _ in searcher.reader().leaf_readers())
        result = search.search(searcher, search.parse_request(
            {"q": "escalation", "speaker": "Ines Varga", "per_page": "100"}))
        # Read, not mapped: the segment's pages are the page cache's, not this process's.
        maps = Path("/proc/self/maps").read_text()
        assert ".seg" not in maps
    assert result.total == 150
    odd = {f"q{n}": f"The harbour levy number {n} is escalating." for n in range(1, 300, 2)}
    assert len(result.results) == 100
    assert all(odd[quote["id"]] == quote["text"] for quote in result.results)


def test_searchers_share_one_mapping_and_closing_one_leaves_the_other_working(tmp_path):
    index.write_index([make_quote(id=f"q{n}") for n in range(50)], tmp_path)
    ix = index.open_index(tmp_path)
    first, second = ix.searcher(), ix.searcher()
    storage = first.reader()._storage.a
    assert second.reader()._storage.a is storage
    first.close()
    assert second.stored_fields(49)["id"] == "q49"
    assert len(list(second.documents(speaker_exact="Ines Varga"))) == 50
    second.close()
    with ix.searcher() as third:  # a new searcher after both closed
        assert third.doc_count() == 50
