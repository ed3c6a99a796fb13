"""The logical source description, the record-stream protocol and the lazy reader registry.

A reader opens a :class:`LogicalSource` as a :class:`Records` stream. Iterating it yields raw
records (a CSV row as a list of strings, a JSON node, an XML element); ``accessor(reference)``
turns a reference into a way of reading values from a raw record, checked once before any
record is read, so a reference to a column that does not exist fails with the list of columns.
``locator()`` says where the record just yielded sits (``line 12``, ``/events/3``,
``/organisaties/organisatie[2]``); lineage and error messages point there.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import importlib
import io
import lzma
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterator, Protocol

from ..errors import InputTooLarge, Location, SourceError
from .files import DAMAGED, check_input_file, checked, damaged
from .versions import VersionsOption


@dataclass(frozen=True)
class LogicalSource:
    """What to read and how: a file, its reference formulation and, for trees, an iterator.

    ``null_values`` are the strings that mean "no value" in a CSV cell (JSON ``null`` and a
    missing key or element always do). ``compression`` is ``gzip``, ``bzip2``, ``xz``, ``zip``,
    ``tar.gz`` or ``tar.xz``; when None it is taken from the file name. ``versions`` keeps only
    the latest version of each object in a stream of versions (JSON and NDJSON; see versions.py).
    ``parallel_lists`` names CSV columns that hold lists side by side (``300011029;300011914`` and
    ``zilver;ebbenhout``) with their separators: each row then gives one record per position.
    ``endpoint`` is the URL of a SPARQL endpoint (an ``sd:Service``) whose answers to the iterator,
    a SELECT query, are the records; ``path`` then only names it (host and path) in reports.
    ``nested`` is ``(name, path)`` (JSON and NDJSON): each record the iterator selects gives one
    record per item the JSONPath ``path`` selects in it, with the record's own members, the item
    as member ``name`` and its position (from 0) as ``name.#`` (see json_reader.py).
    """

    path: Path
    formulation: str
    iterator: str | None = None
    encoding: str = "utf-8"
    delimiter: str | None = None
    header: bool = True
    null_values: tuple[str, ...] = ("",)
    namespaces: tuple[tuple[str, str], ...] = field(default=())
    compression: str | None = None
    versions: VersionsOption | None = None
    parallel_lists: tuple[tuple[str, str], ...] = ()
    endpoint: str | None = None
    nested: tuple[str, str] | None = None

    def where(self, record: str | None = None) -> Location:
        return Location(self.endpoint or str(self.path), record=record)


#: How a record stream answers a reference: a column position (scalar streams) or a function
#: from a raw record to the list of values it yields (str, or int/float/bool from JSON).
Accessor = int | Callable[[Any], list]


class Records(Protocol):
    """An open logical source: iterate it for raw records."""

    #: True when records are lists of strings and every accessor is a column position.
    scalar: bool
    #: The strings that mean "no value" (only used by scalar streams).
    null_values: frozenset

    def __iter__(self) -> Iterator[Any]: ...

    def accessor(self, reference: str) -> Accessor:
        """How to read a reference; raises SourceError naming what exists when it cannot."""

    def locator(self) -> str:
        """Where the record just yielded sits in the file."""

    def available(self) -> list[str]:
        """What references exist (column names, keys of the current record), for messages."""

    def close(self) -> None: ...


Opener = Callable[[LogicalSource], Records]

READERS: dict[str, str] = {
    "csv": "cultuurgraaf.sources.csv_reader:CsvRecords",
    "tsv": "cultuurgraaf.sources.csv_reader:CsvRecords",
    "json": "cultuurgraaf.sources.json_reader:JsonRecords",
    "ndjson": "cultuurgraaf.sources.json_reader:NdjsonRecords",
    "xml": "cultuurgraaf.sources.xml_reader:XmlRecords",
    # MARC 21 catalogue records, ISO 2709 or MARCXML, each as a MARCXML record element
    "marc": "cultuurgraaf.sources.marc_reader:MarcRecords",
    # JSON-LD documents (LDES members), expanded to RDF: one record per statement
    "jsonld": "cultuurgraaf.sources.jsonld_reader:JsonLdRecords",
    # the answers of a SPARQL SELECT (from an endpoint, or over an RDF file), by how references read them
    "sparql": "cultuurgraaf.sources.sparql_reader:SparqlRecords",
    "sparql-csv": "cultuurgraaf.sources.sparql_reader:SparqlRecords",
    "sparql-tsv": "cultuurgraaf.sources.sparql_reader:SparqlRecords",
    "sparql-json": "cultuurgraaf.sources.sparql_reader:SparqlRecords",
    "sparql-xml": "cultuurgraaf.sources.sparql_reader:SparqlRecords",
    # a table or a query of a SQLite database file (d2rq:Database with a jdbc:sqlite: DSN)
    "sql-table": "cultuurgraaf.sources.sql_reader:SqlRecords",
    "sql-query": "cultuurgraaf.sources.sql_reader:SqlRecords",
}


def reader_for(formulation: str) -> Opener:
    try:
        target = READERS[formulation]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise SourceError(f"no reader for the format '{formulation}' (known: {known})") from None
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def check_input(path: Path) -> Path:
    """``path`` when it is a regular file; otherwise an error saying what it is (missing, a folder,
    a named pipe, a symbolic link that loops)."""
    return check_input_file(path, what="the input file",
                            hint="check the inputs of the source in the project file, or the mapping's source")


def open_records(source: LogicalSource, **options: Any) -> Records:
    """Open a logical source for reading; the caller closes it. ``options`` go to the reader
    (a CSV reader takes the ``part`` of the file to read)."""
    if source.endpoint is None:
        check_input(source.path)
    return reader_for(source.formulation)(source, **options)


class Record:
    """One raw record together with its stream: ``values(reference)`` as strings, and its locator.

    The engine reads raw records through compiled accessors; this view is for everything else
    (tests, functions, tools) and reads the same values the same way.
    """

    __slots__ = ("raw", "locator", "_records")

    def __init__(self, raw: Any, locator: str, records: Records):
        self.raw = raw
        self.locator = locator
        self._records = records

    def values(self, reference: str) -> list[str]:
        access = self._records.accessor(reference)
        if isinstance(access, int):
            value = self.raw[access]
            return [] if value in self._records.null_values else [value]
        return [text_of(v) for v in access(self.raw)]

    def available(self) -> list[str]:
        return self._records.available()


def read_records(source: LogicalSource) -> Iterator[Record]:
    """Records of a logical source, in file order, as :class:`Record` views."""
    records = open_records(source)
    try:
        for raw in records:
            yield Record(raw, records.locator(), records)
    finally:
        records.close()


class SourceLiteral(str):
    """A source value that is an RDF literal already (a SPARQL answer): its lexical form, with its
    language or datatype, which a reference keeps (the natural RDF mapping).

    >>> v = SourceLiteral("1890", datatype="http://www.w3.org/2001/XMLSchema#gYear")
    >>> v, v.datatype, f"born {v}"
    ('1890', 'http://www.w3.org/2001/XMLSchema#gYear', 'born 1890')
    """

    language: str | None
    datatype: str | None

    def __new__(cls, text: str, *, language: str | None = None, datatype: str | None = None):
        value = super().__new__(cls, text)
        value.language = language
        value.datatype = datatype
        return value


class SourceNode(str):
    """A source value that is an RDF IRI or blank node already (a statement of JSON-LD read as
    RDF): the IRI, or the blank node's label. A reference keeps the kind: as an object it is that
    IRI or blank node, not text, and as a subject a blank node stays a blank node.

    >>> SourceNode("b1", blank=True).blank, f"id {SourceNode('https://ex.be/1', blank=False)}"
    (True, 'id https://ex.be/1')
    """

    blank: bool

    def __new__(cls, text: str, *, blank: bool):
        value = super().__new__(cls, text)
        value.blank = blank
        return value


def text_of(value: Any) -> str:
    """The lexical form of a source value: JSON ``true`` is ``true``, 30 is ``30``."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_SUFFIXES = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz", ".lzma": "xz", ".zip": "zip"}


