"""The validation reports of the builds the store keeps, read-only: ``/rapporten/{build}/{name}``.

A held-back entity's page links to the entries of the report that say why
(``/rapporten/3/objecten.html#r-...``, and ``objecten.json`` beside it). Only reports are served
(HTML and JSON, by name), only of the generations the store keeps, and nothing else from its folder
(:func:`cultuurgraaf.store.reports.served_report`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import NotFound
from ..store.reports import served_report
from .rendering import SECURITY_HEADERS

router = APIRouter()

MEDIA_TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json"}
#: A report is a page of its own: its styles inline, no scripts, nothing from elsewhere.
REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; " \
                "frame-ancestors 'none'"


@router.api_route("/rapporten/{generation}/{name}", methods=["GET", "HEAD"])
async def report(generation: str, name: str, request: Request) -> Response:
    """One report of a build (a store generation): ``build.html``, or a source's (``objecten.html``), or their JSON."""
    if not generation.isdigit() or len(generation) > 9:
        raise NotFound(f"there is no build {generation!r}: builds are numbered 1, 2, 3, ...")
    path = await run_in_threadpool(served_report, request.app.state.cg.store, int(generation), name)
    return FileResponse(path, media_type=MEDIA_TYPES[path.suffix],
                        headers={**SECURITY_HEADERS, "Content-Security-Policy": REPORT_POLICY})
