"""The fast validator (shapes compiled to SPARQL on Oxigraph) gives the same results as pySHACL.

Checked three ways: every golden case of tests/cases/shapes/ (the expected results written in the
case, and pySHACL's results on the same store); the W3C SHACL Core suite in
../shared/conformance/shacl-core, run from its manifests, every case, against the expected
reports (with the cases the fast path hands to pySHACL and the known failures listed and printed);
and shapes the compiler does not support, which fall back to pySHACL and say so.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import SH

from cultuurgraaf.store.scratch import ScratchStore
from cultuurgraaf.validation import load_shapes, validate_store
from cultuurgraaf.validation.fast import validate_fast
from cultuurgraaf.validation.shapes import Shapes
from cultuurgraaf.validation.shapes_to_sparql import Unsupported, path_text
from cultuurgraaf.validation.validator import graph_of, validate_graph
from support.manifests import MF, read_manifest
from support.paths import SHARED, shared_or_skip
from support.shape_cases import CASES, CONTEXT, SHAPES_DIR, case_id, expected_results

SHT = Namespace("http://www.w3.org/ns/shacl-test#")

#: Cases the fast path hands to pySHACL, and why (a case that becomes supported is noticed).
FALLBACK = {
    "node/qualified-001": "sh:qualifiedValueShape",
    "property/qualifiedMinCountDisjoint-001": "sh:qualifiedValueShape",
    "property/qualifiedValueShape-001": "sh:qualifiedValueShape",
    "property/qualifiedValueShapesDisjoint-001": "sh:qualifiedValueShape",
    "property/datatype-ill-formed": "sh:datatype xsd:byte: Oxigraph stores well-formed xsd:byte as xsd:integer",
}
#: Cases where the fast path differs from the W3C expected report; pySHACL differs the same way.
KNOWN_FAILURES = {
    "property/uniqueLang-002": 'rdflib reads sh:uniqueLang "1"^^xsd:boolean as true (pySHACL reports the same result)',
}


@pytest.fixture(scope="module")
def shapes():
    return load_shapes([SHAPES_DIR])


@pytest.fixture(autouse=True, scope="module")
def quiet_rdflib():
    """rdflib logs a traceback for every ill-typed literal the suite holds on purpose."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


def case_store(case: Path) -> ScratchStore:
    store = ScratchStore()
    store.load(path=CONTEXT)
    store.load(path=case)
    return store


def golden_key(result) -> tuple:
    return (result.focus, result.shape, SH[result.constraint], SH[result.severity])


# --------------------------------------------------------------------------- the project's shapes

@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_fast_path_reports_the_expected_results_of_each_shapes_case(case, shapes):
    report = validate_store(case_store(case), shapes, engine="fast")
    assert report.engine == "fast" and report.notes == []
    assert Counter(golden_key(r) for r in report.results) == expected_results(case)


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_fast_path_and_pyshacl_agree_on_each_shapes_case(case, shapes):
    store = case_store(case)
    fast = Counter(r.key() for r in validate_store(store, shapes, engine="fast").results)
    reference = Counter(r.key() for r in validate_store(store, shapes, engine="pyshacl").results)
    assert fast == reference, f"only fast: {fast - reference}\nonly pySHACL: {reference - fast}"


def test_fast_path_and_pyshacl_agree_on_the_planted_source(shapes):
    from cultuurgraaf.validation.inputs import validate_inputs

    planted = Path(__file__).parent / "cases" / "validation" / "planted"
    inputs = [planted / "objecten.yml", planted / "register.ttl"]
    fast = validate_inputs(inputs, shapes=[SHAPES_DIR], engine="fast")
    reference = validate_inputs(inputs, shapes=[SHAPES_DIR], engine="pyshacl")
    assert [r.key() for r in fast.results] == [r.key() for r in reference.results]
    assert [r.origins for r in fast.results] == [r.origins for r in reference.results]


def test_fast_path_and_pyshacl_agree_on_the_demo_sources(shapes):
    from cultuurgraaf.validation.inputs import validate_inputs

    mappings = sorted((Path(__file__).parent.parent / "mappings" / "demo").glob("*.yml"))
    if not (Path(__file__).parent.parent / "examples" / "demo" / "data" / "objecten.csv").is_file():
        pytest.skip("the demo extracts (examples/demo/data) are not there")
    fast = validate_inputs(mappings, shapes=[SHAPES_DIR], engine="fast")
    reference = validate_inputs(mappings, shapes=[SHAPES_DIR], engine="pyshacl")
    assert fast.results, "the demo gives warnings and notices, so an empty report means nothing ran"
    assert Counter(r.key() for r in fast.results) == Counter(r.key() for r in reference.results)


# --------------------------------------------------------------------------- fallback

def test_shapes_the_compiler_does_not_support_fall_back_to_pyshacl_and_say_so(tmp_path):
    (tmp_path / "q.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://ex.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ;\n"
        "  sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1 ] .\n",
        encoding="utf-8")
    store = ScratchStore()
    store.load(data=b"<http://ex.org/a> a <http://ex.org/C> .", format="turtle")
    report = validate_store(store, load_shapes([tmp_path / "q.ttl"]), engine="fast")
    assert report.engine == "pyshacl"
    assert len(report.notes) == 1 and "does not support sh:qualifiedValueShape" in report.notes[0]
    assert [r.constraint for r in report.results] == ["QualifiedMinCountConstraintComponent"]


