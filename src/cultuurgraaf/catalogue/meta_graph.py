"""The graph that describes the others (``{base}/graph/meta``), rebuilt on every build or load.

- A DCAT-AP catalogue, following the Flemish DCAT-AP-VL profile where it applies: one
  ``dcat:Dataset`` per source (title, description, identifier, licence, access rights, language,
  modification time), each with two distributions (the SPARQL endpoint and an N-Triples dump), a
  ``dcat:DataService`` for the endpoint, and a dataset for the whole graph with the whole dump.
- VoID statistics: triples, typed entities, entities per class (``void:classPartition``),
  triples per property (``void:propertyPartition``), and ``void:Linkset`` for the links between
  sources.
- PROV-O: one ``prov:Activity`` per source per build that loaded it, with its start and end, the
  input files, mapping and shapes it used (each with its SHA-256), the software, and the
  validation summary as DQV quality measurements.

Things are named under ``{base}/id/`` (``dataset/objecten``, ``bouw/objecten-g7``), so the pages
describe them like any other thing. Blank nodes only for partitions, checksums and measurements.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .. import __version__
from ..config import Project
from ..store import Manifest, now
from .doors import describe_doors
from ..store.statistics import GraphStatistics, Linkset, graph_statistics, linksets
from ..vocab import DCAT, DCT, DQV, EU, FOAF, LDES, MEDIA_TYPES, OAI, PROV, RDF, RDFS, SKOS, SPDX, TREE, VOID, XSD

RDF_TYPE = URIRef(RDF.type)
RDFS_LABEL = URIRef(RDFS.label)
PUBLIC = URIRef(EU["access-right/PUBLIC"])
DUTCH = URIRef(EU["language/NLD"])
FILE_TYPES = {"sparql": URIRef(EU["file-type/SPARQLQ"]), "nt": URIRef(EU["file-type/RDF_N_TRIPLES"]),
              "nq": URIRef(EU["file-type/RDF_N_QUADS"])}
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
LDES_SPECIFICATION = URIRef("https://w3id.org/ldes/specification")
TURTLE = URIRef(MEDIA_TYPES["text/turtle"])
RECONCILIATION_API = URIRef("https://reconciliation-api.github.io/specs/0.2/")
ROLES = {"inputs": ("invoer", "Invoerbestand", "Input file"), "mapping": ("mapping", "Mapping", "Mapping"),
         "shapes": ("vormen", "SHACL-vormen", "SHACL shapes")}
METRICS = {"Violation": ("schendingen", "Schendingen van de SHACL-vormen", "Violations of the SHACL shapes"),
           "Warning": ("waarschuwingen", "Waarschuwingen bij de SHACL-vormen", "Warnings of the SHACL shapes"),
           "Info": ("opmerkingen", "Opmerkingen bij de SHACL-vormen", "Notes of the SHACL shapes")}


@dataclass(frozen=True)
class Names:
    """The IRIs of the meta graph's things, for one project."""

    project: Project

    def thing(self, kind: str, ref: str) -> URIRef:
        return URIRef(self.project.iris.thing(kind, ref))

    @property
    def catalogue(self) -> URIRef:
        return self.thing("catalogus", "cultuurgraaf")

    @property
    def whole(self) -> URIRef:
        return self.thing("dataset", "cultuurgraaf")

    @property
    def service(self) -> URIRef:
        return self.thing("dataservice", "sparql")

    @property
    def oai(self) -> URIRef:
        return self.thing("dataservice", "oai-pmh")

    def stream(self, name: str) -> URIRef:
        return self.url(f"/ldes/{name}")

    @property
    def reconciliation(self) -> URIRef:
        return self.thing("dataservice", "reconciliatie")

    @property
    def software(self) -> URIRef:
        return self.thing("software", f"cultuurgraaf-{__version__}")

    def dataset(self, name: str) -> URIRef:
        return self.thing("dataset", _ref(name))

    def distribution(self, name: str, kind: str) -> URIRef:
        return self.thing("distributie", f"{_ref(name)}-{kind}")

    def activity(self, name: str, generation: int) -> URIRef:
        return self.thing("bouw", f"{_ref(name)}-g{generation}")

    def role(self, key: str) -> URIRef:
        return self.thing("rol", ROLES[key][0])

    def metric(self, severity: str) -> URIRef:
        return self.thing("metriek", METRICS[severity][0])

    def url(self, path: str) -> URIRef:
        return URIRef(self.project.base_iri + path)


