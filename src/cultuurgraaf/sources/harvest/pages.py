"""A page of an event stream, read: its members, the pages it links to, and whether it can change.

A page (a ``tree:Node``) comes as JSON-LD, or as Turtle, TriG, N-Triples or N-Quads. What it
says is read as RDF statements (JSON-LD through the reader of ``sources/jsonld_reader.py``, so
with the contexts cultuurgraaf keeps and none fetched), and from those, as the LDES
specification says a client does (https://w3id.org/ldes/specification):

- the members are the objects of ``<stream> tree:member ?m`` (IRIs: a member is known by its IRI);
- the pages it links to are ``?n`` in ``<page> tree:relation ?r . ?r tree:node ?n``;
- it is immutable when it says ``<page> ldes:immutable true`` or its answer's ``Cache-Control``
  says ``immutable``;
- the stream says how versions are told: ``ldes:versionOfPath``, ``ldes:timestampPath`` (or
  ``ldes:versionTimestampPath``), ``ldes:versionDeletePath`` and ``ldes:versionDeleteObject``.

Each member is kept as one JSON-LD document. Of a JSON-LD page, that is the member's own JSON
object as the page has it, under the contexts in force where it stands, so that the oslo-ldes
kind reads (and counts) the member's terms as the publisher wrote them; only a key saying that it
is a member of the stream (a reverse ``tree:member``, such as the Ghent stream's ``memberOf``) is
left out. A member without an object of its own in the page, and every member of a page in
another syntax, is written from its statements, delimited as the specification says: those about
the member, about the blank nodes they reach, and those of the graph named after it. What such a
page says about other things is counted ("statements that describe no member"), not kept.

>>> syntax("application/ld+json; charset=utf-8", b""), syntax("", b" <a> <b> <c> ."), syntax("", b'{"@id": 1}')
('jsonld', 'turtle', 'jsonld')
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import CultuurgraafError, HarvestError, Location
from ...store import rdf_statements
from ...vocab import LDES, RDF, TREE, XSD
from ..base import LogicalSource, SourceLiteral, SourceNode, open_records
from ..json_stream import check_depth
from .http import Answer
from .report import Notes

#: what a harvest asks an event stream for: JSON-LD first, then what Oxigraph reads
ACCEPT = ("application/ld+json, application/n-quads;q=0.9, application/trig;q=0.9, text/turtle;q=0.8, "
          "application/n-triples;q=0.8")
SYNTAXES = {"application/ld+json": "jsonld", "application/json": "jsonld", "text/turtle": "turtle",
            "application/n-triples": "ntriples", "application/n-quads": "nquads", "application/trig": "trig"}

#: a term as the store gives it: ("iri", iri), ("blank", label) or ("literal", text, language, datatype)
Term = tuple
#: (subject, predicate, object, graph): the graph an IRI, or None for the default graph
Statement = tuple


@dataclass
class Member:
    """A member of the stream: a version of ``entity`` made ``at`` (or, ``deleted``, its removal)."""

    iri: str
    entity: str
    at: str | None
    deleted: bool
    document: dict


@dataclass
class Page:
    url: str
    members: list[Member] = field(default_factory=list)
    #: the pages its relations lead to
    links: list[str] = field(default_factory=list)
    immutable: bool = False
    #: the views of the stream, when the URL asked was the stream itself (``<url> tree:view ?v``)
    views: list[str] = field(default_factory=list)
    #: how the stream tells versions, where the page says: of, at, delete (path and object)
    paths: dict = field(default_factory=dict)
    notes: Notes = field(default_factory=Notes)


def syntax(content_type: str, content: bytes) -> str:
    """The RDF syntax of an answer, by its media type or else by its first character."""
    media = content_type.split(";")[0].strip().lower()
    if media in SYNTAXES:
        return SYNTAXES[media]
    return "jsonld" if content.lstrip()[:1] in (b"{", b"[") else "turtle"


def read_page(answer: Answer, *, asked: str, page: str, paths: dict, work: Path) -> Page:
    """The members and links of a page; ``paths`` are the stream's version paths known so far."""
    where = Location(answer.url, record=page)
    kind = syntax(answer.header("content-type"), answer.content)
    document = None
    try:
        if kind == "jsonld":
            path = work / "page.jsonld"
            path.write_bytes(answer.content)
            check_depth(LogicalSource(path, "jsonld"))  # before anything builds it
            document = _json(answer.content, where)
            statements = _jsonld_statements(path)
        else:
            statements = rdf_statements(answer.content, format=kind, base_iri=answer.url)
    except HarvestError:
        raise
    except CultuurgraafError as exc:
        line = exc.location.line if exc.location else None
        raise HarvestError(f"the page cannot be read as {kind}: {exc.message}",
                           location=Location(answer.url, line=line, record=page), hint=exc.hint) from None
    return _Reading(answer, asked, statements, document, paths, where).page()


