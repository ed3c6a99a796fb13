"""Hostile files cannot exhaust the machine or reach outside it, whichever command reads them.

Each input runs through a real command in a process of its own (``support.measure``), which
must end with exit 3 and a message that says what is wrong, within a few seconds of CPU time and
a few hundred megabytes: an entity expansion ("billion laughs") in RDF/XML and in XML, external
entities, JSON nested 200,000 deep, a YAML alias bomb, and inputs over the configured size.
Without the limits these took gigabytes and minutes (docs/store.md, "Limits on inputs").
"""

from __future__ import annotations

import http.server
import sys
import threading
from pathlib import Path

import pytest

from support.hostile import LAUGHS_RDF, LAUGHS_XML, RDF, YAML_BOMB
from support.measure import run_measured
from support.paths import ROOT

from cultuurgraaf.errors import InputTooLarge
from cultuurgraaf.store.xml_entities import check_entities

CLI = [sys.executable, "-c", "from cultuurgraaf.cli import main; main()"]
#: what a refused input may cost at most: generous, so that these bounds cannot flake
MAX_CPU_S, MAX_PEAK_MB = 5.0, 500.0

SHAPES = ROOT / "shapes"


def refused(args: list[str], cwd: Path, *expected: str) -> str:
    """Run a command that must refuse its input: exit 3, each of ``expected`` in the message, cheaply."""
    run = run_measured([*CLI, *args], cwd=cwd)
    assert run.returncode == 3, run.output
    assert "Traceback" not in run.output, run.output
    for text in expected:
        assert text in run.output, run.output
    assert run.cpu_s < MAX_CPU_S, f"{run.cpu_s:.1f} s of CPU time: {run.output}"
    assert run.peak_mb < MAX_PEAK_MB, f"{run.peak_mb:.0f} MB at the peak: {run.output}"
    return run.output


def yarrrml(source: str, *, po: str = "[ex:p, $(id)]") -> str:
    return (f"prefixes:\n  ex: http://example.com/\nsources:\n  s: {source}\nmappings:\n  m:\n    sources: s\n"
            f"    s: ex:$(id)\n    po:\n      - {po}\n")


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "cultuurgraaf.toml").write_text(
        '[project]\nname = "limits"\nbase_iri = "https://data.example.org"\nstore = "store"\n', encoding="utf-8")
    return tmp_path


# RDF/XML: every command that reads it, through Oxigraph or rdflib -------------------------

