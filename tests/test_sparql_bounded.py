"""Queries that cannot run long are answered in the server process, byte for byte as a worker
answers them; every other query still goes to the workers and their time limit.

The app here has a row limit of 5 and a time limit of 1 s, over a small store of its own."""

from __future__ import annotations

import asyncio

import pytest

from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import load_file
from cultuurgraaf.sparql import ROWS_HERE, QueryJob, execute_here, is_bounded
from cultuurgraaf.vocab import PREFIXES
from cultuurgraaf.web.negotiation import GRAPH_TYPES, SOLUTION_TYPES
from support.apps import make_app_client

EX = "http://example.org/"
GRAPH = EX + "graph/bounded"
MAX_ROWS = 5
P = f"PREFIX ex: <{EX}>\n"
DATA = "".join(f'<{EX}s{i}> <{EX}p> "waarde {i}"@nl .\n<{EX}s{i}> <{EX}q> "{i}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
               f"<{EX}s{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Ding> .\n" for i in range(8)) + \
    f'<{EX}s0> <{EX}r> _:knoop .\n_:knoop <{EX}p> "in een knoop, met \\"aanhalingstekens\\" en\\teen tab" .\n'
# 60 triples joined with themselves five times over: far more than a second of work
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"

#: The shapes answered in the server process (queries over the store above).
BOUNDED = [
    f"SELECT ?p ?o WHERE {{ <{EX}s1> ?p ?o }}",
    "SELECT * { ?s ?p ?o . }",  # more rows than the limit
    P + "SELECT ?s ?o WHERE { ?s ex:p ?o } LIMIT 3",
    P + 'select ?s where { ?s ex:p "waarde 2"@nl }',
    P + 'SELECT ?s WHERE { ?s ex:q "3"^^<http://www.w3.org/2001/XMLSchema#integer> }',
    P + "SELECT ?s ?x WHERE { ?s a ex:Ding } LIMIT 100",  # ?x unbound
    P + "SELECT ?o WHERE { ex:nobody ?p ?o }",  # no rows
    P + "SELECT ?b ?o WHERE { ?b ex:p ?o } LIMIT 100",  # a literal with a quote and a tab, past the limit
    P + "SELECT ?k WHERE { ex:s0 ex:r ?k }",  # a blank node
    P + "ASK { ex:s1 ex:p ?o }",
    P + "ASK WHERE { ex:s1 ex:p ex:s2 }",
    P + "CONSTRUCT WHERE { ?s ex:p ?o }",  # a blank node among them, and more triples than the limit
    P + "CONSTRUCT { ex:s0 ?p ?o } WHERE { ex:s0 ?p ?o . } LIMIT 2",
]

