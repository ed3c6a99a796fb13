"""The whole flow for a configured project, written once: map -> validate -> load.

A build maps every source to an N-Quads file, validates the new data together with what the
store already holds, and then writes one new store generation. By default it is all or nothing:
if any source cannot be read or mapped, the store is left as it was and every error is reported.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import count
from pathlib import Path
from typing import IO, Callable, ContextManager, Protocol

from . import __version__
from .catalogue import describe_generation
from .catalogue.completeness import Count, count_in_turns, named_properties
from .config import Project, SourceConfig
from .feeds.changes import ChangeLog, SourceChanges, record_generation
from .errors import ArgumentError, CultuurgraafError, Location, NotConforming, SourceError, StoreError, excerpt
from .iris import iri_problem
from .linking.build import link_generation, links_stale
from .linking.duplicates import find_duplicates
from .linking.graph import LinkReport
from .labels import Labels
from .mapping import Mapping, execute, load_mapping
from .mapping.engine import LineageSink, MappingStats
from .mapping.parallel import choose_jobs, map_to_output
from .search import IndexOutcome, build_whole, changes_before, index_generation, place_index, whole_index
from .sources.base import check_input, check_size
from .sources.harvest import Harvest, HarvestReport, harvest
from .store import GraphInfo, is_quads, now, open_built_store, open_project_store, rdf_format
from .store.checkpoint import alongside
from .store.held_back import read_held_back, record_held_back
from .store.reports import CURRENT as CURRENT_REPORTS, FAILED_BUILD, forget_failed, keep_failed, publish_reports
from .mapping.lineage import Lineage, LineageWriter
from .sources.files import check_input_file, check_output_file
from .validation import ValidationReport, load_shapes
from .validation.conflicts import limited_predicates
from .validation.apart import check_build_apart
from .validation.quarantine import BuildCheck, MappedSource
from .processes import Turns
from .workfolders import work_folder


class Progress(Protocol):
    def task(self, label: str, total: int | None = None) -> ContextManager[Callable[[int], None]]:
        """A unit of long work; the callable reports how much more is done."""


class NoProgress:
    def task(self, label: str, total: int | None = None):
        return nullcontext(lambda n: None)


@dataclass
class SourceOutcome:
    name: str
    status: str  # "built", "unchanged" or "failed"
    #: the quads the mapping wrote, duplicates included (none for a source left unchanged)
    quads: int = 0
    error: CultuurgraafError | None = None
    stats: MappingStats | None = None
    #: what the source's harvest did, for a harvested source
    harvest: HarvestReport | None = None
    #: the triples of its graph in the store: each once, what validation held back left out
    in_graph: int | None = None

    def line(self) -> str:
        """What the build says of the source.

        >>> SourceOutcome("objecten", "built", quads=4694, in_graph=3410).line()
        'objecten: built, 4694 quads mapped, 3410 distinct triples in the graph'
        >>> SourceOutcome("personen", "unchanged", in_graph=220).line()
        'personen: unchanged, 220 distinct triples in the graph'
        """
        counts = [f"{self.quads} quads mapped"] if self.status == "built" else []
        if self.in_graph is not None:
            counts.append(f"{self.in_graph} distinct triples in the graph")
        return f"{self.name}: {', '.join([self.status, *counts])}"


@dataclass
class BuildResult:
    outcomes: list[SourceOutcome] = field(default_factory=list)
    report: ValidationReport | None = None
    #: what validation kept out of the store (quarantined records per source) and where its reports are
    check: BuildCheck | None = None
    generation: int | None = None
    #: the links the project's [[links]] rules made in this build (None when no generation was written)
    links: LinkReport | None = None
    #: what the build added to each source's change feed (feeds/changes.py)
    feeds: list[SourceChanges] = field(default_factory=list)
    #: how the search index of the new generation was written: updated from the previous one's, or whole
    index: IndexOutcome | None = None

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


@dataclass
class Fingerprint:
    """What a source's graph depends on: each file with its SHA-256, and one checksum over them all.

    Paths are relative to the project folder where they lie inside it, so a project that is moved
    or copied elsewhere is not rebuilt for that alone.
    """

    checksum: str
    inputs: dict[str, str]
    mapping: dict[str, str]
    shapes: dict[str, str]


def source_fingerprint(project: Project, source: SourceConfig) -> Fingerprint:
    """The checksums of a source's inputs, mapping and the project's shapes, and its validation
    profile (another profile holds back other records); an input that is not a regular file
    (missing, a folder, a named pipe) is a SourceError."""
    def files(paths) -> dict[str, str]:
        return {_display(project, path): _file_sha256(path) for path in paths}

    shapes_files = [file for shapes_path in project.shapes
                    for file in (sorted(shapes_path.rglob("*.ttl")) if shapes_path.is_dir() else [shapes_path])]
    inputs = [check_input(path) for path in source.input_files]
    result = Fingerprint("", files(inputs), files([source.mapping]), files(shapes_files))
    digest = hashlib.sha256(f"{__version__}|{project.base_iri}|{source.graph}|{source.profile}".encode())
    for group in (result.mapping, result.inputs, result.shapes):
        for path, checksum in group.items():
            digest.update(f"{path}:{checksum}\n".encode())
    result.checksum = digest.hexdigest()
    return result


def _display(project: Project, path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(project.root.resolve()))
    except ValueError:
        return str(path)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError:
        return "missing"
    return digest.hexdigest()


def map_source(project: Project, source: SourceConfig, out: Path, *, progress: Progress | None = None,
               lineage: LineageSink | Path | None = None, mapping: Mapping | None = None,
               jobs: int | None = 1, value_lineage: frozenset[str] = frozenset()) -> MappingStats:
    """Run a source's mapping (``mapping``, when the caller has read it already) over each of its
    input bindings, writing N-Quads to ``out``; lineage goes to ``lineage``: a sink, or a path for
    a sidecar file (:class:`LineageWriter`), noting the values of the predicates ``value_lineage``.

    ``jobs`` processes share a source with one input binding when lineage goes to a path or
    nowhere (None: as many as suit its inputs, see :func:`choose_jobs`); otherwise one does.
    """
    mapping = mapping or load_mapping(source.mapping)
    progress = progress or NoProgress()
    # a harvested source reads the files its harvest keeps, and none when it keeps none
    bindings = source.inputs or ([] if source.harvest else [{}])
    base_iri = project.base_iri + "/"
    if len(bindings) == 1 and (lineage is None or isinstance(lineage, Path)):
        if jobs is None:
            jobs = choose_jobs(mapping, inputs=bindings[0])
        if jobs > 1:
            with progress.task(f"map {source.name} ({jobs} processes)") as advance:
                return map_to_output(mapping, output=out, base_iri=base_iri, default_graph=source.graph,
                                     inputs=bindings[0], lineage_path=lineage, jobs=jobs, progress=advance,
                                     value_lineage=value_lineage)
    writer = LineageWriter(lineage) if isinstance(lineage, Path) else None
    sink = writer or lineage
    stats = MappingStats()
    with writer or nullcontext(), open(out, "w", encoding="utf-8") as handle, \
            progress.task(f"map {source.name}") as advance:
        for binding in bindings:
            run = execute(mapping, base_iri=base_iri, default_graph=source.graph, inputs=binding, lineage=sink,
                          value_lineage=value_lineage)
            for chunk in run.chunks():
                handle.write("".join(chunk))
                advance(len(chunk))
            stats.merge(run.stats)
    return stats


#: A triples map that reads fewer than this share of its records in the last build has shrunk.
SHRINK_LIMIT = 0.5
#: Triples maps that read fewer records than this last time are not compared (3 -> 1 is no signal).
MIN_COMPARED = 10


def check_records(project: Project, source: SourceConfig, mapping: Mapping, stats: MappingStats,
                  last: GraphInfo | None) -> None:
    """A SourceError when the source yielded no records, or far fewer than in its last build, so
    that its graph is not replaced (an export with only its header, a renamed root element ...).
    See :func:`shrinkage`; ``may_shrink = true`` in the project file skips this."""
    problem = shrinkage(stats.records, last.extra.get("records") if last is not None else None,
                        {tm.name: tm.source.iterator for tm in mapping.triples_maps})
    if problem is not None:
        inputs = ", ".join(_display(project, path) for path in source.input_files)
        raise SourceError(f"{problem}; its graph keeps what the last build loaded",
                          location=Location(inputs or _display(project, source.mapping)),
                          hint="check the export (only a header? a renamed root element?) and the mapping's "
                               "iterators; if the source may be this small, set may_shrink = true in its "
                               "[[sources]] entry")


def shrinkage(records: dict[str, int], last: dict[str, int] | None, iterators: dict[str, str | None]) -> str | None:
    """What is wrong with the records a source yielded, or None: no records at all, or a triples
    map that read at least MIN_COMPARED records in the last build reading less than SHRINK_LIMIT
    of them now. ``records`` and ``last`` count each triples map's records now and in the last
    build (None when there was none); ``iterators`` gives each triples map its iterator.

    >>> last = {"persoon": 60}
    >>> print(shrinkage({"persoon": 12}, last, {"persoon": None}))
    the source yielded far fewer records than in its last build: triples map 'persoon': 12 records, against 60 (less than half)
    >>> shrinkage({"persoon": 45}, last, {"persoon": None}) is None
    True
    >>> print(shrinkage({}, {"organisatie": 60}, {"organisatie": "/organisaties/organisatie"}))
    the source yielded no records, against 60 in its last build (nothing matched the iterator /organisaties/organisatie)
    """
    if not sum(records.values()):
        found = list(dict.fromkeys(i for i in iterators.values() if i))
        where = (f"nothing matched the iterator{'s' if len(found) > 1 else ''} " + ", ".join(found[:3])
                 + (f" and {len(found) - 3} more" if len(found) > 3 else "")) if found else "the file holds no records"
        before = f", against {max(last.values())} in its last build" if last else ""
        return f"the source yielded no records{before} ({where})"
    shrunk = [f"triples map '{name}': {records.get(name, 0)} records, against {count}"
              for name, count in (last or {}).items()
              if name in iterators and count >= MIN_COMPARED and records.get(name, 0) < count * SHRINK_LIMIT]
    if shrunk:
        return ("the source yielded far fewer records than in its last build: " + "; ".join(shrunk)
                + " (less than half)")
    return None


def build(project: Project, *, only: list[str] | None = None, force: bool = False, strict: bool = False,
          keep_going: bool = False, progress: Progress | None = None, reharvest: bool = False,
          fetch: bool = True) -> BuildResult:
    """Map, validate and load the project's sources into a new store generation.

    Harvested sources are first brought up to date (``reharvest``: harvested again from the start;
    ``fetch`` false: read as the last harvest left them, asking no server).
    """
    progress = progress or NoProgress()
    store = open_project_store(project)
    result = BuildResult()
    previous = store.manifest()
    selected = [s for s in project.sources if only is None or s.name in only]
    for name in only or []:
        project.source(name)
    shapes = load_shapes(project.shapes) if project.shapes else None
    # the values of the predicates the shapes limit are noted in the lineage, to tell merge conflicts
    value_lineage = limited_predicates(shapes) if shapes is not None else frozenset()
    with work_folder("build") as work:
        mapped: dict[str, tuple[Path, GraphInfo]] = {}
        checked: list[MappedSource] = []
        for source in selected:
            harvested = None
            try:
                if source.harvest is not None:
                    with progress.task(f"harvest {source.name}") as advance:
                        harvested = harvest(source.harvest, full=reharvest, fetch=fetch, advance=advance,
                                            limit_mb=project.max_input_mb)
                    source = _with_harvest(source, harvested)
                for path in source.input_files:
                    check_size(path, limit_mb=project.max_input_mb)
                fingerprint = source_fingerprint(project, source)
            except CultuurgraafError as exc:
                result.outcomes.append(SourceOutcome(source.name, "failed", error=exc))
                continue
            report = harvested.report if harvested is not None else None
            epoch = {"harvest_epoch": harvested.epoch} if harvested is not None else {}
            checksum = fingerprint.checksum
            old = previous.graphs.get(source.name)
            if not force and old is not None and old.checksum == checksum and old.iri == source.graph:
                result.outcomes.append(SourceOutcome(source.name, "unchanged", in_graph=old.triples,
                                                     harvest=report))
                continue
            out = work / f"{source.name}.nq"
            started_at = now()
            # lineage is for validation; it goes to a file beside the N-Quads, as it grows with the data
            lineage = work / f"{source.name}.lineage" if project.shapes else None
            try:
                mapping = load_mapping(source.mapping)
                stats = map_source(project, source, out, progress=progress, lineage=lineage, mapping=mapping,
                                   jobs=None, value_lineage=value_lineage)
                if _shrinking_checked(source, harvested, old):
                    check_records(project, source, mapping, stats, old)
                if lineage is not None:
                    checked.append(MappedSource(source.name, out, lineage, mapping))
            except CultuurgraafError as exc:
                result.outcomes.append(SourceOutcome(source.name, "failed", error=exc, harvest=report))
                continue
            info = GraphInfo(iri=source.graph, checksum=checksum, started_at=started_at, extra={
                "inputs": fingerprint.inputs, "mapping": fingerprint.mapping, "shapes": fingerprint.shapes,
                "empty_references": dict(stats.empty), "records": dict(stats.records),
                "no_subject": dict(stats.no_subject), "unreadable_values": dict(stats.unreadable), **epoch,
                "completeness_before": old.extra.get("completeness") if old is not None else None})
            mapped[source.name] = (out, info)
            result.outcomes.append(SourceOutcome(source.name, "built", quads=stats.quads, stats=stats, harvest=report))
        if result.failed and not keep_going:
            return result
        configured = {s.name for s in project.sources}
        removed = [name for name in previous.graphs if name not in configured and not name.startswith("load:")]
        if not mapped and not removed and store.current_generation() and not force \
                and not links_stale(store, project):
            result.generation = store.current_generation()
            return result
        kept = [graph for name, info in previous.graphs.items() if name not in mapped for graph in info.all_graphs]
        if shapes is not None:
            quads = sum(o.quads for o in result.outcomes if o.name in mapped) \
                + sum(info.triples for name, info in previous.graphs.items() if name not in mapped)
            # what earlier builds held back of the sources this one keeps: links to it dangle, they do not break
            held_before = {iri: tuple(e for item in items for e in item.entries)
                           for iri, items in read_held_back(store).items()
                           if any(item.source not in mapped and item.source not in removed for item in items)}
            names = {graph: name for name, info in previous.graphs.items() if name not in mapped
                     for graph in info.all_graphs} | {s.graph: s.name for s in selected if s.name in mapped}
            duplicates = partial(find_duplicates, keys=list(project.keys.values()), sources=names, base=project.iris.base)
            with progress.task("validate"):
                result.check = check_build_apart(project, store, shapes, [c for c in checked if c.name in mapped],
                                                 work / "reports", work=work, quads=quads, kept_graphs=kept,
                                                 strict=strict, labels=Labels(project.ontologies),
                                                 on_conflict={s.name: s.on_conflict for s in project.sources},
                                                 held_before=held_before, other_checks=duplicates,
                                                 profiles={s.name: s.profile for s in project.sources})
            for name, quarantined in result.check.quarantined.items():
                mapped[name][1].extra["quarantined"] = {"entities": len(quarantined.entities), "parts": quarantined.parts,
                                                        "dropped_values": quarantined.dropped,
                                                        "quads": quarantined.quads}
        try:
            if strict and result.check is not None and (violations := result.check.counts()["Violation"]):
                raise NotConforming(f"{violations} violations; the store was left as it was "
                                    f"(report: {store.path / FAILED_BUILD / 'build.html'}; run without --strict to "
                                    "hold back the entities with violations and load the rest)")
            write_generation(store, project, result, mapped, removed, progress)
        except BaseException:
            if result.check is not None:  # its reports are for whoever reads why the build failed
                result.check.report_dir = keep_failed(store, result.check.report_dir)
            raise
        forget_failed(store)
        if result.check is not None:
            result.check.report_dir = store.path / CURRENT_REPORTS
    return result


#: A build that loads this many triples or more writes a whole search index in a second process, alongside
#: the change log and the completeness counts; for less, starting that process costs more than it saves.
ALONGSIDE_FROM = 100_000


def write_generation(store, project: Project, result: BuildResult, mapped: dict[str, tuple[Path, GraphInfo]],
                     removed: list[str], progress: Progress) -> None:
    """Load what a build mapped and checked into a new store generation, with its reports."""
    incoming = sum(path.stat().st_size for path, _ in mapped.values())
    with store.transaction(rewrites=[*mapped, *removed], incoming_bytes=incoming) as tx:
        for name, (path, info) in mapped.items():
            with progress.task(f"load {name}"):
                # the engine checked every IRI and language tag it wrote: Oxigraph need not again
                loaded = tx.load(name, graph=info.iri, path=path, info=info, lenient=True)
            for outcome in result.outcomes:
                if outcome.name == name:
                    outcome.in_graph = loaded.triples
        for name in removed:
            tx.drop(name)
        with progress.task("link"):
            result.links = link_generation(tx, project, built_at=now())
        if result.check is not None:  # read here, after the loads: a report sent back packed is opened now
            result.report = result.check.report
        record_validation(tx, result.report, {name: info for name, (_, info) in mapped.items()})
        if result.check is not None:  # where the reports are now, should the generation fail yet
            result.check.report_dir = publish_reports(tx, result.check.report_dir, rewritten=[*mapped, *removed])
        else:
            publish_reports(tx, None, rewritten=[*mapped, *removed])
        held = result.report.held_back if result.report is not None else []
        record_held_back(tx, {name: [h for h in held if h.source == name] for name in mapped})
        with progress.task("describe"):
            describe_generation(tx, project)
        # a whole search index is read in a process of its own while this one writes the change log
        # (store/checkpoint.py), when there is enough to read; then each process counts completeness,
        # taking the next class of a source not yet counted, until none is left
        index = whole_index(tx, project.iris) if sum(info.triples for _, info in mapped.values()) >= ALONGSIDE_FROM \
            else None
        counts = _completeness_counts(project, mapped)
        to_count = [c for _, c in counts]
        turns = Turns(tx.store.generation_file(tx.generation, f".completeness-{os.getpid()}")) \
            if index is not None else None
        there = [(build_whole, index), (count_in_turns, (to_count, turns.take, project.iris.base))] if turns else []
        try:
            with alongside(tx, there) if there else nullcontext(lambda: [None, {}]) as answers:
                with progress.task("changes"):
                    result.feeds = record_generation(tx, project, built=list(mapped), removed=removed)
                with progress.task("count completeness") if project.shapes else nullcontext():
                    counted = count_in_turns(tx, to_count, turns.take if turns else count().__next__,
                                             project.iris.base)
                with progress.task("index"):
                    built, counted_there = answers()
                    result.index = place_index(tx, built) if built is not None else index_generation(
                        tx, project.iris, compared=ChangeLog(store.path).entities(
                            tx.generation, [changes.source for changes in result.feeds]))
        finally:
            if turns is not None:
                turns.path.unlink(missing_ok=True)
        counted |= counted_there
        for name, (_, info) in mapped.items():
            if project.shapes:  # in the order of the shapes' classes, as count_completeness gives them
                info.extra["completeness"] = {"classes": [counted[i] for i, (source, _) in enumerate(counts)
                                                          if source == name and counted[i] is not None]}
        result.generation = tx.generation


def _completeness_counts(project: Project, mapped: dict[str, tuple[Path, GraphInfo]]) -> list[tuple[str, Count]]:
    """The completeness counts of a build (``catalogue.completeness``): each class the shapes check in each
    source it loads, by source, those of the largest sources first (each is counted in one go: what is
    left last to a process should be short)."""
    if not project.shapes:
        return []
    properties = named_properties(load_shapes(project.shapes))
    largest = sorted(mapped.items(), key=lambda item: -item[1][1].triples)
    return [(name, (info.all_graphs, cls, paths)) for name, (_, info) in largest for cls, paths in properties.items()]


def _with_harvest(source: SourceConfig, harvested: Harvest) -> SourceConfig:
    """A harvested source, reading the page files its harvest keeps, each as one input."""
    return replace(source, inputs=tuple({"": path} for path in harvested.files))


def _shrinking_checked(source: SourceConfig, harvested: Harvest | None, last: GraphInfo | None) -> bool:
    """Whether a build refuses to replace the source's graph by a far smaller one (:func:`check_records`):
    not when the source may shrink, nor when its harvest went on from the one the graph was built
    from (of the same epoch), which takes out only what the server said was deleted."""
    return not source.may_shrink and (harvested is None or last is None
                                      or last.extra.get("harvest_epoch") != harvested.epoch)


@dataclass(frozen=True)
class Loaded:
    """What ``cultuurgraaf load`` did: the quads loaded, and how the search index was written (None:
    left to whoever reads it next)."""

    quads: int
    index: IndexOutcome | None = None


def load_file(project: Project, path: Path, *, graph: str, format: str | None = None, index: bool = False) -> Loaded:
    """Load an RDF file into one named graph, replacing that graph atomically: the quads loaded, and how
    the search index was written.

    The search index of the new generation is left to whoever reads it next (a running server builds
    it in the background, answering from the previous index meanwhile; so does the next build): the
    data is durable and queryable once the generation is switched. With ``index``, it is written before
    the switch, as a build does.
    """
    check_input_file(path, what="the file to load")
    check_size(path, limit_mb=project.max_input_mb)
    problem = iri_problem(graph)
    if problem is not None:
        raise ArgumentError(f"the graph name {excerpt(graph)!r} is not an IRI: {problem}",
                         hint="give --graph an absolute IRI, such as https://data.cultuurgraaf.be/graph/thesaurus")
    store = open_project_store(project)
    name = "load:" + graph
    owner = next((s.name for s in project.sources if s.graph == graph), None)
    if owner is not None:
        raise StoreError(f"<{graph}> is the graph of source '{owner}', which a build writes",
                         hint="load into a graph of its own, or change the source's inputs and build")
    # N-Quads and TriG may name graphs of their own, so a store that links generations stages them:
    # it needs their size (gzipped text is about a tenth of itself)
    incoming = 0
    if is_quads(rdf_format(format or path.name)):
        incoming = path.stat().st_size * (10 if path.name.lower().endswith(".gz") else 1)
    with store.transaction(rewrites=[name], incoming_bytes=incoming) as tx, ThreadPoolExecutor(2) as alongside:
        info = GraphInfo(iri=graph, started_at=now())
        # read alongside the bulk load, which leaves a core free: the checksum, and what the graph
        # being replaced held (for the search index)
        checksum = alongside.submit(_file_sha256, path)
        before = alongside.submit(changes_before, tx, [name])
        count = tx.load(name, graph=graph, path=path, format=format or path.name, info=info).triples
        info.checksum = checksum.result()
        info.extra["inputs"] = {_display(project, path): info.checksum}
        link_generation(tx, project, built_at=now())
        describe_generation(tx, project)
        record_held_back(tx, {})
        written = index_generation(tx, project.iris, defer=not index, before=before.result())
    return Loaded(count, written)


def record_validation(reader, report: ValidationReport | None, infos: dict[str, GraphInfo]) -> None:
    """Give each loaded source the counts of the validation results about its things.

    A result belongs to the source whose input file its lineage names; without lineage, to the
    sources whose graphs describe its focus node.
    """
    if not infos:
        return
    counts = {name: {"Violation": 0, "Warning": 0, "Info": 0} for name in infos}
    if report is not None:
        by_file = {Path(path).name: name for name, info in infos.items() for path in info.extra.get("inputs", {})}
        by_graph = {graph: name for name, info in infos.items() for graph in info.all_graphs}
        unplaced: dict[str, list[str]] = {}
        for item in report.results:
            owner = by_file.get(Path(item.source_file).name) if item.source_file else None
            if owner is not None:
                counts[owner][item.severity] = counts[owner].get(item.severity, 0) + 1
            elif str(item.focus).startswith(("http://", "https://", "urn:")):
                unplaced.setdefault(str(item.focus), []).append(item.severity)
        focus = list(unplaced)
        for start in range(0, len(focus), 500):
            values = " ".join(f"<{iri}>" for iri in focus[start:start + 500])
            graphs = " ".join(f"<{graph}>" for graph in by_graph)
            rows = reader.query(f"SELECT DISTINCT ?f ?g WHERE {{ VALUES ?f {{ {values} }} VALUES ?g {{ {graphs} }} "
                                "GRAPH ?g { ?f ?p ?o } }").rows()
            for row in rows:
                owner = by_graph[str(row["g"])]
                for severity in unplaced[str(row["f"])]:
                    counts[owner][severity] = counts[owner].get(severity, 0) + 1
    for name, info in infos.items():
        info.extra["validation"] = counts[name]


def dump_store(project: Project, output: Path | IO[bytes], *, format: str = "nquads", graph: str | None = None) -> None:
    """Write the store (or one graph) to a file, which appears complete or not at all, or to a stream."""
    store = open_built_store(project)
    if not isinstance(output, (str, Path)):
        store.dump(output, format=format, graph=graph)
        return
    output = check_output_file(Path(output))
    partial = output.with_name(output.name + ".part")
    try:
        with open(partial, "wb") as handle:
            store.dump(handle, format=format, graph=graph)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
