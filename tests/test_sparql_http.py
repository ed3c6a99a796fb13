"""The SPARQL server client's reading of answers, against answers written here (no server needed).

The remote-store tests (tests/test_remote.py) read the same from a running Virtuoso.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import socket
import threading
import urllib.parse

import httpx
import pyoxigraph as ox
import pytest
from rdflib.query import Result

from cultuurgraaf.errors import StoreError
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


# Answers passed on as the server sent them ------------------------------------------------------
VIRTUOSO = {"Server": "Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu"}


def virtuoso_layout(variables: list[str], rows: list[dict]) -> bytes:
    """SPARQL JSON spaced as Virtuoso 7.2 writes it: a row a line, a tab before each comma between terms."""
    def term(t: dict) -> str:
        return "{ " + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in t.items()) + " }"

    lines = ["    { " + "\t, ".join(f"{json.dumps(name)}: {term(t)}" for name, t in row.items()) + "}" for row in rows]
    head = '\n{ "head": { "link": [], "vars": [' + ", ".join(json.dumps(v) for v in variables) + "] },\n"
    return (head + '  "results": { "distinct": false, "ordered": true, "bindings": [\n' + ",\n".join(lines)
            + " ] } }").encode("utf-8")


def answered(body: bytes, *, limit: int = 100, headers: dict = VIRTUOSO, rename=None) -> bytes:
    result = client_answering(body, **headers).query("SELECT * WHERE { ?s ?p ?o }", EVERYTHING, rename=rename)
    return result.serialize("json", limit=limit)


def read_in_full(body: bytes, monkeypatch, **options) -> bytes:
    """The answer as the endpoint writes it when it reads the server's JSON whatever it holds."""
    with monkeypatch.context() as patched:
        patched.setattr("cultuurgraaf.store.sparql_http.as_sent", lambda body, headers: None)
        return answered(body, **options)


PLAIN_TERMS = [{"type": "uri", "value": "http://example.org/id/object/1"},
               {"type": "literal", "value": "theepot met deksel"},
               {"type": "literal", "xml:lang": "nl", "value": "theepot"},
               {"type": "literal", "xml:lang": "en-GB", "value": "teapot, with a lid {1}"}]


def test_an_answer_that_needs_no_rewriting_goes_on_as_the_server_wrote_it(monkeypatch):
    body = virtuoso_layout(["s", "o"], [{"s": PLAIN_TERMS[0], "o": t} for t in PLAIN_TERMS] + [{"s": PLAIN_TERMS[0]}])
    passed, read = answered(body), read_in_full(body, monkeypatch)
    assert passed == body
    assert read != body, "the full path writes its own compact JSON"
    assert json.loads(passed)["head"]["vars"] == json.loads(read)["head"]["vars"] == ["s", "o"]
    assert json.loads(passed)["results"]["bindings"] == json.loads(read)["results"]["bindings"]
    assert solutions(passed) == solutions(read) and len(solutions(passed)) == 5
    as_rdflib = [list(Result.parse(io.BytesIO(b), format="json")) for b in (passed, read)]
    assert as_rdflib[0] == as_rdflib[1]


def solutions(body: bytes) -> list[list]:
    return [list(solution) for solution in ox.parse_query_results(body, ox.QueryResultsFormat.JSON)]


def test_the_same_answer_in_compact_form_from_another_server_goes_on_too():
    body = json.dumps({"head": {"vars": ["o"]}, "results": {"bindings": [{"o": t} for t in PLAIN_TERMS]}},
                      separators=(",", ":")).encode()
    assert answered(body, headers={"Server": "Fuseki"}) == body


