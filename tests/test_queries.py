"""The cookbook: every example query in queries/ runs against the demo graph through /sparql, and
its answer is checked against what the extracts themselves say, read here straight from the CSV,
XML and JSON files (not through the mappings)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from support import demo_facts
from support.demo_things import BASE, iri_safe
from cultuurgraaf.sparql import examples

QUERIES = Path(__file__).resolve().parent.parent / "queries"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BRUSSELS = ZoneInfo("Europe/Brussels")
LICENCES = {"CC0": "https://creativecommons.org/publicdomain/zero/1.0/",
            "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
            "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/"}


def run(client, name: str) -> list[dict[str, str]]:
    """The rows of a cookbook query, as variable -> value (unbound variables left out)."""
    response = client.post("/sparql", data={"query": (QUERIES / f"{name}.rq").read_text(encoding="utf-8")},
                           headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return [{var: cell["value"] for var, cell in row.items()} for row in response.json()["results"]["bindings"]]


def thing(kind: str, ref: str) -> str:
    return f"{BASE}/id/{kind}/{iri_safe(ref)}"


def graph(source: str) -> str:
    return f"{BASE}/graph/{source}"


def organisations_by_id() -> dict[str, str]:
    return {org.get("id"): demo_facts.dutch_name(org) for org in demo_facts.organisations()}


def venue_names() -> dict[str, str]:
    return {venue.get("id"): next(n.text.strip() for n in venue.findall("naam") if n.get(XML_LANG) == "nl")
            for venue in demo_facts.venues()}


def years(raw: str) -> tuple[int | None, int | None] | None:
    """(first year, last year) of a date as the collection export writes it; None if undated."""
    raw = raw.strip()
    if not raw or raw == "0001-01-01":
        return None
    if match := re.fullmatch(r"\d{2}/\d{2}/(\d{4})", raw):
        return int(match[1]), int(match[1])
    if match := re.fullmatch(r"(\d{4})~?/(\d{4})~?", raw):
        return int(match[1]), int(match[2])
    if match := re.fullmatch(r"/(\d{4})", raw):
        return None, int(match[1])
    match = re.search(r"\d{4}", raw)
    return int(match[0]), int(match[0])


def dutch_detail(event: dict) -> dict:
    return next(d for d in event["eventdetails"]["eventdetail"] if d["lang"] == "nl")


def event_span(event: dict) -> tuple[dt.datetime, dt.datetime | None]:
    """When an event starts (first day, start hour) and ends (last day, end hour, if given)."""
    stamps = event["calendar"]["timestamps"]["timestamp"]

    def at(day_ms: int, offset_ms: int | None) -> dt.datetime:
        day = dt.datetime.fromtimestamp(day_ms / 1000, BRUSSELS)
        return day + dt.timedelta(milliseconds=offset_ms or 0)

    end = stamps[-1].get("timeend")
    return at(stamps[0]["date"], stamps[0].get("timestart")), (at(stamps[-1]["date"], end) if end else None)


# The cookbook as a whole -------------------------------------------------------------------

def test_the_cookbook_has_at_least_twelve_queries_each_with_a_title_and_a_description():
    listed = examples(QUERIES)
    assert len(listed) >= 12
    for example in listed:
        assert example["title"] != example["name"], f"{example['name']}.rq has no '# title:' line"
        assert example["description"], f"{example['name']}.rq has no '# description:' line"


def test_every_query_in_the_cookbook_has_a_test_here():
    tested = {name[len("test_"):].replace("_", "-") for name in globals() if name.startswith("test_")}
    assert {e["name"] for e in examples(QUERIES)} <= tested


# One test per query ------------------------------------------------------------------------

def test_objects_by_maker(client):
    maker = next(p for p in demo_facts.persons() if p["volledige_naam"] == "Henry van de Velde")
    keepers = organisations_by_id()
    made = [o for o in demo_facts.objects() if o["vervaardiger_id"] == maker["id"] and o["titel"]]
    assert made, "the demo has objects by Henry van de Velde"
    expected = sorted(((o["titel"], thing("erfgoedobject", o["objectnummer"]), thing("organisatie", o["beheerder_id"]),
                        keepers[o["beheerder_id"]]) for o in made))
    rows = run(client, "objects-by-maker")
    assert [(r["title"], r["object"], r["keeper"], r["keeperName"]) for r in rows] == expected
    for row, obj in zip(rows, sorted(made, key=lambda o: (o["titel"], thing("erfgoedobject", o["objectnummer"])))):
        dated = years(obj["datering"])
        assert ("date" in row) == (dated is not None)
        if dated:
            assert all(str(y) in row["date"] for y in dated if y)


def test_objects_by_period(client):
    expected = []
    for obj in demo_facts.objects():
        dated = years(obj["datering"])
        if dated is None:
            continue
        start, end = dated[0] if dated[0] is not None else -9999, dated[1] if dated[1] is not None else 9999
        if start <= 1914 and end >= 1880:
            expected.append((start, thing("erfgoedobject", obj["objectnummer"])))
    assert expected
    assert [r["object"] for r in run(client, "objects-by-period")] == [iri for _, iri in sorted(expected)]


def test_objects_by_material(client):
    # A material is its AAT concept where the export gives the id (materiaal_aat, in the same
    # order as the names); a name without an id becomes a local concept named after it.
    expected = {}
    for obj in demo_facts.objects():
        materials, ids = obj["materiaal"].split(";"), obj["materiaal_aat"].split(";")
        if "zilver" in materials:
            position = materials.index("zilver")
            code = ids[position] if position < len(ids) else ""
            expected[thing("erfgoedobject", obj["objectnummer"])] = (
                f"http://vocab.getty.edu/aat/{code}" if code else
                "https://data.cultuurgraaf.be/id/concept/materiaal-zilver")
    assert expected
    rows = run(client, "objects-by-material")
    assert {r["object"]: r["material"] for r in rows} == expected
    assert len(rows) == len(expected)


def test_activities_at_a_venue_in_a_period(client):
    venue = next(ref for ref, name in venue_names().items() if name == "NTGent Schouwburg")
    organisers = organisations_by_id()
    start_2026, start_2027 = dt.datetime(2026, 1, 1, tzinfo=BRUSSELS), dt.datetime(2027, 1, 1, tzinfo=BRUSSELS)
    expected = []
    for event in demo_facts.events():
        if event["location"]["label"]["externalid"] != venue:
            continue
        start, end = event_span(event)
        if start < start_2027 and (end or start) >= start_2026:
            expected.append((start, thing("activiteit", event["cdbid"]), dutch_detail(event)["title"], end,
                             organisers.get(event["organiser"]["label"]["externalid"])))
    assert expected, "the demo has activities at the NTGent Schouwburg in 2026"
    rows = run(client, "activities-at-a-venue-in-a-period")
    assert [(dt.datetime.fromisoformat(r["start"]), r["activity"], r["title"],
             dt.datetime.fromisoformat(r["end"]) if "end" in r else None, r.get("organiserName")) for r in rows] == \
        sorted(expected, key=lambda e: (e[0], e[1]))


def test_organisations_with_most_objects(client):
    names = organisations_by_id()
    counts = Counter(o["beheerder_id"] for o in demo_facts.objects() if o["beheerder_id"] in names)
    expected = sorted(((-n, names[ref], thing("organisatie", ref)) for ref, n in counts.items()))[:10]
    rows = run(client, "organisations-with-most-objects")
    assert [(-int(r["objects"]), r["name"], r["organisation"]) for r in rows] == expected


def test_everything_about_an_organisation(client):
    org = next(o for o in demo_facts.organisations() if demo_facts.dutch_name(o) == "Design Museum Gent")
    ref = org.get("id")
    expected = {("bewaart", thing("erfgoedobject", o["objectnummer"]), graph("objecten"))
                for o in demo_facts.objects() if o["beheerder_id"] == ref}
    expected |= {("organiseert", thing("activiteit", e["cdbid"]), graph("activiteiten"))
                 for e in demo_facts.events() if e["organiser"]["label"]["externalid"] == ref}
    expected |= {("heeft locatie", thing("locatie", v.get("id")), graph("organisaties"))
                 for v in org.findall("locaties/locatie")}
    assert {relation for relation, _, _ in expected} == {"bewaart", "organiseert", "heeft locatie"}
    rows = run(client, "everything-about-an-organisation")
    assert len(rows) == len(expected)
    assert {(r["relation"], r["thing"], r["source"]) for r in rows} == expected


def test_titles_missing_a_language(client):
    expected = sorted((thing("erfgoedobject", o["objectnummer"]), o["titel"])
                      for o in demo_facts.objects() if o["titel"] and not o["titel_en"])
    assert [(r["object"], r["title"]) for r in run(client, "titles-missing-a-language")] == expected


def test_persons_with_wikidata(client):
    expected = sorted((p["volledige_naam"], thing("persoon", p["id"]), f"http://www.wikidata.org/entity/{p['wikidata']}")
                      for p in demo_facts.persons() if p["wikidata"])
    assert expected
    assert [(r["name"], r["person"], r["wikidata"]) for r in run(client, "persons-with-wikidata")] == expected


def test_objects_without_licence(client):
    expected = sorted((thing("organisatie", o["beheerder_id"]), thing("erfgoedobject", o["objectnummer"]))
                      for o in demo_facts.objects() if not o["licentie"])
    assert expected
    assert [(r["keeper"], r["object"]) for r in run(client, "objects-without-licence")] == expected


def test_objects_per_licence(client):
    expected = Counter(LICENCES.get(o["licentie"]) for o in demo_facts.objects())
    assert {r.get("licence"): int(r["objects"]) for r in run(client, "objects-per-licence")} == expected


def test_objects_per_collection(client):
    expected = Counter(o["collectie"] for o in demo_facts.objects() if o["collectie"])
    rows = run(client, "objects-per-collection")
    assert {r["name"]: int(r["objects"]) for r in rows} == expected
    assert [int(r["objects"]) for r in rows] == sorted((int(r["objects"]) for r in rows), reverse=True)


def test_activities_per_type(client):
    expected = Counter((c["catid"], c["value"]) for e in demo_facts.events()
                       for c in e["categories"]["category"] if c["type"] == "eventtype")
    rows = run(client, "activities-per-type")
    assert {(r["type"], r["name"]): int(r["activities"]) for r in rows} == {
        (f"{BASE}/id/concept/uit-{catid}", name): n for (catid, name), n in expected.items()}


def test_free_activities(client):
    venues = venue_names()
    expected = sorted((thing("activiteit", e["cdbid"]), dutch_detail(e)["title"],
                       venues.get(e["location"]["label"]["externalid"]))
                      for e in demo_facts.events()
                      if (dutch_detail(e).get("price") or {}).get("pricevalue") == 0)
    assert expected
    assert [(r["activity"], r.get("title"), r.get("venueName")) for r in run(client, "free-activities")] == expected


def test_organisations_by_type(client):
    expected = Counter(org.findtext("type").strip() for org in demo_facts.organisations())
    assert {r["type"]: int(r["organisations"]) for r in run(client, "organisations-by-type")} == expected


def test_tallest_objects(client):
    heights = [(-Decimal(o["hoogte_cm"].replace(",", ".")), thing("erfgoedobject", o["objectnummer"]))
               for o in demo_facts.objects() if o["hoogte_cm"]]
    expected = [(iri, -height) for height, iri in sorted(heights)[:10]]
    assert [(r["object"], Decimal(r["height"])) for r in run(client, "tallest-objects")] == expected


def test_venues_in_a_city(client):
    expected = []
    for org in demo_facts.organisations():
        for venue in org.findall("locaties/locatie"):
            if (venue.findtext("adres/gemeente") or "").strip() != "Gent":
                continue
            name = next(n.text.strip() for n in venue.findall("naam") if n.get(XML_LANG) == "nl")
            geo = venue.find("geo")
            wkt = f"POINT({geo.get('lon')} {geo.get('lat')})" if geo is not None else None
            expected.append((name, thing("locatie", venue.get("id")), thing("organisatie", org.get("id")), wkt))
    assert expected
    rows = run(client, "venues-in-a-city")
    assert [(r["name"], r["venue"], r.get("organisation"), r.get("wkt")) for r in rows] == sorted(expected)


@pytest.mark.parametrize("example", examples(QUERIES), ids=lambda e: e["name"])
def test_every_example_gives_the_same_rows_as_csv(client, example):
    response = client.post("/sparql", data={"query": example["query"]}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(response.text)))
    rows = run(client, example["name"])
    assert len(table) == len(rows) + 1
    assert [dict((k, v) for k, v in zip(table[0], line) if v) for line in table[1:]] == [
        {k: v for k, v in row.items()} for row in rows]
