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
from collections.abc import Iterator
from typing import IO, Iterable, NamedTuple

import orjson

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
    if isinstance(value, Iterator):  # each item whole, indented to its place
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
    """A value as indented JSON (two spaces), each line but the first indented ``level`` more: by orjson,
    whose output is json's with ``indent=2, ensure_ascii=False`` (a float may take a shorter form of
    the same number: ``1e-7`` for ``1e-07``; NaN and the infinities, which are not JSON, are null);
    what orjson refuses (a lone surrogate, an integer beyond 64 bits) goes to ``json``. ``json`` itself
    indents in Python, and took most of the time a large build spent writing its reports."""
    try:
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()
    except orjson.JSONEncodeError:
        text = json.dumps(value, indent=len(INDENT), ensure_ascii=False)
    return _Written(text.replace("\n", "\n" + INDENT * level) if level else text)


def _container(opening: str, closing: str, items: Iterable[tuple[str, object]], level: int) -> Iterable[str]:
    inner = "\n" + INDENT * (level + 1)
    separator = opening + inner
    for key, item in items:
        yield separator + key
        yield from _pieces(item, level + 1)
        separator = "," + inner
    yield opening + closing if separator.startswith(opening) else "\n" + INDENT * level + closing
