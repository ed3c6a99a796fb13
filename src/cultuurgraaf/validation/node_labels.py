"""Names of the things a report is about, read from the data itself: an object's title, a name.

A collection manager recognises *Theepot (2019.0042)* sooner than an IRI, so reports show the
name the data gives a focus node or value: a preferred label, a title or a name, Dutch first.
"""

from __future__ import annotations

from typing import Iterable

from rdflib import URIRef

from ..store.scratch import ScratchStore
from .report import ValidationReport

NAME_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.cidoc-crm.org/cidoc-crm/P102_has_title", "http://purl.org/dc/terms/title",
    "http://xmlns.com/foaf/0.1/name",
)
LANGUAGE_ORDER = {"nl": 0, "en": 1, "": 2}
BATCH = 400


def node_labels(store: ScratchStore, nodes: Iterable) -> dict[str, str]:
    """The best name of each IRI that has one in the store, Dutch first, then English, then any."""
    iris = sorted({str(n) for n in nodes if isinstance(n, URIRef)})
    best: dict[str, tuple[int, int, str]] = {}
    predicates = ", ".join(f"<{p}>" for p in NAME_PREDICATES)
    rank = {p: i for i, p in enumerate(NAME_PREDICATES)}
    for start in range(0, len(iris), BATCH):
        values = " ".join(f"<{iri}>" for iri in iris[start:start + BATCH])
        # the predicates as a filter, not a second VALUES: Oxigraph joins two VALUES blocks with the
        # triple pattern by scanning (about 50 times slower on a 1M-triple store)
        query = (f"SELECT ?node ?p ?name WHERE {{ VALUES ?node {{ {values} }} ?node ?p ?name "
                 f"FILTER(?p IN ({predicates}) && isLiteral(?name)) }}")
        for row in store.query(query).rows():
            name = row["name"]
            key = (LANGUAGE_ORDER.get(getattr(name, "language", None) or "", 3), rank[str(row["p"])], str(name))
            node = str(row["node"])
            if node not in best or key < best[node]:
                best[node] = key
    return {node: key[2] for node, key in best.items()}


def add_node_labels(report: ValidationReport, store: ScratchStore) -> ValidationReport:
    nodes = [r.focus for r in report.results] + [r.value for r in report.results if r.value is not None]
    report.node_labels = node_labels(store, nodes)
    return report
