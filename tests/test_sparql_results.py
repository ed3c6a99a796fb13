"""The endpoint writes SELECT results itself (so it can cut them at the row limit): what it writes
must be what the store's own writers write, byte for byte, for every kind of term."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cultuurgraaf.sparql_results import FORMATS, XSD_STRING, write_solutions
from cultuurgraaf.store import EmbeddedStore

DATA = """
<http://example.org/a> <http://example.org/p> "plain" <http://example.org/g> .
<http://example.org/a> <http://example.org/p> "Théâtre \\"Café\\", <b>&amp;</b>\\ttab\\nnew line\\r"@fr <http://example.org/g> .
<http://example.org/a> <http://example.org/p> "42"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/g> .
<http://example.org/a> <http://example.org/p> "4.20"^^<http://www.w3.org/2001/XMLSchema#decimal> <http://example.org/g> .
<http://example.org/a> <http://example.org/p> "1.5E3"^^<http://www.w3.org/2001/XMLSchema#double> <http://example.org/g> .
<http://example.org/a> <http://example.org/p> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> <http://example.org/g> .
<http://example.org/a> <http://example.org/p> "1897~"^^<http://id.loc.gov/datatypes/edtf/EDTF> <http://example.org/g> .
<http://example.org/a> <http://example.org/p> _:node <http://example.org/g> .
<http://example.org/a?x=1&y=%3C2%3E> <http://example.org/p> <http://example.org/b;c> <http://example.org/g> .
"""
QUERY = """SELECT ?s ?o ?missing WHERE { ?s <http://example.org/p> ?o OPTIONAL { ?s <http://example.org/none> ?missing } }
ORDER BY ?s ?o"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = EmbeddedStore(tmp_path_factory.mktemp("results-store"))
    with store.transaction() as tx:
        tx.load("data", graph="http://example.org/g", data=DATA.encode(), format="nquads")
    return store


@pytest.mark.parametrize("fmt", FORMATS)
def test_solutions_are_written_as_the_store_writes_them(store, fmt):
    ours = store.query(QUERY)
    written = write_solutions(ours.variables, list(ours.solution_tuples()), fmt)
    assert written == store.query(QUERY).serialize(fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_result_is_written_as_the_store_writes_it(store, fmt):
    text = "SELECT ?x WHERE { ?x <http://example.org/nothing> ?y }"
    ours = store.query(text)
    assert write_solutions(ours.variables, list(ours.solution_tuples()), fmt) == store.query(text).serialize(fmt)


def test_csv_quotes_an_iri_with_a_comma():
    # Oxigraph 0.5's own CSV writer leaves it bare, which adds a column; RFC 4180 wants quotes.
    written = write_solutions(["s", "o"], [(("uri", "http://example.org/b,c"), ("literal", "x", None, XSD_STRING))],
                              "csv").decode()
    assert list(csv.reader(io.StringIO(written))) == [["s", "o"], ["http://example.org/b,c", "x"]]


def test_a_cut_json_result_says_so_and_how_far():
    rows = [(("uri", f"http://example.org/{i}"),) for i in range(3)]
    document = json.loads(write_solutions(["s"], rows, "json", truncated_at=3))
    assert len(document["results"]["bindings"]) == 3
    assert document["truncated"]["max_rows"] == 3
    assert "cut at 3 rows" in document["truncated"]["message"]


def test_a_whole_json_result_has_no_marker():
    assert "truncated" not in json.loads(write_solutions(["s"], [], "json"))


def test_a_graph_can_be_cut_at_a_number_of_triples(store):
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    body = result.serialize("ntriples", limit=4)
    assert result.truncated
    assert len(body.decode().strip().splitlines()) == 4
    whole = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    whole.serialize("ntriples", limit=100)
    assert not whole.truncated
