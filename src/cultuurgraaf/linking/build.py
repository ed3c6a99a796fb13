"""The linking step of a build: run the rules over the generation being written, write the links graph.

The links graph is rewritten in every new store generation, because links depend on all sources
at once; a build whose sources are unchanged still makes a new generation when the rules changed
(:func:`links_stale`).
"""

from __future__ import annotations

from ..config import Project
from ..vocab import CG
from .graph import LinkReport, find_links, link_quads, links_graph, rules_checksum


def link_generation(tx, project: Project, *, built_at: str) -> LinkReport:
    """Link the sources of the generation a transaction is writing; writes ``{base}/graph/links``.

    A project without ``[[links]]`` rules gets no links graph.
    """
    if not project.links:
        return LinkReport()
    tx.keep_others()
    sources = {info.iri: name for name, info in tx.manifest.graphs.items()}
    report, identifiers = find_links(tx, project, sources=sources)
    tx.write_graph(links_graph(project.iris), link_quads(project, report, identifiers, sources=sources,
                                                        built_at=built_at))
    return report


def links_stale(store, project: Project) -> bool:
    """Whether the store's links graph was made by other rules than the project's (or is missing)."""
    if store.current_generation() == 0:
        return False
    checksum = rules_checksum(project).replace('"', "")
    made = store.query(f'ASK {{ GRAPH <{links_graph(project.iris)}> {{ ?a <{CG.rulesChecksum}> "{checksum}" }} }}').boolean
    if project.links:
        return not made
    return bool(store.query(f"ASK {{ GRAPH <{links_graph(project.iris)}> {{ ?s ?p ?o }} }}").boolean)
