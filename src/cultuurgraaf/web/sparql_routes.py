"""The SPARQL 1.1 Protocol at /sparql and the Graph Store Protocol at /graph-store.

/sparql answers queries (GET ``?query=``, POST form-encoded, POST ``application/sparql-query``)
and, with the update token, updates (POST ``update=`` or ``application/sparql-update``). Asked
for without a query it describes itself (SPARQL service description) or, to a browser, shows the
query page (:mod:`.query_page_routes`). Where a query runs (in this process, in a worker with a
time limit, or on a remote store) is decided by :class:`cultuurgraaf.sparql.service.SparqlService`;
these handlers only read the request, call one core function and write the answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Awaitable, TypeVar
from urllib.parse import parse_qsl

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.routing import get_route_path
from starlette.types import Receive, Scope, Send

from ..errors import CultuurgraafError, QueryError, UpdateRefused, UpdateWithdrawn
from ..sparql import Answer, Dataset, SparqlService, graph_iris
from . import service_description
from .errors import NotAcceptable, UnsupportedMedia, UpdateUnauthenticated, user_error
from .negotiation import GRAPH_TYPES, SOLUTION_TYPES, choose
from .query_page_routes import query_page

router = APIRouter()
T = TypeVar("T")

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
TRUNCATED_HEADER = "Cultuurgraaf-Truncated"
#: Media types a SELECT/ASK answer or the query page can have; the page only for browsers.
RESULTS_OR_PAGE = {**SOLUTION_TYPES, "text/html": "html"}
#: Graph Store Protocol bodies: triples only (a graph is written into the graph the URL names).
GRAPH_BODY_TYPES = {m: f for m, f in GRAPH_TYPES.items() if f not in ("nquads", "trig")}


@dataclass(frozen=True)
class ProtocolRequest:
    query: str | None = None
    update: str | None = None
    dataset: Dataset = Dataset()
    using_graphs: tuple[str, ...] = ()
    using_named_graphs: tuple[str, ...] = ()


# Reading requests --------------------------------------------------------------------------

def _media_type(request: Request) -> tuple[str, str]:
    """The request body's media type and charset (lower case; charset '' when not given)."""
    return _parse_media_type(request.headers.get("content-type", ""))


def _parse_media_type(value: str) -> tuple[str, str]:
    media, _, params = value.partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset":
            charset = val.strip().strip('"').lower()
    return media.strip().lower(), charset


async def _body_text(request: Request, accepted: tuple[str, ...]) -> str:
    return _decoded(await request.body(), _media_type(request), accepted)


def _decoded(body: bytes, media_type: tuple[str, str], accepted: tuple[str, ...]) -> str:
    media, charset = media_type
    if charset not in ("", "utf-8", "utf8"):
        raise UnsupportedMedia(f"{media}; charset={charset}", accepted)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the request body is not UTF-8 text: {exc}") from exc


def _single(fields: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in fields if k == name]
    if len(values) > 1:
        raise QueryError(f"the request has {len(values)} '{name}' parameters; send exactly one")
    return values[0] if values else None


def protocol_request(method: str, query_string: bytes, content_type: str, body: bytes) -> ProtocolRequest:
    """The operation and dataset of a SPARQL Protocol request (GET, form POST or direct POST).

    >>> asked = protocol_request("GET", b"query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fg", "", b"")
    >>> asked.query, asked.dataset.default_graph
    ('ASK{}', ('http://g',))
    """
    if len(query_string) + len(body) <= 10_000:  # the same requests come again and again
        return _remembered_request(method, query_string, content_type, body)
    return _protocol_request(method, query_string, content_type, body)


@lru_cache(maxsize=512)
def _remembered_request(method: str, query_string: bytes, content_type: str, body: bytes) -> ProtocolRequest:
    return _protocol_request(method, query_string, content_type, body)


def _protocol_request(method: str, query_string: bytes, content_type: str, body: bytes) -> ProtocolRequest:
    fields = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    if method != "POST":
        if _single(fields, "update") is not None:
            raise QueryError("an update cannot be sent with GET; POST it as 'update' or as application/sparql-update")
        query, update = _single(fields, "query"), None
    else:
        media_type = _parse_media_type(content_type)
        media = media_type[0]
        if media == FORM:
            fields += parse_qsl(_decoded(body, media_type, (FORM,)), keep_blank_values=True)
            query, update = _single(fields, "query"), _single(fields, "update")
        elif media == QUERY_BODY:
            if _single(fields, "query") is not None:
                raise QueryError("the request has a query in the URL and one in the body; send one")
            query, update = _decoded(body, media_type, (QUERY_BODY,)), None
        elif media == UPDATE_BODY:
            query, update = None, _decoded(body, media_type, (UPDATE_BODY,))
        else:
            raise UnsupportedMedia(media, (FORM, QUERY_BODY, UPDATE_BODY))
    if query is not None and update is not None:
        raise QueryError("the request has both a query and an update; send one operation")

    def values(name: str) -> tuple[str, ...]:
        return graph_iris(name, tuple(v for k, v in fields if k == name))

    return ProtocolRequest(query=query, update=update,
                           dataset=Dataset(values("default-graph-uri"), values("named-graph-uri")),
                           using_graphs=values("using-graph-uri"), using_named_graphs=values("using-named-graph-uri"))


