"""The record protocol, the logical source description and the lazy reader registry."""

from __future__ import annotations

import bz2
import gzip
import importlib
import io
import lzma
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterator, Protocol

from ..errors import Location, SourceError


@dataclass(frozen=True)
class LogicalSource:
    """What to read and how: a file, its reference formulation and, for trees, an iterator."""

    path: Path
    formulation: str
    iterator: str | None = None
    encoding: str = "utf-8"
    delimiter: str | None = None
    header: bool = True
    null_values: tuple[str, ...] = ("",)
    namespaces: tuple[tuple[str, str], ...] = field(default=())

    def where(self, record: str | None = None) -> Location:
        return Location(str(self.path), record=record)


class Record(Protocol):
    locator: str

    def values(self, reference: str) -> list[str]:
        """The strings the reference yields in this record (none, one or several)."""

    def available(self) -> list[str]:
        """What references exist here (column names, keys), for error messages."""


Reader = Callable[[LogicalSource], Iterator[Record]]

READERS: dict[str, str] = {
    "csv": "cultuurgraaf.sources.csv_reader:read_csv",
    "tsv": "cultuurgraaf.sources.csv_reader:read_csv",
    "json": "cultuurgraaf.sources.json_reader:read_json",
    "ndjson": "cultuurgraaf.sources.json_reader:read_ndjson",
    "xml": "cultuurgraaf.sources.xml_reader:read_xml",
}


def reader_for(formulation: str) -> Reader:
    try:
        target = READERS[formulation]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise SourceError(f"no reader for the format '{formulation}' (known: {known})") from None
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def read_records(source: LogicalSource) -> Iterator[Record]:
    """Records of a logical source, in file order."""
    if not source.path.is_file():
        raise SourceError("the input file does not exist", location=Location(str(source.path)),
                          hint="check the inputs of the source in the project file, or the mapping's source")
    return reader_for(source.formulation)(source)


def open_binary(path: Path) -> IO[bytes]:
    """Open a file, decompressing gzip, bzip2, xz or a one-member zip by its name."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return gzip.open(path, "rb")
    if suffix == ".bz2":
        return bz2.open(path, "rb")
    if suffix in (".xz", ".lzma"):
        return lzma.open(path, "rb")
    if suffix == ".zip":
        archive = zipfile.ZipFile(path)
        names = [n for n in archive.namelist() if not n.endswith("/")]
        if len(names) != 1:
            raise SourceError(f"a zip input must hold exactly one file; {path} holds {len(names)}",
                              location=Location(str(path)))
        return archive.open(names[0])
    return open(path, "rb")


def open_text(source: LogicalSource) -> IO[str]:
    try:
        return io.TextIOWrapper(open_binary(source.path), encoding=source.encoding, newline="")
    except LookupError as exc:
        raise SourceError(f"unknown encoding '{source.encoding}'", location=source.where()) from exc


def decode_error(source: LogicalSource, exc: UnicodeDecodeError, record: str | None = None) -> SourceError:
    return SourceError(
        f"the file is not valid {source.encoding} text ({exc.reason} at byte {exc.start})",
        location=source.where(record),
        hint="declare the file's encoding in the mapping's source",
    )
