"""What a command or a server costs: its exit, its CPU time and its peak memory.

Bounds on these are generous (a hostile input costs seconds and gigabytes where it is not
refused, a refused one a fraction of a second and tens of megabytes), so they cannot flake. A
measured command runs under an address-space limit, so that an input that is not refused fails
the test instead of filling the machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: the address space a measured command may take (a refused input needs a small part of it)
ADDRESS_SPACE = 3 * 1024 ** 3


@dataclass(frozen=True)
class Measured:
    returncode: int
    output: str
    cpu_s: float
    wall_s: float
    peak_mb: float


def run_measured(args: list[str], *, cwd: Path, timeout_s: float = 120) -> Measured:
    """Run a command to its end (killed after ``timeout_s``): its exit code, output (standard
    output and error), CPU time (its children included, as the kernel counted it) and peak resident
    memory (the largest of it and its children's, read while they run)."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    with tempfile.TemporaryFile() as out:
        started = time.monotonic()
        process = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, preexec_fn=limit)
        # the peak is read from /proc while the command runs: the kernel's own count (ru_maxrss) starts
        # from the memory of the process that forked it, which is this test run, hundreds of MB late in
        # a whole suite; VmHWM is the high-water mark since the command's exec, so the last reading
        # before it ends holds all but its last 20 ms
        peak = 0.0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, peak_mb(process.pid))
            if time.monotonic() - started > timeout_s:
                process.kill()
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    return Measured(process.returncode, output, usage.ru_utime + usage.ru_stime, time.monotonic() - started, peak)


def peak_mb(pid: int) -> float:
    """The peak resident memory of a running process and of its children now alive, the largest."""
    peaks = []
    for member in [pid, *_descendants(pid)]:
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        peaks += [int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")]
    return max(peaks, default=0.0)


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found += [child, *_descendants(child)]
    return found
