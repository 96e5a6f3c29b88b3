"""Issue 5: the bounds on one search, and the per-generation arrays behind facets, dates and order."""
from __future__ import annotations

import datetime as dt
import random
import threading

import pytest

from quotearchive import columns, index, postingfiles, search as search_module, segment_writer
from quotearchive.errors import IndexNotFound, QueryError
from quotearchive.models import Quote
from quotearchive.search import parse_request, search
from helpers import run, write_index_once

D = dt.date
OUTLETS = ["Lakeside Ledger", "Northfield Courier", "Quarry Gazette"]
SPEAKERS = ["Ines Varga", "Pavel Ostrander", "Dana Quill", "Odo Brandt"]


def _quotes(count: int = 400, seed: int = 3) -> list[Quote]:
    """Quotes on days spread over four years, some on the same day, some undated."""
    rng = random.Random(seed)
    quotes = []
    for number in range(count):
        published = D(2020, 1, 1) + dt.timedelta(days=rng.randrange(4 * 365))
        spoken = published - dt.timedelta(days=rng.randrange(3)) if rng.random() < 0.5 else None
        quotes.append(Quote(
            id=f"q{number:04d}", text=f"The harbour levy is word{number % 7} and zeta{number}.",
            speaker=SPEAKERS[number % len(SPEAKERS)], outlet=OUTLETS[number % len(OUTLETS)],
            published=None if number % 50 == 0 else published, spoken=spoken,
            statement=f"s{number % 5}" if number % 2 else None))
    return quotes


QUOTES = _quotes()


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    # Posting blocks of Whoosh's size, not a rebuild's: the 400 quotes take several, so
    # that a search out of time can stop between two.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segment_writer, "BLOCK_POSTINGS", 128)
        path = write_index_once(tmp_path_factory, QUOTES, "bounds")
    for lists in index.live_build_path(path).glob(f"{postingfiles.FILE_PREFIX}*"):
        lists.unlink()  # read from the blocks, as an index written before list files
    return path


def _day(quote: Quote, field: str) -> int:
    """The day number a date field holds for a quote (0: none), worked out from the quote itself."""
    day = (quote.spoken or quote.published) if field == "date_order" else quote.published
    return day.toordinal() if day else 0


def _expected_ids(field, start, end):
    """The ids of the quotes whose day falls in the range: what the day buckets must find."""
    low = start.toordinal() if start else 1
    high = end.toordinal() if end else D.max.toordinal()
    return {q.id for q in QUOTES if low <= _day(q, field) <= high}


@pytest.mark.parametrize("seed", range(8))
def test_date_ranges_from_the_day_buckets_find_the_quotes_in_range(index_dir, seed):
    rng = random.Random(seed)
    start = D(2019, 12, 1) + dt.timedelta(days=rng.randrange(1500))
    end = start + dt.timedelta(days=rng.choice([0, 1, 31, 32, 33, 64, 200, 900]))
    open_start = seed == 1
    for name, field in (("from", "date_order"), ("published_from", "published_day")):
        last = "to" if name == "from" else "published_to"
        params = {last: end.isoformat(), "per_page": 100}
        if not open_start:
            params[name] = start.isoformat()
        result = run(index_dir, **params)
        expected = _expected_ids(field, None if open_start else start, end)
        assert result.total == len(expected) > 0
        # Newest first: the page holds the latest of them.
        assert {q["id"] for q in result.results} <= expected


def test_sorting_by_date_breaks_ties_by_id_and_puts_undated_last(index_dir):
    undated = D.max.toordinal() + 1
    expected = [q.id for q in sorted(QUOTES, key=lambda q: (-_day(q, "date_order"), q.id))]
    oldest = [q.id for q in sorted(QUOTES, key=lambda q: (_day(q, "date_order") or undated, q.id))]
    undated_ids = sorted(q.id for q in QUOTES if not _day(q, "date_order"))
    assert undated_ids and expected[-len(undated_ids):] == oldest[-len(undated_ids):] == undated_ids
    pages = [q["id"] for page in range(1, 5)
             for q in run(index_dir, sort="newest", per_page=100, page=page).results]
    assert pages == expected
    assert [q["id"] for q in run(index_dir, sort="oldest", per_page=100).results] == oldest[:100]
    assert [q["id"] for q in run(index_dir, q="harbour", sort="oldest", per_page=100,
                                 page=4).results] == oldest[300:400]


