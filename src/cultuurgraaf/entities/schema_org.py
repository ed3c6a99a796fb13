"""A thing as schema.org JSON-LD, for search engines: every entity page embeds it
(``<script type="application/ld+json">``), made from the same :class:`~.describer.Entity`.

Heritage objects are ``VisualArtwork`` (a ``CreativeWork``: its maker as ``creator``, the date of its
production as ``dateCreated`` where it is an ISO 8601 date, its object name as ``artform`` and its
materials as ``artMedium``), activities ``Event`` (``startDate``, ``endDate``, ``location``,
``organizer``), venues and places ``Place`` (``address``, ``geo``), organisations ``Organization``
and persons ``Person``; any other thing is a ``Thing``. Every one has ``name``, ``url`` (its page),
``sameAs`` (the authorities the page links to, and an organisation's own website), and where the
page has them ``alternateName``, ``description`` (as plain text), ``image`` and ``identifier``.

The context is written inline (``@vocab`` and the properties whose values are IRIs), so that no
reader, and no test, has to fetch schema.org's; addresses are under the project's base IRI, as the
things' IRIs are. ``shapes/exports/schema-org.ttl`` says what the output must hold.
"""

from __future__ import annotations

import re

from ..vocab import ADMS, CRM, DCT, FOAF, GEO, LOCN, M8G, ORG, PROV, SCHEMA, SKOS
from .describer import Entity, Value
from .plain import plain_text

#: The inline context: schema.org's terms, and the properties whose values are IRIs (as in schema.org's own).
CONTEXT = {"@vocab": SCHEMA.iri, **{term: {"@type": "@id"} for term in ("url", "sameAs", "image", "license")}}
#: The schema.org type of the things of each kind (any other kind: Thing).
TYPES = {"erfgoedobject": "VisualArtwork", "activiteit": "Event", "locatie": "Place", "plaats": "Place",
         "organisatie": "Organization", "persoon": "Person", "dataset": "Dataset"}
#: Dates schema.org reads (ISO 8601): a year, a month, a day, or a moment.
_ISO_DATE = re.compile(r"-?\d{4}(-\d\d(-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?)?)?)?")
_POINT = re.compile(r"\s*(?:<[^>]*>\s*)?POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)\s*", re.IGNORECASE)


def schema_org(entity: Entity, *, base: str) -> dict:
    """The schema.org description of an entity, as a JSON-LD document with its context inline."""
    kind = TYPES.get(entity.kind or "", "Thing")
    node = {"@context": CONTEXT, **_reference(entity.iri, entity.label, kind, base)}
    others = sorted({text for text in entity.labels.values() if text != entity.label}
                    | {v.label for v in entity.values(SKOS.altLabel) if v.label != entity.label})
    if others:
        node["alternateName"] = others
    descriptions = [plain_text(v.label) for p in (CRM.P3_has_note, DCT.description) for v in entity.values(p)]
    if descriptions := [d for d in descriptions if d]:
        node["description"] = descriptions[0]
    same = [str(v.term) for v in entity.authorities] + [str(v.term) for v in entity.values(FOAF.homepage)]
    if same:
        node["sameAs"] = sorted(set(same))
    if entity.images:
        node["image"] = [image.src for image in entity.images]
    notations = [v.label for i in entity.values(ADMS.identifier) for p in i.details if p.iri == SKOS.notation
                 for v in p.values]
    if notations:
        node["identifier"] = notations
    node.update(_FOR_TYPE.get(kind, lambda e, b: {})(entity, base))
    return node


def _reference(iri: str, name: str, kind: str, base: str) -> dict:
    """A thing by its IRI, type, name and page (the page only for a thing of this graph)."""
    node = {"@id": iri, "@type": kind, "name": name}
    if iri.startswith(f"{base}/id/"):
        node["url"] = f"{base}/doc/{iri[len(base) + 4:]}"
    return node


def _linked(value: Value, kind: str, base: str) -> dict:
    return _reference(str(value.term), value.label, kind, base)


