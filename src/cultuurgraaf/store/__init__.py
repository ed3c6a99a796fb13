"""Where the graph lives: the embedded Oxigraph store by default, or an existing SPARQL server.

Both kinds offer the same interface: ``query(text) -> QueryResult``; ``transaction()`` with
``load``/``keep_others``/``write_graph``/``drop``/``query``; ``manifest()``; ``dump()``. This package
is the only importer of pyoxigraph.

- ``embedded``: a folder of store generations, switched atomically (the default).
- ``results``: the answer to a query, the same whichever store gave it.
- ``manifest``: what a generation holds (sources, checksums, statistics).
- ``formats``: RDF syntaxes by name or file name.
"""

from __future__ import annotations

from pathlib import Path

from .embedded import EmbeddedStore, Transaction
from .formats import is_quads, parse_rdf_file, rdf_format
from .manifest import GraphInfo, Manifest, now
from .results import QueryResult, to_oxigraph, to_rdflib

__all__ = [
    "EmbeddedStore", "GraphInfo", "Manifest", "QueryResult", "Transaction",
    "is_quads", "now", "open_store", "parse_rdf_file", "rdf_format", "to_oxigraph", "to_rdflib",
]


def open_store(location: str | Path) -> EmbeddedStore:
    """The store at a folder path (a remote ``sparql+http(s)://`` store comes with the remote backend)."""
    text = str(location)
    if "://" in text:
        from ..errors import StoreError

        raise StoreError(f"remote stores are not supported yet: {text}")
    return EmbeddedStore(Path(text))
