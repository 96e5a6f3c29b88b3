"""Every page and its JSON twin show the same thing; facets toggle; exports stream every match.

The index is built from the sample corpus (examples/corpus, fictional), so
these tests run the whole pipeline once and then only read.
"""
from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup

from helpers import rendered_templates

from quotearchive import pipeline
from quotearchive.web import create_app

STRIKE_QUOTE = "08d640bedeb9-0"  # reported by three outlets in the sample corpus
STRIKE_ARTICLE = "08d640bedeb9"


@pytest.fixture(scope="module")
def app(tmp_path_factory, sample_corpus):
    index_dir = tmp_path_factory.mktemp("corpus-index")
    pipeline.rebuild([sample_corpus], index_dir)
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})


@pytest.fixture
def client(app):
    return app.test_client()


def page_and_twins(app, client, url: str, api_url: str | None) -> tuple[dict, BeautifulSoup, list[dict]]:
    """Return the dict a page rendered, its HTML, and what each JSON twin answered."""
    with rendered_templates(app) as templates:
        response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "text/html"
    data = templates[0][1]["data"]
    path, _, query = url.partition("?")
    twins = [path + ".json" + ("?" + query if query else "")]
    if api_url:
        twins.append(api_url)
    answers = [client.get(twin).get_json() for twin in twins]
    by_accept = client.get(url, headers={"Accept": "application/json"})
    assert by_accept.mimetype == "application/json"
    answers.append(by_accept.get_json())
    return data, BeautifulSoup(response.get_data(as_text=True), "html.parser"), answers


def texts(soup: BeautifulSoup, selector: str) -> list[str]:
    return [" ".join(node.get_text(" ").split()) for node in soup.select(selector)]


# --- every page's twin equals what the page shows -----------------------------------------


def test_search_page_shows_its_json_twin(app, client):
    url = "/search?q=strike&sort=oldest&per_page=2"
    data, soup, twins = page_and_twins(app, client, url, "/api/search?q=strike&sort=oldest&per_page=2")
    assert all(twin == data for twin in twins)
    # What the page shows, read back from the HTML, is the dict's content.
    shown = [card["data-quote-id"] for card in soup.select("article.quote")]
    assert shown == [quote["id"] for quote in data["results"]] and len(shown) == 2
    assert [str(mark) for mark in soup.select("article.quote blockquote")] == [
        f"<blockquote>{quote['highlight']}</blockquote>" for quote in data["results"]]
    for name in ("speaker", "outlet", "year"):
        section = soup.select_one(f'section[data-facet="{name}"]')
        assert [(a.get_text(), a["href"]) for a in section.select("a")] == [
            (facet["value"], facet["toggle_url"]) for facet in data["facets"][name]]
        assert texts(section, ".count") == [str(facet["count"]) for facet in data["facets"][name]]
    assert f"{data['total']} quotes matching" in texts(soup, ".summary")[0]
    assert soup.select_one('a[rel="next"]')["href"] == data["links"]["next"]


def test_search_page_shows_how_many_outlets_reported_each_statement(app, client):
    data, soup, _ = page_and_twins(app, client, '/?q="did not want"', None)
    (quote,) = data["results"]
    reports = data["statements"][quote["statement"]]
    assert len({report["outlet"] for report in reports}) == 3
    reported = soup.select_one("article.quote .reported-by")
    assert reported.get_text(" ").split()[:2] == ["3", "outlets:"]
    links = [a["href"] for a in reported.select("a")]
    assert links == [f"/quotes/{report['id']}" for report in reports if report["id"] != quote["id"]]


def test_quote_page_shows_its_json_twin(app, client):
    data, soup, twins = page_and_twins(app, client, f"/quotes/{STRIKE_QUOTE}", None)
    assert all(twin == data for twin in twins)
    assert client.get(f"/api/quotes/{STRIKE_QUOTE}").get_json() == data["quote"]
    assert soup.select_one(".quote blockquote").get_text() == data["quote"]["text"]
    assert texts(soup, ".confidence") == [f"{data['quote']['confidence']:.2f}"]
    assert texts(soup, "mark.quoted.current") == [data["quote"]["text"]]
    variants = soup.select(".variant")
    assert [v.select_one("a").get_text() for v in variants] == [v["outlet"] for v in data["variants"]]
    for shown, variant in zip(variants, data["variants"]):
        runs = variant["diff"]["runs"]
        assert texts(shown, "ins.added") == [run["text"] for run in runs if run["op"] == "added"]
        assert texts(shown, "del.trimmed") == [run["text"] for run in runs if run["op"] == "trimmed"]
        assert texts(shown, ".changed ins") == [run["text"] for run in runs if run["op"] == "changed"]
        assert texts(shown, ".changed del") == [run["was"] for run in runs if run["op"] == "changed"]
    assert soup.select_one("#cite-text").get_text() == data["citation"]["text"]
    assert json.loads(soup.select_one("#cite-json").get_text()) == data["citation"]["json"]
    assert data["citation"]["json"]["permalink"] == f"http://localhost/quotes/{STRIKE_QUOTE}"


