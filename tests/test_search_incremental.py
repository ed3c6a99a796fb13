"""The search index of a new generation reuses the previous one: only the things the changed graphs
touch are read again, and the result is the same as an index built anew, row for row."""

from __future__ import annotations

import csv
import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from support.demo_things import BASE, iri_safe, maker_with_objects
from support.projects import demo_copy

from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import build, load_file
from cultuurgraaf.search import SearchIndex, build_index, index_path, read_changes
from cultuurgraaf.store import open_store

EXTRA = f"{BASE}/graph/extra"
#: Each table of the index, its rows named by IRI instead of id (an updated index numbers things between
#: the old ones, a new one from the start), in id order: the same rows in the same order.
TABLES = {
    "entity": "SELECT iri, kind, labels, sort_key, excerpt, others, image, start FROM entity ORDER BY id",
    "doc": "SELECT e.iri, d.labels, d.ids, d.related, d.descriptions FROM doc d JOIN entity e ON e.id = d.id ORDER BY d.id",
    "facet": "SELECT e.iri, f.name, f.value FROM facet f JOIN entity e ON e.id = f.entity ORDER BY 1, 2, 3",
    "facet_count": "SELECT * FROM facet_count ORDER BY kind, name, value",
    "kind_count": "SELECT kind, n, (SELECT iri FROM entity WHERE id = first), (SELECT iri FROM entity WHERE id = last) "
                  "FROM kind_count ORDER BY kind",
}


