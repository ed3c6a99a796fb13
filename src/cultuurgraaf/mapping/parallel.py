"""Running a mapping into files, on one core or several.

With ``jobs`` above one, ``jobs`` forked processes each run the whole mapping on their share of
the records (:class:`~.engine.Shard`). A file is cut into ``jobs`` byte ranges that start where
a record starts (``sources/parts.py``: CSV, JSON arrays, JSON Lines, XML records at a plain
path), found once, before the processes start; each process reads only its own range, numbering
lines, JSON Pointers and XPath positions from the file's count at its start. Other sources
(compressed files, iterators that search the whole tree, references that look outside a record)
are read whole by every process, which maps only the batches of records whose number falls to
it, so JSON Pointers and XPaths in lineage and errors are those of the whole file. Every
process builds the join indexes from all the parent records. Each writes its own part file (and
lineage part); the parts are put together in worker order and the counts summed. The graph is the same as on one core; only the order of the lines differs.

When a cut turns out not to fall between records (a double quote inside an unquoted field can
mislead a CSV cut; a part of JSON or XML that does not parse), the run starts again with every
file read whole by every process, and the first process reports a malformed file as one would.

The output (and the lineage file) is written to ``FILE.part`` and renamed when the run
succeeded, so a failed run leaves no file behind. With several processes the first error by
worker order is raised, with its file, line and rule as a single run reports it.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
import traceback
from contextlib import ExitStack
from dataclasses import replace
from functools import partial
from pathlib import Path
from multiprocessing.connection import wait
from typing import Any, Callable, Iterator

from ..sources.files import check_output_file
from ..errors import CultuurgraafError
from .rdf_output import write_quads
from .compiler import BATCH
from ..sources.csv_parts import MissedCut
from .engine import MappingRun, MappingStats, Shard, execute
from .lineage import LineageWriter
from .model import Mapping

#: Inputs smaller than this in total map on one core: starting processes would cost more than it saves.
SMALL_INPUT = 8 << 20


def usable_cores() -> int:
    """The number of cores this process may run on.

    >>> usable_cores() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def choose_jobs(mapping: Mapping, *, inputs: dict[str, Path] | None = None) -> int:
    """How many processes suit a mapping: the usable cores, or one for small inputs and for
    sources that are not files (every process would ask a SPARQL endpoint again)."""
    if any(tm.source.endpoint is not None for tm in mapping.triples_maps):
        return 1
    files = set(mapping.files()) | {Path(p) for p in (inputs or {}).values()}
    size = 0
    for path in files:
        try:
            size += path.stat().st_size
        except OSError:
            continue  # the run itself says the file is missing, with where the mapping names it
    return 1 if size < SMALL_INPUT else usable_cores()


def map_to_output(mapping: Mapping, *, output: Path | None, format: str = "nquads", base_iri: str | None = None,
                  default_graph: str | None = None, inputs: dict[str, Path] | None = None,
                  lineage_path: Path | None = None, jobs: int = 1, batch: int = BATCH,
                  progress: Callable[[int], None] | None = None,
                  value_lineage: frozenset[str] = frozenset()) -> MappingStats:
    """Run a mapping and write its output to ``output`` (standard output when None) in ``format``,
    with lineage to ``lineage_path`` when given; returns the run's counts. With ``jobs`` above
    one, that many processes share the records, ``batch`` records at a time. ``default_graph``,
    ``inputs`` and ``value_lineage`` are those of :func:`~.engine.execute`. ``progress`` is called,
    now and then, with the number of quads made since its last call (for a progress bar)."""
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    with ExitStack() as stack:
        out_part = _partial(stack, output)
        lineage_part = _partial(stack, lineage_path)
        run = partial(execute, mapping, base_iri=base_iri, default_graph=default_graph, inputs=inputs,
                      value_lineage=value_lineage)
        progress = progress or (lambda n: None)
        if jobs == 1:
            stats = _single(run, mapping, out_part, format, lineage_part, progress)
        else:
            try:
                stats = _parallel(run, mapping, out_part, format, lineage_part, Shard(0, jobs, batch), progress)
            except MissedCut:
                stats = _parallel(run, mapping, out_part, format, lineage_part, Shard(0, jobs, batch, by_bytes=False),
                                  progress)
        if lineage_part is not None:
            os.replace(lineage_part, lineage_path)
        if out_part is not None:
            os.replace(out_part, output)
        stack.pop_all()
    return stats


