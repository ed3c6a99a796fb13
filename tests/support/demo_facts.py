"""Facts about the demo extracts, read straight from the files (not through the pipeline), so
tests can check what the graph says against an independent count."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

from .paths import DEMO

DATA = DEMO / "data"


def objects() -> list[dict]:
    with open(DATA / "objecten.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def persons() -> list[dict]:
    with open(DATA / "personen.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def organisations() -> list[ET.Element]:
    return ET.parse(DATA / "organisaties.xml").getroot().findall("organisatie")


def institutions() -> list[dict]:
    """The ISIL register's institutions (erfgoedinstellingen.csv): 18 of the register's organisations again."""
    with open(DATA / "erfgoedinstellingen.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def organisation_iris(base: str = "https://data.cultuurgraaf.be") -> set[str]:
    """Every org:Organization of the demo graph: the register's organisations and the ISIL register's records."""
    return ({f"{base}/id/organisatie/{o.get('id')}" for o in organisations()}
            | {f"{base}/id/organisatie/isil-{i['isil']}" for i in institutions()})


def venues() -> list[ET.Element]:
    return [loc for org in organisations() for loc in org.findall("locaties/locatie")]


def events() -> list[dict]:
    root = json.loads((DATA / "activiteiten.json").read_text(encoding="utf-8"))["rootObject"]
    return [item["event"] for item in root if "event" in item]


def dutch_name(org: ET.Element) -> str:
    for name in org.findall("naam"):
        if name.get("{http://www.w3.org/XML/1998/namespace}lang") == "nl":
            return name.text.strip()
    raise AssertionError(f"organisation {org.get('id')} has no Dutch name")