NEEDS_REWRITING = {
    "a typed literal of the 2005 draft": {"type": "typed-literal", "datatype": XSD + "integer", "value": "5"},
    "a boolean written as 1": {"type": "typed-literal", "datatype": XSD + "boolean", "value": "1"},
    "xsd:string, kept apart from plain literals": {"type": "literal", "datatype": XSD + "string", "value": "x"},
    "a blank node labelled nodeID://": {"type": "bnode", "value": "nodeID://b10012"},
    "a language as lang": {"type": "literal", "lang": "en", "value": "teapot"},
    "an empty xml:lang": {"type": "literal", "xml:lang": "", "value": "theepot"},
    "a triple term": {"type": "triple", "value": {"subject": {"type": "bnode", "value": "nodeID://b1"},
                                                  "predicate": PLAIN_TERMS[0], "object": PLAIN_TERMS[1]}},
}


@pytest.mark.parametrize("term", NEEDS_REWRITING.values(), ids=NEEDS_REWRITING.keys())
def test_an_answer_with_a_term_to_rewrite_is_read_and_written_again(term, monkeypatch):
    body = virtuoso_layout(["o"], [{"o": PLAIN_TERMS[0]}, {"o": term}])
    written = answered(body)
    assert written != body and written == read_in_full(body, monkeypatch)
    assert json.loads(written)["results"]["bindings"][1]["o"] != term


def test_terms_hidden_by_escapes_are_read():
    """A key or a type written with escapes: the bytes do not show the word, so the answer is read."""
    blank = virtuoso_layout(["o"], [{"o": {"type": "bnode", "value": "nodeID://b10"}}])
    hidden = blank.replace(b'"bnode"', b'"b\\u006Eode"')
    assert b"bnode" not in hidden
    assert json.loads(answered(hidden))["results"]["bindings"] == [{"o": {"type": "bnode", "value": "b10"}}]
    typed = virtuoso_layout(["o"], [{"o": NEEDS_REWRITING["xsd:string, kept apart from plain literals"]}])
    hidden = typed.replace(b'"datatype"', b'"d\\u0061tatype"')
    assert json.loads(answered(hidden))["results"]["bindings"] == [{"o": {"type": "literal", "value": "x"}}]


def test_characters_beyond_ascii_that_virtuoso_escapes_are_read_and_written_plainly():
    body = virtuoso_layout(["o"], [{"o": {"type": "literal", "value": "th\u00e9epot"}}])
    assert b"\\u00e9" in body.lower()
    assert answered(body) == '{"head":{"vars":["o"]},"results":{"bindings":[{"o":{"type":"literal","value":"théepot"}}]}}'.encode()


def test_control_characters_another_server_left_raw_in_strings_are_read():
    body = b'{"head":{"vars":["o"]},"results":{"bindings":[{"o":{"type":"literal","value":"een\tregel"}}]}}'
    written = answered(body, headers={"Server": "Elders/1.0"})
    assert written != body and json.loads(written)["results"]["bindings"][0]["o"]["value"] == "een\tregel"


def test_renamed_iris_are_rewritten_even_in_an_answer_that_needs_nothing_else():
    body = virtuoso_layout(["g"], [{"g": {"type": "uri", "value": "urn:staging:1"}}])
    written = answered(body, rename=lambda iri: {"urn:staging:1": "http://example.org/g"}.get(iri, iri))
    assert json.loads(written)["results"]["bindings"] == [{"g": {"type": "uri", "value": "http://example.org/g"}}]


def test_an_answer_over_the_row_limit_is_cut_not_passed_on():
    body = virtuoso_layout(["o"], [{"o": t} for t in PLAIN_TERMS])
    result = client_answering(body, **VIRTUOSO).query("SELECT * WHERE { ?s ?p ?o }", EVERYTHING)
    written = result.serialize("json", limit=3)
    assert result.truncated and len(json.loads(written)["results"]["bindings"]) == 3


