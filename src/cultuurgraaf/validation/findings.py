"""What a build found beside the shapes' results: merge conflicts, held-back entities, dangling links.

* A :class:`Conflict`: several records made one subject with different values of a property the
  shapes allow a limited number of times (``sh:maxCount``), or in one language
  (``sh:uniqueLang``). It names each value and the records (file, record, rule) it came from,
  and what the source's ``on_conflict`` policy did with it (``conflicts.py``).
* A :class:`HeldBack` entity: one a build kept out of the store, with the report entries that say why.
* A :class:`DanglingLink`: a triple loaded with the entity that holds it, pointing at a held-back one.

Every entry of a report has a stable id (:func:`~.report.entry_id`), the same in each rendering and
from one build to the next while the finding stays the same: ``r-`` for a shape's result, ``c-``
for a conflict, ``d-`` for a dangling link.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib.term import Node
from rdflib.util import from_n3

from .report import Origin, ValidationResult, entry_id, term_text

#: what each ``on_conflict`` policy did, as the reports say it
OUTCOMES = {
    "report": "all values loaded",
    "first": "the first record's value kept, the others dropped",
    "quarantine": "the entity held back",
    "": "found",
}


@dataclass(frozen=True)
class ConflictValue:
    """One of the values in conflict, the records that gave it, and whether it was dropped;
    ``written`` is the value in N-Triples as the mapping wrote it."""

    value: Node
    origins: tuple[Origin, ...]
    written: str = ""
    dropped: bool = False

    def to_json(self) -> dict:
        return {"value": term_text(self.value), "dropped": self.dropped,
                "origins": [o.to_json() for o in self.origins]}


@dataclass(frozen=True)
class Conflict:
    """Several records gave ``result.focus`` different values of ``result.path`` (in ``language``,
    for ``sh:uniqueLang``); ``policy`` is the ``on_conflict`` that decided what loaded (empty when
    nothing was loaded, as in ``cultuurgraaf validate``), ``source`` the source whose policy it was."""

    result: ValidationResult
    values: tuple[ConflictValue, ...]
    language: str | None = None
    policy: str = ""
    source: str | None = None

    @property
    def focus(self) -> Node:
        return self.result.focus

    @property
    def path(self) -> str:
        return self.result.path or ""

    @property
    def severity(self) -> str:
        return self.result.severity

    @property
    def id(self) -> str:
        return entry_id("c", term_text(self.focus), self.path, self.language or "")

    @property
    def applied(self) -> str:
        """The policy that acted: ``policy``, but ``"report"`` for a conflict under a warning or a
        notice (like every warning, it loads); empty when none did."""
        return "report" if self.policy and self.severity != "Violation" else self.policy

    @property
    def outcome(self) -> str:
        """What loaded, in words."""
        return OUTCOMES[self.applied]

    @property
    def dropped(self) -> int:
        return sum(1 for v in self.values if v.dropped)

    def to_json(self) -> dict:
        body = {"id": self.id, "result": self.result.id, "severity": self.severity, "focus": term_text(self.focus),
                "path": self.path}
        if self.language:
            body["language"] = self.language
        body.update(shape=term_text(self.result.shape), constraint=self.result.constraint, message=self.result.messages)
        if self.policy:
            body.update(policy=self.policy, source=self.source, outcome=self.outcome)
        body["values"] = [v.to_json() for v in self.values]
        return body

    def text_lines(self) -> list[str]:
        language = f" (@{self.language})" if self.language else ""
        lines = [f"  - {term_text(self.focus)}  path {self.path}{language}  [{self.id}]",
                 f"      {self.severity} of shape {term_text(self.result.shape)} ({self.result.constraint})"
                 + (f"; on_conflict = \"{self.policy}\" in source '{self.source}': {self.outcome}"
                    if self.policy else "")]
        for value in self.values:
            lines.append(f"      value {term_text(value.value)}" + ("  (dropped)" if value.dropped else ""))
            lines += [f"        {o.line()}" for o in value.origins]
        return lines


@dataclass(frozen=True)
class HeldBack:
    """An entity (N-Triples) kept out of the store, with the ids of the report entries that say why:
    the shapes' results about it, or the conflict it had; ``part_of`` names the entity it was held
    back with when it is a part of one (an object's production)."""

    entity: str
    source: str
    entries: tuple[str, ...]
    part_of: str | None = None

    @property
    def node(self) -> Node:
        return from_n3(self.entity)

    def to_json(self) -> dict:
        body = {"entity": term_text(self.node), "source": self.source, "entries": list(self.entries)}
        return body | ({"part_of": term_text(from_n3(self.part_of))} if self.part_of else {})

    def text_lines(self) -> list[str]:
        part = f", part of {term_text(from_n3(self.part_of))}" if self.part_of else ""
        return [f"  - {term_text(self.node)}  from source '{self.source}'{part} ({', '.join(self.entries)})"]


@dataclass(frozen=True)
class DanglingLink:
    """A loaded triple (``subject`` ``path`` ``target``) whose target the build held back."""

    subject: Node
    path: str
    target: Node
    #: the ids of the report entries that say why the target was held back
    entries: tuple[str, ...]
    origins: tuple[Origin, ...] = ()

    @property
    def id(self) -> str:
        return entry_id("d", term_text(self.subject), self.path, term_text(self.target))

    def to_json(self) -> dict:
        body = {"id": self.id, "subject": term_text(self.subject), "path": self.path, "target": term_text(self.target),
                "target_entries": list(self.entries)}
        if self.origins:
            body["origins"] = [o.to_json() for o in self.origins]
        return body

    def text_lines(self) -> list[str]:
        lines = [f"  - {term_text(self.subject)}  path {self.path}  to {term_text(self.target)}, held back "
                 f"({', '.join(self.entries)})  [{self.id}]"]
        return lines + [f"      {o.line()}" for o in self.origins]
