"""The summary a report starts with: counts per check, per mapping rule, per source, and the worst rows.

A report of 12,000 results is read from the top: how bad is it, which checks fail how often,
which mapping rules and which sources are behind them, and which rows of the export have the
most problems. Every rendering writes the same :class:`Summary` (the JSON as ``summary``, the HTML
as its first section), and the filters of the HTML page use its names.

A result's *source* is the project's source that made it (in a build), or else the file its
record is in; a result without an origin (data given as RDF) has none. A *row* is a record of a
source file (``objecten.csv line 12``, an XPath in an XML export).

>>> from rdflib import URIRef
>>> from .report import Origin, ValidationReport, ValidationResult
>>> one = lambda severity, line: ValidationResult(URIRef("https://ex.org/" + line), "p", None, "MinCount",
...     severity, {"en": "no title"}, URIRef("https://ex.org/S"),
...     origins=(Origin("objecten.csv", "line " + line, "titel"),))
>>> summary = Summary.of(ValidationReport(results=[one("Warning", "3"), one("Violation", "3"), one("Warning", "4")]))
>>> [(row.source_file, row.record, row.counts) for row in summary.worst_rows]
[('objecten.csv', 'line 3', {'Violation': 1, 'Warning': 1, 'Info': 0}), ('objecten.csv', 'line 4', {'Violation': 0, 'Warning': 1, 'Info': 0})]
>>> [(c.severity, c.count) for c in summary.checks]
[('Violation', 1), ('Warning', 2)]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .entries import entry_id

if TYPE_CHECKING:
    from .report import ValidationReport, ValidationResult

SEVERITIES = ("Violation", "Warning", "Info")
#: how many of the rows with the most problems the summary names
WORST_ROWS = 20
#: what a result without an origin is filed under, as the filters name it
NO_SOURCE = ""


def empty_counts() -> dict[str, int]:
    return {severity: 0 for severity in SEVERITIES}


def source_of(result: ValidationResult) -> str:
    """The source a result came from: the build's source, or the file of its record (``NO_SOURCE``)."""
    origin = result.origin
    if origin is None:
        return NO_SOURCE
    return origin.source or origin.source_file


def natural_key(text: str) -> tuple:
    """Records in the order of their file: ``line 9`` before ``line 10``, ``lido[2]`` before ``lido[10]``.

    >>> sorted(["line 10", "line 9", "/lido[2]", "/lido[10]"], key=natural_key)
    ['/lido[2]', '/lido[10]', 'line 9', 'line 10']
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)


def row_order(result: ValidationResult) -> tuple:
    """A check's results by source, file and record, then by thing."""
    origin = result.origin
    where = (source_of(result), origin.source_file, natural_key(origin.record)) if origin else ("", "", ())
    return (*where, str(result.focus), str(result.value or ""))


def group_id(severity: str, shape: str, message: str) -> str:
    """The stable id of a check's group of results (``g-`` and 12 hex digits), the anchor of its section."""
    return entry_id("g", severity, shape, message)


@dataclass(frozen=True)
class Check:
    """One check that failed: a shape with one message, at one severity, and how often."""

    id: str
    severity: str
    shape: str
    constraint: str
    messages: dict[str, str]
    names: dict[str, str]
    count: int
    #: the paths of its results (usually one: the shape's)
    paths: tuple[str, ...]
    results: list[ValidationResult] = field(repr=False, compare=False, default_factory=list)

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get("") or self.shape.rsplit("#", 1)[-1]

    def to_json(self) -> dict:
        return {"id": self.id, "severity": self.severity, "shape": self.shape, "constraint": self.constraint,
                "name": self.names, "message": self.messages, "count": self.count}


@dataclass(frozen=True)
class Row:
    """A record of a source file with problems, and how many of each severity."""

    source_file: str
    record: str
    counts: dict[str, int]
    checks: tuple[str, ...]

    def to_json(self) -> dict:
        return {"source_file": self.source_file, "record": self.record, "counts": self.counts,
                "checks": list(self.checks)}


@dataclass(frozen=True)
class Summary:
    checks: list[Check]
    #: (severity, mapping rule) -> results, most first
    rules: list[tuple[tuple[str, str], int]]
    #: source -> counts per severity, in the order of most violations, warnings, notes
    sources: dict[str, dict[str, int]]
    worst_rows: list[Row]
    #: how many rows (records) have a problem at all
    rows: int

    @classmethod
    def of(cls, report: ValidationReport, *, worst: int = WORST_ROWS) -> "Summary":
        checks = [Check(id=group_id(severity, shape, message), severity=severity, shape=shape,
                        constraint=results[0].constraint, messages=results[0].messages,
                        names=results[0].shape_name, count=len(results),
                        paths=tuple(dict.fromkeys(r.path or "" for r in results)),
                        results=sorted(results, key=row_order))
                  for (severity, shape, message), results in report.groups()]
        sources: dict[str, dict[str, int]] = defaultdict(empty_counts)
        rows: dict[tuple[str, str], Counter] = defaultdict(Counter)
        row_checks: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
        for check in checks:
            for result in check.results:
                sources[source_of(result)][result.severity] += 1
                for record in dict.fromkeys((o.source_file, o.record) for o in result.origins):
                    rows[record][result.severity] += 1
                    row_checks[record][check.id] = None
        ranked = sorted(rows.items(), key=lambda kv: (*(-kv[1][s] for s in SEVERITIES), kv[0]))
        return cls(
            checks=checks, rules=report.rule_counts(),
            sources=dict(sorted(sources.items(), key=lambda kv: (*(-kv[1][s] for s in SEVERITIES), kv[0]))),
            worst_rows=[Row(file, record, {s: counts[s] for s in SEVERITIES}, tuple(row_checks[(file, record)]))
                        for (file, record), counts in ranked[:worst]],
            rows=len(rows))

    def to_json(self) -> dict:
        return {"checks": [c.to_json() for c in self.checks],
                "sources": [{"source": name, "counts": counts} for name, counts in self.sources.items()],
                "rows_with_problems": self.rows,
                "worst_rows": [r.to_json() for r in self.worst_rows]}
