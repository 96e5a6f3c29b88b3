"""The search experience in a real browser: Playwright driving Debian's Chromium.

The real app serves an index built from the sample corpus on a free port of
127.0.0.1. Without Chromium or Playwright these tests skip with the reason,
except under CI (CI=true or QUOTEARCHIVE_REQUIRE_SHARED=1), where they fail:
`.ci/run` installs both.

Screenshots of the search, quote and speaker pages are written to a
temporary folder; with QUOTEARCHIVE_SCREENSHOTS=docs they go to docs/ (that
is how the README's pictures are made).
"""
from __future__ import annotations

import contextlib
import csv
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from quotearchive import pipeline
from quotearchive.web import create_app

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
STRIKE_QUOTE = "08d640bedeb9-0"  # reported by three outlets in the sample corpus
TIMEOUT_MS = 15_000


def _required() -> bool:
    return (os.environ.get("QUOTEARCHIVE_REQUIRE_SHARED") == "1"
            or os.environ.get("CI", "").lower() in ("1", "true", "yes"))


def _unavailable(reason: str):
    if _required():
        pytest.fail(f"browser tests must run under CI, but {reason}")
    pytest.skip(reason)


def _chromium() -> str:
    path = os.environ.get("QUOTEARCHIVE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        _unavailable("Chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, sample_corpus):
    """Serve the real app over the sample corpus on a free local port."""
    from werkzeug.serving import make_server

    index_dir = tmp_path_factory.mktemp("browser-index")
    with contextlib.chdir(REPO):  # sources read "examples/corpus/...", as after scripts/run.sh
        pipeline.rebuild([sample_corpus.relative_to(REPO)], index_dir)
    server = make_server("127.0.0.1", 0, create_app({"INDEX_DIR": str(index_dir)}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    executable = _chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page that records every request it makes."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1200, "height": 900},
                                  accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    if os.environ.get("QUOTEARCHIVE_SCREENSHOTS") == "docs":
        folder = REPO / "docs"
        folder.mkdir(exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("screenshots")


def expect():
    from playwright.sync_api import expect as playwright_expect
    return playwright_expect


def test_typing_a_query_shows_highlighted_results_as_you_type(page, base_url, shots):
    page.goto("/")
    page.get_by_label("Search quotes").press_sequentially("strike", delay=40)
    # No submit: the script fetched /api/search and drew the results.
    expect()(page.locator(".results .summary")).to_contain_text("3 quotes matching")
    marks = page.locator(".results blockquote mark")
    expect()(marks.first).to_have_text(re.compile("^strike$", re.IGNORECASE))
    assert marks.count() >= 3
    expect()(page).to_have_url(re.compile(r"/\?q=strike$"))
    assert any("/api/search?q=strike" in url for url in page.requests)
    page.screenshot(path=str(shots / "search.png"))


def test_clicking_a_facet_filters_and_clicking_again_removes_it(page):
    page.goto("/?q=strike")
    outlet = page.locator('section[data-facet="outlet"] a', has_text="TIDELINE")
    expect()(outlet.locator("xpath=..").locator(".count")).to_have_text("1")
    outlet.click()
    expect()(page).to_have_url(re.compile(r"[?&]outlet=TIDELINE"))
    expect()(page.locator(".results .summary")).to_contain_text("1 quote matching")
    selected = page.locator('section[data-facet="outlet"] li.selected a')
    expect()(selected).to_have_text("TIDELINE")
    selected.click()
    expect()(page).to_have_url(re.compile(r"/\?q=strike$"))
    expect()(page.locator(".results .summary")).to_contain_text("3 quotes matching")


def test_permalink_speaker_page_and_same_statement_variants(page, shots):
    page.goto('/?q="did not want"')
    page.get_by_role("link", name=f"Quote {STRIKE_QUOTE}").click()
    expect()(page).to_have_url(re.compile(f"/quotes/{STRIKE_QUOTE}$"))
    expect()(page.locator(".quote blockquote")).to_have_text(
        "We did not want this strike, but the transit authority has left us no choice at all")
    variants = page.locator(".variant")
    expect()(variants).to_have_count(2)
    northgate = variants.filter(has_text="Northgate Daily")
    expect()(northgate.locator("del.trimmed").first).to_have_text("transit")
    expect()(northgate.locator("ins.added").first).to_have_text("with")
    expect()(northgate.locator(".changed ins").first).to_have_text("never wanted to")
    expect()(northgate.locator(".diff-counts")).to_have_text("1 added, 3 trimmed, 4 changed")
    expect()(page.locator("mark.quoted.current")).to_have_count(1)
    expect()(page.locator("#cite-text")).to_have_value(re.compile(f"QuoteArchive: .*/quotes/{STRIKE_QUOTE}"))
    page.screenshot(path=str(shots / "quote.png"), full_page=True)

    page.locator(".quote-facts").get_by_role("link", name="Odile Marchetti").click()
    expect()(page).to_have_url(re.compile("/speakers/odile-marchetti$"))
    expect()(page.locator("h1")).to_have_text("Odile Marchetti")
    expect()(page.locator("article.quote")).to_have_count(5)
    expect()(page.locator(".timeline tbody tr").first).to_contain_text("2026-03")
    page.screenshot(path=str(shots / "speaker.png"))


def test_the_csv_export_downloads_every_match(page):
    page.goto("/?per_page=5")
    expect()(page.locator(".results .summary")).to_contain_text("60 quotes")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename == "quotes.csv"
    with open(download.path(), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 60  # every match, not the page of five
    assert {"id", "text", "speaker", "outlet", "published"} <= set(rows[0])


def test_without_javascript_the_form_and_links_still_work(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    try:
        tab.goto("/")
        tab.get_by_label("Search quotes").fill("escalate")
        tab.get_by_label("Sort by").select_option("oldest")
        tab.get_by_role("button", name="Search").click()
        expect()(tab).to_have_url(re.compile(r"q=escalate&sort=oldest"))
        expect()(tab.locator(".results blockquote mark").first).to_be_visible()
        tab.locator('section[data-facet="year"] a').first.click()
        expect()(tab).to_have_url(re.compile(r"year=2026"))
    finally:
        context.close()


def test_keyboard_alone_reaches_the_search_box_and_submits(page):
    page.goto("/")
    page.keyboard.press("Tab")
    expect()(page.locator(".skip")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect()(page.get_by_label("Search quotes")).to_be_focused()
    page.keyboard.type("harbour")
    page.keyboard.press("Enter")
    expect()(page).to_have_url(re.compile(r"q=harbour"))
    expect()(page.locator(".results .summary")).to_contain_text("matching")


def test_readable_on_a_phone_and_nothing_loaded_from_elsewhere(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    requested = []
    tab.on("request", lambda request: requested.append(request.url))
    try:
        for url in ("/?q=strike", f"/quotes/{STRIKE_QUOTE}", "/speakers/odile-marchetti",
                    "/articles/08d640bedeb9"):
            tab.goto(url)
            overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{url} scrolls sideways by {overflow}px on a phone"
        assert requested and all(url.startswith(base_url) for url in requested)
    finally:
        context.close()
