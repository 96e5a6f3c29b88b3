"""`add`: new articles go into the live index without a rebuild, copy-on-write, groups kept right."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from quotearchive import articlestore, index, pipeline
from quotearchive.cli import main
from quotearchive.errors import RebuildError
from quotearchive.models import SearchRequest
from quotearchive.search import search

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "examples" / "corpus"
REGRESSION = REPO / "tests" / "regression" / "articles"

WALL = '"We will finish the new harbour wall before the winter storms arrive at our coast," said Mayor Ilse Marrow.'


def write_story(path: Path, text: str = WALL, url: str | None = "https://harbour.example/wall",
                outlet: str = "Harbour Ledger") -> Path:
    """Write one article as a JSONL record (the format that carries a URL)."""
    record = {"title": "Harbour wall plan gets a date", "text": text, "published": "2026-03-02",
              "outlet": outlet, "url": url}
    path.write_text(json.dumps({k: v for k, v in record.items() if v}) + "\n", encoding="utf-8")
    return path


def statements_by_id(index_dir) -> dict[str, str]:
    """Every indexed quote id with its statement id."""
    with index.open_index(index_dir).searcher() as searcher:
        return {fields["id"]: json.loads(fields["payload"])["statement"]
                for fields in searcher.all_stored_fields()}


def texts(index_dir) -> set[str]:
    return {quote["text"] for quote in search(index_dir, SearchRequest(per_page=100)).results}


def file_digests(directory: Path) -> dict[str, str]:
    return {path.name: hashlib.sha1(path.read_bytes()).hexdigest()
            for path in sorted(directory.iterdir()) if path.is_file()}


def split_corpus(tmp_path: Path) -> tuple[Path, Path]:
    """The sample and regression articles split in two halves, file by file."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    files = sorted([*SAMPLE.iterdir(), *REGRESSION.iterdir()], key=lambda p: p.name)
    for number, path in enumerate(files):
        shutil.copy(path, (first if number % 2 else second) / path.name)
    return first, second


def test_add_then_group_is_the_same_as_one_rebuild_over_everything(tmp_path):
    first, second = split_corpus(tmp_path)
    whole = tmp_path / "whole"
    pipeline.rebuild([first, second], whole)
    added = tmp_path / "added"
    pipeline.rebuild([first], added)
    before = statements_by_id(added)

    report = pipeline.add([second], added)

    expected = statements_by_id(whole)
    assert statements_by_id(added) == expected
    assert report.quotes == len(expected) - len(before)
    # The test means something only if some statement spans both halves.
    old_groups = {expected[quote_id] for quote_id in before}
    new_groups = {expected[quote_id] for quote_id in set(expected) - set(before)}
    assert old_groups & new_groups


