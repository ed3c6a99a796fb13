"""Real SPARQL clients against the demo graph on a live server: SPARQLWrapper and rdflib's
SPARQLStore, each with SELECT, ASK and CONSTRUCT, by GET and by POST."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import GET, JSON, POST, RDFXML, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from support import demo_facts

BASE = "https://data.cultuurgraaf.be"
ORGANISATIONS = "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?o WHERE { ?o a org:Organization }"
EXPECTED = demo_facts.organisation_iris(BASE)
MUSEUM = f"{BASE}/id/organisatie/ORG0001"
CONSTRUCT = f"CONSTRUCT {{ <{MUSEUM}> ?p ?o }} WHERE {{ <{MUSEUM}> ?p ?o }}"


def wrapper(live_server: str, method: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{live_server}/sparql")
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_select(live_server, method, fmt):
    client = wrapper(live_server, method)
    client.setQuery(ORGANISATIONS)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    if fmt == JSON:
        found = {b["o"]["value"] for b in result["results"]["bindings"]}
    else:
        found = {uri.firstChild.data for uri in result.getElementsByTagName("uri")}
    assert found == EXPECTED


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_ask(live_server, method):
    client = wrapper(live_server, method)
    client.setReturnFormat(JSON)
    client.setQuery(f"ASK {{ <{MUSEUM}> a <http://www.w3.org/ns/org#Organization> }}")
    assert client.query().convert()["boolean"] is True
    client.setQuery("ASK { <http://example.org/nothing> ?p ?o }")
    assert client.query().convert()["boolean"] is False


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("fmt", [TURTLE, RDFXML])
def test_sparqlwrapper_construct(live_server, method, fmt):
    client = wrapper(live_server, method)
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    graph = result if isinstance(result, Graph) else Graph().parse(data=result, format="turtle")
    assert (URIRef(MUSEUM), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef("http://www.w3.org/ns/org#Organization")) in graph
    assert len(graph) > 5


def test_sparqlwrapper_reports_a_malformed_query_with_the_parsers_message(live_server):
    client = wrapper(live_server, GET)
    client.setQuery("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed, match="error at 1:"):
        client.query()


@pytest.fixture(scope="module")
def remote_graph(live_server):
    return Graph(store=SPARQLStore(f"{live_server}/sparql", method="POST_FORM"))


def test_rdflib_sparqlstore_select(remote_graph):
    assert {str(row.o) for row in remote_graph.query(ORGANISATIONS)} == EXPECTED


def test_rdflib_sparqlstore_ask(remote_graph):
    assert remote_graph.query(f"ASK {{ <{MUSEUM}> ?p ?o }}").askAnswer is True
    assert remote_graph.query("ASK { <http://example.org/nothing> ?p ?o }").askAnswer is False


def test_rdflib_sparqlstore_construct(remote_graph):
    graph = remote_graph.query(CONSTRUCT).graph
    assert (URIRef(MUSEUM), URIRef("http://www.w3.org/2002/07/owl#sameAs"),
            URIRef("http://www.wikidata.org/entity/Q1809071")) in graph


def test_rdflib_sparqlstore_reads_triples_by_pattern(live_server):
    remote = Graph(store=SPARQLStore(f"{live_server}/sparql"))  # GET, results as XML
    names = {str(o) for o in remote.objects(URIRef(MUSEUM), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))}
    assert "Design Museum Gent" in names
