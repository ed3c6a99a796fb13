"""Talking to a SPARQL server: the SPARQL 1.1 Protocol and Graph Store Protocol over httpx.

Queries go as form-encoded POST with an explicit ``Accept`` and a client timeout, always with
``default-graph-uri`` / ``named-graph-uri`` so that only the project's graphs answer (Virtuoso's
default graph otherwise includes its system graphs). What servers do differently becomes the
project's own answers here:

- a timed-out query (Virtuoso: 500 with ``S1T00``/``SR171``, or an estimate over the limit, or
  200 with ``X-SQL-State: S1TAT``; or no answer within the client timeout) is a
  :class:`~cultuurgraaf.errors.QueryTimeout`, never a partial answer. Virtuoso's own ``timeout``
  request parameter is never sent: with it, Virtuoso 7.2 also answered 200 with a part of the rows
  and no header at all;
- a SELECT cut at the server's row limit (Virtuoso: ``X-SPARQL-MaxRows``) is fetched again in
  pages, lazily, so callers get every row; where paging cannot work the error says so;
- a CONSTRUCT that reaches the row limit (cut with no signal at all) is an error, not a graph;
- SPARQL JSON in the 2005 draft form (``typed-literal``, booleans as ``1``/``0``, ``xsd:string``
  kept apart from plain literals, ``nodeID://`` blank nodes) is read as SPARQL 1.1.

SPARQL JSON is read and written with orjson: an answer of a few hundred rows took Python's json
about 1.2 ms to read and write again, about as much as the rest of the endpoint's own work on it;
orjson takes a third of that. What orjson refuses to read (a server's control characters inside
strings) is read by Python's json, leniently, as before.

>>> split_prologue("PREFIX ex: <http://ex.org/>\\nSELECT ?s WHERE { ?s ?p ?o }")
('PREFIX ex: <http://ex.org/>\\n', 'SELECT ?s WHERE { ?s ?p ?o }')
>>> query_form("# hi\\nconstruct { ?s ?p ?o } where { ?s ?p ?o }")
'CONSTRUCT'
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Callable, Iterator

import httpx
import orjson
import pyoxigraph as ox

from ..errors import QueryError, QueryTimeout, StoreError
from ..vocab import XSD
from .as_sent import AsSent, as_sent
from .kept_connections import KeptConnections
from .results import RESULT_FORMATS, QueryResult

_XSD_STRING, _XSD_BOOLEAN = XSD.string, XSD.boolean  # compared with every literal: looked up once
JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
_PROLOGUE = re.compile(r"""(?:\s+|\#[^\n]*\n|(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>))*""", re.IGNORECASE)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_TIMEOUT_MARKS = ("S1T00", "SR171", "exceeds the limit of")
#: what httpx raises when the server closed the connection as the request went out (or reset it)
_CLOSED = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


def split_prologue(text: str) -> tuple[str, str]:
    """The PREFIX/BASE prologue of a query and the rest."""
    end = _PROLOGUE.match(text).end()
    return text[:end], text[end:]


def query_form(text: str) -> str:
    match = _FORM.match(split_prologue(text)[1])
    return match.group(1).upper() if match else ""


@dataclass(frozen=True)
class Dataset:
    """The graphs a query may see: the default graph (their union) and the named graphs."""

    default_graph: tuple[str, ...]
    named_graphs: tuple[str, ...]

    def form(self) -> dict[str, list[str]]:
        return {"default-graph-uri": list(self.default_graph), "named-graph-uri": list(self.named_graphs)}



def proxied(url: str) -> bool:
    """Whether the environment names a proxy for ``url`` (``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY``,
    less ``NO_PROXY``), as httpx reads it."""
    proxies, parts = urllib.request.getproxies(), urllib.parse.urlsplit(url)
    return bool(proxies.get(parts.scheme) or proxies.get("all")) and not urllib.request.proxy_bypass(parts.hostname or "")

class SparqlClient:
    """One server: its query, update and Graph Store endpoints, credentials, limits."""

    def __init__(self, query_url: str, *, update_url: str | None = None, graph_store_url: str | None = None,
                 user: str | None = None, password: str | None = None, auth: str = "basic",
                 timeout_s: float = 90.0, row_limit: int = 10_000, page_size: int = 5_000,
                 compressed: bool = False, transport: httpx.BaseTransport | None = None):
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.graph_store_url = graph_store_url
        self.row_limit = row_limit
        self.page_size = page_size
        self.timeout_s = timeout_s
        credentials = None
        if user is not None:
            credentials = httpx.DigestAuth(user, password or "") if auth == "digest" else \
                httpx.BasicAuth(user, password or "")
        # answers as they are, on a connection kept open (store/kept_connections.py says why); compressed
        # for a server across the internet, which a build asks once for a source's rows. A transport of
        # its own makes httpx leave the proxy the environment names (HTTPS_PROXY ...): none then
        if transport is None and not compressed and not proxied(query_url):
            transport = KeptConnections()
        self._http = httpx.Client(timeout=httpx.Timeout(timeout_s, connect=5.0), auth=credentials,
                                  headers={} if compressed else {"Accept-Encoding": "identity"},
                                  transport=transport)
        self._primed = False

    def close(self) -> None:
        self._http.close()

    # requests --------------------------------------------------------------------------------
    def _send(self, method: str, url: str, *, read_only: bool = False, **kwargs) -> httpx.Response:
        try:
            response = self._request(method, url, read_only, **kwargs)
        except httpx.TimeoutException as exc:
            raise QueryTimeout(f"the SPARQL server at {url} did not answer within {self.timeout_s:g} s",
                               hint="raise [store] timeout_s, or ask for less") from exc
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {exc}",
                             hint="is it running, and is [project] store the right address?") from exc
        if response.headers.get("x-sql-state", "").upper() == "S1TAT":
            raise QueryTimeout(f"the SPARQL server at {url} stopped the query at its time limit and sent a "
                               "partial answer, which is not used")
        if response.status_code >= 400:
            _raise_for(response, url)
        return response

    def _request(self, method: str, url: str, read_only: bool, **kwargs) -> httpx.Response:
        """The request; a query sent on a kept connection that the server closed just then is sent
        once more (the pool has dropped that connection). An update is not: the server may have
        read it before it closed."""
        try:
            return self._http.request(method, url, **kwargs)
        except _CLOSED:
            if not read_only:
                raise
        return self._http.request(method, url, **kwargs)

    def prime(self) -> None:
        """One small authenticated request before large bodies (digest auth resends a body after its 401)."""
        if not self._primed:
            self._send("POST", self.update_url, data={"query": "ASK {}"}, headers={"Accept": JSON_RESULTS})
            self._primed = True

    def update(self, text: str) -> None:
        """Run a SPARQL Update (one request) on the update endpoint."""
        self.prime()
        self._send("POST", self.update_url, data={"update": text}, headers={"Accept": JSON_RESULTS})

    def post_graph(self, graph: str, ntriples: bytes) -> None:
        """Add N-Triples to a graph with the Graph Store Protocol (POST)."""
        self.prime()
        self._send("POST", self.graph_store_url, params={"graph": graph}, content=ntriples,
                   headers={"Content-Type": N_TRIPLES})

    # queries ---------------------------------------------------------------------------------
    def query(self, text: str, dataset: Dataset, *, rename: Callable[[str], str] | None = None) -> QueryResult:
        """Run a query; ``rename`` maps IRIs in the answer (a transaction's staging graphs to their names)."""
        form = query_form(text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            response = self._post_query(text, dataset, N_TRIPLES)
            triples = [ox.Triple(q.subject, q.predicate, q.object)
                       for q in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)]
            if len(triples) >= self.row_limit:
                raise QueryError(f"the SPARQL server answers at most {self.row_limit} triples to a {form}, and this "
                                 f"one reached that: the graph would be cut", hint="ask for less, or page with a "
                                 "subquery (SELECT ... LIMIT/OFFSET)")
            return QueryResult.of(triples)
        response = self._post_query(text, dataset, JSON_RESULTS)
        sent = as_sent(response.content, response.headers) if rename is None and form == "SELECT" else None
        if sent is not None:
            return QueryResult(UnreadSolutions(response.content, sent, lambda: self._solutions(text, dataset, response)),
                               "solutions")
        data = _normalise(_read_json(response), rename)
        if "boolean" in data:
            return QueryResult.of(ox.parse_query_results(_write_json(data), ox.QueryResultsFormat.JSON))
        return QueryResult(self._solutions(text, dataset, response, data, rename), "solutions")

    def _solutions(self, text: str, dataset: Dataset, response: httpx.Response, data: dict | None = None,
                   rename: Callable[[str], str] | None = None) -> "PagedSolutions":
        """A SELECT's answer read as SPARQL 1.1; one the server cut is fetched again in pages."""
        if data is None:
            data = _normalise(_read_json(response), rename)
        if _cut(response, data):
            return PagedSolutions(self, text, dataset, data["head"]["vars"], rename)
        return PagedSolutions.single(data)

    def _post_query(self, text: str, dataset: Dataset, accept: str) -> httpx.Response:
        return self._send("POST", self.query_url, data={"query": text, **dataset.form()}, headers={"Accept": accept},
                          read_only=True)

    def select_pages(self, text: str, dataset: Dataset, variables: list[str],
                     rename: Callable[[str], str] | None = None) -> Iterator[dict]:
        """The rows of a SELECT in pages of ``page_size``, as a subquery with LIMIT and OFFSET."""
        prologue, body = split_prologue(text)
        projection = " ".join(f"?{v}" for v in variables)
        offset = 0
        while True:
            page = f"{prologue}SELECT {projection} WHERE {{ {{ {body} }} }} LIMIT {self.page_size} OFFSET {offset}"
            response = self._post_query(page, dataset, JSON_RESULTS)
            data = _normalise(_read_json(response), rename)
            yield data
            if len(data["results"]["bindings"]) < self.page_size:
                return
            offset += self.page_size


