"""MARC 21 catalogue records, in ISO 2709 (``.mrc``, ``.dat``) or MARCXML, referenced with XPath.

Libraries exchange their catalogues in two encodings of one format: binary ISO 2709 records
(often in MARC-8, the character set before Unicode) and MARCXML. This reader takes either,
telling them apart by the file's first byte (``<`` is XML), and presents every record as a
MARCXML ``marc:record`` element, so one mapping reads both. pymarc decodes the binary records
(MARC-8 to Unicode included); MARCXML is read element by element, wherever its records sit: a
``marc:collection``, an OAI-PMH response, or a record alone. Records without a namespace are
read as MARC 21 too.

The iterator is an XPath relative to each record: none (or ``.``) gives one record per
catalogue record, ``marc:datafield[@tag='700']`` one per added author. References are XPath
1.0 as in XML sources; the prefix ``marc`` is bound to MARC 21 unless the mapping binds it, and
three functions that MARC needs are bound to ``cg``:

- ``cg:join(separator, values...)``: the texts of the values (strings or nodes), each with its
  white space folded, the empty ones left out, joined: the subfields of a heading,
  ``cg:join(' -- ', marc:subfield[@code='a' or @code='x'])``;
- ``cg:isbd(values)``: each value as text without the punctuation cataloguing rules (ISBD) put
  around a subfield: the end punctuation (``Summerland /`` -> ``Summerland``, ``Hunt, Andrew,``
  -> ``Hunt, Andrew``; a final full stop too, except after an initial: ``Brown, Martin C.``
  stays) and square brackets around a whole value (``[New York]``); the placeholders for an
  unknown place or publisher (``[S.l.]``, ``[s.n.]``, ``[Place of publication not identified]``)
  are no value;
- ``cg:authority(nodes)``: the IRIs of the authority links in ``$0`` and ``$1`` subfields that
  it can make one of (see :func:`authority_iri`), none for the others.

>>> from pathlib import Path
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "catalogus.xml"
>>> _ = path.write_text('<collection xmlns="http://www.loc.gov/MARC21/slim"><record>'
...     '<controlfield tag="001">77 </controlfield><datafield tag="100" ind1="1" ind2=" ">'
...     '<subfield code="a">Conscience, Hendrik,</subfield><subfield code="d">1812-1883.</subfield>'
...     '<subfield code="0">(DE-588)118521969</subfield></datafield></record></collection>')
>>> source = LogicalSource(path, "marc", iterator="marc:datafield[@tag='100']")
>>> [(r.locator, r.values("cg:isbd(marc:subfield[@code='a'])"), r.values("cg:authority(marc:subfield[@code='0'])"))
...  for r in read_records(source)]
[('record 1 (line 1), field 100', ['Conscience, Hendrik'], ['https://d-nb.info/gnd/118521969'])]
"""

from __future__ import annotations

import re
from typing import IO, Any, Callable, Iterator

import pymarc
from lxml import etree

from ..errors import SourceError
from ..vocab import CG
from .base import LogicalSource, Record, open_binary, read_records
from .xml_reader import value_accessor
from .xml_stream import malformed, release

__all__ = ["MarcRecords", "authority_iri", "Record", "read_records"]

MARC = "http://www.loc.gov/MARC21/slim"
_RECORD = f"{{{MARC}}}record"

#: Authority files by the code MARC puts in parentheses before a control number, and how their
#: IRIs are made from it. Library of Congress numbers name the file by their own prefix.
_AUTHORITIES: dict[str, Callable[[str], str | None]] = {
    "de-588": lambda n: f"https://d-nb.info/gnd/{n}",
    "viaf": lambda n: f"http://viaf.org/viaf/{n}",
    "isni": lambda n: f"https://isni.org/isni/{n.replace(' ', '')}",
    "orcid": lambda n: f"https://orcid.org/{n}",
    "wikidata": lambda n: f"http://www.wikidata.org/entity/{n}",
    "dlc": lambda n: _loc(n.replace(" ", "")),
    "dlc-naf": lambda n: _loc(n.replace(" ", "")),
    "ocolc": lambda n: f"http://id.worldcat.org/fast/{n[3:].lstrip('0')}" if n.startswith("fst") else None,
}
_LOC_FILES = (("sh", "subjects"), ("gf", "genreForms"), ("n", "names"))
_LINK = re.compile(r"^\(([^)]+)\)\s*(\S.*)$")
_ISBD_END = re.compile(r"(\s*[/:;,=])+$|(?<![\s.][A-Z])\.$")
_UNKNOWN = re.compile(r"^\[?\s*(s\.\s*l\.?|s\.\s*n\.?|[^\]]*\bnot identified)\s*\]?$", re.IGNORECASE)


