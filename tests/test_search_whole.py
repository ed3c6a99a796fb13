"""A search index built whole reads what the store says of each thing as parts, streamed through SQLite and
made into one thing at a time: its rows are those of the things read all at once."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pyoxigraph as ox

from cultuurgraaf.iris import IriScheme
from cultuurgraaf.search import build_index, index_path
from cultuurgraaf.search.things import read_things, thing_rows
from cultuurgraaf.store import open_store
from cultuurgraaf.store.checkpoint import CheckpointReader
from cultuurgraaf.vocab import CRM, DCAT, DCT, M8G, RDF, SKOS

BASE = "https://data.example.org"
SOURCE = f"{BASE}/graph/objecten"
ENTITY = "SELECT iri, kind, labels, sort_key, excerpt, others, image, start FROM entity ORDER BY iri"


def rows_read_at_once(reader, iris: IriScheme, graphs: list[str], only: set[str]) -> list[tuple]:
    """The entity rows of ``only``, as an update reads them: every thing held in memory at once."""
    things = read_things(reader, iris, sources=[g for g in graphs if g != iris.meta_graph],
                         meta=iris.meta_graph, only=only)
    return sorted(row[:8] for row in thing_rows(things.items(), iris))


def test_each_thing_is_made_of_parts_from_every_pass_and_only_what_makes_a_thing_gets_a_row(tmp_path):
    iris = IriScheme(BASE)
    folder = tmp_path / "store"
    db = ox.Store(str(folder))
    n = ox.NamedNode
    cup, span, only_start, unknown, meta = (n(f"{BASE}/id/erfgoedobject/beker"), n(f"{BASE}/id/tijd/1"),
                                            n(f"{BASE}/id/erfgoedobject/leeg"), n(f"{BASE}/id/tijd/0"),
                                            n(iris.meta_graph))
    source, dataset = n(SOURCE), n(f"{BASE}/id/dataset/objecten")
    for s, p, o, g in [
        (cup, n(CRM.P102_has_title), ox.Literal("Kan", language="nl"), source),
        (cup, n(SKOS.prefLabel), ox.Literal("Beker", language="nl"), source),    # preferred, read in another pass
        (cup, n(CRM.P3_has_note), ox.Literal("<p>Een <b>zilveren</b> beker</p>", language="nl"), source),
        (cup, n(RDF.type), n(CRM["E22_Human-Made_Object"]), source),
        (cup, n(CRM["P4_has_time-span"]), span, source),
        (span, n(M8G.startTime), ox.Literal("1890-01-01T00:00:00Z"), source),
        # a start only (of a year written for "unknown", so in no period): no row
        (only_start, n(CRM["P4_has_time-span"]), unknown, source),
        (unknown, n(M8G.startTime), ox.Literal("0001-01-01T00:00:00Z"), source),
        (source, n(CRM["P4_has_time-span"]), unknown, source),                   # a start the title does not take
        (dataset, n(RDF.type), n(DCAT.Dataset), meta),
        (dataset, n(DCT.identifier), source, meta),
        (dataset, n(DCT.title), ox.Literal("Objecten", language="nl"), meta),    # the source's row, by its title
    ]:
        db.add(ox.Quad(s, p, o, g))
    db.flush()
    del db
    reader = CheckpointReader(folder)
    graphs = [SOURCE, iris.meta_graph]
    path = build_index(reader, tmp_path / "index.sqlite", iris=iris, graphs=graphs).path
    with closing(sqlite3.connect(path)) as index:
        rows = index.execute(ENTITY).fetchall()
        facets = index.execute("SELECT e.iri, f.name, f.value FROM facet f JOIN entity e ON e.id = f.entity").fetchall()
    assert rows == [
        (SOURCE, None, '{"nl": "Objecten"}', "objecten", None, None, None, None),
        (cup.value, "erfgoedobject", '{"nl": "Beker"}', "beker", '{"nl": "Een zilveren beker"}', None, None,
         "1890-01-01T00:00:00Z"),
    ]
    assert sorted(facets) == [(cup.value, "bron", SOURCE), (cup.value, "periode", "1890")]
    assert rows == rows_read_at_once(reader, iris, graphs, {cup.value, span.value, only_start.value, SOURCE})


def test_the_demo_s_whole_index_has_the_rows_of_its_things_read_all_at_once(demo_project):
    store = open_store(demo_project.store_path)
    generation = store.current_generation()
    with closing(sqlite3.connect(f"file:{index_path(store, generation)}?mode=ro", uri=True)) as index:
        assert index.execute("SELECT value FROM meta WHERE key = 'reused'").fetchone() is None  # built whole
        rows = index.execute(ENTITY).fetchall()
    graphs = [*store.manifest(generation).project_graphs(), demo_project.iris.meta_graph]
    assert len(rows) > 700
    assert rows == rows_read_at_once(store, demo_project.iris, graphs, {row[0] for row in rows})