def test_speaker_page_shows_its_json_twin(app, client):
    data, soup, twins = page_and_twins(app, client, "/speakers/odile-marchetti",
                                       "/api/speakers/odile-marchetti")
    assert all(twin == data for twin in twins)
    assert soup.select_one("h1").get_text() == data["speaker"] == "Odile Marchetti"
    assert [card["data-quote-id"] for card in soup.select("article.quote")] == [
        quote["id"] for quote in data["quotes"]]
    assert len(data["quotes"]) == data["total"] == 5
    dates = [quote["spoken"] or quote["published"] for quote in data["quotes"]]
    assert dates == sorted(dates, reverse=True)
    assert texts(soup, ".timeline tbody th") == [month["month"] for month in data["timeline"]]
    assert [role["value"] for role in data["roles"]] == ["union leader"]


@pytest.mark.parametrize("article_id", [STRIKE_ARTICLE, "5970b4f721e3"])  # the second has a quote
def test_article_page_shows_its_json_twin(app, client, article_id):         # interrupted by "Holm said"
    data, soup, twins = page_and_twins(app, client, f"/articles/{article_id}",
                                       f"/api/articles/{article_id}")
    assert all(twin == data for twin in twins)
    shown = soup.select(".article-text p")
    assert len(shown) == len(data["paragraphs"])
    for paragraph, runs in zip(shown, data["paragraphs"]):
        assert [m.get_text() for m in paragraph.select("mark.quoted")] == [
            run["text"] for run in runs["runs"] if run["quote"]]
        assert [a.get_text() for a in paragraph.select("a.said-by")] == [
            run["speaker"] for run in runs["runs"] if run["quote"] and not run["continues"]]
    if article_id == STRIKE_ARTICLE:
        assert [q["speaker"] for q in data["quotes"]] == ["Odile Marchetti", "Hanne Solberg"]
    else:  # every quote of the article is marked, the interrupted one in two pieces
        marked = {run["quote"] for p in data["paragraphs"] for run in p["runs"] if run["quote"]}
        assert marked == {quote["id"] for quote in data["quotes"]}
        assert any(run.get("continues") for p in data["paragraphs"] for run in p["runs"])
    assert soup.select_one("details.removed summary").get_text().endswith(f"({len(data['removed'])})")


def test_article_page_folds_what_the_cleaner_removed(app, client):
    # Find an article of the sample corpus that had boilerplate removed.
    found = None
    for quote in client.get("/api/search?per_page=100").get_json()["results"]:
        page = client.get(f"/articles/{quote['article_id']}.json").get_json()
        if page["removed"]:
            found = page
            break
    assert found is not None, "the sample corpus has articles with boilerplate"
    soup = BeautifulSoup(client.get(f"/articles/{found['article']['id']}").get_data(as_text=True),
                         "html.parser")
    folded = soup.select_one("details.removed")
    assert not folded.has_attr("open")
    assert texts(folded, "li") == [" ".join(f"{r['family']} {r['text']}".split()) for r in found["removed"]]


# --- facets, state in the URL, did-you-mean --------------------------------------------------


def test_a_facet_click_filters_and_a_second_click_removes_the_filter(client):
    start = client.get("/search.json?q=strike&sort=newest").get_json()
    outlet = next(f for f in start["facets"]["outlet"] if f["value"] == "TIDELINE")
    filtered = client.get(outlet["toggle_url"].replace("/?", "/search.json?", 1)).get_json()
    assert filtered["search"]["outlet"] == "TIDELINE" and filtered["total"] == outlet["count"] == 1
    (selected,) = [f for f in filtered["facets"]["outlet"] if f["selected"]]
    assert selected["value"] == "TIDELINE"
    back = dict(parse_qsl(urlsplit(selected["toggle_url"]).query))
    assert back == {"q": "strike", "sort": "newest"}


def test_the_url_carries_the_whole_state_and_pages_keep_it(client):
    query = ("q=Marchetti&speaker=Odile Marchetti&outlet=TIDELINE&year=2026&from=2026-03-01"
             "&to=2026-03-31&published_from=2026-03-01&published_to=2026-12-31&sort=oldest&per_page=1")
    data = client.get(f"/search.json?{query}").get_json()
    expected = dict(parse_qsl(query))
    assert data["total"] >= 2
    for rel in ("next", "last"):
        state = dict(parse_qsl(urlsplit(data["links"][rel]).query))
        assert {k: v for k, v in state.items() if k != "page"} == expected
    second = client.get(data["links"]["next"].replace("/?", "/search.json?", 1)).get_json()
    assert second["page"] == 2 and second["links"]["prev"] is not None
    assert dict(parse_qsl(urlsplit(second["links"]["self"]).query)) == {**expected, "page": "2"}


