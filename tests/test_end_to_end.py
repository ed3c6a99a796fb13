"""The demo, end to end: build the bundled extracts, query the graph over real HTTP, read the pages.

Every test runs twice: with the store in a folder, and with the store on a Virtuoso server (the
second where one runs; see the ``virtuoso`` fixture).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from cultuurgraaf.config import Project
from cultuurgraaf.web.app import create_app
from support import demo_facts
from support.apps import make_app_client
from support.http import serving

COUNT_QUERY = """
PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT
  (COUNT(DISTINCT ?object) AS ?objects)
  (COUNT(DISTINCT ?organisation) AS ?organisations)
  (COUNT(DISTINCT ?activity) AS ?activities)
WHERE {
  { ?object a crm:E22_Human-Made_Object } UNION
  { ?organisation a org:Organization } UNION
  { ?activity a crm:E7_Activity }
}
"""


@dataclass(frozen=True)
class Demo:
    """The demo built into one kind of store: its project, an in-process client and a live server."""

    project: Project
    client: TestClient
    url: str


@pytest.fixture(scope="module", params=["folder", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def demo(request):
    if request.param == "folder":
        yield Demo(request.getfixturevalue("demo_project"), request.getfixturevalue("client"),
                   request.getfixturevalue("live_server"))
        return
    project = request.getfixturevalue("remote_demo_project")
    app = create_app(project)
    with make_app_client(app) as client, serving(app) as url:
        yield Demo(project, client, url)


def test_a_sparql_count_over_http_matches_the_extracts(demo):
    response = httpx.post(f"{demo.url}/sparql", data={"query": COUNT_QUERY},
                          headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    binding = response.json()["results"]["bindings"][0]
    counts = {name: int(value["value"]) for name, value in binding.items()}
    assert counts == {
        "objects": len({row["objectnummer"] for row in demo_facts.objects()}),
        "organisations": len(demo_facts.organisation_iris()),
        "activities": len(demo_facts.events()),
    }


ORGANISATION_NAMES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?o ?name WHERE { ?o a org:Organization ; skos:prefLabel ?name FILTER(lang(?name) = "nl") }
"""
ORGANISATIONS = "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?o WHERE { ?o a org:Organization }"


@pytest.mark.parametrize("query", [ORGANISATIONS, ORGANISATION_NAMES], ids=["iris", "names in dutch"])
def test_sparql_clients_read_the_endpoints_solutions(demo, query):
    """SPARQLWrapper and rdflib's SPARQLStore, as JSON: on Virtuoso, answers the endpoint passes on as
    Virtuoso wrote them (IRIs only) and answers it reads and writes again (names with accents)."""
    names = {f"https://data.cultuurgraaf.be/id/organisatie/{o.get('id')}": demo_facts.dutch_name(o)
             for o in demo_facts.organisations()}  # the organisations with a name in the extract's XML
    assert any(not name.isascii() for name in names.values()), "the names hold characters Virtuoso escapes"
    wrapper = SPARQLWrapper(f"{demo.url}/sparql")
    wrapper.setMethod(POST)
    wrapper.setQuery(query)
    wrapper.setReturnFormat(JSON)
    rows = wrapper.query().convert()["results"]["bindings"]
    store = Graph(store=SPARQLStore(f"{demo.url}/sparql", method="POST_FORM", returnFormat="json"))
    if query == ORGANISATIONS:
        expected = demo_facts.organisation_iris()
        assert {r["o"]["value"] for r in rows} == {str(r.o) for r in store.query(query)} == expected
        return
    assert {(r["o"]["value"], r["name"]["value"], r["name"]["xml:lang"]) for r in rows if r["o"]["value"] in names} == \
        {(iri, name, "nl") for iri, name in names.items()}
    assert {(r.o, r.name) for r in store.query(query) if str(r.o) in names} == \
        {(URIRef(iri), Literal(name, lang="nl")) for iri, name in names.items()}


def test_every_source_has_its_own_named_graph(demo):
    response = demo.client.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
                          headers={"Accept": "application/sparql-results+json"})
    graphs = {b["g"]["value"] for b in response.json()["results"]["bindings"]}
    assert {s.graph for s in demo.project.sources} <= graphs
    assert demo.project.iris.meta_graph in graphs


def test_an_object_page_links_to_its_holding_organisation_by_label(demo):
    row = next(r for r in demo_facts.objects() if r["beheerder_id"])
    keeper = next(o for o in demo_facts.organisations() if o.get("id") == row["beheerder_id"])
    page = demo.client.get(f"/doc/erfgoedobject/{row['objectnummer']}", headers={"Accept": "text/html"})
    assert page.status_code == 200
    link = re.search(rf'<a href="/doc/organisatie/{keeper.get("id")}"[^>]*>([^<]+)</a>', page.text)
    assert link is not None, "the object page has no link to its keeper"
    assert link.group(1) == _html(demo_facts.dutch_name(keeper))


def test_an_organisation_page_lists_the_objects_it_holds_and_the_activities_it_organises(demo):
    held = Counter(r["beheerder_id"] for r in demo_facts.objects())
    organised = Counter(e["organiser"]["label"].get("externalid") for e in demo_facts.events() if e.get("organiser"))
    org_id = max((o for o in held if o in organised), key=lambda o: held[o] + organised[o])
    page = demo.client.get(f"/doc/organisatie/{org_id}", headers={"Accept": "text/html"}).text
    objects = [r for r in demo_facts.objects() if r["beheerder_id"] == org_id]
    activities = [e for e in demo_facts.events() if (e.get("organiser") or {}).get("label", {}).get("externalid") == org_id]
    for row in objects:
        assert f'href="/doc/erfgoedobject/{_path(row["objectnummer"])}"' in page
    for event in activities:
        assert f'href="/doc/activiteit/{event["cdbid"]}"' in page
    first_object = objects[0]
    assert f">{_html(first_object['titel'])}</a>" in page, "incoming objects are shown by title, not by IRI"
    nl_title = next(d["title"] for d in activities[0]["eventdetails"]["eventdetail"] if d["lang"] == "nl")
    assert f">{_html(nl_title)}</a>" in page


def test_a_thing_iri_redirects_to_its_document(demo):
    org_id = demo_facts.organisations()[0].get("id")
    response = demo.client.get(f"/id/organisatie/{org_id}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/doc/organisatie/{org_id}"


def _html(text: str) -> str:
    return str(escape(text))


def _path(ref: str) -> str:
    from urllib.parse import quote

    return quote(ref, safe=".-_~!$&()*+,;=:@%")
