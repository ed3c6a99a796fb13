"""Where things are on a map: the points of places (their ``locn:geometry`` as WKT), of organisations
(their sites) and of activities (their place), read for many things in a few queries.

A thing's points are grouped by place, so a list of activities puts one marker on each venue, with
the activities held there. Only WKT points in longitude-latitude order (CRS84, the GeoSPARQL default)
are read; any other geometry is counted as not shown, never guessed.

>>> parse_point("POINT(3.7214 51.0566)")
(51.0566, 3.7214)
>>> parse_point("<http://www.opengis.net/def/crs/OGC/1.3/CRS84> Point ( 4.35 50.85 )")
(50.85, 4.35)
>>> parse_point("POINT(200 51)") is None, parse_point("LINESTRING(3 51, 4 51)") is None
(True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..iris import IriScheme
from ..store import EmbeddedStore
from ..vocab import GEO, LOCN, ORG, PROV, RDFS, SKOS
from .incoming import iri_ref

CRS84 = "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
POINT = re.compile(r"\s*(?:<([^>]*)>\s*)?POINT\s*\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*\)\s*", re.IGNORECASE)
CHUNK = 500
#: The kinds whose pages and lists have a map: places, organisations (their sites), activities (their place).
MAP_KINDS = ("locatie", "organisatie", "activiteit")


def parse_point(wkt: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a WKT point in CRS84, or None for anything else."""
    match = POINT.fullmatch(wkt)
    if not match or (match.group(1) and f"<{match.group(1)}>" != CRS84):
        return None
    lon, lat = float(match.group(2)), float(match.group(3))
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    return lat, lon


@dataclass
class Marker:
    """One place on the map and the things of a page or list that are there."""

    lat: float
    lon: float
    place: str
    place_label: str = ""
    place_href: str | None = None
    things: list[dict] = field(default_factory=list)


@dataclass
class MapData:
    markers: list[Marker]
    #: things that have a place or a geometry the map cannot show (not a CRS84 WKT point)
    unreadable: int = 0
    #: things with no place with a point at all
    without: int = 0

    def to_geojson(self) -> dict:
        """A GeoJSON FeatureCollection: a Point per place, with its name, its page and the things there;
        ``unreadable`` and ``without`` say how many things the map leaves out, and why."""
        return {"type": "FeatureCollection", "unreadable": self.unreadable, "without": self.without,
                "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [m.lon, m.lat]},
                              "properties": {"iri": m.place, "label": m.place_label, "href": m.place_href,
                                             "things": m.things}} for m in self.markers]}


def map_of(store: EmbeddedStore, iris: IriScheme, things: list[tuple[str, str]]) -> MapData:
    """The markers of ``things`` (IRI, label): their own point, their sites' or their place's."""
    labels = dict(things)
    rows: list[tuple[str, str, str, str]] = []
    wanted = [iri for iri, _ in things if iri_ref(iri) == iri]
    for start in range(0, len(wanted), CHUNK):
        values = " ".join(f"<{iri}>" for iri in wanted[start:start + CHUNK])
        query = (f"SELECT ?x ?place ?wkt ?name WHERE {{ VALUES ?x {{ {values} }} "
                 f"{{ ?x <{LOCN.geometry}>/<{GEO.asWKT}> ?wkt BIND(?x AS ?place) }} UNION "
                 f"{{ ?x <{ORG.hasSite}>|<{PROV.atLocation}> ?place . ?place <{LOCN.geometry}>/<{GEO.asWKT}> ?wkt }} "
                 f"OPTIONAL {{ ?place <{RDFS.label}>|<{SKOS.prefLabel}> ?name "
                 "FILTER(lang(?name) = 'nl' || lang(?name) = '') } }")
        rows += [(x[1], place[1], wkt[1], name[1] if name else "")
                 for x, place, wkt, name in store.query(query).solution_tuples()]
    markers: dict[tuple[float, float, str], Marker] = {}
    placed: set[str] = set()
    unreadable: set[str] = set()
    for thing, place, wkt, name in sorted(rows):
        point = parse_point(wkt)
        if point is None:
            unreadable.add(thing)
            continue
        marker = markers.setdefault((*point, place), Marker(point[0], point[1], place, name or labels.get(place, ""),
                                                            iris.href(place)))
        if not marker.place_label and name:
            marker.place_label = name
        if all(t["iri"] != thing for t in marker.things):
            marker.things.append({"iri": thing, "label": labels.get(thing, ""), "href": iris.href(thing)})
        placed.add(thing)
    unreadable -= placed
    return MapData(sorted(markers.values(), key=lambda m: (m.place_label.casefold(), m.place)),
                   unreadable=len(unreadable), without=len(set(wanted) - placed - unreadable))
