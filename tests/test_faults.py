"""Faults: writers killed at several points, two writers at once, and bad files.

A killed rebuild or add must leave the previous index serving and byte-for-byte
intact, leave no process behind, and not keep the writer lock; a second writer
is refused with a clear message (or waits, when asked to).
"""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from quotearchive import index, pipeline
from quotearchive.cli import main
from quotearchive.errors import RebuildError
from quotearchive.models import SearchRequest
from quotearchive.search import search

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "examples" / "corpus"
REGRESSION = REPO / "tests" / "regression" / "articles"

# Runs a rebuild or an add in another process, stopping (printing a marker,
# then sleeping) at one point of the real code path, so the test can SIGKILL it there.
WRITER = textwrap.dedent("""
    import os, sys, time
    from quotearchive import index, pipeline

    operation, point, index_dir, *paths = sys.argv[1:]
    pause = float(os.environ.get("PAUSE", "600"))

    def stop(label):
        print(label, flush=True)
        time.sleep(pause)

    def after(owner, name, label):
        original = getattr(owner, name)
        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            stop(label)
            return result
        setattr(owner, name, wrapper)

    def before(owner, name, label, calls=1):
        original = getattr(owner, name)
        seen = [0]
        def wrapper(*args, **kwargs):
            seen[0] += 1
            if seen[0] == calls:
                stop(label)
            return original(*args, **kwargs)
        setattr(owner, name, wrapper)

    if point == "extracting":       # in an extraction worker, lock held, nothing written yet
        original_chunk = pipeline._run_chunk
        def chunk(paths_):
            stop("extracting")
            return original_chunk(paths_)
        pipeline._run_chunk = chunk
    elif point == "indexing":       # in each indexing process, its segment part written
        before(index, "quote_document", "indexing", calls=50)
    elif point == "copied":         # add: the live build's files linked into the new build
        after(index, "_link_tree", "copied")
    elif point == "changed":        # add: deletions and additions made, not committed
        before(index.BuildUpdate, "commit", "changed")
    elif point == "committed":      # new build complete and checked, not yet flushed or swapped
        before(index, "_sync_tree", "committed")
    elif point == "pointing":       # new pointer file written, not yet renamed over CURRENT
        original_replace = os.replace
        def replace(src, dst, *args, **kwargs):
            if str(dst).endswith("CURRENT"):
                stop("pointing")
            return original_replace(src, dst, *args, **kwargs)
        os.replace = replace

    if operation == "rebuild":
        pipeline.rebuild(paths, index_dir, jobs=2)
    else:
        pipeline.add(paths, index_dir, jobs=2)
    print("done", flush=True)
""")


def start_writer(operation: str, point: str, index_dir: Path, *paths: Path, pause: float = 600):
    env = {**os.environ, "PYTHONPATH": str(REPO), "PAUSE": str(pause)}
    return subprocess.Popen([sys.executable, "-c", WRITER, operation, point, str(index_dir), *map(str, paths)],
                            stdout=subprocess.PIPE, text=True, env=env)


