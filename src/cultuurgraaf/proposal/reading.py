"""How an export is to be read: its format, encoding, CSV dialect and header, and where its records are.

Every choice comes with a note that says what it was based on, so that a proposal can say it.
The records are then read by the project's own readers (``sources/``), exactly as a build will.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import Location, SourceError
from ..sources.base import LogicalSource, open_binary
from ..sources.marc_reader import MARC
from ..vocab import DC, LIDO, OAI, OAI_DC, XML, XSI
from .forms import describe, form_of

#: Bytes read to decide format, encoding and dialect.
SAMPLE = 1 << 20

#: Well-known namespaces and the prefixes proposals give them.
KNOWN_PREFIXES = {
    LIDO.iri: "lido",
    MARC: "marc",
    OAI.iri: "oai",
    OAI_DC.iri: "oai_dc",
    DC.iri: "dc",
}
_CSV_DELIMITERS = ",;\t|"
#: Namespaces that need no prefix of their own: xml: is built into XPath, xsi: is schema plumbing.
_IMPLIED = frozenset({XML.iri, XSI.iri})


@dataclass(frozen=True)
class Export:
    """An export and how to read it; each ``*_note`` says why."""

    path: Path
    format: str                     # csv, json, ndjson or xml
    encoding: str = "utf-8"
    encoding_note: str = ""
    delimiter: str = ","
    header: bool = True
    header_note: str = ""
    iterator: str | None = None
    iterator_note: str = ""
    namespaces: tuple[tuple[str, str], ...] = ()

    def source(self, null_values: tuple[str, ...] = ("",)) -> LogicalSource:
        """The logical source a build reads, with these null values."""
        return LogicalSource(self.path, self.format, iterator=self.iterator, encoding=self.encoding,
                             delimiter=self.delimiter if self.format == "csv" else None, header=self.header,
                             null_values=null_values, namespaces=self.namespaces)

    @property
    def delimiter_name(self) -> str:
        return {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}.get(self.delimiter, repr(self.delimiter))


def binary_format(path: Path) -> str | None:
    """The built-in format that reads ``path`` when it is an export init cannot profile: ``marc21``
    for binary MARC (ISO 2709), which is no text; None otherwise."""
    path = Path(path)
    if not path.is_file():
        return None
    with open_binary(path) as handle:
        return "marc21" if _binary_marc(handle.read(SAMPLE)) else None


def _binary_marc(head: bytes) -> bool:
    """A record length and status (``00925njm``) and field terminators: binary MARC."""
    return re.match(rb"\d{5}[acdnp][a-z]", head[:7]) is not None and b"\x1e" in head


def read_export(path: Path) -> Export:
    """Decide how to read ``path``; a SourceError when it is no CSV, TSV, JSON, NDJSON or XML."""
    path = Path(path)
    if not path.is_file():
        raise SourceError("the export does not exist", location=_where(path))
    with open_binary(path) as handle:
        head = handle.read(SAMPLE)
    if not head.strip():
        raise SourceError("the export is empty", location=_where(path))
    if _binary_marc(head):
        raise SourceError("this is binary MARC (ISO 2709); init reads CSV, TSV, JSON, NDJSON and XML",
                          location=_where(path), hint='the built-in format reads it without a mapping: '
                          'format = "marc21" in the [[sources]] entry; or convert it to MARCXML for init')
    encoding, encoding_note = detect_encoding(path, head)
    text = head.decode(encoding, errors="replace").lstrip("\ufeff").lstrip()
    if text.startswith("<"):
        return _xml_export(path, encoding, encoding_note)
    if text[:1] in "{[":
        return _json_export(path, encoding, encoding_note)
    return _csv_export(path, head.decode(encoding, errors="replace").lstrip("\ufeff"), encoding, encoding_note)


def _where(path: Path, record: str | None = None) -> Location:
    return Location(str(path), record=record)


def detect_encoding(path: Path, head: bytes) -> tuple[str, str]:
    """UTF-8 when the whole file decodes as UTF-8; otherwise charset-normalizer's best guess."""
    try:
        position = 0
        with open_binary(path) as handle:
            utf8 = codecs.getincrementaldecoder("utf-8")()
            while chunk := handle.read(SAMPLE):
                utf8.decode(chunk)
                position += len(chunk)
            utf8.decode(b"", final=True)
        return "utf-8", "UTF-8 (the whole file decodes as UTF-8)"
    except UnicodeDecodeError as exc:
        failed_at = position + exc.start
    from charset_normalizer import from_bytes

    matches = from_bytes(head)
    best = matches.best()
    if best is None:
        raise SourceError(f"the export is not text: it is not UTF-8 (byte {failed_at}) and no encoding fits it",
                          location=_where(path))
    equal = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    western = next((m for m in equal if "cp1252" in m.could_be_from_charset), None)
    note = f"not UTF-8: an invalid byte at {failed_at:,}; charset-normalizer finds "
    if western is not None and len(equal) > 1:
        return "cp1252", note + (", ".join(m.encoding for m in equal) + " equally likely, and cp1252 (Windows "
                                 "Western European, Latin-1 and more) is what Flemish exports that are not UTF-8 use")
    name = best.encoding.replace("_", "-")
    return name, note + f"{name} the best fit"


