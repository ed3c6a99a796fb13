"""Resolving an identifier from outside (a Wikidata QID, a KBO number, a UiTdatabank id) to one entity.

``resolve(store, project, {"kbo": "0207.451.227"})`` normalises the value as the key does
(so ``0207451227``, ``BE 0207.451.227`` and ``207451227`` are the same KBO number), finds the
entities that carry it, and answers with their canonical entity: the entity of the source listed
first in the project file among those linked to each other (the smallest IRI among equals), as
the links graph records it with ``cg:canonical``. Several parameters must all match.

The answer is *found* (one canonical entity), *ambiguous* (entities that are not linked to each
other carry the identifier: the caller gets the list) or an error saying what is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config import Project
from ..errors import NotFound, ResolverError
from ..vocab import CG
from .graph import links_graph
from .report import built_at


@dataclass
class Resolution:
    query: dict[str, str]
    #: the entities that carry every identifier asked for
    entities: list[str]
    #: entity -> the canonical entity of its group (itself when it is linked to nothing)
    canonical_of: dict[str, str] = field(default_factory=dict)

    @property
    def canonical(self) -> list[str]:
        return sorted(set(self.canonical_of.values()))

    @property
    def ambiguous(self) -> bool:
        return len(self.canonical) > 1

    @property
    def target(self) -> str:
        """The one canonical entity (only when the answer is not ambiguous)."""
        return self.canonical[0]


def identifier_keys(project: Project) -> list[str]:
    return sorted(name for name, key in project.keys.items() if key.identifier)


def resolve(store, project: Project, query: dict[str, str]) -> Resolution:
    """The entities that carry the identifiers in ``query`` (key name -> value), and their canonical one."""
    known = identifier_keys(project)
    example = "/id?wikidata=Q1809071 or /id?kbo=0207451227"
    if not query:
        raise ResolverError(f"name an identifier to resolve, for example {example}",
                            hint=f"identifiers this graph knows: {', '.join(known)}")
    literals = []
    for name, value in query.items():
        key = project.keys.get(name)
        if key is None or not key.identifier:
            raise ResolverError(f"'{name}' is not an identifier this graph resolves (known: {', '.join(known)})",
                                hint=f"for example {example}")
        normal = key.value(value) if not key.namespaces else (key.value(value) or key.value(key.namespaces[0] + value))
        if normal is None:
            raise ResolverError(f"'{value}' is not a {key.title or name}", hint=f"for example {example}")
        literals.append(f"{name}={normal}")
    if not project.links or built_at(store, project) is None:
        raise NotFound("this graph has no identifier index: the project declares no [[links]] rules, or the "
                       "store has not been built since", hint="see docs/linking.md")
    patterns = " ".join(f"?e <{CG.key}> {_string(literal)} ." for literal in literals)
    rows = store.query(f"SELECT ?e ?c WHERE {{ GRAPH <{links_graph(project.iris)}> {{ {patterns} "
                       f"OPTIONAL {{ ?e <{CG.canonical}> ?c }} }} }}").rows()
    canonical_of = {str(row["e"]): str(row.get("c", row["e"])) for row in rows}
    if not canonical_of:
        asked = " and ".join(f"{k} {v}" for k, v in query.items())
        raise NotFound(f"no entity in this graph has {asked}",
                       hint="the sources may not carry this identifier; search by name at /zoeken, or query "
                            "the identifiers with SPARQL (docs/linking.md)")
    return Resolution(query=dict(query), entities=sorted(canonical_of), canonical_of=canonical_of)


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
