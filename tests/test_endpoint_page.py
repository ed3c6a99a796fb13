"""The query page in a real browser (tests/support/browser.py: headless Chromium, offline): the
examples are a compact, searchable list beside the editor and run when clicked; results name their
IRIs; 10,000 rows are drawn a batch at a time; a result with WKT points has a map, a count against a
name a chart, dates a timeline; the editor completes the graph's own classes and properties; and the
address bar keeps a permalink that runs the query again. Every tab asks nothing of other hosts, gets
no error answer, breaks no policy and throws no error. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from cultuurgraaf.sparql import examples, queries_folder
from support.browser import OfflineTab

MAKER_EXAMPLE = "Objecten van een maker"
MAP_EXAMPLE = "Locaties in een gemeente"
CHART_EXAMPLE = "Activiteiten per soort"
TIMELINE_EXAMPLE = "Activiteiten op een locatie in een periode"
EDITOR = "#yasgui .CodeMirror"
ROWS = "#yasgui table.cg-results tbody tr"
TEN_THOUSAND = ("SELECT ?n WHERE { VALUES ?a { " + " ".join(map(str, range(100))) + " } VALUES ?b { "
                + " ".join(map(str, range(100))) + " } BIND(?a * 100 + ?b AS ?n) } ORDER BY ?n")

pytestmark = pytest.mark.browser


@pytest.fixture
def tab(browser):
    """A tab at 1280 x 800; the test fails if anything in it went wrong (see OfflineTab.problems)."""
    opened = OfflineTab(browser)
    yield opened
    opened.close()
    assert {what: found for what, found in opened.problems().items() if found} == {}


@pytest.fixture
def answer(live_server, demo_project):
    """The rows of an example (by title), asked of the endpoint directly."""
    def rows(title: str) -> list[dict]:
        query = next(e["query"] for e in examples(queries_folder(demo_project)) if e["title"] == title)
        response = httpx.post(f"{live_server}/sparql", data={"query": query},
                              headers={"Accept": "application/sparql-results+json"}, timeout=30)
        return response.json()["results"]["bindings"]
    return rows


def open_page(tab: OfflineTab, live_server: str, query: str | None = None):
    page = tab.page
    page.goto(f"{live_server}/sparql" + (f"?{urlencode({'query': query})}" if query else ""))
    page.wait_for_selector(EDITOR)
    return page


def run_example(tab: OfflineTab, live_server: str, title: str):
    page = open_page(tab, live_server)
    page.get_by_role("link", name=title, exact=True).click()
    page.wait_for_selector(ROWS)
    return page


def test_the_examples_are_a_compact_searchable_list_beside_the_editor(tab, live_server, demo_project):
    page = open_page(tab, live_server)
    titles = page.locator("#cg-examples li > a").all_inner_texts()
    assert titles == [e["title"] for e in examples(queries_folder(demo_project))] and len(titles) >= 12
    editor = page.locator(EDITOR).bounding_box()
    assert editor["y"] + editor["height"] <= 800, "the whole editor is above the fold at 1280 x 800"

    page.get_by_label("Zoek een voorbeeld").fill("wikidata")
    assert page.locator("#cg-examples li:visible > a").all_inner_texts() == ["Personen met een Wikidata-link"]
    assert page.locator(".cg-examples-none").inner_text() == f"1 / {len(titles)}"
    page.get_by_label("Zoek een voorbeeld").fill("")
    assert page.locator("#cg-examples li:visible").count() == len(titles)


def test_clicking_an_example_runs_it_names_its_iris_and_its_map_view_shows_points(tab, live_server, answer):
    rows = answer(MAP_EXAMPLE)
    with_points = [r for r in rows if r.get("wkt", {}).get("value", "").startswith("POINT")]
    assert len(with_points) >= 5
    page = run_example(tab, live_server, MAP_EXAMPLE)
    assert page.locator(ROWS).count() == len(rows)
    assert MAP_EXAMPLE.split()[0] in page.locator("#yasgui .tab.active").inner_text()

    # the results show the names of their IRIs next to the IRIs
    first = page.locator(f"{ROWS} td:nth-child(2) .cg-iri").first
    first.locator(".cg-label").wait_for()
    venue = rows[0]
    assert first.locator(".cg-label").inner_text() == venue["name"]["value"]
    assert first.locator(".cg-label").get_attribute("href") == urlsplit(venue["venue"]["value"]).path.replace(
        "/id/", "/doc/", 1)
    assert first.locator(".cg-iri-text").inner_text() == venue["venue"]["value"]

    page.locator(".yasr .select_map").click()
    page.wait_for_selector(".cg-map path.leaflet-interactive")
    assert page.locator(".cg-map path.leaflet-interactive").count() == len(with_points)
    assert page.locator(".cg-map-view figcaption").inner_text().startswith(f"{len(with_points)} punten")
    tab.shot("query-map", full_page=False)
    page.locator(".cg-map path.leaflet-interactive").first.click(force=True)
    popup = page.locator(".leaflet-popup-content dl.cg-popup")
    popup.wait_for()
    assert "?name" in popup.inner_text()


def test_ten_thousand_rows_are_drawn_a_batch_at_a_time_and_the_filter_sees_them_all(tab, live_server):
    page = open_page(tab, live_server, TEN_THOUSAND)
    status = page.locator(".cg-status")
    page.wait_for_function("() => document.querySelector('.cg-status')?.textContent.includes('10000')",
                           timeout=60_000)
    drawn = page.locator(ROWS).count()
    assert 0 < drawn < 1000 and status.inner_text() == f"{drawn} van 10000 rijen getoond"

    page.locator(".cg-table-wrap").evaluate("box => box.scrollTop = box.scrollHeight")
    page.wait_for_function("([rows, drawn]) => document.querySelectorAll(rows).length > drawn", arg=[ROWS, drawn])

    page.get_by_label("Filter de resultaten").fill("9999")
    page.wait_for_function("() => document.querySelector('.cg-status').textContent.startsWith('1 rij ')")
    assert page.locator(ROWS).all_inner_texts() == ["10000\t9999"]


def test_a_count_against_a_name_is_a_chart(tab, live_server, answer):
    rows = answer(CHART_EXAMPLE)
    page = run_example(tab, live_server, CHART_EXAMPLE)
    page.locator(".yasr .select_chart").click()
    page.wait_for_selector(".cg-chart-view svg .cg-bar")
    bars = page.locator(".cg-bar title").all_text_contents()
    assert bars == [f"{r['name']['value']}: {r['activities']['value']}" for r in rows]
    tab.shot("query-chart", full_page=False)


def test_dates_are_a_timeline_in_date_order(tab, live_server, answer):
    rows = answer(TIMELINE_EXAMPLE)
    page = run_example(tab, live_server, TIMELINE_EXAMPLE)
    page.locator(".yasr .select_timeline").click()
    page.wait_for_selector("ol.cg-timeline li time")
    starts = page.locator("ol.cg-timeline li:not(.cg-axis) .cg-when time:first-child")
    assert starts.evaluate_all("times => times.map(t => t.dateTime)") == sorted(r["start"]["value"] for r in rows)
    titles = page.locator("ol.cg-timeline li:not(.cg-axis) .cg-what").all_inner_texts()
    assert sorted(titles) == sorted(r["title"]["value"] for r in rows)


def test_the_editor_completes_the_graphs_classes_and_properties_with_their_labels(tab, live_server, client):
    vocabulary = client.get("/api/vocabulary", headers={"Accept-Language": "nl"}).json()
    objects = next(t for t in vocabulary["classes"] if t["iri"].endswith("E22_Human-Made_Object"))
    page = open_page(tab, live_server)

    def complete(start: str, typed: str) -> list[str]:
        page.evaluate("start => { const y = window.cultuurgraafQuery.yasgui.getTab().getYasqe(); y.setValue(start); "
                      "y.focus(); y.setCursor(y.lineCount(), 0); y.execCommand('goDocEnd'); }", start)
        page.keyboard.type(typed)
        page.wait_for_selector(".CodeMirror-hints li")
        return page.locator(".CodeMirror-hints li").all_inner_texts()

    hints = complete("PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>\nSELECT * WHERE { ?x a ", "crm:E2")
    assert hints[0] == f"crm:E22_Human-Made_Object · {objects['label']} ({objects['count']})"
    page.keyboard.press("Escape")

    hints = complete("SELECT * WHERE { ?x ", "titel")
    assert any(h.startswith("dct:title · titel") for h in hints), hints
    page.locator(".CodeMirror-hints li", has_text="dct:title").click()
    written = page.evaluate("window.cultuurgraafQuery.yasgui.getTab().getYasqe().getValue()")
    assert "dct:title" in written and "PREFIX dct: <http://purl.org/dc/terms/>" in written


def test_a_permalink_runs_its_query(tab, live_server):
    page = run_example(tab, live_server, MAKER_EXAMPLE)
    permalink = page.url
    assert "Henry van de Velde" in parse_qs(urlsplit(permalink).query)["query"][0]
    page.goto("about:blank")
    page.goto(permalink)
    page.wait_for_selector(f"{ROWS} a[href^='/doc/erfgoedobject/']")
    assert "Henry van de Velde" in page.locator(EDITOR).inner_text()
    tab.shot("query-page", full_page=False)

    entity = httpx.get(live_server + page.locator(f"{ROWS} a[href^='/doc/']").first.get_attribute("href"),
                       headers={"Accept": "text/html"}, timeout=30)
    assert entity.status_code == 200 and "<h1" in entity.text

    # the language switch keeps the query and runs it again; the page, YASGUI's buttons and lines
    # included, speaks French
    rows = page.locator(ROWS).count()
    page.get_by_role("link", name="Français").click()
    page.wait_for_url("**lang=fr")
    page.wait_for_selector(f"{ROWS} a[href^='/doc/erfgoedobject/']")
    assert page.get_by_role("heading", name="Exemples de requêtes").is_visible()
    assert page.get_by_label("Chercher un exemple").is_visible()
    assert page.get_by_role("button", name="Exécuter la requête").is_visible()
    assert page.get_by_role("button", name="Lien vers cette requête").is_visible()
    assert page.get_by_role("button", name="Vue : Carte").is_visible()
    assert page.locator(".cg-status").inner_text() == f"{rows} lignes"
    page.wait_for_function("() => /^\\d+ résultats en [\\d,]+ s$/.test("
                           "document.querySelector('.yasr_response_chip').textContent.trim())")
    tab.shot("query-page-fr", full_page=False)


def test_an_iri_that_is_no_web_address_is_no_link_in_the_results(tab, live_server):
    query = "SELECT ?x WHERE { VALUES ?x { <javascript:alert(1)> <https://example.org/a> } }"
    page = open_page(tab, live_server, query)
    page.wait_for_selector(f"{ROWS} a[href='https://example.org/a']")
    table = page.locator("#yasgui table.cg-results", has_text="javascript:alert(1)")
    assert table.count() == 1
    assert table.locator("a[href^='javascript:' i]").count() == 0


def test_the_query_page_fits_a_phone_with_the_editor_first(browser, live_server):
    phone = OfflineTab(browser, width=390, height=844)
    try:
        page = run_example(phone, live_server, MAP_EXAMPLE)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the query page scrolls sideways by {overflow}px on a phone"
        editor, examples_list = page.locator(EDITOR).bounding_box(), page.locator("#cg-examples").bounding_box()
        assert editor["y"] < examples_list["y"]
    finally:
        phone.close()
    assert {what: found for what, found in phone.problems().items() if found} == {}