def _json(content: bytes, where: Location) -> Any:
    try:
        return json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise HarvestError(f"the page is not UTF-8 text ({exc.reason} at byte {exc.start})", location=where) from None
    except json.JSONDecodeError as exc:
        raise HarvestError(f"the page is not JSON: {exc.msg} (column {exc.colno})",
                           location=Location(where.path, line=exc.lineno, record=where.record)) from None


def _jsonld_statements(path: Path) -> list[Statement]:
    records = open_records(LogicalSource(path, "jsonld"))
    try:
        return [(_term(s), str(p), _term(o), None) for s, p, o, *_ in records]
    finally:
        records.close()


def _term(value) -> Term:
    if isinstance(value, SourceNode):
        return ("blank" if value.blank else "iri", str(value))
    if isinstance(value, SourceLiteral):
        return ("literal", str(value), value.language, value.datatype)
    return ("literal", str(value), None, None)


class _Reading:
    """One page's statements, indexed, and what they say."""

    def __init__(self, answer: Answer, asked: str, statements: list[Statement], document: Any, paths: dict,
                 where: Location):
        self.answer, self.asked, self.where, self.document = answer, asked, where, document
        self.statements = statements
        self.about: dict[Term, list[int]] = defaultdict(list)
        self.graphs: dict[str, list[int]] = defaultdict(list)
        for index, (s, _, _, g) in enumerate(statements):
            (self.graphs[g] if g is not None else self.about[s]).append(index)
        declared = self._paths()
        self.paths = {**paths, **declared}
        self.result = Page(answer.url, paths=declared)

    def values(self, subject: Term, predicate: str) -> list[Term]:
        return [self.statements[i][2] for i in self.about.get(subject, []) if self.statements[i][1] == predicate]

    def page(self) -> Page:
        result, here = self.result, {("iri", self.answer.url), ("iri", self.asked)}
        result.immutable = "immutable" in self.answer.header("cache-control").lower() or any(
            o[0] == "literal" and o[1] in ("true", "1") for s in here for o in self.values(s, LDES.immutable))
        relating = [s for s in self.about if self.values(s, TREE.relation)]
        own = [s for s in relating if s in here] or relating
        result.links = list(dict.fromkeys(n[1] for s in own for r in self.values(s, TREE.relation)
                                          for n in self.values(r, TREE.node) if n[0] == "iri"))
        result.views = [v[1] for v in self.values(("iri", self.asked), TREE.view) if v[0] == "iri"]
        members = [(s, o) for s, p, o, g in self.statements if p == TREE.member and g is None]
        blank = sum(1 for _, o in members if o[0] != "iri")
        if blank:
            result.notes.add("members that are blank nodes, not kept (a member is known by its IRI)", self.answer.url,
                             count=blank)
        iris = list(dict.fromkeys(o[1] for _, o in members if o[0] == "iri"))
        objects = _json_members(self.document, set(iris)) if self.document is not None else {}
        if self.document is not None and len(objects) < len(iris):
            result.notes.add("members without a JSON object of their own in the page, written from their statements",
                             self.answer.url, count=len(iris) - len(objects))
        used: set[int] = set()
        for iri in iris:
            document = objects.get(iri) or self._described(("iri", iri), used)
            result.members.append(self._member(iri, document))
        if iris and not objects:  # (a member's JSON object holds what the page says of the things it names)
            known = used | self._structure({s for s, _ in members} | {("iri", u) for u in (self.answer.url, self.asked)})
            outside = sum(1 for i, st in enumerate(self.statements) if st[3] is None and i not in known)
            if outside:
                result.notes.add("statements that describe no member, not kept", self.answer.url, count=outside)
        return result

    def _paths(self) -> dict:
        """How the stream tells versions, where the page says (a version's time by
        ldes:versionTimestampPath where it is given, else by ldes:timestampPath)."""
        found = {}
        for key, predicate in (("of", LDES.versionOfPath), ("at", LDES.timestampPath),
                               ("at", LDES.versionTimestampPath), ("delete_path", LDES.versionDeletePath),
                               ("delete", LDES.versionDeleteObject)):
            values = [o for s, p, o, g in self.statements if p == predicate and g is None]
            if any(v[0] == "blank" for v in values):
                raise HarvestError(f"the stream's {predicate} is a SHACL path of several steps, which "
                                   "cultuurgraaf does not follow (only a single property)", location=self.where)
            if values:
                found[key] = values[0][1]
        return found

    def _member(self, iri: str, document: dict) -> Member:
        node, paths = ("iri", iri), self.paths
        entities = [o[1] for o in self._values_anywhere(node, paths["of"]) if o[0] == "iri"] if "of" in paths else []
        times = [o[1] for o in self._values_anywhere(node, paths["at"]) if o[0] == "literal"] if "at" in paths else []
        deleted = "delete" in paths and any(o[1] == paths["delete"] for o in self._values_anywhere(
            node, paths.get("delete_path", RDF.type)))
        if "of" in paths and not entities:
            self.result.notes.add(f"members that name no object they are a version of ({paths['of']}), each read "
                                  "as an object of its own", iri)
        if "at" in paths and not times:
            self.result.notes.add(f"members without a time ({paths['at']}), each taken as its object's latest "
                                  "version", iri)
        return Member(iri, entities[0] if entities else iri, times[0] if times else None, deleted, document)

    def _values_anywhere(self, subject: Term, predicate: str) -> list[Term]:
        """The values of a member's property, in the default graph or in the graph named after it."""
        return self.values(subject, predicate) + [self.statements[i][2] for i in self.graphs.get(subject[1], [])
                                                  if self.statements[i][0] == subject
                                                  and self.statements[i][1] == predicate]

    def _structure(self, roots: set[Term]) -> set[int]:
        """The statements about the page, the stream and its relations (what makes the tree)."""
        found: set[int] = set()
        todo = list(roots)
        while todo:
            subject = todo.pop()
            for index in self.about.get(subject, []):
                if index not in found:
                    found.add(index)
                    _, predicate, obj, _ = self.statements[index]
                    if obj[0] == "blank" or predicate in (TREE.relation, TREE.view):
                        todo.append(obj)
        return found

    def _described(self, member: Term, used: set[int]) -> dict:
        """A member as expanded JSON-LD: its statements, its blank nodes', and its named graph."""
        done: set[Term] = set()

        def node(subject: Term, indexes: list[int]) -> dict:
            out: dict[str, Any] = {"@id": subject[1] if subject[0] == "iri" else "_:" + subject[1]}
            for index in indexes:
                used.add(index)
                _, predicate, obj, _ = self.statements[index]
                if predicate == RDF.type and obj[0] == "iri":
                    out.setdefault("@type", []).append(obj[1])
                else:
                    out.setdefault(predicate, []).append(value(obj))
            return out

        def value(term: Term) -> dict:
            if term[0] == "literal":
                text, language, datatype = term[1], term[2], term[3]
                if language:
                    return {"@value": text, "@language": language}
                return {"@value": text} if datatype in (None, XSD.string) else {"@value": text, "@type": datatype}
            if term[0] == "blank" and term not in done:
                done.add(term)
                return node(term, self.about.get(term, []))
            return {"@id": term[1] if term[0] == "iri" else "_:" + term[1]}

        done.add(member)
        document = node(member, self.about.get(member, []))
        graph = defaultdict(list)
        for index in self.graphs.get(member[1], []):
            graph[self.statements[index][0]].append(index)
        if graph:
            document["@graph"] = [node(subject, indexes) for subject, indexes in graph.items()]
        return document


