"""Rebuilds swap in a complete index atomically; a failed or killed one leaves the old one serving."""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quotearchive import index
from quotearchive.errors import RebuildError
from quotearchive.models import Quote, SearchRequest
from quotearchive.search import get_quote, search

REPO = Path(__file__).resolve().parent.parent


def quotes(prefix: str, count: int = 3) -> list[Quote]:
    return [Quote(id=f"{prefix}-{n}", text=f"Lighthouse keeper {prefix} speaks, entry {n}.",
                  speaker="Mira Solberg") for n in range(count)]


def live_ids(index_dir) -> set[str]:
    result = search(index_dir, SearchRequest(per_page=100))
    return {quote["id"] for quote in result.results}


def build_dirs(index_dir) -> list[Path]:
    return sorted(path for path in Path(index_dir).iterdir() if path.name.startswith("build-"))


def raising_after(good: list[Quote]):
    yield from good
    raise RuntimeError("corpus went away")


def test_second_rebuild_replaces_the_first_and_keeps_it_one_more_cycle(tmp_path):
    index.write_index(quotes("old"), tmp_path)
    first = index.live_build_path(tmp_path)
    with index.open_index(tmp_path).searcher() as reader_of_the_old_build:
        index.write_index(quotes("new", 2), tmp_path)
        assert live_ids(tmp_path) == {"new-0", "new-1"}
        # A request that opened the old build just before the swap can still read it.
        assert reader_of_the_old_build.document(id="old-0") is not None
    assert build_dirs(tmp_path) == sorted([first, index.live_build_path(tmp_path)])
    index.write_index(quotes("third", 1), tmp_path)
    assert first not in build_dirs(tmp_path)
    assert len(build_dirs(tmp_path)) == 2


def test_rebuild_that_raises_halfway_leaves_the_old_index_live(tmp_path):
    index.write_index(quotes("old"), tmp_path)
    live_before = index.live_build_path(tmp_path)
    with pytest.raises(RebuildError, match="previous index is still live.*corpus went away"):
        index.write_index(raising_after(quotes("new", 5)), tmp_path)
    assert index.live_build_path(tmp_path) == live_before
    assert live_ids(tmp_path) == {"old-0", "old-1", "old-2"}
    assert build_dirs(tmp_path) == [live_before]  # the half-built one was removed


def test_rebuild_failing_its_final_check_is_never_swapped_in(tmp_path, monkeypatch):
    index.write_index(quotes("old"), tmp_path)

    def refuse(build_dir, expected):
        raise RebuildError("new index is short")

    monkeypatch.setattr(index, "_check_build", refuse)
    with pytest.raises(RebuildError, match="new index is short"):
        index.write_index(quotes("new"), tmp_path)
    assert live_ids(tmp_path) == {"old-0", "old-1", "old-2"}


SLOW_REBUILD = textwrap.dedent("""
    import sys, time
    from quotearchive import index
    from quotearchive.models import Quote

    def slow_quotes():
        for n in range(1_000_000):
            if n == 20:
                print("writing", flush=True)
            time.sleep(0.001)
            yield Quote(id=f"new-{n}", text="A quote that must never go live.")

    index.write_index(slow_quotes(), sys.argv[1])
""")


