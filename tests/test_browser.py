"""A person in a real browser (Debian's headless Chromium, driven by Playwright): search for an object,
open it, follow it to its organisation, and from there to an activity; switch the language; read
descriptions, dates and pictures. Screenshots of every page go to test-artifacts/screenshots/.

Nothing may leave 127.0.0.1: the demo's pictures are its own, served by the app, and any request to
another host fails the test.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support import demo_facts
from support.browser import SHOTS
from support.demo_things import design_museum, object_with_image_kept_by, object_with_script, page
from support.paths import DEMO, ROOT

#: a date and time the Flemish way: 17 juli 2011, 20:00
FLEMISH = re.compile(r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
                     r" \d{4}, \d\d:\d\d")

pytestmark = pytest.mark.browser


class Visit:
    """A browser tab that records every request and dialog, and refuses to go anywhere but the server."""

    def __init__(self, browser, base: str, *, width: int = 1200, height: int = 900):
        self.base = base
        self.local: list[str] = []
        self.pictures: list[str] = []
        self.elsewhere: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(locale="nl-BE", viewport={"width": width, "height": height})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)

    def _route(self, route) -> None:
        request = route.request
        if urlsplit(request.url).hostname == "127.0.0.1":
            self.local.append(request.url)
            if request.resource_type == "image":
                self.pictures.append(urlsplit(request.url).path)
            route.continue_()
        else:
            self.elsewhere.append(f"{request.resource_type} {request.url}")
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def h1(self) -> str:
        return " ".join(self.page.locator("h1").inner_text().split())

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, live_server):
    visits = []

    def open_tab(**size) -> Visit:
        visits.append(Visit(browser, live_server, **size))
        return visits[-1]

    yield open_tab
    for tab in visits:
        assert tab.elsewhere == [], "requests left 127.0.0.1"
        tab.close()


def test_search_an_object_then_follow_it_to_its_organisation_and_an_activity(visit, live_server):
    museum = design_museum()
    wanted = object_with_image_kept_by(museum["ref"])
    tab = visit()
    page_ = tab.page

    page_.goto(live_server + "/")
    tab.shot("01-home")
    page_.get_by_label("Zoek in de graaf").fill(wanted["titel"])
    page_.keyboard.press("Enter")
    page_.wait_for_url("**/zoeken?q=*")
    assert "resultaten voor" in page_.locator("h2#resultaten-kop").inner_text()
    tab.shot("02-search")

    page_.locator(f'ol.hits a[href="{page("erfgoedobject", wanted["objectnummer"])}"]').click()
    page_.wait_for_url("**/doc/erfgoedobject/**")
    assert tab.h1() == " ".join(wanted["titel"].split())
    image = page_.locator("figure img")
    assert image.get_attribute("alt").startswith("Afbeelding van")
    tab.shot("03-object")

    page_.locator("dl.properties a", has_text=museum["name"]).first.click()
    page_.wait_for_url(f"**{page('organisatie', museum['ref'])}")
    assert tab.h1() == museum["name"]
    assert page_.get_by_role("heading", name=f"Objecten in beheer ({len(museum['kept'])})").is_visible()
    tab.shot("04-organisation")

    activities = page_.locator("section.incoming section", has=page_.get_by_role("heading", name="Georganiseerde activiteiten"))
    first = activities.locator("a[href^='/doc/activiteit/']").first
    title = " ".join(first.inner_text().split())
    first.click()
    page_.wait_for_url("**/doc/activiteit/**")
    assert tab.h1() == title
    assert page_.locator(f"a[href='{page('organisatie', museum['ref'])}']").count() >= 1, \
        "the activity links back to its organiser"
    tab.shot("05-activity")

    assert "/" + wanted["afbeelding"] in tab.pictures, "the object's picture comes from the server itself"
    assert tab.dialogs == []


def test_a_script_in_a_description_never_runs_and_its_paragraph_shows(visit, live_server):
    row = object_with_script()
    tab = visit()
    tab.page.goto(live_server + page("erfgoedobject", row["objectnummer"]))
    description = tab.page.locator("dd .literal.rich", has_text="etiket").inner_text()
    assert description.strip() == "Bij de restauratie werd een oud etiket teruggevonden."
    tab.page.wait_for_timeout(200)
    assert tab.dialogs == [], "no alert may fire"
    # the page's one script element is its schema.org data block, which the browser reads and never runs
    assert tab.page.evaluate("[...document.scripts].map(s => s.type)") == ["application/ld+json"]


def test_keyboard_users_start_at_the_skip_link_and_always_see_the_focus(visit, live_server):
    tab = visit()
    tab.page.goto(live_server + page("organisatie", design_museum()["ref"]))
    tab.page.keyboard.press("Tab")
    focused = tab.page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {text: e.textContent.trim(), outline: s.outlineStyle, width: s.outlineWidth}; }""")
    assert focused["text"] == "Naar de inhoud"
    assert focused["outline"] != "none" and focused["width"] != "0px"
    tab.page.keyboard.press("Enter")
    assert tab.page.evaluate("location.hash") == "#inhoud"


