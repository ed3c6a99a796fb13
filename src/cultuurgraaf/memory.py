"""The memory this process holds, and handing back what the C allocator keeps free.

glibc's allocator keeps memory a program frees for the program to use again, and hands it back to
the system only from the top of a heap: what was freed below something still in use stays with the
process. Three places give it back after work that frees much at once: the query workers after a
large answer (``sparql/jobs.py``), the server after requests (``web/memory.py``), and a store
generation after each bulk load (``store/transaction.py``: the loader's sort buffers, 263 MB of a
3.07M-quad build's 451 MB).
"""

from __future__ import annotations

import ctypes


def held_mb() -> float:
    """The memory this process holds of its own (resident and anonymous: not the files it maps), in
    MB; 0 where the system does not say (Linux does, in /proc)."""
    try:
        with open("/proc/self/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"RssAnon:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def give_back_memory() -> None:
    """Hand the memory the C allocator keeps free back to the system (glibc's ``malloc_trim``; a
    no-op where the C library has none). Python's objects and the store's caches are not touched."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)