def _partial(stack: ExitStack, path: Path | None) -> Path | None:
    """``FILE.part`` for a file to write, removed again unless the run succeeds."""
    if path is None:
        return None
    part = check_output_file(path).with_name(path.name + ".part")
    stack.callback(part.unlink, missing_ok=True)
    return part


def _counted(chunks: Iterator[list[str]], advance: Callable[[int], None]) -> Iterator[list[str]]:
    for chunk in chunks:
        yield chunk
        advance(len(chunk))


def _single(execute_run: Callable[..., MappingRun], mapping: Mapping, output: Path | None, format: str,
            lineage_path: Path | None, progress: Callable[[int], None]) -> MappingStats:
    lineage = LineageWriter(lineage_path) if lineage_path is not None else None
    try:
        run = execute_run(lineage=lineage)
        write_quads(_counted(run.chunks(), progress), output, fmt=format, prefixes=mapping.prefixes)
    finally:
        if lineage is not None:
            lineage.close()
    return run.stats


class _PartLineage(LineageWriter):
    """The lineage part of a worker after the first: the triples maps are noted (by the same
    numbers) in the first worker's part only, so the joined file names each once."""

    def begin(self, triples_map: str, file: str, rules: dict[str, list[str]], *, class_rule: str = "") -> int:
        self._maps.append(file)
        return len(self._maps) - 1


#: File systems on which the kernel appends each ``write`` of a file opened with ``O_APPEND`` whole,
#: whatever other processes append at the same time (on NFS, for one, it does not).
LOCAL_FILE_SYSTEMS = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "f2fs"})


def appends_whole_writes(path: Path, mounts: str | None = None) -> bool:
    """Whether ``path`` lies on a local file system that several processes may append to at once:
    that of the mount with the longest mount point above it in ``mounts`` (the text of
    ``/proc/self/mounts``, read when None).

    >>> table = "/dev/vda / ext4 rw 0 0\\nserver:/export /mnt/my\\\\040share nfs4 rw 0 0\\n"
    >>> appends_whole_writes(Path("/data/out.nq"), table), appends_whole_writes(Path("/mnt/my share/out.nq"), table)
    (True, False)
    """
    if mounts is None:
        try:
            with open("/proc/self/mounts", encoding="utf-8") as handle:
                mounts = handle.read()
        except OSError:
            return False
    folder = str(Path(path).resolve().parent)
    best, kind = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (folder == point or folder.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind in LOCAL_FILE_SYSTEMS


def _append_chunks(chunks: Iterator[list[str]], path: Path) -> None:
    """Write chunks to the end of a file other processes append to as well: each chunk is whole
    lines in one ``write`` with ``O_APPEND``, which the kernel does not interleave with another
    process's write, so lines from the processes alternate a chunk at a time and none is torn."""
    out = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        for chunk in chunks:
            data = "".join(chunk).encode("utf-8")
            if os.write(out, data) != len(data):
                raise OSError(f"{path}: a write was cut short (is the disk full?)")
    finally:
        os.close(out)


def _work(execute_run: Callable[..., MappingRun], shard: Shard, part: Path, lineage_part: Path | None,
          shared: bool, made, conn) -> None:
    """One worker: its share of the records into ``part`` (at its end, beside the other workers,
    when ``shared``), counting the quads it made in its slot of ``made``; sends back its counts or
    its error."""
    try:
        lineage = None
        if lineage_part is not None:
            lineage = (LineageWriter if shard.worker == 0 else _PartLineage)(lineage_part)
        try:
            run = execute_run(lineage=lineage, shard=shard)

            def count(n: int, slot: int = shard.worker) -> None:
                made[slot] += n

            chunks = _counted(run.chunks(), count)
            if shared:
                _append_chunks(chunks, part)
            else:
                with open(part, "w", encoding="utf-8", buffering=1 << 20) as handle:
                    for chunk in chunks:
                        handle.write("".join(chunk))
        finally:
            if lineage is not None:
                lineage.close()
        conn.send(("ok", run.stats))
    except MissedCut:
        conn.send(("cut", None))
    except CultuurgraafError as exc:
        conn.send(("error", exc))
    except BaseException:  # noqa: BLE001 - a bug of ours: handed to the parent with its traceback
        conn.send(("bug", traceback.format_exc()))
    finally:
        conn.close()


def _parallel(execute_run: Callable[..., MappingRun], mapping: Mapping, output: Path | None, format: str,
              lineage_path: Path | None, shard: Shard, progress: Callable[[int], None]) -> MappingStats:
    """Run the mapping in ``shard.workers`` processes; raises MissedCut when a cut of a CSV file
    fell inside a record, for the caller to run again with ``by_bytes=False``."""
    jobs = shard.workers
    folder = Path(tempfile.mkdtemp(prefix=".cultuurgraaf-map-", dir=output.parent if output else None))
    # N-Quads to a file on a local file system: every worker appends to the output itself (line
    # order has no meaning in N-Quads); elsewhere each writes a part, appended in order at the end.
    # The first writes the lineage file, the others' lineage parts are appended after it
    to_file = output is not None and format == "nquads"
    direct = to_file and appends_whole_writes(output)
    if to_file:
        output.write_bytes(b"")
    parts = [output if direct else folder / f"{k}.nq" for k in range(jobs)]
    lineage_parts = [None if lineage_path is None else lineage_path if k == 0 else folder / f"{k}.lineage"
                     for k in range(jobs)]
    execute_run(lineage=None, shard=shard).cut_files()
    context = multiprocessing.get_context("fork")
    made = context.RawArray("q", jobs)  # quads made so far, a slot a worker: each writes its own
    workers = []
    try:
        for k in range(jobs):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_work, name=f"cultuurgraaf map worker {k + 1}/{jobs}", daemon=True,
                                      args=(execute_run, replace(shard, worker=k), parts[k], lineage_parts[k],
                                            direct, made, send))
            process.start()
            send.close()
            workers.append((process, receive))
        results = _results(workers, made, progress)
        for kind, value in results:
            # a part after a missed cut may fail for that alone: the first worker to tell decides
            if kind == "cut":
                raise MissedCut("a CSV file was cut inside a record")
            if kind == "error":
                raise value
            if kind == "bug":
                raise RuntimeError(f"a mapping worker failed:\n{value}")
        if lineage_path is not None:
            _append(lineage_path, lineage_parts[1:])
        if to_file:
            if not direct:
                _append(output, parts)
        elif format == "nquads":
            sys.stdout.flush()
            for part in parts:
                with open(part, "rb") as handle:
                    shutil.copyfileobj(handle, sys.stdout.buffer, 1 << 20)
            sys.stdout.buffer.flush()
        else:
            write_quads(_read_text(parts), output, fmt=format, prefixes=mapping.prefixes)
    finally:
        for process, receive in workers:
            if process.is_alive():
                process.terminate()
            process.join()
        shutil.rmtree(folder, ignore_errors=True)
    stats = MappingStats()
    for _, worker_stats in results:
        stats.merge(worker_stats)
    return stats


