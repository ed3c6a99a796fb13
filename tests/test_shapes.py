"""The project's SHACL shapes (shapes/), their documentation (docs/shapes.md) and labels (ontologies/).

Golden cases live in tests/cases/shapes/<kind>/<case>.ttl, each with the results it expects
(see tests/support/shape_cases.py). Validation runs pySHACL over all files of shapes/ with
inference 'none', as the pipeline will.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from cultuurgraaf.validation.profiles import BEYOND_OSLO
from support.paths import ROOT
from support.shape_cases import CASES, CASES_DIR, CGSH, CONTEXT, SHAPES_DIR, case_id, expected_results

ONTOLOGIES_DIR = ROOT / "ontologies"
SHAPES_DOC = ROOT / "docs" / "shapes.md"
MODEL_DOC = ROOT / "docs" / "model.md"

KINDS = ("erfgoedobject", "organisatie", "persoon", "locatie", "activiteit", "concept", "werk", "bron")
SEVERITIES = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}


# --------------------------------------------------------------------------- helpers


def load_shapes() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in sorted(ONTOLOGIES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def results(data: Graph, shapes_graph: Graph) -> Counter:
    """The top-level results of validating `data`, as (focus, source shape, component, severity)."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none")
    found = Counter()
    for result in report.objects(None, SH.result):
        found[(
            report.value(result, SH.focusNode),
            report.value(result, SH.sourceShape),
            report.value(result, SH.sourceConstraintComponent),
            report.value(result, SH.resultSeverity),
        )] += 1
    return found


def case_graph(case: Path) -> Graph:
    graph = Graph()
    graph.parse(CONTEXT, format="turtle")
    graph.parse(case, format="turtle")
    return graph


def describe(found: Counter) -> str:
    return "\n".join(f"  {' '.join(term.n3() for term in key)}" for key in sorted(found.elements())) or "  (none)"


def property_shapes(graph: Graph, node_shape) -> list:
    """The property shapes of a node shape: its sh:property values and the members with a path of
    its logical constraints (sh:or, sh:and, sh:xone), as the KBO rule uses."""
    found = list(graph.objects(node_shape, SH.property))
    for logical in (SH["or"], SH["and"], SH.xone):
        for members in graph.objects(node_shape, logical):
            found += [m for m in Collection(graph, members) if (m, SH.path, None) in graph]
    return found


def targeted_property_shapes(graph: Graph) -> set:
    """Every property shape that a targeted node shape checks directly."""
    targeted = set(graph.subjects(SH.targetClass, None))
    return {ps for ns in targeted for ps in graph.objects(ns, SH.property)}


def all_shapes(graph: Graph) -> set:
    """Node shapes (declared sh:NodeShape) and property shapes (anything with an sh:path)."""
    return set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(SH.path, None))


def components(graph: Graph, shape) -> set:
    """The constraint components a property shape uses, named as pySHACL reports them."""
    names = {
        SH.minCount: "MinCount", SH.maxCount: "MaxCount", SH.datatype: "Datatype", SH["class"]: "Class",
        SH.node: "Node", SH.nodeKind: "NodeKind", SH.pattern: "Pattern", SH.uniqueLang: "UniqueLang",
        SH["or"]: "Or", SH.hasValue: "HasValue", SH.sparql: "SPARQL",
    }
    return {URIRef(f"{SH}{names[p]}ConstraintComponent") for p in graph.predicates(shape) if p in names}


# --------------------------------------------------------------------------- golden cases


