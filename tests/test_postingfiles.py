"""A segment's list file (quotearchive.postingfiles) gives back the lists written into it."""
from __future__ import annotations

import numpy as np
import pytest

from quotearchive import index, postingfiles, postings
from quotearchive.models import Quote


def _write(path, fields):
    with postingfiles.ListsWriter(path) as writer:
        for name, lists in fields:
            writer.start_field(name)
            for term, numbers, weights in lists:
                writer.add(term, numbers, weights)
            writer.finish_field()
    return postingfiles.SegmentLists(path)


def test_each_term_gives_back_its_numbers_and_weights(tmp_path):
    words = [(b"apple", [0, 3, 9], [1.0, 2.0, 1.0]), (b"banana", [2], [7.0]),
             (b"cherry", [1, 2, 3, 4], None)]
    pairs = [(b"a b", [5, 6], None)]
    lists = _write(tmp_path / "one.arrays",
                   [("text", [(t, np.array(n), None if w is None else np.array(w)) for t, n, w in words]),
                    ("pairs", [(t, np.array(n), w) for t, n, w in pairs])])
    for term, numbers, weights in words:
        start, count = lists.find("text", term)
        found, found_weights = lists.read("text", start, count)
        assert found.tolist() == numbers
        assert found_weights.tolist() == (weights or [1.0] * len(numbers))
    # A field whose weights are all 1 stores none.
    found, weights = lists.read("pairs", *lists.find("pairs", b"a b"))
    assert found.tolist() == [5, 6] and weights is None


@pytest.mark.parametrize("term", [b"", b"a", b"apple pie", b"b", b"zebra", b"appl"])
def test_a_term_not_written_is_found_absent(tmp_path, term):
    lists = _write(tmp_path / "one.arrays",
                   [("text", [(b"apple", np.array([1]), None), (b"banana", np.array([2]), None)])])
    assert lists.find("text", term) == (0, 0)
    assert lists.find("speaker", b"apple") is None  # a field the file does not list


def test_weights_beyond_a_byte_are_kept_exactly(tmp_path):
    weights = np.array([1.0, 300.0, 0.5], np.float32)
    lists = _write(tmp_path / "one.arrays", [("text", [(b"word", np.array([1, 2, 3]), weights)])])
    assert lists.read("text", 0, 3)[1].tolist() == [1.0, 300.0, 0.5]


def test_a_file_cancelled_or_failed_is_not_left_behind(tmp_path):
    path = tmp_path / "one.arrays"
    with pytest.raises(RuntimeError):
        with postingfiles.ListsWriter(path) as writer:
            writer.start_field("text")
            writer.add(b"word", np.array([1]))
            raise RuntimeError("killed")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("damage", ["cut", "empty", "garbage"])
def test_a_broken_list_file_is_not_used(tmp_path, damage):
    path = tmp_path / postingfiles.file_name("MAIN_x")
    _write(path, [("text", [(b"word", np.array([1, 2, 3]), None)])])
    data = path.read_bytes()
    path.write_bytes({"cut": data[:-5], "empty": b"", "garbage": b"x" * 100}[damage])
    with pytest.raises(postingfiles.BadListFile):
        postingfiles.SegmentLists(path)
    assert postingfiles.lists_for(str(tmp_path), "MAIN_x") is None


def test_builds_list_every_segment_and_only_those(tmp_path):
    quotes = [Quote(id=f"q{n}", text=f"The harbour levy is word{n}.", speaker="Ines Varga")
              for n in range(40)]
    index.write_index(quotes, tmp_path, procs=2)
    build = index.live_build_path(tmp_path)
    segments = {p.stem for p in build.glob("MAIN_*.seg")}
    assert {p.name for p in build.glob(f"{postingfiles.FILE_PREFIX}*")} == {
        postingfiles.file_name(s) for s in segments}
    # An add makes a segment of its own and may merge others: the new build lists exactly its own.
    with index.update_index(tmp_path) as update:
        update.delete(["q1"])
        update.add([Quote(id="q99", text="A new harbour quote.", speaker="Dana Quill")])
    build = index.live_build_path(tmp_path)
    with index.open_index(tmp_path).reader() as reader:
        segment_ids = {leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()}
    assert {p.name for p in build.glob(f"{postingfiles.FILE_PREFIX}*")} == {
        postingfiles.file_name(s) for s in segment_ids}


def test_a_rebuilds_list_file_is_the_one_read_back_from_its_segment(tmp_path):
    # The segment writer lists postings as it writes them; postings.write_lists reads a
    # segment's blocks back (for segments an add makes): the two files are the same.
    quotes = [Quote(id=f"q{n}", text=f"The harbour levy is word{n % 7} and word{n % 3} {'again ' * (n % 4)}.",
                    speaker=["Ines Varga", "Dana Quill"][n % 2], outlet="Lakeside Ledger")
              for n in range(300)]
    index.write_index(quotes, tmp_path)
    build = index.live_build_path(tmp_path)
    (written,) = build.glob(f"{postingfiles.FILE_PREFIX}*")
    with index.open_index(tmp_path).reader() as reader:
        again = postings.write_lists(tmp_path, reader)
    assert again.read_bytes() == written.read_bytes()


def test_a_field_with_no_postings_in_a_segment_is_listed_empty(tmp_path):
    # Quotes of no statement: the field is listed with no terms, so a look-up answers
    # "absent" from the file rather than "not listed" (which would send it to Whoosh).
    quotes = [Quote(id=f"q{n}", text=f"The harbour levy is word{n}.", speaker="Ines Varga")
              for n in range(10)]
    index.write_index(quotes, tmp_path)
    (path,) = index.live_build_path(tmp_path).glob(f"{postingfiles.FILE_PREFIX}*")
    lists = postingfiles.SegmentLists(path)
    assert lists.has_field("statement")
    assert lists.find("statement", b"anything") == (0, 0)
    assert lists.find("text", b"harbour")[1] == 10
