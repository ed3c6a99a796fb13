"""The SPARQL server client's reading of answers, against answers written here (no server needed).

The remote-store tests (tests/test_remote.py) read the same from a running Virtuoso.
"""

from __future__ import annotations

import json

import httpx

from cultuurgraaf.store.sparql_http import Dataset, SparqlClient
from support.http import serving

XSD = "http://www.w3.org/2001/XMLSchema#"
EVERYTHING = Dataset(("http://example.org/g",), ())


def client_answering(body: bytes, **headers: str) -> SparqlClient:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Type": "application/sparql-results+json", **headers})

    return SparqlClient("http://sparql.test/sparql", transport=httpx.MockTransport(answer))


def bindings(client: SparqlClient, **options) -> list[dict]:
    result = client.query("SELECT * WHERE { ?s ?p ?o }", EVERYTHING, **options)
    return json.loads(result.serialize("json", limit=100))["results"]["bindings"]


def test_the_2005_draft_form_is_read_as_sparql_1_1():
    """What Virtuoso 7.2 writes (its own spacing, typed-literal, booleans as 1/0, xsd:string, nodeID blank nodes)."""
    terms = [{"type": "uri", "value": "http://example.org/a"},
             {"type": "literal", "value": "theepot"},
             {"type": "literal", "xml:lang": "nl", "value": "theepot"},
             {"type": "literal", "lang": "en", "value": "teapot"},
             {"type": "typed-literal", "datatype": XSD + "integer", "value": "5"},
             {"type": "typed-literal", "datatype": XSD + "boolean", "value": "1"},
             {"type": "typed-literal", "datatype": XSD + "string", "value": "x"},
             {"type": "bnode", "value": "nodeID://b10012"}]
    body = json.dumps({"head": {"link": [], "vars": ["o"]},
                       "results": {"distinct": False, "ordered": True, "bindings": [{"o": t} for t in terms]}}, indent=2)
    assert [b["o"] for b in bindings(client_answering(body.encode()))] == [
        {"type": "uri", "value": "http://example.org/a"},
        {"type": "literal", "value": "theepot"},
        {"type": "literal", "value": "theepot", "xml:lang": "nl"},
        {"type": "literal", "value": "teapot", "xml:lang": "en"},
        {"type": "literal", "value": "5", "datatype": XSD + "integer"},
        {"type": "literal", "value": "true", "datatype": XSD + "boolean"},
        {"type": "literal", "value": "x"},
        {"type": "bnode", "value": "b10012"}]


def test_iris_in_the_answer_are_renamed_when_asked():
    body = b'{"head":{"vars":["g"]},"results":{"bindings":[{"g":{"type":"uri","value":"urn:staging:1"}}]}}'
    renamed = bindings(client_answering(body), rename=lambda iri: {"urn:staging:1": "http://example.org/g"}.get(iri, iri))
    assert renamed == [{"g": {"type": "uri", "value": "http://example.org/g"}}]


def test_control_characters_a_server_left_unescaped_in_strings_are_read():
    """Strict JSON has no raw tab or line break inside a string; some servers write them, and they are read."""
    body = '{"head":{"vars":["o"]},"results":{"bindings":[{"o":{"type":"literal","value":"een\tregel\nverder"}}]}}'
    assert bindings(client_answering(body.encode())) == [{"o": {"type": "literal", "value": "een\tregel\nverder"}}]


def test_queries_go_on_one_kept_connection_asking_for_answers_as_they_are():
    """With compressed answers Virtuoso closes each connection; here one connection serves every query."""
    seen = []

    async def server(scope, receive, send):
        if scope["type"] != "http":
            return
        seen.append((scope["client"][1], dict(scope["headers"]).get(b"accept-encoding")))
        body = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/sparql-results+json")]})
        await send({"type": "http.response.body", "body": body})

    with serving(server) as url:
        client = SparqlClient(url + "/sparql")
        for _ in range(3):
            assert bindings(client) == []
        client.close()
    assert [encoding for _, encoding in seen] == [b"identity"] * 3
    assert len({port for port, _ in seen}) == 1, seen


def test_a_client_for_a_server_across_the_internet_asks_for_compressed_answers():
    """A SPARQL source (a public endpoint a build reads once) still gets its answer compressed."""
    asked = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request.headers.get("accept-encoding", ""))
        return httpx.Response(200, content=b'{"head":{"vars":[]},"results":{"bindings":[]}}')

    bindings(SparqlClient("http://sparql.test/sparql", compressed=True, transport=httpx.MockTransport(answer)))
    assert "gzip" in asked[0]


PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                   "no_proxy")


def test_a_proxy_the_environment_names_is_used_and_then_no_connection_is_kept(monkeypatch):
    from cultuurgraaf.store.kept_connections import KeptConnections
    from cultuurgraaf.store.sparql_http import SparqlClient

    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert isinstance(SparqlClient("https://data.example.org/sparql")._http._transport, KeptConnections)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example.org:3128")
    behind = SparqlClient("https://data.example.org/sparql")._http
    assert not isinstance(behind._transport, KeptConnections)
    assert any(pattern.matches(httpx.URL("https://data.example.org/sparql")) for pattern in behind._mounts)
    monkeypatch.setenv("NO_PROXY", "data.example.org")
    assert isinstance(SparqlClient("https://data.example.org/sparql")._http._transport, KeptConnections)
