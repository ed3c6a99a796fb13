"""The graph that describes the others: a DCAT catalogue with one dataset per source, VoID counts
and one PROV activity per source per build. Rebuilt on every build or load."""

from __future__ import annotations

from .config import Project
from .mapping import terms
from .store import Manifest

DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"


def catalogue_quads(project: Project, manifest: Manifest, *, built_at: str) -> bytes:
    """N-Quads of the meta graph for a store whose sources are described by ``manifest``."""
    base = project.base_iri
    graph = terms.iri(project.iris.meta_graph)
    lines: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        lines.append(f"{s} <{p}> {o} {graph} .\n")

    catalogue = terms.iri(project.iris.thing("catalogus", "cultuurgraaf"))
    add(catalogue, RDF_TYPE, terms.iri(DCAT + "Catalog"))
    add(catalogue, DCT + "title", terms.literal(project.name, language="nl"))
    add(catalogue, DCT + "modified", terms.literal(built_at, datatype=XSD + "dateTime"))
    endpoint = terms.iri(f"{base}/sparql")
    for name, info in sorted(manifest.graphs.items()):
        source = next((s for s in project.sources if s.name == name), None)
        dataset = terms.iri(project.iris.thing("dataset", name))
        add(catalogue, DCAT + "dataset", dataset)
        add(dataset, RDF_TYPE, terms.iri(DCAT + "Dataset"))
        add(dataset, RDF_TYPE, terms.iri(VOID + "Dataset"))
        add(dataset, DCT + "title", terms.literal(source.title if source else name, language="nl"))
        if source and source.description:
            add(dataset, DCT + "description", terms.literal(source.description, language="nl"))
        licence = (source.licence if source else None) or project.licence
        if licence:
            add(dataset, DCT + "license", terms.iri(licence))
        add(dataset, VOID + "triples", terms.literal(str(info.triples), datatype=XSD + "integer"))
        add(dataset, VOID + "sparqlEndpoint", endpoint)
        add(dataset, DCT + "identifier", terms.literal(info.iri))
        if info.loaded_at:
            add(dataset, DCT + "modified", terms.literal(info.loaded_at, datatype=XSD + "dateTime"))
        activity = terms.iri(project.iris.thing("bouw", f"{name}-{info.loaded_at.replace(':', '')}"))
        add(dataset, PROV + "wasGeneratedBy", activity)
        add(activity, RDF_TYPE, terms.iri(PROV + "Activity"))
        if info.loaded_at:
            add(activity, PROV + "endedAtTime", terms.literal(info.loaded_at, datatype=XSD + "dateTime"))
        for path, checksum in sorted(info.extra.get("inputs", {}).items()):
            add(activity, PROV + "used", terms.literal(f"{path} sha256:{checksum}"))
        if info.extra.get("mapping"):
            add(activity, PROV + "used", terms.literal(f"mapping {info.extra['mapping']}"))
    return "".join(lines).encode("utf-8")
