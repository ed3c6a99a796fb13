#!/usr/bin/env python3
"""Entity page and search latency of `cultuurgraaf serve`, next to Oxigraph's own server on the same store.

Both servers run as separate processes on 127.0.0.1 and answer one client, one request at a time
(keep-alive), after a warm-up round. Measured:

  entity page (HTML)   GET /doc/{kind}/{ref}: describe() + labels + incoming links + template
  entity (Turtle)      GET /doc/{kind}/{ref}.ttl: the same Entity as RDF
  search (HTML)        GET /zoeken?q=...: FTS5 over the index beside the store generation
  search (JSON)        the same, as JSON
  peer: DESCRIBE       `oxigraph serve-read-only`: SPARQL DESCRIBE <iri> as Turtle (the bare store,
                       no labels of linked things, no incoming links, no HTML)
  peer: label search   the same server: a SPARQL label search with CONTAINS(LCASE(...)), shortest label
                       first (a crude ranking, which makes the server look at every label): what
                       ranked search costs without an index (fewer samples: it is slow)

Entities are sampled per kind (seeded), plus the organisations that keep the most objects (the
pages with the most incoming links); search words are drawn from the titles and descriptions of
the graph. The goal is p95 <= 50 ms for entity pages and for search.

Usage:
  python benchmarks/pages/bench.py PROJECT_DIR [--entities 300] [--searches 200] [--oxigraph PATH]
See benchmarks/pages/README.md for how the 6M-triple project is made.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

from cultuurgraaf.config import load_project
from cultuurgraaf.store import open_store

GOAL_MS = 50.0
CLASSES = {
    "erfgoedobject": "http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object",
    "organisatie": "http://www.w3.org/ns/org#Organization",
    "persoon": "http://www.w3.org/ns/person#Person",
    "locatie": "http://www.w3.org/ns/prov#Location",
    "activiteit": "http://www.cidoc-crm.org/cidoc-crm/E7_Activity",
}
LABELS = ("<http://www.w3.org/2004/02/skos/core#prefLabel>|<http://www.w3.org/2000/01/rdf-schema#label>|"
          "<http://www.cidoc-crm.org/cidoc-crm/P102_has_title>|<http://purl.org/dc/terms/title>|"
          "<http://xmlns.com/foaf/0.1/name>")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server for {url} stopped (exit {process.returncode})")
        try:
            httpx.get(url, timeout=5)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def sample_entities(store, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """About ``count`` (group, IRI) pairs spread over the kinds, plus the organisations with most objects."""
    per_kind = max(1, count // (len(CLASSES) + 1))
    chosen: list[tuple[str, str]] = []
    for kind, klass in CLASSES.items():
        iris = [str(r["s"]) for r in store.query(f"SELECT ?s WHERE {{ ?s a <{klass}> }}").rows()]
        chosen += [(kind, iri) for iri in rng.sample(iris, min(per_kind, len(iris)))]
    hubs = store.query("SELECT ?o (COUNT(?x) AS ?n) WHERE { ?x <http://www.cidoc-crm.org/cidoc-crm/"
                       "P50_has_current_keeper> ?o } GROUP BY ?o ORDER BY DESC(?n) LIMIT " + str(per_kind)).rows()
    chosen += [("organisatie, most objects", str(r["o"])) for r in hubs]
    rng.shuffle(chosen)
    return chosen


def sample_words(store, count: int, rng: random.Random) -> list[str]:
    """Search terms as people type them: single words, two words, a whole title, a word prefix."""
    titles = [str(r["l"]) for r in store.query(
        "SELECT ?l WHERE { ?s <http://www.cidoc-crm.org/cidoc-crm/P102_has_title> ?l } LIMIT 20000").rows()]
    notes = [str(r["d"]) for r in store.query(
        "SELECT ?d WHERE { ?s <http://www.cidoc-crm.org/cidoc-crm/P3_has_note> ?d } LIMIT 5000").rows()]
    words = [w for text in titles + notes for w in re.findall(r"[^\W\d_]{4,}", re.sub(r"<[^>]*>", " ", text))]
    terms = []
    for _ in range(count):
        shape = rng.random()
        if shape < 0.4:
            terms.append(rng.choice(words))
        elif shape < 0.7:
            terms.append(f"{rng.choice(words)} {rng.choice(words)}")
        elif shape < 0.9:
            terms.append(rng.choice(titles))
        else:
            terms.append(rng.choice(words)[:4])
    return terms


def timed(client: httpx.Client, method: str, url: str, **kwargs) -> float:
    start = time.perf_counter()
    response = client.request(method, url, **kwargs)
    response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{method} {url} answered {response.status_code}: {response.text[:300]}")
    return elapsed


def summary(name: str, times: list[float], goal: float | None) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"name": name, "n": len(times), "p50": statistics.median(ordered), "p95": p95, "max": ordered[-1],
            "goal": goal}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("--entities", type=int, default=300)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--peer-searches", type=int, default=10)
    parser.add_argument("--oxigraph", default=shutil.which("oxigraph"), help="the oxigraph server command (PyPI: oxigraph)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    project = load_project(args.project)
    store = open_store(project.store_path)
    generation = store.current_generation()
    if not generation:
        raise SystemExit(f"the store of {args.project} is empty: run `cultuurgraaf build {args.project}` first")
    triples = store.count()
    rng = random.Random(args.seed)
    entities = sample_entities(store, args.entities, rng)
    words = sample_words(store, args.searches, rng)
    store.close()

    port = free_port()
    command = Path(sys.executable).with_name("cultuurgraaf")
    ours = subprocess.Popen([str(command), "serve", str(args.project), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peer = None
    peer_port = free_port()
    if args.oxigraph:
        location = store.path / f"gen-{generation:06d}"
        # the store keeps every triple in a named graph: the peer's default graph must be their union
        peer = subprocess.Popen([args.oxigraph, "serve-read-only", "--location", str(location), "--union-default-graph",
                                 "--bind", f"127.0.0.1:{peer_port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    rows = []
    by_group: dict[str, list[float]] = {}
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/", ours)
        groups = [group for group, _ in entities]
        entities = [iri for _, iri in entities]
        paths = [project.iris.document_path(iri) for iri in entities]
        with httpx.Client(timeout=120) as client:
            html_headers = {"Accept": "text/html", "Accept-Language": "nl"}
            for path in paths[:20]:
                client.get(base + path, headers=html_headers)
            for term in words[:20]:
                client.get(base + "/zoeken", params={"q": term}, headers=html_headers)
            page_times = [timed(client, "GET", base + p, headers=html_headers) for p in paths]
            rows.append(summary("entity page (HTML)", page_times, GOAL_MS))
            by_group = {}
            for group, elapsed in zip(groups, page_times):
                by_group.setdefault(group, []).append(elapsed)
            rows.append(summary("entity (Turtle)", [timed(client, "GET", base + p + ".ttl") for p in paths], GOAL_MS))
            rows.append(summary("search (HTML)", [timed(client, "GET", base + "/zoeken", params={"q": w},
                                                        headers=html_headers) for w in words], GOAL_MS))
            rows.append(summary("search (JSON)", [timed(client, "GET", base + "/zoeken", params={"q": w},
                                                        headers={"Accept": "application/json"}) for w in words], GOAL_MS))
            if peer is not None:
                peer_base = f"http://127.0.0.1:{peer_port}"
                wait_for(peer_base + "/", peer)
                query = peer_base + "/query"
                for iri in entities[:20]:
                    answer = client.post(query, content=f"DESCRIBE <{iri}>", headers={
                        "Content-Type": "application/sparql-query", "Accept": "text/turtle"})
                    if iri not in answer.text:
                        raise SystemExit(f"the peer does not describe <{iri}>: is it serving the same store?")
                rows.append(summary("peer: DESCRIBE", [timed(client, "POST", query, content=f"DESCRIBE <{iri}>", headers={
                    "Content-Type": "application/sparql-query", "Accept": "text/turtle"}) for iri in entities], None))
                searches = []
                for term in words[: args.peer_searches]:
                    needle = term.lower().replace("\\", "\\\\").replace('"', '\\"')
                    text = (f'SELECT ?s ?l WHERE {{ ?s {LABELS} ?l FILTER(CONTAINS(LCASE(STR(?l)), "{needle}")) }} '
                            "ORDER BY STRLEN(STR(?l)) LIMIT 20")
                    searches.append(timed(client, "POST", query, content=text, headers={
                        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}))
                rows.append(summary("peer: label search", searches, None))
            else:
                print("(no peer: install the oxigraph server, `pip install oxigraph`, or pass --oxigraph PATH)")
    finally:
        for process in (ours, peer):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)

    print(f"\n{args.project}: {triples:,} quads, generation {generation}; "
          f"{len(entities)} entities, {len(words)} search terms\n")
    peer_page = next((r for r in rows if r["name"] == "peer: DESCRIBE"), None)
    peer_search = next((r for r in rows if r["name"] == "peer: label search"), None)
    print(f"{'':22} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} {'goal':>8} {'p95 / peer':>11}")
    for row in rows:
        against = peer_search if row["name"].startswith("search") else peer_page if row["name"].startswith("entity") else None
        ratio = f"{row['p95'] / against['p95']:.2f}" if against else ""
        goal = ("ok" if row["p95"] <= row["goal"] else "MISSED") if row["goal"] else ""
        print(f"{row['name']:22} {row['n']:>5} {row['p50']:>9.1f} {row['p95']:>9.1f} {row['max']:>9.1f} {goal:>8} {ratio:>11}")
    print(f"\nentity page (HTML) by kind{'':4} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    for group, times in sorted(by_group.items()):
        row = summary(group, times, None)
        print(f"{group:30} {row['n']:>5} {row['p50']:>9.1f} {row['p95']:>9.1f} {row['max']:>9.1f}")


if __name__ == "__main__":
    main()
