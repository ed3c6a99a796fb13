"""The report as a SHACL validation report graph in Turtle, with each result's origins added.

The graph is what ``sh:ValidationReport`` says (conforms, results with focus node, path, value,
severity, source shape and constraint component, messages). Where the data came through a
mapping, each result also carries ``cg:origin`` nodes with the source file, the record locator,
the mapping rule and its place in the mapping file (terms of the project's namespace ``cg:``,
described in docs/validation.md).
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

from .report import ValidationReport

CG = Namespace("https://data.cultuurgraaf.be/ns/cultuurgraaf#")


def report_graph(report: ValidationReport) -> Graph:
    graph = Graph()
    graph.bind("sh", SH)
    graph.bind("cg", CG)
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms)))
    for result in report.results:
        node = BNode()
        graph.add((root, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, result.focus))
        if result.path is not None:
            if result.path.startswith(("^", "(", "<")):
                graph.add((node, CG.resultPathText, Literal(result.path)))
            else:
                graph.add((node, SH.resultPath, URIRef(result.path)))
        if result.value is not None:
            graph.add((node, SH.value, result.value))
        graph.add((node, SH.resultSeverity, SH[result.severity]))
        graph.add((node, SH.sourceConstraintComponent, SH[result.constraint]))
        graph.add((node, SH.sourceShape, result.shape))
        for language, text in result.messages.items():
            graph.add((node, SH.resultMessage, Literal(text, lang=language or None)))
        for origin in result.origins:
            where = BNode()
            graph.add((node, CG.origin, where))
            graph.add((where, CG.sourceFile, Literal(origin.source_file)))
            graph.add((where, CG.record, Literal(origin.record)))
            graph.add((where, CG.rule, Literal(origin.rule)))
            if origin.mapping_file:
                graph.add((where, CG.mappingFile, Literal(origin.mapping_file)))
            if origin.mapping_line:
                graph.add((where, CG.mappingLine, Literal(origin.mapping_line)))
            if origin.source:
                graph.add((where, CG.source, Literal(origin.source)))
    return graph


def to_turtle(report: ValidationReport) -> str:
    return report_graph(report).serialize(format="turtle")
