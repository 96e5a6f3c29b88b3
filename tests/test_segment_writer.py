"""Issue 5: a rebuild's own segment writer writes what Whoosh's writer would, faster."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index

from quotearchive import index, pipeline
from quotearchive.fast_analysis import compile_field, compile_spans
from quotearchive.search import HIGHLIGHT_ANALYZERS
from quotearchive.segment_writer import write_segments

REPO = Path(__file__).resolve().parent.parent
CORPUS = [REPO / "examples" / "corpus", REPO / "tests" / "regression" / "articles"]
SCHEMA = index.make_schema()
INDEXED = [name for name, field in SCHEMA.items() if field.indexed]


@pytest.fixture(scope="module")
def quotes():
    result = pipeline.process(CORPUS)
    pipeline.group_statements(result.quotes)
    assert len(result.quotes) > 200
    return result.quotes


def _values(quotes, name):
    return [value for quote in quotes
            if (value := index.quote_document(quote).get(name)) is not None]


def test_every_indexed_field_of_the_schema_is_compiled():
    assert [name for name in INDEXED if compile_field(SCHEMA[name]) is None] == []


@pytest.mark.parametrize("name", INDEXED)
def test_compiled_fields_give_the_terms_whoosh_gives_for_real_quotes(quotes, name):
    field = SCHEMA[name]
    fast = compile_field(field)
    for value in _values(quotes, name):
        assert sorted(fast(value)) == sorted(field.index(value)), value


# Words, stop words, case, apostrophes, dots inside words, commas (KEYWORD fields split on
# them), digits, underscores, accents, other scripts, and spaces to strip.
TEXT = st.lists(st.sampled_from([*"ab AB.,'-_1é中\t", "The ", "of ", "a ", "running ", "U.S. ",
                                  "it's ", " , ", "Mr. "]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_compiled_fields_give_the_terms_whoosh_gives_for_any_text(text):
    for name in INDEXED:
        field = SCHEMA[name]
        assert sorted(compile_field(field)(text)) == sorted(field.index(text)), (name, text)


def _whoosh_spans(analyzer, text: str) -> list[tuple[str, int, int]]:
    return [(token.text, token.startchar, token.endchar) for token in analyzer(text, chars=True)]


def test_highlighted_words_are_found_where_whoosh_finds_them_in_real_quotes(quotes):
    for analyzer in HIGHLIGHT_ANALYZERS.values():
        spans = compile_spans(analyzer)
        assert spans is not None
        for quote in quotes:
            assert spans(quote.text) == _whoosh_spans(analyzer, quote.text), quote.text


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_highlighted_words_are_found_where_whoosh_finds_them_in_any_text(text):
    for analyzer in HIGHLIGHT_ANALYZERS.values():
        assert compile_spans(analyzer)(text) == _whoosh_spans(analyzer, text), text


def _dump(index_dir: Path) -> dict:
    """Everything a reader can tell about an index, segment boundaries aside."""
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        docs = reader.doc_count_all()
        postings = {}
        for name in INDEXED:
            for term in reader.lexicon(name):
                info = reader.term_info(name, term)
                matcher = reader.postings(name, term)
                entries = []
                while matcher.is_active():
                    entries.append((matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
                postings[(name, term)] = (info.doc_frequency(), info.weight(), info.min_length(),
                                          info.max_length(), entries)
        return {
            "docs": docs,
            "postings": postings,
            "stored": [reader.stored_fields(number) for number in range(docs)],
            "lengths": {name: ([reader.doc_field_length(number, name) for number in range(docs)],
                               reader.field_length(name))
                        for name in INDEXED if SCHEMA[name].scorable},
            "columns": {name: list(reader.column_reader(name)) for name, field in SCHEMA.items()
                        if field.column_type},
        }


def test_a_segment_holds_what_whooshs_own_writer_writes(quotes, tmp_path):
    documents = [index.quote_document(quote) for quote in quotes]
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    theirs.mkdir()
    written = write_segments(whoosh_index.create_in(str(ours), SCHEMA), documents, dict, procs=1)
    writer = whoosh_index.create_in(str(theirs), SCHEMA).writer()
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    assert written == len(documents)
    expected = _dump(theirs)
    assert _dump(ours) == expected
    assert len(expected["postings"]) > 1000  # the comparison covered real work


def test_processes_write_one_segment_each_in_document_order(quotes, tmp_path):
    documents = [index.quote_document(quote) for quote in quotes]
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    write_segments(whoosh_index.create_in(str(one), SCHEMA), documents, dict, procs=1)
    written = write_segments(whoosh_index.create_in(str(two), SCHEMA), documents, dict, procs=2)
    assert written == len(documents)
    ix = whoosh_index.open_dir(str(two))
    assert [segment.doc_count() for segment in ix._segments()] == [
        (len(documents) + 1) // 2, len(documents) // 2]
    with ix.searcher() as searcher, whoosh_index.open_dir(str(one)).searcher() as single:
        assert [fields["id"] for fields in searcher.all_stored_fields()] == [
            fields["id"] for fields in single.all_stored_fields()] == [d["id"] for d in documents]
        # Whole-index statistics are the sum of the segments': scores come out the same.
        assert searcher.reader().field_length("text") == single.reader().field_length("text")


def test_an_empty_build_is_a_valid_empty_index(tmp_path):
    assert write_segments(whoosh_index.create_in(str(tmp_path), SCHEMA), [], dict, procs=2) == 0
    with whoosh_index.open_dir(str(tmp_path)).searcher() as searcher:
        assert searcher.doc_count() == 0
