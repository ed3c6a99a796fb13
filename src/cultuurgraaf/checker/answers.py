"""A check's answer in each format an API client may ask for: JSON, CSV, SARIF, Turtle.

The JSON is the validation report's (``conforms``, ``counts``, ``groups``, ``rules``...) with the
verdict in words, what was checked, and the rows in the uploader's terms (:mod:`.rows`) before
it. SARIF and Turtle are the validation report's own renderings (:mod:`cultuurgraaf.validation.renderings`),
its files named as the upload names them. The page is the web layer's (``controle.html``).

>>> from cultuurgraaf.validation.report import ValidationReport
>>> verdict(ValidationReport(results=[]))["en"]
'Conforms: no violations, no warnings, no notices.'
"""

from __future__ import annotations

import json

from ..validation.renderings import render
from ..validation.report import ValidationReport
from .check import Checked
from .rows import SEVERITIES, Row, to_csv

#: the formats of an answer, by name (the web layer maps media types to them)
FORMATS = ("json", "csv", "sarif", "turtle")


def verdict(report: ValidationReport) -> dict:
    """Whether the upload conforms, with the counts, in Dutch and English."""
    counts = report.counts()
    said = {language: ", ".join(_count(counts.get(severity, 0), severity, language) for severity in SEVERITIES)
            for language in ("nl", "en")}
    if report.conforms:
        return {"conforms": True, "nl": f"In orde: {said['nl']}.", "en": f"Conforms: {said['en']}."}
    return {"conforms": False, "nl": f"Niet in orde: {said['nl']}.", "en": f"Does not conform: {said['en']}."}


def _count(n: int, severity: str, language: str) -> str:
    words = {"Violation": (("fout", "fouten"), ("violation", "violations")),
             "Warning": (("waarschuwing", "waarschuwingen"), ("warning", "warnings")),
             "Info": (("tip", "tips"), ("notice", "notices"))}[severity][0 if language == "nl" else 1]
    if n == 0:
        return ("geen " if language == "nl" else "no ") + words[1]
    return f"{n} {words[0] if n == 1 else words[1]}"


def checked_json(checked: Checked) -> dict:
    """What was checked: the files, their kind and profile, the records read."""
    body = {"files": checked.files, "kind": checked.kind.value, "kind_title": checked.kind.title_en,
            "profile": checked.profile}
    return body | ({"records": checked.records} if checked.records is not None else {})


def answer(checked: Checked, rows: list[Row], format: str) -> str:
    """The answer in one of :data:`FORMATS`."""
    if format == "json":
        body = {"verdict": verdict(checked.report), "checked": checked_json(checked),
                "rows": [row.to_json() for row in rows], **checked.report.json_body()}
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    if format == "csv":
        return to_csv(rows)
    if format == "sarif":
        log = json.loads(render(checked.report, "sarif"))
        for run in log["runs"]:  # the files are the upload's, not the server's working folder's
            run["originalUriBaseIds"] = {"%SRCROOT%": {"description": {"text": "the folder the upload unpacks to"}}}
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    if format == "turtle":
        return render(checked.report, "turtle")
    raise ValueError(f"unknown answer format {format!r} (known: {', '.join(FORMATS)})")
