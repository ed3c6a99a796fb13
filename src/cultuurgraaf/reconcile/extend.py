"""Data extension: the values of some properties (the linking keys) of reconciled entities, for a
spreadsheet's new columns.

An identifier key gives the identifier as the key reads it (``Q5599``, ``24606226``, ``0207451227``),
the value to reconcile by again; any other key gives the values as the sources write them. A
thing's values are those of all its linked records (its group in the links graph).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..linking.lookup import key_values, members_of, source_graphs
from .requests import ExtendRequest

if TYPE_CHECKING:
    from .service import ReconciliationService


def extend(service: "ReconciliationService", request: ExtendRequest) -> dict:
    """``{"meta": [...], "rows": {id: {property: [{"str": value}, ...]}}}`` for the request."""
    keys = [service.key("extend", pid) for pid in dict.fromkeys(request.properties)]
    iris = {entity_id: service.entity_iri(entity_id) for entity_id in request.ids}
    store, scheme = service.store, service.project.iris
    members = members_of(store, scheme, sorted(set(iris.values())))
    every = sorted({m for ms in members.values() for m in ms})
    sources = source_graphs(store)
    rows: dict[str, dict[str, list[dict]]] = {}
    read = {key.name: key_values(store, key, every, sources=sources, iris=scheme) for key in keys}
    for entity_id, iri in iris.items():
        row = rows[entity_id] = {}
        for key in keys:
            pairs = [pair for m in members[iri] for pair in read[key.name].get(m, [])]
            texts = sorted({normal if key.identifier else raw for raw, normal in pairs})
            row[key.name] = [{"str": text} for text in texts]
    return {"meta": [{"id": key.name, "name": key.title or key.name} for key in keys], "rows": rows}
