"""JSON and newline-delimited JSON extracts, iterated and referenced with JSONPath (RFC 9535).

>>> from pathlib import Path
>>> import json, tempfile
>>> path = Path(tempfile.mkdtemp()) / "events.json"
>>> _ = path.write_text(json.dumps({"events": [{"id": 1, "names": ["a", "b"]}, {"id": 2}]}))
>>> records = list(read_json(LogicalSource(path, "json", iterator="$.events[*]")))
>>> [(r.locator, r.values("id"), r.values("names[*]")) for r in records]
[('/events/0', ['1'], ['a', 'b']), ('/events/1', ['2'], [])]
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Iterator

import jsonpath

from ..errors import SourceError
from .base import LogicalSource, decode_error, open_text

_ENV = jsonpath.JSONPathEnvironment(strict=True)


@lru_cache(maxsize=4096)
def compile_path(expression: str) -> Any:
    """A compiled JSONPath; a bare reference such as ``name`` or ``a.b`` is taken relative to the record."""
    text = expression if expression.startswith("$") else ("$" + expression if expression.startswith("[") else "$." + expression)
    try:
        return _ENV.compile(text)
    except jsonpath.JSONPathError as exc:
        try:
            return jsonpath.compile(text)
        except jsonpath.JSONPathError:
            raise SourceError(f"'{expression}' is not a valid JSONPath: {exc}") from exc


def scalar_text(value: Any) -> str | None:
    """The lexical form of a JSON scalar; None for null, objects and arrays."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class JsonRecord:
    __slots__ = ("node", "locator")

    def __init__(self, node: Any, locator: str):
        self.node = node
        self.locator = locator

    def values(self, reference: str) -> list[str]:
        if reference in ("@", "$"):
            found = [self.node]
        elif isinstance(self.node, dict) and reference in self.node and reference.isidentifier():
            found = [self.node[reference]]
            if isinstance(found[0], list):
                found = found[0]
        else:
            found = compile_path(reference).findall(self.node)
            if len(found) == 1 and isinstance(found[0], list):
                found = found[0]
        out = []
        for value in found:
            text = scalar_text(value)
            if text is not None:
                out.append(text)
        return out

    def available(self) -> list[str]:
        return sorted(self.node) if isinstance(self.node, dict) else []


def _iterate(document: Any, source: LogicalSource, prefix: str = "") -> Iterator[JsonRecord]:
    iterator = source.iterator or "$"
    for match in compile_path(iterator).finditer(document):
        yield JsonRecord(match.obj, prefix + match.pointer().__str__())


def read_json(source: LogicalSource) -> Iterator[JsonRecord]:
    with open_text(source) as handle:
        try:
            document = json.load(handle)
        except json.JSONDecodeError as exc:
            raise SourceError(f"malformed JSON: {exc.msg}",
                              location=source.where(f"line {exc.lineno}, column {exc.colno}")) from exc
        except UnicodeDecodeError as exc:
            raise decode_error(source, exc) from exc
    yield from _iterate(document, source)


def read_ndjson(source: LogicalSource) -> Iterator[JsonRecord]:
    """One JSON document a line; the iterator applies to each line; locators read ``line N/pointer``."""
    with open_text(source) as handle:
        number = 0
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    document = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SourceError(f"malformed JSON: {exc.msg}",
                                      location=source.where(f"line {number}, column {exc.colno}")) from exc
                yield from _iterate(document, source, prefix=f"line {number}")
        except UnicodeDecodeError as exc:
            raise decode_error(source, exc, f"line {number + 1}") from exc
