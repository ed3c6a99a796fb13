"""Each subject of a source's graphs described on its own, for the change feeds (feeds/changes.py).

A subject's description is its concise bounded description in the source's graphs: the triples
about it, and, recursively, those about the blank nodes it points at. It is written canonically
(N-Triples lines in a fixed order, blank nodes labelled ``b0``, ``b1`` ... in that order) so that
the same description gives the same text, and so the same hash, in every build, whatever labels
the store gave the blank nodes.

Every triple of the graphs whose subject is an IRI belongs to that IRI's description, and every
triple about a blank node to the description of the IRI that points at it. Two things cannot be
split so, and are counted rather than guessed at: a blank node that several descriptions point at
(each description gets its own copy), and blank nodes that no IRI reaches (they are left out).

One pass reads the triples about blank nodes into memory (what a build holds grows with them, not
with the graph); a second streams the IRIs' triples in the store's order, which keeps the triples
of one subject together in a graph.

>>> import pyoxigraph as ox
>>> db = ox.Store()
>>> db.load(b'<http://x.org/a> <http://x.org/p> _:one . _:one <http://x.org/q> "1" . '
...         b'<http://x.org/a> a <http://x.org/T> .', format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("http://x.org/g"))
>>> [d] = describe_subjects(db, ["http://x.org/g"], SubjectCounts())
>>> print(d.lines, end="")
<http://x.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x.org/T> .
<http://x.org/a> <http://x.org/p> _:b0 .
_:b0 <http://x.org/q> "1" .
>>> d.types
('http://x.org/T',)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterator

import pyoxigraph as ox

from ..errors import StoreError
from ..vocab import RDF

_TYPE = f"<{RDF.type}>"


@dataclass(frozen=True)
class SubjectDescription:
    """One IRI's description: canonical N-Triples (``lines``), its hash, and its rdf:types."""

    subject: str
    lines: str
    hash: str
    types: tuple[str, ...]


@dataclass
class SubjectCounts:
    """What describing a source's graphs met: subjects, and the blank nodes that could not be split."""

    subjects: int = 0
    shared_blank_nodes: int = 0
    unreached_blank_nodes: int = 0
    blank_node_cycles: int = 0


def describe_subjects(db: ox.Store, graphs: list[str], counts: SubjectCounts) -> Iterator[SubjectDescription]:
    """The description of every IRI subject of ``graphs`` (one source's), in the store's order."""
    names = [ox.NamedNode(g) for g in graphs]
    values = " ".join(str(g) for g in names)
    blanks = _BlankNodes()
    # the engine picks out the triples about blank nodes: only they become Python objects here (making
    # terms from the store is most of what reading it costs); the others come in the second pass
    for solution in db.query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
                             "FILTER(isBlank(?s)) }"):
        blanks.add(solution[0].value, str(solution[1]), str(solution[2]))
    blanks.close()
    # the blank nodes more than one triple points at, known before any description is written, so that
    # one only a single triple points at can be let go once it is written (the engine counts)
    blanks.shared = {solution[0].value for solution in db.query(
        f"SELECT ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} FILTER(isBlank(?o)) }} "
        "GROUP BY ?o HAVING (COUNT(*) > 1)")}
    writer = _Canonical(blanks, counts)
    if len(names) == 1:
        yield from _grouped(db, names[0], writer, counts)
    else:  # a subject may be in several of the source's graphs: gather it from all of them
        triples: dict[str, list[tuple[str, str]]] = {}
        for graph in names:
            for quad in db.quads_for_pattern(None, None, None, graph):
                if isinstance(quad.subject, ox.NamedNode):
                    triples.setdefault(quad.subject.value, []).append((str(quad.predicate), str(quad.object)))
        for subject, found in triples.items():
            counts.subjects += 1
            yield writer.describe(subject, found)
    counts.shared_blank_nodes += len(blanks.shared)
    counts.unreached_blank_nodes += len(set(blanks.held) - writer.reached)


class _BlankNodes:
    """The triples about a source's blank nodes, each blank node's kept as one string (predicates by
    number): a third of a large source's triples can be about blank nodes, and a tuple of Python
    terms for each took about four times the memory. ``shared``: the blank nodes more than one triple
    points at."""

    def __init__(self) -> None:
        self.held: dict[str, str] = {}
        self.shared: set[str] = set()
        self._predicates: dict[str, int] = {}
        self._names: list[str] = []
        self._subject: str | None = None
        self._lines: list[str] = []

    def add(self, subject: str, predicate: str, term: str) -> None:
        """Note a triple (N-Triples text of its predicate and object); a blank node's triples come together."""
        if subject != self._subject:
            self.close()
            self._subject = subject
        number = self._predicates.get(predicate)
        if number is None:
            number = self._predicates[predicate] = len(self._names)
            self._names.append(predicate)
        self._lines.append(f"{number} {term}")

    def close(self) -> None:
        if self._subject is not None:
            text = "\n".join(self._lines)
            before = self.held.get(self._subject)  # the same blank node in another of the source's graphs
            self.held[self._subject] = text if before is None else before + "\n" + text
        self._subject, self._lines = None, []

    def triples(self, blank: str) -> list[tuple[str, str]]:
        """The (predicate, object) N-Triples text of the triples about ``blank``."""
        text = self.held.get(blank)
        if not text:
            return []
        names = self._names
        return [(names[int(number)], term) for number, term in (line.split(" ", 1) for line in text.split("\n"))]

    def let_go(self, blank: str) -> None:
        """Forget a blank node no description will reach again."""
        self.held.pop(blank, None)


