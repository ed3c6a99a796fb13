"""publiq's RDF projection fixtures (../shared/conformance/uitdatabank-oslo), read and compared as a model.

The suite's three ``.feature`` files list 27 scenarios; each creates an item (an event, a place or
an organiser) from a JSON body and says which Turtle publiq's backend projects from it. This
module reads them, builds the document UiTdatabank stores for the body, maps it with the
UiTdatabank kind, and compares the two graphs as the suite's README asks: the same classes, the
same properties between the same kinds of node, the same datatypes, language tags and concept
IRIs; subject IRIs, the test run's placeholders and the timestamps are not compared.

What UiTdatabank adds when it stores a body, and nothing else, is added here before mapping:
the item's ``@id`` and ``@type``, ``created`` and ``modified``, its workflow status (draft for
events and places, active for organisers) and, for events that give none, the audience
"everyone" and the attendance mode "offline". The projection reads that stored document, not
the body (its converter refuses a document without ``created``).

Where cultuurgraaf's model deliberately differs from publiq's, :data:`DIFFERENCES` says how and
why, and the comparison applies that difference before comparing; each scenario reports the
differences that changed something in it. :data:`NOT_MATCHED` lists the scenarios that do not
match even so, with the reason.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, XSD

from cultuurgraaf.mapping import execute, load_mapping

from .paths import ROOT
SUITE = ROOT.parent / "shared" / "conformance" / "uitdatabank-oslo"
KIND = ROOT / "src" / "cultuurgraaf" / "kinds" / "uitdatabank.yml"
BASE = "https://data.cultuurgraaf.be/"

#: The values this run gives the suite's placeholders (its README: values the test run generates).
API = "http://io.uitdatabank.local:80"
PUBLIQ_RDF = "http://data.uitdatabank.local:80/"
PLACEHOLDERS = {
    "eventId": "5e1f0a52-5b0a-4f0e-9d0e-0c1a2b3c4d5e",
    "placeId": "7a2b3c4d-1111-4222-8333-944455556666",
    "organizerId": "9c8b7a6d-2222-4333-8444-a55566667777",
    "imageId": "0b1c2d3e-3333-4444-8555-b66677778888",
    "imageId1": "1b1c2d3e-3333-4444-8555-b66677778888",
    "imageId2": "2b1c2d3e-3333-4444-8555-b66677778888",
    "name": "Cultuurgraafproef",
    "baseUrl": API,
}
PLACEHOLDERS["imageUrl"] = f"https://images.uitdatabank.dev/{PLACEHOLDERS['imageId']}.jpeg"
STORED_AT = "2025-01-30T15:33:29+00:00"

KINDS = {"event": ("events", "Event", "DRAFT"), "place": ("places", "Place", "DRAFT"),
         "organizer": ("organizers", "Organizer", "ACTIVE")}

CP = "https://data.vlaanderen.be/ns/cultuurparticipatie#"
CRM = "http://www.cidoc-crm.org/cidoc-crm/"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
SCHEMA_HTTPS = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LOCN = "http://www.w3.org/ns/locn#"
ADMS = "http://www.w3.org/ns/adms#"
GEO = "http://www.opengis.net/ont/geosparql#"
TIMESTAMP = Literal("(timestamp, not compared)")


@dataclass(frozen=True)
class Scenario:
    feature: str          # event, place or organizer
    title: str
    body: str             # the JSON file, relative to the suite
    turtle: str           # the expected projection, relative to the suite

    @property
    def id(self) -> str:
        return f"{self.feature}: {self.title}"


_CREATE = re.compile(r'I create (?:an? (?:event|place|organizer) from "([^"]+)"|a minimal place)')
_MATCH = re.compile(r'should match (event|place|organizer) projection "([^"]+)"')


def scenarios() -> list[Scenario]:
    """Every scenario of the three feature files, in their order."""
    found = []
    for feature in ("event", "place", "organizer"):
        text = (SUITE / f"{feature}-rdf.feature").read_text(encoding="utf-8")
        for block in text.split("Scenario:")[1:]:
            title = block.splitlines()[0].strip()
            creates = [m.group(1) or "places/place-with-required-fields.json" for m in _CREATE.finditer(block)]
            match = _MATCH.search(block)
            assert creates and match, f"{feature}-rdf.feature: cannot read scenario {title!r}"
            found.append(Scenario(feature, title, creates[-1], match.group(2)))
    return found


def _fill(text: str) -> str:
    return re.sub(r"%\{(\w+)\}", lambda m: PLACEHOLDERS.get(m.group(1), m.group(0)), text)


def stored_document(scenario: Scenario) -> dict:
    """The document UiTdatabank stores for the scenario's body (see the module docstring)."""
    body = json.loads(_fill((SUITE / scenario.body).read_text(encoding="utf-8")))
    path, kind, status = KINDS[scenario.feature]
    document = {"@id": f"{API}/{path}/{PLACEHOLDERS[scenario.feature + 'Id']}", "@type": kind, **body}
    document.setdefault("created", STORED_AT)
    document.setdefault("modified", STORED_AT)
    document.setdefault("workflowStatus", status)
    if scenario.feature == "event":
        document.setdefault("audience", {"audienceType": "everyone"})
        document.setdefault("attendanceMode", "offline")
    return document


