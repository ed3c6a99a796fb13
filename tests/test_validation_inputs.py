"""`validate`, `map` and `build` tell a mapping from data by what the file holds, not by its name.

An RML mapping in Turtle (the standard form), N-Triples, JSON-LD or RDF/XML is run, and the report
points at the CSV row and the mapping rule; it is never validated as data itself. An RDF file that
holds nothing the shapes target was not checked, and says so: a warning beside other inputs, an
error (exit 3) when nothing at all was checked.
"""

from __future__ import annotations

import json
import re
from contextlib import chdir
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from cultuurgraaf.cli import main
from cultuurgraaf.mapping import load_mapping
from cultuurgraaf.mapping.rml_writer import write_rml

from support.projects import demo_copy

OBJECTS = """\
id,titel,maker
1,Theepot,PER1
2,Kandelaar,PER2
3,Koffiepot,PER1
4,,PER2
5,Schaal,PER1
"""
TITLELESS_LINE = 5  # the row whose object has no title: line 5 of objects.csv

RML_MAPPING = """\
@prefix rml: <http://w3id.org/rml/> .
@prefix crm: <http://www.cidoc-crm.org/cidoc-crm/> .

<#object> a rml:TriplesMap ;
    rml:logicalSource [
        rml:source [ a rml:RelativePathSource ; rml:root rml:MappingDirectory ; rml:path "objects.csv" ;
                     rml:null "" ] ;
        rml:referenceFormulation rml:CSV
    ] ;
    rml:subjectMap [ rml:template "https://data.example.be/id/object/{id}" ; rml:class crm:E22_Human-Made_Object ] ;
    rml:predicateObjectMap [
        rml:predicate crm:P102_has_title ;
        rml:objectMap [ rml:reference "titel" ; rml:language "nl" ]
    ] .
"""

LEGACY_MAPPING = """\
@prefix rr: <http://www.w3.org/ns/r2rml#> .
@prefix rml: <http://semweb.mmlab.be/ns/rml#> .
@prefix ql: <http://semweb.mmlab.be/ns/ql#> .
@prefix crm: <http://www.cidoc-crm.org/cidoc-crm/> .

<#object>
    rml:logicalSource [ rml:source "objects.csv" ; rml:referenceFormulation ql:CSV ] ;
    rr:subjectMap [ rr:template "https://data.example.be/id/object/{id}" ; rr:class crm:E22_Human-Made_Object ] ;
    rr:predicateObjectMap [
        rr:predicate crm:P102_has_title ;
        rr:objectMap [ rml:reference "titel" ; rr:language "nl" ]
    ] .
"""

YARRRML_MAPPING = """\
sources:
  objects: [objects.csv~csv]
mappings:
  object:
    sources: objects
    s: https://data.example.be/id/object/$(id)
    po:
      - [a, crm:E22_Human-Made_Object]
      - [crm:P102_has_title, $(titel), nl~lang]
"""

SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix crm: <http://www.cidoc-crm.org/cidoc-crm/> .
@prefix ex: <http://example.com/shapes#> .

ex:Object a sh:NodeShape ;
    sh:targetClass crm:E22_Human-Made_Object ;
    sh:property [ sh:path crm:P102_has_title ; sh:minCount 1 ; sh:message "The object has no title."@en ] .
"""

OTHER_DATA = """\
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://data.example.be/id/concept/zilver> a skos:Concept ; skos:prefLabel "zilver"@nl .
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "objects.csv").write_text(OBJECTS, encoding="utf-8")
    (tmp_path / "shapes.ttl").write_text(SHAPES, encoding="utf-8")
    (tmp_path / "mapping.ttl").write_text(RML_MAPPING, encoding="utf-8")
    return tmp_path


def run(folder: Path, *args: str):
    with chdir(folder):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


def validate(folder: Path, *inputs: str, fmt: str = "text"):
    return run(folder, "validate", *inputs, "--shapes", "shapes.ttl", "--format", fmt)


def the_violation(result) -> dict:
    body = json.loads(result.stdout)
    violations = [r for g in body["groups"] for r in g["results"] if r["severity"] == "Violation"]
    assert len(violations) == 1, result.stdout
    return violations[0]


# --------------------------------------------------------------------------- a mapping is run, not validated

def test_validate_an_rml_turtle_mapping_points_at_the_csv_row_and_the_rule(folder):
    result = validate(folder, "mapping.ttl")
    assert result.exit_code == 1, result.output
    rule_line = next(n for n, line in enumerate(RML_MAPPING.splitlines(), 1) if "rml:predicate crm:P102_has_title" in line)
    assert (f"from objects.csv line {TITLELESS_LINE}, rule 'object: crm:P102_has_title' in mapping.ttl "
            f"(line {rule_line})") in result.stdout
    violation = the_violation(validate(folder, "mapping.ttl", fmt="json"))
    assert violation["focus"] == "https://data.example.be/id/object/4"
    assert violation["origins"] == [{"source_file": "objects.csv", "record": f"line {TITLELESS_LINE}",
                                     "rule": "object: crm:P102_has_title", "mapping_file": "mapping.ttl",
                                     "mapping_line": rule_line}]


def in_syntax(folder: Path, name: str, syntax: str) -> str:
    """The Turtle mapping written again in another RDF syntax, under another name."""
    graph = Graph().parse(folder / "mapping.ttl", format="turtle", publicID=(folder / name).as_uri())
    (folder / name).write_text(graph.serialize(format=syntax, base=(folder / name).as_uri()), encoding="utf-8")
    return name


