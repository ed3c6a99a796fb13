"""The report as a SHACL validation report graph in Turtle, with each result's origins added.

The graph is what ``sh:ValidationReport`` says (conforms, results with focus node, path, value,
severity, source shape and constraint component, messages). Where the data came through a
mapping, each result also carries ``cg:origin`` nodes with the source file, the record locator,
the mapping rule and its place in the mapping file (terms of the project's namespace ``cg:``,
described in docs/validation.md), and its report entry's id (``cg:entry``). A build's merge
conflicts, held-back entities and dangling links are ``cg:MergeConflict``, ``cg:HeldBack`` and
``cg:DanglingLink`` nodes of the report.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

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
        # the project's own checks (possible duplicates) are not SHACL components: their terms are cg:
        component = SH[result.constraint] if result.constraint.endswith("ConstraintComponent") else CG[result.constraint]
        graph.add((node, SH.sourceConstraintComponent, component))
        graph.add((node, SH.sourceShape, result.shape))
        for language, text in result.messages.items():
            graph.add((node, SH.resultMessage, Literal(text, lang=language or None)))
        graph.add((node, CG.entry, Literal(result.id)))
        add_origins(graph, node, result.origins)
    for conflict in report.conflicts:
        node = finding(graph, root, CG.MergeConflict, conflict.id)
        graph.add((node, SH.focusNode, conflict.focus))
        graph.add((node, SH.resultPath, URIRef(conflict.path)))
        graph.add((node, SH.resultSeverity, SH[conflict.severity]))
        graph.add((node, SH.sourceShape, conflict.result.shape))
        if conflict.language:
            graph.add((node, CG.language, Literal(conflict.language)))
        if conflict.policy:
            graph.add((node, CG.onConflict, Literal(conflict.policy)))
        for value in conflict.values:
            item = BNode()
            graph.add((node, CG.conflictValue, item))
            graph.add((item, RDF.value, value.value))
            graph.add((item, CG.dropped, Literal(value.dropped)))
            add_origins(graph, item, value.origins)
    for held in report.held_back:
        node = finding(graph, root, CG.HeldBack, None)
        graph.add((node, SH.focusNode, held.node))
        graph.add((node, CG.source, Literal(held.source)))
        for entry in held.entries:
            graph.add((node, CG.because, Literal(entry)))
    for link in report.dangling:
        node = finding(graph, root, CG.DanglingLink, link.id)
        graph.add((node, SH.focusNode, link.subject))
        graph.add((node, SH.resultPath, URIRef(link.path)))
        graph.add((node, CG.target, link.target))
        for entry in link.entries:
            graph.add((node, CG.because, Literal(entry)))
        add_origins(graph, node, link.origins)
    return graph


def finding(graph: Graph, root: Node, kind: URIRef, entry: str | None) -> BNode:
    node = BNode()
    graph.add((root, CG.finding, node))
    graph.add((node, RDF.type, kind))
    if entry is not None:
        graph.add((node, CG.entry, Literal(entry)))
    return node


def add_origins(graph: Graph, node: Node, origins) -> None:
    for origin in origins:
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


def to_turtle(report: ValidationReport) -> str:
    return report_graph(report).serialize(format="turtle")
