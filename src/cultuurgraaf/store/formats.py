"""RDF syntaxes by name or file name, and reading small RDF files with Oxigraph's parsers.

>>> rdf_format("data.ttl") == rdf_format("turtle")
True
>>> rdf_format("dump.nq.gz") == rdf_format("nquads")
True
>>> is_quads(rdf_format("trig")), is_quads(rdf_format("nt"))
(True, False)

What a file holds is read from its first lines, so an RDF file is recognised whatever its name;
its extension only chooses between the syntaxes of one family (Turtle, N-Triples, N-Quads, TriG,
N3 look alike at the start):

>>> [text_kind(t) for t in ("@prefix rml: <http://w3id.org/rml/> .", "<?xml version='1.0'?>",
...                         '{"@context": {}}', "# a comment\\nprefixes:\\n  ex: http://ex.org/", "id,naam")]
['turtle', 'rdfxml', 'jsonld', 'yaml', None]
>>> rdf_syntax("mapping.rml", "turtle"), rdf_syntax("data.nt", "turtle"), rdf_syntax("data.ttl", "jsonld")
('turtle', 'ntriples', 'jsonld')
"""

from __future__ import annotations

import gzip
import re
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

import pyoxigraph as ox
from rdflib.term import Node

from ..errors import Location, RDFSyntaxError, StoreError
from ..sources.files import checked
from ..vocab import XSD
from .terms import to_rdflib
from .xml_entities import check_entities, file_chunks

RDF_FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS, "nq": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES, "nt": ox.RdfFormat.N_TRIPLES,
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML, "rdf": ox.RdfFormat.RDF_XML, "owl": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD, "json": ox.RdfFormat.JSON_LD,
    "n3": ox.RdfFormat.N3,
}
MEDIA_TYPES = {
    ox.RdfFormat.N_QUADS: "application/n-quads", ox.RdfFormat.N_TRIPLES: "application/n-triples",
    ox.RdfFormat.TURTLE: "text/turtle", ox.RdfFormat.TRIG: "application/trig",
    ox.RdfFormat.RDF_XML: "application/rdf+xml", ox.RdfFormat.JSON_LD: "application/ld+json",
    ox.RdfFormat.N3: "text/n3",
}
COMPRESSED = (".gz",)
#: the syntaxes whose files look alike at the start, by the name :func:`text_kind` gives them
FAMILIES = {"turtle": ("turtle", "ntriples", "nquads", "trig", "n3"), "rdfxml": ("rdfxml",), "jsonld": ("jsonld",)}
HEAD_BYTES = 65536

_TURTLE_START = re.compile(r"(@prefix|@base)\b|(prefix|base|graph)\s|_:|<|\(|\{\s*<|\[\s*[^\s{\]\"]", re.I)
_XML_START = re.compile(r"<\?xml|<!|<[A-Za-z_][\w.:-]*\s[^>]*xmlns")
_YAML_KEY = re.compile(r"[A-Za-z_][\w-]*\s*:(\s|$)")


def rdf_format(name_or_path: str) -> ox.RdfFormat:
    """The RDF format for a name (``turtle``) or a file name (``data.ttl``, ``dump.nq.gz``)."""
    key = str(name_or_path).lower()
    if key not in RDF_FORMATS:
        parts = Path(key).name.split(".")
        key = parts[-2] if parts[-1] == "gz" and len(parts) > 2 else parts[-1]
    try:
        return RDF_FORMATS[key]
    except KeyError:
        raise StoreError(f"unknown RDF format '{name_or_path}' (known: {', '.join(sorted(RDF_FORMATS))}); "
                         "name it with --format") from None


def head_text(path: Path) -> str:
    """The first 64 KiB of a file as text (decompressed when its name ends in ``.gz``), byte order mark removed."""
    with open_rdf(path) as handle:
        try:
            head = handle.read(HEAD_BYTES)
        except (OSError, EOFError) as exc:
            raise StoreError(f"cannot read {path}: {exc}") from exc
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def text_kind(head: str) -> str | None:
    """What a file's first text looks like: ``turtle`` (or another syntax of its family),
    ``rdfxml``, ``jsonld``, ``yaml``, or None for none of them (a CSV file, say).

    Comment lines (``#``) and blank lines are skipped: Turtle and YAML both have them.
    """
    lines = head.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")), None)
    if first is None:
        return None
    text = "".join(lines[first:]).lstrip()
    if _XML_START.match(text):
        return "rdfxml"
    if text.startswith("{") and '"@' not in head and not _TURTLE_START.match(text):
        return "yaml"  # JSON that names no "@context", "@id" or "@type": a YARRRML file written as JSON
    if text.startswith(("{", "[")) and not _TURTLE_START.match(text):
        return "jsonld"
    if _TURTLE_START.match(text):
        return "turtle"
    if _YAML_KEY.match(text):
        return "yaml"
    return None


