"""Describing one thing: ``Describer.describe(iri)`` gives the :class:`Entity` behind its HTML
page and its RDF documents.

- :mod:`.describer`: the entity, its sections, values and sources.
- :mod:`.layout`: what a page shows where (groups, inline nodes, inverse and derived relations).
- :mod:`.incoming`: what points at a thing, counted, in a fixed number of queries.
- :mod:`.linked`: the records of other sources linked to it, and why.
- :mod:`.points`: where things are on a map (their own point, their sites', their place's).

The names below are the package's public interface; import them from ``cultuurgraaf.entities``.
"""

from .describer import Describer, Entity, Image, Incoming, Property, Section, Value
from .incoming import Pointing, iri_ref, pointing_at
from .layout import DESCRIPTION_PREDICATES, INLINE_KINDS, LABEL_PREDICATES
from .linked import LinkedRecord, linked_records
from .points import MAP_KINDS, MapData, map_of

__all__ = [
    "DESCRIPTION_PREDICATES", "INLINE_KINDS", "LABEL_PREDICATES", "Describer", "Entity", "Image", "Incoming",
    "LinkedRecord", "MAP_KINDS", "MapData", "Pointing", "Property", "Section", "Value", "iri_ref", "linked_records",
    "map_of", "pointing_at",
]
