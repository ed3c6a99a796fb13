"""Client errors get a 4xx that names what was wrong, never a 500: dataset and graph IRIs that are
not IRIs, page numbers past the end or out of range, queries nested or chained deeper than the
query engine can run (which ended its worker process), addresses that are not IRIs. Each is
followed by a request that works: the server is still answering.

The endpoint answers in the SPARQL Protocol's way (text/plain with the message); everything else
in the one JSON error shape.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from cultuurgraaf.pipeline import load_file
from support.apps import SCRATCH_TOKEN, scratch_project
from support.http import assert_error_shape

AUTH = {"Authorization": f"Bearer {SCRATCH_TOKEN}"}
JSON = {"Accept": "application/json"}
ASK = "ASK { ?s ?p ?o }"
GRAPH = "http://example.org/client-errors"


def sparql_error(response, status: int, *parts: str) -> str:
    """The SPARQL Protocol's error answer: plain text holding every part."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/plain"), response.headers["content-type"]
    assert all(part in response.text for part in parts), response.text
    return response.text


def still_answers(client) -> None:
    response = client.get("/sparql", params={"query": ASK}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200 and response.json()["boolean"] is True, response.text


# dataset and graph IRIs -------------------------------------------------------------------

BAD_IRIS = [("http://example.org/a b", "Invalid IRI code point ' '"), ("*", "No scheme found"),
            ("http://example.org/a>b", "Invalid IRI code point '>'"), ("http://example.org/%zz", "percent encoding")]


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("iri, problem", BAD_IRIS)
def test_a_dataset_iri_that_is_not_an_iri_is_400_naming_it(client, parameter, iri, problem):
    for response in (client.get("/sparql", params={"query": ASK, parameter: iri}),
                     client.post("/sparql", data={"query": ASK, parameter: iri})):
        sparql_error(response, 400, f"{parameter} {iri!r} is not an absolute IRI", problem)
    still_answers(client)


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "GET"])
@pytest.mark.parametrize("iri, problem", BAD_IRIS)
def test_a_graph_store_request_to_a_graph_that_is_not_an_iri_is_400_naming_it(scratch_server, method, iri, problem):
    url, _ = scratch_server
    response = httpx.request(method, f"{url}/graph-store", params={"graph": iri}, timeout=30,
                             content=b"<http://example.org/a> <http://example.org/b> 1 ." if method in ("PUT", "POST")
                             else None, headers={**AUTH, **JSON, "Content-Type": "text/turtle"})
    body = assert_error_shape(response, 400, "query")
    assert f"graph {iri!r} is not an absolute IRI" in body["message"] and problem in body["message"]
    graphs = httpx.post(f"{url}/sparql", data={"query": "SELECT DISTINCT ?g { GRAPH ?g {} }"}, timeout=30,
                        headers={"Accept": "text/csv"})
    assert graphs.status_code == 200 and iri not in graphs.text  # nothing was written


def test_an_update_with_a_using_graph_that_is_not_an_iri_is_400(scratch_server):
    url, _ = scratch_server
    response = httpx.post(f"{url}/sparql", timeout=30, headers=AUTH, data={
        "update": f"INSERT {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}", "using-graph-uri": "a b"})
    sparql_error(response, 400, "using-graph-uri 'a b' is not an absolute IRI")


# paging -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/lijst/erfgoedobject", "/zoeken?q=theepot"])
@pytest.mark.parametrize("page", ["99999999999999999999", str(2 ** 62), "1000000"])
def test_a_page_past_the_end_is_404_naming_the_last_page(client, path, page):
    response = client.get(path, params={"pagina": page}, headers=JSON)
    body = assert_error_shape(response, 404, "not-found")
    last = client.get(path, headers=JSON).json()["pages"]
    assert f"there is no page {page}" in body["message"] and body["hint"] == f"the last page is pagina={last}"
    assert client.get(path, params={"pagina": str(last)}, headers=JSON).status_code == 200


