"""Keeping a build's bad entities out of the store (quarantine), and settling its merge conflicts.

A build validates the newly mapped sources together with the graphs the store keeps. Every
entity a ``sh:Violation`` is about (the IRI, with the blank nodes it holds) is held back: its
triples are taken out of the mapped N-Quads of the sources whose records made it (found through
the lineage of the mapping run) before they are loaded, and written to
``<store>/reports/<source>.quarantine.nq`` (``holding``). Nothing else goes with it: an entity
that points at a held-back one keeps its data and its link, which the report lists as a dangling
link instead of a violation. Merge conflicts (``conflicts``) are settled first, by each source's
``on_conflict``. Then the rest is validated again, until nothing more needs to go (a value
``"first"`` kept may still break a shape on its own). Warnings and notes are loaded.

The reports go to ``report_dir``, one per source (``<source>.html``, ``<source>.json``) and one
for the whole build (``build.html``, ``build.json``), so a collection manager can see what was
kept out and why; a build writes them in its work folder, and they become part of the store
generation it writes (``store.reports``).

Memory stays flat however large the build: above ``IN_MEMORY_QUADS``, the data is checked in a
scratch store on disk in the build's work folder (the mapped files and the kept graphs stream into
it, ``batch_quads`` at a time, so that Oxigraph's bulk loader holds a batch, not a whole file);
below, in memory, where its queries run three to four times faster. The lineage stays in
the sidecar files the mapping wrote (``LineageWriter``) and only the subjects that results are
about are read back, and quads move between files line by line. What stays in memory grows with
the number of results, not with the data.
"""

from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rdflib import BNode, URIRef
from rdflib.term import Node

from ..errors import shown
from ..mapping.lineage import Lineage, term
from ..mapping.model import Mapping
from ..processes import give_back_memory
from ..store.bulk import BATCH_QUADS
from ..store.scratch import ScratchStore
from .conflicts import LIMITS, find_conflicts
from .findings import Conflict, DanglingLink
from .holding import Holding
from .node_labels import add_node_labels
from .origins import MappedSource as LineageSource, Origins, nt
from .packed import Packed
from .report import ValidationReport, ValidationResult, term_text
from .profiles import Choice, Rules
from .shapes import Shapes
from .validator import validate_store

MAX_ROUNDS = 10
#: up to this many quads, the data is checked in memory (about 0.4 GB a million quads, and its queries
#: run three to four times faster there); above it, on disk in the build's work folder (about 0.2 GB
#: to load, whatever the size)
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
    """What a build kept out of one source: the entities held back (N-Triples terms), how many of
    their parts went with them, the values ``on_conflict = "first"`` dropped, and the file their
    quads went to."""

    name: str
    entities: list[str]
    parts: int
    dropped: int
    quads: int
    quads_file: Path

    def kept_out(self) -> str:
        """``3 entities held back, with 4 of their parts, and 2 conflicting values dropped``"""
        parts = f", with {self.parts} of their parts," if self.parts else ""
        said = [f"{len(self.entities)} entities held back{parts}"] if self.entities else []
        return " and ".join(said + ([f"{self.dropped} conflicting values dropped"] if self.dropped else [])).rstrip(",")


