"""A new generation either copies what it keeps or starts as a checkpoint of the previous one (linked);
both give the same graphs, and a small change to a large store is linked, not copied."""

from __future__ import annotations

import io
import os

import pytest

from cultuurgraaf.errors import RDFSyntaxError, StoreError
from cultuurgraaf.store import EmbeddedStore

EX = "https://example.org/"
LARGE, SMALL, EXTRA, META = (EX + f"graph/{name}" for name in ("groot", "klein", "extra", "meta"))


def nquads(graph: str, n: int, *, label: str) -> bytes:
    return "".join(f'<{EX}id/{label}/{i}> <{EX}label> "{label} {i}" <{graph}> .\n' for i in range(n)).encode()


def dumped(store: EmbeddedStore) -> set[str]:
    out = io.BytesIO()
    store.dump(out)
    return set(out.getvalue().decode().splitlines())


def history(store: EmbeddedStore, *, say_what_changes: bool) -> list[bool]:
    """The same five writes, telling the store what each rewrites or not; whether each was linked."""
    linked = []

    def write(rewrites):
        return store.transaction(rewrites=rewrites if say_what_changes else None)

    with write(["groot", "klein"]) as tx:
        tx.load("groot", graph=LARGE, data=nquads(LARGE, 600, label="groot"))
        tx.load("klein", graph=SMALL, data=nquads(SMALL, 10, label="klein"))
        tx.write_graph(META, nquads(META, 2, label="meta-1"))
        linked.append(tx.linked)
    with write(["klein"]) as tx:  # the small source again, with other content, and N-Quads naming a second graph
        tx.load("klein", graph=SMALL, data=nquads(SMALL, 5, label="klein-2") + nquads(EXTRA, 3, label="extra"))
        tx.write_graph(META, nquads(META, 2, label="meta-2"))
        linked.append(tx.linked)
    with write(["klein"]) as tx:  # once more, in Turtle: the second graph it had is gone
        tx.load("klein", graph=SMALL, data=f'<{EX}id/t> <{EX}label> "turtle" .'.encode(), format="turtle")
        linked.append(tx.linked)
    with write(["load:" + EX + "nieuw"]) as tx:
        tx.load("load:" + EX + "nieuw", graph=EX + "nieuw", data=b'<https://example.org/n> <https://example.org/p> "n" .',
                format="ntriples")
        linked.append(tx.linked)
    with write(["klein"]) as tx:
        tx.drop("klein")
        linked.append(tx.linked)
    return linked


def test_a_linked_generation_holds_the_same_graphs_as_a_copied_one(tmp_path):
    copied, linked = EmbeddedStore(tmp_path / "copied"), EmbeddedStore(tmp_path / "linked")
    assert history(copied, say_what_changes=False) == [False] * 5
    assert history(linked, say_what_changes=True) == [False, True, True, True, True]
    assert dumped(linked) == dumped(copied)
    assert dumped(linked) == set(nquads(LARGE, 600, label="groot").decode().splitlines()) | {
        f'<{EX}n> <{EX}p> "n" <{EX}nieuw> .'}, "the dropped source, its second graph and the meta graph are gone"
    assert linked.manifest().graphs.keys() == copied.manifest().graphs.keys() == {"groot", "load:" + EX + "nieuw"}


def test_a_small_change_to_a_large_store_links_the_database_files_instead_of_copying_them(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    with store.transaction(rewrites=["groot"]) as tx:
        tx.load("groot", graph=LARGE, data=nquads(LARGE, 5000, label="groot"))
    before = store.generation_dir(store.current_generation())
    with store.transaction(rewrites=["klein"]) as tx:
        tx.load("klein", graph=SMALL, data=nquads(SMALL, 10, label="klein"))
    after = store.generation_dir(store.current_generation())
    inodes = {os.stat(f).st_ino for f in before.glob("*.sst")}
    assert inodes, "the first generation has database files"
    assert inodes & {os.stat(f).st_ino for f in after.glob("*.sst")}, "the new generation copied the kept graph"
    assert len(dumped(store)) == 5010


def test_a_large_rewrite_starts_from_an_empty_database(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    with store.transaction(rewrites=["groot", "klein"]) as tx:
        tx.load("groot", graph=LARGE, data=nquads(LARGE, 100, label="groot"))
        tx.load("klein", graph=SMALL, data=nquads(SMALL, 50, label="klein"))
    with store.transaction(rewrites=["groot"]) as tx:
        assert not tx.linked, "removing 100 quads to keep 50 costs more than copying the 50"
        tx.load("groot", graph=LARGE, data=nquads(LARGE, 100, label="groot-2"))
    assert len(dumped(store)) == 150


def test_in_a_linked_generation_a_load_cannot_write_into_a_kept_source_graph(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    with store.transaction() as tx:
        tx.load("groot", graph=LARGE, data=nquads(LARGE, 600, label="groot"))
    before = dumped(store), store.current_generation()
    with pytest.raises(StoreError, match="belongs to 'groot'"):
        with store.transaction(rewrites=["klein"]) as tx:
            assert tx.linked
            tx.load("klein", graph=SMALL, data=nquads(SMALL, 2, label="klein") + nquads(LARGE, 1, label="indringer"))
    assert (dumped(store), store.current_generation()) == before
    assert sorted(p.name for p in store.path.iterdir() if ".staging" in p.name or p.name.endswith("000002")) == []


def test_the_memory_a_bulk_load_freed_is_given_back_after_each_load_even_a_failed_one(tmp_path, monkeypatch):
    # the loader frees its sort buffers (about 1.4 GB for a few million quads) and glibc would keep them
    # for the build's later passes
    from cultuurgraaf.store import transaction

    given = []
    monkeypatch.setattr(transaction, "give_back_memory", lambda: given.append(True))
    store = EmbeddedStore(tmp_path / "store")
    with store.transaction() as tx:
        tx.load("klein", graph=SMALL, data=nquads(SMALL, 10, label="klein"))
        assert given == [True]
        with pytest.raises(RDFSyntaxError):
            tx.load("kapot", graph=EXTRA, data=b"<not an iri> .")
        assert given == [True, True]
