"""What the endpoint does with a query, an update or a graph once the request is read.

The web layer reads a request, checks its query (:meth:`SparqlService.check`), chooses the
answer's format and asks :meth:`SparqlService.answer`; this module decides where the query runs:

- a query that cannot run long (:func:`~cultuurgraaf.sparql.bounded.is_bounded`, with a row limit
  on and the protocol's dataset not given) is answered here, on the embedded store the pages read;
- every other one by a worker process that the time and memory limits can stop, in its turn
  (:class:`~cultuurgraaf.sparql.workers.QueryService`), or, when the store is a SPARQL server, by a
  thread waiting on it (:class:`~cultuurgraaf.sparql.remote_service.RemoteQueryService`).

The check that runs here reads a query's tokens only, in time linear in its length (and, for a
long query, in a thread, so that the event loop goes on serving other requests meanwhile). A
SERVICE clause that only a full parse can judge is judged in the worker, before the query runs,
where the time and memory that takes count against the query's own limits.

Updates and Graph Store Protocol writes go to the one writer, one at a time.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from ..config import Project
from ..errors import NotFound
from ..vocab import PREFIXES
from .bounded import ROWS_HERE, is_bounded
from .checks import CheckedQuery, Dataset, screen_query, screen_update, with_using
from .examples import examples, queries_folder
from .jobs import Answer, QueryJob, UpdateJob
from .remote_service import RemoteQueryService
from .workers import QueryService, execute_here

#: A query longer than this (characters) is checked in a thread rather than in the event loop.
CHECK_IN_A_THREAD = 64_000


class SparqlService:
    """The endpoint's queries and updates for one project's store."""

    def __init__(self, project: Project, store):
        self.project = project
        self.settings = project.server
        self.store = store
        #: where queries that may run long go: worker processes, or threads waiting on a SPARQL server
        self.runner = self._runner()
        #: how many queries were answered in this process (for tests and benchmarks)
        self.answered_here = 0

    def _runner(self) -> QueryService | RemoteQueryService:
        settings = self.settings
        if self.store.location_kind == "remote":
            return RemoteQueryService(self.store, timeout_s=settings.query_timeout_s,
                                      max_concurrent=settings.max_concurrent_queries,
                                      max_waiting=settings.max_queued_queries)
        return QueryService(self.store.path, settings, network=bool(settings.service_allowlist),
                            updates=bool(settings.update_token))

    def start(self) -> None:
        """Start the workers now, so that the first query does not wait for them."""
        self.runner.start()

    def close(self) -> None:
        self.runner.close()

    # queries -----------------------------------------------------------------------------
    async def check(self, text: str | None, *, base_iri: str | None) -> CheckedQuery:
        """The query checked against this endpoint's rules (its SERVICE allow-list), as far as its
        tokens tell (:func:`~cultuurgraaf.sparql.checks.screen_query`)."""
        allowlist = self.settings.service_allowlist
        if text is not None and len(text) > CHECK_IN_A_THREAD:
            return await asyncio.to_thread(screen_query, text, allowlist=allowlist, base_iri=base_iri)
        return screen_query(text, allowlist=allowlist, base_iri=base_iri)

    async def answer(self, checked: CheckedQuery, *, format: str, dataset: Dataset = Dataset(),
                     base_iri: str | None = None, client: str | None = None) -> Answer:
        """Run a checked query where it belongs and write its answer in ``format``, cut at the row limit.

        ``client`` (its address) is counted against the limits per client. The answer's own format
        says what it is when the query's form was other than it looked.
        """
        job = QueryJob(text=checked.text, format=format, store_arguments=checked.store_arguments(dataset),
                       max_rows=self.settings.max_rows or None, base_iri=base_iri,
                       prefixes=PREFIXES if checked.gives_graph else None,
                       check_against=self.settings.service_allowlist if checked.needs_full_check else None)
        if self._answerable_here(job, dataset) and not checked.needs_full_check and is_bounded(checked.text):
            answer = self._answer_here(job)
            if answer is not None:
                self.answered_here += 1
                return answer
        return await self.runner.query(job, client=client)

    def _answerable_here(self, job: QueryJob, dataset: Dataset) -> bool:
        """Whether this process may answer a bounded query itself: a row limit bounds it, the
        store is the embedded one the workers read too, and the dataset is the query's own."""
        return bool(job.max_rows) and self.store.location_kind == "embedded" and not dataset.given

    def _answer_here(self, job: QueryJob) -> Answer | None:
        """The answer to a bounded query, written here if it has at most ``ROWS_HERE`` rows (or the
        row limit is lower); None when it has more, for a worker to write: each row costs the event
        loop time, and this keeps what one query holds it up for small.

        An answer that was not cut does not depend on the limit it was written with, so the answer
        is the one a worker gives.
        """
        rows = min(job.max_rows, ROWS_HERE)
        answer = execute_here(self.store, replace(job, max_rows=rows))
        if answer.truncated_at is not None and rows < job.max_rows:
            return None
        return answer

    def examples(self) -> list[dict]:
        """The example queries offered on the query page."""
        return examples(queries_folder(self.project))

    # graphs and updates -------------------------------------------------------------------
    async def read_graph(self, graph: str | None, *, format: str) -> Answer:
        """A graph of the store in ``format``, or (``graph`` None) the store's own default graph."""
        if graph is not None:
            await self._require_graph(graph)
            text, arguments = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", {}
        else:
            text, arguments = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"union_default_graph": False}
        return await self.runner.query(QueryJob(text=text, format=format, store_arguments=arguments,
                                                max_rows=self.settings.max_rows or None, prefixes=PREFIXES))

    async def update(self, text: str | None, *, base_iri: str | None, using_graphs: tuple[str, ...] = (),
                     using_named_graphs: tuple[str, ...] = ()) -> Answer:
        """Check a SPARQL Update, give it the protocol's dataset, and run it in the writer.

        What the tokens cannot tell of its SERVICE and LOAD clauses, the writer checks first."""
        allowlist = self.settings.service_allowlist

        def prepare() -> tuple[str, bool]:
            decided = screen_update(text, allowlist=allowlist, base_iri=base_iri)
            return with_using(text, using_graphs=using_graphs, using_named_graphs=using_named_graphs), decided

        prepared, decided = await asyncio.to_thread(prepare)
        return await self.runner.update(UpdateJob(mode="update", text=prepared, base_iri=base_iri,
                                                  check_against=None if decided else allowlist))

    async def write_graph(self, mode: str, graph: str, *, data: bytes = b"", format: str | None = None) -> bool:
        """Replace (``put``), add to (``post``) or ``delete`` a named graph; whether it was there before."""
        existed = graph in await asyncio.to_thread(self.store.graphs)
        if mode == "delete":
            if not existed:
                raise NotFound(f"the store has no graph <{graph}>")
            job = UpdateJob(mode="delete", graph=graph)
        else:
            job = UpdateJob(mode=mode, graph=graph, data=data, format=format)
        await self.runner.update(job)
        return existed

    async def _require_graph(self, graph: str) -> None:
        if graph not in await asyncio.to_thread(self.store.graphs):
            raise NotFound(f"the store has no graph <{graph}>", hint="GET /sparql describes the graphs it has")

