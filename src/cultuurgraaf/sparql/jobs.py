"""What a worker process does: the jobs it is given, and how it runs them within its limits.

A worker (started by :class:`cultuurgraaf.sparql.workers.WorkerPool` as :data:`WORKER_COMMAND`)
opens the store read-only and answers one job at a time: a :class:`QueryJob`, written cut at the
row limit, or, in the writer, an :class:`UpdateJob`, written as a new store generation. Before it
takes a job it:

- leaves the network (a network namespace of its own, with no interface up) unless the SERVICE
  allow-list names endpoints;
- asks the kernel to kill it when the server that started it dies (``PR_SET_PDEATHSIG``), so that
  no query runs on, and no update commits, for a client that is gone;
- limits the memory it may take (``RLIMIT_DATA``: the memory it allocates, not the store's files
  that it maps). A query that needs more stops the worker with the allocator's message, which the
  server reads to say why (:data:`OUT_OF_MEMORY_MARKERS`).

After a job that left it holding much more memory than before, a worker gives what its allocator
keeps free back to the system (:func:`give_back_memory`): a large query (a 1 MB query read whole,
a big sort or aggregate) otherwise leaves its worker at its high-water mark for as long as the
worker lives. With each answer it says how much it holds, so that the pool can replace a worker
that holds too much (:class:`~cultuurgraaf.sparql.workers.WorkerPool`).

A query whose SERVICE clauses the server could not judge from its tokens is read whole here
(:func:`~cultuurgraaf.sparql.checks.check_services`) before it runs, so that the time and the
memory that takes count against the query's limits.
"""

from __future__ import annotations

import ctypes
import json
import os
import pickle
import resource
import signal
import sys
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .. import errors
from ..errors import QueryFailed
from ..processes import die_with, give_back_memory, held_mb
from .remote_calls import check_services

if TYPE_CHECKING:
    from ..store import EmbeddedStore, Manifest

GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
RESULT_FORMATS = ("json", "xml", "csv", "tsv")
#: What a worker process runs. The module is imported under its own name (not run as __main__),
#: so that what the parent unpickles names cultuurgraaf.sparql.jobs.
WORKER_COMMAND = "import sys; from cultuurgraaf.sparql.jobs import worker_main; worker_main(sys.argv[1:])"
#: What Rust's allocator, C++'s and RocksDB's write to standard error when an allocation fails under
#: the limit (a thread whose stack cannot be mapped fails with EAGAIN).
OUT_OF_MEMORY_MARKERS = ("memory allocation of", "std::bad_alloc", "Anonymous mmap", "Resource temporarily unavailable")
#: rdflib's SPARQL parser recurses once per pattern or so; a worker lets it go deep (its time and
#: memory limits still apply) rather than refuse a long valid query for Python's default of 1,000.
FULL_CHECK_RECURSION = 1_000_000
#: A worker gives free memory back after a job that left it holding this many MB more than after the
#: last time it did (or than at its start).
GIVE_BACK_AFTER_MB = 16


@dataclass(frozen=True)
class QueryJob:
    """A query for a worker: its text, the answer's format and what the store needs to know."""

    text: str
    format: str  # json, xml, csv, tsv for solutions and booleans; an RDF format name for graphs
    store_arguments: dict = field(default_factory=dict)
    max_rows: int | None = None
    base_iri: str | None = None
    prefixes: dict | None = None
    #: the allow-list to check SERVICE against by reading the query whole, when the server could not
    #: tell from its tokens (:attr:`~cultuurgraaf.sparql.checks.CheckedQuery.needs_full_check`)
    check_against: tuple[str, ...] | None = None

    def message(self) -> tuple:
        """The job as a worker receives it: a plain tuple, cheaper to pickle than the object."""
        return (self.text, self.format, self.store_arguments, self.max_rows, self.base_iri, self.prefixes,
                self.check_against)


@dataclass(frozen=True)
class UpdateJob:
    """A change for the writer: a SPARQL Update, or a graph to replace (put), add to (post) or delete."""

    mode: str = "update"  # update, put, post, delete
    text: str | None = None
    base_iri: str | None = None
    graph: str | None = None
    data: bytes | None = None
    format: str | None = None
    #: as :attr:`QueryJob.check_against`: SERVICE and LOAD, read whole
    check_against: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Answer:
    kind: str  # solutions, boolean, graph, update
    format: str
    body: bytes = b""
    truncated_at: int | None = None
    generation: int | None = None

    def message(self) -> tuple:
        """The answer as a worker sends it back (see :meth:`QueryJob.message`)."""
        return (self.kind, self.format, self.body, self.truncated_at, self.generation)


