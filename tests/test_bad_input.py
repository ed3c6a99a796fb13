"""The catalogue of bad inputs: each gets a clear error that names the place, no traceback, the store as it was.

Every row is one bad input, written as data: what is broken in a copy of a built project, the
command that meets it, and a pattern the error must match (the place: file, line or record, the
setting or argument, and what is wrong). One runner per kind (command line, HTTP) judges each row:

- a **clear error**: the documented exit code (3, or 1 for a query that fails, 2 for what click
  itself refuses) or a 4xx; the message matches the row's place; it is at most MAX_MESSAGE
  characters (it quotes the input only in bounded excerpts);
- **no traceback**: no exception escapes the command, and no 5xx comes back;
- **no state lost**: the store's current generation, its manifest and its quads are as they were;
  on HTTP, the server still answers a query afterwards.

The run prints ``bad-input catalogue: N cases / N clear errors / 0 tracebacks / 0 state lost``
(tests/conftest.py). To add a case, add a row.
"""

from __future__ import annotations

import gzip
import re
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from cultuurgraaf.cli import main
from cultuurgraaf.store import open_store
from support.hostile import LAUGHS_RDF, LAUGHS_XML, YAML_BOMB
from support.paths import ROOT
from support.projects import demo_copy

MAX_MESSAGE = 3000

Change = Callable[[Path], None]


# what a row does to its copy of the project -----------------------------------------------------
def write(relative: str, text: str | bytes) -> Change:
    def change(folder: Path) -> None:
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return change


def edit(relative: str, function: Callable[[str], str]) -> Change:
    def change(folder: Path) -> None:
        path = folder / relative
        path.write_text(function(path.read_text(encoding="utf-8")), encoding="utf-8")
    return change


def replace(relative: str, old: str, new: str, count: int = -1) -> Change:
    return edit(relative, lambda text: text.replace(old, new, count))


def replace_bytes(relative: str, old: bytes, new: bytes) -> Change:
    def change(folder: Path) -> None:
        path = folder / relative
        path.write_bytes(path.read_bytes().replace(old, new, 1))
    return change


def lines(relative: str, keep: slice) -> Change:
    return edit(relative, lambda text: "".join(text.splitlines(keepends=True)[keep]))


def insert_line(relative: str, number: int, line: str) -> Change:
    def insert(text: str) -> str:
        rows = text.splitlines(keepends=True)
        return "".join(rows[:number - 1] + [line + "\n"] + rows[number - 1:])
    return edit(relative, insert)


def setting(table: str, line: str) -> Change:
    """Put a line in a table of the project file (the table added at the end when it is not there)."""
    def add(text: str) -> str:
        header = f"[{table}]\n"
        return text.replace(header, header + line + "\n", 1) if header in text else text + f"\n{header}{line}\n"
    return edit("cultuurgraaf.toml", add)


def source_setting(name: str, line: str) -> Change:
    return replace("cultuurgraaf.toml", f'name = "{name}"\n', f'name = "{name}"\n{line}\n')


def folder_at(relative: str) -> Change:
    def change(folder: Path) -> None:
        path = folder / relative
        path.unlink(missing_ok=True)
        path.mkdir()
    return change


def symlink_loop(relative: str) -> Change:
    def change(folder: Path) -> None:
        path = folder / relative
        path.unlink(missing_ok=True)
        path.symlink_to(path.with_name("loop-b"))
        path.with_name("loop-b").symlink_to(path)
    return change


def named_pipe(relative: str) -> Change:
    def change(folder: Path) -> None:
        path = folder / relative
        path.unlink(missing_ok=True)
        os.mkfifo(path)
    return change


def gzipped(relative: str, cut: int | None = None, garbage: bool = False) -> Change:
    """The input gzipped (cut after ``cut`` bytes, or replaced by bytes that are not gzip) and the
    project pointed at it."""
    def change(folder: Path) -> None:
        path = folder / relative
        data = b"not gzip at all" if garbage else gzip.compress(path.read_bytes())[:cut]
        path.with_name(path.name + ".gz").write_bytes(data)
        replace("cultuurgraaf.toml", f'"{relative}"', f'"{relative}.gz"')(folder)
    return change


def remove(relative: str) -> Change:
    def change(folder: Path) -> None:
        path = folder / relative
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return change


def both(*changes: Change) -> Change:
    def change(folder: Path) -> None:
        for each in changes:
            each(folder)
    return change


def unchanged(folder: Path) -> None:
    """Nothing broken in the project: the bad input is in the command."""


SHAPES = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
SPARQL_SHAPE = SHAPES + 'ex:S a sh:NodeShape ; sh:targetClass ex:C ;\n  sh:sparql [ sh:select "{query}" ] .\n'
TURTLE = "@prefix ex: <http://example.org/> .\nex:a ex:p ex:b .\n"
PERSONS = "data/personen.csv"


# the rows -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    """One bad input on the command line: ``command`` runs in a copy of the built project after
    ``change``; ``{p}`` in it is that copy's folder. The message must match ``place``."""

    name: str
    area: str
    change: Change
    command: tuple[str, ...]
    place: str
    code: int = 3
    env: dict = field(default_factory=dict)


def build_case(name: str, area: str, change: Change, place: str, **options) -> Case:
    return Case(name, area, change, ("build", "{p}", "-q"), place, **options)


