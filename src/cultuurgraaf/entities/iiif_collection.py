"""Every IIIF manifest of the graph, as IIIF Presentation 3.0 Collections: ``/iiif/collectie`` lists
collections of :data:`PAGE_SIZE` manifests each (``/iiif/collectie/1``, ...), in the order of the
things' IRIs, so that a harvester or a viewer finds every thing with pictures from one address.

Which things have a manifest is asked of the graph in one query per page: those with a picture at a
web address (:data:`~.layout.IMAGE_PREDICATES`), as their pages show them.

>>> pages(2500, 1000)
3
>>> pages(0, 1000)
0
"""

from __future__ import annotations

from collections import defaultdict

from ..errors import NotFound
from ..iris import IriScheme
from ..labels import best_language
from .iiif import LANGUAGES, PRESENTATION_CONTEXT, words
from .incoming import iri_ref
from .layout import IMAGE_PREDICATES, LABEL_PREDICATES
from .pictures import manifest_path

#: Manifests per collection page.
PAGE_SIZE = 1000
#: Where the collection of collections is served.
COLLECTION_PATH = "/iiif/collectie"


def pages(count: int, size: int) -> int:
    """How many collection pages ``count`` manifests take, ``size`` a page."""
    return -(-count // size)


class ManifestCollections:
    """The collections of one store's manifests."""

    def __init__(self, store, iris: IriScheme, *, page_size: int = PAGE_SIZE):
        self.store = store
        self.iris = iris
        self.page_size = page_size

    def _pictured(self) -> str:
        """The graph pattern of a thing of this graph (?s) with a picture at a web address."""
        predicates = "|".join(f"<{p}>" for p in IMAGE_PREDICATES)
        return (f"?s {predicates} ?picture FILTER(isIRI(?picture) && REGEX(STR(?picture), '^https?://')) "
                f"FILTER(STRSTARTS(STR(?s), '{iri_ref(self.iris.base)}/id/'))")

    def count(self) -> int:
        rows = list(self.store.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {self._pictured()} }}").rows())
        return int(rows[0]["n"]) if rows else 0

    def top(self, *, url: str, name: str) -> dict:
        """The collection of collections."""
        count = self.count()
        size = self.page_size
        items = [{"id": f"{url}{COLLECTION_PATH}/{n}", "type": "Collection",
                  "label": words("manifests", first=(n - 1) * size + 1, last=min(n * size, count))}
                 for n in range(1, pages(count, size) + 1)]
        return {"@context": PRESENTATION_CONTEXT, "id": f"{url}{COLLECTION_PATH}", "type": "Collection",
                "label": words("all", name=name), "summary": words("collected", n=self.page_size), "items": items}

    def page(self, number: int, *, url: str) -> dict:
        """One collection of manifests, by its number (from 1); NotFound past the last."""
        last = pages(self.count(), self.page_size)
        if not 1 <= number <= last:
            raise NotFound(f"there is no collection {COLLECTION_PATH}/{number}: there are {last}",
                           hint=f"{COLLECTION_PATH} lists them")
        labels = " UNION ".join(f"{{ ?s <{p}> ?l }}" for p in LABEL_PREDICATES)
        query = (f"SELECT ?s ?l WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ {self._pictured()} }} ORDER BY ?s "
                 f"LIMIT {self.page_size} OFFSET {(number - 1) * self.page_size} }} OPTIONAL {{ {labels} }} }}")
        names: dict[str, dict[str, str]] = defaultdict(dict)
        for row in self.store.query(query).rows():
            known = names[str(row["s"])]
            if "l" in row:
                known.setdefault(getattr(row["l"], "language", None) or "", str(row["l"]))
        items = []
        for iri in sorted(names):
            kind, ref = self.iris.parse_thing(iri)
            language = best_language(names[iri], LANGUAGES)
            label = {language or "none": [names[iri][language]]} if language is not None else {"none": [ref]}
            items.append({"id": f"{url}{manifest_path(kind, ref)}", "type": "Manifest", "label": label})
        first = (number - 1) * self.page_size + 1
        return {"@context": PRESENTATION_CONTEXT, "id": f"{url}{COLLECTION_PATH}/{number}", "type": "Collection",
                "label": words("manifests", first=first, last=first + len(items) - 1),
                "partOf": [{"id": f"{url}{COLLECTION_PATH}", "type": "Collection"}], "items": items}

