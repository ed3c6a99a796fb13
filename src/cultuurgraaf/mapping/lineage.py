"""Source lineage: for a triple, the file, the record and the rule that made it.

The engine notes, for every record, the subject it made and the triples map that made it; each
triples map's rules are noted once, by predicate. That is enough to answer "which row and which
rule made (subject, predicate)", at the cost of one note a record instead of one a triple.
Triples whose predicate comes from the data are noted one by one, and so are the triples of the
predicates a run is asked to note with their values (``value_lineage`` of
:func:`~.engine.execute`: those the shapes allow a limited number of times, so that a build can
tell which record gave which of two contradictory values, see ``validation/conflicts.py``).

A lineage lives in memory (:class:`Lineage`) or streams to a sidecar file as it is made
(:class:`LineageWriter`), to be read back for the subjects one asks about::

    >>> lineage = Lineage()
    >>> rules = {"<http://schema.org/name>": ["persoon: schema:name"]}
    >>> m = lineage.begin("persoon", "personen.csv", rules, class_rule="persoon: subject")
    >>> lineage.add_record("<https://ex.org/id/persoon/PER1>", m, "line 2")
    >>> lineage.lookup("https://ex.org/id/persoon/PER1", "http://schema.org/name")
    [Origin(file='personen.csv', locator='line 2', rule='persoon: schema:name')]

``lookup`` also answers for a predicate the record did not yield (a value that was missing):
it then names the rule that should have made it, which is what a validation report about a
missing value wants to point at.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import IO, Iterable, NamedTuple

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


class Origin(NamedTuple):
    """Where a triple came from: the source file, the record in it, and the mapping rule."""

    file: str
    locator: str
    rule: str


def term(text: str) -> str:
    """An N-Triples term for an IRI or a term: ``http://x`` -> ``<http://x>``; ``_:b1`` stays."""
    return text if text.startswith(("<", "_:", '"')) else f"<{text}>"


class _Map(NamedTuple):
    name: str
    file: str
    rules: dict[str, list[str]]


class Lineage:
    """Lineage kept in memory, for runs small enough to hold it, and for reading a sidecar file."""

    def __init__(self) -> None:
        self.maps: list[_Map] = []
        self._records: dict[str, list[tuple[int, str]]] = defaultdict(list)
        #: triples noted one by one: (subject, predicate) -> (object as N-Triples, origin)
        self._triples: dict[tuple[str, str], list[tuple[str, Origin]]] = defaultdict(list)

    # noting ---------------------------------------------------------------------------------
    def begin(self, triples_map: str, file: str, rules: dict[str, list[str]], *, class_rule: str = "") -> int:
        """Note a triples map and its rules by predicate; returns the number records refer to."""
        rules = {term(p): list(r) for p, r in rules.items()}
        if class_rule:
            rules.setdefault(RDF_TYPE, []).append(class_rule)
        self.maps.append(_Map(triples_map, file, rules))
        return len(self.maps) - 1

    def add_record(self, subject: str, map_id: int, locator: str) -> None:
        self._records[subject].append((map_id, locator))

    def add_records(self, map_id: int, records: list[tuple[str, str | int]]) -> None:
        """Many notes at once, as the engine hands them over; a place that is an int is a CSV line."""
        notes = self._records
        for subject, place in records:
            notes[subject].append((map_id, f"line {place}" if type(place) is int else place))

    def add_triple(self, subject: str, predicate: str, obj: str, map_id: int, locator: str, rule: str) -> None:
        self._triples[(subject, predicate)].append((obj, Origin(self.maps[map_id].file, locator, rule)))

    def add(self, subject: str, predicate: str, obj: str, source: str, locator: str, rule: str) -> None:
        """Note one triple's origin directly (for producers other than the engine)."""
        self._triples[(term(subject), term(predicate))].append((obj, Origin(source, locator, rule)))

    # asking ---------------------------------------------------------------------------------
    def lookup(self, subject: str, predicate: str | None = None) -> list[Origin]:
        """Where (subject, predicate) came from; with no predicate, where the subject was made."""
        s = term(subject)
        found: list[Origin] = []
        for map_id, locator in self._records.get(s, ()):
            m = self.maps[map_id]
            if predicate is None:
                found.append(Origin(m.file, locator, m.name))
                continue
            for rule in m.rules.get(term(predicate), ()):
                found.append(Origin(m.file, locator, rule))
        if predicate is not None:
            found.extend(origin for _obj, origin in self._triples.get((s, term(predicate)), ()))
        return list(dict.fromkeys(found))

    def values(self, subject: str, predicate: str) -> list[tuple[str, Origin]]:
        """The values (N-Triples) of the triples noted one by one for (subject, predicate), each with
        its origin, in the order they were made: the triples of predicates from the data, and of the
        predicates the run noted with their values."""
        return list(self._triples.get((term(subject), term(predicate)), ()))

    def subjects(self) -> list[str]:
        return list(self._records)

    # files ----------------------------------------------------------------------------------
    def write(self, path: Path | str) -> None:
        with LineageWriter(path) as writer:
            for m in self.maps:
                writer.begin(m.name, m.file, m.rules)
            for subject, entries in self._records.items():
                for map_id, locator in entries:
                    writer.add_record(subject, map_id, locator)
            for (s, p), notes in self._triples.items():
                for obj, origin in notes:
                    writer.add(s, p, obj, origin.file, origin.locator, origin.rule)

    @classmethod
    def read(cls, path: Path | str, subjects: Iterable[str] | None = None) -> "Lineage":
        """A sidecar file read back, keeping only the given subjects when they are named."""
        wanted = None if subjects is None else {term(s) for s in subjects}
        lineage = cls()
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                kind, _, rest = line.rstrip("\n").partition("\t")
                if kind == "r":
                    subject, map_id, locator = rest.split("\t", 2)
                    if wanted is None or subject in wanted:
                        lineage._records[subject].append((int(map_id), locator))
                elif kind == "m":
                    name, file, rules = rest.split("\t", 2)
                    lineage.maps.append(_Map(name, file, json.loads(rules)))
                elif kind == "t":
                    s, p, file, locator, rule, obj = rest.split("\t", 5)
                    if wanted is None or s in wanted:
                        lineage._triples[(s, p)].append((obj, Origin(file, locator, rule)))
        return lineage