def test_facets_from_the_arrays_count_every_match(index_dir):
    result = run(index_dir, q="word3")
    expected = [q for number, q in enumerate(QUOTES) if number % 7 == 3]
    assert result.total == len(expected)
    counts = {entry["value"]: entry["count"] for entry in result.facets["outlet"]}
    assert counts == {outlet: sum(q.outlet == outlet for q in expected) for outlet in OUTLETS}
    assert result.partial is None


@pytest.mark.parametrize("q, message", [
    ("a*", "too few letters"),
    ("*", "too few letters"),
    ("?arbour", "too few letters"),
    ("ze*", "covers more than"),
    ("[a TO zz]", "covers more than"),
])
def test_wildcards_and_ranges_that_expand_too_far_are_refused(index_dir, monkeypatch, q, message):
    monkeypatch.setattr(search_module, "MAX_EXPANDED_TERMS", 50)  # 400 "zeta" words in the index
    with pytest.raises(QueryError, match=message):
        run(index_dir, q=q)


def test_a_bounded_wildcard_still_finds_its_words(index_dir, monkeypatch):
    monkeypatch.setattr(search_module, "MAX_EXPANDED_TERMS", 120)
    assert run(index_dir, q="zeta1*").total == 111  # zeta1, zeta10-19, zeta100-199
    assert run(index_dir, q="harb*").total == len(QUOTES)


def test_paging_stops_at_the_result_window_but_beyond_the_end_is_empty(index_dir, monkeypatch):
    monkeypatch.setattr(search_module, "MAX_RESULT_WINDOW", 100)
    assert len(run(index_dir, per_page=50, page=2).results) == 50
    with pytest.raises(QueryError, match="only the first 100 matches can be paged"):
        run(index_dir, per_page=50, page=3)
    beyond = run(index_dir, per_page=50, page=10**12)
    assert beyond.results == [] and beyond.total == len(QUOTES)


def test_a_search_out_of_time_answers_what_it_found_flagged_partial(index_dir, monkeypatch):
    # This index's segment has no list file (as one written before they existed): its
    # lists are read from Whoosh's blocks, and a search out of time stops between two.
    monkeypatch.setattr(search_module, "DEADLINE_CHECK_EVERY", 30)
    for q in ("harbour", '"harbour levy"'):
        columns.forget_all()  # posting lists kept from earlier searches would answer at once
        result = search(index_dir, parse_request({"q": q}), time_budget=0)
        assert 0 < result.total < len(QUOTES)
        assert "took longer than" in result.partial
        assert len(result.results) == 20
        assert sum(entry["count"] for entry in result.facets["speaker"]) == result.total


def test_out_of_time_with_list_files_stops_after_the_first_segment(tmp_path):
    # A list file is read whole, in one read; out of time, the segments after it are not read.
    index.write_index(QUOTES, tmp_path, procs=2)
    build = index.live_build_path(tmp_path)
    assert len(list(build.glob(f"{postingfiles.FILE_PREFIX}*"))) == 2
    first_segment = len(QUOTES) // 2
    for q in ("harbour", '"harbour levy"'):
        columns.forget_all()
        result = search(tmp_path, parse_request({"q": q}), time_budget=0)
        assert result.total == first_segment
        assert "took longer than" in result.partial
        assert sum(entry["count"] for entry in result.facets["speaker"]) == first_segment
        assert search(tmp_path, parse_request({"q": q})).total == len(QUOTES)


