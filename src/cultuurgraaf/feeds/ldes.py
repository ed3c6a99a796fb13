"""Each source's changes as a Linked Data Event Stream (LDES, https://w3id.org/ldes/specification).

- ``/ldes/{source}`` describes the stream (``ldes:EventStream``, also a ``dcat:Dataset``): members
  are versions (``ldes:versionOfPath dcterms:isVersionOf``) ordered by ``prov:generatedAtTime``
  (``ldes:timestampPath``); a tombstone is a member typed ``as:Delete``
  (``ldes:versionDeleteObject``); ``tree:shape`` is the source's SHACL shape; ``tree:view`` is
  the first fragment, whose ``tree:viewDescription`` states the retention policy.
- ``/ldes/{source}/{n}`` is fragment n: the members the log gave it (each build starts new
  fragments of at most ``page_size`` members), and a ``tree:GreaterThanOrEqualToRelation`` on the
  timestamp to fragment n+1. Every fragment but the last is immutable (``ldes:immutable``).
- ``/ldes/{source}/versie/{seq}`` is one member: the IRI of each version is this address on the
  project's base IRI.
- ``/ldes/{source}/vorm`` is the shape: a member shape (a version or a tombstone of one entity,
  with its time) and the project's node shapes for the classes the source has, targets and all,
  as the build checked them; so a consumer can validate the graph it rebuilt from the stream.

A version holds the whole description of its entity (the triples about it, with its blank nodes,
as the log recorded them) with the version's IRI in the entity's place: a client that
materialises versions (``--materialize`` in the ``ldes-client`` package) gets the entity back.
Documents are N-Triples here; the route writes them in the syntax asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.term import BNode, Node

from ..config import Project
from ..errors import NotFound
from ..vocab import AS, DCAT, DCT, LDES, PROV, RDF, RDFS, SH, TREE, XSD
from .changes import REMOVED, ChangeLog, Member, Page

#: how long a client may keep what changes at the next build (the stream, the last fragment), and the rest
SHORT_S, LONG_S = 60, 365 * 86400
_SUBJECT_BLANK = re.compile(r"^_:b(\d+) ")
_OBJECT_BLANK = re.compile(r" _:b(\d+) \.$")
TOMBSTONE_NOTES = {REMOVED: ("Uit de bron verdwenen", "Removed from the source"),
                   2: ("Teruggehouden door de validatie", "Held back by validation")}


@dataclass(frozen=True)
class FeedDocument:
    """A document of a stream, as N-Triples, and how long it may be cached."""

    ntriples: str
    max_age: int
    immutable: bool = False


class EventStreams:
    """The event streams of one project's store; ``url`` is where this server is reached."""

    def __init__(self, project: Project, store, shapes_graph: Graph | None = None):
        self.project = project
        self.store = store
        self.log = ChangeLog(store.path)
        self._shapes = shapes_graph

    def names(self) -> list[str]:
        """The sources that have a stream."""
        return self.log.sources(self.store.current_generation())

    def _check(self, source: str) -> int:
        generation = self.store.current_generation()
        if source not in self.log.sources(generation):
            known = ", ".join(self.log.sources(generation)) or "none yet (build the project first)"
            raise NotFound(f"there is no event stream for '{source}'", hint=f"the streams: {known}")
        return generation

    def stream(self, source: str, *, url: str) -> FeedDocument:
        self._check(source)
        lines: list[str] = []
        self._describe(lines, source, url)
        return FeedDocument("".join(lines), SHORT_S)

    def page(self, source: str, number: int, *, url: str) -> FeedDocument:
        generation = self._check(source)
        pages = self.log.pages(source, generation)
        if not pages and number == 1:  # a stream whose builds changed nothing yet: an empty first fragment
            pages = [Page(source, 1, "", 1, 0)]
        found = next((p for p in pages if p.number == number), None)
        if found is None:
            raise NotFound(f"the stream of '{source}' has no fragment {number}",
                           hint=f"its fragments are numbered 1 to {len(pages)}")
        stream, node = _stream_iri(url, source), f"{_stream_iri(url, source)}/{number}"
        lines: list[str] = []
        if number == 1:
            self._describe(lines, source, url)
        lines.append(_t(stream, RDF.type, LDES.EventStream))
        lines.append(_t(node, RDF.type, TREE.Node))
        later = next((p for p in pages if p.number == number + 1), None)
        if later is not None:
            relation = f"_:relation{later.number}"
            lines += [f"<{node}> <{TREE.relation}> {relation} .\n",
                      f"{relation} <{RDF.type}> <{TREE.GreaterThanOrEqualToRelation}> .\n",
                      f"{relation} <{TREE.node}> <{stream}/{later.number}> .\n",
                      f"{relation} <{TREE.path}> <{PROV.generatedAtTime}> .\n",
                      f"{relation} <{TREE.value}> {_time(later.at)} .\n",
                      f'<{node}> <{LDES.immutable}> "true"^^<{XSD.boolean}> .\n']
        members = self.log.members(found.first, found.last, generation)
        lines += [_t(stream, TREE.member, self.version_iri(source, member.seq)) for member in members]
        for member in members:
            lines.extend(self._member(source, member))
        if later is None:
            return FeedDocument("".join(lines), SHORT_S)
        return FeedDocument("".join(lines), LONG_S, immutable=True)

    def version(self, source: str, seq: int) -> FeedDocument:
        generation = self._check(source)
        found = self.log.members(seq, seq, generation)
        if not found or found[0].source != source:
            raise NotFound(f"the stream of '{source}' has no member {seq}",
                           hint="the retention policy may have removed an old version (docs/ldes.md)")
        return FeedDocument("".join(self._member(source, found[0])), LONG_S, immutable=True)

    def shape(self, source: str, *, url: str) -> FeedDocument:
        """The member shape and the project's node shapes for the classes the source has."""
        self._check(source)
        shape = f"{_stream_iri(url, source)}/vorm"
        lines = [_t(shape, RDF.type, SH.NodeShape),
                 f'<{shape}> <{SH.name}> "{_escape(f"lid van de stroom van {source}")}"@nl .\n',
                 f'<{shape}> <{SH.description}> "{_escape(SHAPE_TEXT)}"@en .\n']
        for number, (path, extra) in enumerate(((DCT.isVersionOf, (SH.nodeKind, f"<{SH.IRI}>")),
                                                (PROV.generatedAtTime, (SH.datatype, f"<{XSD.dateTime}>")))):
            node = f"_:p{number}"
            lines += [f"<{shape}> <{SH.property}> {node} .\n", f"{node} <{SH.path}> <{path}> .\n",
                      f'{node} <{SH.minCount}> "1"^^<{XSD.integer}> .\n',
                      f'{node} <{SH.maxCount}> "1"^^<{XSD.integer}> .\n', f"{node} <{extra[0]}> {extra[1]} .\n"]
        info = self.store.manifest().graphs.get(source)
        classes = set((info.stats or {}).get("classes", {})) if info else set()
        graph = self._shapes_graph()
        targeted = [s for s, _, cls in graph.triples((None, URIRef(SH.targetClass), None)) if str(cls) in classes]
        lines.extend(_closure(graph, targeted))
        return FeedDocument("".join(lines), SHORT_S)

    def _shapes_graph(self) -> Graph:
        if self._shapes is None:
            from ..validation import load_shapes

            self._shapes = load_shapes(self.project.shapes).graph if self.project.shapes else Graph()
        return self._shapes

    def version_iri(self, source: str, seq: int) -> str:
        return f"{self.project.base_iri}/ldes/{source}/versie/{seq}"

    def _describe(self, lines: list[str], source: str, url: str) -> None:
        """The stream's own description: what a client needs before it reads a member."""
        stream = _stream_iri(url, source)
        config = next((s for s in self.project.sources if s.name == source), None)
        title = config.title if config else source
        lines += [_t(stream, RDF.type, LDES.EventStream), _t(stream, RDF.type, DCAT.Dataset),
                  f'<{stream}> <{DCT.title}> "{_escape(f"Wijzigingen van {title}")}"@nl .\n',
                  f'<{stream}> <{DCT.description}> "{_escape(STREAM_TEXT)}"@en .\n',
                  _t(stream, LDES.timestampPath, PROV.generatedAtTime),
                  _t(stream, LDES.versionOfPath, DCT.isVersionOf),
                  _t(stream, LDES.versionDeletePath, RDF.type), _t(stream, LDES.versionDeleteObject, AS.Delete),
                  _t(stream, TREE.shape, f"{stream}/vorm"), _t(stream, TREE.view, f"{stream}/1"),
                  _t(stream, PROV.wasDerivedFrom, f"{self.project.base_iri}/id/dataset/{source}"),
                  _t(f"{stream}/1", RDF.type, TREE.Node)]
        feeds = self.project.feeds
        if feeds.keep_versions is not None:
            view = f"{stream}#view"
            lines += [_t(f"{stream}/1", TREE.viewDescription, view), _t(view, RDF.type, TREE.ViewDescription),
                      f"<{view}> <{LDES.retentionPolicy}> _:retention .\n",
                      f"_:retention <{RDF.type}> <{LDES.RetentionPolicy}> .\n",
                      f'_:retention <{LDES.versionAmount}> "{feeds.keep_versions}"^^<{XSD.integer}> .\n']
            if feeds.keep_versions_for:
                lines.append(f'_:retention <{LDES.versionDuration}> "{feeds.keep_versions_for}"^^<{XSD.duration}> .\n')

    def _member(self, source: str, member: Member) -> list[str]:
        version = self.version_iri(source, member.seq)
        lines = [_t(version, DCT.isVersionOf, member.entity),
                 f"<{version}> <{PROV.generatedAtTime}> {_time(member.at)} .\n"]
        if member.deleted:
            dutch, english = TOMBSTONE_NOTES[member.deleted]
            lines += [_t(version, RDF.type, AS.Delete), f'<{version}> <{RDFS.comment}> "{dutch}"@nl .\n',
                      f'<{version}> <{RDFS.comment}> "{english}"@en .\n']
            return lines
        subject, prefix = f"<{member.entity}> ", f"_:m{member.seq}b"
        for line in member.description.splitlines():
            if line.startswith(subject):
                line = f"<{version}> " + line[len(subject):]
            line = _SUBJECT_BLANK.sub(lambda m: f"{prefix}{m.group(1)} ", line)
            line = _OBJECT_BLANK.sub(lambda m: f" {prefix}{m.group(1)} .", line)
            lines.append(line + "\n")
        return lines


