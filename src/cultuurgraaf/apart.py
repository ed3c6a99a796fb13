"""Work done in a Python process of its own, while this one waits or goes on with something else.

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

import os
import pickle
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

WORKER_COMMAND = "from cultuurgraaf.apart import work; work()"


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
                process = subprocess.Popen([sys.executable, "-c", WORKER_COMMAND, str(orders)],
                                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=said)
            except OSError as exc:
                raise StoreError(f"cannot start the process {doing}: {exc}") from exc

            def results() -> list:
                try:
                    kind, value = pickle.load(process.stdout)
                except (EOFError, pickle.UnpicklingError, ValueError):
                    kind = None
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


def run_apart(function: Callable[..., Any], *args, orders: Path, doing: str) -> Any:
    """``function(*args)`` in a process of its own, waited for: its answer, or the error it raised."""
    with started([(function, args)], orders=orders, doing=doing) as results:
        return results()[0]


def work() -> None:
    """The other process: reads its work from the file its command names, writes the answer to standard output."""
    from .sparql.jobs import die_with  # the kernel ends this process with the one that started it

    calls, parent = pickle.loads(Path(sys.argv[1]).read_bytes())
    die_with(parent)
    try:
        answer: tuple = ("ok", [function(*args) for function, args in calls])
    except BaseException as exc:
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError("".join(traceback.format_exception(exc)))
        answer = ("error", exc)
    sys.stdout.buffer.write(pickle.dumps(answer))
    sys.stdout.buffer.flush()
