"""Completeness per source: for each class the shapes check, the share of a source's entities that
have each property the shapes name, the languages of its texts, and the share linked to an
authority (``owl:sameAs`` to an IRI outside the project's own).

A build counts it for every source it loads, after quarantine (what is in the store), and keeps it
in the store's manifest with the figures of the build before, so that the dataset page can show
it as a table with bars and say per property whether it got better or worse.

>>> now = {"classes": [{"class": "C", "entities": 4, "authority": 1,
...         "properties": [{"path": "p", "count": 3, "languages": {"nl": 3}}]}]}
>>> before = {"classes": [{"class": "C", "entities": 4, "authority": 2,
...         "properties": [{"path": "p", "count": 2, "languages": {"nl": 2}}]}]}
>>> [(row.path, row.share, row.change) for row in table(now, before)[0].rows]
[('p', 0.75, 'better')]
>>> table(now, before)[0].authority_change
'worse'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rdflib import Graph, URIRef

from ..validation.shapes import Shapes
from ..vocab import OWL, RDF, SH

#: the difference in share (of entities) below which a property counts as unchanged
SAME = 0.0005


def named_properties(shapes: Shapes | Graph) -> dict[str, list[str]]:
    """Class -> the properties (single predicates) its shapes name, in a stable order."""
    graph = shapes.graph if isinstance(shapes, Shapes) else shapes
    out: dict[str, dict[str, None]] = {}
    for shape, cls in graph.subject_objects(URIRef(SH.targetClass)):
        paths = out.setdefault(str(cls), {})
        for prop in graph.objects(shape, URIRef(SH.property)):
            path = graph.value(prop, URIRef(SH.path))
            if isinstance(path, URIRef):
                paths[str(path)] = None
    return {cls: sorted(paths) for cls, paths in sorted(out.items())}


def count_completeness(reader, graphs: list[str], properties: dict[str, list[str]], *, base: str) -> dict:
    """The completeness of the entities in ``graphs`` (a source's), as JSON; classes with no entity
    are left out."""
    counted = (count_class(reader, graphs, cls, paths, base=base) for cls, paths in properties.items())
    return {"classes": [figures for figures in counted if figures is not None]}


def count_class(reader, graphs: list[str], cls: str, paths: list[str], *, base: str) -> dict | None:
    """The completeness of the entities of one class in ``graphs`` (a source's), as JSON; None when
    there is none."""
    named = " ".join(f"<{g}>" for g in graphs)
    where = f"VALUES ?g {{ {named} }} VALUES ?h {{ {named} }} GRAPH ?g {{ ?s <{RDF.type}> <{cls}> }}"
    [row] = reader.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where} }}").rows()
    entities = int(row["n"])
    if not entities:
        return None
    values = " ".join(f"<{p}>" for p in paths)
    counts = {str(r["p"]): int(r["n"]) for r in reader.query(
        f"SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where} VALUES ?p {{ {values} }} "
        f"GRAPH ?h {{ ?s ?p ?o }} }} GROUP BY ?p").rows()} if paths else {}
    languages: dict[str, dict[str, int]] = {}
    for r in reader.query(f"SELECT ?p ?l (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where} VALUES ?p {{ {values} }} "
                          f"GRAPH ?h {{ ?s ?p ?o }} FILTER(isLiteral(?o)) BIND(LANG(?o) AS ?l) FILTER(?l != \"\") }} "
                          f"GROUP BY ?p ?l").rows() if paths else []:
        languages.setdefault(str(r["p"]), {})[str(r["l"])] = int(r["n"])
    [row] = reader.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where} GRAPH ?h {{ ?s <{OWL.sameAs}> ?a }} "
                         f"FILTER(isIRI(?a) && !STRSTARTS(STR(?a), \"{base}\")) }}").rows()
    return {"class": cls, "entities": entities, "authority": int(row["n"]),
            "properties": [{"path": p, "count": counts.get(p, 0),
                            "languages": dict(sorted(languages.get(p, {}).items()))} for p in paths]}


#: One class of one source to count: its graphs, the class and the properties its shapes name.
Count = tuple[list[str], str, list[str]]


def count_in_turns(reader, counts: list[Count], take: Callable[[], int], base: str) -> dict[int, dict | None]:
    """The counts (:func:`count_class`) this process takes its turn at (``take`` gives the next turn), by
    position: two processes reading the same data share the work through a ``processes.Turns``, each
    taking the next count not yet taken."""
    done = {}
    while (turn := take()) < len(counts):
        graphs, cls, paths = counts[turn]
        done[turn] = count_class(reader, graphs, cls, paths, base=base)
    return done


@dataclass(frozen=True)
class Row:
    path: str
    count: int
    share: float
    languages: dict[str, int]
    #: "better", "worse", "same", or "" when the build before did not count it
    change: str


@dataclass(frozen=True)
class ClassTable:
    cls: str
    entities: int
    authority: int
    authority_share: float
    authority_change: str
    rows: list[Row]


def _change(now: float, before: float | None) -> str:
    if before is None:
        return ""
    return "same" if abs(now - before) < SAME else ("better" if now > before else "worse")


def table(now: dict, before: dict | None = None) -> list[ClassTable]:
    """The figures of a build, each compared with those of the build before (``before``)."""
    earlier = {c["class"]: c for c in (before or {}).get("classes", [])}
    out = []
    for cls in now.get("classes", []):
        old = earlier.get(cls["class"])
        old_shares = {p["path"]: p["count"] / old["entities"] for p in old["properties"]} if old else {}
        n = cls["entities"]
        out.append(ClassTable(
            cls=cls["class"], entities=n, authority=cls["authority"], authority_share=cls["authority"] / n,
            authority_change=_change(cls["authority"] / n, old["authority"] / old["entities"] if old else None),
            rows=[Row(p["path"], p["count"], p["count"] / n, p["languages"],
                      _change(p["count"] / n, old_shares.get(p["path"]))) for p in cls["properties"]]))
    return out


def of_source(store, name: str) -> tuple[dict, dict | None] | None:
    """The completeness of a source in the store's current build, and of the build before it
    (None when that did not count it); None when the source has none (no shapes, or not a source)."""
    info = store.manifest().graphs.get(name)
    if info is None or not info.extra.get("completeness"):
        return None
    return info.extra["completeness"], info.extra.get("completeness_before")


def to_json(name: str, now: dict, before: dict | None) -> dict:
    """The figures as the JSON twin of the dataset page's table."""
    return {"source": name, "classes": [
        {"class": c.cls, "entities": c.entities, "authority": c.authority,
         "authority_share": round(c.authority_share, 4), "authority_change": c.authority_change or None,
         "properties": [{"path": r.path, "count": r.count, "share": round(r.share, 4), "languages": r.languages,
                         "change": r.change or None} for r in c.rows]}
        for c in table(now, before)], "compared_with_previous_build": before is not None}
