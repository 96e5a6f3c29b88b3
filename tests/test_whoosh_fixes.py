"""The fixes quotearchive.whoosh_fixes makes to Whoosh: files inside a segment read in place."""
from __future__ import annotations

import io
import pickle
from array import array

from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.structfile import BufferFile

from quotearchive import index, search  # noqa: F401 (index applies the fixes)
from tests.test_index import make_quote


def test_a_buffer_file_reads_the_buffer_in_place_not_a_copy():
    data = bytearray(b"abcdefgh" * 4096)
    stored = BufferFile(memoryview(data))
    data[10000:10005] = b"XXXXX"  # written after opening: a copy would not see it
    stored.seek(10000)
    assert stored.read(5) == b"XXXXX"
    assert stored.get(10000, 5) == b"XXXXX"


def test_a_buffer_file_reads_seeks_and_unpickles_as_whoosh_expects():
    head = pickle.dumps(("block", 3, [1.5, 2.0]), protocol=2)
    payload = b"\x00\x00\x00\x07" + head + b"tail"
    stored = BufferFile(memoryview(payload))
    assert stored.read_int() == 7
    assert stored.read_pickle() == ("block", 3, [1.5, 2.0])
    assert stored.tell() == 4 + len(head)
    assert stored.read() == b"tail"
    assert stored.read(3) == b""  # at the end
    assert stored.seek(-4, io.SEEK_END) == len(payload) - 4
    assert stored.read(2) == b"ta"
    stored.seek(1, io.SEEK_CUR)
    assert stored.read(1) == b"l"
    numbers = array("i", [5, -6, 70000])
    numbers.byteswap()  # Whoosh stores arrays big-endian
    assert list(BufferFile(memoryview(numbers.tobytes())).get_array(0, "i", 3)) == [5, -6, 70000]


def test_a_compound_segment_still_searches_the_same(tmp_path):
    quotes = [make_quote(id=f"q{n}", text=f"The harbour levy number {n} is escalating.",
                         speaker="Ines Varga" if n % 2 else "Tomas Brek") for n in range(300)]
    index.write_index(quotes, tmp_path)
    with index.open_index(tmp_path).searcher() as searcher:
        # The path the fix changes: every file is read from inside one compound segment.
        assert all(isinstance(reader._storage.a, CompoundStorage)  # (over the folder)
                   for reader, _ in searcher.reader().leaf_readers())
        result = search.search(searcher, search.parse_request(
            {"q": "escalation", "speaker": "Ines Varga", "per_page": "100"}))
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
