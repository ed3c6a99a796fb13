"""Cutting a CSV file into parts that start where a record starts, so that processes sharing a
mapping each read only their own bytes.

A part is a byte range of the file with the number of lines before it. Its start is found
without parsing: it is the first line break at or after the target offset that has an even
number of double quotes before it, since a line break inside a quoted field has an odd number
(``""`` inside a field counts two). That holds for RFC 4180 CSV; a quote inside an unquoted
field (``5" tall``) breaks it. The reader of each part checks the cut for itself: a part that
starts where a record starts and ends inside a quoted field meets the end of its data in the
middle of a field, which the csv module (in strict mode) refuses. That reader raises
:class:`MissedCut`, and the caller reads the file as a whole instead. By induction from the
first part, which starts at byte 0, every part whose predecessors all ended cleanly starts
where a record starts.

>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "o.csv"
>>> _ = path.write_bytes(b'id,titel\\nO1,"twee\\nregels"\\nO2,kort\\nO3,x\\n')
>>> [(p.start, p.end, p.line) for p in cut(path, 3, encoding="utf-8", min_size=0)]
[(0, 26, 0), (26, 34, 3), (34, 39, 4)]
>>> path.read_bytes()[26:34]
b'O2,kort\\n'
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from .base import compression_of

#: Files smaller than this are not cut: one process reads them whole.
MIN_SIZE = 1 << 20

#: Encodings in which a byte 0x0A or 0x22 is always a line feed or a double quote.
ASCII_SAFE = frozenset({"utf-8", "utf8", "utf-8-sig", "ascii", "us-ascii", "latin-1", "latin1", "iso-8859-1",
                        "iso-8859-15", "cp1252", "windows-1252"})

_BLOCK = 1 << 22


class MissedCut(Exception):
    """A part ended inside a record: the file breaks the rule the cut relies on."""


@dataclass(frozen=True)
class Part:
    """Bytes ``start`` to ``end`` of a file, with ``line`` lines before ``start``."""

    start: int
    end: int
    line: int
    #: whether the part ends where the file ends (a record left open there is the file's own fault)
    ends_file: bool


def cut(path: Path, parts: int, *, encoding: str, compression: str | None = None,
        min_size: int | None = None) -> list[Part] | None:
    """``parts`` parts of about the same size (some may be empty), or None when the file cannot be
    cut: compressed, in an encoding where those bytes may mean something else, smaller than
    ``min_size`` (default :data:`MIN_SIZE`), or with a carriage return that is not followed by a
    line feed (the csv module counts it as a line break, which would shift the line numbers)."""
    kind = compression if compression is not None else compression_of(path)
    if parts < 2 or encoding.lower() not in ASCII_SAFE or kind not in (None, "none"):
        return None
    size = path.stat().st_size
    if size < (MIN_SIZE if min_size is None else min_size):
        return None
    targets = [size * k // parts for k in range(1, parts)]
    starts = _starts(path, targets)
    if starts is None:
        return None
    bounds = [(0, 0), *starts, (size, None)]
    found = []
    for k in range(parts):
        (start, line), (end, _) = bounds[k], bounds[k + 1]
        found.append(Part(start, max(start, end), line, ends_file=max(start, end) >= size))
    return found


def _starts(path: Path, targets: list[int]) -> list[tuple[int, int]] | None:
    """For each target offset, (the byte after the first line break at or after it with an even
    number of quotes before it, the lines before that byte); the file's size for a target with no
    such break after it. None when the file has a lone carriage return before the last cut."""
    found: list[tuple[int, int]] = []
    quotes = lines = offset = 0
    pending = list(targets)
    after_cr = False
    with open(path, "rb", buffering=0) as handle:
        while pending:
            block = handle.read(_BLOCK)
            if not block:
                break
            if (after_cr or b"\r" in block) and _lone_cr(block, after_cr):
                return None
            after_cr = block.endswith(b"\r")
            position, size = 0, len(block)
            while pending and pending[0] - offset < size:
                target = pending[0] - offset
                if target > position:
                    quotes += block.count(b'"', position, target)
                    lines += block.count(b"\n", position, target)
                    position = target
                newline = block.find(b"\n", position)
                if newline < 0:
                    break  # the break comes in a later block
                quotes += block.count(b'"', position, newline)
                lines += 1
                position = newline + 1
                if quotes % 2 == 0:
                    while pending and pending[0] <= offset + newline:
                        found.append((offset + position, lines))
                        pending.pop(0)
            quotes += block.count(b'"', position)
            lines += block.count(b"\n", position)
            offset += size
    found.extend((offset, lines) for _ in pending)
    return found


def _lone_cr(block: bytes, after_cr: bool) -> bool:
    """Whether a block (following a block that ended in a carriage return when ``after_cr``) holds
    a carriage return not followed by a line feed; one at the very end is judged with the next block."""
    if after_cr and not block.startswith(b"\n"):
        return True
    body = block[:-1] if block.endswith(b"\r") else block
    return body.count(b"\r") != body.count(b"\r\n")


class Window(io.RawIOBase):
    """Bytes ``start`` to ``end`` of a file, as a file of their own."""

    def __init__(self, path: Path, start: int, end: int):
        self._handle = open(path, "rb", buffering=0)
        self._handle.seek(start)
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[: self._left]
        count = self._handle.readinto(view)
        self._left -= count
        return count

    def close(self) -> None:
        self._handle.close()
        super().close()


def open_part(path: Path, part: Part, encoding: str) -> io.TextIOWrapper:
    """A part as text, read as the csv module needs (``newline=""``)."""
    if encoding.lower() in ("utf-8", "utf8") and part.start == 0:
        encoding = "utf-8-sig"
    return io.TextIOWrapper(io.BufferedReader(Window(path, part.start, part.end), 1 << 20), encoding=encoding,
                            newline="")