def shapes_case(name: str, shapes: str, place: str) -> Case:
    return Case(name, "shapes", both(write("x.ttl", TURTLE), write("bad.ttl", shapes)),
                ("validate", "{p}/x.ttl", "--shapes", "{p}/bad.ttl"), place)


CLI_CASES = [
    # extracts
    build_case("csv-only-its-header", "extract", lines(PERSONS, slice(0, 1)),
               r"personen\.csv: the source yielded no records, against 60 in its last build"),
    build_case("csv-far-fewer-records", "extract", lines(PERSONS, slice(0, 20)),
               r"personen\.csv: the source yielded far fewer records .*'persoon': 19 records, against 60"),
    build_case("json-document-that-is-42", "extract", write("data/activiteiten.json", "42\n"),
               r"activiteiten\.json: the source yielded no records.*\$\.rootObject\[\*\]\.event"),
    build_case("xml-root-element-renamed", "extract",
               both(replace("data/organisaties.xml", "<organisaties ", "<export "),
                    replace("data/organisaties.xml", "</organisaties>", "</export>")),
               r"organisaties\.xml: the source yielded no records, against 60 in its last build \(nothing matched the "
               r"iterators /organisaties/organisatie, "),
    build_case("csv-empty-file", "extract", write(PERSONS, b""),
               r"personen\.csv.*there is no column 'id' \(columns: none: the file is empty\)"),
    build_case("csv-unclosed-quote-on-line-3", "extract", insert_line(PERSONS, 3, 'PER9999,"Onafgesloten,,,,,,,'),
               r"personen\.csv, line 3: malformed CSV: a quoted field opens on this line and is not closed"),
    build_case("csv-stray-quote-after-a-quoted-field", "extract", insert_line(PERSONS, 4, 'PER9999,"Naam"x,,,,,,,'),
               r"personen\.csv, line 4: malformed CSV: ',' expected after '\"'"),
    build_case("csv-invalid-utf8-on-line-2", "extract", replace_bytes(PERSONS, b"Velde,Henry", b"V\xe9lde,Henry"),
               r"personen\.csv, line 2: the file is not valid utf-8 text \(byte 0xE9 at line 2"),
    build_case("csv-row-with-too-many-fields", "extract", insert_line(PERSONS, 5, "PER9999,a,b,c,d,e,f,g,h,i,j,k,l,m"),
               r"personen\.csv.*line 5.*the row has 14 fields where the header has 12"),
    build_case("csv-header-names-a-column-twice", "extract", replace(PERSONS, "voornaam,familienaam", "voornaam,voornaam"),
               r"personen\.csv, line 1: the header names column 'voornaam' twice"),
    build_case("csv-5-mb-without-a-line-break", "extract", write(PERSONS, "x" * (5 << 20)),
               r"personen\.csv.*there is no column 'id' \(columns: x{40}\.\.\. \(5,242,840 more characters\)\)"),
    build_case("input-missing", "extract", remove(PERSONS), r"personen\.csv: the input file does not exist"),
    build_case("input-is-a-folder", "extract", folder_at(PERSONS), r"personen\.csv: the input file is a folder"),
    build_case("input-is-a-symlink-loop", "extract", symlink_loop(PERSONS),
               r"personen\.csv: the input file is a symbolic link that leads back to itself"),
    build_case("input-is-a-named-pipe", "extract", named_pipe(PERSONS),
               r"personen\.csv: the input file is a named pipe, not a regular file"),
    build_case("gzip-cut-short", "extract", gzipped(PERSONS, cut=300),
               r"personen\.csv\.gz: the file is not valid gzip data: it ends before its compressed data does"),
    build_case("gzip-that-is-not-gzip", "extract", gzipped(PERSONS, garbage=True),
               r"personen\.csv\.gz: the file is not valid gzip data: Not a gzipped file"),
    build_case("xml-not-well-formed", "extract", replace("data/organisaties.xml", "</organisatie>", "</organisatie", 1),
               r"organisaties\.xml, line \d+: malformed XML"),
    build_case("xml-empty-file", "extract", write("data/organisaties.xml", b""),
               r"organisaties\.xml, line 1: malformed XML: the file is empty"),
    build_case("json-not-well-formed", "extract", insert_line("data/activiteiten.json", 3, "    oops,"),
               r"activiteiten\.json, line 3, column 5: malformed JSON: Expecting value"),
    build_case("json-empty-file", "extract", write("data/activiteiten.json", b""),
               r"activiteiten\.json, line 1, column 1: malformed JSON: Expecting value"),
    # mapping files
    build_case("mapping-names-a-missing-column", "mapping", replace("mappings/personen.yml", "$(volledige_naam)", "$(volledigeNaam)"),
               r"personen\.yml, line 14, rule 'persoon: foaf:name'.*there is no column 'volledigeNaam' \(columns: id, volledige_naam"),
    build_case("mapping-is-not-yaml", "mapping", replace("mappings/personen.yml", "mappings:\n", "mappings: [\n"),
               r"personen\.yml.*line \d+"),
    build_case("mapping-file-missing", "mapping", remove("mappings/personen.yml"), r"personen\.yml does not exist"),
    build_case("mapping-calls-an-unknown-function", "mapping",
               replace("mappings/personen.yml", "[foaf:name, $(volledige_naam)]",
                       "[foaf:name, {function: cg:nietBestaand, parameters: [[cg:value, $(volledige_naam)]]}]"),
               r"personen\.yml.*nietBestaand"),
    build_case("mapping-with-a-bad-jsonpath-iterator", "mapping",
               replace("mappings/activiteiten.yml", '"$.rootObject[*].event"]', '"$.rootObject[*.event"]', 1),
               r"'\$\.rootObject\[\*\.event' is not a valid JSONPath"),
    build_case("mapping-with-a-bad-xpath-reference", "mapping",
               replace("mappings/organisaties.yml", "$(naam", "$(naam[[", 1), r"organisaties\.yml.*XPath"),
    # shapes
    shapes_case("shapes-that-do-not-parse", SHAPES + 'ex:S a sh:NodeShape ;\n  sh:targetClass "unclosed .\n',
                r"bad\.ttl, line 3: the shapes file does not parse"),
    shapes_case("shapes-min-count-one",
                SHAPES + 'ex:S a sh:NodeShape ; sh:targetClass ex:C ;\n  sh:property [ sh:path ex:p ; sh:minCount "one" ] .\n',
                r"bad\.ttl, line 4, rule .*: sh:minCount must be a non-negative integer, not \"one\""),
    shapes_case("shapes-sparql-that-does-not-parse", SPARQL_SHAPE.format(query="SELECT $this WHERE { FILTER("),
                r"bad\.ttl, line 4, rule .*ex:S': the SPARQL of sh:select does not parse: Expected"),
    shapes_case("shapes-sparql-with-an-undeclared-prefix", SPARQL_SHAPE.format(query="SELECT $this WHERE { $this ex:p ?x }"),
                r"bad\.ttl, line 4.*the SPARQL of sh:select does not parse: Unknown namespace prefix : ex"),
    shapes_case("shapes-file-without-shapes", TURTLE, r"bad\.ttl: the file holds no SHACL shapes"),
    Case("shapes-path-missing", "shapes", write("x.ttl", TURTLE), ("validate", "{p}/x.ttl", "--shapes", "{p}/nowhere"),
         r"shapes path .*nowhere does not exist"),
    build_case("project-shapes-path-missing", "shapes", replace("cultuurgraaf.toml", '/shapes"]', '/shapes-gone"]'),
               r"cultuurgraaf\.toml, \[project\] shapes: names .*shapes-gone, which does not exist"),
    # project files
    build_case("toml-that-does-not-parse", "project file", setting("project", "name = Test"),
               r"cultuurgraaf\.toml: the project file is not valid TOML: Invalid value \(at line 2, column 8\)"),
    build_case("project-file-not-utf8", "project file", replace_bytes("cultuurgraaf.toml", b"[project]", b"# caf\xe9\n[project]"),
               r"cultuurgraaf\.toml: the project file is not UTF-8 text"),
    build_case("query-timeout-that-is-text", "project file", setting("server", 'query_timeout_s = "abc"'),
               r"cultuurgraaf\.toml, \[server\] query_timeout_s: must be a number of seconds above 0, not \"abc\""),
    build_case("max-rows-that-is-text", "project file", setting("server", 'max_rows = "lots"'),
               r"\[server\] max_rows: must be a whole number of at least 0 \(0 turns the limit off\), not \"lots\""),
    build_case("port-out-of-range", "project file", setting("server", "port = 99999"),
               r"\[server\] port: must be a whole number from 1 to 65535, not 99999"),
    build_case("negative-query-timeout", "project file", setting("server", "query_timeout_s = -1"),
               r"\[server\] query_timeout_s: must be a number of seconds above 0, not -1"),
    build_case("update-token-that-is-a-number", "project file", setting("server", "update_token = 12345"),
               r"\[server\] update_token: must be a string, not 12345\n  hint: put it in quotes"),
    build_case("no-query-workers", "project file", setting("server", "max_concurrent_queries = 0"),
               r"\[server\] max_concurrent_queries: must be a whole number of at least 1, not 0"),
    build_case("allowlist-of-something-else", "project file", setting("server", 'service_allowlist = "ftp://x"'),
               r"\[server\] service_allowlist: must list http\(s\) URLs, and \"ftp://x\" is not one"),
    build_case("server-that-is-not-a-table", "project file", edit("cultuurgraaf.toml", lambda t: "server = 5\n" + t),
               r"cultuurgraaf\.toml, \[server\]: must be a table, not 5"),
    build_case("port-from-the-environment", "project file", unchanged,
               r"environment variable CULTUURGRAAF_PORT \(for \[server\] port\) must be a whole number", env={"CULTUURGRAAF_PORT": "80a"}),
    build_case("base-iri-not-http", "project file", replace("cultuurgraaf.toml", '"https://data.cultuurgraaf.be"', '"data.cultuurgraaf.be"'),
               r"\[project\] base_iri: must be an http\(s\) IRI, and \"data\.cultuurgraaf\.be\" is not"),
    build_case("base-iri-with-a-space", "project file", replace("cultuurgraaf.toml", "cultuurgraaf.be", "cultuur graaf.be"),
               r"\[project\] base_iri: .* it holds a space \(character 21\)"),
    build_case("source-name-with-a-space", "project file", replace("cultuurgraaf.toml", 'name = "personen"', 'name = "per sonen"'),
               r"\[\[sources\]\] entry 2 name: may hold only letters, digits, '-' and '_', not \"per sonen\""),
    build_case("source-names-repeated", "project file", replace("cultuurgraaf.toml", 'name = "personen"', 'name = "organisaties"'),
               r"source names must be unique; repeated: organisaties"),
    build_case("source-named-build", "project file", replace("cultuurgraaf.toml", 'name = "personen"', 'name = "build"'),
               r"a source may not be named 'build': the build's own validation report is build\.html"),
    build_case("source-graph-with-a-space", "project file", source_setting("personen", 'graph = "https://ex.org/a graph"'),
               r"\[\[sources\]\] 'personen' graph: must be an IRI, and \"https://ex\.org/a graph\" is not: it holds a space"),
    build_case("inputs-that-are-a-number", "project file", replace("cultuurgraaf.toml", f'"{PERSONS}"', "5"),
               r"\[\[sources\]\] 'personen' inputs: must be a string or a list of strings, not 5"),
    build_case("may-shrink-that-is-text", "project file", source_setting("personen", 'may_shrink = "yes"'),
               r"\[\[sources\]\] 'personen' may_shrink: must be true or false \(without quotes\), not \"yes\""),
    build_case("store-auth-unknown", "project file", setting("store", 'auth = "kerberos"'),
               r"\[store\] auth: must be one of \"basic\", \"digest\", not \"kerberos\""),
    build_case("store-timeout-zero", "project file", setting("store", "timeout_s = 0"),
               r"\[store\] timeout_s: must be a number of seconds above 0, not 0"),
    build_case("store-path-is-a-file", "project file",
               both(write("store-file", "x"), replace("cultuurgraaf.toml", 'store = "store"', 'store = "store-file"')),
               r"the store path .*store-file is not a folder"),
    build_case("no-project-file", "project file", remove("cultuurgraaf.toml"), r"no project file at .*cultuurgraaf\.toml"),
    Case("unknown-source-asked-for", "CLI argument", unchanged, ("build", "{p}", "-q", "--source", "boeken"),
         r"no source named 'boeken' \(sources: organisaties, personen, activiteiten\)"),
    # command-line arguments
    Case("load-graph-with-a-space", "CLI argument", write("x.ttl", TURTLE),
         ("load", "{p}/x.ttl", "--graph", "https://ex.org/a b", "--project", "{p}"),
         r"the graph name 'https://ex\.org/a b' is not an IRI: it holds a space \(character 17\)"),
    Case("load-graph-with-a-bracket", "CLI argument", write("x.ttl", TURTLE),
         ("load", "{p}/x.ttl", "--graph", "https://ex.org/a>b", "--project", "{p}"),
         r"the graph name 'https://ex\.org/a>b' is not an IRI: it holds '>'"),
    Case("load-graph-without-a-scheme", "CLI argument", write("x.ttl", TURTLE),
         ("load", "{p}/x.ttl", "--graph", "thesaurus", "--project", "{p}"), r"is not an IRI: it has no scheme"),
    Case("load-a-missing-file", "CLI argument", unchanged,
         ("load", "{p}/nothing.ttl", "--graph", "https://ex.org/g", "--project", "{p}"),
         r"nothing\.ttl: the file to load does not exist"),
    Case("load-a-folder", "CLI argument", unchanged, ("load", "{p}/data", "--graph", "https://ex.org/g", "--project", "{p}"),
         r"data: the file to load is a folder"),
    Case("load-a-named-pipe", "CLI argument", named_pipe("x.nt"),
         ("load", "{p}/x.nt", "--graph", "https://ex.org/g", "--project", "{p}"), r"x\.nt: the file to load is a named pipe"),
    Case("load-damaged-gzip", "CLI argument", write("x.ttl.gz", gzip.compress(TURTLE.encode())[:20]),
         ("load", "{p}/x.ttl.gz", "--graph", "https://ex.org/g", "--project", "{p}"),
         r"x\.ttl\.gz: the file is not valid gzip data"),
    Case("load-turtle-that-does-not-parse", "CLI argument", write("x.ttl", TURTLE + "ex:c ex:p .\n"),
         ("load", "{p}/x.ttl", "--graph", "https://ex.org/g", "--project", "{p}"), r"x\.ttl.*line 3|cannot parse .*x\.ttl"),
    Case("load-into-a-source-graph", "CLI argument", write("x.ttl", TURTLE),
         ("load", "{p}/x.ttl", "--graph", "https://data.cultuurgraaf.be/graph/personen", "--project", "{p}"),
         r"is the graph of source 'personen'"),
    Case("load-turtle-with-a-17-mb-literal", "CLI argument",
         write("x.ttl", '<https://ex.org/a> <https://ex.org/p> "' + "x" * (17 << 20) + '" .\n'),
         ("load", "{p}/x.ttl", "--graph", "https://ex.org/g", "--project", "{p}"),
         r"x\.ttl: a term \(a literal, an IRI\) is longer than the 16 MB .*\n  hint: write the file as N-Triples"),
    Case("query-file-missing", "CLI argument", unchanged, ("query", "{p}", "@{p}/missing.rq"),
         r"missing\.rq: the query file does not exist"),
    Case("query-file-is-a-folder", "CLI argument", unchanged, ("query", "{p}", "@{p}/data"), r"data: the query file is a folder"),
    Case("query-that-does-not-parse", "CLI argument", unchanged, ("query", "{p}", "SELECT WHERE {"),
         r"the query is not valid SPARQL", code=1),
    Case("query-a-project-never-built", "CLI argument", remove("store"), ("query", "{p}", "SELECT * WHERE { ?s ?p ?o }"),
         r"the project has not been built yet: its store \(.*store\) holds no generation"),
    Case("dump-a-project-never-built", "CLI argument", remove("store"), ("dump", "{p}"), r"the project has not been built yet"),
    Case("links-of-a-project-never-built", "CLI argument", remove("store"), ("links", "{p}"), r"the project has not been built yet"),
    Case("dump-into-a-missing-folder", "CLI argument", unchanged, ("dump", "{p}", "-o", "{p}/nowhere/all.nq"),
         r"all\.nq: cannot write the output: the folder .*nowhere does not exist"),
    Case("map-into-a-missing-folder", "CLI argument", unchanged, ("map", "{p}/mappings/personen.yml", "-o", "{p}/nowhere/p.nq"),
         r"p\.nq: cannot write the output: the folder .*nowhere does not exist"),
    Case("map-into-a-folder", "CLI argument", unchanged, ("map", "{p}/mappings/personen.yml", "-o", "{p}/data"),
         r"data: cannot write the output there: it is a folder"),
    Case("map-a-missing-mapping", "CLI argument", unchanged, ("map", "{p}/mappings/nothing.yml"), r"nothing\.yml does not exist"),
    Case("compile-into-a-missing-folder", "CLI argument", unchanged,
         ("mapping", "compile", "{p}/mappings/personen.yml", "-o", "{p}/nowhere/p.ttl"), r"cannot write the output"),
    Case("validate-a-missing-file", "CLI argument", unchanged, ("validate", "{p}/nothing.ttl", "--shapes", str(ROOT / "shapes")),
         r"nothing\.ttl: the input does not exist"),
    Case("validate-damaged-gzip", "CLI argument", write("x.ttl.gz", b"garbage"),
         ("validate", "{p}/x.ttl.gz", "--shapes", str(ROOT / "shapes")), r"x\.ttl\.gz: the file is not valid gzip data"),
    Case("validate-report-into-a-missing-folder", "CLI argument", write("x.ttl", TURTLE),
         ("validate", "{p}/x.ttl", "--shapes", str(ROOT / "shapes"), "-o", "{p}/nowhere/r.html"), r"cannot write the output"),
    Case("serve-on-port-99999", "CLI argument", unchanged, ("serve", "{p}", "--port", "99999"),
         r"Invalid value for '--port': 99999 is not in the range 1<=x<=65535", code=2),
    # hostile files: refused before they are built
    Case("rdfxml-billion-laughs-loaded", "extract", write("laughs.rdf", LAUGHS_RDF),
         ("load", "{p}/laughs.rdf", "--graph", "https://ex.org/g", "--project", "{p}"),
         r"laughs\.rdf: its XML entities would expand to"),
    Case("rdfxml-billion-laughs-validated", "extract", write("laughs.rdf", LAUGHS_RDF),
         ("validate", "{p}/laughs.rdf", "--shapes", str(ROOT / "shapes")), r"laughs\.rdf: its XML entities would expand to"),
    Case("rdfxml-external-entity", "extract",
         write("external.rdf", LAUGHS_RDF.replace('<!ENTITY lol "lol">', '<!ENTITY lol SYSTEM "file:///etc/passwd">')),
         ("load", "{p}/external.rdf", "--graph", "https://ex.org/g", "--project", "{p}"), r"is declared external"),
    Case("shapes-billion-laughs", "shapes", both(write("x.ttl", TURTLE), write("bad.rdf", LAUGHS_RDF)),
         ("validate", "{p}/x.ttl", "--shapes", "{p}/bad.rdf"), r"bad\.rdf: its XML entities would expand to"),
    Case("xml-extract-billion-laughs", "extract", write("data/organisaties.xml", LAUGHS_XML),
         ("build", "{p}", "-q"), r"organisaties\.xml.*amplification"),
    Case("json-extract-200000-deep", "extract", write("data/activiteiten.json", "[" * 200_000 + "]" * 200_000),
         ("build", "{p}", "-q"), r"activiteiten\.json: the JSON is nested more than 512 levels deep"),
    Case("yaml-mapping-alias-bomb", "mapping", write("bomb.yml", YAML_BOMB), ("map", "{p}/bomb.yml"),
         r"bomb\.yml, line \d+: the YAML would hold more than 100,000 values with its aliases"),
    Case("yaml-mapping-alias-in-its-own-anchor", "mapping", write("self.yml", "a: &a [*a]\nmappings: {}\n"),
         ("map", "{p}/self.yml"), r"self\.yml.*alias \(\*name\) stands inside"),
    build_case("extract-over-max-input-mb", "project file", setting("project", "max_input_mb = 0.01"),
               r"cultuurgraaf reads files of up to 0\.01 MB"),
    Case("server-max-connections-not-whole", "project file", setting("server", "max_connections = 2.5"),
         ("serve", "{p}"), r"max_connections.*must be a whole number"),
]


