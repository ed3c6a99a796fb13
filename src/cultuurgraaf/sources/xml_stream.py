"""Reading the records of a large XML document one element at a time (lxml iterparse).

An iterator that is a plain absolute path (``/organisaties/organisatie``, ``/r:register/r:org``)
can be read as a stream, as long as every reference looks only inside the record (``naam``,
``@id``, ``adres/straat``, ``naam[@xml:lang='nl']``, ``.//x``): each element is parsed, mapped
and dropped before the next. A reference that looks outside (``../@id``, ``/root/x``,
``ancestor::a``) makes the reader load the document whole, as does any other iterator.
Such a file, when it is large, is cut into parts at the start tags of its records
(:func:`cut_xml`, ``tree_parts.py``), each read by a process of its own.

>>> steps("/r:register/r:org", (("r", "https://ex.be/r"),))
['{https://ex.be/r}register', '{https://ex.be/r}org']
>>> steps("//org", ()) is None, steps("/orgs/org[1]", ()) is None
(True, True)
>>> looks_inside("adres/straat"), looks_inside("naam[@xml:lang='nl']"), looks_inside("../@id")
(True, True, False)
"""

from __future__ import annotations

import mmap
import re
from functools import lru_cache
from pathlib import Path
from pyexpat import ExpatError, ParserCreate
from typing import Any, Iterator

from lxml import etree

from ..errors import SourceError, excerpt
from .base import LogicalSource, open_binary
from .csv_parts import MissedCut
from .tree_parts import Cut, TreePart, cuttable, open_part, parts_of

_STEP = re.compile(r"^(?:([A-Za-z_][\w.\-]*):)?([A-Za-z_][\w.\-]*)$")
_START_TAG = re.compile(rb"""<([^\s/>]+)(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*>""")
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


def stream_elements(source: LogicalSource, path: list[str],
                    part: TreePart | None = None) -> Iterator[tuple[str, Any]]:
    """(locator, element) for each element at ``path``, freeing each one once it is mapped; with
    ``part`` (:func:`cut_xml`) only those of that part, numbered as in the file.

    The locator ``(/a/b)[n]`` is the n-th element the iterator selects, as an XPath.
    """
    depth_of_record = len(path)
    stack: list[str] = []
    count = 0 if part is None else part.before
    if part is not None and part.empty:
        return
    with open_binary(source.path, source.compression) if part is None else open_part(source.path, part) as handle:
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
            if part is not None:  # cut in the wrong place: the caller reads the file whole
                raise MissedCut(f"{source.path.name}: bytes {part.start}-{part.end} are not whole records") from exc
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


# -- cutting a file into parts --------------------------------------------------------------

def cut_xml(path: Path, parts: int, *, steps: tuple[str, ...], compression: str | None = None,
            min_size: int | None = None) -> list[TreePart] | None:
    """``parts`` parts of an XML file whose records are the elements at the path ``steps``
    (names in Clark notation, from the root), or None when it is not cut."""
    stat = cuttable(path, parts, "utf-8", compression, min_size)
    if stat is None:
        return None
    return _cut_xml(path, stat.st_size, stat.st_mtime_ns, parts, tuple(steps))


@lru_cache(maxsize=16)
def _cut_xml(path: Path, size: int, modified: int, parts: int, steps: tuple[str, ...]) -> list[TreePart] | None:
    targets = [size * k // parts for k in range(1, parts)]
    parser = ParserCreate(namespace_separator="}")
    wanted = list(steps)
    depth_of = len(wanted)
    names: list[str] = []        # the open elements, in Clark notation
    above: list[int] = []        # where the start tag of each open element above the records begins
    cuts: list[tuple[int, int, tuple[int, ...]]] = []   # (where a record starts, records before it, above)
    state = {"root": -1, "count": 0}

    def start(name: str, attributes: dict) -> None:
        at = parser.CurrentByteIndex
        if state["root"] < 0:
            state["root"] = at
        names.append("{" + name if "}" in name else name)
        if len(names) < depth_of:
            above.append(at)
        elif len(names) == depth_of and names == wanted:
            while len(cuts) < len(targets) and at >= targets[len(cuts)]:
                cuts.append((at, state["count"], tuple(above)))
            state["count"] += 1

    def end(name: str) -> None:
        if len(names) < depth_of:
            above.pop()
        names.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with open(path, "rb") as handle:
        try:
            parser.ParseFile(handle)
        except ExpatError:
            return None
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        prolog = bytes(data[:state["root"]])
        found: list[Cut | None] = []
        for at, before, opened in cuts:
            tags = [_START_TAG.match(data, offset) for offset in opened]
            if any(tag is None for tag in tags):
                return None  # an encoding whose tags are not ASCII bytes
            head = prolog + b"".join(tag.group(0) for tag in tags)
            tail = b"".join(b"</" + tag.group(1) + b">" for tag in reversed(tags))
            found.append((at, at, before, head, tail))
    return parts_of(size, found + [None] * (len(targets) - len(found)))
