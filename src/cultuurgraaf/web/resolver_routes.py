"""The resolver: ``/id?wikidata=Q1809071``, ``/id?kbo=…``, ``/id?uitdatabank=…`` and the other identifier keys.

* one canonical entity: 303 to it (``/id/{kind}/{ref}``, which in turn answers 303 to its page);
* several entities that are not linked to each other: 300 Multiple Choices, listing them (HTML
  for browsers, JSON otherwise);
* nothing, or a key that is not an identifier: 404 or 400 in the one error shape, saying what
  the graph knows.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..iris import linkable
from ..linking.report import labels_of
from ..linking.resolver import resolve
from .negotiation import choose
from .rendering import SECURITY_HEADERS, languages_of, render

router = APIRouter()


@router.api_route("/id", methods=["GET", "HEAD"])
async def resolve_identifier(request: Request) -> Response:
    state = request.app.state.cg
    resolution = await run_in_threadpool(resolve, state.store, state.project, dict(request.query_params))
    iris = state.project.iris
    if not resolution.ambiguous and _path(iris, resolution.target) is not None:
        target = resolution.target
        return RedirectResponse(_path(iris, target), status_code=303,
                                headers={"Link": f'<{target}>; rel="canonical"', "Vary": "Accept"})
    choices = [{"iri": iri, "href": _path(iris, iri), "entities": sorted(e for e, c in resolution.canonical_of.items()
                                                                      if c == iri)}
               for iri in resolution.canonical]
    if choose(request.headers.get("accept"), {"application/json": "json", "text/html": "html"}) == "text/html" \
            and "text/html" in request.headers.get("accept", ""):
        names = await run_in_threadpool(labels_of, state.store, {c["iri"] for c in choices}, languages_of(request))
        for choice in choices:
            choice["label"] = names.get(choice["iri"]) or choice["iri"]
        return render(request, "resolver.html", status=300, query=resolution.query,
                      choices=choices)
    return JSONResponse({"query": resolution.query, "choices": choices}, status_code=300,
                        headers={"Vary": "Accept", **SECURITY_HEADERS})


def _path(iris, iri: str) -> str | None:
    """Where to send a client for an entity: its /id/ path, a web address, or nowhere (None)."""
    parsed = iris.parse_thing(iri)
    return f"/id/{parsed[0]}/{parsed[1]}" if parsed else (iri if linkable(iri) else None)
