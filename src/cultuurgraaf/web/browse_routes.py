"""Lists per kind (/lijst/{kind}) and full-text search (/zoeken?q=...), as HTML or JSON.

Both take the facets of :mod:`cultuurgraaf.search.index` as query parameters (``?type=...``,
``?organisatie=...``, ``?periode=1890``) and ``pagina`` for the page.
"""

from __future__ import annotations

import re
import reprlib
from dataclasses import asdict
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import BadParameter, NotFound
from ..search import FACET_NAMES, Results
from .negotiation import choose
from .page_routes import LISTED_KINDS
from .rendering import languages_of, render

router = APIRouter()
#: A page number as a URL gives it: digits only (a number of 4,300 digits and more is not read).
PAGE_NUMBER = re.compile(r"[0-9]{1,4000}")
_QUOTED = reprlib.Repr()
_QUOTED.maxstring = 60
ANSWERS = {"text/html": "html", "application/xhtml+xml": "html", "application/json": "json"}


def _page(request: Request) -> int:
    """The page asked for (``pagina``; the first when it is not given)."""
    value = request.query_params.get("pagina") or "1"
    if not PAGE_NUMBER.fullmatch(value) or int(value) < 1:
        raise BadParameter(f"pagina must be a page number (a whole number, 1 or more), not {_QUOTED.repr(value)}",
                           hint="the first page is pagina=1")
    return int(value)


def _filters(request: Request) -> dict[str, str]:
    return {name: request.query_params[name] for name in FACET_NAMES if request.query_params.get(name)}


def _url_maker(path: str, params: dict[str, str]):
    """A function for templates: this page's URL with some parameters changed (None removes one)."""
    def url(**changes) -> str:
        merged = {**params}
        if "pagina" not in changes:
            merged.pop("pagina", None)
        for key, value in changes.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = str(value)
        query = urlencode([(k, v) for k, v in merged.items() if k != "pagina" or v != "1"])
        return f"{path}?{query}" if query else path
    return url


def _wants_json(request: Request) -> bool:
    return choose(request.headers.get("accept"), ANSWERS) == "application/json"


def _json(results: Results, **extra) -> Response:
    body = {**extra, "total": results.total, "page": results.page, "pages": results.pages,
            "per_page": results.per_page, "kinds": results.kinds,
            "items": [asdict(h) for h in results.hits], "facets": [asdict(f) for f in results.facets]}
    return JSONResponse(body, headers={"Vary": "Accept, Accept-Language"})


@router.api_route("/lijst", methods=["GET", "HEAD"])
async def lists(request: Request) -> Response:
    state = request.app.state.cg
    languages = languages_of(request)
    kinds = await run_in_threadpool(state.search.kinds)
    shown = [(k, state.labels.kind_label(k, languages), kinds[k]) for k in LISTED_KINDS if k in kinds]
    if _wants_json(request):
        return JSONResponse({"kinds": {k: n for k, _, n in shown}}, headers={"Vary": "Accept"})
    return render(request, "lists.html", title="Lijsten", kinds=shown)


@router.api_route("/lijst/{kind}", methods=["GET", "HEAD"])
async def list_of_kind(kind: str, request: Request) -> Response:
    state = request.app.state.cg
    languages = languages_of(request)
    kinds = await run_in_threadpool(state.search.kinds)
    if kind not in kinds:
        raise NotFound(f"there is no list of '{kind}'",
                       hint=f"lists exist for: {', '.join(sorted(kinds)) or 'nothing yet (build the graph first)'}")
    filters, page = _filters(request), _page(request)
    results = await run_in_threadpool(lambda: state.search.browse(kind, filters=filters, page=page,
                                                                  languages=languages))
    if _wants_json(request):
        return _json(results, kind=kind, filters=filters)
    label = state.labels.kind_label(kind, languages)
    return render(request, "list.html", headers={"Vary": "Accept, Accept-Language"}, title=f"Lijst: {label}",
                  kind=kind, kind_label=label, results=results, filters=filters,
                  url=_url_maker(f"/lijst/{kind}", {**filters, "pagina": str(page)}),
                  kind_labels={k: state.labels.kind_label(k, languages) for k in kinds})


@router.api_route("/zoeken", methods=["GET", "HEAD"])
async def search(request: Request) -> Response:
    state = request.app.state.cg
    languages = languages_of(request)
    text = request.query_params.get("q", "").strip()
    kind = request.query_params.get("soort") or None
    filters, page = _filters(request) if kind else {}, _page(request)
    results = await run_in_threadpool(lambda: state.search.search(text, kind=kind, filters=filters, page=page,
                                                                  languages=languages))
    if _wants_json(request):
        return _json(results, q=text, kind=kind, filters=filters)
    params = {"q": text, **({"soort": kind} if kind else {}), **filters, "pagina": str(page)}
    kinds = await run_in_threadpool(state.search.kinds)
    return render(request, "search.html", headers={"Vary": "Accept, Accept-Language"},
                  title=f"Zoeken: {text}" if text else "Zoeken", q=text, kind=kind, results=results,
                  filters=filters, url=_url_maker("/zoeken", params),
                  kind_labels={k: state.labels.kind_label(k, languages) for k in kinds})
