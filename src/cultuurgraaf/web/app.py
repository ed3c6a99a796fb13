"""The application factory: one FastAPI app for one project's store."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Message, Receive, Scope, Send
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..config import Project
from ..entities import Describer
from ..errors import CultuurgraafError, NotFound, QueryRefused, QueryTimeout, RDFSyntaxError, StoreError
from ..labels import Labels
from ..search import SearchIndex
from ..sparql import RETRY_AFTER_S, QueryBusy, QueryFailed, SparqlService
from ..store import EmbeddedStore, open_project_store
from . import browse_routes, dump_routes, page_routes, resolver_routes, sparql_routes
from .negotiation import choose

HERE = Path(__file__).parent
log = logging.getLogger("cultuurgraaf.web")

#: The HTTP status of each kind of error, most specific first; any other CultuurgraafError is a 400.
HTTP_STATUS: list[tuple[type[CultuurgraafError], int]] = [
    (NotFound, 404),
    (sparql_routes.UpdateUnauthenticated, 401),
    (QueryRefused, 403),
    (sparql_routes.NotAcceptable, 406),
    (sparql_routes.UnsupportedMedia, 415),
    (QueryTimeout, 503),
    (QueryBusy, 503),
    (StoreError, 503),
    (QueryFailed, 500),
    (RDFSyntaxError, 400),
]
#: Headers that go with a kind of error.
HTTP_HEADERS: list[tuple[type[CultuurgraafError], dict[str, str]]] = [
    (sparql_routes.UpdateUnauthenticated, {"WWW-Authenticate": 'Bearer realm="cultuurgraaf"'}),
    (QueryBusy, {"Retry-After": str(RETRY_AFTER_S)}),
    (StoreError, {"Retry-After": str(RETRY_AFTER_S)}),
]


#: Open data: any site may query the endpoint and read the pages from a browser script.
CORS = {"allow_origins": ["*"], "allow_methods": ["GET", "HEAD", "POST", "PUT", "DELETE"],
        "allow_headers": ["Accept", "Authorization", "Content-Type"],
        "expose_headers": [sparql_routes.TRUNCATED_HEADER, "Retry-After", "Link", "Vary"], "max_age": 86400}
#: What the CORS middleware adds to an answer (not a preflight) to a request from another origin.
CORS_HEADERS = [(name.lower().encode("latin-1"), value.encode("latin-1"))
                for name, value in CORSMiddleware(None, **CORS).simple_headers.items()]


class CultuurgraafApp(FastAPI):
    """The FastAPI app, except that requests to /sparql itself go straight to the SPARQL endpoint.

    A short query costs about as much as the framework's middleware around it, so GET, HEAD and
    POST /sparql skip it: the endpoint answers its own errors, and gets the same CORS headers
    here as every other answer gets from the middleware.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if sparql_routes.for_the_endpoint(scope):
            scope["app"] = self
            await sparql_routes.sparql(scope, receive, _with_cors(scope, send))
        else:
            await super().__call__(scope, receive, send)


def _with_cors(scope: Scope, send: Send) -> Send:
    """``send``, adding to the answer the headers the CORS middleware would (Origin in Vary, and
    the CORS headers for a request from another origin)."""
    cross_origin = any(name == b"origin" for name, _ in scope["headers"])

    async def send_with_cors(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", ()))
            vary = [value for name, value in headers if name == b"vary"]
            headers = [(name, value) for name, value in headers if name != b"vary"]
            headers.append((b"vary", b", ".join([*vary, b"Origin"])))
            if cross_origin:
                headers += CORS_HEADERS
            message = {**message, "headers": headers}
        await send(message)

    return send_with_cors


def http_status(exc: CultuurgraafError) -> tuple[int, dict[str, str]]:
    """The status and extra headers of the answer to an error."""
    status = next((code for kind, code in HTTP_STATUS if isinstance(exc, kind)), 400)
    headers = next((h for kind, h in HTTP_HEADERS if isinstance(exc, kind)), {})
    return status, headers


@dataclass
class AppState:
    project: Project
    store: EmbeddedStore
    describer: Describer
    labels: Labels
    templates: Environment
    search: SearchIndex
    sparql: SparqlService


def templates_environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env


def create_app(project: Project, *, store: EmbeddedStore | None = None) -> FastAPI:
    """The web application for a project; the store defaults to the project's own."""
    store = store or open_project_store(project)
    labels = Labels(project.ontologies)
    state = AppState(project=project, store=store, describer=Describer(store, project.iris, labels),
                     labels=labels, templates=templates_environment(), search=SearchIndex(store, project.iris),
                     sparql=SparqlService(project, store))
    app = CultuurgraafApp(title=f"cultuurgraaf: {project.name}", docs_url="/api/docs", redoc_url=None,
                          openapi_url="/api/openapi.json", lifespan=sparql_routes.lifespan)
    app.state.cg = state
    app.add_middleware(CORSMiddleware, **CORS)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(sparql_routes.router)
    app.include_router(resolver_routes.router)
    app.include_router(page_routes.router)
    app.include_router(browse_routes.router)
    app.include_router(dump_routes.router)

    @app.exception_handler(CultuurgraafError)
    async def user_error(request: Request, exc: CultuurgraafError) -> Response:
        status, headers = http_status(exc)
        if status >= 500:
            log.warning("%s %s: %s", request.method, request.url.path, exc)
        return error_response(request, exc, status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def no_such_page(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return error_response(request, NotFound(f"there is no page at {request.url.path}",
                                                    hint="search for what you are looking for, or browse the lists"), 404)
        return error_response(request, CultuurgraafError(f"{exc.detail} ({request.method} {request.url.path})"),
                              exc.status_code, headers=exc.headers)

    return app


def error_response(request: Request, exc: CultuurgraafError, status: int, *,
                   headers: dict[str, str] | None = None) -> Response:
    """One error shape: an HTML page for browsers, plain text for SPARQL clients, JSON otherwise."""
    state: AppState = request.app.state.cg
    accept = request.headers.get("accept", "")
    headers = dict(headers or {})
    if request.url.path.startswith("/sparql"):
        return Response(str(exc) + "\n", status_code=status, media_type="text/plain; charset=utf-8", headers=headers)
    if choose(accept, {"application/json": "json", "text/html": "html"}) == "text/html" and "text/html" in accept:
        page = state.templates.get_template("error.html").render(
            project=state.project, status=status, error=exc, title="Niet gevonden" if status == 404 else "Fout")
        return Response(page, status_code=status, media_type="text/html; charset=utf-8", headers=headers)
    return JSONResponse(exc.to_json(), status_code=status, headers=headers)
