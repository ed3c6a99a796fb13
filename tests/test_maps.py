"""Maps without a tile server: the GeoJSON twins of the lists of places, organisations and activities,
the markers on a place's page, and the base layer and map library the package ships. The browser's view
(drawn offline, with markers) is in test_browser.py."""

from __future__ import annotations

import json
from pathlib import Path

from support.demo_facts import venues
from support.demo_things import design_museum, page

from cultuurgraaf.entities.points import parse_point

STATIC = Path(__file__).resolve().parent.parent / "src" / "cultuurgraaf" / "web" / "static"


def test_the_list_of_places_as_geojson_has_a_point_per_place_with_coordinates(client):
    answer = client.get("/lijst/locatie.geojson")
    assert answer.headers["content-type"] == "application/geo+json"
    places = answer.json()
    located = {v.get("id"): (round(float(v.find("geo").get("lon")), 4), round(float(v.find("geo").get("lat")), 4))
               for v in venues() if v.find("geo") is not None}  # the mapping writes WKT to 4 decimals
    assert places["without"] == len(venues()) - len(located) and places["unreadable"] == 0
    found = {f["properties"]["href"].rsplit("/", 1)[-1]: tuple(round(c, 4) for c in f["geometry"]["coordinates"])
             for f in places["features"]}
    assert found == located


def test_activities_are_grouped_on_the_place_they_are_held(client):
    places = client.get("/lijst/activiteit.geojson").json()
    held = sum(len(f["properties"]["things"]) for f in places["features"])
    assert held + places["without"] == client.get("/lijst/activiteit.json").json()["total"]
    assert any(len(f["properties"]["things"]) > 1 for f in places["features"])


def test_a_facet_narrows_the_map_as_it_narrows_the_list(client):
    museum = f"https://data.cultuurgraaf.be/id/organisatie/{design_museum()['ref']}"
    places = client.get("/lijst/activiteit.geojson", params={"organisatie": museum}).json()
    listed = client.get("/lijst/activiteit.json", params={"organisatie": museum}).json()["total"]
    assert sum(len(f["properties"]["things"]) for f in places["features"]) + places["without"] == listed


def test_lists_of_kinds_without_places_have_no_map(client):
    assert client.get("/lijst/erfgoedobject.geojson").status_code == 404
    assert 'id="kaart"' not in client.get("/lijst/erfgoedobject").text
    assert 'data-map-src="/lijst/locatie.geojson"' in client.get("/lijst/locatie").text


def test_an_organisation_s_page_carries_its_sites_as_markers_escaped_for_html(client):
    museum = design_museum()
    html = client.get(page("organisatie", museum["ref"])).text
    island = html.split('<script type="application/json" id="kaart-gegevens">', 1)[1].split("</script>", 1)[0]
    assert "<" not in island
    features = json.loads(island)["features"]
    assert [f["properties"]["things"][0]["label"] for f in features] == [museum["name"]]
    assert '<script src="/static/vendor/leaflet/leaflet.js"></script>' in html


def test_a_person_s_page_has_no_map(client):
    assert 'id="kaart"' not in client.get("/doc/persoon/PER0001").text


def test_the_package_ships_the_map_library_and_a_small_base_layer_with_their_licences(client):
    base = client.get("/static/map/vlaanderen-brussel.geojson")
    assert base.status_code == 200 and len(base.content) < 300_000
    layer = base.json()
    kinds = {f["properties"]["kind"] for f in layer["features"]}
    assert kinds == {"gewest", "kanton"} and "CC BY 4.0" in layer["attribution"]
    assert {f["properties"]["name"] for f in layer["features"] if f["properties"]["kind"] == "gewest"} == {
        "Vlaams Gewest", "Brussels Hoofdstedelijk Gewest"}
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    assert "BSD 2-Clause" in (STATIC / "vendor" / "leaflet" / "LICENSE").read_text()
    assert "CC BY 4.0" in (STATIC / "map" / "README.md").read_text()


def test_only_longitude_latitude_points_are_read():
    assert parse_point("POINT(3.7214 51.0566)") == (51.0566, 3.7214)
    assert parse_point("<http://www.opengis.net/def/crs/EPSG/0/31370> POINT(104000 194000)") is None
    assert parse_point("POINT(51.0566)") is None
