"""Checks run each in a worker process of its own: a time limit, a cap on how many run, no network,
and nothing left on disk.

A check reads what a stranger uploaded, so it runs apart from the server, as SPARQL queries do
(:mod:`cultuurgraaf.sparql.workers`): a fresh interpreter per check, started in the check's work
folder, cut off from the network where Linux allows it (it keeps it only to reach a store on a
SPARQL server), stopped when it runs past ``check_timeout_s``, limited to ``check_memory_mb`` of
memory (as a query worker is to ``query_memory_mb``: a check that needs more ends with
:class:`~cultuurgraaf.errors.CheckOutOfMemory`), and ended by the kernel when the server dies, so
that no check runs on for a server that is gone. Beyond
``max_concurrent_checks`` checks at once, another is refused at once (:class:`CheckBusy`, which
the server answers 503 with Retry-After) rather than queued behind uploads of 50 MB.

Everything a check writes goes into its own work folder (``cultuurgraaf-check-*``, private to the
server's user, in ``check_folder`` or the system's temporary folder), which is removed when the
check ends, whether it found problems, failed or was stopped (:func:`CheckService.slot`); a
server killed mid-check leaves a folder that the next check removes
(:mod:`cultuurgraaf.workfolders`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Iterator

from .. import errors
from ..config import Project
from ..errors import CheckBusy, CheckFailed, CheckOutOfMemory, CheckTimeout, CultuurgraafError, Location
from ..workfolders import work_folder
from .check import Checked
from .choices import ExportKind

log = logging.getLogger("cultuurgraaf.checker")

#: what a worker process runs (the module imported under its own name, for what the parent unpickles)
CHECK_COMMAND = "import sys; from cultuurgraaf.checker.worker import worker_main; worker_main(sys.argv[1:])"
#: how long a client refused for a full checker is asked to wait
RETRY_AFTER_S = 10
#: the name of the folder in a check's work folder that the upload is written to, and the one its files are read from
UPLOAD, FILES = "upload", "files"


@dataclass(frozen=True)
class CheckJob:
    """One check for a worker: the project, the work folder (the upload is ``folder/upload/<name>``),
    what the upload is, the profile and its shapes, and how far a zip may unpack."""

    project: Project
    folder: Path
    upload: str
    kind: ExportKind
    profile: str
    shapes: tuple[Path, ...]
    max_unpacked_bytes: int


def run_check(job: CheckJob) -> Checked:
    """Unpack the upload and check it (in a worker, or here in a test)."""
    from ..store import open_project_store
    from .check import check_files
    from .uploads import unpack

    root = job.folder / FILES
    unpacked = unpack(job.folder / UPLOAD / job.upload, root, max_unpacked_bytes=job.max_unpacked_bytes)
    checked = check_files(list(unpacked.files), root=root, project=job.project, kind=job.kind,
                          profile=job.profile, shapes=list(job.shapes), store=open_project_store(job.project))
    checked.report.notes += [f"{name}: left aside (macOS keeps its own file data there)" for name in unpacked.skipped]
    return checked


def worker_main(argv: list[str]) -> None:
    """A worker process (:data:`CHECK_COMMAND`), given ``FD network|no-network PARENT_PID MEMORY_MB``: one
    check, then it ends."""
    from ..processes import die_with
    from ..sparql.jobs import leave_network, lift_memory_limit, limit_memory

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    tempfile.tempdir = os.getcwd()  # the check's work folder: whatever a reader spools stays in it
    if argv[1] != "network":
        leave_network()
    die_with(int(argv[2]))  # after leaving the network: a new user namespace would clear it
    conn = Connection(int(argv[0]))
    job = pickle.loads(conn.recv_bytes())
    memory_mb = int(argv[3])
    limit_memory(memory_mb, lift=True)
    try:
        answer = pickle.dumps(_checked(job), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:  # Python's side of the memory limit (the store's side ends the process)
        answer = None
    if answer is None:  # out here, where what the check held is freed, and with the limit lifted to say so
        lift_memory_limit()
        answer = pickle.dumps(_error(out_of_memory(job.upload, memory_mb)), protocol=pickle.HIGHEST_PROTOCOL)
    conn.send_bytes(answer)


def _checked(job: CheckJob) -> tuple:
    """What a worker sends back: the check, or the uploader's error, or ours (which the server logs)."""
    try:
        return ("ok", run_check(job))
    except CultuurgraafError as exc:
        if _ran_out_of_memory(exc):  # a reader that took a MemoryError for unreadable input
            raise MemoryError from None
        return _error(exc)
    except MemoryError:  # an Exception too, but the memory limit's, not ours
        raise
    except Exception:  # ours, not the uploader's: the server logs it and answers 500
        import traceback

        return ("crash", traceback.format_exc())


