"""`cultuurgraaf validate`: the report names the file, the row and the mapping rule of each error.

tests/cases/validation/planted/ holds a copy of the demo objects mapping over a small CSV with
three planted errors (a missing title, a date that is not EDTF, a keeper that is not in the
register) and register.ttl, the organisation and maker the other rows point to. Exit codes:
0 conforms, 1 violations, 3 unreadable data, mapping or shapes (the message says where).
"""

from __future__ import annotations

import json
import re
from contextlib import chdir
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SH

from cultuurgraaf.cli import main

ROOT = Path(__file__).resolve().parent.parent
PLANTED = ROOT / "tests" / "cases" / "validation" / "planted"
SHAPES = ROOT / "shapes"
CG = Namespace("https://data.cultuurgraaf.be/ns/cultuurgraaf#")
CSV = "tests/cases/validation/planted/objecten.csv"
MAPPING = "tests/cases/validation/planted/objecten.yml"

# (what, focus node, CSV line, mapping rule, line of the rule in the mapping file)
PLANTED_ERRORS = [
    ("missing title", "https://data.cultuurgraaf.be/id/erfgoedobject/2019.0043", 3, "erfgoedobject: crm:P102_has_title", 18),
    ("bad date", "https://data.cultuurgraaf.be/id/productie/2019.0044", 4, "productie: crm:P4_has_time-span", 77),
    ("unknown organisation", "https://data.cultuurgraaf.be/id/erfgoedobject/2019.0045", 5,
     "erfgoedobject: crm:P50_has_current_keeper", 33),
]


def run(*args: str):
    """The command line, run from the checkout's root (report paths are relative to it)."""
    with chdir(ROOT):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


def validate_planted(fmt: str, *extra: str):
    return run("validate", MAPPING, "tests/cases/validation/planted/register.ttl", "--shapes", "shapes",
               "--format", fmt, "--profile", "strikt", *extra)


@pytest.fixture(scope="module")
def reports() -> dict[str, str]:
    out = {}
    for fmt in ("text", "json", "html", "turtle", "sarif"):
        result = validate_planted(fmt)
        assert result.exit_code == 1, result.output
        out[fmt] = result.stdout
    return out


# --------------------------------------------------------------------------- the planted errors

def test_the_planted_source_breaks_exactly_three_rules(reports):
    body = json.loads(reports["json"])
    assert body["conforms"] is False
    assert body["counts"]["Violation"] == 3


@pytest.mark.parametrize("what, focus, line, rule, rule_line", PLANTED_ERRORS, ids=[e[0] for e in PLANTED_ERRORS])
def test_text_report_names_file_row_and_rule(reports, what, focus, line, rule, rule_line):
    text = reports["text"]
    block = text[text.index(f"- {focus}"):]
    origin = block.splitlines()[1]
    assert origin.strip() == f"from {CSV} line {line}, rule '{rule}' in {MAPPING} (line {rule_line})"


@pytest.mark.parametrize("what, focus, line, rule, rule_line", PLANTED_ERRORS, ids=[e[0] for e in PLANTED_ERRORS])
def test_json_report_names_file_row_and_rule(reports, what, focus, line, rule, rule_line):
    results = [r for g in json.loads(reports["json"])["groups"] for r in g["results"] if r["focus"] == focus]
    violations = [r for r in results if r["severity"] == "Violation"]
    assert len(violations) == 1
    assert violations[0]["origins"] == [{"source_file": CSV, "record": f"line {line}", "rule": rule,
                                         "mapping_file": MAPPING, "mapping_line": rule_line}]


