"""The one model every mapping language is read into (the RML model: triples maps and term maps)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Union

from ..sources import LogicalSource

TermType = Literal["iri", "blank", "literal"]


@dataclass(frozen=True)
class FunctionCall:
    """A call of a named function; each argument is a term map giving the parameter's values."""

    name: str
    args: tuple[tuple[str, "TermMap"], ...]


@dataclass(frozen=True)
class TermMap:
    """How to make one RDF term from a record: a constant, a reference, a template or a function."""

    kind: Literal["constant", "reference", "template", "function"]
    value: str | None = None
    function: FunctionCall | None = None
    term_type: TermType | None = None
    language: str | None = None
    language_map: "TermMap | None" = None
    datatype: str | None = None
    datatype_map: "TermMap | None" = None
    rule: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Join:
    child: str
    parent: str


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
    name: str
    source: LogicalSource
    subject: TermMap
    classes: tuple[str, ...] = ()
    predicate_objects: tuple[PredicateObjectMap, ...] = ()
    graphs: tuple[TermMap, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class Mapping:
    """A whole mapping file: its triples maps, base IRI and prefixes."""

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
        return sorted({tm.source.path for tm in self.triples_maps})


DEFAULT_GRAPH = "http://w3id.org/rml/defaultGraph"
