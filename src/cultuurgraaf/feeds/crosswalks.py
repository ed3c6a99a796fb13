"""An entity as the records OAI-PMH harvesters ask for: Dublin Core (``oai_dc``, every entity),
the Europeana Data Model (``edm``) and LIDO 1.0 (``lido``) for heritage objects.

Each crosswalk reads the :class:`~cultuurgraaf.entities.Entity` the pages show (its labels, its
properties with the names of what they link to, the production shown inline), so a record says
what the page says. What the graph does not hold is not made up, with two exceptions that the
EDM profile requires and docs/oai-pmh.md states: an object without a licence gets
rightsstatements.org's "Copyright Not Evaluated" as ``edm:rights``, and ``edm:type`` is ``IMAGE``
for an object with an image and ``3D`` (a physical object) for one without.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from lxml import etree

from ..entities.describer import Entity, Value
from ..vocab import ADMS, CRM, DC, DCT, EDM, LIDO, OAI_DC, ORE, RDF, SCHEMA_LOCATIONS, SKOS, XML, XSI

#: rdf:types of the entities that are heritage objects (CRM 7 and CRM 6 names)
HERITAGE_TYPES = (CRM["E22_Human-Made_Object"], CRM["E22_Man-Made_Object"])
NOT_EVALUATED = "http://rightsstatements.org/vocab/CNE/1.0/"
XML_LANG = f"{{{XML.iri}}}lang"
SCHEMA_LOCATION = f"{{{XSI.iri}}}schemaLocation"
_DCTERMS = DCT.iri


@dataclass(frozen=True)
class RecordContext:
    """What a record needs besides the entity: where its page is, who provides the records."""

    page_url: str
    provider: str
    licence: str | None


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str
    #: the entities' rdf:types it is for (empty: all)
    types: tuple[str, ...]
    write: Callable[[Entity, RecordContext], etree._Element]


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _values(entity: Entity, predicate: str) -> list[Value]:
    return [v for p in entity.properties if p.iri == predicate for v in p.values]


def _nested(values: list[Value], predicate: str) -> list[Value]:
    return [v for value in values for p in value.details if p.iri == predicate for v in p.values]


def _texts(values: list[Value]) -> list[tuple[str, str | None]]:
    """Each value as text with its language: a literal's lexical form, a link's label."""
    return [(v.label, v.language) for v in values if v.label]


def _notations(entity: Entity) -> list[str]:
    return [v.label for v in _nested(_values(entity, ADMS.identifier), SKOS.notation)]


def _add(parent: etree._Element, tag: str, text: str, language: str | None = None, **attributes) -> etree._Element:
    element = etree.SubElement(parent, tag, **attributes)
    element.text = text
    if language:
        element.set(XML_LANG, language)
    return element


def _summary(entity: Entity) -> dict[str, list[tuple[str, str | None]]]:
    """The Dublin Core view of an entity: element -> (text, language) values."""
    production = _values(entity, CRM.P108i_was_produced_by)
    return {
        "title": [(text, language or None) for language, text in sorted(entity.labels.items())] or [(entity.label, None)],
        "creator": _texts(_nested(production, CRM.P14_carried_out_by)),
        "subject": _texts(_values(entity, CRM.P2_has_type)),
        "description": _texts(_values(entity, CRM.P3_has_note) + _values(entity, DCT.description)),
        "publisher": _texts(_values(entity, CRM.P50_has_current_keeper)),
        "date": _texts(_nested(production, CRM["P4_has_time-span"])),
        "type": [(t.label, None) for t in entity.types if t.label],
        "format": _texts(_values(entity, CRM.P45_consists_of)),
        "identifier": [(n, None) for n in _notations(entity)] + [(entity.iri, None)],
        "relation": _texts(_values(entity, CRM.P46i_forms_part_of)),
        "rights": [(str(v.term), None) for v in _values(entity, DCT.license)],
    }


def oai_dc(entity: Entity, context: RecordContext) -> etree._Element:
    root = etree.Element(_q(OAI_DC.iri, "dc"), nsmap={"oai_dc": OAI_DC.iri, "dc": DC.iri, "xsi": XSI.iri})
    root.set(SCHEMA_LOCATION, f"{OAI_DC.iri} {SCHEMA_LOCATIONS[OAI_DC.iri]}")
    summary = _summary(entity)
    if not summary["rights"] and context.licence:
        summary["rights"] = [(context.licence, None)]
    for element, values in summary.items():
        for text, language in values:
            _add(root, _q(DC.iri, element), text, language)
    return root


def edm(entity: Entity, context: RecordContext) -> etree._Element:
    """rdf:RDF with the object (edm:ProvidedCHO), its aggregation and its images (edm:WebResource)."""
    root = etree.Element(_q(RDF.iri, "RDF"), nsmap={"rdf": RDF.iri, "edm": EDM.iri, "ore": ORE.iri, "dc": DC.iri,
                                                      "dcterms": _DCTERMS})
    about = _q(RDF.iri, "about")
    resource = _q(RDF.iri, "resource")
    cho = etree.SubElement(root, _q(EDM.iri, "ProvidedCHO"), {about: entity.iri})
    summary = _summary(entity)
    for element in ("title", "description", "creator", "subject", "identifier", "type"):
        for text, language in summary[element]:
            _add(cho, _q(DC.iri, element), text, language)
    for text, language in summary["date"]:
        _add(cho, _q(_DCTERMS, "created"), text, language)
    for text, language in summary["format"]:
        _add(cho, _q(_DCTERMS, "medium"), text, language)
    for text, language in summary["relation"]:
        _add(cho, _q(_DCTERMS, "isPartOf"), text, language)
    images = [image.src for image in entity.images]
    _add(cho, _q(EDM.iri, "type"), "IMAGE" if images else "3D")
    rights = next((str(v.term) for v in _values(entity, DCT.license)), None) or context.licence or NOT_EVALUATED
    aggregation = etree.SubElement(root, _q(ORE.iri, "Aggregation"), {about: f"{context.page_url}#aggregatie"})
    etree.SubElement(aggregation, _q(EDM.iri, "aggregatedCHO"), {resource: entity.iri})
    keepers = summary["publisher"] or [(context.provider, None)]
    _add(aggregation, _q(EDM.iri, "dataProvider"), keepers[0][0])
    etree.SubElement(aggregation, _q(EDM.iri, "isShownAt"), {resource: context.page_url})
    if images:
        etree.SubElement(aggregation, _q(EDM.iri, "isShownBy"), {resource: images[0]})
        etree.SubElement(aggregation, _q(EDM.iri, "object"), {resource: images[0]})
    _add(aggregation, _q(EDM.iri, "provider"), context.provider)
    etree.SubElement(aggregation, _q(EDM.iri, "rights"), {resource: rights})
    for url in [context.page_url, *images]:
        web = etree.SubElement(root, _q(EDM.iri, "WebResource"), {about: url})
        etree.SubElement(web, _q(EDM.iri, "rights"), {resource: rights})
        if url in images and entity.manifest:  # Europeana's way to name a picture's IIIF manifest
            etree.SubElement(web, _q(_DCTERMS, "isReferencedBy"), {resource: entity.manifest})
    return root


def lido(entity: Entity, context: RecordContext) -> etree._Element:
    """A LIDO 1.0 record: identification, classification, production, repository, rights, images."""
    def el(parent, name: str, text: str | None = None, **attributes) -> etree._Element:
        element = etree.SubElement(parent, _q(LIDO.iri, name), {_q(LIDO.iri, k): v for k, v in attributes.items()})
        if text is not None:
            element.text = text
        return element

    summary = _summary(entity)
    root = etree.Element(_q(LIDO.iri, "lido"), nsmap={"lido": LIDO.iri, "xsi": XSI.iri})
    root.set(SCHEMA_LOCATION, f"{LIDO.iri} {SCHEMA_LOCATIONS[LIDO.iri]}")
    el(root, "lidoRecID", entity.iri, type="URI")
    descriptive = el(root, "descriptiveMetadata")
    descriptive.set(XML_LANG, entity.label_language or "nl")
    classification = el(descriptive, "objectClassificationWrap")
    work_types = el(classification, "objectWorkTypeWrap")
    for text, language in summary["subject"] or [("object", None)]:
        term = el(el(work_types, "objectWorkType"), "term", text)
        if language:
            term.set(XML_LANG, language)
    identification = el(descriptive, "objectIdentificationWrap")
    titles = el(identification, "titleWrap")
    for text, language in summary["title"]:
        value = el(el(titles, "titleSet"), "appellationValue", text)
        if language:
            value.set(XML_LANG, language)
    keepers = summary["publisher"]
    if keepers or _notations(entity):
        repository = el(el(identification, "repositoryWrap"), "repositorySet", type="current")
        if keepers:
            el(el(el(repository, "repositoryName"), "legalBodyName"), "appellationValue", keepers[0][0])
        for notation in _notations(entity)[:1]:
            el(repository, "workID", notation, type="inventory number")
    if summary["description"]:
        descriptions = el(identification, "objectDescriptionWrap")
        for text, _ in summary["description"]:
            el(el(descriptions, "objectDescriptionSet"), "descriptiveNoteValue", text)
    if summary["creator"] or summary["date"]:
        event = el(el(el(descriptive, "eventWrap"), "eventSet"), "event")
        el(el(event, "eventType"), "term", "Production")
        for text, _ in summary["creator"]:
            el(el(el(el(el(event, "eventActor"), "actorInRole"), "actor"), "nameActorSet"), "appellationValue", text)
        for text, _ in summary["date"]:
            el(el(el(event, "eventDate"), "date"), "earliestDate", text)
    administrative = el(root, "administrativeMetadata")
    administrative.set(XML_LANG, "nl")
    rights = summary["rights"] or ([(context.licence, None)] if context.licence else [])
    if rights:
        el(el(el(el(administrative, "rightsWorkWrap"), "rightsWorkSet"), "rightsType"), "term", rights[0][0])
    record = el(administrative, "recordWrap")
    el(record, "recordID", entity.iri, type="URI")
    el(el(record, "recordType"), "term", "item")
    el(el(el(record, "recordSource"), "legalBodyName"), "appellationValue", context.provider)
    el(el(record, "recordInfoSet"), "recordInfoLink", context.page_url)
    if entity.images:
        resources = el(administrative, "resourceWrap")
        for image in entity.images:
            representation = el(el(resources, "resourceSet"), "resourceRepresentation", type="image_master")
            el(representation, "linkResource", image.src)
    return root


FORMATS: dict[str, MetadataFormat] = {
    "oai_dc": MetadataFormat("oai_dc", SCHEMA_LOCATIONS[OAI_DC.iri], OAI_DC.iri, (), oai_dc),
    "edm": MetadataFormat("edm", SCHEMA_LOCATIONS[EDM.iri], RDF.iri, HERITAGE_TYPES, edm),
    "lido": MetadataFormat("lido", SCHEMA_LOCATIONS[LIDO.iri], LIDO.iri, HERITAGE_TYPES, lido),
}


def formats_for(types: tuple[str, ...]) -> list[MetadataFormat]:
    """The formats an entity with these rdf:types can be had in."""
    return [f for f in FORMATS.values() if not f.types or set(f.types) & set(types)]