def test_billion_laughs_in_rdf_xml_is_refused_by_load(project):
    (project / "laughs.rdf").write_text(LAUGHS_RDF, encoding="utf-8")
    assert len(LAUGHS_RDF.encode()) < 1200
    refused(["load", "laughs.rdf", "--graph", "https://data.example.org/graph/x", "--project", "."], project,
            "laughs.rdf", "entities would expand to")
    run = run_measured([*CLI, "query", ".", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"], cwd=project)
    assert "3000000000" not in run.output


def test_billion_laughs_in_rdf_xml_is_refused_by_validate(project):
    (project / "laughs.rdf").write_text(LAUGHS_RDF, encoding="utf-8")
    refused(["validate", "laughs.rdf", "--shapes", str(SHAPES)], project, "laughs.rdf", "entities would expand to")


def test_billion_laughs_in_shapes_in_rdf_xml_is_refused(project):
    (project / "shapes.rdf").write_text(LAUGHS_RDF, encoding="utf-8")
    (project / "data.ttl").write_text("<http://example.com/a> a <http://example.com/C> .\n", encoding="utf-8")
    refused(["validate", "data.ttl", "--shapes", "shapes.rdf"], project, "shapes.rdf", "entities would expand to")


def test_billion_laughs_in_a_mapping_in_rdf_xml_is_refused(project):
    (project / "mapping.rdf").write_text(LAUGHS_RDF, encoding="utf-8")
    refused(["map", "mapping.rdf"], project, "mapping.rdf", "entities would expand to")


def test_billion_laughs_in_an_rdf_file_a_sparql_source_queries_is_refused(project):
    (project / "laughs.rdf").write_text(LAUGHS_RDF, encoding="utf-8")
    (project / "mapping.yml").write_text(yarrrml(
        "{access: laughs.rdf, queryFormulation: sparql11, referenceFormulation: sparql, "
        "query: 'SELECT ?id WHERE { ?s ?p ?id }'}"), encoding="utf-8")
    refused(["map", "mapping.yml"], project, "laughs.rdf", "entities would expand to")


def test_an_external_entity_in_rdf_xml_is_refused_and_not_read(project):
    secret = project / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    (project / "external.rdf").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n<rdf:RDF {RDF}>'
        '<rdf:Description rdf:about="http://example.com/a"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>\n',
        encoding="utf-8")
    output = refused(["load", "external.rdf", "--graph", "https://data.example.org/graph/x", "--project", "."],
                     project, "external.rdf", "declared external", "reads no file")
    assert "TOP-SECRET-VALUE" not in output


def test_rdf_xml_with_a_few_entities_loads(project):
    """Ontologies declare their namespaces as entities: that stays possible."""
    (project / "ontology.rdf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY ex "http://example.com/">\n'
        ' <!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">\n]>\n'
        f'<rdf:RDF {RDF}>\n<rdf:Description rdf:about="&ex;a"><ex:p rdf:datatype="&xsd;integer">1</ex:p>'
        '</rdf:Description>\n</rdf:RDF>\n', encoding="utf-8")
    run = run_measured([*CLI, "load", "ontology.rdf", "--graph", "https://data.example.org/graph/x",
                        "--project", "."], cwd=project)
    assert run.returncode == 0, run.output
    assert "1 quads loaded" in run.output


def test_an_entity_declaration_across_the_scans_cut_is_read_not_refused():
    """The entity scan reads a document in pieces and cuts each before its last 257 bytes; a
    declaration that straddled that cut, not being the document's last, was refused as one that
    "cannot be read". A short document with two harmless entities is fine, and the billion
    laughs as a plain XML extract is refused for what it is."""
    harmless = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "' + b"x" * 60 + b'"><!ENTITY b "y">]><r>'
                + b"&a;&b;" + b" " * 250 + b"</r>")
    check_entities(lambda: [harmless], where="short.xml")
    with pytest.raises(InputTooLarge, match="entities would expand to"):
        check_entities(lambda: [LAUGHS_XML.encode()], where="laughs.xml")


# XML extracts, read with lxml ---------------------------------------------------------------

@pytest.mark.parametrize("iterator", ["/r/x", "//x"], ids=["streamed", "whole document"])
def test_billion_laughs_in_an_xml_source_is_refused(project, iterator):
    (project / "laughs.xml").write_text(LAUGHS_XML, encoding="utf-8")
    (project / "mapping.yml").write_text(yarrrml(f'[laughs.xml~xpath, "{iterator}"]', po="[ex:p, $(.)]")
                                         .replace("$(id)", "$(@id)", 1), encoding="utf-8")
    refused(["map", "mapping.yml"], project, "laughs.xml", "amplification")


def test_an_external_entity_in_an_xml_source_is_not_read(project):
    secret = project / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    (project / "external.xml").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n<r><x id="1">a&x;b</x></r>\n',
        encoding="utf-8")
    (project / "mapping.yml").write_text(yarrrml('[external.xml~xpath, "/r/x"]', po="[ex:p, $(.)]")
                                         .replace("$(id)", "$(@id)", 1), encoding="utf-8")
    run = run_measured([*CLI, "map", "mapping.yml"], cwd=project)
    assert "TOP-SECRET-VALUE" not in run.output


# JSON: memory linear in depth, a clear error past the limit ------------------------------------

@pytest.mark.parametrize("iterator", ["$[*]", "$..id"], ids=["streamed", "whole document"])
def test_json_nested_200000_deep_is_refused(project, iterator):
    depth = 200_000
    (project / "deep.json").write_text('[{"id": "1", "x": ' + "[" * depth + "]" * depth + "}]", encoding="utf-8")
    (project / "mapping.yml").write_text(yarrrml(f'[deep.json~jsonpath, "{iterator}"]'), encoding="utf-8")
    refused(["map", "mapping.yml"], project, "deep.json", "nested more than 512 levels deep")


def test_an_ndjson_line_nested_200000_deep_is_refused(project):
    depth = 200_000
    (project / "deep.ndjson").write_text('{"id": "1"}\n{"id": "2", "x": ' + "[" * depth + "]" * depth + "}\n",
                                         encoding="utf-8")
    (project / "mapping.yml").write_text(yarrrml("{access: deep.ndjson, referenceFormulation: ndjson, "
                                                 "iterator: $}"), encoding="utf-8")
    refused(["map", "mapping.yml"], project, "deep.ndjson", "nested more than 512 levels deep")