@pytest.mark.parametrize("path", ["/lijst/erfgoedobject", "/zoeken?q=theepot"])
@pytest.mark.parametrize("page", ["0", "-5", "abc", "1.5", "1e3", "9" * 5000])
def test_a_page_number_that_is_not_one_is_400(client, path, page):
    body = assert_error_shape(client.get(path, params={"pagina": page}, headers=JSON), 400, "bad-parameter")
    assert "pagina must be a page number (a whole number, 1 or more)" in body["message"]


def test_a_page_past_the_end_is_a_page_for_people_too(client):
    response = client.get("/lijst/erfgoedobject", params={"pagina": "1000000"}, headers={"Accept": "text/html"})
    assert response.status_code == 404 and "there is no page 1000000" in response.text


# queries too deep for the query engine -------------------------------------------------------

@pytest.mark.parametrize("query, message", [
    ("SELECT * WHERE " + "{" * 100_000 + "}" * 100_000, "the query nests deeper than 250 levels of {, ( and ["),
    ("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_000) + " }", "the query has 9999 UNION, OPTIONAL"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + "COALESCE(" * 1000 + "true" + ")" * 1000 + ") }", "nests deeper"),
    ("SELECT * WHERE { ?s ?p ?o " + " ".join(f"BIND({i} AS ?v{i})" for i in range(5000)) + " }", "5000 UNION"),
])
def test_a_query_too_deep_for_the_engine_is_refused_before_it_runs(scratch_server, query, message):
    url, _ = scratch_server
    response = httpx.post(f"{url}/sparql", data={"query": query}, timeout=60)
    sparql_error(response, 400, message)
    assert ask_works(url)


def test_an_update_too_deep_for_the_engine_is_refused_before_it_runs(scratch_server):
    url, _ = scratch_server
    update = "INSERT DATA { GRAPH <http://example.org/g> " + "{" * 10_000 + "}" * 10_000 + " }"
    sparql_error(httpx.post(f"{url}/sparql", data={"update": update}, headers=AUTH, timeout=60), 400, "nests deeper")


def test_a_query_that_ends_its_worker_gets_a_clear_error_and_the_next_one_an_answer(scratch_server):
    # a chain of 100,000 additions passes the check (it counts nesting and pattern keywords) and
    # overflows the engine's stack: the worker process dies; its replacement answers the next query
    url, _ = scratch_server
    query = "ASK { FILTER(" + "1+" * 100_000 + "1 > 0) }"
    response = httpx.post(f"{url}/sparql", data={"query": query}, timeout=60)
    sparql_error(response, 400, "nests or chains too deeply for the query engine's stack", "SIGSEGV", "replaced")
    assert ask_works(url)


def ask_works(url: str) -> bool:
    response = httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=60)
    return response.status_code == 200 and response.json()["boolean"] is True


def test_the_command_line_refuses_a_query_too_deep_instead_of_crashing(tmp_path):
    project = scratch_project(tmp_path)
    data = tmp_path / "data.nt"
    data.write_text("<http://example.org/a> <http://example.org/b> \"1\" .\n", encoding="utf-8")
    load_file(project, data, graph=GRAPH)
    query = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    command = Path(sys.executable).with_name("cultuurgraaf")
    done = subprocess.run([str(command), "query", str(tmp_path), query], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, (done.returncode, done.stderr)  # not -11: the process did not die
    assert "the query nests deeper than 250 levels" in done.stderr and "Traceback" not in done.stderr


# addresses --------------------------------------------------------------------------------

def test_an_address_whose_thing_is_not_an_iri_is_404_saying_so(client):
    body = assert_error_shape(client.get("/doc/erfgoedobject/a%ZZ", headers=JSON), 404, "not-found")
    assert "is not an IRI (Invalid IRI percent encoding '%ZZ')" in body["message"]
