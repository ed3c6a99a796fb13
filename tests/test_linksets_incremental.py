"""The links between sources are counted again only for the pairs a change touched; the others are kept
from the generation before, and the result is what counting them all gives."""

from __future__ import annotations

import shutil

from support.demo_things import BASE, iri_safe, maker_with_objects

from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import load_file
from cultuurgraaf.store import open_store
from cultuurgraaf.store.statistics import GraphStatistics, linksets


def counted_anew(store) -> list[dict]:
    manifest = store.manifest(store.current_generation())
    owners = {graph: name for name, info in manifest.graphs.items() for graph in info.all_graphs}
    sizes = {name: GraphStatistics.from_json(info.stats) for name, info in manifest.graphs.items()}
    return [linkset.to_json() for linkset in linksets(store, owners, sizes)]


def test_a_load_keeps_the_links_between_other_sources_and_counts_its_own(demo_project, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(demo_project.store_path, copy, ignore=shutil.ignore_patterns("LOCK"))
    project = load_project(demo_project.root, store=str(copy))
    store = open_store(copy)
    before = store.manifest(store.current_generation()).linksets
    assert len({(link["source"], link["target"]) for link in before}) >= 2
    person, _ = maker_with_objects()
    data = tmp_path / "made.ttl"
    data.write_text(f"<{BASE}/id/erfgoedobject/EXTRA-9> a <http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object> ; "
                    f"<http://www.cidoc-crm.org/cidoc-crm/P62_depicts> <{BASE}/id/persoon/{iri_safe(person['id'])}> .\n",
                    encoding="utf-8")
    load_file(project, data, graph=f"{BASE}/graph/extra")
    after = store.manifest(store.current_generation()).linksets
    assert after == counted_anew(store)
    assert {"source": f"load:{BASE}/graph/extra", "target": "personen",
            "predicate": "http://www.cidoc-crm.org/cidoc-crm/P62_depicts", "triples": 1} in after
    assert [link for link in after if not link["source"].startswith("load:") and not link["target"].startswith("load:")] \
        == [link for link in before if not link["source"].startswith("load:") and not link["target"].startswith("load:")]