def test_a_json_ld_source_nested_200000_deep_is_refused(project):
    depth = 200_000
    (project / "deep.jsonld").write_text('[{"@id": "http://example.com/a", "http://example.com/p": '
                                         + "[" * depth + "]" * depth + "}]", encoding="utf-8")
    (project / "mapping.yml").write_text(yarrrml("[deep.jsonld~jsonld]", po="[ex:p, $(object)]")
                                         .replace("ex:$(id)", "$(subject)"), encoding="utf-8")
    refused(["map", "mapping.yml"], project, "deep.jsonld", "nested more than 512 levels deep")


def test_json_as_deep_as_the_limit_is_read(project):
    depth = 500
    (project / "deep.json").write_text('[{"id": "1", "x": ' + "[" * depth + "]" * depth + "}]", encoding="utf-8")
    (project / "mapping.yml").write_text(yarrrml('[deep.json~jsonpath, "$[*]"]'), encoding="utf-8")
    run = run_measured([*CLI, "map", "mapping.yml"], cwd=project)
    assert run.returncode == 0, run.output
    assert "<http://example.com/1> <http://example.com/p> \"1\"" in run.output


# YAML mapping files ---------------------------------------------------------------------------

def test_a_yaml_alias_bomb_in_a_mapping_is_refused(project):
    (project / "bomb.yml").write_text(YAML_BOMB, encoding="utf-8")
    refused(["map", "bomb.yml"], project, "bomb.yml", "more than 100,000 values with its aliases")


def test_a_yaml_alias_inside_its_own_anchor_is_refused(project):
    (project / "loop.yml").write_text("prefixes:\n  ex: http://example.com/\nloop: &a [*a]\nmappings: {}\n",
                                      encoding="utf-8")
    refused(["map", "loop.yml"], project, "loop.yml, line 3", "alias (*name) stands inside")


def test_yaml_nested_too_deeply_is_refused(project):
    (project / "deep.yml").write_text("prefixes: " + "[" * 100_000 + "]" * 100_000 + "\nmappings: {}\n",
                                      encoding="utf-8")
    refused(["map", "deep.yml"], project, "deep.yml", "nested too deeply")


# Sizes ------------------------------------------------------------------------------------------

def test_an_input_over_max_input_mb_is_refused_before_it_is_read(project):
    (project / "cultuurgraaf.toml").write_text(
        '[project]\nname = "limits"\nbase_iri = "https://data.example.org"\nstore = "store"\nmax_input_mb = 0.001\n\n'
        '[[sources]]\nname = "s"\ninputs = "data.json"\nmapping = "mapping.yml"\n', encoding="utf-8")
    (project / "data.json").write_text("[" + ",".join(f'{{"id": "{i}"}}' for i in range(200)) + "]",
                                       encoding="utf-8")
    (project / "mapping.yml").write_text(yarrrml('[data.json~jsonpath, "$[*]"]'), encoding="utf-8")
    (project / "data.ttl").write_text("".join(f"<http://example.com/{i}> <http://example.com/p> {i} .\n"
                                              for i in range(100)), encoding="utf-8")
    refused(["build", ".", "-q"], project, "data.json", "cultuurgraaf reads files of up to 0.001 MB (1,000 bytes)",
            "max_input_mb")
    refused(["load", "data.ttl", "--graph", "https://data.example.org/graph/x", "--project", "."], project,
            "data.ttl", "reads files of up to 0.001 MB")


# No network read from a shapes file in JSON-LD ------------------------------------------------

def test_a_remote_json_ld_context_in_shapes_is_not_fetched(project):
    asked = []

    class Context(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the handler's name is the standard library's
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(b'{"@context": {"sh": "http://www.w3.org/ns/shacl#"}}')

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Context)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        (project / "shapes.jsonld").write_text(
            f'{{"@context": "http://127.0.0.1:{server.server_port}/context", "@id": "http://example.com/S", '
            '"@type": "sh:NodeShape"}', encoding="utf-8")
        (project / "data.ttl").write_text("<http://example.com/a> a <http://example.com/C> .\n", encoding="utf-8")
        refused(["validate", "data.ttl", "--shapes", "shapes.jsonld"], project, "shapes.jsonld")
    finally:
        server.shutdown()
    assert asked == []
