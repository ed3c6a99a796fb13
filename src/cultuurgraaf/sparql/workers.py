"""Queries run in worker processes that can be stopped: a time limit, a row limit, and no network.

pyoxigraph has no timeout and no cancellation: a query runs until it ends. So the endpoint keeps
a small pool of worker processes. Each opens the store's current generation read-only (and opens
the new one when a build or an update has switched ``CURRENT``), runs one query at a time, and
writes the answer, cut at the row limit, before sending it back. A query that runs past the time
limit is not waited for: its worker is killed and replaced, and the caller gets
:class:`~cultuurgraaf.errors.QueryTimeout`, never a partial answer.

Where Linux allows it, query workers move into a network namespace of their own, with no
interface up: even a SERVICE clause that got past the check in :mod:`cultuurgraaf.sparql.checks` could
not reach any host. They keep the network only when the allow-list names endpoints.

Updates (SPARQL Update, Graph Store Protocol writes) run one at a time in a writer process of
their own. Each writes a new store generation through :meth:`EmbeddedStore.transaction`, starting
from a copy of the current one, so readers see the store before or after an update, never during.
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import logging
import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from .. import errors
from ..errors import QueryBusy, QueryFailed, ServiceRefused, UpdateRefused

if TYPE_CHECKING:
    from ..store import EmbeddedStore, Manifest

log = logging.getLogger("cultuurgraaf.queries")

STARTUP_TIMEOUT_S = 60.0
#: A request waits this long at least for a free worker (a worker that was just replaced takes a moment to start).
MIN_WAIT_S = 10.0
#: An update copies the whole store into a new generation, so it gets at least this long.
MIN_UPDATE_TIMEOUT_S = 60.0
RETRY_AFTER_S = 2
GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
RESULT_FORMATS = ("json", "xml", "csv", "tsv")
#: What a worker process runs. The module is imported under its own name (not run as __main__),
#: so that what the parent unpickles names cultuurgraaf.sparql.workers.
WORKER_COMMAND = "import sys; from cultuurgraaf.sparql.workers import worker_main; worker_main(sys.argv[1:])"


@dataclass(frozen=True)
class QueryJob:
    """A query for a worker: its text, the answer's format and what the store needs to know."""

    text: str
    format: str  # json, xml, csv, tsv for solutions and booleans; an RDF format name for graphs
    store_arguments: dict = field(default_factory=dict)
    max_rows: int | None = None
    base_iri: str | None = None
    prefixes: dict | None = None

    def message(self) -> tuple:
        """The job as a worker receives it: a plain tuple, cheaper to pickle than the object."""
        return (self.text, self.format, self.store_arguments, self.max_rows, self.base_iri, self.prefixes)


@dataclass(frozen=True)
class UpdateJob:
    """A change for the writer: a SPARQL Update, or a graph to replace (put), add to (post) or delete."""

    mode: str = "update"  # update, put, post, delete
    text: str | None = None
    base_iri: str | None = None
    graph: str | None = None
    data: bytes | None = None
    format: str | None = None


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


# Inside a worker ---------------------------------------------------------------------------

def execute_query(store: "EmbeddedStore", job: QueryJob) -> Answer:
    """Run a query and write its answer in ``job.format``, at most ``job.max_rows`` rows or triples."""
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


def execute_update(store: "EmbeddedStore", job: UpdateJob) -> Answer:
    """Write a new generation: a copy of the current one with the update applied."""
    before = set(store.graphs()) if store.current_generation() else set()
    with store.transaction() as tx:
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


def _leave_network() -> bool:
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


def _error_message(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, errors.QueryError) and isinstance(exc.__cause__, OSError):
        return "QueryFailed", str(exc)
    return type(exc).__name__, str(exc)