class PagedSolutions:
    """Solutions fetched page by page as they are read; quacks like pyoxigraph's QuerySolutions."""

    def __init__(self, client: SparqlClient | None, text: str, dataset: Dataset | None, variables: list[str],
                 rename: Callable[[str], str] | None, pages: list[dict] | None = None):
        self._client, self._text, self._dataset, self._rename = client, text, dataset, rename
        self.variables = [ox.Variable(v) for v in variables]
        self._pages = pages

    @classmethod
    def single(cls, data: dict) -> "PagedSolutions":
        return cls(None, "", None, data["head"].get("vars", []), None, pages=[data])

    def _each_page(self) -> Iterator[dict]:
        if self._pages is not None:
            yield from self._pages
            return
        try:
            yield from self._client.select_pages(self._text, self._dataset, [v.value for v in self.variables],
                                                 self._rename)
        except QueryError as exc:
            raise QueryError(f"the SPARQL server cut the answer at {self._client.row_limit} rows, and fetching it in "
                             f"pages failed: {exc.message}", hint="ask for fewer rows (LIMIT), or leave out ORDER BY "
                             "when asking for many") from exc

    def __iter__(self):
        for page in self._each_page():
            yield from ox.parse_query_results(_write_json(page), ox.QueryResultsFormat.JSON)

    def serialize(self, format) -> bytes:
        bindings = [b for page in self._each_page() for b in page["results"]["bindings"]]
        if format == RESULT_FORMATS["json"]:
            return self._json(bindings)
        merged = {"head": {"vars": [v.value for v in self.variables]}, "results": {"bindings": bindings}}
        return ox.parse_query_results(_write_json(merged), ox.QueryResultsFormat.JSON).serialize(format=format)

    def json_head(self, limit: int) -> tuple[bytes, bool]:
        """The first ``limit`` solutions as SPARQL JSON, and whether there were more.

        The server's JSON, once read as SPARQL 1.1, is written again as it is: no solution is
        turned into terms and back (which cost a join of a few hundred rows more than the server
        took to answer it), and no page past the limit is fetched.
        """
        bindings: list[dict] = []
        for page in self._each_page():
            bindings += page["results"]["bindings"]
            if len(bindings) > limit:
                return self._json(bindings[:limit]), True
        return self._json(bindings), False

    def _json(self, bindings: list[dict]) -> bytes:
        return _write_json({"head": {"vars": [v.value for v in self.variables]}, "results": {"bindings": bindings}})