def wait_for(process, marker: str) -> None:
    line = process.stdout.readline().strip()
    # Two extraction workers can reach the marker at once and print on one line.
    assert line and line == marker * (len(line) // len(marker)), f"writer printed {line!r}, expected {marker!r}"


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def digests(build: Path) -> dict[str, str]:
    return {path.name: hashlib.sha1(path.read_bytes()).hexdigest()
            for path in sorted(build.iterdir()) if path.is_file()}


def live_ids(index_dir: Path) -> set[str]:
    with index.open_index(index_dir).searcher() as searcher:
        return {fields["id"] for fields in searcher.all_stored_fields()}


@pytest.fixture()
def live(tmp_path):
    """An index built from the sample corpus: (index_dir, its build, the build's file digests, its ids)."""
    index_dir = tmp_path / "index"
    pipeline.rebuild([SAMPLE], index_dir)
    build = index.live_build_path(index_dir)
    return index_dir, build, digests(build), live_ids(index_dir)


KILL_POINTS = [
    ("rebuild", "extracting"),
    ("rebuild", "indexing"),
    ("rebuild", "committed"),
    ("rebuild", "pointing"),
    ("add", "extracting"),
    ("add", "copied"),
    ("add", "changed"),
    ("add", "committed"),
    ("add", "pointing"),
]


@pytest.mark.parametrize("operation, point", KILL_POINTS)
def test_a_writer_killed_at_any_point_leaves_the_previous_index_serving_and_intact(live, operation, point):
    index_dir, build, before, ids = live
    # Each indexing process writes half the quotes: that point needs more than the sample's.
    corpus = [SAMPLE, REGRESSION] if point == "indexing" else [SAMPLE]
    writer = start_writer(operation, point, index_dir, *corpus)
    try:
        wait_for(writer, point)
        helpers = descendants(writer.pid)
        if point in ("extracting", "indexing"):
            assert helpers, "the writer should be running worker processes at this point"
    finally:
        writer.send_signal(signal.SIGKILL)  # no cleanup code runs
        writer.wait(timeout=10)
        writer.stdout.close()

    assert index.live_build_path(index_dir) == build
    assert digests(build) == before
    assert live_ids(index_dir) == ids
    assert search(index_dir, SearchRequest(q="budget")).total > 0

    # Workers died with their writer, so nothing holds the lock or keeps writing.
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in helpers if alive(pid)]

    # The next writer runs at once and tidies up what the killed one left.
    report = pipeline.add([REGRESSION / "r01-wire-okafor-rail-bill.txt"], index_dir)
    assert report.quotes > 0
    assert live_ids(index_dir) > ids
    left = sorted(p.name for p in index_dir.iterdir() if p.name != "README.md")
    assert left == sorted([build.name, index.live_build_path(index_dir).name, "CURRENT", index.LOCK_NAME])


def test_an_add_while_another_add_runs_is_refused_with_a_clear_message(live, capsys):
    index_dir, build, before, ids = live
    writer = start_writer("add", "changed", index_dir, REGRESSION)
    try:
        wait_for(writer, "changed")
        with pytest.raises(RebuildError, match="another rebuild or add is already running"):
            pipeline.add([SAMPLE], index_dir)
        with pytest.raises(SystemExit) as stop:
            main(["add", str(SAMPLE), "--index", str(index_dir), "--quiet"])
        assert stop.value.code == 1
        err = capsys.readouterr().err
        assert "Error: another rebuild or add is already running" in err and "Traceback" not in err
    finally:
        writer.kill()
        writer.wait(timeout=10)
        writer.stdout.close()
    assert live_ids(index_dir) == ids


def test_an_add_during_a_rebuild_is_refused_before_the_rebuild_writes_anything(live):
    index_dir, build, before, ids = live
    writer = start_writer("rebuild", "extracting", index_dir, SAMPLE, REGRESSION)
    try:
        wait_for(writer, "extracting")
        with pytest.raises(RebuildError, match="already running"):
            pipeline.add([REGRESSION], index_dir)
        with pytest.raises(RebuildError, match="already running"):
            pipeline.rebuild([REGRESSION], index_dir)
    finally:
        writer.kill()
        writer.wait(timeout=10)
        writer.stdout.close()
    assert live_ids(index_dir) == ids


def test_two_adds_with_wait_are_serialised_and_both_land(live, tmp_path):
    index_dir, build, before, ids = live
    first = start_writer("add", "changed", index_dir, REGRESSION, pause=1.0)
    try:
        wait_for(first, "changed")
        story = tmp_path / "late.txt"
        story.write_text('Pier to reopen\n\n"The pier opens again in May," said harbour master Oona Vell.\n',
                         encoding="utf-8")
        report = pipeline.add([story], index_dir, wait=60)  # waits for the first add to finish
        wait_for(first, "done")
        assert first.wait(timeout=30) == 0
    finally:
        first.kill()
        first.stdout.close()
    texts = {q["text"] for q in search(index_dir, SearchRequest(q='"pier opens again"')).results}
    assert report.quotes == 1 and len(texts) == 1
    regression_only = pipeline.process([REGRESSION]).quotes
    assert {q.id for q in regression_only} <= live_ids(index_dir)


