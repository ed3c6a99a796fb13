"""The answer to a query, whichever store gave it: solutions, a boolean or a graph.

Embedded queries hand over Oxigraph's own (lazy) results; remote ones are parsed from the
server's SPARQL JSON or N-Triples into the same types, so callers never see the difference.
"""

from __future__ import annotations

import csv
import io
import re
from itertools import islice
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib.term import Node

from ..errors import QueryError
from .formats import rdf_format
from .terms import to_oxigraph, to_rdflib
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
}


def _tsv_term(term) -> str:
    """A term as SPARQL TSV writes it: as Oxigraph prints it, and a triple term in ``<<( )>>``."""
    if isinstance(term, ox.Triple):
        return f"<<( {_tsv_term(term.subject)} {_tsv_term(term.predicate)} {_tsv_term(term.object)} )>>"
    return str(term)


class _LimitReached(Exception):
    pass


class _LineLimitedBuffer:
    """A binary output that keeps what is written and stops the writer past a number of lines."""

    def __init__(self, lines: int):
        self.parts: list[bytes] = []
        self.lines = 0
        self.limit = lines

    def write(self, data) -> int:
        data = bytes(data)
        self.parts.append(data)
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise _LimitReached()
        return len(data)

    def flush(self) -> None:
        pass


#: Oxigraph's SPARQL JSON up to the next boundary between two solutions ("},{" outside a string)
#: or an unfinished string or boundary at the end of what was written so far.
_JSON_UP_TO_BOUNDARY = re.compile(rb'(?:[^"}]+|"(?:[^"\\]|\\.)*"|\}(?=[^,]|,[^{]))*')


class _SolutionLimitedJson:
    """A binary output for Oxigraph's SPARQL JSON writer that stops it when solution ``limit + 1`` begins.

    In that JSON, solutions are the objects of the "bindings" array, written without white
    space, so outside strings "},{" only ever stands between two solutions. Output too short to
    hold ``limit + 1`` solutions (each takes at least three bytes, "{}" and a comma) is not looked
    at; past that, each write is scanned from where the last one stopped.
    """

    def __init__(self, limit: int):
        self.data = bytearray()
        self.limit = limit
        self.position = 0
        self.boundaries = 0
        self.cut: int | None = None  # where solution ``limit`` ends, once the writer was stopped

    def write(self, data) -> int:
        self.data += data
        if len(self.data) >= 3 * self.limit + 2:
            self._scan()
        return len(data)

    def _scan(self) -> None:
        while True:
            end = _JSON_UP_TO_BOUNDARY.match(self.data, self.position).end()
            if not self.data.startswith(b"},{", end):
                self.position = end  # an unfinished string or boundary: the next write completes it
                return
            self.boundaries += 1
            if self.boundaries >= self.limit:
                self.cut = end + 1
                raise _LimitReached()
            self.position = end + 3

    def flush(self) -> None:
        pass


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


def write_solutions(results, format: str) -> bytes:
    """Solutions or a boolean as SPARQL JSON, XML, TSV (Oxigraph's writers) or CSV.

    SPARQL 1.1 CSV is written here with the csv module: Oxigraph's CSV writer leaves a field
    unquoted when it is an IRI holding a comma, which shifts the columns of that row.

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://x.org/a,b"), ox.NamedNode("http://x.org/p"), ox.Literal("x")))
    >>> write_solutions(store.query("SELECT ?s ?o WHERE { ?s ?p ?o }"), "csv")
    b's,o\\r\\n"http://x.org/a,b",x\\r\\n'
    """
    if format != "csv" or not isinstance(results, ox.QuerySolutions):
        return results.serialize(format=RESULT_FORMATS[format])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    variables = results.variables
    writer.writerow(v.value for v in variables)
    for solution in results:
        writer.writerow(_csv_cell(solution[v]) for v in variables)
    return out.getvalue().encode("utf-8")


def _csv_cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)  # a triple term, as N-Triples would write it


def serialize_triples(triples: Iterable[tuple[Node, Node, Node]], format: str, *,
                      prefixes: dict[str, str] | None = None) -> bytes:
    """rdflib triples written by Oxigraph's own writers (Turtle, N-Triples, RDF/XML, JSON-LD in
    expanded form), several times faster than rdflib's for the few hundred triples of a page.

    >>> from rdflib import Literal, URIRef
    >>> serialize_triples([(URIRef("http://x.org/a"), URIRef("http://x.org/p"), Literal("b", lang="nl"))], "nt")
    b'<http://x.org/a> <http://x.org/p> "b"@nl .\\n'
    """
    return ox.serialize([ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in triples],
                        format=rdf_format(format), prefixes=prefixes)


