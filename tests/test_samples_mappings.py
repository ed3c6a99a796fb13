"""The real exports in ../shared/samples go through their mappings, quirks and all.

Each test states one thing a mapping must do with the real data: keep the latest version of an
LDES object, read misspelt LIDO, turn the event database's times into the times its own calendar
summary shows, pivot the one-row-per-attribute venues file, and leave placeholders out.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from rdflib import Graph

from cultuurgraaf.mapping import execute, load_mapping
from support.samples import BASE, FLAGEY_VENUE, ROOT, built_samples
from support.paths import shared_or_skip


@pytest.fixture(scope="module")
def samples():
    shared_or_skip("samples", "README.md")
    return built_samples()


def kind_count(samples, klass: str, prefix: str) -> int:
    rows = samples.rows(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a {klass} "
                        f"FILTER(STRSTARTS(STR(?s), '{BASE}/id/{prefix}')) }}")
    return int(rows[0]["n"])


# --- the museum's event stream (OSLO JSON-LD, one line per version) -------------------------------

def test_the_event_stream_gives_each_object_once_though_it_has_450_versions_of_98(samples):
    assert kind_count(samples, "crm:E22_Human-Made_Object", "erfgoedobject/coghent-") == 98
    doubled = samples.rows("SELECT ?o WHERE { ?o a crm:E22_Human-Made_Object ; crm:P102_has_title ?a , ?b "
                           "FILTER(?a != ?b && STRSTARTS(STR(?o), 'https://data.cultuurgraaf.be/id/erfgoedobject/coghent-')) }")
    assert doubled == []


def test_the_build_reports_the_versions_it_skipped(samples):
    coghent = next(o for o in samples.result.outcomes if o.name == "coghent")
    skipped = {note: n for note, n in coghent.stats.notes.items() if "older versions skipped" in note}
    assert skipped, coghent.stats.notes
    assert set(skipped.values()) == {352}, skipped                    # 450 lines - 98 objects


def test_stream_objects_keep_the_stable_iri_not_a_version_iri(samples):
    row = samples.rows(f"SELECT ?same WHERE {{ <{BASE}/id/erfgoedobject/coghent-530029181> owl:sameAs ?same }}")
    assert [r["same"] for r in row] == ["https://stad.gent/id/mensgemaaktobject/dmg/530029181"]
    assert not samples.ask("ASK { ?s ?p ?o FILTER(isIRI(?o) && CONTAINS(STR(?o), '/530029181/2021-')) }")


def test_stream_object_has_its_title_maker_date_place_type_and_keeper(samples):
    obj = f"<{BASE}/id/erfgoedobject/coghent-530029181>"
    rows = samples.rows(f"SELECT ?title ?maker ?date ?place ?type ?keeper WHERE {{ {obj} crm:P102_has_title ?title ; "
                        f"crm:P2_has_type ?type ; crm:P50_has_current_keeper ?keeper ; crm:P108i_was_produced_by ?p . "
                        f"?p crm:P14_carried_out_by ?m ; crm:P4_has_time-span ?date ; crm:P7_took_place_at ?place . "
                        f"?m rdfs:label ?maker }}")
    assert rows == [{"title": "77I", "maker": "Nova", "date": "1972~", "place": "http://vocab.getty.edu/page/tgn/7008015",
                     "type": "https://stad.gent/id/concept/530009144", "keeper": f"{BASE}/id/organisatie/coghent-Q1809071"}]


def test_the_empty_place_of_the_stream_is_left_out(samples):
    assert not samples.ask("ASK { ?s ?p <https://stad.gent/id/concept/> }")


# --- LIDO -------------------------------------------------------------------------------------------

def test_lido_gives_all_160_records_with_their_object_numbers(samples):
    assert kind_count(samples, "crm:E22_Human-Made_Object", "erfgoedobject/lido-") == 160
    rows = samples.rows(f"SELECT ?n ?agency WHERE {{ <{BASE}/id/erfgoedobject/lido-530000092> adms:identifier ?i . "
                        "?i skos:notation ?n ; adms:schemaAgency ?agency }")
    assert sorted((r["n"], r["agency"]) for r in rows) == [("1998-0007_4-4", "Design Museum Gent"),
                                                           ("530000092", "Adlib Design Museum Gent")]


def test_lido_misspelt_measurements_become_dimensions_with_trimmed_values(samples):
    rows = samples.rows(f"SELECT ?type ?value ?unit WHERE {{ <{BASE}/id/erfgoedobject/lido-530000092> "
                        "crm:P43_has_dimension ?d . ?d crm:P2_has_type/skos:prefLabel ?type ; crm:P90_has_value ?value ; "
                        "crm:P91_has_unit ?unit }")
    assert sorted((r["type"], r["value"], r["unit"]) for r in rows) == [
        ("breedte", "5.1", "cm"), ("diepte", "2.8", "cm"), ("hoogte", "21.3", "cm")]


def test_lido_display_dates_become_edtf(samples):
    dates = {r["date"] for r in samples.rows("SELECT ?date WHERE { ?p a crm:E12_Production ; crm:P4_has_time-span ?date "
                                             f"FILTER(STRSTARTS(STR(?p), '{BASE}/id/productie/lido-')) }}")}
    assert {"1897~/1900~", "1925", "1925/", "1895~/1939?"} <= dates
    assert not any(";" in d or "(" in d or "\n" in d for d in dates), sorted(dates)


def test_lido_objects_without_a_title_get_none_rather_than_an_empty_one(samples):
    assert not samples.ask(f"ASK {{ ?o crm:P102_has_title ?t FILTER(STRSTARTS(STR(?o), '{BASE}/id/erfgoedobject/lido-')) }}")


def test_a_single_lido_record_with_aat_types_and_authority_ids():
    mapping = load_mapping(ROOT / "mappings" / "lido" / "objecten.yml")
    run = execute(mapping, base_iri=BASE + "/", inputs={"wolfers_lido.xml": ROOT / "tests/data/lido/een-record.xml"})
    triples = {(str(s), str(p), str(o)) for s, p, o in Graph().parse(data="".join(run.quads()), format="nt")}
    obj, actor = f"{BASE}/id/erfgoedobject/lido-990000001", f"{BASE}/id/actor/lido-990000500"
    crm, owl = "http://www.cidoc-crm.org/cidoc-crm/", "http://www.w3.org/2002/07/owl#sameAs"
    assert {(obj, crm + "P2_has_type", "http://vocab.getty.edu/aat/300039215"),
            (obj, crm + "P2_has_type", "http://vocab.getty.edu/aat/300041375"),
            (obj, crm + "P2_has_type", "https://stad.gent/id/concept/990000077"),
            (obj, crm + "P102_has_title", "Theepot met ebbenhouten handvat"),
            (actor, owl, "http://viaf.org/viaf/24606226"),
            (actor, owl, "https://rkd.nl/explore/artists/80330"),
            (actor, owl, "http://www.wikidata.org/entity/Q312560"),
            (actor, owl, "https://stad.gent/id/entiteit/990000500"),
            (f"{BASE}/id/productie/lido-990000001", crm + "P4_has_time-span", "1905~")} <= triples
    assert ("http://vocab.getty.edu/aat/300039215", "http://www.w3.org/2004/02/skos/core#prefLabel", "theepot") in triples


# --- the event database -----------------------------------------------------------------------------

def sample_events() -> list[dict]:
    data = json.loads(shared_or_skip("samples", "uitdatabank-flagey", "flagey_events.json").read_text(encoding="utf-8"))
    return [item["event"] for item in data["rootObject"] if "event" in item]


def test_every_sample_event_has_one_date_as_the_mapping_assumes():
    assert {len(e["calendar"]["timestamps"]["timestamp"]) for e in sample_events()} == {1}


def test_event_times_match_the_calendar_summary_of_every_event(samples):
    starts = {r["id"]: (r["start"], r["end"]) for r in samples.rows(
        "SELECT ?id ?start ?end WHERE { ?a a crm:E7_Activity ; adms:identifier/skos:notation ?id ; "
        "crm:P4_has_time-span [ m8g:startTime ?start ; m8g:endTime ?end ] }")}
    events = sample_events()
    assert len(starts) == len(events) == 50
    for event in events:
        summary = event["eventdetails"]["eventdetail"][0]["calendarsummary"]     # "zo 11/09/16 van 20:15 tot 24:00 "
        day, start_time, end_time = re.search(r"(\d\d/\d\d/\d\d) van (\d\d:\d\d) tot (\d\d:\d\d)", summary).groups()
        start, end = (datetime.fromisoformat(t) for t in starts[event["cdbid"]])
        assert (start.strftime("%d/%m/%y"), start.strftime("%H:%M")) == (day, start_time), summary
        assert end_time == "24:00" and (end - start).days == 0 and end.strftime("%H:%M") == "00:00", summary
        assert start.utcoffset().total_seconds() in (3600, 7200)               # Brussels, winter or summer


def test_event_descriptions_are_text_without_html(samples):
    rows = samples.rows("SELECT ?d WHERE { ?a a crm:E7_Activity ; dct:description ?d }")
    assert len(rows) == 50
    assert not [r["d"] for r in rows if re.search(r"<\s*/?\s*[a-z]+[^>]*>|&nbsp;|\u00a0", r["d"])]


def test_event_titles_prices_and_categories(samples):
    rows = samples.rows("SELECT ?title ?price ?type ?label WHERE { ?a adms:identifier/skos:notation "
                        "'a17eb13b-d5fa-4212-a0af-bea77abe27bd' ; dct:title ?title ; "
                        "cp:Activiteit.prijs/schema:price ?price ; dct:type ?type . ?type a skos:Concept ; "
                        "skos:prefLabel ?label }")
    assert rows == [{"title": "Kel Assouf", "price": "10", "type": f"{BASE}/id/concept/uit-0.50.4.0.0",
                     "label": "Concert"}]


def test_all_events_share_one_venue_and_one_organiser(samples):
    rows = samples.rows("SELECT (COUNT(DISTINCT ?place) AS ?places) (COUNT(DISTINCT ?org) AS ?orgs) WHERE { "
                        "?a a crm:E7_Activity ; prov:atLocation ?place ; crm:P14_carried_out_by ?org }")
    assert rows == [{"places": "1", "orgs": "1"}]


# --- the performing-arts organisations and venues ----------------------------------------------------

def test_an_organisation_on_several_rows_is_one_organisation_with_all_its_relations(samples):
    rosas = f"<{BASE}/id/organisatie/kunstenpunt-360756>"
    assert [r["name"] for r in samples.rows(f"SELECT ?name WHERE {{ {rosas} skos:prefLabel ?name }}")] == ["Rosas"]
    partners = {r["name"] for r in samples.rows(f"SELECT ?name WHERE {{ {rosas} org:linkedTo/skos:prefLabel ?name }}")}
    assert partners == {"De Munt/La Monnaie", "P.A.R.T.S.", "Kaaitheater"}
    assert kind_count(samples, "org:Organization", "organisatie/kunstenpunt-") == 4451


def test_same_name_different_id_stays_two_organisations(samples):
    rows = samples.rows("SELECT ?o WHERE { ?o skos:prefLabel 'De Verbeelding'@nl }")
    assert sorted(r["o"] for r in rows) == [f"{BASE}/id/organisatie/kunstenpunt-361873",
                                            f"{BASE}/id/organisatie/kunstenpunt-365518"]


def test_placeholders_are_no_values(samples):
    for placeholder in ("0001-01-01", "None", "0", "Onbekend"):
        assert not samples.ask(f"ASK {{ GRAPH ?g {{ ?s ?p '{placeholder}' }} FILTER(CONTAINS(STR(?g), 'kunstenpunt')) }}"), placeholder
    assert not samples.ask(f"ASK {{ ?s schema:foundingDate ?d FILTER(STR(?d) = '0001-01-01') }}")


def test_websites_without_a_scheme_become_addresses(samples):
    homepages = {r["h"] for r in samples.rows("SELECT ?h WHERE { ?o foaf:homepage ?h }")}
    assert "http://www.pianofabriek.be" in homepages
    assert {"http://www.artesis.be", "http://www.conservatorium.be"} <= homepages


def test_the_long_venues_file_is_pivoted_into_one_venue_per_id(samples):
    assert kind_count(samples, "prov:Location", "locatie/kunstenpunt-") == 2231
    rows = samples.rows(f"SELECT ?name ?postcode ?city ?country WHERE {{ <{FLAGEY_VENUE}> rdfs:label ?name ; "
                        "locn:address [ locn:postCode ?postcode ; locn:postName ?city ; locn:adminUnitL1 ?country ] }")
    assert rows == [{"name": "Flageygebouw", "postcode": "1050", "city": "Elsene", "country": "België"}]
    assert not samples.ask(f"ASK {{ <{FLAGEY_VENUE}> locn:address/locn:thoroughfare ?street }}")   # "None" in the file
