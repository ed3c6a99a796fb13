"""Checking the files of an upload against a profile's shapes, without loading anything into the graph.

The files are read as their kind says (:mod:`.choices`): a source's mapping, or a standard format's,
runs on them with lineage, each file a run of its own when the mapping reads one file (or the files
bound by name when it reads several); RDF is loaded as it is. Each file goes into a graph of its
own in a scratch store. Links to things the upload does not describe (a keeper, a maker) are
looked up in the project's graph, which answers their classes and names, so an object that points
at a known organisation is not a violation for that; the checker reports on the upload only.

Everything the report says is in the uploader's terms: files by the names they gave them, each
result pointed at the record and at what the rule read there (:mod:`.cells`), and the mapping
by the name of its file. Errors say the same; they never name the folder the upload was checked in.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import BNode, URIRef

from ..config import Project
from ..errors import CultuurgraafError, Location, NothingChecked, SourceError, shown
from ..labels import Labels
from ..linking.duplicates import find_duplicates
from ..mapping import MappingRun, execute, load_mapping
from ..mapping.lineage import Lineage
from ..mapping.rml_vocab import TRIPLES_MAP_TERMS
from ..mapping.spec import NEITHER, recognise
from ..store.scratch import ScratchStore, Stopped, Survey
from ..validation.conflicts import find_conflicts, limited_predicates
from ..validation.node_labels import NAME_PREDICATES, add_node_labels
from ..validation.origins import Origins
from ..validation.report import ValidationReport
from ..validation.shapes import Shapes, load_shapes
from ..validation.targets import Targets
from ..validation.profiles import Rules
from ..validation.validator import texts, validate_store
from ..vocab import RDF, SH
from .cells import add_cells
from .choices import ExportKind
from .uploads import name_in

#: the graph the things looked up in the project's graph go into
CONTEXT_GRAPH = "urn:x-cultuurgraaf:checker:context"
#: the readers that read no uploaded file (an endpoint, a database)
NOT_FILES = ("sparql", "sql-")
LOOKUP_BATCH = 200
RDF_TYPE = str(RDF.type)


@dataclass
class Checked:
    """What a check found: the report, and what was checked (the files as the uploader named them,
    their kind and profile, how many records were read, each file's reader) with what each
    shape expects (its ``sh:description``, by language)."""

    report: ValidationReport
    files: list[str]
    kind: ExportKind
    profile: str
    #: the records the mapping read (None for RDF)
    records: int | None = None
    readers: dict[str, str] = field(default_factory=dict)
    expected: dict[str, dict[str, str]] = field(default_factory=dict)
    #: for RDF checked as it is: the file that describes each thing a result is about
    file_of: dict[str, str] = field(default_factory=dict)
    #: the names of the properties the results are about, by language (from the project's ontologies)
    property_names: dict[str, dict[str, str]] = field(default_factory=dict)


def check_files(files: list[Path], *, root: Path, project: Project, kind: ExportKind, profile: str,
                shapes: list[Path], store=None) -> Checked:
    """Check ``files`` (below ``root``) as ``kind`` against ``shapes``; ``store`` is the project's
    graph, asked about the things the upload links to. Errors are in the uploader's terms too."""
    try:
        return _check(files, root=root, project=project, kind=kind, profile=profile, shapes=shapes, store=store)
    except CultuurgraafError as exc:
        raise in_upload_terms(exc, root) from None


def _check(files: list[Path], *, root: Path, project: Project, kind: ExportKind, profile: str,
           shapes: list[Path], store) -> Checked:
    shapes_graph = load_shapes(shapes)
    targets = Targets.of(shapes_graph)
    scratch = ScratchStore()
    origins = Origins(referrers=scratch.referrers)
    graphs = {f"urn:x-cultuurgraaf:upload:{n}": name_in(path, root) for n, path in enumerate(files, 1)}
    checked = Checked(ValidationReport(results=[]), files=list(graphs.values()), kind=kind, profile=profile)
    if kind.mapping is None:
        surveys = [_load_rdf(path, root, scratch, targets, graph) for path, graph in zip(files, graphs)]
        runs: list[MappingRun] = []
    else:
        runs, surveys = _map(files, root, kind, project, scratch, origins, targets, shapes_graph, list(graphs))
        # each triples map counts the records it read: the file's records are those of the one that read most
        checked.records = sum(max(run.stats.records.values(), default=0) for run in runs)
        checked.readers = {name_in(s.path, root): s.formulation for run in runs for s in run.sources.values()}
    if not any(targets.reached(survey, scratch) for survey in surveys):
        what = f"the mapping of {kind.value} read {checked.records} records, and " if runs else ""
        raise NothingChecked(f"nothing in the upload was checked: {what}it holds nothing the shapes target "
                             f"(they check {targets.describe()})",
                             hint="is the upload the kind of export chosen? choose another kind, or check the "
                                  "export's columns or elements against the mapping")
    context = _look_up_links(scratch, store)
    report = validate_store(scratch, shapes_graph)
    report = origins.attach(report.adding(find_duplicates(scratch, keys=project.keys.values(), sources=graphs)))
    report = Rules.of(shapes_graph).apply(report, {"": profile})
    report.results = [r for r in report.results if r.focus not in context]
    report.conflicts = find_conflicts(report, origins)
    report = add_node_labels(report, scratch)
    report.notes += _mapping_notes(runs, root)
    checked.report = add_cells(_named_in_upload(report, root), runs, root=root)
    if not runs:
        checked.file_of = _files_of(scratch, {r.focus for r in report.results}, graphs)
    checked.expected = {str(s): texts(shapes_graph.graph, s, URIRef(SH.description))
                        for s in {r.shape for r in report.results} if isinstance(s, URIRef)}
    labels = Labels(project.ontologies)
    checked.property_names = {path: {language: labels.label(path, (language,)) for language in ("nl", "en")}
                              for path in {r.path for r in report.results} if path and "://" in path
                              and not path.startswith(("^", "(", "<"))}
    return checked


def _load_rdf(path: Path, root: Path, scratch: ScratchStore, targets: Targets, graph: str) -> Survey:
    """Load one uploaded file as RDF data; a mapping file (YAML, or RDF with triples maps) is refused:
    the checker runs the project's mappings only, never one that came with an upload."""
    where = Location(name_in(path, root), line=1)
    language = recognise(path)
    if language is None:
        raise SourceError(f"this file is {NEITHER}", location=where, hint="choose what the upload is: a source "
                          "of this project or a standard format reads CSV, JSON and XML exports")
    if language == "yarrrml":
        raise SourceError("this file is YAML (a YARRRML mapping?); the checker checks data, not mappings",
                          location=where)
    survey = Survey(stop_at=TRIPLES_MAP_TERMS, nodes=targets.nodes)
    try:
        scratch.load(path=path, format=language, survey=survey, graph=graph,
                     base_iri=f"file:///{name_in(path, root)}")
    except Stopped:
        raise SourceError("this file is an RML mapping (it holds triples maps); the checker checks data, not "
                          "mappings", location=where) from None
    return survey


def _map(files: list[Path], root: Path, kind: ExportKind, project: Project, scratch: ScratchStore,
         origins: Origins, targets: Targets, shapes: Shapes, graphs: list[str]) -> tuple[list[MappingRun], list[Survey]]:
    """Run the kind's mapping on the files, with lineage; the runs and what each loaded."""
    mapping = load_mapping(kind.mapping)
    limited = limited_predicates(shapes)
    runs, surveys = [], []
    for binding, graph in zip(bindings(mapping, files, root), graphs):
        lineage = Lineage()
        run = execute(mapping, base_iri=project.base_iri + "/", default_graph=graph, inputs=binding,
                      lineage=lineage, value_lineage=limited)
        survey = Survey(nodes=targets.nodes)
        scratch.load(data="".join(run.quads()).encode("utf-8"), format="nquads", lenient=True, survey=survey)
        origins.add(lineage, mapping, source=kind.source)
        runs.append(run)
        surveys.append(survey)
    return runs, surveys


def bindings(mapping, files: list[Path], root: Path) -> list[dict[str, Path]]:
    """The inputs of each run: every file on its own when the mapping reads one file, else all
    files bound by the names the mapping reads (the upload must hold each, and nothing else)."""
    elsewhere = sorted({tm.source.formulation for tm in mapping.triples_maps
                        if tm.source.endpoint or tm.source.formulation.startswith(NOT_FILES)})
    if elsewhere:
        raise SourceError(f"this source is read from a SPARQL endpoint or a database ({', '.join(elsewhere)}), not "
                          "from files: it cannot be checked from an upload")
    names = sorted({p.name for p in mapping.files()})
    if len(names) <= 1:
        return [{"": path} for path in files]
    given = {path.name: path for path in files}
    missing = [n for n in names if n not in given]
    extra = [name_in(p, root) for n, p in given.items() if n not in names]
    if missing or extra:
        problem = (f"it lacks {', '.join(missing)}" if missing else "") + ("; " if missing and extra else "") + (
            f"it holds {', '.join(extra)}, which the mapping does not read" if extra else "")
        raise SourceError(f"the mapping reads {len(names)} files ({', '.join(names)}); {problem}",
                          hint="upload one zip that holds each of those files, by those names")
    return [{name: given[name] for name in names}]


def _look_up_links(scratch: ScratchStore, store) -> set[URIRef]:
    """Add to the scratch store the classes and names the project's graph gives the things the upload
    links to without describing them; those things (which the checker does not report on)."""
    rows = scratch.query(f"SELECT DISTINCT ?o WHERE {{ ?s ?p ?o FILTER(isIRI(?o) && ?p != <{RDF_TYPE}>) "
                         "FILTER NOT EXISTS { ?o ?q ?x } }").rows()
    linked = sorted({row["o"] for row in rows})
    if store is None or not linked or not store.current_generation():
        return set()
    predicates = ", ".join(f"<{p}>" for p in (RDF_TYPE, *NAME_PREDICATES))
    lines = []
    for start in range(0, len(linked), LOOKUP_BATCH):
        values = " ".join(f"<{iri}>" for iri in linked[start:start + LOOKUP_BATCH])
        found = store.query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o FILTER(?p IN ({predicates})) }}")
        lines += [f"{row['s'].n3()} {row['p'].n3()} {row['o'].n3()} <{CONTEXT_GRAPH}> .\n" for row in found.rows()
                  if not isinstance(row["o"], BNode)]
    scratch.load(data="".join(lines).encode("utf-8"), format="nquads", lenient=True)
    return set(linked)


