"""Harvesting an OAI-PMH endpoint: the LIDO samples of 15 publishers, served as a repository on 127.0.0.1.

Every lido:lido record of ../shared/samples/lido-various becomes a record of an
:class:`OaiServer` (tests/support/harvest_servers.py), which answers ListRecords ten records a
page with resumption tokens. The first harvest must ask for every page once (and wait when the
server says it is busy); after one record changed and one was deleted, the second harvest must
ask only for what changed since the first began, and its graph must be the graph of the records
as they are then, made with format = "lido" from one file, without a harvest.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import etree
from click.testing import CliRunner
from rdflib import URIRef

from cultuurgraaf.cli import main
from cultuurgraaf.config import load_project
from cultuurgraaf.errors import HarvestError
from cultuurgraaf.pipeline import build
from cultuurgraaf.vocab import CRM
from support.graphs import assert_same_graph
from support.harvest_servers import LIDO, OaiRecord, OaiServer, lido_records
from support.paths import ROOT, shared_or_skip
from support.projects import build_kind, harvest_project, source_graph

CHANGED, DELETED = 0, 1  # the first two records: Botticelli's Primavera, and the Fontana del Moro
TITLE = f"{{{LIDO}}}descriptiveMetadata/{{{LIDO}}}objectIdentificationWrap/{{{LIDO}}}titleWrap/" \
        f"{{{LIDO}}}titleSet/{{{LIDO}}}appellationValue"


@pytest.fixture
def records() -> list[OaiRecord]:
    return lido_records(shared_or_skip("samples", "lido-various"))


def expected_graph(folder, records):
    """The graph of the records' LIDO read from one lidoWrap file with format = "lido"."""
    folder.mkdir()
    wrap = b"".join(r.metadata for r in records if r.metadata is not None)
    path = folder / "records.xml"
    path.write_bytes(b'<lido:lidoWrap xmlns:lido="http://www.lido-schema.org">' + wrap + b"</lido:lidoWrap>")
    return build_kind(folder, "lido", [path], shapes=False)[0]


def requests(server: OaiServer) -> list[dict]:
    return [{k: v[0] for k, v in parse_qs(urlsplit(line).query).items()} for line in server.log]


def built(project):
    result = build(project)
    assert not result.failed, [str(o.error) for o in result.failed]
    return result.outcomes[0]


def retitled(record: OaiRecord, title: str, datestamp: str) -> OaiRecord:
    element = etree.fromstring(record.metadata)
    for value in element.findall(TITLE):
        value.text = title
    return OaiRecord(record.identifier, datestamp, etree.tostring(element, encoding="utf-8"))


