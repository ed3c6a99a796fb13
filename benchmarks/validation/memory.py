#!/usr/bin/env python3
"""The peak memory of checking a large build, at one or more sizes: flat as the build grows?

    python benchmarks/validation/memory.py --objects 72000 240000    # about 3M and 10M triples

For each size: ``benchmarks/datagen.py --objects N`` writes the demo's four extracts, the demo
mappings map them to N-Quads with their lineage in sidecar files (as a build does), and a child
process checks them as a build checks data above ``quarantine.IN_MEMORY_QUADS``: ``check_build``
with a scratch store on disk (load, validate, origins, hold back, reports). The child's resident
memory is sampled every 0.5 s (by benchmarks/load/run.py); its high-water mark (``VmHWM``) is read
from /proc at the end. The table gives, per size, the quads mapped, the results, the seconds and
peak of each step of the check and the peak of the whole check. Goal: at most 2 GiB, and flat
between 3M and 10M triples.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOURCES = {"organisaties": "organisaties.xml", "personen": "personen.csv", "objecten": "objecten.csv",
           "activiteiten": "activiteiten.json"}
BASE = "https://data.cultuurgraaf.be"

MAP = """
import sys
from pathlib import Path
from cultuurgraaf.mapping import execute, load_mapping
from cultuurgraaf.mapping.lineage import LineageWriter

data, out, source, name = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
mapping = load_mapping(Path(sys.argv[5]))
quads = 0
with LineageWriter(out / f"{source}.lineage") as lineage, open(out / f"{source}.nq", "w", encoding="utf-8") as handle:
    run = execute(mapping, base_iri=sys.argv[6] + "/", default_graph=f"{sys.argv[6]}/graph/{source}",
                  inputs={"": data / name}, lineage=lineage)
    for chunk in run.chunks():
        handle.write("".join(chunk))
        quads += len(chunk)
print(quads)
"""

CHECK = """
import json, sys
from pathlib import Path
from cultuurgraaf.mapping import load_mapping
from cultuurgraaf.validation import load_shapes
from cultuurgraaf.validation.quarantine import MappedSource, check_build

out, mappings = Path(sys.argv[1]), Path(sys.argv[2])
sources = [MappedSource(name, out / f"{name}.nq", out / f"{name}.lineage", load_mapping(mappings / f"{name}.yml"))
           for name in json.loads(sys.argv[3])]
check = check_build(load_shapes([Path(sys.argv[4])]), sources, out / "reports", work=out, quads=None)
for label, start, end in check.steps:
    print(json.dumps({"step": label, "start": start, "end": end}), flush=True)
print(json.dumps({"results": len(check.report.results), "counts": check.report.counts()}), flush=True)
with open("/proc/self/status") as status:
    print(json.dumps({"hwm_kb": next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))}))
"""


def load_benchmark():
    """benchmarks/load/run.py, whose ``run_measured`` samples a child's memory."""
    spec = importlib.util.spec_from_file_location("load_benchmark", ROOT / "benchmarks" / "load" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def measure(command: list[str]) -> tuple[float, str, list[tuple[float, int]]]:
    """Wall seconds, standard output and resident memory samples (epoch seconds, bytes) of a child."""
    seconds, _peak, out, samples = load_benchmark().run_measured(command)
    return seconds, out, samples


def one_size(objects: int, work: Path) -> dict:
    data, out = work / "data", work / "out"
    out.mkdir(parents=True)
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "datagen.py"), "--objects", str(objects), "--out",
                    str(data), "--quiet"], check=True, stdout=subprocess.DEVNULL)
    quads = 0
    for source, name in SOURCES.items():
        _, printed, _ = measure([sys.executable, "-c", MAP, str(data), str(out), source, name,
                                 str(ROOT / "mappings" / "demo" / f"{source}.yml"), BASE])
        quads += int(printed.split()[-1])
    shutil.rmtree(data)  # the extracts are mapped: only the N-Quads and their lineage are checked
    seconds, printed, samples = measure([sys.executable, "-c", CHECK, str(out), str(ROOT / "mappings" / "demo"),
                                         json.dumps(list(SOURCES)), str(ROOT / "shapes")])
    records = [json.loads(line) for line in printed.splitlines() if line.startswith("{")]
    steps = [(r["step"], r["end"] - r["start"], max((b for at, b in samples if r["start"] <= at <= r["end"]), default=0))
             for r in records if "step" in r]
    summary = next(r for r in records if "results" in r)
    hwm = next(r["hwm_kb"] for r in records if "hwm_kb" in r) * 1024
    return {"objects": objects, "quads": quads, "results": summary["results"], "seconds": seconds, "steps": steps,
            "peak": hwm}


def print_steps(row: dict) -> None:
    print(f"{row['objects']:,} objects, {row['quads']:,} quads mapped, {row['results']:,} results:")
    print(f"| {'step':38} | {'seconds':>8} | {'peak RSS':>9} |")
    print(f"|{'-' * 40}|{'-' * 9}:|{'-' * 10}:|")
    for label, seconds, peak in row["steps"]:
        print(f"| {label:38} | {seconds:8.1f} | " + (f"{peak / 2**20:6.0f} MB |" if peak else f"{'-':>9} |"))
    print(f"| {'whole check (wall; high-water mark)':38} | {row['seconds']:8.1f} | {row['peak'] / 2**20:6.0f} MB |\n",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, nargs="+", default=[72_000, 240_000],
                        help="sizes to check (default 72000 240000: about 3M and 10M triples)")
    parser.add_argument("--work", default=None, help="folder for temporary files (default: the system's)")
    args = parser.parse_args()
    before = os.getloadavg()
    print(f"Checking a build on disk ({os.cpu_count()} cores): peak resident memory of the check\n", flush=True)
    rows = []
    for objects in args.objects:
        work = Path(tempfile.mkdtemp(prefix="cg-check-", dir=args.work))
        try:
            rows.append(one_size(objects, work))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print_steps(rows[-1])
    after = os.getloadavg()
    print(f"| {'objects':>8} | {'quads mapped':>12} | {'results':>8} | {'check (s)':>9} | {'peak':>9} |")
    print(f"|{'-' * 9}:|{'-' * 13}:|{'-' * 9}:|{'-' * 10}:|{'-' * 10}:|")
    for row in rows:
        print(f"| {row['objects']:>8,} | {row['quads']:>12,} | {row['results']:>8,} | {row['seconds']:>9.1f} | "
              f"{row['peak'] / 2**20:>6,.0f} MB |")
    if len(rows) > 1:
        print(f"\npeak at the largest size / at the smallest: {rows[-1]['peak'] / rows[0]['peak']:.2f}x "
              f"(goal: flat, and at most 2 GiB)")
    print("load average (1, 5, 15 min): before " + ", ".join(f"{x:.2f}" for x in before)
          + "; after " + ", ".join(f"{x:.2f}" for x in after))


if __name__ == "__main__":
    main()
