"""The validation report: results grouped by shape and message, never truncated."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class ValidationResult:
    focus: str
    path: str | None
    value: str | None
    constraint: str
    severity: str
    messages: dict[str, str]
    shape: str
    shape_name: dict[str, str] = field(default_factory=dict)
    source_file: str | None = None
    record: str | None = None
    rule: str | None = None

    def message(self, language: str = "en") -> str:
        return self.messages.get(language) or self.messages.get("") or next(iter(self.messages.values()), "")

    def to_json(self) -> dict:
        return {k: v for k, v in vars(self).items() if v not in (None, {}, "")}


@dataclass
class ValidationReport:
    results: list[ValidationResult]

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
            grouped[(result.severity, result.shape, result.message("en"))].append(result)
        return sorted(grouped.items(), key=lambda kv: (SEVERITY_ORDER.get(kv[0][0], 9), -len(kv[1]), kv[0][1]))

    def violating_focus_nodes(self) -> set[str]:
        return {r.focus for r in self.results if r.severity == "Violation"}

    def to_text(self) -> str:
        counts = self.counts()
        lines = [("Conforms." if self.conforms else "Does not conform.")
                 + f" {counts['Violation']} violations, {counts['Warning']} warnings, {counts['Info']} notes."]
        for (severity, shape, message), results in self.groups():
            lines.append("")
            lines.append(f"{severity} x{len(results)}: {message}")
            for r in results:
                where = f" [{r.source_file} {r.record}, {r.rule}]" if r.record else ""
                value = f" value {r.value}" if r.value is not None else ""
                lines.append(f"  - {r.focus}{' ' + r.path if r.path else ''}{value}{where}")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return json.dumps({
            "conforms": self.conforms,
            "counts": self.counts(),
            "groups": [{"severity": s, "shape": shape, "message": m, "count": len(rs),
                        "results": [r.to_json() for r in rs]} for (s, shape, m), rs in self.groups()],
        }, indent=2, ensure_ascii=False)
