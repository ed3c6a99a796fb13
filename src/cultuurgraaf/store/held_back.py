"""Which entities validation held back, per store generation: for the pages and answers about them.

A build that holds entities back (quarantine, see docs/validation.md) writes beside the generation
it makes the list of them, ``gen-N.held-back.json``: for each IRI, the source, the build
(generation) that held it back, the ids of the entries of the source's report that say why (the
report is in the generation's reports, :mod:`.reports`: ``gen-N.reports/<source>.html#<id>``, and
``<source>.json`` beside it), and for a part held back with an entity (an object's production),
that entity. A source the build did not map again keeps its entities and its report from the
build that did; so does every source through a ``cultuurgraaf load``, a SPARQL update or a Graph
Store write (:func:`keep_from_previous`).

>>> entity = HeldBackEntity("https://ex.org/id/a", "objecten", 3, ("r-0123456789ab",), "gen-000003.reports/objecten.html")
>>> HeldBackEntity.from_json("https://ex.org/id/a", entity.to_json()) == entity
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from .reports import publish_reports, reports_folder

HELD_BACK_SUFFIX = ".held-back.json"


@dataclass(frozen=True)
class HeldBackEntity:
    iri: str
    source: str
    #: the generation (build) that held it back
    generation: int
    #: ids of the report entries that say why (results ``r-...`` or a merge conflict ``c-...``)
    entries: tuple[str, ...]
    #: the report with those entries, relative to the store folder (``gen-N.reports/<source>.html``)
    report: str
    #: the entity it was held back with, when it is a part of one
    part_of: str | None = None

    def to_json(self) -> dict:
        body = {"source": self.source, "generation": self.generation, "entries": list(self.entries),
                "report": self.report}
        return body | ({"part_of": self.part_of} if self.part_of else {})

    @classmethod
    def from_json(cls, iri: str, data: dict) -> "HeldBackEntity":
        return cls(iri, str(data["source"]), int(data["generation"]), tuple(data["entries"]), str(data["report"]),
                   data.get("part_of"))


def read_held_back(store, generation: int | None = None) -> dict[str, list[HeldBackEntity]]:
    """The entities held back in a generation (the current one by default), by IRI."""
    generation = store.current_generation() if generation is None else generation
    try:
        data = json.loads(store.generation_file(generation, HELD_BACK_SUFFIX).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {iri: [HeldBackEntity.from_json(iri, item) for item in items] for iri, items in data["entities"].items()}


def record_held_back(tx, held: dict[str, list]) -> Path:
    """Write the list of a generation being written: ``held`` for the sources this build checked
    (source -> what it held back: objects with ``entity`` and ``part_of`` in N-Triples, and
    ``entries``), and for every other source the generation keeps, what the previous generation
    listed (its report now in this generation's reports, see :func:`.reports.publish_reports`).
    Blank nodes are left out (nothing can ask for them)."""
    folder = reports_folder(tx.store, tx.generation).name
    entities: dict[str, list[HeldBackEntity]] = {}
    for iri, items in read_held_back(tx.store, tx.generation - 1).items():
        for item in items:
            if item.source in tx.manifest.graphs and item.source not in held:
                entities.setdefault(iri, []).append(replace(item, report=f"{folder}/{Path(item.report).name}"))
    for source, found in held.items():
        for item in found:
            if item.entity.startswith("<"):
                iri = item.entity[1:-1]
                part_of = item.part_of[1:-1] if item.part_of and item.part_of.startswith("<") else None
                entities.setdefault(iri, []).append(HeldBackEntity(iri, source, tx.generation, tuple(item.entries),
                                                                   f"{folder}/{source}.html", part_of))
    path = tx.store.generation_file(tx.generation, HELD_BACK_SUFFIX)
    body = {"generation": tx.generation,
            "entities": {iri: [item.to_json() for item in items] for iri, items in sorted(entities.items())}}
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def keep_from_previous(tx) -> None:
    """For a generation written without a build's check (a load, an update, a Graph Store write):
    the list of held-back entities and the reports of the previous generation, where the writer
    gave none of its own."""
    if not reports_folder(tx.store, tx.generation).exists():
        publish_reports(tx, None)
    if not tx.store.generation_file(tx.generation, HELD_BACK_SUFFIX).exists():
        record_held_back(tx, {})
