"""The change feeds as Linked Data Event Streams, replayed by a real LDES client.

A project is built, one heritage object is changed and another deleted in the extract, and it is
built again; the npm registry's ``ldes-client`` then replays ``/ldes/objecten`` from its first
fragment on a server on 127.0.0.1, in ascending time order with versions materialised, and the
graph a consumer keeps (the latest version of each entity, nothing of a tombstoned one) is the
source's graph in the store, compared as graphs.
"""

from __future__ import annotations

import httpx
import pyshacl
from rdflib import Graph, Literal, URIRef

from cultuurgraaf.pipeline import dump_store
from cultuurgraaf.vocab import AS, CRM, PROV, RDF, SH, TREE
from cultuurgraaf.web.app import create_app
from support.feeds import BASE, CHANGED, DELETED, NEW_TITLE
from support.graphs import assert_same_graph
from support.http import assert_error_shape, serving
from support.ldes_client import replicate

CHANGED_IRI, DELETED_IRI = f"{BASE}/id/erfgoedobject/{CHANGED}", f"{BASE}/id/erfgoedobject/{DELETED}"


def replay(members: list[str]) -> tuple[Graph, dict[str, list[str]]]:
    """What a consumer keeps of materialised members in the order they came: per entity the latest
    version, without its timestamp; nothing of an entity whose latest member is a tombstone."""
    latest: dict[URIRef, Graph] = {}
    history: dict[str, list[str]] = {}
    for text in members:
        member = Graph().parse(data=text, format="turtle")  # the client prints Turtle terms: 11.8, not "11.8"^^xsd:decimal
        [entity] = set(member.subjects(URIRef(PROV.generatedAtTime), None))
        deleted = (entity, URIRef(RDF.type), URIRef(AS.Delete)) in member
        history.setdefault(str(entity), []).append("tombstone" if deleted else "version")
        if deleted:
            latest.pop(entity, None)
            continue
        member.remove((entity, URIRef(PROV.generatedAtTime), None))
        latest[entity] = member
    graph = Graph()
    for member in latest.values():
        graph += member
    return graph, history


def source_graph(rebuilt_demo, folder) -> Graph:
    dump_store(rebuilt_demo.project, folder / "objecten.nt", format="ntriples", graph=f"{BASE}/graph/objecten")
    return Graph().parse(folder / "objecten.nt", format="nt")


def test_the_second_build_records_one_change_and_the_deletion(rebuilt_demo):
    [objecten] = [c for c in rebuilt_demo.second.feeds if c.source == "objecten"]
    # the object, its production (which the deleted object's row made too) and nothing else
    assert (objecten.versions, objecten.tombstones) == (1, 2), objecten
    assert objecten.counts.shared_blank_nodes == objecten.counts.unreached_blank_nodes == 0


def test_a_replay_with_the_ldes_client_rebuilds_the_source_graph(rebuilt_demo, tmp_path):
    expected = source_graph(rebuilt_demo, tmp_path)
    with serving(create_app(rebuilt_demo.project)) as url:
        members = replicate(f"{url}/ldes/objecten", "--ordered", "ascending", "--materialize")
        fragments = httpx.get(f"{url}/ldes/objecten/1", headers={"Accept": "text/turtle"})
    replayed, history = replay(members)
    assert_same_graph(replayed, expected)
    assert history[CHANGED_IRI] == ["version", "version"]
    assert history[DELETED_IRI] == ["version", "tombstone"]
    assert (URIRef(CHANGED_IRI), URIRef(CRM.P102_has_title), Literal(NEW_TITLE, lang="nl")) in replayed
    assert "tree:GreaterThanOrEqualToRelation" in fragments.text


def test_fragments_are_immutable_but_the_last(rebuilt_demo):
    with serving(create_app(rebuilt_demo.project)) as url:
        first = httpx.get(f"{url}/ldes/objecten/1", headers={"Accept": "application/n-triples"})
        pages = [int(line.split("/ldes/objecten/")[1].split(">")[0]) for line in first.text.splitlines()
                 if "https://w3id.org/tree#node>" in line]
        last = first
        number = 1
        while True:
            following = [int(line.split("/ldes/objecten/")[1].split(">")[0]) for line in last.text.splitlines()
                         if "https://w3id.org/tree#node>" in line]
            if not following:
                break
            assert "immutable" in last.headers["cache-control"] and "max-age=31536000" in last.headers["cache-control"]
            number = following[0]
            last = httpx.get(f"{url}/ldes/objecten/{number}", headers={"Accept": "application/n-triples"})
        assert last.headers["cache-control"] == "public, max-age=60"
        assert pages == [2] and number > 2
        jsonld = httpx.get(f"{url}/ldes/objecten/{number}", headers={"Accept": "application/ld+json"})
        assert jsonld.headers["content-type"].startswith("application/ld+json") and "@context" not in jsonld.text
        missing = httpx.get(f"{url}/ldes/objecten/{number + 1}")
        assert_error_shape(missing, 404, "not-found")
        assert_error_shape(httpx.get(f"{url}/ldes/onbekend"), 404, "not-found")
        refused = assert_error_shape(httpx.get(f"{url}/ldes/objecten", headers={"Accept": "image/png"}), 406)
        assert "text/turtle" in refused["supported"]


def test_the_shape_holds_the_member_shape_and_the_sources_node_shapes(rebuilt_demo):
    with serving(create_app(rebuilt_demo.project)) as url:
        shape = Graph().parse(data=httpx.get(f"{url}/ldes/objecten/vorm").text, format="turtle")
        last = Graph().parse(data=httpx.get(f"{url}/ldes/objecten/8").text, format="turtle")
    cgsh = "https://data.cultuurgraaf.be/shacl/cultuurgraaf#"
    targeted = {str(s) for s in shape.subjects(URIRef(SH.targetClass), None)}
    assert {cgsh + "ErfgoedobjectShape", cgsh + "ProductieShape"} <= targeted
    assert cgsh + "PersoonShape" not in targeted, "persons are another source's"
    # each member alone meets the member shape (the node shapes ask things of linked things too,
    # which the build checked in the whole graph: docs/ldes.md)
    member_shape = URIRef(f"{url}/ldes/objecten/vorm")
    alone = Graph()
    for triple in shape.triples((member_shape, None, None)):
        alone.add(triple)
        for nested in shape.triples((triple[2], None, None)):
            alone.add(nested)
    members = list(last.objects(URIRef(f"{url}/ldes/objecten"), URIRef(TREE.member)))
    assert len(members) == 3
    for member in members:
        alone.add((member_shape, URIRef(SH.iri + "targetNode"), member))
    conforms, _, text = pyshacl.validate(last, shacl_graph=alone, inference="none")
    assert conforms, text
    missing = Graph().parse(data=last.serialize(format="nt"), format="nt")
    missing.remove((members[0], URIRef(PROV.generatedAtTime), None))
    assert not pyshacl.validate(missing, shacl_graph=alone, inference="none")[0]
