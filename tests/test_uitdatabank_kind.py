"""The UiTdatabank kind (src/cultuurgraaf/kinds/uitdatabank.yml) against publiq's own OSLO projection.

Every scenario of ../shared/conformance/uitdatabank-oslo is mapped and compared with the Turtle
publiq's backend projects, as a model (tests/uitdatabank_oslo.py says how, and lists each
deliberate difference with its reason); a scenario that does not match is a strict xfail with
its reason, so one that starts matching is noticed. Then the kind on what the fixtures do not
show: calendars with several occurrences, a search API page with embedded places and
organisers, and the real Flagey export (search API v2), built and validated as a project.

``python tests/test_uitdatabank_kind.py`` prints the conformance table; so does
``pytest tests/test_uitdatabank_kind.py -k report -s``.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import build
from support.paths import shared_or_skip
from support import uitdatabank_oslo as oslo

SCENARIOS = oslo.scenarios() if oslo.SUITE.is_dir() else []
CRM, CP, M8G = oslo.CRM, oslo.CP, "http://data.europa.eu/m8g/"
SCHEMA, LOCN, GEO = oslo.SCHEMA, oslo.LOCN, oslo.GEO
PROV_AT = URIRef("http://www.w3.org/ns/prov#atLocation")
EVENT = URIRef(oslo.BASE + "id/activiteit/0ac5de4c-9d1f-4e4e-a3a8-3d2e1e2b0a01")
PLACE = URIRef(oslo.BASE + "id/locatie/uit-3c2b1a09-8f7e-4d6c-b5a4-938271605f4e")
ORGANISER = URIRef(oslo.BASE + "id/organisatie/uit-5d4c3b2a-1f0e-4d9c-8b7a-695847362514")


def u(prefix: str, local: str) -> URIRef:
    return URIRef(prefix + local)


@pytest.fixture(scope="module")
def suite():
    shared_or_skip("conformance", "uitdatabank-oslo", "README.md")


# --- publiq's scenarios -------------------------------------------------------------------------

def test_the_three_feature_files_hold_27_scenarios(suite):
    assert len(SCENARIOS) == 27
    assert {s.feature for s in SCENARIOS} == {"event", "place", "organizer"}


def _marks(scenario):
    reason = oslo.NOT_MATCHED.get(scenario.id)
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


@pytest.mark.parametrize("scenario", [pytest.param(s, id=s.id, marks=_marks(s)) for s in SCENARIOS])
def test_scenario_gives_publiqs_model(suite, scenario):
    outcome = oslo.run(scenario)
    assert outcome.matched, (f"{scenario.turtle}, with the differences {outcome.applied} applied:\n"
                             f"{outcome.diff}")


def test_conformance_report(suite):
    """The table the brief asks for: scenarios matched / 27, and each difference with where it applied."""
    outcomes = [oslo.run(s) for s in SCENARIOS]
    print("\n" + oslo.report(outcomes))
    assert sum(o.matched for o in outcomes) == len(SCENARIOS) - len(oslo.NOT_MATCHED) == 26
    assert set(oslo.NOT_MATCHED) <= {s.id for s in SCENARIOS}
    used = {key for o in outcomes for key in o.applied}
    # geometry-wkt shows only on documents with coordinates, which no fixture has (see the test below)
    assert {d.key for d in oslo.DIFFERENCES} - used == {"geometry-wkt"}


def test_every_difference_is_documented_in_the_mapping_docs():
    docs = (oslo.ROOT / "docs" / "mapping.md").read_text(encoding="utf-8")
    assert [d.key for d in oslo.DIFFERENCES if f"`{d.key}`" not in docs] == []


# --- what the fixtures do not show ------------------------------------------------------------------

def search_page(*members: dict) -> dict:
    """A search API v3 answer, as https://search.uitdatabank.be/events/?embed=true gives it."""
    return {"@context": "http://www.w3.org/ns/hydra/context.jsonld", "@type": "PagedCollection",
            "itemsPerPage": 30, "totalItems": len(members), "member": list(members)}


