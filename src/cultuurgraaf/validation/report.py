"""The validation report: every result, grouped by shape and message with counts, never truncated.

A :class:`ValidationResult` says what is wrong (focus node, path, value, constraint, severity,
the shape's message in Dutch and English) and, when the data came through a mapping, where it
came from (:class:`Origin`: the source file, the record in it, the mapping rule and the line of
that rule in the mapping file). Beside the results, a build's report holds its merge conflicts,
the entities it held back and the links to them (``findings``). Every entry has a stable ``id``.
Text and JSON are written here; Turtle, HTML and SARIF have modules of their own
(``render_turtle``, ``render_html``, ``sarif``).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields, replace
from typing import IO, Callable, Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from . import json_stream
from .entries import entry_id
from .summary import Summary

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a triple came from: the record of a source file and the mapping rule that made it."""

    source_file: str
    record: str
    rule: str
    mapping_file: str | None = None
    mapping_line: int | None = None
    source: str | None = None
    #: what the rule read in the record, where that is known (the export checker): each reference
    #: as the rule wrote it (a CSV column, an XPath, a JSONPath) with the values it gave there
    read: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def to_json(self) -> dict:
        body = {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None and f.name != "read"}
        if self.read:
            body["read"] = [{"reference": reference, "values": list(values)} for reference, values in self.read]
        return body

    def __str__(self) -> str:
        return f"{self.source_file} {self.record}, rule '{self.rule}'"

    def line(self) -> str:
        """The origin as the text report writes it: ``from FILE RECORD, rule 'RULE' in MAPPING (line N)``."""
        at_line = f" (line {self.mapping_line})" if self.mapping_line else ""
        mapping = f" in {self.mapping_file}{at_line}" if self.mapping_file else ""
        return f"from {self}{mapping}"


def term_text(node: Node | None) -> str:
    """A term as people read it in a report: IRIs bare, literals quoted with their tag or type.

    >>> term_text(URIRef("https://data.cultuurgraaf.be/id/erfgoedobject/1"))
    'https://data.cultuurgraaf.be/id/erfgoedobject/1'
    >>> term_text(Literal("ca. 1890", datatype=URIRef("http://id.loc.gov/datatypes/edtf/EDTF")))
    '"ca. 1890"^^<http://id.loc.gov/datatypes/edtf/EDTF>'
    >>> term_text(Literal("Theepot", lang="nl"))
    '"Theepot"@nl'
    """
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        text = json.dumps(str(node), ensure_ascii=False)
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None:
            return f"{text}^^<{node.datatype}>"
        return text
    return str(node)


@dataclass(frozen=True, slots=True)
class ValidationResult:
    focus: Node
    path: str | None
    value: Node | None
    constraint: str
    severity: str
    messages: dict[str, str]
    shape: Node
    shape_name: dict[str, str] = field(default_factory=dict)
    origins: tuple[Origin, ...] = ()

    def message(self, language: str = "en") -> str:
        return self.messages.get(language) or self.messages.get("") or next(iter(self.messages.values()), "")

    @property
    def origin(self) -> Origin | None:
        return self.origins[0] if self.origins else None

    @property
    def source_file(self) -> str | None:
        return self.origin.source_file if self.origin else None

    @property
    def record(self) -> str | None:
        return self.origin.record if self.origin else None

    @property
    def rule(self) -> str | None:
        return self.origin.rule if self.origin else None

    def key(self) -> tuple:
        """What two validators must agree on: focus, path, value, constraint, shape and severity."""
        return (self.focus, self.path, self.value, self.constraint, self.shape, self.severity)

    @property
    def id(self) -> str:
        """A stable id of the result in reports (``r-`` and 12 hex digits), from :meth:`key` (a shape
        that is a blank node, whose label changes each time the shapes are read, by its message)."""
        shape = self.message("en") if isinstance(self.shape, BNode) else term_text(self.shape)
        return entry_id("r", term_text(self.focus), self.path or "", term_text(self.value), self.constraint,
                        shape, self.severity)

    def with_origins(self, origins: tuple[Origin, ...]) -> "ValidationResult":
        return replace(self, origins=origins)

    def to_json(self) -> dict:
        body: dict = {"id": self.id, "severity": self.severity, "focus": term_text(self.focus)}
        if self.path is not None:
            body["path"] = self.path
        if self.value is not None:
            body["value"] = term_text(self.value)
        body.update(constraint=self.constraint, shape=term_text(self.shape), message=self.messages)
        if self.shape_name:
            body["shape_name"] = self.shape_name
        if self.origins:
            body["origins"] = [o.to_json() for o in self.origins]
        return body


def sort_key(result: ValidationResult) -> tuple:
    return (SEVERITY_ORDER.get(result.severity, 9), str(result.shape), result.constraint, str(result.focus),
            result.path or "", term_text(result.value))