def test_out_of_time_before_ranking_keeps_exact_counts_and_says_the_page_is_unranked(
        index_dir, monkeypatch):
    monkeypatch.setattr(search_module, "DEADLINE_CHECK_EVERY", 10**9)  # matching completes
    # A range of words goes through Whoosh's matchers, which match first and rank after;
    # words, phrases and wildcards are scored while they are matched (quotearchive.postings).
    result = search(index_dir, parse_request({"q": "word3 OR [harb TO harc]"}), time_budget=0)
    assert result.total == len(QUOTES)
    assert "not ranked by relevance" in result.partial
    assert [q["id"] for q in result.results] == [q.id for q in QUOTES[:20]]  # index order


def test_facets_count_a_sample_beyond_the_visit_limit_and_say_so(index_dir, monkeypatch):
    monkeypatch.setattr(search_module, "FACET_VISIT_LIMIT", 100)
    result = run(index_dir, q="harbour")
    assert result.total == len(QUOTES)
    assert sum(entry["count"] for entry in result.facets["outlet"]) == 100
    assert result.partial == f"facet counts cover the first 100 of {len(QUOTES)} matches"


def test_each_statement_lists_its_first_reports_only(index_dir, monkeypatch):
    monkeypatch.setattr(search_module, "REPORTS_PER_STATEMENT", 3)
    result = run(index_dir, q="harbour", per_page=100)
    assert result.statements and all(len(reports) == 3 for reports in result.statements.values())
    for statement, reports in result.statements.items():
        dated = sorted((q.spoken or q.published or D.max, q.id) for q in QUOTES
                       if q.statement == statement)
        assert [report["id"] for report in reports] == [quote_id for _, quote_id in dated[:3]]


def test_deleted_quotes_are_not_counted_or_listed(tmp_path):
    index.write_index(QUOTES[:40], tmp_path)
    live = index.open_index(tmp_path)
    writer = live.writer()
    writer.delete_by_term("id", "q0002")
    writer.commit(merge=False)
    result = search(index.open_index(tmp_path), parse_request({"per_page": "100"}))
    assert result.total == 39 and "q0002" not in {q["id"] for q in result.results}
    dated = search(index.open_index(tmp_path), parse_request({"from": "2000-01-01", "per_page": "100"}))
    assert "q0002" not in {q["id"] for q in dated.results}


def test_a_warming_pool_reads_a_new_generations_arrays_in_the_background(tmp_path):
    import threading
    from quotearchive import columns
    from quotearchive.search import SearcherPool
    index.write_index(QUOTES[:30], tmp_path)
    pool = SearcherPool(index.LiveIndex(tmp_path), warm=True)
    with pool.borrow() as searcher:
        key = (searcher._ix.storage.folder, searcher.reader().generation(), 30, 30)
    for thread in threading.enumerate():
        if thread.name == "quotearchive-warm":
            thread.join(timeout=30)
    built = columns._cache[key].built
    assert {("codes", "speaker_exact"), ("buckets", "published_day"), "ranks",
            ("running", "date_order", "outlet_exact")} <= set(built)


def test_warm_now_reads_the_live_generations_arrays_before_returning(tmp_path):
    from quotearchive import columns
    from quotearchive.search import SearcherPool
    index.write_index(QUOTES[:30], tmp_path)
    pool = SearcherPool(index.LiveIndex(tmp_path), warm=True)
    pool.warm_now()
    key = (str(index.live_build_path(tmp_path)), 1, 30, 30)
    assert {("codes", "speaker_exact"), ("codes", "role_exact"), "ranks", ("order", "newest"),
            ("running", "published_day", "year")} <= set(columns._cache[key].built)
    with pool.borrow():  # the generation is warm: no thread is started for it
        assert not any(thread.name == "quotearchive-warm" for thread in threading.enumerate())


def test_warm_now_without_an_index_says_so_as_requests_would(tmp_path):
    from quotearchive.search import SearcherPool
    pool = SearcherPool(index.LiveIndex(tmp_path / "none"), warm=True)
    with pytest.raises(IndexNotFound):
        pool.warm_now()


