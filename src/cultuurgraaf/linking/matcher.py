"""Finding the pairs of entities a rule links, from the key values read from each source.

Pure Python: the key values come in, links come out, so the matching can be read and tested
without a store. Two entities are linked when they come from different sources, are of the same
kind, share a value for every exact key and, for every prefix key, one's value begins the
other's (at least ``MIN_PREFIX`` characters). An entity that would be linked to more than one
entity of the same other source by one rule is ambiguous: none of those links is made, and the
report counts them, so that a weak rule never joins two distinct things through a third.

>>> from cultuurgraaf.linking.keys import BUILTIN_KEYS
>>> from cultuurgraaf.linking.rules import LinkRule, RELATIONS
>>> rule = LinkRule("venue", (BUILTIN_KEYS["postcode"], BUILTIN_KEYS["naam"]), RELATIONS["skos:exactMatch"],
...                 "venue", prefix=("naam",))
>>> uit = Entity("https://x.be/id/locatie/uit-1", "uit", "locatie")
>>> kp = Entity("https://x.be/id/locatie/kp-7", "kp", "locatie")
>>> marni = Entity("https://x.be/id/locatie/kp-8", "kp", "locatie")
>>> values = {"postcode": {uit: [("1050", "1050")], kp: [("1050", "1050")], marni: [("1050", "1050")]},
...           "naam": {uit: [("Flagey", "flagey")], kp: [("Flageygebouw", "flageygebouw")],
...                    marni: [("Théâtre Marni", "theatre marni")]}}
>>> result = match(rule, values, priority={"kp": 0, "uit": 1})
>>> [(l.left.iri[-4:], l.right.iri[-5:]) for l in result.links]
[('kp-7', 'uit-1')]
>>> [(m.key, m.value, m.left, m.right) for m in result.links[0].matches]
[('postcode', '1050', '1050', '1050'), ('naam', 'flagey', 'Flageygebouw', 'Flagey')]
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from .rules import MIN_PREFIX, LinkRule

#: For one key: entity -> its values as (as written, normalised).
KeyValues = dict["Entity", list[tuple[str, str]]]


@dataclass(frozen=True, order=True)
class Entity:
    iri: str
    source: str
    kind: str


@dataclass(frozen=True)
class KeyMatch:
    """One key two entities share: its normal form, and the values as each source wrote them."""

    key: str
    value: str
    left: str
    right: str


@dataclass(frozen=True)
class Link:
    rule: LinkRule
    left: Entity
    right: Entity
    matches: tuple[KeyMatch, ...]


@dataclass
class MatchResult:
    links: list[Link] = field(default_factory=list)
    #: entities with every key of the rule, per source
    candidates: dict[str, int] = field(default_factory=dict)
    #: pairs left out because one side matched several entities of the other source
    ambiguous: list[tuple[Entity, Entity]] = field(default_factory=list)


def match(rule: LinkRule, values: dict[str, KeyValues], *, priority: dict[str, int]) -> MatchResult:
    """The links a rule makes between the entities whose key values are given."""
    result = MatchResult()
    names = [k.name for k in rule.keys]
    entities = set.intersection(*(set(values.get(name, {})) for name in names)) if names else set()
    if rule.kinds:
        entities = {e for e in entities if e.kind in rule.kinds}
    for entity in entities:
        result.candidates[entity.source] = result.candidates.get(entity.source, 0) + 1
    blocks: dict[tuple, list[Entity]] = defaultdict(list)
    for entity in entities:
        normals = [sorted({norm for _, norm in values[k.name][entity]}) for k in rule.exact_keys]
        for combo in itertools.product(*normals):
            blocks[(entity.kind, combo)].append(entity)
    found: dict[tuple[Entity, Entity], Link] = {}
    for (_, combo), members in blocks.items():
        if len({m.source for m in members}) < 2:
            continue
        for a, b in itertools.combinations(sorted(set(members)), 2):
            if a.source == b.source or a.iri == b.iri:
                continue
            left, right = sorted((a, b), key=lambda e: (priority.get(e.source, len(priority)), e.iri))
            if (left, right) in found:
                continue
            prefix_matches = _prefix_matches(rule, values, left, right)
            if prefix_matches is None:
                continue
            exact = tuple(KeyMatch(k.name, value, _written(values[k.name][left], value),
                                   _written(values[k.name][right], value))
                          for k, value in zip(rule.exact_keys, combo))
            found[(left, right)] = Link(rule, left, right, exact + prefix_matches)
    result.links, result.ambiguous = _unambiguous(list(found.values()))
    result.links.sort(key=lambda link: (link.left.iri, link.right.iri))
    return result


def _prefix_matches(rule: LinkRule, values, left: Entity, right: Entity) -> tuple[KeyMatch, ...] | None:
    out = []
    for key in rule.prefix_keys:
        hit = next(((lw, ln, rw, rn) for lw, ln in values[key.name][left] for rw, rn in values[key.name][right]
                    if min(len(ln), len(rn)) >= MIN_PREFIX and (ln.startswith(rn) or rn.startswith(ln))), None)
        if hit is None:
            return None
        lw, ln, rw, rn = hit
        out.append(KeyMatch(key.name, min(ln, rn, key=len), lw, rw))
    return tuple(out)


def _written(pairs: list[tuple[str, str]], normal: str) -> str:
    return next((raw for raw, norm in pairs if norm == normal), normal)


def _unambiguous(links: list[Link]) -> tuple[list[Link], list[tuple[Entity, Entity]]]:
    """Links minus those where one entity matched several entities of the same other source."""
    partners: dict[tuple[Entity, str], set[Entity]] = defaultdict(set)
    for link in links:
        partners[(link.left, link.right.source)].add(link.right)
        partners[(link.right, link.left.source)].add(link.left)
    kept, dropped = [], []
    for link in links:
        if len(partners[(link.left, link.right.source)]) > 1 or len(partners[(link.right, link.left.source)]) > 1:
            dropped.append((link.left, link.right))
        else:
            kept.append(link)
    return kept, dropped
