"""Keeping a build's bad records out of the store: quarantine by source record, through lineage.

A build validates the newly mapped sources together with the graphs the store keeps. Every
record behind a ``sh:Violation`` (found through the lineage of the mapping run) is quarantined:
the triples about every subject that only quarantined records made are taken out of the
source's N-Quads before it is loaded, and written to ``<store>/reports/<source>.quarantine.nq``.
Then the rest is validated again, because taking a record out can break another (an object whose
keeper was quarantined), until nothing more needs to go. Warnings and notes are loaded.

The reports go beside the store, one per source (``<source>.html``, ``<source>.json``) and one
for the whole build (``build.html``, ``build.json``), so a collection manager can see what was
kept out and why.

Memory stays flat however large the build: above ``IN_MEMORY_QUADS``, the data is checked in a
scratch store on disk in the build's work folder (the mapped files and the kept graphs stream into
it); below, in memory, where it takes less than Oxigraph's bulk loader itself. The lineage stays in
the sidecar files the mapping wrote (``LineageWriter``) and only the subjects that results are
about are read back, and quads move between files line by line. What stays in memory grows with
the number of results, not with the data.
"""

from __future__ import annotations

import shutil
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..mapping.lineage import Lineage, sidecar_records, term
from ..mapping.model import Mapping
from ..store.scratch import ScratchStore
from .node_labels import add_node_labels
from .origins import MappedSource as LineageSource, Origins, shown_path
from .report import ValidationReport, ValidationResult
from .shapes import Shapes
from .validator import validate_store

MAX_ROUNDS = 10
#: up to this many quads, the data is checked in memory (about 0.4 GB a million quads, and its queries
#: run three to four times faster there); above it, on disk in the build's work folder
IN_MEMORY_QUADS = 2_000_000


@dataclass
class MappedSource:
    """One source mapped in this build: its N-Quads file (rewritten without quarantined records) and
    the lineage of its mapping run, in memory or in the sidecar file a ``LineageWriter`` wrote."""

    name: str
    path: Path
    lineage: Lineage | Path
    mapping: Mapping

    def lineage_of(self, subjects: set[str]) -> Lineage:
        """The lineage, of the given subjects at least (all that is read back from a sidecar file)."""
        if isinstance(self.lineage, Lineage):
            return self.lineage
        return Lineage.read(self.lineage, subjects)


@dataclass
class QuarantinedSource:
    name: str
    records: list[tuple[str, str]]
    quads: int
    quads_file: Path


@dataclass
class BuildCheck:
    """What validation did to a build: the report, and per source what was kept out."""

    report: ValidationReport
    report_dir: Path
    quarantined: dict[str, QuarantinedSource] = field(default_factory=dict)
    rounds: int = 1
    #: what the check spent its time on: (step, start, end), times in seconds since the epoch
    steps: list[tuple[str, float, float]] = field(default_factory=list)

    @property
    def quarantined_records(self) -> int:
        return sum(len(q.records) for q in self.quarantined.values())

    def summary(self) -> list[str]:
        """Lines for the build summary: what was kept out, and where the reports are."""
        lines = [f"{q.name}: {len(q.records)} records quarantined for violations (not loaded); "
                 f"see {self.report_dir / (q.name + '.html')}, their quads are in {q.quads_file}"
                 for q in self.quarantined.values()]
        return lines + [f"validation report: {self.report_dir / 'build.html'}"]


def load_data(sources: list[MappedSource], store=None, kept_graphs: list[str] = (), *,
              path: Path | None = None) -> ScratchStore:
    """The build's data in one scratch store (on disk in ``path`` if given, else in memory): the
    mapped files and the graphs the store keeps."""
    scratch = ScratchStore(path)
    for source in sources:
        scratch.load(path=source.path, format="nquads", lenient=True)
    if kept_graphs:
        scratch.add_graphs(store, kept_graphs)
    scratch.optimize()
    return scratch


