"""Mappings, as a user writes them, give the graph they mean: golden cases, and RML read back.

Each folder in tests/cases/mapping/ holds a mapping (YARRRML ``mapping.yml`` or RML
``mapping.ttl``), its input files and ``expected.nq``; the output must be isomorphic to it.
Regenerating an expected file (``cultuurgraaf map CASE/mapping.yml -o CASE/expected.nq``) is a
deliberate, reviewed act.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from cultuurgraaf.cli import main
from cultuurgraaf.mapping import execute, load_mapping
from cultuurgraaf.mapping.rml_writer import write_rml
from support.graphs import nquads_difference

CASES = Path(__file__).parent / "cases" / "mapping"
CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())


def mapping_file(case: Path) -> Path:
    return next(p for p in (case / "mapping.yml", case / "mapping.ttl") if p.is_file())


def output_of(path: Path) -> str:
    return "".join(execute(load_mapping(path)).quads())


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case_gives_the_expected_graph(case):
    difference = nquads_difference((case / "expected.nq").read_text(encoding="utf-8"), output_of(mapping_file(case)))
    assert difference is None, difference


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_the_rml_a_mapping_compiles_to_gives_the_same_graph(case, tmp_path):
    """YARRRML (or legacy RML) -> RML Turtle -> the model again: the same output."""
    written = tmp_path / "compiled.rml.ttl"
    written.write_text(write_rml(load_mapping(mapping_file(case)), folder=tmp_path), encoding="utf-8")
    difference = nquads_difference(output_of(mapping_file(case)), output_of(written))
    assert difference is None, difference


def test_compiled_rml_uses_the_new_vocabulary_only(tmp_path):
    text = write_rml(load_mapping(CASES / "legacy-rml" / "mapping.ttl"))
    graph = Graph().parse(data=text, format="turtle")
    namespaces = {str(p).rsplit("#", 1)[0].rsplit("/", 1)[0] for p in graph.predicates()}
    assert "http://www.w3.org/ns/r2rml" not in namespaces
    assert "http://semweb.mmlab.be/ns" not in namespaces
    assert "rml:reference \"homepage\"" in text


def test_a_run_counts_every_reference_that_yielded_nothing():
    run = execute(load_mapping(CASES / "objects-csv" / "mapping.yml"))
    list(run.quads())
    assert run.stats.records == {"object": 3, "height": 3, "maker": 2}
    assert run.stats.empty["object: crm:P102_has_title (title_en)"] == 1
    assert run.stats.empty["object: crm:P14_carried_out_by (join to maker)"] == 1
    assert run.stats.quads == 24


def test_json_records_that_are_arrays_are_reported_not_dropped_silently():
    run = execute(load_mapping(CASES / "events-json" / "mapping.yml"))
    list(run.quads())
    assert run.stats.notes == {"records at '$.events[*]' that are arrays (iterate into them with [*])": 1}
    assert run.stats.no_subject["event"] == 1
    assert any("arrays" in line for line in run.stats.summary())


def test_mapping_compile_prints_rml_turtle():
    result = CliRunner().invoke(main, ["mapping", "compile", str(CASES / "objects-csv" / "mapping.yml")])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.output, format="turtle")
    maps = set(graph.subjects(predicate=None, object=None))
    assert len([s for s in maps if str(s).endswith(("#object", "#height", "#maker"))]) == 3


def test_mapping_compile_python_shows_the_generated_code():
    result = CliRunner().invoke(main, ["mapping", "compile", "--python", str(CASES / "objects-csv" / "mapping.yml")])
    assert result.exit_code == 0, result.output
    assert "def run(records, ES, loc, LINT=None, LRECS=None):" in result.output
    assert "# object, height\n" in result.output, "the maps that read objects.csv share one pass"


def test_mapping_functions_lists_the_date_functions():
    result = CliRunner().invoke(main, ["mapping", "functions"])
    assert result.exit_code == 0
    assert "cg:edtf(value)" in result.output
    assert "cg:split(value, separator=';', prefix='')" in result.output


def test_map_writes_lineage_beside_the_output(tmp_path):
    out, lineage = tmp_path / "out.nq", tmp_path / "lineage.tsv"
    result = CliRunner().invoke(main, ["map", str(CASES / "objects-csv" / "mapping.yml"), "-o", str(out),
                                       "--lineage", str(lineage)])
    assert result.exit_code == 0, result.output
    from cultuurgraaf.mapping.lineage import Lineage

    origins = Lineage.read(lineage).lookup("https://data.example.be/id/object/FH%200079%2F13",
                                           "http://www.cidoc-crm.org/cidoc-crm/P102_has_title")
    assert [(Path(o.file).name, o.locator, o.rule) for o in origins] == [
        ("objects.csv", "line 3", "object: crm:P102_has_title")]


DEMO_MAPPINGS = sorted((Path(__file__).parent.parent / "mappings" / "demo").glob("*.yml"))
DEMO_DATA = Path(__file__).parent.parent / "examples" / "demo" / "data"


@pytest.mark.parametrize("mapping", DEMO_MAPPINGS, ids=[p.stem for p in DEMO_MAPPINGS])
def test_the_demo_mappings_compile_to_rml_that_gives_the_same_graph(mapping, tmp_path):
    if not DEMO_DATA.is_dir():
        pytest.skip(f"{DEMO_DATA} is absent: the demo extracts are written by benchmarks/datagen.py --demo")
    original = load_mapping(mapping)
    written = tmp_path / f"{mapping.stem}.rml.ttl"
    written.write_text(write_rml(original, folder=tmp_path), encoding="utf-8")
    outputs = []
    for spec in (original, load_mapping(written)):
        inputs = {path.name: DEMO_DATA / path.name for path in spec.files()}
        outputs.append("".join(execute(spec, base_iri="https://data.cultuurgraaf.be/", inputs=inputs).quads()))
    assert outputs[0], "the demo mapping made nothing"
    # blank nodes here come from templates, so their labels are the same on both sides
    before, after = set(outputs[0].splitlines()), set(outputs[1].splitlines())
    assert before == after, {"only from YARRRML": sorted(before - after)[:5], "only from RML": sorted(after - before)[:5]}


def test_a_triples_map_with_a_subject_alone_runs(tmp_path):
    """Such a map (the parent of a join, say) made the generated code end in an empty 'else:'."""
    (tmp_path / "makers.xml").write_text('<makers><maker id="1"/><maker/></makers>', encoding="utf-8")
    (tmp_path / "mapping.yml").write_text(
        "sources:\n  makers: [makers.xml~xpath, /makers/maker]\nmappings:\n  maker:\n    sources: makers\n"
        "    s: http://example.com/maker/$(@id)\n", encoding="utf-8")
    run = execute(load_mapping(tmp_path / "mapping.yml"))
    assert list(run.quads()) == []
    assert run.stats.records["maker"] == 2
