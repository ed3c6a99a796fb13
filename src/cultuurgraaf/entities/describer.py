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

from .layout import (
    GROUPS, IMAGE_PREDICATES, INLINE_PREDICATES, INVERSES, LABEL_PREDICATES, OTHER, UNSHOWN_PREDICATES,
    authority_of, group_of, property_order,
)
from ..errors import NotFound
from .incoming import Pointing, iri_ref as _safe, pointing_at
from ..iris import IMAGE_SCHEMES, IriScheme, linkable
from ..labels import DEFAULT_LANGUAGES, Labels, best_language, pick
from .linked import LinkedRecord, linked_records
from .pictures import manifest_iri
from .when import START_PATH, by_date, now_utc, utc
from ..catalogue.provenance import Source, SourceCatalogue, licence_label
from ..store import EmbeddedStore, iri_problem
from ..store.held_back import HeldBackEntity, read_held_back
from .held_back import held_back_error
from ..store.results import serialize_triples
from ..vocab import DCT, PREFIXES, RDF, XSD

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
    #: when the thing linked to starts (UTC, as :func:`~cultuurgraaf.entities.when.utc` writes it), if it does
    start: str | None = None

    @property
    def is_link(self) -> bool:
        """An IRI the page links to (one whose scheme is not a web or e-mail address is shown as text)."""
        return isinstance(self.term, URIRef) and self.href is not None

    @property
    def is_external(self) -> bool:
        """A link that leaves this site (an authority, a homepage, a licence)."""
        return self.is_link and self.href == str(self.term)


@dataclass
class Property:
    iri: str
    label: str
    values: list[Value]
    label_language: str | None = None


@dataclass
class Section:
    key: str
    label: str
    properties: list[Property]


