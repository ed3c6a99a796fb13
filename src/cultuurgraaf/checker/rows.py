"""The findings of a check as rows in the uploader's own terms, for the API's JSON and CSV and the page's downloads.

One row is one problem in one record: the file and the line or record, the columns (elements,
fields) the rule read there as the file names them, the values that are there, what is wrong
and what is expected, in Dutch and English. Violations come first, then warnings, then notices;
within each, by file and by line.

>>> row = Row(id="r-1", severity="Violation", file="objecten.csv", record="line 5",
...           read=(("titel", ()),), reader="csv", problem={"nl": "Geen titel.", "en": "No title."},
...           expected={"nl": "Een titel, met taalcode.", "en": "A title, with a language tag."})
>>> row.sentence("nl")
'objecten.csv, regel 5, kolom titel: leeg; verwacht: Een titel, met taalcode.'
>>> row.sentence("en")
'objecten.csv, line 5, column titel: empty; expected: A title, with a language tag.'
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

from ..validation.report import SEVERITY_ORDER, ValidationResult, term_text
from .check import Checked

#: what a reference names, by the reader of the file: (Dutch, English)
FIELD_WORDS = {"csv": ("kolom", "column"), "tsv": ("kolom", "column"), "xml": ("element", "element"),
               "marc": ("element", "element"), "json": ("veld", "field"), "ndjson": ("veld", "field"),
               "jsonld": ("veld", "field")}
WORDS = {"nl": {"line": "regel", "record": "record", "empty": "leeg", "expected": "verwacht", "thing": "ding",
                "property": "eigenschap", "value": "waarde"},
         "en": {"line": "line", "record": "record", "empty": "empty", "expected": "expected", "thing": "thing",
                "property": "property", "value": "value"}}
SEVERITIES = {"Violation": ("fout", "violation"), "Warning": ("waarschuwing", "warning"), "Info": ("tip", "notice")}
CSV_COLUMNS = ("ernst", "bestand", "regel", "record", "kolom", "waarde", "probleem", "problem", "verwacht", "expected",
               "controle", "check", "mappingregel", "ding", "eigenschap", "id")


@dataclass(frozen=True)
class Row:
    """One problem in one record of the upload."""

    id: str
    severity: str
    file: str | None
    record: str | None
    #: what the rule read there: each reference as the file names it, with its values
    read: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: the reader of the file (csv, xml, json ...): what a reference is called
    reader: str | None = None
    problem: dict[str, str] = field(default_factory=dict)
    expected: dict[str, str] = field(default_factory=dict)
    check: dict[str, str] = field(default_factory=dict)
    rule: str | None = None
    mapping: str | None = None
    thing: str = ""
    thing_name: str | None = None
    #: the property (SHACL path) the problem is about, and its name by language
    path: str | None = None
    path_name: dict[str, str] = field(default_factory=dict)
    value: str | None = None

    @property
    def line(self) -> int | None:
        """The line of a CSV record, as a number."""
        found = re.fullmatch(r"line (\d+)", self.record or "")
        return int(found.group(1)) if found else None

    def place(self, language: str) -> str:
        """``regel 5`` / ``line 5``, or ``record /lidoWrap/lido[3]``; the thing when there is no record."""
        words = WORDS[language]
        if self.line is not None:
            return f"{words['line']} {self.line}"
        if self.record:
            return f"{words['record']} {self.record}"
        return f"{words['thing']} {self.thing_name or self.thing}"

    def where(self, language: str) -> str:
        """``kolom titel, titel_en`` / ``column titel``; the property when no rule read the file."""
        if self.read:
            nl, en = FIELD_WORDS.get(self.reader or "", ("veld", "field"))
            return f"{nl if language == 'nl' else en} {', '.join(reference for reference, _ in self.read)}"
        return f"{WORDS[language]['property']} {self.path_name.get(language) or self.path}" if self.path else ""

    def found(self, language: str) -> str:
        """What is there: the values read (quoted), or ``leeg`` / ``empty``."""
        if self.read:
            values = [v for _, vs in self.read for v in vs]
            return ", ".join(json.dumps(v, ensure_ascii=False) for v in values) or WORDS[language]["empty"]
        return self.value or WORDS[language]["empty"]

    def sentence(self, language: str) -> str:
        """The row as one line: file, place, where, what is there; what is expected."""
        parts = [p for p in (self.file, self.place(language), self.where(language)) if p]
        expected = self.expected.get(language) or self.check.get(language) or ""
        tail = f"; {WORDS[language]['expected']}: {expected}" if expected else ""
        return f"{', '.join(parts)}: {self.found(language)}{tail}"

    def severity_words(self) -> tuple[str, str]:
        return SEVERITIES.get(self.severity, (self.severity, self.severity))

    def to_json(self) -> dict:
        body = {"id": self.id, "severity": self.severity, "file": self.file, "record": self.record,
                "line": self.line, "read": [{"reference": r, "values": list(v)} for r, v in self.read],
                "field": FIELD_WORDS.get(self.reader or "", ("veld", "field"))[1] if self.read else None,
                "problem": self.problem, "expected": self.expected, "check": self.check, "rule": self.rule,
                "mapping": self.mapping, "thing": self.thing, "property": self.path, "value": self.value,
                "text": {"nl": self.sentence("nl"), "en": self.sentence("en")}}
        return {k: v for k, v in body.items() if v not in (None, [], {})}

    def csv_row(self) -> list:
        values = ", ".join(v for _, vs in self.read for v in vs) if self.read else (self.value or "")
        return [self.severity_words()[0], self.file or "", self.line or "", self.record or "",
                ", ".join(r for r, _ in self.read) if self.read else (self.path or ""), values,
                self.problem.get("nl", ""), self.problem.get("en", ""), self.expected.get("nl", ""),
                self.expected.get("en", ""), self.check.get("nl", ""), self.check.get("en", ""),
                f"{self.rule} ({self.mapping})" if self.rule and self.mapping else (self.rule or ""),
                self.thing, self.path or "", self.id]


def rows_of(checked: Checked) -> list[Row]:
    """The rows of a check: one per result and record it came from, violations first, then by file and line."""
    report = checked.report
    rows = []
    for result in report.results:
        common = dict(id=result.id, severity=result.severity, problem=_languages(result.messages),
                      expected=_languages(checked.expected.get(str(result.shape), {})),
                      check=_languages(result.shape_name), thing=term_text(result.focus),
                      thing_name=report.node_labels.get(str(result.focus)), path=result.path,
                      path_name=checked.property_names.get(result.path or "", {}),
                      value=_value(result, report.node_labels))
        if not result.origins:
            rows.append(Row(file=checked.file_of.get(str(result.focus), _only(checked.files)), record=None, **common))
        # the records whose rule read what the result is about; else the record that made the thing
        origins = [o for o in result.origins if o.read] or list(result.origins[:1])
        for origin in dict.fromkeys((o.source_file, o.record, o.read, o.rule, o.mapping_file, o.mapping_line)
                                    for o in origins):
            file, record, read, rule, mapping, line = origin
            rows.append(Row(file=file, record=record, read=read, reader=checked.readers.get(file), rule=rule,
                            mapping=f"{mapping}, line {line}" if mapping and line else mapping, **common))
    return sorted(rows, key=_order)


def to_csv(rows: list[Row]) -> str:
    """The rows as CSV, one problem a line, with a header (Dutch and English texts side by side)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(row.csv_row() for row in rows)
    return out.getvalue()


def _order(row: Row) -> tuple:
    return (SEVERITY_ORDER.get(row.severity, 9), row.file or "", natural(row.record or ""), row.check.get("nl", ""),
            row.thing)


def natural(text: str) -> tuple:
    """A key that sorts the numbers in a text by their value: ``line 9`` before ``line 10``, ``lido[2]`` before ``lido[10]``.

    >>> sorted(["lido[10]", "lido[9]", "lido[100]/x"], key=natural)
    ['lido[9]', 'lido[10]', 'lido[100]/x']
    """
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _languages(texts: dict[str, str]) -> dict[str, str]:
    """Dutch and English, each falling back on the other (and on a text without a language)."""
    nl = texts.get("nl") or texts.get("") or texts.get("en") or ""
    en = texts.get("en") or texts.get("") or texts.get("nl") or ""
    return {"nl": nl, "en": en} if nl or en else {}


def _value(result: ValidationResult, names: dict[str, str]) -> str | None:
    if result.value is None:
        return None
    name = names.get(str(result.value))
    return f"{term_text(result.value)} ({name})" if name else term_text(result.value)


def _only(files: list[str]) -> str | None:
    return files[0] if len(files) == 1 else None
