"""Validating what a user hands the ``validate`` command: RDF files, or mapping files to run first."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from .config import PROJECT_FILE, load_project
from .errors import ShapesError, SourceError
from .mapping import execute, load_mapping
from .store import parse_rdf_file
from .validation import ValidationReport, load_shapes, validate_graph

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


def validate_inputs(paths: list[Path], *, shapes: list[Path] | None = None) -> ValidationReport:
    data = Graph()
    for path in paths:
        if not path.is_file():
            raise SourceError(f"{path} does not exist")
        if path.suffix.lower() in MAPPING_SUFFIXES:
            run = execute(load_mapping(path))
            dataset = Dataset()
            dataset.parse(data="".join(run.quads()), format="nquads")
            for s, p, o, _g in dataset.quads((None, None, None, None)):
                data.add((s, p, o))
        else:
            for s, p, o, _g in parse_rdf_file(path):
                data.add((s, p, o))
    return validate_graph(data, load_shapes(shapes or default_shapes()))
