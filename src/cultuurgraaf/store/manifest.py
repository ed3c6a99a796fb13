"""What a store generation holds: one entry per source (or loaded file) with its graphs and history.

The manifest is what incremental builds compare checksums against, what the catalogue and the
provenance graph are written from, and what the pages show as "where this comes from".

>>> info = GraphInfo(iri="https://example.org/graph/objecten", triples=12, checksum="ab12")
>>> Manifest.from_json(Manifest(graphs={"objecten": info}).to_json()).graphs["objecten"].triples
12
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, fields


@dataclass
class GraphInfo:
    """One source's graph: its IRI, size, checksum over its inputs, when and how it was made.

    ``graphs`` lists every named graph the load wrote (the source's own graph, and any other a
    mapping or an N-Quads file named); a replacement replaces all of them. ``stats`` holds the
    VoID statistics and ``extra`` what the build knew (inputs with checksums, mapping, shapes,
    validation summary, licence).
    """

    iri: str
    triples: int = 0
    checksum: str = ""
    loaded_at: str = ""
    started_at: str = ""
    graphs: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    @property
    def all_graphs(self) -> list[str]:
        return self.graphs or [self.iri]

    @classmethod
    def from_json(cls, data: dict) -> "GraphInfo":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Manifest:
    generation: int = 0
    graphs: dict[str, GraphInfo] = field(default_factory=dict)
    built_at: str = ""
    linksets: list[dict] = field(default_factory=list)
    #: graphs that are no source's, written anew by every build (the meta graph, the links graph)
    other_graphs: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"generation": self.generation, "built_at": self.built_at,
                "graphs": {name: vars(info) for name, info in self.graphs.items()},
                "linksets": self.linksets, "other_graphs": self.other_graphs}

    @classmethod
    def from_json(cls, data: dict) -> "Manifest":
        return cls(generation=int(data.get("generation", 0)), built_at=data.get("built_at", ""),
                   graphs={name: GraphInfo.from_json(info) for name, info in data.get("graphs", {}).items()},
                   linksets=list(data.get("linksets", [])), other_graphs=list(data.get("other_graphs", [])))

    def source_of(self, graph: str) -> str | None:
        """The name of the entry that owns a graph IRI."""
        for name, info in self.graphs.items():
            if graph in info.all_graphs:
                return name
        return None

    def project_graphs(self) -> list[str]:
        """Every graph the entries own, sorted."""
        return sorted({g for info in self.graphs.values() for g in info.all_graphs})


def now() -> str:
    """The current time as an xsd:dateTime in UTC, to the second."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