FLAGEY = {
    "@id": "https://io.uitdatabank.be/place/3c2b1a09-8f7e-4d6c-b5a4-938271605f4e", "@type": "Place",
    "mainLanguage": "nl", "name": {"nl": "Flagey", "fr": "Flagey"},
    "address": {"nl": {"streetAddress": "Heilig-Kruisplein 1", "postalCode": "1050", "addressLocality": "Elsene",
                       "addressCountry": "BE"},
                "fr": {"streetAddress": "Place Sainte-Croix 1", "postalCode": "1050", "addressLocality": "Ixelles",
                       "addressCountry": "BE"}},
    "geo": {"latitude": 50.826792, "longitude": 4.37261},
    "terms": [{"id": "rJRFUqmd6EiqTD4c7HS90w", "label": "Concertzaal", "domain": "eventtype"}],
    "workflowStatus": "APPROVED", "created": "2016-06-09T01:20:38+00:00", "modified": "2024-02-01T09:00:00+00:00",
}
ORGANISER_DOC = {
    "@id": "https://io.uitdatabank.be/organizers/5d4c3b2a-1f0e-4d9c-8b7a-695847362514", "@type": "Organizer",
    "mainLanguage": "nl", "name": {"nl": "Flagey vzw"}, "url": "https://www.flagey.be",
    "contactPoint": {"email": ["info@flagey.be"], "phone": ["+32 2 641 10 20"], "url": []},
    "images": [{"@id": "https://io.uitdatabank.be/images/7f1e2d3c-0000-4000-8000-000000000001",
                "contentUrl": "https://images.uitdatabank.be/7f1e2d3c-0000-4000-8000-000000000001.jpeg",
                "description": "logo", "copyrightHolder": "Flagey", "inLanguage": "nl"}],
    "workflowStatus": "ACTIVE", "created": "2016-06-09T01:20:38+00:00", "modified": "2024-02-01T09:00:00+00:00",
}


def concert(**fields) -> dict:
    event = {
        "@id": "https://io.uitdatabank.be/event/0ac5de4c-9d1f-4e4e-a3a8-3d2e1e2b0a01", "@type": "Event",
        "mainLanguage": "nl", "name": {"nl": "Kel Assouf", "fr": "Kel Assouf"},
        "terms": [{"id": "0.50.4.0.0", "label": "Concert", "domain": "eventtype"},
                  {"id": "1.8.3.1.0", "label": "Pop en rock", "domain": "theme"}],
        "location": FLAGEY, "organizer": ORGANISER_DOC, "attendanceMode": "offline",
        "audience": {"audienceType": "everyone"}, "workflowStatus": "APPROVED",
        "created": "2024-02-01T09:00:00+00:00", "modified": "2024-02-02T09:00:00+00:00",
        "calendarType": "multiple",
        "subEvent": [
            {"id": 0, "@type": "Event", "startDate": "2024-10-25T20:00:00+02:00", "endDate": "2024-10-25T22:30:00+02:00"},
            {"id": 1, "@type": "Event", "startDate": "2024-10-26T22:00:00+02:00", "endDate": "2024-10-27T02:30:00+01:00"},
            {"id": 2, "@type": "Event", "startDate": "2024-11-08T19:00:00Z", "endDate": "2024-11-08T21:00:00Z"},
        ],
    }
    event.update(fields)
    return event


def occurrences(graph: Graph, event: URIRef) -> list[tuple]:
    """(start, end, place) of each time-span of the event, read through the occurrence."""
    found = []
    for spacetime in graph.objects(event, u(CP, "ruimtetijd")):
        period = graph.value(spacetime, u(CRM, "P160_has_temporal_projection"))
        found.append((str(graph.value(period, u(M8G, "startTime"))), str(graph.value(period, u(M8G, "endTime"))),
                      graph.value(spacetime, u(CRM, "P161_has_spatial_projection"))))
    return sorted(found)


