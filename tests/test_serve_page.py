"""The query page of `ccuskg serve`, in a real headless browser: a person types a query and sees
rows, runs a named query, and is told plainly when they try to change the data. The page loads
nothing from anywhere but the endpoint."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from servers import start_ccuskg_serve, stop

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def page_url(seeds_graph):
    process, url = start_ccuskg_serve(seeds_graph.path)
    yield url.removesuffix("query")
    stop(process)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file() and not shutil.which("chromium"):
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium) for the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the 'test' extra")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture()
def page(browser, page_url):
    context = browser.new_context()
    opened = context.new_page()
    opened.requested = []
    opened.on("request", lambda request: opened.requested.append(request.url))
    opened.goto(page_url)
    yield opened
    context.close()


def run(page, query: str | None = None) -> None:
    if query is not None:
        page.fill("#query", query)
    page.click("#run")
    page.wait_for_function("!document.getElementById('status').textContent.startsWith('running')")


def test_a_typed_query_shows_its_rows_in_a_table(page):
    run(page, "SELECT ?id WHERE { ?p a ccus:Policy ; ccus:identifier ?id } ORDER BY ?id LIMIT 3")
    assert page.locator("#results th").all_inner_texts() == ["id"]
    assert len(page.locator("#results tbody tr").all()) == 3
    assert page.locator("#status").inner_text().startswith("3 rows")


def test_a_named_query_offered_as_an_example_runs(page):
    page.select_option("#examples", "policies-in-force-by-jurisdiction")
    assert "PREFIX ccus:" in page.input_value("#query")
    run(page)
    assert page.locator("#results th").all_inner_texts()[:2] == ["jurisdiction", "policies"]
    assert len(page.locator("#results tbody tr").all()) > 0
    assert page.locator("#error").is_hidden()


def test_every_named_query_is_offered(page):
    from ccuskg.access.named_queries import all_queries

    page.wait_for_function("document.querySelectorAll('#examples option').length > 1")
    offered = page.eval_on_selector_all("#examples option", "options => options.map(o => o.value)")
    assert offered[1:] == [q.name for q in all_queries()]


def test_an_update_attempt_says_the_endpoint_is_read_only(page):
    run(page, "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }")
    assert page.locator("#error").is_visible()
    assert "read-only" in page.locator("#error").inner_text()
    assert "403" in page.locator("#error").inner_text()


def test_a_syntax_error_is_shown_with_the_engine_message(page):
    run(page, "SELECT ?x WHERE { ?x }")
    assert "does not parse" in page.locator("#error").inner_text()


def test_ask_shows_true_or_false(page):
    run(page, "ASK { ?p a ccus:Policy }")
    assert page.locator("#results .boolean").inner_text() == "true"


def test_the_page_loads_nothing_from_elsewhere(page, page_url):
    run(page, "ASK {}")
    origin = urlsplit(page_url).netloc
    assert page.requested and all(urlsplit(url).netloc == origin for url in page.requested)