#: One query for each thing that sends a query to the workers.
NOT_BOUNDED = {
    "DISTINCT": "SELECT DISTINCT ?p WHERE { ?s ?p ?o }",
    "REDUCED": "SELECT REDUCED ?p WHERE { ?s ?p ?o }",
    "FILTER": "SELECT * WHERE { ?s ?p ?o FILTER(?o = 1) }",
    "OPTIONAL": f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ ?o <{EX}p> ?x }} }}",
    "two patterns": f"SELECT * WHERE {{ ?s ?p ?o . ?o <{EX}p> ?x }}",
    "UNION": f"SELECT * WHERE {{ {{ ?s <{EX}p> ?o }} UNION {{ ?s <{EX}q> ?o }} }}",
    "MINUS": f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ ?s <{EX}q> ?o }} }}",
    "BIND": "SELECT * WHERE { ?s ?p ?o BIND(1 AS ?x) }",
    "VALUES": f"SELECT * WHERE {{ VALUES ?s {{ <{EX}s1> }} ?s ?p ?o }}",
    "VALUES after": f"SELECT * WHERE {{ ?s ?p ?o }} VALUES ?s {{ <{EX}s1> }}",
    "subquery": "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }",
    "property path": f"SELECT * WHERE {{ ?s <{EX}r>/<{EX}p> ?o }}",
    "path with a": "SELECT * WHERE { ?s a* ?o }",
    "SERVICE": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "GRAPH": f"SELECT * WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}",
    "GROUP BY": "SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s",
    "ORDER BY": "SELECT * WHERE { ?s ?p ?o } ORDER BY ?o",
    "aggregate": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "expression": "SELECT (STR(?o) AS ?t) WHERE { ?s ?p ?o }",
    "OFFSET": "SELECT * WHERE { ?s ?p ?o } OFFSET 2",
    "LIMIT and OFFSET": "SELECT * WHERE { ?s ?p ?o } LIMIT 2 OFFSET 2",
    "FROM": f"SELECT * FROM <{GRAPH}> WHERE {{ ?s ?p ?o }}",
    "FROM NAMED": f"SELECT * FROM NAMED <{GRAPH}> WHERE {{ ?s ?p ?o }}",
    "a variable twice": "SELECT * WHERE { ?s ?p ?s }",
    "a variable twice, other sigil": "SELECT * WHERE { ?s ?p $s }",
    "a blank node": "SELECT * WHERE { _:b ?p ?o }",
    "brackets": "SELECT * WHERE { [] ?p ?o }",
    "a number": f"SELECT * WHERE {{ ?s <{EX}q> 3 }}",
    "a relative IRI": "SELECT * WHERE { <s1> ?p ?o }",
    "BASE": f"BASE <{EX}> SELECT * WHERE {{ <s1> ?p ?o }}",
    "an undeclared prefix": "SELECT * WHERE { ex:s1 ?p ?o }",
    "an escape": 'SELECT * WHERE { ?s ?p "\\u0022" }',
    "DESCRIBE": f"DESCRIBE <{EX}s1>",
    "DESCRIBE WHERE": "DESCRIBE ?s WHERE { ?s ?p ?o }",
    "CONSTRUCT another template": "CONSTRUCT { ?o ?p ?s } WHERE { ?s ?p ?o }",
    "two triples": f"SELECT * WHERE {{ ?s <{EX}p> ?o ; <{EX}q> ?x }}",
    "an object list": f"SELECT * WHERE {{ ?s <{EX}p> ?o , ?x }}",
    "an update": f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }}",
    "LIMIT twice": "SELECT * WHERE { ?s ?p ?o } LIMIT 2 LIMIT 3",
    "a fractional LIMIT": "SELECT * WHERE { ?s ?p ?o } LIMIT 2.5",
    "something after": "SELECT * WHERE { ?s ?p ?o } }",
    "no projection": "SELECT WHERE { ?s ?p ?o }",
}


def project_with(folder, data: str, *, max_rows: int):
    (folder / "cultuurgraaf.toml").write_text(
        '[project]\nname = "Bounded"\nbase_iri = "https://data.cultuurgraaf.be"\nstore = "store"\n\n'
        f"[server]\nquery_timeout_s = 1.0\nmax_rows = {max_rows}\n", encoding="utf-8")
    (folder / "data.nt").write_text(data, encoding="utf-8")
    project = load_project(folder)
    load_file(project, folder / "data.nt", graph=GRAPH)
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return project_with(tmp_path_factory.mktemp("bounded-project"), DATA, max_rows=MAX_ROWS)


@pytest.fixture(scope="module")
def client(project):
    """A client of this module's project (not the demo's)."""
    with make_app_client(project) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def app(client):
    return client.app


def answered_here(app) -> int:
    return app.state.cg.sparql.answered_here


def worker_job(text: str, media: str, *, max_rows: int = MAX_ROWS) -> QueryJob:
    """The job the endpoint makes of a query asked for as ``media`` (see SparqlService.answer)."""
    table = GRAPH_TYPES if "CONSTRUCT" in text else SOLUTION_TYPES
    return QueryJob(text=text, format=table[media], store_arguments={"union_default_graph": True},
                    max_rows=max_rows, base_iri="http://testserver/sparql",
                    prefixes=PREFIXES if table is GRAPH_TYPES else None)


def from_a_worker(app, job: QueryJob):
    return asyncio.run(app.state.cg.sparql.runner.query(job))


def formats_of(text: str) -> list[str]:
    table = GRAPH_TYPES if "CONSTRUCT" in text else SOLUTION_TYPES
    return list(dict.fromkeys(table))


# What is bounded ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", BOUNDED)
def test_one_triple_pattern_is_bounded(text):
    assert is_bounded(text)


@pytest.mark.parametrize("reason", NOT_BOUNDED)
def test_everything_else_is_not(reason):
    assert not is_bounded(NOT_BOUNDED[reason])


# The same answer either way ----------------------------------------------------------------

@pytest.mark.parametrize("text", BOUNDED)
def test_a_bounded_query_is_answered_here_as_a_worker_answers_it_in_every_format(app, client, text):
    for media in formats_of(text):
        job = worker_job(text, media)
        expected = from_a_worker(app, job)
        assert execute_here(app.state.cg.store, job) == expected, media
        before = answered_here(app)
        response = client.post("/sparql", data={"query": text}, headers={"Accept": media})
        assert response.status_code == 200, response.text
        assert answered_here(app) == before + 1, media
        assert response.content == expected.body, media
        assert response.headers.get("cultuurgraaf-truncated") == (
            None if expected.truncated_at is None else str(expected.truncated_at)), media


