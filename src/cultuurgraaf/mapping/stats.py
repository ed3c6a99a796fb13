"""What a mapping run made, and every value it could not use, per rule and with the rows.

A run counts, per triples map, the records it read and those that made no subject (so made
nothing at all in that map); per rule, the records for which the rule gave no value; per rule,
the values a function could not read; and per rule, the values a function guessed at. For all
but the empty rules it keeps the first rows (file and line, JSON Pointer or XPath), so that a
summary can point at them.

>>> stats = MappingStats(quads=3)
>>> stats.records["object"] = 3
>>> stats.no_subject["object"] = 1
>>> stats.note_no_subject("object", "objects.csv", "line 4")
>>> stats.note_unreadable("object: dct:created (cg:date)", "objects.csv", "line 3", "cg:date", "31/02/2011", "no such day")
>>> stats.note_guessed("object: dct:creator (cg:splitNames)", "objects.csv", "line 2", "cg:splitNames",
...                    "Rubens, Van Dyck", "2 names, one at each comma")
>>> print("\\n".join(stats.summary()))
3 quads from 3 records of object
  object: 1 records made no subject: objects.csv line 4
  cg:date could not read 1 values for object: dct:created (cg:date):
    objects.csv line 3: '31/02/2011' (no such day)
  cg:splitNames guessed at 1 values for object: dct:creator (cg:splitNames):
    objects.csv line 2: 'Rubens, Van Dyck' (2 names, one at each comma)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

#: rows kept for each rule with a problem (what --verbose shows)
KEPT = 20
#: rows shown for each without --verbose
SHOWN = 3


class Unread(NamedTuple):
    """A value a function could not read: where it was, which function, the value and why."""

    file: str
    locator: str
    function: str
    value: str
    reason: str


@dataclass
class MappingStats:
    """What a run made, what yielded nothing (rule -> records), what a function could not read
    (rule -> values, with the first rows) and what a reader skipped or noted."""

    quads: int = 0
    records: Counter = field(default_factory=Counter)
    #: rule -> records for which it gave no value
    empty: Counter = field(default_factory=Counter)
    #: triples map -> records that made no subject in it
    no_subject: Counter = field(default_factory=Counter)
    #: rule -> values a function could not read
    unreadable: Counter = field(default_factory=Counter)
    #: rule -> values a function guessed at
    guessed: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)
    #: triples map -> the first rows that made no subject, as (file, locator)
    no_subject_rows: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: rule -> the first values a function could not read
    unreadable_rows: dict[str, list[Unread]] = field(default_factory=dict)
    #: rule -> the first values a function guessed at (``reason`` says how it guessed)
    guessed_rows: dict[str, list[Unread]] = field(default_factory=dict)

    # noting ---------------------------------------------------------------------------------
    def note_no_subject(self, triples_map: str, file: str, locator: str) -> None:
        """One of the first rows that made no subject (the engine counts them all itself)."""
        rows = self.no_subject_rows.setdefault(triples_map, [])
        if len(rows) < KEPT:
            rows.append((file, locator))

    def note_unreadable(self, rule: str, file: str, locator: str, function: str, value: str, reason: str) -> None:
        """A value a function could not read; the same value of the same row is noted once for a
        rule (a date and its datatype map read the same cell)."""
        _note(self.unreadable, self.unreadable_rows, rule, Unread(file, locator, function, value, reason))

    def note_guessed(self, rule: str, file: str, locator: str, function: str, value: str, how: str) -> None:
        """A value a function guessed at, noted once for a rule and row as an unreadable one is."""
        _note(self.guessed, self.guessed_rows, rule, Unread(file, locator, function, value, how))

    def merge(self, other: "MappingStats") -> None:
        """Add another run's counts, keeping the first rows of both (in the order of the records)."""
        self.quads += other.quads
        for mine, theirs in ((self.records, other.records), (self.empty, other.empty),
                             (self.no_subject, other.no_subject), (self.unreadable, other.unreadable),
                             (self.guessed, other.guessed), (self.notes, other.notes)):
            mine.update(theirs)
        for rows, more in ((self.no_subject_rows, other.no_subject_rows),
                           (self.unreadable_rows, other.unreadable_rows), (self.guessed_rows, other.guessed_rows)):
            for key, found in more.items():
                rows[key] = sorted(rows.get(key, []) + found, key=_in_order)[:KEPT]

    # telling --------------------------------------------------------------------------------
    def summary(self, *, verbose: bool = False) -> list[str]:
        """Lines for people: what was made, then every problem with its first rows (up to
        :data:`KEPT` with ``verbose``), then the rules that gave no value (listed with ``verbose``)."""
        shown = KEPT if verbose else SHOWN
        lines = [f"{self.quads} quads from " + (", ".join(f"{n} records of {tm}" for tm, n in self.records.items())
                                                  or "no records")]
        for tm, count in sorted(self.no_subject.items()):
            rows = self.no_subject_rows.get(tm, [])
            lines.append(f"  {tm}: {count} records made no subject: {_places(rows[:shown])}{_more(count, shown)}")
        for counts, rows_of, did in ((self.unreadable, self.unreadable_rows, "could not read"),
                                     (self.guessed, self.guessed_rows, "guessed at")):
            for rule, count in sorted(counts.items()):
                rows = rows_of.get(rule, [])
                functions = ", ".join(dict.fromkeys(r.function for r in rows))
                lines.append(f"  {functions} {did} {count} values for {rule}:")
                lines += [f"    {r.file} {r.locator}: {_quoted(r.value)} ({r.reason})" for r in rows[:shown]]
                if count > shown:
                    lines.append(f"    {_more(count, shown).strip()}")
        if verbose:
            lines += [f"  {count} records gave no value for {rule}" for rule, count in sorted(self.empty.items())]
        elif self.empty:
            lines.append(f"  {len(self.empty)} rules gave no value for some records (--verbose lists them)")
        lines += [f"  {count} {note}" for note, count in sorted(self.notes.items())]
        return lines


