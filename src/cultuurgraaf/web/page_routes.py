"""Entity URIs and pages: /id/... answers 303 to /doc/..., which serves HTML or RDF; and the home page.

Links are host-relative, so the configured base IRI (``https://data.cultuurgraaf.be``) is served
from whatever host runs the server: ``/doc/organisatie/ORG0001`` on 127.0.0.1:8000 describes
``https://data.cultuurgraaf.be/id/organisatie/ORG0001``.
"""

from __future__ import annotations

from urllib.parse import unquote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..catalogue import OVERVIEW_KINDS
from ..catalogue.completeness import of_source, table
from ..entities import MAP_KINDS, map_of
from ..entities.schema_org import schema_org
from ..errors import HeldBack, NotFound
from ..mapping.terms import iri_safe
from ..store.reports import current_reports
from .errors import NotAcceptable
from ..entities.pictures import IMAGE_HEADERS, IMAGE_TYPES, image_file
from .negotiation import EXTENSIONS, PAGE_TYPES, choose, supported
from .rendering import languages_of, render, script_json

router = APIRouter()

#: Entity document formats: negotiated format -> (store writer, file extension, name shown).
RDF_FORMATS = {"turtle": ("turtle", ".ttl", "Turtle"), "jsonld": ("jsonld", ".jsonld", "JSON-LD"),
               "ntriples": ("ntriples", ".nt", "N-Triples"), "rdfxml": ("rdfxml", ".rdf", "RDF/XML")}
MEDIA_OF = {fmt: next(m for m, f in PAGE_TYPES.items() if f == fmt) for fmt in RDF_FORMATS}
#: The kinds shown in the menus, in this order (others, such as productions, are parts of pages).
LISTED_KINDS = ("erfgoedobject", "organisatie", "persoon", "locatie", "activiteit", "concept")


@router.api_route("/", methods=["GET", "HEAD"])
async def home(request: Request) -> Response:
    state = request.app.state.cg
    languages = languages_of(request)
    sources = await run_in_threadpool(state.describer.catalogue.sources)
    kinds = await run_in_threadpool(state.search.kinds)
    streams = await run_in_threadpool(state.streams.names)
    meta = sources.get(state.project.iris.meta_graph)
    generation, reports = await run_in_threadpool(current_reports, state.store)
    return render(request, "home.html", title=state.project.name,
                  sources=[s for g, s in sources.items() if g != state.project.iris.meta_graph],
                  catalogue=meta.dataset_href if meta else None, streams=streams,
                  reports={name: f"/rapporten/{generation}/{name}.html" for name in reports},
                  kinds=[(k, state.labels.kind_label(k, languages), kinds[k]) for k in LISTED_KINDS if k in kinds])


def raw_ref(request: Request, kind: str) -> str:
    """The ref as the client sent it, still percent-encoded (``LH%2F00005`` must not become ``LH/00005``)."""
    raw = (request.scope.get("raw_path") or request.url.path.encode()).decode("latin-1").split("?", 1)[0]
    for prefix in (f"/id/{kind}/", f"/doc/{kind}/"):
        if raw.startswith(prefix):
            return raw[len(prefix):]
    return request.path_params["ref"]


def ref_candidates(ref: str) -> list[str]:
    """The forms a ref may have in the graph, canonical first: IRI-safe as the mappings mint it
    (``Th%C3%A9i%C3%A8re`` -> ``Théière``, ``FH 0079`` -> ``FH%200079``), then as sent.

    >>> ref_candidates("LH%2F00005")
    ['LH%2F00005']
    >>> ref_candidates("Th%c3%a9i%c3%a8re")
    ['Théière', 'Th%c3%a9i%c3%a8re']
    """
    return list(dict.fromkeys([iri_safe(unquote(ref)), ref]))


@router.api_route("/id/{kind}/{ref:path}", methods=["GET", "HEAD"])
async def thing(kind: str, ref: str, request: Request) -> Response:
    """A thing is not a document: send the client to the document about it."""
    return RedirectResponse(f"/doc/{kind}/{raw_ref(request, kind)}", status_code=303, headers={"Vary": "Accept"})