def test_a_result_past_the_row_limit_is_cut_the_same_way_here(app, client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.headers["cultuurgraaf-truncated"] == str(MAX_ROWS)
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    assert response.json()["truncated"]["max_rows"] == MAX_ROWS


@pytest.mark.parametrize("reason", [r for r in NOT_BOUNDED if r not in ("SERVICE", "an update")])
def test_any_other_query_goes_to_the_workers(app, client, reason):
    before = answered_here(app)
    client.post("/sparql", data={"query": NOT_BOUNDED[reason]}, headers={"Accept": "*/*"})
    assert answered_here(app) == before


def test_a_query_with_the_protocols_dataset_goes_to_the_workers(app, client):
    before = answered_here(app)
    response = client.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": GRAPH},
                           headers={"Accept": "text/csv"})
    assert response.status_code == 200 and response.headers["cultuurgraaf-truncated"] == str(MAX_ROWS)
    assert answered_here(app) == before


def test_a_malformed_bounded_looking_query_gets_the_same_400(app, client):
    # the shape is there, but Oxigraph refuses it: the LIMIT is past what it reads as a number
    text = P + "SELECT ?s WHERE { ?s ex:p ?o } LIMIT 99999999999999999999999"
    assert is_bounded(text)
    here = client.post("/sparql", data={"query": text})
    with pytest.raises(Exception) as from_worker:
        from_a_worker(app, worker_job(text, "application/sparql-results+json"))
    assert here.status_code == 400
    assert here.text == str(from_worker.value) + "\n"
    assert here.text.startswith("the query is not valid SPARQL: error at 2:")


def test_a_long_query_still_gets_its_time_limit_error(client):
    assert not is_bounded(EXPENSIVE)
    response = client.post("/sparql", data={"query": EXPENSIVE},
                           headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 503
    assert "ran longer than 1 s and was stopped; no partial result is given" in response.text


def test_a_new_generation_is_seen_here(app, client, project, tmp_path):
    text = f"SELECT ?o WHERE {{ <{EX}nieuw> <{EX}p> ?o }}"
    ask = {"query": text}
    assert client.post("/sparql", data=ask, headers={"Accept": "text/csv"}).text == "o\r\n"
    extra = tmp_path / "extra.nt"
    extra.write_text(f'<{EX}nieuw> <{EX}p> "pas geladen" .\n', encoding="utf-8")
    before = answered_here(app)
    load_file(project, extra, graph=EX + "graph/extra")  # what `cultuurgraaf load` runs
    response = client.post("/sparql", data=ask, headers={"Accept": "text/csv"})
    assert response.text == "o\r\npas geladen\r\n"
    assert answered_here(app) == before + 1
    assert response.content == from_a_worker(app, worker_job(text, "text/csv")).body


# A long answer to a bounded query is still written by a worker ----------------------------

LARGE_ROWS = ROWS_HERE + 100  # the row limit of the app below, above what the server writes itself


@pytest.mark.parametrize("limit, here", [(f"LIMIT {ROWS_HERE}", True), (f"LIMIT {ROWS_HERE + 1}", False),
                                         ("", False)])  # the last one is cut at the row limit
def test_a_bounded_answer_longer_than_the_server_writes_itself_comes_from_a_worker(tmp_path, limit, here):
    data = "".join(f'<{EX}t{i}> <{EX}n> "{i}" .\n' for i in range(LARGE_ROWS + 50))
    text = f"SELECT ?t WHERE {{ ?t <{EX}n> ?o }} {limit}"
    assert is_bounded(text)
    with make_app_client(project_with(tmp_path, data, max_rows=LARGE_ROWS)) as client:
        app = client.app
        response = client.post("/sparql", data={"query": text}, headers={"Accept": "text/csv"})
        expected = from_a_worker(app, worker_job(text, "text/csv", max_rows=LARGE_ROWS))
    assert response.content == expected.body
    assert answered_here(app) == (1 if here else 0)
    rows = len(response.text.strip().split("\r\n")) - 1
    assert rows == (ROWS_HERE if here else ROWS_HERE + 1 if limit else LARGE_ROWS)
    assert response.headers.get("cultuurgraaf-truncated") == (None if limit else str(LARGE_ROWS))
