"""The two small answers the query page asks for while it is used, over the demo graph:
POST /api/labels (the names of the IRIs a result shows) and GET /api/vocabulary (the classes and
properties the editor completes, most used first)."""

from __future__ import annotations

import pytest

from cultuurgraaf.vocab import PREFIXES
from support import demo_facts
from support.demo_things import BASE, design_museum
from support.http import assert_error_shape

CRM = PREFIXES["crm"]
OBJECT_CLASS = CRM + "E22_Human-Made_Object"


def test_labels_name_things_from_the_graph_and_terms_from_the_ontologies(client):
    museum = design_museum()
    thing = f"{BASE}/id/organisatie/{museum['ref']}"
    unknown = "https://example.org/nothing-knows-this"
    answer = client.post("/api/labels", json={"iris": [thing, OBJECT_CLASS, unknown]},
                         headers={"Accept-Language": "nl"})
    assert answer.status_code == 200, answer.text
    labels = answer.json()["labels"]
    assert labels[thing] == museum["names"]["nl"]
    assert labels[OBJECT_CLASS] == "erfgoedobject"
    assert unknown not in labels, "an IRI nothing names is left out, not named by its IRI"


def test_labels_follow_the_readers_language(client):
    museum = design_museum()
    if "en" not in museum["names"]:
        pytest.skip("the demo's Design Museum Gent has no English name")
    thing = f"{BASE}/id/organisatie/{museum['ref']}"
    answer = client.post("/api/labels", json={"iris": [thing]}, headers={"Accept-Language": "en"})
    assert answer.json()["labels"][thing] == museum["names"]["en"]
    assert "Accept-Language" in answer.headers["vary"]


@pytest.mark.parametrize(("body", "said"), [
    (b"not json", "not JSON"),
    (b'["https://example.org/a"]', "no list 'iris'"),
    (b'{"iris": "https://example.org/a"}', "no list 'iris'"),
    (b'{"iris": ["https://example.org/a", "no scheme"]}', "iris[1] is not an absolute IRI"),
    (b'{"iris": ["https://example.org/a", 7]}', "iris[1] is not an absolute IRI: not a string"),
])
def test_a_labels_request_that_is_not_right_says_what_is_wrong(client, body, said):
    answer = client.post("/api/labels", content=body, headers={"Content-Type": "application/json"})
    assert said in assert_error_shape(answer, 400, "bad-parameter")["message"]


def test_a_labels_request_asks_for_at_most_a_thousand_names(client):
    iris = [f"https://example.org/{n}" for n in range(1001)]
    body = assert_error_shape(client.post("/api/labels", json={"iris": iris}), 400, "bad-parameter")
    assert "1001" in body["message"] and "1000" in body["message"]
    assert client.post("/api/labels", json={"iris": iris[:1000]}).status_code == 200


def test_the_vocabulary_counts_what_the_graph_uses_most_used_first(client):
    vocabulary = client.get("/api/vocabulary", headers={"Accept-Language": "nl"}).json()
    classes = {term["iri"]: term for term in vocabulary["classes"]}
    assert classes[OBJECT_CLASS] == {"iri": OBJECT_CLASS, "label": "erfgoedobject",
                                     "count": len(demo_facts.objects())}
    for part in ("classes", "properties"):
        counts = [term["count"] for term in vocabulary[part]]
        assert counts == sorted(counts, reverse=True) and all(n > 0 for n in counts), part
    properties = {term["iri"] for term in vocabulary["properties"]}
    assert PREFIXES["rdfs"] + "label" in properties and PREFIXES["rdf"] + "type" in properties