def rewrite_ntriples(text: str, format: str, *, prefixes: dict[str, str] | None = None) -> bytes:
    """An N-Triples document written again in another syntax (Turtle, JSON-LD in expanded form ...).

    >>> print(rewrite_ntriples('<http://x.org/a> <http://x.org/p> "b" .\\n', "turtle", prefixes={"x": "http://x.org/"}).decode())
    @prefix x: <http://x.org/> .
    x:a x:p "b" .
    <BLANKLINE>
    """
    if format == "ntriples":
        return text.encode("utf-8")
    return ox.serialize(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES), format=rdf_format(format),
                        prefixes=prefixes)


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
        for solution in self._raw:
            yield tuple(plain_term(term) for term in solution)

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        if self.kind != "graph":
            raise QueryError(f"a {self.kind} result has no triples")
        for triple in self._raw:
            yield to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)

    def serialize(self, format: str, *, limit: int | None = None, prefixes: dict[str, str] | None = None) -> bytes:
        """Write the result as SPARQL JSON/XML/CSV/TSV (solutions, boolean) or an RDF syntax (graphs).

        Solutions or a graph can be cut at ``limit`` rows or triples; :attr:`truncated` then says
        whether they were.
        """
        if self.kind == "graph":
            triples = self._raw
            if limit is not None:
                triples = list(islice(self._raw, limit + 1))
                self.truncated = len(triples) > limit
                triples = triples[:limit]
            return ox.serialize(triples, format=rdf_format(format), prefixes=prefixes)
        if self.kind == "solutions" and limit is not None:
            return self._serialize_head(format, limit)
        return write_solutions(self._raw, format)

    def _serialize_head(self, format: str, limit: int) -> bytes:
        """The first ``limit`` solutions, written by Oxigraph's own writers.

        Oxigraph writes only whole results, so the result is written as SPARQL TSV (one line per
        solution: literals escape their line breaks) into a buffer that stops the writing one line
        past the limit; those first lines are read back and written in the format asked for. Every
        term (IRIs, blank nodes with their ids, literals of any kind, triple terms) comes back as it
        was, and a result of millions of rows costs no more than its first ``limit``. SPARQL JSON,
        the format most clients ask for, is written once instead, by the JSON writer into a buffer
        that stops it where solution ``limit + 1`` begins; a remote server's JSON is cut and written
        again as it was read (``json_head`` of :class:`~cultuurgraaf.store.sparql_http.PagedSolutions`).
        """
        native = isinstance(self._raw, ox.QuerySolutions)
        if native and format == "json" and limit > 0:
            return self._json_head(limit)
        if format == "json" and hasattr(self._raw, "json_head"):  # a remote server's SPARQL JSON, read
            body, self.truncated = self._raw.json_head(limit)
            return body
        buffer = _LineLimitedBuffer(limit + 1)  # the header line, then the solutions
        if native:
            try:
                self._raw.serialize(buffer, format=ox.QueryResultsFormat.TSV)
            except _LimitReached:
                pass
        else:  # solutions that only iterate (a remote server's pages): the same lines, made here
            buffer.parts.append(("\t".join(str(v) for v in self._raw.variables) + "\n").encode("utf-8"))
            for row in islice(self._raw, limit + 1):
                cells = ("" if term is None else _tsv_term(term) for term in row)
                buffer.parts.append(("\t".join(cells) + "\n").encode("utf-8"))
        # every whole line ends with a line break: what follows the last one is empty or cut off
        lines = b"".join(buffer.parts).split(b"\n")[:-1]
        self.truncated = len(lines) > limit + 1
        tsv = b"".join(line + b"\n" for line in lines[:limit + 1])
        if format == "tsv" and native:  # already as Oxigraph writes it
            return tsv
        return write_solutions(ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV), format)

    def _json_head(self, limit: int) -> bytes:
        """The first ``limit`` solutions as SPARQL JSON, written once, by Oxigraph's JSON writer."""
        buffer = _SolutionLimitedJson(limit)
        try:
            self._raw.serialize(buffer, format=ox.QueryResultsFormat.JSON)
        except _LimitReached:
            self.truncated = True
            return bytes(buffer.data[:buffer.cut]) + b"]}}"
        self.truncated = False
        return bytes(buffer.data)
