"""The embedded Oxigraph store: one named graph per source, replaced atomically.

The store folder holds numbered *generations*, each a complete Oxigraph database with its
manifest beside it, and a small ``CURRENT`` file naming the one in use::

    store/CURRENT              {"generation": 7}
    store/gen-000007/          the Oxigraph database of generation 7
    store/gen-000007.json      its manifest (sources, checksums, statistics)
    store/gen-000006/ ...      the previous generation, kept while readers may still use it

A build or load writes generation N+1: it bulk-loads the sources it replaces, keeps the graphs
it does not replace from generation N (copied, or hard-linked when that costs less: see
transaction.py), flushes, syncs, writes the manifest, and only then points
``CURRENT`` at N+1 with an atomic rename. So a reader sees the old graph or the new one, never a
mix; a build that fails or is killed leaves ``CURRENT`` and generation N untouched (the next
build removes the half-written folder); and a server keeps answering from generation N while
another process writes N+1. One writer at a time: a lock file refuses a second one.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Collection
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Callable, Iterator

import pyoxigraph as ox

from ..errors import StoreError
from .formats import is_quads, rdf_format
from .manifest import Manifest, now
from .reports import point_to_current
from .results import QueryResult
from .transaction import Transaction, links_pay, run_query


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

    def generation_dir(self, generation: int) -> Path:
        """The folder of one generation's Oxigraph database."""
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
                    db = ox.Store.read_only(str(self.generation_dir(generation)))
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
    def transaction(self, *, confirm: Callable[[], bool] | None = None,
                    rewrites: Collection[str] | None = None, incoming_bytes: int = 0) -> Iterator[Transaction]:
        """Write a new generation; it becomes current only when the block ends without error.

        ``rewrites`` names the sources the writer will load or drop, when it knows, and
        ``incoming_bytes`` the size of the N-Quads or TriG it will load: then a generation that keeps
        much more than it rewrites starts as a checkpoint of the previous one instead of a copy
        (store/transaction.py).

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
            target = self.generation_dir(generation)
            linked = previous > 0 and links_pay(self.manifest(previous), rewrites, incoming_bytes=incoming_bytes)
            try:
                if linked:
                    ox.Store.read_only(str(self.generation_dir(previous))).backup(str(target))
                # the transaction holds the only reference: when it lets go, the database closes, so
                # no compaction deletes a file while the sync walks the folder or a reader opens it
                tx = Transaction(self, previous, generation, ox.Store(str(target)), linked=linked)
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


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    sync_path(path.parent)


def _sync_tree(folder: Path) -> None:
    """Make a written generation durable before anything points at it."""
    for entry in folder.iterdir():
        if entry.is_file():
            sync_path(entry)
    sync_path(folder)
    sync_path(folder.parent)


def sync_path(path: Path) -> None:
    """Make a file's bytes, or a folder's entries, durable on disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
