"""Reading RML into the one model: RML-Core, RML-IO sources and RML-FNML functions.

Mappings are read from Turtle (with rdflib, which the messages about broken Turtle come from) or
any other RDF syntax Oxigraph reads: N-Triples, N-Quads, TriG, N3, RDF/XML, JSON-LD.

Mappings in the legacy vocabulary (``rr:``, ``http://semweb.mmlab.be/ns/rml#``, ``ql:``,
``fnml:functionValue``) are rewritten to the W3C KG-Construct vocabulary on load. Sources
(``rml:source``) are a path relative to the mapping's folder (a plain string, an
``rml:RelativePathSource`` or ``rml:FilePath``; ``rml:root rml:CurrentWorkingDirectory`` makes it
relative to the working folder), a ``csvw:Table``, or a SPARQL endpoint (``sd:Service`` with
``sd:endpoint``, the SELECT query as ``rml:iterator``); ``rml:encoding``, ``rml:compression`` and
``rml:null`` are honoured. Of databases (``d2rq:Database``), SQLite files are read
(``d2rq:jdbcDSN "jdbc:sqlite:FILE"``, a table or a query); other database servers are not.

Errors say the file, the line of the triples map (RDF keeps no lines, so it is looked up in
the text), the rule, and what was expected.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF as RDFNS

from ..errors import Location, MappingError, RDFSyntaxError
from ..sources import READERS, LogicalSource
from .model import FunctionCall, Join, Mapping, PredicateObjectMap, RefObjectMap, TermMap, TriplesMap
from ..sources.versions import VersionsOption
from ..vocab import PREFIXES
from .rml_vocab import (CG, CG_DEFAULT_BASE, COMPRESSIONS, CSVW, D2RQ, ENCODINGS, FNML_LEGACY, FNO, FNO_HTTP,
                        FORMULATIONS, RML, SD, TERM_TYPES, modern)

RDF_TYPE = str(RDFNS.type)


def R(local: str) -> URIRef:
    return URIRef(RML + local)


def read_rml(path: Path, *, syntax: str = "turtle") -> Mapping:
    """Read an RML mapping in ``syntax``; its sources resolve relative to the file's folder."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise MappingError(f"not UTF-8 text: {exc}", location=Location(str(path))) from exc
    if syntax != "turtle":
        return RmlReader(path, text, _modernised(_parsed(path, syntax))).read()
    bad = invalid_escape(text)
    if bad is not None:
        line, escape = bad
        raise MappingError(f"not valid Turtle: '{escape}' is not an escape a Turtle string may hold",
                           location=Location(str(path), line=line),
                           hint='Turtle strings escape only \\t \\b \\n \\r \\f \\" \\\' \\\\ '
                                'and \\u; write \\\\ for a backslash')
    graph = Graph(bind_namespaces="none")
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds for bad Turtle
        message = str(exc)
        match = re.search(r"at line (\d+)", message)
        problem = re.search(r"Bad syntax \(([^)]*)\)", message)
        raise MappingError(f"not valid Turtle: {problem.group(1) if problem else _first_line(message)}",
                           location=Location(str(path), line=int(match.group(1)) if match else None)) from None
    return RmlReader(path, text, _modernised(graph)).read()


def _parsed(path: Path, syntax: str) -> Graph:
    """The triples of a mapping in another syntax than Turtle, read by Oxigraph (which names the line
    of a syntax error, and fetches no remote JSON-LD context), with the prefixes of the project's
    vocabularies, which N-Triples and RDF/XML do not keep."""
    from ..store.formats import parse_rdf_file

    try:
        quads = parse_rdf_file(path, format=syntax)
    except RDFSyntaxError as exc:
        raise MappingError(exc.message, location=exc.location) from None
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in {**PREFIXES, "rml": RML}.items():  # for rules named as in Turtle: crm:P102_has_title
        graph.bind(prefix, namespace)
    for s, p, o, _graph in quads:
        graph.add((s, p, o))
    return graph


