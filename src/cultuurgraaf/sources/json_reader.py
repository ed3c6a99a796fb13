"""JSON and newline-delimited JSON extracts, iterated and referenced with JSONPath (RFC 9535).

References are JSONPath expressions relative to the record the iterator selected: ``$.name``,
``$.names[*]``, ``$['Country Code']``; a bare ``name`` or ``a.b`` is read as ``$.name``.
A reference yields the scalars it selects (``null`` yields nothing). Selecting an array or an
object is an error, as RML asks: take an array's items with ``[*]``.

>>> from pathlib import Path
>>> import json, tempfile
>>> path = Path(tempfile.mkdtemp()) / "events.json"
>>> _ = path.write_text(json.dumps({"events": [{"id": 1, "names": ["a", "b"]}, {"id": 2}]}))
>>> records = list(read_records(LogicalSource(path, "json", iterator="$.events[*]")))
>>> [(r.locator, r.values("$.id"), r.values("names[*]")) for r in records]
[('/events/0', ['1'], ['a', 'b']), ('/events/1', ['2'], [])]
>>> records[0].values("$.names")
Traceback (most recent call last):
...
cultuurgraaf.errors.SourceError: the reference '$.names' selects an array, not a value
  hint: take the array's items with '$.names[*]'

With ``nested``, each record gives one record per item a JSONPath selects in it, keeping the
record's own members, so an item (a date of an event) can be mapped with what it belongs to:

>>> source = LogicalSource(path, "json", iterator="$.events[*]", nested=("name", "$.names[*]"))
>>> [(r.locator, r.values("id"), r.values("name"), r.values("$['name.#']")) for r in read_records(source)]
[('/events/0/names/0', ['1'], ['a'], ['0']), ('/events/0/names/1', ['1'], ['b'], ['1'])]
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from typing import Any, Callable, Iterator

import jsonpath

from ..errors import SourceError
from .base import LogicalSource, Record, decode_error, open_text, read_records
from .json_stream import check_depth, stream_records, streamable
from .tree_parts import TreePart, open_part_text
from .versions import LatestVersions

__all__ = ["JsonRecords", "NdjsonRecords", "compile_path", "json_documents", "ndjson_documents", "Record", "read_records"]

_ENV = jsonpath.JSONPathEnvironment(strict=True)
_SIMPLE = re.compile(r"""(?:\.([A-Za-z_][\w\-]*)|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\])""")


def absolute(expression: str) -> str:
    """The expression as a query from the record: ``name`` -> ``$.name``."""
    if expression.startswith("$"):
        return expression
    if expression.startswith("@"):
        return "$" + expression[1:]
    return "$" + expression if expression.startswith("[") else "$." + expression


@lru_cache(maxsize=4096)
def compile_path(expression: str) -> Any:
    """A compiled JSONPath query (RFC 9535), or a SourceError saying what is wrong with it."""
    try:
        return _ENV.compile(absolute(expression))
    except jsonpath.JSONPathError as exc:
        raise SourceError(f"'{expression}' is not a valid JSONPath: {exc}",
                          hint="JSONPath as in RFC 9535, for example $.name, $.names[*], $['a key']") from exc


def simple_keys(expression: str) -> list[str] | None:
    """The keys of a plain member path (``$.a.b``, ``$['a b']``), or None for anything else."""
    text = absolute(expression)[1:]
    keys, pos = [], 0
    for match in _SIMPLE.finditer(text):
        if match.start() != pos:
            return None
        key = match.group(1) or match.group(2) or match.group(3)
        if key is None:
            return None
        if match.group(2) is not None or match.group(3) is not None:
            key = re.sub(r"\\(.)", r"\1", key)
        keys.append(key)
        pos = match.end()
    return keys if pos == len(text) and keys else None


_STEP = re.compile(r"""\.([A-Za-z_][\w\-]*)|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]"""
                   r"""|(\[\s*\*\s*\]|\.\*)|\[\s*(-?\d+)\s*\]""")


def simple_steps(expression: str) -> list[tuple] | None:
    """The steps of a path of names, wildcards and indexes (``$.a[*].b``, ``$.dates[0].day``):
    ``("k", name)``, ``("*",)`` or ``("i", n)``; None for anything else (filters, slices, ``..``).

    >>> simple_steps("dates[*].day"), simple_steps("$['a b'][-1]"), simple_steps("$..x")
    ([('k', 'dates'), ('*',), ('k', 'day')], [('k', 'a b'), ('i', -1)], None)
    """
    text = absolute(expression)[1:]
    steps: list[tuple] = []
    pos = 0
    for match in _STEP.finditer(text):
        if match.start() != pos:
            return None
        name, single, double, star, index = match.groups()
        if star is not None:
            steps.append(("*",))
        elif index is not None:
            steps.append(("i", int(index)))
        else:
            key = name if name is not None else re.sub(r"\\(.)", r"\1", single if single is not None else double)
            steps.append(("k", key))
        pos = match.end()
    return steps if pos == len(text) and steps else None


def _walker(reference: str, steps: list[tuple]) -> Callable[[Any], list]:
    """Values at a path of names, wildcards and indexes, as RFC 9535 selects them."""
    def walk(node: Any) -> list:
        nodes = [node]
        for step in steps:
            found: list = []
            kind = step[0]
            for item in nodes:
                if kind == "k":
                    if type(item) is dict and step[1] in item:
                        found.append(item[step[1]])
                elif kind == "*":
                    if type(item) is list:
                        found.extend(item)
                    elif type(item) is dict:
                        found.extend(item.values())
                elif type(item) is list and -len(item) <= step[1] < len(item):
                    found.append(item[step[1]])
            nodes = found
        out = []
        for value in nodes:
            if value is None:
                continue
            if type(value) in (list, dict):
                raise _not_a_value(reference, value)
            out.append(value)
        return out
    return walk


def _not_a_value(reference: str, value: Any) -> SourceError:
    kind = "an array" if isinstance(value, list) else "an object"
    hint = (f"take the array's items with '{reference}[*]'" if isinstance(value, list)
            else "reference one of its members, such as " + ", ".join(f"'{reference}.{k}'" for k in list(value)[:3]))
    return SourceError(f"the reference '{reference}' selects {kind}, not a value", hint=hint)


def value_accessor(reference: str, nulls: frozenset = frozenset()) -> Callable[[Any], list]:
    """A function from a JSON node to the scalar values the reference selects in it.

    ``nulls`` are strings that count as no value, as ``null`` does.
    """
    plain = _plain_accessor(reference)
    if not nulls:
        return plain
    return lambda node: [v for v in plain(node) if v not in nulls]


def _one(reference: str, value: Any) -> list:
    if value is None:
        return []
    if type(value) in (list, dict):
        raise _not_a_value(reference, value)
    return [value]


def _plain_accessor(reference: str) -> Callable[[Any], list]:
    if reference in ("$", "@"):
        return lambda node: _one(reference, node)
    keys = simple_keys(reference)
    if keys is not None and len(keys) == 1:
        key = keys[0]
        return lambda node: _one(reference, node.get(key) if type(node) is dict else None)
    if keys is not None:
        def members(node: Any) -> list:
            for key in keys:
                if type(node) is not dict:
                    return []
                node = node.get(key)
            return _one(reference, node)
        return members
    steps = simple_steps(reference)
    if steps is not None:
        compile_path(reference)  # the same errors as JSONPath proper for what it refuses
        return _walker(reference, steps)
    query = compile_path(reference)

    def select(node: Any) -> list:
        out = []
        for value in query.findall(node):
            if value is None:
                continue
            if isinstance(value, (list, dict)):
                raise _not_a_value(reference, value)
            out.append(value)
        return out
    return select


class JsonRecords:
    """The records a JSONPath iterator selects in one JSON document (``$`` when there is none).

    Records the iterator selects that are arrays (an array inside an array) are still records,
    and are counted in ``notes`` so a run can report them.
    """

    scalar = False

    def __init__(self, source: LogicalSource, part: TreePart | None = None):
        """Open a JSON source; with ``part`` (``json_stream.cut_json``, ``tree_parts.cut_lines``)
        read only the records of that part, with the file's JSON Pointers or line numbers."""
        self.source = source
        self.part = part
        self.null_values = frozenset(source.null_values)
        self.notes: Counter = Counter()
        self._iterator = compile_path(source.iterator or "$")
        self._match: Any = None
        self._prefix = ""
        self._node: Any = None
        self._pointer: str | None = None
        self._inner = ""

    def accessor(self, reference: str) -> Callable[[Any], list]:
        return value_accessor(reference, self.null_values)

    def available(self) -> list[str]:
        node = self._match.obj if self._match is not None else self._node
        nested = [self.source.nested[0]] if self.source.nested else []
        return sorted(f"$.{k}" for k in [*node, *nested]) if isinstance(node, dict) else []

    def locator(self) -> str:
        if self._pointer is not None:
            return self._prefix + self._pointer + self._inner
        return self._prefix + str(self._match.pointer()) + self._inner if self._match is not None else self._prefix

    #: Whether records may be read one at a time from the file (see json_stream.py).
    streams = True

    def _streamed(self) -> Iterator[Any]:
        for pointer, node in stream_records(self.source, compile_path, self.part):
            self._pointer, self._node = pointer, node
            if type(node) is list:
                self.notes[f"records at '{self.source.iterator}' that are arrays (iterate into them with [*])"] += 1
            yield node

    def _documents(self) -> Iterator[tuple[str, Any]]:
        return json_documents(self.source)

    #: Whether ``versions`` chooses among whole documents (NDJSON lines, each an LDES member)
    #: rather than among the records the iterator selects.
    versions_per_document = False

    def _latest(self) -> set[int] | None:
        """With a ``versions`` option: the positions of the documents or records to keep."""
        option = self.source.versions
        if option is None:
            return None
        latest = LatestVersions(of=self.accessor(option.of), at=self.accessor(option.at))
        if self.versions_per_document:
            keep = latest.select(document for _, document in self._documents())
        else:
            keep = latest.select(match.obj for _, document in self._documents()
                                 for match in self._iterator.finditer(document))
        if latest.dropped:
            self.notes[f"{self.source.path.name} at {self.source.iterator or '$'}: older versions skipped "
                       f"(the latest of {latest.objects} objects kept, by {option.at})"] += latest.dropped
        return keep

    def __iter__(self) -> Iterator[Any]:
        if self.source.nested is None:
            yield from self._selected()
            return
        name, path = self.source.nested
        items = compile_path(path)
        for node in self._selected():
            if type(node) is not dict:      # an array record, noted as such, has no members to keep
                continue
            for position, match in enumerate(items.finditer(node)):
                self._inner = str(match.pointer())
                yield {**node, name: match.obj, f"{name}.#": position}
            self._inner = ""

    def _selected(self) -> Iterator[Any]:
        """The records the iterator selects."""
        if self.streams and self.source.versions is None and streamable(self.source):
            yield from self._streamed()
            return
        iterator = self._iterator
        keep = self._latest()
        per_document = self.versions_per_document
        position = -1
        for index, (prefix, document) in enumerate(self._documents()):
            if keep is not None and per_document and index not in keep:
                continue
            self._prefix = prefix
            for match in iterator.finditer(document):
                position += 1
                if keep is not None and not per_document and position not in keep:
                    continue
                self._match = match
                node = match.obj
                if type(node) is list:
                    self.notes[f"records at '{self.source.iterator or '$'}' that are arrays "
                               "(iterate into them with [*])"] += 1
                yield node

    def close(self) -> None:
        self._match = None


