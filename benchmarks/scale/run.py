#!/usr/bin/env python3
"""A build of about ``--triples`` triples with shapes on one machine, then the server on it.

    python benchmarks/scale/run.py --triples 1000000       # proves the harness (a few minutes)
    python benchmarks/scale/run.py                         # 100M: read "What 100M needs" in the README first

1. The data generator (benchmarks/datagen.py) writes the demo's four extracts for the number of
   heritage objects that gives about ``--triples`` quads (42.7 a heritage object with its share of
   persons, organisations and activities, measured at 10M).
2. `cultuurgraaf build` builds them with the project's shapes in a child process (benchmarks/load's
   measured build): each stage's time and the peak memory of the process tree, sampled every half
   second, the store's size on disk and the temporary folder's peak.
3. `cultuurgraaf serve` serves the store; one client, one request at a time, after a warm-up, asks
   - entity pages: ``GET /doc/{kind}/{ref}`` as HTML, for entities sampled over the kinds (and the
     organisations that keep the most objects: the pages with most incoming links);
   - search: ``GET /zoeken?q=...`` as HTML, with words, word pairs, titles and prefixes of the graph;
   - SPARQL lookup: ``SELECT ?p ?o WHERE { <object> ?p ?o }`` through /sparql, a different object
     each time;
   - SPARQL join: the heritage objects made in a year, with their titles and their makers' names
     (benchmarks/endpoint's join), the year changing each time;
   and the table gives p50 and p95 in ms, and the server's peak memory.

Goals (issue "Scale"): at 100M the build completes with peak memory <= 8 GiB, entity page p95 <= 100 ms,
SPARQL lookup p50 <= 2 ms. Before it starts, the script estimates the disk the run needs from the
size asked (the figures of a 1M run, times the size) and stops when the work folder's file system has
less free (``--force`` goes on anyway).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]

#: Quads a heritage object brings with the generator's default proportions (10,238,115 for 240,000).
QUADS_PER_OBJECT = 42.66
#: Bytes of disk a quad needs at the peak of a build with shapes, measured at 1M (see the README):
#: the extracts, the temporary folder (mapped N-Quads, lineage, the scratch store) and the store.
DISK_PER_QUAD = 1_300
GOALS = {"entity page (HTML)": ("p95", 100.0), "SPARQL lookup": ("p50", 2.0)}
MEMORY_GOAL = 8 << 30
YEARS = range(1860, 1990)


def _module(name: str, path: Path):
    """A benchmark script of the repository as a module (they live in folders, not packages)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


load = _module("load_benchmark", ROOT / "benchmarks" / "load" / "run.py")
pages = _module("pages_benchmark", ROOT / "benchmarks" / "pages" / "bench.py")
endpoint = _module("endpoint_benchmark", ROOT / "benchmarks" / "endpoint" / "run.py")


def check_disk(work: Path, triples: int, force: bool) -> None:
    need = triples * DISK_PER_QUAD
    free = shutil.disk_usage(work).free
    print(f"disk: about {need / 2**30:,.1f} GiB needed for {triples:,} triples, {free / 2**30:,.1f} GiB free in {work}",
          file=sys.stderr)
    if need > free and not force:
        raise SystemExit(f"not enough free disk in {work} for {triples:,} triples (about {need / 2**30:,.0f} GiB): "
                         "give --work on a larger file system, or --force")


class Sampler:
    """The peak resident memory of a process tree, sampled every half second in a thread."""

    def __init__(self, pid: int):
        self.pid, self.peak = pid, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(0.5):
            self.peak = max(self.peak, load.tree_rss(self.pid))

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak


def sample_objects(store, count: int, rng: random.Random) -> list[str]:
    found = [str(r["s"]) for r in store.query(
        "SELECT ?s WHERE { ?s a <http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object> }").rows()]
    return rng.sample(found, min(count, len(found)))


