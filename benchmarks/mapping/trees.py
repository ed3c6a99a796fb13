#!/usr/bin/env python3
"""JSON and XML mapped on one core and on every core: the demo's events and organisations at scale.

    python benchmarks/mapping/trees.py                          # 60,000 events, 30,000 organisations
    python benchmarks/mapping/trees.py --activities 10000 --organisations 5000   # a quick run

The data generator (benchmarks/datagen.py) writes the event database's JSON (``activiteiten.json``,
``{"rootObject": [{"event": ...}, ...]}``, about 2.6 KB an event) and the organisation register's
XML (``organisaties.xml``, organisations with their venues); the demo's mappings
(mappings/demo/activiteiten.yml, organisaties.yml) map them, each run in a fresh process, with
lineage (as a build with shapes maps), one after the other, in three ways:

  one process          map_to_output(..., jobs=1)
  N, file read whole   N processes that each parse the whole file and map every N-th batch of
                       records (how JSON and XML were shared before they were cut into parts)
  N, byte ranges       N processes that each parse their own byte range (what `cultuurgraaf map`
                       and a build do now)

N is the number of usable cores. Each way runs ``--repeat`` times, interleaved; the table gives
the fastest. The outputs must be the same graph (count and SHA-256 of the sorted lines); the
lineage files the same lines. seconds are wall-clock seconds of the whole process, CPU seconds
user + system of it and its children, memory the peak of the process tree's summed resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
from run import graph_digest, measure, table  # noqa: E402

from cultuurgraaf.mapping import load_mapping  # noqa: E402

MAPPINGS = {"JSON events": ("activiteiten", "activiteiten.json"), "XML organisations": ("organisaties", "organisaties.xml")}
WAYS = ("one process", "N, file read whole", "N, byte ranges")

JOB = """
import json, sys
from pathlib import Path
from cultuurgraaf.mapping import load_mapping
from cultuurgraaf.mapping.parallel import map_to_output, usable_cores
from cultuurgraaf.sources import csv_parts

mapping, output, way = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
if way == "whole":
    csv_parts.MIN_SIZE = 1 << 62  # no file is cut: every process reads each whole, as before
jobs = 1 if way == "one" else usable_cores()
stats = map_to_output(load_mapping(mapping), output=output, jobs=jobs,
                      lineage_path=output.with_suffix(".lineage"))
print(json.dumps({"quads": stats.quads, "jobs": jobs}))
"""


def write_data(work: Path, args: argparse.Namespace) -> dict[str, Path]:
    """Generate the extracts (once for given counts) and the mappings that read them."""
    data = work / f"data-{args.activities}-{args.organisations}"
    if not (data / "activiteiten.json").exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "datagen.py"), "--objects", "1000",
                        "--activities", str(args.activities), "--organisations", str(args.organisations),
                        "--out", str(data), "--quiet"], check=True, stdout=subprocess.DEVNULL)
    mappings = {}
    for what, (name, file) in MAPPINGS.items():
        text = (ROOT / "mappings" / "demo" / f"{name}.yml").read_text(encoding="utf-8")
        mapping = work / f"{name}.yml"
        mapping.write_text(text.replace(f"../../examples/demo/data/{file}", str(data / file)), encoding="utf-8")
        mappings[what] = mapping
    return mappings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=60_000, help="events in the JSON (default 60,000)")
    parser.add_argument("--organisations", type=int, default=30_000,
                        help="organisations in the XML, each with venues (default 30,000)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each way, the fastest kept (default 2)")
    parser.add_argument("--work", type=Path, default=HERE / "work", help="folder for inputs and outputs")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    mappings = write_data(args.work, args)
    load_before = os.getloadavg()
    rows = [("input", "way", "seconds", "CPU seconds", "peak memory", "quads", "vs one process")]
    failed = False
    for what, mapping in mappings.items():
        data = next(iter(load_mapping(mapping).files()))
        results, digests, lineages = {}, {}, {}
        for _ in range(args.repeat):
            for way, key in zip(WAYS, ("one", "whole", "ranges")):
                output = args.work / f"{mapping.stem}-{key}.nq"
                result = measure(way, [sys.executable, "-c", JOB, str(mapping), str(output), key], args.work)
                if way not in results or result.seconds < results[way].seconds:
                    results[way] = result
                digests[way] = graph_digest(output)
                lineages[way] = graph_digest(output.with_suffix(".lineage"))
        if len(set(digests.values())) != 1 or len(set(lineages.values())) != 1:
            print(f"{what}: the ways made different graphs or lineage: {digests} {lineages}", file=sys.stderr)
            failed = True
        one = results[WAYS[0]].seconds
        for way in WAYS:
            result = results[way]
            done = json.loads(result.output.strip().splitlines()[-1])
            label = way.replace("N", str(done["jobs"]))
            rows.append((f"{what} ({data.stat().st_size / 2**20:,.0f} MiB)" if way == WAYS[0] else "", label,
                         f"{result.seconds:.1f}", f"{result.cpu_seconds:.1f}", f"{result.peak_bytes / 2**20:,.0f} MiB",
                         f"{done['quads']:,}", f"{one / result.seconds:.2f}x"))
    load_after = os.getloadavg()
    print(table(rows))
    print(f"\n{os.cpu_count()} cores; fastest of {args.repeat} runs each; load average (1, 5, 15 min): before "
          + ", ".join(f"{x:.2f}" for x in load_before) + "; after " + ", ".join(f"{x:.2f}" for x in load_after))
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