def describe_generation(tx, project: Project) -> None:
    """Write the meta graph of the generation a transaction is writing: statistics, links, catalogue.

    Copies the kept graphs first (the links between sources need them all), counts statistics of
    any source that has none yet, and counts the links between sources again where one of the two
    changed.
    """
    tx.keep_others()
    manifest = tx.manifest
    for info in manifest.graphs.values():
        if not info.stats:
            stats = graph_statistics(tx, info.all_graphs)
            info.stats, info.triples = stats.to_json(), stats.triples
    owners = {graph: name for name, info in manifest.graphs.items() for graph in info.all_graphs}
    sizes = {name: GraphStatistics.from_json(info.stats) for name, info in manifest.graphs.items()}
    # a source the transaction kept has the previous manifest's own entry (a loaded one has a new one);
    # one a SPARQL update may have changed has lost its checksum
    unchanged = {name for name, info in manifest.graphs.items()
                 if tx.old_manifest.graphs.get(name) is info and info.checksum}
    previous = [Linkset(**linkset) for linkset in tx.old_manifest.linksets]
    manifest.linksets = [linkset.to_json() for linkset in linksets(tx, owners, sizes, previous=previous,
                                                                   unchanged=unchanged)]
    tx.write_graph(project.iris.meta_graph,
                   catalogue_quads(project, manifest, built_at=now(), generation=tx.generation))


def catalogue_quads(project: Project, manifest: Manifest, *, built_at: str, generation: int = 0) -> bytes:
    """N-Triples of the meta graph for a store whose sources are described by ``manifest``."""
    graph = catalogue_graph(project, manifest, built_at=built_at, generation=generation)
    return graph.serialize(format="nt", encoding="utf-8")


