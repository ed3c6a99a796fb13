"""Running the project's linking rules over the source graphs, and writing the links graph.

After the sources are loaded, every rule's keys are read from every source graph with one
SPARQL query per key, matched (:mod:`.matcher`), and written to ``{base}/graph/links``:

* the relation itself, both ways: ``<a> owl:sameAs <b>`` and ``<b> owl:sameAs <a>``;
* one ``cg:Link`` node per pair that says why: the rule, each matched key with its normal value
  and the values as both sources wrote them, both sources, and the build that made it;
* ``cg:canonical`` for every linked entity: the one entity that stands for the group, the one
  from the source listed first in the project file (the smallest IRI among equals);
* ``cg:key "kbo=0207451227"`` for every entity with an identifier key, which the resolver
  (``/id?kbo=…``) looks up.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol

from ..config import Project
from ..iris import IriScheme
from ..mapping import terms
from ..vocab import CG, PREFIXES, PROV, RDF, RDFS, XSD
from .keys import KeySpec
from .matcher import Entity, KeyValues, Link, match
from .rules import LinkRule

LINK_KINDS = ("koppeling", "koppelregel")


class Queryable(Protocol):
    def query(self, text: str): ...


def links_graph(iris: IriScheme) -> str:
    return iris.graph("links")


def rule_iri(iris: IriScheme, rule: LinkRule) -> str:
    return iris.thing("koppelregel", rule.name)


def rules_checksum(project: Project) -> str:
    """What the links depend on besides the data: the rules, their keys and the sources' order."""
    text = json.dumps([[r.name, r.relation, r.kinds, r.prefix, r.title,
                        [[k.name, k.path, k.normalise, k.agency, k.namespaces] for k in r.keys]]
                       for r in project.links] + [s.name for s in project.sources], default=list)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class RuleReport:
    rule: LinkRule
    links: int
    candidates: dict[str, int]
    ambiguous: int

    def line(self) -> str:
        seen = ", ".join(f"{source} {n}" for source, n in sorted(self.candidates.items())) or "none"
        extra = f"; {self.ambiguous} ambiguous pairs left out" if self.ambiguous else ""
        return f"{self.rule.name} ({self.rule.relation_curie}): {self.links} links; entities with the keys: {seen}{extra}"


@dataclass
class LinkReport:
    rules: list[RuleReport] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    canonical: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [f"links: {len(self.links)} from {len(self.rules)} rules"] + ["  " + r.line() for r in self.rules]


def key_query(key: KeySpec, graphs: list[str], base: str | None, *, entities: list[str] | None = None,
              objects: list[str] | None = None) -> str:
    """The query that reads one key from the entities of the given graphs: the things under
    ``{base}/id/``, or every IRI when ``base`` is None; with ``entities``, from those only; with
    ``objects``, only where the path leads to one of those IRIs (a key read from IRIs).

    >>> from cultuurgraaf.linking.keys import BUILTIN_KEYS
    >>> print(key_query(BUILTIN_KEYS["kbo"], ["https://x.be/graph/a"], "https://x.be").split("WHERE")[1])
     { VALUES ?g { <https://x.be/graph/a> } GRAPH ?g { VALUES ?agency { "KBO" "kbo" "Kbo" } \
?e adms:identifier ?id . ?id adms:schemaAgency ?agency ; skos:notation ?v } FILTER(STRSTARTS(STR(?e), "https://x.be/id/")) }
    """
    prefixes = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    if key.agency:
        spellings = " ".join(_string(a) for a in dict.fromkeys(
            (key.agency, key.agency.lower(), key.agency.upper(), key.agency.title())))
        pattern = (f"VALUES ?agency {{ {spellings} }} ?e {key.path} ?id . ?id adms:schemaAgency ?agency ; "
                   "skos:notation ?v")
    else:
        pattern = f"?e {key.path} ?v"
    values = " ".join(f"<{g}>" for g in graphs)
    if entities is not None:
        pattern = f"VALUES ?e {{ {' '.join(f'<{e}>' for e in entities)} }} {pattern}"
    if objects is not None:
        pattern = f"VALUES ?v {{ {' '.join(f'<{o}>' for o in objects)} }} {pattern}"
    things = f"STRSTARTS(STR(?e), {_string(base + '/id/')})" if base is not None else "isIRI(?e)"
    return f"{prefixes}SELECT DISTINCT ?g ?e ?v WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ {pattern} }} FILTER({things}) }}"


