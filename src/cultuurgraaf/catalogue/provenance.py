"""Where statements come from: the sources of the store, as the catalogue in the meta graph
describes them (title, licence, load time, size), read once per store generation.

>>> licence_label("https://creativecommons.org/licenses/by-sa/4.0/")
'CC BY-SA 4.0'
>>> licence_label("https://creativecommons.org/publicdomain/zero/1.0/")
'CC0 1.0'
>>> licence_label("https://example.org/licence") is None
True
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from ..iris import IriScheme, linkable
from ..store import EmbeddedStore
from ..vocab import DCAT, DCT, VOID


@dataclass(frozen=True)
class Source:
    """One source graph as the catalogue describes it."""

    graph: str
    title: str
    name: str | None = None
    dataset: str | None = None
    dataset_href: str | None = None
    licence: str | None = None
    loaded_at: str | None = None
    triples: int | None = None

    @property
    def licence_label(self) -> str | None:
        return licence_label(self.licence) if self.licence else None

    @property
    def licence_href(self) -> str | None:
        """The licence as a link, when it is a web address (anything else is shown as text)."""
        return self.licence if self.licence and linkable(self.licence) else None


def licence_label(iri: str) -> str | None:
    """The usual short name of a Creative Commons licence or public-domain dedication."""
    match = re.match(r"https?://creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/(\d\.\d)/?", iri)
    if not match:
        return None
    kind, name, version = match.groups()
    if kind == "publicdomain":
        return {"zero": f"CC0 {version}", "mark": f"Public Domain Mark {version}"}.get(name)
    return f"CC {name.upper()} {version}"


class SourceCatalogue:
    """The sources of the current store generation, keyed by graph IRI."""

    def __init__(self, store: EmbeddedStore, iris: IriScheme):
        self.store = store
        self.iris = iris
        self._cache: tuple[int, dict[str, Source]] | None = None
        self._lock = threading.Lock()

    def sources(self) -> dict[str, Source]:
        generation = self.store.current_generation()
        cached = self._cache
        if cached is not None and cached[0] == generation:
            return cached[1]
        with self._lock:
            sources = self._read(generation)
            self._cache = (generation, sources)
        return sources

    def _read(self, generation: int) -> dict[str, Source]:
        manifest = self.store.manifest(generation)
        names = {graph: name for name, info in manifest.graphs.items() for graph in info.all_graphs}
        meta = self.iris.meta_graph
        sources: dict[str, Source] = {}
        if generation:
            query = (f"SELECT ?d ?graph ?title ?licence ?modified ?triples WHERE {{ GRAPH <{meta}> {{ "
                     f"?d a <{DCAT.Dataset}> ; <{DCT.identifier}> ?graph . "
                     f"OPTIONAL {{ ?d <{DCT.title}> ?title }} OPTIONAL {{ ?d <{DCT.license}> ?licence }} "
                     f"OPTIONAL {{ ?d <{DCT.modified}> ?modified }} OPTIONAL {{ ?d <{VOID.triples}> ?triples }} }} }}")
            for row in self.store.query(query).rows():
                graph = str(row["graph"])
                info = manifest.graphs.get(names.get(graph, ""))
                sources[graph] = Source(
                    graph=graph, title=str(row.get("title", names.get(graph, graph))), name=names.get(graph),
                    dataset=str(row["d"]), dataset_href=self.iris.document_path(str(row["d"])),
                    licence=str(row["licence"]) if "licence" in row else None,
                    loaded_at=str(row["modified"]) if "modified" in row else (info.loaded_at if info else None),
                    triples=int(row["triples"]) if "triples" in row else (info.triples if info else None))
        for name, info in manifest.graphs.items():
            sources.setdefault(info.iri, Source(graph=info.iri, title=name, name=name, loaded_at=info.loaded_at,
                                                triples=info.triples))
        catalogue = self._catalogue(meta) if generation else None
        sources[meta] = Source(graph=meta, title="Catalogus: de beschrijving van de bronnen", name="meta",
                               dataset=catalogue, dataset_href=self.iris.document_path(catalogue) if catalogue else None,
                               loaded_at=manifest.built_at or None)
        return sources

    def _catalogue(self, meta: str) -> str | None:
        rows = list(self.store.query(f"SELECT ?c WHERE {{ GRAPH <{meta}> {{ ?c a <{DCAT.Catalog}> }} }} LIMIT 1").rows())
        return str(rows[0]["c"]) if rows else None

    def catalogue_iri(self) -> str | None:
        """The IRI of the catalogue (the dataset description), when the store has one."""
        return self.sources()[self.iris.meta_graph].dataset
