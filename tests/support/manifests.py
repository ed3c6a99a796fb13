"""The one reader of the conformance suites' manifests in ``../shared/conformance``.

A manifest is an RDF file that lists test cases. W3C test manifests list them in ``mf:entries``
and name further manifests with ``mf:include`` (the SHACL Core suite nests two levels; the SPARQL
Protocol suite is one file); the RML suites' manifests, in the W3C test-description vocabulary,
type each case ``td:TestCase``. :func:`read_manifest` follows the includes (in the order of their
names) and gives every case as an :class:`Entry`: its node, the graph of the manifest file that
holds it (where its details are), and that file. What a case's details mean is each suite's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
TD = Namespace("http://www.w3.org/2006/03/test-description#")


#: The subject of :meth:`Entry.value` and :meth:`Entry.values` when none is given: the case itself.
CASE = object()


@dataclass(frozen=True)
class Entry:
    """One test case of a manifest."""

    node: Node
    graph: Graph
    file: Path

    def value(self, predicate: URIRef, subject=CASE) -> Node | None:
        """The one value of ``predicate`` on the case, or on ``subject`` (a node of its details)."""
        return self.graph.value(self.node if subject is CASE else subject, predicate)

    def values(self, predicate: URIRef, subject=CASE) -> list[Node]:
        return list(self.graph.objects(self.node if subject is CASE else subject, predicate))

    def items(self, rdf_list: Node | None) -> list[Node]:
        """The members of an RDF list of the case's details (none for None)."""
        return list(Collection(self.graph, rdf_list)) if rdf_list is not None else []


def read_manifest(path: Path) -> list[Entry]:
    """Every case of the manifest at ``path`` and of the manifests it includes."""
    return list(_entries(Path(path)))


def _entries(path: Path) -> Iterator[Entry]:
    graph = Graph().parse(path, publicID=path.as_uri(), format="turtle")
    lists = list(graph.objects(None, MF.entries))
    for entries in lists:
        for node in Collection(graph, entries):
            yield Entry(node, graph, path)
    if not lists:
        for node in sorted(graph.subjects(RDF.type, TD.TestCase)):
            yield Entry(node, graph, path)
    for include in sorted(graph.objects(None, MF.include)):
        yield from _entries(Path(str(include).removeprefix("file://")))
