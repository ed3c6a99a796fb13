"""Closed namespaces for the vocabularies the project uses: a misspelled term raises.

Terms are plain IRI strings, so they can be used with any RDF library.

>>> CRM.P102_has_title
'http://www.cidoc-crm.org/cidoc-crm/P102_has_title'
>>> CRM["P4_has_time-span"]
'http://www.cidoc-crm.org/cidoc-crm/P4_has_time-span'
>>> CRM.P102_has_titel
Traceback (most recent call last):
...
AttributeError: 'P102_has_titel' is not a term of crm (http://www.cidoc-crm.org/cidoc-crm/) known to cultuurgraaf
"""

from __future__ import annotations


class ClosedNamespace:
    """A namespace that knows its terms; attribute or item access gives the full IRI."""

    def __init__(self, prefix: str, iri: str, terms: str):
        self._prefix = prefix
        self._iri = iri
        self._terms = frozenset(terms.split())

    @property
    def iri(self) -> str:
        return self._iri

    @property
    def prefix(self) -> str:
        return self._prefix

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> str:
        if name not in self._terms:
            raise AttributeError(f"{name!r} is not a term of {self._prefix} ({self._iri}) known to cultuurgraaf")
        return self._iri + name

    def __contains__(self, iri: str) -> bool:
        return iri.startswith(self._iri) and iri[len(self._iri):] in self._terms


