"""The embedded Oxigraph store: one named graph per source, replaced atomically.

The store folder holds numbered *generations*, each a complete Oxigraph database with its
manifest beside it, and a small ``CURRENT`` file naming the one in use::

    store/CURRENT              {"generation": 7}
    store/gen-000007/          the Oxigraph database of generation 7
    store/gen-000007.json      its manifest (sources, checksums, statistics)
    store/gen-000006/ ...      the previous generation, kept while readers may still use it

A build or load writes generation N+1: it bulk-loads the sources it replaces, copies the graphs
it keeps from generation N, flushes, syncs, writes the manifest, and only then points
``CURRENT`` at N+1 with an atomic rename. So a reader sees the old graph or the new one, never a
mix; a build that fails or is killed leaves ``CURRENT`` and generation N untouched (the next
build removes the half-written folder); and a server keeps answering from generation N while
another process writes N+1. One writer at a time: a lock file refuses a second one.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import shutil
from contextlib import contextmanager, nullcontext
from itertools import chain
from pathlib import Path
from typing import IO, Callable, Iterator

import pyoxigraph as ox

from ..errors import QueryError, RDFSyntaxError, StoreError
from .formats import check_rdf_input, is_quads, open_rdf, rdf_format
from .held_back import keep_from_previous
from .manifest import GraphInfo, Manifest, now
from .parsing import LINE_FORMATS, read_rdf, too_long, too_long_error
from .reports import point_to_current
from .results import QueryResult
from .statistics import graph_statistics


class EmbeddedStore:
    """An on-disk store folder of generations; open for reading, write through :meth:`transaction`."""

    location_kind = "embedded"
    #: SPARQL beyond 1.1 that queries may use here
    sparql_extensions = frozenset({"LATERAL"})

    def __init__(self, path: Path):
        self.path = Path(path)
        self._current_file = os.fspath(self.path / "CURRENT")
        self._db: ox.Store | None = None
        self._db_generation: int | None = None
        self._current: tuple = (None, 0)

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path)!r})"

    # reading ------------------------------------------------------------------------------
    def current_generation(self) -> int:
        try:
            # CURRENT is only ever replaced (a new file), so an unchanged stat means an unchanged number;
            # query workers ask before every query
            stat = os.stat(self._current_file)
            key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            if key == self._current[0]:
                return self._current[1]
            with open(self._current_file, encoding="utf-8") as handle:
                generation = int(json.loads(handle.read())["generation"])
            self._current = (key, generation)
            return generation
        except FileNotFoundError:
            return 0
        except NotADirectoryError:
            raise self._not_a_folder() from None
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"the store's CURRENT file is damaged ({exc}); it should read "
                             '{"generation": N} for a gen-N folder that exists',
                             hint=f"look in {self.path}") from exc

    def _not_a_folder(self) -> StoreError:
        return StoreError(f"the store path {self.path} is not a folder", hint="point [project] store at a folder "
                          "(one that does not exist yet is created), or move the file that is there")

    def manifest(self, generation: int | None = None) -> Manifest:
        generation = self.current_generation() if generation is None else generation
        if generation == 0:
            return Manifest()
        try:
            return Manifest.from_json(json.loads(self.generation_file(generation, ".json").read_text()))
        except FileNotFoundError as exc:
            raise StoreError(f"the store at {self.path} has no manifest for generation {generation}") from exc

    def generation_file(self, generation: int, suffix: str) -> Path:
        """A file that belongs to one generation (its manifest, an index built from it...)."""
        return self.path / f"gen-{generation:06d}{suffix}"

    def _gen_dir(self, generation: int) -> Path:
        return self.path / f"gen-{generation:06d}"

    def db(self) -> ox.Store:
        """The current generation, opened read-only; reopened when a build has switched it."""
        generation = self.current_generation()
        db = self._db
        if db is None or generation != self._db_generation:
            if generation == 0:
                db = ox.Store()
            else:
                try:
                    db = ox.Store.read_only(str(self._gen_dir(generation)))
                except OSError as exc:
                    raise StoreError(f"cannot open generation {generation} of the store at {self.path}: {exc}") from exc
            self._db, self._db_generation = db, generation
        return db

    def query(self, text: str, *, default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
              base_iri: str | None = None, union_default_graph: bool = True) -> QueryResult:
        """Run a SPARQL query; without a dataset the default graph is the union of all graphs.

        ``union_default_graph=False`` leaves the dataset to the query (its FROM / FROM NAMED).
        """
        return run_query(self.db(), text, default_graph=default_graph, named_graphs=named_graphs, base_iri=base_iri,
                         union_default_graph=union_default_graph)

    def count(self, graph: str | None = None) -> int:
        db = self.db()
        if graph is None:
            return len(db)
        return sum(1 for _ in db.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.db().named_graphs() if isinstance(g, ox.NamedNode))

    def dump(self, output: IO[bytes], *, format: str = "nquads", graph: str | None = None) -> None:
        """Write the whole store (or one graph) to a binary file object."""
        fmt = rdf_format(format)
        db = self.db()
        if graph is not None:
            db.dump(output, format=fmt, from_graph=ox.NamedNode(graph))
        elif is_quads(fmt):
            db.dump(output, format=fmt)
        else:
            raise StoreError(f"a dump of all graphs needs a format with graphs (nquads, trig), not '{format}'; "
                             "or dump one graph")

    def close(self) -> None:
        self._db = None
        self._db_generation = None

    # writing ------------------------------------------------------------------------------
    @contextmanager
    def transaction(self, *, confirm: Callable[[], bool] | None = None) -> Iterator["Transaction"]:
        """Write a new generation; it becomes current only when the block ends without error.

        ``confirm``, when given, is asked once the generation is written and durable, just before
        it becomes current: if it says no, the generation is thrown away and :class:`StoreError`
        raised (the endpoint asks whether the client that sent an update is still there).
        """
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise self._not_a_folder() from None
        except OSError as exc:
            raise StoreError(f"cannot create the store folder {self.path}: {exc.strerror or exc}") from None
        lock = open(self.path / "LOCK", "w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            lock.close()
            raise StoreError(f"another build or load is writing to {self.path}; try again when it is done") from exc
        try:
            previous = self.current_generation()
            self._sweep(keep={previous, previous - 1})
            generation = previous + 1
            target = self._gen_dir(generation)
            try:
                # the transaction holds the only reference: when it lets go, the database closes, so
                # no compaction deletes a file while the sync walks the folder or a reader opens it
                tx = Transaction(self, previous, generation, ox.Store(str(target)))
            except OSError as exc:
                raise StoreError(f"cannot create generation {generation} in {self.path}: {exc}") from exc
            try:
                yield tx
                tx.finish()
                _sync_tree(target)
                if confirm is not None and not confirm():
                    raise StoreError("the change was withdrawn before it was applied; the store is as it was")
            except BaseException as exc:
                tx.abandon()
                if isinstance(exc, OSError):  # a full disk, most likely: Oxigraph says so in the message
                    raise self._not_written(generation, exc) from exc
                raise
            try:
                self._switch(generation, tx.manifest)
            except OSError as exc:
                raise self._not_written(generation, exc) from exc
            self._sweep(keep={previous, generation})
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()

    def _not_written(self, generation: int, exc: OSError) -> StoreError:
        return StoreError(f"cannot write generation {generation} of the store at {self.path}: {exc.strerror or exc}",
                          hint="make room on the disk (or point [project] store elsewhere) and try again")

    def _switch(self, generation: int, manifest: Manifest) -> None:
        manifest.generation = generation
        manifest.built_at = now()
        _write_atomic(self.generation_file(generation, ".json"), json.dumps(manifest.to_json(), indent=2))
        _write_atomic(self.path / "CURRENT", json.dumps({"generation": generation}))
        point_to_current(self, generation)

    def _sweep(self, keep: set[int]) -> None:
        """Remove what failed or killed builds left, and generations older than the previous one."""
        for entry in self.path.glob("gen-*"):
            try:
                number = int(entry.name[4:10])
            except ValueError:
                continue
            if number not in keep:
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)


class Transaction:
    """A generation being written. Graphs not replaced are copied from the previous one.

    ``load`` fills a source's graph, ``drop`` removes a source, ``write_graph`` adds a graph
    that is no source (the meta graph), ``keep_others`` copies the rest; ``query`` reads the
    generation as written so far.
    """

    def __init__(self, store: EmbeddedStore, previous: int, generation: int, db: ox.Store):
        self.store = store
        self.previous = previous
        self.generation = generation
        self.db: ox.Store | None = db
        self.old_manifest = store.manifest(previous) if previous else Manifest()
        self.manifest = Manifest(graphs=dict(self.old_manifest.graphs), linksets=list(self.old_manifest.linksets))
        self._replaced: set[str] = set()
        self._kept = False

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
        before = {g.value for g in self.db.named_graphs() if isinstance(g, ox.NamedNode)}
        where = str(path) if path is not None else "the data"
        if path is not None and base_iri is None:
            base_iri = Path(path).resolve().as_uri()
        options = dict(format=fmt, to_graph=ox.NamedNode(graph), base_iri=base_iri, lenient=lenient)
        check_rdf_input(fmt, path=path, data=data)
        try:
            if path is not None:
                if str(path).lower().endswith(".gz"):
                    with open_rdf(Path(path)) as handle:
                        self.db.bulk_load(input=handle, **options)
                else:
                    self.db.bulk_load(path=str(path), **options)
            else:
                self.db.bulk_load(input=data or b"", **options)
        except SyntaxError as exc:
            raise RDFSyntaxError(f"cannot parse {where} as {fmt.name}: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot load {where}: {exc}") from exc
        except MemoryError as exc:
            if not too_long(exc):
                raise
            self._load_long_terms(before, path=path, data=data, where=where, **options)
        after = {g.value for g in self.db.named_graphs() if isinstance(g, ox.NamedNode)}
        info = info or GraphInfo(iri=graph)
        info.iri = graph
        info.graphs = sorted((after - before) | {graph})
        stats = graph_statistics(self, info.graphs)
        info.stats = stats.to_json()
        info.triples = stats.triples
        info.loaded_at = now()
        info.extra["generation"] = self.generation
        self.manifest.graphs[name] = info
        self._replaced.add(name)
        return info

    def _load_long_terms(self, before: set[str], *, path: Path | None, data: bytes | None, where: str,
                         format: ox.RdfFormat, to_graph: ox.NamedNode, base_iri: str | None, lenient: bool) -> None:
        """Load again, in blocks of lines, a file whose terms are too long for Oxigraph's bulk loader
        (see parsing.py); what the bulk loader wrote of it before it stopped is taken out first."""
        if format not in LINE_FORMATS:
            raise too_long_error(where)
        for name in {g for g in self.db.named_graphs() if isinstance(g, ox.NamedNode)} - {ox.NamedNode(g) for g in before}:
            self.db.clear_graph(name)

        def into_graph(quads: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
            for quad in quads:
                yield ox.Quad(quad.subject, quad.predicate, quad.object, to_graph) \
                    if isinstance(quad.graph_name, ox.DefaultGraph) else quad

        with open_rdf(Path(path)) if path is not None else nullcontext(io.BytesIO(data or b"")) as handle:
            self.db.bulk_extend(into_graph(read_rdf(handle, format, base_iri=base_iri, lenient=lenient, where=where)))

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
        if iri not in self.manifest.other_graphs:
            self.manifest.other_graphs.append(iri)

    def drop(self, name: str) -> None:
        """Leave a source out of the new generation."""
        self.manifest.graphs.pop(name, None)
        self._replaced.add(name)

    def keep_others(self) -> None:
        """Copy, from the previous generation, every source graph this transaction did not replace."""
        if self._kept:
            return
        self._kept = True
        if not self.previous:
            return
        kept = {name: info for name, info in self.old_manifest.graphs.items() if name not in self._replaced}
        if not kept:
            return
        written = {g.value for g in self.db.named_graphs() if isinstance(g, ox.NamedNode)}
        for name, info in kept.items():
            clash = written & set(info.all_graphs)
            if clash:
                owner = self.manifest.source_of(sorted(clash)[0]) or "a load"
                raise StoreError(f"{owner} wrote into graph <{sorted(clash)[0]}>, which belongs to '{name}'; "
                                 "two sources cannot share a graph")
        old = ox.Store.read_only(str(self.store._gen_dir(self.previous)))
        for info in kept.values():
            for graph in info.all_graphs:
                self.db.bulk_extend(old.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def copy_previous(self, *, except_graph: str | None = None) -> None:
        """Copy everything of the previous generation (every graph, the default graph too) but one graph.

        For SPARQL Update and the Graph Store Protocol, which may touch any graph: the update then
        runs on the copy, and readers see the store before or after it, never during.
        """
        if self._kept:
            raise StoreError("the previous generation was already copied")
        self._kept = True
        self._replaced.update(self.manifest.graphs)
        if not self.previous:
            return
        old = ox.Store.read_only(str(self.store._gen_dir(self.previous)))
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
        shutil.rmtree(self.store._gen_dir(self.generation), ignore_errors=True)


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


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _sync_dir(path.parent)


def _sync_tree(folder: Path) -> None:
    """Make a written generation durable before anything points at it."""
    for entry in folder.iterdir():
        if entry.is_file():
            descriptor = os.open(entry, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
    _sync_dir(folder)
    _sync_dir(folder.parent)


def _sync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