def _grouped(db: ox.Store, graph: ox.NamedNode, writer: "_Canonical", counts: SubjectCounts):
    done: set[str] = set()
    subject: str | None = None
    found: list[tuple[str, str]] = []
    for quad in db.quads_for_pattern(None, None, None, graph):
        if not isinstance(quad.subject, ox.NamedNode):
            continue
        if quad.subject.value != subject:
            if subject is not None:
                counts.subjects += 1
                yield writer.describe(subject, found)
                done.add(subject)
            subject, found = quad.subject.value, []
            if subject in done:
                raise StoreError(f"the triples about <{subject}> in <{graph.value}> are not together in the store's "
                                 "order, which the change feeds rely on")
        found.append((str(quad.predicate), str(quad.object)))
    if subject is not None:
        counts.subjects += 1
        yield writer.describe(subject, found)


class _Canonical:
    """Writes descriptions canonically: blank nodes ordered by a hash of their own content. Terms are
    N-Triples text (a blank node's starts with ``_:``)."""

    def __init__(self, blanks: _BlankNodes, counts: SubjectCounts):
        self.blanks = blanks
        self.counts = counts
        self.keys: dict[str, str] = {}
        #: the blank nodes a description reached that another may reach too (the others are let go)
        self.reached: set[str] = set()
        #: the triples of the blank nodes the description being written has read (each is read twice)
        self._read: dict[str, list[tuple[str, str]]] = {}

    def _triples(self, blank: str) -> list[tuple[str, str]]:
        found = self._read.get(blank)
        if found is None:
            found = self._read[blank] = self.blanks.triples(blank)
        return found

    def key(self, blank: str, path: tuple[str, ...] = ()) -> str:
        """A hash of what a blank node holds, nested blank nodes by their own keys."""
        known = self.keys.get(blank)
        if known is not None:
            return known
        if blank in path:
            self.counts.blank_node_cycles += 1
            return "cycle"
        parts = sorted(f"{p} {self._object_key(o, (*path, blank))}" for p, o in self._triples(blank))
        key = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        self.keys[blank] = key
        return key

    def _object_key(self, term: str, path: tuple[str, ...]) -> str:
        return "_:" + self.key(term[2:], path) if term.startswith("_:") else term

    def describe(self, subject: str, triples: list[tuple[str, str]]) -> SubjectDescription:
        labels: dict[str, str] = {}
        lines: list[str] = []
        below: dict[str, bool] = {}
        self._write(f"<{subject}>", triples, labels, lines, (), below, shared=False)
        self._read.clear()
        text = "".join(lines)
        types = tuple(sorted(o[1:-1] for p, o in triples
                             if p == _TYPE and o.startswith("<") and not o.startswith("<<")))  # an IRI, not a triple term
        # written: a blank node no other description can reach (only one triple points at it and at
        # each blank node above it) is not needed again
        for blank, shared in below.items():
            if shared:
                self.reached.add(blank)
            else:
                self.keys.pop(blank, None)
                self.blanks.let_go(blank)
        return SubjectDescription(subject, text, hashlib.sha256(text.encode()).hexdigest()[:32], types)

    def _write(self, node: str, triples: list[tuple[str, str]], labels: dict[str, str], lines: list[str],
               path: tuple[str, ...], below: dict[str, bool], *, shared: bool) -> None:
        """Write ``node``'s triples, then those of the blank nodes it points at; ``below`` gets each blank
        node written, and whether another description may reach it too (``shared``: ``node`` may be)."""
        ordered = sorted(triples, key=lambda t: (t[0], self._object_key(t[1], path)))
        nested = []
        for predicate, term in ordered:
            if term.startswith("_:"):
                # blank nodes are labelled in the order of this walk, which the content keys fix
                blank = term[2:]
                label = labels.get(blank)
                if label is None:
                    label = labels[blank] = f"_:b{len(labels)}"
                    nested.append(blank)
                lines.append(f"{node} {predicate} {label} .\n")
            else:
                lines.append(f"{node} {predicate} {term} .\n")
        for blank in nested:
            if blank in path:
                continue
            reachable = shared or blank in self.blanks.shared
            below[blank] = below.get(blank, False) or reachable
            self._write(labels[blank], self._triples(blank), labels, lines, (*path, blank), below,
                        shared=reachable)
