"""Harvested sources, part by part: the [sources.harvest] table, the requests, a page read, the
harvest folder, and the build's options. The whole harvests of a stream and of an OAI-PMH endpoint
are in test_harvest_ldes.py and test_harvest_oai.py."""

from __future__ import annotations

import json

import httpx
import pytest

from cultuurgraaf.config import load_project
from cultuurgraaf.errors import ConfigError, HarvestError, InputTooLarge
from cultuurgraaf.pipeline import build
from cultuurgraaf.sources.harvest import harvest
from cultuurgraaf.sources.harvest.folder import HarvestFolder
from cultuurgraaf.sources.harvest.http import Answer, Client
from cultuurgraaf.sources.harvest.pages import read_page
from support.harvest_servers import OaiRecord, OaiServer, SampleServer, StreamServer, ghent_members, tombstone
from support.paths import shared_or_skip
from support.projects import harvest_project, source_graph

BASE = '[project]\nbase_iri = "https://data.cultuurgraaf.be"\n\n[[sources]]\nname = "bron"\n'


def project_file(folder, text: str):
    (folder / "cultuurgraaf.toml").write_text(BASE + text, encoding="utf-8")
    return folder


# the [sources.harvest] table ----------------------------------------------------------------

def test_the_metadata_prefix_chooses_the_format_and_the_harvest_folder_is_the_projects(tmp_path):
    project = load_project(project_file(tmp_path, '[sources.harvest]\noai_pmh = "https://ex.be/oai"\n'
                                                  'metadata_prefix = "marcxml"\nset = "boeken"\n'))
    source = project.source("bron")
    assert (source.format, source.harvest.metadata_prefix, source.harvest.set) == ("marc21", "marcxml", "boeken")
    assert source.harvest.folder == tmp_path / ".cultuurgraaf" / "harvest" / "bron"
    assert source.inputs == ({},)


@pytest.mark.parametrize("table, format, prefix", [
    ('ldes = "https://ex.be/stream"', "oslo-ldes", None),
    ('oai_pmh = "https://ex.be/oai"', "oai-dc", "oai_dc"),
])
def test_without_a_format_a_stream_is_oslo_ldes_and_an_endpoint_gives_dublin_core(tmp_path, table, format, prefix):
    source = load_project(project_file(tmp_path, f"[sources.harvest]\n{table}\n")).source("bron")
    assert (source.format, source.harvest.metadata_prefix) == (format, prefix)


def test_a_format_given_asks_the_endpoint_for_its_own_prefix(tmp_path):
    text = 'format = "lido"\n[sources.harvest]\noai_pmh = "https://ex.be/oai"\n'
    assert load_project(project_file(tmp_path, text)).source("bron").harvest.metadata_prefix == "lido"


