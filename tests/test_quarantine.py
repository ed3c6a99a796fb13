"""A build keeps the entities with violations out of the store, and says so; --strict fails instead.

The project in tests/cases/validation/planted builds three sources. objecten.csv has a missing
title (line 3), a date that is not EDTF (line 4, on the object's production), a keeper that is in
no register (line 5), an object kept by ORG0002 (line 6) and an object without licence or image
(line 7, a warning and a notice). organisaties.xml gives ORG0002 a malformed KBO number. So the
build holds back the objects of lines 3 and 5, the production of line 4 and ORG0002, each with its
parts (what only its own row made: an object's production, the object a production made, a concept
no other row names), and nothing more: the object of line 6 keeps its data, and its link to ORG0002
is reported as dangling; line 7 is loaded.
"""

from __future__ import annotations

import json
import pickle
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from cultuurgraaf.cli import main
from cultuurgraaf.config import load_project
from cultuurgraaf.errors import NotConforming
from cultuurgraaf.mapping import load_mapping
from cultuurgraaf.processes import started
from cultuurgraaf.mapping.lineage import Lineage, LineageWriter
from cultuurgraaf.pipeline import build, load_file, map_source
from cultuurgraaf.store import open_project_store, open_store
from cultuurgraaf.store.scratch import ScratchStore
from cultuurgraaf.validation import load_shapes, validate_store
from cultuurgraaf.validation.origins import shown_path
from cultuurgraaf.validation.quarantine import MappedSource, attach_origins, check_build, load_data

ROOT = Path(__file__).resolve().parent.parent
PLANTED = ROOT / "tests" / "cases" / "validation" / "planted"
ID = "https://data.cultuurgraaf.be/id/"
#: the planted project's profile (its cultuurgraaf.toml): the project's rules as violations
STRICT = {"": "strikt"}
HELD_BACK = {"objecten": [f"<{ID}erfgoedobject/2019.0043>", f"<{ID}erfgoedobject/2019.0045>",
                           f"<{ID}productie/2019.0044>"],
             "organisaties": [f"<{ID}organisatie/ORG0002>"]}


@pytest.fixture(scope="module")
def planted_build(tmp_path_factory):
    store = tmp_path_factory.mktemp("planted-store")
    project = load_project(PLANTED, store=str(store))
    return project, build(project), store


def subjects(store_path: Path) -> set[str]:
    rows = open_store(store_path).query("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s)) }").rows()
    return {str(row["s"]) for row in rows}


def held_back(result) -> dict[str, list[str]]:
    return {name: sorted(q.entities) for name, q in result.check.quarantined.items()}


def test_entities_with_violations_are_held_back_per_source(planted_build):
    _project, result, _store = planted_build
    assert held_back(result) == HELD_BACK
    whys = {h.entity: h.entries for h in result.report.held_back}
    ids = {r.id: r for r in result.report.results}
    assert ids[whys[f"<{ID}organisatie/ORG0002>"][0]].constraint == "NodeConstraintComponent"  # the KBO number
    assert ids[whys[f"<{ID}erfgoedobject/2019.0043>"][0]].path == "http://www.cidoc-crm.org/cidoc-crm/P102_has_title"


def test_an_entity_whose_link_was_held_back_keeps_its_data_and_the_link_is_reported(planted_build):
    _project, result, store = planted_build
    assert result.check.rounds == 2  # ORG0002 and the objects first, then nothing more
    assert ID + "erfgoedobject/2019.0046" in subjects(store)  # kept by ORG0002
    dangling = {(str(d.subject), d.path, str(d.target)): d for d in result.report.dangling}
    assert len(dangling) == 1
    link = dangling[(ID + "erfgoedobject/2019.0046", "http://www.cidoc-crm.org/cidoc-crm/P50_has_current_keeper",
                     ID + "organisatie/ORG0002")]
    assert [(Path(o.source_file).name, o.record) for o in link.origins] == [("objecten.csv", "line 6")]
    assert link.entries == tuple(h.entries for h in result.report.held_back if "ORG0002" in h.entity)[0]
    # a dangling link is reported as such, not as a violation of the object that holds it
    assert not [r for r in result.report.results if str(r.focus) == ID + "erfgoedobject/2019.0046"
                and r.severity == "Violation"]
    loaded = open_store(store).query(
        f"ASK {{ GRAPH ?g {{ <{ID}erfgoedobject/2019.0046> <http://www.cidoc-crm.org/cidoc-crm/P50_has_current_keeper> "
        f"<{ID}organisatie/ORG0002> }} }}").boolean
    assert loaded


