"""Dumps, streamed: the whole store as N-Quads (/dump.nq, every triple with its graph) or the graph of
one source as N-Triples (/dump/{source}.nt).

The store writes the dump in a worker thread into a small bounded queue that the response reads,
so a dump of millions of quads neither waits to be complete nor sits in memory; when the client
goes away, the worker stops at its next write.
"""

from __future__ import annotations

import io
import queue
import threading

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from ..errors import NotFound
from ..store import EmbeddedStore

router = APIRouter()
CHUNK = 1 << 16
_DONE = object()


class _Stopped(Exception):
    """The client went away: the dump stops."""


class _QueueWriter(io.RawIOBase):
    def __init__(self, chunks: queue.Queue, stopped: threading.Event):
        self.chunks = chunks
        self.stopped = stopped

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        chunk = bytes(data)
        while True:
            if self.stopped.is_set():
                raise _Stopped()
            try:
                self.chunks.put(chunk, timeout=0.5)
                return len(chunk)
            except queue.Full:
                continue


async def _stream(store: EmbeddedStore, graph: str | None, format: str):
    chunks: queue.Queue = queue.Queue(maxsize=32)
    stopped = threading.Event()

    def produce() -> None:
        try:
            with io.BufferedWriter(_QueueWriter(chunks, stopped), buffer_size=CHUNK) as out:
                store.dump(out, format=format, graph=graph)
        except _Stopped:
            return
        except BaseException as exc:  # handed to the response, which ends the stream
            chunks.put(exc)
        chunks.put(_DONE)

    threading.Thread(target=produce, name="dump", daemon=True).start()
    try:
        while True:
            item = await run_in_threadpool(chunks.get)
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stopped.set()


def _response(store: EmbeddedStore, graph: str | None, name: str) -> StreamingResponse:
    generation = store.current_generation()
    format, media, extension = ("nquads", "application/n-quads", "nq") if graph is None else \
        ("ntriples", "application/n-triples", "nt")
    return StreamingResponse(_stream(store, graph, format), media_type=media, headers={
        "Content-Disposition": f'inline; filename="cultuurgraaf-{name}-{generation}.{extension}"',
        "X-Content-Type-Options": "nosniff"})


@router.get("/dump.nq")
async def dump_all(request: Request) -> StreamingResponse:
    """Every graph of the store, with its graph name."""
    return _response(request.app.state.cg.store, None, "alles")


@router.get("/dump/{name}.nt")
async def dump_source(name: str, request: Request) -> StreamingResponse:
    """The graph of one source (by its name in the project file), or ``meta`` for the catalogue."""
    state = request.app.state.cg
    graphs = {source: info.iri for source, info in state.store.manifest().graphs.items()}
    graphs["meta"] = state.project.iris.meta_graph
    if name not in graphs:
        raise NotFound(f"there is no source named '{name}'", hint=f"dumps exist for: {', '.join(sorted(graphs))}")
    return _response(state.store, graphs[name], name)