def read_key(db: Queryable, key: KeySpec, *, sources: dict[str, str], iris: IriScheme,
             entities: list[str] | None = None, objects: list[str] | None = None) -> KeyValues:
    """Every entity of the source graphs with a value for the key: (as written, normalised) pairs; only
    of some entities, or only the values that are some IRIs (see :func:`key_query`)."""
    out: KeyValues = defaultdict(list)
    if not sources or entities == [] or objects == []:
        return out
    for row in db.query(key_query(key, sorted(sources), iris.base, entities=entities, objects=objects)).rows():
        parsed = iris.parse_thing(str(row["e"]))
        if parsed is None or parsed[0] in LINK_KINDS:
            continue
        raw = str(row["v"])
        normal = key.value(raw)
        if normal is None:
            continue
        entity = Entity(str(row["e"]), sources[str(row["g"])], parsed[0])
        if (raw, normal) not in out[entity]:
            out[entity].append((raw, normal))
    return out


def find_links(db: Queryable, project: Project, *, sources: dict[str, str]) -> tuple[LinkReport, dict[str, KeyValues]]:
    """Run every rule of the project over the source graphs (``graph IRI -> source name``)."""
    priority = {s.name: i for i, s in enumerate(project.sources)}
    cache: dict[str, KeyValues] = {}

    def values(key: KeySpec) -> KeyValues:
        if key.name not in cache:
            cache[key.name] = read_key(db, key, sources=sources, iris=project.iris)
        return cache[key.name]

    report = LinkReport()
    for rule in project.links:
        result = match(rule, {k.name: values(k) for k in rule.keys}, priority=priority)
        report.rules.append(RuleReport(rule, len(result.links), result.candidates, len(result.ambiguous)))
        report.links.extend(result.links)
    for key in project.keys.values():
        if key.identifier:
            values(key)
    report.canonical = canonical_entities(report.links, priority)
    return report, {name: cache[name] for name, key in project.keys.items() if key.identifier and name in cache}


def canonical_entities(links: list[Link], priority: dict[str, int]) -> dict[str, str]:
    """For every linked entity, the entity that stands for its group (links taken as undirected).

    >>> a, b, c = (Entity(f"https://x.be/id/organisatie/{n}", s, "organisatie") for n, s in
    ...            (("kp-1", "kp"), ("uit-1", "uit"), ("lido-1", "lido")))
    >>> canon = canonical_entities([Link(None, a, b, ()), Link(None, c, b, ())], {"lido": 0, "kp": 1, "uit": 2})
    >>> sorted(set(canon.values()))
    ['https://x.be/id/organisatie/lido-1']
    """
    parent: dict[str, str] = {}
    rank: dict[str, tuple] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        for entity in (link.left, link.right):
            parent.setdefault(entity.iri, entity.iri)
            place = (priority.get(entity.source, len(priority)), entity.iri)
            rank[entity.iri] = min(rank.get(entity.iri, place), place)
        a, b = find(link.left.iri), find(link.right.iri)
        if a != b:
            parent[max(a, b, key=lambda x: rank[x])] = min(a, b, key=lambda x: rank[x])
    return {iri: find(iri) for iri in parent}


