"""Block-by-block matching (quotearchive.postings) finds and scores what Whoosh's matchers do."""
from __future__ import annotations

import json
import random
import time

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Term, TermRange

from quotearchive import index, postingfiles, postings
from quotearchive.columns import columns_for
from quotearchive.index import make_schema, quote_document
from quotearchive.models import Quote, SearchRequest
from quotearchive.search import build_query, with_filters

# Few words, so that the common ones fill many posting blocks (128 postings each)
# and phrases of them are found, and missed, often.
WORDS = ("the harbour fees must stop now we are escalating our complaint to ministry cost of "
         "living is only question voters ask fleet rising nobody knows what will").split()
SPEAKERS = ["Ines Varga", "Pavel Ostrander", "Dana Quill", "Fees Stop"]


def _quote(rng: random.Random, number: int) -> Quote:
    # Skewed towards the first words: "the" is in most quotes, "will" in few.
    text = " ".join(WORDS[min(int(rng.expovariate(0.15)), len(WORDS) - 1)]
                    for _ in range(rng.randint(3, 30)))
    return Quote(id=f"q{number}", text=text.capitalize() + ".", speaker=rng.choice(SPEAKERS),
                 outlet="Lakeside Ledger")


@pytest.fixture(scope="module", params=["blocks", "list files", "one list file"])
def searcher(tmp_path_factory, request):
    """Two segments, some documents deleted, about 4,000 quotes; lists read from Whoosh's
    blocks, from the list files a build writes (quotearchive.postingfiles), or from one
    segment's file and the other's blocks (idf and sizes then come from Whoosh)."""
    rng = random.Random(5)
    folder = tmp_path_factory.mktemp("postings")
    ix = whoosh_index.create_in(folder, make_schema())
    for first in (0, 2500):
        with ix.writer() as writer:
            writer.mergetype = lambda writer, segments: segments  # keep the segments apart
            for number in range(first, first + 2500 - 1000 * (first > 0)):
                writer.add_document(**quote_document(_quote(rng, number)))
    with ix.writer() as writer:
        writer.mergetype = lambda writer, segments: segments
        for number in range(0, 3500, 7):
            writer.delete_by_term("id", f"q{number}")
    if request.param != "blocks":
        index._write_missing_lists(folder)
        files = sorted(folder.glob(f"{postingfiles.FILE_PREFIX}*"))
        assert len(files) == 2
        if request.param == "one list file":
            files[0].unlink()
    with ix.searcher() as opened:
        leaves = [reader for reader, _ in opened.reader().leaf_readers()]
        assert len(leaves) == 2 and opened.reader().has_deletions()
        found = postings._list_files(opened, leaves)
        assert sum(map(bool, found)) == {"blocks": 0, "list files": 2, "one list file": 1}[request.param]
        yield opened


def _queries(rng: random.Random) -> list[tuple[str, str | None]]:
    def word() -> str:
        return rng.choice(WORDS)

    shapes = [
        lambda: word(),
        lambda: f"{word()} {word()}",
        lambda: f"{word()} {word()} {word()}",
        lambda: f'"{word()} {word()}"',
        lambda: f'"{word()} {word()} {word()}"',
        lambda: f"{word()} OR {word()}",
        lambda: f"{word()} NOT {word()}",
        lambda: f'{word()} "{word()} {word()}"',
        lambda: f"({word()} OR {word()}) {word()} NOT {word()}",
        lambda: "varga",
        lambda: f'"{word()} {word()}" OR {word()} {word()}',
        lambda: f"{word()[:2]}* {word()}",  # a wildcard: one word, or several, per segment
        lambda: f"{word()[:3]}?* OR {word()}",
    ]
    return [(rng.choice(shapes)(), rng.choice([None, None, "Ines Varga"])) for _ in range(150)]


def _whoosh(searcher, query) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}


def test_the_same_documents_with_the_same_scores_as_whoosh(searcher):
    checked = 0
    for q, speaker in _queries(random.Random(11)):
        query = with_filters(build_query(searcher.schema, q), SearchRequest(q=q, speaker=speaker))
        expected = _whoosh(searcher, query)
        numbers, scores = postings.match(searcher, query, scored=True, deadline=time.monotonic() + 60)
        assert numbers.tolist() == sorted(expected), (q, speaker)
        # Exactly: the order of ties depends on it.
        assert dict(zip(numbers.tolist(), scores.tolist())) == expected, (q, speaker)
        unscored, none = postings.match(searcher, query, scored=False, deadline=time.monotonic() + 60)
        assert unscored.tolist() == numbers.tolist() and none is None
        checked += bool(expected)
    assert checked > 100  # most queries find something


