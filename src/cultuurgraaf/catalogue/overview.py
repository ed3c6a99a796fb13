"""The dataset and catalogue pages, read from the meta graph: what a person wants to know first.

A dataset (one source, or the whole graph) shows its licence and downloads up front, then its
statistics as tables (the things per class and the triples per property, each with a bar), the
links to other sources, the validation counts and the build that made it. The catalogue shows its
datasets in one table. Every term is named by its label (``ontologies/``), never by its IRI.

>>> bar_width(50, 200), bar_width(1, 10_000), bar_width(0, 10), bar_width(3, 0)
(25, 1, 0, 0)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from ..iris import IriScheme
from ..labels import DEFAULT_LANGUAGES, Labels, curie, pick
from ..store import EmbeddedStore
from ..vocab import DCAT, DCT, DQV, PROV, RDF, RDFS, SKOS, VOID
from .meta_graph import METRICS
from .provenance import licence_label

#: The kinds of things whose pages this module lays out.
OVERVIEW_KINDS = ("dataset", "catalogus")


def bar_width(n: int, largest: int) -> int:
    """The width of a bar, in percent of the largest, in steps of 1 (at least 1 for any count above 0)."""
    if n <= 0 or largest <= 0:
        return 0
    return max(1, round(100 * n / largest))


@dataclass
class Link:
    label: str
    href: str | None = None
    note: str | None = None


@dataclass
class Count:
    """One row of a statistics table: a term by its label, its short name, how many, and the bar."""

    label: str
    name: str
    n: int
    width: int
    href: str | None = None


@dataclass
class DatasetOverview:
    iri: str
    kind: str
    title: str
    description: str | None = None
    modified: str | None = None
    licence: Link | None = None
    access: str | None = None
    downloads: list[Link] = field(default_factory=list)
    endpoint: str | None = None
    triples: int | None = None
    entities: int | None = None
    classes: list[Count] = field(default_factory=list)
    properties: list[Count] = field(default_factory=list)
    linksets: list[Count] = field(default_factory=list)
    quality: list[Count] = field(default_factory=list)
    builds: list[Link] = field(default_factory=list)
    datasets: list["DatasetOverview"] = field(default_factory=list)
    part_of: list[Link] = field(default_factory=list)
    href: str | None = None
    graph: str | None = None
    source_name: str | None = None


class Overviews:
    """Reads the pages of datasets and of the catalogue from the meta graph of the current generation."""

    def __init__(self, store: EmbeddedStore, iris: IriScheme, labels: Labels):
        self.store = store
        self.iris = iris
        self.labels = labels

    def overview(self, iri: str, *, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> DatasetOverview | None:
        """The overview of a dataset or catalogue, or None when the meta graph does not describe it as one."""
        facts = self._facts(iri)
        types = {str(o) for p, o in facts if p == RDF.type}
        if DCAT.Catalog in types:
            view = self._basics(iri, "catalogus", facts, languages)
            for p, o in facts:
                if p == DCAT.dataset:
                    view.datasets.append(self._dataset(o, languages, details=False))
            view.datasets.sort(key=lambda d: (d.graph is None, d.title.casefold()))
            return view
        if DCAT.Dataset in types or VOID.Dataset in types:
            return self._dataset(iri, languages, details=True, facts=facts)
        return None

    # reading ----------------------------------------------------------------------------------
    def _facts(self, iri: str) -> list[tuple[str, object]]:
        query = f"SELECT ?p ?o WHERE {{ GRAPH <{self.iris.meta_graph}> {{ <{iri}> ?p ?o }} }}"
        return [(str(row["p"]), row["o"]) for row in self.store.query(query).rows()]

    def _rows(self, body: str) -> list[dict]:
        return list(self.store.query(f"SELECT * WHERE {{ GRAPH <{self.iris.meta_graph}> {{ {body} }} }}").rows())

    def _name(self, iri: str, languages) -> str:
        """A thing of the meta graph by its title or label; a term by its label in ``ontologies/``."""
        rows = self._rows(f"<{iri}> <{DCT.title}>|<{RDFS.label}>|<{SKOS.prefLabel}> ?l")
        texts = {row["l"].language or "": str(row["l"]) for row in rows}
        return pick(texts, languages) or licence_label(iri) or self.labels.label(iri, languages)

    def _href(self, iri: str) -> str | None:
        """Host-relative for this site's own addresses (so they work on whatever host serves it)."""
        if iri.startswith(self.iris.base + "/"):
            return self.iris.document_path(iri) or iri[len(self.iris.base):]
        return self.iris.href(iri)

    def _basics(self, iri: str, kind: str, facts, languages) -> DatasetOverview:
        def first(predicate: str):
            return next((o for p, o in facts if p == predicate), None)

        titles = {o.language or "": str(o) for p, o in facts if p == DCT.title}
        descriptions = {o.language or "": str(o) for p, o in facts if p == DCT.description}
        licence, access, modified = first(DCT.license), first(DCT.accessRights), first(DCT.modified)
        return DatasetOverview(
            iri=iri, kind=kind, href=self._href(iri), title=pick(titles, languages) or curie(iri), description=pick(descriptions, languages),
            modified=str(modified) if modified is not None else None,
            licence=Link(self._name(str(licence), languages), self.iris.href(str(licence))) if licence else None,
            access=self.labels.label(str(access), languages) if access is not None else None)

    def _dataset(self, iri, languages, *, details: bool, facts=None) -> DatasetOverview:
        iri = str(iri)
        facts = facts if facts is not None else self._facts(iri)
        view = self._basics(iri, "dataset", facts, languages)
        numbers = {p: int(o) for p, o in facts if p in (VOID.triples, VOID.entities)}
        view.triples, view.entities = numbers.get(VOID.triples), numbers.get(VOID.entities)
        graph = next((str(o) for p, o in facts if p == DCT.identifier), None)
        view.graph = graph
        parsed = self.iris.parse_thing(iri)
        view.source_name = parsed[1] if parsed and graph else None
        endpoint = next((str(o) for p, o in facts if p == VOID.sparqlEndpoint), None)
        view.endpoint = self._href(endpoint) if endpoint else None
        view.downloads = self._downloads(iri, languages)
        if not details:
            return view
        view.classes = self._classes(iri, graph, languages)
        view.properties = self._partition(iri, VOID.propertyPartition, VOID.property, VOID.triples, languages)
        view.linksets = self._linksets(iri, languages)
        view.quality = self._quality(iri, languages)
        view.builds = [Link(self._name(str(o), languages), self._href(str(o))) for p, o in facts if p == PROV.wasGeneratedBy]
        subsets = [str(o) for p, o in facts if p == VOID.subset]
        view.datasets = sorted((self._dataset(s, languages, details=False) for s in subsets if self.iris.parse_thing(s)),
                               key=lambda d: d.title.casefold())
        view.part_of = [Link(self._name(str(row["w"]), languages), self._href(str(row["w"])))
                        for row in self._rows(f"?w <{VOID.subset}>|<{DCAT.dataset}> <{iri}>")]
        return view

    def _downloads(self, iri: str, languages) -> list[Link]:
        rows = self._rows(f"<{iri}> <{DCAT.distribution}> ?d . ?d <{DCAT.accessURL}> ?url "
                          f"OPTIONAL {{ ?d <{DCAT.downloadURL}> ?download }} OPTIONAL {{ ?d <{DCT['format']}> ?format }} "
                          f"OPTIONAL {{ ?d <{DCAT.mediaType}> ?media }}")
        links = [Link(self.labels.label(str(row.get("format") or row["media"]), languages)
                      if "format" in row or "media" in row else curie(str(row["url"])),
                      self._href(str(row["url"])), "download" if "download" in row else "service")
                 for row in rows]
        return sorted(links, key=lambda link: (link.note != "download", link.label))

    def _partition(self, iri: str, partition: str, term: str, count: str, languages) -> list[Count]:
        rows = self._rows(f"<{iri}> <{partition}> ?x . ?x <{term}> ?t ; <{count}> ?n")
        counted = sorted(((str(row["t"]), int(row["n"])) for row in rows), key=lambda tn: (-tn[1], tn[0]))
        largest = counted[0][1] if counted else 0
        return [Count(self.labels.label(t, languages), curie(t), n, bar_width(n, largest)) for t, n in counted]

    def _classes(self, iri: str, graph: str | None, languages) -> list[Count]:
        kinds = {klass: kind for kind, klass in self.labels.kind_classes.items()}
        counts = self._partition(iri, VOID.classPartition, VOID["class"], VOID.entities, languages)
        rows = self._rows(f"<{iri}> <{VOID.classPartition}> ?x . ?x <{VOID['class']}> ?t")
        by_name = {curie(str(row["t"])): str(row["t"]) for row in rows}
        for count in counts:
            kind = kinds.get(by_name.get(count.name, ""))
            if kind:
                count.href = f"/lijst/{kind}" + (f"?bron={quote(graph, safe='')}" if graph else "")
        return counts

    def _linksets(self, iri: str, languages) -> list[Count]:
        rows = self._rows(f"<{iri}> <{VOID.subset}> ?l . ?l a <{VOID.Linkset}> ; <{VOID.linkPredicate}> ?p ; "
                          f"<{VOID.objectsTarget}> ?target ; <{VOID.triples}> ?n")
        counted = sorted(((str(row["p"]), str(row["target"]), int(row["n"])) for row in rows), key=lambda r: -r[2])
        largest = counted[0][2] if counted else 0
        return [Count(f"{self.labels.label(p, languages)} → {self._name(target, languages)}", curie(p), n,
                      bar_width(n, largest), self._href(target)) for p, target, n in counted]

    def _quality(self, iri: str, languages) -> list[Count]:
        rows = self._rows(f"<{iri}> <{DQV.hasQualityMeasurement}> ?m . ?m <{DQV.isMeasurementOf}> ?metric ; "
                          f"<{DQV.value}> ?n")
        order = [ref for ref, _, _ in METRICS.values()]  # violations, warnings, notes

        def rank(metric: str) -> tuple[int, str]:
            ref = metric.rsplit("/", 1)[-1]
            return (order.index(ref) if ref in order else len(order), metric)

        counted = sorted(((str(row["metric"]), int(row["n"])) for row in rows), key=lambda mn: rank(mn[0]))
        return [Count(self._name(metric, languages), curie(metric), n, 0, self._href(metric)) for metric, n in counted]