@pytest.mark.parametrize("text, message", [
    ('[sources.harvest]\nldes = "https://ex.be/s"\noai_pmh = "https://ex.be/oai"\n', "harvest: needs either ldes"),
    ('[sources.harvest]\nldes = "ftp://ex.be/s"\n', 'harvest ldes: must be an http\\(s\\) URL, not "ftp://ex.be/s"'),
    ('[sources.harvest]\nldes = "https://ex.be/s"\nmetadata_prefix = "lido"\n', "harvest: needs either ldes"),
    ('inputs = "x.ndjson"\n[sources.harvest]\nldes = "https://ex.be/s"\n', "'bron' inputs: must be left out"),
    ('[sources.harvest]\nldes = "https://ex.be/s"\nmetadataPrefix = "lido"\n',
     "harvest metadataPrefix: is not a harvest setting \\(known: folder, ldes, oai_pmh, metadata_prefix"),
    ('[sources.harvest]\nldes = "https://ex.be/s"\nretries = -1\n', "harvest retries: must be a whole number of at least 0"),
    ('[sources.harvest]\noai_pmh = "https://ex.be/oai"\nmetadata_prefix = "museumdat"\n',
     "'bron' harvest: no built-in format maps the OAI-PMH metadataPrefix 'museumdat' .*lido \\(lido\\)"),
])
def test_a_harvest_table_that_cannot_work_is_a_configuration_error(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_project(project_file(tmp_path, text))


# the requests -------------------------------------------------------------------------------

ONE_MEMBER = [{"@id": "https://ex.be/o/1/v1", "prov:generatedAtTime": "2024-05-01T10:00:00Z"}]


def test_a_busy_server_is_asked_again_after_the_wait_it_asks_for():
    waits = []
    with StreamServer(ONE_MEMBER) as server:
        server.busy = 2
        answer = Client(timeout_s=5, retries=2, sleep=waits.append).get(server.stream, page="page 1")
        assert answer.status == 200 and answer.url == server.page_url("2024-05-01T10:00:00Z")
        assert waits == [1.0, 1.0]  # Retry-After: 1, twice
        assert server.log == ["/dmg/objecten"] * 3 + ["/dmg/objecten?generatedAtTime=2024-05-01T10:00:00Z"]


def test_a_server_busy_after_every_try_stops_the_harvest_naming_the_url():
    with StreamServer(ONE_MEMBER) as server:
        server.busy = 3
        client = Client(timeout_s=5, retries=2, sleep=lambda s: None)
        with pytest.raises(HarvestError, match=r"503 Service Unavailable \(after 3 tries\)") as caught:
            client.get(server.stream, page="page 4 of the harvest")
        assert str(caught.value).startswith(f"{server.stream}, page 4 of the harvest:")


def test_an_answer_longer_than_max_input_mb_is_refused_before_it_is_all_read():
    with StreamServer([{**ONE_MEMBER[0], "note": "x" * 3_000_000}]) as server:
        with pytest.raises(InputTooLarge, match="the answer is longer than 1 MB") as caught:
            Client(timeout_s=5, retries=0, limit_mb=1).get(server.stream, page="page 1 of the harvest")
    assert str(caught.value).startswith(f"{server.stream}, page 1 of the harvest:")


def test_a_server_that_cannot_be_reached_is_named():
    client = Client(timeout_s=1, retries=0, sleep=lambda s: None)
    with pytest.raises(HarvestError, match="the request failed after 1 tries") as caught:
        client.get("http://127.0.0.1:9/stream", page="page 1 of the harvest")
    assert "http://127.0.0.1:9/stream, page 1 of the harvest" in str(caught.value)


# a page read -----------------------------------------------------------------------------------

TRIG = b"""
@prefix tree: <https://w3id.org/tree#> . @prefix ldes: <https://w3id.org/ldes#> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix ex: <https://ex.be/> .
ex:stream a ldes:EventStream ; ldes:versionOfPath dct:isVersionOf ; ldes:timestampPath dct:created ;
    tree:member ex:boek1-v2, ex:boek2-v1 .
<https://ex.be/stream?page=2> a tree:Node ; ldes:immutable true ;
    tree:relation [ a tree:GreaterThanRelation ; tree:node <https://ex.be/stream?page=3> ] .
ex:boek1-v2 dct:isVersionOf ex:boek1 ; dct:created "2024-05-02T10:00:00Z" ; dct:title "Het boek"@nl ;
    dct:creator [ dct:title "een auteur" ] ; dct:publisher ex:uitgever .
ex:uitgever dct:title "Een uitgeverij" .
ex:boek2-v1 { ex:boek2-v1 dct:isVersionOf ex:boek2 ; dct:created "2024-05-01T10:00:00Z" . ex:boek2 dct:title "Twee" . }
"""


def test_a_page_in_trig_gives_its_members_as_the_ldes_specification_delimits_them(tmp_path):
    answer = Answer("https://ex.be/stream?page=2", 200, httpx.Headers({"content-type": "application/trig"}), TRIG)
    page = read_page(answer, asked=answer.url, page="page 1", paths={}, work=tmp_path)
    assert page.immutable and page.links == ["https://ex.be/stream?page=3"]
    assert page.paths == {"of": "http://purl.org/dc/terms/isVersionOf", "at": "http://purl.org/dc/terms/created"}
    first, second = page.members
    assert (first.entity, first.at, first.deleted) == ("https://ex.be/boek1", "2024-05-02T10:00:00Z", False)
    assert first.document["http://purl.org/dc/terms/creator"] == [
        {"@id": first.document["http://purl.org/dc/terms/creator"][0]["@id"],
         "http://purl.org/dc/terms/title": [{"@value": "een auteur"}]}]
    assert first.document["http://purl.org/dc/terms/publisher"] == [{"@id": "https://ex.be/uitgever"}]
    # the member's named graph is kept with it, and tells its version
    assert (second.entity, second.at) == ("https://ex.be/boek2", "2024-05-01T10:00:00Z")
    assert second.document["@graph"][1] == {"@id": "https://ex.be/boek2",
                                            "http://purl.org/dc/terms/title": [{"@value": "Twee"}]}
    # what the page says of the publisher is no member's: counted, not kept
    assert page.notes == {"statements that describe no member, not kept": 1}


def test_a_json_ld_page_nested_deeper_than_cultuurgraaf_reads_is_refused_with_its_url(tmp_path):
    answer = Answer("https://ex.be/p1", 200, httpx.Headers({"content-type": "application/ld+json"}),
                    b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(HarvestError, match="the page cannot be read as jsonld: the JSON is nested more than 512"):
        read_page(answer, asked=answer.url, page="page 1", paths={}, work=tmp_path)


def test_a_json_ld_page_that_names_a_context_cultuurgraaf_does_not_have_is_refused_with_its_url(tmp_path):
    body = json.dumps({"@context": "https://w3id.org/ldes/context", "@id": "https://ex.be/p1"}).encode()
    answer = Answer("https://ex.be/p1", 200, httpx.Headers({"content-type": "application/ld+json"}), body)
    with pytest.raises(HarvestError, match="names the JSON-LD context https://w3id.org/ldes/context") as caught:
        read_page(answer, asked=answer.url, page="page 3 of the harvest", paths={}, work=tmp_path)
    assert str(caught.value).startswith("https://ex.be/p1, page 3 of the harvest:")


class OnePage(SampleServer):
    """A stream of one page, which relates to a page on another host."""

    def answer(self, path, query, headers):
        page = {"@id": self.url + "/p1", "https://w3id.org/tree#relation": {
            "https://w3id.org/tree#node": {"@id": "http://elders.example/p2"}}}
        return 200, {"Content-Type": "application/ld+json"}, json.dumps(page).encode()


def test_a_relation_to_another_host_is_counted_not_followed(tmp_path):
    with OnePage() as server:
        source = load_project(harvest_project(tmp_path, "s", {"ldes": server.url + "/p1"})).source("s")
        report = harvest(source.harvest).report
    assert server.log == ["/p1"] and report.asked == 1
    elsewhere = "relations to pages on elders.example, another host than the stream's, not followed"
    assert report.notes == {elsewhere: 1,
                            "the stream names no ldes:versionOfPath: versions are told by dcterms:isVersionOf and "
                            "prov:generatedAtTime, as the oslo-ldes format reads them": 1}
    assert f"  {elsewhere}: 1 (http://elders.example/p2)" in report.lines()


def test_members_that_cannot_be_used_or_are_guessed_at_are_counted_with_their_iris(tmp_path):
    text = b"""@prefix tree: <https://w3id.org/tree#> . @prefix ldes: <https://w3id.org/ldes#> .
    @prefix dct: <http://purl.org/dc/terms/> . @prefix ex: <https://ex.be/> .
    ex:stream a ldes:EventStream ; ldes:versionOfPath dct:isVersionOf ; ldes:timestampPath dct:created ;
        tree:member ex:boek1-v1, ex:los, [ dct:title "naamloos" ], [ dct:title "ook naamloos" ] .
    ex:boek1-v1 dct:isVersionOf ex:boek1 . ex:los dct:created "2024-05-01T10:00:00Z" ; dct:title "Los"@nl ."""
    answer = Answer("https://ex.be/stream?page=1", 200, httpx.Headers({"content-type": "text/turtle"}), text)
    page = read_page(answer, asked=answer.url, page="page 1", paths={}, work=tmp_path)
    assert [(m.iri, m.entity, m.at) for m in page.members] == [
        ("https://ex.be/boek1-v1", "https://ex.be/boek1", None), ("https://ex.be/los", "https://ex.be/los",
                                                                   "2024-05-01T10:00:00Z")]
    assert page.notes == {
        "members that are blank nodes, not kept (a member is known by its IRI)": 2,
        "members that name no object they are a version of (http://purl.org/dc/terms/isVersionOf), each read as "
        "an object of its own": 1,
        "members without a time (http://purl.org/dc/terms/created), each taken as its object's latest version": 1}
    assert [page.notes.places[note] for note in sorted(page.notes)] == [
        ["https://ex.be/stream?page=1"], ["https://ex.be/los"], ["https://ex.be/boek1-v1"]]


def test_a_record_harvested_again_and_again_is_kept_once(tmp_path):
    """More harvests than state.json remembers: each record stays in one page file only."""
    records = [OaiRecord(f"oai:x:{n}", "2024-05-01T00:00:00Z", b"<dc/>") for n in range(3)]
    with OaiServer(records, prefix="oai_dc", size=2, now="2024-05-01T00:00:00Z") as server:
        source = load_project(harvest_project(tmp_path, "s", {"oai_pmh": server.base})).source("s")
        for day in range(1, 25):
            server.records[0] = OaiRecord("oai:x:0", f"2024-06-{day:02d}T00:00:00Z", b"<dc/>")
            server.now = f"2024-06-{day:02d}T00:00:00Z"
            kept = harvest(source.harvest)
    state = json.loads((tmp_path / ".cultuurgraaf/harvest/s/state.json").read_text(encoding="utf-8"))
    items = [item[0] for info in state["files"].values() for item in info["items"]]
    assert sorted(items) == ["oai:x:0", "oai:x:1", "oai:x:2"] and len(kept.files) == 3
    assert len(state["harvests"]) == 20


# the build's options ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def members():
    return ghent_members(shared_or_skip("samples", "coghent-ldes", "dmg_objects.ndjson"))[:60]


def test_no_harvest_builds_from_what_the_last_harvest_kept_and_reharvest_asks_everything_again(tmp_path, members):
    folder = harvest_project(tmp_path / "project", "dmg", {"ldes": "http://127.0.0.1:9/stream"})
    with pytest.raises(HarvestError, match="has not been harvested yet"):
        raise build(load_project(folder), fetch=False).failed[0].error
    with StreamServer(members, size=20) as server:
        harvest_project(folder, "dmg", {"ldes": server.stream})
        assert not build(load_project(folder)).failed
        graph = source_graph(load_project(folder), "dmg")
        server.log.clear()
        result = build(load_project(folder), reharvest=True)
        assert result.outcomes[0].harvest.restart == "--reharvest"
        assert sorted(server.log[1:]) == sorted(server.page_paths()), "every page asked again"
    # the server is gone: the build reads the kept pages, and asks nothing
    result = build(load_project(folder), fetch=False, force=True)
    assert not result.failed and result.outcomes[0].harvest.offline
    assert len(source_graph(load_project(folder), "dmg")) == len(graph)


def test_a_second_harvest_of_a_source_at_the_same_time_is_refused(tmp_path):
    folder = HarvestFolder(tmp_path / "harvest", identity={})
    source = load_project(harvest_project(tmp_path, "dmg", {"ldes": "http://127.0.0.1:9/stream",
                                                            "folder": "harvest"})).source("dmg")
    with folder.locked():
        with pytest.raises(HarvestError, match="another build is harvesting this source now"):
            harvest(source.harvest)


def test_deletions_may_empty_a_harvested_source_but_a_harvest_from_the_start_may_not(tmp_path, members):
    entities = sorted({m["http://purl.org/dc/terms/isVersionOf"]["@id"] for m in members})
    with StreamServer(members, size=20) as server:
        harvest_project(tmp_path, "dmg", {"ldes": server.stream})
        assert not build(load_project(tmp_path)).failed
        server.members += [tombstone(entity, f"2021-07-01T00:00:{n:02d}.000Z", members[0]["@context"])
                           for n, entity in enumerate(entities[1:])]
        result = build(load_project(tmp_path))
        assert not result.failed and result.outcomes[0].harvest.deleted == len(entities) - 1
        kept = len(source_graph(load_project(tmp_path), "dmg"))
        server.members = members[:40]  # a stream that lost its history: a harvest from the start finds more
        assert not build(load_project(tmp_path), reharvest=True).failed
        rebuilt = source_graph(load_project(tmp_path), "dmg")
        assert kept < len(rebuilt)
        server.members = [m for m in members if m["http://purl.org/dc/terms/isVersionOf"]["@id"] == entities[0]]
        for options in ({"reharvest": True}, {}):  # refused again by the next build, which goes on from it
            failed = build(load_project(tmp_path), **options).failed
            assert "the source yielded far fewer records than in its last build" in str(failed[0].error)
    assert len(source_graph(load_project(tmp_path), "dmg")) == len(rebuilt)


def test_a_harvest_of_other_settings_starts_from_the_beginning(tmp_path, members):
    with StreamServer(members[:30], size=20) as first, StreamServer(members, size=20) as second:
        harvest_project(tmp_path, "dmg", {"ldes": first.stream})
        assert not build(load_project(tmp_path)).failed
        harvest_project(tmp_path, "dmg", {"ldes": second.stream})
        result = build(load_project(tmp_path))
        assert result.outcomes[0].harvest.restart == "the source's [sources.harvest] settings changed"
        assert len(second.log) == 1 + len(second.page_paths())
    kept = json.loads((tmp_path / ".cultuurgraaf/harvest/dmg/state.json").read_text(encoding="utf-8"))
    assert all(info["url"].startswith(second.stream) for info in kept["files"].values())
