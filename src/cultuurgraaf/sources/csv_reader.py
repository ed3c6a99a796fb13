"""CSV and TSV extracts: one record a row, columns by name (with a header) or by position (without).

>>> from pathlib import Path
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "personen.csv"
>>> _ = path.write_text('id,naam\\nPER1,"Wolfers, Philippe"\\nPER2,\\n')
>>> [(r.locator, r.values("naam")) for r in read_records(LogicalSource(path, "csv"))]
[('line 2', ['Wolfers, Philippe']), ('line 3', [])]
>>> records = CsvRecords(LogicalSource(path, "csv"))
>>> records.accessor("titel")
Traceback (most recent call last):
...
cultuurgraaf.errors.SourceError: ...personen.csv: there is no column 'titel' (columns: id, naam)
>>> records.close()

Without a header, columns are named by position from 1: ``{1}``, ``{2}``.

Columns that hold parallel lists give one record per position, each with that position's items
(the other columns as they are); the locator says which item:

>>> _ = path.write_text('id,aat,naam\\nO1,300011029;300011914,zilver;ebbenhout\\nO2,,\\n')
>>> source = LogicalSource(path, "csv", parallel_lists=(("aat", ";"), ("naam", ";")))
>>> for r in read_records(source):
...     print(r.locator, r.values("id"), r.values("aat"), r.values("naam"))
line 2, item 1 ['O1'] ['300011029'] ['zilver']
line 2, item 2 ['O1'] ['300011914'] ['ebbenhout']
line 3 ['O2'] [] []
"""

from __future__ import annotations

import csv
import itertools
from typing import Iterator

from ..errors import SourceError, excerpt
from .base import LogicalSource, Record, decode_error, open_text, read_records
from .csv_parts import MissedCut, Part, open_part

__all__ = ["CsvRecords", "Record", "read_records"]

csv.field_size_limit(1 << 30)

#: The most column names an error message lists.
COLUMNS_SHOWN = 30


