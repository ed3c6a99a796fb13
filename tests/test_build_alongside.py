"""A large build writes a whole search index in a second process (from a checkpoint of its new
generation) while it writes the change log: the store it leaves is the same as when it does it all in
one process. The demo is small, so the test lowers the size from which a build
does so."""

from __future__ import annotations

import json
import subprocess
import sqlite3
from contextlib import closing
from types import SimpleNamespace

import pytest

from cultuurgraaf import pipeline
from cultuurgraaf.config import load_project
from cultuurgraaf.errors import StoreError
from cultuurgraaf.search import build_whole, whole_index
from cultuurgraaf.store.checkpoint import alongside
from cultuurgraaf.store import open_project_store
from support.paths import DEMO


def contents(store_path) -> dict:
    """What a build of generation 1 wrote: the search index's tables, the completeness figures, the change
    log's members (without the time they were made)."""
    with closing(sqlite3.connect(store_path / "gen-000001.search.sqlite")) as index, \
            closing(sqlite3.connect(store_path / "changes.sqlite")) as log:
        found = {table: index.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
                 for table in ("entity", "doc", "facet", "facet_count", "kind_count")}
        found["members"] = log.execute("SELECT seq, source, entity, kind, types, hash, deleted, body FROM member "
                                       "ORDER BY seq").fetchall()
    manifest = json.loads((store_path / "gen-000001.json").read_text(encoding="utf-8"))
    found["completeness"] = {name: info["extra"].get("completeness") for name, info in manifest["graphs"].items()}
    return found


def test_a_build_reading_its_generation_alongside_leaves_the_same_store(demo_project, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "ALONGSIDE_FROM", 0)
    result = pipeline.build(load_project(DEMO, store=str(tmp_path / "store")))
    assert not result.failed
    assert result.index is not None and result.index.path == tmp_path / "store" / "gen-000001.search.sqlite"
    made = contents(tmp_path / "store")
    assert made["entity"] and made["members"] and any(made["completeness"].values())
    assert made == contents(open_project_store(demo_project).path)
    # the checkpoint, its orders and the index's own file are gone
    assert sorted(p.name for p in (tmp_path / "store").glob("gen-000001*")) == [
        "gen-000001", "gen-000001.held-back.json", "gen-000001.json", "gen-000001.reports", "gen-000001.search.sqlite"]


def test_an_error_in_the_other_process_is_raised_in_the_build_and_the_generation_is_not_written(tmp_path):
    project = load_project(DEMO, store=str(tmp_path / "store"))
    store = open_project_store(project)
    with pytest.raises(ValueError, match="Invalid IRI"):
        with store.transaction() as tx:
            tx.write_graph("https://ex.org/g", b'<https://ex.org/a> <https://ex.org/p> "1" .')
            # a graph name that breaks the index's queries
            with alongside(tx, [(build_whole, (tmp_path / "index.sqlite", project.iris, ["https://ex.org/g> ?"]))]) \
                    as answers:
                answers()
    assert store.current_generation() == 0
    assert list(tmp_path.joinpath("store").glob("gen-*")) == []


def test_a_store_on_a_sparql_server_writes_its_index_in_the_build_s_own_process(tmp_path):
    # a remote store's transaction has no database here to make a checkpoint of
    project = load_project(DEMO, store=str(tmp_path / "store"))
    assert whole_index(SimpleNamespace(db=None, previous=0), project.iris) is None


def test_a_second_process_that_cannot_start_is_a_store_error_and_leaves_no_checkpoint(tmp_path, monkeypatch):
    project = load_project(DEMO, store=str(tmp_path / "store"))
    store = open_project_store(project)

    def no_process(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    with pytest.raises(StoreError, match="cannot start the process reading generation 1 alongside the build"):
        with store.transaction() as tx:
            tx.write_graph("https://ex.org/g", b'<https://ex.org/a> <https://ex.org/p> "1" .')
            with alongside(tx, [(build_whole, (tmp_path / "index.sqlite", project.iris, ["https://ex.org/g"]))]):
                pass
    assert store.current_generation() == 0
    assert list(tmp_path.joinpath("store").glob("gen-*")) == [], "no checkpoint nor its orders are left"
