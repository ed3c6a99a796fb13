"""Reading the records of a large XML document one element at a time (lxml iterparse).

An iterator that is a plain absolute path (``/organisaties/organisatie``, ``/r:register/r:org``)
can be read as a stream, as long as every reference looks only inside the record (``naam``,
``@id``, ``adres/straat``, ``naam[@xml:lang='nl']``, ``.//x``): each element is parsed, mapped
and dropped before the next. A reference that looks outside (``../@id``, ``/root/x``,
``ancestor::a``) makes the reader load the document whole, as does any other iterator.

>>> steps("/r:register/r:org", (("r", "https://ex.be/r"),))
['{https://ex.be/r}register', '{https://ex.be/r}org']
>>> steps("//org", ()) is None, steps("/orgs/org[1]", ()) is None
(True, True)
>>> looks_inside("adres/straat"), looks_inside("naam[@xml:lang='nl']"), looks_inside("../@id")
(True, True, False)
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from lxml import etree

from ..errors import SourceError, excerpt
from .base import LogicalSource, open_binary

_STEP = re.compile(r"^(?:([A-Za-z_][\w.\-]*):)?([A-Za-z_][\w.\-]*)$")
_OUTSIDE = re.compile(r"(^\s*/)|\.\.|ancestor|parent::|preceding|following|(^|[\[(,=\s|])/|\bid\s*\(|document\s*\(")


def steps(iterator: str | None, namespaces: tuple[tuple[str, str], ...]) -> list[str] | None:
    """The element names (in Clark notation) of a plain absolute path, or None."""
    if not iterator or not iterator.startswith("/") or iterator.startswith("//"):
        return None
    names = dict(namespaces)
    found = []
    for step in iterator[1:].split("/"):
        match = _STEP.match(step)
        if match is None:
            return None
        prefix, local = match.groups()
        if prefix is not None and prefix not in names:
            return None
        found.append(f"{{{names[prefix]}}}{local}" if prefix else local)
    return found


def looks_inside(reference: str) -> bool:
    """Whether an XPath reference reads only the record's own element and what is below it."""
    return _OUTSIDE.search(reference) is None


def stream_elements(source: LogicalSource, path: list[str]) -> Iterator[tuple[str, Any]]:
    """(locator, element) for each element at ``path``, freeing each one once it is mapped.

    The locator ``(/a/b)[n]`` is the n-th element the iterator selects, as an XPath.
    """
    depth_of_record = len(path)
    stack: list[str] = []
    count = 0
    with open_binary(source.path, source.compression) as handle:
        events = etree.iterparse(handle, events=("start", "end"), resolve_entities=False, no_network=True,
                                 huge_tree=True, remove_comments=True)
        try:
            for event, element in events:
                if event == "start":
                    stack.append(element.tag)
                    continue
                depth = len(stack)
                if depth == depth_of_record and stack == path:
                    count += 1
                    yield f"({source.iterator})[{count}]", element
                stack.pop()
                if depth <= depth_of_record:
                    release(element)
        except etree.XMLSyntaxError as exc:
            raise malformed(source, exc) from exc


def release(element: Any) -> None:
    """Free an element that has been mapped, and the siblings read before it."""
    element.clear(keep_tail=True)
    while element.getprevious() is not None:
        del element.getparent()[0]


def malformed(source: LogicalSource, exc: etree.XMLSyntaxError) -> SourceError:
    """The error for XML that does not parse, at its line (line 1 for an empty file, where lxml gives none)."""
    line = exc.position[0] if exc.position and exc.position[0] else 1
    message = exc.msg if line > 1 or source.path.stat().st_size else "the file is empty"
    return SourceError(f"malformed XML: {excerpt(message, 200)}", location=source.where(f"line {line}"))
