"""The SPARQL 1.1 Protocol at /sparql over the demo graph: the three ways to send a query, the
dataset parameters, every result and graph format, negotiation, errors as SPARQL clients expect
them, the service description, CORS, and the query page for browsers."""

from __future__ import annotations

import io
import json
import re
from urllib.parse import quote

import pytest
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.query import Result

from cultuurgraaf.sparql import examples, queries_folder
from support import demo_facts
from support.graphs import assert_same_graph
from support.http import assert_error_shape

BASE = "https://data.cultuurgraaf.be"
OBJECTS_GRAPH = f"{BASE}/graph/objecten"
ORGANISATIONS_GRAPH = f"{BASE}/graph/organisaties"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
COUNT_ORGANISATIONS = "PREFIX org: <http://www.w3.org/ns/org#> SELECT (COUNT(?o) AS ?n) WHERE { ?o a org:Organization }"
COUNT_OBJECTS = ("PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/> "
                 "SELECT (COUNT(?o) AS ?n) WHERE { ?o a crm:E22_Human-Made_Object }")
RESULT_TYPES = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
                "text/csv": "csv", "text/tab-separated-values": "tsv"}
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
               "application/rdf+xml": "xml", "application/n-quads": "nquads", "application/trig": "trig"}


def select(client, query: str, **params) -> list[dict]:
    response = client.get("/sparql", params={"query": query, **params},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def count(client, query: str, **params) -> int:
    return int(select(client, query, **params)[0]["n"]["value"])


def parse_graph(body: bytes, fmt: str) -> Graph:
    if fmt in ("nquads", "trig"):
        dataset = Dataset()
        dataset.parse(data=body, format=fmt)
        graph = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    return Graph().parse(data=body, format=fmt)


# Sending a query ---------------------------------------------------------------------------

def test_get_post_form_and_post_direct_give_the_same_answer(client):
    headers = {"Accept": "application/sparql-results+json"}
    by_get = client.get("/sparql", params={"query": COUNT_ORGANISATIONS}, headers=headers)
    by_form = client.post("/sparql", data={"query": COUNT_ORGANISATIONS}, headers=headers)
    by_body = client.post("/sparql", content=COUNT_ORGANISATIONS.encode(),
                          headers={**headers, "Content-Type": "application/sparql-query"})
    answers = [r.json()["results"]["bindings"] for r in (by_get, by_form, by_body)]
    assert answers[0] == answers[1] == answers[2]
    assert int(answers[0][0]["n"]["value"]) == len(demo_facts.organisation_iris())
    assert all("Accept" in r.headers["vary"].split(", ") for r in (by_get, by_form, by_body))


def test_a_direct_post_may_say_its_charset_is_utf8(client):
    response = client.post("/sparql", content=COUNT_ORGANISATIONS.encode(),
                           headers={"Content-Type": "application/sparql-query; charset=UTF-8"})
    assert response.status_code == 200


# Datasets ----------------------------------------------------------------------------------

def test_without_a_dataset_the_default_graph_is_the_union_of_the_sources(client):
    # an object's keeper's name lives in another source's graph than the object
    rows = select(client, """
        PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?keeper WHERE { ?o crm:P50_has_current_keeper ?keeper . ?keeper skos:prefLabel ?name }""")
    keepers = {row["beheerder_id"] for row in demo_facts.objects() if row["beheerder_id"]}
    assert {r["keeper"]["value"].rsplit("/", 1)[1] for r in rows} == keepers


def test_default_graph_uri_makes_the_default_graph(client):
    assert count(client, COUNT_OBJECTS, **{"default-graph-uri": OBJECTS_GRAPH}) == len(demo_facts.objects())
    assert count(client, COUNT_OBJECTS, **{"default-graph-uri": ORGANISATIONS_GRAPH}) == 0
    assert count(client, COUNT_ORGANISATIONS, **{"default-graph-uri": [OBJECTS_GRAPH, ORGANISATIONS_GRAPH]}) == \
        len(demo_facts.organisations())


def test_named_graph_uri_limits_the_named_graphs(client):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    rows = select(client, query, **{"named-graph-uri": [OBJECTS_GRAPH, ORGANISATIONS_GRAPH]})
    assert {r["g"]["value"] for r in rows} == {OBJECTS_GRAPH, ORGANISATIONS_GRAPH}


def test_named_graphs_alone_leave_the_default_graph_empty(client):
    assert count(client, COUNT_OBJECTS, **{"named-graph-uri": OBJECTS_GRAPH}) == 0


def test_a_query_with_from_uses_its_own_dataset(client):
    query = COUNT_OBJECTS.replace("WHERE", f"FROM <{ORGANISATIONS_GRAPH}> WHERE")
    assert count(client, query) == 0
    assert count(client, COUNT_OBJECTS.replace("WHERE", f"FROM <{OBJECTS_GRAPH}> WHERE")) == len(demo_facts.objects())


def test_the_request_dataset_wins_over_from(client):
    query = COUNT_OBJECTS.replace("WHERE", f"FROM <{ORGANISATIONS_GRAPH}> WHERE")
    assert count(client, query, **{"default-graph-uri": OBJECTS_GRAPH}) == len(demo_facts.objects())


# Formats -----------------------------------------------------------------------------------

@pytest.mark.parametrize("media", RESULT_TYPES)
def test_select_results_in_every_format(client, media):
    query = "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?o WHERE { ?o a org:Organization }"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media}; charset=utf-8"
    result = Result.parse(io.BytesIO(response.content), format=RESULT_TYPES[media])
    assert {str(row[0]) for row in result} == demo_facts.organisation_iris(BASE)


