"""The reconciliation service (docs/reconciliation.md) on the demo, and on the samples where linked
records make one thing. Every answer goes through support.reconciliation.ReconcileClient, which checks
it against the Reconciliation API 0.2 schema of its endpoint."""

from __future__ import annotations

import json

import pytest

from support.apps import make_app_client, scratch_project
from support.http import assert_error_shape
from support.reconciliation import ReconcileClient, valid

RUBENS = "persoon/PER0013"


@pytest.fixture(scope="module")
def service(client):
    return ReconcileClient(client)


def test_the_manifest_names_the_graph_its_types_and_its_endpoints(service):
    manifest = service.manifest()
    assert manifest["identifierSpace"] == "https://data.cultuurgraaf.be/id/"
    assert [t["id"] for t in manifest["defaultTypes"]] == ["persoon", "organisatie", "locatie", "erfgoedobject",
                                                           "activiteit", "concept"]
    assert manifest["view"]["url"] == "http://testserver/id/{{id}}"
    assert manifest["preview"]["url"] == "http://testserver/reconcile/preview?id={{id}}"
    assert manifest["extend"]["propose_properties"]["service_path"] == "/reconcile/properties"


def test_the_home_page_lists_the_service(client):
    page = client.get("/", headers={"Accept": "text/html"}).text
    assert '<a href="/reconcile">Reconciliatiedienst</a>' in page


@pytest.mark.parametrize("name", ["Peter Paul Rubens", "RUBENS, Peter Paul", "peter paul rubens"])
def test_a_name_with_the_same_words_is_a_match(service, name):
    [best, *_] = service.reconcile({"q0": {"query": name, "type": "persoon"}})["q0"]["result"]
    assert (best["id"], best["name"], best["score"], best["match"]) == (RUBENS, "Peter Paul Rubens", 100, True)
    assert best["type"] == [{"id": "persoon", "name": "persoon"}]


def test_a_name_that_is_only_like_it_is_a_candidate_not_a_match(service):
    result = service.reconcile({"q0": {"query": "Rubens", "type": "persoon"}})["q0"]["result"]
    assert [(c["id"], c["match"]) for c in result] == [(RUBENS, False)]
    assert 0 < result[0]["score"] < 100


def test_a_name_written_otherwise_finds_candidates_by_its_longer_words(service):
    result = service.reconcile({"q0": {"query": "Henri van de Velde", "type": "persoon"}})["q0"]["result"]
    assert [(c["id"], c["score"], c["match"]) for c in result][:1] == [("persoon/PER0001", 94, False)]


def test_an_authority_id_alone_finds_the_thing_scored_100(service):
    [found] = service.reconcile({"q0": {"query": "", "properties": [
        {"pid": "wikidata", "v": "https://www.wikidata.org/wiki/Q5599"}]}})["q0"]["result"]
    assert (found["id"], found["score"], found["match"]) == (RUBENS, 100, True)


def test_an_id_nobody_has_leaves_the_decision_to_the_person(service):
    result = service.reconcile({"q0": {"query": "Henry van de Velde", "properties": [
        {"pid": "wikidata", "v": "Q42"}]}})["q0"]["result"]
    assert [(c["id"], c["score"], c["match"]) for c in result][:1] == [("persoon/PER0001", 100, False)]


def test_a_thing_with_another_id_is_halved(service):
    result = service.reconcile({"q0": {"query": "Peter Paul Rubens", "properties": [
        {"pid": "wikidata", "v": "Q42"}]}})["q0"]["result"]
    assert [(c["id"], c["score"], c["match"]) for c in result][:1] == [(RUBENS, 50, False)]
    assert {"id": "wikidata", "value": False} in result[0]["features"]


def test_a_property_that_disagrees_halves_the_score(service):
    result = service.reconcile({"q0": {"query": "Peter Paul Rubens", "properties": [
        {"pid": "naam", "v": "Jacob Jordaens"}]}})["q0"]["result"]
    assert [(c["id"], c["score"], c["match"]) for c in result][:1] == [(RUBENS, 50, False)]
    assert {"id": "naam", "value": False} in result[0]["features"]


def test_the_type_narrows_the_candidates(service):
    answer = service.reconcile({"org": {"query": "Design Museum Gent", "type": "organisatie"},
                                "person": {"query": "Design Museum Gent", "type": ["persoon"]}})
    assert [(c["id"], c["match"]) for c in answer["org"]["result"]] == [("organisatie/ORG0001", True)]
    assert answer["person"]["result"] == []


def test_the_limit_is_kept(service):
    assert len(service.reconcile({"q0": {"query": "theeservies", "limit": 2}})["q0"]["result"]) == 2


def test_queries_come_in_the_url_too_and_as_jsonp(client):
    queries = json.dumps({"q0": {"query": "Peter Paul Rubens"}})
    plain = client.get("/reconcile", params={"queries": queries})
    assert valid(plain.json(), "reconciliation-result-batch.json")["q0"]["result"][0]["id"] == RUBENS
    wrapped = client.get("/reconcile", params={"queries": queries, "callback": "jQuery123_456"})
    assert wrapped.headers["content-type"].startswith("application/javascript")
    assert wrapped.text.startswith("/**/jQuery123_456(") and wrapped.text.endswith(");")
    assert json.loads(wrapped.text[len("/**/jQuery123_456("):-2]) == plain.json()


