"""A client of the reconciliation service that checks every answer against the schema of the
Reconciliation API 0.2 its endpoint must meet (tests/data/reconciliation/schemas, written from the
specification; see tests/data/README.md).

It takes any client with ``get`` and ``post`` (an in-process TestClient, or an ``httpx.Client`` of a
real server), and sends what OpenRefine sends: queries and extensions as a form POST.
"""

from __future__ import annotations

import json
from functools import lru_cache

import jsonschema

from .paths import ROOT

SCHEMAS = ROOT / "tests" / "data" / "reconciliation" / "schemas"


@lru_cache(maxsize=None)
def validator(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def valid(body, name: str):
    """``body``, after checking it against the schema ``name``; every violation is listed."""
    errors = sorted(validator(name).iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not errors, f"{name}: " + "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    return body


class ReconcileClient:
    """The service's endpoints, each answer checked (status 200, JSON, its schema)."""

    def __init__(self, client, prefix: str = ""):
        self.client = client
        self.prefix = prefix

    def _json(self, response, schema: str):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/json"), response.headers["content-type"]
        return valid(response.json(), schema)

    def manifest(self) -> dict:
        return self._json(self.client.get(self.prefix + "/reconcile"), "manifest.json")

    def reconcile(self, queries: dict) -> dict:
        return self._json(self.client.post(self.prefix + "/reconcile", data={"queries": json.dumps(queries)}),
                          "reconciliation-result-batch.json")

    def extend(self, ids: list[str], properties: list[str]) -> dict:
        body = {"ids": ids, "properties": [{"id": p} for p in properties]}
        return self._json(self.client.post(self.prefix + "/reconcile", data={"extend": json.dumps(body)}),
                          "data-extension-response.json")

    def suggest(self, what: str, prefix: str, **params) -> dict:
        schema = {"entity": "suggest-entities-response.json", "type": "suggest-types-response.json",
                  "property": "suggest-properties-response.json"}[what]
        return self._json(self.client.get(f"{self.prefix}/reconcile/suggest/{what}",
                                          params={"prefix": prefix, **params}), schema)

    def propose(self, **params) -> dict:
        return self._json(self.client.get(self.prefix + "/reconcile/properties", params=params),
                          "propose-properties-response.json")