def catalogue_graph(project: Project, manifest: Manifest, *, built_at: str, generation: int = 0) -> Graph:
    names = Names(project)
    g = Graph()
    licence = URIRef(project.licence) if project.licence else None

    def add(s: Node, p: str, o: Node | str) -> None:
        g.add((s, URIRef(p), o if isinstance(o, Node) else Literal(o)))

    def nl(text: str) -> Literal:
        return Literal(text, lang="nl")

    def time(text: str) -> Literal:
        return Literal(text, datatype=URIRef(XSD.dateTime))

    def integer(n: int) -> Literal:
        return Literal(int(n))

    # the catalogue, the endpoint, the whole graph
    add(names.catalogue, RDF_TYPE, URIRef(DCAT.Catalog))
    add(names.catalogue, DCT.title, nl(project.name))
    add(names.catalogue, DCT.description, nl(f"De bronnen van {project.name}: één dataset per bron, "
                                            "met haar herkomst en statistieken."))
    add(names.catalogue, DCT.modified, time(built_at))
    add(names.catalogue, DCT.language, DUTCH)
    add(names.catalogue, FOAF.homepage, names.url("/"))
    if licence:
        add(names.catalogue, DCT.license, licence)
    add(names.catalogue, DCAT.service, names.service)
    add(names.service, RDF_TYPE, URIRef(DCAT.DataService))
    add(names.service, DCT.title, nl(f"SPARQL-endpoint van {project.name}"))
    add(names.service, DCAT.endpointURL, names.url("/sparql"))
    add(names.service, DCAT.endpointDescription, names.url("/sparql"))
    add(names.service, DCT.conformsTo, SPARQL_PROTOCOL)
    add(names.service, DCT.accessRights, PUBLIC)
    if licence:
        add(names.service, DCT.license, licence)
    add(names.software, RDF_TYPE, URIRef(PROV.SoftwareAgent))
    add(names.software, RDFS_LABEL, Literal(f"cultuurgraaf {__version__}"))

    whole = names.whole
    add(names.catalogue, DCAT.dataset, whole)
    for kind in (DCAT.Dataset, VOID.Dataset):
        add(whole, RDF_TYPE, URIRef(kind))
    add(whole, DCT.title, nl(f"{project.name}: de hele graaf"))
    add(whole, DCT.description, nl("Alle bronnen samen, met de verbanden tussen hen."))
    add(whole, DCT.modified, time(built_at))
    add(whole, DCT.accessRights, PUBLIC)
    add(whole, VOID.sparqlEndpoint, names.url("/sparql"))
    add(whole, VOID.dataDump, names.url("/dump.nq"))
    add(whole, VOID.uriSpace, Literal(project.base_iri + "/id/"))
    add(whole, VOID.triples, integer(sum(info.triples for info in manifest.graphs.values())))
    add(names.service, DCAT.servesDataset, whole)
    _distribution(g, names, whole, "cultuurgraaf", "dump", names.url("/dump.nq"), "nq", "application/n-quads",
                  licence, "De hele graaf als N-Quads")
    _distribution(g, names, whole, "cultuurgraaf", "sparql", names.url("/sparql"), "sparql", None, licence,
                  "De hele graaf via SPARQL")
    _reconciliation_service(g, names, whole, licence)
    describe_doors(g, names, whole, licence)

    for severity, (_, dutch, english) in METRICS.items():
        metric = names.metric(severity)
        add(metric, RDF_TYPE, URIRef(DQV.Metric))
        add(metric, SKOS.prefLabel, nl(dutch))
        add(metric, SKOS.prefLabel, Literal(english, lang="en"))
        add(metric, DQV.expectedDataType, URIRef(XSD.integer))
    for key, (_, dutch, english) in ROLES.items():
        role = names.role(key)
        add(role, RDF_TYPE, URIRef(PROV.Role))
        add(role, RDFS_LABEL, nl(dutch))
        add(role, RDFS_LABEL, Literal(english, lang="en"))

    sources = {s.name: s for s in project.sources}
    files: set[URIRef] = set()
    for name, info in sorted(manifest.graphs.items()):
        source = sources.get(name)
        dataset = names.dataset(name)
        source_licence = URIRef(source.licence) if source and source.licence else licence
        add(names.catalogue, DCAT.dataset, dataset)
        add(whole, VOID.subset, dataset)
        add(names.service, DCAT.servesDataset, dataset)
        for kind in (DCAT.Dataset, VOID.Dataset):
            add(dataset, RDF_TYPE, URIRef(kind))
        add(dataset, DCT.title, nl(source.title if source else _loaded_title(name)))
        if source and source.description:
            add(dataset, DCT.description, nl(source.description))
        add(dataset, DCT.identifier, Literal(info.iri))
        add(dataset, DCT.accessRights, PUBLIC)
        if source_licence:
            add(dataset, DCT.license, source_licence)
        if info.loaded_at:
            add(dataset, DCT.modified, time(info.loaded_at))
        add(dataset, VOID.sparqlEndpoint, names.url("/sparql"))
        _statistics(g, dataset, GraphStatistics.from_json(info.stats) if info.stats else None, info.triples)
        if source is not None:
            add(dataset, VOID.dataDump, names.url(f"/dump/{name}.nt"))
            _distribution(g, names, dataset, name, "dump", names.url(f"/dump/{name}.nt"), "nt",
                          "application/n-triples", source_licence, f"{source.title} als N-Triples")
        _distribution(g, names, dataset, name, "sparql", names.url("/sparql"), "sparql", None, source_licence,
                      f"{source.title if source else _loaded_title(name)} via SPARQL")
        _activity(g, names, name, info, dataset, generation=info.extra.get("generation", generation), files=files)
        if source is not None and project.store_path is not None:
            _stream(g, names, name, source.title, dataset, source_licence)
    if project.store_path is not None:
        _oai(g, names, [names.dataset(name) for name in sorted(manifest.graphs) if name in sources], licence)

    datasets = {name: names.dataset(name) for name in manifest.graphs}
    for linkset in manifest.linksets:
        if linkset["source"] not in datasets or linkset["target"] not in datasets:
            continue
        node = BNode()
        add(datasets[linkset["source"]], VOID.subset, node)
        add(node, RDF_TYPE, URIRef(VOID.Linkset))
        add(node, VOID.subjectsTarget, datasets[linkset["source"]])
        add(node, VOID.objectsTarget, datasets[linkset["target"]])
        add(node, VOID.linkPredicate, URIRef(linkset["predicate"]))
        add(node, VOID.triples, integer(linkset["triples"]))
    return g


