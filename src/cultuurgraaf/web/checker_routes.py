"""The export checker: ``GET /controle`` is the form, ``POST /controle`` checks an upload.

``POST /controle`` takes a multipart form (``file``, ``kind``, ``profile``) and answers the report
as the page (HTML), JSON, CSV, SARIF or Turtle, by ``Accept`` (:data:`ANSWER_TYPES`). Nothing is
loaded into the graph. A page's findings can be downloaded for a while after the check from
``/controle/bevindingen/{token}.csv`` (and ``.json``), the links the page gives
(:mod:`cultuurgraaf.checker.recent`). An upload that cannot be read is answered like any error
(a 4xx with its place); on the page, above the form again.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..checker import export_kind, export_kinds, profile_shapes
from ..checker.answers import answer, checked_json, verdict
from ..checker.choices import DEFAULT_PROFILE, PROFILES
from ..checker.rows import rows_of
from ..checker.worker import UPLOAD
from ..errors import CultuurgraafError, NotFound
from .errors import NotAcceptable, http_status
from .negotiation import choose
from .rendering import SECURITY_HEADERS, render
from .upload_form import read_upload_form

router = APIRouter()

#: the answers of ``POST /controle``: media type -> format. The first is the default (``Accept: */*``).
ANSWER_TYPES = {"application/json": "json", "text/html": "html", "application/sarif+json": "sarif",
                "text/csv": "csv", "text/turtle": "turtle", "application/xhtml+xml": "html"}
MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8", "sarif": "application/sarif+json",
         "turtle": "text/turtle; charset=utf-8"}
#: the most rows the page shows; the downloads hold them all
PAGE_ROWS = 1_000
FIELDS = ("kind", "profile")


@router.api_route("/controle", methods=["GET", "HEAD"])
async def form(request: Request) -> Response:
    """The checker's page, with the form."""
    return page(request, kind=request.query_params.get("kind", ""), profile=DEFAULT_PROFILE)


@router.post("/controle")
async def check(request: Request) -> Response:
    """Check an upload; the report by Accept."""
    format = ANSWER_TYPES.get(choose(request.headers.get("accept"), ANSWER_TYPES) or "")
    if format is None:
        raise NotAcceptable(request.headers.get("accept", ""), ANSWER_TYPES)
    state = request.app.state.cg
    checker, recent, project = state.checker, state.recent_checks, state.project
    fields: dict[str, str] = {}
    try:
        with checker.slot() as folder:
            upload = await read_upload_form(request, folder / UPLOAD, file_field="file", text_fields=FIELDS,
                                            max_file_bytes=int(project.server.max_upload_mb * 1_000_000))
            fields = upload.fields
            kind = export_kind(project, fields.get("kind", ""))
            profile, shapes = profile_shapes(project, fields.get("profile", ""))
            checked = await checker.run(checker.job(folder, upload.file, kind, profile, shapes))
    except CultuurgraafError as exc:
        if format != "html":
            raise
        status, headers = http_status(exc)
        return page(request, kind=fields.get("kind", ""), profile=fields.get("profile", ""), error=exc,
                    status=status, headers=headers)
    rows = await run_in_threadpool(rows_of, checked)
    if format != "html":
        body = await run_in_threadpool(answer, checked, rows, format)
        return Response(body, media_type=MEDIA[format], headers={**SECURITY_HEADERS, "Vary": "Accept"})
    downloads = await run_in_threadpool(lambda: {f: answer(checked, rows, f).encode("utf-8") for f in ("csv", "json")})
    return page(request, kind=checked.kind.value, profile=checked.profile, checked=checked, rows=rows,
                token=recent.keep(downloads))


@router.get("/controle/bevindingen/{name}")
async def findings(name: str, request: Request) -> Response:
    """The findings of a recent check, as CSV or JSON, by the token its page gave."""
    token, _, extension = name.rpartition(".")
    recent = request.app.state.cg.recent_checks
    body = recent.get(token, extension) if extension in ("csv", "json") else None
    if body is None:
        raise NotFound("these findings are not kept (any more): findings can be downloaded for 15 minutes after "
                       "the check", hint="check the export again at /controle")
    return Response(body, media_type=MEDIA[extension], headers={
        **SECURITY_HEADERS, "Cache-Control": "no-store",
        "Content-Disposition": f'attachment; filename="bevindingen.{extension}"'})


def page(request: Request, *, kind: str, profile: str, checked=None, rows=(), token=None, error=None,
         status: int = 200, headers: dict | None = None) -> Response:
    project = request.app.state.cg.project
    summary = None
    if checked is not None:
        summary = {"verdict": verdict(checked.report), "checked": checked_json(checked),
                   "counts": checked.report.counts(), "groups": checked.report.groups(),
                   "rules": checked.report.rule_counts()}
    return render(request, "controle.html", status=status, headers={**(headers or {}), "Cache-Control": "no-store"},
                  title="Controleer een export", kinds=export_kinds(project), kind=kind, profile=profile,
                  profiles=PROFILES, checked=checked, summary=summary, rows=rows[:PAGE_ROWS], total_rows=len(rows),
                  token=token, error=error, limits=project.server)