def invalid_escape(text: str) -> tuple[int, str] | None:
    r"""The line and text of the first escape in a string literal that Turtle 1.1 does not allow.

    rdflib reads ``"\a"`` as a bell character; the Turtle grammar (ECHAR) has no such escape.

    >>> invalid_escape(r'<#a> rml:template "x/{N\\\ame}" .')
    (1, '\\a')
    >>> invalid_escape(r'<#a> rml:template "\\{x\\}" . # \q in a comment')
    """
    i, line, n = 0, 1, len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            line += 1
        elif char == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif char == "<":
            end = text.find(">", i)
            if end < 0:
                return None
            line += text.count("\n", i, end)
            i = end + 1
            continue
        elif char in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else char
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                if text[i] == "\n":
                    line += 1
                if text[i] == "\\":
                    if i + 1 < n and text[i + 1] not in "tbnrf\"'\\uU":
                        return line, text[i:i + 2]
                    i += 2
                    continue
                i += 1
            i += len(quote)
            continue
        i += 1
    return None


def _first_line(message: str) -> str:
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return " ".join(lines[:2])[:300]


def _modernised(graph: Graph) -> Graph:
    """The graph with legacy vocabulary renamed to http://w3id.org/rml/."""
    out = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, replace=True)
    for s, p, o in graph:
        out.add((s, URIRef(modern(str(p))), URIRef(modern(str(o))) if isinstance(o, URIRef) else o))
    return out