def _stream(g: Graph, names: Names, name: str, title: str, dataset: URIRef, licence: URIRef | None) -> None:
    """The source's changes as a Linked Data Event Stream (feeds/ldes.py): a dataset of its own."""
    stream = names.stream(name)
    g.add((names.catalogue, URIRef(DCAT.dataset), stream))
    for kind in (DCAT.Dataset, LDES.EventStream):
        g.add((stream, RDF_TYPE, URIRef(kind)))
    g.add((stream, URIRef(DCT.title), Literal(f"Wijzigingen van {title}", lang="nl")))
    g.add((stream, URIRef(DCT.description), Literal(
        "Elke bouw voegt een versie toe van elk ding dat veranderde en een grafsteen voor elk ding dat verdween.",
        lang="nl")))
    g.add((stream, URIRef(PROV.wasDerivedFrom), dataset))
    g.add((stream, URIRef(DCT.accessRights), PUBLIC))
    g.add((stream, URIRef(DCT.conformsTo), LDES_SPECIFICATION))
    g.add((stream, URIRef(LDES.timestampPath), URIRef(PROV.generatedAtTime)))
    g.add((stream, URIRef(LDES.versionOfPath), URIRef(DCT.isVersionOf)))
    g.add((stream, URIRef(TREE.view), names.url(f"/ldes/{name}/1")))
    if licence:
        g.add((stream, URIRef(DCT.license), licence))
    node = names.distribution(name, "ldes")
    g.add((stream, URIRef(DCAT.distribution), node))
    g.add((node, RDF_TYPE, URIRef(DCAT.Distribution)))
    g.add((node, URIRef(DCT.title), Literal(f"{title}: wijzigingen als LDES", lang="nl")))
    g.add((node, URIRef(DCAT.accessURL), stream))
    g.add((node, URIRef(DCAT.mediaType), TURTLE))
    g.add((node, URIRef(DCT.conformsTo), LDES_SPECIFICATION))


def _oai(g: Graph, names: Names, datasets: list[URIRef], licence: URIRef | None) -> None:
    """The OAI-PMH provider (feeds/oai.py), a data service that serves every source's records."""
    service = names.oai
    g.add((names.catalogue, URIRef(DCAT.service), service))
    g.add((service, RDF_TYPE, URIRef(DCAT.DataService)))
    g.add((service, URIRef(DCT.title), Literal(f"OAI-PMH van {names.project.name}", lang="nl")))
    g.add((service, URIRef(DCAT.endpointURL), names.url("/oai")))
    g.add((service, URIRef(DCAT.endpointDescription), names.url("/oai?verb=Identify")))
    g.add((service, URIRef(DCT.conformsTo), URIRef(OAI.iri)))
    g.add((service, URIRef(DCT.accessRights), PUBLIC))
    if licence:
        g.add((service, URIRef(DCT.license), licence))
    for dataset in datasets:
        g.add((service, URIRef(DCAT.servesDataset), dataset))


def _statistics(g: Graph, dataset: URIRef, stats: GraphStatistics | None, triples: int) -> None:
    g.add((dataset, URIRef(VOID.triples), Literal(stats.triples if stats else triples)))
    if stats is None:
        return
    g.add((dataset, URIRef(VOID.entities), Literal(stats.entities)))
    g.add((dataset, URIRef(VOID.classes), Literal(len(stats.classes))))
    g.add((dataset, URIRef(VOID.properties), Literal(len(stats.properties))))
    for cls, n in sorted(stats.classes.items()):
        node = BNode()
        g.add((dataset, URIRef(VOID.classPartition), node))
        g.add((node, URIRef(VOID["class"]), URIRef(cls)))
        g.add((node, URIRef(VOID.entities), Literal(n)))
    for prop, n in sorted(stats.properties.items()):
        node = BNode()
        g.add((dataset, URIRef(VOID.propertyPartition), node))
        g.add((node, URIRef(VOID.property), URIRef(prop)))
        g.add((node, URIRef(VOID.triples), Literal(n)))


def _reconciliation_service(g: Graph, names: Names, whole: URIRef, licence: URIRef | None) -> None:
    """The reconciliation service (docs/reconciliation.md): the manifest at ``/reconcile`` says the rest."""
    service = names.reconciliation
    g.add((names.catalogue, URIRef(DCAT.service), service))
    g.add((service, RDF_TYPE, URIRef(DCAT.DataService)))
    g.add((service, URIRef(DCT.title), Literal(f"Reconciliatiedienst van {names.project.name}", lang="nl")))
    g.add((service, URIRef(DCT.description), Literal(
        "Namen en autoriteits-id's (Wikidata, VIAF, RKD, ISIL, KBO) uit een spreadsheet afstemmen op de dingen "
        "van de graaf, met OpenRefine of een andere client van de W3C Reconciliation API.", lang="nl")))
    g.add((service, URIRef(DCAT.endpointURL), names.url("/reconcile")))
    g.add((service, URIRef(DCAT.endpointDescription), names.url("/reconcile")))
    g.add((service, URIRef(DCT.conformsTo), RECONCILIATION_API))
    g.add((service, URIRef(DCT.accessRights), PUBLIC))
    g.add((service, URIRef(DCAT.servesDataset), whole))
    if licence:
        g.add((service, URIRef(DCT.license), licence))


