"""The validation reports of the builds the store keeps, read-only: ``/rapporten/{build}/{name}``.

A held-back entity's page links to the entries of the report that say why
(``/rapporten/3/objecten.html#r-...``, and ``objecten.json`` beside it), and the home and dataset
pages link to the build's and the source's report. Only reports are served (HTML, JSON and CSV,
by name), only of the generations the store keeps, and nothing else from its folder
(:func:`cultuurgraaf.store.reports.served_report`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..catalogue.completeness import of_source, to_json
from ..errors import NotFound
from ..store.reports import served_report
from ..validation.render_html import SCRIPT_HASH
from .rendering import SECURITY_HEADERS

router = APIRouter()

MEDIA_TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json", ".csv": "text/csv; charset=utf-8"}
#: A report is a page of its own: its styles inline, its one script (the filters and the rows it reads
#: from its JSON beside it, on this server), nothing from elsewhere.
REPORT_POLICY = (f"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; connect-src 'self'; "
                 "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@router.api_route("/rapporten/{generation}/{name}", methods=["GET", "HEAD"])
async def report(generation: str, name: str, request: Request) -> Response:
    """One report of a build (a store generation): ``build.html``, or a source's (``objecten.html``),
    or their JSON or CSV."""
    if not generation.isdigit() or len(generation) > 9:
        raise NotFound(f"there is no build {generation!r}: builds are numbered 1, 2, 3, ...")
    path = await run_in_threadpool(served_report, request.app.state.cg.store, int(generation), name)
    headers = {**SECURITY_HEADERS, "Content-Security-Policy": REPORT_POLICY}
    if path.suffix == ".csv":
        headers["Content-Disposition"] = f'attachment; filename="rapport-{int(generation)}-{path.name}"'
    return FileResponse(path, media_type=MEDIA_TYPES[path.suffix], headers=headers)


@router.api_route("/volledigheid/{name}.json", methods=["GET", "HEAD"])
async def completeness(name: str, request: Request) -> Response:
    """How complete a source's entities are in the current build (the dataset page's table), as JSON."""
    figures = await run_in_threadpool(of_source, request.app.state.cg.store, name)
    if figures is None:
        raise NotFound(f"there is no completeness of a source {name!r} in this build: it is not a source, "
                       "or the project has no shapes")
    return JSONResponse(to_json(name, *figures))
