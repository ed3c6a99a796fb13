"""The meta graph, read with SPARQL from a built store: DCAT-AP catalogue, VoID statistics, PROV-O.

Every expected number is counted independently from the data graphs or the files on disk.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import build, load_file
from cultuurgraaf.store import open_store
from support.projects import demo_copy

PREFIXES = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX spdx: <http://spdx.org/rdf/terms#>
PREFIX dqv: <http://www.w3.org/ns/dqv#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
PREFIX ldes: <https://w3id.org/ldes#>
PREFIX tree: <https://w3id.org/tree#>
"""
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
SOURCES = ["organisaties", "personen", "objecten", "activiteiten"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = demo_copy(tmp_path_factory.mktemp("catalogue") / "demo")
    toml = folder / "cultuurgraaf.toml"
    toml.write_text(toml.read_text().replace("[project]\n", f'[project]\nlicence = "{CC0}"\n', 1))
    project = load_project(folder)
    result = build(project)
    assert not result.failed
    return project, result


def select(project, query: str) -> list[dict]:
    store = open_store(project.store_path)
    return [{k: str(v) for k, v in row.items()} for row in store.query(PREFIXES + query).rows()]


def meta(project, pattern: str, variables: str = "*") -> list[dict]:
    return select(project, f"SELECT {variables} WHERE {{ GRAPH <{project.iris.meta_graph}> {{ {pattern} }} }}")


def count(project, graph: str, pattern: str = "?s ?p ?o") -> int:
    return int(select(project, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ {pattern} }} }}")[0]["n"])


def dataset_of(project, name: str) -> str:
    graph = project.source(name).graph
    return meta(project, f'?d a dcat:Dataset ; dct:identifier "{graph}"')[0]["d"]


def test_the_catalogue_lists_one_dataset_per_source_and_the_endpoint(built):
    project, _ = built
    rows = meta(project, "?c a dcat:Catalog ; dcat:dataset ?d . ?d dct:identifier ?graph ; dct:title ?title ; "
                         "dct:license ?licence ; dct:accessRights ?rights")
    assert sorted(r["graph"] for r in rows) == sorted(project.source(n).graph for n in SOURCES)
    assert {r["licence"] for r in rows} == {CC0}
    assert {r["rights"] for r in rows} == {"http://publications.europa.eu/resource/authority/access-right/PUBLIC"}
    service = meta(project, "?c dcat:service ?s . ?s a dcat:DataService ; dcat:endpointURL ?url ; "
                            "dcat:servesDataset ?d ; dct:conformsTo ?spec")
    assert {(r["url"], r["spec"]) for r in service} == {
        (project.base_iri + "/sparql", "https://www.w3.org/TR/sparql11-protocol/"),
        (project.base_iri + "/oai", "http://www.openarchives.org/OAI/2.0/"),
        (project.base_iri + "/reconcile", "https://reconciliation-api.github.io/specs/0.2/"),
        (project.base_iri + "/iiif/collectie", "http://iiif.io/api/presentation/3.0/"),
        (project.base_iri + "/", "https://schema.org/")}
    for url in ("/sparql", "/oai"):
        assert {dataset_of(project, n) for n in SOURCES} <= {r["d"] for r in service if r["url"].endswith(url)}


def test_each_source_has_an_event_stream_in_the_catalogue(built):
    project, _ = built
    rows = meta(project, "?c a dcat:Catalog ; dcat:dataset ?s . ?s a ldes:EventStream , dcat:Dataset ; "
                         "prov:wasDerivedFrom ?d ; tree:view ?view ; dcat:distribution [ dcat:accessURL ?url ]")
    assert sorted(r["s"] for r in rows) == sorted(f"{project.base_iri}/ldes/{n}" for n in SOURCES)
    assert all(r["url"] == r["s"] and r["view"] == r["s"] + "/1" for r in rows)
    assert {r["d"] for r in rows} == {dataset_of(project, n) for n in SOURCES}


