"""Loading shapes files: every Turtle file of the given files and folders, checked as it is read."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SH

from ..errors import Location, ShapesError

RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".jsonld": "json-ld", ".trig": "trig"}


def shape_files(paths: list[Path] | tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in RDF_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise ShapesError(f"shapes path {path} does not exist", location=Location(str(path)))
    return files


def load_shapes(paths: list[Path] | tuple[Path, ...]) -> Graph:
    """One graph with all shapes; a file that does not parse or holds no shape is an error."""
    graph = Graph()
    for file in shape_files(paths):
        part = Graph()
        try:
            part.parse(file, format=RDF_SUFFIXES[file.suffix])
        except Exception as exc:  # rdflib raises many parser-specific types; all mean "unreadable"
            raise ShapesError(f"the shapes file does not parse: {_first_line(exc)}",
                              location=Location(str(file), line=_line_of(exc))) from exc
        if not any(part.subjects(predicate=None, object=SH.NodeShape)) and \
                not any(part.subjects(SH.path, None)) and not any(part.triples((None, SH.targetClass, None))):
            raise ShapesError("the file holds no SHACL shapes", location=Location(str(file)))
        for shape in part.subjects(SH.property, None):
            for prop in part.objects(shape, SH.property):
                if (prop, SH.path, None) not in part:
                    name = next(part.objects(prop, SH.name), prop)
                    raise ShapesError(f"property shape {name} has no sh:path", location=Location(str(file), rule=str(name)))
        graph += part
    for prefix, ns in Graph().namespaces():
        graph.bind(prefix, ns)
    return graph


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _line_of(exc: Exception) -> int | None:
    for attr in ("lines", "line", "lineno"):
        value = getattr(exc, attr, None)
        if isinstance(value, int):
            return value
    return None