MAPPINGS = {
    "Turtle named .rml": lambda folder: write(folder, "mapping.rml", RML_MAPPING),
    "legacy rr: vocabulary": lambda folder: write(folder, "legacy.ttl", LEGACY_MAPPING),
    "N-Triples": lambda folder: in_syntax(folder, "mapping.nt", "nt"),
    "JSON-LD": lambda folder: in_syntax(folder, "mapping.jsonld", "json-ld"),
    "RDF/XML": lambda folder: in_syntax(folder, "mapping.rdf", "xml"),
    "YARRRML named .yarrrml": lambda folder: write(folder, "mapping.yarrrml", YARRRML_MAPPING),
}


def write(folder: Path, name: str, text: str) -> str:
    (folder / name).write_text(text, encoding="utf-8")
    return name


@pytest.mark.parametrize("kind", sorted(MAPPINGS))
def test_a_mapping_is_recognised_by_what_it_holds_in_any_syntax(folder, kind):
    name = MAPPINGS[kind](folder)
    result = validate(folder, name, fmt="json")
    assert result.exit_code == 1, result.output
    origin = the_violation(result)["origins"][0]
    assert (origin["source_file"], origin["record"], origin["mapping_file"]) == ("objects.csv", "line 5", name)
    assert origin["rule"].endswith("crm:P102_has_title") and isinstance(origin["mapping_line"], int)


@pytest.mark.parametrize("kind", ["N-Triples", "JSON-LD", "YARRRML named .yarrrml"])
def test_map_runs_a_mapping_whatever_its_name(folder, kind):
    expected = run(folder, "map", "mapping.ttl")
    result = run(folder, "map", MAPPINGS[kind](folder))
    assert expected.exit_code == 0 and result.exit_code == 0, result.output
    assert sorted(result.stdout.splitlines()) == sorted(expected.stdout.splitlines())
    assert len(result.stdout.splitlines()) == 9  # five typed objects, four titles


def test_build_runs_a_json_ld_mapping_without_a_telling_name(tmp_path):
    project = demo_copy(tmp_path, sources=["personen"])
    rml = Graph().parse(data=write_rml(load_mapping(project / "mappings" / "personen.yml"),
                                       folder=project / "mappings"), format="turtle",
                        publicID=(project / "mappings" / "personen.mapping").as_uri())
    (project / "mappings" / "personen.mapping").write_text(rml.serialize(format="json-ld"), encoding="utf-8")
    toml = project / "cultuurgraaf.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("personen.yml", "personen.mapping"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(project)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert re.search(r"personen: built, 2\d\d quads", result.stderr), result.stderr


# --------------------------------------------------------------------------- nothing silently unchecked

def test_an_rdf_file_the_shapes_do_not_target_is_an_error_when_it_is_all_there_is(folder):
    (folder / "concepts.ttl").write_text(OTHER_DATA, encoding="utf-8")
    result = validate(folder, "concepts.ttl")
    assert result.exit_code == 3, result.output
    assert "Conforms" not in result.output
    assert ("error: concepts.ttl: nothing was checked: this file holds nothing the shapes target "
            "(they check things of class crm:E22_Human-Made_Object)") in result.stderr


def test_an_rdf_file_the_shapes_do_not_target_is_named_in_a_warning_beside_checked_data(folder):
    (folder / "concepts.ttl").write_text(OTHER_DATA, encoding="utf-8")
    result = validate(folder, "mapping.ttl", "concepts.ttl", fmt="json")
    assert result.exit_code == 1, result.output
    warning = ("concepts.ttl: nothing in this file was checked: it holds nothing the shapes target "
               "(they check things of class crm:E22_Human-Made_Object)")
    assert json.loads(result.stdout)["warnings"] == [warning]
    assert f"warning: {warning}" in result.stderr


def test_data_of_a_subclass_of_a_targeted_class_counts_as_checked(folder):
    (folder / "data.ttl").write_text(
        "@prefix crm: <http://www.cidoc-crm.org/cidoc-crm/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<http://example.com/Cup> rdfs:subClassOf crm:E22_Human-Made_Object .\n"
        "<http://example.com/cup/1> a <http://example.com/Cup> .\n", encoding="utf-8")
    result = validate(folder, "data.ttl")
    assert result.exit_code == 1, result.output
    assert "warning" not in result.stderr


def test_a_mapping_whose_output_the_shapes_do_not_target_is_not_checked(folder):
    write(folder, "concepts.yml", YARRRML_MAPPING.replace("crm:E22_Human-Made_Object", "skos:Concept"))
    result = validate(folder, "concepts.yml")
    assert result.exit_code == 3, result.output
    assert "concepts.yml: nothing was checked" in result.stderr


def test_yaml_that_is_not_yarrrml_exits_3_naming_the_file(folder):
    write(folder, "settings.yml", "name: demo\nport: 8000\n")
    result = validate(folder, "settings.yml")
    assert result.exit_code == 3, result.output
    assert "settings.yml" in result.stderr and "mappings" in result.stderr


def test_a_broken_rml_mapping_in_n_triples_names_the_file_and_line(folder):
    write(folder, "broken.nt", '<http://ex.org/m> <http://w3id.org/rml/logicalSource> "x" .\n<http://ex.org/m> <b> .\n')
    result = validate(folder, "broken.nt")
    assert result.exit_code == 3, result.output
    assert re.search(r"broken\.nt, line 2: the RDF does not parse", result.stderr), result.stderr
