"""What a mapping rule read in the record a result is about: the uploader's own columns and values.

Lineage says which record and which rule made (or should have made) a value. The rule says what
it reads: its references, as the mapping wrote them (a CSV column, an XPath, a JSONPath). With
both, the record is read again from the uploaded file and each reference's values there are
noted on the result's origin (:attr:`~cultuurgraaf.validation.report.Origin.read`), so a report
can say ``objecten.csv, line 5, column titel: empty``. Each file is read once, only as far as
its last wanted record, and only for results about it.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from ..errors import CultuurgraafError
from ..mapping import MappingRun
from ..mapping.model import Mapping, TermMap, TriplesMap
from ..sources import LogicalSource, read_records
from ..validation.report import Origin, ValidationReport
from .uploads import name_in


def rule_reads(mapping: Mapping) -> dict[str, tuple[TriplesMap, tuple[str, ...]]]:
    """For each rule that makes a property's values, its triples map and the references it reads, in order.

    A rule that joins with another triples map reads its join's child references (or, without a
    join, what the parent's subject reads in the same record). A triples map's own rule and its
    subject's are left out: a result points at them when no rule made the value it is about (a
    missing title, where the titles are read from records that were not there), and what the
    subject read (the record's id) is not what is missing.
    """
    reads: dict[str, tuple[TriplesMap, list[str]]] = {}

    def note(rule: str | None, tm: TriplesMap, references: list[str]) -> None:
        if rule:
            known = reads.setdefault(rule, (tm, []))[1]
            known.extend(r for r in references if r not in known)

    for tm in mapping.triples_maps:
        for pom in tm.predicate_objects:
            for obj in pom.objects:
                if isinstance(obj, TermMap):
                    references = obj.references()
                elif obj.joins:
                    references = [r for join in obj.joins for r in join.child.references()]
                else:
                    references = mapping.triples_map(obj.parent).subject.references()
                note(obj.rule or pom.rule, tm, references)
    return {rule: (tm, tuple(references)) for rule, (tm, references) in reads.items()}


def add_cells(report: ValidationReport, runs: list[MappingRun], *, root: Path) -> ValidationReport:
    """The report with what each origin's rule read in its record, read again from the files of ``runs``
    (origins name their files relative to ``root``)."""
    if not runs:
        return report
    reads = rule_reads(runs[0].mapping)
    files = {}
    for run in runs:
        for logical, bound in run.sources.items():
            files[(logical, name_in(bound.path, root))] = bound
    wanted: dict[LogicalSource, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for origin in _origins(report):
        if origin.rule in reads and (bound := files.get((reads[origin.rule][0].source, origin.source_file))):
            wanted[bound][origin.record].update(reads[origin.rule][1])
    found = {(name_in(source.path, root), locator): cells
             for source, records in wanted.items() for locator, cells in _read(source, records).items()}

    def with_cells(origin: Origin) -> Origin:
        cells = found.get((origin.source_file, origin.record))
        if cells is None or origin.rule not in reads:
            return origin
        return replace(origin, read=tuple((ref, cells.get(ref, ())) for ref in reads[origin.rule][1]))

    report.results = [r.with_origins(tuple(with_cells(o) for o in r.origins)) for r in report.results]
    return report


def _origins(report: ValidationReport):
    for result in report.results:
        yield from result.origins


def _read(source: LogicalSource, records: dict[str, set[str]]) -> dict[str, dict[str, tuple[str, ...]]]:
    """The values of the wanted references in the wanted records of one source, by locator."""
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    try:
        with closing(read_records(source)) as stream:
            for record in stream:
                references = records.get(record.locator)
                if references is not None and record.locator not in found:
                    found[record.locator] = {ref: tuple(record.values(ref)) for ref in references}
                    if len(found) == len(records):
                        break
    except CultuurgraafError:
        pass  # the mapping read it a moment ago; what was read before a failure is still right
    return found