# -- CSV -------------------------------------------------------------------------------------------

def _csv_export(path: Path, text: str, encoding: str, encoding_note: str) -> Export:
    lines = text.splitlines()[:200]
    sample = "\n".join(lines[:-1] if len(lines) > 1 and not text.endswith("\n") else lines)
    delimiter = csv_delimiter(sample)
    rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
    header, note = has_header([r for r in rows if r])
    return Export(path, "csv", encoding=encoding, encoding_note=encoding_note, delimiter=delimiter, header=header,
                  header_note=note)


def csv_delimiter(sample: str) -> str:
    """The delimiter: csv.Sniffer's choice among , ; tab |, else the one that splits lines evenly.

    >>> csv_delimiter("a;b;c\\n1;2;3\\n"), csv_delimiter("a\\tb\\n1\\t2\\n"), csv_delimiter("naam\\nAnn\\n")
    (';', '\\t', ',')
    """
    try:
        return csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS).delimiter
    except csv.Error:
        pass
    lines = [line for line in sample.splitlines() if line.strip()][:50]
    best, best_score = ",", 0
    for delimiter in _CSV_DELIMITERS:
        counts = Counter(line.count(delimiter) for line in lines)
        width, often = counts.most_common(1)[0] if counts else (0, 0)
        if width and often > best_score:
            best, best_score = delimiter, often
    return best


def has_header(rows: list[list[str]]) -> tuple[bool, str]:
    """Whether the first row names the columns, and why it looks so.

    >>> has_header([["id", "naam", "datum"], ["1", "Ann", "17/07/2011"], ["2", "Bob", "18/07/2011"]])[0]
    True
    >>> has_header([["1", "Ann", "17/07/2011"], ["2", "Bob", "18/07/2011"]])
    (False, "no header: the first row holds data ('1' in column 1 is whole numbers)")
    """
    if not rows:
        return True, "a header row (the file has one row)"
    first = rows[0]
    for position, cell in enumerate(first, start=1):
        form = form_of(cell)
        if cell.strip() and form not in ("text", "placeholder"):
            return False, f"no header: the first row holds data ({cell!r} in column {position} is {describe(form)})"
    names = [c.strip() for c in first if c.strip()]
    if len(set(names)) != len(names):
        return False, "no header: the first row repeats a value, which column names never do"
    if any(len(c) > 60 for c in names):
        return False, "no header: the first row holds long text, not column names"
    body = rows[1:]
    for position, cell in enumerate(first):
        if not cell.strip():
            continue
        forms = Counter(form_of(r[position]) for r in body if position < len(r) and r[position].strip())
        if forms and forms.most_common(1)[0][0] not in ("text", "placeholder"):
            return True, (f"a header row: {cell!r} names column {position + 1}, whose other rows hold "
                          f"{describe(forms.most_common(1)[0][0])}")
    if any(cell in (r[i] if i < len(r) else None for r in body) for i, cell in enumerate(first) if cell):
        return False, "no header: values of the first row come back in later rows"
    try:
        sniffed = csv.Sniffer().has_header("\n".join(",".join(r) for r in rows[:50]))
    except csv.Error:
        sniffed = True
    if sniffed:
        return True, "a header row (csv.Sniffer: the first row differs from the others)"
    return False, "no header (csv.Sniffer: the first row is like the others)"




# -- JSON ------------------------------------------------------------------------------------------

def _json_export(path: Path, encoding: str, encoding_note: str) -> Export:
    with open_binary(path) as handle:
        text = handle.read().decode(encoding).lstrip("\ufeff")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1 and all(_is_json_object(line) for line in lines[:3]):
            return Export(path, "ndjson", encoding=encoding, encoding_note=encoding_note, iterator="$",
                          iterator_note=f"one record a line (newline-delimited JSON, {len(lines):,} lines)")
        raise SourceError(f"malformed JSON: {exc.msg}", location=_where(path, f"line {exc.lineno}, column {exc.colno}")) from exc
    iterator, note = json_iterator(document)
    return Export(path, "json", encoding=encoding, encoding_note=encoding_note, iterator=iterator, iterator_note=note)


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def json_iterator(document) -> tuple[str, str]:
    """Where the records are: the first list of objects met going down from the top (a wrapper
    object of one member in every item, as ``{"event": {...}}``, is stepped into).

    >>> json_iterator({"total": 2, "events": [{"id": 1}, {"id": 2}]})
    ('$.events[*]', 'the 2 objects of the list at $.events[*]')
    >>> json_iterator({"rootObject": [{"Long": 2}, {"event": {"id": 1}}, {"event": {"id": 2}}]})[0]
    '$.rootObject[*].event'
    >>> json_iterator({"id": 1, "naam": "Ann"})
    ('$', 'the whole file is one record (no list of objects in it)')
    """
    level: list[tuple[str, object]] = [("$", document)]
    while level:
        following: list[tuple[str, object]] = []
        for path, node in level:
            if isinstance(node, list):
                objects = [item for item in node if isinstance(item, dict)]
                if objects and len(objects) >= len(node) / 2:
                    return _unwrapped(path + "[*]", objects)
                following += [(path + "[*]", item) for item in node[:50] if isinstance(item, (dict, list))]
            elif isinstance(node, dict):
                following += [(path + member(key), value) for key, value in node.items()
                              if isinstance(value, (dict, list))]
        level = following
    return "$", "the whole file is one record (no list of objects in it)"


