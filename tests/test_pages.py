"""Entity pages, the home page and the dumps, checked against what the demo extracts say."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from rdflib import Dataset, Graph

from support import demo_facts
from support.demo_things import (design_museum, maker_with_objects, object_in_three_languages, object_with_image_kept_by,
                         object_with_script, page)
from support.http import without_data_blocks


class Links(HTMLParser):
    """The links, images and headings of a page, and the text inside <main>."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.images: list[dict] = []
        self.headings: list[tuple[str, str]] = []
        self.landmarks: set[str] = set()
        self._href = None
        self._link_text: list[str] = []
        self._heading = None
        self._heading_text: list[str] = []
        self._hidden = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self._href, self._link_text = attrs["href"], []
        if tag == "img":
            self.images.append(attrs)
        if tag in ("h1", "h2", "h3"):
            self._heading, self._heading_text = tag, []
        if tag in ("main", "nav", "header", "footer", "aside") or attrs.get("role"):
            self.landmarks.add(attrs.get("role") or tag)
        if tag == "a" and "src" in (attrs.get("class") or "").split():
            self._hidden += 1  # source marks are not part of a heading's text

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._link_text).split())))
            self._href = None
            self._hidden = 0
        if tag == self._heading:
            self.headings.append((tag, " ".join("".join(self._heading_text).split())))
            self._heading = None

    def handle_data(self, data):
        self._link_text.append(data)
        if not self._hidden:
            self._heading_text.append(data)

    def texts_of(self, prefix: str) -> list[str]:
        return [text for href, text in self.links if href.startswith(prefix)]


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def museum():
    return design_museum()


@pytest.fixture(scope="module")
def museum_html(client, museum):
    response = client.get(page("organisatie", museum["ref"]), headers={"Accept-Language": "nl"})
    assert response.status_code == 200
    return response.text


def test_an_organisation_shows_its_name_and_the_objects_it_keeps_and_activities_it_organises(museum, museum_html):
    parsed = Links(museum_html)
    assert ("h1", museum["name"]) in parsed.headings
    assert any(h == "Objecten in beheer (%d)" % len(museum["kept"]) for _, h in parsed.headings), parsed.headings
    assert any(h == "Georganiseerde activiteiten (%d)" % len(museum["organised"]) for _, h in parsed.headings)
    object_titles = set(parsed.texts_of("/doc/erfgoedobject/"))
    assert {_words(o["titel"]) for o in museum["kept"] if o["titel"]} <= object_titles
    activity_titles = set(parsed.texts_of("/doc/activiteit/"))
    assert activity_titles, "the organiser's activities are linked by their titles"


def test_external_authorities_are_linked_and_marked(museum_html):
    assert 'href="http://www.wikidata.org/entity/Q1809071"' in museum_html
    assert re.search(r'<span class="tag authority-tag">Wikidata</span>', museum_html)
    assert "(externe link)" in museum_html


def test_properties_are_grouped_and_labelled_from_the_ontology(museum_html):
    parsed = Links(museum_html)
    sections = [text for tag, text in parsed.headings if tag == "h2"]
    assert sections[:2] == ["Kaart", "Identiteit"]  # the map of its sites first, then its properties
    assert {"Identiteit", "Relaties", "Herkomst"} <= set(sections)
    assert "type organisatie" in museum_html  # org:classification, as ontologies/cultuurgraaf.ttl names it
    assert "org:classification" not in museum_html


def test_an_object_links_its_keeper_maker_and_types_by_label_and_shows_its_image(client, museum):
    row = object_with_image_kept_by(museum["ref"])
    html = client.get(page("erfgoedobject", row["objectnummer"]), headers={"Accept-Language": "nl"}).text
    parsed = Links(html)
    assert ("h1", row["titel"]) in parsed.headings
    assert (page("organisatie", museum["ref"]), museum["name"]) in parsed.links
    assert row["objectnaam"] in parsed.texts_of("http://vocab.getty.edu/aat/") or row["objectnaam"] in html
    if row["vervaardiger_id"]:
        maker = next(p for p in demo_facts.persons() if p["id"] == row["vervaardiger_id"])
        assert (page("persoon", maker["id"]), maker["volledige_naam"]) in parsed.links
    assert [i["src"] for i in parsed.images] == ["/" + row["afbeelding"]], "the demo's own picture, from this server"
    picture = client.get("/" + row["afbeelding"])
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/svg+xml"
    assert "sandbox" in picture.headers["content-security-policy"]
    assert all(i.get("alt") and row["titel"] in i["alt"] for i in parsed.images)
    assert "<p class=\"kind\">erfgoedobject</p>" in html