def rdf_syntax(name: str, kind: str) -> str:
    """The syntax of a file of ``kind`` (see :func:`text_kind`): the one its name gives when that is
    of the family, else the family's first."""
    try:
        named = rdf_format(name)
    except StoreError:
        named = None
    return next((syntax for syntax in FAMILIES[kind] if RDF_FORMATS[syntax] == named), FAMILIES[kind][0])


def is_quads(fmt: ox.RdfFormat) -> bool:
    """Whether a syntax can name graphs (N-Quads, TriG); the others hold triples only."""
    return fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)


def media_type(fmt: ox.RdfFormat) -> str:
    return MEDIA_TYPES[fmt]


@contextmanager
def open_rdf(path: Path) -> Iterator[IO[bytes]]:
    """A binary file, decompressed on the fly when its name ends in ``.gz`` (damaged gzip data is an
    RDFSyntaxError naming the file)."""
    try:
        if path.name.lower().endswith(COMPRESSED):
            handle = checked(gzip.open(path, "rb"), path, "gzip", error=RDFSyntaxError)
        else:
            handle = open(path, "rb")
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with handle:
        yield handle


def check_rdf_input(fmt: ox.RdfFormat, *, path: Path | None = None, data: bytes | None = None) -> None:
    """Refuse RDF/XML whose entities would expand too far or name an outside file
    (``xml_entities.py``) before a parser reads it; other syntaxes declare no entities."""
    if fmt != ox.RdfFormat.RDF_XML:
        return
    if path is not None:
        check_entities(file_chunks(lambda: open_rdf(Path(path))), where=str(path))
    else:
        check_entities(lambda: [data or b""], where=None)


def parse_rdf_file(path: Path, *, format: str | None = None) -> list[tuple[Node, Node, Node, Node | None]]:
    """Quads of a small RDF file, checked by Oxigraph's parser (errors name the line)."""
    fmt = rdf_format(format or path.name)
    check_rdf_input(fmt, path=path)
    try:
        with open_rdf(path) as handle:
            return [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name))
                    for q in ox.parse(handle, format=fmt, base_iri=path.resolve().as_uri())]
    except SyntaxError as exc:
        raise RDFSyntaxError(f"the RDF does not parse: {exc.msg}", location=Location(str(path), line=exc.lineno)) from None


def jsonld_statements(text: str) -> list[tuple[tuple, str, tuple, bool]]:
    """The statements of one JSON-LD document, as Oxigraph's JSON-LD processor reads them (it
    loads no remote context: replace them first), each ``(subject, predicate, object, named)``.
    A term is ``("iri", iri)``, ``("blank", id)`` or ``("literal", text, language, datatype)``
    (the datatype None for a plain string); ``named`` says the statement is in a named graph.

    >>> jsonld_statements('{"@id": "https://ex.be/1", "http://purl.org/dc/terms/title": "Theepot"}')
    [(('iri', 'https://ex.be/1'), 'http://purl.org/dc/terms/title', ('literal', 'Theepot', None, None), False)]
    """
    try:
        quads = list(ox.parse(text, ox.RdfFormat.JSON_LD))
    except SyntaxError as exc:
        raise RDFSyntaxError(f"not JSON-LD that can be read: {exc}") from None
    return [(_plain(q.subject), q.predicate.value, _plain(q.object), not isinstance(q.graph_name, ox.DefaultGraph))
            for q in quads]


def rdf_statements(data: bytes, *, format: str, base_iri: str) -> list[tuple[tuple, str, tuple, str | None]]:
    """The statements of a small RDF document in a syntax of the Turtle family (``turtle``, ``ntriples``,
    ``nquads``, ``trig``), each ``(subject, predicate, object, graph)``: the terms as
    :func:`jsonld_statements` gives them, the graph its name (None for the default graph).

    >>> rdf_statements(b'<https://ex.be/1> <http://purl.org/dc/terms/title> "Theepot"@nl <https://ex.be/g> .',
    ...                format="nquads", base_iri="https://ex.be/")
    [(('iri', 'https://ex.be/1'), 'http://purl.org/dc/terms/title', ('literal', 'Theepot', 'nl', None), 'https://ex.be/g')]
    """
    try:
        return [(_plain(q.subject), q.predicate.value, _plain(q.object),
                 None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value)
                for q in ox.parse(data, rdf_format(format), base_iri=base_iri)]
    except SyntaxError as exc:
        raise RDFSyntaxError(f"the RDF does not parse: {exc.msg}", location=Location(line=exc.lineno)) from None


def _plain(term) -> tuple:
    if isinstance(term, ox.BlankNode):
        return ("blank", term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        return ("literal", term.value, term.language, None if term.language or datatype == XSD.string else datatype)
    return ("iri", term.value)