@pytest.mark.parametrize("what, focus, line, rule, rule_line", PLANTED_ERRORS, ids=[e[0] for e in PLANTED_ERRORS])
def test_html_report_names_file_row_and_rule(reports, what, focus, line, rule, rule_line):
    html = reports["html"]
    results = [r for g in json.loads(reports["json"])["groups"] for r in g["results"]
               if r["focus"] == focus and r["severity"] == "Violation"]
    row = re.search(rf'<tr id="{results[0]["id"]}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert f"<code>{CSV}</code> line {line}</td>" in row
    assert focus in row and rule in row and f"{MAPPING}:{rule_line}" in row


def test_html_report_is_dutch_first_with_english(reports):
    html = reports["html"]
    assert '<html lang="nl">' in html
    assert "Het object moet minstens één titel hebben" in html and "The object must have at least one title" in html
    assert html.index("Het object moet minstens één titel hebben") < html.index("The object must have at least one title")
    assert "beheerder" in html and "current keeper" in html  # field names from ontologies/, not IRIs only


def test_html_report_counts_per_rule(reports):
    section = reports["html"][reports["html"].index("Per mapping rule"):reports["html"].index("Per source")]
    for _what, _focus, _line, rule, _rule_line in PLANTED_ERRORS:
        assert re.search(re.escape(rule) + r"</td><td><span class=\"badge Violation\">.*?</span></td><td class=\"num\">1</td>", section)


def test_turtle_report_is_a_shacl_report_with_origins(reports):
    graph = Graph().parse(data=reports["turtle"], format="turtle")
    report = graph.value(None, RDF.type, SH.ValidationReport) or next(graph.subjects(RDF.type, SH.ValidationReport))
    assert graph.value(report, SH.conforms) == Literal(False)
    rules = {str(r) for r in graph.objects(None, CG.rule)}
    assert {e[3] for e in PLANTED_ERRORS} <= rules
    records = {str(r) for r in graph.objects(None, CG.record)}
    assert {f"line {e[2]}" for e in PLANTED_ERRORS} <= records


# --------------------------------------------------------------------------- SARIF 2.1.0

def check_sarif(log: dict) -> list[str]:
    """The properties SARIF 2.1.0 requires (sarif-v2.1.0 §3.13, 3.14, 3.18, 3.19, 3.27, 3.28, 3.29, 3.30, 3.49)."""
    problems = []
    if log.get("version") != "2.1.0":
        problems.append("sarifLog.version must be '2.1.0'")
    if not isinstance(log.get("runs"), list):
        problems.append("sarifLog.runs must be an array")
    for r, run_ in enumerate(log.get("runs", [])):
        driver = run_.get("tool", {}).get("driver")
        if not isinstance(driver, dict) or not isinstance(driver.get("name"), str) or not driver["name"]:
            problems.append(f"runs[{r}].tool.driver.name is required")
        rules = driver.get("rules", []) if isinstance(driver, dict) else []
        ids = [rule.get("id") for rule in rules]
        if not all(isinstance(i, str) and i for i in ids):
            problems.append(f"runs[{r}].tool.driver.rules[].id is required")
        for i, result in enumerate(run_.get("results", [])):
            where = f"runs[{r}].results[{i}]"
            message = result.get("message")
            if not isinstance(message, dict) or not (message.get("text") or message.get("id")):
                problems.append(f"{where}.message needs text or id")
            if result.get("level", "warning") not in ("none", "note", "warning", "error"):
                problems.append(f"{where}.level {result['level']!r}")
            if "ruleIndex" in result and not (0 <= result["ruleIndex"] < len(rules) and ids[result["ruleIndex"]] == result.get("ruleId")):
                problems.append(f"{where}.ruleIndex does not point at its ruleId")
            for kind in ("locations", "relatedLocations"):
                for j, location in enumerate(result.get(kind, [])):
                    physical = location.get("physicalLocation")
                    if physical is not None:
                        if "artifactLocation" not in physical and "address" not in physical:
                            problems.append(f"{where}.{kind}[{j}].physicalLocation needs artifactLocation or address")
                        uri = physical.get("artifactLocation", {}).get("uri")
                        if not isinstance(uri, str):
                            problems.append(f"{where}.{kind}[{j}] artifactLocation.uri must be a string")
                        start = physical.get("region", {}).get("startLine", 1)
                        if not isinstance(start, int) or start < 1:
                            problems.append(f"{where}.{kind}[{j}] region.startLine must be >= 1")
                    if "id" in location and (not isinstance(location["id"], int) or location["id"] < -1):
                        problems.append(f"{where}.{kind}[{j}].id must be an integer >= -1")
    return problems


def test_sarif_has_the_required_structure(reports):
    assert check_sarif(json.loads(reports["sarif"])) == []


def test_sarif_check_catches_a_broken_log():
    assert check_sarif({"version": "2.0", "runs": [{"tool": {"driver": {}}, "results": [{"level": "fatal"}]}]}) == [
        "sarifLog.version must be '2.1.0'", "runs[0].tool.driver.name is required",
        "runs[0].results[0].message needs text or id", "runs[0].results[0].level 'fatal'"]


@pytest.mark.parametrize("what, focus, line, rule, rule_line", PLANTED_ERRORS, ids=[e[0] for e in PLANTED_ERRORS])
def test_sarif_points_at_the_csv_line_and_the_mapping_rule(reports, what, focus, line, rule, rule_line):
    results = json.loads(reports["sarif"])["runs"][0]["results"]
    result = next(r for r in results if r["properties"]["focusNode"] == focus and r["level"] == "error")
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == CSV and location["region"]["startLine"] == line
    related = result["relatedLocations"][0]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == MAPPING
    assert related["physicalLocation"]["region"]["startLine"] == rule_line
    assert rule in related["message"]["text"]


# --------------------------------------------------------------------------- engines, escaping

def test_pyshacl_engine_gives_the_same_report():
    fast = json.loads(validate_planted("json").stdout)
    reference = json.loads(validate_planted("json", "--engine", "pyshacl").stdout)
    assert reference["engine"] == "pyshacl" and fast["engine"] == "fast"
    assert fast["groups"] == reference["groups"]


def test_untrusted_text_is_escaped_in_html(tmp_path):
    data = tmp_path / "script.ttl"
    data.write_text(
        '@prefix crm: <http://www.cidoc-crm.org/cidoc-crm/> .\n'
        '<https://data.cultuurgraaf.be/id/productie/X> a crm:E12_Production ;\n'
        '  crm:P4_has_time-span "<script>alert(1)</script>"^^<http://id.loc.gov/datatypes/edtf/EDTF> .\n',
        encoding="utf-8")
    result = run("validate", str(data), "--shapes", str(SHAPES), "--format", "html", "--profile", "strikt")
    assert result.exit_code == 1
    assert "<script>alert(1)</script>" not in result.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.stdout


def test_conforming_data_exits_0(tmp_path):
    result = run("validate", "tests/cases/shapes/context.ttl", "--shapes", "shapes")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Conforms.")


def test_report_written_to_a_file(tmp_path):
    out = tmp_path / "report.html"
    result = validate_planted("html", "-o", str(out))
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "3 violations" in result.stderr


# --------------------------------------------------------------------------- unreadable input: exit 3

BAD_SHAPES = {
    "does not parse": ("@prefix sh: <http://www.w3.org/ns/shacl#> .\n\n<http://ex.org/S> a sh:NodeShape ;\n"
                       "    sh:targetClass <http://ex.org/C> \n    sh:property [ sh:path <http://ex.org/p> ] .\n",
                       r"bad\.ttl, line \d+: the shapes file does not parse"),
    "count that is not a number": (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://ex.org/> .\n\n"
        "ex:S a sh:NodeShape ;\n    sh:targetClass ex:C ;\n    sh:property ex:S.p .\n\n"
        "ex:S.p a sh:PropertyShape ;\n    sh:path ex:p ;\n    sh:minCount \"one\" .\n",
        r"bad\.ttl, line 10, rule 'ex:S\.p': sh:minCount must be a non-negative integer"),
    "class that is a literal": (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://ex.org/> .\n\n"
        "ex:S a sh:NodeShape ;\n    sh:targetClass ex:C ;\n    sh:property [\n        sh:path ex:p ;\n"
        "        sh:class \"ex:Organisation\" ] .\n",
        r"bad\.ttl, line 8, rule 'a blank-node shape on path ex:p inside ex:S': sh:class must be an IRI"),
    "node that names no shape": (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://ex.org/> .\n\n"
        "ex:S a sh:NodeShape ;\n    sh:targetClass ex:C ;\n    sh:node ex:Missing .\n",
        r"bad\.ttl, line 6, rule 'ex:S': sh:node names ex:Missing, which is not a shape"),
    "pattern that is not a regular expression": (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://ex.org/> .\n\n"
        "ex:S a sh:NodeShape ;\n    sh:targetClass ex:C ;\n    sh:property ex:S.p .\n"
        "ex:S.p sh:path ex:p ;\n    sh:pattern \"([0-9]\" .\n",
        r"bad\.ttl, line 8, rule 'ex:S\.p': sh:pattern is not a regular expression"),
    "no shapes at all": ("<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n", r"bad\.ttl: the file holds no SHACL shapes"),
}


@pytest.mark.parametrize("case", sorted(BAD_SHAPES))
def test_bad_shapes_exit_3_naming_file_line_and_shape(tmp_path, case):
    text, expected = BAD_SHAPES[case]
    (tmp_path / "bad.ttl").write_text(text, encoding="utf-8")
    result = run("validate", "tests/cases/shapes/context.ttl", "--shapes", str(tmp_path / "bad.ttl"))
    assert result.exit_code == 3, result.output
    assert re.search(expected, result.stderr), result.stderr


def test_unparseable_rdf_exits_3_naming_file_and_line(tmp_path):
    data = tmp_path / "broken.ttl"
    data.write_text("<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n<http://ex.org/a> <http://ex.org/b> \"open .\n",
                    encoding="utf-8")
    result = run("validate", str(data), "--shapes", "shapes")
    assert result.exit_code == 3
    assert re.search(r"broken\.ttl, line 2: the RDF does not parse", result.stderr), result.stderr


def test_a_file_that_is_neither_rdf_nor_a_mapping_exits_3(tmp_path):
    data = tmp_path / "objecten.csv"
    data.write_text("id\n1\n", encoding="utf-8")
    result = run("validate", str(data), "--shapes", "shapes")
    assert result.exit_code == 3
    assert f"{data}, line 1: this file is neither a mapping" in result.stderr


def test_mapping_with_errors_exits_3_naming_the_mapping_and_rule(tmp_path):
    (tmp_path / "objecten.csv").write_text((PLANTED / "objecten.csv").read_text(encoding="utf-8"), encoding="utf-8")
    mapping = (PLANTED / "objecten.yml").read_text(encoding="utf-8").replace("$(titel_en)", "$(titel_engels)")
    (tmp_path / "objecten.yml").write_text(mapping, encoding="utf-8")
    result = run("validate", str(tmp_path / "objecten.yml"), "--shapes", "shapes")
    assert result.exit_code == 3
    assert "objecten.yml" in result.stderr and "titel_engels" in result.stderr
    assert re.search(r"line \d+", result.stderr), result.stderr


def test_missing_data_file_exits_3():
    result = run("validate", "nowhere.ttl", "--shapes", "shapes")
    assert result.exit_code == 3
    assert "nowhere.ttl: the input does not exist" in result.stderr


@pytest.mark.parametrize("syntax, suffix", [("nt", ".nt"), ("nquads", ".nq"), ("trig", ".trig"), ("xml", ".rdf"),
                                            ("json-ld", ".jsonld"), ("n3", ".n3")])
def test_rdf_in_any_common_syntax_gives_the_same_report(tmp_path, syntax, suffix):
    turtle = tmp_path / "data.ttl"
    graph = Graph().parse(ROOT / "tests" / "cases" / "shapes" / "context.ttl")
    graph.parse(ROOT / "tests" / "cases" / "shapes" / "erfgoedobject" / "zonder-titel.ttl")
    graph.serialize(turtle, format="turtle")
    other = tmp_path / f"data{suffix}"
    if syntax in ("nquads", "trig"):
        from rdflib import Dataset, URIRef

        dataset = Dataset()
        named = dataset.graph(URIRef("https://data.cultuurgraaf.be/graph/test"))
        for triple in graph:
            named.add(triple)
        dataset.serialize(other, format=syntax)
    else:
        graph.serialize(other, format=syntax)
    expected = json.loads(run("validate", str(turtle), "--shapes", "shapes", "--format", "json", "--profile", "strikt").stdout)
    result = run("validate", str(other), "--shapes", "shapes", "--format", "json", "--profile", "strikt")
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)
    assert found["counts"] == expected["counts"] and found["counts"]["Violation"] == 1
    assert [g["shape"] for g in found["groups"]] == [g["shape"] for g in expected["groups"]]


