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

Every JSON source is first read for its depth (:func:`check_depth`): a document nested deeper
than :data:`MAX_DEPTH` levels is refused before a reader builds it, for building it would cost
memory with the square of its depth (the paths ijson keeps) or Python's recursion.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from itertools import accumulate, repeat
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, Callable, Iterator

import ijson

from ..errors import InputTooLarge, SourceError, excerpt
from .base import LogicalSource, decode_error, open_binary, open_text

#: the deepest nesting of arrays and objects read; real exports stay far below it
MAX_DEPTH = 512
_DEPTH_STEP = {"start_map": 1, "start_array": 1, "end_map": -1, "end_array": -1}

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


def check_depth(source: LogicalSource) -> None:
    """Refuse a JSON document (or the lines of an NDJSON file) nested deeper than :data:`MAX_DEPTH`.

    The events are counted as ijson's C parser gives them, without a Python step per event; a
    file is counted once however many sources read it. A document that is not JSON is left to
    the reader, which says where it breaks.
    """
    try:
        stat = source.path.stat()
    except OSError:
        return  # the reader says what is wrong with the path
    if _too_deep(source.path, stat.st_size, stat.st_mtime_ns, source.encoding, source.compression):
        raise InputTooLarge(f"the JSON is nested more than {MAX_DEPTH} levels deep (arrays and objects inside "
                            "one another); cultuurgraaf reads no deeper", location=source.where(),
                            hint="is this the export you meant? Real records nest a few levels deep")


@lru_cache(maxsize=64)
def _too_deep(path: Path, size: int, modified: int, encoding: str, compression: str | None) -> bool:
    with open_text(LogicalSource(path, "json", encoding=encoding, compression=compression)) as text:
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


def stream_records(source: LogicalSource, compile_path: Callable[[str], Any]) -> Iterator[tuple[str, Any]]:
    """(JSON Pointer, record) for each record, reading one item of the first ``[*]`` at a time;
    what follows that ``[*]`` is run as the JSONPath query ``compile_path`` makes of it."""
    check_depth(source)
    found = plan(source.iterator)
    assert found is not None
    keys, rest = found
    if not rest:
        yield from _items(source, keys)
        return
    query = compile_path("$" + rest)
    for pointer, item in _items(source, keys):
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