def test_held_back_entities_and_their_parts_are_not_in_the_store(planted_build):
    _project, result, store = planted_build
    found = subjects(store)
    for entities in HELD_BACK.values():
        for entity in entities:
            assert entity.strip("<>") not in found
    parts = {h.entity: h.part_of for h in result.report.held_back if h.part_of}
    assert parts[f"<{ID}productie/2019.0043>"] == f"<{ID}erfgoedobject/2019.0043>"  # made by line 3 alone
    assert parts[f"<{ID}erfgoedobject/2019.0044>"] == f"<{ID}productie/2019.0044>"
    assert not {p.strip("<>") for p in parts} & found


def test_the_other_records_and_those_with_warnings_are_loaded(planted_build):
    _project, result, store = planted_build
    found = subjects(store)
    assert {ID + "erfgoedobject/2019.0042", ID + "erfgoedobject/2019.0047", ID + "organisatie/ORG0001",
            ID + "persoon/PER0001"} <= found
    severities = {(r.severity, str(r.focus)) for r in result.report.results}
    assert ("Warning", ID + "erfgoedobject/2019.0047") in severities


def test_concepts_other_records_also_made_stay(planted_build):
    _project, _result, store = planted_build
    # line 3 made the AAT concept 'kandelaar' on its own; line 2 and line 3 both made 'zilver' (300011029).
    found = subjects(store)
    assert "http://vocab.getty.edu/aat/300011029" in found
    assert "http://vocab.getty.edu/aat/300037588" not in found


def test_quarantined_quads_are_kept_beside_the_store(planted_build):
    _project, result, store = planted_build
    lines = (store / "reports" / "objecten.quarantine.nq").read_text(encoding="utf-8").splitlines()
    assert len(lines) == result.check.quarantined["objecten"].quads > 0
    held = {h.entity for h in result.report.held_back if h.source == "objecten"}
    assert {line.split(" ", 1)[0] for line in lines if line.startswith("<")} == held > set(HELD_BACK["objecten"])
    loaded = open_store(store).query(f"ASK {{ GRAPH ?g {{ <{ID}erfgoedobject/2019.0043> ?p ?o }} }}").boolean
    assert not loaded


def test_reports_per_source_name_the_rows(planted_build):
    _project, _result, store = planted_build
    reports = store / "reports"
    assert {p.name for p in reports.iterdir()} >= {"build.html", "build.json", "build.csv", "objecten.html",
                                                   "objecten.json", "objecten.csv", "organisaties.html",
                                                   "organisaties.json", "personen.json"}
    body = json.loads((reports / "objecten.json").read_text(encoding="utf-8"))
    records = {o["record"] for g in body["groups"] for r in g["results"] if r["severity"] == "Violation"
               for o in r["origins"]}
    assert records == {"line 3", "line 4", "line 5"}
    assert any("objecten: 3 entities held back, with 8 of their parts (not loaded)" in note for note in body["notes"])
    assert [(d["subject"], d["target"]) for d in body["dangling_links"]
            if d["target"].endswith("ORG0002")] == [(ID + "erfgoedobject/2019.0046", ID + "organisatie/ORG0002")]
    html = (reports / "objecten.html").read_text(encoding="utf-8")
    assert "objecten.csv</code> line 5</td>" in html


def test_the_json_report_written_piece_by_piece_is_the_report_as_json(planted_build):
    _project, result, store = planted_build
    assert (store / "reports" / "build.json").read_text(encoding="utf-8") == result.report.to_json()


