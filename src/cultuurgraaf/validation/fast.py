"""The fast validator: the shapes compiled to SPARQL (``shapes_to_sparql``), run on Oxigraph.

It gives the same results as pySHACL (``tests/test_validation_fast.py`` checks that on the W3C
SHACL Core suite and on the project's shapes) in a fraction of the time, because each constraint
is one set-oriented query over the whole data set instead of a walk over every focus node in
Python.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from ..errors import CultuurgraafError
from ..processes import Turns, started
from ..store.scratch import ScratchStore
from .report import ValidationResult
from .shapes import Shapes, texts
from .shapes_to_sparql import Check, FocusCheck, Unsupported, compile_shapes

DEFAULT_MESSAGES = {
    "ClassConstraintComponent": "Value does not have the required class",
    "DatatypeConstraintComponent": "Value does not have the required datatype",
    "NodeKindConstraintComponent": "Value is not of the required node kind",
    "MinCountConstraintComponent": "Fewer values than required",
    "MaxCountConstraintComponent": "More values than allowed",
    "PatternConstraintComponent": "Value does not match the required pattern",
    "InConstraintComponent": "Value is not one of the allowed values",
    "LanguageInConstraintComponent": "Value does not have one of the allowed languages",
    "UniqueLangConstraintComponent": "More than one value shares the same language",
    "HasValueConstraintComponent": "The required value is missing",
    "NodeConstraintComponent": "Value does not conform to the nested shape",
    "OrConstraintComponent": "Value does not conform to any of the alternatives",
    "AndConstraintComponent": "Value does not conform to all of the shapes",
    "XoneConstraintComponent": "Value does not conform to exactly one of the shapes",
    "NotConstraintComponent": "Value conforms to a shape it must not conform to",
    "ClosedConstraintComponent": "Property is not allowed on a closed shape",
    "EqualsConstraintComponent": "Values differ from those of the other property",
    "DisjointConstraintComponent": "Value is shared with the other property",
    "LessThanConstraintComponent": "Value is not less than the other property's value",
    "LessThanOrEqualsConstraintComponent": "Value is greater than the other property's value",
    "SPARQLConstraintComponent": "The SPARQL constraint found a problem",
}


def validate_fast(store: ScratchStore, shapes: Shapes) -> list[ValidationResult]:
    """Every result of the shapes over the store; raises Unsupported for shapes the compiler cannot do."""
    subclasses = store.query(f"ASK {{ ?a <{RDFS.subClassOf}> ?b }}").boolean
    type_path = f"<{RDF.type}>/<{RDFS.subClassOf}>*" if subclasses else f"<{RDF.type}>"
    absent = frozenset(c for c in set(shapes.graph.objects(None, SH.targetClass))
                       if isinstance(c, URIRef) and not store.query(f"ASK {{ ?x {type_path} <{c}> }}").boolean)
    checks = compile_shapes(shapes.graph, subclasses=subclasses, absent=absent)
    check_patterns(store, shapes)
    if store.path is None or len(checks) < 2:
        return [result for check in checks for result in run_check(store, shapes, check)]
    # on disk (a large build): a second process, on the other core, checks the same store opened
    # read-only; each process takes the next check not yet taken (the ones over several constraints
    # first: they take longest), and the results come in the order of the checks, as from one process
    store.flush()
    turns = Turns(store.path.with_name("checks.next"))
    order = sorted(range(len(checks)), key=lambda i: not isinstance(checks[i], FocusCheck))
    try:
        with started([(run_checks_at, (store.path, shapes, checks, order, turns))], orders=store.path.with_name(
                "checks.orders"), doing="validating beside the build's check") as answer:
            found = run_checks(store, shapes, checks, order, turns)
            try:
                found.update(answer()[0])
            except CultuurgraafError:
                pass  # the second process failed: what it did not give back is checked here, below
    finally:
        turns.path.unlink(missing_ok=True)
    for i in set(range(len(checks))) - set(found):
        found[i] = run_check(store, shapes, checks[i])
    return [result for i in range(len(checks)) for result in found[i]]


def run_checks(store: ScratchStore, shapes: Shapes, checks: list[Check | FocusCheck], order: list[int],
               turns: "Turns") -> dict[int, list[ValidationResult]]:
    """The results of the checks this process takes its turn at, by position, over the scratch store."""
    found = {}
    while (turn := turns.take()) < len(checks):
        found[order[turn]] = run_check(store, shapes, checks[order[turn]])
    return found


def run_checks_at(path: Path, *args) -> dict[int, list[ValidationResult]]:
    """:func:`run_checks` in the second process, over the scratch store on disk in ``path``, read-only."""
    return run_checks(ScratchStore.reader(path), *args)


def check_patterns(store: ScratchStore, shapes: Shapes) -> None:
    """Oxigraph's regular expressions lack look-around and back-references: such patterns fall back."""
    for shape, pattern in shapes.graph.subject_objects(SH.pattern):
        flags = shapes.graph.value(shape, SH.flags)
        args = json.dumps(str(pattern), ensure_ascii=False) + (f", {json.dumps(str(flags))}" if flags is not None else "")
        rows = list(store.query(f'SELECT (COALESCE(STR(REGEX("", {args})), "invalid") AS ?ok) WHERE {{}}').rows())
        if str(rows[0]["ok"]) == "invalid":
            raise Unsupported(shape, f"the pattern {pattern!r}, which Oxigraph's regular expressions cannot run")


def run_check(store: ScratchStore, shapes: Shapes, check: Check | FocusCheck) -> list[ValidationResult]:
    graph = shapes.graph
    parts = check.parts if isinstance(check, FocusCheck) else (check,)
    described = [(texts(graph, p.shape, SH.message)
                   or (texts(graph, p.constraint, SH.message) if p.constraint is not None else {})
                   or {"en": DEFAULT_MESSAGES.get(p.component, p.component)}, texts(graph, p.shape, SH.name)) for p in parts]
    out = []
    for row in store.query(check.query).rows():
        failed = [int(i) for i in str(row["failed"]).split()] if isinstance(check, FocusCheck) else [0]
        for i in failed:
            part = parts[i]
            messages, name = described[i]
            path, value = part.path, row.get("value")
            if part.component == "ClosedConstraintComponent":
                path = str(row["path"])
            elif part.component == "SPARQLConstraintComponent":
                # as SHACL says: ?path when the query binds it to an IRI; a node shape's value is the focus node
                path = str(row["path"]) if isinstance(row.get("path"), URIRef) else path
                value = value if value is not None or part.path is not None else row["this"]
            out.append(ValidationResult(
                focus=row["this"], path=path, value=value, constraint=part.component,
                severity=part.severity, messages=messages, shape=part.shape, shape_name=name))
    return out