class RmlReader:
    def __init__(self, path: Path, text: str, graph: Graph):
        self.path = path
        self.lines = text.splitlines()
        self.graph = graph
        self.prefixes = {p: str(ns) for p, ns in graph.namespaces() if p}
        self.names: dict = {}

    # helpers --------------------------------------------------------------------------------
    def error(self, message: str, *, line: int | None = None, rule: str | None = None,
              hint: str | None = None) -> MappingError:
        return MappingError(message, location=Location(str(self.path), line=line, rule=rule), hint=hint)

    def one(self, node, predicate: str, *, rule: str, line: int | None, required: bool = False):
        values = list(self.graph.objects(node, R(predicate)))
        if len(values) > 1:
            raise self.error(f"rml:{predicate} is given {len(values)} times where one is allowed", line=line, rule=rule)
        if not values and required:
            raise self.error(f"rml:{predicate} is missing", line=line, rule=rule)
        return values[0] if values else None

    def all(self, node, predicate: str) -> list:
        return sorted(self.graph.objects(node, R(predicate)), key=_order)

    def curie(self, iri: str) -> str:
        best = ""
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace) and len(namespace) > len(best.split("|")[-1]) and len(iri) > len(namespace):
                best = f"{prefix}|{namespace}"
        if best:
            prefix, namespace = best.split("|", 1)
            return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def line_of(self, node, after: int = 0) -> int | None:
        """The first line, from ``after`` on, where the text names the node (RDF keeps no lines)."""
        if not isinstance(node, URIRef):
            return None
        iri = str(node)
        local = re.split(r"[#/]", iri)[-1]
        if not local:
            return None
        # <...#local> and prefix:local in Turtle-like text; "...#local" in RDF/XML and JSON-LD
        pattern = re.compile(r"(<[^>]*" + re.escape(local) + r">|(?<![\w<])[\w.-]*:" + re.escape(local) + r"\b"
                             r"|[\"'][^\"'\s]*[#/]" + re.escape(local) + r"[\"'])")
        for number, line in enumerate(self.lines[after:], start=after + 1):
            if line.lstrip().startswith("#"):
                continue
            if pattern.search(line if "<" in line or '"' in line else line.split("#", 1)[0]):
                return number
        return None

    def text_line(self, needle: str, after: int | None) -> int | None:
        if after is None:
            return None
        for number, line in enumerate(self.lines[after - 1:], start=after):
            if needle in line:
                return number
        return after

    def name_of(self, node) -> str:
        if node not in self.names:
            if isinstance(node, URIRef):
                name = unquote(re.split(r"[#/]", str(node).rstrip("/#"))[-1]) or str(node)
                if name in self.names.values():
                    name = str(node)
            else:
                name = f"triples map {len(self.names) + 1}"
            self.names[node] = name
        return self.names[node]

    # the document ---------------------------------------------------------------------------
    def read(self) -> Mapping:
        graph = self.graph
        function_values = set(graph.objects(None, URIRef(FNML_LEGACY + "functionValue")))
        nodes = set(graph.subjects(RDFNS.type, R("TriplesMap"))) | set(graph.subjects(R("logicalSource"), None))
        nodes -= function_values
        if not nodes:
            raise self.error("the file holds no triples maps (nothing of type rml:TriplesMap, nothing with an "
                             "rml:logicalSource)", line=1)
        if list(graph.subjects(R("logicalTable"), None)):
            raise self.error("R2RML logical tables (databases) are not supported: cultuurgraaf reads files",
                             hint="export the table as CSV and describe it with rml:logicalSource")
        ordered = sorted(nodes, key=lambda n: (self.line_of(n) or 10 ** 9, str(n)))
        for node in ordered:
            self.name_of(node)
        maps = tuple(self.triples_map(node) for node in ordered)
        base = next(graph.objects(None, URIRef(CG_DEFAULT_BASE)), None)
        return Mapping(path=self.path, triples_maps=maps, base_iri=str(base) if base is not None else None,
                       prefixes=dict(self.prefixes))

    def triples_map(self, node) -> TriplesMap:
        name = self.name_of(node)
        line = self.line_of(node)
        source_node = self.one(node, "logicalSource", rule=name, line=line)
        if source_node is None:
            raise self.error(f"the triples map '{name}' has no rml:logicalSource", line=line, rule=name)
        source = self.logical_source(source_node, name, line)
        subject_rule = f"{name}: subject"
        subject_nodes = self.all(node, "subjectMap")
        shortcuts = self.all(node, "subject")
        if len(subject_nodes) + len(shortcuts) != 1:
            found = len(subject_nodes) + len(shortcuts)
            raise self.error(f"the triples map '{name}' has {found} subject maps; it needs exactly one",
                             line=line, rule=name)
        if shortcuts:
            subject = self.shortcut(shortcuts[0], position="subject", rule=subject_rule, line=line)
            subject_node = None
        else:
            subject_node = subject_nodes[0]
            subject = self.term_map(subject_node, position="subject", rule=subject_rule,
                                    line=self.text_line("subjectMap", line))
        classes: list[str] = []
        graphs: tuple[TermMap, ...] = ()
        if subject_node is not None:
            for cls in self.all(subject_node, "class"):
                if not isinstance(cls, URIRef):
                    raise self.error(f"rml:class must be an IRI, not {cls!r}", line=line, rule=subject_rule)
                classes.append(str(cls))
            graphs = self.graph_maps(subject_node, rule=subject_rule, line=line)
        poms = tuple(self.predicate_object(pom, name, index, line)
                     for index, pom in enumerate(self.all(node, "predicateObjectMap"), start=1))
        base = self.one(node, "baseIRI", rule=name, line=line)
        return TriplesMap(name=name, source=source, subject=subject, classes=tuple(classes), predicate_objects=poms,
                          graphs=graphs, base_iri=str(base) if base is not None else None, line=line)

    # sources --------------------------------------------------------------------------------
    def logical_source(self, node, name: str, line: int | None) -> LogicalSource:
        rule = f"{name}: logical source"
        source = self.one(node, "source", rule=rule, line=line, required=True)
        options = {"nulls": [str(v) for v in self.all(node, "null")]}
        if isinstance(source, Literal):
            # the legacy form (rml:source "file.csv"): engines of that vocabulary read empty cells as
            # no value, so these mappings keep that meaning unless they say otherwise
            path = self.path.parent / str(source)
            if not options["nulls"]:
                options["nulls"] = [""]
        else:
            path = self.source_path(source, rule, line, options)
        formulation_node = self.one(node, "referenceFormulation", rule=rule, line=line)
        namespaces: list[tuple[str, str]] = []
        endpoint = options.get("endpoint")
        if formulation_node is None:
            formulation = "sparql" if endpoint else "sql-query" if options.get("database") else _by_suffix(path)
        elif isinstance(formulation_node, BNode) or str(formulation_node) not in FORMULATIONS:
            kinds = [str(t) for t in self.graph.objects(formulation_node, RDFNS.type)]
            found = [FORMULATIONS[k] for k in kinds if k in FORMULATIONS]
            formulation = found[0] if found else None
            for ns in self.all(formulation_node, "namespace"):
                prefix = self.graph.value(ns, R("namespacePrefix"))
                url = self.graph.value(ns, R("namespaceURL"))
                if prefix is not None and url is not None:
                    namespaces.append((str(prefix), str(url)))
            if formulation is None:
                raise self.error(f"unknown reference formulation {self.curie(str(formulation_node))} "
                                 "(known: rml:CSV, rml:JSONPath, rml:XPath, rml:SPARQL, formats:SPARQL_Results_CSV, "
                                 "_TSV, _JSON, _XML)", line=line, rule=rule)
        else:
            formulation = FORMULATIONS[str(formulation_node)]
        iterator = self.one(node, "iterator", rule=rule, line=line)
        if endpoint:
            formulation, iterator = self.endpoint_formulation(node, formulation, iterator, rule, line)
        if bool(options.get("database")) != formulation.startswith("sql"):
            raise self.error("rml:SQL2008Table and rml:SQL2008Query read a database (d2rq:Database), and a database "
                             f"is read with one of them; here the source and the formulation ({formulation}) differ",
                             line=line, rule=rule)
        if formulation == "csv" and path.suffix.lower() == ".tsv" and not options.get("delimiter"):
            formulation = "tsv"
        if formulation == "json" and _by_suffix(path) == "ndjson":
            formulation = "ndjson"
        if formulation not in READERS:
            raise self.error(f"no reader for '{formulation}'", line=line, rule=rule)
        lists = tuple((str(self.graph.value(item, URIRef(CG + "column"))),
                       str(self.graph.value(item, URIRef(CG + "separator"))))
                      for item in sorted(self.graph.objects(node, URIRef(CG + "parallelList")), key=_order))
        versions_node = self.graph.value(node, URIRef(CG + "versions"))
        versions = None
        if versions_node is not None:
            versions = VersionsOption(of=str(self.graph.value(versions_node, URIRef(CG + "versionOf"))),
                                      at=str(self.graph.value(versions_node, URIRef(CG + "versionAt"))))
        nested_node = self.graph.value(node, URIRef(CG + "nested"))
        nested = None if nested_node is None else (str(self.graph.value(nested_node, URIRef(CG + "name"))),
                                                   str(self.graph.value(nested_node, URIRef(CG + "path"))))
        return LogicalSource(
            path=path if endpoint else path.resolve(), formulation=formulation, endpoint=endpoint, nested=nested,
            iterator=str(iterator) if iterator is not None and formulation not in ("csv", "tsv") else None,
            encoding=options.get("encoding", "utf-8"), delimiter=options.get("delimiter"),
            header=options.get("header", True), null_values=tuple(options["nulls"]),
            namespaces=tuple(namespaces), compression=options.get("compression"), parallel_lists=lists,
            versions=versions)

    def endpoint_formulation(self, node, formulation: str, iterator, rule: str, line: int | None):
        """How a SPARQL endpoint's answers are read, and the query: the iterator, or ``rml:query`` in
        the legacy form (an iterator over the results document, which JSON and CSV results allow)."""
        query = self.one(node, "query", rule=rule, line=line)
        if query is not None:
            legacy = {"json": "sparql-json", "csv": "sparql-csv"}.get(formulation)
            if legacy is None or (formulation == "json" and iterator is not None
                                  and str(iterator).replace(" ", "") not in ("$.results.bindings[*]", "$.results.bindings.*")):
                raise self.error("a SPARQL endpoint with rml:query is read here with JSON results and the iterator "
                                 "$.results.bindings[*], or with CSV results; this one is not",
                                 line=line, rule=rule, hint="give the SELECT query as rml:iterator and "
                                 "formats:SPARQL_Results_JSON as rml:referenceFormulation")
            return legacy, query
        if not formulation.startswith("sparql"):
            raise self.error("a SPARQL endpoint (sd:Service) answers a SELECT query with SPARQL results; its "
                             "reference formulation is rml:SPARQL or formats:SPARQL_Results_CSV, _TSV, _JSON or "
                             f"_XML, not {formulation}", line=line, rule=rule)
        return formulation, iterator

    def endpoint(self, source, rule: str, line: int | None) -> str:
        """The URL of an ``sd:Service`` source (``sd:endpoint``), which must be http(s)."""
        values = list(self.graph.objects(source, URIRef(SD + "endpoint")))
        if len(values) != 1:
            raise self.error(f"a SPARQL endpoint source (sd:Service) needs one sd:endpoint; it has {len(values)}",
                             line=line, rule=rule, hint="rml:source [ a sd:Service; sd:endpoint "
                             "<https://example.org/sparql> ]")
        url = str(values[0])
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise self.error(f"sd:endpoint must be an http(s) URL; it is '{url}'", line=line, rule=rule)
        return url

    def source_path(self, source, rule: str, line: int | None, options: dict) -> Path:
        graph = self.graph
        kinds = {str(t) for t in graph.objects(source, RDFNS.type)}
        if D2RQ + "Database" in kinds:
            from ..sources.sql_reader import sqlite_file

            dsn = str(graph.value(source, URIRef(D2RQ + "jdbcDSN")) or "")
            file = sqlite_file(dsn, self.path.parent)
            if file is None:
                raise self.error(f"the database '{dsn}' is not a SQLite file: of databases, cultuurgraaf reads SQLite "
                                 "files (d2rq:jdbcDSN \"jdbc:sqlite:FILE\")", line=line, rule=rule,
                                 hint="export the table as CSV (or into a SQLite file) and point rml:source at it")
            options["database"] = True
            return file
        if SD + "Service" in kinds or (source, URIRef(SD + "endpoint"), None) in graph:
            url = options["endpoint"] = self.endpoint(source, rule, line)
            parts = urlsplit(url)
            return Path(parts.netloc + parts.path)
        options["nulls"] += [str(v) for v in self.all(source, "null")]
        options["nulls"] += [str(v) for v in graph.objects(source, URIRef(CSVW + "null"))]
        encoding = self.one(source, "encoding", rule=rule, line=line)
        if encoding is not None:
            options["encoding"] = ENCODINGS.get(str(encoding), str(encoding).rsplit("/", 1)[-1].lower())
        compression = self.one(source, "compression", rule=rule, line=line)
        if compression is not None:
            if str(compression) not in COMPRESSIONS:
                known = ", ".join(self.curie(c) for c in COMPRESSIONS)
                raise self.error(f"unknown compression {self.curie(str(compression))} (known: {known})",
                                 line=line, rule=rule)
            options["compression"] = COMPRESSIONS[str(compression)]
        url = graph.value(source, URIRef(CSVW + "url"))
        if url is not None:
            dialect = graph.value(source, URIRef(CSVW + "dialect"))
            if dialect is not None:
                delimiter = graph.value(dialect, URIRef(CSVW + "delimiter"))
                header = graph.value(dialect, URIRef(CSVW + "header"))
                encoding = graph.value(dialect, URIRef(CSVW + "encoding"))
                if delimiter is not None:
                    options["delimiter"] = str(delimiter).replace("\\t", "\t")
                if header is not None:
                    options["header"] = str(header).lower() in ("true", "1")
                if encoding is not None:
                    options["encoding"] = str(encoding)
            return self.path.parent / str(url)
        path = self.one(source, "path", rule=rule, line=line)
        if path is None:
            raise self.error("the source needs rml:path (a file relative to the mapping)", line=line, rule=rule,
                             hint='rml:source [ a rml:RelativePathSource; rml:root rml:MappingDirectory; '
                                  'rml:path "data.csv" ]')
        if not isinstance(path, Literal):
            described = (path, RDFNS.type, URIRef(SD + "Service")) in graph
            raise self.error(f"rml:path is a string (a file's path), not the IRI {self.curie(str(path))}", line=line,
                             rule=rule, hint="that IRI describes a SPARQL endpoint: name it as rml:source itself"
                             if described else 'rml:path "data.csv"')
        root = self.one(source, "root", rule=rule, line=line)
        if root is not None and str(root) == RML + "CurrentWorkingDirectory":
            return Path.cwd() / str(path)
        if root is not None and isinstance(root, Literal):
            return Path(str(root)) / str(path)
        return self.path.parent / str(path)

    # predicate-object maps --------------------------------------------------------------------
    def graph_maps(self, node, *, rule: str, line: int | None) -> tuple[TermMap, ...]:
        maps = [self.shortcut(g, position="graph", rule=rule, line=line) for g in self.all(node, "graph")]
        maps += [self.term_map(g, position="graph", rule=rule, line=line) for g in self.all(node, "graphMap")]
        return tuple(maps)

    def predicate_object(self, node, name: str, index: int, tm_line: int | None) -> PredicateObjectMap:
        rule = f"{name}: predicate-object map {index}"
        predicates = [self.shortcut(p, position="predicate", rule=rule, line=tm_line) for p in self.all(node, "predicate")]
        predicates += [self.term_map(p, position="predicate", rule=rule, line=tm_line)
                       for p in self.all(node, "predicateMap")]
        if not predicates:
            raise self.error("a predicate-object map needs rml:predicate or rml:predicateMap", line=tm_line, rule=rule)
        if predicates[0].kind == "constant":
            rule = f"{name}: {self.curie(predicates[0].value or '')}"
        line = self.text_line(self.curie(predicates[0].value or "") if predicates[0].kind == "constant" else
                              "predicate", tm_line)
        predicates = [TermMap(**{**vars(p), "rule": rule, "line": line}) for p in predicates]
        objects: list = [self.shortcut(o, position="object", rule=rule, line=line) for o in self.all(node, "object")]
        for obj in self.all(node, "objectMap"):
            if self.graph.value(obj, R("parentTriplesMap")) is not None:
                objects.append(self.ref_object(obj, rule=rule, line=line))
            else:
                objects.append(self.term_map(obj, position="object", rule=rule, line=line))
        if not objects:
            raise self.error("a predicate-object map needs rml:object or rml:objectMap", line=line, rule=rule)
        return PredicateObjectMap(predicates=tuple(predicates), objects=tuple(objects),
                                  graphs=self.graph_maps(node, rule=rule, line=line), rule=rule, line=line)

    def ref_object(self, node, *, rule: str, line: int | None) -> RefObjectMap:
        parent = self.graph.value(node, R("parentTriplesMap"))
        if parent not in self.names:
            raise self.error(f"rml:parentTriplesMap names {parent}, which is not a triples map of this file "
                             f"(it has: {', '.join(self.names.values())})", line=line, rule=rule)
        joins = []
        for condition in self.all(node, "joinCondition"):
            sides = []
            for side in ("child", "parent"):
                ref = self.one(condition, side, rule=rule, line=line)
                term_node = self.one(condition, side + "Map", rule=rule, line=line)
                if (ref is None) == (term_node is None):
                    raise self.error(f"a join condition needs exactly one of rml:{side} and rml:{side}Map",
                                     line=line, rule=rule)
                if ref is not None:
                    sides.append(TermMap(kind="reference", value=str(ref), term_type="literal", rule=rule, line=line))
                else:
                    sides.append(self.term_map(term_node, position="value", rule=rule, line=line))
            joins.append(Join(child=sides[0], parent=sides[1]))
        return RefObjectMap(parent=self.names[parent], joins=tuple(joins), rule=rule, line=line)

    # term maps ------------------------------------------------------------------------------
    def shortcut(self, value, *, position: str, rule: str, line: int | None) -> TermMap:
        """A constant given directly: ``rml:predicate foaf:name``, ``rml:object "x"@en``."""
        if isinstance(value, BNode):
            raise self.error(f"rml:{position} takes an IRI or a literal; use rml:{position}Map for a term map",
                             line=line, rule=rule)
        if isinstance(value, Literal):
            return TermMap(kind="constant", value=str(value), term_type="literal",
                           language=value.language, datatype=str(value.datatype) if value.datatype else None,
                           rule=rule, line=line)
        return TermMap(kind="constant", value=str(value), term_type="iri", rule=rule, line=line)

    def term_map(self, node, *, position: str, rule: str, line: int | None) -> TermMap:
        graph = self.graph
        found = {key: self.one(node, key, rule=rule, line=line)
                 for key in ("constant", "reference", "template", "functionExecution")}
        legacy_function = graph.value(node, URIRef(FNML_LEGACY + "functionValue"))
        given = [k for k, v in found.items() if v is not None] + (["fnml:functionValue"] if legacy_function else [])
        term_type_node = self.one(node, "termType", rule=rule, line=line)
        term_type = None
        if term_type_node is not None:
            term_type = TERM_TYPES.get(str(term_type_node))
            if term_type is None:
                raise self.error(f"unknown term type {self.curie(str(term_type_node))} (known: rml:IRI, "
                                 "rml:BlankNode, rml:Literal, rml:UnsafeIRI)", line=line, rule=rule)
        if len(given) > 1:
            raise self.error(f"a term map has one of rml:constant, rml:reference, rml:template and "
                             f"rml:functionExecution; this one has {', '.join(given)}", line=line, rule=rule)
        language = self.one(node, "language", rule=rule, line=line)
        datatype = self.one(node, "datatype", rule=rule, line=line)
        language_node = self.one(node, "languageMap", rule=rule, line=line)
        datatype_node = self.one(node, "datatypeMap", rule=rule, line=line)
        language_map = (self.term_map(language_node, position="value", rule=rule, line=line)
                        if language_node is not None else None)
        datatype_map = (self.term_map(datatype_node, position="datatype", rule=rule, line=line)
                        if datatype_node is not None else None)
        literal_hints = any(x is not None for x in (language, datatype, language_map, datatype_map))
        function = None
        if not given:
            if position == "subject" and term_type == "blank":
                return TermMap(kind="fresh", term_type="blank", rule=rule, line=line)
            raise self.error("a term map needs rml:constant, rml:reference, rml:template or rml:functionExecution",
                             line=line, rule=rule)
        kind = given[0]
        if kind == "constant":
            constant = found["constant"]
            value = str(constant)
            if isinstance(constant, Literal):
                if term_type is None or term_type == "literal":
                    term_type = "literal"
                    language = language if language is not None else constant.language
                    datatype = datatype if datatype is not None else constant.datatype
            elif isinstance(constant, BNode):
                raise self.error("rml:constant cannot be a blank node", line=line, rule=rule)
            elif term_type is None:
                term_type = "iri"
        elif kind in ("reference", "template"):
            value = str(found[kind])
            if term_type is None:
                term_type = "literal" if position == "object" and (kind == "reference" or literal_hints) else None
        else:
            value = None
            function = (self.function_execution(found["functionExecution"], rule=rule, line=line)
                        if kind == "functionExecution" else self.legacy_function(legacy_function, rule=rule, line=line))
            kind = "function"
            if term_type is None and position == "object":
                term_type = "literal"
        if position in ("value", "datatype"):
            term_type = term_type or "literal"
        if term_type is None:
            term_type = "iri"
        if position == "subject" and term_type == "literal":
            raise self.error("a subject cannot be a literal (rml:termType rml:Literal on a subject map)",
                             line=line, rule=rule)
        if literal_hints and term_type != "literal" and position == "object":
            raise self.error("rml:language and rml:datatype belong on literals; this term map makes "
                             f"{'IRIs' if term_type == 'iri' else 'blank nodes'}", line=line, rule=rule)
        return TermMap(kind=kind, value=value, function=function, term_type=term_type,
                       language=str(language) if language is not None else None, language_map=language_map,
                       datatype=str(datatype) if datatype is not None else None, datatype_map=datatype_map,
                       rule=rule, line=line)

    def given(self, node, key: str, *, rule: str, line: int | None):
        """``rml:key X``, or the constant of ``rml:keyMap [ rml:constant X ]``."""
        value = self.one(node, key, rule=rule, line=line)
        if value is None:
            value_map = self.one(node, key + "Map", rule=rule, line=line)
            value = self.graph.value(value_map, R("constant")) if value_map is not None else None
        return value

    def function_execution(self, node, *, rule: str, line: int | None) -> FunctionCall:
        function = self.given(node, "function", rule=rule, line=line)
        if function is None:
            raise self.error("rml:functionExecution needs rml:function", line=line, rule=rule)
        args = []
        for inp in self.all(node, "input"):
            parameter = self.given(inp, "parameter", rule=rule, line=line)
            if parameter is None:
                raise self.error("each rml:input needs rml:parameter", line=line, rule=rule)
            value = self.one(inp, "inputValue", rule=rule, line=line)
            value_map = self.one(inp, "inputValueMap", rule=rule, line=line)
            if (value is None) == (value_map is None):
                raise self.error("each rml:input needs exactly one of rml:inputValue and rml:inputValueMap",
                                 line=line, rule=rule)
            arg = (self.shortcut(value, position="value", rule=rule, line=line) if value is not None
                   else self.term_map(value_map, position="value", rule=rule, line=line))
            args.append((str(parameter), arg))
        return FunctionCall(name=str(function), args=tuple(args))

    def legacy_function(self, node, *, rule: str, line: int | None) -> FunctionCall:
        """``fnml:functionValue``: a triples-map-like node whose predicate-object maps give
        ``fno:executes`` and the parameters."""
        function = None
        args = []
        for pom in self.all(node, "predicateObjectMap"):
            predicate = self.graph.value(pom, R("predicate"))
            if predicate is None:
                predicate_map = self.graph.value(pom, R("predicateMap"))
                predicate = self.graph.value(predicate_map, R("constant")) if predicate_map is not None else None
            objects = [self.shortcut(o, position="value", rule=rule, line=line) for o in self.all(pom, "object")]
            objects += [self.term_map(o, position="value", rule=rule, line=line) for o in self.all(pom, "objectMap")]
            if predicate is None or not objects:
                continue
            if str(predicate) in (FNO + "executes", FNO_HTTP + "executes"):
                function = objects[0].value
            else:
                args.append((str(predicate), objects[0]))
        if function is None:
            raise self.error("fnml:functionValue names no function (fno:executes)", line=line, rule=rule)
        return FunctionCall(name=function, args=tuple(args))


def _by_suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in (".gz", ".zip", ".xz", ".bz2"):
        name = name.removesuffix(suffix)
    name = name.removesuffix(".tar")
    suffix = name.rsplit(".", 1)[-1]
    return {"csv": "csv", "tsv": "tsv", "json": "json", "ndjson": "ndjson", "jsonl": "ndjson", "xml": "xml"}.get(
        suffix, "csv")


def _order(node) -> tuple:
    return (0 if isinstance(node, URIRef) else 1, str(node))
