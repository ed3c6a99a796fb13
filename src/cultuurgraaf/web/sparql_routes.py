"""The SPARQL 1.1 Protocol endpoint at /sparql, and the query page for browsers."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..errors import QueryError
from ..sparql import Dataset, query_form, run_query
from ..vocab import PREFIXES
from .negotiation import GRAPH_TYPES, SOLUTION_TYPES, choose, supported

router = APIRouter()


async def _query_parameters(request: Request) -> tuple[str | None, Dataset]:
    params = request.query_params
    query = params.get("query")
    default = params.getlist("default-graph-uri")
    named = params.getlist("named-graph-uri")
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/x-www-form-urlencoded":
            fields = parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True)
            query = next((v for k, v in fields if k == "query"), None)
            default += [v for k, v in fields if k == "default-graph-uri"]
            named += [v for k, v in fields if k == "named-graph-uri"]
        elif content_type == "application/sparql-query":
            query = (await request.body()).decode("utf-8")
        else:
            raise UnsupportedMedia(content_type)
    return query, Dataset(tuple(default), tuple(named))


class UnsupportedMedia(QueryError):
    def __init__(self, content_type: str):
        super().__init__(f"cannot read a request body of type '{content_type or 'none'}'; send "
                         "application/x-www-form-urlencoded or application/sparql-query")


@router.api_route("/sparql", methods=["GET", "POST"])
async def sparql(request: Request) -> Response:
    state = request.app.state.cg
    try:
        query, dataset = await _query_parameters(request)
    except UnsupportedMedia as exc:
        return Response(str(exc) + "\n", status_code=415, media_type="text/plain; charset=utf-8")
    accept = request.headers.get("accept", "*/*")
    if request.method == "GET" and _wants_page(accept):
        return query_page(request)
    if query is None:
        raise QueryError("no query given: send ?query=... or POST a query")
    form = query_form(query)
    table = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else SOLUTION_TYPES
    media = choose(accept, table)
    if media is None:
        return Response(f"cannot answer in {accept}; this query can be answered as: {supported(table)}\n",
                        status_code=406, media_type="text/plain; charset=utf-8", headers={"Vary": "Accept"})
    # Query and serialisation in one worker call: a pyoxigraph result must not cross threads.
    body = await run_in_threadpool(lambda: run_query(state.store, query, dataset=dataset).serialize(table[media]))
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else ""
    return Response(body, media_type=media + charset, headers={"Vary": "Accept"})


def _wants_page(accept: str) -> bool:
    """A browser asking for a page (a permalink ``/sparql?query=...`` opens the query page)."""
    return choose(accept, {**SOLUTION_TYPES, "text/html": "html"}) == "text/html"


def examples(queries_dir: Path) -> list[dict]:
    """The example queries of ``queries/``: each .rq file starts with '# title:' and '# description:'."""
    out = []
    for path in sorted(queries_dir.glob("*.rq")) if queries_dir.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        meta = {}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            key, _, value = line[1:].partition(":")
            meta[key.strip().lower()] = value.strip()
        out.append({"name": path.stem, "title": meta.get("title", path.stem),
                    "description": meta.get("description", ""), "query": text})
    return out


def query_page(request: Request) -> Response:
    state = request.app.state.cg
    project = state.project
    candidates = [project.root / "queries", project.root.parent.parent / "queries"]
    queries_dir = next((p for p in candidates if p.is_dir()), candidates[0])
    config = {"endpoint": "/sparql", "prefixes": PREFIXES, "examples": examples(queries_dir),
              "entityBase": project.base_iri + "/id/", "pagesBase": "/doc/"}
    page = state.templates.get_template("query.html").render(
        project=project, title="SPARQL", config_json=json.dumps(config, ensure_ascii=False).replace("</", "<\\/"),
        examples=config["examples"])
    return Response(page, media_type="text/html; charset=utf-8")
