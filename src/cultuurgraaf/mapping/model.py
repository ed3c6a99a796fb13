"""The one model every mapping language is read into: the RML model of triples maps and term maps.

YARRRML (``yarrrml.py``) and RML in Turtle (``rml_reader.py``) both produce a :class:`Mapping`;
``rml_writer.py`` writes one back as RML Turtle; the engine runs it. Nothing here reads files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Union

from ..sources import LogicalSource

#: ``iri`` percent-encodes template values (IRI-safe: non-ASCII letters stay), ``uri`` encodes all but
#: unreserved ASCII, ``unsafe_iri`` keeps them as they are.
TermType = Literal["iri", "uri", "unsafe_iri", "blank", "literal"]
Kind = Literal["constant", "reference", "template", "function", "fresh"]

DEFAULT_GRAPH = "http://w3id.org/rml/defaultGraph"


@dataclass(frozen=True)
class FunctionCall:
    """A call of a named function; each argument is (parameter IRI, term map giving its values)."""

    name: str
    args: tuple[tuple[str, "TermMap"], ...]


@dataclass(frozen=True)
class TermMap:
    """How to make one RDF term from a record.

    ``kind`` says where the value comes from: a ``constant``, a ``reference`` (column, JSONPath,
    XPath), a ``template`` (``http://x/{id}``), a ``function`` call, or ``fresh`` (a new blank
    node per record). Literals carry a ``language`` or ``datatype``, constant or from a map.
    """

    kind: Kind
    value: str | None = None
    function: FunctionCall | None = None
    term_type: TermType | None = None
    language: str | None = None
    language_map: "TermMap | None" = None
    datatype: str | None = None
    datatype_map: "TermMap | None" = None
    rule: str = ""
    line: int | None = None

    def references(self) -> list[str]:
        """The references this term map reads (for checks against a source's columns)."""
        if self.kind == "reference":
            found = [self.value or ""]
        elif self.kind == "template":
            from .templates import parse_template

            found = [text for is_ref, text in parse_template(self.value or "") if is_ref]
        elif self.kind == "function" and self.function is not None:
            found = [ref for _, arg in self.function.args for ref in arg.references()]
        else:
            found = []
        for sub in (self.language_map, self.datatype_map):
            if sub is not None:
                found.extend(sub.references())
        return found


@dataclass(frozen=True)
class Join:
    """A join condition: the child's value must equal the parent's (reference, template or constant)."""

    child: TermMap
    parent: TermMap


@dataclass(frozen=True)
class RefObjectMap:
    """An object that is the subject of another triples map, joined on equal values."""

    parent: str
    joins: tuple[Join, ...] = ()
    rule: str = ""
    line: int | None = None


ObjectMap = Union[TermMap, RefObjectMap]


@dataclass(frozen=True)
class PredicateObjectMap:
    predicates: tuple[TermMap, ...]
    objects: tuple[ObjectMap, ...]
    graphs: tuple[TermMap, ...] = ()
    rule: str = ""
    line: int | None = None


@dataclass(frozen=True)
class TriplesMap:
    """One rule set over one logical source; ``base_iri`` (RML ``rml:baseIRI``) beats the run's."""

    name: str
    source: LogicalSource
    subject: TermMap
    classes: tuple[str, ...] = ()
    predicate_objects: tuple[PredicateObjectMap, ...] = ()
    graphs: tuple[TermMap, ...] = ()
    base_iri: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Mapping:
    """A whole mapping file: its triples maps, its default base IRI and its prefixes."""

    path: Path
    triples_maps: tuple[TriplesMap, ...]
    base_iri: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)

    def triples_map(self, name: str) -> TriplesMap:
        for tm in self.triples_maps:
            if tm.name == name:
                return tm
        raise KeyError(name)

    def sources(self) -> dict[LogicalSource, LogicalSource]:
        """The distinct logical sources (a file can be read by several, with other iterators)."""
        return {tm.source: tm.source for tm in self.triples_maps}

    def files(self) -> list[Path]:
        """The files the mapping reads (a SPARQL endpoint is not one)."""
        return sorted({tm.source.path for tm in self.triples_maps if tm.source.endpoint is None})
