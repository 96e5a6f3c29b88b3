"""The index stage: schema, one document per quote, and finding the live index."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

from quotearchive import index
from quotearchive.errors import IndexNotFound
from quotearchive.models import Article, Quote


def make_quote(**fields) -> Quote:
    values = {"id": "q1", "text": "The harbour levy is escalating beyond reason.",
              "speaker": "Ines Varga", "outlet": "Lakeside Ledger"}
    values.update(fields)
    return Quote(**values)


def ram_index(*quotes: Quote):
    ix = RamStorage().create_index(index.make_schema())
    with ix.writer() as writer:
        for quote in quotes:
            writer.add_document(**index.quote_document(quote))
    return ix


def test_text_is_stemmed_so_escalation_finds_escalating():
    ix = ram_index(make_quote())
    with ix.searcher() as searcher:
        hits = searcher.search(QueryParser("text", ix.schema).parse("escalation"))
        assert [hit["id"] for hit in hits] == ["q1"]


def test_text_supports_phrase_search():
    from quotearchive.search import build_query
    ix = ram_index(make_quote(id="in-order"),
                   make_quote(id="other-order", text="Reason is escalating beyond the harbour levy."),
                   make_quote(id="stemmed", text="The harbour levies are escalating."))
    with ix.searcher() as searcher:
        for phrase in ('"harbour levy is escalating"', '"Harbour LEVY, is escalating"'):
            hits = searcher.search(build_query(ix.schema, phrase))
            assert [hit["id"] for hit in hits] == ["in-order"]
        # Every word of the phrase is in each quote; only the order tells them apart.
        hits = searcher.search(build_query(ix.schema, "harbour levy is escalating"))
        assert {hit["id"] for hit in hits} == {"in-order", "other-order", "stemmed"}


def test_payload_round_trips_the_full_quote_dict():
    quote = make_quote(role="harbour commissioner", spoken=dt.date(2024, 5, 2),
                       published=dt.date(2024, 5, 3), statement="s1", evidence="Varga said.")
    ix = ram_index(quote)
    with ix.searcher() as searcher:
        stored = searcher.document(id="q1")
    assert json.loads(stored["payload"]) == quote.to_dict()


def test_date_field_is_spoken_date_else_published():
    spoken_and_published = index.quote_document(
        make_quote(spoken=dt.date(2024, 1, 2), published=dt.date(2024, 1, 9)))
    published_only = index.quote_document(make_quote(published=dt.date(2024, 1, 9)))
    undated = index.quote_document(make_quote())
    assert spoken_and_published["date_order"] == dt.date(2024, 1, 2).toordinal()
    assert spoken_and_published["month"] == "2024-01"
    assert published_only["date_order"] == dt.date(2024, 1, 9).toordinal()
    assert published_only["published_day"] == dt.date(2024, 1, 9).toordinal()
    assert "month" not in undated and "year" not in undated
    assert undated["date_order"] == 0  # sorts after every dated quote


def test_missing_values_are_left_out_of_the_document():
    document = index.quote_document(make_quote(speaker=None, role=None, outlet=None))
    assert {"speaker", "speaker_exact", "role", "outlet", "outlet_exact"}.isdisjoint(document)


def test_write_index_creates_missing_directory_and_points_current_at_a_build(tmp_path):
    index_dir = tmp_path / "does" / "not" / "exist"
    index.write_index([make_quote()], index_dir)
    live = index.live_build_path(index_dir)
    assert live.parent == index_dir and live.name.startswith("build-")
    assert (index_dir / "CURRENT").read_text().strip() == live.name
    assert index.open_index(index_dir).doc_count() == 1


def test_write_index_fills_missing_article_metadata_from_articles(tmp_path):
    article = Article(id="a1", source="a1.txt", title="Levy row", outlet="Lakeside Ledger",
                      url="https://example.org/levy", published=dt.date(2024, 5, 3))
    index.write_index([make_quote(article_id="a1", outlet=None)], tmp_path, articles=[article])
    with index.open_index(tmp_path).searcher() as searcher:
        stored = json.loads(searcher.document(id="q1")["payload"])
    assert stored["title"] == "Levy row"
    assert stored["outlet"] == "Lakeside Ledger"
    assert stored["published"] == "2024-05-03"


def test_write_index_leaves_other_files_in_the_index_directory_alone(tmp_path):
    (tmp_path / "README.md").write_text("kept")
    index.write_index([make_quote()], tmp_path)
    index.write_index([make_quote()], tmp_path)
    assert (tmp_path / "README.md").read_text() == "kept"


def test_open_index_without_a_build_says_to_run_rebuild(tmp_path):
    with pytest.raises(IndexNotFound, match="quotearchive rebuild"):
        index.open_index(tmp_path / "nothing-here")


def test_open_index_with_a_dangling_pointer_says_to_run_rebuild(tmp_path):
    (tmp_path / "CURRENT").write_text("build-gone\n")
    with pytest.raises(IndexNotFound, match="quotearchive rebuild"):
        index.open_index(tmp_path)


def test_live_index_reopens_after_a_rebuild(tmp_path):
    index.write_index([make_quote(id="old")], tmp_path)
    live = index.LiveIndex(tmp_path)
    first = live.get()
    assert live.get() is first  # no rebuild, no reopen
    index.write_index([make_quote(id="new")], tmp_path)
    with live.get().searcher() as searcher:
        assert searcher.document(id="new") is not None
        assert searcher.document(id="old") is None


def test_an_index_built_with_an_older_schema_says_to_rebuild(tmp_path):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, STORED, Schema

    build = tmp_path / "build-old"
    build.mkdir()
    whoosh_index.create_in(str(build), Schema(id=ID(unique=True, stored=True), payload=STORED()))
    (tmp_path / "CURRENT").write_text("build-old\n")
    with pytest.raises(IndexNotFound, match="older version of QuoteArchive .*quotearchive rebuild"):
        index.open_index(tmp_path)
    with pytest.raises(IndexNotFound, match="older version"):
        index.LiveIndex(tmp_path).get()


def test_an_index_keeping_a_field_another_way_says_to_rebuild(tmp_path):
    """Same field names, other kinds: days once indexed as numbers, words once with positions."""
    from whoosh import index as whoosh_index
    from whoosh.fields import NUMERIC, TEXT

    old = index.make_schema()
    old.remove("date_order")
    old.add("date_order", NUMERIC(int, bits=32, sortable=True))
    old.remove("text")
    old.add("text", TEXT(analyzer=index.ENGLISH, phrase=True, stored=True))
    build = tmp_path / "build-old"
    build.mkdir()
    whoosh_index.create_in(str(build), old)
    (tmp_path / "CURRENT").write_text("build-old\n")
    with pytest.raises(IndexNotFound, match="older version .*date_order, text .*quotearchive rebuild"):
        index.open_index(tmp_path)
