"""Declarative mappings: from extract records to RDF quads.

``spec`` reads mapping files (YARRRML in YAML) into one model (``model``); ``engine`` applies a
model to records and yields N-Quads lines, with lineage and counts of references that yielded
nothing; ``functions`` holds the named value transforms mappings may call.
"""

from .model import Mapping
from .spec import load_mapping
from .engine import execute, MappingRun

__all__ = ["Mapping", "load_mapping", "execute", "MappingRun"]
