"""Validation profiles: how much each constraint of the shapes counts, for one source or one check.

The shapes in ``shapes/`` hold two kinds of constraint: the OSLO application profiles' own (an
identifier is an ``adms:Identifier``, a title is text with a language tag) and the project's
recommendations beyond them (every object has a title, a keeper from the register, an EDTF date
that parses). Each constraint beyond OSLO is marked on its shape, ``cgsh:buitenOslo sh:minCount``
(docs/shapes.md: the decisions *tightened* and *added*). The shapes run once; a profile then says
what each result becomes:

- ``oslo``: the official application profiles' constraints as violations, nothing stricter. A
  result of a constraint beyond OSLO is left out; every other result is a violation.
- ``publicatie`` (the default): the project's recommendations for publication as warnings. A
  violation of a constraint beyond OSLO becomes a warning; everything else keeps its severity.
- ``strikt``: the shapes as written, the project's recommendations as violations.

A build holds back only entities with violations, so under ``oslo`` and ``publicatie`` no record
is held back for anything the standard allows. Each source chooses its profile in
``cultuurgraaf.toml`` (``profile``; the default is ``[project] profile``, else ``publicatie``); the checker and ``cultuurgraaf
validate`` take one for everything.

>>> from rdflib import Graph, URIRef
>>> shapes = Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix cgsh: <https://data.cultuurgraaf.be/shacl/cultuurgraaf#> .
...     cgsh:Titel sh:minCount 1 ; sh:datatype <http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> ;
...         cgsh:buitenOslo sh:minCount .''')
>>> rules = Rules.of(shapes)
>>> rules.severity("publicatie", URIRef(CGSH + "Titel"), "MinCountConstraintComponent", "Violation")
'Warning'
>>> rules.severity("oslo", URIRef(CGSH + "Titel"), "MinCountConstraintComponent", "Violation") is None
True
>>> rules.severity("oslo", URIRef(CGSH + "Titel"), "DatatypeConstraintComponent", "Warning")
'Violation'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..config import DEFAULT_PROFILE, PROFILES
from ..errors import ArgumentError
from ..vocab import SH
from .report import ValidationReport, ValidationResult
from .shapes import Shapes
from .shapes_to_sparql import component_name

CGSH = "https://data.cultuurgraaf.be/shacl/cultuurgraaf#"
#: on a shape: a constraint parameter of it that goes beyond the OSLO application profiles
BEYOND_OSLO = URIRef(CGSH + "buitenOslo")
#: what each profile is for (Dutch, English), in the order of ``config.PROFILES``
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "publicatie": ("de aanbevelingen van het project als waarschuwingen",
                   "the project's recommendations for publication as warnings"),
    "oslo": ("alleen de OSLO-applicatieprofielen, als fouten",
             "the official OSLO application profiles' constraints as violations, nothing stricter"),
    "strikt": ("de shapes zoals ze geschreven zijn: de aanbevelingen van het project als fouten",
               "the shapes as written: the project's recommendations as violations"),
}
#: each source's profile: source name -> profile name, with "" for the default (results of no source)
Choice = Mapping[str, str]


def component(parameter: URIRef) -> str:
    """The constraint component a result of ``parameter`` names.

    >>> component(URIRef(SH.sparql)), component(URIRef(SH.maxCount))
    ('SPARQLConstraintComponent', 'MaxCountConstraintComponent')
    """
    return "SPARQLConstraintComponent" if str(parameter) == SH.sparql else component_name(parameter)


def check_profile(name: str) -> str:
    """The name, when it is a profile; an ArgumentError listing the profiles when it is not.

    >>> check_profile("oslo"), tuple(DESCRIPTIONS) == PROFILES
    ('oslo', True)
    """
    if name not in PROFILES:
        raise ArgumentError(f"there is no validation profile {name!r}", hint=f"choose one of: {', '.join(PROFILES)}")
    return name


@dataclass(frozen=True)
class Rules:
    """The constraints of some shapes that go beyond OSLO: (shape, component) pairs."""

    beyond_oslo: frozenset[tuple[Node, str]]

    @classmethod
    def of(cls, shapes: Shapes | Graph) -> "Rules":
        graph = shapes.graph if isinstance(shapes, Shapes) else shapes
        return cls(frozenset((shape, component(parameter)) for shape, parameter in graph.subject_objects(BEYOND_OSLO)))

    def severity(self, profile: str, shape: Node, constraint: str, severity: str) -> str | None:
        """What a result of ``constraint`` on ``shape`` at ``severity`` is under ``profile``; None: left out."""
        beyond = (shape, constraint) in self.beyond_oslo
        if profile == "oslo":
            return None if beyond else "Violation"
        if profile == "publicatie" and beyond and severity == "Violation":
            return "Warning"
        return severity

    def apply(self, report: ValidationReport, profiles: Choice) -> ValidationReport:
        """The report under each source's profile (``profiles``: source name -> profile, ``""`` for
        results of no source or of a source not named); the report says which profiles it used."""
        default = profiles.get("", DEFAULT_PROFILE)
        results = []
        for result in report.results:
            profile = profiles.get(_source(result), default)
            severity = self.severity(profile, result.shape, result.constraint, result.severity)
            if severity is not None:
                results.append(result if severity == result.severity else replace(result, severity=severity))
        used = ({_source(r) for r in report.results} | set(profiles)) - {""}
        chosen = {name: profiles.get(name, default) for name in sorted(used)}
        named = chosen if len(set(chosen.values())) > 1 else {"": next(iter(chosen.values()), default)}
        return replace(report, results=results, profiles=named)


def _source(result: ValidationResult) -> str:
    origin = result.origin
    return (origin.source or "") if origin is not None else ""
