"""The query page in a real browser (Debian's headless Chromium, driven by Playwright), offline:
the vendored YASGUI editor highlights SPARQL, the example queries are listed by title, running one
shows a table whose IRIs link to the entity pages, and the address bar keeps a permalink that runs
the query again. Nothing may leave 127.0.0.1. A screenshot goes to test-artifacts/screenshots/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
MAKER_EXAMPLE = "Objecten van een maker"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tab(live_server):
    """A browser tab that lets requests go to the live server only, and records any other."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) to run the "
                    "browser tests")
    from playwright.sync_api import sync_playwright

    elsewhere: list[str] = []

    def route(request_route):
        if urlsplit(request_route.request.url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            elsewhere.append(request_route.request.url)
            request_route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 1000})
        context.route("**/*", route)
        page = context.new_page()
        page.elsewhere = elsewhere
        page.refused = []
        page.on("console", lambda message: "Content Security Policy" in message.text and page.refused.append(message.text))
        yield page
        context.close()
        browser.close()


def test_the_editor_highlights_sparql_and_the_examples_are_listed(tab, live_server):
    tab.goto(f"{live_server}/sparql")
    tab.wait_for_selector("#yasgui .CodeMirror")
    assert tab.locator("#yasgui .CodeMirror .cm-keyword").count() > 0
    titles = tab.locator("#cg-examples li > a").all_inner_texts()
    assert MAKER_EXAMPLE in titles and len(titles) >= 12


def test_running_an_example_shows_a_table_that_links_to_entity_pages(tab, live_server):
    tab.goto(f"{live_server}/sparql")
    tab.wait_for_selector("#yasgui .CodeMirror")
    tab.get_by_role("link", name=MAKER_EXAMPLE, exact=True).click()
    tab.locator(".yasqe_queryButton").first.click()
    tab.wait_for_selector("#yasgui .yasr table.dataTable tbody tr a[href^='/doc/erfgoedobject/']")
    links = tab.locator("#yasgui .yasr table.dataTable a[href^='/doc/']")
    assert links.count() > 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / "query-page.png"), full_page=True)
    permalink = tab.url
    assert "Henry van de Velde" in parse_qs(urlsplit(permalink).query)["query"][0]

    entity = httpx.get(live_server + links.first.get_attribute("href"), headers={"Accept": "text/html"}, timeout=30)
    assert entity.status_code == 200 and "<h1" in entity.text


def test_a_permalink_runs_its_query(tab, live_server):
    tab.goto(f"{live_server}/sparql")
    tab.wait_for_selector("#yasgui .CodeMirror")
    tab.get_by_role("link", name=MAKER_EXAMPLE, exact=True).click()
    tab.locator(".yasqe_queryButton").first.click()
    tab.wait_for_selector("#yasgui .yasr table.dataTable tbody tr")
    permalink = tab.url
    tab.goto("about:blank")
    tab.goto(permalink)
    tab.wait_for_selector("#yasgui .yasr table.dataTable tbody tr a[href^='/doc/erfgoedobject/']")
    assert "Henry van de Velde" in tab.locator("#yasgui .CodeMirror").inner_text()


def test_an_iri_that_is_no_web_address_is_no_link_in_the_results(tab, live_server):
    """YASGUI's own table links web addresses only, as the entity pages do (a newer version of it must too)."""
    query = "SELECT ?x WHERE { VALUES ?x { <javascript:alert(1)> <https://example.org/a> } }"
    tab.goto(f"{live_server}/sparql?{urlencode({'query': query})}")
    tab.wait_for_selector("#yasgui .yasr table.dataTable tbody tr a[href='https://example.org/a']")
    table = tab.locator("#yasgui .yasr table.dataTable", has_text="javascript:alert(1)")
    assert table.count() == 1
    assert table.locator("a[href^='javascript:' i]").count() == 0


def test_the_query_page_asked_nothing_of_other_hosts_and_broke_no_policy(tab):
    assert tab.elsewhere == []
    assert tab.refused == []
