"""Declarative mappings: from extract records to RDF quads.

``spec`` reads mapping files (YARRRML in YAML) into one model (``model``); ``engine`` applies a
model to records and yields N-Quads lines, with lineage; ``stats`` counts what it made and every
value it could not use, per rule and with the rows; ``functions`` holds the named value
transforms mappings may call, and the one rule they follow on missing and unreadable values.
"""

from .model import Mapping
from .spec import load_mapping
from .engine import execute, MappingRun

__all__ = ["Mapping", "load_mapping", "execute", "MappingRun"]