def test_shapes_load_in_pyshacl_without_inference(shapes):
    data = Graph().parse(CONTEXT, format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert conforms, f"the shared context of the cases must conform by itself:\n{text}"


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_case_reports_exactly_the_expected_results(case, shapes):
    expected = expected_results(case)
    found = results(case_graph(case), shapes)
    assert found == expected, (
        f"{case.relative_to(ROOT)}\nonly expected:\n{describe(expected - found)}\nonly found:\n{describe(found - expected)}"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_conforming_case_and_a_violation_case(kind):
    cases = sorted((CASES_DIR / kind).glob("*.ttl"))
    conforming = [c for c in cases if not expected_results(c)]
    violating = [c for c in cases if any(key[3] == SH.Violation for key in expected_results(c))]
    assert conforming, f"no conforming case for {kind}"
    assert violating, f"no case with a violation for {kind}"


def test_every_rule_of_every_shape_has_a_case_that_breaks_it(shapes):
    """Each (property shape, constraint component) of a targeted shape is shown failing by some case."""
    exercised = {(key[1], key[2]) for case in CASES for key in expected_results(case)}
    rules = {(ps, component) for ps in targeted_property_shapes(shapes) for component in components(shapes, ps)}
    missing = sorted(f"{ps.n3(shapes.namespace_manager)} {c.n3(shapes.namespace_manager)}" for ps, c in rules - exercised)
    assert not missing, "rules without a case:\n  " + "\n  ".join(missing)


def test_every_expected_result_names_a_rule_that_exists(shapes):
    rules = {(ps, c) for ps in targeted_property_shapes(shapes) for c in components(shapes, ps)}
    unknown = [
        f"{case.relative_to(CASES_DIR)}: {key[1]} {key[2]}"
        for case in CASES for key in expected_results(case) if (key[1], key[2]) not in rules
    ]
    assert not unknown, "\n".join(unknown)


# --------------------------------------------------------------------------- patterns


def shape_pattern(shapes: Graph, shape_name: str) -> str:
    return str(shapes.value(URIRef(CGSH + shape_name), SH.pattern))


@pytest.mark.parametrize("date", [
    "1897", "1897~", "1897?", "1897%", "1923-03", "1923-03-12", "1923-03-12?",
    "1950~/1955~", "1890/1900", "/1958", "../1958", "1897/", "1897/..", "18XX", "189X~", "18XX/1910",
])
def test_edtf_forms_the_mappings_produce_are_accepted(shapes, date):
    assert re.search(shape_pattern(shapes, "Productie.datering"), date)


@pytest.mark.parametrize("date", [
    "ca. 1890", "12/03/1923", "1923-3-12", "1923-13", "1923-00-01", "1923-02-32", "189", "19X5", "XXXX",
    "1897~~", "1897 ", "", "/", "../..", "../", "1890/1900/1910", "0001-01-01T00:00:00",
])
def test_dates_that_are_not_edtf_are_refused(shapes, date):
    assert not re.search(shape_pattern(shapes, "Productie.datering"), date)


@pytest.mark.parametrize("number, valid", [
    ("0207.451.227", True), ("0207451227", True), ("1002.345.678", True),
    ("207.451.227", False), ("207451227", False), ("BE 0207.451.227", False), ("BE0207451227", False),
    ("0207 451 227", False), ("0207.451.22", False), ("2207.451.227", False),
])
def test_kbo_numbers(shapes, number, valid):
    assert bool(re.search(shape_pattern(shapes, "KBONummer.notatie"), number)) is valid


# --------------------------------------------------------------------------- names, messages, labels


@pytest.mark.parametrize("predicate", [SH.name, SH.description, SH.message], ids=["name", "description", "message"])
def test_every_shape_speaks_dutch_and_english(shapes, predicate):
    lacking = []
    for shape in all_shapes(shapes):
        languages = {o.language for o in shapes.objects(shape, predicate) if isinstance(o, Literal)}
        if not {"nl", "en"} <= languages:
            lacking.append(f"{shape.n3(shapes.namespace_manager)} has {sorted(filter(None, languages))}")
    assert not lacking, f"shapes without {predicate.n3(shapes.namespace_manager)} in nl and en:\n  " + "\n  ".join(sorted(lacking))


def test_every_shape_has_a_name_that_is_not_a_blank_node(shapes):
    anonymous = [s for s in all_shapes(shapes) if isinstance(s, BNode)]
    assert not anonymous, "shapes must have IRIs so that reports and docs can name them"


def test_every_property_shape_says_its_severity(shapes):
    silent = [s for s in shapes.subjects(SH.path, None) if shapes.value(s, SH.severity) is None]
    assert not silent, "property shapes without sh:severity: " + ", ".join(sorted(map(str, silent)))


def terms_used_in_shapes(shapes: Graph) -> set:
    terms = set()
    for predicate in (SH.path, SH["class"], SH.targetClass, SH.datatype):
        terms |= {o for o in shapes.objects(None, predicate) if isinstance(o, URIRef)}
    return terms


def lacks_labels(ontology: Graph, term) -> bool:
    return not {"nl", "en"} <= {label.language for label in ontology.objects(term, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}


def test_every_term_used_in_the_shapes_has_dutch_and_english_labels(shapes, ontology):
    missing = sorted(t.n3(shapes.namespace_manager) for t in terms_used_in_shapes(shapes) if lacks_labels(ontology, t))
    assert not missing, "terms without rdfs:label in nl and en in ontologies/:\n  " + "\n  ".join(missing)


def model_terms() -> set:
    """Every prefixed name in docs/model.md, with the prefixes that file declares."""
    text = MODEL_DOC.read_text(encoding="utf-8")
    block = re.search(r"## Prefixes\s+```(.*?)```", text, re.S).group(1)
    prefixes = dict(re.findall(r"^(\w+):\s+(\S+)$", block, re.M))
    names = re.findall(r"(?<![\w/#.:-])(" + "|".join(prefixes) + r"):([A-Za-z][\w.-]*[\w])", text)
    return {URIRef(prefixes[p] + local) for p, local in names}


def test_every_term_of_the_data_model_has_dutch_and_english_labels(ontology):
    missing = sorted(str(t) for t in model_terms() if lacks_labels(ontology, t))
    assert not missing, "terms of docs/model.md without rdfs:label in nl and en in ontologies/:\n  " + "\n  ".join(missing)


def test_crm6_and_crm7_object_classes_are_declared_equivalent(ontology):
    crm = "http://www.cidoc-crm.org/cidoc-crm/"
    pair = {URIRef(crm + "E22_Man-Made_Object"), URIRef(crm + "E22_Human-Made_Object")}
    equivalent = URIRef("http://www.w3.org/2002/07/owl#equivalentClass")
    assert any({s, o} == pair for s, o in ontology.subject_objects(equivalent))


# --------------------------------------------------------------------------- docs/shapes.md

TABLE_HEADER = ["shape", "path", "constraint", "severity", "OSLO profile", "decision", "why"]
DECISIONS = {"kept", "tightened", "relaxed", "changed", "added", "dropped"}
CONSTRAINT_PREDICATES = ("minCount", "maxCount", "datatype", "class", "node", "nodeKind", "pattern", "uniqueLang", "or", "hasValue",
                         "sparql")
#: constraints whose value the tables describe in words: the regular expression, the SPARQL query
IN_WORDS = (SH.pattern, SH.sparql)


def doc_prefixes() -> dict:
    text = SHAPES_DOC.read_text(encoding="utf-8")
    block = re.search(r"## Prefixes\s+```(.*?)```", text, re.S).group(1)
    return dict(re.findall(r"^(\w+):\s+(\S+)$", block, re.M))


def doc_rows() -> list[dict]:
    """The rows of every table in docs/shapes.md with the decision-table header."""
    rows, columns = [], None
    for number, line in enumerate(SHAPES_DOC.read_text(encoding="utf-8").splitlines(), 1):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else None
        if cells is None:
            columns = None
        elif cells == TABLE_HEADER:
            columns = cells
        elif columns and not set(line) <= set("|-: "):
            assert len(cells) == len(columns), f"docs/shapes.md line {number}: {len(cells)} cells, expected {len(columns)}"
            rows.append(dict(zip(columns, cells), line=number))
    return rows


def expand(name: str, prefixes: dict):
    name = name.strip()
    if name in ("true", "false"):
        return Literal(name == "true")
    if re.fullmatch(r"-?\d+", name):
        return Literal(int(name))
    if name.startswith('"') and name.endswith('"'):
        return Literal(name[1:-1])
    prefix, _, local = name.partition(":")
    assert prefix in prefixes, f"unknown prefix in {name!r}; add it to the Prefixes block of docs/shapes.md"
    return URIRef(prefixes[prefix] + local)


def constraint_key(text: str, prefixes: dict) -> tuple:
    """`sh:minCount 1` -> (sh:minCount, 1); `sh:pattern` or `sh:sparql` -> (sh:pattern, None);
    `sh:or (sh:class a, sh:class b)` -> (sh:or, {{(sh:class, a)}, {(sh:class, b)}})."""
    predicate, _, value = text.partition(" ")
    predicate = expand(predicate, prefixes)
    if predicate in IN_WORDS:
        return predicate, None
    if predicate == SH["or"]:
        members = value.strip().removeprefix("(").removesuffix(")").split(",")
        return predicate, frozenset(frozenset([constraint_key(m.strip(), prefixes)]) for m in members)
    return predicate, expand(value, prefixes)


def graph_constraint_keys(graph: Graph, shape) -> set:
    keys = set()
    for name in CONSTRAINT_PREDICATES:
        predicate = SH[name]
        for value in graph.objects(shape, predicate):
            if predicate in IN_WORDS:
                keys.add((predicate, None))
            elif predicate == SH["or"]:
                keys.add((predicate, frozenset(
                    frozenset((p, o) for p, o in graph.predicate_objects(member)) for member in Collection(graph, value)
                )))
            else:
                keys.add((predicate, value))
    return keys


def node_shapes_for(graph: Graph, subject: URIRef) -> list:
    if (subject, RDF.type, SH.NodeShape) in graph:
        return [subject]
    return list(graph.subjects(SH.targetClass, subject))


def documented(graph: Graph, row: dict, prefixes: dict) -> list:
    """The shapes in `graph` that hold the row's constraint with the row's severity."""
    subject = expand(row["shape"], prefixes)
    key = constraint_key(row["constraint"], prefixes)
    found = []
    for node_shape in node_shapes_for(graph, subject):
        if row["path"] == "—":
            if key[0] not in IN_WORDS and (node_shape, key[0], key[1]) in graph:
                found.append(node_shape)
            continue
        path = expand(row["path"], prefixes)
        for shape in property_shapes(graph, node_shape):
            if (shape, SH.path, path) in graph and key in graph_constraint_keys(graph, shape):
                if row["severity"] == "—" or graph.value(shape, SH.severity) == SEVERITIES[row["severity"]]:
                    found.append(shape)
    return found


def test_the_decision_tables_are_well_formed():
    rows = doc_rows()
    assert len(rows) > 50, "docs/shapes.md lost its decision tables"
    for row in rows:
        assert row["decision"] in DECISIONS, f"line {row['line']}: decision {row['decision']!r}"
        if row["decision"] == "dropped":
            assert row["severity"] == "—", f"line {row['line']}: a dropped rule has no severity"
        else:
            assert row["severity"] in SEVERITIES or row["path"] == "—", f"line {row['line']}: severity {row['severity']!r}"


@pytest.mark.parametrize("row", doc_rows(), ids=lambda r: f"line{r['line']}-{r['decision']}")
def test_each_documented_decision_holds_in_the_shapes(row, shapes):
    holders = documented(shapes, row, doc_prefixes())
    where = f"docs/shapes.md line {row['line']}: {row['shape']} {row['path']} {row['constraint']} ({row['severity']})"
    if row["decision"] == "dropped":
        assert not holders, f"{where} is marked dropped but shapes/ still has it"
    else:
        assert holders, f"{where} is marked {row['decision']} but shapes/ does not have it"


def test_every_constraint_in_the_shapes_is_documented(shapes):
    prefixes = doc_prefixes()
    rows = [r for r in doc_rows() if r["decision"] != "dropped" and r["path"] != "—"]
    covered = {(s, k) for r in rows for s in documented(shapes, r, prefixes) for k in [constraint_key(r["constraint"], prefixes)]}
    missing = []
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        for shape in property_shapes(shapes, node_shape):
            for key in graph_constraint_keys(shapes, shape):
                if (shape, key) not in covered:
                    missing.append(f"{shape.n3(shapes.namespace_manager)} {key[0].n3(shapes.namespace_manager)} {key[1]}")
    assert not missing, "constraints without a row in docs/shapes.md:\n  " + "\n  ".join(sorted(missing))


@pytest.mark.parametrize("row", [r for r in doc_rows() if r["decision"] != "dropped" and r["path"] != "—"],
                         ids=lambda r: f"line{r['line']}-{r['decision']}")
def test_constraints_beyond_oslo_are_marked_for_the_profiles(row, shapes):
    """The profiles read what goes beyond OSLO from `cgsh:buitenOslo` on the shapes: it marks
    exactly the constraints docs/shapes.md calls tightened or added."""
    prefixes = doc_prefixes()
    parameter = constraint_key(row["constraint"], prefixes)[0]
    beyond = row["decision"] in ("tightened", "added")
    for shape in documented(shapes, row, prefixes):
        assert ((shape, BEYOND_OSLO, parameter) in shapes) == beyond, \
            f"docs/shapes.md line {row['line']} ({row['decision']}): {shape} cgsh:buitenOslo {parameter}"


def test_only_constraints_a_shape_has_are_marked_beyond_oslo(shapes):
    wrong = [(s, p) for s, p in shapes.subject_objects(BEYOND_OSLO) if not list(shapes.objects(s, p))]
    assert wrong == []
