"""Lists per kind (/lijst/{kind}) and full-text search (/zoeken?q=...), as HTML, JSON or CSV.

Both take the facets of :mod:`cultuurgraaf.search.things` as query parameters (``?type=...``,
``?organisatie=...``, ``?periode=1890``) and ``pagina`` for the page. JSON comes by ``Accept`` or at
the same address with ``.json`` (``/lijst/erfgoedobject.json``, ``/zoeken.json?q=...``), one page as
the HTML page has it; CSV at the address with ``.csv``: the whole list, or the first
:data:`CSV_ROWS` hits of a search, best first, one row a thing.
"""

from __future__ import annotations

import csv
import io
import re
import reprlib
from dataclasses import asdict
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..entities import MAP_KINDS, map_of
from ..errors import BadParameter, NotFound
from ..search import FACET_NAMES, PER_PAGE, Results
from .negotiation import choose
from .page_routes import LISTED_KINDS
from .rendering import languages_of, render

router = APIRouter()
#: A page number as a URL gives it: digits only (a number of 4,300 digits and more is not read).
PAGE_NUMBER = re.compile(r"[0-9]{1,4000}")
_QUOTED = reprlib.Repr()
_QUOTED.maxstring = 60
ANSWERS = {"text/html": "html", "application/xhtml+xml": "html", "application/json": "json", "text/csv": "csv",
           "application/geo+json": "geojson"}
#: The most rows a CSV of a search or a list holds.
CSV_ROWS = 10_000
#: The machine twins a page links to, by the suffix of their address.
SUFFIXES = (".geojson", ".json", ".csv")


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


def _answer(request: Request, suffix: str | None) -> str:
    """What to answer: "html", "json" or "csv", by the address's suffix, else by Accept."""
    if suffix:
        return suffix.lstrip(".")
    return ANSWERS.get(choose(request.headers.get("accept"), ANSWERS) or "text/html", "html")


def _split_suffix(name: str) -> tuple[str, str | None]:
    """``erfgoedobject.csv`` -> (``erfgoedobject``, ``.csv``)."""
    return next(((name[: -len(s)], s) for s in SUFFIXES if name.endswith(s)), (name, None))


def _twins(path: str, params: dict[str, str]) -> dict[str, str]:
    """The addresses of a page's JSON (this page), CSV and GeoJSON (all of it) twins."""
    query = {k: v for k, v in params.items() if k != "pagina" or v != "1"}
    whole = {k: v for k, v in params.items() if k != "pagina"}
    return {"json": f"{path}.json" + (f"?{urlencode(query)}" if query else ""),
            **{suffix: f"{path}.{suffix}" + (f"?{urlencode(whole)}" if whole else "") for suffix in ("csv", "geojson")}}


def _data_suffix(suffix: str, path: str, what: str) -> str:
    """``.json`` or ``.csv`` from the suffix of a page's address; another is not found."""
    if f".{suffix}" not in (".json", ".csv"):
        raise NotFound(f"{what} do not come as .{suffix}", hint=f"they come as {path}.json and {path}.csv")
    return f".{suffix}"


def _csv(results: Results, request: Request, name: str) -> Response:
    """One row a thing: its IRI, its page, its kind, its name (and the name's language), the excerpt."""
    base = str(request.base_url).rstrip("/")
    rows = [[hit.iri, base + hit.href if hit.href and hit.href.startswith("/") else hit.href or "",
             hit.kind or "", hit.label, hit.label_language or "",
             "; ".join(name for _, name in hit.also_known_as), hit.excerpt or ""] for hit in results.hits]
    return _csv_response(["iri", "pagina", "soort", "naam", "taal", "ook_bekend_als", "beschrijving"], rows, name,
                         {"X-Total-Count": str(results.total)})


def _csv_response(header: list[str], rows, name: str, headers: dict[str, str] | None = None) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Vary": "Accept, Accept-Language", "Content-Disposition": f'inline; filename="{name}.csv"',
                             **(headers or {})})


def _json(results: Results, **extra) -> Response:
    body = {**extra, "total": results.total, "page": results.page, "pages": results.pages,
            "per_page": results.per_page, "kinds": results.kinds,
            "items": [asdict(h) for h in results.hits], "facets": [asdict(f) for f in results.facets]}
    return JSONResponse(body, headers={"Vary": "Accept, Accept-Language"})


@router.api_route("/lijst", methods=["GET", "HEAD"])
async def lists(request: Request) -> Response:
    return await _lists(request, None)


@router.api_route("/lijst.{suffix}", methods=["GET", "HEAD"])
async def lists_as(suffix: str, request: Request) -> Response:
    return await _lists(request, _data_suffix(suffix, "/lijst", "the lists"))


