"""schema.org JSON-LD in every entity page (entities/schema_org.py): read from the demo's pages with
rdflib, offline (the context is inline), it conforms to the project's shapes for it
(shapes/exports/schema-org.ttl); the shapes refuse what they must; and a name holding ``</script>``
stays inside its script element."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pyshacl
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import build
from cultuurgraaf.vocab import CRM, ORG, PERSON, PROV, SCHEMA, SKOS
from support.apps import make_app_client
from support.demo_things import BASE
from support.paths import ROOT
from support.projects import kind_project

SHAPES = ROOT / "shapes" / "exports" / "schema-org.ttl"
#: Per kind: its class in the graph and the schema.org type its pages say.
KINDS = {"erfgoedobject": (CRM["E22_Human-Made_Object"], "VisualArtwork"), "activiteit": (CRM.E7_Activity, "Event"),
         "locatie": (PROV.Location, "Place"), "organisatie": (ORG.Organization, "Organization"),
         "persoon": (PERSON.Person, "Person"), "concept": (SKOS.Concept, "Thing")}
#: How many things of each kind are read (a page each): enough for every shape to meet its data.
PER_KIND = 8
HOSTILE = '</script><script>alert("weg")</script><!--'


class Scripts(HTMLParser):
    """The script elements of a page: (type, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[list[str]] = []
        self._inside = False

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "script":
            self.found.append([dict(attrs).get("type") or "", ""])
            self._inside = True

    def handle_endtag(self, tag) -> None:
        self._inside = self._inside and tag != "script"

    def handle_data(self, data) -> None:
        if self._inside:
            self.found[-1][1] += data


def embedded(html: str) -> list[str]:
    parser = Scripts()
    parser.feed(html)
    return [text for kind, text in parser.found if kind == "application/ld+json"]


def things(client, cls: str) -> list[str]:
    query = f"SELECT DISTINCT ?s WHERE {{ ?s a <{cls}> FILTER(STRSTARTS(STR(?s), '{BASE}/id/')) }} ORDER BY ?s LIMIT {PER_KIND}"
    answer = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    return [b["s"]["value"] for b in answer.json()["results"]["bindings"]]


def test_the_pages_embed_schema_org_that_conforms_to_its_shapes(client):
    graph, read = Graph(), 0
    for kind, (cls, schema_type) in KINDS.items():
        iris = things(client, cls)
        assert len(iris) >= min(PER_KIND, 3), kind
        for iri in iris:
            page = f"/doc/{iri.removeprefix(BASE + '/id/')}"
            [text] = embedded(client.get(page).text)
            document = json.loads(text)
            assert isinstance(document["@context"], dict), "the context is inline: nothing to fetch"
            assert (document["@id"], document["@type"], document["url"]) == (iri, schema_type, BASE + page)
            graph.parse(data=text, format="json-ld")
            read += 1
    [dataset] = embedded(client.get("/doc/dataset/objecten").text)
    graph.parse(data=dataset, format="json-ld")
    assert (URIRef(f"{BASE}/id/dataset/objecten"), RDF.type, URIRef(SCHEMA.Dataset)) in graph
    for term in (SCHEMA.creator, SCHEMA.startDate, SCHEMA.location, SCHEMA.organizer, SCHEMA.geo, SCHEMA.address,
                 SCHEMA.sameAs, SCHEMA.image, SCHEMA.license):
        assert any(graph.triples((None, URIRef(term), None))), f"no page of the sample says {term}"
    conforms, _, text = pyshacl.validate(graph, shacl_graph=Graph().parse(SHAPES), inference="none")
    assert conforms, text
    assert read == sum(len(things(client, cls)) for cls, _ in KINDS.values())


def test_the_shapes_refuse_what_search_engines_cannot_use():
    event, place = URIRef(f"{BASE}/id/activiteit/x"), URIRef(f"{BASE}/id/locatie/y")
    graph = Graph()
    graph.add((event, RDF.type, URIRef(SCHEMA.Event)))
    graph.add((event, URIRef(SCHEMA.name), Literal("Concert")))
    graph.add((event, URIRef(SCHEMA.startDate), Literal("volgende week")))
    graph.add((event, URIRef(SCHEMA.description), Literal("<p>met markup</p>")))
    graph.add((place, RDF.type, URIRef(SCHEMA.Place)))
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=Graph().parse(SHAPES), inference="none")
    assert not conforms
    paths = {str(report.value(result, SH.resultPath)) for result in report.subjects(RDF.type, SH.ValidationResult)}
    assert {SCHEMA.startDate, SCHEMA.location, SCHEMA.description, SCHEMA.name} <= paths


def test_a_name_that_holds_a_script_end_tag_stays_inside_its_script_element(tmp_path):
    record = (ROOT / "tests" / "data" / "lido" / "een-record.xml").read_text(encoding="utf-8")
    hostile = record.replace("Theepot met ebbenhouten handvat", HOSTILE.replace("<", "&lt;").replace(">", "&gt;"))
    assert hostile != record
    (tmp_path / "export.xml").write_text(hostile, encoding="utf-8")
    project = load_project(kind_project(tmp_path, "lido", [tmp_path / "export.xml"], shapes=False))
    assert not build(project).failed
    with make_app_client(project) as client:
        [iri] = things(client, CRM["E22_Human-Made_Object"])
        html = client.get(f"/doc/{iri.removeprefix(BASE + '/id/')}").text
    parser = Scripts()
    parser.feed(html)
    assert [kind for kind, _ in parser.found if kind != "application/ld+json" and "alert" in _] == []
    [text] = embedded(html)
    assert "</" not in text
    assert json.loads(text)["name"] == HOSTILE
