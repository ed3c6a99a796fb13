"""The server process gives back the memory its threads have freed (cultuurgraaf.web.memory)."""

from __future__ import annotations

import asyncio
import ctypes
import gc
import os
import threading
import time

import pytest

from cultuurgraaf.processes import give_back_memory, held_mb
from cultuurgraaf.web.memory import FreedMemory

LIBC = ctypes.CDLL(None)
GLIBC = pytest.mark.skipif(not (os.path.exists("/proc/self/status") and hasattr(LIBC, "malloc_trim")),
                           reason="reads memory from /proc and gives it back with glibc's malloc_trim (Linux)")


def freed_in_a_thread(megabytes: int) -> list[int]:
    """Allocates ``megabytes`` in 64 kB blocks in a thread of its own, each followed by a small block,
    and frees the large ones: what a page or a dump leaves behind in the allocator's arena for that
    thread. Returns the small blocks, which stay allocated, so that the allocator cannot give the
    large ones back from the top of its heap by itself."""
    malloc, free = LIBC.malloc, LIBC.free
    malloc.restype, malloc.argtypes, free.argtypes = ctypes.c_void_p, [ctypes.c_size_t], [ctypes.c_void_p]
    small: list[int] = []

    def allocate() -> None:
        large = []
        for _ in range(megabytes * 16):
            block = malloc(64 * 1024)
            ctypes.memset(block, 1, 64 * 1024)  # touched: resident, as a real buffer would be
            large.append(block)
            small.append(malloc(64))
        for block in large:
            free(block)

    thread = threading.Thread(target=allocate)
    thread.start()
    thread.join()
    return small


@GLIBC
def test_the_server_gives_back_memory_its_threads_freed(client, demo_app, monkeypatch):
    freed = demo_app.state.cg.memory
    monkeypatch.setattr(freed, "every_s", 0.0)  # look after the next request, not ten seconds later
    monkeypatch.setattr(freed, "_next_look", 0.0)
    # what earlier tests in this process freed is given back first: otherwise the 64 MB below may come
    # out of it, and the process would hold no more after them than before; and no garbage collection
    # frees Python's own arenas while it is measured (the process would seem to have given back by itself)
    deadline = time.monotonic() + 60  # only a bound on a hang: a give-back an earlier request started ends first
    while freed._giving and time.monotonic() < deadline:
        time.sleep(0.02)
    gc.collect()
    gc.disable()
    small: list[int] = []
    try:
        # other threads of this process (earlier tests' servers) may give memory back while it is measured,
        # so that it seems to hold less after the 64 MB than before: measured again, a few times at most
        for _ in range(5):
            for block in small:
                LIBC.free(block)
            give_back_memory()
            before = held_mb()
            small = freed_in_a_thread(64)
            if held_mb() - before > 48:
                break
        assert held_mb() - before > 48, "the allocator kept the freed memory (what the server must give back)"
        assert client.get("/sparql", headers={"Accept": "text/turtle"}).status_code == 200  # the service description
        deadline = time.monotonic() + 60  # only a bound on a hang: giving back takes milliseconds
        while held_mb() - before > FreedMemory().after_mb and time.monotonic() < deadline:
            time.sleep(0.02)
        assert held_mb() - before <= FreedMemory().after_mb, \
            f"the server held {before:.0f} MB, {held_mb():.0f} MB after freeing 64 MB and answering a request"
    finally:
        gc.enable()
        for block in small:
            LIBC.free(block)


def test_the_server_looks_at_its_memory_at_most_once_in_its_interval():
    async def twice() -> tuple:
        freed = FreedMemory(every_s=3600, after_mb=0)
        freed.given_back_at = -1.0  # so that the first look finds more held than after the last time
        first = freed.after_request()
        if first is not None:
            await first
        return first, freed.after_request(), freed.times

    first, second, times = asyncio.run(twice())
    assert first is not None and times == 1
    assert second is None  # not again within the hour, however much the process holds
