#!/usr/bin/env python3
"""The same store served by cultuurgraaf and by Oxigraph's own server, side by side.

Both servers read one store generation: cultuurgraaf through `cultuurgraaf serve` (queries in its
worker processes, with its time and row limits on), Oxigraph through `oxigraph serve-read-only
--union-default-graph` pointed at the current generation folder. The client sends the same three
queries to both (a lookup by IRI, a join with a year filter, a count) one at a time for latency
(median and p95), alternating between the servers so that both see the same machine, and then a
mix of the three from 8 concurrent clients for throughput. It prints a ratio table.

The lookup asks for a different object each time (LOOKUP_OBJECTS objects of the store, in the
same order for both servers), so that no server answers it from what it remembers of the last
request.

Goal: cultuurgraaf's median latency at most 1.5x Oxigraph's, its throughput at least 0.5x.

  python benchmarks/endpoint/run.py --work /tmp/bench --objects 100000
      generates the extracts with benchmarks/datagen.py and builds them (once), then measures
  python benchmarks/endpoint/run.py --work /tmp/bench --requests 300 --duration 20

Needs the `oxigraph` command (pip install oxigraph==0.5.13, the version of pyoxigraph) on PATH or
given with --oxigraph.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
CLI = [shutil.which("cultuurgraaf") or str(Path(sys.executable).parent / "cultuurgraaf")]
ACCEPT = {"Accept": "application/sparql-results+json"}
PREFIXES = """PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
QUERIES = {
    "lookup": "SELECT ?p ?o WHERE {{ <{object}> ?p ?o }}",
    "join": PREFIXES + """SELECT ?object ?title ?name WHERE {{
  ?production crm:P4_has_time-span ?date ;
              crm:P14_carried_out_by ?maker ;
              crm:P108_has_produced ?object .
  ?maker foaf:name ?name .
  ?object crm:P102_has_title ?title .
  FILTER(STRSTARTS(STR(?date), "1905"))
}}""",
    "count": PREFIXES + "SELECT (COUNT(?o) AS ?n) WHERE {{ ?o a crm:E22_Human-Made_Object }}",
}
#: How many different objects the lookup cycles through: more than any of the endpoint's caches of
#: requests holds (512), so that every lookup is new to it.
LOOKUP_OBJECTS = 1000
PROJECT = """[project]
name = "Endpoint benchmark"
base_iri = "https://data.cultuurgraaf.be"
store = "store"
"""
SOURCES = {"organisaties": "organisaties.xml", "personen": "personen.csv", "objecten": "objecten.csv",
           "activiteiten": "activiteiten.json"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(work: Path, objects: int) -> None:
    """Generate the extracts and build them into work/store, unless that was done before."""
    if (work / "store" / "CURRENT").exists():
        return
    work.mkdir(parents=True, exist_ok=True)
    print(f"generating {objects} objects and building them into {work}/store (once) ...", flush=True)
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "datagen.py"), "--objects", str(objects),
                    "--out", str(work / "data"), "--quiet"], check=True)
    text = PROJECT + "".join(f'\n[[sources]]\nname = "{name}"\ninputs = "data/{file}"\n'
                             f'mapping = "{ROOT / "mappings" / "demo" / (name + ".yml")}"\n'
                             for name, file in SOURCES.items())
    (work / "cultuurgraaf.toml").write_text(text, encoding="utf-8")
    subprocess.run(CLI + ["build", str(work), "--quiet"], check=True)


def wait_for(url: str, process: subprocess.Popen, name: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} stopped at start (exit code {process.returncode})")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, headers=ACCEPT, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{name} did not answer within 60 s at {url}")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def rows(response: httpx.Response) -> int:
    response.raise_for_status()
    return len(response.json()["results"]["bindings"])


def latency(endpoints: dict[str, str], queries: dict[str, list[str]], requests: dict[str, int]) -> dict:
    """Per query and server: median and p95 in ms, alternating servers request by request.

    A query with several texts (the lookup, one per object) sends them in turn; ``rows`` is the
    median number of rows of its answers.
    """
    clients = {name: httpx.Client(timeout=120) for name in endpoints}
    out: dict = {}
    for query_name, texts in queries.items():
        times: dict[str, list[float]] = {name: [] for name in endpoints}
        counts = []
        for text in texts:
            answered = {name: rows(clients[name].post(url, data={"query": text}, headers=ACCEPT))
                        for name, url in endpoints.items()}
            if len(set(answered.values())) != 1:
                raise SystemExit(f"the servers disagree on {query_name}: {answered}\n{text}")
            counts.append(answered["oxigraph"])
        for turn in range(5):  # warm up
            for name, url in endpoints.items():
                text = texts[turn % len(texts)]
                clients[name].post(url, data={"query": text}, headers=ACCEPT).raise_for_status()
        for turn in range(requests[query_name]):
            text = texts[turn % len(texts)]
            for name, url in endpoints.items():
                start = time.perf_counter()
                clients[name].post(url, data={"query": text}, headers=ACCEPT).raise_for_status()
                times[name].append((time.perf_counter() - start) * 1000)
        out[query_name] = {name: {"median_ms": statistics.median(t), "p95_ms": percentile(t, 0.95),
                                  "rows": statistics.median(counts)} for name, t in times.items()}
    for client in clients.values():
        client.close()
    return out


