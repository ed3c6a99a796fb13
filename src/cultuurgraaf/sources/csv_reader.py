"""CSV and TSV extracts: one record a row, columns by name (with a header) or by position."""

from __future__ import annotations

import csv
from typing import Iterator

from ..errors import SourceError
from .base import LogicalSource, decode_error, open_text


class CsvRecord:
    __slots__ = ("row", "columns", "locator", "_nulls")

    def __init__(self, row: list[str], columns: dict[str, int], locator: str, nulls: frozenset[str]):
        self.row = row
        self.columns = columns
        self.locator = locator
        self._nulls = nulls

    def values(self, reference: str) -> list[str]:
        index = self.columns.get(reference)
        if index is None:
            raise KeyError(reference)
        value = self.row[index]
        return [] if value in self._nulls else [value]

    def available(self) -> list[str]:
        return list(self.columns)


def read_csv(source: LogicalSource) -> Iterator[CsvRecord]:
    delimiter = source.delimiter or ("\t" if source.formulation == "tsv" else ",")
    nulls = frozenset(source.null_values)
    with open_text(source) as handle:
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        try:
            if source.header:
                header = next(reader, None)
                if header is None:
                    return
                if header and header[0].startswith("\ufeff"):
                    header[0] = header[0][1:]
                columns = {name: i for i, name in enumerate(header)}
            else:
                columns = {}
            width = len(columns)
            line = reader.line_num
            for row in reader:
                start, line = line + 1, reader.line_num
                if not row:
                    continue
                if not source.header and len(row) > width:
                    # Without a header, columns are addressed by position: 1, 2, 3, ...
                    columns = {str(i + 1): i for i in range(len(row))}
                    width = len(row)
                if len(row) != width:
                    raise SourceError(
                        f"the row has {len(row)} fields where the header has {width}",
                        location=source.where(f"line {start}"),
                        hint="a field with the delimiter inside must be quoted",
                    )
                yield CsvRecord(row, columns, f"line {start}", nulls)
        except csv.Error as exc:
            raise SourceError(f"malformed CSV: {exc}", location=source.where(f"line {reader.line_num}")) from exc
        except UnicodeDecodeError as exc:
            raise decode_error(source, exc, f"near line {reader.line_num}") from exc