# --------------------------------------------------------------------------- W3C SHACL Core suite

def suite_cases() -> list[tuple[str, Path, Path, Graph, object]]:
    if SUITE is None:
        return []
    cases = []
    for entry in read_manifest(SUITE / "manifest.ttl"):
        action = entry.value(MF.action)
        data = Path(str(entry.value(SHT.dataGraph, action)).removeprefix("file://"))
        shapes = Path(str(entry.value(SHT.shapesGraph, action)).removeprefix("file://"))
        cases.append((f"{entry.file.parent.name}/{entry.file.stem}", data, shapes, entry.graph, entry.node))
    return cases


SUITE_PATH = SHARED / "conformance" / "shacl-core"
SUITE = SUITE_PATH if SUITE_PATH.is_dir() else None
SUITE_CASES = suite_cases()


def normal(node):
    """Blank nodes match any blank node; typed XSD literals compare by value (Oxigraph writes them canonically)."""
    if isinstance(node, BNode):
        return "_:"
    if isinstance(node, Literal) and str(node.datatype or "").startswith("http://www.w3.org/2001/XMLSchema#") \
            and not node.ill_typed:
        return ("literal", node.toPython(), node.datatype)
    return node


def expected_report(graph: Graph, entry) -> Counter | str:
    result = graph.value(entry, MF.result)
    if result == SHT.Failure:
        return "failure"
    found = Counter()
    for r in graph.objects(result, SH.result):
        path = graph.value(r, SH.resultPath)
        found[(normal(graph.value(r, SH.focusNode)), path_text(graph, path) if path is not None else None,
               normal(graph.value(r, SH.value)), str(graph.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
               normal(graph.value(r, SH.sourceShape)), str(graph.value(r, SH.resultSeverity)).rsplit("#", 1)[-1])] += 1
    return found


def found_report(results) -> Counter:
    return Counter((normal(r.focus), r.path, normal(r.value), r.constraint, normal(r.shape), r.severity) for r in results)


def suite_store(data: Path) -> ScratchStore:
    store = ScratchStore()
    store.load(path=data, base_iri=data.as_uri())
    return store


@pytest.mark.parametrize("name, data, shapes_file, graph, entry", SUITE_CASES or [pytest.param(*[None] * 5, id="absent")],
                         ids=[c[0] for c in SUITE_CASES] or None)
def test_shacl_core_suite(name, data, shapes_file, graph, entry):
    if name is None:
        shared_or_skip("conformance", "shacl-core")
    store = suite_store(data)
    shapes = Shapes(graph=Graph().parse(shapes_file, publicID=shapes_file.as_uri()))
    expected = expected_report(graph, entry)
    try:
        results = validate_fast(store, shapes)
    except Unsupported as exc:
        assert name in FALLBACK, f"{name}: the fast path does not support {exc.feature}"
        print(f"{name}: handed to pySHACL ({FALLBACK[name]})")
        return
    assert name not in FALLBACK, f"{name} is listed as a fallback but the fast path now runs it: update FALLBACK"
    assert expected != "failure", f"{name}: the suite expects a failure"
    found = found_report(results)
    if name in KNOWN_FAILURES:
        assert found != expected, f"{name} now passes: remove it from KNOWN_FAILURES"
        print(f"{name}: known failure ({KNOWN_FAILURES[name]})")
        return
    assert found == expected, f"{name}\nonly expected: {expected - found}\nonly fast: {found - expected}"


@pytest.mark.parametrize("name, data, shapes_file, graph, entry", [c for c in SUITE_CASES if c[0] not in FALLBACK]
                         or [pytest.param(*[None] * 5, id="absent")], ids=[c[0] for c in SUITE_CASES if c[0] not in FALLBACK] or None)
def test_shacl_core_suite_fast_path_agrees_with_pyshacl(name, data, shapes_file, graph, entry):
    if name is None:
        shared_or_skip("conformance", "shacl-core")
    store = suite_store(data)
    shapes = Shapes(graph=Graph().parse(shapes_file, publicID=shapes_file.as_uri()))
    fast = found_report(validate_fast(store, shapes))
    reference = found_report(validate_graph(graph_of(store.triples()), shapes).results)
    assert fast == reference, f"{name}\nonly pySHACL: {reference - fast}\nonly fast: {fast - reference}"


def test_the_suite_covers_every_component_the_fast_path_supports():
    if SUITE is None:
        shared_or_skip("conformance", "shacl-core")
    from cultuurgraaf.validation.shapes_to_sparql import KNOWN, TARGETS, VALUE_PARAMETERS

    used = set()
    for _name, _data, shapes_file, _graph, _entry in SUITE_CASES:
        used |= set(Graph().parse(shapes_file, publicID=shapes_file.as_uri()).predicates())
    constraints = set(VALUE_PARAMETERS) | {SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang, SH.equals, SH.disjoint,
                                           SH.lessThan, SH.lessThanOrEquals, SH.closed, SH.property, *TARGETS}
    assert constraints <= KNOWN
    assert constraints - used == set()
