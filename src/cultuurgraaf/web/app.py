"""The application factory: one FastAPI app for one project's store."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..config import Project
from ..entities import Describer
from ..errors import CultuurgraafError, NotFound, QueryError
from ..labels import Labels
from ..store import EmbeddedStore, open_store
from . import page_routes, sparql_routes
from .negotiation import choose

HERE = Path(__file__).parent
log = logging.getLogger("cultuurgraaf.web")


@dataclass
class AppState:
    project: Project
    store: EmbeddedStore
    describer: Describer
    labels: Labels
    templates: Environment


def templates_environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env


def create_app(project: Project, *, store: EmbeddedStore | None = None) -> FastAPI:
    """The web application for a project; the store defaults to the project's own."""
    store = store or open_store(project.store_path or project.store)
    ontology_dirs = [p for p in (project.root / "ontologies", project.root.parent.parent / "ontologies") if p.is_dir()]
    labels = Labels(ontology_dirs[:1])
    state = AppState(project=project, store=store, describer=Describer(store, project.iris, labels),
                     labels=labels, templates=templates_environment())
    app = FastAPI(title=f"cultuurgraaf: {project.name}", docs_url="/api/docs", redoc_url=None,
                  openapi_url="/api/openapi.json")
    app.state.cg = state
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(sparql_routes.router)
    app.include_router(page_routes.router)

    @app.exception_handler(CultuurgraafError)
    async def user_error(request: Request, exc: CultuurgraafError) -> Response:
        status = 404 if isinstance(exc, NotFound) else 400
        return error_response(request, exc, status)

    return app


def error_response(request: Request, exc: CultuurgraafError, status: int) -> Response:
    """One error shape: an HTML page for browsers, plain text for SPARQL clients, JSON otherwise."""
    state: AppState = request.app.state.cg
    accept = request.headers.get("accept", "")
    if request.url.path.startswith("/sparql") and isinstance(exc, QueryError):
        return Response(str(exc) + "\n", status_code=status, media_type="text/plain; charset=utf-8")
    if choose(accept, {"application/json": "json", "text/html": "html"}) == "text/html" and "text/html" in accept:
        page = state.templates.get_template("error.html").render(
            project=state.project, status=status, error=exc, title="Niet gevonden" if status == 404 else "Fout")
        return Response(page, status_code=status, media_type="text/html; charset=utf-8")
    return JSONResponse(exc.to_json(), status_code=status)