def test_where_each_statement_comes_from(client, museum, museum_html):
    """The sources (title from the catalogue, load time, licence) of an organisation that three sources speak of."""
    parsed = Links(museum_html)
    sources = dict((text, href) for href, text in parsed.links if href.startswith("/doc/dataset/"))
    assert {"Organisaties en locaties (register, XML)", "Erfgoedobjecten (collectiebeheer, CSV)",
            "Activiteiten (evenementendatabank, JSON)"} <= set(sources)
    assert re.search(r"geladen op <time datetime=\"\d{4}-\d\d-\d\dT", museum_html)
    assert 'rel="license external noopener">CC0 1.0</a>' in museum_html
    assert re.search(r'<a class="src" href="#bron-\d" title="Bron: Erfgoedobjecten', museum_html)
    dataset_page = client.get(sources["Erfgoedobjecten (collectiebeheer, CSV)"])
    assert dataset_page.status_code == 200 and "Erfgoedobjecten" in dataset_page.text


def test_a_person_shows_the_objects_they_made_through_the_productions(client):
    person, made = maker_with_objects()
    html = client.get(page("persoon", person["id"]), headers={"Accept-Language": "nl"}).text
    parsed = Links(html)
    assert ("h1", person["volledige_naam"]) in parsed.headings
    assert ("h3", f"Vervaardigde objecten ({len(made)})") in parsed.headings
    assert {_words(o["titel"]) for o in made if o["titel"]} <= set(parsed.texts_of("/doc/erfgoedobject/"))
    assert not parsed.texts_of("/doc/productie/"), "productions are part of the object's page, not listed"


@pytest.mark.parametrize("accept_language, column", [
    ("nl", "titel"), ("en", "titel_en"), ("fr-BE,fr;q=0.9", "titel_fr"), ("en-GB, nl;q=0.5", "titel_en"),
    ("de", "titel"), ("de, fr;q=0.8", "titel_fr"), (None, "titel"),
])
def test_the_label_comes_in_the_readers_language_then_nl_en_fr(client, accept_language, column):
    row = object_in_three_languages()
    headers = {"Accept-Language": accept_language} if accept_language else {}
    html = client.get(page("erfgoedobject", row["objectnummer"]), headers=headers).text
    language = {"titel": "nl", "titel_en": "en", "titel_fr": "fr"}[column]
    assert f'<h1 lang="{language}">{row[column]}</h1>' in html.replace("&#39;", "'")


def test_property_names_follow_the_readers_language_too(client):
    row = object_in_three_languages()
    english = client.get(page("erfgoedobject", row["objectnummer"]), headers={"Accept-Language": "en"}).text
    dutch = client.get(page("erfgoedobject", row["objectnummer"]), headers={"Accept-Language": "nl"}).text
    assert ">current keeper</dt>" in english and ">beheerder</dt>" in dutch


def test_a_script_in_a_description_is_dropped_and_its_paragraph_kept(client):
    row = object_with_script()
    response = client.get(page("erfgoedobject", row["objectnummer"]))
    assert "<script" not in without_data_blocks(response.text).lower() and "alert(" not in response.text
    assert "<p>Bij de restauratie werd een oud etiket teruggevonden.</p>" in row["beschrijving"]
    assert "<p>Bij de restauratie werd een oud etiket teruggevonden.</p>" in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_html_in_descriptions_is_shown_as_html_and_links_keep_only_web_addresses(client):
    described = [o for o in demo_facts.objects() if "<br" in o["beschrijving"] or "<a " in o["beschrijving"]]
    assert described, "the demo has descriptions with <br /> and <a href>"
    for row in described[:5]:
        body = client.get(page("erfgoedobject", row["objectnummer"])).text
        text = html.unescape(re.sub(r"<[^>]*>", " ", body))
        assert "<br" not in text and "<a " not in text and "<p>" not in text, row["objectnummer"]
        assert not [h for h, _ in Links(body).links if h.lower().startswith(("javascript:", "data:"))]


def test_pages_have_landmarks_headings_and_a_skip_link(museum_html):
    parsed = Links(museum_html)
    assert {"main", "header", "nav", "footer", "search"} <= parsed.landmarks
    assert [tag for tag, _ in parsed.headings].count("h1") == 1
    assert ("#inhoud", "Naar de inhoud") in parsed.links
    assert '<html lang="nl">' in museum_html and 'name="viewport"' in museum_html
    assert "http://" not in re.sub(r'(href|src)="http[^"]*"', "", museum_html.split("<main")[0]), \
        "nothing in the page head comes from another host"


def test_the_home_page_shows_each_sources_statistics_and_where_to_get_the_data(client, demo_project):
    from cultuurgraaf.store import open_store

    html = client.get("/").text
    parsed = Links(html)
    manifest = open_store(demo_project.store_path).manifest()
    for source in demo_project.sources:
        assert source.title in parsed.texts_of("/doc/dataset/")
        triples = manifest.graphs[source.name].triples
        assert f"{triples:,}".replace(",", ".") in html
        assert (f"/dump/{source.name}.nt", "N-Triples") in parsed.links
    hrefs = {href for href, _ in parsed.links}
    assert {"/sparql", "/dump.nq", "/lijst/erfgoedobject", "/lijst/organisatie"} <= hrefs
    assert any(h.startswith("/doc/catalogus/") for h in hrefs), "the dataset description (DCAT catalogue)"
    counts = dict((href, text) for href, text in parsed.links if href.startswith("/lijst/"))
    assert counts["/lijst/erfgoedobject"].startswith(f"{len(demo_facts.objects())} ")