def test_rebuild_killed_mid_write_leaves_the_old_index_serving(tmp_path):
    index.write_index(quotes("old"), tmp_path)
    live_before = index.live_build_path(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with subprocess.Popen([sys.executable, "-c", SLOW_REBUILD, str(tmp_path)],
                          stdout=subprocess.PIPE, text=True, env=env) as rebuild:
        try:
            assert rebuild.stdout.readline().strip() == "writing"
            assert len(build_dirs(tmp_path)) == 2  # the old build and the half-written one
        finally:
            rebuild.kill()  # SIGKILL: no cleanup code runs
        rebuild.wait(timeout=10)
    assert index.live_build_path(tmp_path) == live_before
    assert live_ids(tmp_path) == {"old-0", "old-1", "old-2"}
    assert get_quote(tmp_path, "new-0") is None

    # The kernel released the dead process's lock, so the next rebuild runs and tidies up.
    index.write_index(quotes("next"), tmp_path)
    assert live_ids(tmp_path) == {"next-0", "next-1", "next-2"}
    assert build_dirs(tmp_path) == sorted([live_before, index.live_build_path(tmp_path)])


def test_stale_build_dirs_and_pointer_files_do_not_break_opening(tmp_path):
    index.write_index(quotes("old"), tmp_path)
    stale = tmp_path / "build-19990101-000000-000000-1"
    stale.mkdir()
    (stale / "_MAIN_1.toc").write_bytes(b"half written")
    (tmp_path / "CURRENT.tmp-1").write_text("build-19990101-000000-000000-1\n")
    assert live_ids(tmp_path) == {"old-0", "old-1", "old-2"}

    index.write_index(quotes("new"), tmp_path)
    assert not stale.exists()
    assert not (tmp_path / "CURRENT.tmp-1").exists()


def test_a_second_rebuild_while_one_runs_is_refused_and_changes_nothing(tmp_path):
    index.write_index(quotes("old"), tmp_path)
    with open(tmp_path / index.LOCK_NAME, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # stands in for a rebuild in another process
        with pytest.raises(RebuildError, match="already running"):
            index.write_index(quotes("new"), tmp_path)
    assert live_ids(tmp_path) == {"old-0", "old-1", "old-2"}


def test_pipeline_rebuild_indexes_every_extracted_quote(sample_corpus, tmp_path):
    # Imported here so the tests above run while the other stages are still being written.
    from quotearchive import pipeline

    report = pipeline.rebuild([sample_corpus], tmp_path / "index")
    assert report.articles > 0 and report.quotes > 0
    result = search(tmp_path / "index", SearchRequest(per_page=100))
    assert result.total == report.quotes


def test_extraction_in_two_processes_gives_exactly_what_one_gives(sample_corpus, tmp_path):
    from quotearchive import pipeline

    corpora = [sample_corpus, REPO / "tests" / "regression" / "articles", REPO / "tests" / "heldout" / "articles"]
    (tmp_path / "empty.txt").write_bytes(b"")
    one = pipeline.process([*corpora, tmp_path], jobs=1)
    two = pipeline.process([*corpora, tmp_path], jobs=2)
    assert [q.to_dict() for q in two.quotes] == [q.to_dict() for q in one.quotes]
    assert [a.to_dict() for a in two.articles] == [a.to_dict() for a in one.articles]
    assert two.skipped == one.skipped and len(one.skipped) == 1
    assert len(one.quotes) > 300


def test_a_rebuild_in_two_processes_indexes_the_same_quotes_in_several_segments(sample_corpus, tmp_path):
    from quotearchive import pipeline

    corpora = [sample_corpus, REPO / "tests" / "regression" / "articles"]
    one = pipeline.rebuild(corpora, tmp_path / "one", jobs=1)
    two = pipeline.rebuild(corpora, tmp_path / "two", jobs=2)
    assert one.quotes == two.quotes > 300  # more than one batch, so both indexing processes had work
    segments = [path for path in index.live_build_path(tmp_path / "two").iterdir() if path.suffix == ".seg"]
    assert len(segments) == 2  # multisegment: not merged into one
    # Equal scores are ordered by document number, which the segments change: compare sets.
    for q in ("budget", '"sea wall"', "Okafor"):
        request = SearchRequest(q=q, per_page=100)
        assert {r["id"] for r in search(tmp_path / "one", request).results} == \
            {r["id"] for r in search(tmp_path / "two", request).results}
    newest = SearchRequest(per_page=100)  # sorted by date, then id: the same order
    assert [r["id"] for r in search(tmp_path / "one", newest).results] == \
        [r["id"] for r in search(tmp_path / "two", newest).results]


def test_grouping_in_two_processes_gives_exactly_what_one_gives(sample_corpus):
    from quotearchive import pipeline

    corpora = [sample_corpus, REPO / "tests" / "regression" / "articles", REPO / "tests" / "heldout" / "articles"]
    one = pipeline.extract_all(corpora).quotes
    two = pipeline.extract_all(corpora).quotes
    pipeline.group_statements(one, jobs=1)
    pipeline.group_statements(two, jobs=2, minimum=0)
    assert [q.statement for q in two] == [q.statement for q in one]
    assert len({q.statement for q in one}) < len(one)  # some statements do group quotes


def test_a_server_pins_the_builds_it_reads_so_back_to_back_writes_cannot_remove_them(tmp_path):
    index.write_index(quotes("a"), tmp_path)
    live = index.LiveIndex(tmp_path)
    live.get()
    first = index.live_build_path(tmp_path)
    index.write_index(quotes("b"), tmp_path)
    index.write_index(quotes("c"), tmp_path)  # unpinned, the first build would go here
    assert first.is_dir()
    with live.get().searcher() as searcher:  # now serving "c"; "a" stays pinned as the one before
        assert searcher.document(id="c-0") is not None
    index.write_index(quotes("d"), tmp_path)
    assert first.is_dir()
    live.get()  # serving "d": the pin on "a" is let go
    index.write_index(quotes("e"), tmp_path)
    assert not first.exists()
    assert not (tmp_path / f"{first.name}.readers").exists()
