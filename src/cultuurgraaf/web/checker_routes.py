"""The export checker: ``GET /controle`` is the form, ``POST /controle`` checks an upload.

``POST /controle`` takes a multipart form (``file``, ``kind``, ``profile``) and answers the report
as the page (HTML), JSON, CSV, SARIF or Turtle, by ``Accept`` (:data:`ANSWER_TYPES`). Nothing is
loaded into the graph. A page's findings can be downloaded for a while after the check from
``/controle/bevindingen/{token}.csv`` (and ``.json``), the links the page gives
(:mod:`cultuurgraaf.checker.recent`). The page shows the report as a build's report page does
(:func:`cultuurgraaf.validation.render_html.report_parts`: summary first, filters, checks with their
first rows and the rest on demand from the JSON download), in the page's language. An upload that
cannot be read is answered like any error (a 4xx with its place); a browser gets the form again
with the problem above it (:func:`refused`, also for a body over the limit, which the app refuses
before this route reads it).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..checker import export_kind, export_kinds, profile_shapes
from ..checker.answers import answer
from ..checker.choices import DEFAULT_PROFILE, PROFILES
from ..checker.rows import rows_of
from ..checker.worker import UPLOAD
from ..errors import CultuurgraafError, NotFound
from ..validation.render_html import SCRIPT, SCRIPT_HASH, STYLE, STYLE_HASH, Downloads, report_parts
from .errors import NotAcceptable
from .negotiation import choose
from .rendering import SECURITY_HEADERS, language_of, render
from .upload_form import read_upload_form

router = APIRouter()

#: the answers of ``POST /controle``: media type -> format. The first is the default (``Accept: */*``).
ANSWER_TYPES = {"application/json": "json", "text/html": "html", "application/sarif+json": "sarif",
                "text/csv": "csv", "text/turtle": "turtle", "application/xhtml+xml": "html"}
MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8", "sarif": "application/sarif+json",
         "turtle": "text/turtle; charset=utf-8"}
FIELDS = ("kind", "profile")
#: the page's policy: the site's, with the report's own style and script allowed by their hashes
PAGE_POLICY = SECURITY_HEADERS["Content-Security-Policy"].replace(
    "script-src 'self'", f"script-src 'self' '{SCRIPT_HASH}'").replace("style-src 'self'", f"style-src 'self' '{STYLE_HASH}'")


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
    with checker.slot() as folder:
        upload = await read_upload_form(request, folder / UPLOAD, file_field="file", text_fields=FIELDS,
                                        max_file_bytes=int(project.server.max_upload_mb * 1_000_000))
        request.state.fields = upload.fields  # the form again with the same choices, should the check fail
        kind = export_kind(project, upload.fields.get("kind", ""))
        profile, shapes = profile_shapes(project, upload.fields.get("profile", ""))
        checked = await checker.run(checker.job(folder, upload.file, kind, profile, shapes))
    rows = await run_in_threadpool(rows_of, checked)
    if format != "html":
        body = await run_in_threadpool(answer, checked, rows, format)
        return Response(body, media_type=MEDIA[format], headers={**SECURITY_HEADERS, "Vary": "Accept"})
    downloads = await run_in_threadpool(lambda: {f: answer(checked, rows, f).encode("utf-8") for f in ("csv", "json")})
    token = recent.keep(downloads)
    parts = await run_in_threadpool(
        report_parts, checked.report, labels=state.labels, language=language_of(request),
        expected=checked.expected,
        downloads=Downloads(json=f"/controle/bevindingen/{token}.json", csv=f"/controle/bevindingen/{token}.csv")
        if token else None)
    return page(request, kind=checked.kind.value, profile=checked.profile, checked=checked, parts=parts, token=token)


def refused(request: Request, exc: CultuurgraafError, status: int, headers: dict[str, str]) -> Response:
    """A browser's upload that could not be checked: the form again, the problem above it with its place."""
    fields = getattr(request.state, "fields", {})
    return page(request, kind=fields.get("kind", ""), profile=fields.get("profile", ""), error=exc, status=status,
                headers=headers, too_large=status == 413)


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


def page(request: Request, *, kind: str, profile: str, checked=None, parts=None, token=None, error=None,
         status: int = 200, headers: dict | None = None, too_large: bool = False) -> Response:
    project = request.app.state.cg.project
    return render(request, "controle.html", status=status,
                  headers={**(headers or {}), "Cache-Control": "no-store", "Content-Security-Policy": PAGE_POLICY},
                  kinds=export_kinds(project), kind=kind, profile=profile or DEFAULT_PROFILE, profiles=PROFILES,
                  checked=checked, counts=checked.report.counts() if checked else None, parts=parts, token=token,
                  error=error, too_large=too_large, limits=project.server, report_style=STYLE, report_script=SCRIPT)
