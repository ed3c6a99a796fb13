"""Validating what a user hands the ``validate`` command: RDF files, or mapping files to run first.

RDF files may be in any syntax Oxigraph reads (Turtle, N-Triples, N-Quads, TriG, RDF/XML,
JSON-LD, N3), named by their extension. A mapping file (``.yml``/``.yaml``) is run on its own
sources with lineage, so every result about its data names the source file, the record and the
mapping rule. Everything is checked together, as one graph, as the store would hold it.
"""

from __future__ import annotations

from pathlib import Path

from ..config import PROJECT_FILE, load_project
from ..errors import Location, ShapesError, SourceError
from ..mapping import execute, load_mapping
from ..mapping.lineage import Lineage
from ..store.scratch import ScratchStore
from .report import ValidationReport
from .shapes import load_shapes
from .validator import validate_store
from .node_labels import add_node_labels
from .origins import Origins

MAPPING_SUFFIXES = (".yml", ".yaml")


def default_shapes() -> list[Path]:
    """The shapes of the project in this folder, or the shapes/ folder of this checkout."""
    if Path(PROJECT_FILE).is_file():
        project = load_project(".")
        if project.shapes:
            return list(project.shapes)
    if Path("shapes").is_dir():
        return [Path("shapes")]
    raise ShapesError("no shapes given and no shapes/ folder here; name them with --shapes")


def validate_inputs(paths: list[Path], *, shapes: list[Path] | None = None, engine: str = "fast") -> ValidationReport:
    """Load every input into one scratch store (running mappings with lineage) and validate it."""
    shapes_graph = load_shapes(shapes or default_shapes())
    store = ScratchStore()
    origins = Origins(referrers=store.referrers)
    for path in paths:
        if not path.is_file():
            raise SourceError(f"{path} does not exist", location=Location(str(path)))
        if path.suffix.lower() in MAPPING_SUFFIXES:
            mapping = load_mapping(path)
            lineage = Lineage()
            run = execute(mapping, lineage=lineage)
            store.load(data="".join(run.quads()).encode("utf-8"), format="nquads", lenient=True)
            origins.add(lineage, mapping)
        else:
            store.load(path=path)
    return add_node_labels(origins.attach(validate_store(store, shapes_graph, engine=engine)), store)