class _Asked:
    """A stand-in for a lineage that knows nothing and notes the subjects it is asked about."""

    def __init__(self, asked: set[str]):
        self.asked = asked

    def lookup(self, subject: str, predicate: str | None = None) -> list:
        self.asked.add(term(subject))
        return []


def attach_origins(report: ValidationReport, sources: list[MappedSource], scratch: ScratchStore) -> ValidationReport:
    """The report with each result pointed at its origins.

    A sidecar lineage is read back only for the subjects the results ask about: a first pass with a
    lineage that knows nothing finds them (blank nodes walked up to their referrers included).
    """
    asked: set[str] = set()
    if any(not isinstance(s.lineage, Lineage) for s in sources):
        probe = Origins([LineageSource(_Asked(asked), s.mapping, s.name) for s in sources],
                        referrers=scratch.referrers)
        for result in report.results:
            probe.find(result)
    origins = Origins([LineageSource(s.lineage_of(asked), s.mapping, s.name) for s in sources],
                      referrers=scratch.referrers)
    return origins.attach(report)


def culprits(report: ValidationReport, names: set[str]) -> dict[str, set[tuple[str, str]]]:
    """The records (file, locator) behind each violation, per source of this build."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for result in report.results:
        if result.severity != "Violation":
            continue
        for origin in result.origins:
            if origin.source in names:
                found[origin.source].add((origin.source_file, origin.record))
    return found


def dropped_subjects(lineage: Lineage | Path, records: set[tuple[str, str]]) -> set[str]:
    """Subjects (N-Triples) that only the given records made."""
    if not isinstance(lineage, Lineage):
        return _dropped_in_sidecar(lineage, records)
    out = set()
    for subject in lineage.subjects():
        made_by = {(shown_path(o.file), o.locator) for o in lineage.lookup(subject)}
        if made_by and made_by <= records:
            out.add(subject)
    return out


def _dropped_in_sidecar(path: Path, records: set[tuple[str, str]]) -> set[str]:
    """:func:`dropped_subjects` over a sidecar file, in two passes: the subjects a given record made,
    then everything that made each of them."""
    def made(path: Path) -> Iterator[tuple[str, tuple[str, str]]]:
        return ((subject, (shown_path(file), locator)) for subject, file, locator in sidecar_records(path))

    candidates = {subject for subject, record in made(path) if record in records}
    made_by: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for subject, record in made(path):
        if subject in candidates:
            made_by[subject].add(record)
    return {subject for subject, made in made_by.items() if made <= records}


def split_file(path: Path, subjects: set[str], moved: Path) -> int:
    """Move the lines about ``subjects`` from ``path`` to the file ``moved``; how many moved."""
    kept = path.with_name(path.name + ".kept")
    count = 0
    with open(path, encoding="utf-8") as source, open(kept, "w", encoding="utf-8") as keep, \
            open(moved, "w", encoding="utf-8") as out:
        for line in source:
            if line[:line.find(" ")] in subjects:
                out.write(line)
                count += 1
            else:
                keep.write(line)
    kept.replace(path)
    return count


def _append(path: Path, target: Path) -> None:
    with open(path, "rb") as source, open(target, "ab") as out:
        shutil.copyfileobj(source, out, 1 << 20)


def check_build(shapes: Shapes, sources: list[MappedSource], report_dir: Path, *, store=None,
                kept_graphs: list[str] = (), strict: bool = False, engine: str = "fast",
                labels=None, work: Path | None = None, quads: int | None = None,
                in_memory: int = IN_MEMORY_QUADS) -> BuildCheck:
    """Validate a build's data, quarantine the records behind violations and write the reports.

    With ``strict``, nothing is quarantined: the first report is written and returned as it is,
    and the caller fails the build. With ``work`` (a folder of the build's own, which the caller
    removes), data of more than ``in_memory`` quads (``quads``, the mapped and kept ones; unknown
    counts as more) is checked on disk there instead of in memory.
    """
    on_disk = work is not None and (quads is None or quads > in_memory)
    steps: list[tuple[str, float, float]] = []
    with _step(steps, "load the data to check" + (" (on disk)" if on_disk else " (in memory)")):
        scratch = load_data(sources, store, kept_graphs, path=work / "scratch" if on_disk else None)
    by_name = {s.name: s for s in sources}
    with _step(steps, "validate"):
        report = validate_store(scratch, shapes, engine=engine)
    with _step(steps, "find the origins"):
        report = attach_origins(report, sources, scratch)
    check = BuildCheck(report=report, report_dir=report_dir, steps=steps)
    reasons: dict[tuple, ValidationResult] = {}
    quarantined: dict[str, set[tuple[str, str]]] = defaultdict(set)
    dropped: dict[str, set[str]] = defaultdict(set)
    report_dir.mkdir(parents=True, exist_ok=True)
    for source in sources:
        (report_dir / f"{source.name}.quarantine.nq").unlink(missing_ok=True)
    while not strict and check.rounds <= MAX_ROUNDS:
        new = {name: records - quarantined[name] for name, records in culprits(report, set(by_name)).items()}
        new = {name: records for name, records in new.items() if records}
        if not new:
            break
        for result in report.results:
            if result.severity == "Violation" and any(o.source in new for o in result.origins):
                reasons.setdefault(result.key(), result)
        with _step(steps, "quarantine"):
            for name, records in new.items():
                quarantined[name] |= records
                subjects = dropped_subjects(by_name[name].lineage, quarantined[name]) - dropped[name]
                dropped[name] |= subjects
                moved = by_name[name].path.with_name(f"{name}.moved.nq")
                split_file(by_name[name].path, subjects, moved)
                _append(moved, report_dir / f"{name}.quarantine.nq")
                scratch.remove(path=moved, format="nquads")
                moved.unlink()
        with _step(steps, "validate again"):
            report = attach_origins(validate_store(scratch, shapes, engine=engine), sources, scratch)
        check.rounds += 1
    if reasons:
        kept = {r.key() for r in report.results}
        report = ValidationReport(results=[*report.results, *(r for k, r in reasons.items() if k not in kept)],
                                  engine=report.engine, notes=report.notes)
    with _step(steps, "name the nodes"):
        check.report = add_node_labels(report, scratch)
    for name, records in quarantined.items():
        quads_file = report_dir / f"{name}.quarantine.nq"
        lines = sum(1 for _ in open(quads_file, encoding="utf-8")) if quads_file.exists() else 0
        check.quarantined[name] = QuarantinedSource(name, sorted(records), lines, quads_file)
    with _step(steps, "write the reports"):
        write_reports(check, [s.name for s in sources], labels=labels)
    return check


@contextmanager
def _step(steps: list[tuple[str, float, float]], label: str):
    start = time.time()
    yield
    steps.append((label, start, time.time()))


def source_report(report: ValidationReport, name: str) -> ValidationReport:
    results = [r for r in report.results if any(o.source == name for o in r.origins)]
    return ValidationReport(results=results, engine=report.engine, notes=list(report.notes),
                            node_labels=report.node_labels)


def write_reports(check: BuildCheck, names: list[str], *, labels=None) -> None:
    from .renderings import render

    notes = {name: f"{len(q.records)} records of {name} were quarantined (not loaded); "
                   f"their {q.quads} quads are in {q.quads_file.name}" for name, q in check.quarantined.items()}
    check.report.notes += list(notes.values())
    outputs = {"build": check.report, **{name: source_report(check.report, name) for name in names}}
    for name, report in outputs.items():
        if name in notes:
            report.notes = [n for n in report.notes if n not in notes.values()] + [notes[name]]
        # piece by piece: the reports of a large build run to hundreds of MB each
        with open(check.report_dir / f"{name}.json", "w", encoding="utf-8") as handle:
            report.write_json(handle)
        html = render(report, "html", labels=labels)
        with open(check.report_dir / f"{name}.html", "w", encoding="utf-8") as handle:
            for start in range(0, len(html), 1 << 20):
                handle.write(html[start:start + (1 << 20)])
