"""Loading shapes files: every RDF file of the given files and folders, checked as it is read.

A file that does not parse, holds no shape, or gives a constraint a parameter SHACL does not
allow (``sh:minCount "one"``, a ``sh:class`` that is a literal, a ``sh:pattern`` that is not a
regular expression, an ``sh:node`` that names no shape ...) is a :class:`ShapesError` naming the
file, the line and the shape. :class:`Shapes` remembers where each shape is written, so later
errors and reports can point there too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, SH
from rdflib.term import Node

from ..errors import Location, RDFSyntaxError, ShapesError, excerpt
from ..store.formats import parse_rdf_file

RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".jsonld": "json-ld", ".trig": "trig", ".n3": "n3"}
#: read by Oxigraph, which bounds XML entities (``store/xml_entities.py``) and fetches no remote
#: JSON-LD context; rdflib's parsers do neither
OXIGRAPH_SUFFIXES = {".rdf": "rdfxml", ".jsonld": "jsonld"}
SEVERITIES = {SH.Violation, SH.Warning, SH.Info}
NODE_KINDS = {SH.IRI, SH.BlankNode, SH.Literal, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral, SH.IRIOrLiteral}
COUNTS = (SH.minCount, SH.maxCount, SH.minLength, SH.maxLength)
IRI_PARAMETERS = (SH["class"], SH.datatype, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf,
                  SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
LIST_PARAMETERS = (SH["in"], SH.languageIn, SH["or"], SH["and"], SH.xone, SH.ignoredProperties)
SHAPE_PARAMETERS = (SH.node, SH["not"], SH.property)


@dataclass
class Shapes:
    """All shapes of some files in one graph, and where each subject is written."""

    graph: Graph
    files: list[Path] = field(default_factory=list)
    _file_of: dict[Node, Path] = field(default_factory=dict)

    def where(self, shape: Node, *, near: tuple[str, ...] = ()) -> Location:
        """The file and line of a shape, or of the first line after its start holding all of ``near``."""
        file = self._file_of.get(shape)
        if file is None:
            return Location(rule=self.name(shape))
        anchor = shape
        while isinstance(anchor, BNode):
            parent = next(self.graph.subjects(None, anchor), None)
            if parent is None:
                break
            anchor = parent
        return Location(str(file), line=find_line(file, self.graph, anchor, near), rule=self.name(shape))

    def name(self, shape: Node) -> str:
        if isinstance(shape, URIRef):
            return self.graph.namespace_manager.normalizeUri(shape)
        parent = next(self.graph.subjects(None, shape), None)
        if parent is not None and not isinstance(parent, BNode):
            path = self.graph.value(shape, SH.path)
            inside = f" on path {self.graph.namespace_manager.normalizeUri(path)}" if isinstance(path, URIRef) else ""
            return f"a blank-node shape{inside} inside {self.name(parent)}"
        return f"a blank-node shape (_:{shape})"


def texts(graph: Graph, subject: Node, predicate: Node) -> dict[str, str]:
    """The texts ``subject`` gives for ``predicate`` (``sh:message``, ``sh:name`` ...), by language tag
    ('' for none), in the order of their tags; of two in one language, the first in code point order.
    Never the graph's own order, which changes from run to run: a report of the same build is the
    same, byte for byte.

    >>> g = Graph()
    >>> for text in (Literal("Titel", lang="nl"), Literal("Title", lang="en"), Literal("Titre", lang="fr")):
    ...     _ = g.add((URIRef("urn:s"), SH.name, text))
    >>> texts(g, URIRef("urn:s"), SH.name)
    {'en': 'Title', 'fr': 'Titre', 'nl': 'Titel'}
    """
    out: dict[str, str] = {}
    for value in sorted((value for value in graph.objects(subject, predicate) if isinstance(value, Literal)),
                        key=lambda value: (value.language or "", str(value))):
        out.setdefault(value.language or "", str(value))
    return out


def shape_files(paths: list[Path] | tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in RDF_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise ShapesError(f"shapes path {path} does not exist", location=Location(str(path)))
    if not files:
        raise ShapesError("no shapes files (.ttl, .nt, .rdf, .jsonld, .trig) in " + ", ".join(map(str, paths)),
                          location=Location(str(paths[0])) if paths else None)
    return files


def load_shapes(paths: list[Path] | tuple[Path, ...]) -> Shapes:
    """One graph with all shapes; a file that does not parse, holds no shape or misuses SHACL is an error."""
    shapes = Shapes(graph=Graph())
    for file in shape_files(paths):
        part = _parsed(file)
        if not _holds_shapes(part):
            raise ShapesError("the file holds no SHACL shapes (no sh:NodeShape, sh:PropertyShape, sh:path or target)",
                              location=Location(str(file)))
        for subject in set(part.subjects()):
            shapes._file_of.setdefault(subject, file)
        shapes.files.append(file)
        shapes.graph += part
        for prefix, ns in part.namespaces():
            shapes.graph.bind(prefix, ns, override=False)
    check_shapes(shapes)
    return shapes


def _parsed(file: Path) -> Graph:
    part = Graph()
    if file.suffix in OXIGRAPH_SUFFIXES:
        try:
            quads = parse_rdf_file(file, format=OXIGRAPH_SUFFIXES[file.suffix])
        except RDFSyntaxError as exc:
            raise ShapesError(f"the shapes file does not parse: {exc.message}", location=exc.location,
                              hint=exc.hint) from None
        for s, p, o, _graph in quads:
            part.add((s, p, o))
        return part
    try:
        part.parse(file, format=RDF_SUFFIXES.get(file.suffix, "turtle"))
    except Exception as exc:  # rdflib raises many parser-specific types; all mean "unreadable"
        raise ShapesError(f"the shapes file does not parse: {_first_line(exc)}",
                          location=Location(str(file), line=_line_of(exc, file))) from None
    return part


def _holds_shapes(graph: Graph) -> bool:
    return any(graph.subjects(RDF.type, SH.NodeShape)) or any(graph.subjects(RDF.type, SH.PropertyShape)) \
        or any(graph.subjects(SH.path, None)) or any(graph.subjects(SH.targetClass, None))


def check_shapes(shapes: Shapes) -> None:
    """Raise a ShapesError for the first parameter that SHACL Core does not allow."""
    g = shapes.graph
    known = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape)) \
        | set(g.subjects(SH.path, None)) | {s for p in (SH.targetClass, SH.targetNode) for s in g.subjects(p, None)}

    def fail(shape: Node, message: str, *near: str) -> ShapesError:
        return ShapesError(message, location=shapes.where(shape, near=near))

    for parameter in COUNTS:
        for shape, value in g.subject_objects(parameter):
            number = value.toPython() if isinstance(value, Literal) else None
            if not isinstance(number, int) or isinstance(number, bool) or number < 0:
                raise fail(shape, f"{_short(g, parameter)} must be a non-negative integer, not {value.n3()}", _short(g, parameter), str(value))
    for parameter in IRI_PARAMETERS:
        for shape, value in g.subject_objects(parameter):
            if not isinstance(value, URIRef):
                raise fail(shape, f"{_short(g, parameter)} must be an IRI, not {value.n3()}", _short(g, parameter), str(value))
    for shape, value in g.subject_objects(SH.nodeKind):
        if value not in NODE_KINDS:
            raise fail(shape, f"sh:nodeKind must be one of sh:IRI, sh:BlankNode, sh:Literal, sh:BlankNodeOrIRI, "
                              f"sh:BlankNodeOrLiteral, sh:IRIOrLiteral, not {value.n3()}", "sh:nodeKind")
    for shape, value in g.subject_objects(SH.severity):
        if not isinstance(value, URIRef):
            raise fail(shape, f"sh:severity must be sh:Violation, sh:Warning or sh:Info, not {value.n3()}", "sh:severity")
    for shape, value in g.subject_objects(SH.pattern):
        if not isinstance(value, Literal):
            raise fail(shape, f"sh:pattern must be a string, not {value.n3()}", "sh:pattern")
        try:
            re.compile(str(value))
        except re.error as exc:
            raise fail(shape, f"sh:pattern is not a regular expression ({exc}): {value}", "sh:pattern") from None
    for parameter in LIST_PARAMETERS:
        for shape, value in g.subject_objects(parameter):
            if value != RDF.nil and (value, RDF.first, None) not in g:
                raise fail(shape, f"{_short(g, parameter)} must be an RDF list ( ... ), not {value.n3()}", _short(g, parameter))
            members = list(Collection(g, value))
            if parameter in (SH["or"], SH["and"], SH.xone):
                for member in members:
                    if not isinstance(member, (URIRef, BNode)) or (isinstance(member, URIRef) and member not in known
                                                                   and not any(g.predicate_objects(member))):
                        raise fail(shape, f"{_short(g, parameter)} lists {member.n3()}, which is not a shape", _short(g, parameter))
    for parameter in SHAPE_PARAMETERS:
        for shape, value in g.subject_objects(parameter):
            if isinstance(value, Literal) or not any(g.predicate_objects(value)):
                raise fail(shape, f"{_short(g, parameter)} names {value.n3(g.namespace_manager)}, which is not a shape "
                                  "in these files", _short(g, parameter))
    for shape in set(g.objects(None, SH.property)):
        if (shape, SH.path, None) not in g:
            raise fail(shape, "a property shape has no sh:path")
    for shape, path in g.subject_objects(SH.path):
        if isinstance(path, Literal):
            raise fail(shape, f"sh:path must be an IRI or a path, not {path.n3()}", "sh:path")
    for parameter in (SH.select, SH.ask):
        for node, text in g.subject_objects(parameter):
            problem = _sparql_problem(g, node, str(text))
            if problem is not None:
                raise fail(node, f"the SPARQL of {_short(g, parameter)} does not parse: {problem}", _short(g, parameter))


def _sparql_problem(g: Graph, node: Node, text: str) -> str | None:
    """Why the query of a SPARQL-based constraint or target cannot run, or None. The prefixes are
    those pySHACL gives it: rdflib's own, and those its ``sh:prefixes`` declare (or any ontology does)."""
    from rdflib.plugins.sparql import prepareQuery  # rdflib's SPARQL parser costs a fifth of a second to import

    prefixes = dict(Graph().namespaces())
    declaring = set(g.objects(node, SH.prefixes)) | set(g.subjects(RDF.type, OWL.Ontology))
    for declaration in (d for owner in declaring for d in g.objects(owner, SH.declare)):
        prefix, namespace = g.value(declaration, SH.prefix), g.value(declaration, SH.namespace)
        if prefix is not None and namespace is not None:
            prefixes[str(prefix)] = URIRef(str(namespace))
    try:
        prepareQuery(text, initNs=prefixes)
    except Exception as exc:  # noqa: BLE001 - rdflib's parser raises pyparsing's errors and plain Exceptions
        return excerpt(_first_line(exc), 200)
    return None


