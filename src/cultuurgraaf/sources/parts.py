"""Which files processes sharing a mapping can each read a part of, and where they are cut.

CSV is cut at line breaks outside quoted fields (``csv_parts.py``); JSON whose iterator starts
with a plain path to an array (``$.events[*]...``) at the ends of the array's items
(``json_stream.cut_json``); JSON Lines at line breaks (``tree_parts.cut_lines``); XML whose
iterator is a plain absolute path (``/lido:lidoWrap/lido:lido``) at its records' start tags
(``xml_stream.cut_xml``). A file keeps its cuts for the process that found them, so a parent
that cuts before it forks cuts each file once. Anything else is read whole by every process.
"""

from __future__ import annotations

from .base import LogicalSource
from .csv_parts import Part, cut
from .json_stream import cut_json, plan, streamable
from .tree_parts import TreePart, cut_lines
from .xml_stream import cut_xml, steps


def cut_parts(source: LogicalSource, parts: int) -> list[Part] | list[TreePart] | None:
    """``parts`` parts of the source's file, or None when it is read whole (as a file that is
    not there is: its reader says so)."""
    if source.endpoint or parts < 2:
        return None
    try:
        return _cut(source, parts)
    except OSError:
        return None


def _cut(source: LogicalSource, parts: int) -> list[Part] | list[TreePart] | None:
    kind = source.formulation
    if kind in ("csv", "tsv"):
        return cut(source.path, parts, encoding=source.encoding, compression=source.compression)
    if source.versions is not None:
        return None  # the latest version of an object is chosen among all the file's records
    if kind == "json" and streamable(source):
        keys, _ = plan(source.iterator)
        return cut_json(source.path, parts, keys=tuple(keys), encoding=source.encoding,
                        compression=source.compression)
    if kind == "ndjson":
        return cut_lines(source.path, parts, encoding=source.encoding, compression=source.compression)
    if kind == "xml":
        path = steps(source.iterator, source.namespaces)
        if path is not None:
            return cut_xml(source.path, parts, steps=tuple(path), compression=source.compression)
    return None