def _results(workers: list, made, progress: Callable[[int], None]) -> list[tuple[str, Any]]:
    """Each worker's result, in worker order, telling ``progress`` of the quads made meanwhile."""
    results: dict[int, tuple[str, Any]] = {}
    pending = {receive: k for k, (_, receive) in enumerate(workers)}
    told = 0
    while pending:
        for receive in wait(list(pending), timeout=0.25):
            k = pending.pop(receive)
            try:
                results[k] = receive.recv()
            except EOFError:
                process = workers[k][0]
                process.join()
                results[k] = ("bug", f"mapping worker {k + 1} of {len(workers)} ended without a result "
                                     f"(exit code {process.exitcode})")
            receive.close()
        total = sum(made)
        if total > told:
            progress(total - told)
            told = total
    return [results[k] for k in range(len(workers))]


def _append(target: Path, parts: list[Path]) -> None:
    """Append files to ``target``, copied inside the kernel where it can."""
    out = os.open(target, os.O_WRONLY)
    try:
        offset = os.fstat(out).st_size
        for part in parts:
            source = os.open(part, os.O_RDONLY)
            try:
                offset += _copy(source, out, offset)
            finally:
                os.close(source)
    finally:
        os.close(out)


def _copy(source: int, target: int, at: int) -> int:
    """Copy the whole of ``source`` into ``target`` at offset ``at``; returns the bytes copied."""
    size = os.fstat(source).st_size
    done = 0
    try:
        while done < size:
            copied = os.copy_file_range(source, target, size - done, done, at + done)
            if copied == 0:
                break
            done += copied
    except (AttributeError, OSError):
        pass  # no copy_file_range here, or not between these file systems: copied by hand from where it stopped
    while done < size:
        block = os.pread(source, min(1 << 20, size - done), done)
        if not block:
            break
        done += os.pwrite(target, block, at + done)
    return done


def _read_text(parts: list[Path]) -> Iterator[str]:
    for part in parts:
        with open(part, encoding="utf-8") as handle:
            while block := handle.read(1 << 22):
                yield block
