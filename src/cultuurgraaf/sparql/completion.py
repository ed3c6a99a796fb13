"""What the query editor completes: the classes and properties the graph uses, most used first.

The counts are the VoID statistics each source's load wrote into the store's manifest (entities
per class, triples per property), added up over the sources; the labels come from the project's
ontology files. Nothing is queried: the manifest is read once per store generation.

>>> from cultuurgraaf.labels import Labels
>>> from cultuurgraaf.store.manifest import GraphInfo, Manifest
>>> crm = "http://www.cidoc-crm.org/cidoc-crm/"
>>> info = GraphInfo(iri="https://example.org/graph/a", stats={
...     "classes": {crm + "E22_Human-Made_Object": 3}, "properties": {crm + "P43_has_dimension": 5}})
>>> terms = completion_terms(Manifest(graphs={"a": info}), Labels())
>>> terms["classes"][0]
{'iri': 'http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object', 'label': 'E22 Human-Made Object', 'count': 3}
"""

from __future__ import annotations

from collections import Counter

from ..labels import DEFAULT_LANGUAGES, Labels
from ..store.manifest import Manifest


def completion_terms(manifest: Manifest, labels: Labels, *,
                     languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> dict[str, list[dict]]:
    """The classes (by typed entities) and properties (by triples) of every source, most used first,
    each as ``{"iri", "label", "count"}``."""
    counted: dict[str, Counter] = {"classes": Counter(), "properties": Counter()}
    for info in manifest.graphs.values():
        for part, counts in counted.items():
            counts.update({iri: int(n) for iri, n in info.stats.get(part, {}).items()})
    return {part: [{"iri": iri, "label": labels.label(iri, languages), "count": n}
                   for iri, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
            for part, counts in counted.items()}