def test_an_endpoint_is_harvested_then_only_what_changed_from_the_first_harvest_on(tmp_path, records):
    with OaiServer(records, size=10, now="2024-05-01T10:00:00Z") as server:
        project = load_project(harvest_project(tmp_path / "project", "lido",
                                               {"oai_pmh": server.base, "metadata_prefix": "lido"}))
        server.busy = 1  # the first request is answered 503 with Retry-After: 1
        first = built(project)
        pages = -(-len(records) // 10)
        assert requests(server) == [{"verb": "Identify"}] * 2 + [{"verb": "ListRecords", "metadataPrefix": "lido"}] + [
            {"verb": "ListRecords", "resumptionToken": f"{n * 10}|"} for n in range(1, pages)]
        assert first.harvest.new == len(records) and first.status == "built"
        graph = source_graph(project, "lido")
        assert_same_graph(graph, expected_graph(tmp_path / "first", records))
        objects = set(graph.subjects(URIRef(CRM.P102_has_title), None))

        old_title = etree.fromstring(records[CHANGED].metadata).find(TITLE).text
        server.log.clear()
        server.records[CHANGED] = retitled(records[CHANGED], "La Primavera (titel gewijzigd)", "2024-05-02T09:00:00Z")
        server.records[DELETED] = OaiRecord(records[DELETED].identifier, "2024-05-02T09:30:00Z", None)
        server.now = "2024-05-02T10:00:00Z"
        second = built(project)
        assert requests(server) == [{"verb": "Identify"},
                                    {"verb": "ListRecords", "metadataPrefix": "lido", "from": "2024-05-01T10:00:00Z"}]
        assert (second.harvest.new, second.harvest.deleted, second.harvest.records) == (1, 1, len(records) - 1)
        graph = source_graph(project, "lido")
        titles = {str(title) for title in graph.objects(None, URIRef(CRM.P102_has_title))}
        assert "La Primavera (titel gewijzigd)" in titles and old_title not in titles
        assert len(set(graph.subjects(URIRef(CRM.P102_has_title), None))) == len(objects) - 1
        assert_same_graph(graph, expected_graph(tmp_path / "second", server.records))


def test_the_harvest_keeps_each_record_in_one_page_file_whose_url_the_state_names(tmp_path, records):
    with OaiServer(records, size=10) as server:
        project = load_project(harvest_project(tmp_path, "lido", {"oai_pmh": server.base, "metadata_prefix": "lido"},
                                               shapes=True))
        built(project)
        server.records[DELETED] = OaiRecord(records[DELETED].identifier, "2024-05-02T09:30:00Z", None)
        server.now = "2024-05-02T10:00:00Z"
        built(project)
    folder = tmp_path / ".cultuurgraaf" / "harvest" / "lido"
    state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    # the validation report points at the harvested pages, and at the record in each
    report = json.loads((tmp_path / "store" / "reports" / "build.json").read_text(encoding="utf-8"))
    origins = [o for group in report["groups"] for result in group["results"] for o in result["origins"]]
    assert origins and {Path(o["source_file"]).name for o in origins} <= set(state["files"])
    assert all(re.match(r"/\*/\*\[3\]/\*\[\d+\]/\*\[2\]/lido:lido", o["record"]) for o in origins)
    identifiers = []
    for name, info in state["files"].items():
        root = etree.parse(str(folder / "pages" / name)).getroot()
        found = root.findall("{*}ListRecords/{*}record/{*}header/{*}identifier")
        identifiers += [element.text for element in found]
        assert [item[0] for item in info["items"]] == [element.text for element in found]
        assert info["url"].startswith(server.base + "?verb=ListRecords")
    assert sorted(identifiers) == sorted(r.identifier for i, r in enumerate(records) if i != DELETED)
    # the first page lost its deleted record: written again under a new name
    assert next(iter(sorted(state["files"]))).endswith(".r2.xml")


def test_a_page_that_is_not_xml_fails_with_its_url_and_line_and_the_store_keeps_its_graph(tmp_path, records):
    with OaiServer(records, size=10) as server:
        folder = harvest_project(tmp_path, "lido", {"oai_pmh": server.base, "metadata_prefix": "lido"})
        assert CliRunner().invoke(main, ["build", str(folder), "--quiet"]).exit_code == 0
        before = source_graph(load_project(folder), "lido")
        server.broken = {"/oai?verb=ListRecords&resumptionToken=10%7C"}
        result = CliRunner().invoke(main, ["build", str(folder), "--reharvest", "--quiet"])
        assert result.exit_code == 3
        assert f"lido: failed: {server.base}?verb=ListRecords&resumptionToken=10%7C, line " in result.output
        assert "page 2 of the harvest: the answer is not well-formed XML" in result.output
        assert "the store was left as it was" in result.output
        assert_same_graph(source_graph(load_project(folder), "lido"), before)


def test_an_oai_pmh_error_is_named_with_the_repositorys_words(tmp_path, records):
    with OaiServer(records, prefix="lido") as server:
        project = load_project(harvest_project(tmp_path, "dc", {"oai_pmh": server.base}))
        assert project.source("dc").format == "oai-dc"  # oai_dc, the prefix every repository gives
        with pytest.raises(HarvestError, match="OAI-PMH error cannotDisseminateFormat: only lido") as caught:
            raise build(project).failed[0].error
        assert "ListMetadataFormats" in caught.value.hint


def test_records_that_cannot_be_used_are_counted_and_named_and_the_harvest_goes_on(tmp_path, records):
    with OaiServer(records, size=10, now="2024-05-01T10:00:00Z") as server:
        folder = harvest_project(tmp_path, "lido", {"oai_pmh": server.base, "metadata_prefix": "lido"})
        assert CliRunner().invoke(main, ["build", str(folder), "--quiet"]).exit_code == 0
        before = source_graph(load_project(folder), "lido")
        emptied = records[CHANGED].identifier
        server.records[CHANGED] = OaiRecord(emptied, "2024-05-02T09:00:00Z", b"")
        server.records.append(OaiRecord("", "2024-05-02T09:10:00Z", records[DELETED].metadata))
        server.now = "2024-05-02T10:00:00Z"
        result = CliRunner().invoke(main, ["build", str(folder), "--quiet"])
    assert result.exit_code == 0, result.output
    shown = "\n".join(result.output.replace(server.url, "http://127.0.0.1:8766").splitlines()[:3])
    assert f"```text\n{shown}\n```" in (ROOT / "docs" / "add-a-source.md").read_text(encoding="utf-8"), \
        "docs/add-a-source.md shows this summary"
    page = f"{server.base}?verb=ListRecords&metadataPrefix=lido&from=2024-05-01T10%3A00%3A00Z"
    assert f"  records without an identifier in their header, not kept: 1 ({page} (record 2))" in result.output
    assert ("  records without metadata (and not deleted), not kept: a version harvested before stays: 1 "
            f"({emptied})") in result.output
    # the record without metadata keeps the version harvested before; nothing else changed
    assert_same_graph(source_graph(load_project(folder), "lido"), before)
    state = json.loads((folder / ".cultuurgraaf/harvest/lido/state.json").read_text(encoding="utf-8"))
    assert state["harvests"][-1]["notes"]["records without an identifier in their header, not kept"] == {
        "count": 1, "places": [f"{page} (record 2)"]}
    assert sum(len(info["items"]) for info in state["files"].values()) == len(records)