@pytest.mark.parametrize("seed", range(6))
def test_a_date_range_alone_answers_from_bucket_totals_as_counting_each_match_would(
        index_dir, monkeypatch, seed):
    from quotearchive import columns
    rng = random.Random(seed)
    start = D(2019, 12, 1) + dt.timedelta(days=rng.randrange(1500))
    end = start + dt.timedelta(days=rng.choice([0, 5, 8, 9, 40, 365, 2000]))
    name = rng.choice(["from", "published_from"])
    params = {name: start.isoformat(), name.replace("from", "to"): end.isoformat(),
              "sort": rng.choice(["newest", "oldest", "relevance"]),
              "per_page": rng.choice([1, 7, 100]), "page": rng.choice([1, 2])}
    if seed == 0:  # nothing but a sort: the front page, from cached totals and order
        del params[name], params[name.replace("from", "to")]
    quick = run(index_dir, **params)
    monkeypatch.setattr(columns, "MAX_RUNNING_ENTRIES", 0)  # no running totals: count each match
    monkeypatch.setattr(search_module, "_everything", lambda *args: None)
    columns._cache.clear()
    counted = run(index_dir, **params)
    assert quick.total == counted.total
    assert quick.facets == counted.facets
    assert [q["id"] for q in quick.results] == [q["id"] for q in counted.results]


def test_an_index_of_several_segments_answers_as_one_of_a_single_segment(index_dir, tmp_path):
    # Parallel rebuilds and `quotearchive add` leave several segments: document numbers
    # then run across them, and the arrays must follow.
    index.write_index(QUOTES[:150], tmp_path)
    writer = index.open_index(tmp_path).writer()
    for quote in QUOTES[150:]:
        writer.add_document(**index.quote_document(quote))
    writer.commit(merge=False)
    several = index.open_index(tmp_path)
    assert len(several.searcher().reader().leaf_readers()) == 2
    for params in ({"sort": "newest", "per_page": "50", "page": "3"},
                   {"q": "harbour word2", "sort": "oldest"},
                   {"q": "zeta1*"}, {"q": '"levy is word4"'},
                   {"from": "2021-03-01", "to": "2022-01-09", "sort": "newest"},
                   {"q": "harbour", "published_from": "2021-05-05", "speaker": "Dana Quill"}):
        one, two = (search(source, parse_request(params)) for source in (index_dir, several))
        assert (two.total, two.facets) == (one.total, one.facets), params
        assert [q["id"] for q in two.results] == [q["id"] for q in one.results], params
        assert two.statements == one.statements


def test_a_quote_page_lists_the_oldest_other_reports_only_and_counts_them_all(
        index_dir, monkeypatch):
    from quotearchive import browse
    from quotearchive.web import create_app
    monkeypatch.setattr(browse, "VARIANTS_SHOWN", 3)
    reports = sorted((q.spoken or q.published or D.max, q.id) for q in QUOTES if q.statement == "s1")
    quote_id = reports[-1][1]
    page = browse.quote_page(index_dir, quote_id)
    assert page["variants_total"] == len(reports) - 1
    assert [v["id"] for v in page["variants"]] == [quote_id for _, quote_id in reports[:3]]
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    html = client.get(f"/quotes/{quote_id}").get_data(as_text=True)
    assert f"The 3 oldest of {len(reports) - 1} other reports are shown." in html


def test_newest_and_oldest_order_sort_by_day_then_id_across_segments(tmp_path):
    from quotearchive.columns import columns_for
    rng = random.Random(11)
    # Ids in no particular order of document numbers, many quotes per day, some undated.
    quotes = [Quote(id=f"r{rng.randrange(10**6):06d}-{n}", text="The levy rises.", speaker="Dana Quill",
                    published=None if n % 9 == 0 else D(2021, 1, 1) + dt.timedelta(days=rng.randrange(6)))
              for n in range(120)]
    index.write_index(quotes[:70], tmp_path)
    writer = index.open_index(tmp_path).writer()
    for quote in quotes[70:]:
        writer.add_document(**index.quote_document(quote))
    writer.commit(merge=False)
    with index.open_index(tmp_path).searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 2
        columns = columns_for(searcher)
        listed = {order: [searcher.stored_fields(n)["id"] for n in columns.in_order(order)]
                  for order in ("newest", "oldest")}
    undated = sorted(q.id for q in quotes if q.published is None)
    dated = [q for q in quotes if q.published is not None]
    assert listed["newest"] == [q.id for q in sorted(dated, key=lambda q: (-q.published.toordinal(), q.id))] + undated
    assert listed["oldest"] == [q.id for q in sorted(dated, key=lambda q: (q.published, q.id))] + undated


