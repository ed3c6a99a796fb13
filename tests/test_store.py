"""The embedded store: generations switched atomically, one writer, loads in any syntax, dumps."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from cultuurgraaf.errors import RDFSyntaxError, StoreError
from cultuurgraaf.store import EmbeddedStore, open_store
from support.graphs import assert_same_graph

EX = "https://example.org/"
G_OBJECTS = EX + "graph/objecten"
G_PERSONS = EX + "graph/personen"

TURTLE = f"""@prefix ex: <{EX}> .
ex:teapot ex:title "Zilveren theepot"@nl, "Silver teapot"@en ; ex:height 21 .
ex:cup ex:title "Kop"@nl .
"""
TRIG = f"""@prefix ex: <{EX}> .
{{ ex:teapot ex:title "Zilveren theepot"@nl, "Silver teapot"@en ; ex:height 21 . ex:cup ex:title "Kop"@nl . }}
"""
EXPECTED = Graph().parse(data=TURTLE, format="turtle")


def nquads(graph: str, n: int, *, label: str = "thing") -> bytes:
    return "".join(f'<{EX}id/{i}> <{EX}label> "{label} {i}" <{graph}> .\n' for i in range(n)).encode()


def titles(store: EmbeddedStore, graph: str) -> set[str]:
    rows = store.query(f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s <{EX}label> ?o }} }}").rows()
    return {str(r["o"]) for r in rows}


def count(store, graph: str) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows()
    return int(next(rows)["n"])


@pytest.fixture
def store(tmp_path) -> EmbeddedStore:
    """A store with two sources: 3 objects and 2 persons."""
    store = EmbeddedStore(tmp_path / "store")
    with store.transaction() as tx:
        tx.load("objecten", graph=G_OBJECTS, data=nquads(G_OBJECTS, 3, label="old"))
        tx.load("personen", graph=G_PERSONS, data=nquads(G_PERSONS, 2))
    return store


def test_a_reader_sees_the_old_graph_until_the_new_one_is_complete(store):
    reader = open_store(store.path)
    assert titles(reader, G_OBJECTS) == {"old 0", "old 1", "old 2"}
    with store.transaction() as tx:
        tx.load("objecten", graph=G_OBJECTS, data=nquads(G_OBJECTS, 5, label="new"))
        assert titles(reader, G_OBJECTS) == {"old 0", "old 1", "old 2"}, "a half-written generation is visible"
        assert count(tx, G_OBJECTS) == 5, "the transaction reads what it wrote"
    assert titles(reader, G_OBJECTS) == {f"new {i}" for i in range(5)}
    assert count(reader, G_PERSONS) == 2, "the graph that was not replaced was kept"


def test_a_load_that_fails_leaves_the_old_graph_and_no_trace(store):
    before = (store.path / "CURRENT").read_text()
    with pytest.raises(RDFSyntaxError, match="line 2"):
        with store.transaction() as tx:
            tx.load("objecten", graph=G_OBJECTS, data=b'<http://a> <http://b> "c" .\n<http://a> <http://b> oops .\n')
    assert (store.path / "CURRENT").read_text() == before
    assert titles(store, G_OBJECTS) == {"old 0", "old 1", "old 2"}
    assert not store.generation_dir(store.current_generation() + 1).exists()


def test_a_load_checks_every_iri_unless_told_the_mapping_engine_checked_them(store):
    """``lenient`` is for the engine's own N-Quads; a broken line is still refused either way."""
    spaced = f'<{EX}id/a b> <{EX}label> "x" .\n'.encode()
    with pytest.raises(RDFSyntaxError, match="IRI"):
        with store.transaction() as tx:
            tx.load("objecten", graph=G_OBJECTS, data=spaced)
    with pytest.raises(RDFSyntaxError, match="line 1"):
        with store.transaction() as tx:
            tx.load("objecten", graph=G_OBJECTS, data=b'<http://a> <http://b> oops .\n', lenient=True)
    with store.transaction() as tx:
        tx.load("objecten", graph=G_OBJECTS, data=nquads(G_OBJECTS, 4, label="lenient"), lenient=True)
    assert titles(store, G_OBJECTS) == {f"lenient {i}" for i in range(4)}


def test_an_error_in_the_middle_of_a_build_leaves_every_graph_as_it_was(store):
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.load("objecten", graph=G_OBJECTS, data=nquads(G_OBJECTS, 1, label="new"))
            raise RuntimeError("the build broke after loading one source")
    assert titles(store, G_OBJECTS) == {"old 0", "old 1", "old 2"}
    assert count(store, G_PERSONS) == 2


def test_a_second_writer_is_refused_while_one_writes(store):
    with store.transaction():
        with pytest.raises(StoreError, match="another build or load is writing"):
            with EmbeddedStore(store.path).transaction():
                pass


def test_dropping_a_source_removes_its_graph(store):
    with store.transaction() as tx:
        tx.drop("personen")
    assert count(store, G_PERSONS) == 0
    assert set(store.manifest().graphs) == {"objecten"}


def test_only_the_current_and_previous_generations_stay_on_disk(store):
    for label in ("a", "b", "c"):
        with store.transaction() as tx:
            tx.load("objecten", graph=G_OBJECTS, data=nquads(G_OBJECTS, 1, label=label))
    current = store.current_generation()
    folders = sorted(p.name for p in store.path.glob("gen-*") if p.is_dir())
    assert folders == [f"gen-{current - 1:06d}", f"gen-{current - 1:06d}.reports", f"gen-{current:06d}",
                       f"gen-{current:06d}.reports"]


