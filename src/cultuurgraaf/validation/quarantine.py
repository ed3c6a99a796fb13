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
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..mapping.lineage import Lineage
from ..mapping.model import Mapping
from ..store.scratch import ScratchStore
from .node_labels import add_node_labels
from .origins import Origins
from .report import ValidationReport, ValidationResult
from .shapes import Shapes
from .validator import validate_store

MAX_ROUNDS = 10


@dataclass
class MappedSource:
    """One source mapped in this build: its N-Quads file (rewritten without quarantined records)."""

    name: str
    path: Path
    lineage: Lineage
    mapping: Mapping


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

    @property
    def quarantined_records(self) -> int:
        return sum(len(q.records) for q in self.quarantined.values())

    def summary(self) -> list[str]:
        """Lines for the build summary: what was kept out, and where the reports are."""
        lines = [f"{q.name}: {len(q.records)} records quarantined for violations (not loaded); "
                 f"see {self.report_dir / (q.name + '.html')}, their quads are in {q.quads_file}"
                 for q in self.quarantined.values()]
        return lines + [f"validation report: {self.report_dir / 'build.html'}"]


def load_data(sources: list[MappedSource], store=None, kept_graphs: list[str] = ()) -> ScratchStore:
    """The build's data in one scratch store: the mapped files and the graphs the store keeps."""
    scratch = ScratchStore()
    for source in sources:
        scratch.load(path=source.path, format="nquads", lenient=True)
    for graph in kept_graphs:
        buffer = io.BytesIO()
        store.dump(buffer, format="ntriples", graph=graph)
        scratch.load(data=buffer.getvalue(), format="ntriples")
    return scratch


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


def dropped_subjects(lineage: Lineage, records: set[tuple[str, str]]) -> set[str]:
    """Subjects (N-Triples) that only the given records made."""
    from .origins import shown_path

    out = set()
    for subject in lineage.subjects():
        made_by = {(shown_path(o.file), o.locator) for o in lineage.lookup(subject)}
        if made_by and made_by <= records:
            out.add(subject)
    return out


def split_file(path: Path, subjects: set[str], quarantine: Path) -> bytes:
    """Move the lines about ``subjects`` from ``path`` to ``quarantine``; the moved lines."""
    kept = path.with_name(path.name + ".kept")
    moved = []
    with open(path, encoding="utf-8") as source, open(kept, "w", encoding="utf-8") as keep, \
            open(quarantine, "a", encoding="utf-8") as out:
        for line in source:
            if line[:line.find(" ")] in subjects:
                out.write(line)
                moved.append(line)
            else:
                keep.write(line)
    kept.replace(path)
    return "".join(moved).encode("utf-8")


def check_build(shapes: Shapes, sources: list[MappedSource], report_dir: Path, *, store=None,
                kept_graphs: list[str] = (), strict: bool = False, engine: str = "fast",
                labels=None) -> BuildCheck:
    """Validate a build's data, quarantine the records behind violations and write the reports.

    With ``strict``, nothing is quarantined: the first report is written and returned as it is,
    and the caller fails the build.
    """
    scratch = load_data(sources, store, kept_graphs)
    origins = Origins(referrers=scratch.referrers)
    for source in sources:
        origins.add(source.lineage, source.mapping, source=source.name)
    by_name = {s.name: s for s in sources}
    report = origins.attach(validate_store(scratch, shapes, engine=engine))
    check = BuildCheck(report=report, report_dir=report_dir)
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
        for name, records in new.items():
            quarantined[name] |= records
            subjects = dropped_subjects(by_name[name].lineage, quarantined[name]) - dropped[name]
            dropped[name] |= subjects
            moved = split_file(by_name[name].path, subjects, report_dir / f"{name}.quarantine.nq")
            scratch.remove(data=moved, format="nquads")
        report = origins.attach(validate_store(scratch, shapes, engine=engine))
        check.rounds += 1
    if reasons:
        kept = {r.key() for r in report.results}
        report = ValidationReport(results=[*report.results, *(r for k, r in reasons.items() if k not in kept)],
                                  engine=report.engine, notes=report.notes)
    check.report = add_node_labels(report, scratch)
    for name, records in quarantined.items():
        quads_file = report_dir / f"{name}.quarantine.nq"
        lines = sum(1 for _ in open(quads_file, encoding="utf-8")) if quads_file.exists() else 0
        check.quarantined[name] = QuarantinedSource(name, sorted(records), lines, quads_file)
    write_reports(check, [s.name for s in sources], labels=labels)
    return check


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
        for fmt, suffix in (("html", ".html"), ("json", ".json")):
            (check.report_dir / f"{name}{suffix}").write_text(render(report, fmt, labels=labels), encoding="utf-8")
