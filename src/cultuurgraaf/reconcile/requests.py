"""Reading what a reconciliation client sends: a batch of queries (``queries=``) and a data
extension request (``extend=``), checked, with errors that name the query and the field.

>>> [q.text for q in read_queries('{"q0": {"query": "Rubens", "type": "persoon"}}')]
['Rubens']
>>> read_queries('{"q0": {"query": "x", "properties": [{"pid": "viaf", "v": [24606226, {"id": "1"}]}]}}')[0].properties
(PropertyValue(pid='viaf', values=('24606226', '1')),)
>>> read_queries('{"q0": {"limit": 3}}')
Traceback (most recent call last):
...
cultuurgraaf.errors.ReconcileError: query 'q0': give a name ("query") or properties ("properties") to reconcile by
  hint: for example queries={"q0": {"query": "Henry van de Velde", "type": "persoon"}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..errors import ReconcileError, excerpt

#: candidates per query when the client does not say (``limit``), and the most it may ask for
DEFAULT_LIMIT = 5
MOST = 50
#: the most queries one request may hold (OpenRefine sends ten at a time)
MOST_QUERIES = 100
EXAMPLE_QUERY = 'queries={"q0": {"query": "Henry van de Velde", "type": "persoon"}}'
EXAMPLE_EXTEND = 'extend={"ids": ["persoon/PER0013"], "properties": [{"id": "wikidata"}]}'


@dataclass(frozen=True)
class PropertyValue:
    """A property of a row (``pid``) and the values the row gives it, as text."""

    pid: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    key: str
    text: str
    types: tuple[str, ...] = ()
    limit: int = DEFAULT_LIMIT
    properties: tuple[PropertyValue, ...] = ()


@dataclass(frozen=True)
class ExtendRequest:
    ids: tuple[str, ...]
    properties: tuple[str, ...]


def read_queries(text: str) -> list[Query]:
    """The queries of a batch (``{"q0": {...}, "q1": {...}}``)."""
    batch = _json(text, "queries", EXAMPLE_QUERY)
    if not isinstance(batch, dict):
        raise ReconcileError("queries must be a JSON object of queries by key", hint=f"for example {EXAMPLE_QUERY}")
    if len(batch) > MOST_QUERIES:
        raise ReconcileError(f"{len(batch)} queries in one request; send at most {MOST_QUERIES} at a time",
                             hint="OpenRefine sends ten at a time")
    return [_query(key, body) for key, body in batch.items()]


def read_extend(text: str) -> ExtendRequest:
    """A data extension request (``{"ids": [...], "properties": [{"id": ...}, ...]}``)."""
    body = _json(text, "extend", EXAMPLE_EXTEND)
    if not isinstance(body, dict):
        raise ReconcileError("extend must be a JSON object with ids and properties", hint=f"for example {EXAMPLE_EXTEND}")
    ids, properties = body.get("ids"), body.get("properties")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ReconcileError("extend: ids must be a list of entity ids (strings)", hint=f"for example {EXAMPLE_EXTEND}")
    if not isinstance(properties, list) or not all(isinstance(p, dict) and isinstance(p.get("id"), str)
                                                   for p in properties):
        raise ReconcileError('extend: properties must be a list of {"id": ...}', hint=f"for example {EXAMPLE_EXTEND}")
    return ExtendRequest(tuple(ids), tuple(p["id"] for p in properties))


def _json(text: str, name: str, example: str):
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ReconcileError(f"{name} is not JSON ({exc}): {excerpt(text)!r}", hint=f"for example {example}") from None


def _query(key: str, body) -> Query:
    where = f"query {key!r}"
    if not isinstance(body, dict):
        raise ReconcileError(f"{where}: a query is a JSON object", hint=f"for example {EXAMPLE_QUERY}")
    text = body.get("query", "")
    if not isinstance(text, str):
        raise ReconcileError(f"{where}: \"query\" must be a string, the name to look for")
    types = body.get("type", ())
    types = (types,) if isinstance(types, str) else types
    if not isinstance(types, (list, tuple)) or not all(isinstance(t, str) for t in types):
        raise ReconcileError(f"{where}: \"type\" must be a type id or a list of them")
    limit = body.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit < 1:
        raise ReconcileError(f"{where}: \"limit\" must be a number of candidates, 1 or more")
    properties = body.get("properties", [])
    if not isinstance(properties, list):
        raise ReconcileError(f"{where}: \"properties\" must be a list of {{\"pid\": ..., \"v\": ...}}")
    values = tuple(_property(where, p) for p in properties)
    if not text.strip() and not any(p.values for p in values):
        raise ReconcileError(f'{where}: give a name ("query") or properties ("properties") to reconcile by',
                             hint=f"for example {EXAMPLE_QUERY}")
    return Query(key, text, tuple(t for t in types if t), min(int(limit), MOST), values)


def _property(where: str, body) -> PropertyValue:
    if not isinstance(body, dict) or not isinstance(body.get("pid"), str) or "v" not in body:
        raise ReconcileError(f'{where}: a property is {{"pid": "viaf", "v": "24606226"}}, not {excerpt(json.dumps(body))}')
    raw = body["v"] if isinstance(body["v"], list) else [body["v"]]
    values = []
    for value in raw:
        if isinstance(value, dict):
            value = value.get("id") or value.get("name")
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            raise ReconcileError(f"{where}: property {body['pid']!r} has a value that is no text, number or entity")
        text = str(value).strip()
        if text:
            values.append(text)
    return PropertyValue(body["pid"], tuple(values))
