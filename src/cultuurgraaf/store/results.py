"""The answer to a query, whichever store gave it: solutions, a boolean or a graph.

Embedded queries hand over Oxigraph's own (lazy) results; remote ones are parsed from the
server's SPARQL JSON or N-Triples into the same types, so callers never see the difference.
"""

from __future__ import annotations

from itertools import islice
from typing import Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
}


def to_rdflib(term) -> Node | None:
    """A pyoxigraph term as the rdflib term the rest of the code works with.

    >>> to_rdflib(ox.Literal("theepot", language="nl"))
    rdflib.term.Literal('theepot', lang='nl')
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unexpected term {term!r}")


def plain_term(term) -> tuple | None:
    """A pyoxigraph term as a plain tuple (see :meth:`QueryResult.solution_tuples`).

    >>> plain_term(ox.Literal("theepot", language="nl"))
    ('literal', 'theepot', 'nl', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString')
    >>> plain_term(ox.NamedNode("http://example.org/x"))
    ('uri', 'http://example.org/x')
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language, term.datatype.value)
    if isinstance(term, ox.Triple):
        return ("triple", plain_term(term.subject), plain_term(term.predicate), plain_term(term.object))
    raise TypeError(f"unexpected term {term!r}")


def to_oxigraph(term: Node):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"unexpected term {term!r}")


class QueryResult:
    """Solutions (``rows()``), a boolean (``boolean``) or a graph (``triples()``); serialisable.

    ``truncated`` is true when a server cut the result at its row limit: the rows are only the first ones.
    """

    def __init__(self, raw, kind: str, *, truncated: bool = False):
        self._raw = raw
        self.kind = kind
        self.truncated = truncated

    @classmethod
    def of(cls, raw, *, truncated: bool = False) -> "QueryResult":
        """Wrap Oxigraph's result (solutions, boolean, triples, or a list of triples)."""
        if isinstance(raw, ox.QuerySolutions):
            return cls(raw, "solutions", truncated=truncated)
        if isinstance(raw, ox.QueryBoolean):
            return cls(raw, "boolean")
        return cls(raw, "graph", truncated=truncated)

    @property
    def variables(self) -> list[str]:
        return [v.value for v in self._raw.variables] if self.kind == "solutions" else []

    @property
    def boolean(self) -> bool:
        if self.kind != "boolean":
            raise QueryError("not an ASK query")
        return bool(self._raw)

    def rows(self) -> Iterator[dict[str, Node]]:
        """Solutions as dicts of rdflib terms (unbound variables left out)."""
        if self.kind != "solutions":
            raise QueryError(f"a {self.kind} result has no rows")
        variables = self._raw.variables
        for solution in self._raw:
            row = {}
            for var in variables:
                value = solution[var]
                if value is not None:
                    row[var.value] = to_rdflib(value)
            yield row

    def solution_tuples(self) -> Iterator[tuple]:
        """Solutions as tuples of plain terms, in the order of ``variables``, for writers of results.

        A term is None (unbound), ``("uri", iri)``, ``("bnode", id)``, ``("literal", text, language,
        datatype)`` or ``("triple", s, p, o)``.
        """
        if self.kind != "solutions":
            raise QueryError(f"a {self.kind} result has no rows")
        variables = self._raw.variables
        for solution in self._raw:
            yield tuple(plain_term(solution[var]) for var in variables)

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        if self.kind != "graph":
            raise QueryError(f"a {self.kind} result has no triples")
        for triple in self._raw:
            yield to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)

    def serialize(self, format: str, *, limit: int | None = None, prefixes: dict[str, str] | None = None) -> bytes:
        """Write the result as SPARQL JSON/XML/CSV/TSV (solutions, boolean) or an RDF syntax (graphs).

        A graph can be cut at ``limit`` triples; :attr:`truncated` then says whether it was.
        """
        from .formats import rdf_format

        if self.kind == "graph":
            triples = self._raw
            if limit is not None:
                triples = list(islice(self._raw, limit + 1))
                self.truncated = len(triples) > limit
                triples = triples[:limit]
            return ox.serialize(triples, format=rdf_format(format), prefixes=prefixes)
        return self._raw.serialize(format=RESULT_FORMATS[format])

    def solution_tuples(self) -> Iterator[tuple]:
        """Solutions as tuples in the order of :attr:`variables`, each term plain and cheap to write:
        ``('uri', iri)``, ``('bnode', id)``, ``('literal', value, language, datatype)``,
        ``('triple', s, p, o)``, or None where unbound."""
        for solution in self._raw:
            yield tuple(_plain(term) for term in solution)


def _plain(term) -> tuple | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language, term.datatype.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    return ("triple", _plain(term.subject), _plain(term.predicate), _plain(term.object))