@pytest.mark.parametrize("path", ["/", "/lijst", "/lijst/erfgoedobject", "/lijst/locatie", "ORGANISATION",
                                  "/zoeken?q=gent", "/controle", "/doc/erfgoedobject/bestaat-niet-met-een-lange-naam"])
def test_pages_fit_a_phone_screen(visit, live_server, path):
    tab = visit(width=375, height=740)
    if path == "ORGANISATION":
        path = page("organisatie", design_museum()["ref"])
    tab.page.goto(live_server + path)
    overflow = tab.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    if path.startswith("/doc/organisatie"):
        tab.shot("06-organisation-phone")


def test_an_institution_checks_its_export_and_downloads_the_findings(visit, live_server):
    """From the home page to the checker: upload a CSV with a missing title (line 5) and a date that
    ends before it starts (line 3), see the verdict, then the report as a build's report reads
    (summary first, each check with its rows) in the file's own columns and values, violations
    first; show only the violations, then one check; download the findings as CSV."""
    export = ROOT / "examples" / "checker" / "objecten.csv"
    tab = visit()
    page_ = tab.page
    page_.goto(live_server + "/")
    page_.get_by_role("link", name="Controleer een export").click()
    page_.wait_for_url("**/controle")
    page_.get_by_label("Het bestand").set_input_files(str(export))
    page_.get_by_label("Wat is het?").select_option(label="Erfgoedobjecten (collectiebeheer, CSV)")
    page_.locator("#check-profile").select_option("strikt")  # the planted problems break the project's own rules
    page_.get_by_role("button", name="Controleer").click()
    page_.wait_for_selector("p.verdict")
    assert page_.locator("p.verdict").inner_text().startswith("Niet in orde: 2 fouten")
    page_.wait_for_selector("form.filters:not([hidden])")  # the report's script runs on this page too
    tab.shot("10-checker-report")

    text = page_.inner_text("section.report")
    assert text.index("Samenvatting") < text.index("Bevindingen per controle"), "the summary comes first"
    checks = page_.locator("section.check")
    order = [c.get_attribute("data-severity") for c in checks.all()]
    assert order[0] == "Violation" and order == sorted(order, key=["Violation", "Warning", "Info"].index)
    rows = page_.locator("section.check tr[data-source]")
    untitled = rows.filter(has_text="regel 5").filter(has=page_.locator("code", has_text="titel_en"))
    assert untitled.locator("td").nth(2).inner_text() == "titel, titel_en, titel_fr"
    assert untitled.locator("td").nth(3).inner_text() == "leeg"
    swapped = rows.filter(has_text="regel 3").filter(has=page_.locator("code", has_text="datering"))
    assert swapped.locator("td").nth(3).inner_text() == "“1955/1950”"
    assert "objecten.csv" in swapped.locator("td").first.inner_text()
    assert checks.filter(has_text="geen afbeelding").first.is_visible()

    for severity in ("Warning", "Info"):
        page_.uncheck(f"input[data-filter=severity][value={severity}]")
    shown = [c.get_attribute("data-severity") for c in checks.all() if c.is_visible()]
    assert shown == ["Violation", "Violation"]
    assert page_.inner_text("form.filters output") == "2 bevindingen getoond"
    date_check = checks.filter(has_text="datering").get_attribute("id")
    page_.select_option("select[data-filter=check]", date_check)
    assert [c.get_attribute("id") for c in checks.all() if c.is_visible()] == [date_check]
    assert page_.inner_text("form.filters output") == "1 bevindingen getoond"
    tab.shot("11-checker-violations-only")

    with page_.expect_download() as download:
        page_.get_by_role("link", name="CSV").click()
    findings = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert [(r["bestand"], r["regel"], r["kolom"], r["waarde"]) for r in findings if r["ernst"] == "fout"] == [
        ("objecten.csv", "3", "datering", "1955/1950"), ("objecten.csv", "5", "titel, titel_en, titel_fr", "")]
    assert tab.dialogs == []