@pytest.mark.parametrize("item", [
    {"id": "r-1", "message": {"nl": "geen \"titel\"\n", "en": "tab\there, é, \u2028, \x00, \x7f"}, "origins": [
        {"source_file": "a.csv", "mapping_line": 12, "read": [{"reference": "x", "values": []}]}], "tags": {}},
    {"count": 3, "share": 0.8333, "big": 1e100, "none": None, "yes": True, "no": False, "pair": ("a", 1)},
    {1: "a key that is a number", None: [[[]], [{}]], "huge": 2 ** 70, "lone": "\ud800"},
    [[1, [2, [3, {"deep": ["er"]}]]], "", 0, -7, True],
    "just a string", 42, None,
], ids=["result", "numbers", "unusual", "nested", "string", "number", "null"])
def test_a_report_s_json_written_piece_by_piece_is_json_s_own(item):
    # the JSON reports are written an entry at a time (validation/json_stream.py): byte for byte as json writes them
    from io import StringIO

    from cultuurgraaf.validation import json_stream

    value = {"counts": {"Warning": 2}, "groups": [{"results": iter([item, item])}], "rows": iter([item])}
    out = StringIO()
    json_stream.write(out, value)
    expected = {"counts": {"Warning": 2}, "groups": [{"results": [item, item]}], "rows": [item]}
    assert out.getvalue() == json.dumps(expected, indent=2, ensure_ascii=False)


def test_a_number_that_is_not_json_is_written_as_null_in_a_report_entry():
    # NaN and the infinities have no JSON form (json writes NaN, which JSON readers refuse)
    from io import StringIO

    from cultuurgraaf.validation import json_stream

    out = StringIO()
    json_stream.write(out, {"rows": iter([{"share": float("nan"), "more": float("inf"), "less": 1e-7}])})
    assert json.loads(out.getvalue()) == {"rows": [{"share": None, "more": None, "less": 1e-7}]}
