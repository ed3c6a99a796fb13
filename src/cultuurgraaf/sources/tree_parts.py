"""Cutting a JSON, JSON Lines or XML file into parts that start where a record starts, so that
processes sharing a mapping each parse only their own bytes (as ``csv_parts.py`` does for CSV).

A part is a byte range of the file with the number of records before it, and the bytes that make
it a document of its own: ``head`` (what opens the records' parent: ``{"rootObject": [`` or the
XML declaration and the start tags of the record's ancestors) and ``tail`` (what closes it:
``]}`` or the ancestors' end tags). A reader parses ``head + range + tail`` as it parses the whole
file, and numbers the records from ``before``, so JSON Pointers and XPaths stay those of the file.

The cuts are found by a real parser in one pass over the file, before the processes start:

- JSON (an iterator ``$.a.b[*]...`` whose array is the file's only one at that path): ijson's C
  parser, fed in blocks and byte by byte near each cut, finds where an item of the array ends.
  The same pass checks the document's depth (``json_stream.check_depth``), so the readers do not.
- JSON Lines: the first line break at or after each cut (a JSON text has no raw line break).
- XML (a plain absolute path, ``/lido:lidoWrap/lido:lido``): expat finds where a record's start
  tag begins, and the start tags of the elements around it.

A file the parser refuses (malformed, too deep, compressed, in another encoding) is not cut: the
processes read it whole, and the first says where it is wrong as one process would. A reader that
meets a parse error in its part raises :class:`~.csv_parts.MissedCut`, and the run starts again
with every file read whole.

>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "e.ndjson"
>>> _ = path.write_bytes(b'{"id": 1}\\n{"id": 2}\\n{"id": 3}\\n')
>>> [(p.start, p.end, p.before) for p in cut_lines(path, 2, min_size=0)]
[(0, 20, 0), (20, 30, 2)]
"""

from __future__ import annotations

import io
import mmap
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import csv_parts
from .base import LogicalSource, compression_of
from .csv_parts import ASCII_SAFE, Window



@dataclass(frozen=True)
class TreePart:
    """Bytes ``start`` to ``end`` of a file, ``before`` records after its start, read as
    ``head + bytes + tail``. A part with ``start >= end`` holds no records."""

    start: int
    end: int
    before: int
    head: bytes = b""
    tail: bytes = b""

    @property
    def empty(self) -> bool:
        return self.start >= self.end


def cuttable(path: Path, parts: int, encoding: str, compression: str | None,
              min_size: int | None) -> os.stat_result | None:
    """The file's status when it may be cut: not compressed, in an encoding where the bytes the
    cut looks for mean what they say, at least ``min_size`` bytes (default: as for CSV)."""
    kind = compression if compression is not None else compression_of(path)
    if parts < 2 or encoding.lower() not in ASCII_SAFE or kind not in (None, "none"):
        return None
    try:
        stat = path.stat()
    except OSError:
        return None  # the reader says what is wrong with the path
    threshold = csv_parts.MIN_SIZE if min_size is None else min_size
    return stat if stat.st_size and stat.st_size >= threshold else None


_LONE_CR = re.compile(rb"\r(?!\n)")

#: A cut: where the part before it ends, where its own starts, the records before it, and the
#: head and tail that make a document of a part that starts or ends there.
Cut = tuple[int, int, int, bytes, bytes]


def parts_of(size: int, cuts: list[Cut | None]) -> list[TreePart]:
    """Parts from the cuts; None where no record starts after a cut's target (that part, and
    those after it, are empty)."""
    last = (size, size, 0, b"", b"")
    bounds = [(0, 0, 0, b"", b""), *[last if c is None else c for c in cuts], last]
    found = []
    for (_, start, before, head, _), (end, *_, tail) in zip(bounds, bounds[1:]):
        found.append(TreePart(start, end, before, head if start else b"", tail if end < size else b""))
    return found


# -- JSON Lines -------------------------------------------------------------------------------

def cut_lines(path: Path, parts: int, *, encoding: str = "utf-8", compression: str | None = None,
              min_size: int | None = None) -> list[TreePart] | None:
    """``parts`` parts of a file of one JSON text a line, each starting after a line break;
    ``before`` counts the lines before it."""
    stat = cuttable(path, parts, encoding, compression, min_size)
    if stat is None:
        return None
    size = stat.st_size
    cuts: list[Cut | None] = []
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if _LONE_CR.search(data):
            return None  # the reader counts a lone carriage return as a line break, the cut would not
        lines = counted = 0
        for target in (size * k // parts for k in range(1, parts)):
            newline = data.find(b"\n", max(target - 1, 0))
            if newline < 0 or newline + 1 >= size:
                cuts.append(None)
                continue
            lines += data[counted:newline + 1].count(b"\n")
            counted = newline + 1
            cuts.append((newline + 1, newline + 1, lines, b"", b""))
    return parts_of(size, cuts)


# -- reading a part ---------------------------------------------------------------------------

class _Joined(io.RawIOBase):
    """The head, the part's bytes and the tail, as one file."""

    def __init__(self, path: Path, part: TreePart):
        self._pieces: Iterator = iter([io.BytesIO(part.head), Window(path, part.start, part.end),
                                       io.BytesIO(part.tail)])
        self._current = next(self._pieces)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._current is not None:
            count = self._current.readinto(buffer)
            if count:
                return count
            self._current.close()
            self._current = next(self._pieces, None)
        return 0

    def close(self) -> None:
        while self._current is not None:
            self._current.close()
            self._current = next(self._pieces, None)
        super().close()


def open_part(path: Path, part: TreePart) -> io.BufferedReader:
    """A part as a binary file: its head, its bytes and its tail."""
    return io.BufferedReader(_Joined(path, part), 1 << 20)


def open_part_text(source: LogicalSource, part: TreePart) -> io.TextIOWrapper:
    """A part of a source's file as text (a byte-order mark only where the file starts)."""
    encoding = source.encoding
    if encoding.lower() in ("utf-8", "utf8") and part.start == 0:
        encoding = "utf-8-sig"
    return io.TextIOWrapper(open_part(source.path, part), encoding=encoding, newline="")