def serve_and_measure(project_dir: Path, args: argparse.Namespace) -> tuple[list[dict], int]:
    """(the latency rows, the server's peak memory)."""
    from cultuurgraaf.config import load_project
    from cultuurgraaf.store import open_store

    project = load_project(project_dir)
    store = open_store(project.store_path)
    rng = random.Random(args.seed)
    entities = pages.sample_entities(store, args.entities, rng)
    words = pages.sample_words(store, args.searches, rng)
    objects = sample_objects(store, args.queries, rng)
    store.close()
    paths = [project.iris.document_path(iri) for _, iri in entities]
    lookups = [endpoint.QUERIES["lookup"].format(object=iri) for iri in objects]
    join = endpoint.QUERIES["join"].replace('"1905"', '"{year}"')
    joins = [join.format(year=rng.choice(YEARS)) for _ in range(args.joins)]

    port = pages.free_port()
    command = Path(sys.executable).with_name("cultuurgraaf")
    server = subprocess.Popen([str(command), "serve", str(project_dir), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = Sampler(server.pid)
    rows = []
    try:
        base = f"http://127.0.0.1:{port}"
        pages.wait_for(base + "/", server, seconds=600)
        html = {"Accept": "text/html", "Accept-Language": "nl"}
        sparql = {"Accept": "application/sparql-results+json"}
        with httpx.Client(timeout=600) as client:
            for path in paths[:10]:
                client.get(base + path, headers=html)
            for term in words[:10]:
                client.get(base + "/zoeken", params={"q": term}, headers=html)
            for text in lookups[:10] + joins[:2]:
                client.post(base + "/sparql", data={"query": text}, headers=sparql)
            rows.append(pages.summary("entity page (HTML)", [pages.timed(client, "GET", base + p, headers=html)
                                                             for p in paths], None))
            rows.append(pages.summary("search (HTML)", [pages.timed(client, "GET", base + "/zoeken", params={"q": w},
                                                                    headers=html) for w in words], None))
            rows.append(pages.summary("SPARQL lookup", [pages.timed(client, "POST", base + "/sparql", data={"query": q},
                                                                    headers=sparql) for q in lookups], None))
            rows.append(pages.summary("SPARQL join", [pages.timed(client, "POST", base + "/sparql", data={"query": q},
                                                                  headers=sparql) for q in joins], None))
    finally:
        server.terminate()
        server.wait(timeout=60)
        peak = sampler.stop()
    return rows, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=100_000_000, help="about how many (default 100,000,000)")
    parser.add_argument("--work", type=Path, default=None, help="folder for the data and the store (default: the system's)")
    parser.add_argument("--entities", type=int, default=300, help="entity pages asked (default 300)")
    parser.add_argument("--searches", type=int, default=200, help="searches (default 200)")
    parser.add_argument("--queries", type=int, default=500, help="SPARQL lookups (default 500)")
    parser.add_argument("--joins", type=int, default=50, help="SPARQL joins (default 50)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the data and the store")
    parser.add_argument("--force", action="store_true", help="go on when the disk looks too small")
    args = parser.parse_args()
    objects = max(1, round(args.triples / QUADS_PER_OBJECT))
    work = Path(tempfile.mkdtemp(prefix="cg-scale-", dir=args.work))
    try:
        check_disk(work, args.triples, args.force)
        load_before = os.getloadavg()
        data, generated = load.generate(work, objects)
        data_size = load.du(data)
        project = load.write_project(work, data, shapes=True)
        run = load.build_measured(project, work)
        store_size = load.du(project / "store")
        rows, server_peak = serve_and_measure(project, args)
        load_after = os.getloadavg()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\nScale: {objects:,} objects, {run.quads:,} quads mapped, with shapes; {os.cpu_count()} cores\n")
    print(f"generating the extracts took {generated:.0f} s\n")
    load.print_stages(run)
    memory = "ok" if run.peak <= MEMORY_GOAL else "MISSED"
    print(f"\npeak memory of the build {run.peak / 2**30:.2f} GiB (goal at 100M: at most 8 GiB: {memory}); "
          f"{run.quads / run.seconds:,.0f} quads/s")
    print(f"disk: extracts {data_size / 2**30:.2f} GiB, store {store_size / 2**30:.2f} GiB, temporary folder at most "
          f"{run.scratch_peak / 2**30:.2f} GiB: {(data_size + store_size + run.scratch_peak) / run.quads:,.0f} bytes a quad")
    print(f"\n| {'served':22} | {'n':>5} | {'p50 ms':>8} | {'p95 ms':>8} | {'max ms':>8} | {'goal':>14} |")
    print(f"|{'-' * 24}|{'-' * 6}:|{'-' * 9}:|{'-' * 9}:|{'-' * 9}:|{'-' * 15}:|")
    for row in rows:
        goal = GOALS.get(row["name"])
        verdict = f"{goal[0]} <= {goal[1]:g}: {'ok' if row[goal[0]] <= goal[1] else 'MISSED'}" if goal else ""
        print(f"| {row['name']:22} | {row['n']:>5} | {row['p50']:8.1f} | {row['p95']:8.1f} | {row['max']:8.1f} | "
              f"{verdict:>14} |")
    print(f"\nthe server's peak memory {server_peak / 2**30:.2f} GiB")
    print(load.load_average(load_before, load_after))


if __name__ == "__main__":
    main()
