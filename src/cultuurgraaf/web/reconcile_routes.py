"""The reconciliation service (docs/reconciliation.md): the W3C Reconciliation API 0.2, as OpenRefine
speaks it. The routes read the request; :mod:`cultuurgraaf.reconcile` answers.

* ``/reconcile``: the manifest; with ``queries=`` (in the URL or a form POST) the candidates of a
  batch of queries; with ``extend=`` the values of properties of reconciled things;
* ``/reconcile/suggest/entity``, ``/type``, ``/property`` (``prefix=``, ``cursor=``, ``type=``);
* ``/reconcile/properties`` (``type=``, ``limit=``): the properties to fetch;
* ``/reconcile/preview?id=``: a small HTML page about a thing, to show in a frame.

A JSON answer comes as JSONP (``callback=``) where a client asks, as OpenRefine's suggest widget does.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import BadParameter
from ..reconcile import ReconciliationService, extend, read_extend, read_queries
from .errors import UnsupportedMedia
from .rendering import SECURITY_HEADERS, languages_of, render

router = APIRouter()
FORM = "application/x-www-form-urlencoded"
#: a JSONP callback: a JavaScript name, so nothing else can be written into the answer
CALLBACK = re.compile(r"[A-Za-z_$][\w$.]{0,99}")
#: the preview is shown inside the client's page, in a frame
FRAMED = {**SECURITY_HEADERS, "Content-Security-Policy":
          SECURITY_HEADERS["Content-Security-Policy"].replace("frame-ancestors 'none'", "frame-ancestors *")}


def _service(request: Request) -> ReconciliationService:
    return request.app.state.cg.reconcile


async def _params(request: Request) -> dict[str, str]:
    """The parameters of the URL and, for a POST, of its form body."""
    params = dict(request.query_params)
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        if body and media != FORM:
            raise UnsupportedMedia(media, (FORM,))
        try:
            params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError as exc:
            raise BadParameter(f"the form is not UTF-8: {exc}") from None
    return params


def _number(params: dict[str, str], name: str) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if not value.isdigit() or len(value) > 9:
        raise BadParameter(f"{name} must be a whole number, 0 or more, not {value[:40]!r}")
    return int(value)


def _answer(params: dict[str, str], body: dict) -> Response:
    callback = params.get("callback")
    if callback is None:
        return JSONResponse(body, headers={"Vary": "Accept-Language"})
    if not CALLBACK.fullmatch(callback):
        raise BadParameter(f"callback must be a JavaScript function name, not {callback[:40]!r}")
    return Response(f"/**/{callback}({json.dumps(body)});", media_type="application/javascript",
                    headers={"X-Content-Type-Options": "nosniff"})


@router.api_route("/reconcile", methods=["GET", "HEAD", "POST"])
async def reconcile(request: Request) -> Response:
    params = await _params(request)
    service, languages = _service(request), languages_of(request)
    if "queries" in params:
        body = await run_in_threadpool(service.reconcile, read_queries(params["queries"]), languages)
    elif "extend" in params:
        body = await run_in_threadpool(extend, service, read_extend(params["extend"]))
    else:
        body = await run_in_threadpool(service.manifest, str(request.base_url).rstrip("/"), languages)
    return _answer(params, body)


@router.api_route("/reconcile/suggest/entity", methods=["GET", "HEAD"])
async def suggest_entity(request: Request) -> Response:
    params = dict(request.query_params)
    types = tuple(t for t in [params.get("type", "")] if t)
    body = await run_in_threadpool(lambda: _service(request).suggest_entities(
        params.get("prefix", ""), types=types, cursor=_number(params, "cursor") or 0, languages=languages_of(request)))
    return _answer(params, body)


@router.api_route("/reconcile/suggest/type", methods=["GET", "HEAD"])
async def suggest_type(request: Request) -> Response:
    params = dict(request.query_params)
    body = await run_in_threadpool(_service(request).suggest_types, params.get("prefix", ""), languages_of(request))
    return _answer(params, body)


@router.api_route("/reconcile/suggest/property", methods=["GET", "HEAD"])
async def suggest_property(request: Request) -> Response:
    params = dict(request.query_params)
    return _answer(params, _service(request).suggest_properties(params.get("prefix", "")))


@router.api_route("/reconcile/properties", methods=["GET", "HEAD"])
async def propose_properties(request: Request) -> Response:
    params = dict(request.query_params)
    body = await run_in_threadpool(_service(request).propose_properties, params.get("type"), _number(params, "limit"))
    return _answer(params, body)


@router.api_route("/reconcile/preview", methods=["GET", "HEAD"])
async def preview(request: Request) -> Response:
    service, languages = _service(request), languages_of(request)
    entity_id = request.query_params.get("id", "")
    hit = await run_in_threadpool(service.preview, entity_id, languages)
    kind = service.labels.kind_label(hit.kind, languages) if hit.kind else None
    return render(request, "reconcile_preview.html", headers=FRAMED, hit=hit, kind=kind, entity_id=entity_id)
