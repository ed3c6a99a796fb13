"""The SPARQL service description of /sparql (sd: vocabulary), linking to the VoID/DCAT catalogue.

What /sparql answers when asked for without a query by a program: what it speaks, in which
formats it answers, how its dataset is made (the default graph is the union of the named graphs,
one per source, plus the meta graph), and where the catalogue that describes each source lives.
"""

from __future__ import annotations

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from ..config import Project
from ..store import Manifest
from ..vocab import DCT, ENTAILMENT, FORMATS, RDF, RDFS, SD, VOID, XSD

RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads", "TriG")
#: negotiated format -> rdflib serializer
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml",
                  "nquads": "nquads", "trig": "trig"}


def describe(*, endpoint: str, project: Project, manifest: Manifest, federated: bool) -> Graph:
    graph = Graph()
    for namespace in (SD, VOID, DCT):
        graph.bind(namespace.prefix, namespace.iri)

    def add(s: Node, p: str, o: Node | str) -> None:
        graph.add((s, URIRef(p), o if isinstance(o, Node) else URIRef(o)))

    service = URIRef(endpoint)
    catalogue = URIRef(project.iris.thing("catalogus", "cultuurgraaf"))
    add(service, RDF.type, SD.Service)
    add(service, SD.endpoint, service)
    add(service, DCT.title, Literal(f"{project.name}: SPARQL", lang="nl"))
    add(service, SD.supportedLanguage, SD.SPARQL11Query)
    if project.server.update_token:
        add(service, SD.supportedLanguage, SD.SPARQL11Update)
    for name in RESULT_FORMATS:
        add(service, SD.resultFormat, FORMATS[name])
    add(service, SD.feature, SD.UnionDefaultGraph)
    if federated:
        add(service, SD.feature, SD.BasicFederatedQuery)
    add(service, SD.defaultEntailmentRegime, ENTAILMENT.Simple)
    add(service, RDFS.seeAlso, catalogue)

    dataset = BNode("dataset")
    add(service, SD.defaultDataset, dataset)
    add(dataset, RDF.type, SD.Dataset)
    add(dataset, RDFS.seeAlso, catalogue)
    default = BNode("default")
    add(dataset, SD.defaultGraph, default)
    add(default, RDF.type, SD.Graph)
    add(default, RDFS.comment, Literal("The union of all named graphs.", lang="en"))
    add(default, VOID.triples, Literal(sum(i.triples for i in manifest.graphs.values()), datatype=URIRef(XSD.integer)))
    named = [(info.iri, info.triples, URIRef(project.iris.thing("dataset", name)) if not name.startswith("load:")
              else None) for name, info in sorted(manifest.graphs.items())]
    named.append((project.iris.meta_graph, None, catalogue))
    for iri, triples, described_by in named:
        entry = BNode()
        add(dataset, SD.namedGraph, entry)
        add(entry, RDF.type, SD.NamedGraph)
        add(entry, SD.name, URIRef(iri))
        description = BNode()
        add(entry, SD.graph, description)
        add(description, RDF.type, SD.Graph)
        if triples is not None:
            add(description, VOID.triples, Literal(triples, datatype=URIRef(XSD.integer)))
        if described_by is not None:
            add(description, RDFS.seeAlso, described_by)
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