def _unwrapped(path: str, objects: list[dict]) -> tuple[str, str]:
    keys = Counter(next(iter(o)) for o in objects if len(o) == 1 and isinstance(next(iter(o.values())), dict))
    if keys:
        key, count = keys.most_common(1)[0]
        if count >= len(objects) / 2:
            return (path + member(key), f"the {count:,} '{key}' objects of the list at {path} "
                    f"({len(objects) - count:,} other items in it are not records)")
    return path, f"the {len(objects):,} objects of the list at {path}"


def member(key: str) -> str:
    """A JSONPath member step: ``.name`` or ``['odd key']``.

    >>> member("title"), member("@id"), member("dc:title"), member("it's")
    ('.title', "['@id']", "['dc:title']", "['it\\\\'s']")
    """
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        return "." + key
    return "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']"


# -- XML -------------------------------------------------------------------------------------------

def _xml_export(path: Path, encoding: str, encoding_note: str) -> Export:
    from ..sources.xml_reader import parse_document

    tree = parse_document(LogicalSource(path, "xml"))
    prefixes = namespace_prefixes(tree)
    iterator, note = xml_iterator(tree.getroot(), prefixes)
    return Export(path, "xml", encoding="utf-8", encoding_note="as the XML declaration says (XML parsers read it)",
                  iterator=iterator, iterator_note=note,
                  namespaces=tuple(sorted((prefix, uri) for uri, prefix in prefixes.items())))


def namespace_prefixes(tree) -> dict[str, str]:
    """A prefix for every namespace the document uses: its own, a well-known one, or ``ns1``..."""
    used: dict[str, str | None] = {}
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name in (element.tag, *element.attrib):
            if name.startswith("{"):
                uri = name[1:].partition("}")[0]
                if uri not in used:
                    used[uri] = next((p for p, u in (element.nsmap or {}).items() if u == uri and p), None)
    prefixes: dict[str, str] = {}
    for uri, own in used.items():
        if uri in _IMPLIED:
            continue
        prefix = KNOWN_PREFIXES.get(uri) or own
        if prefix is None or prefix in prefixes.values() or prefix == "xml":
            prefix = next(f"ns{n}" for n in range(1, len(used) + 2) if f"ns{n}" not in prefixes.values())
        prefixes[uri] = prefix
    return prefixes


def qualified(name: str, prefixes: dict[str, str]) -> str:
    """``{http://www.lido-schema.org}lido`` -> ``lido:lido``; names without namespace stay as they are."""
    if name.startswith("{"):
        uri, _, local = name[1:].partition("}")
        if uri == XML.iri:
            return "xml:" + local
        return f"{prefixes[uri]}:{local}"
    return name


def xml_iterator(root, prefixes: dict[str, str]) -> tuple[str, str]:
    """Where the records are: going down from the root through wrappers (an element with one child,
    or one whose other children are a few leaves, as an OAI-PMH answer's date and request), the
    element that repeats under one parent (beside at most a few leaves, as a resumption token)."""
    path = "/" + qualified(root.tag, prefixes)
    node = root
    while True:
        children = [c for c in node if isinstance(c.tag, str)]
        branches = [c for c in children if len(c)]
        if not branches:
            return path, f"the whole file is one record (<{qualified(node.tag, prefixes)}>)"
        tag, count = Counter(c.tag for c in branches).most_common(1)[0]
        rest = [c for c in children if c.tag != tag]
        few_leaves = len(rest) <= 3 and not any(len(c) for c in rest) and len({c.tag for c in rest}) == len(rest)
        if count >= 2 and (count >= 0.8 * len(children) or few_leaves):
            step = qualified(tag, prefixes)
            return path + "/" + step, f"the {count:,} <{step}> elements under <{qualified(node.tag, prefixes)}>"
        inside = sum(1 for _ in branches[0].iter()) if len(branches) == 1 else 0
        if len(children) - len(branches) <= 3 and inside >= 0.75 * (sum(1 for _ in node.iter()) - 1):
            node = branches[0]
            path += "/" + qualified(node.tag, prefixes)
            continue
        return path, f"the whole file is one record (<{qualified(node.tag, prefixes)}>)"