class WatchedStore(EmbeddedStore):
    """A store that tries, at the moment a generation becomes current, to open it for writing."""

    def _switch(self, generation, manifest):
        import pyoxigraph

        try:
            pyoxigraph.Store(str(self.generation_dir(generation)))
            self.writer_closed = True
        except OSError as exc:  # RocksDB's own lock: the build's database is still open
            self.writer_closed = str(exc)
        super()._switch(generation, manifest)


def test_the_builds_database_is_closed_before_its_generation_becomes_current(tmp_path):
    # While open, the writer's database may still compact and delete files that a reader of the
    # new generation (another process) has just opened, or that the sync is walking through.
    store = WatchedStore(tmp_path / "store")
    with store.transaction() as tx:
        tx.load("objecten", graph=G_OBJECTS, data=nquads(G_OBJECTS, 3))
    assert store.writer_closed is True
    assert count(store, G_OBJECTS) == 3


def test_the_manifest_records_size_checksum_and_graphs(store):
    info = store.manifest().graphs["objecten"]
    assert info.iri == G_OBJECTS and info.triples == 3 and info.graphs == [G_OBJECTS]
    assert info.loaded_at.endswith("Z")
    data = json.loads((store.path / "CURRENT").read_text())
    assert data == {"generation": store.current_generation()}


def test_quads_that_name_another_graph_belong_to_the_source_that_loaded_them(store):
    other = EX + "graph/objecten-extra"
    data = nquads(G_OBJECTS, 1, label="new") + nquads(other, 2) + f'<{EX}x> <{EX}label> "default" .\n'.encode()
    with store.transaction() as tx:
        info = tx.load("objecten", graph=G_OBJECTS, data=data)
    assert info.graphs == sorted([G_OBJECTS, other]) and info.triples == 4
    assert titles(store, G_OBJECTS) == {"new 0", "default"}
    with store.transaction() as tx:
        tx.load("personen", graph=G_PERSONS, data=nquads(G_PERSONS, 1))
    assert count(store, other) == 2, "a kept source keeps all of its graphs"
    with store.transaction() as tx:
        tx.load("objecten", graph=G_OBJECTS, data=nquads(G_OBJECTS, 1))
    assert count(store, other) == 0, "replacing the source replaces all of its graphs"


def test_a_source_cannot_write_into_the_graph_of_another(store):
    with pytest.raises(StoreError, match="belongs to 'personen'"):
        with store.transaction() as tx:
            tx.load("objecten", graph=G_OBJECTS, data=nquads(G_PERSONS, 1))
    assert count(store, G_PERSONS) == 2


@pytest.mark.parametrize("name, text", [
    ("data.ttl", TURTLE),
    ("data.nt", EXPECTED.serialize(format="nt")),
    ("data.nq", EXPECTED.serialize(format="nt")),
    ("data.trig", TRIG),
    ("data.rdf", EXPECTED.serialize(format="xml")),
    ("data.jsonld", EXPECTED.serialize(format="json-ld")),
    ("data.n3", TURTLE),
    ("data.ttl.gz", TURTLE),
])
def test_a_file_in_any_common_syntax_loads_into_the_named_graph(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(gzip.compress(text.encode()) if name.endswith(".gz") else text.encode())
    store = EmbeddedStore(tmp_path / "store")
    with store.transaction() as tx:
        tx.load("file", graph=G_OBJECTS, path=path, format=name)
    loaded = Graph()
    for s, p, o in store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G_OBJECTS}> {{ ?s ?p ?o }} }}").triples():
        loaded.add((s, p, o))
    assert_same_graph(loaded, EXPECTED)
    assert (URIRef(EX + "teapot"), URIRef(EX + "title"), Literal("Zilveren theepot", lang="nl")) in loaded


@pytest.mark.parametrize("format", ["nquads", "trig"])
def test_a_dump_holds_every_graph_and_loads_back_the_same(store, format):
    buffer = io.BytesIO()
    store.dump(buffer, format=format)
    dumped = Dataset()
    dumped.parse(data=buffer.getvalue(), format=format)
    graphs = {str(g.identifier) for g in dumped.graphs() if len(g)}
    assert graphs == {G_OBJECTS, G_PERSONS}
    assert sum(len(g) for g in dumped.graphs()) == 5


def test_a_dump_of_all_graphs_needs_a_syntax_with_graphs(store):
    with pytest.raises(StoreError, match="nquads, trig"):
        store.dump(io.BytesIO(), format="turtle")


def test_an_unknown_syntax_is_named_with_the_known_ones(tmp_path):
    with pytest.raises(StoreError, match="unknown RDF format 'data.xlsx'.*turtle"):
        with EmbeddedStore(tmp_path / "store").transaction() as tx:
            tx.load("x", graph=G_OBJECTS, path=tmp_path / "data.xlsx", format="data.xlsx")


def test_a_damaged_current_file_is_reported_as_such(store):
    (store.path / "CURRENT").write_text("{not json")
    with pytest.raises(StoreError, match="CURRENT file is damaged"):
        store.query("ASK {}")