@lru_cache(maxsize=1)
def kind_mapping():
    return load_mapping(KIND)


def mapped(document: dict | list, folder: Path) -> Graph:
    """The graph the UiTdatabank kind makes of a JSON file holding ``document`` (an item goes in a list)."""
    path = folder / "uitdatabank.json"
    path.write_text(json.dumps(document if isinstance(document, list) else [document]), encoding="utf-8")
    run = execute(kind_mapping(), base_iri=BASE, inputs={"": path})
    graph = Graph()
    graph.parse(data="".join(run.quads()), format="nt")
    return graph


def expected_graph(scenario: Scenario) -> Graph:
    """The scenario's Turtle, its placeholders filled; the test run's hashes and empty timestamps
    (``""^^xsd:dateTime``) get stand-ins, as the README says they are not compared."""
    text = _fill((SUITE / scenario.turtle).read_text(encoding="utf-8"))
    text = re.sub(r"%\{(\w+)\}", r"\1", text).replace('""^^xsd:dateTime', f'"{STORED_AT}"^^xsd:dateTime')
    graph = Graph()
    graph.parse(data=text, format="turtle")
    return graph


# --- canonical forms: what the README says is not compared ------------------------------------------

_OURS = re.compile(re.escape(BASE) + r"id/(activiteit|locatie|organisatie)/(?:uit-)?(.+)$")
_THEIRS = re.compile(re.escape(PUBLIQ_RDF) + r"(events|places|organizers)/([^#]+)$")
_OUR_KINDS = {"activiteit": "events", "locatie": "places", "organisatie": "organizers"}
_TAXONOMY_TEST = "https://taxonomy-test.uitdatabank.be/terms/"
_TAXONOMY = "https://taxonomy.uitdatabank.be/terms/"


def _canonical_node(term, nodes: dict):
    """Entities as urn:uitdatabank:{kind}:{id} on both sides; publiq's hash IRIs of inner nodes as
    blank nodes (ours are blank already); the test installation's taxonomy as the production one."""
    if not isinstance(term, URIRef):
        return term
    text = str(term)
    if (m := _OURS.match(text)) is not None:
        return URIRef(f"urn:uitdatabank:{_OUR_KINDS[m.group(1)]}:{m.group(2)}")
    if (m := _THEIRS.match(text)) is not None:
        return URIRef(f"urn:uitdatabank:{m.group(1)}:{m.group(2)}")
    if text.startswith(PUBLIQ_RDF) and "#" in text:
        return nodes.setdefault(text, BNode())
    if text.startswith(_TAXONOMY_TEST):
        return URIRef(_TAXONOMY + text[len(_TAXONOMY_TEST):])
    return term


def canonical(graph: Graph) -> Graph:
    out, nodes = Graph(), {}
    for s, p, o in graph:
        if str(p) in (DCT + "created", DCT + "modified"):
            o = TIMESTAMP
        out.add((_canonical_node(s, nodes), p, _canonical_node(o, nodes)))
    return out


# --- the deliberate differences ----------------------------------------------------------------------

@dataclass(frozen=True)
class Difference:
    """A way cultuurgraaf's model deliberately differs from publiq's, applied before comparing.

    ``apply(expected, actual, document)`` changes the graphs in place so that the difference no longer
    shows; it returns True when it changed something.
    """

    key: str
    what: str
    why: str
    apply: Callable[[Graph, Graph, dict], bool] = field(compare=False)


def _replace(graph: Graph, old: tuple, new: tuple | None) -> None:
    graph.remove(old)
    if new is not None:
        graph.add(new)