def check_size(path: Path, *, limit_mb: float) -> None:
    """Refuse a file larger than ``limit_mb`` megabytes before it is read (its size on disk).

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as export:
    ...     export.truncate(2_500_000)
    ...     check_size(Path(export.name), limit_mb=2)
    Traceback (most recent call last):
    ...
    cultuurgraaf.errors.InputTooLarge: ...: the file has 2,500,000 bytes; cultuurgraaf reads files of up to 2 MB (2,000,000 bytes)
      hint: if it is the export you meant, raise max_input_mb in [project] of cultuurgraaf.toml
    """
    try:
        size = Path(path).stat().st_size
    except OSError:
        return  # the reader says what is wrong with the path
    if size > limit_mb * 1_000_000:
        raise InputTooLarge(f"the file has {size:,} bytes; cultuurgraaf reads files of up to {limit_mb:,g} MB "
                            f"({int(limit_mb * 1_000_000):,} bytes)", location=Location(str(path)),
                            hint="if it is the export you meant, raise max_input_mb in [project] of cultuurgraaf.toml")


def compression_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith((".tar.gz", ".tgz")):
        return "tar.gz"
    if name.endswith((".tar.xz", ".txz")):
        return "tar.xz"
    return _SUFFIXES.get(path.suffix.lower())


