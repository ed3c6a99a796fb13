"""Records that merge into one entity with contradictory values: reported with each value and its
rows, settled by the source's ``on_conflict``, and held back without taking along what points at it.

The project in tests/cases/validation/conflicts (its cultuurgraaf.toml says what is planted where):
activity A1 is free on line 2 and not on line 3, A2 has two Dutch descriptions (lines 4 and 5),
venue L3 has two names (lines 4 and 5 of locaties.csv) and A3 takes place there, and every row of
voorstellingen.csv makes its performance and the hall Z1, whose name line 3 spells differently.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from cultuurgraaf.cli import main
from cultuurgraaf.config import load_project
from cultuurgraaf.errors import ConfigError
from cultuurgraaf.pipeline import build, load_file
from cultuurgraaf.store import open_store
from cultuurgraaf.store.held_back import read_held_back
from cultuurgraaf.validation.renderings import render

CASE = Path(__file__).resolve().parent / "cases" / "validation" / "conflicts"
ID = "https://data.cultuurgraaf.be/id/"
FREE = "http://schema.org/isAccessibleForFree"
DESCRIPTION = "http://purl.org/dc/terms/description"
NAME = "http://schema.org/name"
LOCATION = "http://schema.org/location"


def project_copy(folder: Path, on_conflict: str | None = None) -> Path:
    """The case in ``folder``, with ``on_conflict`` for the activities when given."""
    shutil.copytree(CASE, folder)
    if on_conflict is not None:
        toml = folder / "cultuurgraaf.toml"
        text = toml.read_text(encoding="utf-8").replace('mapping = "activiteiten.yml"\n',
                                                        f'mapping = "activiteiten.yml"\non_conflict = "{on_conflict}"\n')
        toml.write_text(text, encoding="utf-8")
    return folder


def built(folder: Path, on_conflict: str | None = None):
    project = load_project(project_copy(folder, on_conflict))
    return project, build(project)


def values_of(project, subject: str, predicate: str) -> set[str]:
    rows = open_store(project.store_path).query(
        f"SELECT ?o WHERE {{ GRAPH ?g {{ <{ID}{subject}> <{predicate}> ?o }} }}").rows()
    return {str(row["o"]) for row in rows}


def loaded(project, subject: str) -> bool:
    return open_store(project.store_path).query(f"ASK {{ GRAPH ?g {{ <{ID}{subject}> ?p ?o }} }}").boolean


def conflict(report, subject: str, path: str):
    [found] = [c for c in report.conflicts if str(c.focus) == ID + subject and c.path == path]
    return found


def rows(value) -> list[tuple[str, str, str]]:
    return [(Path(o.source_file).name, o.record, o.rule) for o in value.origins]


@pytest.fixture(scope="module")
def default_build(tmp_path_factory):
    return built(tmp_path_factory.mktemp("conflicts") / "project")


def test_contradictory_values_are_reported_with_each_value_and_the_rows_it_came_from(default_build):
    _project, result = default_build
    free = conflict(result.report, "activiteit/A1", FREE)
    assert [(v.value.toPython(), rows(v)) for v in free.values] == [
        (True, [("activiteiten.csv", "line 2", "activiteit: schema:isAccessibleForFree")]),
        (False, [("activiteiten.csv", "line 3", "activiteit: schema:isAccessibleForFree")])]
    assert free.values[0].origins[0].mapping_line == 15  # the rule's line in activiteiten.yml
    description = conflict(result.report, "activiteit/A2", DESCRIPTION)  # sh:uniqueLang: two in Dutch
    assert description.language == "nl"
    assert [(str(v.value), [r[1] for r in rows(v)]) for v in description.values] == [
        ("Over de stad", ["line 4"]), ("Over de stad en de rivier", ["line 5"])]
    hall = conflict(result.report, "locatie/Z1", NAME)
    assert [(str(v.value), [r[1] for r in rows(v)]) for v in hall.values] == [
        ("Grote zaal", ["line 2", "line 4"]), ("Grote Zaal", ["line 3"])]


def test_records_that_agree_or_make_no_second_value_are_no_conflict(default_build):
    _project, result = default_build
    # L1 is named on two rows, the same; A1's description comes from two rows, the same
    assert {(str(c.focus), c.path) for c in result.report.conflicts} == {
        (ID + "activiteit/A1", FREE), (ID + "activiteit/A2", DESCRIPTION), (ID + "locatie/L3", NAME),
        (ID + "locatie/Z1", NAME)}


def test_every_rendering_names_the_values_and_rows_and_the_summary_counts_them(tmp_path):
    folder = project_copy(tmp_path / "project")
    cli = CliRunner().invoke(main, ["build", str(folder), "-q"], catch_exceptions=False)
    assert cli.exit_code == 0, cli.output
    assert "merge conflicts: 4 (the entity held back: 4)" in cli.stderr
    assert "dangling links: 4 loaded links point at entities held back" in cli.stderr
    reports = folder / ".cultuurgraaf" / "store" / "reports"
    body = json.loads((reports / "build.json").read_text(encoding="utf-8"))
    [free] = [c for c in body["conflicts"] if c["path"] == FREE]
    assert [(v["value"], [o["record"] for o in v["origins"]]) for v in free["values"]] == [
        ('"true"^^<http://www.w3.org/2001/XMLSchema#boolean>', ["line 2"]),
        ('"false"^^<http://www.w3.org/2001/XMLSchema#boolean>', ["line 3"])]
    assert free["policy"] == "quarantine" and free["source"] == "activiteiten"
    html = (reports / "build.html").read_text(encoding="utf-8")
    assert f'id="{free["id"]}"' in html and "“false”" in html and "activiteiten.csv</code> line 3" in html
    project = load_project(folder)
    report = build(project, force=True).report
    text = render(report, "text")
    assert f"- {ID}activiteit/A1  path {FREE}  [{free['id']}]" in text
    assert 'value "false"^^<http://www.w3.org/2001/XMLSchema#boolean>' in text
    assert "activiteiten.csv line 3, rule 'activiteit: schema:isAccessibleForFree'" in text
    sarif = json.loads(render(report, "sarif"))["runs"][0]["results"]
    [entry] = [r for r in sarif if r["fingerprints"]["cultuurgraaf/entry"] == free["id"]]
    assert entry["ruleId"] == "merge-conflict" and "line 3" in entry["message"]["text"]
    assert [loc["physicalLocation"]["region"]["startLine"] for loc in entry["locations"]] == [2, 3]
    assert free["id"] in render(report, "turtle")


def test_on_conflict_quarantine_holds_back_only_the_entity(default_build):
    project, result = default_build
    assert not loaded(project, "activiteit/A1") and not loaded(project, "activiteit/A2")
    assert not loaded(project, "locatie/L3") and not loaded(project, "locatie/Z1")
    # the rows that made Z1 also made their performances: those are loaded
    assert all(loaded(project, f"activiteit/{p}") for p in ("P1", "P2", "P3", "A3"))
    assert loaded(project, "locatie/L1")
    held = {h.entity: h.entries for h in result.report.held_back}
    assert held[f"<{ID}locatie/Z1>"] == (conflict(result.report, "locatie/Z1", NAME).id,)


def test_an_entity_pointing_at_a_held_back_one_keeps_its_data_and_the_link_is_reported(default_build):
    project, result = default_build
    assert values_of(project, "activiteit/A3", LOCATION) == {ID + "locatie/L3"}
    assert values_of(project, "activiteit/A3", FREE) == {"false"}
    venue = conflict(result.report, "locatie/L3", NAME)
    dangling = {(str(d.subject), d.path, str(d.target)): d for d in result.report.dangling}
    link = dangling[(ID + "activiteit/A3", LOCATION, ID + "locatie/L3")]
    assert [(Path(o.source_file).name, o.record, o.rule) for o in link.origins] == [
        ("activiteiten.csv", "line 6", "activiteit: schema:location")]
    assert link.entries == (venue.id,)
    assert {key[0] for key in dangling if key[2] == ID + "locatie/Z1"} == {ID + f"activiteit/{p}" for p in ("P1", "P2", "P3")}
    # the link that dangles is reported once, as a dangling link, not as a violation of A3
    assert not [r for r in result.report.results if str(r.focus) == ID + "activiteit/A3"]


def test_on_conflict_first_keeps_the_first_records_value_and_counts_the_dropped(tmp_path):
    project, result = built(tmp_path / "project", "first")
    assert values_of(project, "activiteit/A1", FREE) == {"true"}  # line 2, not line 3
    assert values_of(project, "activiteit/A2", DESCRIPTION) == {"Over de stad"}
    assert loaded(project, "activiteit/A1") and loaded(project, "activiteit/A2")
    free = conflict(result.report, "activiteit/A1", FREE)
    assert [(v.value.toPython(), v.dropped) for v in free.values] == [(True, False), (False, True)]
    assert result.check.quarantined["activiteiten"].dropped == 2
    assert result.check.quarantined["activiteiten"].entities == []
    assert any(line.startswith("activiteiten: 2 conflicting values dropped (not loaded); see")
               for line in result.check.summary())
    dropped = (project.store_path / "reports" / "activiteiten.quarantine.nq").read_text(encoding="utf-8")
    assert f"<{ID}activiteit/A1> <{FREE}> \"false\"" in dropped and "Over de stad en de rivier" in dropped
    assert open_store(project.store_path).manifest().graphs["activiteiten"].extra["quarantined"]["dropped_values"] == 2


def test_on_conflict_report_loads_every_value_and_reports_the_conflict(tmp_path):
    project, result = built(tmp_path / "project", "report")
    assert values_of(project, "activiteit/A1", FREE) == {"true", "false"}
    assert values_of(project, "activiteit/A2", DESCRIPTION) == {"Over de stad", "Over de stad en de rivier"}
    assert conflict(result.report, "activiteit/A1", FREE).outcome == "all values loaded"
    assert "activiteiten" not in result.check.quarantined
    # the venues keep the default, whatever the activities say
    assert not loaded(project, "locatie/L3")


def test_an_unknown_policy_is_refused_with_the_file_and_what_is_allowed(tmp_path):
    folder = project_copy(tmp_path / "project", "last")
    with pytest.raises(ConfigError) as refused:
        load_project(folder)
    assert "[[sources]] 'activiteiten' on_conflict: must be one of" in str(refused.value)
    assert '"quarantine", "first", "report"' in str(refused.value)
    assert refused.value.location.path == str((folder / "cultuurgraaf.toml").resolve())
    cli = CliRunner().invoke(main, ["build", str(folder), "-q"])
    assert cli.exit_code == 3 and "Traceback" not in cli.output


def test_the_store_keeps_which_entities_were_held_back_in_which_build(tmp_path):
    project, first = built(tmp_path / "project")
    store = open_store(project.store_path)
    held = read_held_back(store)
    [venue] = held[ID + "locatie/L3"]
    assert (venue.source, venue.generation, venue.report) == ("locaties", 1, "gen-000001.reports/locaties.html")
    assert venue.entries == (conflict(first.report, "locatie/L3", NAME).id,)
    body = json.loads((project.store_path / venue.report.replace(".html", ".json")).read_text(encoding="utf-8"))
    assert venue.entries[0] in {c["id"] for c in body["conflicts"]}
    # a build that maps the activities again keeps what the first held back of the venues
    (project.root / "activiteiten.csv").write_text(
        (project.root / "activiteiten.csv").read_text(encoding="utf-8").replace("true,L1", "false,L1"),
        encoding="utf-8")
    second = build(project)
    assert [o.status for o in second.outcomes] == ["unchanged", "unchanged", "built"]
    held = read_held_back(store)
    # (its report goes with each generation)
    assert held[ID + "locatie/L3"] == [replace(venue, report="gen-000002.reports/locaties.html")]
    assert ID + "activiteit/A1" not in held  # now free on both rows: no conflict, loaded
    assert held[ID + "activiteit/A2"][0].generation == 2
    # links to what the first build held back still dangle, and are reported (those of the kept
    # performances too, without rows: no lineage is kept for a graph from an earlier build)
    dangling = {str(d.subject): d for d in second.report.dangling}
    assert sorted(dangling) == [ID + f"activiteit/{a}" for a in ("A3", "P1", "P2", "P3")]
    assert [o.record for o in dangling[ID + "activiteit/A3"].origins] == ["line 6"]
    assert dangling[ID + "activiteit/A3"].entries == venue.entries and dangling[ID + "activiteit/P1"].origins == ()
    # and so does a load
    extra = tmp_path / "extra.nt"
    extra.write_text('<https://ex.org/a> <https://ex.org/b> "c" .\n', encoding="utf-8")
    load_file(project, extra, graph="https://ex.org/graph/extra")
    assert read_held_back(store)[ID + "locatie/L3"] == [replace(venue, report="gen-000003.reports/locaties.html")]


def test_validate_reports_the_conflicts_of_a_mapping(tmp_path):
    cli = CliRunner().invoke(main, ["validate", str(CASE / "activiteiten.yml"), "--shapes", str(CASE / "shapes.ttl"),
                                    "--format", "json"], catch_exceptions=False)
    assert cli.exit_code == 1
    body = json.loads(cli.stdout)
    assert sorted((c["focus"], c["path"]) for c in body["conflicts"]) == [
        (ID + "activiteit/A1", FREE), (ID + "activiteit/A2", DESCRIPTION)]
    assert all("policy" not in c for c in body["conflicts"])