class UnreadSolutions:
    """A SELECT's answer as the server sent it, read only when something needs its solutions.

    Its SPARQL JSON goes on to a client as it is when nothing in it needs rewriting and it is within
    the row limit asked for (:mod:`cultuurgraaf.store.as_sent`); anything else reads it, as
    :class:`PagedSolutions`, once.
    """

    def __init__(self, body: bytes, sent: AsSent, read: Callable[[], PagedSolutions]):
        self._body, self._sent, self._read = body, sent, read
        self._solutions: PagedSolutions | None = None

    def _read_once(self) -> PagedSolutions:
        if self._solutions is None:
            self._solutions = self._read()
        return self._solutions

    @property
    def variables(self) -> list[ox.Variable]:
        return self._read_once().variables

    def __iter__(self):
        return iter(self._read_once())

    def serialize(self, format) -> bytes:
        if format == RESULT_FORMATS["json"]:
            return self._body
        return self._read_once().serialize(format)

    def json_head(self, limit: int) -> tuple[bytes, bool]:
        if self._sent.fits(limit):
            return self._body, False
        return self._read_once().json_head(limit)


def _cut(response: httpx.Response, data: dict) -> bool:
    limit = response.headers.get("x-sparql-maxrows")
    return limit is not None and limit.isdigit() and len(data["results"]["bindings"]) >= int(limit)


