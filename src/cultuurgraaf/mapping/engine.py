"""Applying a mapping to its sources: records in, N-Quads lines out.

The engine compiles every term map into a small function once, then streams records through
them. It keeps count of what it made and of every reference that yielded nothing, so nothing is
lost silently, and it can report for each triple the record and the rule that made it (lineage).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator, Protocol

from ..errors import Location, MappingError, SourceError
from ..sources import LogicalSource, Record, read_records
from . import functions, terms
from .model import DEFAULT_GRAPH, Mapping, PredicateObjectMap, RefObjectMap, TermMap, TriplesMap

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
Gen = Callable[[Record], list[str]]


class LineageSink(Protocol):
    def add(self, subject: str, predicate: str, obj: str, source: str, locator: str, rule: str) -> None:
        """Note that (subject, predicate, obj) came from this record through this rule."""


@dataclass
class MappingStats:
    """What a run made, and what yielded nothing (rule -> number of records)."""

    quads: int = 0
    records: Counter = field(default_factory=Counter)
    empty: Counter = field(default_factory=Counter)

    def summary(self) -> list[str]:
        lines = [f"{self.quads} quads from " + ", ".join(f"{n} records of {tm}" for tm, n in self.records.items())]
        for rule, count in sorted(self.empty.items()):
            lines.append(f"  {count} records gave no value for {rule}")
        return lines


class MappingRun:
    """A mapping bound to its inputs; iterate :meth:`quads` to run it, then read :attr:`stats`."""

    def __init__(self, mapping: Mapping, *, base_iri: str | None, default_graph: str | None,
                 inputs: dict[str, Path] | None, lineage: LineageSink | None):
        self.mapping = mapping
        self.base_iri = base_iri if base_iri is not None else (mapping.base_iri or "")
        self.default_graph = default_graph
        self.lineage = lineage
        self.stats = MappingStats()
        self.sources = _bind_inputs(mapping, inputs or {})
        self._subjects: dict[str, Gen] = {}
        self._join_index: dict[tuple, dict[tuple, list[str]]] = {}
        self._blank_counter = itertools.count()

    def quads(self) -> Iterator[str]:
        for tm in self.mapping.triples_maps:
            yield from self._run(tm)

    # compiling ----------------------------------------------------------------------------
    def where(self, tm: TriplesMap, term: TermMap | RefObjectMap | None = None, record: str | None = None) -> Location:
        line = getattr(term, "line", None) or tm.line
        return Location(str(self.mapping.path), line=line, rule=getattr(term, "rule", None) or tm.name, record=record)

    def values(self, tm: TriplesMap, term: TermMap) -> Gen:
        kind, value = term.kind, term.value
        if kind == "constant":
            constant = [value]
            return lambda rec: constant
        if kind == "reference":
            return lambda rec: rec.values(value)
        if kind == "template":
            if value is None:
                return lambda rec: [f"n{next(self._blank_counter)}"]
            return _template(value, safe=term.term_type == "iri")
        assert term.function is not None
        fn = functions.lookup(term.function.name)
        args = [(name, self.values(tm, arg)) for name, arg in term.function.args]
        rule_where = self.where(tm, term)

        def call(rec: Record) -> list[str]:
            lists = [(name, gen(rec)) for name, gen in args]
            if any(not vals for _, vals in lists):
                return []
            out: list[str] = []
            for combo in itertools.product(*(vals for _, vals in lists)):
                try:
                    result = fn(**{name: v for (name, _), v in zip(lists, combo)})
                except TypeError as exc:
                    raise MappingError(f"{term.function.name} was called with the wrong parameters: {exc}",
                                       location=rule_where) from exc
                if isinstance(result, str):
                    out.append(result)
                elif result:
                    out.extend(result)
            return out
        return call

    def term(self, tm: TriplesMap, term: TermMap) -> Gen:
        values = self.values(tm, term)
        where = self.where(tm, term)
        if term.term_type == "iri":
            base = self.base_iri

            def make_iri(rec: Record) -> list[str]:
                out = []
                for v in values(rec):
                    full = v if terms.is_absolute_iri(v) else base + v
                    if not terms.is_absolute_iri(full):
                        raise MappingError(f"'{full}' is not a valid IRI", location=_at(where, rec),
                                           hint="percent-encode spaces and other unsafe characters, or set a base IRI")
                    out.append(f"<{full}>")
                return out
            return make_iri
        if term.term_type == "blank":
            return lambda rec: [terms.blank(v) for v in values(rec)]
        language = term.language
        if language is not None and not terms.is_language_tag(language):
            raise MappingError(f"'{language}' is not a valid language tag", location=where)
        datatype = term.datatype
        if term.language_map is not None:
            languages = self.values(tm, term.language_map)

            def with_language(rec: Record) -> list[str]:
                tags = languages(rec)
                for tag in tags:
                    if not terms.is_language_tag(tag):
                        raise MappingError(f"'{tag}' is not a valid language tag", location=_at(where, rec))
                return [terms.literal(v, language=t) for v in values(rec) for t in tags[:1]]
            return with_language
        if term.datatype_map is not None:
            datatypes = self.values(tm, term.datatype_map)
            return lambda rec: [terms.literal(v, datatype=d) for v in values(rec) for d in datatypes(rec)[:1]]
        return lambda rec: [terms.literal(v, language=language, datatype=datatype) for v in values(rec)]

    def graph_terms(self, tm: TriplesMap, maps: tuple[TermMap, ...]) -> Gen | None:
        if not maps:
            return None
        gens = [self.term(tm, g) for g in maps]
        default = f"<{self.default_graph}>" if self.default_graph else ""

        def graphs(rec: Record) -> list[str]:
            out = []
            for gen in gens:
                out.extend(default if g == f"<{DEFAULT_GRAPH}>" else g for g in gen(rec))
            return out
        return graphs

    def subject_of(self, tm: TriplesMap) -> Gen:
        if tm.name not in self._subjects:
            self._subjects[tm.name] = self.term(tm, tm.subject)
        return self._subjects[tm.name]

    def join_index(self, parent: TriplesMap, joins: tuple) -> dict[tuple, list[str]]:
        key = (parent.name, joins)
        if key not in self._join_index:
            index: dict[tuple, list[str]] = {}
            subject = self.subject_of(parent)
            refs = [j.parent for j in joins]
            for rec in self._records(parent):
                subjects = subject(rec)
                if not subjects:
                    continue
                for combo in itertools.product(*(rec.values(r) for r in refs)):
                    index.setdefault(combo, []).extend(subjects)
            self._join_index[key] = index
        return self._join_index[key]

    def object_gen(self, tm: TriplesMap, obj) -> Gen:
        if isinstance(obj, TermMap):
            return self.term(tm, obj)
        parent = self.mapping.triples_map(obj.parent)
        if not obj.joins:
            return self.subject_of(parent)
        refs = [j.child for j in obj.joins]

        def joined(rec: Record) -> list[str]:
            index = self.join_index(parent, obj.joins)
            out: list[str] = []
            for combo in itertools.product(*(rec.values(r) for r in refs)):
                out.extend(index.get(combo, ()))
            return out
        return joined

    # running ------------------------------------------------------------------------------
    def _records(self, tm: TriplesMap) -> Iterator[Record]:
        source = self.sources[tm.source]
        try:
            yield from read_records(source)
        except SourceError as exc:
            if exc.location is None:
                exc.location = source.where()
            raise

    def _run(self, tm: TriplesMap) -> Iterator[str]:
        subject = self.subject_of(tm)
        default = f"<{self.default_graph}>" if self.default_graph else ""
        tm_graphs = self.graph_terms(tm, tm.graphs)
        classes = [f"<{c}>" if terms.is_absolute_iri(c) else f"<{self.base_iri}{c}>" for c in tm.classes]
        poms = [(pom, [self.term(tm, p) for p in pom.predicates],
                 [(o, self.object_gen(tm, o)) for o in pom.objects],
                 self.graph_terms(tm, pom.graphs)) for pom in tm.predicate_objects]
        lineage = self.lineage
        source_name = str(tm.source.path)
        stats = self.stats
        empty = stats.empty
        count = 0
        rec = None
        try:
            for rec in self._records(tm):
                stats.records[tm.name] += 1
                subjects = subject(rec)
                if not subjects:
                    empty[tm.subject.rule] += 1
                    continue
                base_graphs = tm_graphs(rec) if tm_graphs else [default]
                for s in subjects:
                    for c in classes:
                        for g in base_graphs:
                            count += 1
                            yield f"{s} {RDF_TYPE} {c} {g} .\n" if g else f"{s} {RDF_TYPE} {c} .\n"
                        if lineage is not None:
                            lineage.add(s, RDF_TYPE, c, source_name, rec.locator, f"{tm.name}: class")
                for pom, preds, objs, pom_graphs in poms:
                    graphs = base_graphs if pom_graphs is None else (pom_graphs(rec) + (tm_graphs(rec) if tm_graphs else []))
                    predicates = [p for gen in preds for p in gen(rec)]
                    if not predicates:
                        empty[pom.rule] += 1
                        continue
                    for obj_map, gen in objs:
                        objects = gen(rec)
                        if not objects:
                            empty[obj_map.rule + _object_hint(obj_map)] += 1
                            continue
                        for s in subjects:
                            for p in predicates:
                                for o in objects:
                                    for g in graphs:
                                        count += 1
                                        yield f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n"
                                    if lineage is not None:
                                        lineage.add(s, p, o, source_name, rec.locator, pom.rule)
        except KeyError as exc:
            available = ", ".join(rec.available()) if rec is not None else ""
            raise MappingError(
                f"the reference '{exc.args[0]}' is not in {Path(source_name).name} (it has: {available})",
                location=Location(str(self.mapping.path), line=tm.line, rule=tm.name,
                                  record=rec.locator if rec is not None else None),
            ) from None
        except MappingError as exc:
            if exc.location is not None and exc.location.record is None and rec is not None:
                exc.location = Location(exc.location.path, exc.location.line, f"{Path(source_name).name} {rec.locator}",
                                        exc.location.rule)
            raise
        finally:
            stats.quads += count


def _object_hint(obj) -> str:
    if isinstance(obj, RefObjectMap):
        return f" (join to {obj.parent})"
    if obj.kind in ("reference", "template") and obj.value:
        return f" ({obj.value})"
    return ""


def _at(where: Location, rec: Record) -> Location:
    return Location(where.path, where.line, rec.locator, where.rule)


_PLACEHOLDER = re.compile(r"(?<!\\)\{((?:[^{}\\]|\\.)*)\}")


def _template(template: str, *, safe: bool) -> Gen:
    parts: list[tuple[bool, str]] = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append((False, _unescape(template[last:match.start()])))
        parts.append((True, _unescape(match.group(1))))
        last = match.end()
    parts.append((False, _unescape(template[last:])))
    parts = [p for p in parts if p[0] or p[1]]

    def expand(rec: Record) -> list[str]:
        results = [""]
        for is_ref, text in parts:
            if not is_ref:
                results = [r + text for r in results]
                continue
            vals = rec.values(text)
            if not vals:
                return []
            if safe:
                vals = [terms.iri_safe(v) for v in vals]
            results = [r + v for r in results for v in vals]
        return results
    return expand


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _bind_inputs(mapping: Mapping, inputs: dict[str, Path]) -> dict[LogicalSource, LogicalSource]:
    """The mapping's sources, with files replaced by the project's inputs where it names them.

    A project may give one input for a mapping that reads one file, or a table from the file
    names the mapping reads (``objecten.csv``) to the project's files.
    """
    files = mapping.files()
    if "" in inputs and len(files) > 1:
        names = ", ".join(sorted(p.name for p in files))
        raise MappingError(f"the mapping reads {len(files)} files ({names}); name the input for each",
                           location=Location(str(mapping.path)))
    known = {p.name for p in files}
    for name in inputs:
        if name and name not in known:
            raise MappingError(f"the project gives an input for '{name}', which the mapping does not read "
                               f"(it reads: {', '.join(sorted(known))})", location=Location(str(mapping.path)))
    bound: dict[LogicalSource, LogicalSource] = {}
    for source in mapping.sources():
        replacement = inputs.get("") or inputs.get(source.path.name)
        bound[source] = source if replacement is None else replace(source, path=Path(replacement))
    return bound


def execute(mapping: Mapping, *, base_iri: str | None = None, default_graph: str | None = None,
            inputs: dict[str, Path] | None = None, lineage: LineageSink | None = None) -> MappingRun:
    """Bind a mapping to its inputs; iterate ``run.quads()`` to produce N-Quads lines."""
    return MappingRun(mapping, base_iri=base_iri, default_graph=default_graph, inputs=inputs, lineage=lineage)