def _loc(number: str) -> str | None:
    for prefix, file in _LOC_FILES:
        if number.startswith(prefix) and number[len(prefix):].strip("0123456789") in ("", "b", "o", "r"):
            return f"http://id.loc.gov/authorities/{file}/{number}"
    return None


def authority_iri(link: str) -> str | None:
    """The IRI of an authority link as a ``$0`` or ``$1`` subfield gives it, or None.

    >>> authority_iri("(DE-588)118540238"), authority_iri("(DLC)n  79021164")
    ('https://d-nb.info/gnd/118540238', 'http://id.loc.gov/authorities/names/n79021164')
    >>> authority_iri("http://viaf.org/viaf/95218067"), authority_iri("(isni)0000 0001 2096 0218")
    ('http://viaf.org/viaf/95218067', 'https://isni.org/isni/0000000120960218')
    >>> authority_iri("(OCoLC)fst01084736"), authority_iri("(DLC)sh 85108459")
    ('http://id.worldcat.org/fast/1084736', 'http://id.loc.gov/authorities/subjects/sh85108459')
    >>> authority_iri("(BE-xxx)12345") is None, authority_iri("n79021164") is None
    (True, True)
    """
    text = link.strip()
    if text.startswith(("http://", "https://")):
        return text if " " not in text else None
    match = _LINK.match(text)
    if match is None:
        return None
    make = _AUTHORITIES.get(match.group(1).strip().lower())
    return make(match.group(2).strip()) if make else None


def isbd(text: str) -> str:
    """The text without the punctuation that cataloguing rules put around a subfield ('' for an
    ISBD placeholder of an unknown place or publisher).

    >>> [isbd(t) for t in ("Summerland /", "Hunt, Andrew,", "Reading, Mass :", "c2000.", "Brown, Martin C.")]
    ['Summerland', 'Hunt, Andrew', 'Reading, Mass', 'c2000', 'Brown, Martin C.']
    >>> [isbd(t) for t in ("[New York] :", "[S.l.] :", "[s.n.],", "[Place of publication not identified]")]
    ['New York', '', '', '']
    """
    text = _ISBD_END.sub("", " ".join(text.split()))
    if _UNKNOWN.match(text):
        return ""
    if text.startswith("[") and text.endswith("]") and "[" not in text[1:]:
        text = text[1:-1].strip()
    return _ISBD_END.sub("", text)


def _values(args: tuple) -> list[str]:
    """The texts of XPath function arguments (strings, numbers or node-sets), white space folded."""
    texts = []
    for arg in args:
        for item in arg if isinstance(arg, list) else [arg]:
            texts.append(_text(item))
    return [t for t in texts if t]


def _text(item: Any) -> str:
    return " ".join(("".join(item.itertext()) if hasattr(item, "itertext") else str(item)).split())