@dataclass
class Incoming:
    """Things that point at the entity through one property (or a derived relation): by date where
    they have one (activities: what is to come, then what is past), by label otherwise."""

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
    #: other sources' records of the same thing, with why they are linked (entities/linked.py)
    linked: list["LinkedRecord"] = field(default_factory=list)
    #: the IIIF manifest of its pictures, under the base IRI (entities/iiif.py), for a thing that has pictures
    manifest: str | None = None

    @property
    def primary(self) -> Source | None:
        """The source most statements about the thing come from (the others are marked on the page)."""
        return next((s for s in self.sources if s.graph == self.primary_source), None)

    @property
    def properties(self) -> list[Property]:
        return [p for s in self.sections for p in s.properties]

    def values(self, predicate: str) -> list[Value]:
        """The values of one property, as the page shows them."""
        return [v for p in self.properties if p.iri == predicate for v in p.values]

    @property
    def licence(self) -> str | None:
        """The thing's licence: its own (``dct:license``), else that of the source most of it comes from."""
        own = next((str(v.term) for v in self.values(DCT.license)), None)
        return own or (self.primary.licence if self.primary else None)

    @property
    def authorities(self) -> list[Value]:
        """The same thing elsewhere: Wikidata, VIAF, RKD, ... (``owl:sameAs`` and the like)."""
        return [v for s in self.sections if s.key == "authorities" for p in s.properties for v in p.values
                if v.is_external]

    def to_rdf(self, format: str) -> bytes:
        """The statements shown on the page as Turtle, N-Triples, RDF/XML or JSON-LD (expanded, with
        no @context to fetch), written by the store's own writers."""
        used = {prefix: ns for prefix, ns in PREFIXES.items()
                if any(str(term).startswith(ns) for triple in self.triples for term in triple)}
        return serialize_triples(self.triples, format, prefixes=used)

    def to_graph(self) -> Graph:
        """The statements shown on the page, as an rdflib graph."""
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
        #: the entities held back in a generation (read once per generation)
        self._held_back: tuple[int, dict[str, list[HeldBackEntity]]] = (-1, {})

    def held_back(self, iri: str) -> list[HeldBackEntity]:
        """What the current generation says of an entity validation held back (nothing for others)."""
        generation = self.store.current_generation()
        if self._held_back[0] != generation:
            self._held_back = (generation, read_held_back(self.store, generation))
        return self._held_back[1].get(iri, [])

    def describe(self, iri: str, *, languages: tuple[str, ...] = DEFAULT_LANGUAGES,
                 follow_links: bool = True, now: str | None = None) -> Entity:
        problem = iri_problem(_safe(iri))
        if problem is not None:
            raise NotFound(f"<{iri}> is not an IRI ({problem}), so nothing is known about it",
                           hint="check the address, or search for the thing by name")
        subject = URIRef(iri)
        out_rows = list(self.store.query(_outgoing_query(iri)).rows())
        held = self.held_back(iri) if not out_rows else []
        if held:  # links to it from other things dangle: it has no page
            raise held_back_error(iri, held, self.iris)
        pointing = pointing_at(self.store, iri, self.iris)
        if not out_rows and not pointing:
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

        for group in pointing:
            if group.derived is None:
                for s, graph in group.subjects:
                    add((URIRef(s), URIRef(group.predicate), subject), graph)
            else:
                graph = next(iter(group.graphs), None)
                for node, s in group.through:
                    add((URIRef(node), URIRef(group.derived.via), subject), graph)
                    add((URIRef(node), URIRef(group.derived.to), URIRef(s)), graph)

        to_label = {o for _, o in direct if isinstance(o, URIRef)}
        to_label.update(o for pairs in nested.values() for _, o in pairs if isinstance(o, URIRef))
        to_label.update(URIRef(s) for group in pointing for s, _ in group.subjects)
        names = self._names(to_label, languages)
        starts = self._starts({s for group in pointing for s, _ in group.subjects})

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
        images = [Image(str(o)) for p, o in direct
                  if str(p) in IMAGE_PREDICATES and isinstance(o, URIRef) and linkable(str(o), IMAGE_SCHEMES)]
        shown = {image.src for image in images}
        manifest = manifest_iri(self.iris, iri) if images else None
        for image in images if manifest else ():  # Europeana's way to name a picture's IIIF manifest
            add((URIRef(image.src), URIRef(DCT.isReferencedBy), URIRef(manifest)), None)
        props = [(p, value(o, (subject, p, o))) for p, o in direct
                 if str(p) != RDF.type and str(p) not in UNSHOWN_PREDICATES
                 and not (str(p) in IMAGE_PREDICATES and str(o) in shown)]
        sections = self._sections(self._properties(props, languages), languages)
        incoming = [self._incoming(group, names, starts, languages, iri, now=now or now_utc()) for group in
                    sorted(pointing, key=lambda g: (not (g.derived or (g.predicate, g.kind) in INVERSES), g.key))]
        used = {g for gs in graphs_of.values() for g in gs} | {g for group in pointing for g in group.graphs}
        own_graphs = Counter(str(row["g"]) for row in out_rows if "g" in row)
        entity = Entity(iri=iri, kind=kind_ref[0] if kind_ref else None, label=label,
                        label_language=label_language or None, labels=own, types=types, sections=sections,
                        incoming=incoming, sources=[sources[g] if g in sources else self._unlisted(g) for g in
                                                    sorted(used, key=lambda g: (g not in sources, g))],
                        images=images, triples=triples, manifest=manifest,
                        primary_source=own_graphs.most_common(1)[0][0] if own_graphs else None)
        if follow_links:
            entity.linked = linked_records(
                self.store, self.iris, iri, sources=sources, languages=languages,
                describe=lambda member: self.describe(member, languages=languages, follow_links=False))
        return entity

    # the parts ----------------------------------------------------------------------------
    def _unlisted(self, graph: str) -> Source:
        """A graph the catalogue does not describe: the links between sources, or one loaded by hand."""
        if graph == self.iris.graph("links"):
            return Source(graph=graph, title="Koppelingen tussen de bronnen (volgens de koppelregels)")
        return Source(graph=graph, title=graph)

    def _link(self, term: URIRef, names: dict[str, str], languages, *, details=(), sources=(),
              start: str | None = None) -> Value:
        text = str(term)
        if text in names:
            label, language = names[text]
        elif self.iris.parse_thing(text):
            label, language = self._fallback_label(text, languages), languages[0]
        else:
            label = licence_label(text)
            language = None if label else self.labels.language(text, languages)
            label = label or self.labels.label(text, languages)
        return Value(term, label, href=self.iris.href(text), language=language, authority=authority_of(text),
                     details=list(details), sources=sources, start=start)

    def _fallback_label(self, iri: str, languages) -> str:
        """'productie 2019.0042' for a thing with no name of its own."""
        parsed = self.iris.parse_thing(iri)
        if parsed is None:
            return iri
        return f"{self.labels.kind_label(parsed[0], languages)} {unquote(parsed[1])}"

    def _properties(self, pairs, languages) -> list[Property]:
        grouped: dict[str, list[Value]] = defaultdict(list)
        for p, v in pairs:
            grouped[str(p)].append(v)
        def order(value: Value) -> tuple:
            rank = languages.index(value.language) if value.language in languages else len(languages)
            return (rank, value.language or "", value.label.casefold())

        return [Property(p, self.labels.label(p, languages), sorted(vals, key=order), self.labels.language(p, languages))
                for p, vals in sorted(grouped.items(),
                                      key=lambda kv: (property_order(kv[0]), self.labels.label(kv[0], languages)))]

    def _sections(self, properties: list[Property], languages) -> list[Section]:
        by_group: dict[str, list[Property]] = defaultdict(list)
        for prop in properties:
            by_group[group_of(prop.iri)].append(prop)
        return [Section(g.key, pick(g.texts, languages) or g.key, by_group[g.key])
                for g in (*GROUPS, OTHER) if by_group.get(g.key)]

    def _incoming(self, group: Pointing, names, starts: dict[str, str], languages, iri: str, *,
                  now: str) -> Incoming:
        if group.derived is not None:
            label, facet = pick(group.derived.texts, languages), group.derived.facet
        else:
            inverse = INVERSES.get((group.predicate, group.kind))
            if inverse is not None:
                label, facet = pick(inverse.texts, languages), inverse.facet
            else:
                what = self.labels.kind_label(group.kind, languages) if group.kind else "?"
                label, facet = f"{what} · {self.labels.label(group.predicate, languages)}", None
        links = {s: self._link(URIRef(s), names, languages, start=starts.get(s)) for s, _ in group.subjects}
        values = sorted(links.values(), key=lambda v: v.label.casefold())
        if any(v.start for v in values):
            values = by_date(values, lambda v: v.start, now=now)
        more = None
        if facet and group.kind and group.total > len(values):
            more = f"/lijst/{group.kind}?{facet}={quote(iri, safe='')}"
        return Incoming(group.key, label or group.key, group.kind, values, group.total, more_href=more,
                        sources=tuple(sorted(group.graphs)))

    def names(self, iris: list[str], *, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> dict[str, str]:
        """The names of things and terms, in one query: a thing's name from the graph, else a term's
        label from the ontology files; IRIs with neither are left out.

        The query editor shows these next to the IRIs in its results.
        """
        found = {iri: name for iri, (name, _) in self._names(set(map(URIRef, iris)), languages).items() if name}
        for iri in iris:
            if iri not in found and (defined := self.labels.defined(iri, languages)):
                found[iri] = defined
        return found

    def _starts(self, iris: set[str]) -> dict[str, str]:
        """When each of the things starts (the earliest, in UTC), for those that do (activities): one query."""
        if not iris:
            return {}
        values = " ".join(f"<{_safe(i)}>" for i in iris)
        starts: dict[str, str] = {}
        for x, when in self.store.query(f"SELECT ?x ?t WHERE {{ VALUES ?x {{ {values} }} ?x {START_PATH} ?t }}"
                                        ).solution_tuples():
            moment = utc(when[1])
            if moment is not None and (x[1] not in starts or moment < starts[x[1]]):
                starts[x[1]] = moment
        return starts

    def _names(self, iris: set[Node], languages: tuple[str, ...]) -> dict[str, tuple[str, str | None]]:
        """The labels of linked things, and their languages, in one query.

        LATERAL makes Oxigraph look each thing up in its index; a plain join with VALUES may scan
        every title of the graph instead (measured: 30x slower with a hundred things). A store whose
        server does not know LATERAL (see ``sparql_extensions``) gets the plain join.
        """
        if not iris:
            return {}
        values = " ".join(f"<{_safe(str(i))}>" for i in iris)
        branches = " UNION ".join(f"{{ ?x <{p}> ?l BIND({rank} AS ?r) }}" for rank, p in enumerate(LABEL_PREDICATES))
        texts: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
        lateral = "LATERAL " if "LATERAL" in getattr(self.store, "sparql_extensions", ()) else ""
        query = f"SELECT ?x ?l ?r WHERE {{ VALUES ?x {{ {values} }} {lateral}{{ {branches} }} }}"
        for x, label, rank in self.store.query(query).solution_tuples():
            if label[0] != "literal":
                continue
            known, language = texts[x[1]], label[2] or ""
            if language not in known or int(rank[1]) < known[language][0]:
                known[language] = (int(rank[1]), label[1])
        chosen = {iri: best_language(t, languages) for iri, t in texts.items()}
        return {iri: (texts[iri][language][1], language or None) for iri, language in chosen.items()
                if language is not None}


def _outgoing_query(iri: str) -> str:
    inline = " ".join(f"<{p}>" for p in sorted(INLINE_PREDICATES))
    return (f"SELECT ?g ?p ?o ?p2 ?o2 WHERE {{ GRAPH ?g {{ <{_safe(iri)}> ?p ?o "
            f"OPTIONAL {{ ?o ?p2 ?o2 FILTER(isBlank(?o) || ?p IN ({inline.replace(' ', ', ')})) }} }} }}")


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
