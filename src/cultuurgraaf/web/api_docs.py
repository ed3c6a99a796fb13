"""The API's description: the OpenAPI document at /api/openapi.json and its reader at /api/docs.

FastAPI describes its own routes. /sparql and /graph-store are plain ASGI handlers (the endpoint
answers short queries without the framework's request objects: see :mod:`.sparql_routes`), so
their part of the document is written here by hand, from the same media-type tables the handlers
negotiate with. /api/docs is Swagger UI, vendored in ``static/vendor/swagger-ui/`` so that it
works offline, and set up by ``static/api-docs.js`` (the page's policy allows no inline script).
"""

from __future__ import annotations

import re
import warnings

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response

from .. import __version__
from .negotiation import GRAPH_TYPES, SOLUTION_TYPES
from .rendering import render
from .sparql_routes import FORM, GRAPH_BODY_TYPES, QUERY_BODY, TRUNCATED_HEADER, UPDATE_BODY

router = APIRouter()

DESCRIPTION = ("The graph as linked data: SPARQL 1.1 at `/sparql` (Protocol) and `/graph-store` (Graph Store "
               "Protocol), a page and RDF documents for every thing (`/id/...` answers 303 to `/doc/...`), lists, "
               "search and dumps. The documentation of the endpoint is docs/sparql.md in the repository.")
TEXT = {"text/plain": {"schema": {"type": "string"}}}
GRAPH_PARAMETERS = [
    {"name": name, "in": "query", "required": False, "explode": True,
     "schema": {"type": "array", "items": {"type": "string", "format": "iri"}}, "description": text}
    for name, text in (("default-graph-uri", "a graph of the default graph (replaces the union of all graphs)"),
                       ("named-graph-uri", "a named graph the query may see"))]
UPDATE_GRAPH_FIELDS = {name: {"type": "array", "items": {"type": "string", "format": "iri"}}
                       for name in ("using-graph-uri", "using-named-graph-uri")}
ERRORS = {
    "400": "a malformed query or update, or a parameter that is not right (the message says which, and where)",
    "401": "an update or a graph write without the bearer token",
    "403": "an update on a read-only endpoint or with a wrong token; SERVICE or LOAD to a host not allowed",
    "406": "no media type in Accept can carry the answer (the message lists those that can)",
    "413": "a request body larger than the server takes",
    "415": "a request body of a type the endpoint does not read (the message lists those it reads)",
    "429": "a client with as many queries running or waiting as one client may have (Retry-After)",
    "500": "a valid query that failed while running (the reason is in the body)",
    "503": ("always with Retry-After: the time or memory limit (no partial result), a query stopped when it turned "
            "long while the long slots were taken, a full waiting line, or a store that is being written"),
}


def _errors(*codes: str) -> dict:
    return {code: {"description": ERRORS[code], "content": TEXT} for code in codes}


def _types(table: dict[str, str]) -> dict:
    return {media: {} for media in table}


ANSWER = {"description": ("A SELECT or ASK answer (SPARQL results), or a CONSTRUCT or DESCRIBE graph. A result cut at "
                          f"`max_rows` says so in the header {TRUNCATED_HEADER} (and, in SPARQL JSON, in a "
                          "top-level `truncated` member)."),
          "headers": {TRUNCATED_HEADER: {"description": "the row limit the answer was cut at",
                                         "schema": {"type": "integer"}}},
          "content": {**_types(SOLUTION_TYPES), **_types(GRAPH_TYPES)}}
