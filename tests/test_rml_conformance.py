"""The official RML test cases, run from their metadata, every case, with the known failures listed.

Suites (in ../shared/conformance/rml, see its README):

- ``rml-core``: the W3C KG-Construct RML-Core cases (JSON), all 76.
- ``rml-core-2025-02``: the February 2025 snapshot of the same suite, its CSV, JSON and XML cases.
- ``rml-io``: the RML-IO source cases (``RMLSTC*``).
- ``rml-core-2025-02-sparql``: the snapshot's SPARQL cases, whose sources are SPARQL endpoints
  (``sd:Service``). Each runs against a real SPARQL server: Oxigraph's own (``oxigraph serve-read-only``)
  on 127.0.0.1, loaded with the case's ``resource.ttl`` (``resource1.ttl`` for ``/ds1/``, ...). The
  mapping names its endpoint ``http://HOST:PORT/ds1/sparql``; this harness reads the mapping as it is
  and then points that endpoint at the local server (the mapping file is not changed).

rml-io's RMLSTC0006a describes its source as a database (``d2rq:Database``) whose DSN is the
placeholder ``$CONNECTIONDSN``, and ships the table as ``Friends.csv``. As the suites' README asks of
database cases, this harness loads that data into a local database and rewrites the connection
details: a SQLite file (the database cultuurgraaf reads) with one table per CSV file of the case,
its columns of SQLite's NUMERIC affinity (numbers stored as numbers, as a typed table holds them),
and a copy of the mapping beside it with ``jdbc:sqlite:`` in place of the placeholder.

A case passes when the engine stops with an error where the metadata says ``error=true``, and
otherwise when its output is isomorphic to the expected N-Quads (same named graphs, blank nodes
matched by structure, literals compared exactly). Each known failure below says why it fails;
a known failure that starts passing fails its test (strict xfail), so the list stays honest.

Run ``python tests/test_rml_conformance.py`` for the table of pass counts per suite.
"""

from __future__ import annotations

import csv
import os
import re
import sqlite3
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import Namespace
from rdflib.namespace import DCTERMS

from cultuurgraaf.errors import CultuurgraafError
from cultuurgraaf.mapping import execute, load_mapping
from cultuurgraaf.mapping.model import Mapping
from cultuurgraaf.sources import LogicalSource

from support.graphs import nquads_difference
from support.manifests import read_manifest
from support.oxigraph_server import oxigraph_command, oxigraph_endpoint
from support.paths import SHARED

RML_SUITES = SHARED / "conformance" / "rml"
#: The RML suites' own terms in their manifests (test:hasError, test:mappingDocument, test:output).
TEST = Namespace("http://w3id.org/rml/test/")


@dataclass(frozen=True)
class Suite:
    name: str
    folder: str
    base_iri: str

    def keeps(self, case_id: str) -> bool:
        if self.name == "rml-core-2025-02":
            return case_id.rsplit("-", 1)[-1] in ("CSV", "JSON", "XML")
        if self.name == "rml-core-2025-02-sparql":
            return case_id.endswith("-SPARQL")
        if self.name == "rml-io":
            return case_id.startswith("RMLSTC")
        return True

    @property
    def needs_endpoints(self) -> bool:
        return self.name.endswith("-sparql")


SUITES = [
    Suite("rml-core", "rml-core/test-cases", "http://example.com/"),
    Suite("rml-core-2025-02", "rml-core-allformats-2025-02/test-cases", "http://example.com/base/"),
    Suite("rml-io", "rml-io/test-cases", "http://example.com/"),
    Suite("rml-core-2025-02-sparql", "rml-core-allformats-2025-02/test-cases", "http://example.com/base/"),
]

_JSON_NUMBERS = ("the 2025-02 snapshot writes JSON numbers as plain strings (\"10\"); current RML-Core gives "
                 "them their natural datatype (\"10\"^^xsd:integer), as the primary suite's own copy of this "
                 "case and RMLTC0025a/0026a require; output differs in that typing only")
_JSON_DOT_BRACKET = ("the snapshot's template reads {$.['Country Code']}, which is not JSONPath (RFC 9535 has "
                     "$['Country Code']); the current suite fixed it, and cultuurgraaf stops with the parser's "
                     "message")

_PATH_IS_A_SERVICE = ("the snapshot's mapping writes rml:source [ a rml:RelativePathSource; rml:path <#InputSPARQL> ], "
                      "a path that is the IRI of the sd:Service; RML-IO's rml:path is a string, so cultuurgraaf "
                      "stops and says to name the service as rml:source itself (the snapshot's other SPARQL cases "
                      "do, and pass)")