async def _lists(request: Request, suffix: str | None) -> Response:
    """The kinds that have a list, each with its name and how many things it holds."""
    state = request.app.state.cg
    languages = languages_of(request)
    answer = _answer(request, suffix)
    kinds = await run_in_threadpool(state.search.kinds)
    shown = [(k, state.labels.kind_label(k, languages), kinds[k]) for k in LISTED_KINDS if k in kinds]
    headers = {"Vary": "Accept, Accept-Language"}
    if answer == "json":
        return JSONResponse({"kinds": {k: n for k, _, n in shown}}, headers=headers)
    if answer == "csv":
        base = str(request.base_url).rstrip("/")
        return _csv_response(["soort", "naam", "aantal", "lijst"],
                             [[kind, label, n, f"{base}/lijst/{kind}"] for kind, label, n in shown], "lijsten")
    return render(request, "lists.html", headers=headers, kinds=shown)


@router.api_route("/lijst/{kind}", methods=["GET", "HEAD"])
async def list_of_kind(kind: str, request: Request) -> Response:
    state = request.app.state.cg
    languages = languages_of(request)
    kind, suffix = _split_suffix(kind)
    answer = _answer(request, suffix)
    kinds = await run_in_threadpool(state.search.kinds)
    if kind not in kinds:
        raise NotFound(f"there is no list of '{kind}'",
                       hint=f"lists exist for: {', '.join(sorted(kinds)) or 'nothing yet (build the graph first)'}")
    filters, page = _filters(request), _page(request)
    if answer == "geojson" and kind not in MAP_KINDS:
        raise NotFound(f"the list of '{kind}' has no map", hint=f"maps exist for: {', '.join(MAP_KINDS)}")
    if answer in ("csv", "geojson"):
        page, per_page = 1, CSV_ROWS
    else:
        per_page = PER_PAGE
    results = await run_in_threadpool(lambda: state.search.browse(kind, filters=filters, page=page, per_page=per_page,
                                                                  languages=languages))
    if answer == "json":
        return _json(results, kind=kind, filters=filters)
    if answer == "csv":
        return _csv(results, request, f"lijst-{kind}")
    if answer == "geojson":
        places = await run_in_threadpool(map_of, state.store, state.project.iris,
                                         [(hit.iri, hit.label) for hit in results.hits])
        return JSONResponse(places.to_geojson(), media_type="application/geo+json",
                            headers={"Vary": "Accept, Accept-Language"})
    label = state.labels.kind_label(kind, languages)
    return render(request, "list.html", headers={"Vary": "Accept, Accept-Language"},
                  kind=kind, kind_label=label, results=results, filters=filters,
                  url=_url_maker(f"/lijst/{kind}", {**filters, "pagina": str(page)}),
                  twins=_twins(f"/lijst/{kind}", {**filters, "pagina": str(page)}), csv_rows=CSV_ROWS,
                  with_map=kind in MAP_KINDS,
                  kind_labels={k: state.labels.kind_label(k, languages) for k in kinds})


@router.api_route("/zoeken", methods=["GET", "HEAD"])
async def search(request: Request) -> Response:
    return await _search(request, None)


@router.api_route("/zoeken.{suffix}", methods=["GET", "HEAD"])
async def search_as(suffix: str, request: Request) -> Response:
    return await _search(request, _data_suffix(suffix, "/zoeken", "search results"))


async def _search(request: Request, suffix: str | None) -> Response:
    state = request.app.state.cg
    languages = languages_of(request)
    answer = _answer(request, suffix)
    text = request.query_params.get("q", "").strip()
    kind = request.query_params.get("soort") or None
    filters, page = _filters(request), _page(request)
    per_page = PER_PAGE
    if answer == "csv":
        page, per_page = 1, CSV_ROWS
    results = await run_in_threadpool(lambda: state.search.search(text, kind=kind, filters=filters, page=page,
                                                                  per_page=per_page, languages=languages))
    if answer == "json":
        return _json(results, q=text, kind=kind, filters=filters)
    if answer == "csv":
        return _csv(results, request, "zoeken")
    params = {"q": text, **({"soort": kind} if kind else {}), **filters, "pagina": str(page)}
    kinds = await run_in_threadpool(state.search.kinds)
    return render(request, "search.html", headers={"Vary": "Accept, Accept-Language"},
                  q=text, kind=kind, results=results,
                  filters=filters, url=_url_maker("/zoeken", params), twins=_twins("/zoeken", params),
                  csv_rows=CSV_ROWS,
                  kind_labels={k: state.labels.kind_label(k, languages) for k in kinds})
