"""What points at a thing: the things that link to it, counted per property and source, with the
first few of each, in a fixed number of queries however many there are.

An organisation that keeps 20,000 objects costs the same three queries as one that keeps three:

1. counts per (property, graph): Oxigraph counts an index range without handing out rows;
2. one query with a LIMITed sub-select per group (and per derived relation, such as the objects a
   person made through the productions they carried out);
3. only when a group's sample mixes kinds of things (rare: a mapping gives a property one kind of
   subject per source), an exact count per kind.

The kind of a thing is read from its IRI (``{base}/id/{kind}/{ref}``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .layout import DERIVED, INLINE_KINDS, Derived
from ..iris import IriScheme
from ..store import EmbeddedStore

SAMPLE = 50


@dataclass
class Pointing:
    """Things of one kind that point at the entity through one property (or a derived relation)."""

    key: str
    predicate: str
    kind: str | None
    total: int
    graphs: set[str] = field(default_factory=set)
    subjects: list[tuple[str, str | None]] = field(default_factory=list)  # (IRI, graph)
    derived: Derived | None = None
    through: list[tuple[str, str]] = field(default_factory=list)  # derived: (inline node, subject)


def pointing_at(store: EmbeddedStore, iri: str, iris: IriScheme, *, sample: int = SAMPLE) -> list[Pointing]:
    """The groups of things that link to ``iri``, each with its total and up to ``sample`` of them."""
    target = iri_ref(iri)
    counts: dict[tuple[str, str], int] = {}
    for p, g, n in store.query(f"SELECT ?p ?g (COUNT(?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p <{target}> }} }} "
                               "GROUP BY ?p ?g").solution_tuples():
        counts[(p[1], g[1])] = int(n[1])
    derived = [d for d in DERIVED if any(p == d.via for p, _ in counts)]
    if not counts:
        return []
    branches = [f"{{ SELECT ?s (\"{i}\" AS ?key) (<{iri_ref(g)}> AS ?g) WHERE {{ GRAPH <{iri_ref(g)}> "
                f"{{ ?s <{iri_ref(p)}> <{target}> }} FILTER(isIRI(?s)) }} LIMIT {sample} }}"
                for i, (p, g) in enumerate(counts)]
    branches += [f"{{ SELECT ?s (\"{d.key}\" AS ?key) ?g ?x WHERE {{ GRAPH ?g {{ ?x <{d.via}> <{target}> . "
                 f"?x <{d.to}> ?s }} }} LIMIT {sample} }}" for d in derived]
    samples: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    through: dict[str, list[tuple[str, str]]] = defaultdict(list)
    query = "SELECT ?s ?key ?g ?x WHERE { " + " UNION ".join(branches) + " }"
    for s, key, g, x in store.query(query).solution_tuples():
        samples[key[1]].append((s[1], g[1] if g else None))
        if x is not None:
            through[key[1]].append((x[1], s[1]))

    groups: dict[tuple[str, str | None], Pointing] = {}
    for i, ((p, g), n) in enumerate(counts.items()):
        found = samples.get(str(i), [])
        kinds = Counter(_kind(iris, s) for s, _ in found)
        if len(kinds) > 1:
            totals = _count_per_kind(store, target, p, g, iris)
        elif kinds:
            # fewer than asked for: the sample is all of them (the count also had blank nodes)
            totals = {next(iter(kinds)): n if len(found) == sample else len(found)}
        else:
            continue
        for kind, total in totals.items():
            if kind in INLINE_KINDS or not total:
                continue
            group = groups.setdefault((p, kind), Pointing(f"{p} {kind or ''}", p, kind, 0))
            group.total += total
            group.graphs.add(g)
            group.subjects += [(s, graph) for s, graph in found if _kind(iris, s) == kind]
    result = list(groups.values())
    for d in derived:
        found = samples.get(d.key, [])
        if not found:
            continue
        total = len(found) if len(found) < sample else _count_derived(store, target, d)
        result.append(Pointing(d.key, d.via, d.kind, total, {g for _, g in found if g}, found, derived=d,
                               through=through.get(d.key, [])))
    for group in result:
        group.subjects = group.subjects[:sample]
    return result


def _kind(iris: IriScheme, iri: str) -> str | None:
    parsed = iris.parse_thing(iri)
    return parsed[0] if parsed else None


def _count_per_kind(store, target: str, p: str, g: str, iris: IriScheme) -> dict[str | None, int]:
    """Exact counts per kind for a group whose sample mixes kinds (the kind is read from the IRI)."""
    kind = f'STRBEFORE(STRAFTER(STR(?s), "{iris.base}/id/"), "/")'
    rows = store.query(f"SELECT ?k (COUNT(?s) AS ?n) WHERE {{ GRAPH <{iri_ref(g)}> {{ ?s <{iri_ref(p)}> <{target}> }} "
                       f"FILTER(isIRI(?s)) BIND({kind} AS ?k) }} GROUP BY ?k").solution_tuples()
    return {(k[1] or None) if k else None: int(n[1]) for k, n in rows}


def _count_derived(store, target: str, d: Derived) -> int:
    rows = store.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {{ SELECT ?x WHERE {{ ?x <{d.via}> <{target}> }} }} "
                       f"?x <{d.to}> ?s }}").solution_tuples()
    return int(next(rows)[0][1])


def iri_ref(iri: str) -> str:
    """An IRI fit to stand between < > in a query (characters that would end it are escaped).

    >>> iri_ref('https://x.org/a b>')
    'https://x.org/a%20b%3E'
    """
    return "".join(c if c not in '<>"{}|^`\\ ' else f"%{ord(c):02X}" for c in iri)
