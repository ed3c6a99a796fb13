"""VoID statistics of a source's graphs and the links between sources, counted with SPARQL.

Everything here runs through a ``query(text, default_graph=...)`` function, so the same counts
come from the embedded store, a transaction being written, or a remote server. Statistics are
counted once, when a source is loaded, and kept in the manifest with it; links between sources
are counted again for the pairs of sources of which one changed.

>>> stats = GraphStatistics(triples=3, entities=1, classes={"http://ex.org/C": 1}, properties={"http://ex.org/p": 3})
>>> GraphStatistics.from_json(stats.to_json()) == stats
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Protocol

from ..vocab import RDF

RDF_TYPE = RDF.type


class Reader(Protocol):
    def query(self, text: str, *, default_graph: list[str] | None = None): ...


@dataclass
class GraphStatistics:
    """What VoID says of a dataset: triples, typed entities, entities per class, triples per property."""

    triples: int = 0
    entities: int = 0
    classes: dict[str, int] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "GraphStatistics":
        return cls(triples=int(data.get("triples", 0)), entities=int(data.get("entities", 0)),
                   classes=dict(data.get("classes", {})), properties=dict(data.get("properties", {})))


@dataclass(frozen=True)
class Linkset:
    """Triples of one source whose object is a thing described (typed) by another source."""

    source: str
    target: str
    predicate: str
    triples: int

    def to_json(self) -> dict:
        return asdict(self)


def graph_statistics(reader: Reader, graphs: list[str]) -> GraphStatistics:
    """Count the triples per property and the typed entities per class of ``graphs`` (as one dataset)."""
    stats = GraphStatistics()
    for row in reader.query("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
                            default_graph=graphs).rows():
        stats.properties[str(row["p"])] = int(row["n"])
    stats.triples = sum(stats.properties.values())
    if RDF_TYPE in stats.properties:
        for row in reader.query(f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{RDF_TYPE}> ?c }} GROUP BY ?c",
                                default_graph=graphs).rows():
            stats.classes[str(row["c"])] = int(row["n"])
        row = next(reader.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{RDF_TYPE}> ?c }}",
                                default_graph=graphs).rows())
        stats.entities = int(row["n"])
    return stats


def linksets(reader: Reader, owners: dict[str, str], sizes: dict[str, GraphStatistics], *,
             previous: list[Linkset] = (), unchanged: frozenset[str] | set[str] = frozenset()) -> list[Linkset]:
    """The links between sources: per source, target source and predicate, how many triples.

    ``owners`` maps each graph IRI to the source that owns it, ``sizes`` each source to its
    statistics. A link is a triple in one source's graphs whose object is a thing another source
    gives a type (so describes). Each pair of graphs is counted from its cheaper side: from the
    target's typed things looking up what points at them, or from the source's triples checking
    their objects, so the cost follows the smaller of the two. Between two ``unchanged`` sources the
    links are those of ``previous`` (the generation before's), not counted again: a small change costs
    the links of what it changed.
    """
    if len(set(owners.values())) < 2:
        return []
    found: dict[tuple[str, str, str], int] = {}
    for kept in previous:
        if kept.source in unchanged and kept.target in unchanged:
            found[(kept.source, kept.target, kept.predicate)] = kept.triples
    for target_graph, target in sorted(owners.items()):
        for graph, source in sorted(owners.items()):
            if source == target or (source in unchanged and target in unchanged):
                continue
            things = sizes.get(target, GraphStatistics()).entities
            if things == 0:
                continue
            if things <= sizes.get(source, GraphStatistics()).triples:
                query = (f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ "
                         f"{{ SELECT DISTINCT ?o WHERE {{ GRAPH <{target_graph}> {{ ?o <{RDF_TYPE}> ?type }} }} }} "
                         f"GRAPH <{graph}> {{ ?s ?p ?o }} }} GROUP BY ?p")
            else:
                query = (f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o FILTER(isIRI(?o)) }} "
                         f"FILTER EXISTS {{ GRAPH <{target_graph}> {{ ?o <{RDF_TYPE}> ?type }} }} }} GROUP BY ?p")
            for row in reader.query(query).rows():
                key = (source, target, str(row["p"]))
                found[key] = found.get(key, 0) + int(row["n"])
    return [Linkset(source, target, predicate, n) for (source, target, predicate), n in sorted(found.items())]
