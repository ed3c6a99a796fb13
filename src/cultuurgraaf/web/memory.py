"""The server process gives back the memory its threads have freed, as the query workers do.

The server answers entity pages, short lookups and dumps itself, in threads: the thread pool of the
routes, one thread per dump, the event loop. glibc's allocator keeps what a thread frees in that
thread's arena, for that thread to use again, and hands memory back to the system only from the
top of a heap: memory freed below something still in use stays with the process. In the soak
benchmark (benchmarks/soak) the server process's own allocations stayed at 89 MB from the second
minute on, once its store's caches had filled, while the freed memory its allocator kept rose from
4 to 90 MB by the tenth; ``malloc_trim`` then gave 68 MB back at once.

So after a request, at most once every :data:`CHECK_EVERY_S`, the server looks at how much memory it
holds of its own; if that grew by more than :data:`~cultuurgraaf.sparql.jobs.GIVE_BACK_AFTER_MB`
since it last gave memory back, it gives back what its allocator keeps free, in a thread of the
event loop's executor (about 20 ms for 200 MB, during which other threads that allocate wait).
What the store's caches hold is not touched: that is what Oxigraph's RocksDB keeps of the store's
blocks and indexes, and it stops growing once the store has been read through (docs/sparql.md,
"Memory over time").
"""

from __future__ import annotations

import asyncio
import time

from ..processes import give_back_memory, held_mb
from ..sparql.jobs import GIVE_BACK_AFTER_MB

#: Seconds between two looks at the memory the server holds (a look reads /proc/self/status).
CHECK_EVERY_S = 10.0


class FreedMemory:
    """Gives the memory the server's allocator keeps free back to the system, when what the
    process holds has grown by ``after_mb`` since the last time. Used from the event loop."""

    def __init__(self, *, every_s: float = CHECK_EVERY_S, after_mb: float = GIVE_BACK_AFTER_MB):
        self.every_s = every_s
        self.after_mb = after_mb
        #: MB the process held just after it last gave memory back (or when this was made)
        self.given_back_at = held_mb()
        #: how many times memory was given back (for tests and benchmarks)
        self.times = 0
        self._next_look = 0.0
        self._giving = False

    def after_request(self) -> asyncio.Future | None:
        """Called when a request has been answered: gives memory back in a thread if it is time and
        the process holds enough more; returns that thread's future (None when nothing was started)."""
        now = time.monotonic()
        if self._giving or now < self._next_look:
            return None
        self._next_look = now + self.every_s
        if held_mb() <= self.given_back_at + self.after_mb:
            return None
        self._giving = True
        return asyncio.get_running_loop().run_in_executor(None, self._give_back)

    def _give_back(self) -> None:
        try:
            give_back_memory()
            self.given_back_at = held_mb()
            self.times += 1
        finally:
            self._giving = False
