"""The query page (/sparql in a browser) and the two small answers it asks for while it is used.

- ``POST /api/labels``: the names of the IRIs a result shows, so the page can write them next to
  the IRIs (the rows in view, a few hundred IRIs at a time; the SPARQL answer itself is not slowed);
- ``GET /api/vocabulary``: the classes and properties of the graph, most used first, with labels,
  for the editor's completion.
"""

from __future__ import annotations

import json
from functools import partial
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import BadParameter
from ..sparql.completion import completion_terms
from ..store import iri_problem
from ..vocab import PREFIXES
from .rendering import SECURITY_HEADERS, language_of, languages_of, render, script_json
from .words import LANGUAGE_PARAMETER, WORDS

router = APIRouter(tags=["query page"])

#: The most IRIs one /api/labels request may ask for.
MAX_LABELS = 1000
#: YASGUI sets some styles inline (its result table's layout); scripts stay this site's own.
QUERY_PAGE_POLICY = SECURITY_HEADERS["Content-Security-Policy"].replace("style-src 'self'",
                                                                        "style-src 'self' 'unsafe-inline'")
LABELS_BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["iris"],
    "properties": {"iris": {"type": "array", "maxItems": MAX_LABELS, "items": {"type": "string", "format": "iri"},
                            "description": "absolute IRIs"}}},
    "example": {"iris": ["https://data.cultuurgraaf.be/id/organisatie/ORG0001"]}}}}


def query_page(request: Request) -> Response:
    """The query page: YASGUI (vendored), set up by static/query.js from the JSON config below."""
    project = request.app.state.cg.project
    listed = request.app.state.cg.sparql.examples()
    language = language_of(request)
    asked_in = "?" + urlencode({LANGUAGE_PARAMETER: language})
    config = {"endpoint": "/sparql", "prefixes": PREFIXES, "examples": listed,
              "entityBase": project.base_iri + "/id/", "pagesBase": "/doc/", "labelsUrl": "/api/labels" + asked_in,
              "vocabularyUrl": "/api/vocabulary" + asked_in, "maxLabels": MAX_LABELS,
              "labels": script_words(partial(WORDS.text, language=language))}
    return render(request, "query.html", title="SPARQL", examples=listed, config_json=script_json(config),
                  headers={"Vary": "Accept", "Content-Security-Policy": QUERY_PAGE_POLICY})


def script_words(t) -> dict:
    """The words of the page's scripts (static/query*.js) in the page's language. YASGUI has no
    setting for the words it writes itself: ``yasgui`` maps each English text of it that the page
    shows to ours, which static/query-words.js puts in its place (and fills in ``{view}``, ``{n}``
    and the like)."""
    return {
        "editor": t("query_editor"), "endpoint": t("query_endpoint"), "table": t("query_view_table"),
        "map": t("query_view_map"), "chart": t("query_view_chart"), "timeline": t("query_view_timeline"),
        "filter": t("query_filter"), "row": t("query_row"), "rows": t("query_rows"), "shown": t("query_shown"),
        "of": t("query_of"), "noWkt": t("query_no_wkt"), "truncated": t("query_truncated"),
        "firstOf": t("query_first_of"), "noDate": t("query_no_date"), "sort": t("query_sort"),
        "points": t("query_points"), "value": t("query_value"), "more": t("query_more"),
        "tabName": t("query_tab_name"), "showView": t("query_show_view"), "resultsOne": t("query_results_one"),
        "resultsMany": t("query_results_many"), "resultsTime": t("query_results_time"),
        "yasgui": {
            "Run query": t("query_run_query"), "Share query": t("query_share"), "Add tab": t("query_tab_add"),
            "Add a new tab": t("query_tab_add"), "New Tab": t("query_tab_add"), "Close tab": t("query_tab_close"),
            "Close Tab": t("query_tab_close"), "Close other tabs": t("query_tab_close_others"),
            "Copy Tab": t("query_tab_copy"), "Rename Tab": t("query_tab_rename"),
            "Undo close Tab": t("query_tab_reopen"), "Settings": t("query_settings"),
            "Open settings": t("query_settings_open"), "Close settings": t("query_settings_close"),
            "Request method": t("query_request_method"), "Accept Headers": t("query_accept_headers"),
            "Arguments": t("query_arguments"), "Header Arguments": t("query_header_arguments"),
            "Default Graphs": t("query_default_graphs"), "Named Graphs": t("query_named_graphs"),
            "Clear endpoint": t("query_clear_endpoint"), "Response": t("query_view_response"),
            "Download Results": t("query_download"), "Download result": t("query_download"),
            "Download not supported": t("query_download_none"), "Show all": t("query_show_all"),
            "This plugin doesn't have a help reference yet. Please contact the maintainer to fix this":
                t("query_no_help"),
            "Unable to get response from endpoint. Possible reasons:": t("query_no_answer"),
            "Endpoint is down": t("query_endpoint_down"), "Try query in a new browser window": t("query_new_window"),
            "cannot render result": t("query_cannot_render"),
        },
    }


@router.post("/api/labels", openapi_extra={"requestBody": LABELS_BODY})
async def labels(request: Request) -> JSONResponse:
    """The names of things and terms: ``{"iris": [...]}`` (at most 1,000) gives ``{"labels": {iri: name}}``,
    in the reader's language (Accept-Language). A thing's name comes from the graph, a class's or
    property's from the ontology files; an IRI with neither is left out."""
    iris = _iris_asked(await request.body())
    state = request.app.state.cg
    found = await run_in_threadpool(state.describer.names, iris, languages=languages_of(request))
    return JSONResponse({"labels": found}, headers={"Vary": "Accept-Language"})


@router.get("/api/vocabulary")
async def vocabulary(request: Request) -> JSONResponse:
    """The classes and properties of the graph, most used first (entities per class, triples per
    property, from the VoID statistics of each source), with their labels:
    ``{"classes": [{"iri", "label", "count"}], "properties": [...]}``."""
    state = request.app.state.cg
    manifest = await run_in_threadpool(state.store.manifest)
    terms = completion_terms(manifest, state.labels, languages=languages_of(request))
    return JSONResponse(terms, headers={"Vary": "Accept-Language"})


def _iris_asked(body: bytes) -> list[str]:
    """The IRIs of a labels request, each checked; a BadParameter that says what is wrong otherwise."""
    try:
        asked = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadParameter(f"the request body is not JSON: {exc}", hint='send {"iris": ["https://...", ...]}') from exc
    iris = asked.get("iris") if isinstance(asked, dict) else None
    if not isinstance(iris, list):
        raise BadParameter("the request body has no list 'iris'", hint='send {"iris": ["https://...", ...]}')
    if len(iris) > MAX_LABELS:
        raise BadParameter(f"the request asks for {len(iris)} labels; at most {MAX_LABELS} at a time",
                           hint="split the IRIs over several requests")
    for position, iri in enumerate(iris):
        problem = iri_problem(iri) if isinstance(iri, str) else "not a string"
        if problem is not None:
            raise BadParameter(f"iris[{position}] is not an absolute IRI: {problem}")
    return list(dict.fromkeys(iris))
