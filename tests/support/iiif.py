"""Checking IIIF Presentation 3.0 manifests: the JSON schema in tests/data/iiif (written from the
specification, see tests/data/README.md: no package on PyPI or npm ships one), and what a schema
cannot say: each painting annotation targets its own canvas, and no two resources share an id."""

from __future__ import annotations

import json
from functools import lru_cache

import jsonschema

from .paths import ROOT

SCHEMA = ROOT / "tests" / "data" / "iiif" / "presentation-3.schema.json"


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def manifest_problems(document: dict) -> list[str]:
    """What is wrong with a manifest (or a collection), one line each: every schema violation, then
    the cross-checks."""
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
                for e in sorted(validator().iter_errors(document), key=lambda e: list(e.absolute_path))]
    if problems or document["type"] == "Collection":
        return problems
    ids = [document["id"]]
    for canvas in document["items"]:
        ids.append(canvas["id"])
        for page in canvas["items"]:
            ids.append(page["id"])
            for annotation in page["items"]:
                ids.append(annotation["id"])
                if annotation["target"] != canvas["id"]:
                    problems.append(f"{annotation['id']}: targets {annotation['target']}, not its canvas")
    problems += [f"{i}: used {ids.count(i)} times" for i in sorted(set(ids)) if ids.count(i) > 1]
    return problems
