"""The store on a SPARQL server (Virtuoso from Debian): same interface, Virtuoso's quirks made plain.

Each test project has a base IRI of its own, so its graphs and manifest on the shared server are
its own. ``raw`` queries the server without the project's dataset, to see what the store hides.
"""

from __future__ import annotations

import io
import uuid

import pytest
from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from cultuurgraaf.cli import main
from cultuurgraaf.config import load_project
from cultuurgraaf.errors import QueryError, QueryTimeout, RDFSyntaxError, StoreError
from cultuurgraaf.pipeline import build
from cultuurgraaf.store import open_project_store
from cultuurgraaf.store.remote import STAGING_PREFIX
from cultuurgraaf.store.sparql_http import Dataset, SparqlClient
from support.http import free_port
from support.projects import demo_copy

pytestmark = pytest.mark.virtuoso


def project_on(virtuoso, folder, *, settings: str = "", url: str | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    base = f"https://t{uuid.uuid4().hex[:10]}.cultuurgraaf.test"
    (folder / "cultuurgraaf.toml").write_text(
        f'[project]\nname = "Remote"\nbase_iri = "{base}"\nstore = "sparql+{url or virtuoso.sparql_url}"\n\n'
        + virtuoso.store_settings() + settings, encoding="utf-8")
    return load_project(folder)


def nquads(graph: str, n: int, *, label: str) -> bytes:
    return "".join(f'<https://ex.org/id/{i}> <https://ex.org/label> "{label} {i}" <{graph}> .\n'
                   for i in range(n)).encode()


def labels(store, graph: str) -> set[str]:
    rows = store.query(f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s <https://ex.org/label> ?o }} }}").rows()
    return {str(r["o"]) for r in rows}


def staging_graphs(virtuoso, token: str = "") -> list[str]:
    raw = SparqlClient(virtuoso.sparql_url)
    rows = raw.query(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                     f'FILTER(STRSTARTS(STR(?g), "{STAGING_PREFIX}{token}")) }}', Dataset((), ())).rows()
    return [str(r["g"]) for r in rows]


@pytest.fixture
def project(virtuoso, tmp_path):
    return project_on(virtuoso, tmp_path / "project", settings="chunk_triples = 50\n")


@pytest.fixture(scope="module")
def big(virtuoso, tmp_path_factory):
    """A project whose one graph holds a quarter more triples than the server returns at once."""
    project = project_on(virtuoso, tmp_path_factory.mktemp("big") / "project", settings="")
    graph = project.base_iri + "/graph/groot"
    size = virtuoso.max_rows * 5 // 4
    with open_project_store(project).transaction() as tx:
        tx.load("groot", graph=graph, data=nquads(graph, size, label="ding"))
    return project, graph, size


def test_queries_see_the_projects_graphs_and_never_the_servers_system_graphs(virtuoso, project):
    graph = project.base_iri + "/graph/a"
    store = open_project_store(project)
    with store.transaction() as tx:
        tx.load("a", graph=graph, data=nquads(graph, 3, label="a"))
    everything = SparqlClient(virtuoso.sparql_url).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", Dataset((), ()))
    assert int(next(everything.rows())["n"]) > 1000, "the server's default graph holds its system graphs"
    assert int(next(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows())["n"]) == 3
    graphs = {str(r["g"]) for r in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows()}
    assert graphs == {graph}
    assert store.manifest().graphs["a"].triples == 3 and store.current_generation() == 1


def test_a_reader_sees_the_old_graph_until_the_switch(virtuoso, project):
    graph = project.base_iri + "/graph/a"
    writer, reader = open_project_store(project), open_project_store(project)
    with writer.transaction() as tx:
        tx.load("a", graph=graph, data=nquads(graph, 2, label="oud"))
    with writer.transaction() as tx:
        tx.load("a", graph=graph, data=nquads(graph, 3, label="nieuw"))
        assert labels(tx, graph) == {"nieuw 0", "nieuw 1", "nieuw 2"}, "the transaction reads what it wrote"
        reader.close()
        assert labels(reader, graph) == {"oud 0", "oud 1"}, "readers see the old graph before the switch"
        assert staging_graphs(virtuoso, tx.token)
    reader.close()
    assert labels(reader, graph) == {"nieuw 0", "nieuw 1", "nieuw 2"}
    assert staging_graphs(virtuoso, tx.token) == []


def test_a_broken_file_leaves_the_old_graph_and_no_staging_graph(virtuoso, project, tmp_path):
    graph = project.base_iri + "/graph/a"
    store = open_project_store(project)
    with store.transaction() as tx:
        tx.load("a", graph=graph, data=nquads(graph, 2, label="oud"))
    bad = tmp_path / "bad.ttl"
    bad.write_text("".join(f'<https://ex.org/id/{i}> <https://ex.org/label> "nieuw {i}" .\n' for i in range(120))
                   + '<https://ex.org/x> <https://ex.org/label> "open .\n', encoding="utf-8")
    with pytest.raises(RDFSyntaxError, match="line 121"):
        with store.transaction() as tx:
            tx.load("a", graph=graph, path=bad, format="turtle")
    store.close()
    assert labels(store, graph) == {"oud 0", "oud 1"}
    assert staging_graphs(virtuoso, tx.token) == []
    with store.transaction():
        pass


def test_a_second_writer_is_refused(project):
    with open_project_store(project).transaction() as tx:
        tx.load("a", graph=project.base_iri + "/graph/a", data=b"")
        with pytest.raises(StoreError, match="another build or load is writing"):
            with open_project_store(project).transaction():
                pass


def test_a_blank_node_keeps_all_its_triples_across_requests(project):
    graph = project.base_iri + "/graph/a"
    filler = nquads(graph, 60, label="vulling").decode()
    data = ('<https://ex.org/o> <https://ex.org/productie> _:p .\n' + filler
            + "".join(f'_:p <https://ex.org/eigenschap> "{i}" .\n' for i in range(70))
            + '_:p <https://ex.org/door> <https://ex.org/maker> .\n')
    store = open_project_store(project)
    with store.transaction() as tx:
        tx.load("a", graph=graph, data=data.encode(), format="nquads")
    rows = list(store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { <https://ex.org/o> <https://ex.org/productie> ?p . "
                            "?p ?q ?v } GROUP BY ?p").rows())
    assert len(rows) == 1 and isinstance(rows[0]["p"], BNode)
    assert int(rows[0]["n"]) == 71


def test_literals_come_back_as_rdf_1_1_reads_them(project):
    graph = project.base_iri + "/graph/a"
    data = (f'<https://ex.org/x> <https://ex.org/b> "true"^^<{XSD.boolean}> <{graph}> .\n'
            f'<https://ex.org/x> <https://ex.org/s> "tekst"^^<{XSD.string}> <{graph}> .\n'
            f'<https://ex.org/x> <https://ex.org/i> "42"^^<{XSD.integer}> <{graph}> .\n'
            f'<https://ex.org/x> <https://ex.org/l> "Gent"@nl <{graph}> .\n')
    store = open_project_store(project)
    with store.transaction() as tx:
        tx.load("a", graph=graph, data=data.encode())
    values = {str(r["p"]): r["o"] for r in store.query("SELECT ?p ?o WHERE { <https://ex.org/x> ?p ?o }").rows()}
    assert values["https://ex.org/b"] == Literal(True)
    assert values["https://ex.org/s"] == Literal("tekst")
    assert values["https://ex.org/i"] == Literal(42)
    assert values["https://ex.org/l"] == Literal("Gent", lang="nl")


def test_a_select_cut_at_the_row_limit_is_fetched_whole_in_pages(big):
    project, graph, size = big
    result = open_project_store(project).query(f"SELECT ?s ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    rows = list(result.rows())
    assert len(rows) == size and len({r["s"] for r in rows}) == size
    again = open_project_store(project).query(f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert again.serialize("json").count(b'"uri"') == size


def test_a_construct_that_reaches_the_row_limit_is_an_error_not_a_cut_graph(virtuoso, big):
    project, graph, _ = big
    with pytest.raises(QueryError, match=f"at most {virtuoso.max_rows} triples"):
        open_project_store(project).query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")


def test_a_dump_reads_a_large_graph_whole(big):
    project, graph, size = big
    out = io.BytesIO()
    open_project_store(project).dump(out, format="nquads", graph=None)
    lines = out.getvalue().decode().splitlines()
    assert len([line for line in lines if line.endswith(f"<{graph}> .")]) == size


HEAVY = ("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
         "FILTER(STR(?c) < STR(?f) && STR(?f) < STR(?i)) }} }}")


@pytest.mark.slow  # the server works until its own time limit (5 s on the servers the tests start)
def test_a_query_stopped_at_the_servers_time_limit_is_a_timeout(virtuoso, big):
    if virtuoso.max_query_time_s > 10:
        pytest.skip(f"this server stops queries only after {virtuoso.max_query_time_s} s "
                    "(.ci/run and the session's own server use VIRTUOSO_MAX_QUERY_TIME=5)")
    project, graph, _ = big
    with pytest.raises(QueryTimeout, match="time limit"):
        open_project_store(project).query(HEAVY.format(graph=graph))


def test_a_query_past_the_client_timeout_is_a_timeout(virtuoso, big, tmp_path):
    project, graph, _ = big
    text = (project.root / "cultuurgraaf.toml").read_text() + "timeout_s = 1\n"
    (tmp_path / "cultuurgraaf.toml").write_text(text)
    with pytest.raises(QueryTimeout, match="did not answer within 1 s"):
        open_project_store(load_project(tmp_path)).query(HEAVY.format(graph=graph))


def test_wrong_credentials_are_a_store_error_that_says_so(virtuoso, tmp_path):
    project = project_on(virtuoso, tmp_path / "p", settings="")
    text = (tmp_path / "p" / "cultuurgraaf.toml").read_text().replace(f'password = "{virtuoso.password}"',
                                                                     'password = "wrong"')
    (tmp_path / "p" / "cultuurgraaf.toml").write_text(text)
    project = load_project(tmp_path / "p")
    with pytest.raises(StoreError, match="refused the credentials"):
        with open_project_store(project).transaction() as tx:
            tx.load("a", graph=project.base_iri + "/graph/a", data=b'<https://ex.org/a> <https://ex.org/b> "1" .')


def test_an_unreachable_server_is_a_store_error(virtuoso, tmp_path):
    project = project_on(virtuoso, tmp_path / "p", url=f"http://127.0.0.1:{free_port()}/sparql")
    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        open_project_store(project).current_generation()


def test_builds_skip_unchanged_sources_and_a_broken_input_keeps_its_old_graph(virtuoso, tmp_path):
    folder = demo_copy(tmp_path / "demo", sources=["organisaties", "personen"])
    text = (folder / "cultuurgraaf.toml").read_text().replace('store = "store"',
                                                              f'store = "sparql+{virtuoso.sparql_url}"')
    base = f"https://t{uuid.uuid4().hex[:10]}.cultuurgraaf.test"
    (folder / "cultuurgraaf.toml").write_text(text.replace("https://data.cultuurgraaf.be", base)
                                              + virtuoso.store_settings())
    project = load_project(folder)
    assert not build(project).failed
    store = open_project_store(project)
    organisation = next(store.query("SELECT ?s WHERE { ?s a <http://www.w3.org/ns/org#Organization> } LIMIT 1").rows())["s"]
    assert {o.status for o in build(project).outcomes} == {"unchanged"}

    xml = folder / "data" / "organisaties.xml"
    xml.write_text(xml.read_text()[:2000], encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(folder), "--quiet", "--keep-going"])
    assert result.exit_code == 3 and "organisaties: failed" in result.output
    store.close()
    graph = project.source("organisaties").graph
    assert store.query(f"ASK {{ GRAPH <{graph}> {{ <{organisation}> ?p ?o }} }}").boolean


def test_load_and_dump_from_the_command_line(virtuoso, project, tmp_path):
    data = tmp_path / "thesaurus.ttl"
    data.write_text('<http://vocab.getty.edu/aat/300011029> <http://www.w3.org/2004/02/skos/core#prefLabel> '
                    '"zilver"@nl .\n', encoding="utf-8")
    graph = project.base_iri + "/graph/thesaurus"
    loaded = CliRunner().invoke(main, ["load", str(data), "--graph", graph, "--project", str(project.root)])
    assert loaded.exit_code == 0, loaded.output
    dumped = CliRunner().invoke(main, ["dump", str(project.root), "--graph", graph, "--format", "ntriples"])
    assert dumped.exit_code == 0
    assert dumped.stdout.strip() == ('<http://vocab.getty.edu/aat/300011029> '
                                     '<http://www.w3.org/2004/02/skos/core#prefLabel> "zilver"@nl .')
    meta = project.iris.meta_graph
    store = open_project_store(project)
    assert store.query(f'ASK {{ GRAPH <{meta}> {{ ?d <http://purl.org/dc/terms/identifier> "{graph}" ; '
                       '<http://rdfs.org/ns/void#triples> 1 } }').boolean
    assert URIRef(graph) not in {r["g"] for r in store.query(
        f"SELECT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{STAGING_PREFIX}')) }}").rows()}
