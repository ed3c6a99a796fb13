"""What an entity page shows of the records linked to it: their facts, their source, and why.

A thing described by several sources is linked into one group (``cg:canonical`` in the links
graph). The page of any member shows the other members, each with the facts its own source
gives, the source, whether it is the group's canonical entity, and the reasons of the links that
join it to the group ("gekoppeld omdat …").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from ..catalogue import Source
from ..iris import IriScheme
from ..linking.report import group_of, stored_links
from ..vocab import OWL, SKOS

if TYPE_CHECKING:
    from .describer import Entity

RELATION_WORDS = {
    OWL.sameAs: {"nl": "is hetzelfde als", "en": "is the same as"},
    SKOS.exactMatch: {"nl": "komt overeen met", "en": "matches"},
    SKOS.closeMatch: {"nl": "lijkt op", "en": "is close to"},
}


@dataclass
class LinkedRecord:
    """Another source's record of the same thing."""

    entity: "Entity"
    href: str | None
    source_title: str
    canonical: bool
    reasons: list[str] = field(default_factory=list)
    relation: str = ""


def linked_records(store, iris: IriScheme, iri: str, *, describe: Callable[[str], "Entity"],
                   sources: dict[str, Source], languages: tuple[str, ...]) -> list[LinkedRecord]:
    """The other members of the entity's group of linked records (none when it is linked to nothing),
    each described by ``describe`` (without its own linked records); ``sources`` by graph IRI."""
    canonical, members = group_of(store, iris, iri)
    if canonical is None:
        return []
    language = next((lang for lang in languages if lang in ("nl", "en")), "nl")
    links = [link for member in members for link in stored_links(store, iris, entity=member)]
    records = []
    for member in members:
        if member == iri:
            continue
        touching = {link.iri: link for link in links if member in (link.left, link.right)}.values()
        entity = describe(member)
        graph = next((iris.graph(link.left_source if link.left == member else link.right_source)
                      for link in touching), None)
        source = sources.get(graph) if graph else None
        direct = next((link for link in touching if iri in (link.left, link.right)), None)
        relation = RELATION_WORDS.get((direct or next(iter(touching))).relation, {}).get(language, "") if touching else ""
        records.append(LinkedRecord(entity=entity, href=iris.href(member),
                                    source_title=source.title if source else (graph or ""),
                                    canonical=member == canonical,
                                    reasons=[link.reason(language) for link in touching], relation=relation))
    return sorted(records, key=lambda r: (not r.canonical, r.entity.iri))
