"""The answers of a SPARQL SELECT query as records: from a SPARQL endpoint, or over an RDF file.

RML-IO describes an endpoint as an ``sd:Service`` with ``sd:endpoint``; the logical source's
iterator is the SELECT query and each solution is one record. cultuurgraaf sends the query to
that endpoint and to no other host (SPARQL 1.1 Protocol, POST, with a time limit; an answer cut
at a server's row limit is fetched again in pages). A source that is an RDF file instead
(``rml:path "data.nt"``) is loaded into a store in memory and the query runs there, without
SERVICE: nothing is fetched that the mapping does not name as its endpoint.

A reference names a variable of the query. The reference formulation says what it reads:

- ``rml:SPARQL``, ``formats:SPARQL_Results_JSON``, ``_XML`` and ``_TSV``: the RDF term itself (the
  natural RDF mapping of the RML-IO registry): a literal keeps its datatype or language, an IRI
  is its text, a blank node its label;
- ``formats:SPARQL_Results_CSV``: the text the CSV results give (the lexical form; CSV keeps no
  datatypes);
- with JSON and XML, ``name.value``, ``name.type``, ``name.datatype`` and ``name.xml:lang`` read
  the fields of the binding as SPARQL JSON results write them (``$.name.value`` too).

The request is made when the engine first asks what a reference reads, so a failure (endpoint
unreachable, HTTP error, an answer that is not SPARQL results) is reported with the mapping file
and rule.

>>> records = SparqlRecords(LogicalSource(Path("x.nt"), "sparql-json", iterator="SELECT ?s {}"))
>>> records.parse_reference("name.value"), records.parse_reference("$.name.xml:lang"), records.parse_reference("?s")
(('name', 'value'), ('name', 'xml:lang'), ('s', None))
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterator

from ..errors import CultuurgraafError, SourceError
from .base import LogicalSource, SourceLiteral

#: seconds to wait for an endpoint's answer (connecting: 5 s)
TIMEOUT_S = 120.0
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: formulations whose references read RDF terms; CSV results keep only text
TERM_FORMULATIONS = ("sparql", "sparql-json", "sparql-xml", "sparql-tsv")
FIELDS = ("value", "type", "datatype", "xml:lang")
_REFERENCE = re.compile(r"^(?:\$\.|\?|\$)?([A-Za-z0-9_\u00B7-\uFFFF]+)(?:\.(value|type|datatype|xml:lang))?$")


class SparqlRecords:
    """The solutions of the source's SELECT query, fetched once, on first use."""

    scalar = False
    null_values: frozenset = frozenset()

    def __init__(self, source: LogicalSource):
        self.source = source
        self._variables: list[str] | None = None
        self._rows: list[tuple] | None = None
        self._index = 0

    # the answer ------------------------------------------------------------------------------
    def _answer(self) -> tuple[list[str], list[tuple]]:
        if self._variables is None:
            query = (self.source.iterator or "").strip()
            if not query:
                raise SourceError("a SPARQL source needs its SELECT query as rml:iterator",
                                  hint='rml:iterator "SELECT ?id ?name WHERE { ... }"')
            from ..store.sparql_http import query_form

            if query_form(query) != "SELECT":
                raise SourceError("the iterator of a SPARQL source must be a SELECT query (the RML-IO registry's "
                                  f"SPARQL reference formulation); this one starts: {_start(query)}")
            result = self._endpoint_answer(query) if self.source.endpoint else self._file_answer(query)
            try:
                self._variables = list(result.variables)
                self._rows = list(result.solution_tuples())
            except CultuurgraafError as exc:
                raise self._failure(exc) from exc
        return self._variables, self._rows or []

    def _endpoint_answer(self, query: str):
        from ..store.sparql_http import Dataset, SparqlClient

        endpoint = self.source.endpoint
        client = SparqlClient(endpoint, timeout_s=TIMEOUT_S, compressed=True)
        try:
            result = client.query(query, Dataset((), ()))
            if result.kind != "solutions":
                raise SourceError(f"the SPARQL endpoint {endpoint} answered the iterator with a {result.kind}, "
                                  "not solutions")
            return _Fetched(result.variables, list(result.solution_tuples()))
        except SourceError:
            raise
        except CultuurgraafError as exc:
            raise self._failure(exc) from exc
        except (ValueError, KeyError, TypeError, SyntaxError) as exc:  # an answer that is not SPARQL JSON results
            detail = f"no {exc}" if isinstance(exc, KeyError) else str(exc).splitlines()[0][:200]
            raise SourceError(f"the SPARQL endpoint {endpoint} did not answer with SPARQL JSON results ({detail})",
                              hint="is sd:endpoint the address of the SPARQL endpoint itself?") from exc
        finally:
            client.close()

    def _file_answer(self, query: str):
        from ..sparql import ServiceRefused, check_query
        from ..store.formats import rdf_format
        from ..store.scratch import ScratchStore

        path = self.source.path
        try:
            check_query(query)
        except ServiceRefused as exc:
            raise SourceError(f"the query over {path.name} uses SERVICE, which would fetch data the mapping does "
                              "not name; a SPARQL source over a file queries that file only",
                              hint="describe the other endpoint as an sd:Service source of its own") from exc
        except CultuurgraafError as exc:
            raise SourceError(f"the query over {path.name} cannot run: {exc.message}") from exc
        try:
            rdf_format(path.name)
        except CultuurgraafError:
            raise SourceError(f"{path.name} is not a file of RDF that a SPARQL query could read",
                              hint="a SPARQL source over a file reads N-Triples, Turtle, N-Quads, TriG or "
                                   "RDF/XML, known by the file's extension; or describe an endpoint with "
                                   "sd:Service and sd:endpoint") from None
        store = ScratchStore()
        try:
            store.load(path=path)
            return store.query(query)
        except CultuurgraafError as exc:
            raise SourceError(f"{path.name}: {exc.message}", hint=exc.hint) from exc

    def _failure(self, exc: CultuurgraafError) -> SourceError:
        if not self.source.endpoint:
            return SourceError(f"{self.source.path.name}: {exc.message}", hint=exc.hint)
        url = self.source.endpoint
        message = exc.message.replace(f"the SPARQL server at {url}", f"the SPARQL endpoint {url}")
        if url not in message:
            message = message.replace("the SPARQL server", f"the SPARQL endpoint {url}", 1)
        if url not in message:
            message = f"the SPARQL endpoint {url}: {message}"
        return SourceError(message, hint="check sd:endpoint and the query (rml:iterator) in the mapping, and that "
                                         "the endpoint is reachable from here")

    # the Records protocol ---------------------------------------------------------------------
    def __iter__(self) -> Iterator[tuple]:
        _, rows = self._answer()
        for index, row in enumerate(rows, start=1):
            self._index = index
            yield row

    def parse_reference(self, reference: str) -> tuple[str, str | None]:
        match = _REFERENCE.match(reference.strip())
        if match is None:
            raise SourceError(f"'{reference}' is not a reference to a SPARQL variable (a name such as 'title', or, "
                              "with SPARQL JSON or XML results, 'title.value')")
        name, field = match.group(1), match.group(2)
        if field is not None and self.source.formulation not in ("sparql-json", "sparql-xml"):
            raise SourceError(f"'{reference}' reads a field of a binding, which only SPARQL JSON and XML results "
                              f"have; with this source, write '{name}'")
        return name, field

    def accessor(self, reference: str) -> Callable[[tuple], list]:
        name, field = self.parse_reference(reference)
        variables, _ = self._answer()
        if name not in variables:
            raise SourceError(f"the query has no variable ?{name} (it selects: "
                              f"{', '.join('?' + v for v in variables) or 'nothing'})")
        index = variables.index(name)
        convert = _FIELD_READERS[field] if field else (
            _term_value if self.source.formulation in TERM_FORMULATIONS else _csv_value)

        def read(row: tuple) -> list:
            term = row[index]
            if term is None:
                return []
            value = convert(term)
            return [] if value is None else [value]
        return read

    def locator(self) -> str:
        return f"solution {self._index}" if self._index else ""

    def available(self) -> list[str]:
        return list(self._variables or [])

    def close(self) -> None:
        self._rows = None


