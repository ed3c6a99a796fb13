"""Reading the links graph back: counts per rule, the links with their reasons, an entity's links.

These read a built store (the current generation), so the command line and the pages show what
the last build linked, and why, without running the rules again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..config import Project
from ..iris import IriScheme
from ..vocab import CG, DCT, FOAF, PROV, RDFS, SKOS
from .graph import links_graph, rule_iri


@dataclass(frozen=True)
class RuleCount:
    name: str
    title: str
    relation: str
    links: int


@dataclass
class StoredLink:
    """One link as the links graph holds it."""

    iri: str
    rule: str
    relation: str
    left: str
    right: str
    left_source: str
    right_source: str
    because: dict[str, str] = field(default_factory=dict)
    matches: list[tuple[str, str, str, str]] = field(default_factory=list)

    def other(self, iri: str) -> str:
        return self.right if iri == self.left else self.left

    def reason(self, language: str = "nl") -> str:
        return self.because.get(language) or next(iter(self.because.values()), "")


def rule_counts(store, project: Project) -> list[RuleCount]:
    """How many links each rule of the project made in the store's current generation."""
    counts = {str(row["rule"]): int(row["n"]) for row in store.query(
        f"SELECT ?rule (COUNT(?link) AS ?n) WHERE {{ GRAPH <{links_graph(project.iris)}> "
        f"{{ ?link a <{CG.Link}> ; <{CG.rule}> ?rule }} }} GROUP BY ?rule").rows()}
    return [RuleCount(rule.name, rule.title, rule.relation_curie, counts.get(rule_iri(project.iris, rule), 0))
            for rule in project.links]


def built_at(store, project: Project) -> str | None:
    """When the links graph was made (None when the store has none)."""
    for row in store.query(f"SELECT ?t WHERE {{ GRAPH <{links_graph(project.iris)}> "
                           f"{{ ?a <{CG.rulesChecksum}> ?c ; <{PROV.endedAtTime}> ?t }} }} LIMIT 1").rows():
        return str(row["t"])
    return None


def stored_links(store, iris: IriScheme, *, rule: str | None = None, entity: str | None = None) -> list[StoredLink]:
    """The links in the store, of one rule or touching one entity, with their reasons and matches."""
    filters = []
    if rule is not None:
        filters.append(f"?rule = <{iris.thing('koppelregel', rule)}>")
    if entity is not None:
        filters.append(f"(?left = <{entity}> || ?right = <{entity}>)")
    where = f"FILTER({' && '.join(filters)})" if filters else ""
    query = (f"SELECT ?link ?rule ?relation ?left ?right ?ls ?rs ?because ?m ?key ?value ?lv ?rv WHERE {{ "
             f"GRAPH <{links_graph(iris)}> {{ ?link a <{CG.Link}> ; <{CG.rule}> ?rule ; <{CG.relation}> ?relation ; "
             f"<{CG.left}> ?left ; <{CG.right}> ?right ; <{CG.leftSource}> ?ls ; <{CG.rightSource}> ?rs . {where} "
             f"OPTIONAL {{ ?link <{RDFS.comment}> ?because }} "
             f"OPTIONAL {{ ?link <{CG.match}> ?m . ?m <{CG.matchedKey}> ?key ; <{CG.matchedValue}> ?value ; "
             f"<{CG.leftValue}> ?lv ; <{CG.rightValue}> ?rv }} }} }}")
    links: dict[str, StoredLink] = {}
    matches: dict[str, dict[str, tuple]] = defaultdict(dict)
    for row in store.query(query).rows():
        key = str(row["link"])
        link = links.get(key)
        if link is None:
            link = links[key] = StoredLink(key, str(row["rule"]).rsplit("/", 1)[-1], str(row["relation"]),
                                           str(row["left"]), str(row["right"]), _source(row["ls"]),
                                           _source(row["rs"]))
        if "because" in row:
            link.because[getattr(row["because"], "language", None) or ""] = str(row["because"])
        if "m" in row:
            matches[key][str(row["m"])] = (str(row["key"]), str(row["value"]), str(row["lv"]), str(row["rv"]))
    for key, link in links.items():
        link.matches = sorted(matches[key].values())
    return sorted(links.values(), key=lambda l: (l.rule, l.left, l.right))


def group_of(store, iris: IriScheme, iri: str) -> tuple[str | None, list[str]]:
    """The canonical entity of the group an entity is linked into, and all the group's members."""
    rows = list(store.query(
        f"SELECT ?canonical ?member WHERE {{ GRAPH <{links_graph(iris)}> {{ <{iri}> <{CG.canonical}> ?canonical . "
        f"?member <{CG.canonical}> ?canonical }} }}").rows())
    if not rows:
        return None, []
    return str(rows[0]["canonical"]), sorted({str(r["member"]) for r in rows})


def _source(graph) -> str:
    return str(graph).rsplit("/graph/", 1)[-1]


LABELS = (SKOS.prefLabel, RDFS.label, FOAF.name, DCT.title)


def labels_of(store, iris: set[str], languages: tuple[str, ...] = ("nl", "en")) -> dict[str, str]:
    """A name for each entity, in the first of the languages it has (any name when none)."""
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in sorted(iris))
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for row in store.query(f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ "
                           f"{' '.join(f'<{p}>' for p in LABELS)} }} ?x ?p ?l FILTER(isLiteral(?l)) }}").rows():
        found[str(row["x"])].setdefault(getattr(row["l"], "language", None) or "", str(row["l"]))
    out = {}
    for iri, texts in found.items():
        out[iri] = next((texts[lang] for lang in languages if lang in texts), None) or sorted(texts.values())[0]
    return out


def report_lines(store, project: Project, *, rule: str | None = None, detailed: bool = False,
                 language: str = "en") -> list[str]:
    """The links report of a built store: per rule, how many links; with ``detailed``, each link and why."""
    if not project.links:
        return ["this project declares no [[links]] rules (docs/linking.md says how)"]
    names = [r.name for r in project.links]
    if rule is not None and rule not in names:
        from ..errors import ConfigError
        raise ConfigError(f"no link rule named '{rule}' (rules: {', '.join(names)})")
    made = built_at(store, project)
    if made is None:
        return ["the store has no links yet: build the project first (cultuurgraaf build)"]
    counts = rule_counts(store, project)
    total = sum(c.links for c in counts if rule is None or c.name == rule)
    lines = [f"{total} links from {len(counts)} rules (linked {made})"]
    width = max(len(c.name) for c in counts)
    for count in counts:
        if rule is not None and count.name != rule:
            continue
        lines.append(f"  {count.name:<{width}}  {count.relation:<15}  {count.links:>5}  {count.title}")
        if detailed:
            for link in stored_links(store, project.iris, rule=count.name):
                lines.append(f"    <{link.left}> ({link.left_source})")
                lines.append(f"      {count.relation} <{link.right}> ({link.right_source})")
                lines.append(f"      {link.reason(language)}")
    return lines