def clean(text: str) -> str:
    """A field of the sidecar file: tabs and line breaks become spaces.

    >>> clean("/a\\tb")
    '/a b'
    """
    return text.replace("\t", " ").replace("\n", " ")


class LineageWriter:
    """Lineage streamed to a sidecar file (one line a record), so memory does not grow with it.

    The file is tab-separated text: ``m`` lines for triples maps and their rules, ``r`` lines for
    records (subject, map, locator), ``t`` lines for single triples (subject, predicate, file,
    locator, rule, and last the object as written, which may hold a tab). Read it with
    :meth:`Lineage.read`.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._handle: IO[str] = open(self.path, "w", encoding="utf-8", buffering=1 << 20)
        self._write = self._handle.write
        self._maps: list[str] = []

    @staticmethod
    def record_pieces(subject: str, map_id: int, place: str, *, csv_line: bool) -> list[tuple[bool, str]]:
        """The ``r`` line of one record as f-string pieces, for the engine's generated code to make
        itself (then handed over with :meth:`add_lines`): ``subject`` and ``place`` are Python
        expressions, ``place`` a CSV line number when ``csv_line``, else a locator string.

        >>> LineageWriter.record_pieces("s", 0, "n", csv_line=True)
        [(False, 'r\\t'), (True, 's'), (False, '\\t0\\tline '), (True, 'n'), (False, '\\n')]
        """
        return [(False, "r\t"), (True, subject), (False, f"\t{map_id}\t" + ("line " if csv_line else "")),
                (True, place), (False, "\n")]

    def add_lines(self, lines: list[str]) -> None:
        """Record lines the engine made from :meth:`record_pieces`."""
        self._write("".join(lines))

    def begin(self, triples_map: str, file: str, rules: dict[str, list[str]], *, class_rule: str = "") -> int:
        rules = {term(p): list(r) for p, r in rules.items()}
        if class_rule:
            rules.setdefault(RDF_TYPE, []).append(class_rule)
        self._write(f"m\t{clean(triples_map)}\t{clean(file)}\t{json.dumps(rules, ensure_ascii=False)}\n")
        self._maps.append(file)
        return len(self._maps) - 1

    def add_record(self, subject: str, map_id: int, locator: str) -> None:
        self._write(f"r\t{subject}\t{map_id}\t{clean(locator)}\n")

    def add_records(self, map_id: int, records: list[tuple[str, str | int]]) -> None:
        self._write("".join(f"r\t{s}\t{map_id}\tline {p}\n" if type(p) is int else f"r\t{s}\t{map_id}\t{clean(p)}\n"
                            for s, p in records))

    def add_triple(self, subject: str, predicate: str, obj: str, map_id: int, locator: str, rule: str) -> None:
        self._write(f"t\t{subject}\t{predicate}\t{clean(self._maps[map_id])}\t{clean(locator)}\t{clean(rule)}\t{obj}\n")

    def add(self, subject: str, predicate: str, obj: str, source: str, locator: str, rule: str) -> None:
        self._write(f"t\t{term(subject)}\t{term(predicate)}\t{clean(source)}\t{clean(locator)}\t{clean(rule)}"
                    f"\t{obj}\n")

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> "LineageWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