def throughput(url: str, queries: dict[str, list[str]], clients: int, duration: float) -> dict:
    """Requests per second with `clients` concurrent clients, each cycling through the queries
    (and through the texts of each: the lookup's objects)."""
    done = [0] * clients
    failed = [0] * clients
    stop = time.monotonic() + duration

    def client(index: int) -> None:
        kinds = list(queries.values())
        with httpx.Client(timeout=120) as session:
            turn = index
            while time.monotonic() < stop:
                texts = kinds[turn % len(kinds)]
                text = texts[(turn // len(kinds) + 7 * index) % len(texts)]
                response = session.post(url, data={"query": text}, headers=ACCEPT)
                if response.status_code == 200:
                    done[index] += 1
                else:
                    failed[index] += 1
                turn += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"requests_per_s": sum(done) / elapsed, "requests": sum(done), "failed": sum(failed)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True, help="folder for the extracts, project and store")
    parser.add_argument("--objects", type=int, default=100_000, help="objects to generate (first run only)")
    parser.add_argument("--requests", type=int, default=200, help="requests per query and server for latency")
    parser.add_argument("--join-requests", type=int, default=30, help="the same for the (slower) join")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients for throughput")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds of throughput per server")
    parser.add_argument("--oxigraph", default=shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph"))
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    prepare(args.work, args.objects)
    store = args.work / "store"
    generation = json.loads((store / "CURRENT").read_text())["generation"]
    location = store / f"gen-{generation:06d}"
    from cultuurgraaf.store import EmbeddedStore

    triples = len(EmbeddedStore(store).db())
    # objects spread over the store (every 97th from the 1000th on), the same list for both servers
    objects = [row["o"] for row in EmbeddedStore(store).query(
        "SELECT ?o WHERE { ?o a <http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object> } "
        f"LIMIT {97 * LOOKUP_OBJECTS} OFFSET 1000").rows()][::97]
    queries = {name: [text.format(object=o) for o in objects] if "{object}" in text else [text.format()]
               for name, text in QUERIES.items()}

    ox_port, cg_port = free_port(), free_port()
    log = open(args.work / "cultuurgraaf-serve.log", "w")
    processes = {
        "oxigraph": subprocess.Popen([args.oxigraph, "serve-read-only", "--location", str(location), "--bind",
                                      f"127.0.0.1:{ox_port}", "--union-default-graph"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        "cultuurgraaf": subprocess.Popen(CLI + ["serve", str(args.work), "--port", str(cg_port)],
                                         stdout=log, stderr=subprocess.STDOUT,
                                         env={**os.environ, "PYTHONWARNINGS": "ignore"}),
    }
    endpoints = {"oxigraph": f"http://127.0.0.1:{ox_port}/query", "cultuurgraaf": f"http://127.0.0.1:{cg_port}/sparql"}
    try:
        for name, process in processes.items():
            wait_for(endpoints[name], process, name)
        print(f"store: {triples:,} triples ({location}); {os.cpu_count()} cores; lookups of {len(objects)} objects; "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
        lat = latency(endpoints, queries, {"lookup": args.requests, "join": args.join_requests, "count": args.requests})
        rate = {name: throughput(url, queries, args.clients, args.duration) for name, url in endpoints.items()}
        lookups = {"lookup": queries["lookup"]}
        lookup_rate = {name: throughput(url, lookups, args.clients, args.duration) for name, url in endpoints.items()}
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=30)

    print(f"\n{'query':<10}{'oxigraph median':>17}{'p95':>10}{'cultuurgraaf median':>21}{'p95':>10}"
          f"{'ratio (median)':>16}{'rows':>6}")
    for query_name, by_server in lat.items():
        ox, cg = by_server["oxigraph"], by_server["cultuurgraaf"]
        print(f"{query_name:<10}{ox['median_ms']:>14.2f} ms{ox['p95_ms']:>7.2f} ms{cg['median_ms']:>18.2f} ms"
              f"{cg['p95_ms']:>7.2f} ms{cg['median_ms'] / ox['median_ms']:>15.2f}x{ox['rows']:>6g}")
    print(f"\nthroughput, {args.clients} concurrent clients, {args.duration:g} s each:")
    ratios = []
    for label, figures in (("lookup/join/count mix", rate), ("lookups only", lookup_rate)):
        ox_rate, cg_rate = figures["oxigraph"]["requests_per_s"], figures["cultuurgraaf"]["requests_per_s"]
        ratios.append(cg_rate / ox_rate)
        print(f"  {label:<22} oxigraph {ox_rate:8.1f} req/s   cultuurgraaf {cg_rate:8.1f} req/s   ratio "
              f"{cg_rate / ox_rate:.2f}x   (failed: {figures['oxigraph']['failed']} / {figures['cultuurgraaf']['failed']})")
    worst = max(lat[q]["cultuurgraaf"]["median_ms"] / lat[q]["oxigraph"]["median_ms"] for q in lat)
    print(f"\ngoal: median <= 1.5x oxigraph: {'met' if worst <= 1.5 else 'NOT met'} (worst {worst:.2f}x); "
          f"throughput >= 0.5x: {'met' if min(ratios) >= 0.5 else 'NOT met'} (worst {min(ratios):.2f}x)")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps({"triples": triples, "latency": lat, "throughput": rate,
                                         "lookup_throughput": lookup_rate}, indent=2))


if __name__ == "__main__":
    main()
