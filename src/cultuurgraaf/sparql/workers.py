"""Queries run in worker processes that can be stopped, and wait their turn in a fair line.

pyoxigraph has no timeout and no cancellation: a query runs until it ends. So the endpoint keeps
a small pool of worker processes (:mod:`cultuurgraaf.sparql.jobs` says what each does). Each
opens the store's current generation read-only (and opens the new one when a build or an update
has switched ``CURRENT``), runs one query at a time, and writes the answer, cut at the row limit,
before sending it back. A query that runs past the time limit is not waited for: its worker is
killed and replaced, and the caller gets :class:`~cultuurgraaf.errors.QueryTimeout`, never a
partial answer; one that needs more memory than its worker may take stops that worker, and the
caller gets :class:`~cultuurgraaf.errors.QueryOutOfMemory`. A worker is also replaced, between
queries, once it has answered ``max_jobs`` of them or still holds more than ``max_held_mb`` after
one (what its allocator and the store's caches keep grows with what it has run), so that the memory
of a long-running server levels off.

Who gets a worker, so that no one client, and no few long queries, hold up everyone else:

- one client (one address) has at most ``max_per_client`` queries running or waiting; one more is
  refused at once (:class:`~cultuurgraaf.errors.ClientBusy`);
- at most ``max_waiting`` queries wait, each at most ``wait_s`` (shorter than the time limit);
- a worker that comes free goes to the waiting query whose client has the fewest queries running,
  the oldest of those first;
- a query still running after ``long_after_s`` becomes a *long* query, which runs on at a lower CPU
  priority. At most ``max_long`` run at once, and one per client: the other workers stay free for
  ordinary queries. A query that would be one too many is stopped then, and the caller told to try
  again later.

Updates (SPARQL Update, Graph Store Protocol writes) run one at a time in a writer process of
their own. Each writes a new store generation through :meth:`EmbeddedStore.transaction`, starting
from a copy of the current one, so readers see the store before or after an update, never during.
The writer asks before it switches to the new generation; the server says yes only while the
caller still waits, so an update whose client has gone is not applied.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from .. import errors
from ..errors import ClientBusy, QueryBusy, QueryFailed, QueryOutOfMemory, ServiceRefused, UpdateRefused
from .jobs import (OUT_OF_MEMORY_MARKERS, WORKER_COMMAND, Answer, QueryJob, UpdateJob, error_message,
                   execute_query, out_of_memory_message)

if TYPE_CHECKING:
    from ..config import ServerConfig
    from ..store import EmbeddedStore

log = logging.getLogger("cultuurgraaf.queries")

STARTUP_TIMEOUT_S = 60.0
#: An update copies the whole store into a new generation, so it gets at least this long.
MIN_UPDATE_TIMEOUT_S = 60.0
RETRY_AFTER_S = 2
#: The CPU priority (nice value) of a worker while it runs a long query.
LONG_QUERY_NICE = 10

_ERRORS = {cls.__name__: cls for cls in (errors.QueryError, errors.QueryRefused, errors.StoreError,
                                          errors.RDFSyntaxError, errors.InputTooLarge, errors.QueryTooComplex,
                                          QueryFailed, QueryOutOfMemory, ServiceRefused, UpdateRefused)}


def execute_here(store: "EmbeddedStore", job: QueryJob) -> Answer:
    """:func:`execute_query` in this process, for a query that cannot run long
    (:func:`cultuurgraaf.sparql.bounded.is_bounded`): the same answer as from a worker, and the
    same error, as :meth:`WorkerPool.run` raises it after the trip back."""
    try:
        return execute_query(store, job)
    except errors.CultuurgraafError as exc:
        name, message = error_message(exc)
        raise _ERRORS.get(name, errors.QueryError)(message) from None


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    conn: Connection
    output: "ErrorOutput"
    sandboxed: bool = False
    #: jobs it has finished
    served: int = 0


@dataclass(eq=False)
class _Waiter:
    turn: int
    client: str | None
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future


class WorkerPool:
    """``size`` worker processes for one store, and the line of queries waiting for them (see above)."""

    def __init__(self, store_path: Path, *, size: int, timeout_s: float, max_waiting: int, network: bool,
                 name: str = "query", wait_s: float | None = None, max_per_client: int = 0,
                 long_after_s: float | None = None, max_long: int | None = None, memory_mb: int = 0,
                 max_jobs: int = 0, max_held_mb: int = 0):
        self.store_path = Path(store_path)
        self.size = max(1, size)
        self.timeout_s = timeout_s
        self.max_waiting = max(0, max_waiting)
        self.wait_s = timeout_s if wait_s is None else wait_s
        self.max_per_client = max(0, max_per_client)
        self.long_after_s = long_after_s if long_after_s and long_after_s < timeout_s else None
        self.max_long = self.size if max_long is None else max(1, min(max_long, self.size))
        self.memory_mb = max(0, memory_mb)
        self.max_jobs = max(0, max_jobs)
        self.max_held_mb = max(0, max_held_mb)
        self.network = network
        self.name = name
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._idle: list[_Worker] = []
        self._waiters: list[_Waiter] = []
        self._turns = itertools.count()
        self._held: Counter = Counter()  # per client: queries running or waiting
        self._busy: Counter = Counter()  # per client: queries running
        self._long: Counter = Counter()  # per client: long queries running
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
            waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            waiter.loop.call_soon_threadsafe(_fail, waiter.future, QueryBusy("the endpoint is shutting down"))
        for worker in workers:
            _stop(worker)

    @property
    def sandboxed(self) -> bool:
        """Whether every started worker is cut off from the network."""
        with self._lock:
            return bool(self._workers) and all(w.sandboxed for w in self._workers)

    def pids(self) -> list[int]:
        """The process ids of the workers (for tests and benchmarks)."""
        with self._lock:
            return [w.process.pid for w in self._workers]

    def _spawn(self) -> None:
        # A fresh interpreter (not multiprocessing's spawn), so that no caller's __main__ is run again.
        # Called from the event loop's thread only (start, and a job's end): the kernel's parent-death
        # signal follows the thread that started a process, and that thread lives as long as the pool.
        ours, theirs = socket.socketpair()
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", WORKER_COMMAND, str(theirs.fileno()), str(self.store_path),
                 "network" if self.network else "no-network", str(self.memory_mb), str(os.getpid())],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, close_fds=True)
        finally:
            theirs.close()
        worker = _Worker(process, Connection(ours.detach()), ErrorOutput(process, f"a {self.name} worker"))
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

    # the waiting line ------------------------------------------------------------------
    def _admit(self, client: str | None) -> None:
        with self._lock:
            if self.max_per_client and client is not None and self._held[client] >= self.max_per_client:
                raise ClientBusy(f"you already have {self._held[client]} queries running or waiting here, the most "
                                 "this endpoint takes from one client; send the next when one has been answered")
            self._held[client] += 1

    def _release(self, worker: _Worker) -> None:
        """Give a free worker to the waiting query whose client has the fewest running, or keep it idle."""
        with self._lock:
            if worker not in self._workers:
                return
            while self._waiters:
                waiter = min(self._waiters, key=lambda w: (self._busy[w.client], w.turn))
                self._waiters.remove(waiter)
                try:
                    waiter.loop.call_soon_threadsafe(self._hand_over, waiter, worker)
                except RuntimeError:  # that caller's event loop is gone
                    continue
                self._busy[waiter.client] += 1
                return
            self._idle.append(worker)

    def _hand_over(self, waiter: _Waiter, worker: _Worker) -> None:
        if waiter.future.done():  # it stopped waiting meanwhile
            with self._lock:
                self._busy[waiter.client] -= 1
            self._release(worker)
        else:
            waiter.future.set_result(worker)

    async def _acquire(self, client: str | None) -> _Worker:
        with self._lock:
            if self._idle:
                self._busy[client] += 1
                return self._idle.pop()
            if len(self._waiters) >= self.max_waiting:
                raise QueryBusy(f"all {self.size} {self.name} slots are busy and {len(self._waiters)} requests are "
                                f"waiting; try again in a few seconds")
            loop = asyncio.get_running_loop()
            waiter = _Waiter(next(self._turns), client, loop, loop.create_future())
            self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(waiter.future, self.wait_s)
        except asyncio.TimeoutError:
            raise QueryBusy(f"no {self.name} slot came free within {self.wait_s:g} s; try again later") from None
        finally:
            with self._lock:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)

    def _become_long(self, client: str | None) -> bool:
        with self._lock:
            if sum(self._long.values()) >= self.max_long or (client is not None and self._long[client]):
                return False
            self._long[client] += 1
            return True

    def _leave(self, client: str | None, *, had_worker: bool, long: bool) -> None:
        with self._lock:
            for counter, taken in ((self._held, True), (self._busy, had_worker), (self._long, long)):
                if taken:
                    counter[client] -= 1
                    if counter[client] <= 0:
                        del counter[client]

    # running a job ---------------------------------------------------------------------
    async def run(self, job: QueryJob | UpdateJob, *, client: str | None = None) -> Answer:
        """Run a job in a worker for ``client`` (an address; None: not counted per client).

        A job past the time limit stops its worker and raises QueryTimeout; one that runs long while
        the long slots are taken stops it and raises QueryBusy.
        """
        if not self._running:
            self.start()
        loop = asyncio.get_running_loop()
        self._admit(client)
        worker: _Worker | None = None
        long = finished = handed_off = False
        held_mb = 0.0
        try:
            worker = await self._acquire(client)
            conn = worker.conn
            os.set_blocking(conn.fileno(), True)  # an event loop's add_reader may have left it non-blocking
            # plain pickle: multiprocessing's own pickler costs more for these small messages
            conn.send_bytes(pickle.dumps(job.message() if isinstance(job, QueryJob) else job,
                                         protocol=pickle.HIGHEST_PROTOCOL))
            deadline = loop.time() + self.timeout_s
            arrived = await _arrival(loop, conn, self.long_after_s or self.timeout_s)
            if not arrived and self.long_after_s is not None:
                long = self._become_long(client)
                if not long:
                    raise QueryBusy(f"this query ran past {self.long_after_s:g} s while this endpoint already runs as "
                                    "many long queries as it allows (one per client), keeping its other workers "
                                    "for short ones; it was stopped. Try again later, or make it faster")
                _renice(worker, LONG_QUERY_NICE)
                arrived = await _arrival(loop, conn, deadline - loop.time())
            if not arrived:
                raise errors.QueryTimeout(
                    f"the {self.name} ran longer than {self.timeout_s:g} s and was stopped; no partial result is "
                    "given. Make it more selective (a LIMIT, fewer OPTIONALs, a narrower pattern) or ask "
                    "the maintainers for a longer limit")
            status, payload, held_mb = _receive(conn)
            if status == "commit?":  # the writer is ready to apply an update, and this caller still waits
                conn.send_bytes(pickle.dumps("commit"))
                handed_off = True  # applied from here on: the writer finishes it, whatever this caller does
                finish = asyncio.ensure_future(self._finish_commit(loop, worker, deadline))
                finish.add_done_callback(lambda done: done.cancelled() or done.exception())
                status, payload, held_mb = await asyncio.shield(finish)
            finished = True
        except (EOFError, OSError, BrokenPipeError) as exc:
            if worker is not None and await asyncio.to_thread(worker.output.died_of_memory):
                raise QueryOutOfMemory(out_of_memory_message(self.memory_mb)) from None
            code = await exit_code(worker.process) if worker is not None else None
            log.error("a %s stopped its worker process (%s)", self.name, how_it_ended(code))
            if code == -signal.SIGSEGV:  # Rust is memory-safe: this is the engine's stack running out
                raise errors.QueryTooComplex(
                    f"the {self.name} nests or chains too deeply for the query engine's stack: it ended its worker "
                    "process (SIGSEGV), which was replaced", hint="make the query simpler") from exc
            raise QueryFailed(f"the {self.name} stopped its worker process ({how_it_ended(code)}); it was "
                              "replaced") from exc
        finally:
            self._leave(client, had_worker=worker is not None, long=long)
            if worker is not None and not handed_off:
                # a worker whose priority cannot be raised back after a long query is replaced
                if finished and (not long or _renice(worker, 0)) and not self._worn(worker, held_mb):
                    self._release(worker)
                else:
                    self._replace(worker)
        if status == "error":
            name, message = payload
            raise _ERRORS.get(name, errors.QueryError)(message)
        if status == "crash":
            raise RuntimeError(f"a {self.name} worker failed: {payload[1]}")
        return Answer(*payload)

    def _worn(self, worker: _Worker, held_mb: float) -> bool:
        """Whether a worker that finished a job is to be replaced by a fresh one (see above)."""
        worker.served += 1
        if self.max_jobs and worker.served >= self.max_jobs:
            log.info("a %s worker was replaced after %d jobs (holding %.0f MB)", self.name, worker.served, held_mb)
            return True
        if self.max_held_mb and held_mb > self.max_held_mb:
            log.info("a %s worker was replaced: it held %.0f MB after a job, more than %d MB", self.name, held_mb,
                     self.max_held_mb)
            return True
        return False

    async def _finish_commit(self, loop: asyncio.AbstractEventLoop, worker: _Worker, deadline: float) -> tuple:
        """The writer's answer once it was told to apply an update; then it goes back to the pool."""
        try:
            if not await _arrival(loop, worker.conn, max(deadline - loop.time(), MIN_UPDATE_TIMEOUT_S)):
                raise QueryFailed("the update was applied, but its writer did not say so in time; it was replaced")
            answer = _receive(worker.conn)
        except BaseException:
            self._replace(worker)
            raise
        self._release(worker)
        return answer


