"""SHACL Core shapes compiled to SPARQL SELECT queries, one query for each constraint of a shape.

Each :class:`Check` finds the validation results of one constraint (one component with one
parameter value) of one shape over the whole data set at once: ``?this`` is the focus node,
``?value`` the value node where the component reports one. A node checked through ``sh:node``,
``sh:or``, ``sh:and``, ``sh:xone`` or ``sh:not`` conforms to the nested shape when it has no
result of any severity; :func:`Compiler.fails` writes that as one SPARQL expression.

Paths become SPARQL property paths, targets a ``UNION`` of patterns. What the compiler cannot
express the same way as the SHACL spec (and pySHACL) raises :class:`Unsupported`, naming the
shape and the feature, so the caller can fall back to pySHACL. See docs/validation.md.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from .report import term_text
from .sparql_constraints import SparqlConstraintError, constraint_query

#: A plain namespace (rdflib's closed XSD warns on every unknown attribute a tool probes).
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

RDF_TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"

#: Datatypes whose well-formed literals Oxigraph keeps under their own name, and the cast that
#: fails on an ill-formed lexical form. (Oxigraph stores xsd:int, xsd:byte ... as xsd:integer,
#: so a constraint on those cannot be checked on its store: see UNCHECKABLE_DATATYPES.)
CASTABLE = {XSD[name] for name in (
    "integer", "decimal", "float", "double", "boolean", "date", "time", "dateTime", "gYear", "gYearMonth",
    "gMonth", "gDay", "gMonthDay", "duration", "dayTimeDuration", "yearMonthDuration")}
UNCHECKABLE_DATATYPES = {XSD[name] for name in (
    "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte", "dateTimeStamp")}

NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
COMPARISONS = {SH.minInclusive: ">=", SH.minExclusive: ">", SH.maxInclusive: "<=", SH.maxExclusive: "<"}
#: Constraint parameters the compiler knows; anything else in the sh: namespace on a shape is unsupported.
VALUE_PARAMETERS = (SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH["in"], SH.languageIn, SH.minLength,
                    SH.maxLength, *COMPARISONS, SH.node, SH["or"], SH["and"], SH.xone, SH["not"])
KNOWN = set(VALUE_PARAMETERS) | {
    SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang, SH.equals, SH.disjoint, SH.lessThan,
    SH.lessThanOrEquals, SH.closed, SH.ignoredProperties, SH.property, SH.path, SH.flags,
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.severity, SH.deactivated,
    SH.message, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.sparql,
}
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
#: Counts up to this many values are tested with a pattern of distinct values, not an aggregate.
MAX_DISTINCT = 6
#: Per-focus tests share one query in chunks of this many.
FOCUS_CHUNK = 40


class Unsupported(Exception):
    """The shapes use something the SPARQL compiler does not do the way SHACL says."""

    def __init__(self, shape: Node, feature: str):
        super().__init__(f"{feature} (shape {shape})")
        self.shape = shape
        self.feature = feature


@dataclass(frozen=True)
class Check:
    """One constraint of one shape as a query; ``component`` is the local name (``MinCountConstraintComponent``)."""

    shape: Node
    component: str
    severity: str
    path: str | None
    query: str
    #: the sh:sparql node of a SPARQL-based constraint (its sh:message speaks when the shape has none)
    constraint: Node | None = None


@dataclass(frozen=True)
class FocusCheck:
    """Several per-focus-node constraints (counts, required values) of one focus set in one query.

    Each row is a focus node that breaks at least one of them; ``?failed`` lists the positions in
    ``parts`` of the ones it breaks ("0 3 "), so the focus nodes are scanned once, not once a check.
    """

    parts: tuple[Check, ...]
    query: str


def component_name(parameter: URIRef) -> str:
    """``sh:minCount`` -> ``MinCountConstraintComponent``.

    >>> component_name(SH.languageIn)
    'LanguageInConstraintComponent'
    """
    local = str(parameter)[len(str(SH)):]
    return local[0].upper() + local[1:] + "ConstraintComponent"


def sparql_term(node: Node, shape: Node) -> str:
    """A constant for a query; blank nodes cannot be named in SPARQL, so they are unsupported.

    >>> sparql_term(Literal("a\\"b", lang="nl"), None)
    '"a\\\\"b"@nl'
    """
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return term_text(Literal(str(node)) if node.datatype == XSD.string else node)
    raise Unsupported(shape, f"a blank node as a constraint parameter ({node})")


def path_text(graph: Graph, path: Node) -> str:
    """A SHACL path as a SPARQL property path; a predicate path is the bare IRI.

    >>> g = Graph()
    >>> path_text(g, URIRef("http://ex.org/p"))
    'http://ex.org/p'
    """
    return str(path) if isinstance(path, URIRef) else sparql_path(graph, path)


def sparql_path(graph: Graph, path: Node) -> str:
    if isinstance(path, URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in graph:
        members = list(Collection(graph, path))
        if len(members) < 2:
            raise Unsupported(path, "a sequence path with fewer than two members")
        return "(" + "/".join(sparql_path(graph, m) for m in members) + ")"
    for predicate, pattern in ((SH.inversePath, "^({})"), (SH.zeroOrMorePath, "({})*"),
                               (SH.oneOrMorePath, "({})+"), (SH.zeroOrOnePath, "({})?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return pattern.format(sparql_path(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(sparql_path(graph, m) for m in Collection(graph, alternatives)) + ")"
    raise Unsupported(path, "a path that is not a SHACL path")


def severity_of(graph: Graph, shape: Node) -> str:
    severity = graph.value(shape, SH.severity)
    return str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"


def is_true(value: Node | None) -> bool:
    """SHACL's ``true``: the boolean literal written true (``"1"^^xsd:boolean`` does not switch a constraint on)."""
    return isinstance(value, Literal) and value.datatype == XSD.boolean and str(value) == "true"


def is_deactivated(graph: Graph, shape: Node) -> bool:
    value = graph.value(shape, SH.deactivated)
    return isinstance(value, Literal) and value.toPython() is True


class Compiler:
    """Compiles the shapes of one shapes graph; :meth:`checks` gives every query to run.

    ``subclasses=False`` says the data holds no ``rdfs:subClassOf`` triple, so a SHACL instance of
    a class is a node typed with that class itself (a plain pattern, much faster than the path).
    ``absent`` names target classes the data has no instance of: their targets are left out.
    """

    def __init__(self, graph: Graph, *, subclasses: bool = True, absent: frozenset = frozenset()):
        self.graph = graph
        self.absent = absent
        self.type_path = RDF_TYPE_PATH if subclasses else f"<{RDF.type}>"
        self._fresh = itertools.count()
        self._stack: list[Node] = []

    def var(self, name: str = "v") -> str:
        return f"?{name}{next(self._fresh)}"

    # which shapes are validated, on what ------------------------------------------------------
    def roots(self) -> list[Node]:
        """Shapes with targets (explicit, or implicit as a class), not deactivated."""
        g = self.graph
        found = {s for t in TARGETS for s in g.subjects(t, None)}
        classes = set(g.subjects(RDF.type, RDFS.Class)) | set(g.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")))
        shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
        found |= classes & shapes
        return sorted((s for s in found if not is_deactivated(g, s)), key=str)

    def focus_pattern(self, shape: Node) -> str:
        g = self.graph
        parts = [f"?this {self.type_path} <{c}> ." for c in sorted(g.objects(shape, SH.targetClass)) if c not in self.absent]
        if (shape, RDF.type, RDFS.Class) in g or (shape, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in g:
            parts.append(f"?this {self.type_path} {sparql_term(shape, shape)} .")
        nodes = [sparql_term(n, shape) for n in g.objects(shape, SH.targetNode)]
        if nodes:
            parts.append("VALUES ?this { " + " ".join(sorted(nodes)) + " }")
        parts += [f"?this {sparql_term(p, shape)} {self.var('t')} ." for p in g.objects(shape, SH.targetSubjectsOf)]
        parts += [f"{self.var('t')} {sparql_term(p, shape)} ?this ." for p in g.objects(shape, SH.targetObjectsOf)]
        if not parts:
            return ""
        return parts[0] if len(parts) == 1 else " UNION ".join("{ " + p + " }" for p in parts)

    def checks(self) -> list[Check | FocusCheck]:
        """Every query to run for every target shape (and the property shapes they hold)."""
        found: list[Check | FocusCheck] = []
        self._per_focus: dict[tuple[str, tuple[str, ...]], list[tuple[Check, str]]] = {}
        for root in self.roots():
            focus = self.focus_pattern(root)
            if focus:
                found += self.shape_checks(root, "{ " + focus + " }", ())
        for (focus, context), parts in self._per_focus.items():
            keys = " ".join((*context, "?this"))
            for start in range(0, len(parts), FOCUS_CHUNK):
                chunk = parts[start:start + FOCUS_CHUNK]
                failed = ", ".join(f'IF({expression}, "{i} ", "")' for i, (_, expression) in enumerate(chunk))
                found.append(FocusCheck(tuple(c for c, _ in chunk),
                                        f"SELECT DISTINCT {keys} ?failed WHERE {{ {focus} BIND(CONCAT({failed}, \"\") AS ?failed) "
                                        "FILTER(?failed != \"\") }"))
        return found

    def per_focus(self, focus: str, context: tuple[str, ...], check: Check, expression: str) -> None:
        """Queue a constraint that is a test on ``?this`` alone, for the focus set's shared query."""
        self._per_focus.setdefault((focus, context), []).append((check, expression))

    # top-level checks: one query per constraint ----------------------------------------------
    def shape_checks(self, shape: Node, focus: str, context: tuple[str, ...]) -> list[Check]:
        """The checks of one shape for the focus nodes ``focus`` binds to ``?this``.

        ``context`` names the focus nodes of the enclosing property shapes: a node reached from
        two focus nodes is checked (and reported) once for each, as SHACL says.
        """
        g = self.graph
        if is_deactivated(g, shape):
            return []
        self.check_supported(shape)
        path_node = g.value(shape, SH.path)
        path = sparql_path(g, path_node) if path_node is not None else None
        shown_path = path_text(g, path_node) if path_node is not None else None
        severity = severity_of(g, shape)
        keys = " ".join((*context, "?this"))
        values = f"?this {path} ?value ." if path else "BIND(?this AS ?value)"
        out: list[Check] = []

        def add(parameter, query: str) -> None:
            out.append(Check(shape, component_name(parameter), severity, shown_path, query))

        for parameter in VALUE_PARAMETERS:
            for param in g.objects(shape, parameter):
                expression = self.value_violation(shape, parameter, param, "?value")
                add(parameter, f"SELECT DISTINCT {keys} ?value WHERE {{ {focus} {values} FILTER({expression}) }}")
        def shared(parameter, expression: str) -> None:
            self.per_focus(focus, context, Check(shape, component_name(parameter), severity, shown_path, ""), expression)

        if path is not None:
            for n in g.objects(shape, SH.minCount):
                n = self.integer(shape, SH.minCount, n)
                if 0 < n <= MAX_DISTINCT:
                    shared(SH.minCount, "NOT " + self.distinct_values("?this", path, n))
                elif n > MAX_DISTINCT:
                    add(SH.minCount, f"SELECT {keys} WHERE {{ {{ SELECT {keys} (COUNT(DISTINCT ?any) AS ?count) WHERE {{ "
                                     f"{focus} OPTIONAL {{ ?this {path} ?any }} }} GROUP BY {keys} }} FILTER(?count < {n}) }}")
            for n in g.objects(shape, SH.maxCount):
                n = self.integer(shape, SH.maxCount, n)
                if n + 1 <= MAX_DISTINCT:
                    shared(SH.maxCount, self.distinct_values("?this", path, n + 1))
                else:
                    add(SH.maxCount, f"SELECT {keys} WHERE {{ {focus} ?this {path} ?any }} GROUP BY {keys} "
                                     f"HAVING (COUNT(DISTINCT ?any) > {n})")
            for value in g.objects(shape, SH.hasValue):
                shared(SH.hasValue, f"NOT EXISTS {{ ?this {path} {sparql_term(value, shape)} }}")
            for flag in g.objects(shape, SH.uniqueLang):
                if is_true(flag):
                    add(SH.uniqueLang, f"SELECT DISTINCT {keys} ?lang WHERE {{ {focus} ?this {path} ?a . ?this {path} ?b . "
                                       "FILTER(!sameTerm(?a, ?b) && LANG(?a) != \"\" && LCASE(LANG(?a)) = LCASE(LANG(?b))) "
                                       "BIND(LCASE(LANG(?a)) AS ?lang) }")
            for parameter, operator in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
                for other in g.objects(shape, parameter):
                    add(parameter, f"SELECT DISTINCT {keys} ?value ?other WHERE {{ {focus} ?this {path} ?value . "
                                   f"?this {sparql_term(other, shape)} ?other . "
                                   f"FILTER(!COALESCE(?value {operator} ?other, false)) }}")
            for other in g.objects(shape, SH.equals):
                o = sparql_term(other, shape)
                add(SH.equals, f"SELECT DISTINCT {keys} ?value WHERE {{ {{ {focus} ?this {path} ?value . "
                               f"FILTER NOT EXISTS {{ ?this {o} ?value }} }} UNION {{ {focus} ?this {o} ?value . "
                               f"FILTER NOT EXISTS {{ ?this {path} ?value }} }} }}")
            for other in g.objects(shape, SH.disjoint):
                add(SH.disjoint, f"SELECT DISTINCT {keys} ?value WHERE {{ {focus} ?this {path} ?value . "
                                 f"?this {sparql_term(other, shape)} ?value . }}")
        else:
            for value in g.objects(shape, SH.hasValue):
                add(SH.hasValue, f"SELECT DISTINCT {keys} WHERE {{ {focus} FILTER(!sameTerm(?this, {sparql_term(value, shape)})) }}")
            for parameter in (SH.lessThan, SH.lessThanOrEquals, SH.uniqueLang, SH.minCount, SH.maxCount):
                if (shape, parameter, None) in g:
                    raise Unsupported(shape, f"{parameter} on a node shape")
            for other in g.objects(shape, SH.equals):
                o = sparql_term(other, shape)
                add(SH.equals, f"SELECT DISTINCT {keys} ?value WHERE {{ {{ {focus} FILTER NOT EXISTS {{ ?this {o} ?this }} "
                               f"BIND(?this AS ?value) }} UNION {{ {focus} ?this {o} ?value . FILTER(!sameTerm(?this, ?value)) }} }}")
            for other in g.objects(shape, SH.disjoint):
                add(SH.disjoint, f"SELECT DISTINCT {keys} ?value WHERE {{ {focus} ?this {sparql_term(other, shape)} ?this . "
                                 "BIND(?this AS ?value) }")
            if self.is_closed(shape):
                allowed = ", ".join(sorted(sparql_term(p, shape) for p in self.allowed_properties(shape)))
                keep = f"FILTER(?path NOT IN ({allowed}))" if allowed else ""
                out.append(Check(shape, "ClosedConstraintComponent", severity, None,
                                 f"SELECT DISTINCT {keys} ?path ?value WHERE {{ {focus} ?this ?path ?value . {keep} }}"))
        for constraint in g.objects(shape, SH.sparql):
            if not is_deactivated(g, constraint):
                out.append(self.sparql_check(shape, constraint, focus, context, severity, shown_path, path))
        for prop in g.objects(shape, SH.property):
            if path is None:
                out += self.shape_checks(prop, focus, context)
            else:
                outer = self.var("outer")
                nested = (f"{{ SELECT DISTINCT {' '.join(context)} {outer} ?this WHERE {{ "
                          f"{focus.replace('?this', outer)} {outer} {path} ?this }} }}")
                out += self.shape_checks(prop, nested, (*context, outer))
        return out

    def sparql_check(self, shape: Node, constraint: Node, focus: str, context: tuple[str, ...], severity: str,
                     shown_path: str | None, path: str | None) -> Check:
        """A SHACL-SPARQL constraint (``sh:sparql``), its query run for all focus nodes at once."""
        if context:
            raise Unsupported(shape, "sh:sparql on a property shape of a property shape")
        try:
            query = constraint_query(self.graph, constraint, focus=focus, path=path)
        except SparqlConstraintError as exc:
            raise Unsupported(shape, exc.feature) from None
        return Check(shape, "SPARQLConstraintComponent", severity, shown_path, query, constraint)

    # one value node against one constraint ----------------------------------------------------
    def value_violation(self, shape: Node, parameter: URIRef, param: Node, v: str) -> str:
        """A SPARQL expression that is true when the value node in ``v`` breaks the constraint."""
        g = self.graph
        if parameter == SH["class"]:
            return f"NOT EXISTS {{ {v} {self.type_path} {sparql_term(param, shape)} }}"
        if parameter == SH.datatype:
            return f"!COALESCE({self.datatype_test(shape, param, v)}, false)"
        if parameter == SH.nodeKind:
            if param not in NODE_KINDS:
                raise Unsupported(shape, f"sh:nodeKind {param}")
            return "!" + NODE_KINDS[param].format(v=v)
        if parameter == SH.pattern:
            flags = g.value(shape, SH.flags)
            flag_text = f", {json.dumps(str(flags))}" if flags is not None else ""
            return f"(isBlank({v}) || !COALESCE(REGEX(STR({v}), {json.dumps(str(param), ensure_ascii=False)}{flag_text}), false))"
        if parameter == SH["in"]:
            members = [sparql_term(m, shape) for m in Collection(g, param)]
            return "!(" + (" || ".join(f"sameTerm({v}, {m})" for m in members) or "false") + ")"
        if parameter == SH.languageIn:
            tags = [json.dumps(str(t)) for t in Collection(g, param)]
            matches = " || ".join(f"langMatches(LANG({v}), {t})" for t in tags) or "false"
            return f"!COALESCE(isLiteral({v}) && LANG({v}) != \"\" && ({matches}), false)"
        if parameter in (SH.minLength, SH.maxLength):
            n = self.integer(shape, parameter, param)
            operator = "<" if parameter == SH.minLength else ">"
            return f"(isBlank({v}) || STRLEN(STR({v})) {operator} {n})"
        if parameter in COMPARISONS:
            return f"!COALESCE({v} {COMPARISONS[parameter]} {sparql_term(param, shape)}, false)"
        if parameter == SH.node:
            return self.fails(param, v)
        if parameter == SH["not"]:
            return "!" + self.fails(param, v)
        members = list(Collection(g, param))
        failing = [self.fails(m, v) for m in members]
        if parameter == SH["or"]:
            return "(" + (" && ".join(failing) or "true") + ")"
        if parameter == SH["and"]:
            return "(" + (" || ".join(failing) or "false") + ")"
        if parameter == SH.xone:
            return "((" + (" + ".join(f"IF({f}, 0, 1)" for f in failing) or "0") + ") != 1)"
        raise Unsupported(shape, str(parameter))

    def datatype_test(self, shape: Node, datatype: Node, v: str) -> str:
        if datatype in UNCHECKABLE_DATATYPES:
            raise Unsupported(shape, f"sh:datatype {datatype} (the store keeps it as xsd:integer or xsd:dateTime)")
        if datatype == RDF.langString:
            return f"(isLiteral({v}) && LANG({v}) != \"\")"
        if datatype == RDFS.Literal:
            return f"isLiteral({v})"
        test = f"(isLiteral({v}) && sameTerm(DATATYPE({v}), {sparql_term(datatype, shape)}))"
        if datatype in CASTABLE:
            test = f"({test} && isLiteral({sparql_term(datatype, shape)}(STR({v}))))"
        return test

    # conformance of a node to a nested shape ----------------------------------------------------
    def fails(self, shape: Node, v: str) -> str:
        """A SPARQL expression that is true when the node in ``v`` does not conform to ``shape``."""
        g = self.graph
        if is_deactivated(g, shape):
            return "false"
        if shape in self._stack:
            raise Unsupported(shape, "a recursive shape")
        self.check_supported(shape)
        if (shape, SH.sparql, None) in g:
            raise Unsupported(shape, "sh:sparql in a nested shape")
        self._stack.append(shape)
        try:
            parts: list[str] = []
            path_node = g.value(shape, SH.path)
            if path_node is None:
                parts += [self.value_violation(shape, p, param, v) for p in VALUE_PARAMETERS for param in g.objects(shape, p)]
                parts += [self.fails(prop, v) for prop in g.objects(shape, SH.property)]
                parts += [f"!sameTerm({v}, {sparql_term(value, shape)})" for value in g.objects(shape, SH.hasValue)]
                if self.is_closed(shape):
                    p, o = self.var("p"), self.var("o")
                    allowed = ", ".join(sorted(sparql_term(x, shape) for x in self.allowed_properties(shape)))
                    parts.append(f"EXISTS {{ {v} {p} {o} . FILTER({p} NOT IN ({allowed})) }}" if allowed
                                 else f"EXISTS {{ {v} {p} {o} }}")
                for other in g.objects(shape, SH.equals):
                    o = self.var("o")
                    parts.append(f"(NOT EXISTS {{ {v} {sparql_term(other, shape)} {v} }} || "
                                 f"EXISTS {{ {v} {sparql_term(other, shape)} {o} . FILTER(!sameTerm({o}, {v})) }})")
                for other in g.objects(shape, SH.disjoint):
                    parts.append(f"EXISTS {{ {v} {sparql_term(other, shape)} {v} }}")
            else:
                path = sparql_path(g, path_node)
                for p in VALUE_PARAMETERS:
                    for param in g.objects(shape, p):
                        y = self.var("y")
                        parts.append(f"EXISTS {{ {v} {path} {y} . FILTER({self.value_violation(shape, p, param, y)}) }}")
                for n in g.objects(shape, SH.minCount):
                    n = self.integer(shape, SH.minCount, n)
                    if n > 0:
                        parts.append("NOT " + self.distinct_values(v, path, n))
                for n in g.objects(shape, SH.maxCount):
                    parts.append(self.distinct_values(v, path, self.integer(shape, SH.maxCount, n) + 1))
                for value in g.objects(shape, SH.hasValue):
                    parts.append(f"NOT EXISTS {{ {v} {path} {sparql_term(value, shape)} }}")
                for flag in g.objects(shape, SH.uniqueLang):
                    if is_true(flag):
                        a, b = self.var("a"), self.var("b")
                        parts.append(f"EXISTS {{ {v} {path} {a} . {v} {path} {b} . FILTER(!sameTerm({a}, {b}) && "
                                     f"LANG({a}) != \"\" && LCASE(LANG({a})) = LCASE(LANG({b}))) }}")
                for parameter, operator in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
                    for other in g.objects(shape, parameter):
                        a, b = self.var("a"), self.var("b")
                        parts.append(f"EXISTS {{ {v} {path} {a} . {v} {sparql_term(other, shape)} {b} . "
                                     f"FILTER(!COALESCE({a} {operator} {b}, false)) }}")
                for other in g.objects(shape, SH.equals):
                    a = self.var("a")
                    o = sparql_term(other, shape)
                    parts.append(f"(EXISTS {{ {v} {path} {a} . FILTER NOT EXISTS {{ {v} {o} {a} }} }} || "
                                 f"EXISTS {{ {v} {o} {a} . FILTER NOT EXISTS {{ {v} {path} {a} }} }})")
                for other in g.objects(shape, SH.disjoint):
                    a = self.var("a")
                    parts.append(f"EXISTS {{ {v} {path} {a} . {v} {sparql_term(other, shape)} {a} }}")
                for prop in g.objects(shape, SH.property):
                    y = self.var("y")
                    parts.append(f"EXISTS {{ {v} {path} {y} . FILTER({self.fails(prop, y)}) }}")
            return "(" + (" || ".join(parts) or "false") + ")"
        finally:
            self._stack.pop()

    def distinct_values(self, v: str, path: str, n: int) -> str:
        """``EXISTS`` at least ``n`` distinct values of ``path`` from ``v``."""
        if n > MAX_DISTINCT:
            raise Unsupported(path, f"a count of {n} inside a nested shape")
        names = [self.var("c") for _ in range(n)]
        patterns = " ".join(f"{v} {path} {name} ." for name in names)
        distinct = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(names, 2))
        return f"EXISTS {{ {patterns} {f'FILTER({distinct})' if distinct else ''} }}"

    # helpers ------------------------------------------------------------------------------------
    def is_closed(self, shape: Node) -> bool:
        value = self.graph.value(shape, SH.closed)
        return isinstance(value, Literal) and value.toPython() is True

    def allowed_properties(self, shape: Node) -> set[Node]:
        g = self.graph
        allowed = {g.value(p, SH.path) for p in g.objects(shape, SH.property)}
        allowed = {p for p in allowed if isinstance(p, URIRef)}
        for ignored in g.objects(shape, SH.ignoredProperties):
            allowed |= set(Collection(g, ignored))
        return allowed

    def integer(self, shape: Node, parameter: URIRef, value: Node) -> int:
        number = value.toPython() if isinstance(value, Literal) else None
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise Unsupported(shape, f"{parameter} {value} is not a non-negative integer")
        return number

    def check_supported(self, shape: Node) -> None:
        for predicate in sorted(set(self.graph.predicates(shape))):
            if str(predicate).startswith(str(SH)) and predicate not in KNOWN:
                name = str(predicate)[len(str(SH)):]
                raise Unsupported(shape, "sh:qualifiedValueShape" if name.startswith("qualified") else f"sh:{name}")


def compile_shapes(graph: Graph, *, subclasses: bool = True, absent: frozenset = frozenset()) -> list[Check | FocusCheck]:
    """All checks of a shapes graph, or :class:`Unsupported` when it needs something we do not compile."""
    return Compiler(graph, subclasses=subclasses, absent=absent).checks()
