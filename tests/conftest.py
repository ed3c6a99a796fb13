"""Shared fixtures: the demo project built once into a temporary store, the app, a live server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
SHARED = ROOT.parent / "shared"


def shared_or_skip(*parts: str) -> Path:
    """A path in ../shared, or a visible skip where that folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared conformance suites and samples live beside the project")
    return path


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory):
    """The demo project, built into a store of its own for this test run."""
    store = tmp_path_factory.mktemp("demo-store")
    project = load_project(DEMO, store=str(store))
    result = build(project)
    assert not result.failed, [str(o.error) for o in result.failed]
    return project


@pytest.fixture(scope="session")
def demo_app(demo_project):
    from cultuurgraaf.web.app import create_app

    return create_app(demo_project)


@pytest.fixture(scope="session")
def client(demo_app):
    from fastapi.testclient import TestClient

    with TestClient(demo_app) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(app):
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


@pytest.fixture(scope="session")
def live_server(demo_app):
    """The demo app behind a real HTTP server on 127.0.0.1; yields its base URL."""
    with serving(demo_app) as url:
        yield url


SCRATCH_TOKEN = "scratch-update-token"


@pytest.fixture(scope="session")
def scratch_server(tmp_path_factory):
    """A writable endpoint on 127.0.0.1 over a store of its own (no sources): the update token
    SCRATCH_TOKEN, a 1 s query limit, 50 rows, one query at a time and one waiting. Tests put the
    data they need into it first (the protocol suite clears it). Yields (base URL, project)."""
    from cultuurgraaf.web.app import create_app

    folder = tmp_path_factory.mktemp("scratch-project")
    (folder / "cultuurgraaf.toml").write_text(
        '[project]\nname = "Scratch"\nbase_iri = "https://data.cultuurgraaf.be"\nstore = "store"\n\n'
        f'[server]\nupdate_token = "{SCRATCH_TOKEN}"\nquery_timeout_s = 1.0\nmax_rows = 50\n'
        "max_concurrent_queries = 1\nmax_queued_queries = 1\n", encoding="utf-8")
    project = load_project(folder)
    with serving(create_app(project)) as url:
        yield url, project


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its endpoints and the account that may update."""

    sparql_url: str
    update_url: str
    gsp_url: str
    user: str
    password: str
    max_query_time_s: int = 60
    max_rows: int = 10_000

    def store_settings(self) -> str:
        """The lines of a project file that put its store on this server."""
        return (f'[store]\nupdate_url = "{self.update_url}"\ngraph_store_url = "{self.gsp_url}"\n'
                f'user = "{self.user}"\npassword = "{self.password}"\nauth = "digest"\n'
                f'row_limit = {self.max_rows}\npage_size = {self.max_rows // 2}\n')


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """Virtuoso on 127.0.0.1: the server .ci/run started (VIRTUOSO_SPARQL_URL and friends), or one this
    session starts with .ci/virtuoso.sh (free ports, a fresh database, a 5 s query limit and 1,000 rows
    per answer, so that tests meet the limits quickly) where Debian's virtuoso-opensource is installed. Without either, the tests that need it skip and say why; with CULTUURGRAAF_VIRTUOSO=1
    (as .ci/run sets) they fail instead."""
    required = os.environ.get("CULTUURGRAAF_VIRTUOSO") == "1"
    if os.environ.get("VIRTUOSO_SPARQL_URL"):
        yield Virtuoso(os.environ["VIRTUOSO_SPARQL_URL"], os.environ["VIRTUOSO_UPDATE_URL"],
                       os.environ["VIRTUOSO_GSP_URL"], os.environ["VIRTUOSO_USER"], os.environ["VIRTUOSO_PASSWORD"],
                       int(os.environ.get("VIRTUOSO_MAX_QUERY_TIME", 60)), int(os.environ.get("VIRTUOSO_MAX_ROWS", 10_000)))
        return
    if shutil.which("virtuoso-t") is None:
        message = ("no Virtuoso: set VIRTUOSO_SPARQL_URL (see .ci/virtuoso.sh) or install Debian's "
                   "virtuoso-opensource to run the remote-store tests")
        if required:
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("virtuoso")
    env = {**os.environ, "VIRTUOSO_SQL_PORT": str(free_port()), "VIRTUOSO_HTTP_PORT": str(free_port()),
           "VIRTUOSO_MAX_QUERY_TIME": "5", "VIRTUOSO_MAX_ROWS": "1000"}
    script = str(ROOT / ".ci" / "virtuoso.sh")
    started = subprocess.run(["bash", script, "start", str(folder)], env=env, capture_output=True, text=True,
                             timeout=300)
    if started.returncode != 0:
        message = f"Virtuoso did not start: {started.stderr[-2000:]}"
        if required:
            pytest.fail(message)
        pytest.skip(message)
    exports = dict(line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines()
                   if line.startswith("export "))
    try:
        yield Virtuoso(exports["VIRTUOSO_SPARQL_URL"], exports["VIRTUOSO_UPDATE_URL"], exports["VIRTUOSO_GSP_URL"],
                       exports["VIRTUOSO_USER"], exports["VIRTUOSO_PASSWORD"], 5, 1000)
    finally:
        subprocess.run(["bash", script, "stop", str(folder)], env=env, capture_output=True, timeout=300)


def assert_error_shape(response, status: int, kind: str | None = None) -> dict:
    """The one JSON error shape of every non-SPARQL error (``CultuurgraafError.to_json``): an error
    kind and a message for people, perhaps a location and a hint, perhaps what is supported."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json"), response.headers["content-type"]
    body = response.json()
    assert isinstance(body.get("error"), str) and body["error"], body
    assert isinstance(body.get("message"), str) and body["message"], body
    assert set(body) <= {"error", "message", "location", "hint", "supported"}, body
    if kind is not None:
        assert body["error"] == kind, body
    return body
