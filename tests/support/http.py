"""An app behind a real HTTP server on 127.0.0.1, and the one JSON error shape every error answer has."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from contextlib import contextmanager
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
