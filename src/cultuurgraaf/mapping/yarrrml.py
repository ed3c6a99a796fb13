"""Reading YARRRML (``.yml``/``.yaml``) into the one model.

YARRRML is the YAML form of RML (https://rml.io/yarrrml/spec/). What this reader accepts:
``prefixes``, ``base``, ``sources`` (``[file~format, iterator]`` or a table with ``access``,
``referenceFormulation``, ``iterator``, ``delimiter``, ``encoding``, ``compression``, ``header``,
``null``, ``namespaces``, ``versions``, ``lists``, ``nested``; a SPARQL source: ``access`` an endpoint URL or an RDF
file, ``queryFormulation: sparql11``, ``query``, ``referenceFormulation`` the results read, ``sparql`` by
default; a SQLite database: ``access: jdbc:sqlite:FILE`` with ``table`` or ``query``), and
``mappings`` with ``s``, ``po`` (short ``[p, o]``,
``[p, o, nl~lang]``, ``[p, o, xsd:date]`` and long forms), ``g``, joins (``mapping`` +
``condition: {function: equal, ...}``) and function calls (``function`` + ``parameters``).

Errors name the file, the line and the rule, say what was expected and what exists.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..errors import Location, MappingError
from ..sources import LogicalSource, READERS
from ..sources.versions import VersionsOption
from ..vocab import PREFIXES
from . import functions
from .located import LList, load_yaml, line_of
from .templates import TemplateError, join_template, split_references
from .model import FunctionCall, Join, Mapping, PredicateObjectMap, RefObjectMap, TermMap, TriplesMap

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: sources whose references are XPath or JSONPath, where quoted strings may hold parentheses
_QUOTING = ("xml", "json", "ndjson", "marc")

DEFAULT_PREFIXES = {
    **PREFIXES,
    "grel": functions.GREL,
    "ex": "http://example.com/",
}

#: YARRRML ``type:`` values: ``iri`` encodes template values IRI-safe, ``uri`` also non-ASCII
#: letters, ``unsafeiri`` nothing.
_TERM_TYPES = {"iri": "iri", "uri": "uri", "unsafeiri": "unsafe_iri", "literal": "literal", "blank": "blank",
               "blanknode": "blank"}

_FORMATS = {"csv": "csv", "tsv": "tsv", "json": "json", "jsonpath": "json", "ndjson": "ndjson",
            "xml": "xml", "xpath": "xml", "marc": "marc", "mrc": "marc",
            "jsonld": "jsonld"}
_SPARQL_FORMATS = {"sparql": "sparql", "csv": "sparql-csv", "tsv": "sparql-tsv", "json": "sparql-json",
                   "jsonpath": "sparql-json", "xml": "sparql-xml", "xpath": "sparql-xml"}


def read_yarrrml(path: Path) -> Mapping:
    """Read a YARRRML file; its sources resolve relative to the file's folder."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), where=str(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise MappingError(f"not valid YAML: {getattr(exc, 'problem', exc)}",
                           location=Location(str(path), line=mark.line + 1 if mark else None)) from exc
    except UnicodeDecodeError as exc:
        raise MappingError(f"not UTF-8 text: {exc}", location=Location(str(path))) from exc
    return YarrrmlReader(path).read(data)


