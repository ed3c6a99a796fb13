"""The worker processes that run queries: whole answers whatever the event loop did to the socket,
a worker that dies is replaced, and the manifest stays true after an update."""

from __future__ import annotations

import asyncio
import os

import pytest

from cultuurgraaf.sparql import QueryFailed, QueryJob, WorkerPool, record_changes
from cultuurgraaf.store import EmbeddedStore, GraphInfo, Manifest

ROWS = 20000  # an answer far larger than a socket buffer


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = EmbeddedStore(tmp_path_factory.mktemp("worker-store"))
    data = "".join(f"<http://example.org/s{i}> <http://example.org/p> \"value {i}\" .\n" for i in range(ROWS))
    with store.transaction() as tx:
        tx.load("data", graph="http://example.org/g", data=data.encode(), format="ntriples")
    return store


def run(pool: WorkerPool, job: QueryJob):
    return asyncio.run(pool.run(job))


def test_a_large_answer_arrives_whole_even_when_the_socket_was_left_non_blocking(store):
    # uvloop's add_reader leaves the socket non-blocking; reading a large answer must not fail with EAGAIN
    pool = WorkerPool(store.path, size=1, timeout_s=30, max_waiting=1, network=False)
    try:
        job = QueryJob(text="SELECT * WHERE { ?s ?p ?o }", format="tsv", store_arguments={"union_default_graph": True},
                       max_rows=ROWS)
        run(pool, job)
        for worker in list(pool._workers):
            os.set_blocking(worker.conn.fileno(), False)
        answer = run(pool, job)
        assert answer.truncated_at is None
        assert len(answer.body.decode().splitlines()) == ROWS + 1
    finally:
        pool.close()


def test_a_worker_that_dies_is_replaced(store):
    pool = WorkerPool(store.path, size=1, timeout_s=30, max_waiting=1, network=False)
    job = QueryJob(text="ASK { ?s ?p ?o }", format="json", store_arguments={"union_default_graph": True})
    try:
        assert b"true" in run(pool, job).body
        (worker,) = pool._workers
        worker.process.kill()
        worker.process.wait()
        with pytest.raises(QueryFailed, match="stopped its worker process"):
            run(pool, job)
        assert b"true" in run(pool, job).body
    finally:
        pool.close()


def test_after_an_update_sources_are_mapped_again_and_new_graphs_are_kept():
    manifest = Manifest(graphs={
        "objecten": GraphInfo(iri="http://example.org/graph/objecten", triples=10, checksum="abc"),
        "load:http://example.org/old": GraphInfo(iri="http://example.org/old", triples=3),
    })
    counts = {"http://example.org/graph/objecten": 9, "http://example.org/new": 2, "http://example.org/graph/meta": 5}
    record_changes(manifest, counts, before={"http://example.org/graph/objecten", "http://example.org/old",
                                             "http://example.org/graph/meta"}, changed=None)
    assert manifest.graphs["objecten"].checksum == "" and manifest.graphs["objecten"].triples == 9
    assert "load:http://example.org/old" not in manifest.graphs  # the update emptied it
    assert manifest.graphs["load:http://example.org/new"].triples == 2
    assert not any(info.iri == "http://example.org/graph/meta" for info in manifest.graphs.values())


def test_a_graph_store_write_marks_only_its_own_source_as_changed():
    manifest = Manifest(graphs={
        "objecten": GraphInfo(iri="http://example.org/graph/objecten", triples=10, checksum="abc"),
        "personen": GraphInfo(iri="http://example.org/graph/personen", triples=4, checksum="def"),
    })
    record_changes(manifest, {"http://example.org/graph/objecten": 11, "http://example.org/graph/personen": 4},
                   before=set(), changed={"http://example.org/graph/objecten"})
    assert manifest.graphs["objecten"].checksum == ""
    assert manifest.graphs["personen"].checksum == "def"


LINUX_PROC = pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads memory from /proc (Linux)")


@pytest.mark.parametrize("limits, last", [({"max_jobs": 2}, 2), pytest.param({"max_held_mb": 1}, 1, marks=LINUX_PROC)],
                         ids=["after-2-queries", "above-1-MB"])
def test_a_worker_is_replaced_after_its_number_of_queries_or_when_it_holds_too_much(store, limits, last):
    pool = WorkerPool(store.path, size=1, timeout_s=30, max_waiting=1, network=False, **limits)
    job = QueryJob(text="ASK { ?s ?p ?o }", format="json", store_arguments={"union_default_graph": True})
    try:
        pool.start()
        first = pool.pids()
        for _ in range(last):
            assert pool.pids() == first
            assert b"true" in run(pool, job).body
        assert pool.pids() != first  # replaced after its last query (a worker with the store open holds > 1 MB)
        assert b"true" in run(pool, job).body
    finally:
        pool.close()


def held_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as handle:
        return next(int(line.split()[1]) / 1024 for line in handle if line.startswith("RssAnon:"))


@LINUX_PROC
def test_a_worker_gives_back_the_memory_a_large_query_needed(store):
    pool = WorkerPool(store.path, size=1, timeout_s=30, max_waiting=1, network=False)
    small = QueryJob(text="ASK { ?s ?p ?o }", format="json", store_arguments={"union_default_graph": True})
    # 200,000 values: the engine makes a great many small allocations, all free again at the end
    large = QueryJob(text="SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { "
                     + " ".join(f'"value {i}"' for i in range(200_000)) + " } }",
                     format="json", store_arguments={"union_default_graph": True})
    try:
        run(pool, small)
        (pid,) = pool.pids()
        before = held_mb(pid)
        assert b'"200000"' in run(pool, large).body
        assert held_mb(pid) - before < 40, f"the worker held {before:.0f} MB before the query, {held_mb(pid):.0f} MB after"
    finally:
        pool.close()