def index_rows(path: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return {table: db.execute(query).fetchall() for table, query in TABLES.items()}


def assert_same_as_a_new_index(store, project, tmp_path: Path) -> None:
    """The current generation's index holds exactly the rows of an index built from scratch, in the same
    order, and its full-text index matches its texts."""
    generation = store.current_generation()
    fresh = build_index(store, tmp_path / f"fresh-{generation}.sqlite", iris=project.iris,
                        graphs=[*store.manifest(generation).project_graphs(), project.iris.meta_graph]).path
    updated, expected = index_rows(index_path(store, generation)), index_rows(fresh)
    for table in TABLES:
        only_updated = sorted(set(updated[table]) - set(expected[table]))[:5]
        only_expected = sorted(set(expected[table]) - set(updated[table]))[:5]
        assert updated[table] == expected[table], f"{table}: only in the updated index {only_updated}; " \
                                                  f"only in the new one {only_expected}"
    with closing(sqlite3.connect(index_path(store, generation))) as db:
        db.execute("INSERT INTO text(text, rank) VALUES ('integrity-check', 1)")  # raises when they differ


def reused_from(store) -> str | None:
    with closing(sqlite3.connect(index_path(store, store.current_generation()))) as db:
        row = db.execute("SELECT value FROM meta WHERE key = 'reused'").fetchone()
    return row[0] if row else None


@pytest.fixture()
def demo_store(demo_project, tmp_path):
    """A copy of the built demo store, and the demo project pointed at it."""
    copy = tmp_path / "store"
    shutil.copytree(demo_project.store_path, copy, ignore=shutil.ignore_patterns("LOCK"))
    return open_store(copy), load_project(demo_project.root, store=str(copy))


def extra_graph(tmp_path: Path, *, maker_ref: str, with_new_things: bool) -> Path:
    """A Turtle file: a new object, and a second name for a maker (which objects are found by)."""
    maker = f"<{BASE}/id/persoon/{iri_safe(maker_ref)}>"
    text = ["@prefix crm: <http://www.cidoc-crm.org/cidoc-crm/> .", "@prefix foaf: <http://xmlns.com/foaf/0.1/> ."]
    if with_new_things:
        text += [f"<{BASE}/id/erfgoedobject/EXTRA-1> a crm:E22_Human-Made_Object ; "
                 'crm:P102_has_title "Zwanenhals van tin"@nl ; crm:P3_has_note "Een <b>proefstuk</b>"@nl .',
                 f'{maker} foaf:name "Qwertyzilversmid" .']
    else:
        text += [f'<{BASE}/id/erfgoedobject/EXTRA-2> crm:P102_has_title "Alleen een titel"@nl .']
    path = tmp_path / ("extra.ttl" if with_new_things else "extra-2.ttl")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path


def test_a_load_with_index_reads_only_what_it_touched_and_equals_a_new_index(demo_store, tmp_path):
    store, project = demo_store
    before = store.current_generation()
    person, made = maker_with_objects()
    load_file(project, extra_graph(tmp_path, maker_ref=person["id"], with_new_things=True), graph=EXTRA, index=True)
    assert reused_from(store) == str(before)
    search = SearchIndex(store, project.iris)
    assert [h.iri for h in search.search("zwanenhals tin").hits] == [f"{BASE}/id/erfgoedobject/EXTRA-1"]
    assert search.search("proefstuk").total == 1
    # the maker's new name is in another graph than the objects: they are found by it all the same
    found = search.search("qwertyzilversmid", kind="erfgoedobject")
    assert found.total == len(made)
    assert_same_as_a_new_index(store, project, tmp_path)

    load_file(project, extra_graph(tmp_path, maker_ref=person["id"], with_new_things=False), graph=EXTRA, index=True)
    assert reused_from(store) == str(before + 1)
    assert search.search("zwanenhals").total == 0 and search.search("qwertyzilversmid").total == 0
    assert search.search("alleen een titel").total == 1
    assert_same_as_a_new_index(store, project, tmp_path)


def test_a_deferred_index_is_written_from_the_previous_one_with_the_changes_noted(demo_store, tmp_path):
    store, project = demo_store
    before = store.current_generation()
    person, made = maker_with_objects()
    load_file(project, extra_graph(tmp_path, maker_ref=person["id"], with_new_things=True), graph=EXTRA)
    generation = store.current_generation()
    assert not index_path(store, generation).exists()
    changes = read_changes(store, generation)
    assert changes.previous == before and EXTRA in changes.graphs
    search = SearchIndex(store, project.iris)
    search._build(generation)  # what a server does in the background
    assert reused_from(store) == str(before)
    assert search.search("qwertyzilversmid", kind="erfgoedobject").total == len(made)
    assert_same_as_a_new_index(store, project, tmp_path)


def test_two_deferred_loads_then_a_build_update_the_last_index_there_is(demo_store, tmp_path):
    """Nobody indexed the generation in between: its noted changes are added to the next ones'."""
    store, project = demo_store
    before = store.current_generation()
    person, _ = maker_with_objects()
    load_file(project, extra_graph(tmp_path, maker_ref=person["id"], with_new_things=True), graph=EXTRA)
    load_file(project, extra_graph(tmp_path, maker_ref=person["id"], with_new_things=False), graph=f"{BASE}/graph/x2",
              index=True)
    assert reused_from(store) == str(before)
    search = SearchIndex(store, project.iris)
    assert search.search("zwanenhals").total == 1 and search.search("alleen een titel").total == 1
    assert_same_as_a_new_index(store, project, tmp_path)


def test_a_build_that_changes_one_source_updates_the_index_in_place(tmp_path):
    folder = demo_copy(tmp_path / "project", sources=["organisaties", "personen", "objecten"])
    project = load_project(folder)
    assert not build(project).failed
    store = open_store(project.store_path)
    first = store.current_generation()
    persons = folder / "data" / "personen.csv"
    with open(persons, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    old_name = rows[0]["volledige_naam"]
    rows[0]["volledige_naam"] = "Xylofoonbouwer Quasimodo"
    with open(persons, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = build(project)
    assert [o.status for o in result.outcomes] == ["unchanged", "built", "unchanged"]
    assert reused_from(store) == str(first)
    search = SearchIndex(store, project.iris)
    assert search.search("xylofoonbouwer quasimodo").total >= 1
    assert not any(h.label == old_name for h in search.search(old_name, kind="persoon", per_page=100).hits)
    assert_same_as_a_new_index(store, project, tmp_path)


def test_a_build_that_drops_a_source_builds_the_index_whole_and_says_why(tmp_path):
    """Dropping the demo's persons touches every person and every object one of them made: more than the
    share of the things beyond which reading them one chunk at a time costs more than reading them all."""
    folder = demo_copy(tmp_path / "project", sources=["organisaties", "personen", "objecten"])
    assert not build(load_project(folder)).failed
    text = (folder / "cultuurgraaf.toml").read_text(encoding="utf-8")
    personen = '[[sources]]\nname = "personen"\ninputs = "data/personen.csv"\nmapping = "mappings/personen.yml"\n'
    assert personen in text
    (folder / "cultuurgraaf.toml").write_text(text.replace(personen, ""), encoding="utf-8")
    project = load_project(folder)
    store = open_store(project.store_path)
    first = store.current_generation()
    search = SearchIndex(store, project.iris)
    assert search.kinds().get("persoon")
    written = build(project).index
    assert store.current_generation() == first + 1 and reused_from(store) is None
    assert written.read_again is None
    assert re.fullmatch(rf"search index: built whole, {written.things:,} things \(the changes touch more than \d+ of "
                        rf"the [\d,]+ things of generation {first}'s index: past 1 in 5, updating costs more\)",
                        written.line()), written.line()
    assert "persoon" not in search.kinds()
    assert_same_as_a_new_index(store, project, tmp_path)


def test_a_changed_other_name_is_found_after_an_incremental_build_and_the_old_one_is_not(tmp_path):
    """Other names (skos:altLabel, skos:hiddenLabel) are read for the things a change touches only, like
    names: a maker's new Russian name and spelling are found, the old ones no longer."""
    folder = demo_copy(tmp_path / "project", sources=["organisaties", "personen", "objecten"])
    project = load_project(folder)
    assert not build(project).failed
    store = open_store(project.store_path)
    first = store.current_generation()
    search = SearchIndex(store, project.iris)
    assert [h.label for h in search.search("Анри").hits] == ["Henry van de Velde"]
    persons = folder / "data" / "personen.csv"
    with open(persons, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    henry = next(row for row in rows if row["naam_ru"] == "Анри ван де Велде")
    henry["naam_ru"], henry["schrijfwijzen"] = "Генри ван де Вельде", "Hendrik van de Velde"
    with open(persons, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert [o.status for o in build(project).outcomes] == ["unchanged", "built", "unchanged"]
    assert reused_from(store) == str(first)
    assert search.search("Анри").total == 0 and search.search("Henri van de Velde", kind="persoon").total == 0
    found = search.search("Генри")
    assert [h.label for h in found.hits] == ["Henry van de Velde"]
    assert found.hits[0].also_known_as == [["ru", "Генри ван де Вельде"]]
    assert [h.label for h in search.search("hendrik van de velde").hits] == ["Henry van de Velde"]
    assert_same_as_a_new_index(store, project, tmp_path)


def entity_ids(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return dict(db.execute("SELECT iri, id FROM entity"))


def test_a_small_load_rewrites_only_the_rows_it_touched_and_every_other_keeps_its_number(demo_store, tmp_path):
    """A thing that sorts first among the objects goes between the numbers there are: no other row is
    numbered again (before, every generation numbered the whole index anew, so all objects after it moved)."""
    store, project = demo_store
    before = store.current_generation()
    old = entity_ids(index_path(store, before))
    first = f"<{BASE}/id/erfgoedobject/AAA-1>"
    data = tmp_path / "first.ttl"
    data.write_text(f'{first} a <http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object> ; '
                    '<http://www.cidoc-crm.org/cidoc-crm/P102_has_title> "Aaaardvark van aardewerk"@nl .\n',
                    encoding="utf-8")
    loaded = load_file(project, data, graph=EXTRA, index=True)
    assert loaded.index.read_again is not None and loaded.index.read_again < 10, loaded.index.line()
    new = entity_ids(index_path(store, before + 1))
    assert set(new) - set(old) == {first[1:-1], EXTRA}  # the thing, and the new graph (a dataset)
    renumbered = sorted(iri for iri in old if iri in new and new[iri] != old[iri])
    assert renumbered == [], f"{len(renumbered)} of {len(old)} rows were numbered again, e.g. {renumbered[:3]}"
    assert [h.iri for h in SearchIndex(store, project.iris).browse("erfgoedobject").hits][0] == first[1:-1]
    assert_same_as_a_new_index(store, project, tmp_path)
