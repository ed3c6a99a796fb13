"""IIIF Presentation 3.0 manifests (/iiif/{kind}/{ref}/manifest): every demo object with pictures has
one that passes the schema (tests/data/iiif, shipped with the tests) and says what the page says; a
picture on a IIIF image server gets its service; things without pictures, unknown things and kinds
get clear 404s; the page and the RDF link to the manifest; the collections list every manifest; and
Mirador, vendored, draws the picture."""

from __future__ import annotations

import copy

import pytest
from rdflib import Graph, URIRef

from cultuurgraaf.config import load_project
from cultuurgraaf.entities import Image
from cultuurgraaf.entities.describer import Entity
from cultuurgraaf.entities.iiif import ASSUMED_SIZE, MEDIA_TYPE, ManifestContext, manifest
from cultuurgraaf.entities.iiif_collection import ManifestCollections
from cultuurgraaf.iris import IriScheme
from cultuurgraaf.pipeline import build
from cultuurgraaf.vocab import CRM, DCT
from support import demo_facts
from support.browser import OfflineTab
from support.demo_things import BASE, iri_safe
from support.http import assert_error_shape
from support.iiif import manifest_problems
from support.apps import make_app_client
from support.paths import ROOT, shared_or_skip
from support.projects import kind_project

KENOM = ("https://www.kenom.de/iiif/image/record_DE-33_kenom_213833/record_DE-33_kenom_213833_vs.jpg"
         "/full/full/0/default.jpg")


def pictured() -> list[dict]:
    return [o for o in demo_facts.objects() if o["afbeelding"]]


def path(row: dict, what: str = "manifest") -> str:
    return f"/iiif/erfgoedobject/{iri_safe(row['objectnummer'])}/{what}"


def test_every_pictured_object_has_a_manifest_that_passes_the_schema(client):
    rows = pictured()
    assert len(rows) >= 50
    problems = {}
    for row in rows:
        answer = client.get(path(row))
        assert answer.status_code == 200, (row["objectnummer"], answer.text)
        assert answer.headers["content-type"] == MEDIA_TYPE
        found = manifest_problems(answer.json())
        if found:
            problems[row["objectnummer"]] = found
    assert problems == {}


def test_the_schema_and_checks_refuse_what_the_specification_does_not_allow(client):
    good = client.get(path(pictured()[0])).json()
    assert manifest_problems(good) == []
    broken = {
        "no canvas": lambda m: m.update(items=[]),
        "a label that is no language map": lambda m: m.update(label="Kandelaar"),
        "rights that are no licence": lambda m: m.update(rights="https://example.org/onze-voorwaarden"),
        "a canvas without a height": lambda m: m["items"][0].pop("height"),
        "an unknown property": lambda m: m.update(lable={"nl": ["x"]}),
        "an annotation on another canvas": lambda m: m["items"][0]["items"][0]["items"][0].update(
            target="http://127.0.0.1/elders"),
        "an image service without a profile": lambda m: m["items"][0]["items"][0]["items"][0]["body"].update(
            service=[{"id": "https://iiif.example.org/kom", "type": "ImageService3"}]),
    }
    for what, spoil in broken.items():
        document = copy.deepcopy(good)
        spoil(document)
        assert manifest_problems(document), f"{what} passed"