def test_each_occurrence_of_an_event_is_a_time_span_of_its_own_in_brussels_time(tmp_path):
    graph = oslo.mapped(search_page(concert()), tmp_path)
    assert occurrences(graph, EVENT) == [
        ("2024-10-25T20:00:00+02:00", "2024-10-25T22:30:00+02:00", PLACE),
        ("2024-10-26T22:00:00+02:00", "2024-10-27T02:30:00+01:00", PLACE),   # past midnight, into winter time
        ("2024-11-08T20:00:00+01:00", "2024-11-08T22:00:00+01:00", PLACE),   # written in UTC, kept as that instant
    ]
    periods = set(graph.objects(EVENT, u(CRM, "P4_has_time-span")))
    assert len(periods) == 3 and all((p, RDF.type, u(M8G, "PeriodOfTime")) in graph for p in periods)
    assert set(graph.objects(EVENT, PROV_AT)) == {PLACE}


def test_a_periodic_event_has_one_time_span_and_its_opening_hours(tmp_path):
    event = concert(calendarType="periodic", subEvent=None, startDate="2024-03-01T00:00:00+01:00",
                    endDate="2024-06-30T23:59:59+02:00",
                    openingHours=[{"opens": "10:00", "closes": "17:00", "dayOfWeek": ["tuesday", "wednesday"]},
                                  {"opens": "10:00", "closes": "17:00", "dayOfWeek": ["sunday"]}])
    graph = oslo.mapped([event], tmp_path)
    assert occurrences(graph, EVENT) == [("2024-03-01T00:00:00+01:00", "2024-06-30T23:59:59+02:00", PLACE)]
    availability = graph.value(EVENT, u(CP, "Activiteit.beschikbaarheid"))
    days = sorted(sorted(str(d).rsplit("/", 1)[-1] for d in graph.objects(h, u(SCHEMA, "dayOfWeek")))
                  for h in graph.objects(availability, u(SCHEMA, "hoursAvailable")))
    assert days == [["Sunday"], ["Tuesday", "Wednesday"]]


def test_a_search_page_gives_the_embedded_place_and_organiser_their_own_records(tmp_path):
    graph = oslo.mapped(search_page(concert()), tmp_path)
    assert (PLACE, RDF.type, URIRef(oslo.DCT + "Location")) in graph
    assert set(graph.objects(PLACE, u(LOCN, "locatorName"))) == {Literal("Flagey", lang="nl"),
                                                                Literal("Flagey", lang="fr")}
    address = graph.value(PLACE, u(LOCN, "address"))
    assert set(graph.objects(address, u(LOCN, "thoroughfare"))) == {Literal("Heilig-Kruisplein", lang="nl"),
                                                                   Literal("Place Sainte-Croix", lang="fr")}
    assert str(graph.value(address, u(LOCN, "locatorDesignator"))) == "1"
    geometry = graph.value(PLACE, u(LOCN, "geometry"))
    assert graph.value(geometry, u(GEO, "asGML")) == Literal(
        "<gml:Point srsName='http://www.opengis.net/def/crs/OGC/1.3/CRS84'><gml:coordinates>4.37261, 50.826792"
        "</gml:coordinates></gml:Point>", datatype=u(GEO, "gmlLiteral"))
    assert graph.value(geometry, u(GEO, "asWKT")) == Literal("POINT(4.37261 50.8268)", datatype=u(GEO, "wktLiteral"))
    assert graph.value(EVENT, u(CRM, "P14_carried_out_by")) == ORGANISER
    assert graph.value(ORGANISER, u(CP, "Realisator.naam")) == Literal("Flagey vzw", lang="nl")
    assert graph.value(ORGANISER, URIRef("http://xmlns.com/foaf/0.1/homepage")) == URIRef("https://www.flagey.be")
    image = graph.value(ORGANISER, u(SCHEMA, "image"))
    assert {str(p).rsplit("/", 1)[-1]: str(o) for p, o in graph.predicate_objects(image) if p != RDF.type} == {
        "identifier": "7f1e2d3c-0000-4000-8000-000000000001", "description": "logo", "copyrightHolder": "Flagey",
        "inLanguage": "nl", "url": "https://images.uitdatabank.be/7f1e2d3c-0000-4000-8000-000000000001.jpeg"}
    concert_type = URIRef("https://taxonomy.uitdatabank.be/terms/0.50.4.0.0")
    assert graph.value(EVENT, URIRef(oslo.DCT + "type")) == concert_type
    assert graph.value(concert_type, URIRef(oslo.SKOS + "prefLabel")) == Literal("Concert", lang="nl")
    assert graph.value(EVENT, URIRef("https://data.publiq.be/ns/uitdatabank#workflowStatus")) == URIRef(
        "https://data.publiq.be/concepts/workflowStatus/approved")


