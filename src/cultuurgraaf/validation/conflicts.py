"""Merge conflicts: several records made one subject with different values where the shapes allow fewer.

Records merge into one entity when they mint the same IRI: a long CSV with one row per property,
an event database that names the venue in every event, two sources that describe one
organisation. When two of them give that entity different values of a property the shapes allow
once (``sh:maxCount 1``), or twice a text in one language (``sh:uniqueLang``), the validator sees
one subject with too many values. The lineage says which record gave which value: a build's
mapping notes, triple by triple, the values of exactly the predicates such shapes name
(:func:`limited_predicates`, passed to the engine as ``value_lineage``).

A conflict is a ``sh:maxCount`` or ``sh:uniqueLang`` result whose values came from two records or
more that did not all give the same values; one record that gives two values on its own is a
plain violation. The *first* record is that of the source listed first in the project file, then
by file name and by place in the file (line 9 before line 10). Its source's ``on_conflict``
decides what loads (``check_build``):

* ``"quarantine"`` (the default): the entity is held back, as for any violation; nothing
  contradictory is published and nothing is guessed;
* ``"first"``: the first record's values load, the others are dropped (and reported, counted);
* ``"report"``: every value loads, and the conflict is reported.

A policy acts on conflicts with shapes of severity ``sh:Violation``; under a warning, like every
warning, all values load.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.util import from_n3

from ..config import ON_CONFLICT
from .findings import Conflict, ConflictValue
from .origins import Origins, nt
from .report import Origin, ValidationReport, ValidationResult
from .shapes import Shapes

LIMITS = ("MaxCountConstraintComponent", "UniqueLangConstraintComponent")
DEFAULT_POLICY = ON_CONFLICT[0]


def limited_predicates(shapes: Shapes) -> frozenset[str]:
    """The predicates (IRIs) of property shapes whose path is one predicate and that limit its
    values with ``sh:maxCount`` or ``sh:uniqueLang``: those whose values a build's lineage notes."""
    graph = shapes.graph
    limited = set(graph.subjects(SH.maxCount, None)) | set(graph.subjects(SH.uniqueLang, None))
    return frozenset(str(path) for shape in limited if isinstance(path := graph.value(shape, SH.path), URIRef))


def natural(text: str) -> tuple:
    """A sort key that puts numbers in order inside text.

    >>> sorted(["line 10", "line 9", "/items/2/a"], key=natural)
    ['/items/2/a', 'line 9', 'line 10']
    """
    return tuple((int(piece), "") if piece.isdigit() else (-1, piece) for piece in re.split(r"(\d+)", text))


def find_conflicts(report: ValidationReport, origins: Origins, *, policies: dict[str, str] | None = None,
                   order: Iterable[str] = ()) -> list[Conflict]:
    """The merge conflicts behind the report's ``sh:maxCount`` and ``sh:uniqueLang`` results.

    ``origins`` knows the values of the subjects asked about (:meth:`Origins.values`); ``order``
    is the sources' order in the project file. With ``policies`` (source -> ``on_conflict``), each
    conflict says which one applies, and with ``"first"`` which values are dropped.
    """
    rank_of = {name: i for i, name in enumerate(order)}

    def rank(origin: Origin) -> tuple:
        return rank_of.get(origin.source or "", 0), origin.source_file, natural(origin.record)

    found: list[Conflict] = []
    seen: set[tuple] = set()
    for result in report.results:
        subject = nt(result.focus)
        if (result.constraint not in LIMITS or subject is None or not result.path
                or result.path.startswith(("^", "(", "<"))):
            continue
        key = (result.focus, result.path, result.constraint)
        if key in seen:
            continue
        seen.add(key)
        groups: dict[str | None, list[tuple[str, Origin]]] = defaultdict(list)
        for written, origin in origins.values(subject, f"<{result.path}>"):
            if result.constraint == "MaxCountConstraintComponent":
                groups[None].append((written, origin))
            elif isinstance(value := from_n3(written), Literal) and value.language:
                groups[value.language.lower()].append((written, origin))
        for language, notes in groups.items():
            conflict = _conflict(result, language, notes, rank, policies)
            if conflict is not None:
                found.append(conflict)
    return found


def _conflict(result: ValidationResult, language: str | None, notes: list[tuple[str, Origin]], rank,
              policies: dict[str, str] | None) -> Conflict | None:
    given: dict[tuple, set[str]] = defaultdict(set)  # record -> the values it gave
    by_value: dict[str, list[Origin]] = defaultdict(list)
    for written, origin in notes:
        given[(origin.source, origin.source_file, origin.record)].add(written)
        by_value[written].append(origin)
    if len(by_value) < 2 or len({frozenset(values) for values in given.values()}) < 2:
        return None
    first = min((origin for _written, origin in notes), key=rank)
    kept = given[(first.source, first.source_file, first.record)]
    source = first.source
    policy = "" if policies is None else policies.get(source or "", DEFAULT_POLICY)
    drop = policy == "first" and result.severity == "Violation"
    values = tuple(ConflictValue(from_n3(written), tuple(sorted(dict.fromkeys(found), key=rank)), written,
                                 dropped=drop and written not in kept)
                   for written, found in sorted(by_value.items(), key=lambda kv: min(rank(o) for o in kv[1])))
    return Conflict(result, values, language=language, policy=policy, source=source)