def test_phrases_need_the_words_in_order_and_next_to_each_other(searcher):
    query = build_query(searcher.schema, '"fees the"')
    numbers, _ = postings.match(searcher, query, scored=False, deadline=time.monotonic() + 60)
    assert len(numbers)
    for number in numbers.tolist():
        quote = json.loads(searcher.stored_fields(number)["payload"])
        # The speaker field is searched too ("Fees Stop" matches the phrase's only
        # word its analyzer keeps).
        assert "fees the" in quote["text"].lower() or quote["speaker"] == "Fees Stop"
    texts = [json.loads(fields["payload"])["text"].lower() for fields in searcher.all_stored_fields()]
    assert len(numbers) < sum("fees" in text and "the" in text for text in texts)


def test_a_range_of_words_is_left_to_whoosh(searcher):
    with pytest.raises(postings.Unsupported):
        postings.match(searcher, TermRange("text", "fe", "ff"), scored=False,
                       deadline=time.monotonic() + 60)


@pytest.mark.parametrize("q", ["the", "the harbour", '"the harbour"'])
def test_out_of_time_answers_every_match_up_to_where_it_stopped(searcher, q):
    query = build_query(searcher.schema, q)
    everything = _whoosh(searcher, query)
    columns_for(searcher).decoded.clear()  # read from the index, not from lists kept in memory
    with pytest.raises(postings.OutOfTime) as stopped:
        postings.match(searcher, query, scored=True, deadline=time.monotonic() - 1)
    found = stopped.value.numbers.tolist()
    assert 0 < len(found) < len(everything)
    assert found == sorted(everything)[:len(found)]
    assert stopped.value.scores.tolist() == [everything[n] for n in found]


def test_a_list_read_once_is_kept_for_the_generation_and_not_read_again(searcher, monkeypatch):
    query = build_query(searcher.schema, "harbour fees")
    columns_for(searcher).decoded.clear()
    first = postings.match(searcher, query, scored=True, deadline=time.monotonic() + 60)
    assert columns_for(searcher).decoded.used > 0

    real_blocks = postings._Segment._blocks

    def no_reading(segment, fieldname, btext, *args, **kwargs):
        if (fieldname, btext) in segment.reader:
            raise AssertionError("read from the index again")
        return real_blocks(segment, fieldname, btext, *args, **kwargs)  # absent: only looked up

    def no_list_reading(*args, **kwargs):
        raise AssertionError("read from the list file again")

    monkeypatch.setattr(postings._Segment, "_blocks", no_reading)
    monkeypatch.setattr(postingfiles.SegmentLists, "read", no_list_reading)
    again = postings.match(searcher, query, scored=True, deadline=time.monotonic() - 1)
    assert again[0].tolist() == first[0].tolist() and again[1].tolist() == first[1].tolist()


def test_the_kept_lists_stay_within_their_budget(searcher, monkeypatch):
    kept = columns_for(searcher).decoded
    kept.clear()
    monkeypatch.setattr(kept, "budget", 20_000)
    for word in WORDS:
        postings.match(searcher, build_query(searcher.schema, word), scored=True,
                       deadline=time.monotonic() + 60)
        assert kept.used <= 20_000
    assert kept.used > 0


def test_warming_reads_the_most_frequent_words_within_the_budget(searcher):
    kept = columns_for(searcher).decoded
    kept.clear()
    read = postings.warm(searcher, "text", budget=150_000)
    assert 1 < read < len(set(WORDS))
    reader = searcher.reader()
    # The lists, plus a length byte per document, plus what keeping each entry costs.
    assert 0 < kept.used <= 150_000 + reader.doc_count_all() + (2 * read + 2) * 400
    # The most frequent word is among them: a search for it reads nothing more.
    most = max(reader.iter_field("text"), key=lambda item: item[1].doc_frequency())[0]
    before = kept.used
    postings.match(searcher, Term("text", most), scored=True, deadline=time.monotonic() + 60)
    assert kept.used == before


@pytest.mark.parametrize("sizes", [(0, 5), (5, 0), (1, 1), (300, 280), (1000, 40), (40, 1000), (5000, 5000),
                                   (4000, 16000), (16000, 4000)])
def test_positions_in_finds_the_numbers_in_both_lists_merged_or_looked_up(sizes):
    import numpy as np
    rng = random.Random(sum(sizes))
    numbers, wanted = (np.array(sorted(rng.sample(range(20_000), size)), np.int32) for size in sizes)
    expected = [i for i, number in enumerate(numbers.tolist()) if number in set(wanted.tolist())]
    assert postings.positions_in(numbers, wanted).tolist() == expected


def test_documents_of_a_word_are_what_matching_it_finds(searcher):
    reader = searcher.reader()
    for fieldname in ("text", "speakers", "text_pairs"):
        for term in list(reader.lexicon(fieldname))[:40] + [b"nowhere"]:
            text = term.decode("utf-8")
            expected = postings.match(searcher, Term(fieldname, text), scored=False,
                                      deadline=time.monotonic() + 60)[0]
            assert postings.documents_of(searcher, fieldname, text).tolist() == expected.tolist()
    assert postings.documents_of(searcher, "no_such_field", "x").tolist() == []
