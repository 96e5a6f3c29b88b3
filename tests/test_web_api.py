"""The JSON API: the search dict, single quotes, and errors as 400/404/503 JSON."""
from __future__ import annotations

import datetime as dt

import pytest

from quotearchive import index
from quotearchive.models import Quote
from quotearchive.web import create_app

QUOTES = [
    Quote(id="tide-1", text="The tide tables are escalating our costs.", speaker="Oona Felt",
          role="ferry operator", outlet="Coastline Herald", title="Ferry fares rise",
          source="coastline/ferry.txt", url="https://example.org/ferry",
          published=dt.date(2024, 6, 3), spoken=dt.date(2024, 6, 1),
          statement="st-1", evidence="Felt said on Saturday.", context="Felt said the tide..."),
    Quote(id="tide-2", text="Escalation was never the plan.", speaker="Rik Amsel",
          outlet="Inland Bulletin", published=dt.date(2024, 6, 5)),
    Quote(id="tide-3", text="Ferries run on time.", speaker="Oona Felt",
          outlet="Inland Bulletin", published=dt.date(2024, 6, 7)),
]
RESULT_KEYS = {"id", "text", "speaker", "role", "outlet", "title", "source", "published",
               "spoken", "statement", "evidence", "context", "highlight"}


@pytest.fixture
def index_dir(tmp_path):
    index.write_index(QUOTES, tmp_path)
    return tmp_path


