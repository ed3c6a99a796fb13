"""The numbers of an updated search index: things added between two neighbours numbered one apart get
room by numbering a few things around them again, and the index stays in name order throughout."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing

from cultuurgraaf.search import index_path
from cultuurgraaf.search.update import GAP, apply_changes
from cultuurgraaf.store import open_store


def row(iri: str, key: str) -> tuple:
    """A row as thing_rows makes it: an object named ``key``, searched by its name."""
    return (iri, "erfgoedobject", f'{{"nl": "{key}"}}', key, None, None, None, None, key, iri.rsplit("/", 1)[1], "", "")


def check_order_and_texts(db: sqlite3.Connection) -> None:
    ids = [i for (i,) in db.execute("SELECT id FROM entity WHERE kind = 'erfgoedobject' ORDER BY sort_key, iri")]
    assert ids == sorted(ids), "the numbers are not in name order"
    first, last, n = db.execute("SELECT first, last, n FROM kind_count WHERE kind = 'erfgoedobject'").fetchone()
    assert (first, last, n) == (ids[0], ids[-1], len(ids))
    assert db.execute("SELECT COUNT(*) FROM facet WHERE entity NOT IN (SELECT id FROM entity)").fetchone()[0] == 0
    db.execute("INSERT INTO text(text, rank) VALUES ('integrity-check', 1)")  # raises if FTS and doc differ


def test_things_added_again_and_again_in_one_place_get_room_by_renumbering_a_few(demo_project, tmp_path):
    store = open_store(demo_project.store_path)
    path = tmp_path / "index.sqlite"
    shutil.copyfile(index_path(store, store.current_generation()), path)
    with closing(sqlite3.connect(path)) as db:
        (low, low_key), (high, high_key) = db.execute(
            "SELECT id, sort_key FROM entity WHERE kind = 'erfgoedobject' ORDER BY id LIMIT 2").fetchall()
        assert high - low == GAP
        before = dict(db.execute("SELECT iri, id FROM entity"))
        # each one sorts after the one before and before `high`: it halves the room left, 20 times over
        added = []
        for i in range(24):
            thing = row(f"https://data.cultuurgraaf.be/id/erfgoedobject/squeeze-{i:02d}", f"{low_key} ~{i:02d}")
            assert thing[3] < high_key
            assert apply_changes(db, [thing], [], {thing[0]}) == 1
            added.append(thing[0])
            check_order_and_texts(db)
        # and 300 at once, between the same two
        batch = [row(f"https://data.cultuurgraaf.be/id/erfgoedobject/batch-{i:03d}", f"{low_key} ~00 {i:03d}")
                 for i in range(300)]
        assert apply_changes(db, batch, [], {thing[0] for thing in batch}) == 300
        check_order_and_texts(db)
        after = dict(db.execute("SELECT iri, id FROM entity"))
        moved = [iri for iri, id_ in before.items() if after[iri] != id_]
        # room was made by numbering a window around the place again, not the whole kind
        assert 0 < len(moved) <= 64, len(moved)
        found = db.execute("SELECT COUNT(*) FROM text WHERE text MATCH '\"squeeze\"'").fetchone()[0]
        assert found == 24