def test_facets_list_the_most_frequent_first_ties_by_name_and_keep_the_selected_one():
    from quotearchive.models import SearchRequest
    from quotearchive.search import FACET_LIMIT, _facet_counts
    counts = {f"Speaker {n:02d}": 10 + n // 3 for n in range(40)}  # ties of three
    counts.update({"": 500, "Zed Last": 1})
    shown = _facet_counts("speaker", counts, SearchRequest(q="", speaker="zed last"), total=1)
    expected = sorted((-count, value) for value, count in counts.items() if value)[:FACET_LIMIT]
    assert shown[0] == {"value": "Zed Last", "count": 1, "selected": True}
    assert [(entry["value"], entry["count"]) for entry in shown[1:]] == [(v, -c) for c, v in expected]
    assert not any(entry["selected"] for entry in shown[1:])
    years = _facet_counts("year", {"2019": 4, "2024": 1, "2021": 9}, SearchRequest(q="", year=2020), 7)
    assert years == [{"value": "2020", "count": 7, "selected": True},
                     {"value": "2024", "count": 1, "selected": False},
                     {"value": "2021", "count": 9, "selected": False},
                     {"value": "2019", "count": 4, "selected": False}]


@pytest.mark.parametrize("params", [{"speaker": "Dana Quill"}, {"outlet": "Quarry Gazette", "year": "2021"},
                                    {"speaker": "Odo Brandt", "from": "2020-06-01"}])
def test_a_filter_alone_pages_through_its_matches_in_index_order(index_dir, params):
    params = {**params, "sort": "relevance"}  # no words to rank by: index order
    everything = run(index_dir, per_page=100, **params)
    assert 7 < everything.total <= 100
    ids = [q["id"] for q in everything.results]
    assert ids == sorted(ids)  # quotes were indexed in id order
    paged = [q["id"] for page in (1, 2, 3) for q in run(index_dir, per_page=7, page=page, **params).results]
    assert paged == ids[:21]


@pytest.mark.parametrize("share", [0.01, 0.3, 1.0])
@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_the_first_of_many_matches_in_date_order_are_those_a_sort_gives(index_dir, share, order):
    import heapq
    from quotearchive.columns import columns_for
    from quotearchive.search import _first_in_order
    rng = random.Random(int(share * 100))
    with index.open_index(index_dir).searcher() as searcher:
        columns = columns_for(searcher)
        numbers = sorted(rng.sample(range(len(QUOTES)), int(len(QUOTES) * share)))
        for wanted in (1, 20, 60):
            assert _first_in_order(columns, order, numbers, wanted) == heapq.nsmallest(
                wanted, numbers, key=columns.rank(order).__getitem__)


@pytest.mark.parametrize("q", ["harbour", "word3", "word1 OR word5"])
def test_facets_list_the_most_frequent_values_first_ties_by_name(index_dir, monkeypatch, q):
    # Two of four speakers and three outlets: the values left out, and ties at the edge
    # of the list, must not change which are listed.
    monkeypatch.setattr(search_module, "FACET_LIMIT", 2)
    result = run(index_dir, q=q, per_page=100)
    words = set(q.split(" OR "))
    matching = [quote for quote in QUOTES if words & set(quote.text.rstrip(".").split())]
    for facet, attribute in (("speaker", "speaker"), ("outlet", "outlet")):
        counts: dict[str, int] = {}
        for quote in matching:
            counts[getattr(quote, attribute)] = counts.get(getattr(quote, attribute), 0) + 1
        expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:2]
        assert [(entry["value"], entry["count"]) for entry in result.facets[facet]] == expected


