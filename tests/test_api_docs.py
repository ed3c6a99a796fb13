"""The API's description: /api/openapi.json names every route the server answers, /sparql and
/graph-store included, and /api/docs reads it with the vendored Swagger UI, asking no other host;
and the files scripts/vendor-npm.sh vendored are the ones its VERSION files name. In headless
Chromium, /api/docs shows every path and passes axe-core: tests/test_accessibility.py, which loads
the page once for both."""

from __future__ import annotations

import hashlib
import re

import pytest
from starlette.routing import Mount

from cultuurgraaf.web.negotiation import GRAPH_TYPES, SOLUTION_TYPES
from support.paths import ROOT

SWAGGER = ROOT / "src" / "cultuurgraaf" / "web" / "static" / "vendor" / "swagger-ui"
AXE = ROOT / "tests" / "support" / "vendor" / "axe-core"
MIRADOR = ROOT / "src" / "cultuurgraaf" / "web" / "static" / "vendor" / "mirador"
#: Routes that are no part of the API: the description itself, its reader, and the static files.
NOT_THE_API = {"/api/openapi.json", "/api/docs", "/static"}


def served_routes(routes):
    """(path, methods) of every route the app answers, through the routers it includes."""
    for route in routes:
        inner = getattr(route, "routes", None) if not isinstance(route, Mount) else None
        inner = inner or getattr(getattr(route, "original_router", None), "routes", None)
        if inner:
            yield from served_routes(inner)
        elif getattr(route, "path", None) is not None:
            yield route.path, set(getattr(route, "methods", None) or ())


def test_every_route_is_in_the_openapi_document(demo_app, client):
    document = client.get("/api/openapi.json").json()
    served = list(served_routes(demo_app.routes))
    assert {"/sparql", "/graph-store", "/api/labels", "/doc/{kind}/{ref:path}"} <= {path for path, _ in served}
    missing = []
    for path, methods in served:
        if path in NOT_THE_API:
            continue
        # the document writes {name} where a route converts it ({seq:int}, {ref:path})
        described = {method.upper() for method in document["paths"].get(re.sub(r"\{(\w+):\w+\}", r"{\1}", path), {})}
        missing += [f"{method} {path}" for method in sorted(methods - {"HEAD"} - described)]
    assert missing == [], "routes the API documentation leaves out"


def test_the_sparql_endpoint_is_described_with_every_type_it_answers(client):
    document = client.get("/api/openapi.json").json()
    sparql = document["paths"]["/sparql"]
    assert set(sparql) == {"get", "post", "head"}
    answers = sparql["get"]["responses"]["200"]["content"]
    assert set(SOLUTION_TYPES) | set(GRAPH_TYPES) | {"text/html"} <= set(answers)
    bodies = sparql["post"]["requestBody"]["content"]
    assert {"application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update"} <= set(bodies)
    assert "updateToken" in document["components"]["securitySchemes"]
    ids = [op["operationId"] for ops in document["paths"].values() for op in ops.values() if "operationId" in op]
    assert len(ids) == len(set(ids)), "operation ids are unique"


def test_api_docs_is_served_from_this_site_only(client):
    page = client.get("/api/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert [a for a in assets if re.match(r"(https?:)?//", a)] == []
    for asset in ("/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/vendor/swagger-ui/swagger-ui.css",
                  "/static/api-docs.js"):
        assert asset in assets
        assert client.get(asset).status_code == 200, asset
    assert "script-src 'self'" in page.headers["content-security-policy"]


@pytest.mark.parametrize("folder", [SWAGGER, AXE, MIRADOR], ids=lambda folder: folder.name)
def test_vendored_files_match_their_version_file(folder):
    """The VERSION file scripts/vendor-npm.sh writes names the sha256 of every file it copied."""
    listed = dict(reversed(line.split()[1:3]) for line in (folder / "VERSION").read_text().splitlines()
                  if line.strip().startswith("sha256 "))
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "VERSION"}
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
