"""Reading a generation being written from a second process, while this one goes on writing it.

A build's passes over its new generation (the change log, the search index, the completeness counts)
each read every triple of it, and each is held to one core by the GIL (pyoxigraph holds it while it
evaluates a query). :func:`alongside` lets some of them run in a process of their own, on the other
core, while this one does the rest.

That process does not open the database being written: Oxigraph leaves a store opened read-only by one
process while another writes it undefined. It reads a *checkpoint* of it (``Store.backup``), which
hard-links the database's immutable files into a folder of its own (beside the generation's, on the same
file system), so it costs a flush and a few links, not a copy; it is removed when the block ends. A
checkpoint is of the database as written when it is made: what is written into the generation after
it, the other process does not see.

The other process writes nothing into the store folder: a file it makes is named by the caller, and
moved into place by the caller once the answer is in, so a process left behind by a build that was
killed cannot put a file where a later build reads it (it also dies with its parent, on Linux).
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pyoxigraph as ox

from ..processes import Call, started
from ..errors import StoreError
from .results import QueryResult
from .transaction import Transaction, run_query

#: the suffix of a checkpoint's folder beside its generation's (``gen-000002.checkpoint-4711``)
CHECKPOINT_SUFFIX = ".checkpoint"


class CheckpointReader:
    """Reads a checkpoint as a transaction reads its generation (``query``); sent to another process by
    its path, and opened there."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._db: ox.Store | None = None

    def __getstate__(self) -> dict:
        return {"path": self.path, "_db": None}

    def query(self, text: str, *, default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
              base_iri: str | None = None) -> QueryResult:
        if self._db is None:
            self._db = ox.Store.read_only(str(self.path))
        return run_query(self._db, text, default_graph=default_graph, named_graphs=named_graphs, base_iri=base_iri)


@contextmanager
def alongside(tx: Transaction, calls: list[Call]) -> Iterator[Callable[[], list]]:
    """Run ``calls`` one after the other in a process of its own (``processes.py``), each given a reader of a
    checkpoint of the generation ``tx`` writes (with the graphs it keeps) before its own arguments, while
    the block runs; the block is given a function that waits for their results, in order (an error raised
    by a call is raised there again). Leaving the block stops the process if it is still at work."""
    tx.keep_others()
    folder = tx.store.generation_file(tx.generation, f"{CHECKPOINT_SUFFIX}-{os.getpid()}")
    shutil.rmtree(folder, ignore_errors=True)
    try:
        try:
            tx.db.backup(str(folder))
        except OSError as exc:
            raise StoreError(f"cannot make a checkpoint of generation {tx.generation} in {folder}: {exc}") from exc
        reader = CheckpointReader(folder)
        with started([(function, (reader, *args)) for function, args in calls],
                     orders=folder.with_name(folder.name + ".work"),
                     doing=f"reading generation {tx.generation} alongside the build") as results:
            yield results
    finally:
        shutil.rmtree(folder, ignore_errors=True)