#: suite/case -> why it fails. Each reason is about the case, not about luck.
KNOWN_FAILURES: dict[str, str] = {
    **{f"rml-core-2025-02/{case}-JSON": _JSON_NUMBERS for case in (
        "RMLTC0002a", "RMLTC0007c", "RMLTC0007d", "RMLTC0007e", "RMLTC0007f", "RMLTC0008a", "RMLTC0008b",
        "RMLTC0011b", "RMLTC0012a")},
    **{f"rml-core-2025-02/{case}-JSON": _JSON_DOT_BRACKET for case in ("RMLTC0010a", "RMLTC0010b", "RMLTC0010c")},
    "rml-core-2025-02/RMLTC0024f-CSV": "the template \"{N\\\\\\ame}\" holds '\\a', which is not a Turtle escape; "
                                       "the snapshot expects it kept as written, while the current suite "
                                       "(RMLTC0023e) expects an error for the same template, which is what "
                                       "cultuurgraaf gives",
    "rml-io/RMLSTC0003": "a SPARQL query over an N-Triples file, read as SPARQL CSV results: cultuurgraaf runs it "
                         "and makes every expected triple, but the expected output types the plain literal "
                         "\"33\" of Friends.nt as xsd:integer, which neither the file nor CSV results (which keep "
                         "no datatypes) give; the case's earlier upstream revision expected the plain \"33\"",
    "rml-io/RMLSTC0009a": "upstream contradicts itself: marked error=true, yet it ships the output of a correct "
                          "run; a quoted CSV header (\"id\",\"name\",\"age\") is valid CSV (RFC 4180, and the "
                          "RML-IO registry's CSV formulation has no rule against quoting), so cultuurgraaf maps it "
                          "and produces exactly that output. The error flag dates from an earlier revision whose "
                          "mapping declared a csvw:Table with a ';' delimiter",
    **{f"rml-core-2025-02-sparql/{case}-SPARQL": _PATH_IS_A_SERVICE for case in (
        "RMLTC0004a", "RMLTC0006a", "RMLTC0008b", "RMLTC0008c", "RMLTC0009a", "RMLTC0009b", "RMLTC0012b",
        "RMLTC0021a")},
}


@dataclass(frozen=True)
class Case:
    suite: Suite
    id: str
    folder: Path
    mapping: str
    expected: str | None
    error: bool

    @property
    def key(self) -> str:
        return f"{self.suite.name}/{self.id}"


def cases(suite: Suite) -> list[Case]:
    """The suite's cases, from its manifest: identifier, mapping document, expected error or output
    (a case the harness runs has one output file; the target cases, which have several, are not run)."""
    folder = RML_SUITES / suite.folder
    if not (folder / "manifest.ttl").is_file() or (suite.needs_endpoints and oxigraph_command() is None):
        return []
    found = []
    for entry in read_manifest(folder / "manifest.ttl"):
        case_id = str(entry.value(DCTERMS.identifier))
        if not suite.keeps(case_id):
            continue
        error = str(entry.value(TEST.hasError)).lower() == "true"
        outputs = [str(entry.value(TEST.output, output)) for output in entry.values(TEST.output)]
        found.append(Case(suite, case_id, folder / case_id, str(entry.value(TEST.mappingDocument) or "mapping.ttl"),
                          outputs[0] if len(outputs) == 1 and not error else None, error))
    return sorted(found, key=lambda c: c.id)


@dataclass(frozen=True)
class Outcome:
    passed: bool
    detail: str


@contextmanager
def working_directory(path: Path):
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def endpoint_data(case: Case, endpoint: str) -> Path:
    """The file a case's endpoint serves: ``resource2.ttl`` for ``http://HOST:PORT/ds2/sparql``, or the
    case's one ``resource.ttl``."""
    number = re.search(r"/ds(\d+)/", endpoint)
    numbered = case.folder / f"resource{number.group(1)}.ttl" if number else None
    return numbered if numbered is not None and numbered.is_file() else case.folder / "resource.ttl"


@contextmanager
def served(case: Case, mapping: Mapping):
    """The mapping with each SPARQL endpoint it names pointed at a real Oxigraph server on 127.0.0.1
    that holds the case's data for that endpoint; the servers stop afterwards."""
    endpoints = sorted({tm.source.endpoint for tm in mapping.triples_maps if tm.source.endpoint})
    with ExitStack() as stack:
        local = {e: stack.enter_context(oxigraph_endpoint(endpoint_data(case, e))) for e in endpoints}

        def moved(source: LogicalSource) -> LogicalSource:
            return replace(source, endpoint=local[source.endpoint]) if source.endpoint else source
        yield replace(mapping, triples_maps=tuple(replace(tm, source=moved(tm.source)) for tm in mapping.triples_maps))


DSN_PLACEHOLDER = "$CONNECTIONDSN"