@dataclass
class BuildCheck:
    """What validation did to a build: the report, and per source what was kept out.

    Pickled (sent back by the process that checked a large build, ``apart.py``), the report goes
    packed (``packed.Packed``) and is opened where it is first read: the build loads the new generation
    before it reads the report again, and holds a few bytes a result while it does, not the objects.
    """

    report: ValidationReport
    #: where the reports are: written in the build's work folder, then moved with the generation
    report_dir: Path
    quarantined: dict[str, QuarantinedSource] = field(default_factory=dict)
    rounds: int = 1
    #: what the check spent its time on: (step, start, end), times in seconds since the epoch
    steps: list[tuple[str, float, float]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The report's results by severity (:meth:`ValidationReport.counts`), without opening a packed report."""
        return dict(self.__dict__["_counts"]) if "_packed" in self.__dict__ else self.report.counts()

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        report = state.pop("report", None)
        if report is None:  # sent on unopened
            return state
        return state | {"_packed": Packed(report), "_counts": report.counts()}

    def __getattr__(self, name: str):
        # called only for what the instance lacks: the report, while it is packed
        if name == "report" and "_packed" in self.__dict__:
            self.report = self.__dict__.pop("_packed").open()
            del self.__dict__["_counts"]
            return self.report
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def summary(self) -> list[str]:
        """Lines for the build summary: what was kept out, the conflicts and dangling links, and
        where the reports are."""
        lines = []
        for q in self.quarantined.values():
            lines.append(f"{q.name}: {q.kept_out()} (not loaded); see {shown(self.report_dir / (q.name + '.html'))}, "
                         f"their quads are in {shown(self.report_dir / q.quads_file.name)}")
        conflicts = self.report.conflicts
        if conflicts:
            outcomes = Counter(c.outcome for c in conflicts)
            lines.append(f"merge conflicts: {len(conflicts)} (" + "; ".join(
                f"{outcome}: {count}" for outcome, count in sorted(outcomes.items())) + ")")
        if self.report.dangling:
            lines.append(f"dangling links: {len(self.report.dangling)} loaded links point at entities held back")
        return lines + [f"validation report: {shown(self.report_dir / 'build.html')}"]


def load_data(sources: list[MappedSource], store=None, kept_graphs: list[str] = (), *,
              path: Path | None = None, batch_quads: int = BATCH_QUADS) -> ScratchStore:
    """The build's data in one scratch store (on disk in ``path`` if given, loaded ``batch_quads``
    at a time, else in memory): the mapped files and the graphs the store keeps."""
    scratch = ScratchStore(path, batch_quads=batch_quads)
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

    def values(self, subject: str, predicate: str) -> list:
        return self.lookup(subject)


def read_origins(sources: list[MappedSource], scratch: ScratchStore, ask: Callable[[Origins], object]) -> Origins:
    """Origins that know the lineage of the subjects ``ask`` looks up.

    A sidecar lineage is read back only for those: ``ask`` runs first on origins whose lineage
    knows nothing and notes what it is asked (blank nodes walked up to their referrers included).
    """
    asked: set[str] = set()
    if any(not isinstance(s.lineage, Lineage) for s in sources):
        ask(Origins([LineageSource(_Asked(asked), s.mapping, s.name) for s in sources], referrers=scratch.referrers))
    return Origins([LineageSource(s.lineage_of(asked), s.mapping, s.name) for s in sources],
                   referrers=scratch.referrers)


def result_origins(report: ValidationReport, sources: list[MappedSource], scratch: ScratchStore) -> Origins:
    """Origins for the report's results, with the values of the subjects of ``sh:maxCount`` and
    ``sh:uniqueLang`` results (for :func:`~.conflicts.find_conflicts`)."""
    def ask(origins: Origins) -> None:
        for result in report.results:
            origins.find(result)
            if result.constraint in LIMITS and result.path and (subject := nt(result.focus)):
                origins.values(subject, f"<{result.path}>")

    return read_origins(sources, scratch, ask)


def attach_origins(report: ValidationReport, sources: list[MappedSource], scratch: ScratchStore) -> ValidationReport:
    """The report with each result pointed at its origins."""
    return result_origins(report, sources, scratch).attach(report)


def check_build(shapes: Shapes, sources: list[MappedSource], report_dir: Path, *, store=None,
                kept_graphs: list[str] = (), strict: bool = False, engine: str = "fast",
                labels=None, work: Path | None = None, quads: int | None = None,
                in_memory: int = IN_MEMORY_QUADS, batch_quads: int = BATCH_QUADS, on_conflict: dict[str, str] | None = None,
                held_before: dict[str, tuple[str, ...]] | None = None, profiles: Choice | None = None,
                other_checks: Callable[[ScratchStore], ValidationReport] | None = None) -> BuildCheck:
    """Validate a build's data, hold back the entities with violations, settle merge conflicts by
    each source's ``on_conflict`` (source name -> policy; ``conflicts.DEFAULT_POLICY`` for those
    not named), and write the reports. ``held_before`` names the entities (IRI -> report entry ids)
    an earlier build held back from the sources this one keeps: links to them dangle too.
    ``profiles`` names each source's validation profile (``profiles.PROFILES``; the default for
    those not named), which decides what is a violation and so what is held back.

    With ``strict``, nothing is held back: the first report is written and returned as it is,
    and the caller fails the build. With ``work`` (a folder of the build's own, which the caller
    removes), data of more than ``in_memory`` quads (``quads``, the mapped and kept ones; unknown
    counts as more) is checked on disk there instead of in memory, loaded ``batch_quads`` at a
    time (``store.scratch``). ``other_checks`` reports what
    shapes cannot see (possible duplicates) on the data as it was mapped; it holds back nothing.
    """
    on_disk = work is not None and (quads is None or quads > in_memory)
    steps: list[tuple[str, float, float]] = []
    with _step(steps, "load the data to check" + (" (on disk)" if on_disk else " (in memory)")):
        scratch = load_data(sources, store, kept_graphs, path=work / "scratch" if on_disk else None,
                            batch_quads=batch_quads)
    names = [s.name for s in sources]
    with _step(steps, "validate"):
        report = validate_store(scratch, shapes, engine=engine)
    rules = Rules.of(shapes)
    with _step(steps, "find the origins and the conflicts"):
        origins = result_origins(report, sources, scratch)
        report = rules.apply(origins.attach(report), profiles or {})
        conflicts = find_conflicts(report, origins, policies=None if strict else dict(on_conflict or {}), order=names)
        del origins  # the lineage it read back, of every result's subject: not needed past here
        give_back_memory()  # what the queries' answers and the lineage took, freed, to the system
    other = ValidationReport(results=[])
    if other_checks is not None:
        with _step(steps, "other checks"):
            other = attach_origins(other_checks(scratch), sources, scratch)
    check = BuildCheck(report=report, report_dir=report_dir, steps=steps)
    report_dir.mkdir(parents=True, exist_ok=True)
    holding = Holding(sources, scratch, report_dir, held_before=held_before)
    reasons: dict[tuple, ValidationResult] = {}
    acting = [c for c in conflicts if c.severity == "Violation"]
    settled = {_key(c.result): c for c in acting}
    if not strict:
        with _step(steps, "drop conflicting values"):
            holding.drop(c for c in acting if c.policy == "first")
    while not strict and check.rounds <= MAX_ROUNDS:
        found = culprits(report, settled, holding, names, first_round=check.rounds == 1)
        if not found and not (check.rounds == 1 and holding.dropped):
            break
        for _entity, results in found.items():
            for result in results:
                reasons.setdefault(result.key(), result)
        with _step(steps, "hold back"):
            nodes = set(found) | holding.below(found)
            makers = read_origins(sources, scratch, lambda o: [o.lookup(nt(n) or "", None) for n in nodes])

            def made_by(node: Node) -> set[tuple[str, str, str]]:
                return {(o.source, o.source_file, o.record) for o in makers.lookup(nt(node) or "", None)
                        if o.source in names}

            holding.hold_back({entity: _entries(results, settled) for entity, results in found.items()}, made_by)
        with _step(steps, "validate again"):
            report = rules.apply(attach_origins(validate_store(scratch, shapes, engine=engine), sources, scratch),
                                 profiles or {})
        check.rounds += 1
    # a result about a link to a held-back entity is a dangling link, listed as such below
    results = [r for r in report.results if r.value not in holding.held_nodes]
    if reasons or len(results) < len(report.results):
        kept = {r.key() for r in results}
        report = ValidationReport(results=[*results, *(r for k, r in reasons.items() if k not in kept)],
                                  engine=report.engine, notes=report.notes, profiles=report.profiles)
    report.conflicts = conflicts
    report.held_back = holding.held_back()
    with _step(steps, "find the dangling links"):
        report.dangling = dangling_links(holding, sources, scratch)
    report = report.adding(other)
    with _step(steps, "name the nodes"):
        check.report = add_node_labels(report, scratch)
    for name in names:
        held = [h for h in report.held_back if h.source == name]
        quads_file = holding.quarantine_file(name)
        if held or holding.dropped[name]:
            lines = sum(1 for _ in open(quads_file, encoding="utf-8")) if quads_file.exists() else 0
            check.quarantined[name] = QuarantinedSource(name, [h.entity for h in held if h.part_of is None],
                                                        sum(1 for h in held if h.part_of), holding.dropped[name],
                                                        lines, quads_file)
    with _step(steps, "write the reports"):
        write_reports(check, names, labels=labels)
    return check


def culprits(report: ValidationReport, settled: dict[tuple, Conflict], holding: Holding, names: list[str], *,
             first_round: bool) -> dict[Node, list[ValidationResult]]:
    """The entities to hold back for the report's violations, each with the results about it.

    Not held back for: a violation of data no source of this build made (it is reported), a merge
    conflict its source's ``on_conflict`` settles otherwise (``"report"``; ``"first"`` in the first
    round, which dropped the other values), a link to an entity held back (it dangles).
    """
    found: dict[Node, list[ValidationResult]] = {}
    for result in report.results:
        conflict = settled.get(_key(result))
        if result.severity != "Violation" or not any(o.source in names for o in result.origins) \
                or (conflict is not None and (conflict.policy == "report" or (conflict.policy == "first" and first_round))) \
                or result.value in holding.held_nodes:
            continue
        entity = holding.owner(result.focus)
        if entity not in holding.tried and isinstance(entity, (URIRef, BNode)):  # a literal holds nothing back
            found.setdefault(entity, []).append(result)
    return found


def _entries(results: list[ValidationResult], settled: dict[tuple, Conflict]) -> list[str]:
    """The ids of the report entries that say why: a conflict's own, or the result's."""
    ids = [settled[_key(r)].id if _key(r) in settled else r.id for r in results]
    return list(dict.fromkeys(ids))


def _key(result: ValidationResult) -> tuple:
    return (result.focus, result.path, result.constraint, result.shape)


def dangling_links(holding: Holding, sources: list[MappedSource], scratch: ScratchStore) -> list[DanglingLink]:
    """The triples left in the data that point at an entity held back, with their origins."""
    links = [(subject, str(predicate), entity, tuple(entries)) for entity, entries in holding.entities.items()
             for subject, predicate in scratch.referrers(entity)]
    if not links:
        return []
    origins = read_origins(sources, scratch, lambda o: [o.locate(s, p) for s, p, _t, _e in links])
    return sorted((DanglingLink(s, p, target, entries, origins.locate(s, p)) for s, p, target, entries in links),
                  key=lambda d: (term_text(d.subject), d.path, term_text(d.target)))


@contextmanager
def _step(steps: list[tuple[str, float, float]], label: str):
    start = time.time()
    yield
    steps.append((label, start, time.time()))


def source_report(report: ValidationReport, name: str) -> ValidationReport:
    """The part of a build's report about one source: results and dangling links from its records,
    conflicts its records took part in, and its entities held back or pointed at."""
    def ours(origins) -> bool:
        return any(o.source == name for o in origins)

    held = [h for h in report.held_back if h.source == name]
    targets = {h.entity for h in held}
    profile = report.profiles.get(name) or report.profiles.get("")
    return ValidationReport(results=[r for r in report.results if ours(r.origins)], engine=report.engine,
                            notes=list(report.notes), node_labels=report.node_labels,
                            profiles={"": profile} if profile else {},
                            conflicts=[c for c in report.conflicts if any(ours(v.origins) for v in c.values)],
                            held_back=held,
                            dangling=[d for d in report.dangling if ours(d.origins) or nt(d.target) in targets])


def write_reports(check: BuildCheck, names: list[str], *, labels=None) -> None:
    """Each report as ``<name>.json``, ``<name>.csv`` and ``<name>.html`` (which reads the rows it
    does not hold from the JSON beside it), for the build and for each source."""
    from .render_csv import write_csv
    from .render_html import Downloads, default_labels, to_html
    from .summary import Summary

    labels = labels or default_labels()  # read once for the build's report and every source's
    notes = {name: f"{name}: {q.kept_out()} (not loaded); their {q.quads} quads are in {q.quads_file.name}"
             for name, q in check.quarantined.items()}
    check.report.notes += list(notes.values())
    # one report at a time: each source's is made when it is written, and let go before the next
    for name in ["build", *names]:
        report = check.report if name == "build" else source_report(check.report, name)
        if name in notes:
            report.notes = [n for n in report.notes if n not in notes.values()] + [notes[name]]
        summary = Summary.of(report)  # the JSON's and the page's
        # piece by piece: the reports of a large build run to hundreds of MB each
        with open(check.report_dir / f"{name}.json", "w", encoding="utf-8") as handle:
            report.write_json(handle, summary=summary)
        with open(check.report_dir / f"{name}.csv", "w", encoding="utf-8") as handle:
            write_csv(report, handle)
        text = to_html(report, labels=labels, downloads=Downloads(json=f"{name}.json", csv=f"{name}.csv"),
                       summary=summary)
        with open(check.report_dir / f"{name}.html", "w", encoding="utf-8") as handle:
            for start in range(0, len(text), 1 << 20):
                handle.write(text[start:start + (1 << 20)])
