"""SPARQL sources: mapping from another organisation's SPARQL endpoint, or from an RDF file through a
query. The endpoint is a real one: Oxigraph's server on 127.0.0.1 (see oxigraph_server.py)."""

from __future__ import annotations

import http.server
import re
import textwrap
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from cultuurgraaf.cli import main
from cultuurgraaf.errors import CultuurgraafError, MappingError
from cultuurgraaf.mapping import execute, load_mapping

from support.graphs import nquads_difference
from support.http import free_port
from support.oxigraph_server import oxigraph_command, oxigraph_endpoint

pytestmark = pytest.mark.skipif(oxigraph_command() is None,
                                reason="the oxigraph command is not installed (pip install oxigraph): "
                                       "these tests need a real SPARQL server")

COLLECTION = """\
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://collectie.example.org/object/1> dct:identifier "1" ; dct:title "Zilveren theepot"@nl ;
    dct:created "1890"^^xsd:gYear .
<https://collectie.example.org/object/2> dct:identifier "2" ; dct:title "Portret van een vrouw"@nl .
"""

QUERY = """
    PREFIX dct: <http://purl.org/dc/terms/>
    SELECT ?object ?id ?title ?created WHERE {
      ?object dct:identifier ?id ; dct:title ?title .
      OPTIONAL { ?object dct:created ?created }
    } ORDER BY ?id
"""


def rml(source: str, formulation: str, *, title: str = "title", query: str = QUERY) -> str:
    return textwrap.dedent(f"""\
        @prefix rml: <http://w3id.org/rml/> .
        @prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
        @prefix formats: <http://www.w3.org/ns/formats/> .
        @prefix dct: <http://purl.org/dc/terms/> .
        @base <https://data.example.org/mapping/> .

        <#Object> a rml:TriplesMap ;
          rml:logicalSource [
            rml:source {source} ;
            rml:referenceFormulation {formulation} ;
            rml:iterator \"\"\"{query}\"\"\"
          ] ;
          rml:subjectMap [ rml:template "https://data.example.org/id/object/{{id}}" ] ;
          rml:predicateObjectMap [ rml:predicate dct:title ; rml:objectMap [ rml:reference "{title}" ] ] ,
            [ rml:predicate dct:created ; rml:objectMap [ rml:reference "created" ] ] ,
            [ rml:predicate dct:source ; rml:objectMap [ rml:reference "object" ; rml:termType rml:IRI ] ] .
        """)


def service(url: str) -> str:
    return f"[ a sd:Service ; sd:endpoint <{url}> ; sd:supportedLanguage sd:SPARQL11Query ]"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    data = tmp_path_factory.mktemp("collection") / "collection.ttl"
    data.write_text(COLLECTION, encoding="utf-8")
    with oxigraph_endpoint(data) as url:
        yield url


