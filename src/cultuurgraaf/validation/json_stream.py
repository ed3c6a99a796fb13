"""JSON written to a file as it is made, for values that hold iterators: a report's JSON without its body.

``json.dump`` needs the whole value first: for a report, a dict for every result and every
origin, about 1 KB a result on top of the results themselves (300 MB for a build of 300,000
results). :func:`write` takes the same value with iterators (generators) in place of its long
lists, makes each item when it writes it, and writes the same bytes as
``json.dump(value, indent=2, ensure_ascii=False)``:

>>> import io, json
>>> value = {"counts": {"Warning": 2}, "results": ({"id": i, "tags": []} for i in range(2)), "empty": iter(())}
>>> out = io.StringIO()
>>> write(out, value)
>>> out.getvalue() == json.dumps({"counts": {"Warning": 2}, "results": [{"id": 0, "tags": []}, {"id": 1, "tags": []}],
...                               "empty": []}, indent=2, ensure_ascii=False)
True
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring as _string
from collections.abc import Iterator
from typing import IO, Iterable, NamedTuple

INDENT = "  "
#: characters gathered before each write to the file
BUFFER = 1 << 18


def write(handle: IO[str], value) -> None:
    """``value`` as indented JSON (lists may be iterators), written piece by piece."""
    pieces: list[str] = []
    gathered = 0
    for piece in _pieces(value, 0):
        pieces.append(piece)
        gathered += len(piece)
        if gathered >= BUFFER:
            handle.write("".join(pieces))
            pieces.clear()
            gathered = 0
    handle.write("".join(pieces))


def _pieces(value, level: int) -> Iterable[str]:
    if isinstance(value, Iterator):  # each item whole: json's own encoder, indented to its place
        yield from _container("[", "]", (("", _whole(item, level + 1)) for item in value), level)
    elif isinstance(value, dict):
        yield from _container("{", "}", ((json.dumps(str(k), ensure_ascii=False) + ": ", v) for k, v in value.items()),
                              level)
    elif isinstance(value, _Written):
        yield value.text
    elif isinstance(value, (list, tuple)):
        yield from _container("[", "]", (("", item) for item in value), level)
    else:
        yield json.dumps(value, ensure_ascii=False)


class _Written(NamedTuple):
    text: str


def _whole(value, level: int) -> _Written:
    """A value as JSON indented at ``level``: the bytes of ``json.dumps(value, indent=2, ensure_ascii=False)``
    with each line but the first indented ``level`` more. Written here for the values a report holds
    (strings, numbers, booleans, None, lists and dicts with string keys), faster than
    ``json``, whose encoder with an indent is written in Python; anything else goes to ``json``."""
    parts: list[str] = []
    try:
        _indented(value, "\n" + INDENT * level, parts)
    except _Other:
        return _Written(json.dumps(value, indent=len(INDENT), ensure_ascii=False).replace("\n", "\n" + INDENT * level))
    return _Written("".join(parts))


class _Other(Exception):
    """A value :func:`_indented` leaves to ``json``."""


def _indented(value, inner: str, parts: list[str]) -> None:
    """``value`` as indented JSON into ``parts``; ``inner`` is the line break and indent of its own level."""
    if isinstance(value, str):
        parts.append(_string(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float) and math.isfinite(value):
        parts.append(float.__repr__(value))
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        deeper = inner + INDENT
        separator = "{" + deeper
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Other
            parts.append(separator)
            parts.append(_string(key))
            parts.append(": ")
            _indented(item, deeper, parts)
            separator = "," + deeper
        parts.append(inner + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        deeper = inner + INDENT
        separator = "[" + deeper
        for item in value:
            parts.append(separator)
            _indented(item, deeper, parts)
            separator = "," + deeper
        parts.append(inner + "]")
    else:  # NaN and the infinities (json writes them its own way), and anything else
        raise _Other


def _container(opening: str, closing: str, items: Iterable[tuple[str, object]], level: int) -> Iterable[str]:
    inner = "\n" + INDENT * (level + 1)
    separator = opening + inner
    for key, item in items:
        yield separator + key
        yield from _pieces(item, level + 1)
        separator = "," + inner
    yield opening + closing if separator.startswith(opening) else "\n" + INDENT * level + closing
