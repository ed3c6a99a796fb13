"""`cultuurgraaf load` and `cultuurgraaf dump`: any common syntax in, N-Quads or TriG out, atomically."""

from __future__ import annotations

import gzip

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from cultuurgraaf.cli import main
from cultuurgraaf.config import load_project
from cultuurgraaf.store import open_store
from support.graphs import assert_same_graph

GRAPH = "https://data.cultuurgraaf.be/graph/thesaurus"
TURTLE = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://vocab.getty.edu/aat/300011029> skos:prefLabel "zilver"@nl, "silver"@en .
<http://vocab.getty.edu/aat/300011021> skos:prefLabel "goud"@nl .
"""


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def project_dir(tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "cultuurgraaf.toml").write_text(
        '[project]\nname = "Thesaurus"\nbase_iri = "https://data.cultuurgraaf.be"\nstore = "store"\n', encoding="utf-8")
    return folder


def stored(folder, graph: str = GRAPH) -> Graph:
    store = open_store(load_project(folder).store_path)
    out = Graph()
    for triple in store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").triples():
        out.add(triple)
    return out


@pytest.mark.parametrize("name, serialize", [
    ("thesaurus.ttl", lambda g: g.serialize(format="turtle")),
    ("thesaurus.rdf", lambda g: g.serialize(format="xml")),
    ("thesaurus.jsonld", lambda g: g.serialize(format="json-ld")),
    ("thesaurus.nt.gz", lambda g: g.serialize(format="nt")),
])
def test_load_reads_the_syntax_from_the_file_name(project_dir, tmp_path, name, serialize):
    expected = Graph().parse(data=TURTLE, format="turtle")
    text = serialize(expected).encode()
    (tmp_path / name).write_bytes(gzip.compress(text) if name.endswith(".gz") else text)
    result = cli("load", str(tmp_path / name), "--graph", GRAPH, "--project", str(project_dir))
    assert result.exit_code == 0, result.output
    assert f"3 quads loaded into <{GRAPH}>" in result.output
    assert_same_graph(stored(project_dir), expected)


def test_load_with_an_explicit_format(project_dir, tmp_path):
    (tmp_path / "export.txt").write_text(TURTLE, encoding="utf-8")
    result = cli("load", str(tmp_path / "export.txt"), "--graph", GRAPH, "--format", "turtle",
                 "--project", str(project_dir))
    assert result.exit_code == 0, result.output
    assert len(stored(project_dir)) == 3


def test_loading_again_replaces_the_graph(project_dir, tmp_path):
    (tmp_path / "a.ttl").write_text(TURTLE, encoding="utf-8")
    (tmp_path / "b.ttl").write_text('<http://example.org/x> <http://example.org/p> "nieuw" .\n', encoding="utf-8")
    assert cli("load", str(tmp_path / "a.ttl"), "--graph", GRAPH, "--project", str(project_dir)).exit_code == 0
    assert cli("load", str(tmp_path / "b.ttl"), "--graph", GRAPH, "--project", str(project_dir)).exit_code == 0
    assert len(stored(project_dir)) == 1


def test_a_broken_file_names_the_line_exits_3_and_keeps_the_graph(project_dir, tmp_path):
    (tmp_path / "good.ttl").write_text(TURTLE, encoding="utf-8")
    assert cli("load", str(tmp_path / "good.ttl"), "--graph", GRAPH, "--project", str(project_dir)).exit_code == 0
    (tmp_path / "bad.ttl").write_text(TURTLE + '<http://example.org/x> <http://example.org/p> "open .\n', encoding="utf-8")
    result = cli("load", str(tmp_path / "bad.ttl"), "--graph", GRAPH, "--project", str(project_dir))
    assert result.exit_code == 3
    assert "bad.ttl" in result.output and "line 4" in result.output
    assert len(stored(project_dir)) == 3


def test_a_missing_file_exits_3(project_dir, tmp_path):
    result = cli("load", str(tmp_path / "nothing.ttl"), "--graph", GRAPH, "--project", str(project_dir))
    assert result.exit_code == 3 and "nothing.ttl: the file to load does not exist" in result.output


def test_a_source_graph_cannot_be_overwritten_by_load(tmp_path):
    from support.projects import demo_copy

    folder = demo_copy(tmp_path / "demo", sources=["personen"])
    (tmp_path / "x.ttl").write_text(TURTLE, encoding="utf-8")
    result = cli("load", str(tmp_path / "x.ttl"), "--graph", "https://data.cultuurgraaf.be/graph/personen",
                 "--project", str(folder))
    assert result.exit_code == 3 and "is the graph of source 'personen'" in result.output


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_dump_writes_every_graph_to_a_file(project_dir, tmp_path, fmt):
    (tmp_path / "a.ttl").write_text(TURTLE, encoding="utf-8")
    assert cli("load", str(tmp_path / "a.ttl"), "--graph", GRAPH, "--project", str(project_dir)).exit_code == 0
    out = tmp_path / f"dump.{fmt}"
    result = cli("dump", str(project_dir), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    dataset = Dataset()
    dataset.parse(out, format=fmt)
    graphs = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
    assert graphs[GRAPH] == 3
    assert "https://data.cultuurgraaf.be/graph/meta" in graphs, "the catalogue graph is part of the dump"
    assert not (tmp_path / f"dump.{fmt}.part").exists()


def test_dump_of_one_graph_as_turtle_to_standard_output(project_dir, tmp_path):
    (tmp_path / "a.ttl").write_text(TURTLE, encoding="utf-8")
    assert cli("load", str(tmp_path / "a.ttl"), "--graph", GRAPH, "--project", str(project_dir)).exit_code == 0
    result = CliRunner().invoke(main, ["dump", str(project_dir), "--graph", GRAPH, "--format", "turtle"])
    assert result.exit_code == 0
    assert_same_graph(Graph().parse(data=result.stdout, format="turtle"), Graph().parse(data=TURTLE, format="turtle"))


def test_dump_of_all_graphs_as_turtle_is_refused_with_what_works(project_dir, tmp_path):
    (tmp_path / "x.ttl").write_text(TURTLE, encoding="utf-8")
    assert cli("load", str(tmp_path / "x.ttl"), "--graph", GRAPH, "--project", str(project_dir)).exit_code == 0
    result = cli("dump", str(project_dir), "--format", "turtle")
    assert result.exit_code == 3 and "nquads, trig" in result.output
