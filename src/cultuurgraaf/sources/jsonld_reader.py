"""JSON-LD documents, such as the members of a Linked Data Event Stream, read as RDF statements.

A JSON-LD document means what its ``@context`` says; JSONPath over its keys cannot follow that
(compact terms, prefixes, type coercion, nested nodes, any spelling of a key). So this reader
expands each document into RDF with a JSON-LD processor (Oxigraph's, through the store package) and gives one record per
statement, with the references ``subject``, ``predicate`` and ``object``, ``member`` (the
document's node that is a version, or its ``@id``) and ``entity`` (what that member is a version
of). Subjects and objects keep their kind (:class:`~.base.SourceNode`, :class:`~.base.SourceLiteral`):
an IRI stays an IRI, a blank node a blank node (labelled per document, in the order the
statements name them) and a literal keeps its language or datatype, so one triples map
``s: $(subject)``, ``[$(predicate), $(object)]`` writes the documents' own statements.

The file holds one document per line (NDJSON, as an LDES is harvested), a JSON array of
documents, or one document. Remote contexts are never fetched: the OSLO contexts the sector's
streams name are kept in ``jsonld_contexts/`` (written for the project, only the terms listed
there) and put in place of their address; a document that names any other context stops the run
with its line and the address. Keys that no context defines (which JSON-LD drops without a word)
are counted in the run's notes, as are the compact IRIs of well-known vocabularies whose prefix a
document uses without defining it (``skos:prefLabel``), which are read as that vocabulary's IRIs.

With ``versions: {of: <predicate IRI>, at: <predicate IRI>}`` only the latest version of each
entity is read (the greatest ``at``, see versions.py), and it is read as the entity: the
member's own IRI becomes the entity's (except where the member points at itself, as with the
page of a version), and the ``of`` statement, which would then say the entity is a version of
itself, is left out. A JSON-LD source has no iterator.

>>> from pathlib import Path
>>> import json, tempfile
>>> path = Path(tempfile.mkdtemp()) / "leden.ndjson"
>>> member = {"@context": {"titel": {"@id": "http://purl.org/dc/terms/title", "@language": "nl"},
...           "versieVan": {"@id": "http://purl.org/dc/terms/isVersionOf", "@type": "@id"}},
...           "@id": "https://ex.be/o/1/v2", "versieVan": "https://ex.be/o/1", "titel": "Theepot"}
>>> _ = path.write_text(json.dumps(member) + "\\n")
>>> source = LogicalSource(path, "jsonld", versions=VersionsOption(
...     of="http://purl.org/dc/terms/isVersionOf", at="http://www.w3.org/ns/prov#generatedAtTime"))
>>> [(r.values("subject"), r.values("predicate"), r.values("object")) for r in read_records(source)]
[(['https://ex.be/o/1'], ['http://purl.org/dc/terms/title'], ['Theepot'])]
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import RDFSyntaxError, SourceError
from ..store import jsonld_statements
from ..vocab import DC, PREFIXES
from .base import LogicalSource, Record, SourceLiteral, SourceNode, decode_error, open_text, read_records
from .json_reader import json_documents, ndjson_documents
from .versions import LatestVersions, VersionsOption

__all__ = ["JsonLdRecords", "KNOWN_CONTEXTS", "Record", "read_records", "VersionsOption"]

_FOLDER = Path(__file__).parent / "jsonld_contexts"
#: The remote contexts a document may name, and the file of the project that stands in for each.
KNOWN_CONTEXTS = {
    "https://data.vlaanderen.be/doc/applicatieprofiel/cultureel-erfgoed-object/kandidaatstandaard/2020-07-17/"
    "context/cultureel-erfgoed-object-ap.jsonld": "cultureel-erfgoed-object-2020.jsonld",
    "https://brechtvdv.github.io/demo-data/cultureel-erfgoed-event-ap.jsonld": "cultureel-erfgoed-event-2020.jsonld",
    "https://data.vlaanderen.be/context/persoon-basis.jsonld": "persoon-basis.jsonld",
}
#: Prefixes documents use without defining them, read as the vocabularies everyone means by them.
_WELL_KNOWN = {**PREFIXES, "dcterms": PREFIXES["dct"], "dc": DC.iri,
               "cidoc": PREFIXES["crm"]}
_WELL_KNOWN.pop("cg")
#: What the text of a literal of these XML Schema datatypes must look like; a literal that does not
#: is kept as the document types it, and counted.
_LEXICAL = {PREFIXES["xsd"] + name: re.compile(pattern) for name, pattern in {
    "dateTime": r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?",
    "date": r"-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?",
    "gYear": r"-?\d{4,}(Z|[+-]\d\d:\d\d)?",
    "integer": r"[+-]?\d+",
    "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
    "boolean": r"true|false|1|0",
}.items()}

#: A statement as the reader gives it: subject, predicate, object, member, entity (the last two
#: may be None); subject and object are SourceNode or SourceLiteral values.
Statement = tuple


@lru_cache(maxsize=None)
def _context(file: str) -> Any:
    return json.loads((_FOLDER / file).read_text(encoding="utf-8"))["@context"]


def _field(position: int) -> Callable[[Statement], list]:
    return lambda statement: [] if statement[position] is None else [statement[position]]


_FIELDS = {"subject": _field(0), "predicate": _field(1), "object": _field(2), "member": _field(3),
           "entity": _field(4)}


class JsonLdRecords:
    """The RDF statements of the JSON-LD documents of a file, one record each."""

    scalar = False

    def __init__(self, source: LogicalSource):
        self.source = source
        self.null_values: frozenset = frozenset()
        self.notes: Counter = Counter()
        self._examples: dict[str, str] = {}
        if source.iterator:
            raise SourceError(f"a JSON-LD source has no iterator (it has '{source.iterator}'): every statement "
                              "of the documents is a record", location=source.where(),
                              hint="leave the iterator out; the references are subject, predicate, object, "
                                   "member and entity")
        self._locator = ""
        # blank nodes are labelled per file too: the documents of two input files are mapped into one graph
        self._file = hashlib.sha256(str(source.path).encode("utf-8")).hexdigest()[:8]

    def accessor(self, reference: str) -> Callable[[Statement], list]:
        if reference not in _FIELDS:
            raise SourceError(f"'{reference}' is not a part of a statement (parts: {', '.join(_FIELDS)})")
        return _FIELDS[reference]

    def available(self) -> list[str]:
        return list(_FIELDS)

    def locator(self) -> str:
        return self._locator

    def close(self) -> None:
        self._locator = ""

    def _note(self, what: str, example: str) -> None:
        """Count one more of a kind of thing the run could not use as it is, with its first example."""
        first = self._examples.setdefault(what, example)
        self.notes[f"{self.source.path.name}: {what} (such as '{first}')"] += 1

    def __iter__(self) -> Iterator[Statement]:
        option = self.source.versions
        keep = self._latest(option) if option is not None else None
        for position, (where, document) in enumerate(self._documents()):
            if keep is not None and position not in keep:
                continue
            statements = self._statements(document, where, position, noting=True)
            member, entity = _version(statements, option) if option is not None else (None, None)
            self._locator = where
            for statement in statements:
                if entity is None:
                    yield (*statement, _document_id(document), None)
                elif not (statement[0] == member and statement[1] == option.of):
                    yield _as_entity(statement, member, entity)

    # versions -----------------------------------------------------------------------------------
    def _latest(self, option: VersionsOption) -> set[int]:
        latest = LatestVersions(of=lambda pair: pair[0], at=lambda pair: pair[1])
        keep = latest.select(self._version_keys(option))
        if latest.dropped:
            self.notes[f"{self.source.path.name}: older versions skipped (the latest of {latest.objects} "
                       f"entities kept, by {option.at})"] += latest.dropped
        return keep

    def _version_keys(self, option: VersionsOption) -> Iterator[tuple[list, list]]:
        for position, (where, document) in enumerate(self._documents()):
            statements = self._statements(document, where, position, noting=False)
            member, entity = _version(statements, option)
            times = [s[2] for s in statements if s[0] == member and s[1] == option.at] if member else []
            yield ([entity] if entity else [], times[:1])

    # reading and expanding ------------------------------------------------------------------------
    def _documents(self) -> Iterator[tuple[str, Any]]:
        """(locator, document) for each JSON-LD document of the file: a line of NDJSON (``line 3``),
        an item of a JSON array (``/3``), or the file's one document (``/``)."""
        if _one_a_line(self.source):
            yield from ndjson_documents(self.source)
            return
        for _, whole in json_documents(self.source):
            if isinstance(whole, list):
                yield from ((f"/{index}", item) for index, item in enumerate(whole))
            else:
                yield "/", whole

    def _statements(self, document: Any, where: str, position: int, *, noting: bool) -> list[Statement]:
        if not isinstance(document, dict):
            raise SourceError("a JSON-LD document is a JSON object", location=self.source.where(where))
        local = self._localised(document, where)
        if noting:
            self._note_unread(local)
        try:
            read = jsonld_statements(json.dumps(local))
        except RDFSyntaxError as exc:
            raise SourceError(exc.message, location=self.source.where(where)) from exc
        statements, blanks = [], {}
        for subject, predicate, obj, named in read:
            if noting and named:
                self.notes[f"{self.source.path.name}: statements of named graphs in a document, read into the "
                           "source's graph"] += 1
            statements.append((self._term(subject, position, blanks, noting),
                               str(self._term(("iri", predicate), position, blanks, noting)),
                               self._term(obj, position, blanks, noting)))
        return statements

    def _term(self, term: tuple, position: int, blanks: dict, noting: bool) -> str:
        """The term as a source value; blank nodes are labelled per file and document, in order of
        appearance (the processor's own labels change from one reading to the next)."""
        kind, value = term[0], term[1]
        if kind == "blank":
            return SourceNode(blanks.setdefault(value, f"{self._file}-d{position}-b{len(blanks)}"), blank=True)
        if kind == "literal":
            pattern = _LEXICAL.get(term[3])
            if noting and pattern is not None and not pattern.fullmatch(value):
                self._note(f"literals whose text is no {term[3]}, kept as the document types them", value)
            return SourceLiteral(value, language=term[2], datatype=term[3])
        prefix, _, rest = value.partition(":")
        if prefix in _WELL_KNOWN and not rest.startswith("//"):
            if noting:
                self._note(f"compact IRIs with the prefix '{prefix}:' that the document's context does not define, "
                           f"read as {_WELL_KNOWN[prefix]}", value)
            value = _WELL_KNOWN[prefix] + rest
        return SourceNode(value, blank=False)

    def _localised(self, node: Any, where: str) -> Any:
        """The document with every remote context replaced by the project's copy of its terms."""
        if isinstance(node, list):
            return [self._localised(item, where) for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key == "@context":
                contexts = value if isinstance(value, list) else [value]
                local = [self._local_context(c, where) if isinstance(c, str) else self._localised(c, where)
                         for c in contexts]
                out[key] = local if isinstance(value, list) else local[0]
            else:
                out[key] = self._localised(value, where)
        return out

    def _local_context(self, address: str, where: str) -> Any:
        file = KNOWN_CONTEXTS.get(address)
        if file is None:
            raise SourceError(f"the document names the JSON-LD context {address}, which cultuurgraaf does not have",
                              location=self.source.where(where),
                              hint="nothing is fetched at run time; the contexts cultuurgraaf has are those of "
                                   "src/cultuurgraaf/sources/jsonld_contexts/ (docs/mapping.md); put the "
                                   "context's terms in the documents instead of its address")
        return _context(file)

    def _note_unread(self, document: dict) -> None:
        """Count the keys and types that no context defines: JSON-LD drops them without a word."""
        terms: set[str] = set()
        vocab = _collect_terms(document, terms)
        if vocab:
            return
        for key, where in _keys_and_types(document):
            if key.startswith("@") or ":" in key or key in terms:
                continue
            self._note(f"{where} no context defines, not read", key)


def _one_a_line(source: LogicalSource) -> bool:
    """Whether the file holds a JSON object a line: its first line is one, and another line follows."""
    with open_text(source) as handle:
        try:
            lines = [line for line in (handle.readline() for _ in range(64)) if line.strip()][:2]
        except UnicodeDecodeError as exc:
            raise decode_error(source, exc) from exc
    if len(lines) < 2 or not lines[0].lstrip().startswith("{"):
        return False
    try:
        json.loads(lines[0])
    except json.JSONDecodeError:
        return False
    return True


def _collect_terms(node: Any, terms: set[str]) -> bool:
    """Add the terms every context in the document defines; True when one of them sets @vocab."""
    vocab = False
    if isinstance(node, list):
        return any([_collect_terms(item, terms) for item in node])
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for context in value if isinstance(value, list) else [value]:
                    if isinstance(context, dict):
                        terms.update(k for k in context if not k.startswith("@"))
                        vocab = vocab or "@vocab" in context
                        vocab = _collect_terms(list(context.values()), terms) or vocab
            else:
                vocab = _collect_terms(value, terms) or vocab
    return vocab


def _keys_and_types(node: Any) -> Iterator[tuple[str, str]]:
    if isinstance(node, list):
        for item in node:
            yield from _keys_and_types(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            if key == "@type":
                for kind in value if isinstance(value, list) else [value]:
                    if isinstance(kind, str):
                        yield kind, "types"
                continue
            yield key, "keys"
            yield from _keys_and_types(value)


def _document_id(document: dict) -> str | None:
    identifier = document.get("@id")
    return identifier if isinstance(identifier, str) else None


def _version(statements: list[Statement], option: VersionsOption) -> tuple[str | None, str | None]:
    """(member, entity): the node of the document that is a version, and what it is a version of."""
    for s, p, o in statements:
        if p == option.of and getattr(o, "blank", None) is False:
            return s, o
    return None, None


def _as_entity(statement: Statement, member: str, entity: str) -> Statement:
    s, p, o = statement
    if s == member:
        return SourceNode(entity, blank=False), p, o, member, entity
    return s, p, SourceNode(entity, blank=False) if o == member else o, member, entity