STREAM_TEXT = ("Every build of this source adds a version of each entity it changed (its whole description) and "
               "a tombstone (as:Delete) for each one it removed or validation held back. Replaying the stream "
               "from its first fragment, keeping the latest version of each entity, gives the source's graph.")
SHAPE_TEXT = ("A member is a version of one entity (dcterms:isVersionOf) made at one time (prov:generatedAtTime), "
              "or a tombstone (as:Delete). The node shapes in this document are those the build checked the "
              "entities against, in the whole graph: their targets select the entities of a replayed graph.")


def _stream_iri(url: str, source: str) -> str:
    return f"{url.rstrip('/')}/ldes/{source}"


def _t(subject: str, predicate: str, obj: str) -> str:
    return f"<{subject}> <{predicate}> <{obj}> .\n"


def _time(at: str) -> str:
    return f'"{at}"^^<{XSD.dateTime}>'


def _escape(text: str) -> str:
    """``text`` inside an N-Triples string: its backslashes, quotes and line breaks escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _closure(graph: Graph, roots: list[Node]) -> list[str]:
    """N-Triples of the shapes ``roots`` and of every node of the shapes graph they lead to."""
    seen: set[Node] = set()
    todo = list(roots)
    closure = Graph()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in graph.triples((node, None, None)):
            closure.add(triple)
            if isinstance(triple[2], (URIRef, BNode)) and (triple[2], None, None) in graph:
                todo.append(triple[2])
    # rdflib's N-Triples writer escapes the line breaks of multi-line literals (SPARQL constraints)
    return sorted(line + "\n" for line in closure.serialize(format="nt").splitlines() if line.strip())