def _note(counts: Counter, rows_of: dict[str, list[Unread]], rule: str, row: Unread) -> None:
    """Count a value for a rule and keep its row among the first; the same value of the same row
    is noted once for a rule (a date and its datatype map read the same cell)."""
    rows = rows_of.setdefault(rule, [])
    if rows and rows[-1][:2] == row[:2] and rows[-1].value == row.value:
        return
    counts[rule] += 1
    if len(rows) < KEPT:
        rows.append(row)


def _in_order(row: tuple) -> tuple:
    """A row's file and the numbers in its locator, to order rows that several processes noted
    as the records come."""
    return row[0], tuple(int(n) for n in re.findall(r"\d+", row[1]))


def _places(rows: list[tuple[str, str]]) -> str:
    """Rows, each file named once, and an XPath's steps once where only its position changes.

    >>> _places([("a.csv", "line 4"), ("a.csv", "line 9"), ("b.xml", "(/r/o)[2]"), ("b.xml", "(/r/o)[5]"),
    ...          ("b.xml", "/r/o[6]/p")])
    'a.csv line 4, line 9, b.xml (/r/o)[2], [5], /r/o[6]/p'
    """
    out, last = [], ("", "")
    for file, locator in rows:
        position = _POSITION.fullmatch(locator)
        before = _POSITION.fullmatch(last[1])
        if file != last[0]:
            out.append(f"{file} {locator}")
        elif position and before and position.group(1) == before.group(1):
            out.append(f"[{position.group(2)}]")
        else:
            out.append(locator)
        last = (file, locator)
    return ", ".join(out)


#: an XPath that ends in a position: its steps, and the position
_POSITION = re.compile(r"(.*)\[(\d+)\]")


def _more(count: int, shown: int) -> str:
    if count <= shown:
        return ""
    return f" … and {count - shown} more" + ("" if shown >= KEPT else f" (--verbose lists {min(count, KEPT)})")


def _quoted(value: str, limit: int = 80) -> str:
    """A value as the summary quotes it: at most ``limit`` characters, on one line."""
    text = " ".join(value.split())
    return repr(text if len(text) <= limit else text[:limit] + "…")
