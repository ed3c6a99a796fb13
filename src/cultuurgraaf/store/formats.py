"""RDF syntaxes by name or file name, and reading small RDF files with Oxigraph's parsers.

>>> rdf_format("data.ttl") == rdf_format("turtle")
True
>>> rdf_format("dump.nq.gz") == rdf_format("nquads")
True
>>> is_quads(rdf_format("trig")), is_quads(rdf_format("nt"))
(True, False)
"""

from __future__ import annotations

import gzip
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

import pyoxigraph as ox
from rdflib.term import Node

from ..errors import RDFSyntaxError, StoreError
from .results import to_rdflib

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


def is_quads(fmt: ox.RdfFormat) -> bool:
    """Whether a syntax can name graphs (N-Quads, TriG); the others hold triples only."""
    return fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)


def media_type(fmt: ox.RdfFormat) -> str:
    return MEDIA_TYPES[fmt]


@contextmanager
def open_rdf(path: Path) -> Iterator[IO[bytes]]:
    """A binary file, decompressed on the fly when its name ends in ``.gz``."""
    try:
        handle = gzip.open(path, "rb") if path.name.lower().endswith(COMPRESSED) else open(path, "rb")
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with handle:
        yield handle


def parse_rdf_file(path: Path, *, format: str | None = None) -> list[tuple[Node, Node, Node, Node | None]]:
    """Quads of a small RDF file, checked by Oxigraph's parser (errors name the line)."""
    fmt = rdf_format(format or path.name)
    try:
        with open_rdf(path) as handle:
            return [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name))
                    for q in ox.parse(handle, format=fmt, base_iri=path.resolve().as_uri())]
    except SyntaxError as exc:
        raise RDFSyntaxError(f"{path}: {exc}") from exc