class MarcRecords:
    """The nodes an XPath iterator selects in each MARC record of a file (the records themselves
    when there is no iterator), as MARCXML elements."""

    scalar = False

    def __init__(self, source: LogicalSource):
        self.source = source
        self.null_values = frozenset(source.null_values)
        namespaces = {"marc": MARC, "cg": CG.iri, **dict(source.namespaces)}
        self._namespaces = tuple(sorted(namespaces.items()))
        self._iterator = self._compile(source.iterator or ".")
        self._node: Any = None
        self._locator = ""

    # XPath with the three functions -----------------------------------------------------------
    def _compile(self, expression: str, namespaces: tuple[tuple[str, str], ...] | None = None) -> etree.XPath:
        try:
            return etree.XPath(expression, namespaces=dict(namespaces or self._namespaces),
                               extensions={(CG.iri, "join"): self._join, (CG.iri, "isbd"): self._isbd,
                                           (CG.iri, "authority"): self._authority})
        except etree.XPathSyntaxError as exc:
            raise SourceError(f"'{expression}' is not a valid XPath: {exc}",
                              hint="XPath 1.0 on MARCXML, for example marc:datafield[@tag='245']/"
                                   "marc:subfield[@code='a']") from exc

    @staticmethod
    def _join(_context, separator, *values) -> str:
        return str(separator).join(_values(values))

    @staticmethod
    def _isbd(_context, *values) -> list[str]:
        return [text for text in (isbd(v) for v in _values(values)) if text]

    @staticmethod
    def _authority(_context, nodes) -> list[str]:
        return [iri for iri in (authority_iri(link) for link in _values((nodes,))) if iri]

    # the Records protocol ----------------------------------------------------------------------
    def accessor(self, reference: str) -> Callable[[Any], list]:
        return value_accessor(reference, self._namespaces, self.null_values, compiler=self._compile)

    def available(self) -> list[str]:
        record = self._node.getroottree().getroot() if self._node is not None else None
        if record is None:
            return []
        tags = {f"marc:controlfield[@tag='{f.get('tag')}']" if f.tag.endswith("controlfield")
                else f"marc:datafield[@tag='{f.get('tag')}']" for f in record if f.get("tag")}
        return sorted(tags)

    def locator(self) -> str:
        return self._locator

    def __iter__(self) -> Iterator[Any]:
        for where, record in self._records():
            try:
                nodes = self._iterator(record)
            except etree.XPathEvalError as exc:
                raise SourceError(f"the iterator XPath '{self.source.iterator}' failed: {exc}",
                                  location=self.source.where(where)) from exc
            for node in nodes if isinstance(nodes, list) else []:
                self._node = node
                self._locator = where if node is record else f"{where}, {_field(node)}"
                yield node

    def close(self) -> None:
        self._node = None

    # reading the file ------------------------------------------------------------------------------
    def _records(self) -> Iterator[tuple[str, Any]]:
        """(locator, ``marc:record`` element) for each record of the file, in file order."""
        with open_binary(self.source.path, self.source.compression) as handle:
            if _first_byte(handle) == b"<":
                yield from self._xml_records(handle)
            else:
                yield from self._binary_records(handle)

    def _xml_records(self, handle: IO[bytes]) -> Iterator[tuple[str, Any]]:
        events = etree.iterparse(handle, events=("end",), resolve_entities=False, no_network=True, huge_tree=True,
                                 remove_comments=True)
        number = 0
        try:
            for _, element in events:
                if element.tag != _RECORD and not (element.tag == "record" and element.getparent() is not None
                                                   and not str(element.getparent().tag).startswith("{")):
                    continue
                if element.tag == "record":          # MARCXML without a namespace
                    for node in element.iter():
                        if isinstance(node.tag, str) and not node.tag.startswith("{"):
                            node.tag = f"{{{MARC}}}{node.tag}"
                number += 1
                yield f"record {number} (line {element.sourceline})", element
                release(element)
        except etree.XMLSyntaxError as exc:
            raise malformed(self.source, exc) from exc

    def _binary_records(self, handle: IO[bytes]) -> Iterator[tuple[str, Any]]:
        reader = pymarc.MARCReader(handle, to_unicode=True, force_utf8=False, hide_utf8_warnings=True,
                                   utf8_handling="strict", permissive=True)
        number = 0
        while True:
            offset = handle.tell()
            try:
                record = next(reader)
            except StopIteration:
                return
            number += 1
            where = f"record {number} (byte {offset})"
            if record is None:
                raise SourceError(f"not a MARC 21 record that can be read: {reader.current_exception}",
                                  location=self.source.where(where),
                                  hint="the file should hold ISO 2709 records (or MARCXML); check that it is "
                                       "not cut off and that its records' leaders give their right lengths")
            yield where, etree.fromstring(pymarc.record_to_xml(record, namespace=True))


def _first_byte(handle: IO[bytes]) -> bytes:
    """The first byte that is not white space or a byte-order mark; the handle is put back at 0."""
    start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    handle.seek(0)
    return start[:1]


def _field(node: Any) -> str:
    """Where a node sits in its record: ``field 700``, ``field 700[2]`` (the second 700)."""
    field = node
    while field is not None and field.get("tag") is None:
        field = field.getparent()
    if field is None:
        return node.getroottree().getpath(node)
    tag = field.get("tag")
    same = [f for f in field.getparent() if f.get("tag") == tag] if field.getparent() is not None else [field]
    place = f"field {tag}" + (f"[{same.index(field) + 1}]" if len(same) > 1 else "")
    return place if field is node else f"{place}, {node.getroottree().getpath(node)}"
