"""The OSLO event stream kind (src/cultuurgraaf/kinds/oslo-ldes.yml) on the Ghent museums' stream.

../shared/samples/coghent-ldes/dmg_objects.ndjson holds 450 members: versions of 98 objects of
Design Museum Gent. The sample is built into a temporary store, and each object is checked
against its latest member read as plain JSON (not as JSON-LD): the kind must keep exactly those
members, read as the objects themselves, with the members' own terms.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

from cultuurgraaf.errors import SourceError
from cultuurgraaf.mapping import execute, load_mapping
from support.paths import shared_or_skip
from support.projects import KINDS, build_kind, kind_project

KIND = KINDS / "oslo-ldes.yml"
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
EDTF = URIRef("http://id.loc.gov/datatypes/edtf/EDTF")
CONTEXT = ["https://data.vlaanderen.be/doc/applicatieprofiel/cultureel-erfgoed-object/kandidaatstandaard/2020-07-17/"
           "context/cultureel-erfgoed-object-ap.jsonld"]


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def sample():
    return shared_or_skip("samples", "coghent-ldes", "dmg_objects.ndjson")


@pytest.fixture(scope="module")
def latest(sample):
    """Per object, its latest member, read as plain JSON."""
    members = defaultdict(list)
    for line in sample.read_text(encoding="utf-8").splitlines():
        member = json.loads(line)
        members[member["http://purl.org/dc/terms/isVersionOf"]["@id"]].append(member)
    return {entity: max(versions, key=lambda m: when(m["prov:generatedAtTime"])) for entity, versions in members.items()}


@pytest.fixture(scope="module")
def stream(sample, tmp_path_factory):
    return build_kind(tmp_path_factory.mktemp("oslo-ldes"), "oslo-ldes", [sample], shapes=False)


def test_the_450_members_are_98_objects(latest):
    assert len(latest) == 98


def test_each_object_is_its_latest_member_read_as_the_object(stream, latest):
    graph, _ = stream
    objects = set(graph.subjects(RDF.type, CRM["E22_Man-Made_Object"]))
    assert objects == {URIRef(entity) for entity in latest}
    for entity, member in latest.items():
        subject = URIRef(entity)
        assert [str(t) for t in graph.objects(subject, PROV.generatedAtTime)] == [member["prov:generatedAtTime"]]
        title = member["http://www.cidoc-crm.org/cidoc-crm/P102_has_title"]
        assert set(graph.objects(subject, CRM.P102_has_title)) == {Literal(title["@value"], lang=title["@language"])}
        note = member.get("http://www.cidoc-crm.org/cidoc-crm/P3_has_note")
        assert set(graph.objects(subject, CRM.P3_has_note)) == (
            {Literal(note["@value"], lang=note["@language"])} if note else set())
        # the version's own IRI is no subject: only the page of the version points at it
        assert (URIRef(member["@id"]), None, None) not in graph
        assert set(graph.subjects(None, URIRef(member["@id"]))) == {subject}


def test_the_version_statement_is_left_out(stream):
    graph, _ = stream
    assert not list(graph.triples((None, DCT.isVersionOf, None)))


def test_an_object_with_the_members_own_terms(stream):
    """The first member of the sample, the latest of its object: a massage device by Nova."""
    graph, _ = stream
    thing = URIRef("https://stad.gent/id/mensgemaaktobject/dmg/530029181")
    assert graph.value(thing, CRM.P50_has_current_keeper) == URIRef("http://www.wikidata.org/entity/Q1809071")
    production = graph.value(thing, CRM.P108i_was_produced_by)
    assert (production, RDF.type, CRM.E12_Production) in graph
    assert graph.value(production, CRM.P108_has_produced) == thing
    assert graph.value(production, CRM["P4_has_time-span"]) == Literal("1972~", datatype=EDTF)
    maker = URIRef("https://stad.gent/id/entiteit/530001198")
    assert graph.value(production, CRM.P14_carried_out_by) == maker
    assert graph.value(maker, RDFS.label) == Literal("Nova", lang="nl")
    place = URIRef("http://vocab.getty.edu/page/tgn/7008015")
    assert graph.value(production, CRM.P7_took_place_at) == place
    # "skos:prefLabel": a prefix no context of the member defines, read as SKOS and counted
    assert graph.value(place, SKOS.prefLabel) == Literal("Tongeren", lang="nl")
    material = URIRef("http://vocab.getty.edu/aat/300014570")
    assert graph.value(thing, CRM.P45_consists_of) == material
    assert graph.value(material, SKOS.prefLabel) == Literal("kunststof", lang="nl")
    assert graph.value(thing, FOAF.page) == URIRef(
        "https://stad.gent/id/mensgemaaktobject/dmg/530029181/2021-06-30T21:46:31.490Z")


def test_the_build_counts_the_skipped_versions_and_the_prefixes_it_read(stream):
    _, result = stream
    notes = result.outcomes[0].stats.notes
    assert notes["dmg_objects.ndjson: older versions skipped (the latest of 98 entities kept, by "
                 "http://www.w3.org/ns/prov#generatedAtTime)"] == 450 - 98
    assert any("prefix 'skos:'" in note for note in notes)
    assert not any("no context defines" in note for note in notes)


def test_periods_the_context_types_as_date_times_but_that_are_dates_are_kept_and_counted(stream, latest):
    """The 2020 context coerces Periode.begin and Periode.einde to xsd:dateTime; the stream writes
    days and years (2016-08-16, 2017) there."""
    _, result = stream
    written = [period[key] for member in latest.values() for acquisition in member["MaterieelDing.isOvergedragenBijVerwerving"]
               for period in [acquisition.get("Conditie.periode", {})] for key in ("Periode.begin", "Periode.einde")
               if key in period]
    assert written and not any("T" in value for value in written)
    notes = result.outcomes[0].stats.notes
    counted = [count for note, count in notes.items() if "literals whose text is no http://www.w3.org/2001/XMLSchema#dateTime" in note]
    assert counted == [len(written)]


def test_a_build_of_the_stream_prints_no_traceback_for_its_ill_typed_dates(sample, tmp_path):
    """Run as a person runs it (a process of its own: pytest would catch the log records)."""
    folder = kind_project(tmp_path, "oslo-ldes", [sample])
    run = subprocess.run([sys.executable, "-c", "from cultuurgraaf.cli import main; main()", "build", str(folder)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "Failed to convert" not in run.stderr
    assert "entities held back" in run.stderr


# --- what the kind refuses or counts ------------------------------------------------------------

def run(path: Path):
    mapping = execute(load_mapping(KIND), base_iri="https://data.cultuurgraaf.be/", inputs={"": path})
    return "".join(mapping.quads()), mapping.stats


def test_a_context_cultuurgraaf_does_not_have_is_never_fetched_but_named(tmp_path):
    members = tmp_path / "leden.ndjson"
    members.write_text(json.dumps({"@context": CONTEXT, "@id": "https://ex.be/1", "@type": "MensgemaaktObject"}) + "\n"
                       + json.dumps({"@context": "https://ex.be/context.jsonld", "@id": "https://ex.be/2"}) + "\n",
                       encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        run(members)
    assert caught.value.exit_code == 3
    assert "line 2" in str(caught.value) and "https://ex.be/context.jsonld" in str(caught.value)


def test_keys_no_context_defines_are_counted_not_lost_silently(tmp_path):
    members = tmp_path / "leden.json"
    members.write_text(json.dumps([
        {"@context": CONTEXT, "@id": "https://ex.be/1", "@type": "MensgemaaktObject",
         "MensgemaaktObject.titel": {"@value": "Theepot", "@language": "nl"}, "MensgemaaktObject.gewicht": "2 kg"},
    ]), encoding="utf-8")
    quads, stats = run(members)
    assert '<https://ex.be/1> <http://www.cidoc-crm.org/cidoc-crm/P102_has_title> "Theepot"@nl' in quads
    assert "2 kg" not in quads
    assert stats.notes["leden.json: keys no context defines, not read (such as 'MensgemaaktObject.gewicht')"] == 1


def test_a_document_without_versions_is_read_as_it_is(tmp_path):
    member = tmp_path / "object.jsonld"
    member.write_text(json.dumps({"@context": CONTEXT, "@id": "https://ex.be/1", "@type": "MensgemaaktObject",
                                  "MensgemaaktObject.materiaal": {"@id": "http://vocab.getty.edu/aat/300011029"}}),
                      encoding="utf-8")
    quads, _ = run(member)
    assert sorted(quads.splitlines()) == [
        "<https://ex.be/1> <http://www.cidoc-crm.org/cidoc-crm/P45_consists_of> <http://vocab.getty.edu/aat/300011029> .",
        "<https://ex.be/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<http://www.cidoc-crm.org/cidoc-crm/E22_Man-Made_Object> ."]


def test_two_files_of_members_keep_their_blank_nodes_apart(tmp_path):
    """The documents of two input files were labelled alike (d0-b0), and their blank nodes merged."""
    member = {"@id": "https://ex.be/o/{n}", "http://purl.org/dc/terms/title": "o{n}",
              "http://www.cidoc-crm.org/cidoc-crm/P43_has_dimension": {"https://schema.org/unitText": "cm{n}"}}
    files = []
    for n in (1, 2):
        files.append(tmp_path / f"page{n}.ndjson")
        files[-1].write_text(json.dumps(member).replace("{n}", str(n)) + "\n", encoding="utf-8")
    graph, _ = build_kind(tmp_path, "oslo-ldes", files, shapes=False)
    dimensions = {o for o in graph.objects() if isinstance(o, BNode)}
    assert len(dimensions) == 2
    assert all(len(list(graph.predicate_objects(d))) == 1 for d in dimensions)