def endpoint_iri(request: Request) -> str:
    """The endpoint's own IRI: the base for relative IRIs in queries, and the service description's subject."""
    return _endpoint_iri(request.scope, request.headers.get("host"))


def _endpoint_iri(scope: Scope, host: str | None) -> str:
    if not host:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}{scope['path']}"


def sparql_service(request: Request) -> SparqlService:
    return request.app.state.cg.sparql


@asynccontextmanager
async def lifespan(app: FastAPI):
    """Start the query workers with the app (so the first query does not wait), stop them with it."""
    service = app.state.cg.sparql
    service.start()
    try:
        yield
    finally:
        service.close()


def require_token(request: Request) -> None:
    """Updates and graph writes need the configured bearer token."""
    token = request.app.state.cg.project.server.update_token
    if not token:
        raise UpdateRefused("this endpoint is read-only: no update token is configured ([server] update_token "
                            "in cultuurgraaf.toml, or CULTUURGRAAF_UPDATE_TOKEN)")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise UpdateUnauthenticated("an update needs the endpoint's update token: send 'Authorization: Bearer <token>'")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise UpdateRefused("the update token is not right")


# /sparql -----------------------------------------------------------------------------------

class SparqlEndpoint:
    """GET, HEAD or POST /sparql: a query, an update, the service description or the query page.

    A plain ASGI application rather than a route with a request and a response object: most
    requests are short queries, and for those the framework's objects cost about as much as the
    query itself. Everything other than a query's answer is still a framework response. Errors
    are answered by :func:`~cultuurgraaf.web.errors.user_error`, as everywhere else.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method, headers = scope["method"], scope["headers"]
        body = await _read_body(receive) if method == "POST" else b""
        request = Request(scope, _replay(body, receive))
        try:
            protocol = protocol_request(method, scope["query_string"], _header(headers, b"content-type") or "", body)
            accept = _header(headers, b"accept") or "*/*"
            if protocol.query is None or protocol.update is not None or (
                    method != "POST" and _chosen(accept, "results or page") == "text/html"):
                response = await _other_than_a_query(request, protocol, accept, receive)
            else:
                answer, media = await answer_query(scope["app"], protocol.query, dataset=protocol.dataset, accept=accept,
                                                   base=_endpoint_iri(scope, _header(headers, b"host")),
                                                   client=client_address(scope))
                await _send_answer(send, answer, media)
                return
        except CultuurgraafError as exc:
            response = await user_error(request, exc)
        await response(scope, receive, send)


async def answer_query(app: FastAPI, text: str, *, dataset: Dataset, accept: str, base: str,
                       client: str | None = None) -> tuple[Answer, str]:
    """Check a query, choose the answer's media type and have it answered: the answer and its media type."""
    service: SparqlService = app.state.cg.sparql
    checked = await service.check(text, base_iri=base)
    table_name = "graphs" if checked.gives_graph else "solutions"
    media = _chosen(accept, table_name)
    if media is None:
        raise NotAcceptable(accept, _TABLES[table_name])
    answer = await service.answer(checked, format=_TABLES[table_name][media], dataset=dataset, base_iri=base,
                                  client=client)
    if answer.format != _TABLES[table_name][media]:  # the query's form was other than it looked: the answer says
        table = GRAPH_TYPES if answer.kind == "graph" else SOLUTION_TYPES
        media = next(m for m, f in table.items() if f == answer.format)
    return answer, media


async def _send_answer(send: Send, answer: Answer, media: str) -> None:
    headers = [(b"content-type", _with_charset(media).encode("latin-1")),
               (b"content-length", str(len(answer.body)).encode("latin-1")), (b"vary", b"Accept")]
    if answer.truncated_at is not None:
        headers.append((TRUNCATED_HEADER.lower().encode("latin-1"), str(answer.truncated_at).encode("latin-1")))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


async def _other_than_a_query(request: Request, protocol: ProtocolRequest, accept: str, receive: Receive) -> Response:
    if protocol.update is not None:
        return await _update(request, protocol, receive)
    if protocol.query is None:
        if request.method == "POST":
            raise QueryError("no query given: send it as 'query' (form field) or as an application/sparql-query body")
        return await _describe_service(request, accept)
    return query_page(request)  # a permalink opened in a browser: the page runs the query


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive channel that gives the body read already, then listens to the client again."""
    sent = False

    async def replay() -> dict:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def client_address(scope: Scope) -> str | None:
    """The client's address, which the limits per client count by. Behind a reverse proxy on this
    machine, uvicorn takes it from the proxy's ``X-Forwarded-For`` (it trusts 127.0.0.1 for that)."""
    client = scope.get("client")
    return client[0] if client else None


