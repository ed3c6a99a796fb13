"""Identity checks within a source: one identifier on several things is a possible duplicate.

An authority id (Wikidata, VIAF, RKD, ULAN, ISIL, KBO …: the identifier keys of :mod:`.keys`,
with those a project declares) names one thing. When one source gives the same id, as the key
normalises it, to two or more of its things, either the source describes one thing twice (one
person under two records) or some of them carry a wrong id (two people under one id). Two
spellings the key reads as one id (``0207.451.227`` and ``BE 0207451227``, a Wikidata entity IRI
and its ``wiki/`` page) count as the same id.

Each thing of such a group is reported as a **warning** in the validation report, with the id as
the source wrote it and, through the lineage, the row it came from: the records are not wrong
enough to keep out of the store (which of them is right only the source can tell, and
quarantining would drop the right one too), and linking across sources already leaves such ids
out as ambiguous. See docs/validation.md.

>>> from cultuurgraaf.linking.keys import BUILTIN_KEYS
>>> found = SharedId("personen", BUILTIN_KEYS["wikidata"], "Q312560", (
...     Holder("https://x.be/id/persoon/P1", URIRef("http://www.wikidata.org/entity/Q312560")),
...     Holder("https://x.be/id/persoon/P7", URIRef("https://www.wikidata.org/wiki/Q312560"))))
>>> [r.focus for r in duplicate_results([found])]
[rdflib.term.URIRef('https://x.be/id/persoon/P1'), rdflib.term.URIRef('https://x.be/id/persoon/P7')]
>>> print(duplicate_results([found])[0].message("en"))
Possible duplicate: wikidata id Q312560 is on 2 things of source 'personen'. Either the source describes one thing more than once, or some of them have a wrong wikidata id.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from rdflib import URIRef
from rdflib.term import Node

from ..validation.report import ValidationReport, ValidationResult, term_text
from ..vocab import CG, PREFIXES
from .graph import Queryable, key_query
from .keys import KeySpec

CONSTRAINT = "PossibleDuplicate"
#: how many shared ids a summary shows
FIRST = 3


@dataclass(frozen=True)
class Holder:
    """A thing that carries the id, and the id as its source wrote it."""

    iri: str
    value: Node


@dataclass(frozen=True)
class SharedId:
    """One id (as the key normalises it) on several things of one source."""

    source: str
    key: KeySpec
    normal: str
    holders: tuple[Holder, ...]


def shared_ids(db: Queryable, keys: Iterable[KeySpec], *, sources: dict[str, str],
               base: str | None = None) -> list[SharedId]:
    """Every id that two or more things of one source carry, per identifier key.

    ``sources`` maps the graphs to read to the names of their sources; with ``base``, only the
    things under ``{base}/id/`` count (a project's own), else every IRI.
    """
    found: list[SharedId] = []
    if not sources:
        return found
    for key in keys:
        if not key.identifier:
            continue
        groups: dict[tuple[str, str], dict[str, Node]] = defaultdict(dict)
        for row in db.query(key_query(key, sorted(sources), base)).rows():
            normal = key.value(str(row["v"]))
            if normal is not None:
                groups[(sources[str(row["g"])], normal)].setdefault(str(row["e"]), row["v"])
        for (source, normal), holders in sorted(groups.items()):
            if len(holders) > 1:
                found.append(SharedId(source, key, normal, tuple(Holder(*holder) for holder in sorted(holders.items()))))
    return found


def path_of(key: KeySpec) -> str:
    """The key's path as a report writes it: a full IRI for a single prefixed name."""
    match = re.fullmatch(r"(\w+):([\w.-]+)", key.path)
    if match and match.group(1) in PREFIXES:
        return PREFIXES[match.group(1)] + match.group(2)
    return key.path


def duplicate_results(found: Iterable[SharedId]) -> list[ValidationResult]:
    """One warning per thing that shares an id, grouped in the report by the id they share."""
    results = []
    for shared in found:
        key, n = shared.key, len(shared.holders)
        title = key.title or key.name
        messages = {
            "nl": f"Mogelijk dubbel: {title} {shared.normal} staat bij {n} dingen van bron '{shared.source}'. "
                  "Ofwel beschrijft de bron één ding meer dan eens, ofwel is de id bij een ervan fout.",
            "en": f"Possible duplicate: {key.name} id {shared.normal} is on {n} things of source '{shared.source}'. "
                  f"Either the source describes one thing more than once, or some of them have a wrong {key.name} id.",
        }
        names = {"nl": f"mogelijk dubbel ({title})", "en": f"possible duplicate ({key.name} id)"}
        for holder in shared.holders:
            results.append(ValidationResult(
                focus=URIRef(holder.iri), path=path_of(key), value=holder.value, constraint=CONSTRAINT,
                severity="Warning", messages=messages, shape=URIRef(f"{CG.iri}{CONSTRAINT}.{key.name}"),
                shape_name=names))
    return results


def duplicates_report(found: list[SharedId]) -> ValidationReport:
    """The possible duplicates as a report of their own, to add to a validation report: a warning
    for every thing that shares an id, and a note that counts the shared ids per source."""
    if not found:
        return ValidationReport(results=[])
    per_source = Counter(shared.source for shared in found)
    note = f"{len(found)} ids are each on several things of one source (possible duplicates): " + ", ".join(
        f"{source} {n}" for source, n in sorted(per_source.items()))
    return ValidationReport(results=duplicate_results(found), notes=[note])


def find_duplicates(db: Queryable, *, keys: Iterable[KeySpec], sources: dict[str, str],
                    base: str | None = None) -> ValidationReport:
    """:func:`shared_ids` as a report (:func:`duplicates_report`)."""
    return duplicates_report(shared_ids(db, keys, sources=sources, base=base))


def summary(report: ValidationReport, *, first: int = FIRST) -> list[str]:
    """Lines for a build's summary: how many ids are shared, and the first few with their rows."""
    groups = [results for _key, results in report.groups() if results[0].constraint == CONSTRAINT]
    if not groups:
        return []
    lines = [f"possible duplicates: {len(groups)} ids are each on several things of one source "
             "(warnings in the validation report)"]
    for results in groups[:first]:
        holders = ", ".join(f"{r.focus}" + (f" ({r.origin.source_file} {r.origin.record})" if r.origin else "")
                            for r in results)
        lines.append(f"  {results[0].shape_name.get('en', '')} {term_text(results[0].value)}: {holders}")
    if len(groups) > first:
        lines.append(f"  … and {len(groups) - first} more")
    return lines
