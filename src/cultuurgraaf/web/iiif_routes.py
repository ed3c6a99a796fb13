"""The things' pictures for image viewers: each thing's IIIF Presentation 3.0 manifest
(``/iiif/{kind}/{ref}/manifest``, made by :mod:`cultuurgraaf.entities.iiif`), a page that opens it
in Mirador, vendored in ``static/vendor/mirador/`` (``/iiif/{kind}/{ref}/viewer``), and the
collections that list every manifest (``/iiif/collectie``, :mod:`cultuurgraaf.entities.iiif_collection`)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..entities.iiif import LANGUAGES, MEDIA_TYPE, ManifestContext, check_kind, manifest
from ..entities.iiif_collection import COLLECTION_PATH
from .page_routes import describe_any, ref_candidates
from .rendering import render

router = APIRouter()

#: The viewer's page may run Mirador's styles (it writes them into the page as it draws) and ask
#: keepers' image servers for their info.json; everything else is as on every page.
VIEWER_POLICY = ("default-src 'self'; img-src 'self' https: http: data: blob:; script-src 'self'; "
                 "style-src 'self' 'unsafe-inline'; connect-src 'self' https:; object-src 'none'; "
                 "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _raw_ref(request: Request, kind: str, suffix: str) -> str:
    """The ref as the client sent it, still percent-encoded, between ``/iiif/{kind}/`` and the suffix."""
    raw = (request.scope.get("raw_path") or request.url.path.encode()).decode("latin-1").split("?", 1)[0]
    return raw.removeprefix(f"/iiif/{kind}/").removesuffix(suffix)


def _document(request: Request, kind: str, suffix: str) -> dict:
    state = request.app.state.cg
    check_kind(kind, {*state.search.kinds(), *state.labels.kind_classes})
    entity = describe_any(state, kind, ref_candidates(_raw_ref(request, kind, suffix)), LANGUAGES)
    labels = state.labels
    context = ManifestContext(
        url=_url(request), iris=state.project.iris, images=state.project.images,
        term_label=lambda iri, language: (labels.label(iri, (language,)), labels.language(iri, (language,))))
    return manifest(entity, context)


def _json(document: dict) -> Response:
    return Response(json.dumps(document, ensure_ascii=False, indent=1), media_type=MEDIA_TYPE,
                    headers={"X-Content-Type-Options": "nosniff"})


@router.api_route(COLLECTION_PATH, methods=["GET", "HEAD"])
async def iiif_collection(request: Request) -> Response:
    """Every IIIF manifest of the graph: a Presentation 3.0 Collection of collections, each of a thousand."""
    state = request.app.state.cg
    return _json(await run_in_threadpool(state.manifests.top, url=_url(request), name=state.project.name))


@router.api_route(COLLECTION_PATH + "/{number:int}", methods=["GET", "HEAD"])
async def iiif_collection_page(number: int, request: Request) -> Response:
    """One collection of manifests (a thousand, by the things' IRIs)."""
    return _json(await run_in_threadpool(request.app.state.cg.manifests.page, number, url=_url(request)))


def _url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.api_route("/iiif/{kind}/{ref:path}/manifest", methods=["GET", "HEAD"])
async def iiif_manifest(kind: str, ref: str, request: Request) -> Response:
    """The IIIF Presentation 3.0 manifest of a thing's pictures (404 for a thing without pictures)."""
    return _json(await run_in_threadpool(_document, request, kind, "/manifest"))


@router.api_route("/iiif/{kind}/{ref:path}/viewer", methods=["GET", "HEAD"])
async def iiif_viewer(kind: str, ref: str, request: Request) -> Response:
    """A thing's pictures in the IIIF viewer (Mirador), from its manifest on this server."""
    document = await run_in_threadpool(_document, request, kind, "/viewer")
    page = document["homepage"][0]["id"]
    return render(request, "iiif_viewer.html", title=page_title(document), manifest=document["id"],
                  page=page.removeprefix(_url(request)),
                  headers={"Content-Security-Policy": VIEWER_POLICY})


def page_title(document: dict) -> str:
    """The manifest's label in the first language it has."""
    return next(iter(document["label"].values()))[0]