@pytest.mark.parametrize("media, fmt", [("application/sparql-results+json", "json"),
                                        ("application/sparql-results+xml", "xml")])
def test_ask_results(client, media, fmt):
    for query, answer in (("ASK { ?o a <http://www.w3.org/ns/org#Organization> }", True),
                          ("ASK { ?o a <http://example.org/Nothing> }", False)):
        response = client.get("/sparql", params={"query": query}, headers={"Accept": media})
        assert Result.parse(io.BytesIO(response.content), format=fmt).askAnswer is answer


@pytest.mark.parametrize("media", GRAPH_TYPES)
def test_construct_in_every_graph_format(client, media):
    query = (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ORGANISATIONS_GRAPH}> {{ ?s ?p ?o "
             f"FILTER(?s = <{BASE}/id/organisatie/ORG0001>) }} }}")
    response = client.get("/sparql", params={"query": query}, headers={"Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    graph = parse_graph(response.content, GRAPH_TYPES[media])
    reference = parse_graph(client.get("/sparql", params={"query": query},
                                       headers={"Accept": "application/n-triples"}).content, "nt")
    assert len(graph) > 5
    assert_same_graph(graph, reference)


def test_describe_gives_the_triples_about_a_thing(client):
    iri = f"{BASE}/id/organisatie/ORG0001"
    response = client.get("/sparql", params={"query": f"DESCRIBE <{iri}>"}, headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.content, format="turtle")
    assert set(graph.subjects()) >= {URIRef(iri)}


# Negotiation and errors as SPARQL clients expect them --------------------------------------

def test_an_unknown_result_type_is_406_listing_the_supported_ones(client):
    response = client.get("/sparql", params={"query": COUNT_OBJECTS}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert all(media in response.text for media in RESULT_TYPES)


def test_a_graph_answer_in_a_results_only_type_is_406_listing_the_graph_types(client):
    response = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 406
    assert all(media in response.text for media in GRAPH_TYPES)


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
def test_a_body_of_another_type_is_415_listing_what_is_read(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", content=b"ASK {}", headers=headers)
    assert response.status_code == 415
    assert all(media in response.text for media in ("application/x-www-form-urlencoded", "application/sparql-query",
                                                    "application/sparql-update"))


def test_a_body_in_another_charset_than_utf8_is_415(client):
    response = client.post("/sparql", content="ASK {}".encode("utf-16"),
                           headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert response.status_code == 415
    assert "(UTF-8)" in response.text


def test_a_malformed_query_is_400_with_the_parsers_message_and_position(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p \n}"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert re.search(r"not valid SPARQL: error at 3:\d+: expected", response.text), response.text


@pytest.mark.parametrize("params, message", [
    ([("query", "ASK {}"), ("query", "SELECT * {}")], "2 'query' parameters"),
    ([("update", "CLEAR ALL")], "an update cannot be sent with GET"),
    ([("query", "")], "the query is empty"),
])
def test_bad_requests_are_400_and_say_why(client, params, message):
    response = client.get("/sparql?" + "&".join(f"{k}={quote(v)}" for k, v in params))
    assert response.status_code == 400
    assert message in response.text


def test_a_query_and_an_update_in_one_request_is_400(client):
    response = client.post("/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"})
    assert response.status_code == 400 and "both a query and an update" in response.text


def test_other_methods_are_405(client):
    response = client.put("/sparql", content=b"ASK {}")
    assert response.status_code == 405


def test_an_update_on_a_read_only_endpoint_is_refused(client):
    response = client.post("/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == 403
    assert "read-only" in response.text
    assert count(client, COUNT_OBJECTS) == len(demo_facts.objects())


# The service description -------------------------------------------------------------------

def test_without_a_query_a_program_gets_the_service_description(client, demo_project):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and "Accept" in response.headers["vary"]
    graph = Graph().parse(data=response.content, format="turtle")
    service = URIRef("http://testserver/sparql")
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in graph  # no token: no updates
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    named = {str(name) for name in graph.objects(None, SD.name)}
    assert named == {s.graph for s in demo_project.sources} | {demo_project.iris.meta_graph}


def test_the_service_description_links_to_the_catalogue_in_the_meta_graph(client, demo_project):
    graph = Graph().parse(data=client.get("/sparql", headers={"Accept": "*/*"}).content, format="turtle")
    catalogue = graph.value(URIRef("http://testserver/sparql"), URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"))
    ask = (f"ASK {{ GRAPH <{demo_project.iris.meta_graph}> {{ <{catalogue}> a <http://www.w3.org/ns/dcat#Catalog> }} }}")
    response = client.get("/sparql", params={"query": ask}, headers={"Accept": "application/sparql-results+json"})
    assert response.json()["boolean"] is True


@pytest.mark.parametrize("media", GRAPH_TYPES)
def test_the_service_description_in_every_graph_format(client, media):
    response = client.get("/sparql", headers={"Accept": media})
    assert response.headers["content-type"].split(";")[0] == media
    graph = parse_graph(response.content, GRAPH_TYPES[media])
    assert (URIRef("http://testserver/sparql"), SD.endpoint, URIRef("http://testserver/sparql")) in graph


# CORS --------------------------------------------------------------------------------------

def test_any_site_may_query_from_a_browser(client):
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "Cultuurgraaf-Truncated" in response.headers["access-control-expose-headers"]


def test_a_preflight_allows_posting_queries_and_sending_a_token(client):
    response = client.options("/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, authorization"})
    assert response.status_code == 200
    assert "POST" in response.headers["access-control-allow-methods"]
    assert {"authorization", "content-type"} <= {h.strip().lower() for h in
                                                 response.headers["access-control-allow-headers"].split(",")}


# The query page ----------------------------------------------------------------------------

def test_a_browser_gets_the_query_page_with_the_examples(client, demo_project):
    response = client.get("/sparql", headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<script src="/static/vendor/yasgui/yasgui.min.js">' in page
    listed = examples(queries_folder(demo_project))
    assert len(listed) >= 12
    shown = re.findall(r'<a href="/sparql\?query=[^"]+" data-example="([^"]+)"[^>]*>([^<]+)</a>', page.replace("&#39;", "'"))
    assert shown == [(example["name"], example["title"]) for example in listed]
    config = json.loads(re.search(r'<script id="cg-query-config" type="application/json">(.*?)</script>',
                                  page, re.S).group(1))
    assert config["endpoint"] == "/sparql" and config["entityBase"] == f"{BASE}/id/"
    assert config["prefixes"]["crm"] == "http://www.cidoc-crm.org/cidoc-crm/"
    assert [e["title"] for e in config["examples"]] == [e["title"] for e in listed]


def test_the_query_page_loads_nothing_from_other_hosts(client):
    page = client.get("/sparql", headers={"Accept": BROWSER}).text
    for attribute in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert not re.match(r"(https?:)?//", attribute), attribute
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert client.get(asset).status_code == 200


def test_a_permalink_opened_in_a_browser_shows_the_page_that_runs_it(client):
    response = client.get("/sparql", params={"query": COUNT_OBJECTS}, headers={"Accept": BROWSER})
    assert response.status_code == 200 and "cg-query-config" in response.text


def test_the_page_config_cannot_end_its_script_element(client):
    page = client.get("/sparql", headers={"Accept": BROWSER}).text
    block = re.search(r'<script id="cg-query-config" type="application/json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block


# The Graph Store Protocol (reading; writing needs the token: see test_endpoint_safety) -----

def test_a_graph_can_be_read_through_the_graph_store_protocol(client):
    response = client.get("/graph-store", params={"graph": ORGANISATIONS_GRAPH},
                          headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format="nt")
    assert len(set(graph.subjects(predicate=URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                  object=URIRef("http://www.w3.org/ns/org#Organization")))) == \
        len(demo_facts.organisations())


def test_an_unknown_graph_is_404_in_the_json_error_shape(client):
    response = client.get("/graph-store", params={"graph": "http://example.org/none"},
                          headers={"Accept": "application/json, text/turtle"})
    assert_error_shape(response, 404, "not-found")


def test_writing_a_graph_on_a_read_only_endpoint_is_403_in_the_json_error_shape(client):
    response = client.put("/graph-store", params={"graph": "http://example.org/g"}, content=b"",
                          headers={"Content-Type": "text/turtle", "Accept": "application/json"})
    body = assert_error_shape(response, 403, "update-refused")
    assert "read-only" in body["message"]


def test_a_graph_store_request_must_name_one_graph(client):
    assert_error_shape(client.get("/graph-store", headers={"Accept": "application/json"}), 400, "query")
