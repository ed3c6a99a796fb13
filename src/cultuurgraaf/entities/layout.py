"""How an entity page is laid out, as data: which group each property belongs to, how links that
point *at* a thing read from its side, which linked nodes are shown inline, and which IRIs are
external authorities.

The labels of the terms themselves come from ``ontologies/`` (see :mod:`labels`); this module only
holds what the ontology cannot say: the page's sections and the names of inverse relations.

>>> group_of(CRM.P50_has_current_keeper)
'relations'
>>> group_of("http://example.org/unknown")
'other'
>>> authority_of("http://www.wikidata.org/entity/Q1809071")
'Wikidata'
>>> authority_of("https://data.cultuurgraaf.be/id/persoon/PER0001") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

from ..vocab import ADMS, CG, CP, CRM, DCT, FOAF, LOCN, M8G, ORG, OWL, PROV, RDFS, SCHEMA, SKOS

Texts = dict[str, str]


@dataclass(frozen=True)
class Group:
    key: str
    texts: Texts
    properties: tuple[str, ...]


#: The sections of an entity page, in order; a property not named here goes to "other".
GROUPS: tuple[Group, ...] = (
    Group("identity", {"nl": "Identiteit", "en": "Identity", "fr": "Identité"}, (
        CRM.P102_has_title, DCT.title, SKOS.prefLabel, RDFS.label, FOAF.name, FOAF.givenName,
        FOAF.familyName, SKOS.altLabel, ADMS.identifier, SKOS.notation, DCT.identifier)),
    Group("description", {"nl": "Beschrijving", "en": "Description", "fr": "Description"}, (
        CRM.P3_has_note, DCT.description, CRM.P2_has_type, DCT.type, ORG.classification, CP.thema,
        CRM.P45_consists_of, CRM.P43_has_dimension)),
    Group("production", {"nl": "Vervaardiging", "en": "Production", "fr": "Production"}, (
        CRM.P108i_was_produced_by, CRM.P108_has_produced)),
    Group("time-place", {"nl": "Tijd en plaats", "en": "Time and place", "fr": "Date et lieu"}, (
        CRM["P4_has_time-span"], M8G.startTime, M8G.endTime, PROV.atLocation, ORG.hasSite, LOCN.address, LOCN.geometry,
        CP["Activiteit.prijs"])),
    Group("relations", {"nl": "Relaties", "en": "Relations", "fr": "Relations"}, (
        CRM.P14_carried_out_by, CRM.P50_has_current_keeper, CRM.P46i_forms_part_of, FOAF.homepage,
        SCHEMA.contactPoint)),
    Group("authorities", {"nl": "Elders op het web", "en": "Elsewhere on the web", "fr": "Ailleurs sur le web"}, (
        OWL.sameAs, SKOS.exactMatch)),
    Group("rights", {"nl": "Rechten", "en": "Rights", "fr": "Droits"}, (
        DCT.license, DCT.rights)),
)
OTHER = Group("other", {"nl": "Overige gegevens", "en": "Other statements", "fr": "Autres données"}, ())
_GROUP_OF = {p: g.key for g in GROUPS for p in g.properties}
_ORDER = {p: i for g in GROUPS for i, p in enumerate(g.properties)}


def group_of(predicate: str) -> str:
    return _GROUP_OF.get(predicate, OTHER.key)


def property_order(predicate: str) -> int:
    return _ORDER.get(predicate, 1000)


#: Links to these nodes are shown inline, with the node's own statements as details (like blank nodes).
INLINE_PREDICATES = frozenset({CRM.P108i_was_produced_by})
#: Things of these kinds are parts of another thing's page; they are not listed as incoming links.
INLINE_KINDS = frozenset({"productie"})


@dataclass(frozen=True)
class Inverse:
    """How a link pointing at a thing reads from the thing's side, and the list that holds them all."""

    texts: Texts
    facet: str | None = None


