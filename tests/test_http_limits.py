"""One client cannot take the server down: `cultuurgraaf serve` limits what a request may send.

A real server (``cultuurgraaf serve`` in a process of its own, its limits set low in its project
file) is sent what a hostile client would send, over raw sockets: a 100 MB header, a 300 MB
body (declared, and streamed without a length), half a request, nothing at all, more connections
than it takes. Each is refused or closed, and the server's memory does not grow by what was sent
(docs/sparql.md, "Limits on requests").
"""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from support.apps import make_app_client
from support.hostile import LAUGHS_RDF
from support.http import free_port, stop_group
from support.measure import peak_mb

TOKEN = "limits-token"
READ_TIMEOUT_S, KEEP_ALIVE_S, MAX_CONNECTIONS = 2, 1, 30
#: how much the server's memory may grow while refusing what one client sends: far below what is sent
GROWTH_MB = 100
#: a bound that only a server that never closes the connection can break
PATIENCE_S = 30


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server as `cultuurgraaf serve` runs it; yields (host, port, pid)."""
    folder = tmp_path_factory.mktemp("limits-server")
    (folder / "cultuurgraaf.toml").write_text(
        '[project]\nname = "Limits"\nbase_iri = "https://data.cultuurgraaf.be"\nstore = "store"\n\n'
        f'[server]\nupdate_token = "{TOKEN}"\nmax_concurrent_queries = 1\nread_timeout_s = {READ_TIMEOUT_S}\n'
        f'keep_alive_s = {KEEP_ALIVE_S}\nmax_connections = {MAX_CONNECTIONS}\nmax_graph_body_mb = 5\n',
        encoding="utf-8")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", "from cultuurgraaf.cli import main; main()", "serve", "."],
                               cwd=folder, env={**os.environ, "CULTUURGRAAF_PORT": str(port)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("the server did not start")
        time.sleep(0.2)
    try:
        yield "127.0.0.1", port, process.pid
    finally:
        stop_group(process, patience_s=20)


def send_until_answered(sock: socket.socket, head: bytes, chunks, total: int) -> tuple[bytes, int]:
    """Send ``head``, then ``chunks`` until ``total`` bytes of them have gone or the server answers
    or closes; (what it answered, how many bytes of the chunks went)."""
    sock.sendall(head)
    sock.setblocking(False)
    answer, sent, deadline = b"", 0, time.monotonic() + PATIENCE_S
    pending = b""
    while time.monotonic() < deadline:
        readable, writable, _ = select.select([sock], [sock] if sent < total else [], [], 1)
        if readable:
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                break
            if not data:
                break
            answer += data
            continue
        if writable:
            pending = pending or next(chunks)
            try:
                done = sock.send(pending)
            except (BrokenPipeError, ConnectionResetError):
                break
            except BlockingIOError:
                continue
            sent += done
            pending = pending[done:]
    return answer, sent


def repeat(chunk: bytes):
    while True:
        yield chunk


def test_a_100_mb_header_is_refused_without_being_read(server):
    host, port, pid = server
    before = peak_mb(pid)
    with socket.create_connection((host, port)) as sock:
        answer, sent = send_until_answered(sock, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: ", repeat(b"a" * 65536),
                                           100_000_000)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    assert b"the request head (request line and headers) is larger than 64 kB" in answer
    assert sent < 20_000_000
    assert peak_mb(pid) < before + GROWTH_MB


def test_a_header_that_comes_whole_over_the_limit_is_refused(server):
    host, port, _pid = server
    answer = httpx.get(f"http://{host}:{port}/", headers={"X-Big": "a" * 70_000})
    assert answer.status_code == 431
    assert httpx.get(f"http://{host}:{port}/", headers={"X-Big": "a" * 60_000}).status_code == 200


@pytest.mark.parametrize("framing", [b"Content-Length: 300000000\r\n", b"Transfer-Encoding: chunked\r\n"],
                         ids=["declared", "streamed"])
def test_a_300_mb_body_is_refused_without_being_read(server, framing):
    host, port, pid = server
    before = peak_mb(pid)
    chunk = b"query=" + b"a" * 65530
    body = repeat(chunk if b"Length" in framing else b"%x\r\n%s\r\n" % (len(chunk), chunk))
    with socket.create_connection((host, port)) as sock:
        answer, sent = send_until_answered(
            sock, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  + framing + b"\r\n", body, 300_000_000)
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert b"the request body is larger than the 10 MB that /sparql takes" in answer
    assert b"connection: close" in answer.lower()
    assert sent < 100_000_000
    assert peak_mb(pid) < before + GROWTH_MB


def test_a_half_sent_request_is_closed_after_the_read_timeout(server):
    host, port, _pid = server
    with socket.create_connection((host, port)) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        sock.settimeout(PATIENCE_S)
        answer = _read_to_close(sock)
    waited = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert b"the request was not sent whole within 2 s" in answer
    assert READ_TIMEOUT_S - 0.5 < waited < PATIENCE_S


def test_a_body_that_stops_coming_is_cut_off(server):
    host, port, _pid = server
    with socket.create_connection((host, port)) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 100\r\n\r\nSELECT")
        sock.settimeout(PATIENCE_S)
        assert _read_to_close(sock) == b""


def test_a_connection_that_sends_nothing_is_closed(server):
    host, port, _pid = server
    with socket.create_connection((host, port)) as sock:
        sock.settimeout(PATIENCE_S)
        assert _read_to_close(sock) == b""


def test_an_idle_keep_alive_connection_is_closed(server):
    host, port, _pid = server
    with socket.create_connection((host, port)) as sock:
        sock.sendall(b"GET /api/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.settimeout(PATIENCE_S)
        answer = _read_to_close(sock)
    assert answer.startswith(b"HTTP/1.1 200 ")


def test_connections_beyond_the_cap_are_answered_503_and_closed(server):
    host, port, _pid = server
    sockets = [socket.create_connection((host, port)) for _ in range(MAX_CONNECTIONS + 10)]
    try:
        answers = []
        for sock in sockets:
            sock.settimeout(0.5)
            try:
                answers.append(sock.recv(1000))
            except socket.timeout:
                answers.append(b"")
    finally:
        for sock in sockets:
            sock.close()
    refused = [a for a in answers if a.startswith(b"HTTP/1.1 503 ")]
    assert len(refused) >= 10, answers
    assert all(b"retry-after: 2" in a for a in refused)
    time.sleep(0.5)
    assert httpx.get(f"http://{host}:{port}/").status_code == 200


def test_a_graph_store_put_of_a_billion_laughs_is_refused(server):
    host, port, pid = server
    started = time.monotonic()
    answer = httpx.put(f"http://{host}:{port}/graph-store", params={"graph": "http://example.com/g"},
                       content=LAUGHS_RDF.encode(), timeout=PATIENCE_S,
                       headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/rdf+xml"})
    assert answer.status_code == 400, answer.text
    assert "entities would expand to" in answer.json()["message"]
    assert time.monotonic() - started < PATIENCE_S
    assert peak_mb(pid) < 500
    assert httpx.get(f"http://{host}:{port}/graph-store", params={"graph": "http://example.com/g"}).status_code == 404


def _read_to_close(sock: socket.socket) -> bytes:
    answer = b""
    while True:
        try:
            data = sock.recv(65536)
        except ConnectionResetError:
            return answer
        if not data:
            return answer
        answer += data


# The body limits of each route, in process ----------------------------------------------------

@pytest.fixture(scope="module")
def small_limits(tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("small-limits")
    (folder / "cultuurgraaf.toml").write_text(
        '[project]\nname = "Limits"\nbase_iri = "https://data.cultuurgraaf.be"\nstore = "store"\n\n'
        f'[server]\nupdate_token = "{TOKEN}"\nmax_concurrent_queries = 1\nmax_query_body_mb = 0.01\n'
        "max_graph_body_mb = 0.02\nmax_body_mb = 0.001\n", encoding="utf-8")
    from cultuurgraaf.config import load_project

    with make_app_client(load_project(folder)) as client:
        yield client


@pytest.mark.parametrize("path, size, limit", [("/sparql", 10_001, "0.01 MB"), ("/graph-store?graph=http://g", 20_001,
                                                                               "0.02 MB"), ("/zoeken", 1_001, "0.001 MB")])
def test_each_route_has_its_body_limit(small_limits, path, size, limit):
    answer = small_limits.put(path, content=b"x" * size, headers={"Authorization": f"Bearer {TOKEN}",
                                                                  "Content-Type": "text/turtle"})
    assert answer.status_code == 413, answer.text
    assert f"larger than the {limit} that" in answer.text
    assert answer.headers["connection"] == "close"


def test_a_body_within_its_route_limit_reaches_the_route(small_limits):
    answer = small_limits.post("/sparql", content="ASK {}" + " " * 9_000,
                               headers={"Content-Type": "application/sparql-query",
                                        "Accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["boolean"] is True