@dataclass
class ValidationReport:
    """All results of one validation; ``engine`` says which validator made them, ``notes`` why;
    ``warnings`` name what was not checked (an input that holds nothing the shapes target)."""

    results: list[ValidationResult]
    engine: str = "pyshacl"
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: names of the focus nodes and values (an object's title, an organisation's name), by IRI
    node_labels: dict[str, str] = field(default_factory=dict)
    #: merge conflicts (``findings.Conflict``), and what a build held back (``findings.HeldBack``) and
    #: the loaded links that point at it (``findings.DanglingLink``)
    conflicts: list = field(default_factory=list)
    held_back: list = field(default_factory=list)
    dangling: list = field(default_factory=list)
    #: the validation profile each source was checked with (``validation.profiles``): source name ->
    #: profile name, or ``{"": name}`` when everything was checked with one
    profiles: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.results = sorted(self.results, key=sort_key)

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    def counts(self) -> dict[str, int]:
        counts = {"Violation": 0, "Warning": 0, "Info": 0}
        for result in self.results:
            counts[result.severity] = counts.get(result.severity, 0) + 1
        return counts

    def groups(self) -> list[tuple[tuple[str, str, str], list[ValidationResult]]]:
        """Results grouped by (severity, shape, English message), most severe and most frequent first."""
        grouped: dict[tuple[str, str, str], list[ValidationResult]] = defaultdict(list)
        for result in self.results:
            grouped[(result.severity, str(result.shape), result.message("en"))].append(result)
        return sorted(grouped.items(), key=lambda kv: (SEVERITY_ORDER.get(kv[0][0], 9), -len(kv[1]), kv[0][1], kv[0][2]))

    def rule_counts(self) -> list[tuple[tuple[str, str], int]]:
        """How many results each mapping rule is behind, by (severity, rule), most first."""
        counts: Counter = Counter()
        for result in self.results:
            for rule in dict.fromkeys(o.rule for o in result.origins):
                counts[(result.severity, rule)] += 1
        return sorted(counts.items(), key=lambda kv: (SEVERITY_ORDER.get(kv[0][0], 9), -kv[1], kv[0][1]))

    def adding(self, other: "ValidationReport") -> "ValidationReport":
        """This report with the results and notes of another one (a check that is not a shape's)."""
        if not other.results and not other.notes:
            return self
        return replace(self, results=[*self.results, *other.results], notes=[*self.notes, *other.notes])

    def profile_names(self) -> str:
        """The profiles, as the reports name them: ``publicatie``, or ``oslo (lido), publicatie (coghent)``."""
        if set(self.profiles) <= {""}:
            return self.profiles.get("", "")
        by_profile: dict[str, list[str]] = defaultdict(list)
        for source, profile in sorted(self.profiles.items()):
            by_profile[profile].append(source)
        return ", ".join(f"{profile} ({', '.join(sources)})" for profile, sources in sorted(by_profile.items()))

    def violating_focus_nodes(self) -> set[Node]:
        return {r.focus for r in self.results if r.severity == "Violation"}

    def summary(self) -> str:
        counts = self.counts()
        entities = [h for h in self.held_back if h.part_of is None]
        findings = [f"{len(items)} {name}" for items, name in ((self.conflicts, "merge conflicts"),
                                                               (entities, "entities held back"),
                                                               (self.dangling, "dangling links")) if items]
        return (("Conforms." if self.conforms else "Does not conform.")
                + f" {counts['Violation']} violations, {counts['Warning']} warnings, {counts['Info']} notes."
                + (f" {', '.join(findings)}." if findings else ""))

    def to_text(self) -> str:
        lines = [self.summary()]
        lines += [f"(warning: {warning})" for warning in self.warnings]
        lines += [f"({note})" for note in self.notes]
        for (severity, shape, message), results in self.groups():
            lines.append("")
            lines.append(f"{severity} x{len(results)}: {message}")
            other = results[0].message("nl")
            if other and other != message:
                lines.append(f"  nl: {other}")
            lines.append(f"  shape {shape}, constraint {results[0].constraint}")
            for r in results:
                lines.append(f"  - {term_text(r.focus)}"
                             + (f"  path {r.path}" if r.path else "")
                             + (f"  value {term_text(r.value)}" if r.value is not None else ""))
                lines += [f"      {origin.line()}" for origin in r.origins]
        for items, title in ((self.conflicts, "Merge conflicts: several records made one thing with different "
                                              "values where the shapes allow fewer"),
                             (self.held_back, "Held back: entities not loaded, with the report entries that say why"),
                             (self.dangling, "Dangling links: loaded links to entities this build held back")):
            if items:
                lines += ["", f"{title} (x{len(items)}):"]
                for item in items:
                    lines += item.text_lines()
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return json.dumps(self.json_body(), indent=2, ensure_ascii=False) + "\n"

    def write_json(self, handle: IO[str], *, summary: Summary | None = None) -> None:
        """:meth:`to_json` written to a text file as it is made (``json_stream``): the JSON of each
        entry is made when it is written, not the body first (about 1 KB a result). ``summary`` is the
        report's own, when the caller has it already."""
        json_stream.write(handle, self.json_body(rows=iter, summary=summary))
        handle.write("\n")

    def json_body(self, *, rows: Callable[[Iterable], Iterable] = list, summary: Summary | None = None) -> dict:
        """The JSON report as a value; ``rows`` makes each long list of it (``iter``: made as it is read)."""
        summary = Summary.of(self) if summary is None else summary
        return {
            "conforms": self.conforms,
            "counts": self.counts(),
            "profiles": self.profiles,
            "engine": self.engine,
            "notes": self.notes,
            "warnings": self.warnings,
            "summary": summary.to_json(),
            "groups": [{"id": check.id, "severity": check.severity, "shape": check.shape, "message": check.messages,
                        "constraint": check.constraint, "count": check.count,
                        "results": rows(r.to_json() for r in check.results)} for check in summary.checks],
            "rules": [{"severity": s, "rule": rule, "count": n} for (s, rule), n in summary.rules],
            "conflicts": rows(c.to_json() for c in self.conflicts),
            "held_back": rows(h.to_json() for h in self.held_back),
            "dangling_links": rows(d.to_json() for d in self.dangling),
            "labels": self.labels_used(),
        }

    def labels_used(self) -> dict[str, str]:
        """The names of the things the results are about and of their values (``node_labels`` may
        name more: a source's report shares the build's)."""
        used = {str(node) for r in self.results for node in (r.focus, r.value) if node is not None}
        return {iri: name for iri, name in self.node_labels.items() if iri in used}
