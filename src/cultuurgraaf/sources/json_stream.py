"""Reading the records of a large JSON document one at a time (ijson), so memory does not grow with it.

An iterator that walks member names down to one array or object and takes all its items
(``$[*]``, ``$.events[*]``, ``$['rootObject'].items[*]``) can be read as a stream: each item is
built, mapped and dropped before the next is read. What follows that first ``[*]``
(``$.rootObject[*].event``, ``$.events[*].dates[*]``) is JSONPath applied to each item in turn.
Other iterators (a filter or recursive descent before the first ``[*]``, no ``[*]`` at all)
load the document whole and run JSONPath over it.

>>> plan("$.events[*]"), plan("$[*]"), plan("$['a b'].c[*].d")
((['events'], ''), ([], ''), (['a b', 'c'], '.d'))
>>> plan("$.events[*].dates[*]")
(['events'], '.dates[*]')
>>> plan("$..event") is None, plan("$.a.b") is None, plan("$.a[?@.x][*]") is None
(True, True, True)

A file of records too large for one process is cut into parts at the ends of the array's items
(:func:`cut_json`, ``tree_parts.py``), each read by a process of its own.

Every JSON source is first read for its depth (:func:`check_depth`): a document nested deeper
than :data:`MAX_DEPTH` levels is refused before a reader builds it, for building it would cost
memory with the square of its depth (the paths ijson keeps) or Python's recursion.
"""

from __future__ import annotations

import json
import mmap
import os
import re
from functools import lru_cache
from itertools import accumulate, repeat
from operator import countOf, itemgetter
from pathlib import Path
from typing import IO, Any, Callable, Iterator

import ijson

from ..errors import InputTooLarge, SourceError, excerpt
from .base import LogicalSource, decode_error, open_binary, open_text
from .csv_parts import MissedCut
from .tree_parts import Cut, TreePart, cuttable, open_part, open_part_text, parts_of

#: the deepest nesting of arrays and objects read; real exports stay far below it
MAX_DEPTH = 512
_DEPTH_STEP = {"start_map": 1, "start_array": 1, "end_map": -1, "end_array": -1}
#: The most bytes before the array of records that a cut reads a byte at a time to find it.
HEAD_LIMIT = 1 << 20
_BLOCK = 1 << 20

_STEP = re.compile(r"""\.([A-Za-z_][\w\-]*)|\[\s*'((?:[^'\\.]|\\.)*)'\s*\]|\[\s*"((?:[^"\\.]|\\.)*)"\s*\]""")


def plan(iterator: str | None) -> tuple[list[str], str] | None:
    """The member names down to the first ``[*]``, and the JSONPath that follows it; None when
    the iterator does not start that way."""
    if not iterator or not iterator.startswith("$") or "[*]" not in iterator:
        return None
    body, rest = iterator[1:].split("[*]", 1)
    keys, pos = [], 0
    for match in _STEP.finditer(body):
        if match.start() != pos:
            return None
        key = next(g for g in match.groups() if g is not None)
        if "." in key:
            return None  # ijson prefixes separate names with dots
        keys.append(re.sub(r"\\(.)", r"\1", key))
        pos = match.end()
    return (keys, rest) if pos == len(body) else None


def check_depth(source: LogicalSource, part: TreePart | None = None) -> None:
    """Refuse a JSON document (or the lines of an NDJSON file, or those of a ``part`` of it)
    nested deeper than :data:`MAX_DEPTH`.

    The events are counted as ijson's C parser gives them, without a Python step per event; a
    file is counted once however many sources read it. A document that is not JSON is left to
    the reader, which says where it breaks.
    """
    try:
        stat = source.path.stat()
    except OSError:
        return  # the reader says what is wrong with the path
    key = (source.path, stat.st_size, stat.st_mtime_ns, source.encoding, source.compression)
    if part is not None:
        key += (part.start, part.end)
    if key not in _CHECKED:
        _CHECKED[key] = _too_deep(source, part)
    if _CHECKED[key]:
        raise InputTooLarge(f"the JSON is nested more than {MAX_DEPTH} levels deep (arrays and objects inside "
                            "one another); cultuurgraaf reads no deeper", location=source.where(),
                            hint="is this the export you meant? Real records nest a few levels deep")


#: (path, size, modification time, encoding, compression) -> whether the file is too deep: each
#: file is read for its depth once, however many sources read it (a cut of the file reads it too)
_CHECKED: dict[tuple, bool] = {}


def depth_checked(path: Path, stat: os.stat_result, encoding: str, compression: str | None) -> None:
    """Note that a file has been read whole and is not too deep (:func:`cut_json` does so)."""
    _CHECKED[(path, stat.st_size, stat.st_mtime_ns, encoding, compression)] = False


