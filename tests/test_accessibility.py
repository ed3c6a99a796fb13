"""axe-core (vendored in tests/support/vendor/axe-core/) finds no violations of WCAG 2.2 A and AA or
of its best practices on the server-rendered pages of the demo, on the query page in each of its
result views and on /api/docs (Swagger UI, with an operation opened; it shows every path of the
OpenAPI document, from this site alone), in headless Chromium.

Every page is checked at desktop width (1280); at phone width (390) a representative few, whose
layouts differ (home, a list, search, a dataset, an object and an activity, the error page, the
query page with a map and a timeline): the other pages share those layouts, and
tests/test_browser.py checks that each fits a phone. Object pages may show pictures from the
keeper's image server (docs/pages.md): the tab answers those itself.
"""

from __future__ import annotations

import html
import re

import pytest

from support import demo_facts
from support.browser import OfflineTab, axe_violations

DESKTOP, PHONE = 1280, 390
MISSING = "/doc/erfgoedobject/bestaat-niet"
#: Pages to check; "first:<kind>" is the page of the first thing the list of that kind shows.
PAGES = ["/", "/lijst", "/lijst/erfgoedobject", "/lijst/activiteit", "/zoeken?q=gent", "/doc/catalogus/cultuurgraaf",
         "/doc/dataset/objecten", "first:erfgoedobject", "first:organisatie", "first:persoon", "first:activiteit",
         "first:locatie", "first:concept", MISSING]
#: The pages also checked at phone width: one of each layout.
PHONE_PAGES = ["/", "/lijst/erfgoedobject", "/zoeken?q=gent", "/doc/dataset/objecten", "first:erfgoedobject",
               "first:activiteit", MISSING]
#: The query page's examples, each with the views of its result to check (the table, which every
#: result has, once).
EXAMPLES = [("Locaties in een gemeente", ("table", "map")), ("Activiteiten per soort", ("chart",)),
            ("Activiteiten op een locatie in een periode", ("timeline",))]
PHONE_EXAMPLES = [EXAMPLES[0], EXAMPLES[2]]
DRAWN = {"map": ".cg-map path.leaflet-interactive", "chart": ".cg-bar", "timeline": "ol.cg-timeline time"}

pytestmark = pytest.mark.browser


def at_widths(desktop: list, phone: list) -> list:
    """Parameters (width, case) for tests that take the ``tab`` fixture indirectly."""
    def name(case) -> str:
        return case if isinstance(case, str) else "+".join(case[1])
    return [pytest.param(width, case, id=f"{width}px-{name(case)}")
            for width, cases in ((DESKTOP, desktop), (PHONE, phone)) for case in cases]


@pytest.fixture
def tab(request, browser):
    pictures = frozenset(o["afbeelding"] for o in demo_facts.objects() if o["afbeelding"])
    opened = OfflineTab(browser, width=request.param, height=800, pictures=pictures)
    yield opened
    opened.close()
    assert {what: found for what, found in opened.problems().items() if found} == {}


@pytest.mark.parametrize(("tab", "path"), at_widths(PAGES, PHONE_PAGES), indirect=["tab"])
def test_a_server_rendered_page_has_no_violations(tab, live_server, client, path):
    page = tab.page
    if path.startswith("first:"):  # the list is read in-process: only the page itself is a browser's load
        kind = path.split(":", 1)[1]
        listed = client.get(f"/lijst/{kind}").text
        path = html.unescape(re.search(f'<a href="(/doc/{kind}/[^"]+)"', listed[listed.index("<main"):]).group(1))
    page.goto(live_server + path)
    if path == MISSING:  # the error page is a page too; its 404 is expected
        tab.failed.remove(f"404 {live_server}{path}")
    assert axe_violations(page) == [], path


@pytest.mark.parametrize(("tab", "example"), at_widths(EXAMPLES, PHONE_EXAMPLES), indirect=["tab"])
def test_the_query_page_has_no_violations_in_any_view(tab, live_server, example):
    title, views = example
    page = tab.page
    page.goto(f"{live_server}/sparql")
    page.wait_for_selector("#yasgui .CodeMirror")
    page.get_by_role("link", name=title, exact=True).click()
    page.wait_for_selector("#yasgui table.cg-results tbody tr .cg-label")
    for view in views:
        if view != "table":
            page.locator(f".yasr .select_{view}").click()
            page.wait_for_selector(DRAWN[view])
        assert axe_violations(page) == [], view


@pytest.mark.parametrize("tab", [DESKTOP], indirect=True, ids=lambda width: f"{width}px")
def test_the_api_docs_show_every_path_offline_and_have_no_violations_with_an_operation_open(tab, live_server, client):
    """Swagger UI draws it (vendored unchanged); static/api-docs.js and api-docs.css set it up."""
    paths = set(client.get("/api/openapi.json").json()["paths"])
    page = tab.page
    page.goto(f"{live_server}/api/docs")
    page.wait_for_selector("#swagger-ui .opblock-summary-path")
    shown = {path.replace("\u200b", "")
             for path in page.locator("#swagger-ui .opblock-summary-path").all_inner_texts()}
    assert "/sparql" in shown and paths <= shown, paths - shown
    tab.shot("api-docs", full_page=False)
    page.locator("#swagger-ui .opblock-summary-control").first.click()
    page.wait_for_selector("#swagger-ui .opblock-body .parameters")
    assert axe_violations(page) == []