class NdjsonRecords(JsonRecords):
    """One JSON document a line; the iterator applies to each line; locators read ``line N/pointer``.

    With a ``versions`` option the latest version is chosen among lines (``of`` and ``at`` are
    read from the whole line), so an iterator into a line (its agents, say) sees only the lines kept.
    """

    versions_per_document = True
    streams = False

    def _documents(self) -> Iterator[tuple[str, Any]]:
        return ndjson_documents(self.source, self.part)


def json_documents(source: LogicalSource) -> Iterator[tuple[str, Any]]:
    """The file as one JSON document (its locator is empty)."""
    check_depth(source)
    with open_text(source) as handle:
        try:
            document = json.load(handle)
        except json.JSONDecodeError as exc:
            raise SourceError(f"malformed JSON: {exc.msg}",
                              location=source.where(f"line {exc.lineno}, column {exc.colno}")) from exc
        except UnicodeDecodeError as exc:
            raise decode_error(source, exc) from exc
    yield "", document


def ndjson_documents(source: LogicalSource, part: TreePart | None = None) -> Iterator[tuple[str, Any]]:
    """(``line N``, document) for each JSON document of a file that holds one a line; with
    ``part`` (``tree_parts.cut_lines``), those of its lines."""
    if part is not None and part.empty:
        return
    check_depth(source, part)
    with open_text(source) if part is None else open_part_text(source, part) as handle:
        number = 0
        try:
            for number, line in enumerate(handle, start=1 if part is None else part.before + 1):
                if not line.strip():
                    continue
                try:
                    document = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SourceError(f"malformed JSON: {exc.msg}",
                                      location=source.where(f"line {number}, column {exc.colno}")) from exc
                yield f"line {number}", document
        except UnicodeDecodeError as exc:
            raise decode_error(source, exc) from exc