def _files_of(scratch: ScratchStore, nodes: set, graphs: dict[str, str]) -> dict[str, str]:
    """The uploaded file that describes each of the IRIs among ``nodes``."""
    iris = sorted(str(n) for n in nodes if isinstance(n, URIRef))
    found: dict[str, str] = {}
    for start in range(0, len(iris), LOOKUP_BATCH):
        values = " ".join(f"<{iri}>" for iri in iris[start:start + LOOKUP_BATCH])
        for row in scratch.query(f"SELECT DISTINCT ?s ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}").rows():
            found.setdefault(str(row["s"]), graphs.get(str(row["g"]), ""))
    return found


def _mapping_notes(runs: list[MappingRun], root: Path) -> list[str]:
    """What the runs could not use, counted, with the first rows by the upload's names: values a
    function could not read, records that made no subject, rules that gave no value, and what the
    readers noted."""
    notes, empty, noted = [], Counter(), Counter()
    for run in runs:
        named = {s.path.name: name_in(s.path, root) for s in run.sources.values() if not s.endpoint}
        stats = run.stats
        for rule, count in sorted(stats.unreadable.items()):
            rows = "; ".join(f"{named.get(r.file, r.file)} {r.locator}: {json.dumps(r.value, ensure_ascii=False)} "
                             f"({r.function}: {r.reason})" for r in stats.unreadable_rows.get(rule, []))
            notes.append(f"{count} values could not be read for rule '{rule}', so they are not checked: "
                         f"{rows}{_more(count, len(stats.unreadable_rows.get(rule, [])))}")
        for triples_map, count in sorted(stats.no_subject.items()):
            rows = ", ".join(f"{named.get(file, file)} {locator}" for file, locator in
                             stats.no_subject_rows.get(triples_map, []))
            notes.append(f"{count} records made nothing for '{triples_map}' (no subject), so they are not checked: "
                         f"{rows}{_more(count, len(stats.no_subject_rows.get(triples_map, [])))}")
        empty.update(stats.empty)
        noted.update(stats.notes)
    return (notes + [f"{count} records gave no value for rule '{rule}'" for rule, count in sorted(empty.items())]
            + [f"{count} {note}" for note, count in sorted(noted.items())])


