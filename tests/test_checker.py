"""The export checker over HTTP: ``POST /controle`` with an upload answers the report in the
uploader's own terms, and a hostile or unreadable upload answers a clear 4xx, leaving nothing on
disk. Each check runs in a worker process of its own, as on a real server; the checks' work
folders go to a folder of the test's own (``[server] check_folder``), which must be empty after
every request.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from support.apps import make_app_client
from support.hostile import LAUGHS_RDF, LAUGHS_XML
from support.http import assert_error_shape
from support.paths import ROOT

from cultuurgraaf.checker.uploads import unpack
from cultuurgraaf.errors import InputTooLarge, SourceError

EXPORT = ROOT / "examples" / "checker" / "objecten.csv"
JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def check_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("checks")


@pytest.fixture(scope="module")
def checker(demo_project, check_folder):
    """A client of the demo's app whose checker takes uploads of 1 MB, unpacks zips to 3 MB and
    runs one check at a time, in ``check_folder``."""
    server = replace(demo_project.server, check_folder=check_folder, max_upload_mb=1, max_unpacked_mb=3,
                     max_concurrent_checks=1)
    with make_app_client(replace(demo_project, server=server)) as client:
        yield client


@pytest.fixture
def nothing_left(check_folder):
    """Fails the test when a check left anything in the checks' folder."""
    yield
    assert list(check_folder.iterdir()) == [], "a check left files behind"


def post(client, name: str, content: bytes, *, kind: str = "objecten", profile: str = "strikt", headers=JSON,
         **fields):
    """The planted export breaks the project's own rules (a title), which only the strict profile
    counts as violations: checked with it unless a test says otherwise."""
    return client.post("/controle", files={"file": (name, content)}, data={"kind": kind, "profile": profile, **fields},
                       headers=headers)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_the_json_report_names_the_row_the_column_and_the_value(checker, nothing_left):
    response = post(checker, "objecten.csv", EXPORT.read_bytes())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["verdict"]["conforms"] is False
    assert body["checked"] == {"files": ["objecten.csv"], "kind": "source:objecten",
                               "kind_title": "Erfgoedobjecten (collectiebeheer, CSV)", "profile": "strikt", "records": 4}
    untitled = next(r for r in body["rows"] if r["check"]["en"] == "title")
    assert (untitled["file"], untitled["line"], untitled["field"]) == ("objecten.csv", 5, "column")
    assert untitled["read"] == [{"reference": "titel", "values": []}, {"reference": "titel_en", "values": []},
                                {"reference": "titel_fr", "values": []}]
    assert untitled["expected"]["en"] == ("The object's title or name, as text with a language tag; one title per "
                                          "language is advised.")
    assert untitled["text"]["nl"] == ("objecten.csv, regel 5, kolom titel, titel_en, titel_fr: leeg; verwacht: De titel "
                                      "of benaming van het object, als tekst met een taalcode; één titel per taal wordt "
                                      "aangeraden.")
    swapped = next(r for r in body["rows"] if r["read"] == [{"reference": "datering", "values": ["1955/1950"]}])
    assert (swapped["severity"], swapped["line"]) == ("Violation", 3)
    assert swapped["text"]["en"].startswith('objecten.csv, line 3, column datering: "1955/1950"; expected: ')
    assert [r["severity"] for r in body["rows"]] == sorted((r["severity"] for r in body["rows"]),
                                                           key=["Violation", "Warning", "Info"].index)
    # the validation report's own entries carry the same: each origin says what its rule read there,
    # and each file is its own source (the summary counts per file, the page filters by file)
    origins = [o for g in body["groups"] for r in g["results"] for o in r.get("origins", [])]
    assert {"source_file": "objecten.csv", "record": "line 3", "rule": "productie: crm:P4_has_time-span",
            "mapping_file": "objecten.yml", "mapping_line": 77,
            "read": [{"reference": "datering", "values": ["1955/1950"]}]} in origins
    assert [s["source"] for s in body["summary"]["sources"]] == ["objecten.csv"]


