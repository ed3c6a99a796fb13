"""The store on Virtuoso, loaded through the server's own bulk loader instead of Graph Store requests:
the same graphs, and a refused file or folder is a clear error that switches nothing."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from cultuurgraaf.config import load_project
from cultuurgraaf.errors import ConfigError, StoreError
from cultuurgraaf.pipeline import build
from cultuurgraaf.store import open_project_store
from cultuurgraaf.store.virtuoso_bulk import VirtuosoBulkLoader
from support.projects import demo_copy

pytestmark = pytest.mark.virtuoso


def demo_on(virtuoso, tmp_path, name: str, *, bulk: str = ""):
    """The demo's sources under a base IRI of their own on the server; ``bulk``: more [store] lines."""
    folder = demo_copy(tmp_path / name)
    base = f"https://t{uuid.uuid4().hex[:10]}.cultuurgraaf.test"
    text = (folder / "cultuurgraaf.toml").read_text().replace('store = "store"', f'store = "sparql+{virtuoso.sparql_url}"')
    (folder / "cultuurgraaf.toml").write_text(text.replace("https://data.cultuurgraaf.be", base)
                                              + virtuoso.store_settings() + bulk, encoding="utf-8")
    return load_project(folder)


def bulk_settings(virtuoso, *, folder: str | None = None) -> str:
    if not virtuoso.bulk_folder:
        pytest.fail("the Virtuoso the tests use did not say where its bulk loader reads (.ci/virtuoso.sh env)")
    return (f'bulk_loader = "virtuoso"\nbulk_folder = "{folder or virtuoso.bulk_folder}"\n'
            f'isql = "{virtuoso.isql}"\nisql_user = "dba"\nisql_password = "{virtuoso.dba_password}"\n')


def contents(project) -> dict[str, Graph]:
    """Each source graph, with the project's base IRI taken out so that two projects compare."""
    store = open_project_store(project)
    found = {}
    for name, info in store.manifest().graphs.items():
        graph = Graph()
        for row in store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{info.iri}> {{ ?s ?p ?o }} }}").rows():
            graph.add(tuple(URIRef(str(row[v]).replace(project.base_iri, "https://base.test"))
                            if isinstance(row[v], URIRef) else row[v] for v in "spo"))
        found[name] = graph
    return found


def test_a_build_through_the_bulk_loader_holds_what_a_build_through_graph_store_requests_holds(virtuoso, tmp_path):
    requests = demo_on(virtuoso, tmp_path, "requests")
    bulk = demo_on(virtuoso, tmp_path, "bulk", bulk=bulk_settings(virtuoso))
    assert open_project_store(bulk).bulk is not None
    assert not build(requests).failed
    result = build(bulk)
    assert not result.failed, [str(o.error) for o in result.failed]
    expected, got = contents(requests), contents(bulk)
    assert got.keys() == expected.keys() == {"organisaties", "personen", "objecten", "activiteiten"}
    assert all(isomorphic(got[name], expected[name]) for name in expected)
    assert {n: i.triples for n, i in open_project_store(bulk).manifest().graphs.items()} == \
        {n: i.triples for n, i in open_project_store(requests).manifest().graphs.items()}
    assert not list(Path(virtuoso.bulk_folder).glob("cultuurgraaf-*")), "a bulk file was left behind"


def test_a_bulk_folder_that_cannot_be_written_is_a_clear_error_and_the_old_graphs_stay(virtuoso, tmp_path):
    project = demo_on(virtuoso, tmp_path, "refused", bulk=bulk_settings(virtuoso))
    assert not build(project, only=["personen"]).failed
    before = contents(project)
    missing = tmp_path / "no-such-folder"
    settings = project.root / "cultuurgraaf.toml"
    settings.write_text(settings.read_text().replace(virtuoso.bulk_folder, str(missing)), encoding="utf-8")
    with pytest.raises(StoreError, match="for the bulk loader: No such file or directory"):
        build(load_project(project.root), only=["personen"], force=True)
    after = contents(project)
    assert after.keys() == before.keys() and all(isomorphic(after[n], before[n]) for n in before)


def test_the_servers_refusals_are_passed_on_in_its_own_words(virtuoso):
    loader = VirtuosoBulkLoader(virtuoso.isql, "dba", virtuoso.dba_password, Path(virtuoso.bulk_folder))
    broken = Path(virtuoso.bulk_folder) / f"kapot-{uuid.uuid4().hex[:6]}.nq"
    broken.write_text('<https://ex.org/a> <https://ex.org/p> "niet afgesloten <urn:g> .\n', encoding="utf-8")
    try:
        with pytest.raises(StoreError, match=f"bulk loader refused {broken.name}: .*Unterminated .*string"):
            loader.load([(broken, "urn:cultuurgraaf:bulk-load")])
    finally:
        broken.unlink()
    with pytest.raises(StoreError, match="(?s)refused the bulk load: .*access control.*DirsAllowed"):
        loader.load([(Path("/etc/hostname"), "urn:cultuurgraaf:bulk-load")])


def test_bulk_loader_settings_are_checked_when_the_project_is_read(tmp_path):
    (tmp_path / "cultuurgraaf.toml").write_text(
        '[project]\nname = "x"\nbase_iri = "https://ex.org"\nstore = "sparql+http://127.0.0.1:1/sparql"\n'
        '[store]\nbulk_loader = "virtuoso"\nbulk_folder = "relatief"\nisql_password = "dba"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[store\] bulk_folder: must be an absolute path"):
        load_project(tmp_path)
