"""Checking a large build holds a batch of its quads in memory, not the whole build.

A build above ``quarantine.IN_MEMORY_QUADS`` is checked in a scratch store on disk. Its quads go
there through Oxigraph's bulk loader, which keeps what it is handed in memory while it sorts it:
handed a whole mapped file, that is up to a million quads, about 1.5 GB, so the peak of the check
grew with the build. The scratch store hands it ``batch_quads`` at a time instead.

The test validates a generated data set (``benchmarks/datagen.py``) at two sizes, 3x and 10x of
333 objects (23,574 and 78,150 quads), each in a process of its own, as a build checks data on
disk (``load_data``, then the shapes), and compares the processes' peak resident memory
(``support.measure``), not time. The batch is made small so that both sizes span several
batches. Measured: 78 and 89 MB; with the whole files handed to the bulk loader, 82 and 135 MB.
What still grows is the results (1,306 and 4,155 of them), which the report keeps.

Writing a report's JSON takes memory for the report's summary, not for the JSON of each result:
the second test counts, with ``tracemalloc``, what writing it takes at 500 and at 2,000 results.
"""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from cultuurgraaf.mapping import execute, load_mapping
from cultuurgraaf.validation import Origin, ValidationReport, ValidationResult
from support.measure import run_measured
from support.paths import ROOT

SOURCES = {"organisaties": "organisaties.xml", "personen": "personen.csv", "objecten": "objecten.csv",
           "activiteiten": "activiteiten.json"}
BASE = "https://data.cultuurgraaf.be"
#: quads handed to the bulk loader at a time, well below the smaller data set's 23,574
BATCH = 10_000
#: what the peak may grow by from 3x to 10x: holding the 55,000 quads more took 53 MB
GROWTH_MB = 25
#: what writing a report's JSON may take for each result more: measured about 510 bytes (the
#: summary's ordering of the rows); with the JSON of every result made first, about 1,370
WRITE_BYTES_PER_RESULT = 900

CHECK = """
import sys
from pathlib import Path
from cultuurgraaf.validation import load_shapes, validate_store
from cultuurgraaf.validation.quarantine import MappedSource, load_data

folder, batch = Path(sys.argv[1]), int(sys.argv[2])
sources = [MappedSource(path.stem, path, path.with_suffix(".lineage"), None) for path in sorted(folder.glob("*.nq"))]
scratch = load_data(sources, path=folder / "scratch", batch_quads=batch)
report = validate_store(scratch, load_shapes([Path(sys.argv[3])]))
print(len(scratch), len(report.results))
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, Path]:
    """The demo's sources generated for 1,000 objects (3x) and 3,333 (10x), with a tenth as many
    activities (the slowest to map), each mapped to N-Quads files in a folder of its own."""
    folders = {}
    for size, objects in (("3x", 1000), ("10x", 3333)):
        folder = folders[size] = tmp_path_factory.mktemp(size)
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "datagen.py"), "--objects", str(objects),
                        "--activities", str(objects // 10), "--out", str(folder / "data"), "--quiet", "--jobs", "1"],
                       check=True, capture_output=True)
        for source, name in SOURCES.items():
            run = execute(load_mapping(ROOT / "mappings" / "demo" / f"{source}.yml"), base_iri=BASE + "/",
                          default_graph=f"{BASE}/graph/{source}", inputs={"": folder / "data" / name})
            with open(folder / f"{source}.nq", "w", encoding="utf-8") as handle:
                for chunk in run.chunks():
                    handle.write("".join(chunk))
    return folders


def test_checking_ten_times_the_data_on_disk_takes_about_the_same_memory(generated):
    measured = {}
    for size, folder in generated.items():
        run = run_measured([sys.executable, "-c", CHECK, str(folder), str(BATCH), str(ROOT / "shapes")], cwd=folder)
        assert run.returncode == 0, run.output
        quads, results = map(int, run.output.split()[-2:])
        measured[size] = (quads, results, run.peak_mb)
    (small, _, small_peak), (large, _, large_peak) = measured["3x"], measured["10x"]
    assert large > 2 * small > 2 * BATCH  # both span several batches
    assert large_peak - small_peak < GROWTH_MB, measured


def a_report(results: int) -> ValidationReport:
    """A report of warnings and notes about ``results`` objects, each from a line of a CSV file."""
    messages, shapes = {"nl": "geen titel", "en": "no title"}, [URIRef(f"https://ex.org/shapes#S{i}") for i in range(3)]
    return ValidationReport(results=[
        ValidationResult(URIRef(f"https://ex.org/id/erfgoedobject/{i}"), "http://purl.org/dc/terms/title",
                         Literal(f"waarde {i}"), "MinCountConstraintComponent", ("Warning", "Info")[i % 2], messages,
                         shapes[i % 3], origins=(Origin("objecten.csv", f"line {i + 2}", "titel", "objecten.yml", 12,
                                                        "objecten"),))
        for i in range(results)])


class Discarded:
    def write(self, text: str) -> None:
        pass


def peak_of_writing_json(report: ValidationReport) -> int:
    tracemalloc.start()
    try:
        report.write_json(Discarded())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_writing_the_json_report_does_not_make_it_whole_first():
    small, large = a_report(500), a_report(2_000)
    growth = peak_of_writing_json(large) - peak_of_writing_json(small)
    assert growth / 1_500 < WRITE_BYTES_PER_RESULT, growth / 1_500