def test_the_dumps_hold_the_whole_store_and_each_source(client, demo_project):
    from cultuurgraaf.store import open_store

    store = open_store(demo_project.store_path)
    everything = client.get("/dump.nq")
    assert everything.headers["content-type"].startswith("application/n-quads")
    dataset = Dataset()
    dataset.parse(data=everything.content, format="nquads")
    assert len(dataset) == store.count()
    objects = client.get("/dump/objecten.nt")
    assert len(Graph().parse(data=objects.content, format="nt")) == store.manifest().graphs["objecten"].triples
    assert client.get("/dump/nothing.nt", headers={"Accept": "application/json"}).status_code == 404


def test_the_rdf_of_a_person_holds_the_productions_behind_the_objects_made(client):
    from rdflib import URIRef

    person, made = maker_with_objects()
    graph = Graph().parse(data=client.get(page("persoon", person["id"]) + ".ttl").content, format="turtle")
    crm = "http://www.cidoc-crm.org/cidoc-crm/"
    me = URIRef(f"https://data.cultuurgraaf.be/id/persoon/{person['id']}")
    productions = set(graph.subjects(URIRef(crm + "P14_carried_out_by"), me))
    objects = {o for p in productions for o in graph.objects(p, URIRef(crm + "P108_has_produced"))}
    assert len(objects) == min(len(made), 50)


def test_no_page_template_marks_data_as_safe():
    """Every value from the data is escaped: the page templates never switch escaping off."""
    from pathlib import Path

    templates = Path(__file__).resolve().parent.parent / "src" / "cultuurgraaf" / "web" / "templates"
    pages = ["base.html", "home.html", "entity.html", "error.html", "list.html", "lists.html", "search.html",
             "_macros.html"]
    for name in pages:
        text = (templates / name).read_text(encoding="utf-8")
        assert "|safe" not in text.replace(" ", "") and "autoescape false" not in text, name


@pytest.mark.parametrize("name", ["../objecten.csv", "..%2Fobjecten.csv", "bestaat-niet.svg", "1915-0001.svg.txt"])
def test_only_the_projects_pictures_are_served_at_beelden(client, name):
    assert client.get(f"/beelden/{name}").status_code == 404


def test_lists_and_search_show_thumbnails_and_objects_without_a_picture_a_placeholder(client):
    html = client.get("/lijst/erfgoedobject").text
    thumbs = re.findall(r'<img class="thumb picture" src="([^"]+)"', html)
    assert thumbs and all(src.startswith("/beelden/") for src in thumbs)
    assert 'class="thumb placeholder"' in html
    found = client.get("/zoeken", params={"q": object_with_image_kept_by(design_museum()["ref"])["titel"]}).text
    assert '<img class="thumb picture" src="/beelden/' in found


def test_activities_are_listed_by_date_to_come_first_then_past(demo_app):
    results = demo_app.state.cg.search.browse("activiteit", per_page=200, now="2026-06-01T00:00:00Z")
    assert results.by_date and results.total == len(results.hits) == len(demo_facts.events())
    coming = [h.start for h in results.hits if h.upcoming]
    past = [h.start for h in results.hits if h.upcoming is False]
    assert coming and past and [h.upcoming for h in results.hits] == [True] * len(coming) + [False] * len(past) + \
        [None] * (results.total - len(coming) - len(past))
    assert coming == sorted(coming) and min(coming) >= "2026-06-01T00:00:00Z"
    assert past == sorted(past, reverse=True) and max(past) < "2026-06-01T00:00:00Z"
    assert not demo_app.state.cg.search.browse("erfgoedobject").by_date, "other kinds stay alphabetical"


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_an_activity_page_shows_when_it_starts_before_when_it_ends(client, language):
    event = demo_facts.events()[0]
    body = client.get(page("activiteit", event["cdbid"]), params={"lang": language}).text
    times = re.findall(r'<dt>([^<]+)</dt><dd><time datetime="([^"]+)"', body)
    assert [t for _, t in times] == sorted(t for _, t in times) and len(times) == 2, times


def test_an_organisations_activities_are_listed_by_date_to_come_first_then_past(demo_app, client):
    museum, now = design_museum(), "2026-06-01T00:00:00Z"
    iri = f"{demo_app.state.cg.project.iris.base}/id/organisatie/{museum['ref']}"
    organised = next(g for g in demo_app.state.cg.describer.describe(iri, now=now).incoming if g.kind == "activiteit")
    starts = [v.start for v in organised.subjects]
    assert len(starts) == len(museum["organised"]) and None not in starts
    coming, past = [s for s in starts if s >= now], [s for s in starts if s < now]
    assert coming and past and starts == sorted(coming) + sorted(past, reverse=True)
    body = client.get(page("organisatie", museum["ref"])).text
    shown = re.findall(r'href="/doc/activiteit/[^"]+"[^>]*>[^<]+</a><span class="when"><time datetime="([^"]+)"', body)
    assert sorted(shown) == sorted(starts), "every activity shows when it starts"
