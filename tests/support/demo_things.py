"""Things of the demo graph that the page tests look at, found in the extracts (not hard-coded):
Design Museum Gent through its Wikidata id, the object with a <script> in its description, and so on.
"""

from __future__ import annotations

from urllib.parse import quote

from . import demo_facts

BASE = "https://data.cultuurgraaf.be"
DESIGN_MUSEUM_WIKIDATA = "Q1809071"


def iri_safe(ref: str) -> str:
    """A ref as the mappings put it in an IRI (spaces and slashes percent-encoded)."""
    return quote(ref, safe="-._~")


def page(kind: str, ref: str) -> str:
    return f"/doc/{kind}/{iri_safe(ref)}"


def design_museum() -> dict:
    """The organisation whose Wikidata id is Design Museum Gent's, with what the extracts say of it."""
    for org in demo_facts.organisations():
        if (org.findtext("wikidata") or "").strip() == DESIGN_MUSEUM_WIKIDATA:
            ref = org.get("id")
            kept = [o for o in demo_facts.objects() if o["beheerder_id"] == ref]
            organised = [e for e in demo_facts.events()
                         if (e.get("organiser", {}).get("label", {}) or {}).get("externalid") == ref]
            return {"ref": ref, "name": demo_facts.dutch_name(org), "kept": kept, "organised": organised,
                    "names": {n.get("{http://www.w3.org/XML/1998/namespace}lang"): n.text.strip()
                              for n in org.findall("naam")}}
    raise AssertionError(f"no organisation with Wikidata id {DESIGN_MUSEUM_WIKIDATA} in the demo extracts")


def object_with_script() -> dict:
    rows = [o for o in demo_facts.objects() if "<script" in o["beschrijving"]]
    assert len(rows) == 1, "the demo has exactly one description with a <script> tag"
    return rows[0]


def object_in_three_languages() -> dict:
    return next(o for o in demo_facts.objects() if o["titel"] and o["titel_en"] and o["titel_fr"])


def object_with_image_kept_by(ref: str) -> dict:
    return next(o for o in demo_facts.objects() if o["beheerder_id"] == ref and o["afbeelding"] and o["titel"])


def maker_with_objects() -> tuple[dict, list[dict]]:
    """A person with the objects made by them, according to the extracts."""
    made: dict[str, list[dict]] = {}
    for o in demo_facts.objects():
        if o["vervaardiger_id"]:
            made.setdefault(o["vervaardiger_id"], []).append(o)
    person = max(demo_facts.persons(), key=lambda p: len(made.get(p["id"], [])))
    return person, made[person["id"]]
