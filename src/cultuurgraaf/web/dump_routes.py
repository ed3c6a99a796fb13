"""Dumps, streamed: the whole store as N-Quads (/dump.nq, every triple with its graph) or the graph of
one source as N-Triples (/dump/{source}.nt).

The store writes the dump in a thread of its own into a small queue that the response empties as
fast as the client reads: when the queue is full (a slow client), the writer waits, so a dump of
millions of quads neither waits to be complete nor sits in memory, and when the client goes away
the writer stops at its next write. At most ``[server] max_concurrent_dumps`` dumps stream at once
(each keeps a thread and a core busy); one more is answered 503 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import threading

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from ..errors import NotFound, QueryBusy
from ..store import EmbeddedStore

router = APIRouter()
CHUNK = 1 << 16
#: Chunks a dump may have written ahead of its client.
AHEAD = 8
_DONE = object()


class _Stopped(Exception):
    """The client went away: the dump stops."""


class DumpSlots:
    """How many dumps stream at once, at most ``limit`` (0: no limit). Used from the event loop only."""

    def __init__(self, limit: int):
        self.limit = limit
        self.taken = 0

    def take(self) -> None:
        if self.limit and self.taken >= self.limit:
            raise QueryBusy(f"{self.taken} dumps are being downloaded, the most this server streams at once; "
                            "try again in a moment")
        self.taken += 1

    def give_back(self) -> None:
        self.taken -= 1


class _QueueWriter(io.RawIOBase):
    """A file for the store to write to, which hands each chunk to the event loop's queue and waits
    while that is full."""

    def __init__(self, chunks: asyncio.Queue, loop: asyncio.AbstractEventLoop, stopped: threading.Event):
        self.chunks = chunks
        self.loop = loop
        self.stopped = stopped

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.put(bytes(data))
        return len(data)

    def put(self, item) -> None:
        waiting = asyncio.run_coroutine_threadsafe(self.chunks.put(item), self.loop)
        while True:
            if self.stopped.is_set():
                waiting.cancel()
                raise _Stopped()
            try:
                return waiting.result(timeout=0.5)
            except concurrent.futures.TimeoutError:
                continue


async def _stream(store: EmbeddedStore, graph: str | None, format: str):
    chunks: asyncio.Queue = asyncio.Queue(maxsize=AHEAD)
    stopped = threading.Event()
    writer = _QueueWriter(chunks, asyncio.get_running_loop(), stopped)

    def produce() -> None:
        try:
            with io.BufferedWriter(writer, buffer_size=CHUNK) as out:
                store.dump(out, format=format, graph=graph)
            writer.put(_DONE)
        except _Stopped:
            return
        except BaseException as exc:  # handed to the response, which ends the stream
            try:
                writer.put(exc)
            except _Stopped:
                return

    threading.Thread(target=produce, name="dump", daemon=True).start()
    try:
        while True:
            item = await chunks.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stopped.set()


class _Dump(StreamingResponse):
    """A dump's response, which gives its slot back when it has been sent or the client has gone."""

    def __init__(self, content, *, slots: DumpSlots, **options):
        super().__init__(content, **options)
        self.slots = slots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.slots.give_back()


def _response(request: Request, graph: str | None, name: str) -> StreamingResponse:
    state = request.app.state.cg
    store = state.store
    generation = store.current_generation()
    format, media, extension = ("nquads", "application/n-quads", "nq") if graph is None else \
        ("ntriples", "application/n-triples", "nt")
    state.dump_slots.take()
    return _Dump(_stream(store, graph, format), slots=state.dump_slots, media_type=media, headers={
        "Content-Disposition": f'inline; filename="cultuurgraaf-{name}-{generation}.{extension}"',
        "X-Content-Type-Options": "nosniff"})


@router.get("/dump.nq")
async def dump_all(request: Request) -> StreamingResponse:
    """Every graph of the store, with its graph name."""
    return _response(request, None, "alles")


@router.get("/dump/{name}.nt")
async def dump_source(name: str, request: Request) -> StreamingResponse:
    """The graph of one source (by its name in the project file), or ``meta`` for the catalogue."""
    state = request.app.state.cg
    graphs = {source: info.iri for source, info in state.store.manifest().graphs.items()}
    graphs["meta"] = state.project.iris.meta_graph
    if name not in graphs:
        raise NotFound(f"there is no source named '{name}'", hint=f"dumps exist for: {', '.join(sorted(graphs))}")
    return _response(request, graphs[name], name)
