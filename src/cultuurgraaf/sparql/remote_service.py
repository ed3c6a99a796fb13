"""The endpoint's queries when the store is a SPARQL server: run in threads, limited by the server.

With the embedded store, queries run in worker processes that can be stopped at the time limit
(:mod:`cultuurgraaf.sparql.workers`). A remote store has its own time limit, and the HTTP client
has a timeout, so a query here is a request in a thread; the same answers and errors come out.
At most ``max_concurrent`` run at once, and at most ``max_waiting`` wait for a turn. Updates
through the endpoint are refused: the SPARQL server takes them directly.
"""

from __future__ import annotations

import asyncio
import threading

from ..errors import QueryBusy, QueryTimeout, UpdateRefused
from .jobs import Answer, QueryJob, UpdateJob, execute_query


class RemoteQueryService:
    """The same interface as :class:`cultuurgraaf.sparql.workers.QueryService`, for a remote store."""

    accepts_updates = False

    def __init__(self, store, *, timeout_s: float, max_concurrent: int, max_waiting: int):
        self.store = store
        self.timeout_s = timeout_s
        self._slots = threading.BoundedSemaphore(max_concurrent)
        self._waiting = 0
        self._max_waiting = max_waiting
        self._lock = threading.Lock()

    def start(self) -> None:
        """Nothing to start: the server is already running."""

    def close(self) -> None:
        """Nothing to stop."""

    async def query(self, job: QueryJob, *, client: str | None = None) -> Answer:
        """Run a query in a thread; ``client`` is not counted here: the SPARQL server has its own limits."""
        with self._lock:
            if self._waiting >= self._max_waiting:
                raise QueryBusy("too many queries are waiting; try again in a moment")
            self._waiting += 1
        try:
            # asyncio.timeout rather than wait_for, which wraps the wait in a task of its own (20 us a query)
            async with asyncio.timeout(self.timeout_s):
                return await asyncio.to_thread(self._run, job)
        except TimeoutError as exc:
            raise QueryTimeout(f"the query ran longer than {self.timeout_s:g} s and was stopped") from exc
        finally:
            with self._lock:
                self._waiting -= 1

    def _run(self, job: QueryJob) -> Answer:
        with self._slots:
            return execute_query(self.store, job)

    async def update(self, job: UpdateJob) -> Answer:
        raise UpdateRefused("this project's store is a SPARQL server: send updates to that server directly")
