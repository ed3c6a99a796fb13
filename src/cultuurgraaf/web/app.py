"""The application factory: one FastAPI app for one project's store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.routing import get_route_path
from starlette.types import Message, Receive, Scope, Send
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape

from ..checker import CheckService
from ..checker.recent import RecentChecks
from ..catalogue import Overviews
from ..config import Project
from ..errors import BodyTooLarge
from ..entities import Describer
from ..entities.iiif_collection import ManifestCollections
from ..feeds.ldes import EventStreams
from ..feeds.oai import OaiProvider
from ..labels import Labels
from ..reconcile import ReconciliationService
from ..search import SearchIndex
from ..sparql import SparqlService
from ..store import EmbeddedStore, open_project_store
from . import (api_docs, browse_routes, checker_routes, dump_routes, errors, feed_routes, iiif_routes,
               page_routes, query_page_routes, reconcile_routes, report_routes, resolver_routes, sparql_routes)
from .limits import read_limited
from .memory import FreedMemory
from .caching import ConditionalRequests
from .dates import grouped, when_html
from ..entities.pictures import PAGE, THUMBNAIL, picture_src
from .markup import holds_html, rich_text

HERE = Path(__file__).parent

#: Open data: any site may query the endpoint and read the pages from a browser script.
CORS = {"allow_origins": ["*"], "allow_methods": ["GET", "HEAD", "POST", "PUT", "DELETE"],
        "allow_headers": ["Accept", "Authorization", "Content-Type"],
        "expose_headers": [sparql_routes.TRUNCATED_HEADER, "Retry-After", "Link", "Vary"], "max_age": 86400}
#: What the CORS middleware adds to an answer (not a preflight) to a request from another origin.
CORS_HEADERS = [(name.lower().encode("latin-1"), value.encode("latin-1"))
                for name, value in CORSMiddleware(None, **CORS).simple_headers.items()]


class CultuurgraafApp(FastAPI):
    """The FastAPI app, except that request bodies are read first, up to their route's limit
    (:mod:`cultuurgraaf.web.limits`), and requests to /sparql itself go straight to the SPARQL endpoint.

    A short query costs about as much as the framework's middleware around it, so GET, HEAD and
    POST /sparql skip it: the endpoint answers its own errors, and gets the same CORS headers
    here as every other answer gets from the middleware. Its OpenAPI document describes that
    endpoint too (:mod:`cultuurgraaf.web.api_docs`). After each request, the memory the server's
    threads have freed may be given back to the system (:mod:`cultuurgraaf.web.memory`).
    """

    def openapi(self) -> dict:
        return api_docs.openapi_document(self)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope["app"] = self
            try:
                receive = await read_limited(scope, receive, get_route_path(scope), self.state.cg.project.server)
            except BodyTooLarge as exc:
                response = await errors.user_error(Request(scope), exc)
                await response(scope, receive, _with_cors(scope, send))
                return
        try:
            if sparql_routes.for_the_endpoint(scope):
                await sparql_routes.sparql(scope, receive, _with_cors(scope, send))
            else:
                await super().__call__(scope, receive, send)
        finally:
            if scope["type"] == "http":
                self.state.cg.memory.after_request()


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


@dataclass
class AppState:
    project: Project
    store: EmbeddedStore
    describer: Describer
    labels: Labels
    templates: Environment
    search: SearchIndex
    sparql: SparqlService
    dump_slots: dump_routes.DumpSlots
    streams: EventStreams
    oai: OaiProvider
    checker: CheckService
    recent_checks: RecentChecks
    overviews: Overviews
    reconcile: ReconciliationService
    manifests: ManifestCollections
    #: gives the memory the server's threads have freed back to the system, after requests
    memory: FreedMemory = field(default_factory=FreedMemory)
    #: the pages that show an error in a form sent to them themselves, by path: (request, error, status, headers) -> page
    form_pages: dict[str, Callable[..., Response]] = field(default_factory=dict)


def templates_environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["rich"] = rich_text
    env.tests["rich"] = holds_html
    env.filters["number"] = pass_context(lambda context, n: grouped(n, context["lang"]))
    env.globals["when"] = pass_context(lambda context, text, css_class=None: when_html(text, context["lang"], css_class))
    env.globals["picture"] = pass_context(lambda context, iri, box: picture_src(iri, context["project"].iris.base, box))
    env.globals.update(THUMBNAIL=THUMBNAIL, PAGE_PICTURE=PAGE)
    return env


def create_app(project: Project, *, store: EmbeddedStore | None = None) -> FastAPI:
    """The web application for a project; the store defaults to the project's own."""
    store = store or open_project_store(project)
    labels = Labels(project.ontologies)
    describer = Describer(store, project.iris, labels)
    oai = OaiProvider(project, store, describe=lambda iri: describer.describe(iri, follow_links=False),
                      kind_label=lambda kind: labels.kind_label(kind, ("nl", "en")))
    search = SearchIndex(store, project.iris)
    state = AppState(project=project, store=store, describer=describer, labels=labels,
                     templates=templates_environment(), search=search,
                     sparql=SparqlService(project, store), streams=EventStreams(project, store), oai=oai,
                     dump_slots=dump_routes.DumpSlots(project.server.max_concurrent_dumps),
                     checker=CheckService(project), recent_checks=RecentChecks(),
                     overviews=Overviews(store, project.iris, labels),
                     reconcile=ReconciliationService(project, store, search, labels),
                     manifests=ManifestCollections(store, project.iris),
                     form_pages={"/controle": checker_routes.refused})
    app = CultuurgraafApp(title=f"cultuurgraaf: {project.name}", docs_url=None, redoc_url=None,
                          openapi_url="/api/openapi.json", lifespan=sparql_routes.lifespan)
    app.state.cg = state
    app.add_middleware(ConditionalRequests, store=store, search=state.search)  # inside CORS: a 304 gets the CORS headers too
    app.add_middleware(CORSMiddleware, **CORS)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(sparql_routes.router)
    app.include_router(query_page_routes.router)
    app.include_router(api_docs.router)
    app.include_router(resolver_routes.router)
    app.include_router(reconcile_routes.router)
    app.include_router(page_routes.router)
    app.include_router(browse_routes.router)
    app.include_router(dump_routes.router)
    app.include_router(report_routes.router)
    app.include_router(feed_routes.router)
    app.include_router(iiif_routes.router)
    app.include_router(checker_routes.router)
    errors.register(app)
    return app

