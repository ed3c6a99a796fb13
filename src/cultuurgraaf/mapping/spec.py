"""Reading mapping files into the one model, the language recognised by what the file holds.

=============================================  ===========================================
the file holds                                 read as
=============================================  ===========================================
YAML (or JSON without ``@context``)            YARRRML (``yarrrml.py``)
RDF: Turtle, N-Triples, N-Quads, TriG, N3,     RML triples maps, new or legacy vocabulary, or
RDF/XML, JSON-LD                               R2RML (``rml_reader.py``)
=============================================  ===========================================

The file's name plays no part, except to choose between RDF syntaxes that look alike at the start
(``.nt`` is read as N-Triples, ``.n3`` as N3; any other name of a Turtle-like file as Turtle).

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "objecten.mapping").write_text("prefixes:\\n  ex: http://example.com/\\nmappings: {}\\n")
>>> _ = (folder / "objecten.rml").write_text("@prefix rml: <http://w3id.org/rml/> .\\n<#o> a rml:TriplesMap .\\n")
>>> _ = (folder / "objecten.csv").write_text("id,titel\\n1,Theepot\\n")
>>> [recognise(folder / name) for name in ("objecten.mapping", "objecten.rml", "objecten.csv")]
['yarrrml', 'turtle', None]
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Location, MappingError
from ..store.formats import head_text, rdf_syntax, text_kind
from .model import Mapping

#: what a file :func:`recognise` cannot read is not, in words for messages
NEITHER = ("neither a mapping (YARRRML, or RML/R2RML triples maps in Turtle, N-Triples, N-Quads, TriG, N3, "
           "RDF/XML or JSON-LD) nor RDF data")


def recognise(path: Path) -> str | None:
    """``yarrrml`` for YAML, the RDF syntax (``turtle``, ``ntriples``, ``rdfxml``, ``jsonld`` ...) for
    RDF, which may or may not hold triples maps, or None for anything else."""
    kind = text_kind(head_text(path))
    if kind is None or kind == "yaml":
        return "yarrrml" if kind else None
    return rdf_syntax(path.name, kind)


def load_mapping(path: Path | str) -> Mapping:
    """Read a mapping file; its sources resolve relative to the file's folder."""
    path = Path(path)
    if not path.is_file():
        raise MappingError(f"mapping file {path} does not exist", location=Location(str(path)))
    language = recognise(path)
    if language is None:
        raise MappingError(f"this file is {NEITHER}", location=Location(str(path), line=1),
                           hint="a mapping is YAML (YARRRML) or RDF; data files are named in its sources")
    if language == "yarrrml":
        from .yarrrml import read_yarrrml

        return read_yarrrml(path)
    from .rml_reader import read_rml

    return read_rml(path, syntax=language)