class CsvRecords:
    scalar = True

    def __init__(self, source: LogicalSource, part: Part | None = None):
        """Open a CSV source; with ``part`` (see csv_parts.py) read only the records of that byte
        range, with the columns of the file's header (or first row) and the file's line numbers."""
        self.source = source
        self.null_values = frozenset(source.null_values)
        self._delimiter = source.delimiter or ("\t" if source.formulation == "tsv" else ",")
        self._start = 0
        self._first: list[str] | None = None
        #: lines of the file before the part read (csv's own count starts again at the part)
        self.line_offset = 0
        self._part = part
        after_head = part is not None and part.start > 0
        if after_head:
            with open_text(source) as head:  # the columns, from the head of the whole file
                self._read_head(csv.reader(head, delimiter=self._delimiter, strict=True), keep_first=False)
            self.line_offset = part.line
        self._handle = open_text(source) if part is None else open_part(source.path, part, source.encoding)
        self._reader = csv.reader(self._handle, delimiter=self._delimiter, strict=True)
        if not after_head:
            try:
                self._read_head(self._reader, keep_first=True)
            except SourceError:
                self.close()
                raise
        self.width = len(self.columns)
        self._item = 0
        self._lists = [(self.accessor(column), separator) for column, separator in source.parallel_lists]

    def _read_head(self, reader, *, keep_first: bool) -> None:
        """The columns, from the header (or the width of the first row, kept as the first record
        when ``keep_first``)."""
        source = self.source
        try:
            if source.header:
                header = next(reader, None) or []
                self.columns = {name: i for i, name in enumerate(header)}
                if len(self.columns) != len(header):
                    seen = [h for h in header if header.count(h) > 1]
                    raise SourceError(f"the header names column '{seen[0]}' twice", location=source.where("line 1"))
            else:
                first = next(reader, None)
                if keep_first:
                    self._first = first
                self.columns = {str(i + 1): i for i in range(len(first or []))}
        except csv.Error as exc:
            raise self._malformed(exc, reader.line_num) from exc
        except UnicodeDecodeError as exc:
            raise decode_error(source, exc) from exc

    def accessor(self, reference: str) -> int:
        try:
            return self.columns[reference]
        except KeyError:
            raise SourceError(f"there is no column '{excerpt(reference)}' (columns: {self._names()})",
                              location=self.source.where()) from None

    def _names(self) -> str:
        """The columns for a message: at most COLUMNS_SHOWN, each cut short (a file without line
        breaks would otherwise be quoted whole)."""
        if not self.columns:
            return "none: the file is empty"
        names = [excerpt(name, 40) for name in itertools.islice(self.columns, COLUMNS_SHOWN)]
        more = len(self.columns) - len(names)
        return ", ".join(names) + (f" and {more} more" if more > 0 else "")

    def available(self) -> list[str]:
        return list(self.columns)

    def locator(self) -> str:
        line = f"line {self._start}" if self._start else f"line {self._line()}"
        return f"{line}, item {self._item}" if self._item else line

    def rows(self) -> Iterator[list[str]]:
        """The rows as the csv module reads them, for compiled code that checks widths itself
        (``row_error``) and tracks lines only when it must: the fast way through a file."""
        rows = self._reader if self._first is None else itertools.chain([self._first], self._reader)
        return self._expanded(rows) if self._lists else rows

    def _expanded(self, rows: Iterator[list[str]]) -> Iterator[list[str]]:
        """Each row once per position of its parallel lists (once, with the lists empty, when they are)."""
        lists = self._lists
        for row in rows:
            if len(row) != self.width:
                yield row
                continue
            parts = [[p.strip() for p in row[i].split(sep)] if row[i] else [] for i, sep in lists]
            count = max(len(p) for p in parts)
            if count <= 1:
                self._item = 0
                if count == 1:
                    row = list(row)
                    for (i, _), items in zip(lists, parts):
                        row[i] = items[0] if items else ""
                yield row
                continue
            for position in range(count):
                self._item = position + 1
                expanded = list(row)
                for (i, _), items in zip(lists, parts):
                    expanded[i] = items[position] if position < len(items) else ""
                yield expanded

    def _line(self) -> int:
        """The file's number of the line the csv module read last."""
        return self._reader.line_num + self.line_offset

    def _check_cut(self, exc: Exception) -> None:
        """Raise MissedCut when a part's records ran past its end (see csv_parts.py)."""
        part = self._part
        if part is not None and not part.ends_file and isinstance(exc, csv.Error) and self._handle.read(1) == "":
            raise MissedCut(f"{self.source.path.name}: bytes {part.start}-{part.end} end inside a record") from exc

    def translate_error(self, exc: Exception) -> SourceError | None:
        """What an error the csv module raised while ``rows()`` was read means for people."""
        self._check_cut(exc)
        if isinstance(exc, csv.Error):
            return self._malformed(exc, self._line())
        if isinstance(exc, UnicodeDecodeError):
            return decode_error(self.source, exc)
        return None

    def _malformed(self, exc: csv.Error, read_to: int) -> SourceError:
        """The error for malformed CSV, at the line where the problem is rather than where the csv
        module gave up: for a quoted field that is not closed (the module reads on, to the end of
        the file or to a quote further on), the line where that field opens; otherwise the line
        where the record that broke starts. The file is read again to find them."""
        start, opens = self._broken_record(read_to - self.line_offset)
        if opens is not None:
            return SourceError(f"malformed CSV: a quoted field opens on this line and is not closed "
                               f"({exc} at line {read_to})", location=self.source.where(f"line {opens}"),
                               hint='a field with a double quote inside must be quoted, with the quote doubled: "5"" tall"')
        more = f" (at line {read_to})" if start < read_to else ""
        return SourceError(f"malformed CSV: {exc}{more}", location=self.source.where(f"line {start}"))

    def _broken_record(self, read_to: int) -> tuple[int, int | None]:
        """(the line where the record the csv module could not read starts, the line where a quoted
        field opens that is still open where the module stopped, line ``read_to``, or None)."""
        with self._reopen() as handle:
            reader = csv.reader(handle, delimiter=self._delimiter, strict=True)
            start = 1
            try:
                for _ in reader:
                    start = reader.line_num + 1
            except (csv.Error, UnicodeDecodeError):
                pass
        open_quote = None
        with self._reopen() as handle:
            for number, line in enumerate(itertools.islice(handle, read_to), start=1):
                if number >= start and line.count('"') % 2:
                    open_quote = number if open_quote is None else None
        offset = self.line_offset
        return start + offset, (open_quote + offset if open_quote is not None else None)

    def _reopen(self):
        return open_text(self.source) if self._part is None else open_part(self.source.path, self._part,
                                                                          self.source.encoding)

    def row_error(self, row: list[str]) -> SourceError:
        """The error for a row whose width differs from the header's (located where the row ends)."""
        return SourceError(
            f"the row has {len(row)} fields where the {'header has' if self.source.header else 'first row has'}"
            f" {self.width}", location=self.source.where(f"line {self._line()}"),
            hint="a field with the delimiter inside must be quoted")

    @property
    def reader(self):
        return self._reader

    def __iter__(self) -> Iterator[list[str]]:
        reader, width, offset = self._reader, self.width, self.line_offset
        last = reader.line_num
        try:
            if self._first is not None:
                self._start = 1
                yield self._first
                last = reader.line_num
            for row in reader:
                self._start = last + 1 + offset
                last = reader.line_num
                if len(row) == width and self._lists:
                    yield from self._expanded([row])
                    continue
                if len(row) != width:
                    if not row:
                        continue
                    raise SourceError(
                        f"the row has {len(row)} fields where the {'header has' if self.source.header else 'first row has'}"
                        f" {width}", location=self.source.where(f"line {self._start}"),
                        hint="a field with the delimiter inside must be quoted")
                yield row
        except (csv.Error, UnicodeDecodeError) as exc:
            raise self.translate_error(exc) from exc

    def close(self) -> None:
        self._handle.close()

