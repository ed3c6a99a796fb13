#!/usr/bin/env python3
"""cultuurgraaf's fast validator against pySHACL, on the same data and shapes in the same run.

    python benchmarks/validation/run.py                   # about 1M triples (33,000 objects)
    python benchmarks/validation/run.py --objects 3000    # a quick run (about 100k triples)

Steps: write the demo's four extracts with benchmarks/datagen.py, map them with the demo mappings
(mappings/demo/) to one N-Quads file per source, then validate the four files against shapes/:

  pySHACL (the peer)  rdflib parses the N-Quads into one graph; pySHACL validates it
                      (inference 'none', as cultuurgraaf uses it), and its report graph is read
  fast (cultuurgraaf) the N-Quads are loaded into an in-memory Oxigraph store; the shapes,
                      compiled to SPARQL, run on it

Both must give the same results: the same multiset of (focus node, path, value, constraint
component, source shape, severity), blank nodes compared as "some blank node" because rdflib
renames them when it parses. Times are wall-clock seconds and CPU seconds (of this process, all
threads) per phase; the ratio is pySHACL / fast, for validation alone and for reading +
validation. On a shared machine the CPU seconds are the steadier measure: wall time also counts
the time other processes held the cores.
"""

from __future__ import annotations

import argparse
import gc
import logging
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from rdflib import BNode, Dataset, Graph

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOURCES = {"organisaties": "organisaties.xml", "personen": "personen.csv", "objecten": "objecten.csv",
           "activiteiten": "activiteiten.json"}
BASE = "https://data.cultuurgraaf.be"


def generate(objects: int, out: Path) -> None:
    if all((out / name).is_file() for name in SOURCES.values()):
        return
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "datagen.py"), "--objects", str(objects), "--out", str(out),
                    "--quiet"], check=True)


def map_sources(data: Path, out: Path) -> list[Path]:
    from cultuurgraaf.mapping import execute, load_mapping

    files = []
    for source, name in SOURCES.items():
        target = out / f"{source}.nq"
        files.append(target)
        if target.is_file():
            continue
        mapping = load_mapping(ROOT / "mappings" / "demo" / f"{source}.yml")
        run = execute(mapping, base_iri=BASE + "/", default_graph=f"{BASE}/graph/{source}", inputs={"": data / name})
        with open(target, "w", encoding="utf-8") as handle:
            for chunk in iter(lambda it=run.quads(): list(_take(it, 50_000)), []):
                handle.writelines(chunk)
    return files


def _take(iterator, n):
    for _ in range(n):
        try:
            yield next(iterator)
        except StopIteration:
            return


def key(result) -> tuple:
    def norm(node):
        return "_:" if isinstance(node, BNode) else node
    return (norm(result.focus), result.path, norm(result.value), result.constraint, str(result.shape), result.severity)


class Clock:
    """Wall and CPU seconds since the last lap."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        spent = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return spent


def run_pyshacl(files: list[Path], shapes):
    from cultuurgraaf.validation import validate_graph

    clock = Clock()
    graph = Graph()
    for path in files:
        dataset = Dataset()
        dataset.parse(path, format="nquads")
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        del dataset
    read = clock.lap()
    size = len(graph)
    clock.lap()
    report = validate_graph(graph, shapes)
    validate = clock.lap()
    return read, validate, Counter(key(r) for r in report.results), size


def run_fast(files: list[Path], shapes):
    from cultuurgraaf.store.scratch import ScratchStore
    from cultuurgraaf.validation.fast import validate_fast

    clock = Clock()
    store = ScratchStore()
    for path in files:
        store.load(path=path, format="nquads", lenient=True)  # as a build loads what its engine wrote
    read = clock.lap()
    size = len(store)
    clock.lap()
    results = validate_fast(store, shapes)
    validate = clock.lap()
    return read, validate, Counter(key(r) for r in results), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=33_000, help="heritage objects to generate (default 33000: ~1M triples)")
    parser.add_argument("--work", type=Path, default=HERE / "work", help="folder for the data (default benchmarks/validation/work)")
    args = parser.parse_args()
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    sys.path.insert(0, str(ROOT / "src"))
    from cultuurgraaf.validation import load_shapes

    work = args.work / f"objects-{args.objects}"
    (work / "data").mkdir(parents=True, exist_ok=True)
    generate(args.objects, work / "data")
    files = map_sources(work / "data", work)
    shapes = load_shapes([ROOT / "shapes"])
    print(f"data: {sum(1 for f in files for _ in open(f, encoding='utf-8')):,} quads in {len(files)} N-Quads files "
          f"({args.objects:,} objects), shapes: {len(shapes.files)} files", flush=True)

    fast_read, fast_validate, fast_results, fast_size = run_fast(files, shapes)
    print(f"fast: read {fast_read[0]:.1f} s ({fast_read[1]:.1f} s CPU), validate {fast_validate[0]:.1f} s "
          f"({fast_validate[1]:.1f} s CPU), {sum(fast_results.values()):,} results", flush=True)
    gc.collect()
    py_read, py_validate, py_results, py_size = run_pyshacl(files, shapes)
    print(f"pySHACL: read {py_read[0]:.1f} s ({py_read[1]:.1f} s CPU), validate {py_validate[0]:.1f} s "
          f"({py_validate[1]:.1f} s CPU), {sum(py_results.values()):,} results", flush=True)

    same = fast_results == py_results
    print()
    print(f"triples: {fast_size:,} (Oxigraph, distinct quads), {py_size:,} (rdflib graph)")
    print(f"results: {sum(fast_results.values()):,}; same results: {'yes' if same else 'NO'}")
    print()
    print(f"{'phase':<24}{'pySHACL (s)':>12}{'fast (s)':>10}{'ratio':>9}")
    for phase, peer, ours in (("validate", py_validate, fast_validate),
                              ("read + validate", tuple(map(sum, zip(py_read, py_validate))),
                               tuple(map(sum, zip(fast_read, fast_validate))))):
        for i, clock in enumerate(("wall", "CPU")):
            print(f"{phase + ', ' + clock:<24}{peer[i]:>12.1f}{ours[i]:>10.1f}{peer[i] / ours[i]:>8.1f}x")
    if not same:
        print("\nonly pySHACL:", list((py_results - fast_results).items())[:10])
        print("only fast:", list((fast_results - py_results).items())[:10])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