def find_line(file: Path, graph: Graph, shape: Node, near: tuple[str, ...]) -> int | None:
    """The line where ``shape`` is written as a subject (IRI shapes), then of ``near`` after it."""
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    start = 0
    if isinstance(shape, URIRef):
        names = {f"<{shape}>"}
        prefixed = graph.namespace_manager.normalizeUri(shape)
        if not prefixed.startswith("<"):
            names.add(prefixed)
        pattern = re.compile(r"^\s*(" + "|".join(re.escape(n) for n in names) + r")(\s|$)")
        found = next((i for i, text in enumerate(lines) if pattern.match(text)), None)
        if found is None:
            return None
        start = found
    if near:
        for i in range(start, len(lines)):
            if all(needle in lines[i] for needle in near):
                return i + 1
        for i in range(start, len(lines)):
            if near[0] in lines[i]:
                return i + 1
    return start + 1 if isinstance(shape, URIRef) else None


def _short(graph: Graph, iri: URIRef) -> str:
    return graph.namespace_manager.normalizeUri(iri)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _line_of(exc: Exception, file: Path) -> int | None:
    for attr in ("lines", "line", "lineno"):
        value = getattr(exc, attr, None)
        if isinstance(value, int):
            return value
    match = re.search(r"\bline (\d+)", str(exc))
    return int(match.group(1)) if match else None
