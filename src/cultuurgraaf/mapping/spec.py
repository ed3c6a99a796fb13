"""Reading mapping files into the one model, the reader chosen by the file's name.

=====================  ===========================================
file name              language
=====================  ===========================================
``*.yml``, ``*.yaml``  YARRRML (``yarrrml.py``)
``*.ttl``, ``*.rml``   RML in Turtle, new or legacy vocabulary (``rml_reader.py``)
=====================  ===========================================

>>> sorted(LANGUAGES)
['.rml', '.ttl', '.yaml', '.yml']
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..errors import Location, MappingError
from .model import Mapping

LANGUAGES: dict[str, str] = {
    ".yml": "cultuurgraaf.mapping.yarrrml:read_yarrrml",
    ".yaml": "cultuurgraaf.mapping.yarrrml:read_yarrrml",
    ".ttl": "cultuurgraaf.mapping.rml_reader:read_rml",
    ".rml": "cultuurgraaf.mapping.rml_reader:read_rml",
}


def load_mapping(path: Path | str) -> Mapping:
    """Read a mapping file; its sources resolve relative to the file's folder."""
    path = Path(path)
    if not path.is_file():
        raise MappingError(f"mapping file {path} does not exist", location=Location(str(path)))
    try:
        target = LANGUAGES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(f"{suffix}" for suffix in LANGUAGES)
        raise MappingError(f"cannot read mappings of type '{path.suffix}' (known: {known})",
                           location=Location(str(path))) from None
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)(path)
