"""The candidates of one reconciliation query: found by authority id or by name, scored, decided.

1. **By authority id.** Each property of the query named after an identifier key (``viaf``,
   ``wikidata``, ``kbo``, ...) is normalised as the key does and looked up in the source graphs; the
   candidates are the things that carry every id given (of the query's types).
2. **By name**, when the query gives no authority id, or none that a thing carries: the search index's
   hits for the name (names weigh most), of the query's types; when no thing has every word of it,
   those with one of its longer words.
3. Records that the links graph joins count as one thing: the canonical record of their group, with
   the names and values of all its records.
4. Every other property is compared, normalised as its key does, with the values the candidate carries.
5. Scores and the match decision: :mod:`.scoring`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ReconcileError
from ..labels import DEFAULT_LANGUAGES
from ..linking.lookup import canonical_of, carriers, key_value, key_values, members_of, source_graphs
from .requests import Query
from .scoring import Scored, decide, name_score

if TYPE_CHECKING:
    from .service import ReconciliationService

#: hits of the search index read per query and type, before scoring (more than a query's limit:
#: the index ranks by words, the score by the whole name)
SEARCHED = 30
#: words of a name this long or longer find candidates when not every word of the name does
LONGER = 4


def candidates(service: "ReconciliationService", query: Query,
               languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> list[dict]:
    """The candidates of one query, best first, as the API writes them."""
    kinds = service.kinds_of(query.key, query.types)
    store, iris = service.store, service.project.iris
    sources = source_graphs(store)
    identifiers, others = _properties(service, query)
    carrying = None
    for key, normals in identifiers:
        found = {e for normal in normals for e in carriers(store, key, normal, sources=sources, iris=iris)}
        carrying = found if carrying is None else carrying & found
    by_identifier = bool(carrying)
    names: dict[str, list[str]] = {}
    if by_identifier:
        found = sorted(carrying)
    else:
        found = []
        for hit in _by_name(service, query.text, kinds if query.types else (None,), languages):
            if hit.kind in kinds:
                found.append(hit.iri)
                names.setdefault(hit.iri, []).append(hit.label)

    canonical = canonical_of(store, iris, found)
    groups = sorted({c for c in canonical.values() if (iris.parse_thing(c) or ("",))[0] in kinds})
    members = members_of(store, iris, groups)
    every = sorted({m for ms in members.values() for m in ms})
    things = service.search.things(sorted({*every, *groups}), languages=languages)
    for iri, hit in things.items():
        names.setdefault(iri, []).append(hit.label)

    values = {key.name: key_values(store, key, every, sources=sources, iris=iris)
              for key, _ in [*identifiers, *others]}
    scored = []
    for group in groups:
        hit = things.get(group)
        own = hit.label if hit else service.entity_id(group)
        candidate = Scored(group, own, by_identifier=by_identifier)
        if query.text.strip():
            candidate.name_score = max(name_score(query.text, n) for m in members[group] for n in names.get(m, [own]))
            candidate.features["name"] = candidate.name_score
        for key, normals in ([] if by_identifier else identifiers) + others:
            carried = {n for m in members[group] for _, n in values[key.name].get(m, [])}
            candidate.features[key.name] = bool(carried & normals)
            if carried and not carried & normals:
                candidate.disagreements += 1
        scored.append(candidate)
    scored.sort(key=lambda c: (-c.score, c.name.casefold(), c.iri))
    scored = scored[:query.limit]
    matches = decide(scored, identifiers_asked=bool(identifiers))
    return [_result(service, c, match, things.get(c.iri), languages) for c, match in zip(scored, matches)]


def _properties(service: "ReconciliationService", query: Query) -> tuple[list, list]:
    """The query's properties as (key, normal forms of the values), identifier keys apart."""
    identifiers, others = [], []
    for prop in query.properties:
        if not prop.values:
            continue
        key = service.key(query.key, prop.pid)
        normals = set()
        for value in prop.values:
            normal = key_value(key, value)
            if normal is None:
                raise ReconcileError(f"query {query.key!r}: {value!r} is not a {key.title or key.name}",
                                     hint=f"property {prop.pid!r} takes a value such as the graph's own (docs/linking.md)")
            normals.add(normal)
        (identifiers if key.identifier else others).append((key, normals))
    return identifiers, others


def _by_name(service: "ReconciliationService", text: str, kinds, languages) -> list:
    """The search index's hits for a name: those with every word of it, else (a name written otherwise,
    ``Henri van de Velde``) those with one of its longer words."""
    hits = []
    for kind in kinds:
        hits += service.search.search(text, kind=kind, per_page=SEARCHED, languages=languages).hits
    longer = " ".join(word for word in text.split() if len(word) >= LONGER)
    if hits or not longer:
        return hits
    for kind in kinds:
        hits += service.search.search(longer, kind=kind, per_page=SEARCHED, languages=languages, any_word=True).hits
    return hits


def _result(service, candidate: Scored, match: bool, hit, languages) -> dict:
    kind = service.project.iris.parse_thing(candidate.iri)[0]
    result = {"id": service.entity_id(candidate.iri), "name": candidate.name, "score": candidate.score,
              "match": match, "type": [{"id": kind, "name": service.labels.kind_label(kind, languages)}],
              "features": [{"id": name, "value": value} for name, value in candidate.features.items()]}
    if hit is not None and hit.excerpt:
        result["description"] = hit.excerpt
    return result
