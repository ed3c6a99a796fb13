"""The endpoint is safe by default, over real HTTP: no writes without the token, no requests to
other hosts, a time limit that answers with an error (never a partial 200), a row limit that says
it cut, a bounded number of queries at once, and long queries that do not hold up other requests.

The scratch server (tests/conftest.py) has a 1 s time limit, 50 rows, one query slot and one place
in the waiting line."""

from __future__ import annotations

import asyncio
import http.server
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from rdflib import Graph

from support.apps import SCRATCH_TOKEN

from support.http import assert_error_shape, free_port
from cultuurgraaf.sparql import QueryFailed, QueryJob, WorkerPool
from cultuurgraaf.store import EmbeddedStore

GRAPH = "http://example.org/safety"
TRIPLES = 60
AUTH = {"Authorization": f"Bearer {SCRATCH_TOKEN}"}
JSON = {"Accept": "application/sparql-results+json"}
# 60 triples joined with themselves five times over: far more than a second of work
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def endpoint(scratch_server):
    url, project = scratch_server
    data = "".join(f"<http://example.org/s{i}> <http://example.org/p> {i} .\n" for i in range(TRIPLES))
    response = httpx.put(f"{url}/graph-store", params={"graph": GRAPH}, content=data.encode(),
                         headers={**AUTH, "Content-Type": "text/turtle"}, timeout=30)
    assert response.status_code in (201, 204), response.text
    return url, project


def ask(url: str, query: str) -> bool:
    response = httpx.post(f"{url}/sparql", data={"query": query}, headers=JSON, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


class Listener:
    """A local HTTP server that records every request it gets: where a SERVICE call would go."""

    def __init__(self):
        self.requests: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                listener.requests.append(self.path)
                self.send_response(200)
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def listener():
    listening = Listener()
    yield listening
    listening.close()


# No writes without the token ---------------------------------------------------------------

@pytest.mark.parametrize("headers, status", [({}, 401), ({"Authorization": "Bearer wrong"}, 403),
                                             ({"Authorization": f"Basic {SCRATCH_TOKEN}"}, 401)])
def test_an_update_without_the_token_is_refused(endpoint, headers, status):
    url, _ = endpoint
    response = httpx.post(f"{url}/sparql", content=f"DROP GRAPH <{GRAPH}>".encode(),
                          headers={**headers, "Content-Type": "application/sparql-update"}, timeout=30)
    assert response.status_code == status
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert ask(url, f"ASK {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")


def test_an_update_with_the_token_writes_a_new_generation(endpoint):
    url, project = endpoint
    store = EmbeddedStore(project.store_path)
    before = store.current_generation()
    response = httpx.post(f"{url}/sparql", data={"update": "INSERT DATA { GRAPH <http://example.org/new> { "
                                                            "<http://example.org/x> <http://example.org/p> 1 } }"},
                          headers=AUTH, timeout=30)
    assert response.status_code == 204, response.text
    assert store.current_generation() == before + 1
    assert ask(url, "ASK { GRAPH <http://example.org/new> { <http://example.org/x> ?p 1 } }")
    assert ask(url, f"ASK {{ GRAPH <{GRAPH}> {{ <http://example.org/s0> ?p 0 }} }}")  # the rest is kept
    assert "load:http://example.org/new" in store.manifest().graphs  # kept by later builds


def test_a_graph_write_without_the_token_is_refused_in_the_json_error_shape(endpoint):
    url, _ = endpoint
    response = httpx.delete(f"{url}/graph-store", params={"graph": GRAPH}, headers={"Accept": "application/json"},
                            timeout=30)
    assert_error_shape(response, 401, "update-unauthenticated")
    assert ask(url, f"ASK {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")


def test_the_graph_store_protocol_with_the_token(endpoint):
    url, _ = endpoint
    target = {"graph": "http://example.org/gsp"}
    put = httpx.put(f"{url}/graph-store", params=target, content=b"<http://example.org/a> <http://example.org/p> 1 .",
                    headers={**AUTH, "Content-Type": "text/turtle"}, timeout=30)
    assert put.status_code == 201
    post = httpx.post(f"{url}/graph-store", params=target, content=b'<http://example.org/b> <http://example.org/p> "2" .',
                      headers={**AUTH, "Content-Type": "application/n-triples"}, timeout=30)
    assert post.status_code == 204
    got = httpx.get(f"{url}/graph-store", params=target, headers={"Accept": "text/turtle"}, timeout=30)
    assert len(Graph().parse(data=got.content, format="turtle")) == 2
    replaced = httpx.put(f"{url}/graph-store", params=target, content=b"<http://example.org/c> <http://example.org/p> 3 .",
                         headers={**AUTH, "Content-Type": "text/turtle"}, timeout=30)
    assert replaced.status_code == 204
    got = httpx.get(f"{url}/graph-store", params=target, headers={"Accept": "application/n-triples"}, timeout=30)
    assert got.text.strip() == '<http://example.org/c> <http://example.org/p> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    assert httpx.delete(f"{url}/graph-store", params=target, headers=AUTH, timeout=30).status_code == 204
    assert httpx.get(f"{url}/graph-store", params=target, headers={"Accept": "application/json"},
                     timeout=30).status_code == 404


def test_a_graph_that_does_not_parse_is_400_and_changes_nothing(endpoint):
    url, _ = endpoint
    response = httpx.put(f"{url}/graph-store", params={"graph": GRAPH}, content=b"<http://example.org/a> oops",
                         headers={**AUTH, "Content-Type": "text/turtle", "Accept": "application/json"}, timeout=30)
    body = assert_error_shape(response, 400, "rdf-syntax")
    assert "cannot parse" in body["message"]
    assert ask(url, f"ASK {{ GRAPH <{GRAPH}> {{ <http://example.org/s0> ?p 0 }} }}")


# No requests to other hosts ----------------------------------------------------------------

@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b)SERVICE<{url}>{{ ?s ?p ?o }} }}",
])
def test_service_to_a_local_address_is_refused_and_no_request_is_made(endpoint, listener, template):
    url, _ = endpoint
    response = httpx.post(f"{url}/sparql", data={"query": template.format(url=listener.url)}, headers=JSON, timeout=30)
    assert response.status_code == 403
    assert "is not allowed" in response.text and "allow-list" in response.text
    assert listener.requests == []