# Running a job ----------------------------------------------------------------------------

def execute_query(store: "EmbeddedStore", job: QueryJob) -> Answer:
    """Run a query and write its answer in ``job.format``, at most ``job.max_rows`` rows or triples."""
    if job.check_against is not None:
        check_services(job.text, allowlist=job.check_against, base_iri=job.base_iri)
    try:
        return _answer(store, job)
    except (OSError, ValueError) as exc:  # evaluation is lazy: a failure can come while writing
        raise QueryFailed(f"the query failed: {exc}") from exc


def _answer(store: "EmbeddedStore", job: QueryJob) -> Answer:
    result = store.query(job.text, base_iri=job.base_iri, **job.store_arguments)
    if result.kind == "graph":
        fmt = job.format if job.format not in RESULT_FORMATS else "turtle"
        body = result.serialize(fmt, limit=job.max_rows, prefixes=job.prefixes)
        return Answer("graph", fmt, body, job.max_rows if result.truncated else None)
    fmt = job.format if job.format in RESULT_FORMATS else "json"
    if result.kind == "boolean":
        return Answer("boolean", fmt, result.serialize(fmt))
    body = result.serialize(fmt, limit=job.max_rows)
    if not result.truncated:
        return Answer("solutions", fmt, body)
    if fmt == "json":
        body = mark_truncated(body, job.max_rows)
    return Answer("solutions", fmt, body, truncated_at=job.max_rows)


def truncation_message(max_rows: int) -> str:
    return (f"the result was cut at {max_rows} rows, the most this endpoint returns at once; "
            "use ORDER BY with LIMIT and OFFSET to fetch the rest in pages")


def mark_truncated(body: bytes, max_rows: int) -> bytes:
    """Add the documented marker to a SPARQL JSON result that was cut at ``max_rows``.

    JSON clients ignore members they do not know; people and scripts can look for this one.

    >>> json.loads(mark_truncated(b'{"head":{"vars":["s"]},"results":{"bindings":[]}}', 2))["truncated"]["max_rows"]
    2
    """
    marker = json.dumps({"max_rows": max_rows, "message": truncation_message(max_rows)}, ensure_ascii=False,
                        separators=(",", ":"))
    return body.rstrip()[:-1] + b',"truncated":' + marker.encode("utf-8") + b"}"


def execute_update(store: "EmbeddedStore", job: UpdateJob, *, confirm: Callable[[], bool] | None = None) -> Answer:
    """Write a new generation: a copy of the current one with the update applied. ``confirm`` is
    asked just before it becomes current (see :meth:`EmbeddedStore.transaction`)."""
    if job.check_against is not None:
        check_services(job.text or "", allowlist=job.check_against, base_iri=job.base_iri, update=True)
    before = set(store.graphs()) if store.current_generation() else set()
    with store.transaction(confirm=confirm) as tx:
        if job.mode in ("put", "post"):
            # the new triples first: a load comes before the copy of what is kept
            name = tx.manifest.source_of(job.graph) or "load:" + job.graph
            tx.load(name, graph=job.graph, data=job.data or b"", format=job.format or "turtle",
                    info=tx.manifest.graphs.get(name))
        tx.copy_previous(except_graph=job.graph if job.mode in ("put", "delete") else None)
        if job.mode == "update":
            tx.update(job.text or "", base_iri=job.base_iri)
        counts = {str(row["g"]): int(row["n"]) for row in tx.query(GRAPH_COUNTS).rows()}
        record_changes(tx.manifest, counts, before=before, changed=None if job.mode == "update" else {job.graph})
    return Answer("update", "", generation=tx.generation)


