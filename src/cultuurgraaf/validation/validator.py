"""Running the shapes over data: the fast SPARQL validator by default, pySHACL as the reference.

``validate_store`` checks what a :class:`~cultuurgraaf.store.scratch.ScratchStore` holds. With
``engine="fast"`` the shapes are compiled to SPARQL and run on Oxigraph (``fast``); when the
shapes use something the compiler does not support, the report says so in ``notes`` and
pySHACL does the work. ``validate_graph`` runs pySHACL on an rdflib graph, with inference
``none``: the data carries its explicit types.
"""

from __future__ import annotations

from typing import Iterable

from rdflib import Graph
from rdflib.namespace import SH
from rdflib.term import Node

from ..errors import ShapesError
from ..store.scratch import ScratchStore
from .report import ValidationReport, ValidationResult
from .shapes import Shapes, texts
from .shapes_to_sparql import Unsupported, path_text

ENGINES = ("fast", "pyshacl")


def validate_store(store: ScratchStore, shapes: Shapes, *, engine: str = "fast") -> ValidationReport:
    """Validate everything in ``store`` against ``shapes`` with the chosen engine."""
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r} (known: {', '.join(ENGINES)})")
    if engine == "fast":
        from .fast import validate_fast

        try:
            return ValidationReport(results=validate_fast(store, shapes), engine="fast")
        except Unsupported as exc:
            name = shapes.name(exc.shape) if isinstance(exc.shape, Node) else str(exc.shape)
            note = f"the fast validator does not support {exc.feature} in {name}; pySHACL validated instead"
            report = validate_graph(graph_of(store.triples()), shapes)
            report.notes.append(note)
            return report
    return validate_graph(graph_of(store.triples()), shapes)


def graph_of(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def validate_graph(data: Graph, shapes: Shapes | Graph) -> ValidationReport:
    """pySHACL over an rdflib graph; a shapes graph pySHACL refuses is a ShapesError."""
    # imported here: pySHACL (and rdflib's SPARQL parser it pulls in) costs a fifth of a second to
    # import, which every load and query command would pay for a validator only some runs use
    from pyshacl import validate as pyshacl_validate
    from pyshacl.errors import ReportableRuntimeError

    shapes_graph = shapes.graph if isinstance(shapes, Shapes) else shapes
    try:
        _conforms, report_graph, _text = pyshacl_validate(
            data, shacl_graph=shapes_graph, inference="none", abort_on_first=False, allow_warnings=True,
            advanced=True, meta_shacl=False)
    except ReportableRuntimeError as exc:
        message = str(getattr(exc, "message", exc)).strip().splitlines()[0]
        raise ShapesError(f"pySHACL cannot use these shapes: {message}",
                          location=None, hint="check the shapes named in the message") from None
    return ValidationReport(results=list(read_report(report_graph, shapes_graph)), engine="pyshacl")


def local(iri) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def read_report(report: Graph, shapes: Graph) -> Iterable[ValidationResult]:
    """The report's own results (nested sh:detail results explain one of them, not add to them)."""
    for node in report.objects(None, SH.result):
        shape = report.value(node, SH.sourceShape)
        path = report.value(node, SH.resultPath)
        shape_messages = texts(shapes, shape, SH.message) if shape is not None else {}
        yield ValidationResult(
            focus=report.value(node, SH.focusNode),
            path=path_text(report if (path, None, None) in report else shapes, path) if path is not None else None,
            value=report.value(node, SH.value),
            constraint=local(report.value(node, SH.sourceConstraintComponent)),
            severity=local(report.value(node, SH.resultSeverity)),
            messages=shape_messages or texts(report, node, SH.resultMessage),
            shape=shape,
            shape_name=texts(shapes, shape, SH.name) if shape is not None else {},
        )