@dataclass(frozen=True)
class Http:
    """One bad request to a running server over a copy of the built project (update token
    TOKEN, SERVICE allowed only to ALLOWED): the answer must have ``status`` and match ``place``."""

    name: str
    area: str
    method: str
    path: str
    status: int
    place: str
    params: dict | list | None = None
    headers: dict | None = None
    body: bytes | dict | None = None


TOKEN = "catalogue-token"
ALLOWED = "https://query.wikidata.org/sparql"
WITH_TOKEN = {"Authorization": f"Bearer {TOKEN}"}
TURTLE_BODY = {**WITH_TOKEN, "Content-Type": "text/turtle"}
PERSON = "/doc/persoon/PER0001"
G = {"graph": "https://ex.org/g"}
ROWS = {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}

HTTP_CASES = [
    # SPARQL
    Http("sparql-query-that-does-not-parse", "SPARQL", "GET", "/sparql", 400, r"the query is not valid SPARQL: error at 1:15",
         params={"query": "SELECT WHERE {"}),
    Http("query-with-an-iri-holding-a-space", "SPARQL", "GET", "/sparql", 400, r"not valid SPARQL: error at 1:22",
         params={"query": "DESCRIBE <http://a b>"}),
    Http("query-that-is-empty", "SPARQL", "GET", "/sparql", 400, r"the query is empty", params={"query": ""}),
    Http("query-given-twice", "SPARQL", "GET", "/sparql", 400, r"the request has 2 'query' parameters",
         params=[("query", "ASK {}"), ("query", "ASK {}")]),
    Http("query-and-update-together", "SPARQL", "POST", "/sparql", 400, r"both a query and an update",
         body={"query": "ASK {}", "update": "CLEAR ALL"}, headers=WITH_TOKEN),
    Http("update-sent-with-get", "SPARQL", "GET", "/sparql", 400, r"an update cannot be sent with GET",
         params={"update": "CLEAR ALL"}),
    Http("update-without-the-token", "SPARQL", "POST", "/sparql", 401, r"an update needs the endpoint's update token",
         body={"update": "CLEAR ALL"}),
    Http("update-with-a-wrong-token", "SPARQL", "POST", "/sparql", 403, r"the update token is not right",
         body={"update": "CLEAR ALL"}, headers={"Authorization": "Bearer wrong"}),
    Http("update-that-does-not-parse", "SPARQL", "POST", "/sparql", 400, r"the update is not valid SPARQL: error at 1:27",
         body={"update": "INSERT DATA { <a:b> <a:c> "}, headers=WITH_TOKEN),
    Http("service-not-on-the-allow-list", "SPARQL", "GET", "/sparql", 403,
         r"SERVICE <http://evil\.example/sparql> is not allowed",
         params={"query": "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }"}),
    Http("load-not-on-the-allow-list", "SPARQL", "POST", "/sparql", 403, r"LOAD <http://evil\.example/x\.ttl> is not allowed",
         body={"update": "LOAD <http://evil.example/x.ttl>"}, headers=WITH_TOKEN),
    Http("query-body-not-utf8", "SPARQL", "POST", "/sparql", 400, r"the request body is not UTF-8 text",
         body=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"}),
    Http("query-body-of-another-type", "SPARQL", "POST", "/sparql", 415, r"cannot read a request body of type 'text/plain'",
         body=b"ASK {}", headers={"Content-Type": "text/plain"}),
    Http("query-body-in-latin-1", "SPARQL", "POST", "/sparql", 415, r"charset=latin-1'; send one of",
         body=b"ASK {}", headers={"Content-Type": "application/sparql-query; charset=latin-1"}),
    # headers
    Http("accept-nothing-the-endpoint-has", "header", "GET", "/sparql", 406, r"cannot answer in 'application/x-unknown'",
         params=ROWS, headers={"Accept": "application/x-unknown"}),
    Http("accept-with-a-bad-q-value", "header", "GET", "/sparql", 406, r"cannot answer in 'text/csv;q=abc'",
         params=ROWS, headers={"Accept": "text/csv;q=abc"}),
    Http("accept-everything-at-q-0", "header", "GET", "/sparql", 406, r"cannot answer in '\*/\*;q=0'",
         params=ROWS, headers={"Accept": "*/*;q=0"}),
    Http("accept-results-for-a-construct", "header", "GET", "/sparql", 406, r"this answer can be had as: text/turtle",
         params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"}, headers={"Accept": "application/sparql-results+json"}),
    Http("page-in-an-unknown-type", "header", "GET", PERSON, 406, r"not available as application/x-nothing",
         headers={"Accept": "application/x-nothing"}),
    Http("page-with-a-bad-q-value", "header", "GET", PERSON, 406, r"not available as text/turtle;q=x",
         headers={"Accept": "text/turtle;q=x"}),
    # Graph Store
    Http("put-turtle-that-does-not-parse", "Graph Store", "PUT", "/graph-store", 400, r"cannot parse the data as Turtle: .*line 1",
         params=G, body=b"<a> <b> .", headers=TURTLE_BODY),
    Http("post-turtle-that-does-not-parse", "Graph Store", "POST", "/graph-store", 400, r"rdf-syntax.*line 1",
         params=G, body=b"@prefix : <x> . :a :b", headers=TURTLE_BODY),
    Http("put-body-not-utf8", "Graph Store", "PUT", "/graph-store", 400, r"the request body is not UTF-8 text",
         params=G, body=b"\xff\xfe<", headers=TURTLE_BODY),
    Http("put-of-another-type", "Graph Store", "PUT", "/graph-store", 415, r"cannot read a request body of type 'application/x-foo'",
         params=G, body=b"<a:b> <a:c> <a:d> .", headers={**WITH_TOKEN, "Content-Type": "application/x-foo"}),
    Http("put-without-the-token", "Graph Store", "PUT", "/graph-store", 401, r"needs the endpoint's update token",
         params=G, body=b"<a:b> <a:c> <a:d> .", headers={"Content-Type": "text/turtle"}),
    Http("put-naming-no-graph", "Graph Store", "PUT", "/graph-store", 400, r"name one graph: \?graph=<IRI> or \?default",
         body=b"<a:b> <a:c> <a:d> .", headers=TURTLE_BODY),
    Http("put-naming-a-graph-and-the-default", "Graph Store", "PUT", "/graph-store", 400, r"name one graph",
         params={**G, "default": ""}, body=b"<a:b> <a:c> <a:d> .", headers=TURTLE_BODY),
    Http("get-a-graph-not-there", "Graph Store", "GET", "/graph-store", 404, r"the store has no graph <https://ex\.org/g>",
         params=G),
    Http("get-two-graphs", "Graph Store", "GET", "/graph-store", 400, r"name one graph",
         params=[("graph", "https://ex.org/g"), ("graph", "https://ex.org/h")]),
    Http("get-a-graph-as-an-image", "Graph Store", "GET", "/graph-store", 406, r"cannot answer in 'image/png'",
         params={"graph": "https://data.cultuurgraaf.be/graph/personen"}, headers={"Accept": "image/png"}),
    Http("delete-a-graph-not-there", "Graph Store", "DELETE", "/graph-store", 404, r"the store has no graph", params=G,
         headers=WITH_TOKEN),
    # URLs
    Http("document-of-nothing", "URL", "GET", "/doc/persoon/NOPE", 404,
         r"nothing is known about <https://data\.cultuurgraaf\.be/id/persoon/NOPE>"),
    Http("thing-that-is-not-there", "URL", "GET", "/id/persoon/NOPE", 404, r"nothing is known about"),
    Http("document-of-an-unknown-kind", "URL", "GET", "/doc/nokind/x", 404, r"nothing is known about .*/id/nokind/x"),
    Http("list-of-an-unknown-kind", "URL", "GET", "/lijst/nokind", 404, r"there is no list of 'nokind'.*lists exist for"),
    Http("dump-of-an-unknown-source", "URL", "GET", "/dump/nope.nt", 404, r"there is no source named 'nope'"),
    Http("page-that-is-not-there", "URL", "GET", "/nowhere", 404, r"there is no page at /nowhere"),
    Http("resolve-a-kbo-number-that-is-none", "URL", "GET", "/id", 400, r"'x' is not a KBO-nummer", params={"kbo": "x"}),
    Http("resolve-nothing", "URL", "GET", "/id", 400, r"name an identifier to resolve"),
    Http("document-path-climbing-out", "URL", "GET", "/doc/persoon/..%2F..%2Fetc%2Fpasswd", 404, r"nothing is known about"),
    Http("static-path-climbing-out", "URL", "GET", "/static/..%2F..%2Fcultuurgraaf.toml", 404, r"there is no page at"),
    Http("post-to-a-page", "URL", "POST", PERSON, 405, r"Method Not Allowed \(POST /doc/persoon/PER0001\)"),
    Http("document-with-a-bad-percent-escape", "URL", "GET", "/doc/erfgoedobject/a%ZZ", 404,
         r"is not an IRI \(Invalid IRI percent encoding '%ZZ'\)", headers={"Accept": "application/json"}),
    Http("list-page-far-past-the-end", "URL", "GET", "/lijst/persoon", 404, r"there is no page 99999999999999999999",
         params={"pagina": "99999999999999999999"}),
    Http("search-page-far-past-the-end", "URL", "GET", "/zoeken", 404, r"there is no page",
         params={"q": "museum", "pagina": "4611686018427387904"}),
    Http("list-page-zero", "URL", "GET", "/lijst/persoon", 400, r"pagina must be a page number", params={"pagina": "0"}),
    Http("list-page-not-a-number", "URL", "GET", "/lijst/persoon", 400, r"pagina must be a page number",
         params={"pagina": "abc"}),
    # dataset and graph IRIs that are not IRIs
    Http("default-graph-uri-with-a-space", "SPARQL", "GET", "/sparql", 400,
         r"default-graph-uri 'http://example\.org/a b' is not an absolute IRI",
         params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": "http://example.org/a b"}),
    Http("default-graph-uri-a-star", "SPARQL", "GET", "/sparql", 400, r"is not an absolute IRI",
         params={"query": "ASK {}", "default-graph-uri": "*"}),
    Http("named-graph-uri-with-a-bracket", "SPARQL", "POST", "/sparql", 400, r"Invalid IRI code point '>'",
         body={"query": "ASK {}", "named-graph-uri": "http://example.org/a>b"}),
    Http("using-graph-uri-relative", "SPARQL", "POST", "/sparql", 400, r"using-graph-uri 'a b' is not an absolute IRI",
         headers=WITH_TOKEN, body={"update": "INSERT { <http://ex.org/a> <http://ex.org/b> 1 } WHERE {}",
                                   "using-graph-uri": "a b"}),
    Http("put-to-a-graph-with-a-space", "Graph Store", "PUT", "/graph-store", 400,
         r"graph 'http://example\.org/a b' is not an absolute IRI", params={"graph": "http://example.org/a b"},
         headers=TURTLE_BODY, body=b"<http://ex.org/a> <http://ex.org/b> 1 ."),
    Http("put-to-a-graph-with-a-bracket", "Graph Store", "PUT", "/graph-store", 400, r"Invalid IRI code point '>'",
         params={"graph": "http://example.org/a>b"}, headers=TURTLE_BODY,
         body=b"<http://ex.org/a> <http://ex.org/b> 1 ."),
    Http("put-billion-laughs", "Graph Store", "PUT", "/graph-store", 400, r"entities would expand to", params=G,
         headers={**WITH_TOKEN, "Content-Type": "application/rdf+xml"}, body=LAUGHS_RDF.encode()),
    # queries the engine cannot take
    Http("query-nesting-100000-braces", "SPARQL", "POST", "/sparql", 400, r"the query nests deeper than 250 levels",
         body={"query": "SELECT * WHERE " + "{" * 100_000 + "}" * 100_000}),
    Http("query-of-10000-unions", "SPARQL", "POST", "/sparql", 400, r"the query has 9999 UNION, OPTIONAL",
         body={"query": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_000) + " }"}),
    Http("query-that-overflows-the-engines-stack", "SPARQL", "POST", "/sparql", 400,
         r"too deeply for the query engine's stack", body={"query": "ASK { FILTER(" + "1+" * 100_000 + "1 > 0) }"}),
    Http("update-nesting-10000-braces", "SPARQL", "POST", "/sparql", 400, r"nests deeper", headers=WITH_TOKEN,
         body={"update": "INSERT DATA { GRAPH <https://ex.org/g> " + "{" * 10_000 + "}" * 10_000 + " }"}),
]


# the runner ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project with a CSV, an XML and a JSON source, built once; each case breaks a copy of it."""
    folder = demo_copy(tmp_path_factory.mktemp("bad-input") / "project",
                       sources=["organisaties", "personen", "activiteiten"])
    result = CliRunner().invoke(main, ["build", str(folder), "-q"])
    assert result.exit_code == 0, result.output
    return folder


def store_state(folder: Path) -> tuple | None:
    """What must not change: the current generation, its manifest and its quads (None: no store)."""
    path = folder / "store"
    if not (path / "CURRENT").is_file():
        return None
    store = open_store(path)
    generation = store.current_generation()
    manifest = store.generation_file(generation, ".json").read_text(encoding="utf-8")
    return generation, manifest, store.count()


@pytest.mark.parametrize("case", CLI_CASES, ids=lambda case: case.name)
def test_bad_input_on_the_command_line(case: Case, built: Path, tmp_path: Path, bad_input_tally, monkeypatch):
    folder = tmp_path / "project"
    shutil.copytree(built, folder, symlinks=True)
    case.change(folder)
    before = store_state(folder)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, [part.replace("{p}", str(folder)) for part in case.command])
    traceback = result.exception is not None and not isinstance(result.exception, SystemExit)
    message = result.output
    clear = not traceback and result.exit_code == case.code and bool(re.search(case.place, message)) \
        and len(message) <= MAX_MESSAGE and "Traceback" not in message
    lost = store_state(folder) != before
    bad_input_tally.record(clear=clear, traceback=traceback, lost=lost)
    assert not traceback, "".join(__import__("traceback").format_exception(result.exception))
    assert result.exit_code == case.code, message
    assert re.search(case.place, message), f"the message does not name the place ({case.place}):\n{message}"
    assert len(message) <= MAX_MESSAGE, f"a message of {len(message):,} characters"
    assert not lost, "the store changed"


@pytest.fixture(scope="module")
def server(built: Path, tmp_path_factory):
    """The app over a copy of the built project that accepts updates; yields (client, project folder)."""
    from fastapi.testclient import TestClient

    from cultuurgraaf.config import load_project
    from cultuurgraaf.web.app import create_app

    folder = tmp_path_factory.mktemp("bad-requests") / "project"
    shutil.copytree(built, folder, symlinks=True)
    with open(folder / "cultuurgraaf.toml", "a", encoding="utf-8") as handle:
        handle.write(f'\n[server]\nupdate_token = "{TOKEN}"\nservice_allowlist = ["{ALLOWED}"]\n')
    with TestClient(create_app(load_project(folder)), raise_server_exceptions=False) as client:
        yield client, folder


@pytest.mark.parametrize("case", HTTP_CASES, ids=lambda case: case.name)
def test_bad_request(case: Http, server, bad_input_tally):
    client, folder = server
    before = store_state(folder)
    body = {"data": case.body} if isinstance(case.body, dict) else {"content": case.body}
    response = client.request(case.method, case.path, params=case.params, headers=case.headers, **body)
    answering = client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    server_error = response.status_code >= 500
    clear = response.status_code == case.status and bool(re.search(case.place, response.text)) \
        and len(response.text) <= MAX_MESSAGE
    lost = store_state(folder) != before or not answering
    bad_input_tally.record(clear=clear, traceback=server_error, lost=lost)
    assert response.status_code == case.status, response.text
    assert re.search(case.place, response.text), f"the answer does not name the place ({case.place}):\n{response.text}"
    assert len(response.text) <= MAX_MESSAGE
    assert answering, "the server no longer answers"
    assert not lost, "the store changed"


def test_the_catalogue_is_large_and_covers_every_area():
    assert {case.area for case in CLI_CASES} == {"extract", "mapping", "shapes", "project file", "CLI argument"}
    assert {case.area for case in HTTP_CASES} == {"SPARQL", "header", "Graph Store", "URL"}
    names = [case.name for case in [*CLI_CASES, *HTTP_CASES]]
    assert len(set(names)) == len(names)
    assert len(CLI_CASES) >= 60