def test_an_answer_the_server_cut_at_its_row_limit_is_fetched_in_pages():
    """Virtuoso says it cut an answer with X-SPARQL-MaxRows; the rest is then asked for in pages."""
    asked = []
    rows = [{"o": {"type": "literal", "value": f"rij {i}"}} for i in range(5)]

    def answer(request: httpx.Request) -> httpx.Response:
        query = urllib.parse.parse_qs(request.content.decode())["query"][0]
        asked.append(query)
        offset = int(query.rsplit("OFFSET", 1)[1]) if "OFFSET" in query else 0
        page = rows[offset:offset + 2] if "LIMIT" in query else rows[:3]
        headers = {} if "LIMIT" in query else {"X-SPARQL-MaxRows": "3"}
        return httpx.Response(200, content=virtuoso_layout(["o"], page), headers={**VIRTUOSO, **headers})

    client = SparqlClient("http://sparql.test/sparql", page_size=2, transport=httpx.MockTransport(answer))
    written = client.query("SELECT ?o WHERE { ?s ?p ?o }", EVERYTHING).serialize("json", limit=100)
    assert [b["o"]["value"] for b in json.loads(written)["results"]["bindings"]] == [f"rij {i}" for i in range(5)]
    assert len(asked) > 1


# A kept connection the server closes ----------------------------------------------------------
class ClosingServer:
    """A real HTTP server on a socket that answers, or reads a request and closes the connection
    without a word, as ``script`` says request by request (what a server's idle timeout does to a
    kept connection when a request goes out at that moment)."""

    def __init__(self, script: list[str]):
        self.script = list(script)
        self.seen: list[tuple[int, bytes]] = []  # (connection number, request line)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(10)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}/sparql"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        connections = 0
        while self.script:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            connections += 1
            with conn:
                while self.script:
                    request = _read_request(conn)
                    if request is None:
                        break
                    self.seen.append((connections, request.split(b"\r\n", 1)[0]))
                    if self.script.pop(0) == "close":
                        break
                    body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://ex.org/a"}}]}}'
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                 b"Content-Length: %d\r\n\r\n%s" % (len(body), body))

    def close(self) -> None:
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() waiting for a connection
        except OSError:
            pass
        self._listener.close()
        self._thread.join(timeout=10)


def _read_request(conn: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1)) if b"ontent-" in head else 0
    while len(body) < length:
        body += conn.recv(65536)
    return head


def test_a_query_on_a_kept_connection_the_server_closed_is_sent_once_more_on_a_new_one():
    server = ClosingServer(["answer", "close", "answer"])
    try:
        client = SparqlClient(server.url)
        assert bindings(client) == bindings(client) == [{"s": {"type": "uri", "value": "http://ex.org/a"}}]
        client.close()
    finally:
        server.close()
    assert [number for number, _ in server.seen] == [1, 1, 2], "the second query went out again, on a new connection"


def test_an_update_on_a_kept_connection_the_server_closed_is_not_sent_again():
    server = ClosingServer(["answer", "close"])
    try:
        client = SparqlClient(server.url)
        client.prime()
        with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
            client.update("INSERT DATA { <http://ex.org/a> <http://ex.org/p> 1 }")
        client.close()
    finally:
        server.close()
    assert [number for number, _ in server.seen] == [1, 1]


def test_a_query_the_server_drops_twice_is_an_error():
    server = ClosingServer(["close", "close"])
    try:
        client = SparqlClient(server.url)
        with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
            bindings(client)
        client.close()
    finally:
        server.close()
    assert [number for number, _ in server.seen] == [1, 2]


def test_the_endpoint_stops_waiting_for_a_remote_query_at_its_own_time_limit():
    """The request ends at the endpoint's limit; the thread goes on waiting for the server (whose
    client timeout ends it), here a store that answers only when released."""
    from cultuurgraaf.errors import QueryTimeout
    from cultuurgraaf.sparql.jobs import QueryJob
    from cultuurgraaf.sparql.remote_service import RemoteQueryService

    release = threading.Event()

    class SlowServer:
        location_kind = "remote"

        def query(self, text, **arguments):
            release.wait(10)
            raise StoreError("released")

    service = RemoteQueryService(SlowServer(), timeout_s=0.2, max_concurrent=1, max_waiting=2)

    async def ask():
        try:
            await service.query(QueryJob(text="SELECT * WHERE { ?s ?p ?o }", format="json"))
        finally:
            release.set()

    with pytest.raises(QueryTimeout, match="ran longer than 0.2 s"):
        asyncio.run(ask())
