"""Why a thing is not in the graph when validation held it back: the answer its address gives.

A build holds back the entities its shapes find violations in (docs/validation.md); the store
keeps which, in which build and why (:mod:`cultuurgraaf.store.held_back`). Asked for such an
entity, the pages answer 404 with that: the build, the source, and a link to each entry of the
report that says why.

>>> from cultuurgraaf.store.held_back import HeldBackEntity
>>> iris = IriScheme("https://data.cultuurgraaf.be")
>>> error = held_back_error("https://data.cultuurgraaf.be/id/erfgoedobject/2019.0043", [HeldBackEntity(
...     "https://data.cultuurgraaf.be/id/erfgoedobject/2019.0043", "objecten", 3, ("r-0123456789ab",),
...     "gen-000004.reports/objecten.html")], iris)
>>> print(error)
validation held back <https://data.cultuurgraaf.be/id/erfgoedobject/2019.0043> in build 3 (source objecten): it is not in the graph
  hint: the report says why: /rapporten/4/objecten.html#r-0123456789ab
>>> error.held[0]["entries"]
[{'id': 'r-0123456789ab', 'href': '/rapporten/4/objecten.html#r-0123456789ab'}]
"""

from __future__ import annotations

from ..errors import HeldBack
from ..iris import IriScheme
from ..store.held_back import HeldBackEntity
from ..store.reports import report_address


def held_back_error(iri: str, items: list[HeldBackEntity], iris: IriScheme) -> HeldBack:
    """The 404 of an entity the store's current generation lists as held back (``items``: one per
    source that held it back)."""
    held = [_held(item, iris) for item in items]
    when = " and ".join(f"build {item.generation} (source {item.source})" for item in items)
    parts = [f" with <{item.part_of}>, which it is part of" for item in items if item.part_of]
    links = [entry["href"] for item in held for entry in item["entries"]]
    return HeldBack(f"validation held back <{iri}> in {when}{''.join(parts[:1])}: it is not in the graph", held=held,
                    hint=f"the report says why: {', '.join(links)}" if links else None)


def _held(item: HeldBackEntity, iris: IriScheme) -> dict:
    address = report_address(item.report)
    report = iris.report_path(*address) if address else None
    body: dict = {"source": item.source, "build": item.generation, "report": report,
                  "report_json": report.removesuffix(".html") + ".json" if report else None,
                  "entries": [{"id": entry, "href": f"{report}#{entry}" if report else None} for entry in item.entries]}
    if item.part_of:
        body |= {"part_of": item.part_of, "part_of_page": iris.document_path(item.part_of)}
    return body
