"""Keys of a few entities, and the entities that carry an identifier: what a caller with a value in
hand (the reconciliation service) asks of the graph.

The resolver reads the index the links graph keeps (``cg:key``), which only a project with
``[[links]]`` rules has. These read the keys along their paths in the source graphs, so they answer
in every project; where the links graph is there, an entity stands for its group (``cg:canonical``).

>>> from cultuurgraaf.linking.keys import BUILTIN_KEYS
>>> key_value(BUILTIN_KEYS["viaf"], "24606226"), key_value(BUILTIN_KEYS["viaf"], "http://viaf.org/viaf/24606226")
('24606226', '24606226')
>>> key_value(BUILTIN_KEYS["wikidata"], "https://www.wikidata.org/wiki/Q5599"), key_value(BUILTIN_KEYS["kbo"], "12")
('Q5599', None)
"""

from __future__ import annotations

from collections import defaultdict

from ..iris import IriScheme, iri_problem
from ..vocab import CG
from .graph import Queryable, links_graph, read_key
from .keys import KeySpec


def key_value(key: KeySpec, value: str) -> str | None:
    """The normal form of a value as a person writes it: for a key read from IRIs, the IRI or only
    what follows its namespace (``Q5599``, ``24606226``); None when it is no value of the key."""
    if not key.namespaces:
        return key.value(value)
    return key.value(value) or key.value(key.namespaces[0] + value.strip())


def source_graphs(store) -> dict[str, str]:
    """The source graphs of the store's current generation: graph IRI -> source name."""
    return {info.iri: name for name, info in store.manifest().graphs.items()}


def key_values(db: Queryable, key: KeySpec, entities: list[str], *, sources: dict[str, str],
               iris: IriScheme) -> dict[str, list[tuple[str, str]]]:
    """The values of one key on some entities: entity -> [(as written, normal form)]."""
    if not entities:
        return {}
    found = read_key(db, key, sources=sources, iris=iris, entities=entities)
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entity, pairs in found.items():
        out[entity.iri] += [pair for pair in pairs if pair not in out[entity.iri]]
    return dict(out)


def carriers(db: Queryable, key: KeySpec, normal: str, *, sources: dict[str, str], iris: IriScheme) -> list[str]:
    """The entities that carry the normal form ``normal`` of an identifier key (see :func:`key_value`).

    A key read from IRIs is looked up by the IRIs that value has in each of its namespaces; a key read
    from identifier nodes (KBO, ISIL) reads every value of the key and keeps the equal ones.
    """
    objects = [iri for namespace in key.namespaces if iri_problem(iri := namespace + normal) is None] if key.namespaces else None
    if objects == []:
        return []
    found = read_key(db, key, sources=sources, iris=iris, objects=objects)
    return sorted({entity.iri for entity, pairs in found.items() if any(n == normal for _, n in pairs)})


def canonical_of(db: Queryable, iris: IriScheme, entities: list[str]) -> dict[str, str]:
    """Entity -> the entity that stands for its group (itself when no link joins it to another)."""
    out = {entity: entity for entity in entities}
    for chunk in _chunks(entities):
        for row in db.query(f"SELECT ?e ?c WHERE {{ GRAPH <{links_graph(iris)}> {{ VALUES ?e {{ {chunk} }} "
                            f"?e <{CG.canonical}> ?c }} }}").rows():
            out[str(row["e"])] = str(row["c"])
    return out


def members_of(db: Queryable, iris: IriScheme, entities: list[str]) -> dict[str, list[str]]:
    """Entity -> itself and the records of other sources that its group joins to it."""
    out = {entity: [entity] for entity in entities}
    for chunk in _chunks(entities):
        for row in db.query(f"SELECT ?e ?c WHERE {{ GRAPH <{links_graph(iris)}> {{ VALUES ?c {{ {chunk} }} "
                            f"?e <{CG.canonical}> ?c FILTER(?e != ?c) }} }}").rows():
            out[str(row["c"])].append(str(row["e"]))
    return out


def _chunks(entities: list[str], size: int = 500) -> list[str]:
    plain = [e for e in entities if iri_problem(e) is None]
    return [" ".join(f"<{e}>" for e in plain[start:start + size]) for start in range(0, len(plain), size)]

