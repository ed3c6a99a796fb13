"""The Dublin Core kind (src/cultuurgraaf/kinds/oai-dc.yml) on OAI-PMH answers and oai_dc files
written for these tests (tests/data/oai-dc), built into a temporary store and checked record by
record against what the record says."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

from support.projects import build_kind

DATA = Path(__file__).parent / "data" / "oai-dc"
BASE = "https://data.cultuurgraaf.be/"
DCT = Namespace("http://purl.org/dc/terms/")
DCMITYPE = Namespace("http://purl.org/dc/dcmitype/")
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
EDTF = "http://id.loc.gov/datatypes/edtf/EDTF"
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
PAINTING = URIRef(BASE + "id/bron/oai%3Acollectie.erfgoed.example.be%3Aobj-1042")
PORTRAIT = URIRef(BASE + "id/bron/oai%3Acollectie.erfgoed.example.be%3Aobj-0007")
REPORT = URIRef(BASE + "id/bron/https%3A%2F%2Fbib.erfgoed.example.be%2Fhandle%2F20.500.1%2F88")


def actor(slug: str) -> URIRef:
    return URIRef(f"{BASE}id/actor/oai-{slug}")


def concept(slug: str) -> URIRef:
    return URIRef(f"{BASE}id/concept/oai-{slug}")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_kind(tmp_path_factory.mktemp("oai-dc"), "oai-dc", [DATA / "listrecords.xml", DATA / "records.xml"])


def test_every_record_is_a_resource_of_its_oai_identifier_or_first_dc_identifier(built):
    graph, _ = built
    assert set(graph.subjects(RDF.type, CRM.E1_CRM_Entity)) == {PAINTING, PORTRAIT, REPORT}


def test_the_painting_record(built):
    graph, _ = built
    assert set(graph.objects(PAINTING, RDF.type)) == {CRM.E1_CRM_Entity, DCMITYPE.Image}
    assert set(graph.objects(PAINTING, DCT.title)) == {Literal("Gezicht op de Schelde bij Antwerpen", lang="nl"),
                                                       Literal("View of the Scheldt near Antwerp", lang="en")}
    assert set(graph.objects(PAINTING, DCT.description)) == {
        Literal("Zicht op de Scheldekaaien bij avond, met zeilschepen voor anker.", lang="nl")}
    assert set(graph.objects(PAINTING, DCT.creator)) == {actor("boudewijns-anna")}
    assert set(graph.objects(PAINTING, DCT.publisher)) == {actor("erfgoedbank-schelde")}
    assert set(graph.objects(PAINTING, DCT.subject)) == {
        concept("onderwerp-rivierlandschap"), concept("onderwerp-havens"), URIRef("http://vocab.getty.edu/aat/300008707")}
    assert set(graph.objects(PAINTING, DCT.type)) == {DCMITYPE.Image, concept("type-schilderij")}
    assert set(graph.objects(PAINTING, DCT.date)) == {Literal("1890~", datatype=URIRef(EDTF))}
    assert set(graph.objects(PAINTING, DCT.identifier)) == {
        Literal("https://collectie.erfgoed.example.be/objecten/obj-1042"), Literal("inv. 1987.0311")}
    assert set(graph.objects(PAINTING, FOAF.page)) == {URIRef("https://collectie.erfgoed.example.be/objecten/obj-1042")}
    assert set(graph.objects(PAINTING, DCT.rights)) == {Literal("CC BY-SA 4.0")}
    assert set(graph.objects(PAINTING, DCT.license)) == {URIRef("https://creativecommons.org/licenses/by-sa/4.0/")}
    assert (str(graph.value(PAINTING, DCT["format"])), str(graph.value(PAINTING, DCT.language))) == (
        "olieverf op doek; 64 x 92 cm", "zxx")


def test_the_portrait_record(built):
    graph, _ = built
    assert set(graph.objects(PORTRAIT, RDF.type)) == {CRM.E1_CRM_Entity, DCMITYPE.StillImage}
    assert set(graph.objects(PORTRAIT, DCT.title)) == {Literal("Portret van een schipper")}
    assert set(graph.objects(PORTRAIT, DCT.creator)) == {actor("boudewijns-anna"), actor("onbekende-meester")}
    assert set(graph.objects(PORTRAIT, DCT.contributor)) == {actor("verstraete-joris-restaurateur")}
    # two dates: one read; the other cg:edtf cannot read, so it is left out and listed with its row
    assert set(graph.objects(PORTRAIT, DCT.date)) == {Literal("1642", datatype=GYEAR)}
    assert set(graph.objects(PORTRAIT, DCT.license)) == {URIRef("https://creativecommons.org/publicdomain/zero/1.0/")}
    assert len(set(graph.objects(PORTRAIT, DCT.rights))) == 2
    assert (str(graph.value(PORTRAIT, DCT.relation)), str(graph.value(PORTRAIT, DCT.coverage)),
            str(graph.value(PORTRAIT, DCT.source))) == (
        "https://collectie.erfgoed.example.be/objecten/obj-1042", "Antwerpen", "Inventaris 1911, nr. 7")


def test_a_record_outside_oai_pmh_is_named_by_its_first_identifier(built):
    graph, _ = built
    assert set(graph.objects(REPORT, RDF.type)) == {CRM.E1_CRM_Entity, DCMITYPE.Text}
    assert set(graph.objects(REPORT, DCT.type)) == {DCMITYPE.Text, URIRef("http://vocab.getty.edu/aat/300027267")}
    assert set(graph.objects(REPORT, DCT.creator)) == {actor("stad-antwerpen-dienst-der-havenwerken")}
    assert set(graph.objects(REPORT, DCT.date)) == {Literal("1886", datatype=GYEAR)}
    assert set(graph.objects(REPORT, DCT.license)) == {URIRef("https://creativecommons.org/publicdomain/mark/1.0/")}


def test_agents_and_concepts_are_labelled_and_keep_the_language_they_are_given(built):
    graph, _ = built
    assert (actor("boudewijns-anna"), RDF.type, DCT.Agent) in graph
    assert str(graph.value(actor("boudewijns-anna"), RDFS.label)) == "Boudewijns, Anna"
    assert set(graph.objects(concept("onderwerp-havens"), SKOS.prefLabel)) == {Literal("havens", lang="nl")}
    assert set(graph.objects(concept("onderwerp-harbours"), SKOS.prefLabel)) == {Literal("harbours", lang="en")}
    assert list(graph.objects(concept("onderwerp-rivierlandschap"), SKOS.prefLabel)) == []    # no xml:lang
    assert str(graph.value(concept("onderwerp-rivierlandschap"), RDFS.label)) == "rivierlandschap"


def test_the_deleted_record_and_the_record_without_identifier_are_not_in_the_graph(built):
    graph, result = built
    assert not any("obj-0913" in str(s) for s in graph.subjects())
    assert not any(o == Literal("Zonder identificator") for o in graph.objects())
    stats = result.outcomes[0].stats
    assert stats.no_subject["bron"] == 1


def test_the_validation_reports_what_the_records_lack(built):
    _, result = built
    report = result.report
    assert report.counts() == {"Violation": 0, "Warning": 2, "Info": 0}, report.to_text()
    assert "The concept has no name" in report.to_text()
    unread = result.outcomes[0].stats.unreadable_rows["datum: dct:date (cg:edtf)"]
    assert [(r.value, r.reason) for r in unread] == [("herfst 1642", "not a date it recognises")]