def _distribution(g: Graph, names: Names, dataset: URIRef, name: str, kind: str, url: URIRef, file_type: str,
                  media_type: str | None, licence: URIRef | None, title: str) -> None:
    node = names.distribution(name, kind)
    g.add((dataset, URIRef(DCAT.distribution), node))
    g.add((node, RDF_TYPE, URIRef(DCAT.Distribution)))
    g.add((node, URIRef(DCT.title), Literal(title, lang="nl")))
    g.add((node, URIRef(DCAT.accessURL), url))
    g.add((node, URIRef(DCT["format"]), FILE_TYPES[file_type]))
    if kind == "dump":
        g.add((node, URIRef(DCAT.downloadURL), url))
    else:
        g.add((node, URIRef(DCAT.accessService), names.service))
    if media_type:
        g.add((node, URIRef(DCAT.mediaType), URIRef(MEDIA_TYPES[media_type])))
    if licence:
        g.add((node, URIRef(DCT.license), licence))


def _activity(g: Graph, names: Names, name: str, info, dataset: URIRef, *, generation: int,
              files: set[URIRef]) -> None:
    activity = names.activity(name, generation)
    g.add((dataset, URIRef(PROV.wasGeneratedBy), activity))
    g.add((activity, RDF_TYPE, URIRef(PROV.Activity)))
    g.add((activity, RDFS_LABEL, Literal(f"Bouw van {name} (generatie {generation})", lang="nl")))
    g.add((activity, URIRef(PROV.generated), dataset))
    g.add((activity, URIRef(PROV.wasAssociatedWith), names.software))
    if info.started_at:
        g.add((activity, URIRef(PROV.startedAtTime), Literal(info.started_at, datatype=URIRef(XSD.dateTime))))
    if info.loaded_at:
        g.add((activity, URIRef(PROV.endedAtTime), Literal(info.loaded_at, datatype=URIRef(XSD.dateTime))))
    for key in ROLES:
        used = info.extra.get(key) or {}
        if isinstance(used, str):
            used = {used: ""}
        for path, checksum in sorted(used.items()):
            entity = names.thing("bestand", hashlib.sha256(f"{path}\n{checksum}".encode()).hexdigest()[:16])
            g.add((activity, URIRef(PROV.used), entity))
            usage = BNode()
            g.add((activity, URIRef(PROV.qualifiedUsage), usage))
            g.add((usage, RDF_TYPE, URIRef(PROV.Usage)))
            g.add((usage, URIRef(PROV.entity), entity))
            g.add((usage, URIRef(PROV.hadRole), names.role(key)))
            if entity in files:
                continue
            files.add(entity)
            g.add((entity, RDF_TYPE, URIRef(PROV.Entity)))
            g.add((entity, RDFS_LABEL, Literal(path)))
            if checksum:
                sum_node = BNode()
                g.add((entity, URIRef(SPDX.checksum), sum_node))
                g.add((sum_node, RDF_TYPE, URIRef(SPDX.Checksum)))
                g.add((sum_node, URIRef(SPDX.algorithm), URIRef(SPDX.checksumAlgorithm_sha256)))
                g.add((sum_node, URIRef(SPDX.checksumValue), Literal(checksum)))
    for severity, count in sorted((info.extra.get("validation") or {}).items()):
        if severity not in METRICS:
            continue
        measurement = BNode()
        g.add((dataset, URIRef(DQV.hasQualityMeasurement), measurement))
        g.add((measurement, RDF_TYPE, URIRef(DQV.QualityMeasurement)))
        g.add((measurement, URIRef(DQV.computedOn), dataset))
        g.add((measurement, URIRef(DQV.isMeasurementOf), names.metric(severity)))
        g.add((measurement, URIRef(DQV.value), Literal(int(count))))
        g.add((measurement, URIRef(PROV.wasGeneratedBy), activity))


def _loaded_title(name: str) -> str:
    return f"Geladen bestand {name[5:]}" if name.startswith("load:") else name


def _ref(name: str) -> str:
    """A source name, or a loaded graph's IRI, as the last segment of an IRI."""
    if name.startswith("load:"):
        return "geladen-" + hashlib.sha256(name.encode()).hexdigest()[:12]
    return name