def _too_deep(source: LogicalSource, part: TreePart | None) -> bool:
    with open_text(source) if part is None else open_part_text(source, part) as text:
        events = ijson.basic_parse(_Utf8(text), use_float=True, multiple_values=True)
        try:
            return any(map(MAX_DEPTH.__lt__, accumulate(map(_DEPTH_STEP.get, map(itemgetter(0), events), repeat(0)))))
        except (ijson.JSONError, UnicodeDecodeError):
            return False


class _Utf8:
    """A text file read as UTF-8 bytes, whatever its own encoding, for ijson."""

    def __init__(self, text: IO[str]):
        self.text = text

    def read(self, size: int) -> bytes:
        return self.text.read(size).encode("utf-8")


def _pointer_part(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def streamable(source: LogicalSource) -> bool:
    return source.encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig") and plan(source.iterator) is not None


def stream_records(source: LogicalSource, compile_path: Callable[[str], Any],
                   part: TreePart | None = None) -> Iterator[tuple[str, Any]]:
    """(JSON Pointer, record) for each record, reading one item of the first ``[*]`` at a time;
    what follows that ``[*]`` is run as the JSONPath query ``compile_path`` makes of it. With
    ``part`` (``tree_parts.cut_json``), only the items of that part, numbered as in the file."""
    found = plan(source.iterator)
    assert found is not None
    keys, rest = found
    if part is None:
        check_depth(source)
        items = _items(source, keys)
    else:
        items = _part_items(source, keys, part)
    if not rest:
        yield from items
        return
    query = compile_path("$" + rest)
    for pointer, item in items:
        for match in query.finditer(item):
            yield pointer + str(match.pointer()), match.obj


def _items(source: LogicalSource, keys: list[str]) -> Iterator[tuple[str, Any]]:
    prefix = ".".join(keys)
    base = "".join("/" + _pointer_part(k) for k in keys)
    try:
        with open_binary(source.path, source.compression) as handle:
            kind = next((event for path, event, _ in ijson.parse(handle)
                         if path == prefix and event in ("start_array", "start_map", "string", "number",
                                                          "boolean", "null")), None)
        if kind not in ("start_array", "start_map"):
            return
        with open_binary(source.path, source.compression) as handle:
            if kind == "start_array":
                items = ijson.items(handle, f"{prefix}.item" if prefix else "item", use_float=True)
                for index, item in enumerate(items):
                    yield f"{base}/{index}", item
            else:
                for key, item in ijson.kvitems(handle, prefix, use_float=True):
                    yield f"{base}/{_pointer_part(key)}", item
    except ijson.JSONError as exc:
        raise malformed_json(source, exc) from exc
    except UnicodeDecodeError as exc:
        raise decode_error(source, exc) from exc


def _part_items(source: LogicalSource, keys: list[str], part: TreePart) -> Iterator[tuple[str, Any]]:
    """The items of a part of the array (the file's depth was checked when it was cut); a part
    that does not parse was cut in the wrong place, which the caller tells by :class:`MissedCut`."""
    if part.empty:
        return
    prefix = ".".join(keys)
    base = "".join("/" + _pointer_part(k) for k in keys)
    try:
        with open_part(source.path, part) as handle:
            items = ijson.items(handle, f"{prefix}.item" if prefix else "item", use_float=True)
            for index, item in enumerate(items, start=part.before):
                yield f"{base}/{index}", item
    except ijson.JSONError as exc:
        raise MissedCut(f"{source.path.name}: bytes {part.start}-{part.end} are not whole records") from exc


#: Files up to this size are read again, whole, to find where malformed JSON breaks (ijson does not say).
LOCATE_LIMIT = 256 << 20


def malformed_json(source: LogicalSource, exc: Exception) -> SourceError:
    """The error for JSON that ijson could not read, at the line and column Python's own parser finds."""
    if source.path.stat().st_size <= LOCATE_LIMIT:
        with open_text(source) as handle:
            try:
                json.load(handle)
            except json.JSONDecodeError as found:
                return SourceError(f"malformed JSON: {found.msg}",
                                   location=source.where(f"line {found.lineno}, column {found.colno}"))
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return SourceError(f"malformed JSON: {excerpt(first, 200)}", location=source.where("(no line: the file is too large to read again to find it)"))


# -- cutting a file into parts --------------------------------------------------------------

def cut_json(path: Path, parts: int, *, keys: tuple[str, ...], encoding: str = "utf-8",
             compression: str | None = None, min_size: int | None = None) -> list[TreePart] | None:
    """``parts`` parts of a JSON file whose records are the items of the array at ``keys``
    (member names from the top), or None when it is not cut (see ``tree_parts.py``).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "e.json"
    >>> _ = path.write_bytes(b'{"events": [{"id": 1}, {"id": "a,]"}, {"id": 3}]}')
    >>> parts = cut_json(path, 2, keys=("events",), min_size=0)
    >>> [(p.start, p.end, p.before, p.head, p.tail) for p in parts]
    [(0, 36, 0, b'', b']}'), (38, 49, 2, b'{"events": [', b'')]
    >>> open_part(path, parts[0]).read(), open_part(path, parts[1]).read()
    (b'{"events": [{"id": 1}, {"id": "a,]"}]}', b'{"events": [{"id": 3}]}')
    """
    stat = cuttable(path, parts, encoding, compression, min_size)
    if stat is None:
        return None
    found = _cut_json(path, stat.st_size, stat.st_mtime_ns, parts, tuple(keys))
    if found is not None:
        depth_checked(path, stat, encoding, compression)
    return found


@lru_cache(maxsize=16)
def _cut_json(path: Path, size: int, modified: int, parts: int, keys: tuple[str, ...]) -> list[TreePart] | None:
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        try:
            return _JsonCutter(data, size, keys).cut([size * k // parts for k in range(1, parts)])
        except (ijson.JSONError, UnicodeDecodeError, _NotCut):
            return None


class _NotCut(Exception):
    """The file is well formed, but not in a way this cut can use."""


class _JsonCutter:
    """One pass of ijson's parser over a file, feeding it as much at a time as it may."""

    def __init__(self, data: mmap.mmap, size: int, keys: tuple[str, ...]):
        self.data, self.size, self.keys = data, size, keys
        self.events = ijson.sendable_list()
        self.parser = ijson.basic_parse_coro(self.events, use_float=True)
        self.pos = 0
        self.depth = 0           # of the parser, after the bytes fed so far
        self.level = 0           # the depth inside the array of records, 0 until it is found
        self.items = 0           # items of that array completed so far
        self.closed = False      # whether the array has ended

    def cut(self, targets: list[int]) -> list[TreePart]:
        head = self._find_array()
        tail = b"]" + b"}" * len(self.keys)
        cuts = []
        for target in targets:
            found = self._cut_at(target)
            cuts.append(None if found is None else (*found, head, tail))
        while self.pos < self.size:  # the rest: whether it is well formed, and its depth
            self._feed(min(_BLOCK, self.size - self.pos))
        self.parser.close()
        return parts_of(self.size, cuts)

    def _feed(self, count: int) -> None:
        self.parser.send(self.data[self.pos:self.pos + count])
        self.pos += count
        events = self.events
        if not events:
            return
        # depths after each event, counted without a Python step per event (json_stream.check_depth)
        depths = list(accumulate(map(_DEPTH_STEP.get, map(itemgetter(0), events), repeat(0)), initial=self.depth))
        del events[:]
        if max(depths) > MAX_DEPTH:
            raise _NotCut("too deep: the readers refuse it, with the reason")
        self.depth = depths[-1]
        if self.closed:
            return
        level = self.level
        if min(depths) < level:  # the array ended in these bytes: count only the items before
            depths = depths[:depths.index(level - 1)]
            self.closed = True
        # every item ends with one event that leaves the parser at the array's own depth
        self.items += countOf(depths, level) - (depths[0] == level)

    def _find_array(self) -> bytes:
        """Feed the file a byte at a time up to its array of records; returns the bytes before its first item."""
        path: list[str | None] = []   # the member name of each open object (None for an array)
        while self.pos < min(self.size, HEAD_LIMIT):
            self.parser.send(self.data[self.pos:self.pos + 1])
            self.pos += 1
            for event, value in self.events:
                if event == "map_key":
                    path[-1] = value
                    continue
                if event in ("end_map", "end_array"):
                    path.pop()
                    continue
                if len(path) == len(self.keys) and path == list(self.keys):
                    if event != "start_array":
                        raise _NotCut("the records are the members of an object, or one value")
                    self.depth = self.level = len(path) + 1
                    del self.events[:]
                    return bytes(self.data[:self.pos])
                if event in ("start_map", "start_array"):
                    path.append("" if event == "start_map" else None)
            del self.events[:]
            if len(path) > MAX_DEPTH:
                raise _NotCut("too deep: the readers refuse it, with the reason")
        raise _NotCut("no array of records near the start of the file")

    def _cut_at(self, target: int) -> tuple[int, int, int] | None:
        """(where the item ending at or after ``target`` ends, where the next starts, items before
        it), or None when the array ends first."""
        while self.pos < target and not self.closed:
            self._feed(min(_BLOCK, target - self.pos))
        while not self.closed and self.pos < self.size:
            done = self.items
            self._feed(1)
            if self.items > done and not self.closed:
                break
        else:
            return None
        data = self.data
        # a number ends at the byte after it, which the parser has just been given
        end = self.pos - 1 if data[self.pos - 1:self.pos] in (b" ", b"\t", b"\r", b"\n", b",") else self.pos
        start = _skip_space(data, end, self.size)
        if data[start:start + 1] != b",":
            return None  # the array's last item
        return end, _skip_space(data, start + 1, self.size), self.items


def _skip_space(data: mmap.mmap, at: int, size: int) -> int:
    while at < size and data[at:at + 1] in (b" ", b"\t", b"\r", b"\n"):
        at += 1
    return at
