#!/usr/bin/env python3
"""Loading benchmarks: `cultuurgraaf load` against pyoxigraph's own bulk loader, and a large build.

1. ``load`` (default): one N-Quads file, loaded in the same run by
   - pyoxigraph ``Store.bulk_load`` into a fresh folder (the peer: the raw speed of the engine),
   - ``cultuurgraaf load FILE --graph IRI`` into a fresh project, the whole command as people run it
     (checksum, new generation, VoID statistics, the meta graph, links, sync, switch; the search index is
     left to the server), followed in the same folder by
     - the search index catching up: what a server does at the first list or search after the load
       (``SearchIndex.kinds()`` in a process of its own; here from nothing, as the project is new),
     - ``cultuurgraaf load`` of a 1,000-triple file into a graph of its own in that store (a small change),
       and the same with ``--index``, whose index is updated in place before the switch; each is given as a
       share of the full build of the same store, without and with the index (goal: at most 2 %),
   - ``cultuurgraaf load FILE --graph IRI --index`` into a fresh project (the index written before the switch),
   each in its own process, in alternating order, ``--rounds`` times; the table gives medians and the
   throughput ratio to the peer. Goal: the command >= 0.9x the peer.
2. ``build``: the demo's four extracts from benchmarks/datagen.py at ``--objects`` (about 43 quads per
   object with the default proportions: 240,000 objects give about 10M), built by `cultuurgraaf
   build` in a child process whose resident memory is sampled every half second; the table gives the
   time of each stage, the triples per second and the peak memory. Then, in the same run, the peer:
   the same sources mapped again into one N-Quads file (not timed), which pyoxigraph's
   ``Store.bulk_load`` loads into a fresh folder (timed); the ratio of the two is printed.

Examples:
  python benchmarks/load/run.py load --triples 1000000 --rounds 3
  python benchmarks/load/run.py build --objects 240000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BASE = "https://data.cultuurgraaf.be"
GRAPH = BASE + "/graph/objecten"
PEER = """
import sys, pyoxigraph
store = pyoxigraph.Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=pyoxigraph.RdfFormat.N_QUADS)
store.flush()
"""
CATCH_UP = """
import sys
from cultuurgraaf.config import load_project
from cultuurgraaf.search import SearchIndex
from cultuurgraaf.store import open_project_store
project = load_project(sys.argv[1])
print(SearchIndex(open_project_store(project), project.iris).kinds())
"""
BUILD = """
import json, sys, time
from contextlib import contextmanager
from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import build

class Timed:
    @contextmanager
    def task(self, label, total=None):
        start = time.time()
        yield lambda n: None
        print(json.dumps({"stage": label, "start": start, "end": time.time()}), flush=True)

result = build(load_project(sys.argv[1]), progress=Timed())
for label, start, end in result.check.steps if result.check else []:
    print(json.dumps({"stage": "  " + label, "start": start, "end": end}), flush=True)
print(json.dumps({"failed": [o.name for o in result.failed],
                  "quads": {o.name: o.quads for o in result.outcomes}}), flush=True)
"""

#: The quads a build maps, written to files as the build maps them, for the engine's own bulk load (the peer)
MAP_FOR_PEER = """
import sys
from pathlib import Path
from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import map_source

project, out = load_project(sys.argv[1]), Path(sys.argv[2])
with open(out, "wb") as joined:
    for source in project.sources:
        part = out.with_name(source.name + ".nq")
        map_source(project, source, part, jobs=None)
        with open(part, "rb") as mapped:
            while block := mapped.read(1 << 22):
                joined.write(block)
        part.unlink()
"""


# -- measuring a child process ----------------------------------------------------------------

def run_measured(command: list[str], *, cwd: Path | None = None) -> tuple[float, int, str, list[tuple[float, int]]]:
    """Wall seconds, peak resident memory (bytes, sampled every 0.5 s, children included), stdout, and
    the samples as (epoch seconds, bytes)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, int]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append((time.time(), tree_rss(process.pid)))
            done.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err[-3000:]}")
    return seconds, max((rss for _, rss in samples), default=0), out, samples


