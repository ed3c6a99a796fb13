"""The query page (/sparql in a browser) and the two small answers it asks for while it is used.

- ``POST /api/labels``: the names of the IRIs a result shows, so the page can write them next to
  the IRIs (the rows in view, a few hundred IRIs at a time; the SPARQL answer itself is not slowed);
- ``GET /api/vocabulary``: the classes and properties of the graph, most used first, with labels,
  for the editor's completion.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import BadParameter
from ..sparql.completion import completion_terms
from ..store import iri_problem
from ..vocab import PREFIXES
from .rendering import SECURITY_HEADERS, languages_of, render, script_json

router = APIRouter(tags=["query page"])

#: The most IRIs one /api/labels request may ask for.
MAX_LABELS = 1000
#: YASGUI sets some styles inline (its result table's layout); scripts stay this site's own.
QUERY_PAGE_POLICY = SECURITY_HEADERS["Content-Security-Policy"].replace("style-src 'self'",
                                                                        "style-src 'self' 'unsafe-inline'")
#: The words of the page's own script, in the page's language.
PAGE_WORDS = {
    "examples": "Voorbeeldvragen", "editor": "SPARQL-vraag", "endpoint": "SPARQL-eindpunt: ", "table": "Tabel", "map": "Kaart",
    "chart": "Grafiek", "timeline": "Tijdlijn", "filter": "Filter de resultaten", "row": "rij", "rows": "rijen",
    "shown": "getoond", "of": "van", "noWkt": "rijen zonder punt (geen WKT POINT)", "truncated": "afgekapt op",
    "firstOf": "de eerste", "noDate": "rijen zonder datum", "sort": "Sorteer op", "points": "punten",
    "value": "Waarde", "more": "Meer rijen",
}
LABELS_BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["iris"],
    "properties": {"iris": {"type": "array", "maxItems": MAX_LABELS, "items": {"type": "string", "format": "iri"},
                            "description": "absolute IRIs"}}},
    "example": {"iris": ["https://data.cultuurgraaf.be/id/organisatie/ORG0001"]}}}}


def query_page(request: Request) -> Response:
    """The query page: YASGUI (vendored), set up by static/query.js from the JSON config below."""
    project = request.app.state.cg.project
    listed = request.app.state.cg.sparql.examples()
    config = {"endpoint": "/sparql", "prefixes": PREFIXES, "examples": listed,
              "entityBase": project.base_iri + "/id/", "pagesBase": "/doc/", "labelsUrl": "/api/labels",
              "vocabularyUrl": "/api/vocabulary", "maxLabels": MAX_LABELS, "labels": PAGE_WORDS}
    return render(request, "query.html", title="SPARQL", examples=listed, config_json=script_json(config),
                  headers={"Vary": "Accept", "Content-Security-Policy": QUERY_PAGE_POLICY})


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
