"""Describing one thing: the :class:`Entity` that both the HTML page and the RDF renderings use.

``describe(iri)`` gathers the statements about a thing (with its blank-node details such as an
address or a dimension), the statements that point at it, which source each came from, and the
labels of everything it links to, in the reader's languages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .errors import NotFound
from .iris import IriScheme
from .labels import DEFAULT_LANGUAGES, Labels, pick
from .store import EmbeddedStore
from .vocab import PREFIXES

LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.cidoc-crm.org/cidoc-crm/P102_has_title",
    "http://purl.org/dc/terms/title",
    "http://xmlns.com/foaf/0.1/name",
)
AUTHORITIES = {
    "http://www.wikidata.org/entity/": "Wikidata",
    "http://viaf.org/viaf/": "VIAF",
    "https://rkd.nl/explore/artists/": "RKD",
    "http://vocab.getty.edu/aat/": "AAT",
    "http://vocab.getty.edu/tgn/": "TGN",
}
INCOMING_LIMIT = 200


@dataclass
class Value:
    """One value of a property: a link, a literal, or nested details (a blank node)."""

    term: Node
    label: str
    href: str | None = None
    language: str | None = None
    datatype: str | None = None
    details: list["Property"] = field(default_factory=list)
    authority: str | None = None

    @property
    def is_link(self) -> bool:
        return isinstance(self.term, URIRef)


@dataclass
class Property:
    iri: str
    label: str
    values: list[Value]


@dataclass
class Incoming:
    """Things that point at the entity through one property, by label."""

    iri: str
    label: str
    subjects: list[Value]
    truncated: bool = False


@dataclass
class Entity:
    iri: str
    kind: str | None
    label: str
    labels: dict[str, str]
    types: list[Value]
    properties: list[Property]
    incoming: list[Incoming]
    sources: list[str]
    images: list[str]
    graph: Graph

    def to_graph(self) -> Graph:
        """The statements about the entity, for Turtle, JSON-LD, N-Triples and RDF/XML."""
        return self.graph


class Describer:
    def __init__(self, store: EmbeddedStore, iris: IriScheme, labels: Labels):
        self.store = store
        self.iris = iris
        self.labels = labels

    def describe(self, iri: str, *, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> Entity:
        subject = URIRef(iri)
        out_rows = self._outgoing(subject)
        in_rows = list(self.store.query(
            f"SELECT DISTINCT ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p <{_safe(iri)}> }} FILTER(!isBlank(?s)) }} "
            f"LIMIT {INCOMING_LIMIT * 5}").rows())
        if not out_rows and not in_rows:
            raise NotFound(f"nothing is known about <{iri}>",
                           hint="check the address, or search for the thing by name")
        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        sources: set[str] = set()
        blank_props: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        direct: list[tuple[Node, Node]] = []
        for row in out_rows:
            p, o = row["p"], row["o"]
            if (p, o) not in direct:
                direct.append((p, o))
                graph.add((subject, p, o))
            if "g" in row:
                sources.add(str(row["g"]))
            if isinstance(o, BNode) and "p2" in row:
                pair = (row["p2"], row["o2"])
                if pair not in blank_props[o]:
                    blank_props[o].append(pair)
                    graph.add((o, row["p2"], row["o2"]))
        to_label = {o for _, o in direct if isinstance(o, URIRef)}
        to_label.update(o for pairs in blank_props.values() for _, o in pairs if isinstance(o, URIRef))
        to_label.update(row["s"] for row in in_rows)
        names = self._names(to_label, languages)

        def value(term: Node) -> Value:
            if isinstance(term, URIRef):
                text = str(term)
                authority = next((name for prefix, name in AUTHORITIES.items() if text.startswith(prefix)), None)
                label = names.get(text) or self.labels.label(text, languages)
                return Value(term, label, href=self.iris.document_path(text) or text, authority=authority)
            if isinstance(term, Literal):
                return Value(term, str(term), language=term.language,
                             datatype=str(term.datatype) if term.datatype else None)
            details = self._group(blank_props.get(term, []), value, languages)
            return Value(term, "", details=details)

        types = [value(o) for p, o in direct if p == RDF.type]
        properties = self._group([(p, o) for p, o in direct if p != RDF.type], value, languages)
        own = {}
        for p, o in direct:
            if str(p) in LABEL_PROPERTIES and isinstance(o, Literal):
                own.setdefault(o.language or "", str(o))
        kind_ref = self.iris.parse_thing(iri)
        label = pick(own, languages) or (f"{types[0].label} {kind_ref[1]}" if types and kind_ref else iri)
        incoming_groups: dict[str, list[Value]] = defaultdict(list)
        for row in in_rows:
            incoming_groups[str(row["p"])].append(value(row["s"]))
        incoming = [Incoming(p, self.labels.label(p, languages), sorted(vals, key=lambda v: v.label.lower())[:INCOMING_LIMIT],
                             truncated=len(vals) > INCOMING_LIMIT)
                    for p, vals in sorted(incoming_groups.items(), key=lambda kv: self.labels.label(kv[0], languages))]
        images = [str(o) for p, o in direct
                  if str(p) in ("http://www.cidoc-crm.org/cidoc-crm/P138i_has_representation",
                                "http://schema.org/image", "http://xmlns.com/foaf/0.1/depiction")]
        return Entity(iri=iri, kind=kind_ref[0] if kind_ref else None, label=label, labels=own, types=types,
                      properties=properties, incoming=incoming, sources=sorted(sources), images=images, graph=graph)

    def _outgoing(self, subject: URIRef) -> list[dict]:
        return list(self.store.query(
            f"SELECT ?g ?p ?o ?p2 ?o2 WHERE {{ GRAPH ?g {{ <{_safe(str(subject))}> ?p ?o "
            "OPTIONAL { ?o ?p2 ?o2 FILTER(isBlank(?o)) } } }").rows())

    def _group(self, pairs, value, languages) -> list[Property]:
        grouped: dict[str, list[Value]] = defaultdict(list)
        for p, o in pairs:
            grouped[str(p)].append(value(o))
        return [Property(p, self.labels.label(p, languages), vals)
                for p, vals in sorted(grouped.items(), key=lambda kv: self.labels.label(kv[0], languages).lower())]

    def _names(self, iris: set[Node], languages: tuple[str, ...]) -> dict[str, str]:
        if not iris:
            return {}
        values = " ".join(f"<{_safe(str(i))}>" for i in iris)
        paths = "|".join(f"<{p}>" for p in LABEL_PROPERTIES)
        texts: dict[str, dict[str, str]] = defaultdict(dict)
        for row in self.store.query(f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} ?x {paths} ?l }}").rows():
            label = row["l"]
            texts[str(row["x"])].setdefault(getattr(label, "language", None) or "", str(label))
        return {iri: pick(t, languages) or "" for iri, t in texts.items()}


def _safe(iri: str) -> str:
    """An IRI fit to stand between < > in a query (characters that would end it are escaped)."""
    return "".join(c if c not in '<>"{}|^`\\ ' else f"%{ord(c):02X}" for c in iri)