def tree_rss(pid: int) -> int:
    """Resident memory of a process and its children, from /proc."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending += [int(c) for c in children.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


# -- 1. load ----------------------------------------------------------------------------------

def write_nquads(path: Path, triples: int, *, seed: int = 1913) -> int:
    """Heritage objects in the demo's shape (types, titles in three languages, a production with a maker,
    a keeper, a dimension, a description), about 10 triples each, deterministic for a seed."""
    rng = random.Random(seed)
    materials = ["zilver", "goud", "koper", "eikenhout", "porselein", "glas", "linnen", "brons"]
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        i = 0
        while written < triples:
            s = f"<{BASE}/id/erfgoedobject/{i:07d}>"
            p = f"<{BASE}/id/productie/{i:07d}>"
            lines = [
                f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object>",
                f'{s} <http://www.cidoc-crm.org/cidoc-crm/P102_has_title> "Object {i} in {rng.choice(materials)}"@nl',
                f'{s} <http://www.cidoc-crm.org/cidoc-crm/P102_has_title> "Object {i}"@en',
                f'{s} <http://purl.org/dc/terms/identifier> "{i:07d}"',
                f"{s} <http://www.cidoc-crm.org/cidoc-crm/P50_has_current_keeper> <{BASE}/id/organisatie/ORG{i % 500:04d}>",
                f"{s} <http://www.cidoc-crm.org/cidoc-crm/P108i_was_produced_by> {p}",
                f"{p} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.cidoc-crm.org/cidoc-crm/E12_Production>",
                f"{p} <http://www.cidoc-crm.org/cidoc-crm/P14_carried_out_by> <{BASE}/id/persoon/PER{rng.randrange(20000):05d}>",
                f'{s} <http://www.cidoc-crm.org/cidoc-crm/P3_has_note> "Beschrijving {rng.random():.12f} van object {i}"@nl',
                f'{s} <http://www.cidoc-crm.org/cidoc-crm/P43_has_dimension> "{rng.randrange(1, 300)}"^^<http://www.w3.org/2001/XMLSchema#integer>',
            ]
            out.writelines(f"{line} <{GRAPH}> .\n" for line in lines)
            written += len(lines)
            i += 1
    return written


def fresh_project(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "cultuurgraaf.toml").write_text(
        f'[project]\nname = "Load benchmark"\nbase_iri = "{BASE}"\nstore = "store"\n', encoding="utf-8")
    return folder


def bench_load(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="cg-load-", dir=args.work))
    try:
        data = work / "data.nq"
        triples = write_nquads(data, args.triples)
        small = work / "small.nq"
        small_triples = write_nquads(small, 1_000, seed=7)
        small.write_text(small.read_text(encoding="utf-8").replace("/id/erfgoedobject/", "/id/erfgoedobject/x")
                         .replace("/id/productie/", "/id/productie/x").replace(GRAPH, GRAPH + "-extra"),
                         encoding="utf-8")
        print(f"{triples:,} triples, {data.stat().st_size / 1e6:.0f} MB of N-Quads in {data}", file=sys.stderr)
        cultuurgraaf = str(Path(PYTHON).with_name("cultuurgraaf"))

        def load(folder: Path, *options: str) -> list[str]:
            return [cultuurgraaf, "load", str(data), "--graph", GRAPH, "--project", str(fresh_project(folder / "project")), *options]

        load_then = "cultuurgraaf load"
        small_load = f"  then: load, {small_triples:,} triples"
        small_indexed = f"  then: load --index, {small_triples:,} triples"
        followers = {
            "  then: search index catches up": lambda d: [PYTHON, "-c", CATCH_UP, str(d)],
            small_load: lambda d: [cultuurgraaf, "load", str(small), "--graph", GRAPH + "-extra", "--project", str(d)],
            small_indexed: lambda d: [
                cultuurgraaf, "load", str(small), "--graph", GRAPH + "-extra", "--project", str(d), "--index"],
        }
        runners = {
            "pyoxigraph bulk_load (peer)": lambda d: [PYTHON, "-c", PEER, str(data), str(d / "store")],
            load_then: lambda d: load(d),
            "cultuurgraaf load --index": lambda d: load(d, "--index"),
        }
        names = [*runners][:2] + [*followers] + [*runners][2:]
        times: dict[str, list[float]] = {name: [] for name in names}
        peaks: dict[str, list[int]] = {name: [] for name in names}
        load_before = os.getloadavg()
        for round_ in range(args.rounds):
            order = list(runners) if round_ % 2 == 0 else list(reversed(runners))
            for name in order:
                folder = work / f"{name.split()[-1].strip('-')}-{round_}"
                folder.mkdir()
                steps = [(name, runners[name](folder))]
                if name == load_then:
                    steps += [(follower, make(folder / "project")) for follower, make in followers.items()]
                for step, command in steps:
                    seconds, peak, _, _ = run_measured(command)
                    times[step].append(seconds)
                    peaks[step].append(peak)
                    print(f"round {round_ + 1}: {step.strip()}: {seconds:.1f} s", file=sys.stderr)
                shutil.rmtree(folder)
        load_after = os.getloadavg()
        peer = statistics.median(times["pyoxigraph bulk_load (peer)"])
        print(f"\nLoading {triples:,} triples of N-Quads ({args.rounds} rounds, medians; {os.cpu_count()} cores)\n")
        print(f"| {'what':36} | {'seconds':>8} | {'triples/s':>10} | {'peak RSS':>9} | {'throughput vs peer':>18} |")
        print(f"|{'-' * 38}|{'-' * 9}:|{'-' * 11}:|{'-' * 10}:|{'-' * 19}:|")
        for name in names:
            median = statistics.median(times[name])
            if name in followers:
                print(f"| {name:36} | {median:8.1f} | {'':>10} | {max(peaks[name]) / 2**20:6.0f} MB | {'':>18} |")
                continue
            print(f"| {name:36} | {median:8.1f} | {triples / median:10,.0f} | "
                  f"{max(peaks[name]) / 2**20:6.0f} MB | {peer / median:17.2f}x |")
        # a small change against a full build of the same store, each with and without the search index
        print(f"\n| {'a change of ' + f'{small_triples:,} triples':40} | {'seconds':>8} | {'full build of the store':28} | "
              f"{'seconds':>8} | {'ratio':>6} |")
        print(f"|{'-' * 42}|{'-' * 9}:|{'-' * 30}|{'-' * 9}:|{'-' * 7}:|")
        for small_name, full_name in ((small_load, load_then), (small_indexed, "cultuurgraaf load --index")):
            small_s, full_s = statistics.median(times[small_name]), statistics.median(times[full_name])
            print(f"| {small_name.replace('  then: ', 'cultuurgraaf '):40} | {small_s:8.2f} | {full_name:28} | "
                  f"{full_s:8.1f} | {small_s / full_s:6.1%} |")
        print("goal: at most 2 %")
        print("\nall rounds (s): " + "; ".join(f"{n.strip()}: {', '.join(f'{t:.1f}' for t in ts)}"
                                            for n, ts in times.items()))
        print(load_average(load_before, load_after))
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- 2. build ---------------------------------------------------------------------------------

SOURCES = {"organisaties": "organisaties.xml", "personen": "personen.csv", "objecten": "objecten.csv",
           "activiteiten": "activiteiten.json"}


@dataclass
class BuildRun:
    """A measured `cultuurgraaf build`: wall seconds, peak memory, the stages' times and memory samples."""

    seconds: float
    peak: int
    stages: list[dict]
    samples: list[tuple[float, int]]
    quads: int
    scratch_peak: int


