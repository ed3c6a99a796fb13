"""The fields of an export's records: CSV columns, JSON paths, XML paths, each with the values it holds.

A :class:`Field` is what a mapping rule can reference (``$(titel)``, ``$(2)``, ``$.title[*]``,
``lido:titleSet/lido:appellationValue[@xml:lang='de']``). ``segments`` holds the words of each step
of its path. The readers here go through the
records a build reads (the project's own readers) and give, per record, the values of each field.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterator

from ..sources.base import read_records
from ..vocab import XML, XSI
from .reading import Export, member, qualified

#: XML records read to decide which attributes tell repeated elements apart.
DISCRIMINATOR_SAMPLE = 500


@dataclass(frozen=True)
class Field:
    """One thing a rule can reference, and how comments name it.

    ``segments`` are the lower-case words of each step of its name, to guess what it holds
    (``$.location.label.value`` -> location; label; value). ``language`` is the
    language its name or attribute gives (``titel_en``, ``[@xml:lang='de']``). ``when`` is set for
    the attributes of a long file (id, attribute, value): the attribute column and the attribute
    it stands for; the reference is then the value column.
    """

    reference: str
    label: str
    #: the words of each step of its path (one step for a CSV column)
    segments: tuple[tuple[str, ...], ...]
    language: str | None = None
    when: tuple[str, str] | None = None

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(w for segment in self.segments for w in segment)

    @property
    def mappable(self) -> bool:
        return bool(self.reference)


#: Language codes a name may end in (``titel_en``, ``$.titel.fr``).
LANGUAGES = frozenset({"nl", "en", "fr", "de", "it", "es", "la"})
_LANGUAGE_WORDS = {"nederlands": "nl", "dutch": "nl", "engels": "en", "english": "en", "frans": "fr", "french": "fr",
                   "duits": "de", "german": "de"}


def words(name: str) -> tuple[str, ...]:
    """The lower-case words of a name: ``Organisation_name`` -> organisation, name; camelCase split.

    >>> words("Organisation_name"), words("lidoRecID"), words("titel (en)"), words("$.eventdetails.eventdetail[*].title")
    (('organisation', 'name'), ('lido', 'rec', 'id'), ('titel', 'en'), ('eventdetails', 'eventdetail', 'title'))
    """
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)
    return tuple(w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w)


def language_of(name_words: tuple[str, ...]) -> str | None:
    """The language a name's last word gives: ``titel_en`` -> en.

    >>> language_of(("titel", "en")), language_of(("naam",)), language_of(("title", "english"))
    ('en', None, 'en')
    """
    if name_words:
        last = name_words[-1]
        if last in LANGUAGES:
            return last
        return _LANGUAGE_WORDS.get(last)
    return None


# -- CSV -------------------------------------------------------------------------------------------

class CsvFields:
    """The columns of a CSV or TSV export; without a header they are named by position from 1."""

    def __init__(self, export: Export):
        self.export = export
        self.fields: dict[str, Field] = {}
        self.unnamed: list[str] = []

    def records(self, null_values: tuple[str, ...]) -> Iterator[dict[str, list[str]]]:
        from ..sources.csv_reader import CsvRecords

        records = CsvRecords(self.export.source(null_values))
        try:
            self._columns(records.columns)
            keys = [(key, position) for key, position in
                    ((self._key(name), position) for name, position in records.columns.items()) if key]
            nulls = records.null_values
            for row in records:
                yield {key: [row[position]] for key, position in keys if row[position] not in nulls}
        finally:
            records.close()

    def _key(self, name: str) -> str:
        return name if name.strip() or not self.export.header else ""

    def _columns(self, columns: dict[str, int]) -> None:
        for name, position in columns.items():
            if not self.export.header:
                self.fields[name] = Field(name, f"column {name}", ())
            elif self._key(name):
                name_words = words(name)
                self.fields[name] = Field(name, f"column '{name}'", (name_words,), language=language_of(name_words))
            else:
                self.unnamed.append(f"column {position + 1} has no usable name ({name!r}), so a mapping cannot "
                                    "reference it: name it in the header to map it")


# -- JSON ------------------------------------------------------------------------------------------

class JsonFields:
    """The paths to the scalar values of JSON records (``$.title``, ``$.dates[*].start``).

    A key that holds a value in some records and a list or an object in others cannot be read with
    a plain path (a reference that selects a list stops the run), so its single values are read
    with a filter (``$[?@ == $.x && !@.* && length(@) != 0]``) where the path to it has no ``[*]``.
    """

    def __init__(self, export: Export):
        self.export = export
        self.fields: dict[str, Field] = {}
        self.unnamed: list[str] = []
        self.shapes: dict[str, set[str]] = defaultdict(set)

    def records(self, null_values: tuple[str, ...]) -> Iterator[dict[str, list[str]]]:
        nulls = frozenset(null_values)
        for record in read_records(self.export.source(null_values)):
            found: dict[str, list[str]] = defaultdict(list)
            self._walk(record.raw, "$", found, nulls)
            yield found
        self._settle()

    def _walk(self, node, path: str, found: dict[str, list[str]], nulls: frozenset) -> None:
        if isinstance(node, dict):
            self.shapes[path].add("object")
            for key, value in node.items():
                if key != "@context":       # JSON-LD's context says how to read the data; it is not data
                    self._walk(value, path + member(key), found, nulls)
        elif isinstance(node, list):
            self.shapes[path].add("list")
            for item in node:
                self._walk(item, path + "[*]", found, nulls)
        elif node is not None:
            self.shapes[path].add("value")
            if isinstance(node, str) and node in nulls:
                return
            text = node if isinstance(node, str) else ("true" if node is True else "false" if node is False else str(node))
            if path not in self.fields:
                segments = json_segments(path)
                self.fields[path] = Field(path, path, segments, language=language_of(segments[-1] if segments else ()))
            found[path].append(text)

    def _settle(self) -> None:
        """Rewrite the paths that are sometimes a value and sometimes a list or object (see above)."""
        for path, shapes in list(self.shapes.items()):
            if "value" not in shapes or len(shapes) == 1 or path not in self.fields:
                continue
            old = self.fields.pop(path)
            prefix, key = _split_last(path)
            if prefix is None or "[*]" in prefix:
                self.unnamed.append(f"{path} holds a single value in some records and a list or object in others, "
                                    "under a list: no JSONPath reads only its single values, so they are not mapped")
                continue
            reference = f"{prefix}[?@ == {path} && !@.* && length(@) != 0]"
            self.fields[path] = Field(reference, f"{path} (where it is a single value)", old.segments, old.language)


def json_segments(path: str) -> tuple[tuple[str, ...], ...]:
    """The words of each member step of a JSONPath.

    >>> json_segments("$.location.label.value"), json_segments("$['dc:title'][*]['@value']")
    ((('location',), ('label',), ('value',)), (('title',), ('value',)))
    """
    steps = re.findall(r"\.([A-Za-z_][A-Za-z0-9_]*)|\['((?:[^'\\]|\\.)*)'\]", path)
    out = []
    for plain, quoted_key in steps:
        key = plain or quoted_key
        key = key.rsplit("#", 1)[-1].rsplit("/", 1)[-1].rsplit(":", 1)[-1]
        if step_words := words(key.rsplit(".", 1)[-1]):
            out.append(step_words)
    return tuple(out)


def _split_last(path: str) -> tuple[str | None, str | None]:
    match = re.fullmatch(r"(.*?)(\.[A-Za-z_][A-Za-z0-9_]*|\['(?:[^'\\]|\\.)*'\])", path)
    if match is None or match.group(1) == "":
        return None, None
    return match.group(1), match.group(2)


# -- XML -------------------------------------------------------------------------------------------

class XmlFields:
    """The paths, relative to a record, to the text of its leaf elements and to its attributes.

    Repeated elements that an attribute tells apart (MARC's ``datafield tag="245"``) get a path
    per attribute value; elements with ``xml:lang`` a path per language.
    """

    def __init__(self, export: Export):
        self.export = export
        self.fields: dict[str, Field] = {}
        self.unnamed: list[str] = []
        self.prefixes = {uri: prefix for prefix, uri in export.namespaces}
        self.discriminators: dict[str, str] = {}

    def _name(self, tag: str) -> str | None:
        if tag.startswith("{"):
            uri = tag[1:].partition("}")[0]
            if uri != XML.iri and uri not in self.prefixes:
                return None
        return qualified(tag, self.prefixes)

    def records(self, null_values: tuple[str, ...]) -> Iterator[dict[str, list[str]]]:
        self._learn_discriminators()
        nulls = frozenset(null_values)
        for record in read_records(self.export.source(null_values)):
            found: dict[str, list[str]] = defaultdict(list)
            self._walk(record.raw, "", found, nulls, top=True)
            yield found
        self._settle()

    def _learn_discriminators(self) -> None:
        """For each element path, the attribute that tells its repeated siblings apart, if one does."""
        values: dict[tuple[str, str], set[str]] = defaultdict(set)
        differs: dict[tuple[str, str], bool] = defaultdict(bool)
        present: Counter = Counter()
        seen: Counter = Counter()
        for index, record in enumerate(read_records(self.export.source())):
            if index >= DISCRIMINATOR_SAMPLE:
                break
            self._survey(record.raw, "", values, differs, present, seen)
        for (path, attribute), distinct in values.items():
            if not differs[(path, attribute)] or present[(path, attribute)] < 0.9 * seen[path] or len(distinct) > 60:
                continue
            if any(len(v) > 20 or " " in v.strip() for v in distinct):
                continue
            current = self.discriminators.get(path)
            if current is None or len(distinct) > len(values[(path, current)]):
                self.discriminators[path] = attribute

    def _survey(self, element, path: str, values, differs, present, seen) -> None:
        groups: dict[str, list] = defaultdict(list)
        for child in element:
            if isinstance(child.tag, str) and self._name(child.tag):
                groups[self._name(child.tag)].append(child)
        for name, children in groups.items():
            child_path = f"{path}/{name}" if path else name
            seen[child_path] += len(children)
            for attribute in {a for c in children for a in c.attrib}:
                attribute_name = self._name(attribute)
                if attribute_name is None or attribute_name == "xml:lang":
                    continue
                found = [c.get(attribute) for c in children if c.get(attribute) is not None]
                key = (child_path, attribute_name)
                present[key] += len(found)
                values[key].update(found)
                if len(set(found)) > 1:
                    differs[key] = True
            for child in children:
                self._survey(child, child_path, values, differs, present, seen)

    def _predicate(self, plain_path: str, element) -> str:
        """``[@tag='245']`` when an attribute tells this element apart from its siblings, else ''."""
        attribute = self.discriminators.get(plain_path)
        value = None if attribute is None else element.get(_clark(attribute, self.export.namespaces))
        if value is None or ("'" in value and '"' in value):    # XPath 1.0 cannot quote a value with both
            return ""
        return f"[@{attribute}={_xpath_string(value)}]"

    def _walk(self, element, path: str, found, nulls, *, top: bool = False) -> None:
        for attribute, value in element.attrib.items():
            name = self._name(attribute)
            if name is None or attribute.startswith("{" + XSI.iri) or name == "xml:lang":
                continue
            plain = _plain(path)
            if self.discriminators.get(plain) == name:
                continue
            self._add(f"{path}/@{name}" if path else f"@{name}", value, found, nulls)
        children = [c for c in element if isinstance(c.tag, str)]
        if not children and not top:
            text = "".join(element.itertext())
            if text.strip():
                language = element.get("{%s}lang" % XML.iri)
                self._add(path, text, found, nulls, language=language)
            return
        for child in children:
            name = self._name(child.tag)
            if name is None:
                continue
            child_path = f"{path}/{name}" if path else name
            self._walk(child, child_path + self._predicate(_plain(child_path), child), found, nulls)

    def _add(self, path: str, value: str, found, nulls, *, language: str | None = None) -> None:
        if value in nulls:
            return
        key = path if language is None else f"{path}[@xml:lang={_xpath_string(language)}]"
        if key not in self.fields:
            self.fields[key] = Field(key, key, xml_segments(path),
                                     language=language.lower().split("-")[0] if language else None)
        found[key].append(value)

    def _settle(self) -> None:
        """Paths that have elements with and without ``xml:lang`` read only those without it."""
        for key, field in list(self.fields.items()):
            if field.language is None and any(k.startswith(key + "[@xml:lang=") for k in self.fields):
                self.fields[key] = Field(f"{key}[not(@xml:lang)]", f"{key} (without xml:lang)", field.segments)


def xml_segments(path: str) -> tuple[tuple[str, ...], ...]:
    """The words of each step of an XPath, without prefixes; an attribute's value that tells an
    element apart counts as words of its step.

    >>> xml_segments("lido:titleSet/lido:appellationValue"), xml_segments("marc:datafield[@tag='245']/@ind1")
    ((('title', 'set'), ('appellation', 'value')), (('datafield', '245'), ('ind1',)))
    """
    out = []
    for step in re.split(r"/(?![^\[]*\])", path):
        name = re.sub(r"\[.*\]", "", step).lstrip("@").rsplit(":", 1)[-1]
        values = " ".join(re.findall(r"='([^']*)'", step))
        if step_words := words(f"{name} {values}"):
            out.append(step_words)
    return tuple(out)


def _plain(path: str) -> str:
    return re.sub(r"\[@[^\]]*\]", "", path)


def _clark(name: str, namespaces: tuple[tuple[str, str], ...]) -> str:
    prefix, sep, local = name.partition(":")
    if not sep:
        return name
    uri = XML.iri if prefix == "xml" else dict(namespaces)[prefix]
    return "{%s}%s" % (uri, local)


def _xpath_string(value: str) -> str:
    """An XPath 1.0 string literal for a value (XPath has no escapes: the other quote is used)."""
    return f"'{value}'" if "'" not in value else f'"{value}"'


def field_reader(export: Export):
    return {"csv": CsvFields, "json": JsonFields, "ndjson": JsonFields, "xml": XmlFields}[export.format](export)
