"""`cultuurgraaf map --jobs N`: several processes share the records and make the same graph.

The core function takes a batch size so that the small cases here spread over the workers (the
command line's batches of 4,096 records would put a small file in the first worker only). CSV
files of 1 MiB and more are cut into byte ranges instead; the ``cut_small_files`` fixture lowers
that size to nothing, so the same cases run both ways.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cultuurgraaf.cli import main
from cultuurgraaf.errors import MappingError
from cultuurgraaf.mapping import load_mapping
from cultuurgraaf.mapping.lineage import Lineage
from cultuurgraaf.mapping import execute
from cultuurgraaf.mapping.engine import Shard
from cultuurgraaf.mapping import parallel
from cultuurgraaf.mapping.parallel import SMALL_INPUT, choose_jobs, map_to_output, usable_cores
from cultuurgraaf.sources import csv_parts
from support.graphs import assert_same_graph, nquads_difference

TESTS = Path(__file__).parent
CASE_DIRS = sorted(p for p in (TESTS / "cases" / "mapping").iterdir() if p.is_dir())
DEMO_MAPPINGS = sorted((TESTS.parent / "mappings" / "demo").glob("*.yml"))
DEMO_DATA = TESTS.parent / "examples" / "demo" / "data"
LINEAGE_CASES = TESTS / "cases" / "mapping-lineage"


def mapping_file(case: Path) -> Path:
    return next(p for p in (case / "mapping.yml", case / "mapping.ttl") if p.is_file())


def run(path: Path, tmp_path: Path, *, jobs: int, batch: int = 2, lineage: bool = False, name: str = ""):
    """(the output text, the lineage file's lines or None, the run's counts)."""
    name = name or f"jobs{jobs}"
    out = tmp_path / f"{name}.nq"
    lineage_path = tmp_path / f"{name}.lineage.tsv" if lineage else None
    stats = map_to_output(load_mapping(path), output=out, jobs=jobs, batch=batch, lineage_path=lineage_path)
    lines = lineage_path.read_text(encoding="utf-8").splitlines() if lineage_path else None
    return out.read_text(encoding="utf-8"), lines, stats


def assert_same_run(path: Path, tmp_path: Path, *, batch: int = 2) -> str:
    one, one_lineage, one_stats = run(path, tmp_path, jobs=1, lineage=True)
    two, two_lineage, two_stats = run(path, tmp_path, jobs=2, batch=batch, lineage=True)
    if "_:f" in one:  # fresh blank nodes: labelled per run, so compared as graphs
        difference = nquads_difference(one, two)
        assert difference is None, difference
    else:  # blank nodes from templates keep their labels: the same lines, in another order
        assert sorted(two.splitlines()) == sorted(one.splitlines())
    assert len(one.splitlines()) == len(two.splitlines()) == one_stats.quads == two_stats.quads
    assert two_stats == one_stats, "the same counts, and the same first rows of each problem"
    if "_:f" not in one:  # fresh blank nodes are named per run: their lineage lines differ by label only
        assert sorted(two_lineage) == sorted(one_lineage)
    return two


@pytest.fixture(params=["batches", "byte ranges"])
def sharing(request, monkeypatch):
    """How the workers share a CSV file: batches of records, or byte ranges of any file (the
    workers are forked, so they see the lowered size)."""
    if request.param == "byte ranges":
        monkeypatch.setattr(csv_parts, "MIN_SIZE", 0)
    return request.param


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_two_workers_make_the_same_graph_counts_and_lineage_as_one(case, tmp_path, sharing):
    assert_same_run(mapping_file(case), tmp_path)


@pytest.mark.parametrize("mapping", DEMO_MAPPINGS, ids=[p.stem for p in DEMO_MAPPINGS])
def test_the_demo_mappings_make_the_same_graph_on_two_workers(mapping, tmp_path):
    if not DEMO_DATA.is_dir():
        pytest.skip(f"{DEMO_DATA} is absent: the demo extracts are written by benchmarks/datagen.py --demo")
    assert_same_run(mapping, tmp_path, batch=7)


def test_both_workers_map_records_when_the_batches_are_small(tmp_path, sharing):
    """The join case spreads over both workers: each part holds lines the other does not."""
    case = TESTS / "cases" / "mapping" / "objects-csv" / "mapping.yml"
    halves = []
    for worker in (0, 1):
        halves.append(set(execute(load_mapping(case), shard=Shard(worker, 2, 1)).quads()))
    assert halves[0] and halves[1] and not halves[0] & halves[1]
    whole = set(run(case, tmp_path, jobs=1)[0].splitlines(keepends=True))
    assert halves[0] | halves[1] == whole


@pytest.mark.parametrize("name,subject,predicate", [
    ("mapping.yml", "https://data.example.be/id/object/2019.0042", "http://www.cidoc-crm.org/cidoc-crm/P102_has_title"),
    ("events.yml", "https://data.example.be/id/event/E2", "http://purl.org/dc/terms/title"),
    ("orgs.yml", "https://data.example.be/id/org/B", "http://www.w3.org/2004/02/skos/core#prefLabel"),
])
def test_lineage_from_two_workers_reads_back_the_same_records(name, subject, predicate, tmp_path, sharing):
    """CSV lines, JSON Pointers and XPaths of records the second worker mapped are those of the whole file."""
    _, _, _ = run(LINEAGE_CASES / name, tmp_path, jobs=1, lineage=True)
    _, _, _ = run(LINEAGE_CASES / name, tmp_path, jobs=2, batch=1, lineage=True)
    one, two = Lineage.read(tmp_path / "jobs1.lineage.tsv"), Lineage.read(tmp_path / "jobs2.lineage.tsv")
    assert two.lookup(subject, predicate) == one.lookup(subject, predicate) != []
    assert set(two.subjects()) == set(one.subjects())
    assert [m.name for m in two.maps] == [m.name for m in one.maps]


def test_fresh_blank_nodes_stay_distinct_across_workers(tmp_path):
    (tmp_path / "people.csv").write_text("name\n" + "".join(f"P{i}\n" for i in range(6)), encoding="utf-8")
    mapping = tmp_path / "mapping.yml"
    mapping.write_text("sources:\n  people: [people.csv~csv]\nmappings:\n  person:\n    sources: people\n"
                       "    s: null\n    po:\n      - [http://xmlns.com/foaf/0.1/name, $(name)]\n", encoding="utf-8")
    two = assert_same_run(mapping, tmp_path, batch=1)
    assert len({line.split(" ", 1)[0] for line in two.splitlines()}) == 6


def write_people(folder: Path, rows: int, bad_row: int) -> Path:
    """A CSV of ``rows`` people; the one on ``bad_row`` (counted from 1) has a homepage that is no IRI."""
    lines = ["id,homepage"] + [f"P{i},{'not an iri' if i == bad_row else f'page{i}'}" for i in range(1, rows + 1)]
    (folder / "people.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = folder / "people.yml"
    mapping.write_text("base: https://ex.org/\nsources:\n  people: [people.csv~csv]\nmappings:\n  person:\n"
                       "    sources: people\n    s: id/$(id)\n    po:\n      - [foaf:homepage, $(homepage)~iri]\n",
                       encoding="utf-8")
    return mapping


def test_an_error_in_the_second_workers_records_names_its_line_and_rule_and_leaves_no_file(tmp_path, sharing):
    """Row 4,500 is in the second batch of 4,096 records, and in the second half of the file: the
    second of two workers maps it."""
    mapping = write_people(tmp_path, 5000, bad_row=4500)
    out = tmp_path / "out.nq"
    results = [CliRunner().invoke(main, ["map", str(mapping), "-o", str(out), "--jobs", str(jobs)])
               for jobs in (1, 2)]
    for result in results:
        assert result.exit_code == 3, result.output
        assert "'https://ex.org/not an iri' is not a valid IRI" in result.output
        assert "people.csv line 4501" in result.output and "people.yml" in result.output
        assert "line 9" in result.output and "rule 'person: foaf:homepage'" in result.output
    assert results[0].output == results[1].output
    assert sorted(os.listdir(tmp_path)) == ["people.csv", "people.yml"]


def test_the_first_workers_error_is_the_one_reported(tmp_path):
    mapping = write_people(tmp_path, 8, bad_row=6)
    (tmp_path / "people.csv").write_text("id,homepage\nP1,bad one\nP2,p\nP3,bad two\n", encoding="utf-8")
    with pytest.raises(MappingError) as raised:
        map_to_output(load_mapping(mapping), output=tmp_path / "out.nq", jobs=2, batch=1)
    assert raised.value.location.record.endswith("line 2")
    assert not (tmp_path / "out.nq").exists() and not (tmp_path / "out.nq.part").exists()


def test_a_cut_misled_by_a_stray_quote_falls_back_to_batches_and_makes_the_same_graph(tmp_path, monkeypatch):
    """An unquoted field with a double quote in it (``5" tall``) makes the quote count odd, so the
    file is cut inside a quoted field; the first worker finds its part ending inside a record and
    the run starts again with every worker reading the whole file."""
    monkeypatch.setattr(csv_parts, "MIN_SIZE", 0)
    rows = ['id,size,note'] + ['O1,5" tall,x'] + [f'O{i},{i},"line one\nline two"' for i in range(2, 200)]
    (tmp_path / "objects.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    mapping = tmp_path / "objects.yml"
    mapping.write_text("base: https://ex.org/\nsources:\n  objects: [objects.csv~csv]\nmappings:\n  object:\n"
                       "    sources: objects\n    s: id/$(id)\n    po:\n      - [ex:size, $(size)]\n"
                       "      - [ex:note, $(note)]\n", encoding="utf-8")
    data = (tmp_path / "objects.csv").read_bytes()
    first = csv_parts.cut(tmp_path / "objects.csv", 2, encoding="utf-8")[1].start
    assert data[:first].count(b'"') % 2 == 0 and not data[first:].startswith(b"O")  # the cut is misled
    two = assert_same_run(mapping, tmp_path, batch=7)
    assert '"5\\" tall"' in two and two.count('"line one\\nline two"') == 198


def test_map_on_two_jobs_writes_to_standard_output_and_other_formats(tmp_path):
    case = mapping_file(TESTS / "cases" / "mapping" / "objects-csv")
    one = CliRunner().invoke(main, ["map", str(case), "--jobs", "1"])
    two = CliRunner().invoke(main, ["map", str(case), "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0, two.output
    assert nquads_difference(one.stdout, two.stdout) is None
    turtle = CliRunner().invoke(main, ["map", str(case), "--jobs", "2", "--format", "turtle", "-o",
                                       str(tmp_path / "out.ttl")])
    assert turtle.exit_code == 0, turtle.output
    from rdflib import Graph

    expected = Graph().parse(data=one.stdout, format="nt")  # no named graphs in this case
    assert_same_graph(Graph().parse(tmp_path / "out.ttl", format="turtle"), expected)


def test_small_inputs_map_on_one_core_and_large_ones_on_all(tmp_path):
    mapping = write_people(tmp_path, 3, bad_row=0)
    assert choose_jobs(load_mapping(mapping)) == 1
    with open(tmp_path / "people.csv", "r+b") as handle:
        handle.truncate(SMALL_INPUT + 1)  # sparse: the size is what counts
    assert choose_jobs(load_mapping(mapping)) == usable_cores()


def test_jobs_must_be_at_least_one(tmp_path):
    result = CliRunner().invoke(main, ["map", str(write_people(tmp_path, 3, bad_row=0)), "--jobs", "0"])
    assert result.exit_code == 2 and "--jobs" in result.output


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_is_told_of_every_quad_made(tmp_path, jobs):
    told = []
    case = mapping_file(TESTS / "cases" / "mapping" / "objects-csv")
    stats = map_to_output(load_mapping(case), output=tmp_path / "out.nq", jobs=jobs, batch=1, progress=told.append)
    assert told and all(n > 0 for n in told)
    assert sum(told) == stats.quads == len((tmp_path / "out.nq").read_text(encoding="utf-8").splitlines())


MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw 0 0
server:/export /srv/shared nfs4 rw,vers=4.2 0 0
/dev/vdb /srv/shared/local xfs rw 0 0
"""


@pytest.mark.parametrize("path,appends", [
    ("/home/me/out.nq", True),
    ("/tmp/out.nq", True),
    ("/srv/shared/out.nq", False),
    ("/srv/shared/local/out.nq", True),
    ("/srv/sharedness/out.nq", True),  # not under /srv/shared: on /
])
def test_workers_append_to_one_file_only_on_a_local_file_system(path, appends):
    assert parallel.appends_whole_writes(Path(path), MOUNTS) is appends


def test_on_a_file_system_without_whole_appends_the_parts_are_joined_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "appends_whole_writes", lambda path: False)
    case = mapping_file(TESTS / "cases" / "mapping" / "objects-csv")
    two = run(case, tmp_path, jobs=2)[0]
    assert sorted(two.splitlines()) == sorted(run(case, tmp_path, jobs=1)[0].splitlines())
    assert sorted(os.listdir(tmp_path)) == ["jobs1.nq", "jobs2.nq"]
