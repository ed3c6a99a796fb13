"""The reconciliation service of one project's graph: the W3C Reconciliation API, version 0.2 (the
one OpenRefine speaks), over the search index and the linking keys the rest of the project uses.

* **entities** are the graph's things, by the part of their IRI after ``{base}/id/``
  (``persoon/PER0013``; the manifest's ``identifierSpace`` is ``{base}/id/``);
* **types** are the kinds of thing the lists show (``persoon``, ``organisatie``, ``erfgoedobject``,
  ``locatie``, ``activiteit``, ``concept``);
* **properties** are the project's linking keys (docs/linking.md): the identifier keys
  (``wikidata``, ``viaf``, ``rkd``, ``ulan``, ``kbo``, ``isil``, ``uitdatabank``, ...), whose value
  names one thing, and the others (``naam``, ``website``, ``postcode``).

Candidates by name come from the search index, candidates by authority id from the keys read in the
source graphs; linked records count as one thing, the canonical one of their group. How candidates
are scored and when one is a match: :mod:`.scoring`. Data extension: :mod:`.extend`.
"""

from __future__ import annotations

import re

from .. import __version__
from ..config import Project
from ..errors import NotFound, ReconcileError
from ..iris import iri_problem
from ..labels import DEFAULT_LANGUAGES, Labels
from ..linking.keys import KeySpec
from ..search import Hit, SearchIndex
from ..vocab import CG
from .matching import candidates
from .requests import DEFAULT_LIMIT, MOST, Query

#: the kinds of thing a spreadsheet names, the types of the service (those the graph has)
KINDS = ("persoon", "organisatie", "actor", "locatie", "erfgoedobject", "activiteit", "concept")
#: an entity id: a kind, then a ref (which the IRIs the project mints never write with a slash)
ENTITY_ID = re.compile(r"[a-z][a-z0-9_-]*/[^/]+")
#: the size of the preview OpenRefine shows in a frame, in pixels
PREVIEW_SIZE = (400, 140)
#: the deepest a client may page into suggestions
DEEPEST_CURSOR = 1000


