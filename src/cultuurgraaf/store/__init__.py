"""Where the graph lives: the embedded Oxigraph store by default, or an existing SPARQL server.

Both kinds offer the same interface: ``query(text) -> QueryResult``; ``transaction()`` with
``load``/``keep_others``/``write_graph``/``drop``/``query``; ``manifest()``; ``dump()``. This package
is the only importer of pyoxigraph.

- ``embedded``: a folder of store generations, switched atomically (the default); ``transaction``
  writes one.
- ``remote`` and ``sparql_http``: the same on a SPARQL server, through the SPARQL 1.1 Protocol
  and the Graph Store Protocol.
- ``statistics``: VoID counts of graphs and the links between them.
- ``results``: the answer to a query, the same whichever store gave it.
- ``manifest``: what a generation holds (sources, checksums, statistics).
- ``formats``: RDF syntaxes by name or file name.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError
from .embedded import EmbeddedStore
from .formats import is_quads, jsonld_statements, parse_rdf_file, rdf_format, rdf_statements
from .manifest import GraphInfo, Manifest, now
from .results import QueryResult
from .terms import iri_problem, to_oxigraph, to_rdflib
from .transaction import Transaction

__all__ = [
    "EmbeddedStore", "GraphInfo", "Manifest", "QueryResult", "Transaction",
    "iri_problem", "is_quads", "jsonld_statements", "now", "open_built_store", "open_project_store", "open_store",
    "parse_rdf_file", "rdf_format", "rdf_statements", "to_oxigraph", "to_rdflib",
]


def open_store(location: str | Path, *, base_iri: str | None = None, remote=None, path: Path | None = None):
    """The store at a folder path, or on a SPARQL server (``sparql+http(s)://host/path``).

    A remote store needs the project's base IRI, its ``[store]`` settings (``remote``) and a local
    folder for derived files (``path``): :func:`open_project_store` passes them.
    """
    text = str(location)
    if "://" not in text:
        return EmbeddedStore(Path(text))
    if base_iri is None or remote is None or path is None:
        raise StoreError(f"the remote store {text} is opened through its project (open_project_store), "
                         "which knows the base IRI and the [store] settings")
    from .remote import RemoteStore

    return RemoteStore(text, base_iri=base_iri, path=path, config=remote)


def open_project_store(project):
    """The store a project names: its folder, or its SPARQL server with the ``[store]`` settings."""
    if project.store_path is not None:
        return EmbeddedStore(project.store_path)
    return open_store(project.store, base_iri=project.base_iri, remote=project.remote,
                      path=(project.root / project.remote.cache).resolve())


def open_built_store(project):
    """The project's store, for a command that reads it (query, dump, links): a StoreError when no
    build or load has written it yet, rather than answers from an empty graph."""
    store = open_project_store(project)
    if not store.current_generation():
        raise StoreError(f"the project has not been built yet: its store ({project.store_path or project.store}) "
                         "holds no generation", hint="run cultuurgraaf build (or cultuurgraaf load) first")
    return store
