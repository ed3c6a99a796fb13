"""Describing one thing: the :class:`Entity` that both the HTML page and the RDF renderings use.

``describe(iri)`` gathers, in a fixed handful of queries whatever the size of the graph:

1. the statements about the thing, with the details of the nodes shown inline (blank nodes such
   as an address or a dimension, and the production of an object) and the graph each came from;
2. how many things point at it, per property, kind and source, and through derived relations
   (a person -> productions -> the objects made);
3. a sample of those things (the first few per group);
4. the labels of everything linked, in the reader's languages.

The sources (title, load time, licence) come from the catalogue in the meta graph, read once per
store generation.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .entity_layout import (
    DERIVED, GROUPS, IMAGE_PREDICATES, INLINE_KINDS, INLINE_PREDICATES, INVERSES, LABEL_PREDICATES, OTHER,
    authority_of, group_of, property_order,
)
from .errors import NotFound
from .iris import IriScheme
from .labels import DEFAULT_LANGUAGES, Labels, best_language, pick
from .provenance import Source, SourceCatalogue, licence_label
from .store import EmbeddedStore
from .vocab import PREFIXES, RDF, XSD

SAMPLE = 50


@dataclass
class Value:
    """One value of a property: a link, a literal, or nested details (a blank or inline node)."""

    term: Node
    label: str
    href: str | None = None
    language: str | None = None
    datatype: str | None = None
    details: list["Property"] = field(default_factory=list)
    authority: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def is_link(self) -> bool:
        return isinstance(self.term, URIRef)

    @property
    def is_external(self) -> bool:
        """A link that leaves this site (an authority, a homepage, a licence)."""
        return self.is_link and self.href == str(self.term)


@dataclass
class Property:
    iri: str
    label: str
    values: list[Value]


@dataclass
class Section:
    key: str
    label: str
    properties: list[Property]


@dataclass
class Incoming:
    """Things that point at the entity through one property (or a derived relation), by label."""

    key: str
    label: str
    kind: str | None
    subjects: list[Value]
    total: int
    more_href: str | None = None
    sources: tuple[str, ...] = ()


@dataclass
class Image:
    src: str
    alt: str


@dataclass
class Entity:
    iri: str
    kind: str | None
    label: str
    label_language: str | None
    labels: dict[str, str]
    types: list[Value]
    sections: list[Section]
    incoming: list[Incoming]
    sources: list[Source]
    images: list[Image]
    triples: list[tuple[Node, Node, Node]]
    primary_source: str | None = None

    @property
    def primary(self) -> Source | None:
        """The source most statements about the thing come from (the others are marked on the page)."""
        return next((s for s in self.sources if s.graph == self.primary_source), None)

    @property
    def properties(self) -> list[Property]:
        return [p for s in self.sections for p in s.properties]

    @property
    def authorities(self) -> list[Value]:
        """The same thing elsewhere: Wikidata, VIAF, RKD, ... (``owl:sameAs`` and the like)."""
        return [v for s in self.sections if s.key == "authorities" for p in s.properties for v in p.values
                if v.is_external]

    def to_graph(self) -> Graph:
        """The statements shown on the page, for Turtle, JSON-LD, N-Triples and RDF/XML."""
        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        for triple in self.triples:
            graph.add(triple)
        return graph


class Describer:
    def __init__(self, store: EmbeddedStore, iris: IriScheme, labels: Labels):
        self.store = store
        self.iris = iris
        self.labels = labels
        self.catalogue = SourceCatalogue(store, iris)

    def describe(self, iri: str, *, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> Entity:
        subject = URIRef(iri)
        out_rows = list(self.store.query(_outgoing_query(iri)).rows())
        counts = list(self.store.query(_incoming_count_query(iri, self.iris.base)).rows())
        if not out_rows and not counts:
            raise NotFound(f"nothing is known about <{iri}>",
                           hint="check the address, or search for the thing by name")
        sources = self.catalogue.sources()
        triples: list[tuple[Node, Node, Node]] = []
        seen: set[tuple[Node, Node, Node]] = set()
        graphs_of: dict[tuple[Node, Node, Node], set[str]] = defaultdict(set)

        def add(triple: tuple[Node, Node, Node], graph: Node | None) -> None:
            if triple not in seen:
                seen.add(triple)
                triples.append(triple)
            if graph is not None:
                graphs_of[triple].add(str(graph))

        direct: list[tuple[Node, Node]] = []
        nested: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for row in out_rows:
            p, o = row["p"], row["o"]
            if (subject, p, o) not in seen:
                direct.append((p, o))
            add((subject, p, o), row.get("g"))
            if "p2" in row:
                if (o, row["p2"], row["o2"]) not in seen:
                    nested[o].append((row["p2"], row["o2"]))
                add((o, row["p2"], row["o2"]), row.get("g"))

        groups = self._incoming_groups(counts)
        samples = self._incoming_samples(iri, groups)
        for key, subjects in samples.items():
            for s, graph in subjects:
                group = groups[key]
                if group["derived"] is None:
                    add((s, URIRef(group["p"]), subject), graph)

        to_label = {o for _, o in direct if isinstance(o, URIRef)}
        to_label.update(o for pairs in nested.values() for _, o in pairs if isinstance(o, URIRef))
        to_label.update(s for subjects in samples.values() for s, _ in subjects)
        names = self._names(to_label, languages)

        def value(term: Node, source_triple: tuple[Node, Node, Node] | None = None, depth: int = 0) -> Value:
            graphs = tuple(sorted(graphs_of.get(source_triple, ()))) if source_triple else ()
            if isinstance(term, Literal):
                return Value(term, _readable(term), language=term.language,
                             datatype=str(term.datatype) if term.datatype else None, sources=graphs)
            details = []
            if term in nested and depth < 2:
                details = self._properties(((p, value(o, (term, p, o), depth + 1)) for p, o in nested[term]
                                            if str(p) != RDF.type and o != subject), languages)
            if isinstance(term, BNode):
                return Value(term, "", details=details, sources=graphs)
            return self._link(term, names, languages, details=details, sources=graphs)

        own = {}
        for p, o in sorted(direct, key=lambda po: _label_rank(str(po[0]))):
            if str(p) in LABEL_PREDICATES and isinstance(o, Literal):
                own.setdefault(o.language or "", str(o))
        kind_ref = self.iris.parse_thing(iri)
        label_language = best_language(own, languages)
        label = own[label_language] if label_language is not None else self._fallback_label(iri, languages)

        types = [value(o) for p, o in direct if str(p) == RDF.type]
        images = [Image(str(o), self._alt(label, types)) for p, o in direct
                  if str(p) in IMAGE_PREDICATES and isinstance(o, URIRef)]
        shown = {image.src for image in images}
        props = [(p, value(o, (subject, p, o))) for p, o in direct
                 if str(p) != RDF.type and not (str(p) in IMAGE_PREDICATES and str(o) in shown)]
        sections = self._sections(self._properties(props, languages), languages)
        incoming = [self._incoming(key, groups[key], samples.get(key, []), names, languages, iri)
                    for key in sorted(groups, key=lambda k: (groups[k]["order"], k))]
        used = {g for gs in graphs_of.values() for g in gs} | {g for group in groups.values() for g in group["graphs"]}
        own_graphs = Counter(str(row["g"]) for row in out_rows if "g" in row)
        return Entity(iri=iri, kind=kind_ref[0] if kind_ref else None, label=label,
                      label_language=label_language or None, labels=own, types=types, sections=sections,
                      incoming=incoming, sources=[sources[g] if g in sources else Source(graph=g, title=g) for g in
                                                  sorted(used, key=lambda g: (g not in sources, g))],
                      images=images, triples=triples,
                      primary_source=own_graphs.most_common(1)[0][0] if own_graphs else None)

    # the parts ----------------------------------------------------------------------------
    def _link(self, term: URIRef, names: dict[str, str], languages, *, details=(), sources=()) -> Value:
        text = str(term)
        label = names.get(text) or (self._fallback_label(text, languages) if self.iris.parse_thing(text)
                                    else licence_label(text) or self.labels.label(text, languages))
        return Value(term, label, href=self.iris.document_path(text) or text, authority=authority_of(text),
                     details=list(details), sources=sources)

    def _fallback_label(self, iri: str, languages) -> str:
        """'productie 2019.0042' for a thing with no name of its own."""
        parsed = self.iris.parse_thing(iri)
        if parsed is None:
            return iri
        return f"{self.labels.kind_label(parsed[0], languages)} {unquote(parsed[1])}"

    def _alt(self, label: str, types: list[Value]) -> str:
        kind = types[0].label if types else ""
        return f"Afbeelding van {label}" + (f" ({kind})" if kind else "")

    def _properties(self, pairs, languages) -> list[Property]:
        grouped: dict[str, list[Value]] = defaultdict(list)
        for p, v in pairs:
            grouped[str(p)].append(v)
        def order(value: Value) -> tuple:
            rank = languages.index(value.language) if value.language in languages else len(languages)
            return (rank, value.language or "", value.label.casefold())

        return [Property(p, self.labels.label(p, languages), sorted(vals, key=order))
                for p, vals in sorted(grouped.items(),
                                      key=lambda kv: (property_order(kv[0]), self.labels.label(kv[0], languages)))]

    def _sections(self, properties: list[Property], languages) -> list[Section]:
        by_group: dict[str, list[Property]] = defaultdict(list)
        for prop in properties:
            by_group[group_of(prop.iri)].append(prop)
        return [Section(g.key, pick(g.texts, languages) or g.key, by_group[g.key])
                for g in (*GROUPS, OTHER) if by_group.get(g.key)]

    def _incoming_groups(self, rows: list[dict]) -> dict[str, dict]:
        groups: dict[str, dict] = {}
        derived = {d.key: d for d in DERIVED}
        for row in rows:
            p, kind = str(row["p"]), str(row.get("k", "")) or None
            if kind in INLINE_KINDS and "d" not in row:
                continue
            key = str(row["d"]) if "d" in row else f"{p} {kind or ''}"
            group = groups.setdefault(key, {"p": p, "kind": kind, "total": 0, "graphs": set(),
                                            "derived": derived.get(str(row["d"])) if "d" in row else None})
            group["total"] += int(row["n"])
            if "g" in row:
                group["graphs"].add(str(row["g"]))
            group["order"] = 0 if group["derived"] or (p, kind) in INVERSES else 1
        return groups

    def _incoming_samples(self, iri: str, groups: dict[str, dict]) -> dict[str, list[tuple[Node, Node | None]]]:
        if not groups:
            return {}
        branches = []
        for key, group in groups.items():
            d = group["derived"]
            if d is not None:
                pattern = (f"GRAPH ?g {{ ?x <{d.via}> <{_safe(iri)}> . ?x <{d.to}> ?s }} "
                           f"FILTER(STRSTARTS(STR(?s), \"{self.iris.base}/id/{d.kind}/\"))")
            else:
                prefix = f"{self.iris.base}/id/{group['kind']}/" if group["kind"] else None
                test = f"STRSTARTS(STR(?s), \"{prefix}\")" if prefix else f"!STRSTARTS(STR(?s), \"{self.iris.base}/id/\")"
                pattern = f"GRAPH ?g {{ ?s <{_safe(group['p'])}> <{_safe(iri)}> }} FILTER(isIRI(?s) && {test})"
            branches.append(f"{{ SELECT ?s ?g (\"{_literal(key)}\" AS ?key) WHERE {{ {pattern} }} LIMIT {SAMPLE} }}")
        samples: dict[str, list[tuple[Node, Node | None]]] = defaultdict(list)
        for row in self.store.query("SELECT ?key ?s ?g WHERE { " + " UNION ".join(branches) + " }").rows():
            samples[str(row["key"])].append((row["s"], row.get("g")))
        return samples

    def _incoming(self, key: str, group: dict, subjects, names, languages, iri: str) -> Incoming:
        derived = group["derived"]
        if derived is not None:
            label, facet, kind = pick(derived.texts, languages), derived.facet, derived.kind
        else:
            kind = group["kind"]
            inverse = INVERSES.get((group["p"], kind))
            if inverse is not None:
                label, facet = pick(inverse.texts, languages), inverse.facet
            else:
                what = self.labels.kind_label(kind, languages) if kind else "?"
                label, facet = f"{what} · {self.labels.label(group['p'], languages)}", None
        links = {str(s): self._link(s, names, languages) for s, _ in subjects}
        values = sorted(links.values(), key=lambda v: v.label.casefold())
        more = None
        if facet and kind and group["total"] > len(values):
            more = f"/lijst/{kind}?{facet}={quote(iri, safe='')}"
        return Incoming(key, label or key, kind, values, group["total"], more_href=more,
                        sources=tuple(sorted(group["graphs"])))

    def _names(self, iris: set[Node], languages: tuple[str, ...]) -> dict[str, str]:
        if not iris:
            return {}
        values = " ".join(f"<{_safe(str(i))}>" for i in iris)
        texts: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
        for row in self.store.query(
                f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ {_iris(LABEL_PREDICATES)} }} "
                "?x ?p ?l FILTER(isLiteral(?l)) }").rows():
            label, rank = row["l"], _label_rank(str(row["p"]))
            language = getattr(label, "language", None) or ""
            if language not in texts[str(row["x"])] or rank < texts[str(row["x"])][language][0]:
                texts[str(row["x"])][language] = (rank, str(label))
        return {iri: pick({k: v for k, (_, v) in t.items()}, languages) or "" for iri, t in texts.items()}


def _outgoing_query(iri: str) -> str:
    inline = " ".join(f"<{p}>" for p in sorted(INLINE_PREDICATES))
    return (f"SELECT ?g ?p ?o ?p2 ?o2 WHERE {{ GRAPH ?g {{ <{_safe(iri)}> ?p ?o "
            f"OPTIONAL {{ ?o ?p2 ?o2 FILTER(isBlank(?o) || ?p IN ({inline.replace(' ', ', ')})) }} }} }}")


def _incoming_count_query(iri: str, base: str) -> str:
    """Things pointing at ``iri``, counted by property, kind (from their IRI) and graph."""
    kind = f'STRBEFORE(STRAFTER(STR(?s), "{base}/id/"), "/")'
    derived = " ".join(
        f"UNION {{ GRAPH ?g {{ ?x <{d.via}> <{_safe(iri)}> . ?x <{d.to}> ?s }} "
        f"BIND(\"{d.key}\" AS ?d) BIND(<{d.via}> AS ?p) BIND({kind} AS ?k) }}" for d in DERIVED)
    return (f"SELECT ?p ?k ?g ?d (COUNT(DISTINCT ?s) AS ?n) WHERE {{ "
            f"{{ GRAPH ?g {{ ?s ?p <{_safe(iri)}> }} FILTER(isIRI(?s)) BIND({kind} AS ?k) }} {derived} "
            "} GROUP BY ?p ?k ?g ?d")


def _readable(term: Literal) -> str:
    """A literal as people read it: dates and times without the ISO 'T' and seconds.

    >>> _readable(Literal("2016-09-11T20:15:00+02:00", datatype=URIRef(XSD.dateTime)))
    '2016-09-11 20:15 (+02:00)'
    >>> _readable(Literal("Theepot", lang="nl"))
    'Theepot'
    """
    text = str(term)
    if term.datatype is not None and str(term.datatype) == XSD.dateTime:
        match = re.fullmatch(r"(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)?", text)
        if match:
            day, time, zone = match.groups()
            return f"{day} {time}" + (f" ({zone})" if zone and zone != "Z" else " (UTC)" if zone else "")
    return text


def _label_rank(predicate: str) -> int:
    try:
        return LABEL_PREDICATES.index(predicate)
    except ValueError:
        return len(LABEL_PREDICATES)


def _iris(iris) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _safe(iri: str) -> str:
    """An IRI fit to stand between < > in a query (characters that would end it are escaped).

    >>> _safe('https://x.org/a b>')
    'https://x.org/a%20b%3E'
    """
    return "".join(c if c not in '<>"{}|^`\\ ' else f"%{ord(c):02X}" for c in iri)
