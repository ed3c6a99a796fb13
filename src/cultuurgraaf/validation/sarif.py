"""The report as SARIF 2.1.0, the static-analysis format code-hosting CI shows next to the files.

Each shape is a rule; each validation result is a SARIF result at the place to fix: the source
file and line for CSV records (``line 12``), the source file with the record's JSON Pointer or
XPath as a logical location for JSON and XML. The mapping file and the line of the rule that
made the value are a related location. Severities map to levels: Violation -> error,
Warning -> warning, Info -> note.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .. import __version__
from .report import ValidationReport, ValidationResult, term_text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"Violation": "error", "Warning": "warning", "Info": "note"}


def artifact(path: str) -> dict:
    """A file as SARIF names it: a relative URI (against the checkout) or an absolute file URI."""
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": Path(path).as_posix(), "uriBaseId": "%SRCROOT%"}


def rule_id(result: ValidationResult) -> str:
    shape = str(result.shape)
    return shape.rsplit("#", 1)[-1] if "#" in shape else shape


def message_text(result: ValidationResult) -> str:
    lines = [result.message("en")]
    dutch = result.message("nl")
    if dutch and dutch != lines[0]:
        lines.append(f"(nl) {dutch}")
    detail = f"Focus node {term_text(result.focus)}"
    if result.path:
        detail += f", path {result.path}"
    if result.value is not None:
        detail += f", value {term_text(result.value)}"
    if result.origins:
        detail += f"; {result.origins[0].source_file} {result.origins[0].record}"
    lines.append(detail + ".")
    return "\n".join(lines)


def locations(result: ValidationResult) -> tuple[list[dict], list[dict]]:
    where, related = [], []
    for origin in result.origins:
        physical: dict = {"artifactLocation": artifact(origin.source_file)}
        line = re.fullmatch(r"line (\d+)", origin.record)
        if line:
            physical["region"] = {"startLine": int(line.group(1))}
        location: dict = {"physicalLocation": physical}
        if not line:
            location["logicalLocations"] = [{"fullyQualifiedName": origin.record, "kind": "element"}]
        if location not in where:
            where.append(location)
        if origin.mapping_file:
            mapping: dict = {"artifactLocation": artifact(origin.mapping_file)}
            if origin.mapping_line:
                mapping["region"] = {"startLine": origin.mapping_line}
            entry = {"id": len(related), "physicalLocation": mapping,
                     "message": {"text": f"mapping rule '{origin.rule}'"}}
            if all(r["physicalLocation"] != mapping for r in related):
                related.append(entry)
    return where, related


def to_sarif(report: ValidationReport) -> str:
    rules: dict[str, dict] = {}
    results = []
    for result in report.results:
        rid = rule_id(result)
        if rid not in rules:
            rules[rid] = {
                "id": rid,
                "name": result.shape_name.get("en") or rid,
                "shortDescription": {"text": result.shape_name.get("en") or rid},
                "fullDescription": {"text": result.message("en")},
                "defaultConfiguration": {"level": LEVELS.get(result.severity, "warning")},
                "properties": {"shape": str(result.shape), "name_nl": result.shape_name.get("nl", "")},
            }
        where, related = locations(result)
        entry: dict = {
            "ruleId": rid,
            "ruleIndex": list(rules).index(rid),
            "level": LEVELS.get(result.severity, "warning"),
            "message": {"text": message_text(result)},
            "properties": {"constraint": result.constraint, "focusNode": term_text(result.focus),
                           "severity": result.severity},
        }
        if where:
            entry["locations"] = where
        if related:
            entry["relatedLocations"] = related
        results.append(entry)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "cultuurgraaf validate", "version": __version__,
                                "rules": list(rules.values())}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
            "properties": {"engine": report.engine, "notes": report.notes, "warnings": report.warnings,
                           "conforms": report.conforms},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
