"""Applying a mapping to its sources: records in, N-Quads lines out.

Each triples map is compiled into one Python function for the source it reads
(``compiler.py``), then records stream through it. Memory holds one chunk of lines at a time,
plus the join indexes (parent key -> parent subjects). The run keeps count of what it made and
of every term map that yielded nothing, so nothing is lost silently, and it can note for each
record the subject and the rules that made it (``lineage.py``).
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, Iterator, Protocol

from ..errors import Location, MappingError, SourceError
from ..sources import LogicalSource, Records, open_records
from ..sources.csv_parts import Part
from ..sources.parts import cut_parts
from ..sources.tree_parts import TreePart
from .compiler import RDF_TYPE, CompiledMap, TriplesMapCompiler, assemble, probe
from .model import Mapping, RefObjectMap, TriplesMap
from .stats import MappingStats


class LineageSink(Protocol):
    """Where a run notes lineage: :class:`~.lineage.Lineage` (memory) or ``LineageWriter`` (file)."""

    def begin(self, triples_map: str, file: str, rules: dict[str, list[str]], *, class_rule: str = "") -> int: ...

    def add_record(self, subject: str, map_id: int, locator: str) -> None: ...

    def add_records(self, map_id: int, records: list[tuple[str, str | int]]) -> None:
        """Many (subject, place) notes at once; a place that is an int is a CSV line."""

    def add_triple(self, subject: str, predicate: str, obj: str, map_id: int, locator: str, rule: str) -> None: ...


@dataclass(frozen=True)
class Shard:
    """This process's share of a run that ``workers`` processes share (see ``parallel.py``).

    A file that can be cut (CSV, ``csv_parts.py``; JSON, JSON Lines and XML, ``tree_parts.py``)
    is read only from its ``worker``-th part when ``by_bytes``; every other source is read whole
    and mapped ``batch`` records at a time, every ``workers``-th batch from the ``worker``-th.
    """

    worker: int
    workers: int
    batch: int
    by_bytes: bool = True


class MappingRun:
    """A mapping bound to its inputs; iterate :meth:`quads` (or :meth:`chunks`) to run it, then read
    :attr:`stats`."""

    def __init__(self, mapping: Mapping, *, base_iri: str | None, default_graph: str | None,
                 inputs: dict[str, Path] | None, lineage: LineageSink | None,
                 shard: Shard | None = None, value_lineage: frozenset[str] = frozenset()):
        self.mapping = mapping
        self.base_iri = base_iri if base_iri is not None else (mapping.base_iri or "")
        self.default_graph = default_graph
        self.lineage = lineage
        self.value_lineage = value_lineage
        self.stats = MappingStats()
        self.sources = _bind_inputs(mapping, inputs or {})
        self._indexes: dict[tuple, dict] = {}
        self._fresh = itertools.count().__next__
        #: this process's share of the records, when several share the run (see ``parallel.py``)
        self.shard = shard
        worker = f"w{shard.worker}" if shard is not None else ""
        self._fresh_prefix = f"_:f{uuid.uuid4().hex[:8]}{worker}x"

    # running --------------------------------------------------------------------------------
    def chunks(self) -> Iterator[list[str]]:
        """The output as lists of N-Quads lines, a few thousand at a time (the fast way to consume it)."""
        for group in self._groups():
            yield from self._run(group)

    def quads(self) -> Iterator[str]:
        """The output one N-Quads line at a time."""
        for chunk in self.chunks():
            yield from chunk

    def write(self, handle: IO[str]) -> int:
        """Write the output to a text handle; returns the number of quads."""
        count = 0
        for chunk in self.chunks():
            handle.write("".join(chunk))
            count += len(chunk)
        return count

    def compiled(self) -> list[tuple[str, str]]:
        """(triples maps, Python source) of each function the engine runs: one a source read."""
        found = []
        for group in self._groups():
            records = self._open(group[0].source)
            try:
                compiled, _ = self._compile(group, records)
                found.append((compiled.name, compiled.source))
            finally:
                records.close()
        return found

    # internals ------------------------------------------------------------------------------
    def _options(self) -> dict[str, Any]:
        return dict(mapping_path=str(self.mapping.path), base_iri=self.base_iri, default_graph=self.default_graph,
                    join_index=self._join_index, parent_of=self._parent, fresh=self._fresh,
                    fresh_prefix=self._fresh_prefix)

    def _compiler(self, tm: TriplesMap, records: Records, lineage_id: int = 0, suffix: str = "") -> TriplesMapCompiler:
        return TriplesMapCompiler(tm, records, lineage=self.lineage, lineage_id=lineage_id, suffix=suffix,
                                  value_lineage=self.value_lineage, stats=self.stats, **self._options())

    def _parent(self, name: str) -> TriplesMap:
        try:
            return self.mapping.triples_map(name)
        except KeyError:
            known = ", ".join(tm.name for tm in self.mapping.triples_maps)
            raise MappingError(f"'{name}' is not a triples map of this mapping (it has: {known})",
                               location=Location(str(self.mapping.path))) from None

    def _open(self, logical: LogicalSource, part: Part | TreePart | None = None) -> Records:
        source = self.sources[logical]
        try:
            return open_records(source) if part is None else open_records(source, part=part)
        except SourceError as exc:
            if exc.location is None:
                exc.location = source.where()
            raise

    def _join_index(self, obj: RefObjectMap) -> dict:
        key = (obj.parent, obj.joins)
        if key in self._indexes:
            return self._indexes[key]
        parent = self._parent(obj.parent)
        records = self._open(parent.source)
        index: dict[Any, list[str]] = {}
        try:
            keys_of = probe(parent, records, obj.joins, **self._options())
            for raw in records:
                subjects, *keys = keys_of(raw)
                if not subjects:
                    continue
                if not keys:
                    index.setdefault((), []).extend(subjects)
                elif len(keys) == 1:
                    for k in keys[0]:
                        found = index.get(k)
                        if found is None:
                            index[k] = list(subjects)
                        else:
                            found.extend(s for s in subjects if s not in found)
                else:
                    for combo in itertools.product(*keys):
                        index.setdefault(combo, []).extend(subjects)
        except (MappingError, SourceError) as exc:
            raise _located(exc, self.mapping, parent, records) from None
        finally:
            records.close()
        for k, subjects in index.items():
            if len(subjects) > 1:
                index[k] = list(dict.fromkeys(subjects))
        self._indexes[key] = index
        return index

    def _lineage_rules(self, tm: TriplesMap) -> dict[str, list[str]]:
        rules: dict[str, list[str]] = {}
        for pom in tm.predicate_objects:
            for p in pom.predicates:
                if p.kind == "constant":
                    for obj in pom.objects:
                        rules.setdefault(p.value or "", []).append(obj.rule or pom.rule)
        return {p: list(dict.fromkeys(r)) for p, r in rules.items()}

    def _groups(self) -> list[list[TriplesMap]]:
        """The triples maps grouped by the source they read (in the order they first appear), so
        each source is read once for all the maps that read it."""
        groups: dict[LogicalSource, list[TriplesMap]] = {}
        for tm in self.mapping.triples_maps:
            groups.setdefault(self.sources[tm.source], []).append(tm)
        return list(groups.values())

    def _part(self, logical: LogicalSource) -> Part | TreePart | None:
        """The part of a file this process reads, when the run is shared by bytes and the file can be cut."""
        shard = self.shard
        if shard is None or not shard.by_bytes:
            return None
        parts = cut_parts(self.sources[logical], shard.workers)
        return None if parts is None else parts[shard.worker]

    def cut_files(self) -> None:
        """Cut the files the run reads by bytes now, before the processes that share it start: each
        file is read for its cuts once (the cuts are kept, and the processes are forked)."""
        for group in self._groups():
            self._part(group[0].source)

    def _compile(self, tms: list[TriplesMap], records: Records,
                 whole: bool = True) -> tuple[CompiledMap, list[int]]:
        lineage_ids = []
        compilers = []
        for i, tm in enumerate(tms):
            lineage_id = 0
            if self.lineage is not None:
                lineage_id = self.lineage.begin(tm.name, str(self.sources[tm.source].path), self._lineage_rules(tm),
                                                class_rule=tm.subject.rule if tm.classes else "")
            lineage_ids.append(lineage_id)
            compiler = self._compiler(tm, records, lineage_id, suffix=f"_{i}" if len(tms) > 1 else "")
            try:
                compiler.compile_body()
            except (MappingError, SourceError) as exc:
                raise _located(exc, self.mapping, tm, None) from None
            compilers.append(compiler)
        shard = self.shard
        batches = (shard.worker, shard.workers, shard.batch) if shard is not None and whole else None
        return assemble(compilers, shard=batches), lineage_ids

    def _run(self, tms: list[TriplesMap]) -> Iterator[list[str]]:
        part = self._part(tms[0].source)
        records = self._open(tms[0].source, part)
        stats = self.stats
        try:
            compiled, lineage_ids = self._compile(tms, records, whole=part is None)
        except (MappingError, SourceError):
            records.close()
            raise
        empties = [[0] * len(rules) for rules in compiled.empty_rules]
        try:
            lineage = self.lineage
            triple_lineage = lineage.add_triple if lineage is not None else None
            noted: list[list] | None = [[] for _ in tms] if lineage is not None else None
            rows = records.rows() if hasattr(records, "rows") else records
            for chunk in compiled.run(rows, empties, records.locator, triple_lineage, noted):
                if noted is not None:
                    self._hand_on(noted, lineage_ids)
                stats.quads += len(chunk)
                yield chunk
            if noted is not None:
                self._hand_on(noted, lineage_ids)
        except (MappingError, SourceError) as exc:
            raise _located(exc, self.mapping, tms[0], records) from None
        except Exception as exc:
            translated = records.translate_error(exc) if hasattr(records, "translate_error") else None
            if translated is None:
                raise
            raise _located(translated, self.mapping, tms[0], records) from exc
        finally:
            records.close()
            for tm, rules, counts in zip(tms, compiled.empty_rules, empties):
                stats.records[tm.name] += counts[0]
                if counts[1]:
                    stats.no_subject[tm.name] += counts[1]
                for label, count in zip(rules[2:], counts[2:]):
                    if count:
                        stats.empty[label] += count
            if part is not None or self.shard is None or self.shard.worker == 0:
                # a file every process reads whole is noted by the first only
                stats.notes.update(getattr(records, "notes", {}))

    def _hand_on(self, noted: list[list], lineage_ids: list[int]) -> None:
        add_lines = getattr(self.lineage, "add_lines", None)
        for notes, lineage_id in zip(noted, lineage_ids):
            if notes:
                if add_lines is not None:
                    add_lines(notes)
                else:
                    self.lineage.add_records(lineage_id, notes)
                notes.clear()


def _located(exc: MappingError | SourceError, mapping: Mapping, tm: TriplesMap,
             records: Records | None) -> MappingError | SourceError:
    """The error with the record it happened at (when there is one), and the mapping file, line and rule."""
    try:
        locator = records.locator() if records is not None else ""
    except Exception:  # noqa: BLE001 - a reader that has not started has no locator
        locator = ""
    source = getattr(records, "source", tm.source)
    file = source.endpoint or source.path.name  # an endpoint's path only names it: its URL says where
    record = f"{file} {locator}" if locator else None
    loc = exc.location
    if isinstance(exc, SourceError) and (loc is None or loc.path != str(mapping.path)):
        if loc is not None and loc.path and loc.path != str(mapping.path) and loc.record:
            return exc
        return MappingError(exc.message, location=Location(str(mapping.path), line=tm.line,
                                                           record=record, rule=tm.name), hint=exc.hint)
    if loc is None:
        loc = Location(str(mapping.path), line=tm.line, rule=tm.name)
    if loc.record is None and record is not None and loc.path == str(mapping.path):
        exc.location = replace(loc, record=record)
    return exc


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
            inputs: dict[str, Path] | None = None, lineage: LineageSink | None = None,
            shard: Shard | None = None, value_lineage: frozenset[str] = frozenset()) -> MappingRun:
    """Bind a mapping to its inputs; iterate ``run.quads()`` to produce N-Quads lines.

    ``shard`` maps only the records that fall to one of several processes sharing the run
    (:class:`Shard`, ``parallel.py``); join indexes are still built from every record.
    ``value_lineage`` names predicates (IRIs) whose every triple the ``lineage`` notes with its
    value, so that two records that give one subject different values can be told apart.
    """
    return MappingRun(mapping, base_iri=base_iri, default_graph=default_graph, inputs=inputs, lineage=lineage,
                      shard=shard, value_lineage=value_lineage)


__all__ = ["MappingRun", "MappingStats", "LineageSink", "Shard", "execute", "RDF_TYPE"]
