"""An app behind a real HTTP server on 127.0.0.1, and the one JSON error shape every error answer has."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from typing import Iterator


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(app) -> Iterator[str]:
    """An app behind a real HTTP server on 127.0.0.1, in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def stop_group(process: subprocess.Popen, *, patience_s: float) -> None:
    """Stop a server started in a process group of its own (``start_new_session``) as Ctrl-C would,
    and kill the group if it has not ended within ``patience_s``."""
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=patience_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def assert_error_shape(response, status: int, kind: str | None = None) -> dict:
    """The one JSON error shape of every non-SPARQL error (``CultuurgraafError.to_json``): an error
    kind and a message for people, perhaps a location and a hint, perhaps what is supported, and for
    an entity validation held back, when and why (``held_back``)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json"), response.headers["content-type"]
    body = response.json()
    assert isinstance(body.get("error"), str) and body["error"], body
    assert isinstance(body.get("message"), str) and body["message"], body
    assert set(body) <= {"error", "message", "location", "hint", "supported", "held_back"}, body
    if kind is not None:
        assert body["error"] == kind, body
    return body


@contextmanager
def serving_process(project_dir) -> Iterator[tuple[str, subprocess.Popen]]:
    """``cultuurgraaf serve`` for a project folder, as a process of its own on 127.0.0.1 (for tests
    that measure its memory or kill it); yields its base URL and the process, and kills it (and
    anything left in its session) after."""
    import httpx

    port = free_port()
    command = [sys.executable, "-c", "from cultuurgraaf.cli import main; main()", "serve", str(project_dir),
               "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped at start (exit code {process.returncode})")
            try:
                if httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not answer within 60 s")
            time.sleep(0.1)
        yield url, process
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def descendants(pid: int) -> list[int]:
    """The processes a process started, and theirs, read from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, pending = [], [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def resident_mb(pids: list[int]) -> float:
    """The memory the processes hold (resident set, MB); ones that have ended count 0."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                total += int(handle.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return total * os.sysconf("SC_PAGE_SIZE") / 1e6


def without_data_blocks(html: str) -> str:
    """A page without its data blocks: the script elements of a JSON type (the schema.org JSON-LD
    every entity page embeds), which a browser reads as data and never runs."""
    return re.sub(r'<script type="application/(?:ld\+)?json">[^<]*</script>', "", html)