def test_a_statements_reports_carry_what_each_quote_says_of_itself(index_dir):
    from quotearchive.models import report_summary
    from quotearchive.search import get_quote

    result = run(index_dir, q="harbour", per_page=50)
    reports = [report for listed in result.statements.values() for report in listed]
    assert len(reports) > 10
    for report in reports:
        assert report == report_summary(get_quote(index_dir, report["id"]))


def _counting_searches(monkeypatch) -> list:
    """Record each search actually run (not answered from a kept answer)."""
    ran = []
    real = search_module._search

    def counted(searcher, columns, request, *args):
        ran.append(request)
        return real(searcher, columns, request, *args)

    monkeypatch.setattr(search_module, "_search", counted)
    return ran


def test_a_remembered_answer_is_reused_until_the_index_changes(tmp_path, monkeypatch):
    index.write_index(QUOTES[:100], tmp_path)
    ran = _counting_searches(monkeypatch)
    request = parse_request({"q": "harbour"})
    first = search(tmp_path, request, remember=True)
    again = search(tmp_path, request, remember=True)
    assert len(ran) == 1  # answered from the kept answer
    assert again.to_dict() == first.to_dict() and again.request is request
    assert search(tmp_path, request).to_dict() == first.to_dict()  # not asked to remember:
    assert len(ran) == 2                                           # run again
    second_page = search(tmp_path, parse_request({"q": "harbour", "page": "2"}), remember=True)
    assert len(ran) == 3 and second_page.page == 2
    index.write_index(QUOTES[:150], tmp_path)  # a rebuild swaps a new generation in
    fresh = search(tmp_path, request, remember=True)
    assert first.total == 100 and fresh.total == 150 and len(ran) == 4


def test_kept_answers_stay_within_their_budget(tmp_path, monkeypatch):
    index.write_index(QUOTES[:100], tmp_path)
    search(tmp_path, parse_request({"q": "harbour"}), remember=True)
    kept = columns.columns_for(index.open_index(tmp_path).searcher()).results
    one = kept.used
    monkeypatch.setattr(kept, "budget", one * 3)
    for page in range(2, 8):
        search(tmp_path, parse_request({"q": "harbour", "page": str(page)}), remember=True)
        assert kept.used <= one * 3
    assert kept.used > one


def test_an_answer_out_of_time_is_not_remembered(index_dir, monkeypatch):
    monkeypatch.setattr(search_module, "DEADLINE_CHECK_EVERY", 30)
    columns.forget_all()
    request = parse_request({"q": "harbour"})
    partial = search(index_dir, request, time_budget=0, remember=True)
    assert partial.partial
    assert search(index_dir, request, remember=True).partial is None


def test_an_answer_with_sampled_facets_is_remembered(index_dir, monkeypatch):
    # Facets counted over a sample say so in ``partial`` every time: nothing to run again for.
    monkeypatch.setattr(search_module, "FACET_VISIT_LIMIT", 100)
    request = parse_request({"q": "harbour", "per_page": "7"})
    ran = _counting_searches(monkeypatch)
    first = search(index_dir, request, remember=True)
    again = search(index_dir, request, remember=True)
    assert first.partial and again.to_dict() == first.to_dict() and len(ran) == 1


def test_a_kept_answer_unpacks_to_the_same_answer_even_with_a_lone_surrogate():
    from quotearchive.models import SearchResult

    request = parse_request({"q": "harbour"})
    result = SearchResult(query="harbour", total=3, page=1, per_page=20, request=request,
                          results=[{"id": "q1", "text": "odd \ud800 text", "highlight": "odd"}],
                          facets={"speaker": [{"value": "Ines Varga", "count": 3}]},
                          statements={"s1": [{"id": "q1"}]}, suggestion=None, partial="sampled")
    again = search_module._unpacked(search_module._packed(result), request)
    assert again.to_dict() == result.to_dict() and again.request is request