def open_binary(path: Path, compression: str | None = None) -> IO[bytes]:
    """Open a file, decompressing gzip, bzip2, xz, a one-member zip or a one-member tar archive;
    damaged or cut-short compressed data is a SourceError naming the file, when opened or read."""
    kind = compression if compression is not None else compression_of(path)
    if kind in (None, "none"):
        return open(path, "rb")
    try:
        return checked(_decompressing(path, kind), path, kind)
    except (*DAMAGED, zipfile.BadZipFile, tarfile.TarError) as exc:
        raise damaged(path, kind, exc) from None


def _decompressing(path: Path, kind: str) -> IO[bytes]:
    if kind == "gzip":
        return gzip.open(path, "rb")
    if kind == "bzip2":
        return bz2.open(path, "rb")
    if kind == "xz":
        return lzma.open(path, "rb")
    if kind == "zip":
        archive = zipfile.ZipFile(path)
        names = [n for n in archive.namelist() if not n.endswith("/")]
        if len(names) != 1:
            raise SourceError(f"a zip input must hold exactly one file; it holds {len(names)}",
                              location=Location(str(path)))
        return archive.open(names[0])
    if kind in ("tar.gz", "tar.xz", "tar"):
        archive = tarfile.open(path, "r:*")
        members = [m for m in archive.getmembers() if m.isfile()]
        if len(members) != 1:
            raise SourceError(f"a tar input must hold exactly one file; it holds {len(members)}",
                              location=Location(str(path)))
        return archive.extractfile(members[0])
    raise SourceError(f"unknown compression '{kind}' (known: gzip, bzip2, xz, zip, tar.gz, tar.xz)",
                      location=Location(str(path)))


def open_text(source: LogicalSource) -> IO[str]:
    encoding = source.encoding.lower()
    if encoding in ("utf-8", "utf8"):
        encoding = "utf-8-sig"
    try:
        return io.TextIOWrapper(open_binary(source.path, source.compression), encoding=encoding, newline="")
    except LookupError as exc:
        raise SourceError(f"unknown encoding '{source.encoding}'", location=source.where()) from exc


def decode_error(source: LogicalSource, exc: UnicodeDecodeError) -> SourceError:
    """The error for a file that is not in its declared encoding, placed at its first bad byte.

    The decoder's own position counts from the block of the file it was given, so the file is read
    again, line by line, to find the line and the byte.
    """
    found = _first_bad_byte(source)
    if found is None:
        line, where = None, f"({exc.reason})"
    else:
        line, column, byte, reason = found
        where = f"(byte 0x{byte:02X} at line {line}, byte {column} of the line: {reason})"
    return SourceError(f"the file is not valid {source.encoding} text {where}",
                       location=source.where(f"line {line}" if line else None),
                       hint="declare the file's encoding in the mapping's source, or save the file as UTF-8")


def _first_bad_byte(source: LogicalSource) -> tuple[int, int, int, str] | None:
    """(line, byte in the line from 1, the byte, the decoder's reason) of the first byte that does not
    decode, or None when every byte does."""
    encoding = "utf-8-sig" if source.encoding.lower() in ("utf-8", "utf8") else source.encoding
    decoder = codecs.getincrementaldecoder(encoding)()
    with open_binary(source.path, source.compression) as handle:
        for number, raw in enumerate(handle, start=1):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(raw)
            except UnicodeDecodeError as exc:
                start = max(exc.start - pending, 0)
                return number, start + 1, raw[start], exc.reason
    return None
