"""axe-core (vendored in tests/support/vendor/axe-core/) finds no violations of WCAG 2.2 A and AA or
of its best practices on the server-rendered pages of the demo, on the query page in each of its
result views and on /api/docs (Swagger UI, with an operation opened), in headless Chromium.

Every page is checked at desktop width (1280); at phone width (390) a representative few, whose
layouts differ (home, a list, search, a dataset, an object and an activity, the error page, the
query page with a map and a timeline, /api/docs): the other pages share those layouts, and
tests/test_browser.py checks that each fits a phone. Object pages may show pictures from the
keeper's image server (docs/pages.md): the tab answers those itself.
"""

from __future__ import annotations

import pytest

from support import demo_facts
from support.browser import OfflineTab, axe_violations, chromium

WIDTHS = [1280, 390]
MISSING = "/doc/erfgoedobject/bestaat-niet"
#: Pages to check; "first:<kind>" is the page of the first thing the list of that kind shows.
PAGES = ["/", "/lijst", "/lijst/erfgoedobject", "/lijst/activiteit", "/zoeken?q=gent", "/doc/catalogus/cultuurgraaf",
         "/doc/dataset/objecten", "first:erfgoedobject", "first:organisatie", "first:persoon", "first:activiteit",
         "first:locatie", "first:concept", MISSING]
#: The query page's views, each with the example whose result it suits.
VIEWS = [("table", "Locaties in een gemeente"), ("map", "Locaties in een gemeente"),
         ("chart", "Activiteiten per soort"), ("timeline", "Activiteiten op een locatie in een periode")]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def tab(request, browser):
    pictures = frozenset(o["afbeelding"] for o in demo_facts.objects() if o["afbeelding"])
    opened = OfflineTab(browser, width=request.param, height=800, pictures=pictures)
    yield opened
    opened.close()
    assert {what: found for what, found in opened.problems().items() if found} == {}


@pytest.mark.parametrize("path", PAGES)
def test_a_server_rendered_page_has_no_violations(tab, live_server, path):
    page = tab.page
    if path.startswith("first:"):
        kind = path.split(":", 1)[1]
        page.goto(f"{live_server}/lijst/{kind}")
        path = page.locator(f"main a[href^='/doc/{kind}/']").first.get_attribute("href")
    page.goto(live_server + path)
    if path == MISSING:  # the error page is a page too; its 404 is expected
        tab.failed.remove(f"404 {live_server}{path}")
    assert axe_violations(page) == [], path


@pytest.mark.parametrize(("view", "example"), VIEWS, ids=[view for view, _ in VIEWS])
def test_the_query_page_has_no_violations_in_any_view(tab, live_server, view, example):
    page = tab.page
    page.goto(f"{live_server}/sparql")
    page.wait_for_selector("#yasgui .CodeMirror")
    page.get_by_role("link", name=example, exact=True).click()
    page.wait_for_selector("#yasgui table.cg-results tbody tr .cg-label")
    if view != "table":
        page.locator(f".yasr .select_{view}").click()
        page.wait_for_selector({"map": ".cg-map path.leaflet-interactive", "chart": ".cg-bar",
                                "timeline": "ol.cg-timeline time"}[view])
    assert axe_violations(page) == [], view


def test_the_api_docs_have_no_violations_with_an_operation_open(tab, live_server):
    """Swagger UI draws it (vendored unchanged); static/api-docs.js and api-docs.css set it up."""
    page = tab.page
    page.goto(f"{live_server}/api/docs")
    page.locator("#swagger-ui .opblock-summary-control").first.click()
    page.wait_for_selector("#swagger-ui .opblock-body .parameters")
    assert axe_violations(page) == []
