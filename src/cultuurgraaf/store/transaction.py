"""A store generation being written: the graphs a build or load replaces, and those it keeps.

A new generation starts in one of two ways, whichever costs less for what the writer says it will
rewrite (:func:`links_pay`):

- *fresh*: an empty database; the loads go in, then every kept graph is copied from the previous
  generation (:meth:`Transaction.keep_others`). The cost follows the size of the store.
- *linked*: a checkpoint of the previous generation (Oxigraph's ``Store.backup``, which hard-links the
  database's immutable files instead of copying them when both are on one file system); the graphs
  being rewritten are removed from it and the rest is already there. The cost follows the size of what
  is rewritten: a 1,000-triple load into a store of a million quads no longer copies the million.

Either way the generation holds the same graphs with the same quads (tests/test_store_generations.py).
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Collection
from contextlib import nullcontext
from itertools import chain
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from ..errors import QueryError, RDFSyntaxError, StoreError
from ..processes import give_back_memory
from .bulk import into_graph
from .formats import check_rdf_input, is_quads, open_rdf, rdf_format
from .held_back import keep_from_previous
from .manifest import GraphInfo, Manifest, now
from .parsing import LINE_FORMATS, read_rdf, too_long, too_long_error
from .results import QueryResult
from .statistics import graph_statistics

#: Removing a quad from Oxigraph costs about five times copying one (docs/store.md, "Generations":
#: a bulk load of 1M quads took 7.4 s here, clearing a graph of 1M quads 40 s). N-Quads and TriG
#: going into a linked generation are loaded twice (staged first, to learn which graphs they name),
#: which costs about what copying as many quads does; an N-Quads line is rarely under 100 bytes.
CLEAR_COST = 5
BYTES_PER_QUAD = 100


def links_pay(old: Manifest, rewrites: Collection[str] | None, *, incoming_bytes: int = 0) -> bool:
    """Whether a checkpoint of the generation ``old`` describes, with the sources ``rewrites`` removed
    and ``incoming_bytes`` of N-Quads or TriG staged, costs less than copying the sources kept into an
    empty database. ``rewrites`` None: not known, so a copy.

    >>> old = Manifest(graphs={"a": GraphInfo("g:a", triples=1_000_000), "b": GraphInfo("g:b", triples=1_000)})
    >>> links_pay(old, ["b"]), links_pay(old, ["load:g:new"]), links_pay(old, ["a"]), links_pay(old, None)
    (True, True, False, False)
    >>> links_pay(old, ["load:g:new"], incoming_bytes=200_000_000)
    False
    """
    if rewrites is None:
        return False
    kept = sum(info.triples for name, info in old.graphs.items() if name not in rewrites)
    rewritten = sum(info.triples for name, info in old.graphs.items() if name in rewrites)
    return kept > CLEAR_COST * rewritten + incoming_bytes // BYTES_PER_QUAD


class Transaction:
    """A generation being written. Graphs not replaced come from the previous one.

    ``load`` fills a source's graph, ``drop`` removes a source, ``write_graph`` adds a graph
    that is no source (the meta graph), ``keep_others`` keeps the rest; ``query`` reads the
    generation as written so far. ``linked``: the database starts as a checkpoint of the previous
    generation (see the module's note).
    """

    def __init__(self, store, previous: int, generation: int, db: ox.Store, *, linked: bool = False):
        self.store = store
        self.previous = previous
        self.generation = generation
        self.db: ox.Store | None = db
        self.linked = linked
        self.old_manifest = store.manifest(previous) if previous else Manifest()
        self.manifest = Manifest(graphs=dict(self.old_manifest.graphs), linksets=list(self.old_manifest.linksets))
        self._replaced: set[str] = set()
        self._kept = False
        #: graphs this transaction wrote, and (linked) graphs of the previous generation it took out
        self._written: set[str] = set()
        self._removed: set[str] = set()

    def previous_info(self, name: str) -> GraphInfo | None:
        return self.old_manifest.graphs.get(name)

    def load(self, name: str, *, graph: str, path: Path | None = None, data: bytes | None = None,
             format: str = "nquads", info: GraphInfo | None = None, base_iri: str | None = None,
             lenient: bool = False) -> GraphInfo:
        """Fill the graph of one source from an RDF file or bytes; its entry in the manifest.

        Triples go into ``graph``; in N-Quads and TriG, quads in the default graph do too, and
        quads that name another graph stay there (that graph then belongs to this source).
        ``lenient`` skips Oxigraph's check of every IRI and language tag, for N-Quads the mapping
        engine wrote (it checked them as it made them); files from elsewhere are checked.
        """
        if self._kept:
            raise StoreError("load every source before the kept graphs are copied")
        fmt = rdf_format(format)
        where = str(path) if path is not None else "the data"
        if path is not None and base_iri is None:
            base_iri = Path(path).resolve().as_uri()
        options = dict(format=fmt, to_graph=ox.NamedNode(graph), base_iri=base_iri, lenient=lenient)
        check_rdf_input(fmt, path=path, data=data)
        old = self.old_manifest.graphs.get(name)
        if self.linked:
            self._remove_stale([*(old.all_graphs if old else ()), graph])
        if self.linked and is_quads(fmt):
            made = self._load_staged(path=path, data=data, where=where, **options)
        else:
            before = _graph_names(self.db)
            _bulk_load(self.db, before, path=path, data=data, where=where, **options)
            made = _graph_names(self.db) - before
        info = info or GraphInfo(iri=graph)
        info.iri = graph
        info.graphs = sorted((made - self._written) | {graph})
        self._written.update(info.graphs)
        stats = graph_statistics(self, info.graphs)
        info.stats = stats.to_json()
        info.triples = stats.triples
        info.loaded_at = now()
        info.extra["generation"] = self.generation
        self.manifest.graphs[name] = info
        self._replaced.add(name)
        return info

    def _load_staged(self, *, path: Path | None, data: bytes | None, where: str, **options) -> set[str]:
        """Load N-Quads or TriG into a database of its own first, to learn which graphs they name (in a
        linked generation those graphs may already be there), then add them here; the graphs."""
        folder = self.store.generation_file(self.generation, ".staging")
        shutil.rmtree(folder, ignore_errors=True)
        try:
            staging = ox.Store(str(folder))
            _bulk_load(staging, set(), path=path, data=data, where=where, **options)
            made = _graph_names(staging)
            self._remove_stale(made)
            self.db.bulk_extend(staging.quads_for_pattern(None, None, None, None))
            return made
        finally:
            staging = None
            shutil.rmtree(folder, ignore_errors=True)

    def _remove_stale(self, graphs) -> None:
        """In a linked generation: take out what the previous generation had in ``graphs``, unless this
        transaction wrote it."""
        for graph in graphs:
            if graph not in self._written and graph not in self._removed:
                self._removed.add(graph)
                node = ox.NamedNode(graph)
                if self.db.contains_named_graph(node):
                    self.db.remove_graph(node)

    def query(self, text: str, *, default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
              base_iri: str | None = None) -> QueryResult:
        """Read the generation being written (what is loaded so far)."""
        return run_query(self.db, text, default_graph=default_graph, named_graphs=named_graphs, base_iri=base_iri)

    def write_graph(self, iri: str, nquads: bytes) -> None:
        """Write a graph that is not a source (the catalogue and provenance graph), replacing it."""
        node = ox.NamedNode(iri)
        if self.db.contains_named_graph(node):
            self.db.clear_graph(node)
        self.db.bulk_load(input=nquads, format=ox.RdfFormat.N_QUADS, to_graph=node)
        self._written.add(iri)
        if iri not in self.manifest.other_graphs:
            self.manifest.other_graphs.append(iri)

    def drop(self, name: str) -> None:
        """Leave a source out of the new generation."""
        old = self.manifest.graphs.pop(name, None)
        self._replaced.add(name)
        if self.linked and old is not None:
            self._remove_stale(old.all_graphs)

    def keep_others(self) -> None:
        """Keep, from the previous generation, every source graph this transaction did not replace:
        copied into a fresh generation; in a linked one, already there, and everything else taken out."""
        if self._kept:
            return
        self._kept = True
        if not self.previous:
            return
        kept = {name: info for name, info in self.old_manifest.graphs.items() if name not in self._replaced}
        for name, info in kept.items():
            clash = self._written & set(info.all_graphs)
            if clash:
                owner = self.manifest.source_of(sorted(clash)[0]) or "a load"
                raise StoreError(f"{owner} wrote into graph <{sorted(clash)[0]}>, which belongs to '{name}'; "
                                 "two sources cannot share a graph")
        if self.linked:
            keep = self._written.union(*(info.all_graphs for info in kept.values()))
            self._remove_stale(g.value for g in list(self.db.named_graphs())
                               if isinstance(g, ox.NamedNode) and g.value not in keep)
            self.db.clear_graph(ox.DefaultGraph())
            return
        if not kept:
            return
        old = ox.Store.read_only(str(self.store.generation_dir(self.previous)))
        for info in kept.values():
            for graph in info.all_graphs:
                self.db.bulk_extend(old.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def copy_previous(self, *, except_graph: str | None = None) -> None:
        """Copy everything of the previous generation (every graph, the default graph too) but one graph.

        For SPARQL Update and the Graph Store Protocol, which may touch any graph: the update then
        runs on the copy, and readers see the store before or after it, never during.
        """
        if self._kept or self.linked:
            raise StoreError("the previous generation was already copied")
        self._kept = True
        self._replaced.update(self.manifest.graphs)
        if not self.previous:
            return
        old = ox.Store.read_only(str(self.store.generation_dir(self.previous)))
        graphs = [g for g in [ox.DefaultGraph(), *old.named_graphs()]
                  if not (isinstance(g, ox.NamedNode) and g.value == except_graph)]
        # one bulk load: each has a fixed cost (about 0.1 s here), whatever its size
        self.db.bulk_extend(chain.from_iterable(old.quads_for_pattern(None, None, None, g) for g in graphs))

    def update(self, text: str, *, base_iri: str | None = None) -> None:
        """Apply a SPARQL Update to the generation being written."""
        try:
            self.db.update(text, base_iri=base_iri)
        except SyntaxError as exc:
            raise QueryError(f"the update is not valid SPARQL: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise QueryError(f"the update failed: {exc}") from exc

    def finish(self) -> None:
        self.keep_others()
        keep_from_previous(self)
        self.db.flush()
        self.db = None

    def abandon(self) -> None:
        self.db = None
        shutil.rmtree(self.store.generation_dir(self.generation), ignore_errors=True)


def _graph_names(db: ox.Store) -> set[str]:
    return {g.value for g in db.named_graphs() if isinstance(g, ox.NamedNode)}


def _bulk_load(db: ox.Store, before: set[str], *, path: Path | None, data: bytes | None, where: str,
               format: ox.RdfFormat, to_graph: ox.NamedNode, base_iri: str | None, lenient: bool) -> None:
    options = dict(format=format, to_graph=to_graph, base_iri=base_iri, lenient=lenient)
    try:
        if path is not None:
            # the file whole: in batches the loader's memory stays flat, but each batch writes files of
            # its own that overlap the others, and the generation took 1.5 to 2x the disk, 4.6x the
            # writes and joins 16-28 % slower (benchmarks/load/README.md, "The load in batches")
            if str(path).lower().endswith(".gz"):
                with open_rdf(Path(path)) as handle:
                    db.bulk_load(input=handle, **options)
            else:
                db.bulk_load(path=str(path), **options)
        else:
            db.bulk_load(input=data or b"", **options)
    except SyntaxError as exc:
        raise RDFSyntaxError(f"cannot parse {where} as {format.name}: {exc}") from exc
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot load {where}: {exc}") from exc
    except MemoryError as exc:
        if not too_long(exc):
            raise
        _load_long_terms(db, before, path=path, data=data, where=where, **options)
    finally:
        # the loader has freed its sort buffers (about 1.4 GB for a file of a few million quads), and the
        # allocator would keep them for this process: a build goes on with passes over what it loaded
        give_back_memory()


def _load_long_terms(db: ox.Store, before: set[str], *, path: Path | None, data: bytes | None, where: str,
                     format: ox.RdfFormat, to_graph: ox.NamedNode, base_iri: str | None, lenient: bool) -> None:
    """Load again, in blocks of lines, a file whose terms are too long for Oxigraph's bulk loader
    (see parsing.py); what the bulk loader wrote of it before it stopped is taken out first."""
    if format not in LINE_FORMATS:
        raise too_long_error(where)
    for name in {g for g in db.named_graphs() if isinstance(g, ox.NamedNode)} - {ox.NamedNode(g) for g in before}:
        db.clear_graph(name)

    with open_rdf(Path(path)) if path is not None else nullcontext(io.BytesIO(data or b"")) as handle:
        db.bulk_extend(into_graph(read_rdf(handle, format, base_iri=base_iri, lenient=lenient, where=where),
                                   to_graph))


def run_query(db: ox.Store, text: str, *, default_graph: list[str] | None, named_graphs: list[str] | None,
              base_iri: str | None, union_default_graph: bool = True) -> QueryResult:
    kwargs: dict = {}
    if default_graph is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
    elif union_default_graph:
        kwargs["use_default_graph_as_union"] = True
    if named_graphs is not None:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        raw = db.query(text, base_iri=base_iri, **kwargs)
    except SyntaxError as exc:
        raise QueryError(f"the query is not valid SPARQL: {exc}") from exc
    except (OSError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc
    return QueryResult.of(raw)