def mapped(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "mapping.rml.ttl"
    path.write_text(text, encoding="utf-8")
    return sorted(execute(load_mapping(path)).quads())


def failure(tmp_path: Path, text: str) -> CultuurgraafError:
    with pytest.raises(CultuurgraafError) as caught:
        mapped(tmp_path, text)
    return caught.value


O1 = "<https://data.example.org/id/object/1>"
O2 = "<https://data.example.org/id/object/2>"
DCT = "http://purl.org/dc/terms/"


def test_an_endpoints_answers_keep_their_datatypes_and_languages(endpoint, tmp_path):
    quads = mapped(tmp_path, rml(service(endpoint), "formats:SPARQL_Results_JSON"))
    assert quads == sorted([
        f'{O1} <{DCT}title> "Zilveren theepot"@nl .\n',
        f'{O1} <{DCT}created> "1890"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n',
        f"{O1} <{DCT}source> <https://collectie.example.org/object/1> .\n",
        f'{O2} <{DCT}title> "Portret van een vrouw"@nl .\n',
        f"{O2} <{DCT}source> <https://collectie.example.org/object/2> .\n",
    ])


def test_rml_sparql_reads_terms_as_the_json_results_do(endpoint, tmp_path):
    assert mapped(tmp_path, rml(service(endpoint), "rml:SPARQL")) == \
        mapped(tmp_path, rml(service(endpoint), "formats:SPARQL_Results_JSON"))


def test_csv_results_give_text_only(endpoint, tmp_path):
    quads = mapped(tmp_path, rml(service(endpoint), "formats:SPARQL_Results_CSV"))
    assert f'{O1} <{DCT}title> "Zilveren theepot" .\n' in quads
    assert f'{O1} <{DCT}created> "1890" .\n' in quads


def test_a_field_of_a_json_binding_reads_the_lexical_form(endpoint, tmp_path):
    quads = mapped(tmp_path, rml(service(endpoint), "formats:SPARQL_Results_JSON", title="title.value"))
    assert f'{O1} <{DCT}title> "Zilveren theepot" .\n' in quads
    error = failure(tmp_path, rml(service(endpoint), "formats:SPARQL_Results_CSV", title="title.value"))
    assert "only SPARQL JSON and XML results have" in error.message


def test_an_unbound_variable_gives_no_triple_and_is_counted(endpoint, tmp_path):
    path = tmp_path / "mapping.rml.ttl"
    path.write_text(rml(service(endpoint), "formats:SPARQL_Results_JSON"), encoding="utf-8")
    run = execute(load_mapping(path))
    quads = list(run.quads())
    assert not any(line.startswith(O2) and "created" in line for line in quads)
    assert run.stats.records["Object"] == 2
    assert sum(run.stats.empty.values()) == 1, run.stats.empty


def test_a_variable_the_query_does_not_select_is_named_with_those_it_does(endpoint, tmp_path):
    error = failure(tmp_path, rml(service(endpoint), "rml:SPARQL", title="titel"))
    assert isinstance(error, MappingError)
    assert "no variable ?titel" in error.message and "?object, ?id, ?title, ?created" in error.message
    assert error.location.path == str(tmp_path / "mapping.rml.ttl") and error.location.rule


def test_an_unreachable_endpoint_is_named_with_the_mapping_and_rule(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/sparql"
    error = failure(tmp_path, rml(service(url), "rml:SPARQL"))
    assert isinstance(error, MappingError)
    assert f"cannot reach the SPARQL endpoint {url}" in error.message
    assert error.location.path == str(tmp_path / "mapping.rml.ttl") and error.location.rule.startswith("Object")
    assert "sd:endpoint" in error.hint


def test_an_error_in_an_answer_names_the_endpoint_and_the_solution(endpoint, tmp_path):
    text = rml(service(endpoint), "rml:SPARQL").replace('rml:reference "object" ; rml:termType rml:IRI',
                                                        'rml:reference "title" ; rml:termType rml:IRI')
    error = failure(tmp_path, text)
    assert "'Zilveren theepot' is not a valid IRI" in error.message
    assert error.location.record == f"{endpoint} solution 1"


def test_an_http_error_says_what_the_endpoint_answered(endpoint, tmp_path):
    url = endpoint.rsplit("/", 1)[0] + "/no-such-endpoint"
    error = failure(tmp_path, rml(service(url), "rml:SPARQL"))
    assert f"the SPARQL endpoint {url} failed (HTTP 404)" in error.message


def test_a_query_the_endpoint_refuses_brings_its_message(endpoint, tmp_path):
    error = failure(tmp_path, rml(service(endpoint), "rml:SPARQL", query="SELECT ?id WHERE { ?s ?p }"))
    assert f"the SPARQL endpoint {endpoint} refused the query: error at" in error.message


@contextmanager
def answering(body: bytes, content_type: str):
    """A server on 127.0.0.1 that answers every request with ``body``, and counts the requests."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("body", [b"<html><body>Welcome</body></html>", b'{"results": {"bindings": []}}'])
def test_an_answer_that_is_not_sparql_results_is_refused(tmp_path, body):
    with answering(body, "application/sparql-results+json") as (url, requests):
        error = failure(tmp_path, rml(service(url), "rml:SPARQL"))
    assert requests == ["/sparql"]
    assert f"the SPARQL endpoint {url} did not answer with SPARQL JSON results" in error.message


def test_only_a_select_query_is_an_iterator(endpoint, tmp_path):
    error = failure(tmp_path, rml(service(endpoint), "rml:SPARQL", query="CONSTRUCT WHERE { ?s ?p ?o }"))
    assert "must be a SELECT query" in error.message


def test_an_rdf_file_is_queried_in_memory(tmp_path):
    (tmp_path / "collection.ttl").write_text(COLLECTION, encoding="utf-8")
    quads = mapped(tmp_path, rml('[ a rml:RelativePathSource ; rml:root rml:MappingDirectory ; '
                                'rml:path "collection.ttl" ]', "formats:SPARQL_Results_JSON"))
    assert f'{O1} <{DCT}created> "1890"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n' in quads
    assert len(quads) == 5


def test_a_query_over_a_file_may_not_fetch_from_elsewhere(tmp_path):
    (tmp_path / "collection.ttl").write_text(COLLECTION, encoding="utf-8")
    with answering(b"{}", "application/sparql-results+json") as (url, requests):
        query = f"SELECT ?id WHERE {{ SERVICE <{url}> {{ ?s <{DCT}identifier> ?id }} }}"
        error = failure(tmp_path, rml('[ a rml:RelativePathSource ; rml:path "collection.ttl" ]', "rml:SPARQL",
                                      query=query))
    assert "uses SERVICE" in error.message
    assert requests == [], "a query over a file contacted a server the mapping does not name as its endpoint"


@pytest.mark.parametrize("source, formulation, message", [
    ("[ a sd:Service ; sd:endpoint <ftp://example.org/sparql> ]", "rml:SPARQL", "must be an http(s) URL"),
    ("[ a sd:Service ]", "rml:SPARQL", "needs one sd:endpoint"),
    ("[ a sd:Service ; sd:endpoint <http://127.0.0.1:9/sparql> ]", "rml:CSV", "not csv"),
])
def test_an_endpoint_described_wrongly_is_refused_before_any_request(tmp_path, source, formulation, message):
    path = tmp_path / "mapping.rml.ttl"
    path.write_text(rml(source, formulation), encoding="utf-8")
    with pytest.raises(MappingError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_mapping(path)


def test_the_map_command_maps_from_an_endpoint(endpoint, tmp_path):
    path = tmp_path / "mapping.rml.ttl"
    path.write_text(rml(service(endpoint), "rml:SPARQL"), encoding="utf-8")
    out = tmp_path / "out.nt"
    result = CliRunner().invoke(main, ["map", str(path), "-o", str(out), "--format", "ntriples"])
    assert result.exit_code == 0, result.output
    assert f'{O2} <{DCT}title> "Portret van een vrouw"@nl .' in out.read_text(encoding="utf-8")
    unreachable = tmp_path / "unreachable.rml.ttl"
    unreachable.write_text(rml(service(f"http://127.0.0.1:{free_port()}/sparql"), "rml:SPARQL"), encoding="utf-8")
    result = CliRunner().invoke(main, ["map", str(unreachable)])
    assert result.exit_code != 0 and "cannot reach the SPARQL endpoint" in result.output


YARRRML = """\
prefixes:
  dct: http://purl.org/dc/terms/
sources:
  collectie:
    access: {access}
    queryFormulation: sparql11
    referenceFormulation: {formulation}
    query: |
{query}
mappings:
  Object:
    sources: collectie
    s: https://data.example.org/id/object/$(id)
    po:
      - [dct:title, $(title)]
      - [dct:created, $(created)]
      - p: dct:source
        o: {{value: $(object), type: iri}}
"""


def yarrrml(access: str, formulation: str = "sparql") -> str:
    return YARRRML.format(access=access, formulation=formulation, query=textwrap.indent(QUERY.strip(), " " * 6))


@pytest.mark.parametrize("formulation, rml_formulation", [("sparql", "rml:SPARQL"),
                                                          ("csv", "formats:SPARQL_Results_CSV")])
def test_yarrrml_names_an_endpoint_as_its_spec_says_and_maps_the_same(endpoint, tmp_path, formulation,
                                                                      rml_formulation):
    from cultuurgraaf.mapping.rml_writer import write_rml

    path = tmp_path / "mapping.yml"
    path.write_text(yarrrml(endpoint, formulation), encoding="utf-8")
    from_yarrrml = sorted(execute(load_mapping(path)).quads())
    assert from_yarrrml == mapped(tmp_path, rml(service(endpoint), rml_formulation))
    compiled = tmp_path / "compiled.rml.ttl"
    compiled.write_text(write_rml(load_mapping(path)), encoding="utf-8")
    assert f"sd:endpoint <{endpoint}>" in compiled.read_text(encoding="utf-8")
    assert sorted(execute(load_mapping(compiled)).quads()) == from_yarrrml


def test_yarrrml_queries_an_rdf_file_too(tmp_path):
    (tmp_path / "collection.ttl").write_text(COLLECTION, encoding="utf-8")
    path = tmp_path / "mapping.yml"
    path.write_text(yarrrml("collection.ttl"), encoding="utf-8")
    quads = sorted(execute(load_mapping(path)).quads())
    assert f'{O1} <{DCT}created> "1890"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n' in quads and len(quads) == 5


def test_the_docs_example_maps_from_an_endpoint_as_the_golden_case_maps_from_the_file(tmp_path):
    """docs/mapping.md shows a mapping from an endpoint and its output; run it against a server
    holding the golden case's file and expect the golden case's graph."""

    root = Path(__file__).resolve().parent.parent
    docs = (root / "docs" / "mapping.md").read_text(encoding="utf-8")
    example = re.search(r"### SPARQL endpoints.*?```yaml\n(.*?)```", docs, re.S).group(1)
    case = root / "tests" / "cases" / "mapping" / "sparql-rdf-file"
    prefixes = "prefixes:\n  dct: http://purl.org/dc/terms/\n  crm: http://www.cidoc-crm.org/cidoc-crm/\n"
    with oxigraph_endpoint(case / "partner.ttl") as url:
        path = tmp_path / "partner.yml"
        path.write_text(prefixes + example.replace("http://127.0.0.1:7878/query", url), encoding="utf-8")
        output = "".join(execute(load_mapping(path)).quads())
    expected = (case / "expected.nq").read_text(encoding="utf-8")
    assert nquads_difference(expected, output) is None
    shown = re.search(r"\| sort -u\n(.*?)\n\d+ quads", docs, re.S).group(1)
    assert shown.splitlines() == expected.splitlines()