def _schema_https(expected: Graph, actual: Graph, document: dict) -> bool:
    changed = False

    def http(term):
        if isinstance(term, URIRef) and str(term).startswith(SCHEMA_HTTPS):
            return URIRef(SCHEMA + str(term)[len(SCHEMA_HTTPS):])
        if isinstance(term, Literal) and term.datatype and str(term.datatype).startswith(SCHEMA_HTTPS):
            return Literal(str(term), datatype=http(term.datatype))
        return term
    for triple in list(expected):
        new = tuple(http(t) for t in triple)
        if new != triple:
            _replace(expected, triple, new)
            changed = True
    return changed


def _price_amount(expected: Graph, actual: Graph, document: dict) -> bool:
    changed = False
    for spec, _, amount in list(expected.triples((None, URIRef(SCHEMA + "price"), None))):
        if (amount, RDF.type, URIRef(SCHEMA + "MonetaryAmount")) not in expected:
            continue
        value = expected.value(amount, URIRef(SCHEMA + "value"))
        currency = expected.value(amount, URIRef(SCHEMA + "currency"))
        expected.remove((amount, None, None))
        _replace(expected, (spec, URIRef(SCHEMA + "price"), amount),
                 (spec, URIRef(SCHEMA + "price"), Literal(str(value), datatype=XSD.decimal)))
        expected.add((spec, URIRef(SCHEMA + "priceCurrency"), currency))
        changed = True
    return changed


def _homepage_iri(expected: Graph, actual: Graph, document: dict) -> bool:
    homepage = URIRef("http://xmlns.com/foaf/0.1/homepage")
    changed = False
    for triple in list(expected.triples((None, homepage, None))):
        if isinstance(triple[2], Literal):
            _replace(expected, triple, (triple[0], homepage, URIRef(str(triple[2]))))
            changed = True
    return changed


def _drop(graph: Graph, triples) -> bool:
    triples = list(triples)
    for triple in triples:
        graph.remove(triple)
    return bool(triples)


def _time_span_shortcut(expected: Graph, actual: Graph, document: dict) -> bool:
    spans = {(e, p) for e, _, st in actual.triples((None, URIRef(CP + "ruimtetijd"), None))
             for p in actual.objects(st, URIRef(CRM + "P160_has_temporal_projection"))}
    return _drop(actual, ((e, URIRef(CRM + "P4_has_time-span"), p) for e, p in spans))


def _place_of_dated_events(expected: Graph, actual: Graph, document: dict) -> bool:
    at = URIRef("http://www.w3.org/ns/prov#atLocation")
    places = {(e, pl) for e, _, st in actual.triples((None, URIRef(CP + "ruimtetijd"), None))
              for pl in actual.objects(st, URIRef(CRM + "P161_has_spatial_projection"))}
    return _drop(actual, ((e, at, pl) for e, pl in places if (e, at, pl) in actual and (e, at, pl) not in expected))


def _same_values(actual: Graph, klass: str, extra_class: str, name: str, label: str) -> bool:
    things = set(actual.subjects(RDF.type, URIRef(klass)))
    dropped = [(t, RDF.type, URIRef(extra_class)) for t in things if (t, RDF.type, URIRef(extra_class)) in actual]
    dropped += [(t, URIRef(label), v) for t in things for v in actual.objects(t, URIRef(label))
                if (t, URIRef(name), v) in actual]
    return _drop(actual, dropped)


def _place_labels(expected: Graph, actual: Graph, document: dict) -> bool:
    return _same_values(actual, DCT + "Location", "http://www.w3.org/ns/prov#Location", LOCN + "locatorName",
                        "http://www.w3.org/2000/01/rdf-schema#label")


def _organiser_labels(expected: Graph, actual: Graph, document: dict) -> bool:
    return _same_values(actual, CP + "Organisator", "http://www.w3.org/ns/org#Organization",
                        CP + "Realisator.naam", SKOS + "prefLabel")


def _concept_labels(expected: Graph, actual: Graph, document: dict) -> bool:
    concepts = {o for p in (DCT + "type", CP + "thema") for o in actual.objects(None, URIRef(p))}
    return _drop(actual, (t for c in concepts for t in actual.triples((c, None, None))))


def _plain_identifier(expected: Graph, actual: Graph, document: dict) -> bool:
    ids = set(actual.subjects(URIRef(ADMS + "schemaAgency"), Literal("UiTdatabank")))
    return _drop(actual, [t for i in ids for t in actual.triples((i, None, None))]
                 + [t for i in ids for t in actual.triples((None, URIRef(ADMS + "identifier"), i))])


