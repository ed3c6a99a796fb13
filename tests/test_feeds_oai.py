"""The OAI-PMH provider, harvested by a real harvester (``sickle`` from PyPI) on 127.0.0.1.

The project of support.feeds is built, one object renamed and one removed, built again; a full
harvest takes several pages through resumption tokens and finds the removed object as a deleted
record; a harvest from the second build's time finds exactly what it changed. Every answer is
checked against the OAI-PMH XML schema (tests/data/oai-pmh), Dublin Core records against the
oai_dc schema, EDM records against the project's EDM shape (shapes/exports/edm.ttl).
"""

from __future__ import annotations

import httpx
import pyshacl
import pytest
from lxml import etree
from rdflib import Graph, Literal, URIRef
from sickle import Sickle
from sickle.iterator import OAIResponseIterator

from cultuurgraaf.vocab import CRM, EDM, RDF, SKOS
from cultuurgraaf.web.app import create_app
from support.feeds import CHANGED, DELETED, NEW_TITLE
from support.http import serving
from support.paths import ROOT
from support.projects import build_kind

SCHEMAS = ROOT / "tests" / "data" / "oai-pmh"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
HOST = "oai:data.cultuurgraaf.be:"


@pytest.fixture(scope="module")
def oai_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "OAI-PMH.xsd")))


@pytest.fixture(scope="module")
def dc_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "oai_dc.xsd")))


@pytest.fixture(scope="module")
def edm_shapes() -> Graph:
    return Graph().parse(ROOT / "shapes" / "exports" / "edm.ttl", format="turtle")


@pytest.fixture(scope="module")
def server(rebuilt_demo):
    with serving(create_app(rebuilt_demo.project)) as url:
        yield f"{url}/oai"


def valid(schema: etree.XMLSchema, xml: bytes | etree._Element) -> etree._Element:
    document = etree.fromstring(xml) if isinstance(xml, bytes) else xml
    assert schema.validate(document), "\n".join(str(e) for e in schema.error_log)[:3000]
    return document


def harvest_pages(endpoint: str, oai_schema, **arguments) -> list[etree._Element]:
    """Every page of a ListRecords/ListIdentifiers harvest by sickle, each checked against the schema."""
    sickle = Sickle(endpoint, iterator=OAIResponseIterator, max_retries=0)
    verb = arguments.pop("verb")
    return [valid(oai_schema, response.raw.encode("utf-8")) for response in getattr(sickle, verb)(**arguments)]


def headers(pages: list[etree._Element]) -> dict[str, etree._Element]:
    return {h.findtext(f"{OAI}identifier"): h for page in pages for h in page.iter(f"{OAI}header")}


def test_a_full_harvest_takes_pages_and_finds_the_deleted_record(server, oai_schema, dc_schema):
    pages = harvest_pages(server, oai_schema, verb="ListRecords", metadataPrefix="oai_dc", set="kind:erfgoedobject")
    assert len(pages) >= 3, "150 objects in pages of 40"
    tokens = [page.find(f".//{OAI}resumptionToken") for page in pages]
    assert all(t is not None for t in tokens) and not (tokens[-1].text or "").strip()
    assert [int(t.get("cursor")) for t in tokens] == [40 * n for n in range(len(pages))]
    found = headers(pages)
    assert len(found) == 150, "149 objects and the deleted one, each once"
    assert found[f"{HOST}erfgoedobject/{DELETED}"].get("status") == "deleted"
    records = {r.findtext(f"{OAI}header/{OAI}identifier"): r for page in pages for r in page.iter(f"{OAI}record")}
    assert records[f"{HOST}erfgoedobject/{DELETED}"].find(f"{OAI}metadata") is None
    for identifier, record in records.items():
        metadata = record.find(f"{OAI}metadata")
        if metadata is not None:
            valid(dc_schema, metadata[0])
    titles = records[f"{HOST}erfgoedobject/{CHANGED}"].findall(".//{http://purl.org/dc/elements/1.1/}title")
    assert NEW_TITLE in [t.text for t in titles]


def test_a_harvest_from_the_second_build_gets_what_it_changed(server, oai_schema, rebuilt_demo):
    pages = harvest_pages(server, oai_schema, verb="ListIdentifiers", metadataPrefix="oai_dc",
                          **{"from": rebuilt_demo.second_at})
    found = headers(pages)
    assert sorted(found) == sorted([f"{HOST}erfgoedobject/{CHANGED}", f"{HOST}erfgoedobject/{DELETED}",
                                    f"{HOST}productie/{DELETED}"])
    assert {i for i, h in found.items() if h.get("status") == "deleted"} == {
        f"{HOST}erfgoedobject/{DELETED}", f"{HOST}productie/{DELETED}"}
    day = rebuilt_demo.second_at[:10]
    until = httpx.get(server, params={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "until": day,
                                      "set": "source:personen"})
    assert len(valid(oai_schema, until.content).findall(f".//{OAI}header")) == 40


