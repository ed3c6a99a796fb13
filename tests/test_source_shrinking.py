"""A source that yields no records, or far fewer than its last build, keeps its graph unless it may shrink."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cultuurgraaf.cli import main
from support.projects import demo_copy

PERSONS = "SELECT (COUNT(*) AS ?n) WHERE { ?p a <http://www.w3.org/ns/person#Person> }"


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def persons(folder) -> int:
    result = cli("query", str(folder), PERSONS, "--format", "json")
    return int(json.loads(result.output)["results"]["bindings"][0]["n"]["value"])


def header_only(folder) -> None:
    data = folder / "data" / "personen.csv"
    data.write_text(data.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def test_a_first_build_of_a_source_without_records_is_refused(tmp_path):
    folder = demo_copy(tmp_path / "project", sources=["personen"])
    header_only(folder)
    result = cli("build", str(folder), "-q")
    assert result.exit_code == 3
    assert "personen.csv: the source yielded no records (the file holds no records)" in result.output
    assert not (folder / "store" / "CURRENT").exists()


def test_with_keep_going_a_shrunk_source_keeps_its_graph_while_the_others_load(tmp_path):
    folder = demo_copy(tmp_path / "project", sources=["organisaties", "personen"])
    assert cli("build", str(folder), "-q").exit_code == 0
    header_only(folder)
    result = cli("build", str(folder), "-q", "--force", "--keep-going")
    assert result.exit_code == 3
    assert "personen: failed: data/personen.csv: the source yielded no records, against 60" in result.output
    assert "organisaties: built" in result.output and "store: generation 2" in result.output
    assert persons(folder) == 60


def test_a_source_that_may_shrink_is_replaced_by_what_it_yields(tmp_path):
    folder = demo_copy(tmp_path / "project", sources=["personen"])
    assert cli("build", str(folder), "-q").exit_code == 0
    toml = folder / "cultuurgraaf.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('name = "personen"\n', 'name = "personen"\nmay_shrink = true\n'),
                    encoding="utf-8")
    data = folder / "data" / "personen.csv"
    data.write_text("".join(data.read_text(encoding="utf-8").splitlines(keepends=True)[:11]), encoding="utf-8")
    result = cli("build", str(folder), "-q")
    assert result.exit_code == 0, result.output
    assert persons(folder) == 10
    header_only(folder)
    assert cli("build", str(folder), "-q").exit_code == 0
    assert persons(folder) == 0