def _json_members(document: Any, members: set[str]) -> dict[str, dict]:
    """The JSON object of each member in a JSON-LD page, as a document of its own: with the
    contexts in force where it stands, without the keys that say it is a member."""
    found: dict[str, tuple[dict, list]] = {}
    reverse_member: set[str] = set()

    def walk(node: Any, scope: list) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, scope)
            return
        if not isinstance(node, dict):
            return
        own = _listed(node.get("@context"))
        reverse_member.update(_reverse_member_terms(own))
        identifier = node.get("@id")
        if isinstance(identifier, str) and identifier in members and len(node) > len(found.get(identifier, ({},))[0]):
            found[identifier] = (node, scope)
        for key, value in node.items():
            if key != "@context":
                walk(value, scope + own)

    walk(document, [])
    out = {}
    for identifier, (node, scope) in found.items():
        if len(node) <= 1:
            continue
        contexts = scope + _listed(node.get("@context"))
        body = {k: v for k, v in node.items() if k != "@context" and k not in reverse_member}
        out[identifier] = {"@context": contexts, **body} if contexts else body
    return out


def _listed(context: Any) -> list:
    """A ``@context`` value as a list of contexts (none when it is absent)."""
    return [] if context is None else context if isinstance(context, list) else [context]


def _reverse_member_terms(contexts: list) -> set[str]:
    """The terms contexts define as the reverse of tree:member (``"memberOf": {"@reverse": "tree:member"}``)."""
    found: set[str] = set()
    for item in contexts:
        if not isinstance(item, dict):
            continue
        prefixes = {k: v for k, v in item.items() if isinstance(v, str) and v.endswith(("#", "/"))}
        for term, definition in item.items():
            reverse = definition.get("@reverse") if isinstance(definition, dict) else None
            if isinstance(reverse, str):
                prefix, _, rest = reverse.partition(":")
                if (prefixes.get(prefix, "") + rest if prefix in prefixes else reverse) == TREE.member:
                    found.add(term)
    return found