class ReconciliationService:
    """The answers of the API, as JSON-ready dicts, for one project's store and search index."""

    def __init__(self, project: Project, store, search: SearchIndex, labels: Labels):
        self.project = project
        self.store = store
        self.search = search
        self.labels = labels
        self.space = project.iris.base + "/id/"

    # entities, types, properties ----------------------------------------------------------
    def entity_id(self, iri: str) -> str:
        """``{base}/id/persoon/PER0013`` -> ``persoon/PER0013``."""
        return iri[len(self.space):] if iri.startswith(self.space) else iri

    def entity_iri(self, entity_id: str) -> str:
        """The IRI of an entity id (or of a whole IRI under ``{base}/id/``); ReconcileError otherwise."""
        iri = entity_id if entity_id.startswith(self.space) else self.space + entity_id
        if not ENTITY_ID.fullmatch(iri[len(self.space):]) or iri_problem(iri) is not None:
            raise ReconcileError(f"{entity_id!r} is not an entity id of this service",
                                 hint=f"entity ids are kind/ref, such as persoon/PER0013 (the IRI after {self.space})")
        return iri

    def types(self, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> list[dict]:
        present = self.search.kinds()
        return [{"id": kind, "name": self.labels.kind_label(kind, languages)} for kind in KINDS if kind in present]

    def kinds_of(self, query_key: str, types: tuple[str, ...]) -> tuple[str, ...]:
        """The kinds a query's types name (all listed kinds when it names none)."""
        known = [t["id"] for t in self.types()]
        for name in types:
            if name.removeprefix(CG.iri) not in known:
                raise ReconcileError(f"query {query_key!r}: there is no type {name!r} in this graph",
                                     hint=f"types: {', '.join(known)}")
        return tuple(name.removeprefix(CG.iri) for name in types) or tuple(known)

    def properties(self) -> list[dict]:
        """The keys as properties: identifiers first, each group by name."""
        keys = sorted(self.project.keys.values(), key=lambda k: (not k.identifier, k.name))
        return [{"id": key.name, "name": key.title or key.name,
                 "description": "identifier: the value names one thing" if key.identifier else "compared, normalised"}
                for key in keys]

    def key(self, query_key: str, pid: str) -> KeySpec:
        key = self.project.keys.get(pid)
        if key is None:
            raise ReconcileError(f"query {query_key!r}: there is no property {pid!r}",
                                 hint=f"properties: {', '.join(sorted(self.project.keys))} (the linking keys, "
                                      "docs/linking.md)")
        return key

    # the API ------------------------------------------------------------------------------
    def manifest(self, url: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> dict:
        """The service manifest; ``url`` is where the server is reached (no trailing slash)."""
        width, height = PREVIEW_SIZE

        def service(path: str) -> dict:
            return {"service_url": url, "service_path": path}

        return {
            "versions": ["0.1", "0.2"],
            "name": f"{self.project.name} (cultuurgraaf)",
            "identifierSpace": self.space,
            "schemaSpace": CG.iri,
            "serviceVersion": __version__,
            "view": {"url": url + "/id/{{id}}"},
            "preview": {"url": url + "/reconcile/preview?id={{id}}", "width": width, "height": height},
            "suggest": {"entity": service("/reconcile/suggest/entity"), "type": service("/reconcile/suggest/type"),
                        "property": service("/reconcile/suggest/property")},
            "extend": {"propose_properties": service("/reconcile/properties"), "property_settings": []},
            "defaultTypes": self.types(languages),
        }

    def reconcile(self, queries: list[Query], languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> dict:
        """The candidates of every query of a batch, best first."""
        return {query.key: {"result": candidates(self, query, languages)} for query in queries}

    def suggest_entities(self, prefix: str, *, types: tuple[str, ...] = (), cursor: int = 0,
                         languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> dict:
        """Things whose names start with (or hold) what was typed, for auto-completion."""
        kinds = self.kinds_of("suggest", types)
        cursor = min(max(0, cursor), DEEPEST_CURSOR)
        hits: list[Hit] = []
        for kind in kinds if types else (None,):
            found = self.search.search(prefix, kind=kind, per_page=cursor + DEFAULT_LIMIT * 2, languages=languages)
            hits += [h for h in found.hits if h.kind in kinds]
        return {"result": [self.entity(h, languages) for h in hits[cursor:cursor + DEFAULT_LIMIT * 2]]}

    def suggest_types(self, prefix: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> dict:
        return {"result": _starting(self.types(languages), prefix)}

    def suggest_properties(self, prefix: str) -> dict:
        return {"result": _starting(self.properties(), prefix)}

    def propose_properties(self, type_name: str | None, limit: int | None) -> dict:
        """The properties to fetch for things of a type (every key applies to every type)."""
        if type_name:
            self.kinds_of("propose_properties", (type_name,))
        limit = min(max(1, limit or MOST), MOST)
        answer = {"properties": [{"id": p["id"], "name": p["name"]} for p in self.properties()][:limit], "limit": limit}
        return {"type": type_name, **answer} if type_name else answer

    def preview(self, entity_id: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> Hit:
        """What the preview of an entity shows: its name, kind, short description and page."""
        iri = self.entity_iri(entity_id)
        hit = self.search.things([iri], languages=languages).get(iri)
        if hit is None:
            raise NotFound(f"there is no entity {entity_id!r} in this graph",
                           hint="reconcile or suggest to find the ids of entities")
        return hit

    def entity(self, hit: Hit, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> dict:
        """An entity as suggestions list it."""
        found = {"id": self.entity_id(hit.iri), "name": hit.label}
        if hit.excerpt:
            found["description"] = hit.excerpt
        if hit.kind:
            found["notable"] = [{"id": hit.kind, "name": self.labels.kind_label(hit.kind, languages)}]
        return found


def _starting(items: list[dict], prefix: str) -> list[dict]:
    """The items whose id or name holds what was typed, those that start with it first.

    >>> _starting([{"id": "viaf", "name": "VIAF-id"}, {"id": "naam", "name": "naam"}], "na")
    [{'id': 'naam', 'name': 'naam'}]
    """
    typed = prefix.strip().casefold()
    held = [i for i in items if typed in i["id"].casefold() or typed in i["name"].casefold()]
    return sorted(held, key=lambda i: not (i["id"].casefold().startswith(typed)
                                            or i["name"].casefold().startswith(typed)))