CRM = ClosedNamespace("crm", "http://www.cidoc-crm.org/cidoc-crm/", """
    E7_Activity E12_Production E22_Human-Made_Object E22_Man-Made_Object E54_Dimension
    E78_Curated_Holding E18_Physical_Thing E53_Place
    P2_has_type P3_has_note P4_has_time-span P14_carried_out_by P43_has_dimension P45_consists_of
    P46i_forms_part_of P50_has_current_keeper P90_has_value P91_has_unit P102_has_title
    P108_has_produced P108i_was_produced_by P138i_has_representation
""")
ADMS = ClosedNamespace("adms", "http://www.w3.org/ns/adms#", "Identifier identifier schemaAgency")
CP = ClosedNamespace("cp", "https://data.vlaanderen.be/ns/cultuurparticipatie#", "thema Activiteit.prijs")
DCT = ClosedNamespace("dct", "http://purl.org/dc/terms/", """
    title description type license identifier source created modified issued publisher
    hasPart isPartOf conformsTo format temporal spatial rights language accessRights isVersionOf
    extent medium isReferencedBy
""")
FOAF = ClosedNamespace("foaf", "http://xmlns.com/foaf/0.1/", "name givenName familyName homepage page depiction")
GEO = ClosedNamespace("geo", "http://www.opengis.net/ont/geosparql#", "asWKT wktLiteral")
LOCN = ClosedNamespace("locn", "http://www.w3.org/ns/locn#", """
    Address Geometry address geometry fullAddress thoroughfare locatorDesignator postCode postName adminUnitL1
""")
M8G = ClosedNamespace("m8g", "http://data.europa.eu/m8g/", "PeriodOfTime startTime endTime")
ORG = ClosedNamespace("org", "http://www.w3.org/ns/org#", "Organization classification hasSite")
OWL = ClosedNamespace("owl", "http://www.w3.org/2002/07/owl#", "sameAs equivalentClass Ontology")
PERSON = ClosedNamespace("person", "http://www.w3.org/ns/person#", "Person")
PROV = ClosedNamespace("prov", "http://www.w3.org/ns/prov#", """
    Activity Entity Location SoftwareAgent Usage Role atLocation used generated wasGeneratedBy startedAtTime
    endedAtTime wasAssociatedWith qualifiedUsage entity hadRole generatedAtTime wasDerivedFrom
""")
RDF = ClosedNamespace("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "type langString")
RDFS = ClosedNamespace("rdfs", "http://www.w3.org/2000/01/rdf-schema#", "label comment seeAlso")
SCHEMA = ClosedNamespace("schema", "http://schema.org/", """
    ContactPoint PriceSpecification contactPoint email telephone price priceCurrency image
    Thing CreativeWork VisualArtwork Event Place Organization Person Dataset PostalAddress GeoCoordinates
    name alternateName description url sameAs identifier license dateCreated creator artMedium artform
    startDate endDate location organizer address streetAddress postalCode addressLocality addressCountry
    geo latitude longitude givenName familyName foundingDate dissolutionDate
""")
SKOS = ClosedNamespace("skos", "http://www.w3.org/2004/02/skos/core#", """
    Concept prefLabel altLabel hiddenLabel notation exactMatch closeMatch
""")
XSD = ClosedNamespace("xsd", "http://www.w3.org/2001/XMLSchema#", """
    string boolean decimal integer double date dateTime gYear gYearMonth anyURI duration
""")
EDTF = ClosedNamespace("edtf", "http://id.loc.gov/datatypes/edtf/", "EDTF")
CG = ClosedNamespace("cg", "https://data.cultuurgraaf.be/ns/cultuurgraaf#", """
    Kind klasse sourceFile recordLocator mappingRule
    Link LinkRule KeyMatch rule relation left right leftSource rightSource match matchedKey matchedValue
    leftValue rightValue canonical key rulesChecksum
    manifest staging
""")

#: The vocabularies of the graph's data.
ALL = (CRM, ADMS, CP, DCT, EDTF, FOAF, GEO, LOCN, M8G, ORG, OWL, PERSON, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, CG)

#: The prefixes the project writes and offers to query writers.
PREFIXES: dict[str, str] = {ns.prefix: ns.iri for ns in ALL}

#: SHACL, for the terms the project's own code reads from shapes (its SPARQL-based constraints, the
#: constraints beyond OSLO that the validation profiles read, what a shape expects for the export
#: checker) and writes into the shape of an event stream.
SH = ClosedNamespace("sh", "http://www.w3.org/ns/shacl#", """
    select prefixes declare prefix namespace sparql
    NodeShape property path minCount maxCount datatype nodeKind IRI targetClass name description
""")

# The vocabularies that describe the graph rather than make it: the catalogue in the meta graph
# (DCAT-AP, VoID, PROV-O, DQV, SPDX, the EU's authority tables) and the SPARQL service description.
DCAT = ClosedNamespace("dcat", "http://www.w3.org/ns/dcat#", """
    Catalog Dataset Distribution DataService dataset distribution service accessURL downloadURL
    accessService endpointURL endpointDescription servesDataset mediaType keyword landingPage
""")
VOID = ClosedNamespace("void", "http://rdfs.org/ns/void#", """
    Dataset Linkset triples entities classes properties classPartition propertyPartition class
    property sparqlEndpoint dataDump subset linkPredicate subjectsTarget objectsTarget uriSpace
""")
SPDX = ClosedNamespace("spdx", "http://spdx.org/rdf/terms#", """
    Checksum checksum algorithm checksumValue checksumAlgorithm_sha256
""")
DQV = ClosedNamespace("dqv", "http://www.w3.org/ns/dqv#", """
    QualityMeasurement Metric hasQualityMeasurement isMeasurementOf computedOn value expectedDataType
""")
EU = ClosedNamespace("eu", "http://publications.europa.eu/resource/authority/", """
    access-right/PUBLIC language/NLD file-type/SPARQLQ file-type/RDF_N_TRIPLES file-type/RDF_N_QUADS
""")
MEDIA_TYPES = ClosedNamespace("media", "https://www.iana.org/assignments/media-types/", """
    application/n-triples application/n-quads text/turtle
""")
SD = ClosedNamespace("sd", "http://www.w3.org/ns/sparql-service-description#", """
    Service Dataset Graph NamedGraph endpoint supportedLanguage resultFormat feature defaultEntailmentRegime
    defaultDataset defaultGraph namedGraph name graph
    SPARQL11Query SPARQL11Update UnionDefaultGraph BasicFederatedQuery
""")
FORMATS = ClosedNamespace("formats", "http://www.w3.org/ns/formats/", """
    SPARQL_Results_JSON SPARQL_Results_XML SPARQL_Results_CSV SPARQL_Results_TSV
    Turtle N-Triples JSON-LD RDF_XML N-Quads TriG
""")
ENTAILMENT = ClosedNamespace("entailment", "http://www.w3.org/ns/entailment/", "Simple")

# The doors for other systems (feeds/), and what harvested sources read (sources/harvest/): change
# feeds as Linked Data Event Streams (LDES, on TREE), the tombstones of Activity Streams, the
# stream's shape (SHACL), and OAI-PMH with the Europeana Data Model (EDM, with OAI-ORE), Dublin
# Core and LIDO, whose XML namespaces are here too.
LDES = ClosedNamespace("ldes", "https://w3id.org/ldes#", """
    EventStream RetentionPolicy retentionPolicy versionAmount versionDuration timestampPath versionOfPath
    versionDeleteObject versionDeletePath immutable versionTimestampPath
""")
TREE = ClosedNamespace("tree", "https://w3id.org/tree#", """
    Node GreaterThanOrEqualToRelation ViewDescription member view relation node path value shape viewDescription
""")
AS = ClosedNamespace("as", "https://www.w3.org/ns/activitystreams#", "Delete")
DC = ClosedNamespace("dc", "http://purl.org/dc/elements/1.1/", """
    title creator subject description publisher contributor date type format identifier source language
    relation coverage rights
""")
EDM = ClosedNamespace("edm", "http://www.europeana.eu/schemas/edm/", """
    ProvidedCHO WebResource type rights aggregatedCHO dataProvider provider isShownAt isShownBy object
""")
ORE = ClosedNamespace("ore", "http://www.openarchives.org/ore/terms/", "Aggregation")
OAI = ClosedNamespace("oai", "http://www.openarchives.org/OAI/2.0/", "")
OAI_DC = ClosedNamespace("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc/", "dc")
LIDO = ClosedNamespace("lido", "http://www.lido-schema.org", "")
XSI = ClosedNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance", "schemaLocation")
XML = ClosedNamespace("xml", "http://www.w3.org/XML/1998/namespace", "lang")
#: Where the XML schemas of those namespaces are published (for xsi:schemaLocation; never fetched here).
SCHEMA_LOCATIONS: dict[str, str] = {
    OAI.iri: "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd",
    OAI_DC.iri: "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
    LIDO.iri: "http://www.lido-schema.org/schema/v1.0/lido-v1.0.xsd",
    EDM.iri: "http://www.europeana.eu/schemas/edm/EDM.xsd",
}