def _agent(value: Value, base: str) -> dict:
    """A maker or organiser: a Person or an Organization by the kind of its IRI (a Person where it does not say)."""
    kind = "Organization" if f"{base}/id/organisatie/" in str(value.term) else "Person"
    return _linked(value, kind, base)


def _details(value: Value, predicate: str) -> list[Value]:
    return [v for p in value.details if p.iri == predicate for v in p.values]


def _artwork(entity: Entity, base: str) -> dict:
    node: dict = {}
    production = entity.values(CRM.P108i_was_produced_by)
    makers = [_agent(v, base) for p in production for v in _details(p, CRM.P14_carried_out_by) if v.is_link]
    if makers:
        node["creator"] = makers
    dates = [str(v.term) for p in production for v in _details(p, CRM["P4_has_time-span"])]
    if dates := [d for d in dates if _ISO_DATE.fullmatch(d)]:
        node["dateCreated"] = dates[0]
    for key, predicate in (("artform", CRM.P2_has_type), ("artMedium", CRM.P45_consists_of)):
        if labels := [v.label for v in entity.values(predicate) if v.label]:
            node[key] = labels
    if entity.licence:
        node["license"] = entity.licence
    return node


def _event(entity: Entity, base: str) -> dict:
    node: dict = {}
    spans = entity.values(CRM["P4_has_time-span"])
    for key, predicate in (("startDate", M8G.startTime), ("endDate", M8G.endTime)):
        moments = sorted(str(v.term) for span in spans for v in _details(span, predicate))
        if moments:
            node[key] = moments[0] if key == "startDate" else moments[-1]
    places = [_linked(v, "Place", base) for v in entity.values(PROV.atLocation) if v.is_link]
    if places:
        node["location"] = places
    organisers = [_agent(v, base) for v in entity.values(CRM.P14_carried_out_by) if v.is_link]
    if organisers:
        node["organizer"] = organisers
    return node


def _place(entity: Entity, base: str) -> dict:
    node: dict = {}
    if addresses := [_address(v) for v in entity.values(LOCN.address)]:
        node["address"] = addresses[0]
    points = [_POINT.fullmatch(str(v.term)) for g in entity.values(LOCN.geometry) for v in _details(g, GEO.asWKT)]
    if points := [p for p in points if p]:
        longitude, latitude = points[0].groups()
        node["geo"] = {"@type": "GeoCoordinates", "latitude": float(latitude), "longitude": float(longitude)}
    return node


def _organisation(entity: Entity, base: str) -> dict:
    node = _place(entity, base)
    node.pop("geo", None)
    sites = [_linked(v, "Place", base) for v in entity.values(ORG.hasSite) if v.is_link]
    if sites:
        node["location"] = sites
    for key, predicate in (("foundingDate", SCHEMA.foundingDate), ("dissolutionDate", SCHEMA.dissolutionDate)):
        if dates := [str(v.term) for v in entity.values(predicate)]:
            node[key] = dates[0]
    for point in entity.values(SCHEMA.contactPoint):
        for key in ("email", "telephone"):
            if found := [v.label for v in _details(point, SCHEMA[key])]:
                node.setdefault(key, found[0])
    return node


def _person(entity: Entity, base: str) -> dict:
    node = {}
    for key, predicate in (("givenName", FOAF.givenName), ("familyName", FOAF.familyName)):
        if names := [v.label for v in entity.values(predicate)]:
            node[key] = names[0]
    return node


def _address(value: Value) -> dict:
    """A locn:Address as a PostalAddress."""
    def first(predicate: str) -> str | None:
        return next((v.label for v in _details(value, predicate) if v.label), None)

    street = " ".join(part for part in (first(LOCN.thoroughfare), first(LOCN.locatorDesignator)) if part)
    address = {"@type": "PostalAddress", "streetAddress": street, "postalCode": first(LOCN.postCode),
               "addressLocality": first(LOCN.postName), "addressCountry": first(LOCN.adminUnitL1)}
    return {key: text for key, text in address.items() if text}


_FOR_TYPE = {"Dataset": lambda entity, base: {"license": entity.licence} if entity.licence else {},
             "VisualArtwork": _artwork, "Event": _event, "Place": _place, "Organization": _organisation,
             "Person": _person}
