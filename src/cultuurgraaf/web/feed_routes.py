"""The doors for systems that follow the graph: each source's event stream (/ldes/...) and the OAI-PMH
provider (/oai). The documents come from feeds/; here they are negotiated and given their cache
lifetimes. Addresses in the stream documents are this server's, as the request reached it."""

from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..feeds.ldes import FeedDocument
from ..store.results import rewrite_ntriples
from ..vocab import AS, DCAT, DCT, LDES, PREFIXES, PROV, RDF, RDFS, SH, TREE, XSD
from .errors import NotAcceptable
from .negotiation import choose

router = APIRouter()

#: Stream documents: media type -> RDF format. The first is the default.
FEED_TYPES: dict[str, str] = {"text/turtle": "turtle", "application/n-triples": "ntriples",
                              "application/ld+json": "jsonld", "text/plain": "ntriples"}
FEED_PREFIXES = {**PREFIXES, **{ns.prefix: ns.iri for ns in (AS, DCAT, DCT, LDES, PROV, RDF, RDFS, SH, TREE, XSD)}}


def _answer(request: Request, document: FeedDocument) -> Response:
    media = choose(request.headers.get("accept"), FEED_TYPES)
    if media is None:
        raise NotAcceptable(request.headers.get("accept", ""), FEED_TYPES)
    used = {prefix: iri for prefix, iri in FEED_PREFIXES.items() if f"<{iri}" in document.ntriples}
    body = rewrite_ntriples(document.ntriples, FEED_TYPES[media], prefixes=used)
    cache = f"public, max-age={document.max_age}" + (", immutable" if document.immutable else "")
    charset = "" if media == "application/n-triples" else "; charset=utf-8"
    return Response(body, media_type=media + charset, headers={"Cache-Control": cache, "Vary": "Accept"})


def _url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.api_route("/ldes/{source}", methods=["GET", "HEAD"])
async def stream(source: str, request: Request) -> Response:
    streams = request.app.state.cg.streams
    return _answer(request, await run_in_threadpool(streams.stream, source, url=_url(request)))


@router.api_route("/ldes/{source}/vorm", methods=["GET", "HEAD"])
async def shape(source: str, request: Request) -> Response:
    streams = request.app.state.cg.streams
    return _answer(request, await run_in_threadpool(streams.shape, source, url=_url(request)))


@router.api_route("/ldes/{source}/versie/{seq:int}", methods=["GET", "HEAD"])
async def version(source: str, seq: int, request: Request) -> Response:
    streams = request.app.state.cg.streams
    return _answer(request, await run_in_threadpool(streams.version, source, seq))


@router.api_route("/ldes/{source}/{number:int}", methods=["GET", "HEAD"])
async def fragment(source: str, number: int, request: Request) -> Response:
    streams = request.app.state.cg.streams
    return _answer(request, await run_in_threadpool(streams.page, source, number, url=_url(request)))


@router.api_route("/oai", methods=["GET", "HEAD", "POST"])
async def oai(request: Request) -> Response:
    """The OAI-PMH provider: arguments in the query string, or in a form body (POST)."""
    arguments = list(request.query_params.multi_items())
    if request.method == "POST":
        body = (await request.body()).decode("utf-8", errors="replace")
        arguments = parse_qsl(body, keep_blank_values=True)
    base_url = f"{_url(request)}/oai"
    body = await run_in_threadpool(request.app.state.cg.oai.answer, arguments, base_url=base_url)
    return Response(body, media_type="text/xml; charset=utf-8")