class _Fetched:
    """An endpoint's answer, read whole (the client has closed its connection)."""

    kind = "solutions"

    def __init__(self, variables: list[str], rows: list[tuple]):
        self.variables = variables
        self._rows = rows

    def solution_tuples(self) -> list[tuple]:
        return self._rows


def _start(query: str) -> str:
    return " ".join(query.split())[:60]


def _term_value(term: tuple):
    """The natural value of an RDF term: a literal keeps its datatype or language."""
    kind = term[0]
    if kind == "literal":
        _, text, language, datatype = term
        if language:
            return SourceLiteral(text, language=language)
        if datatype and datatype != XSD_STRING:
            return SourceLiteral(text, datatype=datatype)
        return text
    if kind in ("uri", "bnode"):
        return term[1]
    return None  # an RDF 1.2 triple term has no value a term map can use


def _csv_value(term: tuple) -> str | None:
    """What SPARQL CSV results write for a term: an IRI, a lexical form, ``_:label``."""
    kind = term[0]
    if kind == "bnode":
        return "_:" + term[1]
    return term[1] if kind in ("uri", "literal") else None


def _type_of(term: tuple) -> str:
    return {"uri": "uri", "bnode": "bnode", "literal": "literal"}.get(term[0], term[0])


def _datatype_of(term: tuple) -> str | None:
    if term[0] != "literal" or term[2]:
        return None
    return term[3] if term[3] != XSD_STRING else None


_FIELD_READERS: dict[str, Callable[[tuple], str | None]] = {
    "value": lambda term: term[1] if term[0] in ("uri", "bnode", "literal") else None,
    "type": _type_of,
    "datatype": _datatype_of,
    "xml:lang": lambda term: term[2] if term[0] == "literal" and term[2] else None,
}