@router.api_route("/doc/{kind}/{ref:path}", methods=["GET", "HEAD"])
async def document(kind: str, ref: str, request: Request) -> Response:
    """The document about a thing, as HTML or RDF: by extension (.ttl, .jsonld, .nt, .rdf) or by Accept."""
    state = request.app.state.cg
    ref = raw_ref(request, kind)
    media, negotiated = None, True
    for extension, extension_media in EXTENSIONS.items():
        if ref.endswith(extension):
            ref, media, negotiated = ref[: -len(extension)], extension_media, False
            break
    if media is None:
        media = choose(request.headers.get("accept"), PAGE_TYPES)
    if media is None:
        accept = request.headers.get("accept", "")
        raise NotAcceptable(accept, PAGE_TYPES, message=f"this document is not available as {accept or 'nothing'}; "
                                                        f"it is available as: {supported(PAGE_TYPES)}")
    languages = languages_of(request)
    entity = await run_in_threadpool(describe_any, state, kind, ref_candidates(ref), languages)
    ref = ref_candidates(ref)[0]
    path = f"/doc/{kind}/{ref}"
    iri = entity.iri
    headers = {"Vary": "Accept, Accept-Language", "Link": ", ".join(
        [f'<{iri}>; rel="about"'] + [f'<{path}{ext}>; rel="alternate"; type="{MEDIA_OF[fmt]}"'
                                     for fmt, (_, ext, _) in RDF_FORMATS.items()])}
    fmt = PAGE_TYPES[media]
    if fmt == "html":
        if negotiated:
            headers["Content-Location"] = path
        formats = [(name, f"{path}{ext}", MEDIA_OF[f]) for f, (_, ext, name) in RDF_FORMATS.items()]
        report = await run_in_threadpool(dataset_report, state.store, kind, ref)
        figures = await run_in_threadpool(of_source, state.store, ref) if kind == "dataset" else None
        completeness = [(c, state.labels.label(c.cls, languages),
                         [(row, state.labels.label(row.path, languages)) for row in c.rows])
                        for c in table(*figures)] if figures else None
        overview = (await run_in_threadpool(state.overviews.overview, iri, languages=languages)
                    if kind in OVERVIEW_KINDS else None)
        described = script_json(schema_org(entity, base=state.project.iris.base))
        if overview is not None:
            return render(request, "dataset.html", headers=headers, overview=overview, entity=entity,
                          schema_org=described,
                          title=overview.title, path=path, formats=formats, report=report,
                          completeness=completeness,
                          completeness_json=f"/volledigheid/{ref}.json" if figures else None)
        places = (await run_in_threadpool(map_of, state.store, state.project.iris, [(iri, entity.label)])
                  if kind in MAP_KINDS else None)
        map_json = script_json(places.to_geojson()) if places and places.markers else None
        return render(request, "entity.html", headers=headers, entity=entity, title=entity.label, path=path,
                      map_json=map_json, schema_org=described, formats=formats, report=report, completeness=completeness,
                      completeness_json=f"/volledigheid/{ref}.json" if figures else None,
                      kind_label=state.labels.kind_label(kind, languages) if entity.kind else None,
                      list_kind=kind if kind in LISTED_KINDS else None,
                      iiif=f"/iiif/{kind}/{ref}" if entity.manifest else None)
    serializer, extension, _ = RDF_FORMATS[fmt]
    if negotiated:
        headers["Content-Location"] = f"{path}{extension}"
    body = await run_in_threadpool(entity.to_rdf, serializer)
    charset = "" if media == "application/n-triples" else "; charset=utf-8"
    return Response(body, media_type=media + charset, headers={**headers, "X-Content-Type-Options": "nosniff"})


def dataset_report(store, kind: str, ref: str) -> str | None:
    """The validation report of the current build for a source's dataset page (``/doc/dataset/objecten``)."""
    if kind != "dataset":
        return None
    generation, names = current_reports(store)
    return f"/rapporten/{generation}/{ref}.html" if ref in names else None


def describe_any(state, kind: str, refs: list[str], languages: tuple[str, ...]):
    """The entity for the first form of the ref the graph knows."""
    for ref in refs[:-1]:
        try:
            return state.describer.describe(state.project.iris.thing_for_path(kind, ref), languages=languages)
        except HeldBack:
            raise
        except NotFound:
            continue
    return state.describer.describe(state.project.iris.thing_for_path(kind, refs[-1]), languages=languages)


@router.api_route("/beelden/{name:path}", methods=["GET", "HEAD"])
async def picture(name: str, request: Request) -> FileResponse:
    """One of the project's own pictures (``images`` in the project file): the things of the data
    pictured at ``{base}/beelden/...``."""
    path = image_file(request.app.state.cg.project.images, name)
    return FileResponse(path, media_type=IMAGE_TYPES[path.suffix.lower()], headers=IMAGE_HEADERS)