# --- bad files -------------------------------------------------------------------

GOOD = '"We will open the new ferry terminal in April," said port director Hana Sorel.\n'


def bad_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Ferry terminal date set\n\n" + GOOD, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with open(corpus / "huge.txt", "wb") as handle:  # 50 MB, sparse: instant to make
        handle.truncate(50 * 1024 * 1024)
    page = ("<html><head><title>Ferry terminal</title></head><body><article><p>"
            + GOOD.strip() + "</p><p>More to come, the port said.</p></article></body></html>")
    (corpus / "cut-in-body.html").write_text(page[: page.index("More to come") + 8], encoding="utf-8")
    (corpus / "cut-in-head.html").write_text(page[:30], encoding="utf-8")
    # Saved as cp1252 (curly quotes, an accent), not the UTF-8 the rest is in.
    (corpus / "legacy.txt").write_bytes(
        "Café reopens\n\n“We are open again,” said café owner Renée Dufort.\n".encode("cp1252"))
    (corpus / "utf16-no-bom.txt").write_bytes("Hello".encode("utf-16-le"))
    loop = corpus / "nested"
    loop.mkdir()
    (loop / "again").symlink_to(corpus, target_is_directory=True)
    return corpus


def test_bad_files_are_skipped_with_their_reasons_and_the_rest_indexed(tmp_path):
    corpus = bad_corpus(tmp_path)
    report = pipeline.rebuild([corpus], tmp_path / "index", jobs=2)

    reasons = {Path(item.source).name: item.reason for item in report.skipped}
    assert reasons == {
        "empty.txt": "empty file",
        "image.html": "binary file, not text",
        "huge.txt": "file too large (52,428,800 bytes; limit 20,971,520)",
        "cut-in-head.html": "no article text (an empty or truncated page?)",
        "utf16-no-bom.txt": "binary file, not text",
        "again": "already read through another path (symlink)",
    }
    texts = {quote["text"] for quote in search(tmp_path / "index", SearchRequest(per_page=100)).results}
    # Nothing readable is lost: the page cut off in its body keeps the quote before the cut,
    # the cp1252 file reads right.
    assert texts == {"We will open the new ferry terminal in April", "We are open again"}
    assert report.articles == 3 and report.quotes == 3
    assert {q["speaker"] for q in search(tmp_path / "index", SearchRequest(per_page=100)).results} == {
        "Hana Sorel", "Renée Dufort"}


def test_the_cli_reports_the_skipped_count_and_each_reason(tmp_path, capsys):
    corpus = bad_corpus(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main(["rebuild", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--quiet"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "skipped:        6" in out
    assert "huge.txt: file too large" in out and "Traceback" not in out


LOCK_HOLDER = textwrap.dedent("""
    import os, sys, time
    from quotearchive import index

    with index.writer_lock(sys.argv[1]):
        ready, told = os.pipe()
        child = os.fork()
        if child == 0:  # a child that outlives its parent, as a stray worker would
            os.write(told, b"x")  # fork's hooks in the child have run by now
            time.sleep(30)
            os._exit(0)
        os.read(ready, 1)
        print(child, flush=True)
        time.sleep(600)
""")


def test_a_child_that_outlives_a_killed_writer_does_not_keep_the_lock(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True, env=env)
    child = int(holder.stdout.readline())
    try:
        with pytest.raises(RebuildError, match="already running"):
            with index.writer_lock(tmp_path):
                pass
        holder.kill()
        holder.wait(timeout=10)
        assert alive(child)
        with index.writer_lock(tmp_path):  # the orphan's copy of the lock was let go at fork
            pass
    finally:
        holder.kill()
        holder.stdout.close()
        os.kill(child, signal.SIGKILL)


def test_an_index_folder_that_cannot_be_made_is_a_clear_error_not_a_traceback(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(SystemExit) as stop:
        main(["add", str(SAMPLE), "--index", str(blocker / "index"), "--quiet"])
    assert stop.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: cannot create the index folder") and "Traceback" not in err