def test_a_service_that_only_a_full_parse_finds_is_refused_in_the_worker(endpoint, listener):
    url, _ = endpoint
    base = listener.url.rsplit("/", 1)[0] + "/"
    # the tokens read `<?b)SERVICE:sparql#>` as an IRI; the store reads `<`, `?b)`, SERVICE :sparql, a comment
    query = f"PREFIX : <{base}> SELECT * {{ BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b)SERVICE:sparql#>\n {{ ?s ?p ?o }} }}"
    response = httpx.post(f"{url}/sparql", data={"query": query}, headers=JSON, timeout=30)
    assert response.status_code == 403, response.text
    assert f"SERVICE <{listener.url}> is not allowed" in response.text
    assert listener.requests == []


def test_load_from_a_local_address_is_refused_even_with_the_token(endpoint, listener):
    url, _ = endpoint
    response = httpx.post(f"{url}/sparql", data={"update": f"LOAD <{listener.url}> INTO GRAPH <http://example.org/l>"},
                          headers=AUTH, timeout=30)
    assert response.status_code == 403
    assert listener.requests == []


def test_query_workers_cannot_reach_the_network_even_past_the_check(endpoint, listener):
    _, project = endpoint
    pool = WorkerPool(project.store_path, size=1, timeout_s=20, max_waiting=1, network=False)
    job = QueryJob(text=f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}", format="json")
    try:
        with pytest.raises(QueryFailed):
            asyncio.run(pool.run(job))
        if not pool.sandboxed:
            pytest.skip("this system does not let a process leave the network (no network namespaces)")
    finally:
        pool.close()
    assert listener.requests == []


# A time limit that answers with an error ---------------------------------------------------

