"""Rows of a table or query in a SQLite database file, as records.

RML-IO describes a database with D2RQ: ``rml:source [ a d2rq:Database ; d2rq:jdbcDSN "jdbc:sqlite:..." ]``,
and the logical source names a table (``rml:referenceFormulation rml:SQL2008Table ; rml:iterator
"objecten"``) or gives a query (``rml:SQL2008Query``). SQLite is the one database cultuurgraaf
reads: it comes with Python, and a database file is an extract like any other. The file is opened
read-only. A reference is a column name; values keep their natural RDF datatype (the RML-IO
registry's SQL table): INTEGER is ``xsd:integer``, REAL ``xsd:double``, TEXT a plain literal, a
BLOB ``xsd:hexBinary``, and NULL is no value.

>>> sqlite_file("jdbc:sqlite:collectie.db", Path("/data"))
PosixPath('/data/collectie.db')
>>> sqlite_file("jdbc:mysql://localhost/collectie", Path("/data")) is None
True
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable, Iterator

from ..errors import SourceError
from .base import LogicalSource, SourceLiteral

XSD_HEX = "http://www.w3.org/2001/XMLSchema#hexBinary"
PREFIX = "jdbc:sqlite:"


def sqlite_file(dsn: str, folder: Path) -> Path | None:
    """The database file a JDBC DSN names (relative to ``folder``), or None when it is not SQLite."""
    if not dsn.startswith(PREFIX):
        return None
    name = dsn[len(PREFIX):].removeprefix("//")
    return folder / name


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


class SqlRecords:
    """The rows of the source's table (``iterator`` is its name) or query, one record each."""

    scalar = False
    null_values: frozenset = frozenset()

    def __init__(self, source: LogicalSource):
        self.source = source
        self._index = 0
        self._cursor: sqlite3.Cursor | None = None
        self._connection: sqlite3.Connection | None = None
        self._columns: list[str] | None = None

    def _query(self) -> str:
        iterator = (self.source.iterator or "").strip()
        if not iterator:
            raise SourceError("a database source needs the table (rml:SQL2008Table) or query (rml:SQL2008Query) "
                              "as rml:iterator")
        if self.source.formulation == "sql-table":
            return f'SELECT * FROM "{iterator.strip(chr(34)).replace(chr(34), chr(34) * 2)}"'
        return iterator

    def _open(self) -> sqlite3.Cursor:
        if self._cursor is None:
            path = self.source.path
            if not path.is_file():
                raise SourceError(f"the database file {path} does not exist",
                                  hint='d2rq:jdbcDSN "jdbc:sqlite:FILE" names a SQLite file relative to the mapping')
            try:
                self._connection = _read_only(path)
                self._cursor = self._connection.execute(self._query())
            except sqlite3.DatabaseError as exc:
                self.close()
                tables = self._tables(path)
                raise SourceError(f"{path.name}: the database refused {self._query()!r}: {exc}",
                                  hint=f"the tables are: {', '.join(tables)}" if tables else None) from exc
            self._columns = [d[0] for d in self._cursor.description or ()]
        return self._cursor

    @staticmethod
    def _tables(path: Path) -> list[str]:
        try:
            with _read_only(path) as connection:
                return [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type IN "
                                                             "('table', 'view') ORDER BY name")]
        except sqlite3.DatabaseError:
            return []

    def __iter__(self) -> Iterator[tuple]:
        cursor = self._open()
        for index, row in enumerate(cursor, start=1):
            self._index = index
            yield row

    def accessor(self, reference: str) -> Callable[[tuple], list]:
        self._open()
        columns = self._columns or []
        name = reference.strip().strip('"')
        if name not in columns:
            raise SourceError(f"the column '{reference}' is not in {self.source.iterator!r} "
                              f"(columns: {', '.join(columns)})")
        index = columns.index(name)

        def read(row: tuple) -> list:
            value = row[index]
            if value is None:
                return []
            if isinstance(value, bytes):
                return [SourceLiteral(value.hex().upper(), datatype=XSD_HEX)]
            return [value]
        return read

    def locator(self) -> str:
        return f"row {self._index}" if self._index else ""

    def available(self) -> list[str]:
        return list(self._columns or [])

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = self._cursor = None