def _wkt(expected: Graph, actual: Graph, document: dict) -> bool:
    return _drop(actual, actual.triples((None, URIRef(GEO + "asWKT"), None)))


def _geocoding(expected: Graph, actual: Graph, document: dict) -> bool:
    if "geo" in document:
        return False
    geometries = list(expected.triples((None, URIRef(LOCN + "geometry"), None)))
    return _drop(expected, geometries + [t for _, _, g in geometries for t in expected.triples((g, None, None))])


def _identifier_at_api(expected: Graph, actual: Graph, document: dict) -> bool:
    changed = False
    for triple in list(expected):
        o = triple[2]
        if isinstance(o, Literal) and str(o).startswith(PUBLIQ_RDF):
            api = f"{API}/" + str(o)[len(PUBLIQ_RDF):]
            _replace(expected, triple, (triple[0], triple[1], Literal(api, datatype=o.datatype, lang=o.language)))
            changed = True
    return changed


def _instants(graph: Graph) -> bool:
    changed = False
    for triple in list(graph):
        o = triple[2]
        if isinstance(o, Literal) and o.datatype == XSD.dateTime and str(o):
            utc = datetime.fromisoformat(str(o)).astimezone(timezone.utc).isoformat()
            if utc != str(o):
                _replace(graph, triple, (triple[0], triple[1], Literal(utc, datatype=XSD.dateTime)))
                changed = True
    return changed


def _brussels_offset(expected: Graph, actual: Graph, document: dict) -> bool:
    changed = _instants(actual)
    _instants(expected)
    return changed


def _street_per_language(expected: Graph, actual: Graph, document: dict) -> bool:
    """publiq writes one language's parsed street for every language (Henegouwenkaai 41-43 / Quai du
    Hainaut 41-43 gives "Quai du Hainaut"@nl), and the first number of a range as the house number."""
    street, number = URIRef(LOCN + "thoroughfare"), URIRef(LOCN + "locatorDesignator")
    ours = {s.language: s for s in actual.objects(None, street)}
    changed = False
    for address, _, theirs in list(expected.triples((None, street, None))):
        other_language = any(str(s) == str(theirs) and lang != theirs.language for lang, s in ours.items())
        if theirs not in ours.values() and other_language and theirs.language in ours:
            _replace(expected, (address, street, theirs), (address, street, ours[theirs.language]))
            changed = True
    our_numbers = set(actual.objects(None, number))
    for address, _, theirs in list(expected.triples((None, number, None))):
        whole = next((n for n in our_numbers if re.fullmatch(re.escape(str(theirs)) + r"\s*-\s*\d+", str(n))), None)
        if theirs not in our_numbers and whole is not None:
            _replace(expected, (address, number, theirs), (address, number, whole))
            changed = True
    return changed