def record_changes(manifest: "Manifest", counts: dict[str, int], *, before: set[str], changed: set[str] | None) -> None:
    """Keep the manifest true after an update.

    A source graph the update may have changed (``changed`` None: any) loses its checksum, so the
    next build maps that source again: the extracts stay the truth for source graphs. A graph the
    update created is kept by later builds, like a graph added with ``cultuurgraaf load``.
    """
    from ..store import GraphInfo, now

    known = set(manifest.project_graphs())
    for name, info in list(manifest.graphs.items()):
        info.triples = sum(counts.get(g, 0) for g in info.all_graphs)
        if name.startswith("load:"):
            if info.triples == 0:
                del manifest.graphs[name]
        elif changed is None or changed & set(info.all_graphs):
            info.checksum = ""
    for iri, triples in counts.items():
        if iri not in known and iri not in before:
            manifest.graphs["load:" + iri] = GraphInfo(iri=iri, triples=triples, loaded_at=now())


def leave_network() -> bool:
    """Move this process into a network namespace of its own, with no interface up (Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(clone_newnet) == 0:
        return True
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(clone_newuser | clone_newnet) != 0:
        return False
    # Map our own ids into the new user namespace, so the store's files stay readable.
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        try:
            with open(f"/proc/self/{name}", "w") as handle:
                handle.write(text)
        except OSError:
            pass
    return True


def error_message(exc: BaseException) -> tuple[str, str]:
    """An error as it crosses to the server: its kind's name and its message (a store failure while
    reading is a failed query, not the user's mistake)."""
    if isinstance(exc, errors.QueryError) and isinstance(exc.__cause__, OSError):
        return "QueryFailed", str(exc)
    return type(exc).__name__, str(exc)


def limit_memory(megabytes: int, *, lift: bool = False) -> None:
    """Limit the memory this process may allocate (0: no limit). File mappings (the store's) do not count.
    With ``lift``, the process may lift the limit again (:func:`lift_memory_limit`), to report that it
    ran out of memory rather than fail on the first allocation of the report."""
    if megabytes > 0:
        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (size, resource.getrlimit(resource.RLIMIT_DATA)[1] if lift else size))


def lift_memory_limit() -> None:
    """Lift the limit :func:`limit_memory` set with ``lift``."""
    hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
    resource.setrlimit(resource.RLIMIT_DATA, (hard, hard))


def worker_main(argv: list[str]) -> None:
    """A worker process (:data:`WORKER_COMMAND`), given ``FD STORE_PATH network|no-network MEMORY_MB PARENT_PID``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops its workers itself
    fd, store_path, network = int(argv[0]), argv[1], argv[2] == "network"
    sandboxed = False if network else leave_network()
    die_with(int(argv[4]))  # after leaving the network: a new user namespace would clear it
    limit_memory(int(argv[3]))
    sys.setrecursionlimit(FULL_CHECK_RECURSION)
    from ..store import EmbeddedStore  # after leaving the network: a new user namespace wants one thread

    conn = Connection(fd)
    store = EmbeddedStore(Path(store_path))
    conn.send(("ready", sandboxed))

    def confirm() -> bool:
        conn.send_bytes(pickle.dumps(("commit?", None, None)))
        return pickle.loads(conn.recv_bytes()) == "commit"

    given_back_at = held_mb()

    while True:
        try:
            job = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            if isinstance(job, UpdateJob):
                answer = execute_update(store, job, confirm=confirm)
            else:
                answer = execute_query(store, QueryJob(*job))
            message = ("ok", answer.message())
        except errors.CultuurgraafError as exc:
            message = ("error", error_message(exc))
        except MemoryError:  # Python's side of the memory limit (the store's side ends the process)
            message = ("error", ("QueryOutOfMemory", out_of_memory_message(int(argv[3]))))
        except RecursionError as exc:
            message = ("error", ("QueryError", f"the query is nested too deeply to be read: {exc}"))
        except Exception as exc:  # ours, not the user's: the parent logs it and answers 500
            import traceback

            message = ("crash", (type(exc).__name__, traceback.format_exc()))
        held = held_mb()
        if held > given_back_at + GIVE_BACK_AFTER_MB:
            give_back_memory()
            held = given_back_at = held_mb()
        try:
            conn.send_bytes(pickle.dumps((*message, held), protocol=pickle.HIGHEST_PROTOCOL))
        except (EOFError, OSError):
            return


def out_of_memory_message(megabytes: int) -> str:
    return (f"the query needed more than the {megabytes} MB of memory this endpoint gives one query, and was "
            "stopped; no partial result is given. Make it more selective (a LIMIT, fewer OPTIONALs, no growing "
            "strings) or ask the maintainers for a larger limit")