def _read_json(response: httpx.Response) -> dict:
    try:
        return orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return json.loads(response.text, strict=False)


def _write_json(data: dict) -> bytes:
    """Compact SPARQL JSON in UTF-8, the bytes Oxigraph's writer gives (and json.dumps without ASCII escapes)."""
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:  # a lone surrogate, which json read: it fails as it did with json alone
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _normalise(data: dict, rename: Callable[[str], str] | None) -> dict:
    """SPARQL 1.1 JSON from whatever the server wrote (the 2005 draft form included).

    An IRI that is not renamed, a plain literal and a literal with a language (as ``xml:lang``) are
    already as SPARQL 1.1 writes them, and are left as they are.
    """
    plain = ("literal",) if rename is not None else ("literal", "uri")
    for binding in data.get("results", {}).get("bindings", []):
        for name, term in binding.items():
            kind = term.get("type")
            if kind not in plain or (len(term) != 2 and not _with_language(term, kind)):
                binding[name] = _term(term, rename)
    return data


def _with_language(term: dict, kind: str) -> bool:
    return kind == "literal" and len(term) == 3 and bool(term.get("xml:lang"))


def _term(term: dict, rename: Callable[[str], str] | None) -> dict:
    kind = term.get("type")
    if kind == "uri":
        return {"type": "uri", "value": rename(term["value"]) if rename is not None else term["value"]}
    if kind == "bnode":
        return {"type": "bnode", "value": re.sub(r"[^A-Za-z0-9_]", "_", term["value"].removeprefix("nodeID://"))}
    if kind in ("literal", "typed-literal"):
        out = {"type": "literal", "value": term["value"]}
        language = term.get("xml:lang") or term.get("lang")
        datatype = term.get("datatype")
        if language:
            out["xml:lang"] = language
        elif datatype and datatype != _XSD_STRING:
            out["datatype"] = datatype
            if datatype == _XSD_BOOLEAN:
                out["value"] = {"1": "true", "0": "false"}.get(term["value"], term["value"])
        return out
    if kind == "triple":
        value = term["value"]
        return {"type": "triple", "value": {k: _term(v, rename) for k, v in value.items()}}
    return term


def _raise_for(response: httpx.Response, url: str) -> None:
    body = response.text.strip()
    first = body.splitlines()[0] if body else f"HTTP {response.status_code}"
    if response.status_code in (401, 403):
        raise StoreError(f"the SPARQL server at {url} refused the credentials (HTTP {response.status_code})",
                         hint="set [store] user, auth and CULTUURGRAAF_STORE_PASSWORD")
    if any(mark in body for mark in _TIMEOUT_MARKS):
        raise QueryTimeout(f"the SPARQL server stopped the query at its time limit: {first}")
    if response.status_code == 400:
        raise QueryError(f"the SPARQL server refused the query: {first}")
    raise QueryError(f"the SPARQL server at {url} failed (HTTP {response.status_code}): {first[:500]}")