async def unless_withdrawn(receive: Receive, change: Awaitable[T]) -> T:
    """Apply a change (an update, a graph write) unless the client goes away first: then it is
    stopped before it is applied (:class:`~cultuurgraaf.errors.UpdateWithdrawn`)."""
    work = asyncio.ensure_future(change)
    gone = asyncio.ensure_future(_disconnected(receive))
    try:
        await asyncio.wait({work, gone}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        gone.cancel()
    if not work.done():
        work.cancel()
        with contextlib.suppress(asyncio.CancelledError, CultuurgraafError):
            await work
        raise UpdateWithdrawn("the connection closed before the change was done; unless its writer had been told "
                              "to apply it already, it was stopped and not applied")
    return work.result()


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def _header(raw: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    """A request header (``name`` in lower case, as ASGI servers give them); of a repeated one, the first."""
    for key, value in raw:
        if key == name:
            return value.decode("latin-1")
    return None


_TABLES = {"solutions": SOLUTION_TYPES, "graphs": GRAPH_TYPES, "results or page": RESULTS_OR_PAGE}


@lru_cache(maxsize=256)
def _chosen(accept: str, table: str) -> str | None:
    """:func:`choose` from one of the tables above, remembered: clients send the same few Accept headers."""
    return choose(accept, _TABLES[table])


async def _update(request: Request, protocol: ProtocolRequest, receive: Receive) -> Response:
    require_token(request)
    await unless_withdrawn(receive, sparql_service(request).update(
        protocol.update, base_iri=endpoint_iri(request), using_graphs=protocol.using_graphs,
        using_named_graphs=protocol.using_named_graphs))
    return Response(status_code=204)


async def _describe_service(request: Request, accept: str) -> Response:
    table = {**GRAPH_TYPES, "text/html": "html"}
    media = choose(accept, table)
    if media is None:
        raise NotAcceptable(accept, table)
    if media == "text/html":
        return query_page(request)
    state = request.app.state.cg
    manifest = await run_in_threadpool(state.store.manifest)
    body = service_description.serialize(
        endpoint=endpoint_iri(request), project=state.project, manifest=manifest, format=table[media],
        federated=bool(state.project.server.service_allowlist))
    return Response(body, media_type=_with_charset(media), headers={"Vary": "Accept"})


def _with_charset(media: str) -> str:
    return media + "; charset=utf-8" if media not in ("application/n-triples", "application/n-quads") else media


# /graph-store ------------------------------------------------------------------------------

def _graph_parameter(request: Request) -> str | None:
    """The graph a Graph Store Protocol request names: an IRI, or None for ``?default``."""
    params = request.query_params
    graphs = params.getlist("graph")
    if len(graphs) == 1 and "default" not in params:
        return graph_iris("graph", (graphs[0],))[0]
    if not graphs and "default" in params:
        return None
    raise QueryError("name one graph: ?graph=<IRI> or ?default")


async def read_graph(request: Request) -> Response:
    """A graph of the store (``?graph=IRI``), or its own default graph (``?default``)."""
    graph = _graph_parameter(request)
    accept = request.headers.get("accept") or "*/*"
    media = choose(accept, GRAPH_TYPES)
    if media is None:
        raise NotAcceptable(accept, GRAPH_TYPES)
    answer = await sparql_service(request).read_graph(graph, format=GRAPH_TYPES[media])
    headers = {"Vary": "Accept"}
    if answer.truncated_at is not None:
        headers[TRUNCATED_HEADER] = str(answer.truncated_at)
    body = b"" if request.method == "HEAD" else answer.body
    return Response(body, media_type=_with_charset(media), headers=headers)


async def write_graph(request: Request) -> Response:
    """Replace (PUT), add to (POST) or delete (DELETE) a named graph; needs the update token."""
    require_token(request)
    graph = _graph_parameter(request)
    if graph is None:
        raise QueryError("the default graph of this store is not written through the Graph Store Protocol; "
                         "name a graph with ?graph=<IRI>")
    data, fmt = b"", None
    if request.method != "DELETE":
        media, _ = _media_type(request)
        if media not in GRAPH_BODY_TYPES:
            raise UnsupportedMedia(media, tuple(GRAPH_BODY_TYPES))
        data = (await _body_text(request, tuple(GRAPH_BODY_TYPES))).encode("utf-8")
        fmt = GRAPH_BODY_TYPES[media]
    existed = await unless_withdrawn(request.receive, sparql_service(request).write_graph(
        request.method.lower(), graph, data=data, format=fmt))
    return Response(status_code=201 if request.method == "PUT" and not existed else 204)


# Plain Starlette routes: these handlers read the request themselves, so FastAPI's parameter
# machinery (a noticeable part of a short query's time) is not needed.
sparql = SparqlEndpoint()
router.add_route("/sparql", sparql, methods=["GET", "POST"])  # the app calls it first: see for_the_endpoint
router.add_route("/graph-store", read_graph, methods=["GET", "HEAD"])
router.add_route("/graph-store", write_graph, methods=["PUT", "POST", "DELETE"])


def for_the_endpoint(scope: Scope) -> bool:
    """Whether a request goes to :data:`sparql` itself: GET, HEAD or POST /sparql (others get a 405)."""
    return scope["type"] == "http" and scope["method"] in ("GET", "HEAD", "POST") and \
        get_route_path(scope) == "/sparql"