async def _arrival(loop: asyncio.AbstractEventLoop, conn: Connection, seconds: float) -> bool:
    """Whether the worker's next message starts to arrive within ``seconds`` (the event loop says when)."""
    fd = conn.fileno()
    arrived = loop.create_future()
    loop.add_reader(fd, _settle, arrived, True)
    timer = loop.call_later(max(0.0, seconds), _settle, arrived, False)
    try:
        return await arrived
    finally:
        timer.cancel()
        loop.remove_reader(fd)


def _receive(conn: Connection) -> tuple:
    os.set_blocking(conn.fileno(), True)
    return pickle.loads(conn.recv_bytes())


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


def _renice(worker: _Worker, value: int) -> bool:
    """Set a worker's CPU priority; False where that is not allowed (raising it back needs privileges)."""
    try:
        os.setpriority(os.PRIO_PROCESS, worker.process.pid, value)
        return True
    except OSError:
        return False


class ErrorOutput:
    """A worker process's error output, read in a thread of its own and passed on, except an
    allocator's out-of-memory message, which is noted (its backtrace is left out): the worker
    ended on its memory limit (``RLIMIT_DATA``, :func:`cultuurgraaf.sparql.jobs.limit_memory`)."""

    def __init__(self, process: subprocess.Popen, name: str):
        self.process, self.name = process, name
        self.out_of_memory = False
        self.closed = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for line in self.process.stderr:
                text = line.decode("utf-8", "replace")
                if any(marker in text for marker in OUT_OF_MEMORY_MARKERS):
                    self.out_of_memory = True
                    log.warning("%s ran out of its memory limit: %s", self.name, text.strip())
                elif not self.out_of_memory:
                    sys.stderr.write(text)
        except (OSError, ValueError):
            pass
        finally:
            self.closed.set()

    def died_of_memory(self) -> bool:
        """Whether the worker, which stopped answering, ended on its memory limit (waits for it to end, briefly)."""
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return False
        return self.closed.wait(timeout=5) and self.out_of_memory


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

    def __init__(self, store_path: Path, settings: "ServerConfig", *, network: bool, updates: bool = False):
        self.accepts_updates = updates
        self.queries = WorkerPool(store_path, size=settings.max_concurrent_queries, timeout_s=settings.query_timeout_s,
                                  max_waiting=settings.max_queued_queries, wait_s=settings.queue_wait_s,
                                  max_per_client=settings.max_queries_per_client, long_after_s=settings.long_query_s,
                                  max_long=settings.max_long_queries, memory_mb=settings.query_memory_mb,
                                  max_jobs=settings.worker_max_queries, max_held_mb=settings.worker_max_held_mb,
                                  network=network, name="query")
        self.updates = WorkerPool(store_path, size=1, timeout_s=max(settings.query_timeout_s, MIN_UPDATE_TIMEOUT_S),
                                  max_waiting=settings.max_queued_queries, memory_mb=settings.update_memory_mb,
                                  network=True, name="update")

    def start(self) -> None:
        self.queries.start()
        if self.accepts_updates:
            self.updates.start()

    def close(self) -> None:
        self.queries.close()
        self.updates.close()

    async def query(self, job: QueryJob, *, client: str | None = None) -> Answer:
        return await self.queries.run(job, client=client)

    async def update(self, job: UpdateJob) -> Answer:
        return await self.updates.run(job)