#: What a dataset page may show as text with an IRI in it: the IRI of the thing itself, in <code>.
RAW_IRI_TEXT = """() => [...document.querySelectorAll(
    'main dt, main th, main caption, main h1, main h2, main h3, main .kind, main td, main dd, main li, main p')]
    .map(e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(' '))
    .filter(t => /https?:\\/\\//.test(t))"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_dataset_page_names_every_term_and_fits_a_phone(visit, live_server, width):
    tab = visit(width=width, height=900)
    tab.page.goto(live_server + "/doc/dataset/objecten")
    assert tab.h1() == "Erfgoedobjecten (collectiebeheer, CSV)"
    assert tab.page.evaluate(RAW_IRI_TEXT) == []
    rows = tab.page.locator("#klassen-tabel tbody tr")
    assert rows.count() >= 5
    first = rows.first.locator("th a")
    assert first.inner_text() in ("erfgoedobject", "productie")
    assert tab.page.locator("#klassen-tabel .bar .fill").first.bounding_box()["width"] > 0
    assert tab.page.get_by_role("link", name="Downloaden als N-Triples").get_attribute("href") == "/dump/objecten.nt"
    _fits_and_names_every_term(tab, width)
    tab.shot(f"dataset-{width}")
    # the build that made it (its files' names are long paths), the whole graph and the catalogue
    tab.page.get_by_role("link", name=re.compile(r"^Bouw van objecten \(generatie \d+\)$")).click()
    tab.page.wait_for_url("**/doc/bouw/**")
    _fits_and_names_every_term(tab, width)
    for path, title in (("/doc/dataset/cultuurgraaf", "Cultuurgraaf demo: de hele graaf"),
                        ("/doc/catalogus/cultuurgraaf", "Cultuurgraaf demo")):
        tab.page.goto(live_server + path)
        assert tab.h1() == title
        _fits_and_names_every_term(tab, width)
    sources = tomllib.loads((DEMO / "cultuurgraaf.toml").read_text(encoding="utf-8"))["sources"]
    # each source, its change feed, and the whole graph
    assert tab.page.locator("table tbody tr").count() == 2 * len(sources) + 1
    tab.shot(f"catalogue-{width}")


def _fits_and_names_every_term(tab, width: int) -> None:
    assert tab.page.evaluate(RAW_IRI_TEXT) == [], tab.page.url
    overflow = tab.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{tab.page.url} scrolls sideways by {overflow}px at {width}px"
    # nor does a table hide a link (a licence, a download) beyond the right edge
    hidden = tab.page.evaluate("""() => [...document.querySelectorAll('main a')]
        .filter(a => a.getBoundingClientRect().right > document.documentElement.clientWidth).map(a => a.textContent)""")
    assert hidden == [], f"{tab.page.url} at {width}px"


def test_a_reader_finds_a_maker_by_the_cyrillic_form_of_his_name(visit, live_server):
    maker = next(p for p in demo_facts.persons() if p["naam_ru"])
    tab = visit()
    tab.page.goto(live_server + "/")
    tab.page.get_by_label("Zoek in de graaf").fill(maker["naam_ru"])
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url("**/zoeken?q=*")
    hit = tab.page.locator("ol.hits li").first
    assert hit.locator("a").inner_text() == maker["volledige_naam"]
    assert hit.locator(".also [lang=ru]").inner_text() == maker["naam_ru"]
    assert hit.locator(".also mark").count() == len(maker["naam_ru"].split())
    tab.shot("search-cyrillic")
    hit.locator("a").click()
    tab.page.wait_for_url("**/doc/persoon/**")
    assert tab.h1() == maker["volledige_naam"]


def _map_markers(tab) -> int:
    """Wait for the page's map to be drawn; the number of markers on it."""
    tab.page.wait_for_selector("#kaart[data-markers]", timeout=10_000)
    assert tab.page.get_attribute("#kaart", "data-map-error") is None
    return int(tab.page.get_attribute("#kaart", "data-markers"))


