"""XML extracts, iterated and referenced with XPath 1.0 (lxml).

A reference yields the string value of each node it selects: an element's text (all of it,
nested elements included), an attribute's value, a text node.

>>> from pathlib import Path
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "orgs.xml"
>>> _ = path.write_text('<orgs><org id="A"><naam xml:lang="nl">Museum A</naam></org><org id="B"/></orgs>')
>>> records = list(read_records(LogicalSource(path, "xml", iterator="//org")))
>>> [(r.locator, r.values("@id"), r.values("naam")) for r in records]
[('/orgs/org[1]', ['A'], ['Museum A']), ('/orgs/org[2]', ['B'], [])]

A plain absolute iterator reads the file as a stream (see xml_stream.py); its locators count
the elements it selected:

>>> [r.locator for r in read_records(LogicalSource(path, "xml", iterator="/orgs/org"))]
['(/orgs/org)[1]', '(/orgs/org)[2]']
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Iterator

from lxml import etree

from ..errors import SourceError
from .base import LogicalSource, Record, open_binary, read_records
from .csv_parts import MissedCut
from .tree_parts import TreePart
from .xml_stream import looks_inside, malformed, steps, stream_elements

__all__ = ["XmlRecords", "compile_xpath", "parse_document", "Record", "read_records"]


@lru_cache(maxsize=4096)
def compile_xpath(expression: str, namespaces: tuple[tuple[str, str], ...] = ()) -> etree.XPath:
    try:
        return etree.XPath(expression, namespaces=dict(namespaces) or None)
    except etree.XPathSyntaxError as exc:
        raise SourceError(f"'{expression}' is not a valid XPath: {exc}",
                          hint="XPath 1.0, for example naam, @id, adres/straat, naam[@xml:lang='nl']") from exc


def _strings(result: Any) -> list[str]:
    if isinstance(result, list):
        out = []
        for item in result:
            if isinstance(item, str):
                out.append(str(item))
            elif hasattr(item, "itertext"):
                out.append("".join(item.itertext()))
        return out
    if isinstance(result, bool):
        return ["true" if result else "false"]
    if isinstance(result, float):
        return [str(int(result)) if result.is_integer() else str(result)]
    return [str(result)] if result != "" else []


def value_accessor(reference: str, namespaces: tuple[tuple[str, str], ...] = (),
                   nulls: frozenset = frozenset(), *,
                   compiler: Callable[..., etree.XPath] = compile_xpath) -> Callable[[Any], list]:
    """The values an XPath reference selects in a node; ``compiler`` compiles it (with functions of
    a reader's own, say)."""
    xpath = compiler(reference, namespaces)

    def select(node: Any) -> list:
        try:
            values = _strings(xpath(node))
        except etree.XPathEvalError as exc:
            raise SourceError(f"the XPath '{reference}' failed: {exc}") from exc
        return [v for v in values if v not in nulls] if nulls else values
    return select


def parse_document(source: LogicalSource) -> Any:
    """The whole XML document of a source (no entities resolved, nothing fetched), or a SourceError
    that names the line where it is malformed."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    with open_binary(source.path, source.compression) as handle:
        try:
            return etree.parse(handle, parser)
        except etree.XMLSyntaxError as exc:
            raise malformed(source, exc) from exc


class XmlRecords:
    """The elements an XPath iterator selects in one XML document (the root when there is none)."""

    scalar = False

    def __init__(self, source: LogicalSource, part: TreePart | None = None):
        """Open an XML source; with ``part`` (``xml_stream.cut_xml``) read only the records of that part."""
        self.source = source
        self.part = part
        self.null_values = frozenset(source.null_values)
        self._iterator = compile_xpath(source.iterator or "/*", source.namespaces)
        self._tree: Any = None
        self._node: Any = None
        self._locator: str | None = None
        self._inside_only = True

    def accessor(self, reference: str) -> Callable[[Any], list]:
        self._inside_only = self._inside_only and looks_inside(reference)
        return value_accessor(reference, self.source.namespaces, self.null_values)

    def available(self) -> list[str]:
        if self._node is None:
            return []
        names = {f"@{name}" for name in self._node.attrib}
        names.update(child.tag for child in self._node if isinstance(child.tag, str))
        return sorted(names)

    def locator(self) -> str:
        if self._locator is not None:
            return self._locator
        return self._tree.getpath(self._node) if self._node is not None else ""

    def __iter__(self) -> Iterator[Any]:
        path = steps(self.source.iterator, self.source.namespaces)
        if path is not None and self._inside_only:
            for locator, node in stream_elements(self.source, path, self.part):
                self._locator, self._node = locator, node
                yield node
            return
        if self.part is not None:  # a reference looks outside the record: only the whole file will do
            raise MissedCut(f"{self.source.path.name}: a reference reads outside the records, so it is read whole")
        self._tree = parse_document(self.source)
        try:
            nodes = self._iterator(self._tree)
        except etree.XPathEvalError as exc:
            raise SourceError(f"the iterator XPath '{self.source.iterator}' failed: {exc}",
                              location=self.source.where()) from exc
        for node in nodes if isinstance(nodes, list) else []:
            self._node = node
            yield node

    def close(self) -> None:
        self._tree = self._node = None
