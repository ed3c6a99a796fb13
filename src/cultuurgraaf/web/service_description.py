"""The SPARQL service description of /sparql (sd: vocabulary), linking to the VoID/DCAT catalogue.

What /sparql answers when asked for without a query by a program: what it speaks, in which
formats it answers, how its dataset is made (the default graph is the union of the named graphs,
one per source, plus the meta graph), and where the catalogue that describes each source lives.
"""

from __future__ import annotations

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from ..config import Project
from ..store import Manifest

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads", "TriG")
#: negotiated format -> rdflib serializer
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml",
                  "nquads": "nquads", "trig": "trig"}


def describe(*, endpoint: str, project: Project, manifest: Manifest, federated: bool) -> Graph:
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    graph.bind("dct", DCTERMS)
    service = URIRef(endpoint)
    catalogue = URIRef(project.iris.thing("catalogus", "cultuurgraaf"))
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, DCTERMS.title, Literal(f"{project.name}: SPARQL", lang="nl")))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if project.server.update_token:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    if federated:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    graph.add((service, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    graph.add((service, RDFS.seeAlso, catalogue))

    dataset = BNode("dataset")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, RDFS.seeAlso, catalogue))
    default = BNode("default")
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, RDFS.comment, Literal("The union of all named graphs.", lang="en")))
    graph.add((default, VOID.triples, Literal(sum(i.triples for i in manifest.graphs.values()), datatype=XSD.integer)))
    named = [(info.iri, info.triples, URIRef(project.iris.thing("dataset", name)) if not name.startswith("load:")
              else None) for name, info in sorted(manifest.graphs.items())]
    named.append((project.iris.meta_graph, None, catalogue))
    for iri, triples, described_by in named:
        entry = BNode()
        graph.add((dataset, SD.namedGraph, entry))
        graph.add((entry, RDF.type, SD.NamedGraph))
        graph.add((entry, SD.name, URIRef(iri)))
        description = BNode()
        graph.add((entry, SD.graph, description))
        graph.add((description, RDF.type, SD.Graph))
        if triples is not None:
            graph.add((description, VOID.triples, Literal(triples, datatype=XSD.integer)))
        if described_by is not None:
            graph.add((description, RDFS.seeAlso, described_by))
    return graph


def serialize(*, endpoint: str, project: Project, manifest: Manifest, format: str, federated: bool = False) -> bytes:
    """The service description in a negotiated RDF format (``turtle``, ``jsonld``, ``nquads``, ...)."""
    graph = describe(endpoint=endpoint, project=project, manifest=manifest, federated=federated)
    if format in ("nquads", "trig"):
        quads = Dataset()
        for prefix, namespace in graph.namespaces():
            quads.bind(prefix, namespace)
        for triple in graph:
            quads.default_graph.add(triple)
        return quads.serialize(format=RDFLIB_FORMATS[format], encoding="utf-8")
    return graph.serialize(format=RDFLIB_FORMATS[format], encoding="utf-8")