def test_the_catalogue_lists_the_reconciliation_service(built):
    project, _ = built
    rows = meta(project, "?c a dcat:Catalog ; dcat:service ?s . ?s a dcat:DataService ; dct:title ?title ; "
                         "dcat:endpointURL ?url ; dcat:servesDataset ?d ; "
                         "dct:conformsTo <https://reconciliation-api.github.io/specs/0.2/>")
    assert [(r["url"], r["d"]) for r in rows] == [(project.base_iri + "/reconcile",
                                                   project.base_iri + "/id/dataset/cultuurgraaf")]


def test_the_catalogue_lists_the_iiif_manifests_and_the_schema_org_pages(built, client):
    """Each door's address answers on the server (the catalogue names them under the base IRI)."""
    project, _ = built
    rows = meta(project, "?c a dcat:Catalog ; dcat:service ?s . ?s a dcat:DataService ; dct:title ?title ; "
                         "dcat:endpointURL ?url ; dcat:servesDataset ?d ; dct:conformsTo ?spec "
                         "FILTER(?spec IN (<http://iiif.io/api/presentation/3.0/>, <https://schema.org/>))")
    assert {r["d"] for r in rows} == {project.base_iri + "/id/dataset/cultuurgraaf"} and len(rows) == 2
    for row in rows:
        assert client.get(row["url"].removeprefix(project.base_iri)).status_code == 200, row["url"]


def test_each_dataset_has_a_sparql_and_a_dump_distribution(built):
    project, _ = built
    for name in SOURCES:
        rows = meta(project, f"<{dataset_of(project, name)}> dcat:distribution ?dist . ?dist a dcat:Distribution ; "
                             "dcat:accessURL ?access ; dct:format ?format OPTIONAL { ?dist dcat:downloadURL ?download }")
        assert {r["access"] for r in rows} == {project.base_iri + "/sparql", f"{project.base_iri}/dump/{name}.nt"}
        assert [r["download"] for r in rows if "download" in r] == [f"{project.base_iri}/dump/{name}.nt"]


def test_void_triples_entities_and_partitions_match_the_data(built):
    project, _ = built
    for name in SOURCES:
        graph = project.source(name).graph
        dataset = dataset_of(project, name)
        row = meta(project, f"<{dataset}> void:triples ?t ; void:entities ?e ; void:classes ?c ; void:properties ?p")[0]
        assert int(row["t"]) == count(project, graph)
        typed = select(project, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s a ?c }} }}")
        assert int(row["e"]) == int(typed[0]["n"])
        classes = meta(project, f"<{dataset}> void:classPartition [ void:class ?class ; void:entities ?n ]")
        assert len(classes) == int(row["c"])
        for partition in classes:
            expected = select(project, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{graph}> "
                                       f"{{ ?s a <{partition['class']}> }} }}")[0]["n"]
            assert partition["n"] == expected, partition["class"]
        properties = meta(project, f"<{dataset}> void:propertyPartition [ void:property ?p ; void:triples ?n ]")
        assert len(properties) == int(row["p"])
        assert sum(int(p["n"]) for p in properties) == int(row["t"])


def test_linksets_count_the_links_between_sources(built):
    project, _ = built
    rows = meta(project, "?ls a void:Linkset ; void:subjectsTarget ?from ; void:objectsTarget ?to ; "
                         "void:linkPredicate ?p ; void:triples ?n . ?from void:subset ?ls")
    found = {(r["from"], r["to"], r["p"]): int(r["n"]) for r in rows}
    objects, organisations = project.source("objecten").graph, project.source("organisaties").graph
    keeper = "http://www.cidoc-crm.org/cidoc-crm/P50_has_current_keeper"
    expected = select(project, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{objects}> {{ ?o <{keeper}> ?org }} "
                               f"FILTER EXISTS {{ GRAPH <{organisations}> {{ ?org a ?type }} }} }}")[0]["n"]
    assert int(expected) > 0
    assert found[(dataset_of(project, "objecten"), dataset_of(project, "organisaties"), keeper)] == int(expected)
    assert any(key[:2] == (dataset_of(project, "objecten"), dataset_of(project, "personen")) for key in found), \
        "objects link to their makers"
    assert all(key[0] != key[1] for key in found)


