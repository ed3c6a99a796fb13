"""Processes: work done in a Python process of its own, and the memory this one holds.

Work done apart runs while this one waits or goes on with something else.

Two things a build does go to another process: reading its new generation alongside the passes that
write it (``store/checkpoint.py``: the other core), and validating a large build (the memory it takes
goes back to the system whole when that process ends; ``validation/apart.py``).

The other process is a fresh interpreter (``python -c``): not a fork of a process that holds a database
open, nor multiprocessing's spawn, which runs the caller's ``__main__`` again. Its work is a list of
calls, each a picklable function with its arguments, written to an *orders* file the caller names
(and which is removed when the block ends); the answer comes back pickled on its standard output.
An error a call raises is raised again in this process; a process that ends without an answer (killed,
out of memory) is a :class:`~cultuurgraaf.errors.StoreError` that says what it was doing. It dies
with this one (on Linux), and is stopped when the block is left before its answer is read.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from .errors import StoreError

#: One piece of work: a function and its arguments.
Call = tuple[Callable[..., Any], tuple]

WORKER_COMMAND = "from cultuurgraaf.processes import work; work()"
#: prctl's option that has the kernel signal a process when its parent dies
_PR_SET_PDEATHSIG = 1


@contextmanager
def started(calls: list[Call], *, orders: Path, doing: str) -> Iterator[Callable[[], list]]:
    """Start ``calls`` (run one after the other) in a process of their own; the block is given a function
    that waits for their results, in order. ``doing`` says what the process does, for errors
    ("validating the build"); ``orders`` is the file its work is written to."""
    process: subprocess.Popen | None = None
    # what the process says on standard error goes to a file, so that the answer can be read from its
    # standard output as it comes, with no copy of it all in memory first
    with tempfile.TemporaryFile() as said:
        try:
            orders.write_bytes(pickle.dumps((calls, os.getpid())))
            try:
                # -P: the folder it starts in is not searched first (a json.py there would shadow the real one)
                process = subprocess.Popen([sys.executable, "-P", "-c", WORKER_COMMAND, str(orders)],
                                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=said)
            except OSError as exc:
                raise StoreError(f"cannot start the process {doing}: {exc}") from exc

            def results() -> list:
                try:
                    kind, value = pickle.load(process.stdout)
                except (EOFError, pickle.UnpicklingError, ValueError):
                    kind = None
                    process.kill()  # it may still be writing, to a pipe no one reads now
                if process.wait() != 0 or kind is None:
                    said.seek(max(0, said.seek(0, os.SEEK_END) - 2000))  # the end of what it said
                    raise StoreError(f"the process {doing} ended without an answer (exit code {process.returncode}): "
                                     f"{said.read().decode(errors='replace')}")
                if kind == "error":
                    raise value
                return value

            yield results
        finally:
            if process is not None:
                if process.poll() is None:
                    process.kill()
                process.wait()
                process.stdout.close()
            orders.unlink(missing_ok=True)


class Turns:
    """A count that processes take turns from: a number in a file, read and raised under a lock (made
    at 0 here; sent to another process, it goes on with the file as it is)."""

    def __init__(self, path: Path):
        self.path = path
        path.write_text("0", encoding="ascii")

    def take(self) -> int:
        with open(self.path, "r+", encoding="ascii") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            turn = int(handle.read())
            handle.seek(0)
            handle.write(str(turn + 1))
            handle.truncate()
        return turn


def run_apart(function: Callable[..., Any], *args, orders: Path, doing: str) -> Any:
    """``function(*args)`` in a process of its own, waited for: its answer, or the error it raised."""
    with started([(function, args)], orders=orders, doing=doing) as results:
        return results()[0]


def die_with(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` (the server, the build) dies (Linux)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request was made
        os._exit(0)


def work() -> None:
    """The other process: reads its work from the file its command names, writes the answer to standard output."""
    calls, parent = pickle.loads(Path(sys.argv[1]).read_bytes())
    die_with(parent)  # the kernel ends this process with the one that started it
    # the answer alone goes to standard output: anything else written there (a print, a C library)
    # goes to standard error
    answer_to = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    try:
        answer: tuple = ("ok", [function(*args) for function, args in calls])
    except BaseException as exc:
        try:
            pickle.loads(pickle.dumps(exc))  # an error that cannot be made again there is sent as text
        except Exception:
            exc = RuntimeError("".join(traceback.format_exception(exc)))
        answer = ("error", exc)
    # written as it is pickled, a frame at a time: no copy of the whole answer in memory first
    pickle.dump(answer, answer_to)
    answer_to.flush()


# -- the memory this process holds ---------------------------------------------------------------
# glibc's allocator keeps memory a program frees for the program to use again, and hands it back to
# the system only from the top of a heap. Three places give it back after work that frees much at
# once: the query workers after a large answer (sparql/jobs.py), the server after requests
# (web/memory.py), and a store generation after each bulk load (store/transaction.py: the loader's
# sort buffers, 263 MB of a 3.07M-quad build's 451 MB).


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