def _more(count: int, shown: int) -> str:
    return f" … and {count - shown} more" if count > shown else ""


def _named_in_upload(report: ValidationReport, root: Path) -> ValidationReport:
    """Origins with the files as the uploader named them, and the mapping by its file's name. Each
    file is its own source (the report's summary and filters name the files, not the kind)."""
    def plain(origin):
        return replace(origin, source_file=name_in(Path(os.path.abspath(origin.source_file)), root), source=None,
                       mapping_file=Path(origin.mapping_file).name if origin.mapping_file else None)

    def renamed(origins) -> tuple:
        return tuple(dict.fromkeys(plain(o) for o in origins))

    report.results = [r.with_origins(renamed(r.origins)) for r in report.results]
    report.conflicts = [replace(c, result=c.result.with_origins(renamed(c.result.origins)),
                                values=tuple(replace(v, origins=renamed(v.origins)) for v in c.values))
                        for c in report.conflicts]
    return report


def in_upload_terms(exc: CultuurgraafError, root: Path) -> CultuurgraafError:
    """The error with the upload's folder left out of its place, message and hint."""
    prefixes = sorted({f"{root}/", f"{root.resolve()}/", f"{shown(root)}/"}, key=len, reverse=True)

    def plain(text: str | None) -> str | None:
        if text is None:
            return None
        for prefix in prefixes:
            text = text.replace(prefix, "")
        return text

    exc.message, exc.hint = plain(exc.message), plain(exc.hint)
    exc.args = (exc.message,)
    location = exc.location
    if location is not None and location.path:
        path = plain(location.path)
        exc.location = replace(location, path=Path(path).name if Path(path).is_absolute() else path,
                               record=plain(location.record))
    return exc
