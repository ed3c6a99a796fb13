"""Writing a mapping as RML in Turtle (the W3C KG-Construct vocabulary), for people to read and diff.

``cultuurgraaf mapping compile objecten.yml`` prints what a YARRRML file means in RML; reading
that Turtle back gives the same model and the same output. Sources are written relative to the
folder the Turtle will live in (the YARRRML file's, unless told otherwise).

Two things RML has no words for are written in cultuurgraaf's namespace: a mapping's default
base IRI (YARRRML ``base``, ``cg:defaultBaseIRI``), and newline-delimited JSON (``cg:NDJSON``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..sources import LogicalSource
from . import functions, terms
from .model import DEFAULT_GRAPH, Mapping, PredicateObjectMap, RefObjectMap, TermMap, TriplesMap
from .rml_vocab import CG_DEFAULT_BASE, CSVW, RML

_TERM_TYPES = {"iri": "rml:IRI", "uri": "rml:URI", "unsafe_iri": "rml:UnsafeIRI", "blank": "rml:BlankNode",
               "literal": "rml:Literal"}
_FORMULATIONS = {"csv": "rml:CSV", "tsv": "rml:CSV", "json": "rml:JSONPath", "ndjson": "cg:NDJSON",
                 "xml": "rml:XPath", "marc": "cg:MARC", "jsonld": "cg:JSONLD", "sparql": "rml:SPARQL", "sparql-csv": "formats:SPARQL_Results_CSV",
                 "sparql-tsv": "formats:SPARQL_Results_TSV", "sparql-json": "formats:SPARQL_Results_JSON",
                 "sparql-xml": "formats:SPARQL_Results_XML", "sql-table": "rml:SQL2008Table",
                 "sql-query": "rml:SQL2008Query"}
_VOCABULARIES = {"formats": "http://www.w3.org/ns/formats/", "sd": "http://www.w3.org/ns/sparql-service-description#",
                 "d2rq": "http://www.wiwiss.fu-berlin.de/suhl/bizer/D2RQ/0.1#"}
_COMPRESSIONS = {"gzip": "rml:gzip", "zip": "rml:zip", "tar.xz": "rml:tarxz", "tar.gz": "rml:targz",
                 "bzip2": "rml:bzip2", "xz": "rml:xz", "none": "rml:none"}
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")


def write_rml(mapping: Mapping, *, folder: Path | None = None) -> str:
    """The mapping as RML Turtle; source paths are written relative to ``folder``."""
    return _Writer(mapping, folder or mapping.path.parent).document()


def _default_term_type(term: TermMap, position: str) -> str | None:
    """The term type a reader gives this term map when none is written (see rml_reader)."""
    if position in ("value", "datatype"):
        return "literal"
    if term.kind == "fresh":
        return None
    if position != "object":
        return "iri"
    if term.kind in ("reference", "function") or term.language or term.datatype or term.language_map \
            or term.datatype_map:
        return "literal"
    return "iri"


class _Writer:
    def __init__(self, mapping: Mapping, folder: Path):
        self.mapping = mapping
        self.folder = folder
        self.prefixes = {"rml": RML, **{p: ns for p, ns in mapping.prefixes.items() if p != "rml"}}
        self.prefixes.setdefault("cg", functions.CG)
        self.used: set[str] = {"rml"}

    # terms ----------------------------------------------------------------------------------
    def iri(self, value: str) -> str:
        best = None
        for prefix, namespace in self.prefixes.items():
            local = value[len(namespace):]
            if value.startswith(namespace) and _LOCAL.match(local) and (best is None or len(namespace) > len(best[1])):
                best = (prefix, namespace)
        if best is not None:
            self.used.add(best[0])
            return f"{best[0]}:{value[len(best[1]):]}"
        return f"<{value}>"

    @staticmethod
    def string(value: str) -> str:
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        return f'"{escaped.replace(chr(9), chr(92) + "t")}"'

    def vocab(self, curie: str) -> str:
        prefix = curie.split(":")[0]
        if prefix in _VOCABULARIES:
            self.prefixes.setdefault(prefix, _VOCABULARIES[prefix])
        self.used.add(prefix)
        return curie

    @staticmethod
    def block(pairs: list[str], indent: int) -> str:
        pad = "    " * (indent + 1)
        return "[\n" + " ;\n".join(pad + p for p in pairs) + "\n" + "    " * indent + "]"

    # term maps ------------------------------------------------------------------------------
    def term_map(self, term: TermMap, indent: int, *, position: str = "object") -> str:
        pairs: list[str] = []
        if term.kind == "constant":
            if term.term_type == "literal":
                literal = self.string(term.value or "")
                if term.language:
                    literal += f"@{term.language}"
                elif term.datatype:
                    literal += f"^^{self.iri(term.datatype)}"
                pairs.append(f"rml:constant {literal}")
            elif terms.has_scheme(term.value or ""):
                pairs.append(f"rml:constant {self.iri(term.value or '')}")
            else:
                from .templates import escape_text

                pairs.append(f"rml:template {self.string(escape_text(term.value or ''))}")
        elif term.kind == "reference":
            pairs.append(f"rml:reference {self.string(term.value or '')}")
        elif term.kind == "template":
            pairs.append(f"rml:template {self.string(term.value or '')}")
        elif term.kind == "function":
            pairs.append(f"rml:functionExecution {self.function(term, indent + 1)}")
        if term.term_type and term.term_type != _default_term_type(term, position):
            pairs.append(f"rml:termType {_TERM_TYPES[term.term_type]}")
        if term.kind != "constant":
            if term.language:
                pairs.append(f"rml:language {self.string(term.language)}")
            if term.datatype:
                pairs.append(f"rml:datatype {self.iri(term.datatype)}")
        if term.language_map is not None:
            pairs.append(f"rml:languageMap {self.term_map(term.language_map, indent + 1, position='value')}")
        if term.datatype_map is not None:
            pairs.append(f"rml:datatypeMap {self.term_map(term.datatype_map, indent + 1, position='value')}")
        return self.block(pairs, indent)

    def function(self, term: TermMap, indent: int) -> str:
        call = term.function
        assert call is not None
        pairs = [f"rml:function {self.iri(functions.expand(call.name))}"]
        for parameter, arg in call.args:
            value = self.term_map(arg, indent + 2, position="value")
            pairs.append(f"rml:input {self.block([f'rml:parameter {self.iri(parameter)}', f'rml:inputValueMap {value}'], indent + 1)}")
        return self.block(pairs, indent)

    def graphs(self, maps: tuple[TermMap, ...], indent: int) -> list[str]:
        out = []
        for g in maps:
            if g.kind == "constant" and g.value == DEFAULT_GRAPH:
                out.append("rml:graph rml:defaultGraph")
            elif g.kind == "constant" and terms.has_scheme(g.value or ""):
                out.append(f"rml:graph {self.iri(g.value or '')}")
            else:
                out.append(f"rml:graphMap {self.term_map(g, indent, position='graph')}")
        return out

    # triples maps ---------------------------------------------------------------------------
    def source(self, source: LogicalSource, indent: int) -> str:
        path = os.path.relpath(source.path, self.folder) if source.endpoint is None else ""
        inner = []
        if source.endpoint is not None:
            inner += [f"a {self.vocab('sd:Service')}", f"sd:endpoint <{source.endpoint}>",
                      "sd:supportedLanguage sd:SPARQL11Query"]
        elif source.formulation.startswith("sql"):
            inner += [f"a rml:Source, {self.vocab('d2rq:Database')}", f"d2rq:jdbcDSN {self.string('jdbc:sqlite:' + path)}"]
        elif source.delimiter or not source.header:
            self.used.add("csvw")
            self.prefixes.setdefault("csvw", CSVW)
            dialect = []
            if source.delimiter:
                dialect.append(f"csvw:delimiter {self.string(source.delimiter)}")
            if not source.header:
                dialect.append("csvw:header false")
            inner += ["a csvw:Table", f"csvw:url {self.string(path)}",
                      f"csvw:dialect {self.block(dialect, indent + 2)}"]
            inner += [f"csvw:null {self.string(v)}" for v in source.null_values]
            if source.encoding.lower() not in ("utf-8", "utf8"):
                inner.append(f"rml:encoding {self.string(source.encoding)}")
        else:
            inner += ["a rml:RelativePathSource", "rml:root rml:MappingDirectory", f"rml:path {self.string(path)}"]
            inner += [f"rml:null {self.string(v)}" for v in source.null_values]
            if source.encoding.lower() not in ("utf-8", "utf8"):
                inner.append("rml:encoding rml:UTF-16" if source.encoding.lower() in ("utf-16", "utf16")
                             else f"rml:encoding {self.string(source.encoding)}")
        if source.compression:
            inner.append(f"rml:compression {_COMPRESSIONS[source.compression]}")
        pairs = [f"rml:source {self.block(inner, indent + 1)}"]
        if source.formulation in ("xml", "marc") and source.namespaces:
            spaces = [self.block([f"rml:namespacePrefix {self.string(p)}", f"rml:namespaceURL {self.string(u)}"],
                                 indent + 2) for p, u in source.namespaces]
            kind = "rml:XPathReferenceFormulation" if source.formulation == "xml" else _FORMULATIONS["marc"]
            pairs.append("rml:referenceFormulation " + self.block(
                [f"a {kind}"] + [f"rml:namespace {s}" for s in spaces], indent + 1))
        else:
            pairs.append(f"rml:referenceFormulation {self.vocab(_FORMULATIONS[source.formulation])}")
        if source.iterator:
            pairs.append(f"rml:iterator {self.string(source.iterator)}")
        for column, separator in source.parallel_lists:
            pairs.append("cg:parallelList " + self.block(
                [f"cg:column {self.string(column)}", f"cg:separator {self.string(separator)}"], indent + 1))
        if source.versions is not None:
            pairs.append("cg:versions " + self.block(
                [f"cg:versionOf {self.string(source.versions.of)}", f"cg:versionAt {self.string(source.versions.at)}"],
                indent + 1))
        if source.nested is not None:
            pairs.append("cg:nested " + self.block(
                [f"cg:name {self.string(source.nested[0])}", f"cg:path {self.string(source.nested[1])}"], indent + 1))
        if source.parallel_lists or source.versions is not None or source.nested is not None:
            self.used.add("cg")
        return self.block(pairs, indent)

    def object_map(self, obj, indent: int) -> str:
        if isinstance(obj, RefObjectMap):
            pairs = [f"rml:parentTriplesMap {self.name(obj.parent)}"]
            for join in obj.joins:
                sides = []
                for side, term in (("child", join.child), ("parent", join.parent)):
                    if term.kind == "reference":
                        sides.append(f"rml:{side} {self.string(term.value or '')}")
                    else:
                        sides.append(f"rml:{side}Map {self.term_map(term, indent + 2, position='value')}")
                pairs.append(f"rml:joinCondition {self.block(sides, indent + 1)}")
            return self.block(pairs, indent)
        return self.term_map(obj, indent)

    def predicate_object(self, pom: PredicateObjectMap, indent: int) -> str:
        pairs = []
        for p in pom.predicates:
            if p.kind == "constant" and terms.has_scheme(p.value or ""):
                pairs.append(f"rml:predicate {self.iri(p.value or '')}")
            else:
                pairs.append(f"rml:predicateMap {self.term_map(p, indent + 1, position='predicate')}")
        pairs += [f"rml:objectMap {self.object_map(o, indent + 1)}" for o in pom.objects]
        pairs += self.graphs(pom.graphs, indent + 1)
        return self.block(pairs, indent)

    @staticmethod
    def name(name: str) -> str:
        return f"<#{terms.iri_safe(name)}>"

    def triples_map(self, tm: TriplesMap) -> str:
        subject = self.term_map(tm.subject, 1, position="subject")
        extra = [f"rml:class {self.iri(c)}" for c in tm.classes] + self.graphs(tm.graphs, 2)
        if extra:
            subject = subject[:-len("\n    ]")] + " ;\n" + " ;\n".join("        " + e for e in extra) + "\n    ]"
        pairs = [f"rml:logicalSource {self.source(tm.source, 1)}", f"rml:subjectMap {subject}"]
        pairs += [f"rml:predicateObjectMap {self.predicate_object(pom, 1)}" for pom in tm.predicate_objects]
        if tm.base_iri:
            pairs.append(f"rml:baseIRI <{tm.base_iri}>")
        return f"{self.name(tm.name)} a rml:TriplesMap ;\n" + " ;\n".join("    " + p for p in pairs) + " .\n"

    def document(self) -> str:
        body = [self.triples_map(tm) for tm in self.mapping.triples_maps]
        head = []
        if self.mapping.base_iri:
            head.append(f"<> {self.iri(CG_DEFAULT_BASE)} <{self.mapping.base_iri}> .\n")
        prefixes = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(self.prefixes.items()) if p in self.used]
        note = f"# RML for {self.mapping.path.name}, written by cultuurgraaf mapping compile"
        return "\n".join([note, *prefixes, ""]) + "\n" + "\n".join(head + body)