def test_a_query_past_the_time_limit_gets_an_error_not_a_partial_result(endpoint):
    url, _ = endpoint
    response = httpx.post(f"{url}/sparql", data={"query": EXPENSIVE}, headers=JSON, timeout=60)
    assert response.status_code == 503
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "ran longer than 1 s and was stopped; no partial result is given" in response.text
    # the stopped worker was replaced: the endpoint goes on answering
    assert ask(url, f"ASK {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")


# A row limit that says it cut --------------------------------------------------------------

def test_an_oversized_json_result_is_cut_with_a_header_and_a_marker(endpoint):
    url, _ = endpoint
    response = httpx.get(f"{url}/sparql", params={"query": f"SELECT * WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"},
                         headers=JSON, timeout=30)
    assert response.status_code == 200
    assert response.headers["cultuurgraaf-truncated"] == "50"
    document = response.json()
    assert len(document["results"]["bindings"]) == 50
    assert document["truncated"]["max_rows"] == 50


def test_an_oversized_csv_result_is_cut_with_a_header(endpoint):
    url, _ = endpoint
    response = httpx.get(f"{url}/sparql", params={"query": f"SELECT ?s WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"},
                         headers={"Accept": "text/csv"}, timeout=30)
    assert response.headers["cultuurgraaf-truncated"] == "50"
    assert len(response.text.strip().split("\r\n")) == 1 + 50


def test_an_oversized_graph_is_cut_with_a_header(endpoint):
    url, _ = endpoint
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    response = httpx.get(f"{url}/sparql", params={"query": query},
                         headers={"Accept": "application/n-triples"}, timeout=30)
    assert response.headers["cultuurgraaf-truncated"] == "50"
    assert len(Graph().parse(data=response.content, format="nt")) == 50


def test_a_result_within_the_limit_is_whole_and_unmarked(endpoint):
    url, _ = endpoint
    query = f"SELECT * WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} LIMIT 50"
    response = httpx.get(f"{url}/sparql", params={"query": query}, headers=JSON, timeout=30)
    assert "cultuurgraaf-truncated" not in response.headers
    assert "truncated" not in response.json() and len(response.json()["results"]["bindings"]) == 50


# A bounded number of queries, and long queries do not hold up others -----------------------

@pytest.mark.alone  # the three queries must meet in the one-second slot and its line
def test_when_the_slot_and_the_waiting_line_are_taken_the_next_query_is_told_to_retry(endpoint):
    url, _ = endpoint
    with ThreadPoolExecutor(3) as pool:
        slow = [pool.submit(httpx.post, f"{url}/sparql", data={"query": EXPENSIVE}, headers=JSON, timeout=60)
                for _ in range(3)]
        responses = [f.result() for f in slow]
    busy = [r for r in responses if "try again" in r.text]
    assert len(busy) == 1
    assert busy[0].status_code == 503 and busy[0].headers["retry-after"] == "2"
    assert all(r.status_code == 503 and "ran longer than" in r.text for r in responses if r not in busy)


@pytest.mark.alone  # the other requests must be answered within the slow query's one second
def test_a_long_query_does_not_hold_up_other_requests(endpoint):
    url, _ = endpoint
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(httpx.post, f"{url}/sparql", data={"query": EXPENSIVE}, headers=JSON, timeout=60)
        description = httpx.get(f"{url}/sparql", headers={"Accept": "text/turtle"}, timeout=60)
        page = httpx.get(f"{url}/graph-store", params={"graph": "http://example.org/none"},
                         headers={"Accept": "application/json"}, timeout=60)
        answered_while_running = not slow.done()
        assert slow.result().status_code == 503
    assert description.status_code == 200 and page.status_code == 404
    assert answered_while_running


def test_a_malformed_query_is_400_with_the_message_and_position(endpoint):
    url, _ = endpoint
    response = httpx.post(f"{url}/sparql", content=b"SELECT * WHERE { ?s ?p }",
                          headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert response.status_code == 400
    assert response.text.startswith("the query is not valid SPARQL: error at 1:")