class YarrrmlReader:
    def __init__(self, path: Path):
        self.path = path
        self.prefixes = dict(DEFAULT_PREFIXES)
        self.sources: dict[str, LogicalSource] = {}
        self.sources_of: dict[str, LogicalSource] = {}
        self.quoting = True

    def error(self, message: str, node=None, rule: str | None = None, hint: str | None = None) -> MappingError:
        return MappingError(message, location=Location(str(self.path), line=line_of(node), rule=rule), hint=hint)

    def read(self, data) -> Mapping:
        if not isinstance(data, dict):
            raise self.error("a YARRRML file is a mapping with 'prefixes', 'sources' and 'mappings'", data)
        self.prefixes.update({str(k): str(v) for k, v in (data.get("prefixes") or {}).items()})
        base = data.get("base")
        for name, spec in (data.get("sources") or {}).items():
            self.sources[name] = self.source(spec, name)
        mappings = data.get("mappings") or data.get("m")
        if not isinstance(mappings, dict) or not mappings:
            raise self.error("the file has no 'mappings'", data)
        self.sources_of = {name: self.mapping_source(name, spec) for name, spec in mappings.items()}
        maps = tuple(self.triples_map(name, spec) for name, spec in mappings.items())
        names = {tm.name for tm in maps}
        for tm in maps:
            for pom in tm.predicate_objects:
                for obj in pom.objects:
                    if isinstance(obj, RefObjectMap) and obj.parent not in names:
                        raise self.error(f"'{obj.parent}' is not a mapping of this file (mappings: "
                                         f"{', '.join(sorted(names))})", None, obj.rule)
        return Mapping(path=self.path, triples_maps=maps, base_iri=str(base) if base else None,
                       prefixes=dict(self.prefixes))

    # sources ---------------------------------------------------------------------------------
    def source(self, spec, name: str) -> LogicalSource:
        if isinstance(spec, list) and spec and isinstance(spec[0], str):
            access, _, formulation = spec[0].rpartition("~")
            iterator = spec[1] if len(spec) > 1 else None
            options = {}
        elif isinstance(spec, dict):
            access = spec.get("access")
            formulation = spec.get("referenceFormulation", "")
            iterator = spec.get("iterator")
            options = spec
        else:
            raise self.error(f"source '{name}' must be [file~format, iterator] or a table with 'access'", spec)
        if not access:
            raise self.error(f"source '{name}' names no file", spec)
        if str(options.get("queryFormulation", "")).lower() == "sparql11" or options.get("type") == "sparql":
            return self.sparql_source(options, name)
        if str(access).startswith("jdbc:"):
            return self.database_source(options, name)
        formulation = _FORMATS.get(str(formulation).lower() or Path(str(access)).suffix.lstrip(".").lower())
        if formulation is None:
            raise self.error(f"source '{name}' has an unknown format (known: {', '.join(sorted(_FORMATS))})", spec)
        if formulation not in READERS:
            raise self.error(f"no reader for '{formulation}'", spec)
        namespaces = tuple((str(k), str(v)) for k, v in (options.get("namespaces") or {}).items())
        nulls = options.get("null", [""])
        header = str(options.get("header", "true")).lower()
        if header not in ("true", "false"):
            raise self.error(f"source '{name}': header is true or false, not '{header}'", spec)
        return LogicalSource(
            path=(self.path.parent / str(access)).resolve(),
            formulation=formulation,
            iterator=str(iterator) if iterator else None,
            encoding=str(options.get("encoding", "utf-8")),
            delimiter=str(options["delimiter"]) if "delimiter" in options else None,
            header=header == "true",
            null_values=tuple(str(v) for v in (nulls if isinstance(nulls, list) else [nulls])),
            namespaces=namespaces,
            compression=str(options["compression"]) if options.get("compression") else None,
            versions=self.versions(options.get("versions"), name, formulation),
            parallel_lists=self.parallel_lists(options.get("lists"), name, formulation),
            nested=self.nested(options.get("nested"), name, formulation),
        )

    def sparql_source(self, spec: dict, name: str) -> LogicalSource:
        """A SPARQL endpoint (``access: https://...``) or an RDF file, and the SELECT ``query`` that gives
        the records; ``referenceFormulation`` says which SPARQL results the references read."""
        access, query = str(spec["access"]), spec.get("query") or spec.get("iterator")
        if not query:
            raise self.error(f"source '{name}' is queried with SPARQL and needs its SELECT as 'query'", spec)
        formulation = _SPARQL_FORMATS.get(str(spec.get("referenceFormulation", "sparql")).lower())
        if formulation is None:
            raise self.error(f"source '{name}': the answers of a SPARQL query are read as "
                             f"{', '.join(sorted(_SPARQL_FORMATS))}, not '{spec.get('referenceFormulation')}'", spec)
        parts = urlsplit(access)
        if parts.scheme in ("http", "https"):
            return LogicalSource(path=Path(parts.netloc + parts.path), formulation=formulation, iterator=str(query),
                                 endpoint=access, null_values=())
        return LogicalSource(path=(self.path.parent / access).resolve(), formulation=formulation,
                             iterator=str(query), null_values=())

    def database_source(self, spec: dict, name: str) -> LogicalSource:
        """A SQLite file (``access: jdbc:sqlite:collectie.db``) and its ``table`` or ``query``."""
        from ..sources.sql_reader import sqlite_file

        file = sqlite_file(str(spec["access"]), self.path.parent)
        if file is None:
            raise self.error(f"source '{name}': of databases, cultuurgraaf reads SQLite files "
                             f"(access: jdbc:sqlite:FILE), not {spec['access']}", spec)
        if ("table" in spec) == ("query" in spec):
            raise self.error(f"source '{name}': a database source names one 'table' or one 'query'", spec)
        formulation = "sql-table" if "table" in spec else "sql-query"
        return LogicalSource(path=file.resolve(), formulation=formulation, iterator=str(spec.get("table") or
                                                                                      spec.get("query")),
                             null_values=())

    def parallel_lists(self, spec, name: str, formulation: str) -> tuple[tuple[str, str], ...]:
        """``lists: {materiaal_aat: ";", materiaal: ";"}``: CSV columns holding lists side by side;
        each row gives one record per position."""
        if spec is None:
            return ()
        if not isinstance(spec, dict) or not spec:
            raise self.error(f"source '{name}': lists is a table of column: separator", spec)
        if formulation not in ("csv", "tsv"):
            raise self.error(f"source '{name}': lists works for CSV sources, not {formulation}", spec)
        return tuple((str(column), str(separator)) for column, separator in spec.items())

    def nested(self, spec, name: str, formulation: str) -> tuple[str, str] | None:
        """``nested: {date: "$.dates[*]"}``: each record gives one record per item the JSONPath selects
        in it, with the record's own members, the item as ``date`` and its position as ``date.#``."""
        if spec is None:
            return None
        if not isinstance(spec, dict) or len(spec) != 1:
            raise self.error(f"source '{name}': nested is one name: JSONPath, such as {{date: \"$.dates[*]\"}}", spec)
        if formulation not in ("json", "ndjson"):
            raise self.error(f"source '{name}': nested works for JSON and NDJSON sources, not {formulation}", spec)
        (item, path), = spec.items()
        return str(item), str(path)

    def versions(self, spec, name: str, formulation: str) -> VersionsOption | None:
        """``versions: {of: <reference>, at: <reference>}``: keep the latest version of each object."""
        if spec is None:
            return None
        if not isinstance(spec, dict) or not spec.get("of") or not spec.get("at"):
            raise self.error(f"source '{name}': versions needs 'of' (the object a record is a version of) "
                             "and 'at' (when the version was made), as references", spec)
        if formulation not in ("json", "ndjson", "jsonld"):
            raise self.error(f"source '{name}': versions works for JSON, NDJSON and JSON-LD sources, not {formulation}",
                             spec)
        return VersionsOption(of=str(spec["of"]), at=str(spec["at"]))

    # triples maps ----------------------------------------------------------------------------
    def mapping_source(self, name: str, spec) -> LogicalSource:
        if not isinstance(spec, dict):
            raise self.error(f"mapping '{name}' must be a table", spec, name)
        source_spec = spec.get("sources", spec.get("source"))
        if isinstance(source_spec, list) and len(source_spec) == 1:
            source_spec = source_spec[0]
        if isinstance(source_spec, str) and source_spec in self.sources:
            return self.sources[source_spec]
        if source_spec is not None and not isinstance(source_spec, str):
            return self.source(source_spec, name)
        known = ", ".join(sorted(self.sources)) or "none"
        raise self.error(f"mapping '{name}' names source {source_spec!r}, which is not declared "
                         f"(sources: {known})", spec, name)

    def triples_map(self, name: str, spec) -> TriplesMap:
        source = self.sources_of[name]
        self.quoting = source.formulation in _QUOTING
        subject_spec = spec.get("subjects", spec.get("subject", spec.get("s")))
        if isinstance(subject_spec, list):
            subject_spec = subject_spec[0] if subject_spec else None
        subject = self.term(subject_spec, position="subject", rule=f"{name}: subject", node=spec)
        classes: list[str] = []
        poms: list[PredicateObjectMap] = []
        entries = spec.get("predicateobjects", spec.get("po")) or []
        if not isinstance(entries, list):
            raise self.error(f"'po' of mapping '{name}' must be a list", spec, name)
        for index, entry in enumerate(entries, start=1):
            pom = self.predicate_object(entry, name, index)
            if pom is None:
                continue
            if len(pom.predicates) == 1 and pom.predicates[0].value == RDF_TYPE and not pom.graphs and all(
                    isinstance(o, TermMap) and o.kind == "constant" for o in pom.objects):
                classes.extend(o.value for o in pom.objects)
            else:
                poms.append(pom)
        graphs = tuple(self.term(g, position="graph", rule=f"{name}: graph", node=spec)
                       for g in _as_list(spec.get("graphs", spec.get("graph", spec.get("g")))))
        return TriplesMap(name=name, source=source, subject=subject, classes=tuple(classes),
                          predicate_objects=tuple(poms), graphs=graphs, line=line_of(spec))

    def predicate_object(self, entry, name: str, index: int) -> PredicateObjectMap | None:
        rule = f"{name}: po {index}"
        graphs: list = []
        if isinstance(entry, list):
            if len(entry) < 2:
                raise self.error("a po entry needs a predicate and an object", entry, rule)
            predicates, objects = [entry[0]], [entry[1] if len(entry) == 2 else self._suffix_object(entry)]
        elif isinstance(entry, dict):
            predicates = _as_list(entry.get("predicates", entry.get("p")))
            objects = _as_list(entry.get("objects", entry.get("o")))
            graphs = _as_list(entry.get("graphs", entry.get("g")))
            if not predicates or not objects:
                raise self.error("a po entry needs 'p' and 'o'", entry, rule)
        else:
            raise self.error("a po entry is [predicate, object] or a table with 'p' and 'o'", entry, rule)
        pred_maps = tuple(self.term(p, position="predicate", rule=rule, node=entry) for p in predicates)
        label = self.curie(pred_maps[0].value) if pred_maps[0].kind == "constant" else str(predicates[0])
        rule = f"{name}: {label}"
        pred_maps = tuple(TermMap(**{**vars(p), "rule": rule}) for p in pred_maps)
        obj_maps = tuple(self.object(o, rule=rule, node=entry,
                                     class_position=pred_maps[0].value == RDF_TYPE) for o in objects)
        return PredicateObjectMap(predicates=pred_maps, objects=obj_maps,
                                  graphs=tuple(self.term(g, position="graph", rule=rule, node=entry) for g in graphs),
                                  rule=rule, line=line_of(entry))

    def _suffix_object(self, entry: list):
        value, extra = entry[1], str(entry[2])
        if extra.endswith("~lang"):
            return {"value": value, "language": extra[:-5]}
        return {"value": value, "datatype": extra}

    def object(self, spec, *, rule: str, node, class_position: bool = False):
        if isinstance(spec, dict) and ("mapping" in spec or "m" in spec):
            parent = str(spec.get("mapping", spec.get("m")))
            joins = []
            for condition in _as_list(spec.get("condition")):
                if not isinstance(condition, dict) or str(condition.get("function", "")).split(":")[-1] != "equal":
                    raise self.error("a join condition must be {function: equal, parameters: [[str1, $(child)], "
                                     "[str2, $(parent)]]}", condition, rule)
                params = {str(p[0]).split(":")[-1]: str(p[1]) for p in condition.get("parameters", [])
                          if isinstance(p, list) and len(p) == 2}
                parent_source = self.sources_of.get(parent)
                child = self.single_reference(params.get("str1", ""), node=condition, rule=rule)
                parent_ref = self.single_reference(params.get("str2", ""), node=condition, rule=rule,
                                                   quotes=parent_source is None or parent_source.formulation in _QUOTING)
                if child is None or parent_ref is None:
                    raise self.error("a join condition needs str1 = $(child reference) and str2 = "
                                     "$(parent reference)", condition, rule)
                joins.append(Join(child=TermMap(kind="reference", value=child, term_type="literal", rule=rule),
                                  parent=TermMap(kind="reference", value=parent_ref, term_type="literal", rule=rule)))
            return RefObjectMap(parent=parent, joins=tuple(joins), rule=rule, line=line_of(spec))
        position = "class" if class_position else "object"
        return self.term(spec, position=position, rule=rule, node=node)

    # term maps -------------------------------------------------------------------------------
    def term(self, spec, *, position: str, rule: str, node) -> TermMap:
        line = line_of(spec) or line_of(node)
        if spec is None:
            if position == "subject":
                return TermMap(kind="fresh", term_type="blank", rule=rule, line=line)
            raise self.error(f"the {position} is empty", node, rule)
        if isinstance(spec, dict) and "function" in spec:
            return self.function_term(spec, position=position, rule=rule, line=line)
        options = {}
        if isinstance(spec, dict):
            options = spec
            spec = spec.get("value", spec.get("v"))
            if spec is None:
                raise self.error(f"the {position} needs a 'value' or a 'function'", options, rule)
        text = str(spec)
        term_type = None
        if text.endswith("~iri"):
            text, term_type = text[:-4], "iri"
        elif text.endswith("~lang"):
            raise self.error("'~lang' belongs after a language tag in the third place of a po entry", node, rule)
        elif text.endswith("~blank"):
            text, term_type = text[:-6], "blank"
        declared = str(options.get("type", "")).lower()
        if declared:
            term_type = _TERM_TYPES.get(declared)
            if term_type is None:
                raise self.error(f"unknown term type '{declared}' (known: {', '.join(_TERM_TYPES)})", options, rule)
        if position in ("subject", "graph") and term_type is None:
            term_type = "blank" if text.startswith("_:") else "iri"
        if text.startswith("_:") and term_type == "blank":
            text = text[2:]
        if position in ("predicate", "class", "graph") or (position == "subject" and term_type != "blank"):
            term_type = "iri"
        elif position == "object" and term_type is None:
            term_type = "literal"
        kind, value = self.value_kind(text, node=spec if line_of(spec) else node, rule=rule)
        if kind in ("constant", "template") and term_type == "iri":
            value = self.expand(value, node=spec, rule=rule)
        language, language_map, datatype, datatype_map = self.literal_options(options, rule=rule, node=node)
        if position == "language":
            term_type = "literal"
        return TermMap(kind=kind, value=value, term_type=term_type, language=str(language) if language else None,
                       language_map=language_map, datatype=datatype, datatype_map=datatype_map, rule=rule, line=line)

    def function_term(self, spec: dict, *, position: str, rule: str, line: int | None) -> TermMap:
        name = str(spec["function"])
        try:
            functions.lookup(name)
        except MappingError as exc:
            raise self.error(exc.message, spec, rule) from None
        args = []
        for param in _as_list(spec.get("parameters", spec.get("pms"))):
            if isinstance(param, list) and len(param) == 2:
                key, value = param
            elif isinstance(param, dict):
                key, value = param.get("parameter", param.get("p")), param.get("value", param.get("v"))
            else:
                raise self.error("a function parameter is [name, value] or {parameter: , value: }", param, rule)
            if isinstance(value, dict) and "function" in value:
                arg = self.function_term(value, position="argument", rule=rule, line=line_of(value))
            else:
                kind, text = self.value_kind(str(value), node=param, rule=rule)
                arg = TermMap(kind=kind, value=text, term_type="literal", rule=rule, line=line_of(param))
            args.append((self.parameter(str(key), param, rule), arg))
        declared = str(spec.get("type", "")).lower()
        term_type = _TERM_TYPES.get(declared)
        if position in ("subject", "graph", "predicate", "class"):
            term_type = term_type or "iri"
        elif term_type is None:
            term_type = "literal"
        language, language_map, datatype, datatype_map = self.literal_options(spec, rule=rule, node=spec)
        return TermMap(kind="function", function=FunctionCall(name=functions.expand(name), args=tuple(args)),
                       term_type=term_type, language=str(language) if language else None, language_map=language_map,
                       datatype=datatype, datatype_map=datatype_map, rule=rule, line=line)

    def literal_options(self, options: dict, *, rule: str, node) -> tuple:
        """(language, language map, datatype, datatype map) of a term: each a constant, a
        ``$(reference)`` or template, or a function call."""
        found: list = []
        for key in ("language", "datatype"):
            value = options.get(key) if isinstance(options, dict) else None
            if isinstance(value, dict) and "function" in value:
                found += [None, self.function_term(value, position="language", rule=rule, line=line_of(value))]
            elif value is not None and "$(" in str(value):
                found += [None, self.term(str(value), position="language", rule=rule, node=node)]
            elif value is not None and key == "datatype":
                found += [self.expand(str(value), node=options, rule=rule), None]
            else:
                found += [value, None]
        return tuple(found)

    def parameter(self, key: str, node, rule: str) -> str:
        """A function parameter's IRI: ``cg:value`` expanded, a bare ``value`` in the cg: namespace."""
        if ":" not in key:
            return functions.CG + key
        return functions.expand(key) if key.split(":")[0] in functions.ALIASES else self.expand(key, node=node, rule=rule)

    def value_kind(self, text: str, *, node, rule: str, quotes: bool | None = None) -> tuple[str, str]:
        """('reference', ref) for "$(ref)", ('template', "a{ref}") for mixed text, else ('constant', text).

        ``quotes``: whether quoted strings in references are read as such (XPath, JSONPath); by
        default, as the current triples map's source says."""
        try:
            parts = split_references(text, quotes=self.quoting if quotes is None else quotes)
        except TemplateError as exc:
            raise self.error(str(exc), node, rule, hint="a reference is $(...) with its parentheses balanced; "
                             "write \\( or \\) for one that is not, and \\$( for the text $(") from None
        if not any(is_ref for is_ref, _ in parts):
            return "constant", "".join(t for _, t in parts)
        if len(parts) == 1:
            return "reference", parts[0][1]
        return "template", join_template(parts)

    def single_reference(self, text: str, *, node, rule: str, quotes: bool | None = None) -> str | None:
        """The reference of a value that is one ``$(...)`` and nothing else, or None."""
        kind, value = self.value_kind(text.strip(), node=node, rule=rule, quotes=quotes)
        return value if kind == "reference" else None

    def expand(self, value: str, *, node, rule: str) -> str:
        if value == "a":
            return RDF_TYPE
        prefix, sep, local = value.partition(":")
        if sep and not local.startswith("//") and prefix in self.prefixes:
            return self.prefixes[prefix] + local
        if sep and "/" not in prefix and prefix not in ("http", "https", "urn", "mailto", "file", "tag") \
                and not local.startswith("//"):
            known = ", ".join(sorted(self.prefixes))
            raise self.error(f"unknown prefix '{prefix}' in '{value}' (prefixes: {known})", node, rule)
        return value

    def curie(self, iri: str | None) -> str:
        for prefix, ns in self.prefixes.items():
            if iri and iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri or ""


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, LList)) else [value]
