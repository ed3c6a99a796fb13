"""Validating what a user hands the ``validate`` command: data and mappings, told apart by what they hold.

A file is recognised by its content, whatever its name (``mapping/spec.py``): YAML is a YARRRML
mapping; RDF in any syntax Oxigraph reads (Turtle, N-Triples, N-Quads, TriG, N3, RDF/XML, JSON-LD)
is an RML or R2RML mapping when it holds triples maps, and data otherwise. A mapping is run on its
own sources with lineage, so every result about its data names the source file, the record and
the mapping rule, and records that merge into one subject with contradictory values are reported
as merge conflicts, each value with its records (``conflicts.py``). Everything is checked
together, as one graph, as the store would hold it.

A file that holds nothing the shapes target (``targets.py``) was loaded but not checked: the
report says so in a warning. When that is so of every file, nothing at all was checked, and that
is an error (:class:`~cultuurgraaf.errors.NothingChecked`, exit 3) rather than "Conforms".
"""

from __future__ import annotations

from pathlib import Path

from ..config import DEFAULT_MAX_INPUT_MB, PROJECT_FILE, load_project
from ..errors import Location, NothingChecked, ShapesError, SourceError
from ..linking.duplicates import find_duplicates
from ..linking.keys import BUILTIN_KEYS, KeySpec
from ..mapping import execute, load_mapping
from ..mapping.lineage import Lineage
from ..mapping.rml_vocab import TRIPLES_MAP_TERMS
from ..mapping.spec import NEITHER, recognise
from ..sources.base import check_size
from ..store.scratch import ScratchStore, Stopped, Survey
from .conflicts import find_conflicts, limited_predicates
from .node_labels import add_node_labels
from .origins import Origins, shown_path
from .profiles import DEFAULT_PROFILE, Rules, check_profile
from .report import ValidationReport
from .shapes import load_shapes
from .targets import Targets
from .validator import validate_store
from ..sources.files import check_input_file


def default_shapes() -> list[Path]:
    """The shapes of the project in this folder, or the shapes/ folder of this checkout."""
    if Path(PROJECT_FILE).is_file():
        project = load_project(".")
        if project.shapes:
            return list(project.shapes)
    if Path("shapes").is_dir():
        return [Path("shapes")]
    raise ShapesError("no shapes given and no shapes/ folder here; name them with --shapes")


def identifier_keys() -> list[KeySpec]:
    """The keys of the project in this folder (its own and the built-in ones), or the built-in ones."""
    if Path(PROJECT_FILE).is_file():
        return list(load_project(".").keys.values())
    return list(BUILTIN_KEYS.values())


def validate_inputs(paths: list[Path], *, shapes: list[Path] | None = None, engine: str = "fast",
                    profile: str = DEFAULT_PROFILE) -> ValidationReport:
    """Load every input into one scratch store (running mappings with lineage) and validate it
    under one validation ``profile`` (``profiles.PROFILES``).

    Each input is a source of its own for the identity checks (one id on several things of one
    source is a possible duplicate, ``linking.duplicates``), so it goes into a graph of its own.
    """
    shapes_graph = load_shapes(shapes or default_shapes())
    targets = Targets.of(shapes_graph)
    store = ScratchStore()
    origins = Origins(referrers=store.referrers)
    limited = limited_predicates(shapes_graph)
    surveys = {path: load_input(path, store, origins, targets, value_lineage=limited) for path in paths}
    unchecked = [path for path, survey in surveys.items() if not targets.reached(survey, store)]
    if unchecked and len(unchecked) == len(surveys):
        names = ", ".join(str(p) for p in unchecked)
        raise NothingChecked(
            f"nothing was checked: {'this file holds' if len(unchecked) == 1 else names + ' hold'} nothing the "
            f"shapes target (they check {targets.describe()})",
            location=Location(str(unchecked[0])) if len(unchecked) == 1 else None,
            hint="compare the classes (rdf:type) of the data with the shapes' targets, or name other shapes "
                 "with --shapes")
    report = Rules.of(shapes_graph).apply(validate_store(store, shapes_graph, engine=engine), {"": check_profile(profile)})
    sources = {graph_of(path): shown_path(path) for path in paths}
    report = origins.attach(report.adding(find_duplicates(store, keys=identifier_keys(), sources=sources)))
    report.conflicts = find_conflicts(report, origins)
    report = add_node_labels(report, store)
    report.warnings += [f"{path}: nothing in this file was checked: it holds nothing the shapes target "
                        f"(they check {targets.describe()})" for path in unchecked]
    return report


def graph_of(path: Path) -> str:
    """The graph an input goes into: the IRI of the file."""
    return path.resolve().as_uri()


def load_input(path: Path, store: ScratchStore, origins: Origins, targets: Targets, *,
               value_lineage: frozenset[str] = frozenset()) -> Survey:
    """Load one input into ``store``, RDF as it is and a mapping by running it (its lineage noting
    the values of ``value_lineage``), into the input's own graph (:func:`graph_of`); what it held."""
    check_input_file(path)
    check_size(path, limit_mb=DEFAULT_MAX_INPUT_MB)
    language = recognise(path)
    if language is None:
        raise SourceError(f"this file is {NEITHER}", location=Location(str(path), line=1))
    if language != "yarrrml":
        survey = Survey(stop_at=TRIPLES_MAP_TERMS, nodes=targets.nodes)
        try:
            store.load(path=path, format=language, survey=survey, graph=graph_of(path))
            return survey
        except Stopped:
            pass  # the file holds triples maps: it is a mapping, and nothing of it was loaded
    mapping = load_mapping(path)
    lineage = Lineage()
    run = execute(mapping, lineage=lineage, value_lineage=value_lineage, default_graph=graph_of(path))
    survey = Survey(nodes=targets.nodes)
    store.load(data="".join(run.quads()).encode("utf-8"), format="nquads", lenient=True, survey=survey)
    origins.add(lineage, mapping)
    return survey