def generate(work: Path, objects: int) -> tuple[Path, float]:
    """The generator's extracts for ``objects`` heritage objects in ``work/data``, and the seconds it took."""
    data = work / "data"
    started = time.perf_counter()
    subprocess.run([PYTHON, str(ROOT / "benchmarks" / "datagen.py"), "--objects", str(objects),
                    "--out", str(data), "--quiet"], check=True, stdout=subprocess.DEVNULL)
    return data, time.perf_counter() - started


def write_project(work: Path, data: Path, *, shapes: bool) -> Path:
    """A project in ``work/project`` of the four extracts with the demo's mappings (and shapes)."""
    project = work / "project"
    project.mkdir()
    lines = ["[project]", 'name = "Build benchmark"', f'base_iri = "{BASE}"', 'store = "store"']
    if shapes:
        lines.append(f'shapes = ["{ROOT / "shapes"}"]')
    for name, file in SOURCES.items():
        lines += ["", "[[sources]]", f'name = "{name}"', f'inputs = "{data / file}"',
                  f'mapping = "{ROOT / "mappings" / "demo" / (name + ".yml")}"']
    (project / "cultuurgraaf.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project


def build_measured(project: Path, work: Path) -> BuildRun:
    """`cultuurgraaf build` of a project in a child process, its temporary folder in ``work/tmp``
    (the mapped N-Quads, lineage, the scratch store it checks on disk), measured every few seconds."""
    scratch = work / "tmp"
    scratch.mkdir()
    os.environ["TMPDIR"] = str(scratch)
    scratch_peak = 0
    done = threading.Event()

    def measure_scratch() -> None:
        nonlocal scratch_peak
        while not done.wait(5):
            scratch_peak = max(scratch_peak, du(scratch))

    measuring = threading.Thread(target=measure_scratch, daemon=True)
    measuring.start()
    try:
        seconds, peak, out, samples = run_measured([PYTHON, "-c", BUILD, str(project)])
    finally:
        done.set()
        measuring.join()
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    summary = records[-1]
    if summary["failed"]:
        raise SystemExit(f"sources failed: {summary['failed']}")
    return BuildRun(seconds, peak, sorted(records[:-1], key=lambda r: r["start"]), samples,
                    sum(summary["quads"].values()), scratch_peak)


def print_stages(run: BuildRun) -> None:
    """The table of the build's stages: seconds and the peak memory while each ran."""
    print(f"| {'stage':38} | {'seconds':>8} | {'peak RSS':>9} |")
    print(f"|{'-' * 40}|{'-' * 9}:|{'-' * 10}:|")
    for record in run.stages:
        during = [rss for at, rss in run.samples if record["start"] <= at <= record["end"]]
        print(f"| {record['stage']:38} | {record['end'] - record['start']:8.1f} | "
              + (f"{max(during) / 2**20:6.0f} MB |" if during else f"{'-':>9} |"))
    print(f"| {'whole build (wall)':38} | {run.seconds:8.1f} | {run.peak / 2**20:6.0f} MB |")


def print_validation(project: Path) -> None:
    reports = project / "store" / "reports"
    counts = json.loads((reports / "build.json").read_text(encoding="utf-8"))["counts"]
    print(f"validation: {counts['Violation']:,} violations, {counts['Warning']:,} warnings, "
          f"{counts['Info']:,} notes; reports {du(reports) / 2**20:,.0f} MB")


def load_average(before: tuple[float, ...], after: tuple[float, ...]) -> str:
    return ("load average (1, 5, 15 min): before " + ", ".join(f"{x:.2f}" for x in before)
            + "; after " + ", ".join(f"{x:.2f}" for x in after))


def bench_build(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="cg-build-", dir=args.work))
    try:
        data, took = generate(work, args.objects)
        print(f"datagen: {args.objects:,} objects in {took:.0f} s", file=sys.stderr)
        project = write_project(work, data, shapes=not args.no_shapes)
        load_before = os.getloadavg()
        run = build_measured(project, work)
        # the peer, in the same run: Oxigraph's bulk loader alone, given the same quads in one file
        peer_quads = work / "peer.nq"
        subprocess.run([PYTHON, "-c", MAP_FOR_PEER, str(project), str(peer_quads)], check=True)
        peer_seconds, peer_peak, _, _ = run_measured([PYTHON, "-c", PEER, str(peer_quads), str(work / "peer-store")])
        shutil.rmtree(work / "peer-store", ignore_errors=True)
        peer_quads.unlink()
        load_after = os.getloadavg()
        print(f"\nBuild of {args.objects:,} objects ({run.quads:,} quads mapped; shapes: "
              f"{'no' if args.no_shapes else 'yes'}; {os.cpu_count()} cores)\n")
        print_stages(run)
        print(f"| {'peer: pyoxigraph bulk_load, same quads':38} | {peer_seconds:8.1f} | {peer_peak / 2**20:6.0f} MB |")
        print(f"\nthe build took {run.seconds / peer_seconds:.1f}x the time of Oxigraph's own bulk load of its quads "
              f"(goal: at most 2x, and at most 180 s at 10M)")
        print(f"\n{run.quads / run.seconds:,.0f} quads/s over the whole build; peak resident memory "
              f"{run.peak / 2**30:.2f} GiB; store on disk {du(project / 'store') / 2**30:.2f} GiB; "
              f"temporary folder at most {run.scratch_peak / 2**30:.2f} GiB (sampled every 5 s)")
        if not args.no_shapes:
            print_validation(project)
        print(load_average(load_before, load_after))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def du(path: Path) -> int:
    total = 0
    for file in path.rglob("*"):
        try:
            total += file.stat().st_size if file.is_file() else 0
        except FileNotFoundError:  # removed while counting
            continue
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    load = sub.add_parser("load", help="cultuurgraaf load against pyoxigraph bulk_load")
    load.add_argument("--triples", type=int, default=1_000_000)
    load.add_argument("--rounds", type=int, default=3)
    build_parser = sub.add_parser("build", help="a large build, with stage times and peak memory")
    build_parser.add_argument("--objects", type=int, default=240_000)
    build_parser.add_argument("--no-shapes", action="store_true", help="build without validation")
    build_parser.add_argument("--keep", action="store_true", help="keep the generated data and store")
    for p in (load, build_parser):
        p.add_argument("--work", default=None, help="folder for temporary files (default: the system's)")
    args = parser.parse_args()
    if args.command == "build":
        bench_build(args)
    else:
        if args.command is None:
            args = load.parse_args([])
        bench_load(args)


if __name__ == "__main__":
    main()