SPARQL_PATH = {
    "get": {
        "tags": ["SPARQL"], "summary": "Query (or, without a query, describe the service)",
        "description": ("With `query`: run it (SPARQL 1.1 Query) and answer in the type Accept asks for. Without: "
                        "the SPARQL service description, in a graph type. A browser (Accept: text/html) gets the "
                        "query page, which runs `query` when one is given."),
        "parameters": [{"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
                        "example": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"}, *GRAPH_PARAMETERS],
        "responses": {"200": {**ANSWER, "content": {**ANSWER["content"], "text/html": {}}},
                      **_errors("400", "406", "429", "500", "503")},
    },
    "post": {
        "tags": ["SPARQL"], "summary": "Query or update",
        "description": ("A query as a form field `query` or as an application/sparql-query body; an update (with "
                        "the bearer token configured as `[server] update_token`) as a form field `update` or an "
                        "application/sparql-update body. An update writes a new store generation and answers 204."),
        "parameters": GRAPH_PARAMETERS,
        "requestBody": {"required": True, "content": {
            FORM: {"schema": {"type": "object", "properties": {
                "query": {"type": "string"}, "update": {"type": "string"},
                "default-graph-uri": GRAPH_PARAMETERS[0]["schema"], "named-graph-uri": GRAPH_PARAMETERS[1]["schema"],
                **UPDATE_GRAPH_FIELDS}}},
            QUERY_BODY: {"schema": {"type": "string"}},
            UPDATE_BODY: {"schema": {"type": "string"}}}},
        "security": [{}, {"updateToken": []}],
        "responses": {"200": ANSWER, "204": {"description": "the update was applied"},
                      **_errors("400", "401", "403", "406", "413", "415", "429", "500", "503")},
    },
}
SPARQL_PATH["head"] = {**SPARQL_PATH["get"], "summary": "The headers of a query's answer"}
GRAPH_SELECTOR = [
    {"name": "graph", "in": "query", "required": False, "schema": {"type": "string", "format": "iri"},
     "description": "the named graph (give this or `default`)"},
    {"name": "default", "in": "query", "required": False, "allowEmptyValue": True, "schema": {"type": "string"},
     "description": "the store's own default graph (reading only)"}]
GRAPH_BODY = {"required": True, "content": {media: {"schema": {"type": "string"}} for media in GRAPH_BODY_TYPES}}
WRITE_ERRORS = _errors("400", "401", "403", "413", "415", "503")
GRAPH_STORE_PATH = {
    "get": {"tags": ["SPARQL"], "summary": "Read a graph (Graph Store Protocol)", "parameters": GRAPH_SELECTOR,
            "responses": {"200": {"description": "the graph", "content": _types(GRAPH_TYPES)},
                          "404": {"description": "the store has no such graph", "content": TEXT},
                          **_errors("400", "406", "503")}},
    "put": {"tags": ["SPARQL"], "summary": "Replace a named graph", "parameters": GRAPH_SELECTOR[:1],
            "requestBody": GRAPH_BODY, "security": [{"updateToken": []}],
            "responses": {"201": {"description": "the graph was made"}, "204": {"description": "the graph was replaced"},
                          **WRITE_ERRORS}},
    "post": {"tags": ["SPARQL"], "summary": "Add triples to a named graph", "parameters": GRAPH_SELECTOR[:1],
             "requestBody": GRAPH_BODY, "security": [{"updateToken": []}],
             "responses": {"204": {"description": "the triples were added"}, **WRITE_ERRORS}},
    "delete": {"tags": ["SPARQL"], "summary": "Delete a named graph", "parameters": GRAPH_SELECTOR[:1],
               "security": [{"updateToken": []}],
               "responses": {"204": {"description": "the graph was deleted"},
                             "404": {"description": "the store has no such graph", "content": TEXT}, **WRITE_ERRORS}},
}
GRAPH_STORE_PATH["head"] = {**GRAPH_STORE_PATH["get"], "summary": "The headers of a graph's answer"}


def openapi_document(app: FastAPI) -> dict:
    """The OpenAPI document of the app: the routes FastAPI knows, and the two endpoints it does not."""
    if app.openapi_schema is None:
        with warnings.catch_warnings():  # a GET-and-HEAD route gets one id for both: made unique below
            warnings.filterwarnings("ignore", message="Duplicate Operation ID")
            document = get_openapi(title=app.title, version=__version__, description=DESCRIPTION, routes=app.routes)
        for operations in document["paths"].values():
            for method, operation in operations.items():
                operation["operationId"] = re.sub(r"_[a-z]+$", f"_{method}", operation["operationId"])
        document["paths"] = {"/sparql": SPARQL_PATH, "/graph-store": GRAPH_STORE_PATH, **document["paths"]}
        document.setdefault("components", {})["securitySchemes"] = {"updateToken": {
            "type": "http", "scheme": "bearer", "description": "the endpoint's update token ([server] update_token)"}}
        app.openapi_schema = document
    return app.openapi_schema


@router.get("/api/docs", include_in_schema=False)
async def api_docs(request: Request) -> Response:
    """Swagger UI over /api/openapi.json, from this site only."""
    return render(request, "api_docs.html", title="API")
