"""XML extracts, iterated and referenced with XPath 1.0 (lxml).

>>> from pathlib import Path
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "orgs.xml"
>>> _ = path.write_text('<orgs><org id="A"><naam xml:lang="nl">Museum A</naam></org><org id="B"/></orgs>')
>>> records = list(read_xml(LogicalSource(path, "xml", iterator="/orgs/org")))
>>> [(r.locator, r.values("@id"), r.values("naam")) for r in records]
[('/orgs/org[1]', ['A'], ['Museum A']), ('/orgs/org[2]', ['B'], [])]
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from lxml import etree

from ..errors import SourceError
from .base import LogicalSource, open_binary


@lru_cache(maxsize=4096)
def compile_xpath(expression: str, namespaces: tuple[tuple[str, str], ...] = ()) -> etree.XPath:
    try:
        return etree.XPath(expression, namespaces=dict(namespaces) or None)
    except etree.XPathSyntaxError as exc:
        raise SourceError(f"'{expression}' is not a valid XPath: {exc}") from exc


class XmlRecord:
    __slots__ = ("node", "locator", "namespaces")

    def __init__(self, node, locator: str, namespaces: tuple[tuple[str, str], ...]):
        self.node = node
        self.locator = locator
        self.namespaces = namespaces

    def values(self, reference: str) -> list[str]:
        try:
            result = compile_xpath(reference, self.namespaces)(self.node)
        except etree.XPathEvalError as exc:
            raise SourceError(f"XPath '{reference}' failed: {exc}") from exc
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

    def available(self) -> list[str]:
        names = {f"@{name}" for name in self.node.attrib}
        names.update(child.tag for child in self.node if isinstance(child.tag, str))
        return sorted(names)


def read_xml(source: LogicalSource) -> Iterator[XmlRecord]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    with open_binary(source.path) as handle:
        try:
            tree = etree.parse(handle, parser)
        except etree.XMLSyntaxError as exc:
            line = exc.position[0] if exc.position else None
            raise SourceError(f"malformed XML: {exc.msg}",
                              location=source.where(f"line {line}" if line else None)) from exc
    iterator = source.iterator or "/*"
    try:
        nodes = compile_xpath(iterator, source.namespaces)(tree)
    except etree.XPathEvalError as exc:
        raise SourceError(f"the iterator XPath '{iterator}' failed: {exc}", location=source.where()) from exc
    for node in nodes if isinstance(nodes, list) else []:
        yield XmlRecord(node, tree.getpath(node), source.namespaces)
