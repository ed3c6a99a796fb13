"""Cutting a result at the row limit: the first rows must come out exactly as the store writes a
whole result (byte for byte, for every kind of term and every format), and a cut must be said."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cultuurgraaf.sparql import mark_truncated
from cultuurgraaf.store import EmbeddedStore

DATA = """
<http://example.org/a> <http://example.org/p> "plain" <http://example.org/g> .
<http://example.org/a> <http://example.org/p> "Théâtre \\"Café\\", <b>&amp;</b>\\ttab\\nnew line\\r"@fr <http://example.org/g> .
<http://example.org/a> <http://example.org/p> "\\\\ back\\\\slash and \\u00e9"@nl-BE <http://example.org/g> .
<http://example.org/a> <http://example.org/p> "42"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/g> .
<http://example.org/a> <http://example.org/p> "4.20"^^<http://www.w3.org/2001/XMLSchema#decimal> <http://example.org/g> .
<http://example.org/a> <http://example.org/p> "1.5E3"^^<http://www.w3.org/2001/XMLSchema#double> <http://example.org/g> .
<http://example.org/a> <http://example.org/p> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> <http://example.org/g> .
<http://example.org/a> <http://example.org/p> "1897~"^^<http://id.loc.gov/datatypes/edtf/EDTF> <http://example.org/g> .
<http://example.org/a> <http://example.org/p> _:node <http://example.org/g> .
<http://example.org/a?x=1&y=%3C2%3E> <http://example.org/p> <http://example.org/b;c> <http://example.org/g> .
<http://example.org/list,with,commas> <http://example.org/p> <http://example.org/b,c> <http://example.org/g> .
"""
QUERIES = [
    "SELECT ?s ?o ?missing WHERE { ?s <http://example.org/p> ?o OPTIONAL { ?s <http://example.org/none> ?missing } }"
    " ORDER BY ?s ?o",
    "SELECT ?x WHERE { ?x <http://example.org/nothing> ?y }",
    "SELECT * WHERE {}",
    "SELECT (COUNT(*) AS ?n) (TRIPLE(<http://example.org/a>, <http://example.org/p>, 1) AS ?t) WHERE { ?s ?p ?o }",
]
FORMATS = ("json", "xml", "csv", "tsv")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = EmbeddedStore(tmp_path_factory.mktemp("results-store"))
    with store.transaction() as tx:
        tx.load("data", graph="http://example.org/g", data=DATA.encode(), format="nquads")
    return store


@pytest.mark.parametrize("query", QUERIES, ids=["terms", "empty", "one-empty-row", "aggregate-and-triple"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_result_within_the_limit_is_written_as_the_store_writes_it(store, query, fmt):
    cut = store.query(query)
    assert cut.serialize(fmt, limit=100) == store.query(query).serialize(fmt)
    assert not cut.truncated


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_result_over_the_limit_keeps_its_first_rows(store, fmt):
    query = QUERIES[0]
    cut = store.query(query)
    body = cut.serialize(fmt, limit=4)
    assert cut.truncated
    whole = store.query(query).serialize("tsv").decode().split("\n")
    assert store.query(query).serialize("tsv", limit=4).decode().split("\n") == whole[:5] + [""]
    if fmt == "json":
        assert len(json.loads(body)["results"]["bindings"]) == 4


def test_a_cut_json_result_says_so_and_how_far():
    body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://example.org/1"}}]}}'
    document = json.loads(mark_truncated(body, 1))
    assert document["results"]["bindings"] == [{"s": {"type": "uri", "value": "http://example.org/1"}}]
    assert document["truncated"]["max_rows"] == 1
    assert "cut at 1 rows" in document["truncated"]["message"]


def test_a_graph_can_be_cut_at_a_number_of_triples(store):
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    body = result.serialize("ntriples", limit=4)
    assert result.truncated
    assert len(body.decode().strip().splitlines()) == 4
    whole = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    whole.serialize("ntriples", limit=100)
    assert not whole.truncated


class IteratingSolutions:
    """Solutions that can only be iterated, as a remote server's pages are."""

    def __init__(self, solutions):
        self.variables = solutions.variables
        self._solutions = solutions

    def __iter__(self):
        return iter(self._solutions)


@pytest.mark.parametrize("fmt", FORMATS)
def test_solutions_that_only_iterate_are_cut_and_written_the_same_way(store, fmt):
    from cultuurgraaf.store import QueryResult

    query = QUERIES[0]
    whole = QueryResult(IteratingSolutions(store.query(query)._raw), "solutions")
    assert whole.serialize(fmt, limit=100) == store.query(query).serialize(fmt)
    cut = QueryResult(IteratingSolutions(store.query(query)._raw), "solutions")
    assert cut.serialize(fmt, limit=4) == store.query(query).serialize(fmt, limit=4) and cut.truncated


@pytest.mark.parametrize("limit", [None, 100])
def test_csv_quotes_every_field_that_needs_it_so_each_row_has_the_columns_of_the_header(store, limit):
    body = store.query(QUERIES[0]).serialize("csv", limit=limit).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["s", "o", "missing"]
    assert all(len(row) == 3 for row in rows)
    assert ["http://example.org/list,with,commas", "http://example.org/b,c", ""] in rows
    assert any(row[1].startswith('Théâtre "Café", <b>') and "\nnew line" in row[1] for row in rows)


TRICKY = ["},{", '"},{"', "\\},{\\", "}", "},", ",{", "{}", "x\ny"]


@pytest.fixture(scope="module")
def tricky_store(tmp_path_factory):
    # literals holding what separates two solutions in SPARQL JSON, some far longer than one write
    store = EmbeddedStore(tmp_path_factory.mktemp("tricky-store"))
    lines = []
    for i in range(120):
        text = TRICKY[i % len(TRICKY)] * (5000 if i % 40 == 0 else 1 + i % 3)
        lines.append(f"<http://example.org/s{i:03d}> <http://example.org/p> {json.dumps(text)} .\n")
    with store.transaction() as tx:
        tx.load("data", graph="http://example.org/g", data="".join(lines).encode(), format="ntriples")
    return store


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 8, 39, 40, 41, 119, 120, 121, 10_000])
def test_json_is_cut_after_exactly_the_first_rows_whatever_the_literals_hold(tricky_store, limit):
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    whole = json.loads(tricky_store.query(query).serialize("json"))
    cut = tricky_store.query(query)
    body = json.loads(cut.serialize("json", limit=limit))
    assert body["head"] == whole["head"]
    assert body["results"]["bindings"] == whole["results"]["bindings"][:limit]
    assert cut.truncated is (limit < 120)


@pytest.mark.parametrize("limit", [4, 100])
def test_a_servers_json_is_cut_and_written_again_as_the_store_writes_it(store, limit):
    """A remote server's SPARQL JSON is written again as read (not as terms, and back): the same bytes."""
    from cultuurgraaf.store import QueryResult
    from cultuurgraaf.store.sparql_http import PagedSolutions

    query = QUERIES[0]
    read = PagedSolutions.single(json.loads(store.query(query).serialize("json")))
    result = QueryResult(read, "solutions")
    assert result.serialize("json", limit=limit) == store.query(query).serialize("json", limit=limit)
    assert result.truncated == (limit == 4)