@pytest.fixture
def client(index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def test_search_answers_the_documented_dict(client):
    data = client.get("/api/search?q=escalating").get_json()
    assert set(data) == {"query", "total", "page", "per_page", "pages", "sort", "search",
                         "results", "facets", "statements", "suggestion", "partial", "links"}
    assert (data["query"], data["total"], data["page"], data["per_page"]) == ("escalating", 2, 1, 20)
    assert all(RESULT_KEYS <= set(result) for result in data["results"])
    assert set(data["facets"]) == {"speaker", "outlet", "year"}


def test_search_result_carries_every_quote_field(client):
    result = client.get('/api/search?q="tide tables"').get_json()["results"][0]
    assert {k: v for k, v in result.items() if k != "highlight"} == QUOTES[0].to_dict()
    assert result["highlight"] == "The <mark>tide</mark> <mark>tables</mark> are escalating our costs."


def test_search_applies_filters_and_paging_from_the_query_string(client):
    data = client.get("/api/search?speaker=Oona+Felt&from=2024-06-02&to=2024-06-30"
                      "&page=1&per_page=1").get_json()
    assert data["total"] == 1
    assert [r["id"] for r in data["results"]] == ["tide-3"]
    assert data["facets"]["outlet"] == [{
        "value": "Inland Bulletin", "count": 1, "selected": False,
        "toggle_url": "/?speaker=Oona+Felt&outlet=Inland+Bulletin&from=2024-06-02&to=2024-06-30"
                      "&per_page=1"}]


def test_empty_query_lists_newest_first(client):
    data = client.get("/api/search").get_json()
    assert [r["id"] for r in data["results"]] == ["tide-3", "tide-2", "tide-1"]


def test_page_beyond_the_end_is_an_empty_list(client):
    response = client.get("/api/search?page=50")
    assert response.status_code == 200
    assert response.get_json()["results"] == []


@pytest.mark.parametrize("query_string, message", [
    ('q="tide', "unbalanced double quote"),
    ("q=(tide", "unbalanced parentheses"),
    ("q=tide)", "unbalanced parentheses"),
    ("from=June", "'from' must be a date"),
    ("to=2024-02-30", "'to' must be a date"),
    ("from=2024-07-01&to=2024-06-01", "is after"),
    ("page=0", "'page' must be at least 1"),
    ("page=abc", "'page' must be a whole number"),
    ("per_page=1000", "'per_page' must be between 1 and 100"),
    ("q=" + "x" * 501, "too long"),
    ("q=t*", "too few letters"),
    ("q=*", "too few letters"),
    ("q=?ide", "too few letters"),
])
def test_bad_requests_answer_400_with_a_json_error(client, query_string, message):
    response = client.get(f"/api/search?{query_string}")
    assert response.status_code == 400
    assert response.is_json
    assert message in response.get_json()["error"]


def test_quote_by_id_returns_its_dict(client):
    response = client.get("/api/quotes/tide-2")
    assert response.status_code == 200
    assert response.get_json() == QUOTES[1].to_dict()


def test_unknown_quote_is_a_404_json_error(client):
    response = client.get("/api/quotes/no-such-id")
    assert response.status_code == 404
    assert response.get_json() == {"error": "no quote with id 'no-such-id'"}


def test_unknown_api_route_is_a_404_json_error(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert "error" in response.get_json()


def test_missing_index_is_a_503_saying_to_rebuild(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    response = client.get("/api/search?q=tide")
    assert response.status_code == 503
    assert "quotearchive rebuild" in response.get_json()["error"]


def test_api_responses_carry_the_content_security_policy(client):
    for url in ("/api/search", "/api/quotes/tide-1", "/api/quotes/missing", "/api/search?page=0"):
        assert client.get(url).headers["Content-Security-Policy"] == "default-src 'self'"


def test_a_rebuild_is_served_without_restarting_the_app(client, index_dir):
    assert client.get("/api/search").get_json()["total"] == 3
    index.write_index([Quote(id="fresh", text="A new season begins.", speaker="Rik Amsel")],
                      index_dir)
    data = client.get("/api/search").get_json()
    assert [r["id"] for r in data["results"]] == ["fresh"]


def test_a_page_past_the_paging_window_is_a_400_but_past_the_end_is_empty(client, monkeypatch):
    from quotearchive import search
    monkeypatch.setattr(search, "MAX_RESULT_WINDOW", 2)
    assert client.get("/api/search?per_page=2&page=1").status_code == 200
    response = client.get("/api/search?per_page=1&page=3")
    assert response.status_code == 400
    assert "only the first 2 matches can be paged" in response.get_json()["error"]
    beyond = client.get("/api/search?per_page=2&page=99999999999999999999")
    assert beyond.status_code == 200 and beyond.get_json()["results"] == []


def test_an_answer_cut_short_by_the_time_budget_says_so(client, monkeypatch):
    from quotearchive import search
    monkeypatch.setattr(search, "SEARCH_TIME_BUDGET", 0.0)
    data = client.get("/api/search?q=tide OR ferries").get_json()
    assert data["partial"] and "took longer than 0 s" in data["partial"]
    assert client.get("/api/search?q=tide").status_code == 200


def test_an_export_with_a_wildcard_too_short_is_a_400_before_streaming(client):
    response = client.get("/api/export.jsonl?q=t*")
    assert response.status_code == 400
    assert "too few letters" in response.get_json()["error"]
    assert client.get("/api/export.jsonl?q=tid*").status_code == 200


def test_a_remembered_answer_gives_the_same_page_with_its_own_links(index_dir):
    client = create_app({"TESTING": True, "REMEMBER_RESULTS": True,
                         "INDEX_DIR": str(index_dir)}).test_client()
    first = client.get("/api/search?q=escalating").get_json()
    assert client.get("/api/search?q=escalating").get_json() == first
    # The same answer with a filter chosen: its facet links differ, and the first page's
    # links did not leak into the answer kept for it.
    speaker = first["facets"]["speaker"][0]
    filtered = client.get(speaker["toggle_url"].replace("/?", "/api/search?")).get_json()
    assert filtered["facets"]["speaker"][0]["selected"]
    assert client.get("/api/search?q=escalating").get_json() == first
    page = client.get("/?q=escalating")
    assert page.status_code == 200 and b"escalat" in page.data.lower()


def test_a_remembered_page_is_sent_as_first_rendered_and_kept_apart_per_form_and_address(index_dir):
    remembering = create_app({"TESTING": True, "REMEMBER_RESULTS": True,
                              "INDEX_DIR": str(index_dir)}).test_client()
    fresh = create_app({"TESTING": True, "REMEMBER_RESULTS": False,
                        "INDEX_DIR": str(index_dir)}).test_client()
    for path in ("/?q=escalating", "/api/search?q=escalating", "/search.json?q=escalating&page=2"):
        first, again, unkept = remembering.get(path), remembering.get(path), fresh.get(path)
        assert first.data == again.data == unkept.data
        assert first.mimetype == again.mimetype == unkept.mimetype
    assert remembering.get("/?q=escalating").mimetype == "text/html"
    assert remembering.get("/api/search?q=escalating").mimetype == "application/json"
    # The same search under another address (a proxy's prefix) links under that address.
    prefixed = remembering.get("/api/search?q=escalating", environ_overrides={"SCRIPT_NAME": "/quotes"})
    assert prefixed.get_json()["links"]["self"].startswith("/quotes/")
    assert remembering.get("/api/search?q=escalating").get_json()["links"]["self"].startswith("/?")