def test_a_keeper_and_a_maker_known_in_the_graph_are_not_violations(checker, nothing_left):
    """The export links to ORG0001 and PER0001, which the upload does not describe: the graph does."""
    rows = post(checker, "objecten.csv", EXPORT.read_bytes()).json()["rows"]
    assert [r["read"][0]["reference"] for r in rows if r["severity"] == "Violation"] == ["datering", "titel"]


def test_under_the_default_profile_the_projects_own_rules_are_warnings(checker, nothing_left):
    body = post(checker, "objecten.csv", EXPORT.read_bytes(), profile="").json()
    assert body["checked"]["profile"] == "publicatie"
    untitled = next(r for r in body["rows"] if r["check"]["en"] == "title")
    assert (untitled["severity"], untitled["line"]) == ("Warning", 5)


def test_nothing_is_loaded_into_the_graph(checker, demo_project, nothing_left):
    before = checker.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}, headers=JSON).json()
    post(checker, "objecten.csv", EXPORT.read_bytes())
    after = checker.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}, headers=JSON).json()
    assert after == before
    assert checker.get("/doc/erfgoedobject/2024.0001").status_code == 404


@pytest.mark.parametrize("accept, media, expected", [
    ("application/sarif+json", "application/sarif+json", '"startLine": 5'),
    ("text/turtle", "text/turtle", 'cg:sourceFile "objecten.csv"'),
    ("text/csv", "text/csv", "fout,objecten.csv,5,line 5,\"titel, titel_en, titel_fr\",,"),
])
def test_the_report_comes_as_sarif_turtle_or_csv_by_accept(checker, accept, media, expected, nothing_left):
    response = post(checker, "objecten.csv", EXPORT.read_bytes(), headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert expected in response.text
    assert "/work/" not in response.text and str(ROOT) not in response.text, "the server's folders are not named"


def test_a_file_over_the_limit_is_refused_before_it_is_read(checker, nothing_left):
    response = post(checker, "objecten.csv", EXPORT.read_bytes() * 5_000)
    assert_error_shape(response, 413, "input-too-large")
    assert "1 MB" in response.json()["message"]


def test_a_zip_with_a_member_outside_its_folder_is_refused(checker, nothing_left):
    response = post(checker, "export.zip", zipped({"objecten.csv": EXPORT.read_bytes(), "../../etc/cron.d/x": b"x"}))
    body = assert_error_shape(response, 400, "source")
    assert body["location"] == {"path": "export.zip", "record": "member '../../etc/cron.d/x'"}
    assert "outside the folder" in body["message"]


def test_a_zip_bomb_stops_at_the_unpacked_limit(checker, nothing_left):
    bomb = zipped({"objecten.csv": EXPORT.read_bytes() + b"\n" * 10_000_000})
    assert len(bomb) < 100_000
    body = assert_error_shape(post(checker, "export.zip", bomb), 400, "input-too-large")
    assert body["message"].startswith("the zip unpacks to more than 3 MB")


@pytest.mark.parametrize("name, content, kind", [("lido.xml", LAUGHS_XML, "lido"), ("data.rdf", LAUGHS_RDF, "rdf")])
def test_an_xml_bomb_is_refused(checker, name, content, kind, nothing_left):
    body = assert_error_shape(post(checker, name, content.encode(), kind=kind), 400, "input-too-large")
    assert "entities would expand" in body["message"]
    assert body["location"] == {"path": name}


def test_an_external_entity_is_refused(checker, nothing_left):
    xxe = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    body = assert_error_shape(post(checker, "lido.xml", xxe, kind="lido"), 400, "rdf-syntax")
    assert "declared external" in body["message"] and "root:" not in body["message"]


def test_a_csv_that_is_not_utf8_is_refused_at_its_line(checker, nothing_left):
    latin1 = EXPORT.read_text(encoding="utf-8").replace("Suikerpot", "Suikerpöt").encode("latin-1")
    body = assert_error_shape(post(checker, "objecten.csv", latin1), 400, "source")
    assert body["location"] == {"path": "objecten.csv", "record": "line 4"}
    assert body["message"].startswith("the file is not valid utf-8 text (byte 0xF6 at line 4")


LATIN1 = EXPORT.read_text(encoding="utf-8").replace("Suikerpot", "Suikerpöt").encode("latin-1")


@pytest.mark.parametrize("name, content, kind, status, place, said", [
    ("objecten.csv", LATIN1, "objecten", 400, "line 4", "not valid utf-8"),
    ("export.zip", zipped({"objecten.csv": EXPORT.read_bytes(), "../x": b"x"}), "objecten", 400, "member '../x'",
     "outside the folder"),
    ("lido.xml", LAUGHS_XML.encode(), "lido", 400, "", "entities would expand"),
    ("objecten.csv", EXPORT.read_bytes() * 5_000, "objecten", 413, "", "larger than the 1 MB"),
])
def test_an_upload_error_is_shown_on_the_page_with_its_place(checker, name, content, kind, status, place, said,
                                                             nothing_left):
    """A browser gets the form back, the problem above it as a finding with its place, and the status
    an API client gets; a body over the limit too (the app refuses it before the checker reads it)."""
    response = post(checker, name, content, kind=kind, headers={"Accept": "text/html"})
    assert response.status_code == status
    error = html.unescape(re.search(r'<section class="check-error".*?</section>', response.text, re.S).group(0))
    assert said in error and place in error
    if status == 400:
        assert f"<code>{name}</code>" in error
        assert f'value="source:{kind}" selected' in response.text or f'value="format:{kind}" selected' in response.text, \
            "the form keeps what the upload was said to be"
    else:
        assert "Het bestand is groter dan de 1 MB die de controle aanneemt" in error, "said in the page's language"
    assert '<form class="check"' in response.text, "the form is there to try again"


def test_the_page_speaks_the_chosen_language_and_its_report_too(checker, nothing_left):
    checker.cookies.set("lang", "fr")
    response = post(checker, "objecten.csv", EXPORT.read_bytes(), headers={"Accept": "text/html"})
    checker.cookies.clear()
    assert response.status_code == 200 and '<html lang="fr">' in response.text
    assert "<h1>Vérifiez un export</h1>" in response.text and "Non conforme: 2 erreurs, 0 avertissements, 4 conseils." in response.text
    report = re.search(r'<section class="report".*?</section>\s*<section aria-labelledby="formulier"', response.text,
                       re.S).group(0)
    assert "Résumé" in report and "Constats par contrôle" in report and "ligne 5" in report
    for dutch in ("regel 5", ">Samenvatting<", ">Controleer<", "Kies een bestand", ">Het bestand<"):
        assert dutch not in response.text, dutch
    for word in ("script-src 'self' 'sha256-", "style-src 'self' 'sha256-"):
        assert word in response.headers["content-security-policy"], "the report's own script and style are allowed"


@pytest.mark.parametrize("fields, status, kind, said", [
    ({"kind": "dublin-core"}, 400, "bad-parameter", "unknown kind 'dublin-core'"),
    ({"kind": "objecten", "profile": "streng"}, 400, "bad-parameter", "unknown profile 'streng'"),
    ({"kind": "objecten", "colour": "red"}, 400, "bad-parameter", "a field 'colour'"),
])
def test_a_form_the_checker_cannot_use_is_refused(checker, fields, status, kind, said, nothing_left):
    response = checker.post("/controle", files={"file": ("objecten.csv", EXPORT.read_bytes())}, data=fields,
                            headers=JSON)
    assert said in assert_error_shape(response, status, kind)["message"]


def test_a_body_that_is_not_a_form_is_415(checker, nothing_left):
    response = checker.post("/controle", content=EXPORT.read_bytes(), headers={"Content-Type": "text/csv", **JSON})
    assert assert_error_shape(response, 415)["supported"] == ["multipart/form-data"]


def test_an_uploaded_mapping_is_not_run(checker, nothing_left):
    mapping = b"sources:\n  x: [/etc/passwd~csv]\nmappings:\n  x:\n    sources: x\n    s: http://ex.org/$(a)\n"
    body = assert_error_shape(post(checker, "mapping.yml", mapping, kind="rdf"), 400, "source")
    assert "checks data, not mappings" in body["message"]


def test_rdf_as_it_is_names_the_file_of_each_thing(checker, nothing_left):
    turtle = (b"@prefix crm: <http://www.cidoc-crm.org/cidoc-crm/> .\n"
              b"<https://data.cultuurgraaf.be/id/erfgoedobject/T1> a crm:E22_Human-Made_Object .\n")
    response = post(checker, "export.zip", zipped({"een.ttl": turtle, "twee.ttl": b"<http://ex.org/a> <http://ex.org/b> 1 ."}),
                    kind="rdf")
    assert response.status_code == 200, response.text
    titles = [r for r in response.json()["rows"] if r["check"]["en"] == "title"]
    assert [(r["file"], r["thing"]) for r in titles] == [("een.ttl", "https://data.cultuurgraaf.be/id/erfgoedobject/T1")]


def test_each_file_of_a_zip_is_checked_under_its_own_name(checker, nothing_left):
    response = post(checker, "export.zip", zipped({"deel-1/objecten.csv": EXPORT.read_bytes(),
                                                   "deel-2/objecten.csv": EXPORT.read_bytes()}))
    assert response.status_code == 200, response.text
    untitled = [(r["file"], r["line"]) for r in response.json()["rows"] if r["check"]["en"] == "title"]
    assert untitled == [("deel-1/objecten.csv", 5), ("deel-2/objecten.csv", 5)]


def test_beyond_the_cap_a_check_is_503_with_retry_after(checker, nothing_left):
    with checker.app.state.cg.checker.slot():  # the one slot, taken
        response = post(checker, "objecten.csv", EXPORT.read_bytes())
    body = assert_error_shape(response, 503, "check-busy")
    assert response.headers["retry-after"] == "10" and "try again" in body["message"]


def test_a_check_past_its_time_limit_is_stopped(demo_project, check_folder, nothing_left):
    server = replace(demo_project.server, check_folder=check_folder, check_timeout_s=0.05)
    with make_app_client(replace(demo_project, server=server)) as client:
        body = assert_error_shape(post(client, "objecten.csv", EXPORT.read_bytes()), 400, "check-timeout")
    assert body["message"] == "the check took longer than 0.05 s and was stopped"


def test_a_check_past_its_memory_limit_is_stopped_with_a_clear_answer(demo_project, check_folder, nothing_left):
    """A check's worker may allocate ``check_memory_mb``, as a query's may ``query_memory_mb``: with a
    tiny limit the export needs more, and the answer says so (not a 500), its work folder removed."""
    server = replace(demo_project.server, check_folder=check_folder, check_memory_mb=20)
    with make_app_client(replace(demo_project, server=server)) as client:
        body = assert_error_shape(post(client, "objecten.csv", EXPORT.read_bytes()), 400, "check-out-of-memory")
    assert body["message"] == ("the check needed more than the 20 MB of memory the checker gives one check, "
                               "and was stopped")
    assert body["location"] == {"path": "objecten.csv"} and "check_memory_mb" in body["hint"]


def test_the_page_escapes_everything_from_the_upload(checker, nothing_left):
    hostile = EXPORT.read_text(encoding="utf-8").replace("1955/1950", "<script>alert(1)</script>")
    response = post(checker, "objecten<img src=x onerror=alert(2)>.csv", hostile.encode(), headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "<script>alert" not in response.text and "<img" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<code>objecten&lt;img src=x onerror=alert(2)&gt;.csv</code>" in response.text


def test_the_pages_findings_can_be_downloaded_as_csv(checker, nothing_left):
    page = post(checker, "objecten.csv", EXPORT.read_bytes(), headers={"Accept": "text/html"}).text
    link = re.search(r'href="(/controle/bevindingen/[^"]+\.csv)"', page).group(1)
    response = checker.get(link)
    assert response.headers["content-disposition"] == 'attachment; filename="bevindingen.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["ernst"], r["regel"], r["kolom"], r["waarde"]) for r in rows if r["ernst"] == "fout"] == [
        ("fout", "3", "datering", "1955/1950"), ("fout", "5", "titel, titel_en, titel_fr", "")]
    assert checker.get(link.replace(".csv", "x.csv")).status_code == 404


def test_the_form_offers_the_sources_the_formats_and_rdf(checker):
    page = checker.get("/controle").text
    for value in ("source:objecten", "source:personen", "format:lido", "format:uitdatabank", "rdf"):
        assert f'value="{value}"' in page
    assert 'enctype="multipart/form-data"' in page and 'name="profile"' in page
    assert 'href="/controle"' in checker.get("/").text, "the home page links to the checker"


@pytest.mark.parametrize("members, error, said", [
    ({"/etc/passwd": b"x"}, SourceError, "outside the folder"),
    ({"C:\\windows\\x.csv": b"x"}, SourceError, "outside the folder"),
    ({"a/../../b.csv": b"x"}, SourceError, "outside the folder"),
    ({"objecten.csv.gz": b"x"}, SourceError, "is compressed"),
    ({"in.zip": b"x"}, SourceError, "is compressed"),
    ({f"{n}.csv": b"x" for n in range(6)}, InputTooLarge, "holds 6 files"),
])
def test_unpacking_refuses_what_could_escape_or_expand(tmp_path, members, error, said):
    upload = tmp_path / "export.zip"
    upload.write_bytes(zipped(members))
    with pytest.raises(error, match=said):
        unpack(upload, tmp_path / "files", max_unpacked_bytes=1_000, max_members=5)
    assert [p for p in tmp_path.rglob("*") if not p.is_relative_to(tmp_path / "files")] == [upload]
    assert list((tmp_path / "files").iterdir()) == [], "refused before anything was written"


def test_a_symbolic_link_in_a_zip_is_refused(tmp_path):
    member = zipfile.ZipInfo("objecten.csv")
    member.external_attr = (0o120777 << 16)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "/etc/passwd")
    upload = tmp_path / "export.zip"
    upload.write_bytes(buffer.getvalue())
    with pytest.raises(SourceError, match="symbolic link"):
        unpack(upload, tmp_path / "files", max_unpacked_bytes=1_000)


def test_values_the_mapping_could_not_use_are_counted_and_shown_with_their_row(checker, nothing_left):
    """A height that is not a number and a record without an object number make nothing to check:
    the report says so, at their lines in the uploaded file, rather than leaving them out silently."""
    export = EXPORT.read_text(encoding="utf-8").replace('"12,0"', "een beetje").replace("2024.0001,", ",", 1)
    response = post(checker, "export.zip", zipped({"deel-1/objecten.csv": export.encode()}))
    assert response.status_code == 200, response.text
    notes = response.json()["notes"]
    unread = next(n for n in notes if "could not be read" in n)
    assert unread.startswith("1 values could not be read for rule 'hoogte: crm:P90_has_value (cg:decimal)'")
    assert 'deel-1/objecten.csv line 4: "een beetje" (cg:decimal: ' in unread
    assert any(n.startswith("1 records made nothing for 'erfgoedobject' (no subject)") and
               n.endswith("deel-1/objecten.csv line 2") for n in notes), notes