def test_the_catalogue_counts_the_quarantined_records(planted_build):
    _project, _result, store = planted_build
    info = open_store(store).manifest().graphs["objecten"]
    assert info.extra["quarantined"] == {"entities": 3, "parts": 8, "dropped_values": 0,
                                         "quads": info.extra["quarantined"]["quads"]}


def test_build_summary_says_how_many_and_where(tmp_path):
    project_dir = tmp_path / "planted"
    shutil.copytree(PLANTED, project_dir)
    toml = (project_dir / "cultuurgraaf.toml").read_text(encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    (project_dir / "cultuurgraaf.toml").write_text(toml.replace("../../../../", f"{root}/"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(project_dir), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    reports = project_dir / ".cultuurgraaf" / "store" / "reports"
    assert (f"objecten: 3 entities held back, with 8 of their parts (not loaded); see {reports / 'objecten.html'}"
            in result.stderr)
    assert "dangling links: 1 loaded links point at entities held back" in result.stderr
    assert f"validation report: {reports / 'build.html'}" in result.stderr


def test_strict_fails_the_build_and_leaves_the_store_as_it_was(tmp_path):
    store = tmp_path / "store"
    project = load_project(PLANTED, store=str(store))
    build(project)
    before = subjects(store)
    with pytest.raises(NotConforming) as failure:
        build(project, strict=True, force=True)
    assert failure.value.exit_code == 1
    assert "build.html" in str(failure.value)
    assert open_store(store).current_generation() == 1
    assert subjects(store) == before
    # its reports are beside the store's; nothing was held back
    assert (store / "failed-build" / "build.json").is_file()
    assert not (store / "failed-build" / "objecten.quarantine.nq").exists()


def test_strict_build_exits_1_on_the_command_line(tmp_path):
    project_dir = tmp_path / "planted"
    shutil.copytree(PLANTED, project_dir)
    root = Path(__file__).resolve().parent.parent
    toml = (project_dir / "cultuurgraaf.toml").read_text(encoding="utf-8")
    (project_dir / "cultuurgraaf.toml").write_text(toml.replace("../../../../", f"{root}/"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(project_dir), "-q", "--strict"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "4 violations; the store was left as it was" in result.stderr  # nothing is held back, nothing dangles


def test_a_source_rebuilt_alone_is_validated_with_the_graphs_the_store_keeps(tmp_path):
    # the keepers of the objects are organisations in the kept graph of organisaties: without it in
    # the check, every object would break the keeper rule and be quarantined
    project = load_project(PLANTED, store=str(tmp_path / "store"))
    build(project)
    result = build(project, only=["objecten"], force=True)
    assert [o.status for o in result.outcomes] == ["built"]
    assert held_back(result) == {"objecten": HELD_BACK["objecten"]}
    assert ID + "erfgoedobject/2019.0042" in subjects(tmp_path / "store")
    # ORG0002, held back by the first build, is still; the object it keeps still keeps its data
    assert ID + "erfgoedobject/2019.0046" in subjects(tmp_path / "store")
    assert [str(d.subject) for d in result.report.dangling if "ORG0002" in str(d.target)] == \
        [ID + "erfgoedobject/2019.0046"]


def test_the_build_keeps_lineage_in_files_and_leaves_nothing_behind(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))  # where the build makes its work folder
    project = load_project(PLANTED, store=str(tmp_path / "store"))
    seen: list[set[str]] = []
    build(project, progress=Peek(work, seen))
    [during] = seen
    assert {"objecten.nq", "objecten.lineage"} <= during
    assert "scratch" not in during  # a build this small is checked in memory
    assert list(work.iterdir()) == []


def mapped_planted(folder: Path) -> list[MappedSource]:
    project = load_project(PLANTED, store=str(folder / "store"))
    sources = []
    for source in project.sources:
        with LineageWriter(folder / f"{source.name}.lineage") as lineage:
            map_source(project, source, folder / f"{source.name}.nq", lineage=lineage)
        sources.append(MappedSource(source.name, folder / f"{source.name}.nq", lineage.path,
                                    load_mapping(source.mapping)))
    return sources


@pytest.mark.parametrize("batch_quads", [100_000, 40])
def test_data_checked_on_disk_gives_the_same_report_and_quarantine_as_in_memory(tmp_path, batch_quads, monkeypatch):
    # in batches of 40 quads, the things of one file reach the scratch store in several batches
    # (each source's file goes in apart: sh:class finds an object's keeper in another's graph);
    # on disk, every other check runs in a second process
    from cultuurgraaf.validation import fast

    seconds = []
    monkeypatch.setattr(fast, "started", lambda *a, **k: seconds.append(k["doing"]) or started(*a, **k))
    shapes = load_shapes([ROOT / "shapes"])
    checks = {}
    for where in ("memory", "disk"):
        folder = tmp_path / where
        folder.mkdir()
        checks[where] = check_build(shapes, mapped_planted(folder), folder / "reports", work=folder,
                                    quads=1000, in_memory=0 if where == "disk" else 10_000, profiles=STRICT,
                                    batch_quads=batch_quads)
        assert (folder / "scratch").is_dir() == (where == "disk")
    memory, disk = checks["memory"], checks["disk"]
    assert disk.rounds == memory.rounds == 2
    assert seconds == ["validating beside the build's check"] * 2, "each round on disk checks in two processes"
    assert {n: q.entities for n, q in disk.quarantined.items()} == {n: q.entities for n, q in memory.quarantined.items()}
    assert [d.to_json() for d in disk.report.dangling] == [d.to_json() for d in memory.report.dangling]
    assert [(r.key(), r.origins) for r in disk.report.results] == [(r.key(), r.origins) for r in memory.report.results]
    assert disk.report.node_labels == memory.report.node_labels
    for name in ("objecten", "organisaties"):
        assert (tmp_path / "disk" / "reports" / f"{name}.quarantine.nq").read_bytes() == \
            (tmp_path / "memory" / "reports" / f"{name}.quarantine.nq").read_bytes()


def test_every_graph_a_kept_entry_wrote_is_in_the_check(tmp_path):
    # a loaded file whose second graph registers ORG0999, the keeper of line 5: once that graph is
    # checked along, line 5 no longer breaks the keeper rule
    project = load_project(PLANTED, store=str(tmp_path / "store"))
    build(project)
    register = tmp_path / "register.nq"
    register.write_text(f'<{ID}organisatie/ORG0999> <http://www.w3.org/2000/01/rdf-schema#label> "ORG0999" .\n'
                        f'<{ID}organisatie/ORG0999> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
                        f'<http://www.w3.org/ns/org#Organization> <https://ex.org/graph/register-2> .\n',
                        encoding="utf-8")
    load_file(project, register, graph="https://ex.org/graph/register")
    result = build(project, only=["objecten"], force=True)
    assert held_back(result) == {"objecten": [f"<{ID}erfgoedobject/2019.0043>", f"<{ID}productie/2019.0044>"]}


class Peek:
    """A progress that looks into the build's work folder when the load starts, after validation."""

    def __init__(self, work: Path, seen: list[set[str]]):
        self.work, self.seen = work, seen

    @contextmanager
    def task(self, label, total=None):
        if label == "load objecten":
            [folder] = self.work.iterdir()
            self.seen.append({p.name for p in folder.iterdir()})
        yield lambda n: None


def test_a_build_mapping_on_two_processes_quarantines_and_loads_the_same(planted_build, tmp_path, monkeypatch):
    """Large sources are mapped by one process a core (here forced for small ones, with CSV files
    cut into byte ranges): the lineage the processes write points validation at the same rows."""
    from cultuurgraaf import pipeline
    from cultuurgraaf.mapping import parallel
    from cultuurgraaf.sources import csv_parts

    started = []
    real = parallel.map_to_output

    def spy(*args, **kwargs):
        started.append(kwargs["jobs"])
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "choose_jobs", lambda mapping, inputs=None: 2)
    monkeypatch.setattr(pipeline, "map_to_output", spy)
    monkeypatch.setattr(csv_parts, "MIN_SIZE", 0)
    project = load_project(PLANTED, store=str(tmp_path / "store"))
    result = build(project)
    _project, one, store = planted_build
    assert started == [2] * len(project.sources)
    assert held_back(result) == held_back(one)
    assert [(o.name, o.status, o.quads) for o in result.outcomes] == [(o.name, o.status, o.quads) for o in one.outcomes]
    assert subjects(tmp_path / "store") == subjects(store)



def test_a_large_build_is_validated_in_a_process_of_its_own_and_holds_back_the_same(planted_build, tmp_path,
                                                                                     monkeypatch):
    """Above a size (here forced for a small one) validation runs in a process of its own, so that the
    memory it took goes back to the system before the build loads its new generation."""
    from cultuurgraaf.validation import apart

    def not_here(*args, **kwargs):
        raise AssertionError("validated in the build's own process")

    monkeypatch.setattr(apart, "APART_FROM", 0)
    monkeypatch.setattr(apart, "check_build", not_here)  # the other process reads the module afresh
    project = load_project(PLANTED, store=str(tmp_path / "store"))
    result = build(project)
    _project, one, store = planted_build
    assert held_back(result) == held_back(one)
    assert result.report.to_json() == one.report.to_json()
    assert (tmp_path / "store" / "reports" / "build.json").read_bytes() == (store / "reports" / "build.json").read_bytes()
    assert subjects(tmp_path / "store") == subjects(store)
    assert list(tmp_path.glob("**/validation.orders")) == []


def test_a_check_sent_pickled_carries_its_report_packed_and_reads_the_same(planted_build):
    """The report goes as one compressed pickle, opened where it is first read; its counts are at hand before."""
    _project, one, _store = planted_build
    sent = pickle.loads(pickle.dumps(one.check))
    assert "report" not in vars(sent)
    assert sent.counts() == one.report.counts()
    assert "report" not in vars(sent)
    assert sent.report.to_json() == one.report.to_json()
    assert sent.counts() == one.report.counts()
    assert (sent.quarantined, sent.rounds, sent.summary()) == (one.check.quarantined, one.check.rounds, one.check.summary())


def test_a_build_validated_apart_opens_its_report_after_loading_the_generation(tmp_path, monkeypatch):
    """The build process does not hold the report's objects while it loads the new generation."""
    from cultuurgraaf.validation import apart, packed

    monkeypatch.setattr(apart, "APART_FROM", 0)
    tasks: list[str] = []
    opened: list[list[str]] = []
    real_open = packed.Packed.open
    monkeypatch.setattr(packed.Packed, "open", lambda self: opened.append(list(tasks)) or real_open(self))

    class Noted:
        @contextmanager
        def task(self, label, total=None):
            tasks.append(label)
            yield lambda n: None

    project = load_project(PLANTED, store=str(tmp_path / "store"))
    result = build(project, progress=Noted())
    assert len(opened) == 1
    assert [t for t in tasks if t.startswith("load ")] == [f"load {s.name}" for s in project.sources]
    assert set(tasks) - set(opened[0]) <= {"describe", "changes", "count completeness", "index"}
    assert result.report.counts() == result.check.counts()


@pytest.fixture(scope="module")
def planted_lineage(tmp_path_factory):
    """The objects of the planted project mapped twice: lineage in memory and in a sidecar file."""
    folder = tmp_path_factory.mktemp("planted-lineage")
    project = load_project(PLANTED, store=str(folder / "store"))
    source = project.source("objecten")
    memory = Lineage()
    map_source(project, source, folder / "memory.nq", lineage=memory)
    with LineageWriter(folder / "objecten.lineage") as sidecar:
        map_source(project, source, folder / "sidecar.nq", lineage=sidecar)
    return memory, sidecar.path, folder


def test_a_sidecar_lineage_points_results_at_the_same_origins(planted_lineage):
    memory, sidecar, folder = planted_lineage
    mapping = load_mapping(PLANTED / "objecten.yml")
    shapes = load_shapes([ROOT / "shapes"])

    def report(lineage):
        source = MappedSource("objecten", folder / "memory.nq", lineage, mapping)
        scratch = load_data([source])
        return attach_origins(validate_store(scratch, shapes), [source], scratch)

    from_memory, from_sidecar = report(memory), report(sidecar)
    assert any(r.origins for r in from_memory.results)
    assert [(r.key(), r.origins) for r in from_sidecar.results] == [(r.key(), r.origins) for r in from_memory.results]


def test_a_sidecar_lineage_holds_back_the_same_as_one_in_memory(planted_lineage, tmp_path):
    memory, sidecar, folder = planted_lineage
    mapping = load_mapping(PLANTED / "objecten.yml")
    shapes = load_shapes([ROOT / "shapes"])
    held = []
    for name, lineage in (("memory", memory), ("sidecar", sidecar)):
        data = tmp_path / f"{name}.nq"
        shutil.copy(folder / "memory.nq", data)
        check = check_build(shapes, [MappedSource("objecten", data, lineage, mapping)], tmp_path / name,
                            profiles=STRICT)
        held.append([h.to_json() for h in check.report.held_back])
    assert held[0] == held[1]
    # without the register, every keeper is unknown: each object is held back, with its production
    assert {(h["entity"], h.get("part_of")) for h in held[0]} >= {
        (ID + "erfgoedobject/2019.0043", None), (ID + "productie/2019.0043", ID + "erfgoedobject/2019.0043")}


@pytest.mark.virtuoso
def test_the_graphs_a_remote_store_keeps_are_copied_into_the_check(virtuoso, tmp_path):
    # above the server's row limit, so the copy reads every page
    graph = f"https://t{uuid.uuid4().hex[:10]}.cultuurgraaf.test/graph/kept"
    (tmp_path / "cultuurgraaf.toml").write_text(
        f'[project]\nname = "Remote"\nbase_iri = "{graph.rsplit("/graph/", 1)[0]}"\n'
        f'store = "sparql+{virtuoso.sparql_url}"\n\n' + virtuoso.store_settings(), encoding="utf-8")
    store = open_project_store(load_project(tmp_path))
    rows = virtuoso.max_rows + 5
    data = "".join(f'<https://ex.org/id/{i}> <https://ex.org/label> "ding {i}" <{graph}> .\n' for i in range(rows))
    with store.transaction() as tx:
        tx.load("kept", graph=graph, data=data.encode())
    scratch = ScratchStore(tmp_path / "scratch")
    assert scratch.add_graphs(store, [graph]) == rows
    found = scratch.query(f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s <https://ex.org/label> ?o }} }}')
    assert int(next(iter(found.rows()))["n"]) == rows


def test_the_two_processes_checking_on_disk_take_turns_from_one_count(tmp_path):
    import pickle

    from cultuurgraaf.validation.fast import Turns

    here = Turns(tmp_path / "checks.next")
    there = pickle.loads(pickle.dumps(here))  # as the other process gets it
    assert [here.take(), there.take(), here.take(), there.take()] == [0, 1, 2, 3]


def test_when_the_second_process_checking_on_disk_fails_its_checks_run_in_the_first(tmp_path, monkeypatch):
    # (its store opened read-only beside a writable one, say, fails to open): the same results, later
    from cultuurgraaf.validation import fast

    def failing(calls, **kwargs):
        return started([(ScratchStore.reader, (tmp_path / "no store here",))], **kwargs)

    shapes = load_shapes([ROOT / "shapes"])
    sources = mapped_planted(tmp_path)
    in_memory = validate_store(load_data(sources), shapes)
    monkeypatch.setattr(fast, "started", failing)
    on_disk = validate_store(load_data(sources, path=tmp_path / "scratch"), shapes)
    assert [r.key() for r in on_disk.results] == [r.key() for r in in_memory.results]
    assert in_memory.results