#: (predicate, kind of the thing that links) -> how the link reads on the page of the thing linked to.
INVERSES: dict[tuple[str, str], Inverse] = {
    (CRM.P50_has_current_keeper, "erfgoedobject"): Inverse(
        {"nl": "Objecten in beheer", "en": "Objects kept", "fr": "Objets conservés"}, "organisatie"),
    (CRM.P14_carried_out_by, "activiteit"): Inverse(
        {"nl": "Georganiseerde activiteiten", "en": "Activities organised", "fr": "Activités organisées"},
        "organisatie"),
    (PROV.atLocation, "activiteit"): Inverse(
        {"nl": "Activiteiten op deze plaats", "en": "Activities at this place", "fr": "Activités en ce lieu"},
        "locatie"),
    (ORG.hasSite, "organisatie"): Inverse(
        {"nl": "Locatie van", "en": "Site of", "fr": "Site de"}),
    (CRM.P46i_forms_part_of, "erfgoedobject"): Inverse(
        {"nl": "Objecten in deze collectie", "en": "Objects in this collection", "fr": "Objets de cette collection"},
        "collectie"),
    (CRM.P2_has_type, "erfgoedobject"): Inverse(
        {"nl": "Objecten van dit type", "en": "Objects of this type", "fr": "Objets de ce type"}, "type"),
    (CRM.P45_consists_of, "erfgoedobject"): Inverse(
        {"nl": "Objecten in dit materiaal", "en": "Objects in this material", "fr": "Objets en ce matériau"}),
    (ORG.classification, "organisatie"): Inverse(
        {"nl": "Organisaties van dit type", "en": "Organisations of this type", "fr": "Organisations de ce type"},
        "type"),
    (DCT.type, "activiteit"): Inverse(
        {"nl": "Activiteiten van dit type", "en": "Activities of this type", "fr": "Activités de ce type"}, "type"),
    (CP.thema, "activiteit"): Inverse(
        {"nl": "Activiteiten met dit thema", "en": "Activities with this theme", "fr": "Activités sur ce thème"}),
}


@dataclass(frozen=True)
class Derived:
    """A relation that goes through an inline node: a person -> the productions they carried out ->
    the objects those produced, shown on the person's page as "objects made"."""

    key: str
    texts: Texts
    via: str          # the predicate from the inline node to the thing described
    to: str           # the predicate from the inline node to the things shown
    kind: str         # the kind of the things shown
    facet: str | None = None


DERIVED: tuple[Derived, ...] = (
    Derived("made", {"nl": "Vervaardigde objecten", "en": "Objects made", "fr": "Objets réalisés"},
            via=CRM.P14_carried_out_by, to=CRM.P108_has_produced, kind="erfgoedobject", facet="vervaardiger"),
)

#: IRI prefixes of external authorities, shown as such and linked to where they live.
AUTHORITIES: dict[str, str] = {
    "http://www.wikidata.org/entity/": "Wikidata",
    "https://www.wikidata.org/wiki/": "Wikidata",
    "http://viaf.org/viaf/": "VIAF",
    "https://viaf.org/viaf/": "VIAF",
    "https://rkd.nl/explore/artists/": "RKD",
    "https://rkd.nl/artists/": "RKD",
    "http://vocab.getty.edu/aat/": "AAT",
    "http://vocab.getty.edu/tgn/": "TGN",
    "http://vocab.getty.edu/ulan/": "ULAN",
    "http://id.loc.gov/": "LoC",
}


def authority_of(iri: str) -> str | None:
    return next((name for prefix, name in AUTHORITIES.items() if iri.startswith(prefix)), None)


#: Properties whose object is a picture of the thing.
IMAGE_PREDICATES = (CRM.P138i_has_representation, SCHEMA.image, FOAF.depiction)
#: Properties a page does not show (they stay in its RDF): spellings that are there for search to find,
#: and the identifiers the resolver looks up (/id?kbo=..., written by the [[links]] rules).
UNSHOWN_PREDICATES = frozenset({SKOS.hiddenLabel, CG.key})
#: Properties whose literal names the thing, in order of preference.
LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, CRM.P102_has_title, DCT.title, FOAF.name)
#: Properties whose literal describes the thing (indexed for search).
DESCRIPTION_PREDICATES = (CRM.P3_has_note, DCT.description)
