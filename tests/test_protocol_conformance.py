"""The W3C SPARQL 1.1 Protocol tests (../shared/conformance/sparql-protocol), every case of the
manifest, run against a live server on 127.0.0.1 (the scratch server, whose update token is sent
with every request). A case is judged as its README says: each request's status class, and where
given the result's format (boolean, tabular, RDF, parsed in the returned media type) and boolean.

KNOWN_FAILURES lists the cases expected to fail, with the reason; a listed case that passes fails
the test, so it is noticed and taken off the list."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import httpx
import pytest
from rdflib import Dataset, Graph, Namespace
from rdflib.namespace import RDFS
from rdflib.query import Result

from support.apps import SCRATCH_TOKEN
from support.manifests import MF, read_manifest
from support.paths import SHARED

SUITE = SHARED / "conformance" / "sparql-protocol"
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
STATUS_CLASSES = {HTS.StatusCode2xx: 2, HTS.StatusCode3xx: 3, HTS.StatusCode4xx: 4}
RESULT_FORMATS = {"application/sparql-results+json": "json", "application/json": "json",
                  "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
                  "text/csv": "csv", "text/tab-separated-values": "tsv"}
RDF_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "text/plain": "nt",
               "application/ld+json": "json-ld", "application/json": "json-ld", "application/rdf+xml": "xml",
               "application/n-quads": "nquads", "application/trig": "trig"}
#: case name -> why it is expected to fail (none at present)
KNOWN_FAILURES: dict[str, str] = {}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    statuses: set[int]
    format: str | None
    boolean: bool | None


@dataclass
class Case:
    name: str
    title: str
    graphs: dict[str, str] = field(default_factory=dict)  # graph IRI -> data file
    requests: list[Request] = field(default_factory=list)


def load_cases() -> list[Case]:
    if not SUITE.exists():
        return []
    cases = []
    for entry in read_manifest(SUITE / "manifest.ttl"):
        case = Case(name=str(entry.node).rsplit("#", 1)[1], title=str(entry.value(MF.name)))
        for data in entry.values(UT.graphData):
            case.graphs[str(entry.value(RDFS.label, data))] = str(entry.value(UT.graph, data)).rsplit("/", 1)[1]
        for node in entry.items(entry.value(HT.requests, entry.value(MF.action))):
            headers = {str(entry.value(HT.fieldName, header)): str(entry.value(HT.fieldValue, header))
                       for header in entry.items(entry.value(HT.headers, node))}
            body = entry.value(HT.body, node)
            response = entry.value(HT.resp, node)
            boolean = entry.value(MF.expectedBoolean, response)
            case.requests.append(Request(
                method=str(entry.value(HT.methodName, node)), path=str(entry.value(HT.absolutePath, node)),
                headers=headers, body=str(entry.value(CNT.chars, body)) if body is not None else None,
                statuses={STATUS_CLASSES[s] for s in entry.values(MF.expectedStatus, response)},
                format=str(entry.value(MF.expectedFormat, response) or "") or None,
                boolean=boolean.toPython() if boolean is not None else None))
        cases.append(case)
    return cases


CASES = load_cases()


def judge(request: Request, response: httpx.Response) -> str | None:
    """Why a response does not meet the request's expectations; None when it does."""
    if response.status_code // 100 not in request.statuses:
        return f"status {response.status_code} not in {sorted(request.statuses)}xx: {response.text[:300]}"
    if request.format is None:
        return None
    media = response.headers.get("content-type", "").split(";")[0].strip()
    try:
        if request.format in ("boolean", "tabular"):
            result = Result.parse(io.BytesIO(response.content), format=RESULT_FORMATS[media])
            if request.format == "boolean" and result.type != "ASK":
                return f"expected a boolean, got a {result.type} result"
            if request.format == "tabular" and result.type != "SELECT":
                return f"expected a table, got a {result.type} result"
            if request.boolean is not None and result.askAnswer is not request.boolean:
                return f"expected {request.boolean}, got {result.askAnswer}"
        else:
            fmt = RDF_FORMATS[media]
            (Dataset() if fmt in ("nquads", "trig") else Graph()).parse(data=response.content, format=fmt)
    except Exception as exc:  # any parser's complaint means the format was not met
        return f"the body is not {request.format} in {media}: {exc}"
    return None


def send(url: str, request: Request) -> httpx.Response:
    path = request.path.replace("/sparql/", "/sparql", 1)
    headers = {"Authorization": f"Bearer {SCRATCH_TOKEN}", **request.headers}
    content = None
    if request.body is not None:
        charset = headers.get("content-type", "").lower().partition("charset=")[2]
        content = request.body.encode(charset or "utf-8")
    return httpx.request(request.method, url + path, headers=headers, content=content, timeout=60)


def reset(url: str, case: Case) -> None:
    """An empty store holding just the case's graphs, made by one update (cases without graphs
    need no particular store: they query nothing, or clear it themselves)."""
    if not case.graphs:
        return
    graphs = " ".join(f"GRAPH <{graph}> {{ {(SUITE / data).read_text(encoding='utf-8')} }}"
                      for graph, data in case.graphs.items())
    response = httpx.post(f"{url}/sparql", data={"update": f"DROP ALL ; INSERT DATA {{ {graphs} }}"},
                          headers={"Authorization": f"Bearer {SCRATCH_TOKEN}"}, timeout=60)
    assert response.status_code == 204, response.text


def run_case(url: str, case: Case) -> list[str]:
    reset(url, case)
    problems = []
    for number, request in enumerate(case.requests, 1):
        problem = judge(request, send(url, request))
        if problem:
            problems.append(f"request {number} ({request.method} {request.path[:60]}): {problem}")
    return problems


def test_the_suite_is_there_and_whole():
    if not SUITE.exists():
        pytest.skip(f"{SUITE} is absent: the shared conformance suites live beside the project")
    assert len(CASES) == 34


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_protocol_case(scratch_server, case):
    url, _ = scratch_server
    problems = run_case(url, case)
    if case.name in KNOWN_FAILURES:
        print(f"known failure {case.name}: {KNOWN_FAILURES[case.name]}")
        assert problems, f"{case.name} passes now: take it off KNOWN_FAILURES"
    else:
        assert not problems, f"{case.name} ({case.title}):\n" + "\n".join(problems)
