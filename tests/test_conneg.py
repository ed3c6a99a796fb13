"""Dereferencing: /id/ answers 303 to /doc/, which speaks HTML, Turtle, JSON-LD, N-Triples and RDF/XML,
chosen by Accept (q-values and wildcards included) or by extension; unknown things get a 404 that helps."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, URIRef

from support.demo_things import BASE, design_museum, page
from support.graphs import assert_same_graph

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.fixture(scope="module")
def museum_page():
    return page("organisatie", design_museum()["ref"])


@pytest.mark.parametrize("accept, media", [
    ("text/html", "text/html"),
    (BROWSER, "text/html"),
    ("*/*", "text/html"),
    (None, "text/html"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/turtle;q=0.9, application/ld+json", "application/ld+json"),
    ("text/html;q=0.1, text/turtle;q=0.5, application/rdf+xml;q=0.4", "text/turtle"),
    ("application/rdf+xml, text/turtle;q=0.3, */*;q=0.1", "application/rdf+xml"),
    ("text/*;q=0.5, application/n-triples;q=0.6", "application/n-triples"),
    ("text/turtle;q=0, */*", "text/html"),
    ("application/json", "application/json"),  # JSON-LD, labelled as the JSON that was asked for
])
def test_the_document_comes_in_the_type_the_client_likes_best(client, museum_page, accept, media):
    response = client.get(museum_page, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert "Accept" in response.headers["vary"]


@pytest.mark.parametrize("accept", ["image/png", "text/turtle;q=0, text/html;q=0, application/*;q=0"])
def test_a_type_the_document_does_not_come_in_is_406_listing_the_ones_it_does(client, museum_page, accept):
    response = client.get(museum_page, headers={"Accept": accept})
    assert response.status_code == 406
    body = response.json()
    assert body["error"] == "not-acceptable"
    assert {"text/html", "text/turtle", "application/ld+json"} <= set(body["supported"])


@pytest.mark.parametrize("extension, media, rdflib_format", [
    (".ttl", "text/turtle", "turtle"),
    (".jsonld", "application/ld+json", "json-ld"),
    (".nt", "application/n-triples", "nt"),
    (".rdf", "application/rdf+xml", "xml"),
])
def test_an_extension_chooses_the_format_whatever_the_accept_header(client, museum_page, extension, media,
                                                                     rdflib_format):
    response = client.get(museum_page + extension, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    graph = Graph().parse(data=response.content, format=rdflib_format)
    museum = URIRef(f"{BASE}/id/organisatie/{design_museum()['ref']}")
    assert (museum, None, None) in graph


def test_every_rdf_format_carries_the_same_statements(client, museum_page):
    graphs = [Graph().parse(data=client.get(museum_page + ext).content, format=fmt)
              for ext, fmt in ((".ttl", "turtle"), (".jsonld", "json-ld"), (".nt", "nt"), (".rdf", "xml"))]
    assert len(graphs[0]) > 10
    for other in graphs[1:]:
        assert_same_graph(other, graphs[0])


def test_json_ld_has_its_context_inline_and_fetches_nothing(client, museum_page):
    document = json.loads(client.get(museum_page + ".jsonld").content)
    contexts = [document.get("@context")] if isinstance(document, dict) else [d.get("@context") for d in document]
    for context in contexts:
        assert context is None or isinstance(context, dict), f"a remote @context: {context!r}"


def test_the_rdf_twin_holds_what_the_page_shows(client, museum_page):
    museum = design_museum()
    graph = Graph().parse(data=client.get(museum_page + ".ttl").content, format="turtle")
    names = {str(o) for o in graph.objects(URIRef(f"{BASE}/id/organisatie/{museum['ref']}"),
                                          URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))}
    assert set(museum["names"].values()) <= names
    html = client.get(museum_page).text
    for name in museum["names"].values():
        assert name.replace("&", "&amp;") in html


def test_a_thing_iri_answers_303_to_its_document(client, museum_page):
    ref = design_museum()["ref"]
    for accept in ("text/html", "text/turtle"):
        response = client.get(f"/id/organisatie/{ref}", headers={"Accept": accept}, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == museum_page


def test_refs_with_encoded_slashes_and_spaces_keep_their_encoding(client):
    """An object number such as 'LH/00005' is one IRI segment: its page must not split at the slash."""
    from support import demo_facts

    odd = next(o for o in demo_facts.objects() if "/" in o["objectnummer"] or " " in o["objectnummer"])
    target = page("erfgoedobject", odd["objectnummer"])
    redirect = client.get(target.replace("/doc/", "/id/"), follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == target
    response = client.get(target + ".ttl")
    assert response.status_code == 200, response.text
    assert odd["objectnummer"] in response.text


def test_the_base_iri_is_served_from_whatever_host_runs_the_server(client, museum_page):
    response = client.get(museum_page, headers={"Host": "localhost:9999"})
    assert response.status_code == 200
    assert f'href="{BASE}/doc/' not in response.text and f'href="{BASE}/id/' not in response.text
    assert 'href="/doc/' in response.text


def test_an_unknown_thing_is_a_404_page_with_a_search_box_and_the_lists(client):
    response = client.get("/doc/organisatie/ORG-does-not-exist", headers={"Accept": BROWSER})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert 'action="/zoeken"' in html and 'name="q"' in html
    assert 'href="/lijst"' in html
    assert "ORG-does-not-exist" in html


@pytest.mark.parametrize("path", ["/doc/organisatie/ORG-does-not-exist", "/doc/organisatie/ORG-does-not-exist.ttl",
                                  "/lijst/no-such-kind", "/no/such/page"])
def test_an_api_client_gets_the_json_error_shape_for_a_404(client, path):
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 404
    body = response.json()
    assert body["error"] == "not-found" and body["message"]


def test_an_unknown_page_is_a_helpful_404_for_browsers_too(client):
    response = client.get("/no/such/page", headers={"Accept": BROWSER})
    assert response.status_code == 404
    assert 'action="/zoeken"' in response.text