def link_quads(project: Project, report: LinkReport, identifiers: dict[str, KeyValues], *,
               sources: dict[str, str], built_at: str) -> bytes:
    """N-Quads of the links graph."""
    iris = project.iris
    graph = terms.iri(links_graph(iris))
    graph_of = {name: g for g, name in sources.items()}
    lines: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        lines.append(f"{s} <{p}> {o} {graph} .\n")

    activity = terms.iri(iris.thing("bouw", "koppelingen-" + built_at.replace(":", "")))
    add(activity, RDF.type, terms.iri(PROV.Activity))
    add(activity, RDFS.label, terms.literal("koppelen van de bronnen", language="nl"))
    add(activity, PROV.endedAtTime, terms.literal(built_at, datatype=XSD.dateTime))
    add(activity, CG.rulesChecksum, terms.literal(rules_checksum(project)))
    for rule in project.links:
        node = terms.iri(rule_iri(iris, rule))
        add(activity, PROV.used, node)
        add(node, RDF.type, terms.iri(CG.LinkRule))
        add(node, RDFS.label, terms.literal(rule.title, language="nl"))
        add(node, RDFS.comment, terms.literal(rule.describe(), language="en"))
        add(node, CG.relation, terms.iri(rule.relation))
        for key in rule.keys:
            add(node, CG.matchedKey, terms.literal(key.name))
    for link in report.links:
        left, right, relation = terms.iri(link.left.iri), terms.iri(link.right.iri), link.rule.relation
        add(left, relation, right)
        add(right, relation, left)
        node = terms.iri(link_iri(iris, link))
        add(node, RDF.type, terms.iri(CG.Link))
        add(node, CG.rule, terms.iri(rule_iri(iris, link.rule)))
        add(node, CG.relation, terms.iri(relation))
        add(node, CG.left, left)
        add(node, CG.right, right)
        add(node, CG.leftSource, terms.iri(graph_of[link.left.source]))
        add(node, CG.rightSource, terms.iri(graph_of[link.right.source]))
        add(node, PROV.wasGeneratedBy, activity)
        add(node, RDFS.comment, terms.literal(because(link, language="nl"), language="nl"))
        add(node, RDFS.comment, terms.literal(because(link, language="en"), language="en"))
        for index, m in enumerate(link.matches):
            blank = terms.blank(f"{link_iri(iris, link).rsplit('/', 1)[-1]}-{index}")
            add(node, CG.match, blank)
            add(blank, RDF.type, terms.iri(CG.KeyMatch))
            add(blank, CG.matchedKey, terms.literal(m.key))
            add(blank, CG.matchedValue, terms.literal(m.value))
            add(blank, CG.leftValue, terms.literal(m.left))
            add(blank, CG.rightValue, terms.literal(m.right))
    for entity, canonical in sorted(report.canonical.items()):
        add(terms.iri(entity), CG.canonical, terms.iri(canonical))
    for name, values in sorted(identifiers.items()):
        for entity, pairs in values.items():
            for normal in sorted({n for _, n in pairs}):
                add(terms.iri(entity.iri), CG.key, terms.literal(f"{name}={normal}"))
    return "".join(dict.fromkeys(lines)).encode("utf-8")


def link_iri(iris: IriScheme, link: Link) -> str:
    digest = hashlib.sha1(f"{link.left.iri} {link.right.iri}".encode()).hexdigest()[:12]
    return iris.thing("koppeling", f"{link.rule.name}-{digest}")


_WORDS = {
    "nl": ("gekoppeld volgens regel", "omdat", "en", "gelijk", "begint met"),
    "en": ("linked by rule", "because", "and", "equal", "begins with"),
}


def because(link: Link, *, language: str = "en") -> str:
    """Why two entities are linked, in words.

    >>> from cultuurgraaf.linking.matcher import KeyMatch
    >>> from cultuurgraaf.linking.rules import LinkRule, RELATIONS
    >>> rule = LinkRule("naam-en-postcode", (), RELATIONS["skos:exactMatch"], "zelfde naam en postcode",
    ...                 prefix=("naam",))
    >>> left = Entity("https://x.be/id/locatie/kp-1", "kunstenpunt", "locatie")
    >>> right = Entity("https://x.be/id/locatie/uit-1", "uitdatabank", "locatie")
    >>> link = Link(rule, left, right, (KeyMatch("postcode", "1050", "1050", "1050"),
    ...                                 KeyMatch("naam", "flagey", "Flageygebouw", "Flagey")))
    >>> because(link)
    "linked by rule 'naam-en-postcode' because postcode 1050 (kunstenpunt) = 1050 (uitdatabank) and \
naam 'Flageygebouw' (kunstenpunt) begins with 'Flagey' (uitdatabank)"
    """
    by_rule, why, conj, _, begins = _WORDS.get(language, _WORDS["en"])
    parts = []
    for m in link.matches:
        if m.key in link.rule.prefix:
            longer, shorter = (m.left, m.right) if len(m.left) >= len(m.right) else (m.right, m.left)
            first, second = (link.left.source, link.right.source) if longer == m.left else (
                link.right.source, link.left.source)
            parts.append(f"{m.key} {longer!r} ({first}) {begins} {shorter!r} ({second})")
        else:
            parts.append(f"{m.key} {_quote(m.left)} ({link.left.source}) = {_quote(m.right)} ({link.right.source})")
    return f"{by_rule} '{link.rule.name}' {why} " + f" {conj} ".join(parts)


def _quote(value: str) -> str:
    return value if re.fullmatch(r"[\w.:/-]+", value) else repr(value)


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