@pytest.mark.parametrize("params, words", [
    ({"queries": "{not json"}, "queries is not JSON"),
    ({"queries": "[1, 2]"}, "queries must be a JSON object of queries by key"),
    ({"queries": '{"q0": {"limit": 3}}'}, "query 'q0': give a name"),
    ({"queries": '{"q0": {"query": "x", "type": "schilder"}}'}, "query 'q0': there is no type 'schilder'"),
    ({"queries": '{"q0": {"query": "x", "properties": [{"pid": "btw", "v": "1"}]}}'},
     "query 'q0': there is no property 'btw'"),
    ({"queries": '{"q0": {"query": "x", "properties": [{"pid": "kbo", "v": "12"}]}}'},
     "query 'q0': '12' is not a KBO-nummer"),
    ({"queries": json.dumps({f"q{i}": {"query": "x"} for i in range(101)})},
     "101 queries in one request; send at most 100 at a time"),
    ({"extend": '{"ids": ["persoon/PER0013"], "properties": [{"id": "schoenmaat"}]}'},
     "there is no property 'schoenmaat'"),
    ({"extend": '{"ids": ["../../etc"], "properties": [{"id": "viaf"}]}'}, "is not an entity id of this service"),
    ({"queries": '{"q0": {"query": "x"}}', "callback": "alert(1)//"}, "callback must be a JavaScript function name"),
])
def test_a_request_that_cannot_be_answered_is_400_saying_why(client, params, words):
    body = assert_error_shape(client.post("/reconcile", data=params), 400)
    assert words in body["message"], body


def test_a_body_that_is_not_a_form_is_415(client):
    body = assert_error_shape(client.post("/reconcile", json={"queries": {}}), 415)
    assert body["supported"] == ["application/x-www-form-urlencoded"]


def test_extend_gives_identifiers_as_the_key_reads_them(service):
    extended = service.extend([RUBENS, "persoon/PER0001"], ["wikidata", "naam"])
    assert extended["meta"] == [{"id": "wikidata", "name": "Wikidata-item"}, {"id": "naam", "name": "naam"}]
    assert extended["rows"] == {RUBENS: {"wikidata": [{"str": "Q5599"}], "naam": [{"str": "Peter Paul Rubens"}]},
                                "persoon/PER0001": {"wikidata": [], "naam": [{"str": "Henry van de Velde"}]}}


def test_properties_are_proposed_for_a_type(service):
    proposed = service.propose(type="persoon", limit=3)
    assert proposed == {"type": "persoon", "limit": 3, "properties": [
        {"id": "isil", "name": "ISIL-code"}, {"id": "kbo", "name": "KBO-nummer"},
        {"id": "kunstenpunt", "name": "Kunstenpunt-id"}]}
    assert len(service.propose()["properties"]) == 12


def test_suggestions_for_entities_types_and_properties(service):
    entities = service.suggest("entity", "Rub", type="persoon")["result"]
    assert entities == [{"id": RUBENS, "name": "Peter Paul Rubens", "notable": [{"id": "persoon", "name": "persoon"}]}]
    assert RUBENS in [e["id"] for e in service.suggest("entity", "Rubens")["result"]]
    assert service.suggest("type", "pers")["result"] == [{"id": "persoon", "name": "persoon"}]
    assert [p["id"] for p in service.suggest("property", "vi")["result"]] == ["viaf"]


def test_the_preview_is_a_small_page_a_client_may_frame(client):
    response = client.get("/reconcile/preview", params={"id": RUBENS})
    assert response.status_code == 200
    assert "Peter Paul Rubens" in response.text and 'href="/doc/persoon/PER0013"' in response.text
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    assert_error_shape(client.get("/reconcile/preview", params={"id": "persoon/NOBODY"}), 404, "not-found")


def test_linked_records_are_one_candidate_the_canonical_one(samples_client):
    answer = ReconcileClient(samples_client).reconcile({
        "by-id": {"query": "", "properties": [{"pid": "wikidata", "v": "Q1809071"}]},
        "by-name": {"query": "Flagey", "type": "organisatie"}})
    assert [(c["id"], c["score"], c["match"]) for c in answer["by-id"]["result"]] == [
        ("organisatie/lido-design-museum-gent", 100, True)]
    [flagey, *_] = answer["by-name"]["result"]
    assert (flagey["id"], flagey["score"], flagey["match"]) == ("organisatie/kunstenpunt-370605", 100, True)


@pytest.mark.parametrize("pid, value", [
    ("kunstenpunt", "370605"),                                   # the register's own id
    ("uitdatabank", "51A33B20-AB69-4FC9-86F2-A19E4C961129"),     # the event database's organiser, linked to it
])
def test_an_id_of_an_identifier_node_finds_the_group_it_belongs_to(samples_client, pid, value):
    [found] = ReconcileClient(samples_client).reconcile({"q0": {"query": "", "type": "organisatie", "properties": [
        {"pid": pid, "v": value}]}})["q0"]["result"]
    assert (found["id"], found["score"], found["match"]) == ("organisatie/kunstenpunt-370605", 100, True)


def test_extend_reads_the_linked_records_too(samples_client):
    extended = ReconcileClient(samples_client).extend(["organisatie/kunstenpunt-370605"], ["uitdatabank", "kunstenpunt"])
    assert extended["rows"] == {"organisatie/kunstenpunt-370605": {
        "uitdatabank": [{"str": "51a33b20-ab69-4fc9-86f2-a19e4c961129"}], "kunstenpunt": [{"str": "370605"}]}}


def test_a_graph_without_things_answers_with_no_candidates(tmp_path):
    with make_app_client(scratch_project(tmp_path)) as empty:
        service = ReconcileClient(empty)
        assert service.manifest()["defaultTypes"] == []
        assert service.reconcile({"q0": {"query": "Rubens"}, "q1": {"query": "", "properties": [
            {"pid": "viaf", "v": "24606226"}]}}) == {"q0": {"result": []}, "q1": {"result": []}}
        assert service.suggest("entity", "Rub") == {"result": []}
