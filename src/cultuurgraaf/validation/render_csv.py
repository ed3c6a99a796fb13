"""The report's results as CSV, one line per result and record, to sort and filter in a spreadsheet.

The columns name the severity, the check (its name and message in Dutch and English), the row it
is about (source, file, record), the mapping rule and its line, the thing (its IRI and the name
the data gives it), the field and the value. A result made from several records has a line for
each; a result without an origin (data given as RDF) has one line with those columns empty. The
file starts with a byte-order mark, so that spreadsheet programs read it as UTF-8 (Python reads
it with ``encoding="utf-8-sig"``). Merge conflicts, held-back entities and dangling links are in
the JSON report.

>>> from rdflib import URIRef
>>> from .report import Origin, ValidationReport, ValidationResult
>>> result = ValidationResult(URIRef("https://ex.org/id/1"), "https://ex.org/title", URIRef("https://ex.org/x"), "Class",
...     "Violation", {"nl": "fout", "en": "wrong"}, URIRef("https://ex.org/S"), {"nl": "titel", "en": "title"},
...     (Origin("objecten.csv", "line 3", "titel", "objecten.yml", 12),))
>>> print(to_csv(ValidationReport(results=[result])).splitlines()[1])  # doctest: +ELLIPSIS
r-...,Violation,titel,title,fout,wrong,,objecten.csv,line 3,titel,objecten.yml,12,https://ex.org/id/1,,https://ex.org/title,https://ex.org/x,https://ex.org/S,Class
"""

from __future__ import annotations

import csv
import io
from typing import TextIO

from .report import ValidationReport, term_text

COLUMNS = ("id", "severity", "check_nl", "check_en", "message_nl", "message_en", "source", "source_file",
           "record", "rule", "mapping_file", "mapping_line", "focus", "focus_name", "path", "value", "shape",
           "constraint")
BOM = "\ufeff"


def to_csv(report: ValidationReport) -> str:
    out = io.StringIO()
    write_csv(report, out)
    return out.getvalue()


def write_csv(report: ValidationReport, out: TextIO) -> None:
    """Write the CSV to a text file a line at a time (a large build's runs to hundreds of MB)."""
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for (_severity, _shape, _message), results in report.groups():
        for result in results:
            fixed = [result.id, result.severity, result.shape_name.get("nl") or result.shape_name.get("", ""),
                     result.shape_name.get("en", ""), result.message("nl"), result.message("en")]
            about = [term_text(result.focus), report.node_labels.get(str(result.focus), ""), result.path or "",
                     term_text(result.value), term_text(result.shape), result.constraint]
            origins = [[o.source or "", o.source_file, o.record, o.rule, o.mapping_file or "",
                        o.mapping_line or ""] for o in result.origins] or [[""] * 6]
            for origin in origins:
                writer.writerow(fixed + origin + about)