@pytest.mark.parametrize("path", ["/lijst/locatie", "/lijst/activiteit"])
def test_a_list_of_places_or_activities_has_a_map_drawn_offline_with_a_marker_per_place(visit, live_server, path):
    tab = visit()
    tab.page.goto(live_server + path)
    markers = _map_markers(tab)
    located = [v.get("id") for v in demo_facts.venues() if v.find("geo") is not None]
    assert 0 < markers <= len(located) and (path.endswith("activiteit") or markers == len(located))
    # the base layer (the two regions and their cantons) and the markers are drawn, as SVG
    assert tab.page.locator(".leaflet-overlay-pane path").count() > markers + 100
    assert tab.page.locator("path.leaflet-interactive").count() == markers
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in tab.local)
    assert any(url.endswith("/static/map/vlaanderen-brussel.geojson") for url in tab.local)
    tab.page.locator("path.leaflet-interactive").first.click()
    assert tab.page.locator(".leaflet-popup-content a").count() >= 1
    tab.shot(f"map{path.replace('/', '-')}")


def test_a_place_s_page_shows_it_on_the_map(visit, live_server):
    museum = design_museum()
    tab = visit(width=390, height=844)
    tab.page.goto(live_server + page("organisatie", museum["ref"]))
    assert _map_markers(tab) >= 1
    overflow = tab.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    tab.shot("map-organisation-phone")


def test_the_resolver_finds_design_museum_gent_by_its_wikidata_id_in_the_demo(visit, live_server):
    museum = design_museum()
    tab = visit()
    answers = []
    tab.page.on("response", lambda response: answers.append((response.status, response.url)))
    tab.page.goto(live_server + "/id?wikidata=Q1809071")
    assert answers[0] == (303, live_server + "/id?wikidata=Q1809071")
    assert tab.page.url == live_server + page("organisatie", museum["ref"])
    assert tab.h1() == museum["name"]
    linked = tab.page.locator("section.linked-records")
    assert "Erfgoedinstellingen (ISIL-register, CSV)" in linked.inner_text()
    tab.shot("resolver-design-museum")


def _visible_text(tab) -> str:
    return tab.page.locator("main").inner_text()


def test_descriptions_show_no_markup_on_object_and_activity_pages(visit, live_server):
    tab = visit()
    marked = [o for o in demo_facts.objects() if "<br" in o["beschrijving"] or "<a " in o["beschrijving"]][:3]
    events = [e for e in demo_facts.events() if "<br" in json_text(e) or "<a " in json_text(e)][:3]
    assert marked and events, "the demo has descriptions with <br /> and <a href> in both"
    paths = [page("erfgoedobject", o["objectnummer"]) for o in marked] + \
        [page("activiteit", e["cdbid"]) for e in events]
    for path in paths:
        tab.page.goto(live_server + path)
        text = _visible_text(tab)
        assert "<br" not in text and "<a " not in text and "<p>" not in text, path
    tab.shot("07-activity-description")
    links = tab.page.locator(".rich a").evaluate_all("els => els.map(a => a.href)")
    assert links and all(href.startswith(("http://", "https://", "mailto:")) for href in links)


def json_text(event: dict) -> str:
    return json.dumps(event, ensure_ascii=False)


