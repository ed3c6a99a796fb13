"""Running the shapes over a data graph (pySHACL as the reference validator)."""

from __future__ import annotations

from pyshacl import validate as pyshacl_validate
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from .report import ValidationReport, ValidationResult


def validate_graph(data: Graph, shapes: Graph) -> ValidationReport:
    """Validate ``data`` against ``shapes`` without inference; the data carries its explicit types."""
    _conforms, report_graph, _text = pyshacl_validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True,
        advanced=True, meta_shacl=False)
    return ValidationReport(results=sorted(_results(report_graph, shapes), key=lambda r: (r.severity, r.focus)))


def _local(iri) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _texts(graph: Graph, subject, predicate) -> dict[str, str]:
    out = {}
    for value in graph.objects(subject, predicate):
        if isinstance(value, Literal):
            out[value.language or ""] = str(value)
    return out


def _results(report: Graph, shapes: Graph):
    # Only the report's own results: nested sh:detail results explain one of them, not add to them.
    for node in report.objects(None, SH.result):
        shape = report.value(node, SH.sourceShape)
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        messages = _texts(report, node, SH.resultMessage)
        shape_messages = _texts(shapes, shape, SH.message) if shape is not None else {}
        yield ValidationResult(
            focus=str(report.value(node, SH.focusNode)),
            path=str(path) if path is not None else None,
            value=str(value) if value is not None else None,
            constraint=_local(report.value(node, SH.sourceConstraintComponent)),
            severity=_local(report.value(node, SH.resultSeverity)),
            messages=shape_messages or messages,
            shape=str(shape),
            shape_name=_texts(shapes, shape, SH.name) if shape is not None else {},
        )
