#!/usr/bin/env python3
"""A soak of the endpoint: well-behaved clients beside one abusive client, on loopback, bounded in time.

One `cultuurgraaf serve` with the default limits over a store built with benchmarks/datagen.py
(about 2 million triples for 66,000 objects). Seven well-behaved clients, each from an address of
its own on 127.0.0.0/8, cycle through a lookup by IRI (a different object each time), a count, a
join with a filter, an aggregate per type and an entity page, with a short pause between requests.
Before them, the store is read through the server once: a dump, and each page (the warm-up, which
fills the caches of the server's store). First they run alone (the quiet run); then, for the soak,
an eighth client joins from another address and sends, back to back: the string-doubling query
(memory), a query that runs for minutes (time), a 1 MB query that mentions "service" (the check),
six slow queries at once (its share), and a whole-store dump read as fast as it comes.

It prints what the warm-up took; for the well-behaved clients, their errors and their latency (median, p95) in the
quiet run and in the soak; what the abusive client got, by answer; the resident memory of the
server and its workers, sampled every 5 s (and the means of 30 s over the soak); and the load
average at the start and the end.

  python benchmarks/soak/run.py --work /tmp/soak --objects 66000 --duration 600 --quiet-duration 120

Goal: 0 errors for the well-behaved clients, their p95 within 2x of the quiet run, memory flat
after the warm-up and the soak's first minute. Every request goes to 127.0.0.x; the run stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "endpoint"))
from run import CLI, PREFIXES, QUERIES, free_port, percentile, prepare, wait_for  # noqa: E402  (the endpoint benchmark)

ACCEPT = {"Accept": "application/sparql-results+json"}
GOOD = {
    "lookup": None,  # one per object, filled in from the store
    "count": QUERIES["count"].format(),
    "join": QUERIES["join"].format(),
    "types": "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)",
}
ABUSE = {
    "doubling": 'SELECT (STRLEN(?a30) AS ?n) WHERE { BIND("0123456789" AS ?a0) '
                + " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(30)) + " }",
    "slow": PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?a a crm:E22_Human-Made_Object . "
                       "?b a crm:E22_Human-Made_Object . ?c a crm:E22_Human-Made_Object }",
    "service": "# which service holds these?\nSELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { "
               + " ".join(f'"value {i}"' for i in range(90_000)) + " } }",
}
PAUSE_S = 0.25
SAMPLE_S = 5.0
MEANS_S = 30.0


def good_client(url: str, address: str, texts: dict[str, list[str]], pages: list[str], stop: float,
                log: list, index: int) -> None:
    kinds = [*texts, "page"]
    turn = index
    with httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=120) as client:
        while time.monotonic() < stop:
            kind = kinds[turn % len(kinds)]
            started = time.perf_counter()
            try:
                if kind == "page":
                    response = client.get(url + pages[(turn * 7 + index) % len(pages)], headers={"Accept": "text/html"})
                else:
                    options = texts[kind]
                    response = client.post(f"{url}/sparql", data={"query": options[(turn * 7 + index) % len(options)]},
                                           headers=ACCEPT)
                status = response.status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            log.append((kind, (time.perf_counter() - started) * 1000, status))
            turn += 1
            time.sleep(PAUSE_S)


def abusive_client(url: str, address: str, stop: float, outcomes: Counter) -> None:
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(transport=transport, timeout=120) as client:

        def send(kind: str, text: str) -> None:
            try:
                status = client.post(f"{url}/sparql", content=text.encode(), headers={
                    **ACCEPT, "Content-Type": "application/sparql-query"}).status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            outcomes[(kind, status)] += 1

        while time.monotonic() < stop:
            for kind, text in ABUSE.items():
                send(kind, text)
            with ThreadPoolExecutor(6) as burst:
                for _ in range(6):
                    burst.submit(send, "burst of 6 slow", ABUSE["slow"])
            try:
                with client.stream("GET", f"{url}/dump.nq") as dump:
                    size = sum(len(chunk) for chunk in dump.iter_raw())
                outcomes[("dump", dump.status_code if size else "empty")] += 1
            except httpx.HTTPError as exc:
                outcomes[("dump", type(exc).__name__)] += 1


def resident_mb(root: int) -> tuple[float, float]:
    """The resident memory of a process, and of all its descendants, in MB (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parents.setdefault(int(handle.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    pids, pending = [root], [root]
    while pending:
        children = parents.get(pending.pop(), [])
        pids += children
        pending += children
    pages = dict.fromkeys(pids, 0)
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as handle:
                pages[pid] = int(handle.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
    size = os.sysconf("SC_PAGE_SIZE") / 1e6
    return pages[root] * size, sum(pages.values()) * size - pages[root] * size


def read_through(url: str, pages: list[str], server: subprocess.Popen) -> dict:
    """Reads the whole store once through the server (a dump) and asks for each page once, so that
    the caches of the server's store hold what they will hold: how much that is depends on the
    store, not on how long the server runs (benchmarks/soak/README.md, "Warm-up")."""
    before = resident_mb(server.pid)[0]
    started = time.monotonic()
    with httpx.Client(timeout=600) as client:
        with client.stream("GET", f"{url}/dump.nq") as dump:
            dump.raise_for_status()
            size = sum(len(chunk) for chunk in dump.iter_raw())
        for page in pages:
            client.get(url + page, headers={"Accept": "text/html"}).raise_for_status()
    return {"seconds": time.monotonic() - started, "dump_mb": size / 1e6, "pages": len(pages),
            "server_mb": (before, resident_mb(server.pid)[0])}


def phase(url: str, texts: dict[str, list[str]], pages: list[str], *, clients: int, seconds: float, abuse: bool,
          server: subprocess.Popen) -> dict:
    log: list = []
    outcomes: Counter = Counter()
    memory: list[tuple[float, float, float]] = []  # seconds, the server's MB, its workers' MB
    started = time.monotonic()
    stop = started + seconds
    threads = [threading.Thread(target=good_client, args=(url, f"127.0.0.{2 + i}", texts, pages, stop, log, i))
               for i in range(clients)]
    if abuse:
        threads.append(threading.Thread(target=abusive_client, args=(url, "127.0.0.20", stop, outcomes)))
    for thread in threads:
        thread.start()
    while time.monotonic() < stop:
        memory.append((time.monotonic() - started, *resident_mb(server.pid)))
        time.sleep(SAMPLE_S)
    for thread in threads:
        thread.join()
    times = [ms for _, ms, status in log if status == 200]
    by_kind = {kind: [ms for k, ms, status in log if k == kind and status == 200] for kind in [*texts, "page"]}
    return {"requests": len(log), "errors": Counter(str(s) for _, _, s in log if s != 200),
            "median_ms": statistics.median(times), "p95_ms": percentile(times, 0.95),
            "p95_by_kind": {k: percentile(v, 0.95) for k, v in by_kind.items() if v},
            "abuse": {f"{kind}: {status}": n for (kind, status), n in sorted(outcomes.items(), key=str)},
            "memory_mb": memory}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True, help="folder for the extracts, project and store")
    parser.add_argument("--objects", type=int, default=66_000, help="objects to generate (first run only)")
    parser.add_argument("--clients", type=int, default=7, help="well-behaved clients")
    parser.add_argument("--duration", type=float, default=600, help="seconds of the soak")
    parser.add_argument("--quiet-duration", type=float, default=120, help="seconds of the quiet run before it")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    prepare(args.work, args.objects)
    from cultuurgraaf.store import EmbeddedStore

    store = EmbeddedStore(args.work / "store")
    triples = len(store.db())
    objects = [row["o"] for row in store.query(
        "SELECT ?o WHERE { ?o a <http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object> } LIMIT 97000").rows()][::97]
    texts = {**{k: [v] for k, v in GOOD.items() if v}, "lookup": [QUERIES["lookup"].format(object=o) for o in objects]}
    pages = ["/doc/" + str(o).split("/id/", 1)[1] for o in objects]
    port = free_port()
    log = open(args.work / "cultuurgraaf-serve.log", "w")
    server = subprocess.Popen(CLI + ["serve", str(args.work), "--port", str(port)], stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/sparql", server, "cultuurgraaf")
        load_start = os.getloadavg()
        print(f"store: {triples:,} triples; {os.cpu_count()} cores; {args.clients} well-behaved clients, "
              f"{PAUSE_S:g} s between requests; load average {' '.join(f'{x:.2f}' for x in load_start)}", flush=True)
        warmed = read_through(url, pages, server)
        print(f"warm-up: the whole store read once ({warmed['dump_mb']:.0f} MB of N-Quads) and each of the "
              f"{warmed['pages']} pages once, {warmed['seconds']:.0f} s; server process "
              f"{warmed['server_mb'][0]:.0f} -> {warmed['server_mb'][1]:.0f} MB", flush=True)
        quiet = phase(url, texts, pages, clients=args.clients, seconds=args.quiet_duration, abuse=False, server=server)
        soak = phase(url, texts, pages, clients=args.clients, seconds=args.duration, abuse=True, server=server)
        load_end = os.getloadavg()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)

    print(f"\n{'run':<8}{'seconds':>8}{'requests':>10}{'errors':>8}{'median':>10}{'p95':>10}   p95 by kind")
    for name, figures, seconds in (("quiet", quiet, args.quiet_duration), ("soak", soak, args.duration)):
        kinds = "  ".join(f"{k} {v:.0f}" for k, v in figures["p95_by_kind"].items())
        print(f"{name:<8}{seconds:>8g}{figures['requests']:>10}{sum(figures['errors'].values()):>8}"
              f"{figures['median_ms']:>7.1f} ms{figures['p95_ms']:>7.1f} ms   {kinds} (ms)")
    print("\nthe abusive client got:")
    for outcome, n in soak["abuse"].items():
        print(f"  {outcome:<40}{n:>6}")
    warm_up = min(60.0, args.duration / 5)
    window = max(1, int(60 / SAMPLE_S))
    print(f"\nresident memory after {warm_up:g} s of warm-up (MB): min, max; mean of the first minute after it, of the last")
    for name, of in (("server and workers", lambda s, w: s + w), ("server process", lambda s, w: s),
                     ("query workers", lambda s, w: w)):
        samples = [of(server_mb, workers_mb) for t, server_mb, workers_mb in soak["memory_mb"] if t >= warm_up]
        first, last = statistics.mean(samples[:window]), statistics.mean(samples[-window:])
        print(f"  {name:<20}{min(samples):>6.0f}{max(samples):>6.0f}   {first:>6.0f}{last:>6.0f}   last/first {last / first:.2f}")
    print(f"means of {MEANS_S:g} s over the soak (MB):")
    for name, of in (("server and workers", lambda s, w: s + w), ("server process", lambda s, w: s)):
        means = [statistics.mean(of(s, w) for t, s, w in soak["memory_mb"] if start <= t < start + MEANS_S)
                 for start in range(0, int(args.duration), int(MEANS_S))
                 if any(start <= t < start + MEANS_S for t, _, _ in soak["memory_mb"])]
        print(f"  {name:<20}" + " ".join(f"{m:.0f}" for m in means))
    ratio = soak["p95_ms"] / quiet["p95_ms"]
    errors = sum(soak["errors"].values()) + sum(quiet["errors"].values())
    print(f"\ngoal: 0 errors for the well-behaved clients: {'met' if not errors else 'NOT met'} ({errors}); "
          f"p95 within 2x of the quiet run: {'met' if ratio <= 2 else 'NOT met'} ({ratio:.2f}x)")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in load_end)}")
    if args.json:
        args.json.write_text(json.dumps({"triples": triples, "quiet": quiet, "soak": soak, "load_start": load_start,
                                         "load_end": load_end, "warm_up": warmed}, indent=2, default=str))


if __name__ == "__main__":
    main()
