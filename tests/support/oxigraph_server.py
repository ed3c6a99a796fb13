"""A real SPARQL endpoint for tests: Oxigraph's own server (the ``oxigraph`` command from PyPI) on
127.0.0.1, loaded with the files a test gives, stopped when the test is done."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

from .http import free_port

OXIGRAPH = Path(sys.executable).with_name("oxigraph")


def oxigraph_command() -> str | None:
    """The ``oxigraph`` command beside this Python, or on the PATH; None when neither exists."""
    return str(OXIGRAPH) if OXIGRAPH.is_file() else shutil.which("oxigraph")


@contextmanager
def oxigraph_endpoint(*files: Path) -> Iterator[str]:
    """An Oxigraph server holding ``files`` (their triples in its default graph); yields its query URL."""
    command = oxigraph_command()
    assert command is not None, "the oxigraph command is not installed (pip install oxigraph)"
    with tempfile.TemporaryDirectory(prefix="cg-oxigraph-") as folder:
        for file in files:
            subprocess.run([command, "load", "--location", folder, "--file", str(file)], check=True,
                           capture_output=True, timeout=60)
        port = free_port()
        server = subprocess.Popen([command, "serve-read-only", "--location", folder, "--bind", f"127.0.0.1:{port}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}/query"
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    httpx.get(url, params={"query": "ASK {}"}, timeout=1.0)
                    break
                except httpx.TransportError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"the Oxigraph server did not start: {server.stderr.read().decode()}")
                    time.sleep(0.05)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
