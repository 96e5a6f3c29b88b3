"""The HTML pages: results, filters, pagination, quote pages and error pages."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from helpers import rendered_templates

from quotearchive import index
from quotearchive.models import Quote
from quotearchive.web import create_app


def make_quote(number: int, **fields) -> Quote:
    values = {"id": f"gull-{number}", "text": f"Gull numbers are escalating, report {number}.",
              "speaker": "Bea Stroud" if number % 2 else "Cal Wren", "role": "warden",
              "outlet": "Dune Observer", "title": f"Gull report {number}",
              "source": f"dune/{number}.txt", "url": f"https://example.org/gulls/{number}",
              "published": dt.date(2024, 1, 1) + dt.timedelta(days=number),
              "evidence": "the warden said."}
    values.update(fields)
    return Quote(**values)


QUOTES = [make_quote(n) for n in range(1, 25)] + [
    make_quote(25, spoken=dt.date(2024, 3, 1)),
    make_quote(99, text="<script>alert('gull')</script> gulls are fine.",
               url="javascript:alert('gull')", context="The whole <b>paragraph</b>."),
]


@pytest.fixture
def app(tmp_path):
    index.write_index(QUOTES, tmp_path)
    return create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)})


@pytest.fixture
def client(app):
    return app.test_client()


def page_text(response) -> str:
    return response.get_data(as_text=True)


def test_search_page_shows_highlighted_results_with_their_details(client):
    # A quoted phrase matches the words as written (issue 4): "escalating", not "escalation".
    html = page_text(client.get('/?q="escalating report 25"&speaker=Bea+Stroud'))
    assert "Gull numbers are <mark>escalating</mark>, <mark>report</mark> <mark>25</mark>." in html
    for detail in ("Bea Stroud", "warden", "Dune Observer", "Gull report 25", "dune/25.txt",
                   'href="https://example.org/gulls/25"', "2024-01-26", "2024-03-01",
                   "the warden said."):
        assert detail in html


def test_search_page_renders_the_same_dict_the_api_returns(app, client):
    query = "/?q=gulls&outlet=Dune+Observer&per_page=5&page=2"
    with rendered_templates(app) as templates:
        assert client.get(query).status_code == 200
    (name, context), = templates[:1]
    assert name == "search.html"
    assert context["data"] == client.get("/api" + query.replace("/?", "/search?")).get_json()


def test_quote_text_is_escaped_on_the_search_page(client):
    html = page_text(client.get("/?q=fine"))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;gull&#x27;)&lt;/script&gt; gulls are <mark>fine</mark>." in html


def test_javascript_urls_are_not_turned_into_links(client):
    html = page_text(client.get("/?q=fine"))
    assert "javascript:" not in html


def test_empty_query_lists_the_newest_quotes_first(client):
    html = page_text(client.get("/"))
    shown = re.findall(r'href="/quotes/(gull-\d+)"', html)
    assert shown[:3] == ["gull-99", "gull-25", "gull-24"]


def test_facet_links_carry_counts_and_keep_the_query(client):
    html = page_text(client.get("/?q=escalating"))
    assert re.search(r'href="/\?q=escalating&amp;speaker=Bea\+Stroud[^"]*">Bea Stroud</a>\s*'
                     r'<span class="count">13</span>', html)
    assert re.search(r'href="/\?q=escalating&amp;outlet=Dune\+Observer[^"]*">Dune Observer</a>\s*'
                     r'<span class="count">25</span>', html)


def test_pagination_links_keep_every_filter(client):
    html = page_text(client.get("/?q=gulls&speaker=Cal+Wren&outlet=Dune+Observer"
                                "&from=2024-01-02&to=2024-12-31&per_page=3&page=2"))
    links = dict(re.findall(r'<a rel="(prev|next)" href="([^"]+)"', html))
    for rel, page in (("prev", "1"), ("next", "3")):
        assert f"page={page}" in links[rel]
        for kept in ("q=gulls", "speaker=Cal+Wren", "outlet=Dune+Observer",
                     "from=2024-01-02", "to=2024-12-31", "per_page=3"):
            assert kept in links[rel]


def test_bad_query_shows_a_400_page_with_the_message(client):
    response = client.get('/?q="unclosed')
    assert response.status_code == 400
    assert "unbalanced double quote" in page_text(response)
    assert "Traceback" not in page_text(response)


def test_bad_page_number_shows_a_400_page(client):
    response = client.get("/?page=abc")
    assert response.status_code == 400
    assert "&#39;page&#39; must be a whole number" in page_text(response)


def test_quote_page_shows_the_quote_and_its_context_escaped(client):
    html = page_text(client.get("/quotes/gull-99"))
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "The whole &lt;b&gt;paragraph&lt;/b&gt;." in html


def test_unknown_quote_page_is_a_404_page(client):
    response = client.get("/quotes/no-such-gull")
    assert response.status_code == 404
    assert "no quote with id" in page_text(response)


def test_missing_index_page_is_a_503_saying_to_rebuild(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    response = client.get("/")
    assert response.status_code == 503
    assert "quotearchive rebuild" in page_text(response)


def test_pages_carry_the_content_security_policy(client):
    for url in ("/", "/quotes/gull-1", "/?page=0", "/quotes/missing"):
        assert client.get(url).headers["Content-Security-Policy"] == "default-src 'self'"


def test_pages_load_nothing_from_other_origins(client):
    html = page_text(client.get("/"))
    assert not re.search(r'(src|href)="(https?:)?//(?!example\.org)', html)
    # Inline style or script would break under the CSP; scripts come from /static/ only.
    assert "<style" not in html and "<script>" not in html
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/search.js" defer>']
    assert client.get("/static/search.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200


def test_bad_query_page_keeps_the_other_filters_for_the_next_try(client):
    response = client.get('/?q="unclosed&speaker=Ines Varga&from=2026-01-01')
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert 'name="speaker" value="Ines Varga"' in text
    assert 'name="from" value="2026-01-01"' in text


@pytest.mark.parametrize("state, changes", [
    ({"q": "gull & tern = 100%", "speaker": "Élodie O'Neil, Jr.", "page": 1, "per_page": 20}, {}),
    ({"q": "a+b/c?d#e", "from": "2024-01-01", "page": 3, "per_page": 50}, {"page": 1}),
    ({"q": "", "outlet": "北京 Times", "year": 2024, "sort": "newest"}, {"outlet": None, "page": None}),
    ({"q": "!$'()*,/:;?@[]~"}, {"speaker": "Bea Stroud"}),
])
@pytest.mark.parametrize("endpoint", ["archive.search_page", "archive.search_json", "archive.export_csv"])
def test_search_links_are_the_addresses_url_for_builds(app, state, changes, endpoint):
    from flask import url_for
    from quotearchive.web.views import search_url
    with app.test_request_context("/", base_url="http://example.org/archive"):
        params = {**state, **changes}
        if "page" not in changes and params.get("page") == 1:
            params["page"] = None
        if params.get("per_page") == 20:
            params["per_page"] = None
        expected = url_for(endpoint, **{k: v for k, v in params.items() if v not in (None, "")})
        assert search_url(state, _endpoint=endpoint, **changes) == expected
        assert expected.startswith("/archive/")  # served under a prefix, links keep it


def test_links_built_in_turn_from_one_state_each_match_url_for(app):
    # One request builds its links from one state, encoded once: no change may leak into the next.
    from flask import url_for
    from quotearchive.web.views import search_url
    state = {"q": "tide", "speaker": "Ana Ruiz", "outlet": None, "page": 2, "per_page": 50}
    changes_in_turn = [{"speaker": None, "page": None}, {"outlet": "Coast Ledger", "page": None},
                       {}, {"page": 1}, {"per_page": None, "page": None}, {"q": "tides", "page": None}, {}]
    with app.test_request_context("/"):
        for changes in changes_in_turn:
            params = {**state, **changes}
            expected = url_for("archive.search_page", **{k: v for k, v in params.items() if v not in (None, "")})
            assert search_url(state, **changes) == expected
        other = {"q": "storm", "page": 1, "per_page": 20}  # a second state in the same request
        assert search_url(other) == url_for("archive.search_page", q="storm")


@pytest.mark.parametrize("name", ["Renée Castellan", "Олег Петров", "李明", "O'Neil & Sons, Jr.", "Ana"])
def test_speaker_links_are_the_addresses_url_for_builds(app, name):
    from flask import url_for
    from quotearchive.models import slugify
    from quotearchive.web.views import speaker_url
    with app.test_request_context("/", base_url="http://example.org/archive"):
        assert speaker_url(name) == url_for("archive.speaker_page", slug=slugify(name))
        assert speaker_url(name).startswith("/archive/speakers/")


@pytest.mark.parametrize("value", ["q-2024-0001", "a b/c?d#e%f&g=h", "Ünïcödé 北京", "-", "'quoted' (1)+[2]"])
def test_quote_and_article_links_are_the_addresses_url_for_builds(app, value):
    from flask import url_for
    from quotearchive.web.views import article_url, quote_url
    with app.test_request_context("/", base_url="http://example.org/archive"):
        assert quote_url(value) == url_for("archive.quote_page", quote_id=value)
        assert article_url(value) == url_for("archive.article_page", article_id=value)


@pytest.mark.parametrize("name, value", [("speaker", "Élodie O'Neil, Jr."), ("outlet", "北京 Times & Co"),
                                         ("year", 2024), ("speaker", None), ("sort", "newest")])
def test_a_facets_links_are_the_search_links_with_its_value(app, name, value):
    from quotearchive.web.views import SearchLinks
    state = {"q": "tide", "speaker": "Ana Ruiz", "outlet": None, "page": 3, "per_page": 50}
    with app.test_request_context("/"):
        links = SearchLinks()
        for _ in range(2):  # the second time from the halves kept for the facet
            assert links.facet_url(state, name, value) == links.url(
                state, "archive.search_page", {name: value, "page": None})


def test_search_links_tell_true_from_one(app):
    from quotearchive.web.views import search_url
    with app.test_request_context("/"):
        assert search_url({"q": "x", "flag": 1}) == "/?q=x&flag=1"
        assert search_url({"q": "x", "flag": True}) == "/?q=x&flag=True"