def test_edm_records_meet_the_edm_shape(server, oai_schema, edm_shapes):
    pages = harvest_pages(server, oai_schema, verb="ListRecords", metadataPrefix="edm", set="source:objecten")
    graph = Graph()
    count = 0
    for page in pages:
        for metadata in page.iter(f"{OAI}metadata"):
            graph.parse(data=etree.tostring(metadata[0]), format="xml")
            count += 1
    assert count == 149
    conforms, _, text = pyshacl.validate(graph, shacl_graph=edm_shapes, inference="none")
    assert conforms, text[:3000]
    assert len(set(graph.subjects(URIRef(EDM.aggregatedCHO), None))) == 149
    # the shape does catch a record that lacks what Europeana requires
    aggregation = next(graph.subjects(URIRef(EDM.aggregatedCHO), None))
    graph.remove((aggregation, URIRef(EDM.rights), None))
    graph.add((aggregation, URIRef(EDM.rights), Literal("vrij")))
    assert not pyshacl.validate(graph, shacl_graph=edm_shapes, inference="none")[0]


def test_lido_records_name_the_object(server, oai_schema):
    answer = httpx.get(server, params={"verb": "GetRecord", "metadataPrefix": "lido",
                                       "identifier": f"{HOST}erfgoedobject/{CHANGED}"})
    lido = "{http://www.lido-schema.org}"
    record = valid(oai_schema, answer.content).find(f".//{lido}lido")
    assert record.findtext(f".//{lido}titleSet/{lido}appellationValue") == NEW_TITLE
    assert record.findtext(f".//{lido}workID") == CHANGED


@pytest.mark.parametrize("arguments, code", [
    ({"verb": "Harvest"}, "badVerb"),
    ({}, "badVerb"),
    ({"verb": "GetRecord", "identifier": f"{HOST}erfgoedobject/{CHANGED}"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "colour": "red"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-13-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-01", "until": "2026-01-01T00:00:00Z"},
     "badArgument"),
    ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
    ({"verb": "ListRecords", "resumptionToken": "eA", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "metadataPrefix": "edm", "identifier": f"{HOST}persoon/PER0001"},
     "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": f"{HOST}persoon/NIEMAND"}, "idDoesNotExist"),
    ({"verb": "ListMetadataFormats", "identifier": "oai:elders:x/y"}, "idDoesNotExist"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "source:onbekend"}, "noRecordsMatch"),
    ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
])
def test_errors_are_the_protocols_own(server, oai_schema, arguments, code):
    answer = httpx.get(server, params=arguments)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/xml")
    document = valid(oai_schema, answer.content)
    assert [e.get("code") for e in document.findall(f"{OAI}error")] == [code], answer.text
    request = document.find(f"{OAI}request")
    assert (request.attrib == {}) == (code in ("badVerb", "badArgument"))


def test_repeated_arguments_and_post(server, oai_schema):
    repeated = httpx.get(f"{server}?verb=Identify&verb=Identify")
    assert valid(oai_schema, repeated.content).find(f"{OAI}error").get("code") in ("badVerb", "badArgument")
    posted = httpx.post(server, data={"verb": "Identify"})
    identify = valid(oai_schema, posted.content).find(f"{OAI}Identify")
    assert identify.findtext(f"{OAI}deletedRecord") == "persistent"
    assert identify.findtext(f"{OAI}adminEmail") == "info@example.org"
    formats = valid(oai_schema, httpx.get(server, params={
        "verb": "ListMetadataFormats", "identifier": f"{HOST}erfgoedobject/{CHANGED}"}).content)
    assert [f.text for f in formats.iter(f"{OAI}metadataPrefix")] == ["oai_dc", "edm", "lido"]
    sets = valid(oai_schema, httpx.get(server, params={"verb": "ListSets"}).content)
    specs = [s.text for s in sets.iter(f"{OAI}setSpec")]
    assert {"source:objecten", "source:personen", "kind:erfgoedobject", "kind:persoon"} <= set(specs)


def test_the_home_page_opens_both_doors(server):
    home = httpx.get(server.removesuffix("/oai") + "/")
    assert 'href="/ldes/objecten"' in home.text and 'href="/oai?verb=Identify"' in home.text


def test_lido_records_read_back_with_the_lido_format(server, oai_schema, tmp_path):
    """What the provider writes as LIDO, the project's own LIDO reader (format = "lido") reads:
    every object, with its title, number and keeper."""
    pages = harvest_pages(server, oai_schema, verb="ListRecords", metadataPrefix="lido", set="source:objecten")
    inputs = []
    for number, page in enumerate(pages):
        inputs.append(tmp_path / f"page-{number}.xml")
        inputs[-1].write_bytes(etree.tostring(page))
    (tmp_path / "project").mkdir()
    graph, _ = build_kind(tmp_path / "project", "lido", inputs, shapes=False)
    titles = {str(o) for o in graph.objects(None, URIRef(CRM.P102_has_title))}
    assert len(set(graph.subjects(URIRef(RDF.type), URIRef(CRM["E22_Human-Made_Object"])))) == 149
    assert NEW_TITLE in titles and "Kandelaar" not in titles
    assert str(Literal(CHANGED)) in {str(o) for o in graph.objects(None, URIRef(SKOS.notation))}
    keepers = {o for o in graph.objects(None, URIRef(CRM.P50_has_current_keeper))}
    assert "Design Museum Gent" in {str(name) for keeper in keepers for name in graph.objects(keeper, None)}