def test_did_you_mean_offers_a_link_that_finds_quotes(client):
    data = client.get("/search.json?q=strikke").get_json()
    assert data["total"] == 0 and data["suggestion"] == "strike"
    html = client.get("/?q=strikke").get_data(as_text=True)
    assert f'Did you mean <a href="{data["links"]["suggestion"]}">strike</a>?' in html
    assert client.get(data["links"]["suggestion"].replace("/?", "/search.json?", 1)).get_json()["total"] == 3


# --- export -------------------------------------------------------------------------------------


def test_csv_export_streams_every_match_not_only_the_page(client):
    page = client.get("/api/search?q=every OR people&per_page=5").get_json()
    assert page["total"] > 5
    response = client.get("/export.csv?q=every OR people&per_page=5&page=2")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="quotes.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == page["total"]
    assert rows[0]["id"] == page["results"][0]["id"] and rows[0]["text"] == page["results"][0]["text"]


def test_jsonl_export_gives_each_quote_dict_in_the_search_order(client):
    quotes = [json.loads(line) for line in
              client.get("/api/export.jsonl?speaker=Odile+Marchetti").get_data(as_text=True).splitlines()]
    speaker = client.get("/speakers/odile-marchetti.json").get_json()
    assert quotes == speaker["quotes"]


def test_export_links_on_the_page_carry_the_search_but_not_the_page(client):
    data = client.get("/search.json?q=strike&outlet=TIDELINE&page=1&per_page=1").get_json()
    assert dict(parse_qsl(urlsplit(data["links"]["csv"]).query)) == {"q": "strike", "outlet": "TIDELINE"}
    assert urlsplit(data["links"]["jsonl"]).path == "/export.jsonl"


# --- errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url, status, message", [
    ("/quotes/no-such-quote.json", 404, "no quote with id 'no-such-quote'"),
    ("/speakers/nobody-here.json", 404, "no speaker 'nobody-here'"),
    ("/api/speakers/nobody-here", 404, "no speaker 'nobody-here'"),
    ("/articles/no-article.json", 404, "no article with id 'no-article'"),
    ("/api/articles/no-article", 404, "no article with id 'no-article'"),
    ("/search.json?sort=sideways", 400, "'sort' must be one of"),
    ("/search.json?year=twenty", 400, "'year' must be a whole number"),
    ("/api/export.csv?from=2026-05-01&to=2026-01-01", 400, "is after"),
    ("/api/export.jsonl?q=%22open", 400, "unbalanced double quote"),
    ("/speakers/odile-marchetti.json?page=0", 400, "'page' must be at least 1"),
])
def test_errors_of_the_json_twins_are_json(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert response.is_json and message in response.get_json()["error"]


@pytest.mark.parametrize("url, status", [
    ("/speakers/nobody-here", 404), ("/articles/no-article", 404), ("/export.csv?page=x", 400)])
def test_errors_of_pages_are_pages(client, url, status):
    response = client.get(url)
    assert response.status_code == status and response.mimetype == "text/html"
    assert "Traceback" not in response.get_data(as_text=True)


def test_asking_for_json_by_accept_header_gets_json_errors_too(client):
    response = client.get("/?page=0", headers={"Accept": "application/json"})
    assert response.status_code == 400 and response.get_json() == {"error": "'page' must be at least 1, not 0"}


def test_pages_are_usable_without_javascript_and_labelled(client):
    soup = BeautifulSoup(client.get("/?q=strike").get_data(as_text=True), "html.parser")
    form = soup.select_one("form#search-form")
    assert form["method"] == "get" and form["action"] == "/"
    for control in form.select("input:not([type=hidden]), select"):
        assert soup.select_one(f'label[for="{control["id"]}"]'), control
    # Links lead within the site (or to an article's original); none needs a script.
    assert all(re.match(r"^(/|#|https://)", a["href"]) for a in soup.select("a[href]"))


def test_a_form_sent_with_empty_fields_redirects_to_the_short_address(client):
    response = client.get("/?q=strike&speaker=&outlet=&year=&from=&to=&sort=oldest")
    assert response.status_code == 302
    assert response.headers["Location"] == "/?q=strike&sort=oldest"
    assert client.get("/?q=%22open&speaker=").status_code == 400  # still checked first