@contextmanager
def with_database(case: Case):
    """The case's mapping, or, where it names a database by the DSN placeholder, a copy of it that
    names a SQLite file holding the case's CSV files as tables (see the module docstring)."""
    mapping = case.folder / case.mapping
    text = mapping.read_text(encoding="utf-8")
    if DSN_PLACEHOLDER not in text:
        yield mapping
        return
    with tempfile.TemporaryDirectory(prefix="cg-rml-db-") as folder:
        with sqlite3.connect(Path(folder) / "case.db") as connection:
            for table in sorted(case.folder.glob("*.csv")):
                with open(table, newline="", encoding="utf-8") as handle:
                    header, *rows = list(csv.reader(handle))
                columns = ", ".join(f'"{c}" NUMERIC' for c in header)
                connection.execute(f'CREATE TABLE "{table.stem}" ({columns})')
                connection.executemany(f'INSERT INTO "{table.stem}" VALUES ({", ".join("?" * len(header))})', rows)
        connection.close()
        copy = Path(folder) / case.mapping
        copy.write_text(text.replace(DSN_PLACEHOLDER, "jdbc:sqlite:case.db"), encoding="utf-8")
        yield copy


@lru_cache(maxsize=None)
def run_case(case: Case) -> Outcome:
    with working_directory(case.folder), with_database(case) as mapping_file:
        try:
            mapping = load_mapping(mapping_file)
            with served(case, mapping) as mapping:
                output = "".join(execute(mapping, base_iri=case.suite.base_iri).quads())
        except CultuurgraafError as exc:
            if case.error:
                return Outcome(True, f"stopped as expected: {exc}")
            return Outcome(False, f"stopped with an error: {exc}")
    if case.error:
        return Outcome(False, "made a graph where an error is expected")
    if case.expected is None:
        return Outcome(False, "the metadata names no expected output")
    expected = (case.folder / case.expected).read_text(encoding="utf-8")
    difference = nquads_difference(expected, output)
    return Outcome(difference is None, difference or "isomorphic")


ALL_CASES = [case for suite in SUITES for case in cases(suite)]


def _param(case: Case):
    marks = []
    if case.key in KNOWN_FAILURES:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[case.key]))
    return pytest.param(case, id=case.key, marks=marks)


@pytest.mark.skipif(not RML_SUITES.is_dir(), reason=f"{RML_SUITES} is absent: the shared conformance suites "
                                                      "live beside the project")
@pytest.mark.parametrize("case", [_param(c) for c in ALL_CASES])
def test_case(case: Case):
    outcome = run_case(case)
    assert outcome.passed, f"{case.key}: {outcome.detail}"


@pytest.mark.skipif(not RML_SUITES.is_dir(), reason=f"{RML_SUITES} is absent")
def test_the_sparql_cases_have_a_server():
    """The SPARQL cases need Oxigraph's server (``pip install oxigraph``); without it they are not run,
    and this test says so instead of passing silently."""
    if oxigraph_command() is None:
        pytest.skip("the oxigraph command is not installed: the snapshot's SPARQL cases were not run")
    assert cases(SUITES[3]), "the snapshot's SPARQL cases were not found"


def summary() -> list[str]:
    lines = [f"{'suite':<24} {'cases':>5} {'passed':>6} {'known failures':>14}"]
    for suite in SUITES:
        suite_cases = cases(suite)
        passed = sum(run_case(c).passed for c in suite_cases)
        known = sum(c.key in KNOWN_FAILURES for c in suite_cases)
        lines.append(f"{suite.name:<24} {len(suite_cases):>5} {passed:>6} {known:>14}")
    lines.append("known failures:")
    ran = {c.key for c in ALL_CASES}
    lines += [f"  {key}: {reason}" for key, reason in KNOWN_FAILURES.items() if key in ran]
    return lines


@pytest.mark.skipif(not RML_SUITES.is_dir(), reason=f"{RML_SUITES} is absent")
def test_suite_counts(summary_lines):
    """The pass counts per suite, printed at the end of the run; every failure is a known one and every
    known one fails."""
    summary_lines += ["RML conformance", *summary()]
    failing = {c.key for c in ALL_CASES if not run_case(c).passed}
    known = set(KNOWN_FAILURES) & {c.key for c in ALL_CASES}
    assert failing == known, {
        "failing but not listed": sorted(failing - known),
        "listed but passing (take them off KNOWN_FAILURES)": sorted(known - failing),
    }


if __name__ == "__main__":
    verbose = "-v" in sys.argv
    for case in ALL_CASES:
        outcome = run_case(case)
        if not outcome.passed or verbose:
            print(f"{'PASS' if outcome.passed else 'FAIL'} {case.key}: {outcome.detail}")
    print("\n".join(summary()))
