"""The report as SARIF 2.1.0, the static-analysis format code-hosting CI shows next to the files.

Each shape is a rule; each validation result is a SARIF result at the place to fix: the source
file and line for CSV records (``line 12``), the source file with the record's JSON Pointer or
XPath as a logical location for JSON and XML. The mapping file and the line of the rule that
made the value are a related location. Severities map to levels: Violation -> error,
Warning -> warning, Info -> note. A merge conflict is a result of the rule ``merge-conflict`` at
every record that gave one of its values (its message names each value and what loaded), a
dangling link a warning of the rule ``dangling-link`` at the record that made the link. Every
result carries the report entry's id as its fingerprint ``cultuurgraaf/entry``.
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


def locations(origins) -> tuple[list[dict], list[dict]]:
    where, related = [], []
    for origin in origins:
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


FINDING_RULES = {
    "merge-conflict": {"id": "merge-conflict", "name": "Merge conflict",
                       "shortDescription": {"text": "Several records made one thing with different values"},
                       "fullDescription": {"text": "Several records made one thing with different values of a "
                                                   "property the shapes allow fewer times (sh:maxCount, sh:uniqueLang)."},
                       "defaultConfiguration": {"level": "error"}},
    "dangling-link": {"id": "dangling-link", "name": "Dangling link",
                      "shortDescription": {"text": "A link to something this build held back"},
                      "fullDescription": {"text": "A link loaded with the thing that holds it, to something the build "
                                                  "held back for its own violations or conflicts."},
                      "defaultConfiguration": {"level": "warning"}},
}


def conflict_text(conflict) -> str:
    language = f" (@{conflict.language})" if conflict.language else ""
    lines = [f"{term_text(conflict.focus)} has different values of {conflict.path}{language} from several records"
             + (f"; on_conflict = \"{conflict.policy}\": {conflict.outcome}." if conflict.policy else ".")]
    for value in conflict.values:
        rows = "; ".join(f"{o.source_file} {o.record}" for o in value.origins)
        lines.append(f"{term_text(value.value)}{' (dropped)' if value.dropped else ''}: {rows}")
    return "\n".join(lines)


def sarif_result(rules: dict, rid: str, level: str, text: str, origins, entry: str, properties: dict) -> dict:
    where, related = locations(origins)
    body: dict = {"ruleId": rid, "ruleIndex": list(rules).index(rid), "level": level, "message": {"text": text},
                  "fingerprints": {"cultuurgraaf/entry": entry}, "properties": properties}
    if where:
        body["locations"] = where
    if related:
        body["relatedLocations"] = related
    return body


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
        results.append(sarif_result(rules, rid, LEVELS.get(result.severity, "warning"), message_text(result),
                                    result.origins, result.id, {"constraint": result.constraint,
                                                                "focusNode": term_text(result.focus),
                                                                "severity": result.severity}))
    for conflict in report.conflicts:
        rules.setdefault("merge-conflict", FINDING_RULES["merge-conflict"])
        origins = [o for value in conflict.values for o in value.origins]
        results.append(sarif_result(rules, "merge-conflict", LEVELS.get(conflict.severity, "warning"),
                                    conflict_text(conflict), origins, conflict.id,
                                    {"focusNode": term_text(conflict.focus), "path": conflict.path,
                                     "policy": conflict.policy, "severity": conflict.severity}))
    for link in report.dangling:
        rules.setdefault("dangling-link", FINDING_RULES["dangling-link"])
        text = (f"{term_text(link.subject)} links with {link.path} to {term_text(link.target)}, which this build "
                f"held back ({', '.join(link.entries)}); the link was loaded.")
        results.append(sarif_result(rules, "dangling-link", "warning", text, link.origins, link.id,
                                    {"focusNode": term_text(link.subject), "path": link.path,
                                     "target": term_text(link.target)}))
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