def worker_main(argv: list[str]) -> None:
    """A worker process (:data:`WORKER_COMMAND`), given ``FD STORE_PATH network|no-network``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops its workers itself
    fd, store_path, network = int(argv[0]), argv[1], argv[2] == "network"
    sandboxed = False if network else _leave_network()
    from ..store import EmbeddedStore  # after leaving the network: a new user namespace wants one thread

    conn = Connection(fd)
    store = EmbeddedStore(Path(store_path))
    conn.send(("ready", sandboxed))
    while True:
        try:
            job = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            if isinstance(job, UpdateJob):
                answer = execute_update(store, job)
            else:
                answer = execute_query(store, QueryJob(*job))
            message = ("ok", answer.message())
        except errors.CultuurgraafError as exc:
            message = ("error", _error_message(exc))
        except Exception as exc:  # ours, not the user's: the parent logs it and answers 500
            import traceback

            message = ("crash", (type(exc).__name__, traceback.format_exc()))
        conn.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))


# In the server -----------------------------------------------------------------------------

_ERRORS = {cls.__name__: cls for cls in (errors.QueryError, errors.QueryRefused, errors.StoreError,
                                          errors.RDFSyntaxError, QueryFailed, ServiceRefused, UpdateRefused)}


def execute_here(store: "EmbeddedStore", job: QueryJob) -> Answer:
    """:func:`execute_query` in this process, for a query that cannot run long
    (:func:`cultuurgraaf.sparql.bounded.is_bounded`): the same answer as from a worker, and the
    same error, as :meth:`WorkerPool.run` raises it after the trip back."""
    try:
        return execute_query(store, job)
    except errors.CultuurgraafError as exc:
        name, message = _error_message(exc)
        raise _ERRORS.get(name, errors.QueryError)(message) from None


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    conn: Connection
    sandboxed: bool = False


class WorkerPool:
    """``size`` worker processes for one store; at most ``max_waiting`` callers wait for a free one."""

    def __init__(self, store_path: Path, *, size: int, timeout_s: float, max_waiting: int, network: bool,
                 name: str = "query"):
        self.store_path = Path(store_path)
        self.size = max(1, size)
        self.timeout_s = timeout_s
        self.max_waiting = max(0, max_waiting)
        self.network = network
        self.name = name
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._idle: list[_Worker] = []
        self._waiters: deque = deque()
        self._running = False

    # life ------------------------------------------------------------------------------
    def start(self) -> None:
        with self._lock:
            if self._running:
                return
            self._running = True
        for _ in range(self.size):
            self._spawn()

    def close(self) -> None:
        with self._lock:
            self._running = False
            workers, self._workers, self._idle = list(self._workers), set(), []
            waiters, self._waiters = list(self._waiters), deque()
        for loop, future in waiters:
            loop.call_soon_threadsafe(_fail, future, QueryBusy("the endpoint is shutting down"))
        for worker in workers:
            _stop(worker)

    @property
    def sandboxed(self) -> bool:
        """Whether every started worker is cut off from the network."""
        with self._lock:
            return bool(self._workers) and all(w.sandboxed for w in self._workers)

    def _spawn(self) -> None:
        # A fresh interpreter (not multiprocessing's spawn), so that no caller's __main__ is run again.
        ours, theirs = socket.socketpair()
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", WORKER_COMMAND, str(theirs.fileno()), str(self.store_path),
                 "network" if self.network else "no-network"],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, close_fds=True)
        finally:
            theirs.close()
        worker = _Worker(process, Connection(ours.detach()))
        with self._lock:
            if not self._running:
                _stop(worker)
                return
            self._workers.add(worker)
        threading.Thread(target=self._await_ready, args=(worker,), daemon=True).start()

    def _await_ready(self, worker: _Worker) -> None:
        try:
            if worker.conn.poll(STARTUP_TIMEOUT_S):
                _, worker.sandboxed = worker.conn.recv()
                if not worker.sandboxed and not self.network:
                    log.warning("a %s worker could not leave the network; SERVICE is refused by the query check only",
                                self.name)
                self._release(worker)
                return
        except (EOFError, OSError):
            pass
        with self._lock:
            self._workers.discard(worker)
            if self._running:
                log.error("a %s worker process did not start (exit code %s)", self.name, worker.process.poll())
        _stop(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            known = worker in self._workers
            self._workers.discard(worker)
            running = self._running
        _stop(worker)
        if known and running:
            self._spawn()

    # handing workers out ---------------------------------------------------------------
    def _release(self, worker: _Worker) -> None:
        with self._lock:
            if worker not in self._workers:
                return
            while self._waiters:
                loop, future = self._waiters.popleft()
                try:
                    loop.call_soon_threadsafe(self._hand_over, future, worker)
                    return
                except RuntimeError:  # that caller's event loop is gone
                    continue
            self._idle.append(worker)

    def _hand_over(self, future: asyncio.Future, worker: _Worker) -> None:
        if future.done():
            self._release(worker)
        else:
            future.set_result(worker)

    async def _acquire(self, timeout: float) -> _Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
            if len(self._waiters) >= self.max_waiting:
                raise QueryBusy(f"all {self.size} {self.name} slots are busy and {len(self._waiters)} requests are "
                                f"waiting; try again in a few seconds")
            loop = asyncio.get_running_loop()
            future = loop.create_future()
            self._waiters.append((loop, future))
        try:
            return await asyncio.wait_for(future, timeout)
        except asyncio.TimeoutError:
            raise QueryBusy(f"no {self.name} slot came free within {timeout:g} s; try again later") from None
        finally:
            with self._lock:
                try:
                    self._waiters.remove((loop, future))
                except ValueError:
                    pass

    async def run(self, job: QueryJob | UpdateJob) -> Answer:
        """Run a job in a worker; a job past the time limit stops its worker and raises QueryTimeout."""
        if not self._running:
            self.start()
        loop = asyncio.get_running_loop()
        worker = await self._acquire(max(self.timeout_s, MIN_WAIT_S))
        finished = False
        try:
            conn = worker.conn
            fd = conn.fileno()
            os.set_blocking(fd, True)  # an event loop's add_reader may have left it non-blocking (uvloop does)
            # plain pickle: multiprocessing's own pickler costs more for these small messages
            conn.send_bytes(pickle.dumps(job.message() if isinstance(job, QueryJob) else job,
                                         protocol=pickle.HIGHEST_PROTOCOL))
            # The event loop says when the answer starts to arrive; a timer says when it is too late.
            arrived = loop.create_future()
            loop.add_reader(fd, _settle, arrived, True)
            timer = loop.call_later(self.timeout_s, _settle, arrived, False)
            try:
                in_time = await arrived
            finally:
                timer.cancel()
                loop.remove_reader(fd)
            if not in_time:
                raise errors.QueryTimeout(
                    f"the {self.name} ran longer than {self.timeout_s:g} s and was stopped; no partial result is "
                    "given. Make it more selective (a LIMIT, fewer OPTIONALs, a narrower pattern) or ask "
                    "the maintainers for a longer limit")
            os.set_blocking(fd, True)
            status, payload = pickle.loads(conn.recv_bytes())
            finished = True
        except (EOFError, OSError, BrokenPipeError) as exc:
            code = await exit_code(worker.process)
            log.error("a %s stopped its worker process (%s)", self.name, how_it_ended(code))
            if code == -signal.SIGSEGV:  # Rust is memory-safe: this is the engine's stack running out
                raise errors.QueryTooComplex(
                    f"the {self.name} nests or chains too deeply for the query engine's stack: it ended its worker "
                    "process (SIGSEGV), which was replaced", hint="make the query simpler") from exc
            raise QueryFailed(f"the {self.name} stopped its worker process ({how_it_ended(code)}); it was "
                              "replaced") from exc
        finally:
            if finished:
                self._release(worker)
            else:
                self._replace(worker)
        if status == "error":
            name, message = payload
            raise _ERRORS.get(name, errors.QueryError)(message)
        if status == "crash":
            raise RuntimeError(f"a {self.name} worker failed: {payload[1]}")
        return Answer(*payload)


async def exit_code(process: subprocess.Popen) -> int | None:
    """The exit code of a worker process that stopped answering (minus the signal that ended it);
    None if it is still running."""
    try:
        return await asyncio.to_thread(process.wait, 2)
    except subprocess.TimeoutExpired:
        return None


def how_it_ended(code: int | None) -> str:
    """How a worker process ended, said for people.

    >>> how_it_ended(-9)
    'it was ended by SIGKILL'
    """
    if code is None:
        return "it stopped answering"
    if code >= 0:
        return f"it exited with code {code}"
    return f"it was ended by {signal.Signals(-code).name if -code in signal.valid_signals() else -code}"


def _settle(future: asyncio.Future, value: bool) -> None:
    if not future.done():
        future.set_result(value)


def _fail(future: asyncio.Future, exc: Exception) -> None:
    if not future.done():
        future.set_exception(exc)


def _stop(worker: _Worker) -> None:
    try:
        worker.process.kill()
    except (OSError, AttributeError, ValueError):
        pass
    try:
        worker.conn.close()
    except OSError:
        pass
    threading.Thread(target=worker.process.wait, daemon=True).start()


class QueryService:
    """The endpoint's two pools: query workers, and one writer for updates (when updates are allowed)."""

    def __init__(self, store_path: Path, *, timeout_s: float, max_concurrent: int, max_waiting: int,
                 network: bool, updates: bool = False):
        self.accepts_updates = updates
        self.queries = WorkerPool(store_path, size=max_concurrent, timeout_s=timeout_s, max_waiting=max_waiting,
                                  network=network, name="query")
        self.updates = WorkerPool(store_path, size=1, timeout_s=max(timeout_s, MIN_UPDATE_TIMEOUT_S),
                                  max_waiting=max_waiting, network=True, name="update")

    def start(self) -> None:
        self.queries.start()
        if self.accepts_updates:
            self.updates.start()

    def close(self) -> None:
        self.queries.close()
        self.updates.close()

    async def query(self, job: QueryJob) -> Answer:
        return await self.queries.run(job)

    async def update(self, job: UpdateJob) -> Answer:
        return await self.updates.run(job)

