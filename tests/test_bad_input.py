"""Bad input gets a clear error, exit code 3, and the store is left as it was."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from cultuurgraaf.cli import main
from support.projects import demo_copy


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--quiet"] if args[0] == "build" else list(args))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A small project (organisations and persons) that built once, to be broken afterwards."""
    folder = demo_copy(tmp_path_factory.mktemp("bad-input"), sources=["organisaties", "personen"])
    result = run("build", str(folder))
    assert result.exit_code == 0, result.output
    return folder


def store_state(folder) -> tuple[str, int]:
    current = (folder / "store" / "CURRENT").read_text()
    result = CliRunner().invoke(main, ["query", str(folder), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                       "--format", "json"])
    return current, int(json.loads(result.output)["results"]["bindings"][0]["n"]["value"])


def test_a_missing_input_file_is_named_and_the_store_is_kept(built):
    before = store_state(built)
    (built / "data" / "personen.csv").rename(built / "data" / "personen.csv.bak")
    try:
        result = run("build", str(built))
    finally:
        (built / "data" / "personen.csv.bak").rename(built / "data" / "personen.csv")
    assert result.exit_code == 3
    assert "personen.csv" in result.output and "does not exist" in result.output
    assert "the store was left as it was" in result.output
    assert store_state(built) == before


def test_a_mapping_that_names_a_missing_column_says_where_and_what_exists(built):
    before = store_state(built)
    mapping = built / "mappings" / "personen.yml"
    original = mapping.read_text()
    mapping.write_text(original.replace("$(volledige_naam)", "$(volledigeNaam)"))
    try:
        result = run("build", str(built))
    finally:
        mapping.write_text(original)
    assert result.exit_code == 3
    assert re.search(r"personen\.yml, line \d+", result.output), "the error names the mapping file and line"
    assert "'volledigeNaam'" in result.output and "personen.csv" in result.output
    assert "rule 'persoon" in result.output
    assert "volledige_naam" in result.output, "the error lists the columns that exist"
    assert store_state(built) == before


def test_an_unparseable_project_file_names_the_line(built, tmp_path):
    broken = tmp_path / "cultuurgraaf.toml"
    broken.write_text('[project]\nname = "x"\nbase_iri = https://no-quotes\n')
    result = run("build", str(tmp_path))
    assert result.exit_code == 3
    assert "not valid TOML" in result.output and "line 3" in result.output


def test_malformed_csv_names_the_line(built):
    before = store_state(built)
    data = built / "data" / "personen.csv"
    original = data.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    lines.insert(3, 'PER9999,"Onafgesloten aanhalingsteken,,,,,,\n')
    data.write_text("".join(lines), encoding="utf-8")
    try:
        result = run("build", str(built))
    finally:
        data.write_text(original, encoding="utf-8")
    assert result.exit_code == 3
    assert "personen.csv" in result.output and "line" in result.output
    assert store_state(built) == before


def test_malformed_xml_names_the_line(built):
    before = store_state(built)
    data = built / "data" / "organisaties.xml"
    original = data.read_text(encoding="utf-8")
    data.write_text(original.replace("</organisatie>", "</organisatie", 1), encoding="utf-8")
    try:
        result = run("build", str(built))
    finally:
        data.write_text(original, encoding="utf-8")
    assert result.exit_code == 3
    assert "malformed XML" in result.output and "organisaties.xml, line" in result.output
    assert store_state(built) == before


def test_a_project_folder_without_a_project_file(tmp_path):
    result = run("build", str(tmp_path))
    assert result.exit_code == 3
    assert "no project file" in result.output