def test_one_activity_per_source_with_times_files_and_checksums(built):
    project, _ = built
    for name in SOURCES:
        source = project.source(name)
        rows = meta(project, f"<{dataset_of(project, name)}> prov:wasGeneratedBy ?a . ?a a prov:Activity ; "
                             "prov:startedAtTime ?start ; prov:endedAtTime ?end ; prov:wasAssociatedWith ?software")
        assert len(rows) == 1
        assert rows[0]["start"] <= rows[0]["end"]
        used = meta(project, f"<{rows[0]['a']}> prov:qualifiedUsage [ prov:entity ?e ; prov:hadRole ?role ] . "
                             "?e rdfs:label ?path ; spdx:checksum [ spdx:checksumValue ?sum ]")
        by_path = {r["path"]: r for r in used}
        for path in [*source.input_files, source.mapping]:
            label = str(path.relative_to(project.root))
            assert by_path[label]["sum"] == hashlib.sha256(path.read_bytes()).hexdigest(), label
        roles = {r["role"].rsplit("/", 1)[-1] for r in used}
        assert roles == {"invoer", "mapping", "vormen"}


def test_the_validation_summary_is_recorded_per_source(built):
    project, result = built
    rows = meta(project, "?d dqv:hasQualityMeasurement [ dqv:isMeasurementOf ?metric ; dqv:value ?n ; "
                         "prov:wasGeneratedBy ?a ] . ?d prov:wasGeneratedBy ?a",)
    totals: dict[str, int] = {}
    for row in rows:
        metric = row["metric"].rsplit("/", 1)[-1]
        totals[metric] = totals.get(metric, 0) + int(row["n"])
    counts = result.report.counts()
    assert totals["schendingen"] == counts["Violation"]
    assert totals["waarschuwingen"] == counts["Warning"]
    assert len(rows) == 3 * len(SOURCES)


def test_the_meta_graph_is_rebuilt_on_every_load(built, tmp_path):
    project, _ = built
    graph = project.base_iri + "/graph/thesaurus"
    data = tmp_path / "thesaurus.ttl"
    data.write_text('<http://vocab.getty.edu/aat/300011029> <http://www.w3.org/2004/02/skos/core#prefLabel> '
                    '"zilver"@nl .\n', encoding="utf-8")
    before = meta(project, "?c a dcat:Catalog ; dct:modified ?m")[0]["m"]
    load_file(project, data, graph=graph)
    rows = meta(project, f'?d dct:identifier "{graph}" ; void:triples ?t ; prov:wasGeneratedBy ?a . '
                         "?a prov:used [ rdfs:label ?file ; spdx:checksum [ spdx:checksumValue ?sum ] ]")
    assert len(rows) == 1 and rows[0]["t"] == "1"
    assert rows[0]["sum"] == hashlib.sha256(data.read_bytes()).hexdigest()
    assert meta(project, "?c a dcat:Catalog ; dct:modified ?m")[0]["m"] >= before
    # the sources, their event streams, the whole graph and the loaded file
    assert len(meta(project, "?c a dcat:Catalog ; dcat:dataset ?d")) == 2 * len(SOURCES) + 2


def sparql_examples(doc: str) -> list[str]:
    text = (Path(__file__).resolve().parent.parent / "docs" / doc).read_text(encoding="utf-8")
    return re.findall(r"```sparql\n(.*?)```", text, flags=re.DOTALL)


@pytest.mark.parametrize("query", sparql_examples("store.md"), ids=lambda q: q.splitlines()[-2].strip()[:40])
def test_every_sparql_example_in_the_store_docs_answers_on_the_demo(built, query):
    project, _ = built
    rows = list(open_store(project.store_path).query(query).rows())
    assert rows, "the example answers nothing on the demo"
