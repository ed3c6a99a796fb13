"""A spreadsheet of names and VIAF ids reconciled against a real server on 127.0.0.1: by OpenRefine
itself (Debian's package, driven over its HTTP API), and by this test as OpenRefine does it (the
manifest first, then the rows in batches of ten, form-encoded), each answer checked against the
Reconciliation API's schemas.

The graph is the demo with a LIDO source of real makers' records: tests/data/lido/een-record.xml
(Henry van de Velde with his VIAF id, a namesake of the demo's own Henry van de Velde, who has none)
and the LIDO exports of ../shared/samples/lido-various, whose makers carry VIAF ids as IRIs
(``http://viaf.org/viaf/…`` and ``https://viaf.org/viaf/…``). tests/data/reconciliation/makers.csv
gives each row's name, VIAF id (a number or an IRI, or none) and the entity it must match (none: no
candidate may be a match).
"""

from __future__ import annotations

import csv
import json

import httpx
import pytest

from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import build
from cultuurgraaf.web.app import create_app
from support.http import serving
from support.openrefine import openrefine_or_skip, running_openrefine
from support.paths import ROOT, shared_or_skip
from support.projects import demo_copy
from support.reconciliation import ReconcileClient

MAKERS = ROOT / "tests" / "data" / "reconciliation" / "makers.csv"
LIDO_RECORD = ROOT / "tests" / "data" / "lido" / "een-record.xml"
BATCH = 10  # rows per request, as OpenRefine sends them


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    exports = sorted(shared_or_skip("samples", "lido-various").glob("*.xml"))
    folder = demo_copy(tmp_path_factory.mktemp("reconcile-csv"))
    inputs = ", ".join(json.dumps(str(path)) for path in [LIDO_RECORD, *exports])
    with (folder / "cultuurgraaf.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'[[sources]]\nname = "lido"\nformat = "lido"\ninputs = [{inputs}]\n')
    project = load_project(folder)
    result = build(project)
    assert not result.failed, [str(o.error) for o in result.failed]
    with serving(create_app(project)) as url:
        yield url


def rows() -> list[dict]:
    with MAKERS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def query(row: dict) -> dict:
    """A row as OpenRefine sends it: the name, and the VIAF column as a property named after the key."""
    body = {"query": row["naam"]}
    if row["viaf"]:
        body["properties"] = [{"pid": "viaf", "v": row["viaf"]}]
    return body


def test_a_csv_of_names_and_viaf_ids_gets_the_right_entities(server):
    table = rows()
    with httpx.Client(base_url=server, timeout=60) as http:
        service = ReconcileClient(http)
        manifest = service.manifest()
        assert manifest["identifierSpace"] == "https://data.cultuurgraaf.be/id/"
        answers = {}
        for start in range(0, len(table), BATCH):
            batch = {f"q{i}": query(table[i]) for i in range(start, min(start + BATCH, len(table)))}
            answers.update(service.reconcile(batch))
    got = []
    for i, row in enumerate(table):
        matched = [c["id"] for c in answers[f"q{i}"]["result"] if c["match"]]
        got.append((row["naam"], row["viaf"], matched[0] if matched else ""))
    assert got == [(row["naam"], row["viaf"], row["verwacht"]) for row in table]


def test_openrefine_reconciles_the_csv_to_the_right_entities(server, tmp_path):
    openrefine_or_skip()
    with httpx.Client(base_url=server, timeout=60) as http:
        manifest = ReconcileClient(http).manifest()
    with running_openrefine(tmp_path / "workspace") as refine:
        project = refine.project(MAKERS)
        refine.reconcile(project, "naam", service={**manifest, "url": server + "/reconcile"},
                         properties={"viaf": "viaf"})
        refine.add_column(project, "naam", "entiteit",
                          "if(cell.recon.judgment == 'matched', cell.recon.match.id, '')")
        got = [(row["viaf"], row["entiteit"]) for row in refine.rows(project)]
    assert got == [(row["viaf"], row["verwacht"]) for row in rows()]


def test_an_id_decides_between_namesakes_the_name_alone_cannot(server):
    with httpx.Client(base_url=server, timeout=60) as http:
        answer = ReconcileClient(http).reconcile({
            "name": {"query": "Henry van de Velde"},
            "viaf": {"query": "Henry van de Velde", "properties": [{"pid": "viaf", "v": "24606226"}]}})
    namesakes = answer["name"]["result"]
    assert sorted(c["id"] for c in namesakes if c["score"] == 100) == [
        "actor/lido-http-viaf-org-viaf-24606226", "persoon/PER0001"]
    assert not any(c["match"] for c in namesakes)
    [by_id] = answer["viaf"]["result"]
    assert (by_id["id"], by_id["score"], by_id["match"]) == ("actor/lido-http-viaf-org-viaf-24606226", 100, True)


def test_the_viaf_ids_come_back_into_the_sheet(server):
    with httpx.Client(base_url=server, timeout=60) as http:
        extended = ReconcileClient(http).extend(
            ["actor/lido-https-de-wikipedia-org-wiki-adam-winter", "persoon/PER0001"], ["viaf", "naam"])
    assert extended["rows"] == {
        "actor/lido-https-de-wikipedia-org-wiki-adam-winter": {"viaf": [{"str": "820272"}],
                                                               "naam": [{"str": "Winter, Adam"}]},
        "persoon/PER0001": {"viaf": [], "naam": [{"str": "Henry van de Velde"}]}}
