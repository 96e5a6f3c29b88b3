"""Property-based: no search parameter, and no query syntax, makes the API answer a 500.

Hypothesis draws every parameter of /api/search (and the page number of the
speaker API) from strings meant to break things: Whoosh syntax (AND OR NOT,
quotes, parentheses, wildcards, ~, ^, field:, [a TO b]), unicode, huge and
negative numbers, malformed dates. Every answer must be a 200 with the search
dict, or a 400 whose JSON carries a message. The draw is derandomized, so CI
sees the same examples on every run.
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotearchive import index
from quotearchive.models import Quote
from quotearchive.web import create_app

QUOTES = [
    Quote(id=f"p{number}", text=text, speaker=speaker, outlet=outlet,
          published=dt.date(2024, 1, 1) + dt.timedelta(days=number * 17),
          statement="s1" if number % 3 == 0 else None)
    for number, (text, speaker, outlet) in enumerate([
        ("The tide tables are escalating our costs.", "Oona Felt", "Coastline Herald"),
        ("Escalation was never the plan (not once).", "Rik Amsel", "Inland Bulletin"),
        ("Ferries run on time, and café prices rise.", "Oona Felt", "Inland Bulletin"),
        ("\u00abNous ne c\u00e9derons pas\u00bb, she said in \u00c9vreux.", "Ana\u00efs Roche",
         "Coastline Herald"),
        ("AND OR NOT are just words to me.", "Rik Amsel", "Coastline Herald"),
    ])
]

WHOOSH_BITS = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO", '"', "(", ")", "*", "?", "~", "^",
               ":", "[", "]", "{", "}", "'", "\\", "-", "+", "text:", "speaker:", "payload:",
               "*:*", "^99999999999999999999", "~2", "[a TO z]", "[TO b]", "tide", "escal*",
               "a*", "t?de", "ferries", "run", "c\u00e9derons", "\u00e9", "\x00", "\u202e",
               "\ud7ff", "\U0001f600", " ", "  ", "\t", "%", "&", "=", "#", "/", "..", "0"]

query_text = st.lists(st.one_of(st.sampled_from(WHOOSH_BITS),
                                st.text(max_size=8)), max_size=12).map("".join)
number_text = st.one_of(st.integers(min_value=-10**30, max_value=10**30).map(str),
                        st.sampled_from(["", " ", "1.5", "1e9", "0x10", "NaN", "-0", "+3",
                                         "\u0663", "9" * 400, "１２"]),
                        st.text(max_size=6))
date_text = st.one_of(st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat),
                      st.sampled_from(["", "2024-02-30", "2024-13-01", "0000-01-01", "20240301",
                                       "9999-12-31", "yesterday", "2024-1-1", "-2024-01-01"]),
                      st.text(max_size=12))
filter_text = st.one_of(st.sampled_from(["Oona Felt", "oona felt", "Inland Bulletin", "", " "]),
                        st.text(max_size=30), st.text(min_size=195, max_size=210))

PARAMS = {
    "q": query_text,
    "speaker": filter_text,
    "outlet": filter_text,
    "year": number_text,
    "from": date_text,
    "to": date_text,
    "published_from": date_text,
    "published_to": date_text,
    "sort": st.one_of(st.sampled_from(["relevance", "newest", "oldest", "RANDOM", ""]),
                      st.text(max_size=8)),
    "page": number_text,
    "per_page": number_text,
}
params = st.fixed_dictionaries({}, optional=PARAMS)

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("properties")
    index.write_index(QUOTES, path)
    return create_app({"TESTING": True, "INDEX_DIR": str(path)}).test_client()


def _check(response):
    assert response.status_code in (200, 400), (response.status_code, response.get_data()[:300])
    assert response.is_json
    data = response.get_json()
    if response.status_code == 400:
        assert isinstance(data["error"], str) and data["error"].strip()
        assert "Traceback" not in data["error"]
    return data


@SETTINGS
@given(params)
def test_no_search_parameters_make_the_api_fail(client, query):
    data = _check(client.get("/api/search", query_string=query))
    if "error" not in data:
        assert data["total"] >= len(data["results"])
        assert len(data["results"]) <= data["per_page"] <= 100


@SETTINGS
@given(query_text)
def test_no_query_syntax_makes_the_api_fail(client, q):
    data = _check(client.get("/api/search", query_string={"q": q}))
    if "error" not in data:
        # Whatever the query, every highlight is escaped text with <mark> and nothing else.
        for result in data["results"]:
            assert "<" not in result["highlight"].replace("<mark>", "").replace("</mark>", "")


@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number_text)
def test_no_page_number_makes_the_speaker_api_fail(client, page):
    response = client.get("/api/speakers/oona-felt", query_string={"page": page})
    assert response.status_code in (200, 400, 404)
    assert response.is_json and (response.status_code == 200 or response.get_json()["error"])


def test_the_properties_would_see_a_500():
    """The check itself: an answer that is neither 200 nor 400 fails it."""
    class Broken:
        status_code, is_json = 500, True

        @staticmethod
        def get_data():
            return b"boom"

    with pytest.raises(AssertionError):
        _check(Broken())
