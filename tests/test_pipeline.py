"""Builds: unchanged sources are skipped by checksum, and a broken source never costs its old graph."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cultuurgraaf.cli import main
from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import build
from cultuurgraaf.store import open_store
from support.projects import demo_copy

NEW_PERSON = "PER9001,Anna Boch,Anna,Boch,1848,1936,Q271936,,,,,\n"
PERSON_IRI = "https://data.cultuurgraaf.be/id/persoon/PER9001"
ORGANISATION_IRI = "https://data.cultuurgraaf.be/id/organisatie/ORG0001"


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    folder = demo_copy(tmp_path_factory.mktemp("pipeline") / "project", sources=["organisaties", "personen"])
    assert not build(load_project(folder)).failed
    return folder


@pytest.fixture
def folder(built_once, tmp_path):
    """Organisations and persons of the demo, built: a fresh copy (project and store) for each test."""
    return Path(shutil.copytree(built_once, tmp_path / "project"))


def knows(folder, iri: str, graph: str) -> bool:
    store = open_store(load_project(folder).store_path)
    return store.query(f"ASK {{ GRAPH <{graph}> {{ <{iri}> ?p ?o }} }}").boolean


def graph_of(folder, name: str) -> str:
    return load_project(folder).source(name).graph


def break_xml(folder) -> None:
    path = folder / "data" / "organisaties.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")


def add_person(folder) -> None:
    with open(folder / "data" / "personen.csv", "a", encoding="utf-8") as out:
        out.write(NEW_PERSON)


def run_build(folder, *options: str):
    return CliRunner().invoke(main, ["build", str(folder), "--quiet", *options])


def test_a_second_build_with_nothing_changed_skips_every_source(folder):
    store = open_store(load_project(folder).store_path)
    generation = store.current_generation()
    result = build(load_project(folder))
    assert {o.name: o.status for o in result.outcomes} == {"organisaties": "unchanged", "personen": "unchanged"}
    assert store.current_generation() == generation, "nothing changed, so no new generation"


def test_a_changed_input_rebuilds_only_its_source(folder):
    add_person(folder)
    result = build(load_project(folder))
    assert {o.name: o.status for o in result.outcomes} == {"organisaties": "unchanged", "personen": "built"}
    assert knows(folder, PERSON_IRI, graph_of(folder, "personen"))
    assert knows(folder, ORGANISATION_IRI, graph_of(folder, "organisaties")), "the skipped source was kept"


def test_a_changed_mapping_rebuilds_its_source(folder):
    mapping = folder / "mappings" / "personen.yml"
    mapping.write_text(mapping.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    result = build(load_project(folder))
    assert {o.name: o.status for o in result.outcomes}["personen"] == "built"


def test_force_rebuilds_unchanged_sources(folder):
    result = build(load_project(folder), force=True)
    assert {o.status for o in result.outcomes} == {"built"}


def test_a_broken_input_is_reported_and_the_old_graph_still_answers(folder):
    before = open_store(load_project(folder).store_path).current_generation()
    add_person(folder)
    break_xml(folder)

    result = run_build(folder)

    assert result.exit_code == 3
    assert "organisaties: failed" in result.output and "organisaties.xml" in result.output
    assert "the store was left as it was" in result.output
    assert open_store(load_project(folder).store_path).current_generation() == before
    assert knows(folder, ORGANISATION_IRI, graph_of(folder, "organisaties"))
    assert not knows(folder, PERSON_IRI, graph_of(folder, "personen")), "without --keep-going nothing is loaded"


def test_keep_going_loads_the_good_sources_and_keeps_the_old_graph_of_the_broken_one(folder):
    add_person(folder)
    break_xml(folder)

    result = run_build(folder, "--keep-going")

    assert result.exit_code == 3, "a failed source still fails the command"
    assert "organisaties: failed" in result.output
    assert "failed sources keep their previous graph" in result.output
    assert knows(folder, PERSON_IRI, graph_of(folder, "personen")), "the good source was loaded"
    assert knows(folder, ORGANISATION_IRI, graph_of(folder, "organisaties")), "the broken source kept its old graph"
    manifest = open_store(load_project(folder).store_path).manifest()
    assert set(manifest.graphs) == {"organisaties", "personen"}


def test_after_the_input_is_repaired_the_source_is_built_again(folder):
    original = (folder / "data" / "organisaties.xml").read_text(encoding="utf-8")
    break_xml(folder)
    assert run_build(folder, "--keep-going").exit_code == 3
    (folder / "data" / "organisaties.xml").write_text(original + "\n", encoding="utf-8")
    result = build(load_project(folder))
    assert {o.name: o.status for o in result.outcomes}["organisaties"] == "built"


def test_a_source_removed_from_the_project_file_loses_its_graph(folder):
    project_file = folder / "cultuurgraaf.toml"
    text = project_file.read_text(encoding="utf-8")
    project_file.write_text(text[: text.index('[[sources]]\nname = "personen"')], encoding="utf-8")
    build(load_project(folder))
    manifest = open_store(load_project(folder).store_path).manifest()
    assert set(manifest.graphs) == {"organisaties"}
    assert not knows(folder, "https://data.cultuurgraaf.be/id/persoon/PER0001", graph_of_iri("personen"))


def graph_of_iri(name: str) -> str:
    return f"https://data.cultuurgraaf.be/graph/{name}"


def test_the_build_says_both_what_it_mapped_and_what_the_graph_holds_as_the_home_page_does(folder):
    """The organisations' mapping writes the same venue statements more than once: the build says so,
    and its second number is the home page's."""
    from support.apps import make_app_client

    result = run_build(folder, "--force")
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.startswith("organisaties: built"))
    mapped, in_graph = (int(n) for n in re.findall(r"(\d+) (?:quads mapped|distinct triples in the graph)", line))
    store = open_store(load_project(folder).store_path)
    assert in_graph == store.count(graph_of(folder, "organisaties")) < mapped
    with make_app_client(load_project(folder)) as http:
        home = http.get("/", headers={"Accept-Language": "en"}).text
    assert f'<td class="num">{in_graph:,}</td>' in home and "Triples in the graph" in home
    assert "after removing duplicates" in home