#: Every deliberate difference, in the order they are applied; docs/mapping.md has the same table.
DIFFERENCES: tuple[Difference, ...] = (
    Difference("schema-http", "schema.org terms as http://schema.org/ (publiq: https://schema.org/)",
               "the project's shapes, queries, ontology labels and pages all use http://schema.org/",
               _schema_https),
    Difference("price-decimal", "a price is schema:price \"10.5\"^^xsd:decimal and schema:priceCurrency on the "
               "schema:PriceSpecification (publiq: a schema:MonetaryAmount with schema:value ^^schema:Number and "
               "schema:currency)", "the project's price shape asks for one xsd:decimal amount, and its queries "
               "(free-activities.rq) read it so", _price_amount),
    Difference("homepage-iri", "an organiser's foaf:homepage is an IRI (publiq: a plain literal)",
               "the organisation shape asks for an IRI (foaf:homepage ranges over documents), so pages link it",
               _homepage_iri),
    Difference("identifier-at-api", "the identifier's notation and namespace are the item's JSON-LD @id "
               "(publiq: its own RDF IRI of the item)", "the @id is what the export holds and where UiTdatabank "
               "publishes the item; publiq's RDF IRIs are not in the JSON", _identifier_at_api),
    Difference("brussels-offset", "date-times written at Brussels' offset (2021-05-17T10:00:00+02:00; publiq keeps "
               "the offset it was given, +00:00)", "the same instant; pages show the clock time of the place",
               _brussels_offset),
    Difference("time-span-shortcut", "an event also has crm:P4_has_time-span to each occurrence's period",
               "the project's pages show a period one step from the event, and its shapes and queries "
               "(activities-at-a-venue-in-a-period.rq) read crm:P4_has_time-span", _time_span_shortcut),
    Difference("place-of-dated-events", "a dated event also has prov:atLocation to its place (publiq: only "
               "permanent events; a dated one names it in each time-span's crm:P161_has_spatial_projection)",
               "a place's page lists the activities at it, and the activity shape expects the place, by "
               "prov:atLocation", _place_of_dated_events),
    Difference("place-label", "a place is also a prov:Location with its names as rdfs:label",
               "the project's place shape, pages, search and linking keys read prov:Location and rdfs:label",
               _place_labels),
    Difference("organiser-label", "an organiser is also an org:Organization with its names as skos:prefLabel",
               "the project's organisation shape, pages, search and linking keys read org:Organization and "
               "skos:prefLabel", _organiser_labels),
    Difference("concept-label", "the taxonomy terms of types and themes are skos:Concept with their label "
               "and id", "the activity shape asks for a skos:Concept, and pages show its name", _concept_labels),
    Difference("plain-identifier", "a second adms:Identifier holds the bare id with adms:schemaAgency "
               "\"UiTdatabank\"", "the linking key uitdatabank and the resolver (/id?uitdatabank=...) read it, "
               "so registers that know an organiser's or venue's UiTdatabank id link to it", _plain_identifier),
    Difference("geometry-wkt", "a geometry also has geo:asWKT beside publiq's geo:asGML",
               "the project's geometry shape asks for one WKT literal", _wkt),
    Difference("geocoding", "no geometry where the document has no coordinates (publiq geocodes the address "
               "when it stores it)", "the body has no coordinates, and cultuurgraaf fetches nothing at run time; "
               "a document from the search API carries them (geo) and gets a geometry", _geocoding),
    Difference("street-per-language", "each language's street name and the whole house number (publiq: the "
               "last language's street for every language, and 41 for 41-43)", "publiq's address parser "
               "reuses one language's result; 41-43 is the house number as written", _street_per_language),
)

#: Scenarios that do not match even with the differences applied, and why (each is a strict xfail).
NOT_MATCHED = {
    "organizer: Create an organizer with images": (
        "the body names its images only by id; UiTdatabank adds their description, copyright holder, "
        "language and address from its image store when it stores the organiser, which a file does not "
        "hold (a search API document with full image objects maps them all)"),
}


@dataclass
class Outcome:
    scenario: Scenario
    matched: bool
    applied: list[str]
    diff: str


@lru_cache(maxsize=None)
def run(scenario: Scenario) -> Outcome:
    """Map the scenario's stored document and compare with its Turtle, the differences applied."""
    document = stored_document(scenario)
    with tempfile.TemporaryDirectory(prefix="cg-uitdatabank-") as folder:
        actual = canonical(mapped(document, Path(folder)))
    expected = canonical(expected_graph(scenario))
    applied = [d.key for d in DIFFERENCES if d.apply(expected, actual, document)]
    if isomorphic(expected, actual):
        return Outcome(scenario, True, applied, "")
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"  only in publiq's: {t.n3()} {p.n3()} {o.n3()}" for t, p, o in sorted(only_expected)]
    lines += [f"  only in ours:     {t.n3()} {p.n3()} {o.n3()}" for t, p, o in sorted(only_actual)]
    return Outcome(scenario, False, applied, "\n".join(lines))


def report(outcomes: list[Outcome]) -> str:
    """The conformance run as a table: scenarios matched, and which difference applied where."""
    matched = sum(o.matched for o in outcomes)
    lines = [f"UiTdatabank kind vs publiq's OSLO projection: {matched} / {len(outcomes)} scenarios match "
             f"(with the differences below)", ""]
    for o in outcomes:
        mark = "match" if o.matched else "NO   "
        lines.append(f"{mark}  {o.scenario.id}  [{', '.join(o.applied) or 'no differences'}]")
        if not o.matched:
            lines.append(f"       why: {NOT_MATCHED.get(o.scenario.id, 'not a known difference')}")
    lines += ["", "differences (applied before comparing; scenarios each one changed):"]
    for d in DIFFERENCES:
        count = sum(d.key in o.applied for o in outcomes)
        lines.append(f"  {d.key} ({count}): {d.what}. Why: {d.why}.")
    return "\n".join(lines)