def test_a_new_report_of_an_indexed_statement_joins_its_group(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_story(corpus / "wall.jsonl")
    pipeline.rebuild([corpus], tmp_path / "index")
    [old] = statements_by_id(tmp_path / "index").items()

    other = write_story(tmp_path / "other.jsonl", WALL.replace("at our coast", "at the coast"),
                        url="https://coast.example/story", outlet="Coast Courier")
    report = pipeline.add([other], tmp_path / "index")

    groups = statements_by_id(tmp_path / "index")
    assert len(groups) == 2 and len(set(groups.values())) == 1
    assert report.regrouped == 1  # the indexed quote's group id now names both members
    assert groups[old[0]] != old[1]


def test_adding_an_article_again_replaces_its_quotes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = write_story(corpus / "wall.jsonl")
    pipeline.rebuild([SAMPLE, corpus], tmp_path / "index")
    count = len(statements_by_id(tmp_path / "index"))

    # Same URL, new text: the article's old quotes go, the new ones come.
    write_story(story, WALL.replace("before the winter storms arrive at our coast",
                                    "by the end of the summer, whatever the cost"))
    report = pipeline.add([story], tmp_path / "index")

    assert (report.articles, report.replaced, report.removed, report.quotes) == (1, 1, 1, 1)
    assert len(statements_by_id(tmp_path / "index")) == count
    found = {quote["text"] for quote in search(tmp_path / "index", SearchRequest(q="harbour wall")).results}
    assert any("end of the summer" in text for text in found)
    assert not any("winter storms" in text for text in found)

    # The very same file again changes nothing but the build.
    again = pipeline.add([story], tmp_path / "index")
    assert (again.replaced, again.quotes) == (1, 1)
    assert len(statements_by_id(tmp_path / "index")) == count


def test_added_articles_join_the_article_store_and_replace_their_old_text(tmp_path):
    pipeline.rebuild([SAMPLE], tmp_path / "index")
    story = write_story(tmp_path / "wall.jsonl")
    pipeline.add([story], tmp_path / "index")
    live = index.live_build_path(tmp_path / "index")
    article_id = hashlib.sha1(b"https://harbour.example/wall").hexdigest()[:12]
    stored = articlestore.read(live, article_id)
    assert stored["paragraphs"] == [WALL]
    # The sample articles of the rebuild are still there, text and all.
    some_quote = search(tmp_path / "index", SearchRequest(q="strike")).results[0]
    assert articlestore.read(live, some_quote["article_id"])["paragraphs"]

    write_story(story, WALL.replace("winter storms", "spring tides"))
    pipeline.add([story], tmp_path / "index")
    stored = articlestore.read(index.live_build_path(tmp_path / "index"), article_id)
    assert stored["paragraphs"] == [WALL.replace("winter storms", "spring tides")]


def test_add_without_a_url_identifies_the_article_by_its_text(tmp_path):
    one = write_story(tmp_path / "one.jsonl", url=None)
    two = write_story(tmp_path / "two.jsonl", url=None)
    pipeline.add([one], tmp_path / "index")
    report = pipeline.add([two], tmp_path / "index")
    assert report.replaced == 1
    assert len(statements_by_id(tmp_path / "index")) == 1


def test_add_leaves_the_previous_build_byte_for_byte_intact(tmp_path):
    pipeline.rebuild([SAMPLE], tmp_path / "index")
    previous = index.live_build_path(tmp_path / "index")
    digests = file_digests(previous)

    pipeline.add([REGRESSION], tmp_path / "index")

    assert index.live_build_path(tmp_path / "index") != previous
    assert file_digests(previous) == digests


def test_add_to_a_missing_index_creates_it(tmp_path):
    report = pipeline.add([SAMPLE], tmp_path / "index")
    assert report.quotes == len(statements_by_id(tmp_path / "index")) > 0


def test_add_with_nothing_readable_changes_nothing(tmp_path):
    pipeline.rebuild([SAMPLE], tmp_path / "index")
    live = index.live_build_path(tmp_path / "index")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"")
    report = pipeline.add([junk], tmp_path / "index")
    assert report.articles == 0 and [s.reason for s in report.skipped] == ["empty file"]
    assert index.live_build_path(tmp_path / "index") == live


def test_add_that_fails_midway_leaves_the_live_index_as_it_was(tmp_path, monkeypatch):
    pipeline.rebuild([SAMPLE], tmp_path / "index")
    live = index.live_build_path(tmp_path / "index")
    before = texts(tmp_path / "index")

    def broken(self, quotes):
        raise OSError("disk full")

    monkeypatch.setattr(index.BuildUpdate, "add", broken)
    with pytest.raises(RebuildError, match="previous index is still live.*disk full"):
        pipeline.add([REGRESSION], tmp_path / "index")
    assert index.live_build_path(tmp_path / "index") == live
    assert texts(tmp_path / "index") == before
    assert sorted(p.name for p in (tmp_path / "index").iterdir() if p.name.startswith("build-")) == [live.name]


def test_add_in_two_processes_gives_the_same_index_as_in_one(tmp_path):
    one = pipeline.add([SAMPLE, REGRESSION], tmp_path / "one", jobs=1)
    two = pipeline.add([SAMPLE, REGRESSION], tmp_path / "two", jobs=2)
    assert one.to_dict() | {"index_dir": ""} == two.to_dict() | {"index_dir": ""}
    assert statements_by_id(tmp_path / "one") == statements_by_id(tmp_path / "two")


def test_cli_add_prints_the_counts(tmp_path, capsys):
    pipeline.rebuild([SAMPLE], tmp_path / "index")
    story = write_story(tmp_path / "wall.jsonl")
    (tmp_path / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(SystemExit) as stop:
        main(["add", str(story), str(tmp_path / "broken.html"), "--index", str(tmp_path / "index"), "--quiet"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "articles read:  1" in out
    assert "skipped:        1" in out and "broken.html: binary file, not text" in out
    assert "quotes added:   1" in out


def test_search_after_an_add_of_an_article_without_outlet_counts_every_quote(tmp_path):
    # The add writes a second segment whose quotes lack some facet values; the
    # per-document arrays must still cover every document of both segments.
    pipeline.rebuild([SAMPLE], tmp_path / "index")
    story = tmp_path / "late.txt"
    story.write_text('Pier to reopen\n\n"The pier opens again in May," Oona Vell said.\n', encoding="utf-8")
    pipeline.add([story], tmp_path / "index")
    everything = search(tmp_path / "index", SearchRequest())
    assert everything.total == len(statements_by_id(tmp_path / "index"))
    assert search(tmp_path / "index", SearchRequest(q='"pier opens again"')).total == 1
    assert search(tmp_path / "index", SearchRequest(speaker="Oona Vell")).total == 1
