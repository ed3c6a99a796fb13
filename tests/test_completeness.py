"""Completeness per source: for each class the shapes check, the share of the source's entities
with each property the shapes name, the languages of its texts and the share linked to an
authority, on the dataset page (a table with bars) and as JSON, compared with the build before.

The planted project (tests/cases/validation/planted) under `strikt` holds back the object
without a title; built again under `publicatie`, that object loads, and the share of objects
with a title goes down: worse than the build before.
"""

from __future__ import annotations

import shutil

import pytest

from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import build
from support.apps import make_app_client
from support.http import assert_error_shape
from support.paths import ROOT

PLANTED = ROOT / "tests" / "cases" / "validation" / "planted"
CRM = "http://www.cidoc-crm.org/cidoc-crm/"
OBJECT, TITLE = CRM + "E22_Human-Made_Object", CRM + "P102_has_title"
HTML = {"Accept": "text/html"}


def planted_copy(folder):
    for name in ("objecten.csv", "objecten.yml", "organisaties.xml", "personen.csv"):
        shutil.copy(PLANTED / name, folder / name)
    text = (PLANTED / "cultuurgraaf.toml").read_text(encoding="utf-8").replace("../../../../", str(ROOT) + "/")
    (folder / "cultuurgraaf.toml").write_text(text, encoding="utf-8")
    return folder / "cultuurgraaf.toml"


def objects(body: dict) -> dict:
    return next(c for c in body["classes"] if c["class"] == OBJECT)


def title(body: dict) -> dict:
    return next(p for p in objects(body)["properties"] if p["path"] == TITLE)


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("completeness")
    toml = planted_copy(folder)
    project = load_project(folder, store=str(folder / "store"))
    build(project)
    with make_app_client(project) as client:
        first = client.get("/volledigheid/objecten.json").json()
    toml.write_text(toml.read_text(encoding="utf-8").replace('profile = "strikt"', 'profile = "publicatie"'),
                    encoding="utf-8")
    project = load_project(folder, store=str(folder / "store"))
    build(project)
    with make_app_client(project) as client:
        yield first, client


def test_the_first_build_counts_each_property_with_its_languages(two_builds):
    first, _client = two_builds
    assert first["compared_with_previous_build"] is False
    # loaded: 2019.0042, 0046 and 0047; held back 0043 (no title), 0044 (its date), 0045 (unknown keeper)
    assert objects(first)["entities"] == 3
    assert title(first)["share"] == 1.0 and title(first)["change"] is None
    assert set(title(first)["languages"]) >= {"nl"}


def test_the_next_build_says_what_got_worse(two_builds):
    _first, client = two_builds
    second = client.get("/volledigheid/objecten.json").json()
    assert second["compared_with_previous_build"] is True
    assert objects(second)["entities"] == 6
    assert (title(second)["count"], title(second)["share"], title(second)["change"]) == (5, 0.8333, "worse")


def test_the_dataset_page_shows_the_table_with_bars(two_builds):
    _first, client = two_builds
    page = client.get("/doc/dataset/objecten", headers=HTML).text
    start = page.index('<h2 id="volledigheid">')
    section = page[start:page.index("</section>", start)]
    assert f"<code>{TITLE}</code>" in section and '<meter min="0" max="1" value="0.8333">' in section
    assert "▼ slechter" in section and '<a href="/volledigheid/objecten.json">JSON</a>' in section


def test_a_name_that_is_no_source_has_no_completeness(two_builds):
    _first, client = two_builds
    assert_error_shape(client.get("/volledigheid/niets.json"), 404, "not-found")


def test_two_processes_taking_turns_count_together_what_one_counts_alone(tmp_path):
    # a large build shares the counts between its own process and the one writing the search index
    import pickle

    from cultuurgraaf.catalogue.completeness import count_completeness, count_in_turns, named_properties
    from cultuurgraaf.processes import Turns
    from cultuurgraaf.store import open_project_store
    from cultuurgraaf.validation import load_shapes

    project = load_project(planted_copy(tmp_path), store=str(tmp_path / "store"))
    build(project)
    store = open_project_store(project)
    graphs = store.manifest().graphs["objecten"].all_graphs
    properties = named_properties(load_shapes(project.shapes))
    base = project.iris.base
    counts = [(graphs, cls, paths) for cls, paths in properties.items()]
    here = Turns(tmp_path / "completeness.next")
    there = pickle.loads(pickle.dumps(here))  # as the other process gets it
    first = count_in_turns(store, counts, iter([here.take(), len(counts)]).__next__, base)  # one turn here
    rest = count_in_turns(store, counts, there.take, base)  # the other goes on from the same count
    alone = count_completeness(store, graphs, properties, base=base)
    assert sorted(first) == [0] and sorted(rest) == list(range(1, len(counts))) and len(counts) > 2
    together = first | rest
    assert {"classes": [together[i] for i in range(len(counts)) if together[i] is not None]} == alone
    assert any(c["class"] == OBJECT for c in alone["classes"])