def _pictures_are_loaded_or_placeholders(tab) -> None:
    tab.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    for _ in range(100):  # a generous bound: the failure would be a picture that never finishes
        if tab.page.evaluate("[...document.images].every(i => i.complete)"):
            break
        tab.page.wait_for_timeout(100)
    images = tab.page.evaluate("[...document.images].map(i => ({src: i.src, width: i.naturalWidth}))")
    assert images, "the page shows pictures"
    assert all(urlsplit(i["src"]).hostname == "127.0.0.1" for i in images), images
    assert [i for i in images if i["width"] == 0] == [], "pictures that did not load"


def test_pictures_load_from_the_server_in_lists_search_and_object_pages(visit, live_server):
    tab = visit()
    tab.page.goto(live_server + "/lijst/erfgoedobject")
    _pictures_are_loaded_or_placeholders(tab)
    assert tab.page.locator("span.thumb.placeholder").count() >= 1, "objects without a picture have a placeholder"
    assert tab.page.locator("span.thumb.placeholder").first.is_visible()
    tab.shot("08-list-thumbnails")
    wanted = object_with_image_kept_by(design_museum()["ref"])
    tab.page.goto(live_server + "/zoeken?q=" + wanted["titel"])
    _pictures_are_loaded_or_placeholders(tab)
    tab.page.goto(live_server + page("erfgoedobject", wanted["objectnummer"]))
    _pictures_are_loaded_or_placeholders(tab)
    without = next(o for o in demo_facts.objects() if not o["afbeelding"])
    tab.page.goto(live_server + page("erfgoedobject", without["objectnummer"]))
    assert tab.page.locator("p.picture.placeholder").is_visible()
    assert tab.page.evaluate("document.images.length") == 0
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in tab.local) and tab.pictures


def test_the_language_switch_changes_the_pages_words_and_the_cookie_keeps_it(visit, live_server):
    tab = visit()
    page_ = tab.page
    page_.goto(live_server + page("organisatie", design_museum()["ref"]))
    menu = page_.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link", name="Overzicht").is_visible()
    assert page_.evaluate("document.documentElement.lang") == "nl"
    page_.get_by_role("link", name="English").click()
    page_.wait_for_url("**lang=en")
    assert page_.evaluate("document.documentElement.lang") == "en"
    assert page_.get_by_role("navigation", name="Main menu").get_by_role("link", name="Overview").is_visible()
    assert page_.get_by_role("heading", name="Provenance").is_visible()
    assert page_.get_by_role("heading", name=re.compile(r"^Objects kept")).is_visible()
    tab.shot("09-organisation-en")
    page_.get_by_role("link", name="Français").click()
    page_.wait_for_url("**lang=fr")
    assert page_.evaluate("document.documentElement.lang") == "fr"
    page_.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Listes").click()
    page_.wait_for_url(live_server + "/lijst")
    assert tab.h1() == "Listes", "the cookie keeps French on a page asked for without ?lang="
    page_.get_by_role("link", name="Nederlands").click()
    page_.wait_for_url("**lang=nl")
    page_.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overzicht").click()
    page_.wait_for_url(live_server + "/")
    assert page_.evaluate("document.documentElement.lang") == "nl"
    assert page_.get_by_role("heading", name="Wat de graaf bevat").is_visible(), "back to Dutch, and it stays"


def test_dates_are_flemish_with_the_machine_value_in_time(visit, live_server):
    tab = visit()
    event = next(e for e in demo_facts.events())
    tab.page.goto(live_server + page("activiteit", event["cdbid"]))
    times = tab.page.locator("main time").evaluate_all(
        "els => els.map(e => ({text: e.textContent.trim(), value: e.getAttribute('datetime')}))")
    shown = [t for t in times if FLEMISH.fullmatch(t["text"])]
    assert shown, times
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)", t["value"]) for t in shown)
    tab.page.goto(live_server + "/lijst/activiteit")
    headings = tab.page.locator("h3.when-group").all_inner_texts()
    assert headings[0] == "Komt nog" or headings == ["Voorbij"], headings
    dates = tab.page.locator("ol.hits time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    upcoming = tab.page.locator("h3.when-group + ol.hits").first.locator("time").evaluate_all(
        "els => els.map(e => e.getAttribute('datetime'))")
    assert dates and upcoming == sorted(upcoming)
