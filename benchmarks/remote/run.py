#!/usr/bin/env python3
"""The store on Virtuoso: loading through its own bulk loader, and querying through cultuurgraaf.

Starts a Virtuoso of its own with .ci/virtuoso.sh (Debian's virtuoso-opensource, on free ports, a
buffer pool of about 1.3 GB), writes ``--triples`` triples of heritage objects (the shape of
benchmarks/load/run.py) as N-Triples, and measures in the same run:

1. Loading, each into a graph of its own, ``--rounds`` times in alternating order:
   - **peer**: Virtuoso's bulk loader driven by hand (``ld_dir``, ``rdf_loader_run``, ``checkpoint``
     through ``isql-vt``): what the server can do;
   - ``cultuurgraaf load FILE --graph IRI`` on a project with ``bulk_loader = "virtuoso"``;
   - the same on a project that loads through Graph Store Protocol requests (the default).
   Goal: the bulk path within 1.5x the peer; the table also shows what it gains over the requests.
2. Querying: ``cultuurgraaf serve`` on the bulk-loaded project, against Virtuoso's own /sparql
   asked for the same graph (``default-graph-uri``), alternating request by request: a lookup by
   IRI, a join, a count (medians, p95). Goal: join and count medians at most 1.2x Virtuoso's.

  python benchmarks/remote/run.py --triples 1000000 --rounds 3 --work /tmp/bench
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "load"))
from run import BASE, GRAPH, write_nquads  # noqa: E402  (the load benchmark's data)

CLI = str(Path(sys.executable).with_name("cultuurgraaf"))
ACCEPT = {"Accept": "application/sparql-results+json"}
CRM = "http://www.cidoc-crm.org/cidoc-crm/"
QUERIES = {
    "lookup": "SELECT ?p ?o WHERE { <" + BASE + "/id/erfgoedobject/NUMBER> ?p ?o }",
    "join": (f"SELECT ?object ?title ?maker WHERE {{ ?object <{CRM}P50_has_current_keeper> <{BASE}/id/organisatie/ORG0007> ;"
             f" <{CRM}P102_has_title> ?title ; <{CRM}P108i_was_produced_by>/<{CRM}P14_carried_out_by> ?maker }}"),
    "count": f"SELECT (COUNT(?o) AS ?n) WHERE {{ ?o a <{CRM}E22_Human-Made_Object> }}",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_virtuoso(folder: Path) -> dict[str, str]:
    env = {**os.environ, "VIRTUOSO_SQL_PORT": str(free_port()), "VIRTUOSO_HTTP_PORT": str(free_port()),
           "VIRTUOSO_BUFFERS": "170000", "VIRTUOSO_MAX_QUERY_TIME": "600", "VIRTUOSO_MAX_ROWS": "100000"}
    done = subprocess.run(["bash", str(ROOT / ".ci" / "virtuoso.sh"), "start", str(folder)], env=env,
                          capture_output=True, text=True, check=True)
    return dict(line.removeprefix("export ").split("=", 1) for line in done.stdout.splitlines()
                if line.startswith("export "))


def isql(server: dict[str, str], sql: str) -> None:
    done = subprocess.run(["isql-vt", server["VIRTUOSO_ISQL"], "dba", server["VIRTUOSO_DBA_PASSWORD"],
                           "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ERRORS=STDOUT", f"exec={sql}"],
                          capture_output=True, text=True, check=True)
    if "*** Error" in done.stdout:
        raise SystemExit(done.stdout)


def project(folder: Path, server: dict[str, str], *, bulk: bool) -> Path:
    folder.mkdir(parents=True)
    settings = (f'[project]\nname = "Remote benchmark"\nbase_iri = "{BASE}"\nstore = "sparql+{server["VIRTUOSO_SPARQL_URL"]}"\n'
                f'[store]\nupdate_url = "{server["VIRTUOSO_UPDATE_URL"]}"\ngraph_store_url = "{server["VIRTUOSO_GSP_URL"]}"\n'
                f'user = "{server["VIRTUOSO_USER"]}"\npassword = "{server["VIRTUOSO_PASSWORD"]}"\nauth = "digest"\n'
                'row_limit = 100000\npage_size = 50000\ntimeout_s = 900\n')
    if bulk:
        settings += (f'bulk_loader = "virtuoso"\nbulk_folder = "{server["VIRTUOSO_BULK_FOLDER"]}"\n'
                     f'isql = "{server["VIRTUOSO_ISQL"]}"\nisql_password = "{server["VIRTUOSO_DBA_PASSWORD"]}"\n')
    (folder / "cultuurgraaf.toml").write_text(settings, encoding="utf-8")
    return folder


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cg-remote-", dir=args.work))
    server = start_virtuoso(work / "virtuoso")
    serving = None
    try:
        quads = work / "data.nq"
        triples = write_nquads(quads, args.triples)
        data = Path(server["VIRTUOSO_BULK_FOLDER"]) / "data.nt"
        data.write_text(quads.read_text(encoding="utf-8").replace(f" <{GRAPH}> .\n", " .\n"), encoding="utf-8")
        projects = {"bulk": project(work / "bulk", server, bulk=True), "requests": project(work / "gsp", server, bulk=False)}
        names = {"peer": "Virtuoso bulk loader by hand (peer)", "bulk": "cultuurgraaf load, bulk_loader",
                 "requests": "cultuurgraaf load, Graph Store requests"}
        times: dict[str, list[float]] = {name: [] for name in names}
        for round_ in range(args.rounds):
            order = list(names) if round_ % 2 == 0 else list(reversed(names))
            for name in order:
                graph = f"{BASE}/graph/bench-{name}"
                if name == "peer":
                    seconds = timed(lambda: isql(server, f"ld_dir('{data.parent}', '{data.name}', '{graph}'); "
                                                         "rdf_loader_run(); checkpoint; DELETE FROM DB.DBA.load_list;"))
                else:
                    seconds = timed(lambda: subprocess.run([CLI, "load", str(data), "--graph", graph, "--project",
                                                            str(projects[name])], check=True, capture_output=True))
                times[name].append(seconds)
                print(f"round {round_ + 1}: {names[name]}: {seconds:.1f} s", file=sys.stderr)
                if round_ < args.rounds - 1 or name != "bulk":
                    isql(server, f"SPARQL CLEAR GRAPH <{graph}>;")
        peer = statistics.median(times["peer"])
        print(f"\nLoading {triples:,} triples into Virtuoso ({args.rounds} rounds, medians; {os.cpu_count()} cores)\n")
        print(f"| {'what':40} | {'seconds':>8} | {'triples/s':>10} | {'time vs peer':>12} |")
        print(f"|{'-' * 42}|{'-' * 9}:|{'-' * 11}:|{'-' * 13}:|")
        for name, label in names.items():
            median = statistics.median(times[name])
            print(f"| {label:40} | {median:8.1f} | {triples / median:10,.0f} | {median / peer:11.2f}x |")

        port = free_port()
        serving = subprocess.Popen([CLI, "serve", str(projects["bulk"]), "--port", str(port)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ours = f"http://127.0.0.1:{port}/sparql"
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(ours, params={"query": "ASK {}"}, headers=ACCEPT, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("cultuurgraaf serve did not answer within 120 s")
            time.sleep(0.5)
        direct = server["VIRTUOSO_SPARQL_URL"]
        graph = f"{BASE}/graph/bench-bulk"
        client = httpx.Client(timeout=600)
        print(f"\nQuerying the {triples:,} triples ({args.requests} requests each, alternating)\n")
        print(f"| {'query':6} | {'cultuurgraaf p50':>16} | {'p95':>8} | {'Virtuoso p50':>12} | {'p95':>8} | {'p50 ratio':>9} |")
        print(f"|{'-' * 8}|{'-' * 17}:|{'-' * 9}:|{'-' * 13}:|{'-' * 9}:|{'-' * 10}:|")
        for query, text in QUERIES.items():
            spent: dict[str, list[float]] = {"ours": [], "direct": []}
            for turn in range(args.requests + 3):
                body = text.replace("NUMBER", f"{(turn * 7919) % (triples // 10):07d}")
                for who, url, extra in (("ours", ours, {}), ("direct", direct, {"default-graph-uri": graph})):
                    start = time.perf_counter()
                    answer = client.post(url, data={"query": body, **extra}, headers=ACCEPT)
                    answer.raise_for_status()
                    if turn >= 3:  # the first three warm up
                        spent[who].append((time.perf_counter() - start) * 1000)
            p50 = {who: statistics.median(v) for who, v in spent.items()}
            p95 = {who: sorted(v)[int(0.95 * (len(v) - 1))] for who, v in spent.items()}
            print(f"| {query:6} | {p50['ours']:13.1f} ms | {p95['ours']:5.1f} ms | {p50['direct']:9.1f} ms | "
                  f"{p95['direct']:5.1f} ms | {p50['ours'] / p50['direct']:8.2f}x |")
        print("\nload average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    finally:
        if serving is not None:
            serving.terminate()
            serving.wait()
        subprocess.run(["bash", str(ROOT / ".ci" / "virtuoso.sh"), "stop", str(work / "virtuoso")], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
