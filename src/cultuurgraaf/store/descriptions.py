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
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

import pyoxigraph as ox

from ..errors import StoreError
from ..vocab import RDF

_TYPE = ox.NamedNode(RDF.type)


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
    blanks: dict[str, list[tuple[str, ox.Term]]] = {}
    references: Counter = Counter()
    # the engine picks out the triples about blank nodes: only they become Python objects here (making
    # terms from the store is most of what reading it costs); the others come in the second pass
    values = " ".join(str(g) for g in names)
    for solution in db.query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
                             "FILTER(isBlank(?s)) }"):
        blanks.setdefault(solution[0].value, []).append((str(solution[1]), solution[2]))
        if isinstance(solution[2], ox.BlankNode):
            references[solution[2].value] += 1
    writer = _Canonical(blanks, counts)
    if len(names) == 1:
        yield from _grouped(db, names[0], writer, counts, references)
    else:  # a subject may be in several of the source's graphs: gather it from all of them
        triples: dict[str, list[tuple[str, ox.Term]]] = {}
        for graph in names:
            for quad in _not_about_blank_nodes(db.quads_for_pattern(None, None, None, graph), references):
                if isinstance(quad.subject, ox.NamedNode):
                    triples.setdefault(quad.subject.value, []).append((str(quad.predicate), quad.object))
        for subject, found in triples.items():
            counts.subjects += 1
            yield writer.describe(subject, found)
    counts.shared_blank_nodes += sum(1 for n in references.values() if n > 1)
    counts.unreached_blank_nodes += len(set(blanks) - writer.reached)


def _not_about_blank_nodes(quads: Iterator[ox.Quad], references: Counter) -> Iterator[ox.Quad]:
    """The quads whose subject is not a blank node, counting the blank nodes they point at."""
    for quad in quads:
        if not isinstance(quad.subject, ox.BlankNode):
            if isinstance(quad.object, ox.BlankNode):
                references[quad.object.value] += 1
            yield quad


def _grouped(db: ox.Store, graph: ox.NamedNode, writer: "_Canonical", counts: SubjectCounts, references: Counter):
    done: set[str] = set()
    subject: str | None = None
    found: list[tuple[str, ox.Term]] = []
    for quad in _not_about_blank_nodes(db.quads_for_pattern(None, None, None, graph), references):
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
        found.append((str(quad.predicate), quad.object))
    if subject is not None:
        counts.subjects += 1
        yield writer.describe(subject, found)


class _Canonical:
    """Writes descriptions canonically: blank nodes ordered by a hash of their own content."""

    def __init__(self, blanks: dict[str, list[tuple[str, ox.Term]]], counts: SubjectCounts):
        self.blanks = blanks
        self.counts = counts
        self.keys: dict[str, str] = {}
        self.reached: set[str] = set()

    def key(self, blank: str, path: tuple[str, ...] = ()) -> str:
        """A hash of what a blank node holds, nested blank nodes by their own keys."""
        known = self.keys.get(blank)
        if known is not None:
            return known
        if blank in path:
            self.counts.blank_node_cycles += 1
            return "cycle"
        parts = sorted(f"{p} {self._object_key(o, (*path, blank))}" for p, o in self.blanks.get(blank, ()))
        key = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        self.keys[blank] = key
        return key

    def _object_key(self, term: ox.Term, path: tuple[str, ...]) -> str:
        return "_:" + self.key(term.value, path) if isinstance(term, ox.BlankNode) else str(term)

    def describe(self, subject: str, triples: list[tuple[str, ox.Term]]) -> SubjectDescription:
        labels: dict[str, str] = {}
        lines: list[str] = []
        self._write(f"<{subject}>", triples, labels, lines, ())
        text = "".join(lines)
        types = tuple(sorted(o.value for p, o in triples if p == str(_TYPE) and isinstance(o, ox.NamedNode)))
        return SubjectDescription(subject, text, hashlib.sha256(text.encode()).hexdigest()[:32], types)

    def _write(self, node: str, triples: list[tuple[str, ox.Term]], labels: dict[str, str], lines: list[str],
               path: tuple[str, ...]) -> None:
        ordered = sorted(triples, key=lambda t: (t[0], self._object_key(t[1], path)))
        nested = []
        for predicate, term in ordered:
            if isinstance(term, ox.BlankNode):
                # blank nodes are labelled in the order of this walk, which the content keys fix
                label = labels.get(term.value)
                if label is None:
                    label = labels[term.value] = f"_:b{len(labels)}"
                    nested.append(term.value)
                lines.append(f"{node} {predicate} {label} .\n")
            else:
                lines.append(f"{node} {predicate} {term} .\n")
        for blank in nested:
            if blank in path:
                continue
            self.reached.add(blank)
            self._write(labels[blank], self.blanks.get(blank, []), labels, lines, (*path, blank))