def _error(exc: CultuurgraafError) -> tuple:
    return ("error", (type(exc).__name__, exc.message, exc.location, exc.hint))


class CheckService:
    """The server's checker: at most ``max_concurrent_checks`` at once, each in a worker of its own."""

    def __init__(self, project: Project):
        self.project = project
        self.settings = project.server
        self._lock = threading.Lock()
        self._running = 0

    @contextmanager
    def slot(self) -> Iterator[Path]:
        """A place among the running checks and a private work folder, removed afterwards; CheckBusy when full."""
        with self._lock:
            if self._running >= self.settings.max_concurrent_checks:
                raise CheckBusy(f"the checker is checking {self._running} uploads, as many as it checks at once; "
                                f"try again in a minute")
            self._running += 1
        try:
            folder_parent = self.settings.check_folder
            if folder_parent is not None:
                folder_parent.mkdir(parents=True, exist_ok=True)
            with work_folder("check", parent=folder_parent) as folder:
                (folder / UPLOAD).mkdir(mode=0o700)
                yield folder
        finally:
            with self._lock:
                self._running -= 1

    def job(self, folder: Path, upload: str, kind: ExportKind, profile: str, shapes: tuple[Path, ...]) -> CheckJob:
        return CheckJob(self.project, folder, upload, kind, profile, shapes,
                        max_unpacked_bytes=int(self.settings.max_unpacked_mb * 1_000_000))

    async def run(self, job: CheckJob) -> Checked:
        """Run a check in a worker process; past the time limit the worker is stopped (CheckTimeout)."""
        # started here, on the event loop's thread: the parent-death signal follows the thread that
        # started a process, and this one lives as long as the server
        from ..sparql.workers import ErrorOutput, how_it_ended

        ours, theirs = socket.socketpair()
        network = "network" if self.project.store_path is None else "no-network"
        memory_mb = max(0, self.settings.check_memory_mb)
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", CHECK_COMMAND, str(theirs.fileno()), network, str(os.getpid()), str(memory_mb)],
                pass_fds=[theirs.fileno()], cwd=job.folder, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                close_fds=True)
        finally:
            theirs.close()
        output = ErrorOutput(process, "a check worker")
        conn = Connection(ours.detach())
        try:
            await asyncio.to_thread(conn.send_bytes, pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
            if not await asyncio.to_thread(conn.poll, self.settings.check_timeout_s):
                raise CheckTimeout(f"the check took longer than {self.settings.check_timeout_s:g} s and was stopped",
                                   location=Location(job.upload),
                                   hint="check the export in parts (fewer records or files at once)")
            status, payload = pickle.loads(await asyncio.to_thread(conn.recv_bytes))
        except (EOFError, OSError) as exc:
            if await asyncio.to_thread(output.died_of_memory):
                raise out_of_memory(job.upload, memory_mb) from None
            code = await asyncio.to_thread(process.wait)
            log.error("a check stopped its worker process (%s)", how_it_ended(code))
            raise CheckFailed(f"the check stopped its worker process ({how_it_ended(code)})") from exc
        finally:
            conn.close()
            process.kill()
            await asyncio.to_thread(process.wait)
        if status == "error":
            raise rebuilt(*payload)
        if status == "crash":
            raise RuntimeError(f"a check worker failed: {payload}")
        return payload


def _ran_out_of_memory(exc: BaseException | None) -> bool:
    """Whether an error was caused by running out of memory, however a reader wrapped it: a MemoryError,
    or the SystemError of a library (pyoxigraph's parsers) that could not allocate its own error."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, MemoryError) or (isinstance(exc, SystemError) and "without exception set" in str(exc)):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def out_of_memory(upload: str, memory_mb: int) -> CheckOutOfMemory:
    return CheckOutOfMemory(f"the check needed more than the {memory_mb} MB of memory the checker gives one check, "
                            "and was stopped", location=Location(upload),
                            hint="check the export in parts (fewer records or files at once); [server] "
                                 "check_memory_mb sets the limit")


def rebuilt(name: str, message: str, location: Location | None, hint: str | None) -> CultuurgraafError:
    """The error a worker sent back, of its own kind where that takes the usual arguments."""
    kind = getattr(errors, name, CultuurgraafError)
    if not (isinstance(kind, type) and issubclass(kind, CultuurgraafError)):
        kind = CultuurgraafError
    try:
        return kind(message, location=location, hint=hint)
    except TypeError:
        return CultuurgraafError(message, location=location, hint=hint)