def test_an_online_event_names_no_place_for_the_nil_location(tmp_path):
    nowhere = {"@id": "https://io.uitdatabank.be/place/00000000-0000-0000-0000-000000000000"}
    graph = oslo.mapped([concert(location=nowhere, attendanceMode="online", onlineUrl="https://flagey.be/live")],
                        tmp_path)
    assert list(graph.objects(EVENT, PROV_AT)) == []
    assert {place for *_, place in occurrences(graph, EVENT)} == {None}
    virtual = graph.value(EVENT, URIRef("https://data.uitwisselingsplatform.be/ns/platform#virtueleLocatie"))
    assert graph.value(virtual, u(SCHEMA, "url")) == Literal("https://flagey.be/live", datatype=u(SCHEMA, "URL"))


# --- the real Flagey export (search API v2, CdbXML as JSON), built as a project ----------------------

@pytest.fixture(scope="module")
def flagey(tmp_path_factory):
    sample = shared_or_skip("samples", "uitdatabank-flagey", "flagey_events.json")
    folder = tmp_path_factory.mktemp("flagey-kind")
    (folder / "cultuurgraaf.toml").write_text(f"""
[project]
name = "Flagey"
base_iri = "https://data.cultuurgraaf.be"
store = "store"
shapes = ["{oslo.ROOT / 'shapes'}"]

[[sources]]
name = "uitdatabank"
format = "uitdatabank"
inputs = "{sample}"
""", encoding="utf-8")
    project = load_project(folder)
    result = build(project)
    assert not result.failed, [str(o.error) for o in result.failed]
    return project, result, json.loads(sample.read_text(encoding="utf-8"))


def test_the_flagey_export_builds_and_conforms_to_the_shapes(flagey):
    _, result, _ = flagey
    assert result.report is not None and result.report.conforms, result.report.to_text()
    assert result.report.counts()["Violation"] == 0


def test_each_flagey_event_has_its_calendar_time_span_as_its_summary_says(flagey):
    project, _, data = flagey
    from cultuurgraaf.store import open_store

    rows = open_store(project.store_path).query(
        "PREFIX cp: <https://data.vlaanderen.be/ns/cultuurparticipatie#> PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/> "
        "PREFIX m8g: <http://data.europa.eu/m8g/> PREFIX generiek: <https://data.vlaanderen.be/ns/generiek#> "
        "SELECT ?id ?start ?end ?place WHERE { ?a cp:ruimtetijd ?st ; "
        "<http://www.w3.org/ns/adms#identifier>/generiek:gestructureerdeIdentificator/generiek:lokaleIdentificator ?id . "
        "?st crm:P161_has_spatial_projection ?place ; crm:P160_has_temporal_projection [ m8g:startTime ?start ; "
        "m8g:endTime ?end ] }").rows()
    spans = {str(r["id"]): (str(r["start"]), str(r["end"]), str(r["place"])) for r in rows}
    events = [item["event"] for item in data["rootObject"] if "event" in item]
    assert len(spans) == len(events) == 50
    for event in events:
        summary = event["eventdetails"]["eventdetail"][0]["calendarsummary"]     # "zo 11/09/16 van 20:15 tot 24:00 "
        day, start_time = re.search(r"(\d\d/\d\d/\d\d) van (\d\d:\d\d) tot 24:00", summary).groups()
        start, end, place = spans[event["cdbid"]]
        start, end = datetime.fromisoformat(start), datetime.fromisoformat(end)
        assert (start.strftime("%d/%m/%y"), start.strftime("%H:%M")) == (day, start_time), summary
        assert end.strftime("%H:%M") == "00:00" and (end.date() - start.date()).days == 1, summary
        assert start.utcoffset() == end.utcoffset() and start.utcoffset().total_seconds() in (3600, 7200)
        assert place.endswith("/id/locatie/uit-" + event["location"]["label"]["cdbid"])


if __name__ == "__main__":
    print(oslo.report([oslo.run(s) for s in oslo.scenarios()]))
