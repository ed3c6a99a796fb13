"""A scratch store, for checking data before it goes into the real store.

Validation loads the data it checks here: every graph of every file, seen by queries as one
union, with blank node labels kept as the files write them (``_:b1`` stays ``b1``), so a report
can name the same blank node the mapping's lineage knows. Parse errors name the file and line.

A scratch store lives in memory, or on disk in a folder of its own (``ScratchStore(path)``) for a
build whose data is larger than memory should hold: files then stream into it through Oxigraph's
bulk loader, ``batch_quads`` at a time, and queries read from disk, so memory stays flat however
large the build is. (Handed a whole file at once, the bulk loader holds up to a million quads in
memory while it sorts them, about 1 GB.)

>>> scratch = ScratchStore()
>>> scratch.load(data=b'<http://ex.org/a> <http://ex.org/p> _:n1 <http://ex.org/g> .', format="nquads")
1
>>> [row["o"] for row in scratch.query("SELECT ?o WHERE { ?s ?p ?o }").rows()]
[rdflib.term.BNode('n1')]

A :class:`Survey` notes what a file holds while it loads (its predicates and the classes of its
nodes), and can stop the load at a term, keeping nothing of the file:

>>> survey = Survey(stop_at=frozenset({"http://ex.org/stop"}))
>>> scratch.load(data=b'<http://ex.org/a> a <http://ex.org/C> ; <http://ex.org/stop> 1 .', format="turtle",
...              survey=survey)
Traceback (most recent call last):
...
cultuurgraaf.store.scratch.Stopped: http://ex.org/stop
>>> len(scratch), sorted(survey.classes)
(1, ['http://ex.org/C'])
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib.term import Node

from ..errors import QueryError, StoreError
from ..vocab import RDF
from .bulk import BATCH_QUADS, Counted, bulk_extend_in_batches, into_graph
from .embedded import EmbeddedStore
from .formats import check_rdf_input, open_rdf, rdf_format
from .parsing import read_rdf
from .results import QueryResult
from .terms import to_oxigraph, to_rdflib


RDF_TYPE = RDF.type


class Stopped(Exception):
    """A load stopped at a term its survey was told to stop at (the term is the message)."""


@dataclass
class Survey:
    """What one file holds, noted while it loads: the predicates it uses, the classes its nodes have
    (objects of ``rdf:type``) and which of ``nodes`` it names as a subject or object.

    A load stops with :class:`Stopped` at the first predicate or class in ``stop_at``; loading into
    memory is one transaction, so then nothing of the file is kept.
    """

    stop_at: frozenset[str] = frozenset()
    nodes: frozenset[str] = frozenset()
    predicates: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    found_nodes: set[str] = field(default_factory=set)

    def watch(self, quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        predicates, classes, stop_at, nodes = self.predicates, self.classes, self.stop_at, self.nodes
        for quad in quads:
            predicate = quad.predicate.value
            if predicate not in predicates:
                if predicate in stop_at:
                    raise Stopped(predicate)
                predicates.add(predicate)
            if predicate == RDF_TYPE and isinstance(quad.object, ox.NamedNode) and quad.object.value not in classes:
                if quad.object.value in stop_at:
                    raise Stopped(quad.object.value)
                classes.add(quad.object.value)
            if nodes:
                self.found_nodes.update(t.value for t in (quad.subject, quad.object) if t.value in nodes)
            yield quad


class ScratchStore:
    """An Oxigraph store whose default graph is the union of the graphs loaded into it.

    In memory by default; with ``path``, on disk in that folder (which the caller removes), loaded
    ``batch_quads`` at a time.
    """

    def __init__(self, path: Path | None = None, *, batch_quads: int = BATCH_QUADS) -> None:
        self.path = Path(path) if path is not None else None
        self.batch_quads = batch_quads
        try:
            self._db = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            raise StoreError(f"cannot create a scratch store in {path}: {exc}") from exc

    @classmethod
    def reader(cls, path: Path) -> "ScratchStore":
        """A scratch store on disk opened read-only, by another process than the one that fills it
        (which :meth:`flush` es first, and writes nothing while this one reads)."""
        scratch = cls.__new__(cls)
        scratch.path, scratch.batch_quads = Path(path), BATCH_QUADS
        try:
            scratch._db = ox.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"cannot read the scratch store in {path}: {exc}") from exc
        return scratch

    def flush(self) -> None:
        """Write what is loaded to disk, for a :meth:`reader` in another process."""
        self._db.flush()

    def __len__(self) -> int:
        return len(self._db)

    def load(self, *, path: Path | None = None, data: bytes | None = None, format: str | None = None,
             base_iri: str | None = None, lenient: bool = False, survey: Survey | None = None,
             graph: str | None = None) -> int:
        """Add an RDF file or bytes (any syntax Oxigraph reads); the number of quads it held.

        ``lenient`` skips checking IRIs and tags again, for N-Quads the mapping engine wrote (it
        checks every IRI it makes); files from elsewhere are checked. A ``survey`` notes what the
        file holds (and may stop the load: see :class:`Survey`). With ``graph``, the triples of the
        default graph go into that named graph (queries still see the union).
        """
        if survey is not None and survey.stop_at and self.path is not None:
            raise ValueError("a survey that stops a load needs a scratch store in memory, where loading is atomic")
        fmt = rdf_format(format or (path.name if path is not None else "nquads"))
        if base_iri is None and path is not None:
            base_iri = Path(path).resolve().as_uri()
        check_rdf_input(fmt, path=path, data=data)
        if path is None:
            quads = read_rdf(io.BytesIO(data or b""), fmt, base_iri=base_iri, lenient=lenient)
            return self._add(_into(quads, graph), survey)
        with open_rdf(Path(path)) as handle:
            return self._add(_into(read_rdf(handle, fmt, base_iri=base_iri, lenient=lenient, where=str(path)), graph),
                             survey)

    def add_graphs(self, store, graphs: Iterable[str]) -> int:
        """Copy named graphs from a project's store (embedded or remote), streaming; the quads copied."""
        total = 0
        for graph in graphs:
            node = ox.NamedNode(graph)
            if isinstance(store, EmbeddedStore):
                quads = store.db().quads_for_pattern(None, None, None, node)
            else:
                quads = (ox.Quad(t.subject, t.predicate, t.object, node) for t in store.graph_triples(graph))
            total += self._add(quads)
        return total

    def _add(self, quads: Iterable[ox.Quad], survey: Survey | None = None) -> int:
        if survey is not None:
            quads = survey.watch(quads)
        if self.path is not None:
            # the bulk loader, a batch at a time, so memory does not grow with the data (extend would
            # hold one transaction of everything); a scratch store needs no atomicity
            return bulk_extend_in_batches(self._db, quads, self.batch_quads)
        stream = Counted(quads)
        self._db.extend(stream)
        return stream.count

    def optimize(self) -> None:
        """Compact a scratch store on disk after loading (its queries then run about a third faster)."""
        if self.path is not None:
            self._db.optimize()

    def query(self, text: str) -> QueryResult:
        """Run a SPARQL query over the union of everything loaded."""
        try:
            return QueryResult.of(self._db.query(text, use_default_graph_as_union=True))
        except SyntaxError as exc:
            raise QueryError(f"the query is not valid SPARQL: {exc}") from exc
        except OSError as exc:
            raise QueryError(f"the query failed: {exc}") from exc

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        """Every triple of the union, as rdflib terms (a triple held by two graphs comes twice)."""
        for quad in self._db:
            yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)

    def referrers(self, node: Node) -> list[tuple[Node, Node]]:
        """The (subject, predicate) pairs of the triples whose object is ``node`` (blank nodes too)."""
        target = to_oxigraph(node)
        return [(to_rdflib(q.subject), to_rdflib(q.predicate)) for q in self._db.quads_for_pattern(None, None, target)]

    def objects(self, node: Node) -> list[Node]:
        """The objects of the triples whose subject is ``node`` (blank nodes too)."""
        return [to_rdflib(q.object) for q in self._db.quads_for_pattern(to_oxigraph(node), None, None)]

    def remove(self, *, data: bytes | None = None, path: Path | None = None, format: str = "nquads") -> None:
        """Take out the quads of some RDF bytes or file (blank node labels as written, as :meth:`load`
        keeps them)."""
        if path is not None:
            with open_rdf(Path(path)) as handle:
                for quad in read_rdf(handle, rdf_format(format), lenient=True, where=str(path)):
                    self._db.remove(quad)
            return
        for quad in read_rdf(io.BytesIO(data or b""), rdf_format(format)):
            self._db.remove(quad)


def _into(quads: Iterable[ox.Quad], graph: str | None) -> Iterable[ox.Quad]:
    """The quads with those of the default graph moved into ``graph`` (when given)."""
    return quads if graph is None else into_graph(quads, ox.NamedNode(graph))
