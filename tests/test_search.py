"""Search requests: validation, matching, filters, facets, pages and highlights."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from quotearchive import index, search as search_module
from quotearchive.errors import QueryError
from quotearchive.models import Quote, SearchRequest
from quotearchive.index import ENGLISH
from quotearchive.search import Highlighter, get_quote, highlight, parse_request, search
from helpers import run, write_index_once

D = dt.date

# Fictional speakers and outlets. Dates are chosen so that "spoken, else
# published" and "published" give different answers for fees-poll.
QUOTES = [
    Quote(id="fees-stop", text="The escalation of harbour fees must stop now.",
          speaker="Ines Varga", role="harbour commissioner", outlet="Lakeside Ledger",
          published=D(2024, 3, 10), spoken=D(2024, 3, 8), evidence="Varga told reporters."),
    Quote(id="fees-ministry", text="We are escalating our complaint to the ministry.",
          speaker="Ines Varga", outlet="Northfield Courier", published=D(2024, 4, 2)),
    Quote(id="fees-poll", text="The cost of living is the only question voters ask.",
          speaker="Pavel Ostrander", outlet="Lakeside Ledger",
          published=D(2024, 5, 1), spoken=D(2024, 2, 20)),
    Quote(id="fleet-costs", text="Living costs of the fleet are rising.",
          speaker="Pavel Ostrander", outlet="Northfield Courier", published=D(2024, 1, 15)),
    Quote(id="script", text="<script>alert('x')</script> is not a policy on cost.",
          speaker="Dana Quill", outlet="Lakeside Ledger", published=D(2024, 2, 1)),
    Quote(id="undated", text="Nobody knows what the harbour will cost."),
]
NEWEST_FIRST = ["fees-ministry", "fees-stop", "fees-poll", "script", "fleet-costs", "undated"]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return write_index_once(tmp_path_factory, QUOTES, "index")


def ids(result):
    return [quote["id"] for quote in result.results]


# --- parse_request -------------------------------------------------------------


def test_parse_request_defaults_to_newest_first_page_of_twenty():
    assert parse_request({}) == SearchRequest(q="", page=1, per_page=20)


def test_parse_request_reads_every_parameter():
    request = parse_request({"q": " levy ", "speaker": "Ines Varga", "outlet": "Lakeside Ledger",
                             "from": "2024-01-01", "to": "2024-12-31", "page": "3",
                             "per_page": "50"})
    assert request == SearchRequest(q="levy", speaker="Ines Varga", outlet="Lakeside Ledger",
                                    date_from=D(2024, 1, 1), date_to=D(2024, 12, 31),
                                    page=3, per_page=50)


def test_parse_request_treats_blank_values_as_absent():
    assert parse_request({"speaker": " ", "from": "", "page": ""}) == SearchRequest()


def test_parse_request_allows_parentheses_inside_a_phrase():
    assert parse_request({"q": '"levy (draft"'}).q == '"levy (draft"'


@pytest.mark.parametrize("params, message", [
    ({"q": '"harbour fees'}, "unbalanced double quote"),
    ({"q": "(harbour OR fees"}, "unbalanced parentheses"),
    ({"q": "harbour) OR (fees"}, "unbalanced parentheses"),
    ({"q": "x" * 501}, "too long"),
    ({"from": "2024-13-01"}, "'from' must be a date"),
    ({"to": "yesterday"}, "'to' must be a date"),
    ({"from": "20240301"}, "'from' must be a date"),
    ({"from": "2024-05-01", "to": "2024-04-01"}, "is after"),
    ({"page": "0"}, "'page' must be at least 1"),
    ({"page": "-2"}, "'page' must be at least 1"),
    ({"page": "abc"}, "'page' must be a whole number"),
    ({"page": "1.5"}, "'page' must be a whole number"),
    ({"per_page": "0"}, "'per_page' must be between 1 and 100"),
    ({"per_page": "1000"}, "'per_page' must be between 1 and 100"),
    ({"speaker": "x" * 201}, "'speaker' is too long"),
])
def test_parse_request_rejects_bad_input_with_a_clear_message(params, message):
    with pytest.raises(QueryError, match=message):
        parse_request(params)


# --- matching ------------------------------------------------------------------


def test_phrase_search_needs_the_words_in_order(index_dir):
    assert ids(run(index_dir, q='"cost of living"')) == ["fees-poll"]
    assert set(ids(run(index_dir, q="cost of living"))) == {"fees-poll", "fleet-costs"}


def test_stemming_finds_escalation_for_escalating(index_dir):
    assert set(ids(run(index_dir, q="escalating"))) == {"fees-stop", "fees-ministry"}
    assert set(ids(run(index_dir, q="escalation"))) == {"fees-stop", "fees-ministry"}


def test_query_also_searches_the_speaker(index_dir):
    assert set(ids(run(index_dir, q="Ostrander"))) == {"fees-poll", "fleet-costs"}


def test_whoosh_syntax_error_becomes_query_error_without_internals(index_dir):
    with pytest.raises(QueryError, match="could not understand the query") as error:
        run(index_dir, q="NOT NOT cost")
    assert "index" not in str(error.value)  # no "list index out of range" from inside Whoosh


def test_field_syntax_is_read_as_plain_words(index_dir):
    # "payload:" names a stored-only field; it must not reach Whoosh as a field query.
    assert run(index_dir, q="payload:anything").total == 0


# --- filters -------------------------------------------------------------------


def test_speaker_filter_is_the_whole_name_in_any_case(index_dir):
    assert ids(run(index_dir, speaker="Ines Varga")) == ["fees-ministry", "fees-stop"]
    assert ids(run(index_dir, speaker="ines varga")) == ["fees-ministry", "fees-stop"]
    assert run(index_dir, speaker="Varga").total == 0


def test_outlet_filter_combines_with_the_query(index_dir):
    result = run(index_dir, q="cost", outlet="Lakeside Ledger")
    assert set(ids(result)) == {"fees-poll", "script"}


def test_date_range_uses_spoken_date_else_published(index_dir):
    # fees-poll was published in May but said on 20 February; script was published 1 February.
    result = run(index_dir, **{"from": "2024-02-15", "to": "2024-03-08"})
    assert set(ids(result)) == {"fees-poll", "fees-stop"}


def test_date_range_bounds_are_inclusive_and_may_be_open(index_dir):
    assert ids(run(index_dir, **{"from": "2024-04-02"})) == ["fees-ministry"]
    assert ids(run(index_dir, to="2024-01-15")) == ["fleet-costs"]


# --- facets, ordering and pages ----------------------------------------------------


def test_facets_count_every_match_not_only_the_page(index_dir):
    result = run(index_dir, q="cost", per_page=1)
    assert result.total == 4 and len(result.results) == 1
    assert result.facets == {
        "speaker": [{"value": "Pavel Ostrander", "count": 2, "selected": False},
                    {"value": "Dana Quill", "count": 1, "selected": False}],
        "outlet": [{"value": "Lakeside Ledger", "count": 2, "selected": False},
                   {"value": "Northfield Courier", "count": 1, "selected": False}],
        # The undated quote has no year.
        "year": [{"value": "2024", "count": 3, "selected": False}],
    }


def test_facets_break_count_ties_by_value(index_dir):
    speakers = run(index_dir).facets["speaker"]
    assert [entry["value"] for entry in speakers] == ["Ines Varga", "Pavel Ostrander", "Dana Quill"]


def test_empty_query_lists_newest_first_with_undated_last(index_dir):
    result = run(index_dir)
    assert result.total == len(QUOTES)
    assert ids(result) == NEWEST_FIRST


def test_pages_split_the_results_without_overlap(index_dir):
    pages = [ids(run(index_dir, page=page, per_page=4)) for page in (1, 2)]
    assert pages == [NEWEST_FIRST[:4], NEWEST_FIRST[4:]]


def test_page_beyond_the_end_is_empty_not_an_error(index_dir):
    result = run(index_dir, page=99, per_page=4)
    assert result.results == []
    assert result.total == len(QUOTES) and result.page == 99


# --- the result dicts ------------------------------------------------------------


def test_results_are_full_quote_dicts_plus_highlight(index_dir):
    quote = run(index_dir, q='"harbour fees"').results[0]
    expected = QUOTES[0].to_dict()
    assert {k: v for k, v in quote.items() if k != "highlight"} == expected
    assert quote["highlight"] == "The escalation of <mark>harbour</mark> <mark>fees</mark> must stop now."


def test_highlight_marks_stemmed_matches(index_dir):
    quote = run(index_dir, q="escalation", speaker="Ines Varga", per_page=1).results[0]
    assert "<mark>escalating</mark>" in quote["highlight"]


def test_highlight_escapes_html_in_the_quote(index_dir):
    highlight = run(index_dir, q="policy").results[0]["highlight"]
    assert "<script>" not in highlight
    assert highlight == ("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; "
                         "is not a <mark>policy</mark> on cost.")


def test_highlight_without_a_text_match_is_the_escaped_text(index_dir):
    results = run(index_dir, speaker="Dana Quill").results
    assert results[0]["highlight"].startswith("&lt;script&gt;")
    assert "<mark>" not in results[0]["highlight"]


def test_search_result_dict_has_the_api_keys(index_dir):
    data = run(index_dir, q="harbour").to_dict()
    assert list(data) == ["query", "total", "page", "per_page", "pages", "sort", "search",
                          "results", "facets", "statements", "suggestion", "partial"]
    assert data["query"] == "harbour"


def test_search_accepts_an_open_index_as_well_as_a_directory(index_dir):
    assert ids(search(index.open_index(index_dir), parse_request({}))) == NEWEST_FIRST


def test_get_quote_returns_the_dict_or_none(index_dir):
    assert get_quote(index_dir, "fees-poll") == QUOTES[2].to_dict()
    assert get_quote(index_dir, "no-such-quote") is None


# --- issue 4: exact phrases, suggestions, sorting, more filters --------------------


def test_a_quoted_phrase_matches_the_words_as_written_not_their_stems(index_dir):
    assert ids(run(index_dir, q='"escalating our complaint"')) == ["fees-ministry"]
    assert run(index_dir, q='"escalation our complaint"').total == 0
    assert ids(run(index_dir, q='"escalation"')) == ["fees-stop"]  # one quoted word: that word only
    assert set(ids(run(index_dir, q="escalation"))) == {"fees-stop", "fees-ministry"}


def test_a_quoted_phrase_is_highlighted_as_written(index_dir):
    quote = run(index_dir, q='"we are escalating"').results[0]
    assert quote["highlight"] == ("<mark>We</mark> <mark>are</mark> <mark>escalating</mark> "
                                  "our complaint to the ministry.")


def test_negated_words_are_not_highlighted(index_dir):
    quote = run(index_dir, q="harbour NOT fees").results[0]
    assert quote["id"] == "undated"
    assert quote["highlight"] == "Nobody knows what the <mark>harbour</mark> will cost."


def test_did_you_mean_comes_from_the_index_vocabulary_when_nothing_matches(index_dir):
    result = run(index_dir, q="harbur feees")
    assert result.total == 0
    assert result.suggestion == "harbour fees"
    assert run(index_dir, q=result.suggestion).total == 1


def test_did_you_mean_also_knows_speaker_names(index_dir):
    assert run(index_dir, q="Ostrandr").suggestion == "ostrander"


def test_no_suggestion_when_something_matches_or_nothing_is_close(index_dir):
    assert run(index_dir, q="harbour").suggestion is None
    assert run(index_dir, q="zzzzqqq").suggestion is None


def test_a_suggestion_must_find_something_under_the_same_filters(index_dir):
    # "harbour" exists, but not in anything Pavel Ostrander said.
    assert run(index_dir, q="harbur", speaker="Pavel Ostrander").suggestion is None


def test_sort_orders_by_date_either_way_with_undated_quotes_last(index_dir):
    assert ids(run(index_dir, sort="newest")) == NEWEST_FIRST
    assert ids(run(index_dir, sort="oldest")) == [*reversed(NEWEST_FIRST[:-1]), "undated"]
    assert ids(run(index_dir, q="cost", sort="oldest")) == ["fleet-costs", "script", "fees-poll",
                                                            "undated"]


def test_relevance_is_the_default_with_words_and_newest_without(index_dir):
    assert run(index_dir, q="cost").to_dict()["sort"] == "relevance"
    assert run(index_dir).to_dict()["sort"] == "newest"
    assert run(index_dir, q="cost", sort="newest").to_dict()["sort"] == "newest"


def test_published_range_ignores_the_spoken_date(index_dir):
    # fees-poll was said on 20 February but published on 1 May.
    result = run(index_dir, published_from="2024-02-15", published_to="2024-03-31")
    assert ids(result) == ["fees-stop"]
    assert ids(run(index_dir, published_from="2024-05-01")) == ["fees-poll"]


def test_year_filter_and_facet_selection(index_dir):
    result = run(index_dir, year=2024)
    assert result.total == 5  # the undated quote has no year
    assert result.facets["year"] == [{"value": "2024", "count": 5, "selected": True}]


def test_selected_facet_value_is_marked_whatever_its_case(index_dir):
    result = run(index_dir, speaker="ines varga")
    assert result.facets["speaker"] == [{"value": "Ines Varga", "count": 2, "selected": True}]


def test_filters_combine_with_each_other(index_dir):
    result = run(index_dir, outlet="Lakeside Ledger", year=2024, **{"from": "2024-03-01"})
    assert ids(result) == ["fees-stop"]


@pytest.mark.parametrize("params, message", [
    ({"sort": "random"}, "'sort' must be one of relevance, newest, oldest"),
    ({"year": "24x"}, "'year' must be a whole number"),
    ({"year": "99"}, "'year' must be between 1800 and 2200"),
    ({"published_from": "2024-05-01", "published_to": "2024-04-01"}, "'published_from' .* is after"),
    ({"published_to": "May"}, "'published_to' must be a date"),
])
def test_new_parameters_are_validated(params, message):
    with pytest.raises(QueryError, match=message):
        parse_request(params)


def test_to_dict_carries_the_whole_search_state(index_dir):
    state = run(index_dir, q="cost", speaker="Dana Quill", year=2024, sort="oldest",
                published_from="2024-01-01", per_page=5).to_dict()["search"]
    assert state == {"q": "cost", "speaker": "Dana Quill", "outlet": None, "year": 2024,
                     "from": None, "to": None, "published_from": "2024-01-01",
                     "published_to": None, "sort": "oldest", "page": 1, "per_page": 5}


def test_statements_list_every_report_of_the_statements_shown(tmp_path):
    quotes = [
        Quote(id="a", text="The levy must go.", speaker="Ines Varga", outlet="Lakeside Ledger",
              statement="s1", published=D(2024, 3, 2)),
        Quote(id="b", text="The harbour levy must go.", speaker="Ines Varga",
              outlet="Northfield Courier", statement="s1", published=D(2024, 3, 1)),
        Quote(id="c", text="Unrelated words.", speaker="Ines Varga", statement="s2"),
    ]
    index.write_index(quotes, tmp_path)
    result = search(tmp_path, parse_request({"q": "levy", "outlet": "Lakeside Ledger"}))
    assert ids(result) == ["a"]
    assert result.statements == {"s1": [
        {"id": "b", "outlet": "Northfield Courier", "title": None, "published": "2024-03-01",
         "article_id": ""},
        {"id": "a", "outlet": "Lakeside Ledger", "title": None, "published": "2024-03-02",
         "article_id": ""},
    ]}


def test_iter_matches_yields_every_match_in_order_not_only_a_page(index_dir):
    from quotearchive.search import iter_matches
    request = parse_request({"q": "cost", "sort": "oldest", "per_page": "1"})
    assert [quote["id"] for quote in iter_matches(index_dir, request)] == [
        "fleet-costs", "script", "fees-poll", "undated"]
    everything = list(iter_matches(index_dir, parse_request({})))
    assert [quote["id"] for quote in everything] == NEWEST_FIRST
    assert everything[0] == QUOTES[1].to_dict()


# --- searchers kept open between requests ---------------------------------------------


def test_searcher_pool_reuses_a_returned_searcher_and_lends_two_at_once(tmp_path):
    from quotearchive.search import SearcherPool
    index.write_index(QUOTES, tmp_path)
    pool = SearcherPool(index.LiveIndex(tmp_path))
    with pool.borrow() as first:
        with pool.borrow() as second:
            assert second is not first  # never one searcher for two requests at once
        assert search(first, parse_request({})).total == len(QUOTES)
    with pool.borrow() as again:
        assert again in (first, second)
        assert again.reader() is not None  # still open


def test_searcher_pool_drops_searchers_of_a_replaced_build(tmp_path):
    from quotearchive.search import SearcherPool
    index.write_index(QUOTES, tmp_path)
    pool = SearcherPool(index.LiveIndex(tmp_path))
    with pool.borrow() as lent_during_swap:
        index.write_index(QUOTES, tmp_path)
        with pool.borrow() as fresh:
            assert fresh is not lent_during_swap
    assert lent_during_swap.is_closed  # returned after the swap: closed, not kept
    index.write_index(QUOTES, tmp_path)
    with pool.borrow() as old:
        assert get_quote(old, "fees-poll") is not None
        index.write_index([Quote(id="fresh", text="A new season.")], tmp_path)
    with pool.borrow() as new:
        assert new is not old
        assert old.is_closed  # the first borrow after the swap closes the old build's searchers
        assert get_quote(new, "fresh") is not None and get_quote(new, "fees-poll") is None


def test_a_query_of_stop_words_only_looks_for_them_as_written(index_dir):
    # "we" and "are" are left out of the stemmed text; alone they would find nothing.
    result = run(index_dir, q="we are")
    assert ids(result) == ["fees-ministry"]
    assert result.results[0]["highlight"].startswith("<mark>We</mark> <mark>are</mark> escalating")
    # With a content word, stop words are left out as before.
    assert ids(run(index_dir, q="we harbour")) == ids(run(index_dir, q="harbour"))


@pytest.mark.parametrize("vocabulary_limit", [50_000, 6])
def test_a_pages_highlighter_marks_what_each_field_marks_alone(monkeypatch, vocabulary_limit):
    # Words listed at once and analysed once must mark exactly the words the fields' own
    # analysis marks: stems, stop words, case, words as written; also when the words
    # analysed before are forgotten again and again (a tiny limit).
    monkeypatch.setattr(search_module._Vocabulary, "LIMIT", vocabulary_limit)
    monkeypatch.setattr(search_module, "_VOCABULARY", search_module._Vocabulary())
    rng = random.Random(3)
    vocabulary = ("Will willing will The the Councils council's COUNCIL running ran runs "
                  "U.S. u.s budget budgets <b>&amp; said it's we We're levy levies 2026").split()
    for _ in range(20):
        query = " ".join(rng.sample(["will", "willing", "council", "runs", "budget", "the",
                                     '"we are"', "u.s", "levies", "2026"], 3))
        with_words = {"text": set(), "text_exact": set()}
        for word in query.replace('"', "").split():
            with_words["text"].update(token.text for token in ENGLISH(word))
            with_words["text_exact"].add(word.lower())
        highlighter = Highlighter(with_words)
        for _ in range(30):
            text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 15)))
            assert highlighter(text) == highlight(text, with_words), (query, text)


def test_a_query_parsed_before_is_reused_and_finds_the_same(index_dir):
    schema = index.make_schema()
    first = search_module.build_query(schema, 'council "harbour levy"')
    assert search_module.build_query(schema, 'council "harbour levy"') is first
    # Another schema (another generation) parses for itself, into an equal query.
    again = search_module.build_query(index.make_schema(), 'council "harbour levy"')
    assert again is not first and again == first


def test_highlighters_of_different_pages_see_the_words_each_other_learned(monkeypatch):
    # The vocabulary is shared: a word first met by one page's highlighter must still be
    # marked by another that asked before it was learned.
    monkeypatch.setattr(search_module, "_VOCABULARY", search_module._Vocabulary())
    terms = {"text": {"zebra"}, "text_exact": {"zebras"}}
    first, second = Highlighter(terms), Highlighter({"text": {"cat"}, "text_exact": {"cat"}})
    assert first("A cat sat.") == "A cat sat."
    assert second("Zebras run.") == "Zebras run."
    assert first("Zebras run.") == highlight("Zebras run.", terms) == "<mark>Zebras</mark> run."
