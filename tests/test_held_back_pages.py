"""An entity that validation held back answers 404 saying so: in which build, from which source,
and with a link to each entry of the report that says why; the report is served, and stays the
one the link was made for through later builds, failed ones included.

The project in tests/cases/validation/planted holds back (see tests/test_quarantine.py) the
objects 2019.0043 and 2019.0045, the production 2019.0044 and the organisation ORG0002 (which a
loaded object still points at), each with its parts (the production of 2019.0043 goes with it).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil

import pytest

from cultuurgraaf.config import load_project
from cultuurgraaf.errors import NotConforming, StoreError
from cultuurgraaf.pipeline import build, load_file
from cultuurgraaf.store import open_store
from support.apps import make_app_client
from support.http import assert_error_shape
from support.paths import ROOT

PLANTED = ROOT / "tests" / "cases" / "validation" / "planted"
ID = "https://data.cultuurgraaf.be/id/"
JSON = {"Accept": "application/json"}
HTML = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}


def planted(store_path):
    project = load_project(PLANTED, store=str(store_path))
    build(project)
    return project


@pytest.fixture(scope="module")
def planted_client(tmp_path_factory):
    with make_app_client(planted(tmp_path_factory.mktemp("planted-store"))) as client:
        yield client


def held_back(client, path: str) -> dict:
    """The JSON answer about a held-back entity, checked for the one error shape."""
    return assert_error_shape(client.get(path, headers=JSON), 404, "held-back")


def test_a_held_back_entity_answers_404_saying_in_which_build_and_from_which_source(planted_client):
    body = held_back(planted_client, "/id/erfgoedobject/2019.0043")  # 303 to /doc/..., which answers
    assert f"validation held back <{ID}erfgoedobject/2019.0043> in build 1 (source objecten)" in body["message"]
    [item] = body["held_back"]
    assert (item["source"], item["build"]) == ("objecten", 1)
    assert item["report"] == "/rapporten/1/objecten.html" and item["report_json"] == "/rapporten/1/objecten.json"
    assert [entry["href"] for entry in item["entries"]] == [f"/rapporten/1/objecten.html#{entry['id']}"
                                                              for entry in item["entries"]]
    assert item["entries"][0]["href"] in body["hint"]


def test_each_link_leads_to_the_entry_of_the_report_that_says_why(planted_client):
    for path in ("/doc/erfgoedobject/2019.0043", "/doc/organisatie/ORG0002", "/doc/productie/2019.0044"):
        [item] = held_back(planted_client, path)["held_back"]
        page = planted_client.get(item["report"])
        assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
        report = planted_client.get(item["report_json"])
        assert report.headers["content-type"] == "application/json"
        ids = json.dumps(report.json())
        for entry in item["entries"]:
            assert f'id="{entry["id"]}"' in page.text, entry  # the anchor the link points at
            assert f'"{entry["id"]}"' in ids


def test_the_page_for_people_says_it_with_the_links(planted_client):
    response = planted_client.get("/doc/erfgoedobject/2019.0043", headers=HTML)
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    [item] = held_back(planted_client, "/doc/erfgoedobject/2019.0043")["held_back"]
    assert "Tegengehouden bij de validatie" in response.text
    assert "In build 1, uit de bron <strong>objecten</strong>" in response.text
    assert f'<a href="{item["entries"][0]["href"]}">' in response.text
    assert '<a href="/rapporten/1/objecten.json">JSON</a>' in response.text


def test_a_part_held_back_with_its_entity_names_that_entity(planted_client):
    body = held_back(planted_client, "/doc/productie/2019.0043")
    [item] = body["held_back"]
    assert item["part_of"] == f"{ID}erfgoedobject/2019.0043"
    assert item["part_of_page"] == "/doc/erfgoedobject/2019.0043"
    assert f"with <{ID}erfgoedobject/2019.0043>, which it is part of" in body["message"]


def test_an_entity_that_loaded_things_still_point_at_is_held_back_not_a_page_of_links(planted_client):
    # an object of line 6 was loaded with its link to ORG0002: the link dangles, the page is a 404
    body = held_back(planted_client, "/doc/organisatie/ORG0002")
    assert body["held_back"][0]["source"] == "organisaties"


def test_a_thing_that_was_never_there_is_a_plain_404(planted_client):
    assert_error_shape(planted_client.get("/doc/erfgoedobject/nooit", headers=JSON), 404, "not-found")


@pytest.mark.parametrize("path, message", [
    ("/rapporten/1/objecten.quarantine.nq", "build 1 has no report 'objecten.quarantine.nq'"),
    ("/rapporten/1/..%2F..%2FCURRENT", "there is no page at"),
    ("/rapporten/1/%2E%2E%2Fgen-000001.json", "there is no page at"),
    ("/rapporten/1/.build.html", "build 1 has no report"),
    ("/rapporten/1/nothing.html", "build 1 has no report 'nothing.html'"),
    ("/rapporten/2/build.html", "the reports of build 2 are not kept"),
    ("/rapporten/0/build.html", "the reports of build 0 are not kept"),
    ("/rapporten/een/build.html", "there is no build 'een'"),
])
def test_only_reports_of_kept_builds_are_served(planted_client, path, message):
    body = assert_error_shape(planted_client.get(path, headers=JSON), 404, "not-found")
    assert message in body["message"]


def test_reports_are_served_read_only_with_their_one_script(planted_client):
    head = planted_client.head("/rapporten/1/build.html")
    assert head.status_code == 200 and head.content == b""
    policy = dict(part.strip().split(" ", 1) for part in head.headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'none'" and policy["connect-src"] == "'self'"
    scripts = re.findall(r"<script>(.*?)</script>", planted_client.get("/rapporten/1/build.html").text, re.S)
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode("ascii")
    assert len(scripts) == 1 and policy["script-src"] == f"'sha256-{digest}'", "only the page's own script runs"
    assert planted_client.put("/rapporten/1/build.html", content=b"x", headers=JSON).status_code == 405
    csv = planted_client.get("/rapporten/1/build.csv")
    assert csv.headers["content-type"] == "text/csv; charset=utf-8" and "attachment" in csv.headers["content-disposition"]


def reports_of(store_path) -> dict[str, bytes]:
    folder = store_path / "reports"
    return {file.name: file.read_bytes() for file in sorted(folder.iterdir())}


def link_works(client, path: str) -> dict:
    """The held-back item of ``path``, after checking its links lead to its entries."""
    [item] = held_back(client, path)["held_back"]
    page = client.get(item["report"])
    assert page.status_code == 200, page.text
    assert all(f'id="{entry["id"]}"' in page.text for entry in item["entries"])
    return item


def test_a_strict_build_that_fails_leaves_the_reports_the_links_point_at(tmp_path):
    store_path = tmp_path / "store"
    project = planted(store_path)
    before = reports_of(store_path)
    with pytest.raises(NotConforming) as failure:
        build(project, strict=True, force=True)
    assert reports_of(store_path) == before
    assert str(store_path / "failed-build" / "build.html") in str(failure.value)
    assert (store_path / "failed-build" / "build.json").is_file()  # the failed build's own report
    with make_app_client(project) as client:
        link_works(client, "/doc/erfgoedobject/2019.0043")


def test_a_build_that_fails_while_writing_leaves_the_reports_the_links_point_at(tmp_path, monkeypatch):
    folder = tmp_path / "planted"
    shutil.copytree(PLANTED, folder)
    toml = folder / "cultuurgraaf.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("../../../../", f"{ROOT}/"), encoding="utf-8")
    project = load_project(folder)
    build(project)
    before = reports_of(project.store_path)
    # the next build would hold back less: its reports are not those of generation 1
    objects = folder / "objecten.csv"
    objects.write_text(objects.read_text(encoding="utf-8").replace("2019.0043,,", "2019.0043,Kandelaar,"),
                       encoding="utf-8")

    def full_disk(*args, **kwargs):
        raise StoreError("no space left on device")

    monkeypatch.setattr("cultuurgraaf.pipeline.index_generation", full_disk)
    with pytest.raises(StoreError):
        build(project)
    assert reports_of(project.store_path) == before
    assert open_store(project.store_path).current_generation() == 1
    failed = (project.store_path / "failed-build" / "objecten.html").read_text(encoding="utf-8")
    assert "2019.0043" not in failed  # the failed build's own report, beside the store's
    with make_app_client(project) as client:
        link_works(client, "/doc/erfgoedobject/2019.0043")


def test_links_stay_true_when_later_builds_keep_the_source_and_when_a_load_follows(tmp_path):
    store_path = tmp_path / "store"
    project = planted(store_path)
    first_report = (store_path / "reports" / "organisaties.html").read_bytes()
    build(project, only=["objecten"], force=True)  # generation 2 keeps the organisations as they were
    extra = tmp_path / "extra.nt"
    extra.write_text('<https://ex.org/a> <https://ex.org/b> "c" .\n', encoding="utf-8")
    load_file(project, extra, graph="https://ex.org/graph/extra")  # generation 3
    with make_app_client(project) as client:
        organisation = link_works(client, "/doc/organisatie/ORG0002")
        assert (organisation["build"], organisation["report"]) == (1, "/rapporten/3/organisaties.html")
        assert client.get(organisation["report"]).content == first_report
        obj = link_works(client, "/doc/erfgoedobject/2019.0043")
        assert (obj["build"], obj["report"]) == (2, "/rapporten/3/objecten.html")
        assert client.get("/rapporten/3/build.html").status_code == 200  # a load keeps the build's report


def test_links_stay_true_after_a_sparql_update(tmp_path):
    from cultuurgraaf.sparql import UpdateJob, execute_update

    store_path = tmp_path / "store"
    project = planted(store_path)
    execute_update(open_store(store_path), UpdateJob(mode="update", text="INSERT DATA { GRAPH <https://ex.org/g> { "
                                                     "<https://ex.org/a> <https://ex.org/b> 1 } }"))
    assert open_store(store_path).current_generation() == 2
    with make_app_client(project) as client:
        assert link_works(client, "/doc/erfgoedobject/2019.0043")["report"] == "/rapporten/2/objecten.html"


def test_a_store_from_before_reports_had_generations_keeps_its_links(tmp_path):
    store_path = tmp_path / "store"
    project = planted(store_path)
    # as an earlier version left it: one reports folder, and held-back entries that point into it
    (store_path / "reports").unlink()
    shutil.move(store_path / "gen-000001.reports", store_path / "reports")
    listed = store_path / "gen-000001.held-back.json"
    listed.write_text(listed.read_text(encoding="utf-8").replace("gen-000001.reports/", "reports/"), encoding="utf-8")
    build(project, only=["objecten"], force=True)
    assert (store_path / "reports").is_symlink()
    with make_app_client(project) as client:
        assert link_works(client, "/doc/organisatie/ORG0002")["report"] == "/rapporten/2/organisaties.html"


def test_the_home_and_dataset_pages_link_to_the_build_report(planted_client):
    home = planted_client.get("/", headers=HTML).text
    assert '<a href="/rapporten/1/build.html">' in home and '<a href="/rapporten/1/build.csv">CSV</a>' in home
    assert '<a href="/rapporten/1/objecten.html">validatierapport</a>' in home
    dataset = planted_client.get("/doc/dataset/objecten", headers=HTML)
    assert dataset.status_code == 200 and '<a href="/rapporten/1/objecten.html">' in dataset.text
    for link in ("/rapporten/1/build.html", "/rapporten/1/objecten.csv", "/rapporten/1/objecten.json"):
        assert planted_client.get(link).status_code == 200, link
