"""Harvesting an event stream: the Ghent museums' members, served as pages on 127.0.0.1.

The 450 members of ../shared/samples/coghent-ldes/dmg_objects.ndjson (versions of 98 objects)
are cut, by time, into pages of 50 that a :class:`StreamServer` serves the way the server that
published that stream did (tests/support/harvest_servers.py). The stream first holds the 420
oldest members; then the 30 newest and a member that deletes one object are published. Each
harvest's graph must be the graph the oslo-ldes format makes of the same members read from one
file, and each harvest may ask only for what can have changed.
"""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest
from rdflib import URIRef

from cultuurgraaf.config import load_project
from cultuurgraaf.errors import HarvestError
from cultuurgraaf.pipeline import build
from support.graphs import assert_same_canonical_graph
from support.harvest_servers import StreamServer, ghent_members, tombstone
from support.paths import shared_or_skip
from support.projects import build_kind, harvest_project, source_graph

#: the object deleted in the second harvest: the sample's first member, a massage device by Nova
DELETED = "https://stad.gent/id/mensgemaaktobject/dmg/530029181"


@pytest.fixture(scope="module")
def members() -> list[dict]:
    path = shared_or_skip("samples", "coghent-ldes", "dmg_objects.ndjson")
    return sorted(ghent_members(path), key=lambda member: member["prov:generatedAtTime"])


def expected_graph(folder, members):
    """The graph of ``members`` read from one file with format = "oslo-ldes", without a harvest."""
    folder.mkdir()
    path = folder / "members.ndjson"
    path.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in members), encoding="utf-8")
    return build_kind(folder, "oslo-ldes", [path], shapes=False)[0]


def asked(server: StreamServer) -> list[str]:
    return [unquote(line) for line in server.log]


def built(project):
    result = build(project)
    assert not result.failed, [str(o.error) for o in result.failed]
    return result.outcomes[0]


def test_a_stream_is_harvested_then_only_its_changed_pages_are_asked_and_a_deletion_removes(tmp_path, members):
    assert DELETED in {m["http://purl.org/dc/terms/isVersionOf"]["@id"] for m in members[:420]}
    with StreamServer(members[:420], size=50) as server:
        project = load_project(harvest_project(tmp_path / "project", "dmg", {"ldes": server.stream}))

        first = built(project)
        pages = [unquote(path) for path in server.page_paths()]
        assert len(pages) == 9
        assert asked(server)[0] == "/dmg/objecten"  # the stream's URL, which leads to its latest page
        assert sorted(asked(server)[1:]) == sorted(pages), "every page once"
        assert first.status == "built" and first.harvest.new + first.harvest.passed_members == 420
        assert_same_canonical_graph(source_graph(project, "dmg"), expected_graph(tmp_path / "first", members[:420]))

        server.log.clear()
        server.members += [*members[420:], tombstone(DELETED, "2021-07-01T08:00:00.000Z", members[0]["@context"])]
        second = built(project)
        pages = [unquote(path) for path in server.page_paths()]
        assert len(pages) == 10
        # the stream's URL (now leading to a new page), and the page that was the latest: not the 8 immutable ones
        assert asked(server) == ["/dmg/objecten", pages[9], pages[8]]
        # the newest page (asked first) deletes the object; its last version, among the 30, is older
        assert (second.harvest.new, second.harvest.deleted, second.harvest.passed_members) == (29, 1, 1)
        assert second.status == "built"
        graph = source_graph(project, "dmg")
        assert (URIRef(DELETED), None, None) not in graph
        survivors = [m for m in members if m["http://purl.org/dc/terms/isVersionOf"]["@id"] != DELETED]
        assert_same_canonical_graph(graph, expected_graph(tmp_path / "second", survivors))

        server.log.clear()
        third = built(project)
        assert asked(server) == ["/dmg/objecten", pages[9]]  # asked with its ETag: 304 Not Modified
        assert third.harvest.unchanged == 1 and third.status == "unchanged"


def test_the_harvest_folder_keeps_each_objects_latest_member_once_and_names_each_pages_url(tmp_path, members):
    with StreamServer(members, size=50) as server:
        project = load_project(harvest_project(tmp_path, "dmg", {"ldes": server.stream}))
        built(project)
        folder = tmp_path / ".cultuurgraaf" / "harvest" / "dmg"
        state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        lines = [json.loads(line) for path in sorted((folder / "pages").iterdir())
                 for line in path.read_text(encoding="utf-8").splitlines()]
        entities = [m["http://purl.org/dc/terms/isVersionOf"]["@id"] for m in lines]
        assert len(entities) == len(set(entities)) == 98
        assert all("memberOf" not in m for m in lines), "the page's membership statement is the stream's, not the object's"
        assert sorted(state["files"]) == sorted(p.name for p in (folder / "pages").iterdir())
        assert {unquote(info["url"]) for info in state["files"].values()} <= {server.url + p for p in
                                                                               map(unquote, server.page_paths())}


def test_a_page_that_is_not_json_fails_the_build_and_keeps_the_graph_and_harvest_before(tmp_path, members):
    with StreamServer(members[:420], size=50) as server:
        project = load_project(harvest_project(tmp_path, "dmg", {"ldes": server.stream}))
        built(project)
        state = (tmp_path / ".cultuurgraaf" / "harvest" / "dmg" / "state.json").read_bytes()
        before = source_graph(project, "dmg")
        server.members += members[420:]
        server.broken = {server.page_paths()[-1]}
        result = build(project)
        error = result.failed[0].error
        assert isinstance(error, HarvestError)
        assert unquote(str(error)).startswith(server.url + server.page_paths()[-1])
        assert "page 1 of the harvest" in str(error) and "the page is not JSON" in str(error)
        assert result.generation is None
        assert (tmp_path / ".cultuurgraaf" / "harvest" / "dmg" / "state.json").read_bytes() == state
        assert_same_canonical_graph(source_graph(project, "dmg"), before)