def test_a_manifest_says_what_the_page_says(client):
    row = next(o for o in pictured() if o["titel"] and o["beschrijving"] and o["licentie"] != "")
    answer = client.get(path(row), headers={"Origin": "https://viewer.example.org"})
    document = answer.json()
    assert answer.headers["access-control-allow-origin"] == "*"
    here = f"http://testserver{path(row, '')}"
    assert document["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert document["id"] == f"{here}manifest"
    assert document["label"]["nl"] == [row["titel"]]
    assert "<" not in document["summary"]["nl"][0]
    assert document["rights"].startswith("http://creativecommons.org/")
    assert document["requiredStatement"]["label"]["en"] == ["Licence"]
    assert document["homepage"][0]["id"] == f"http://testserver/doc/erfgoedobject/{iri_safe(row['objectnummer'])}"
    picture = f"http://testserver/{row['afbeelding']}"
    assert document["thumbnail"] == [{"id": picture, "type": "Image", "format": "image/svg+xml"}]
    [canvas] = document["items"]
    body = canvas["items"][0]["items"][0]["body"]
    assert body["id"] == picture and client.get(body["id"]).status_code == 200
    # the demo's pictures are drawn 400 x 300 (benchmarks/datagen.py --demo): the canvas reads it from the file
    assert (canvas["width"], canvas["height"]) == (body["width"], body["height"]) == (400, 300)
    names = {next(iter(pair["label"].get("en", pair["label"].get("none")))) for pair in document["metadata"]}
    assert {"material", "current keeper"} <= names


def test_a_picture_on_a_iiif_image_server_gets_its_service_and_an_assumed_size_said_so():
    iris = IriScheme(BASE)
    entity = Entity(iri=f"{BASE}/id/erfgoedobject/munt", kind="erfgoedobject", label="Munt", label_language="de",
                    labels={"de": "Munt"}, types=[], sections=[], incoming=[], sources=[], images=[Image(KENOM)],
                    triples=[])
    context = ManifestContext(url="http://127.0.0.1:8000", iris=iris, images=None,
                              term_label=lambda iri, language: (iri, None))
    document = manifest(entity, context)
    assert manifest_problems(document) == []
    [canvas] = document["items"]
    body = canvas["items"][0]["items"][0]["body"]
    assert body["id"] == KENOM and "width" not in body
    assert body["service"] == [{"@id": KENOM.removesuffix("/full/full/0/default.jpg"), "@type": "ImageService2",
                                "profile": "level0"}]
    assert (canvas["width"], canvas["height"]) == ASSUMED_SIZE
    assert canvas["metadata"][0]["value"]["en"] == [f"not known: the canvas assumes {ASSUMED_SIZE[0]} × {ASSUMED_SIZE[1]}"]
    assert document["thumbnail"][0]["id"].endswith("/full/!192,192/0/default.jpg")


def test_the_iiif_pictures_of_a_lido_export_are_served_with_their_image_service(tmp_path):
    """The KENOM export in ../shared/samples/lido-various names its coin's pictures by IIIF Image API URLs."""
    export = shared_or_skip("samples", "lido-various", "ddb-KENOM_Landesbib_Schwerin.xml")
    project = load_project(kind_project(tmp_path, "lido", [export], shapes=False))
    assert not build(project).failed
    with make_app_client(project) as client:
        query = f"SELECT ?o WHERE {{ ?o <{CRM.P138i_has_representation}> ?i }} LIMIT 1"
        answer = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
        [hit] = answer.json()["results"]["bindings"]
        document = client.get(f"/iiif/{hit['o']['value'].removeprefix(BASE + '/id/')}/manifest").json()
    assert manifest_problems(document) == []
    bodies = [canvas["items"][0]["items"][0]["body"] for canvas in document["items"]]
    # the record's two sides of the coin (its previews, at 300 px, are not pictures of their own)
    assert [body["service"][0]["@id"].rsplit("_", 1)[-1] for body in bodies] == ["vs.jpg", "rs.jpg"]
    assert all(body["service"][0]["@type"] == "ImageService2" for body in bodies)


def test_things_without_pictures_unknown_things_and_unknown_kinds_get_clear_404s(client):
    body = assert_error_shape(client.get("/iiif/organisatie/ORG0001/manifest"), 404, "not-found")
    assert "has no pictures" in body["message"]
    unpictured = next(o for o in demo_facts.objects() if not o["afbeelding"])
    assert_error_shape(client.get(path(unpictured)), 404, "not-found")
    assert_error_shape(client.get(path(unpictured, "viewer")), 404, "not-found")
    assert "nothing is known" in assert_error_shape(client.get("/iiif/erfgoedobject/niet-bestaand/manifest"),
                                                    404)["message"]
    body = assert_error_shape(client.get("/iiif/schilderij/1915.0001/manifest"), 404, "not-found")
    assert "'schilderij'" in body["message"] and "erfgoedobject" in body["message"]


def test_the_page_and_the_rdf_link_to_the_manifest(client):
    row, unpictured = pictured()[0], next(o for o in demo_facts.objects() if not o["afbeelding"])
    ref = iri_safe(row["objectnummer"])
    page = client.get(f"/doc/erfgoedobject/{ref}").text
    assert f'href="/iiif/erfgoedobject/{ref}/manifest"' in page and f'href="/iiif/erfgoedobject/{ref}/viewer"' in page
    assert "/iiif/" not in client.get(f"/doc/erfgoedobject/{iri_safe(unpictured['objectnummer'])}").text
    graph = Graph().parse(data=client.get(f"/doc/erfgoedobject/{ref}.ttl").text, format="turtle")
    assert set(graph.objects(URIRef(f"{BASE}/{row['afbeelding']}"), URIRef(DCT.isReferencedBy))) == {
        URIRef(f"{BASE}/iiif/erfgoedobject/{ref}/manifest")}
    # and so do the EDM records Europeana harvests over OAI-PMH
    record = client.get("/oai", params={"verb": "GetRecord", "metadataPrefix": "edm",
                                        "identifier": f"oai:data.cultuurgraaf.be:erfgoedobject/{ref}"})
    edm = Graph().parse(data=record.content.split(b"<metadata>")[1].split(b"</metadata>")[0], format="xml")
    assert set(edm.objects(URIRef(f"{BASE}/{row['afbeelding']}"), URIRef(DCT.isReferencedBy))) == {
        URIRef(f"{BASE}/iiif/erfgoedobject/{ref}/manifest")}


@pytest.mark.browser
def test_the_viewer_draws_the_picture_from_the_manifest(browser, live_server):
    """Mirador, from this server only, loads the manifest and draws the picture (its background
    colour is on the canvas OpenSeadragon draws into)."""
    row = pictured()[0]
    svg = (ROOT / "examples" / "demo" / "data" / row["afbeelding"]).read_text()
    colour = svg.split('fill="#', 1)[1][:6]
    rgb = [int(colour[i:i + 2], 16) for i in (0, 2, 4)]
    tab = OfflineTab(browser)
    try:
        tab.page.goto(f"{live_server}{path(row, 'viewer')}")
        tab.page.wait_for_selector(".openseadragon-canvas canvas", timeout=20_000)
        drawn = tab.page.wait_for_function(
            """rgb => { const c = document.querySelector('.openseadragon-canvas canvas');
                        if (!c || !c.width) return 0;
                        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                        let n = 0;
                        for (let i = 0; i < d.length; i += 4)
                          if (Math.abs(d[i] - rgb[0]) < 4 && Math.abs(d[i + 1] - rgb[1]) < 4 && Math.abs(d[i + 2] - rgb[2]) < 4) n++;
                        return n > 1000 ? n : 0; }""", arg=rgb, timeout=20_000).json_value()
        title = tab.page.locator("h2, [role='heading']").all_inner_texts()
        tab.shot("iiif-viewer", full_page=False)
    finally:
        tab.close()
    assert drawn > 1000
    assert any(row["titel"] in t for t in title), title
    assert {what: found for what, found in tab.problems().items() if found} == {}


def test_the_collections_list_every_manifest_once(client, demo_app):
    top = client.get("/iiif/collectie")
    assert top.headers["content-type"] == MEDIA_TYPE and manifest_problems(top.json()) == []
    [page] = top.json()["items"]
    listed = client.get(page["id"].removeprefix("http://testserver")).json()
    assert manifest_problems(listed) == []
    expected = {f"http://testserver{path(row)}" for row in pictured()}
    assert {item["id"] for item in listed["items"]} == expected
    assert_error_shape(client.get("/iiif/collectie/2"), 404, "not-found")
    # a smaller page: the same manifests, over pages that follow one another
    state = demo_app.state.cg
    collections = ManifestCollections(state.store, state.project.iris, page_size=30)
    parts = collections.top(url="http://x", name="demo")["items"]
    assert len(parts) == -(-len(expected) // 30)
    ids = [item["id"] for n in range(1, len(parts) + 1) for item in collections.page(n, url="http://testserver")["items"]]
    assert len(ids) == len(set(ids)) and set(ids) == expected
