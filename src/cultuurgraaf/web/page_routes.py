"""Entity URIs and pages: /id/... answers 303 to /doc/..., which serves HTML or RDF."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..labels import DEFAULT_LANGUAGES
from .negotiation import EXTENSIONS, PAGE_TYPES, choose, supported

router = APIRouter()

RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
KIND_QUERY = """
SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES (?class ?kind) {
    (<http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object> "erfgoedobject")
    (<http://www.w3.org/ns/org#Organization> "organisatie")
    (<http://www.w3.org/ns/person#Person> "persoon")
    (<http://www.w3.org/ns/prov#Location> "locatie")
    (<http://www.cidoc-crm.org/cidoc-crm/E7_Activity> "activiteit")
  }
  ?s a ?class
} GROUP BY ?kind
"""


def languages_of(request: Request) -> tuple[str, ...]:
    """The reader's languages from Accept-Language, in order of preference, then nl, en, fr."""
    ranked = []
    for position, part in enumerate(request.headers.get("accept-language", "").split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower().split("-")[0]
        if not tag or tag == "*":
            continue
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if q > 0:
            ranked.append((-q, position, tag))
    ordered = [tag for _, _, tag in sorted(ranked)]
    return tuple(dict.fromkeys(ordered + list(DEFAULT_LANGUAGES)))


@router.get("/")
async def home(request: Request) -> Response:
    state = request.app.state.cg
    manifest = state.store.manifest()
    counts = {}
    if manifest.graphs:
        rows = await run_in_threadpool(lambda: list(state.store.query(KIND_QUERY).rows()))
        counts = {str(r["kind"]): int(r["n"]) for r in rows}
    page = state.templates.get_template("home.html").render(
        project=state.project, manifest=manifest, counts=counts, title=state.project.name)
    return Response(page, media_type="text/html; charset=utf-8")


@router.get("/id/{kind}/{ref:path}")
async def thing(kind: str, ref: str, request: Request) -> Response:
    """A thing is not a document: send the client to the document about it."""
    return RedirectResponse(f"/doc/{kind}/{ref}", status_code=303, headers={"Vary": "Accept"})


@router.get("/doc/{kind}/{ref:path}")
async def document(kind: str, ref: str, request: Request) -> Response:
    state = request.app.state.cg
    media = None
    for extension, extension_media in EXTENSIONS.items():
        if ref.endswith(extension):
            ref, media = ref[: -len(extension)], extension_media
            break
    if media is None:
        media = choose(request.headers.get("accept"), PAGE_TYPES)
    if media is None:
        return Response(f"this document is available as: {supported(PAGE_TYPES)}\n", status_code=406,
                        media_type="text/plain; charset=utf-8", headers={"Vary": "Accept"})
    iri = state.project.iris.thing_for_path(kind, ref)
    languages = languages_of(request)
    entity = await run_in_threadpool(state.describer.describe, iri, languages=languages)
    headers = {"Vary": "Accept, Accept-Language", "Link": f'<{iri}>; rel="about"'}
    fmt = PAGE_TYPES[media]
    if fmt == "html":
        page = state.templates.get_template("entity.html").render(
            project=state.project, entity=entity, title=entity.label, path=f"/doc/{kind}/{ref}",
            languages=languages)
        return Response(page, media_type="text/html; charset=utf-8", headers=headers)
    body = entity.to_graph().serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8")
    return Response(body, media_type=media + ("; charset=utf-8" if media != "application/n-triples" else ""),
                    headers=headers)
