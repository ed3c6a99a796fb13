"""One client cannot take the endpoint down, over real HTTP on 127.0.0.1: a huge query is checked
without holding up other requests, a query that eats memory is stopped before the machine feels it,
clients that hold slow queries leave a worker for everyone else, and workers die with their server.

The bounds on time here are generous (seconds, where the failure they guard against takes tens of
seconds or never ends)."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from cultuurgraaf.store import EmbeddedStore
from cultuurgraaf.web.app import create_app
from cultuurgraaf.web.errors import HTTP_STATUS, http_status
from support.apps import SCRATCH_TOKEN, scratch_project
from support.http import descendants, resident_mb, serving, serving_process

JSON = {"Accept": "application/sparql-results+json"}
AUTH = {"Authorization": f"Bearer {SCRATCH_TOKEN}"}
QUERY_BODY = {"Content-Type": "application/sparql-query", **JSON}
#: 200^4 combinations to count: minutes of work, with no data needed.
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?{v} {{ {' '.join(str(i) for i in range(200))} }}" for v in "abcd") + " }")
#: A string that doubles thirty times: ten gigabytes in the end, if nothing stops it.
DOUBLING = ('SELECT (STRLEN(?a30) AS ?n) WHERE { BIND("0123456789" AS ?a0) '
            + " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(30)) + " }")

#: the bounds hold for a server that has the machine to itself, as in a run on one worker
pytestmark = pytest.mark.alone


def project_folder(folder, server: str = "") -> object:
    """A project with an empty store and the given [server] settings (the defaults otherwise)."""
    (folder / "cultuurgraaf.toml").write_text(
        '[project]\nname = "Load"\nbase_iri = "https://data.cultuurgraaf.be"\nstore = "store"\n\n'
        f"[server]\n{server}", encoding="utf-8")
    return folder


def test_the_home_page_answers_while_a_megabyte_query_that_mentions_service_is_checked(live_server):
    values = " ".join(f'"value {i}"' for i in range(90_000))
    query = f"# which service holds these?\nSELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?x {{ {values} }} }}"
    assert len(query) > 1_000_000
    with ThreadPoolExecutor(1) as pool:
        big = pool.submit(httpx.post, f"{live_server}/sparql", content=query.encode(), headers=QUERY_BODY,
                          timeout=120)
        time.sleep(0.5)  # the big query is being read and checked
        started = time.monotonic()
        home = httpx.get(f"{live_server}/", timeout=10)
        elapsed = time.monotonic() - started
        answer = big.result()
    assert home.status_code == 200
    assert elapsed < 2, f"the home page took {elapsed:.1f} s"
    assert answer.status_code == 200, answer.text[:500]
    assert answer.json()["results"]["bindings"][0]["n"]["value"] == "90000"


def test_the_string_doubling_query_is_stopped_before_the_server_passes_1_gb(tmp_path):
    with serving_process(project_folder(tmp_path)) as (url, server):
        peak, stop = [0.0], threading.Event()

        def watch() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], resident_mb([server.pid, *descendants(server.pid)]))
                if peak[0] > 1000:  # past the bound: stop it here, before it takes the machine
                    os.killpg(server.pid, signal.SIGKILL)
                    return
                time.sleep(0.02)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            response = httpx.post(f"{url}/sparql", content=DOUBLING.encode(), headers=QUERY_BODY, timeout=120)
        except httpx.HTTPError as exc:
            pytest.fail(f"no answer ({exc!r}); the server's processes reached {peak[0]:.0f} MB")
        finally:
            stop.set()
            watcher.join()
        assert peak[0] < 1000, f"the server's processes reached {peak[0]:.0f} MB"
        assert response.status_code == 503, response.text
        assert "needed more than the 512 MB of memory" in response.text
        assert response.headers["retry-after"]
        # the worker was replaced: the endpoint goes on answering
        assert httpx.post(f"{url}/sparql", data={"query": "ASK { FILTER(1 < 2) }"}, headers=JSON,
                          timeout=60).json()["boolean"] is True


def test_a_fifth_clients_aggregate_is_answered_while_four_clients_hold_slow_queries(tmp_path):
    settings = ("query_timeout_s = 30\nmax_concurrent_queries = 4\nlong_query_s = 1\nmax_long_queries = 3\n"
                "queue_wait_s = 10\n")
    with serving_process(project_folder(tmp_path, settings)) as (url, _):
        stop = threading.Event()

        def hold(address: str) -> None:  # one client that keeps one slow query running
            with httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60) as client:
                while not stop.is_set():
                    try:
                        client.post(f"{url}/sparql", content=SLOW.encode(), headers=QUERY_BODY)
                    except httpx.HTTPError:
                        return

        for n in range(2, 6):
            threading.Thread(target=hold, args=(f"127.0.0.{n}",), daemon=True).start()
        time.sleep(2)  # every worker has had a slow query
        aggregate = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { 1 2 3 4 5 } }"
        answers = []
        try:
            with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.6"), timeout=20) as fifth:
                for _ in range(4):
                    answers.append(fifth.post(f"{url}/sparql", data={"query": aggregate}, headers=JSON))
        finally:
            stop.set()
    assert [a.status_code for a in answers] == [200] * 4, [a.text for a in answers]
    assert all(a.json()["results"]["bindings"][0]["n"]["value"] == "5" for a in answers)


def test_after_the_server_is_killed_no_worker_process_remains(tmp_path):
    with serving_process(project_folder(tmp_path)) as (url, server):
        with ThreadPoolExecutor(1) as pool:
            pool.submit(_quietly, httpx.post, f"{url}/sparql", content=SLOW.encode(), headers=QUERY_BODY, timeout=60)
            time.sleep(1.5)  # a worker is running the slow query
            workers = descendants(server.pid)
            assert workers, "the server has no worker processes"
            os.kill(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and _alive(workers):
                time.sleep(0.1)
            left = _alive(workers)
    assert left == [], f"worker processes outlived their server: {left}"


def _quietly(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except httpx.HTTPError:
        return None


def _alive(pids: list[int]) -> list[int]:
    """Those of the processes that still run (a zombie has ended: it only waits to be reaped)."""
    alive = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
                state = handle.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(pid)
    return alive


# Limits per client, withdrawn updates, dumps, and a Retry-After on every 503 -------------------

def test_one_client_gets_at_most_its_share_and_is_told_so(tmp_path):
    settings = "query_timeout_s = 30\nmax_concurrent_queries = 4\nmax_queries_per_client = 2\nlong_query_s = 20\n"
    with serving_process(project_folder(tmp_path, settings)) as (url, _):
        with ThreadPoolExecutor(2) as pool:
            for _ in range(2):
                pool.submit(_quietly, httpx.post, f"{url}/sparql", content=SLOW.encode(), headers=QUERY_BODY,
                            timeout=5)
            time.sleep(1)
            third = httpx.post(f"{url}/sparql", data={"query": "ASK { FILTER(1 < 2) }"}, headers=JSON, timeout=10)
            with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"), timeout=10) as other:
                others = other.post(f"{url}/sparql", data={"query": "ASK { FILTER(1 < 2) }"}, headers=JSON)
    assert third.status_code == 429 and third.headers["retry-after"], third.text
    assert "the most this endpoint takes from one client" in third.text
    assert others.status_code == 200 and others.json()["boolean"] is True


def test_an_update_whose_client_has_gone_is_not_applied(tmp_path):
    project = scratch_project(tmp_path)
    app = create_app(project)
    store = EmbeddedStore(project.store_path)
    values = " ".join(str(i) for i in range(60))
    subjects = " ".join(f"<http://example.org/s{i}>" for i in range(60))
    slow_update = ("INSERT { GRAPH <http://example.org/many> { ?a <http://example.org/p> ?b } } WHERE { "
                   f"VALUES ?a {{ {subjects} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} }}")
    with serving(app) as url:
        writer = app.state.cg.sparql.runner.updates.pids()
        before = store.current_generation()
        with pytest.raises(httpx.ReadTimeout):  # the client gives up while the writer works
            httpx.post(f"{url}/sparql", data={"update": slow_update}, headers=AUTH, timeout=1.5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(writer):
            time.sleep(0.1)
        assert _alive(writer) == [], "the writer went on with an update no one waits for"
        assert store.current_generation() == before
        applied = httpx.post(f"{url}/sparql", data={"update": "INSERT DATA { GRAPH <http://example.org/g> { "
                                                              "<http://example.org/a> <http://example.org/p> 1 } }"},
                             headers=AUTH, timeout=60)
        assert applied.status_code == 204, applied.text
        assert store.current_generation() == before + 1


def test_dumps_beyond_the_cap_are_told_to_retry(tmp_path):
    project = scratch_project(tmp_path)
    project = dataclasses.replace(project, server=dataclasses.replace(project.server, max_concurrent_dumps=1))
    triples = "".join(f"<http://example.org/s{i}> <http://example.org/p> \"value {i}\" .\n" for i in range(300_000))
    with EmbeddedStore(project.store_path).transaction() as tx:  # 20 MB of N-Quads: more than the sockets hold
        tx.load("load:http://example.org/big", graph="http://example.org/big", data=triples.encode(), format="ntriples")
    app = create_app(project)
    with serving(app) as url:
        with socket.socket() as held:  # a client that reads the start of a dump and no further
            held.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)  # (loopback buffers grow to 32 MB)
            held.connect(("127.0.0.1", int(url.rsplit(":", 1)[1])))
            held.sendall(b"GET /dump.nq HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert held.recv(1024).startswith(b"HTTP/1.1 200")
            second = httpx.get(f"{url}/dump.nq", headers={"Accept": "application/json"}, timeout=30)
        assert second.status_code == 503 and second.headers["retry-after"], second.text
        assert "the most this server streams at once" in second.json()["message"]
        deadline = time.monotonic() + 10
        while app.state.cg.dump_slots.taken and time.monotonic() < deadline:
            time.sleep(0.05)
        again = httpx.get(f"{url}/dump.nq", timeout=60)
    assert again.status_code == 200 and again.text.count("\n") == 300_000


def test_every_503_says_when_to_try_again():
    for kind, status in HTTP_STATUS:
        if status in (429, 503):
            _, headers = http_status(kind("busy"))
            assert headers.get("Retry-After"), kind.__name__
