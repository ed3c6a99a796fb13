"""Pointing validation results at their origin: the source file, the record and the mapping rule.

A mapping run keeps a lineage (``cultuurgraaf.mapping.lineage``): for each subject, the records
and triples maps that made it, and each triples map's rules by predicate. A result about
(focus node, path) is looked up there; a missing value finds the rule that should have made it.
A result whose value is a nested blank node (an identifier, a dimension) is also pointed at the
rule that made that node, after the record's own triple. A blank focus node that no rule made
is walked up to the triple that refers to it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, URIRef
from rdflib.term import Node

from ..mapping.lineage import Lineage
from ..mapping.model import Mapping, RefObjectMap
from .report import Origin, ValidationReport, ValidationResult

MAX_WALK = 5


def nt(node: Node) -> str | None:
    """The N-Triples form lineage keys use, for IRIs and blank nodes."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    return None


def shown_path(path: str | Path) -> str:
    """A file path as a report shows it: relative to the working folder when it lies below it."""
    text = str(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:
        return text
    return relative if not relative.startswith("..") else text


def rule_lines(mapping: Mapping) -> dict[str, int]:
    """The line of each rule of a mapping file, by the rule names lineage uses."""
    lines: dict[str, int] = {}

    def note(rule: str | None, line: int | None) -> None:
        if rule and line and rule not in lines:
            lines[rule] = line

    for tm in mapping.triples_maps:
        note(tm.name, tm.line)
        note(tm.subject.rule, tm.subject.line or tm.line)
        for pom in tm.predicate_objects:
            note(pom.rule, pom.line)
            for obj in pom.objects:
                note(obj.rule, obj.line if not isinstance(obj, RefObjectMap) or obj.line else pom.line)
    return lines


@dataclass
class MappedSource:
    """The lineage of one mapping run, with the mapping it ran and the project's name for it."""

    lineage: Lineage
    mapping: Mapping
    source: str | None = None
    _lines: dict[str, int] = field(default_factory=dict)
    #: each source file as reports show it, made once: one string for all the origins in it
    _files: dict[str, str] = field(default_factory=dict)
    _mapping_file: str = ""

    def __post_init__(self) -> None:
        self._lines = rule_lines(self.mapping)
        self._mapping_file = shown_path(self.mapping.path)

    def origins(self, subject: str, predicate: str | None) -> list[Origin]:
        return [self.origin(o) for o in self.lineage.lookup(subject, predicate)]

    def values(self, subject: str, predicate: str) -> list[tuple[str, Origin]]:
        """The values lineage noted one by one for (subject, predicate), each with its origin."""
        return [(value, self.origin(o)) for value, o in self.lineage.values(subject, predicate)]

    def origin(self, found) -> Origin:
        files = self._files
        if found.file not in files:
            files[found.file] = shown_path(found.file)
        return Origin(source_file=files[found.file], record=found.locator, rule=found.rule,
                      mapping_file=self._mapping_file, mapping_line=self._lines.get(found.rule), source=self.source)


class Origins:
    """The lineage of every mapping run behind the data, asked about validation results."""

    def __init__(self, sources: list[MappedSource] | None = None, *, referrers=None):
        self.sources: list[MappedSource] = list(sources or [])
        self.referrers = referrers

    def add(self, lineage: Lineage, mapping: Mapping, *, source: str | None = None) -> None:
        self.sources.append(MappedSource(lineage, mapping, source))

    def lookup(self, subject: str, predicate: str | None) -> list[Origin]:
        found: list[Origin] = []
        for mapped in self.sources:
            found += mapped.origins(subject, predicate)
        return found

    def values(self, subject: str, predicate: str) -> list[tuple[str, Origin]]:
        """The values noted one by one for (subject, predicate) in every mapping run, with their origins."""
        found: list[tuple[str, Origin]] = []
        for mapped in self.sources:
            found += mapped.values(subject, predicate)
        return found

    def find(self, result: ValidationResult) -> tuple[Origin, ...]:
        return self.locate(result.focus, result.path, result.value)

    def locate(self, focus: Node, path: str | None, value: Node | None = None) -> tuple[Origin, ...]:
        """The origins of (focus, path): the rule that made (or should have made) the value, in the
        records that made the focus node; a blank value's own origins are added."""
        subject = nt(focus)
        if subject is None or not self.sources:
            return ()
        path = f"<{path}>" if path and "://" in path and not path.startswith(("^", "(", "<")) else None
        found = self.lookup(subject, path) if path else []
        if not found:
            found = self.lookup(subject, None)
        if not found and isinstance(focus, BNode):
            found = self.walk_up(focus)
        blank = nt(value) if isinstance(value, BNode) else None
        if blank is not None:
            found += self.lookup(blank, None)
        return tuple(dict.fromkeys(found))

    def walk_up(self, node: BNode) -> list[Origin]:
        """The origins of the triple that refers to a blank node no rule made as a subject."""
        if self.referrers is None:
            return []
        current: Node = node
        for _ in range(MAX_WALK):
            parents = self.referrers(current)
            if not parents:
                return []
            subject, predicate = parents[0]
            found = self.lookup(nt(subject) or "", f"<{predicate}>")
            if found:
                return found
            current = subject
        return []

    def attach(self, report: ValidationReport) -> ValidationReport:
        """The report with each result pointed at its origins."""
        if not self.sources:
            return report
        report.results = [r.with_origins(self.find(r)) for r in report.results]
        return report
