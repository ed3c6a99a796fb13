"""Validation profiles (docs/validation.md, "Profiles"): `oslo` checks the official application
profiles' constraints as violations and nothing stricter, `publicatie` (the default) reports the
project's recommendations as warnings, `strikt` applies the shapes as written.

The planted extract (tests/cases/validation/planted) breaks three of the project's own rules: a
missing title, a date that is not EDTF, a keeper that is not in the register. The real Design
Museum Gent LIDO export has 160 objects and no titles: the OSLO profile allows that
(`crm:P102_has_title` 0..n), so the default build loads them and lists the missing titles.
"""

from __future__ import annotations

import csv
import json

import pytest

from cultuurgraaf.config import load_project
from cultuurgraaf.errors import ArgumentError, ConfigError
from cultuurgraaf.pipeline import build
from cultuurgraaf.store import open_store
from cultuurgraaf.validation.inputs import validate_inputs
from cultuurgraaf.validation.profiles import check_profile
from support.paths import ROOT, SHARED, shared_or_skip

PLANTED = ROOT / "tests" / "cases" / "validation" / "planted"
DMG = SHARED / "samples" / "designmuseumgent-lido" / "wolfers_lido.xml"
CGSH = "https://data.cultuurgraaf.be/shacl/cultuurgraaf#"
#: the three planted errors, by the shape and constraint they break
PLANTED_ERRORS = {(CGSH + "Erfgoedobject.titel", "MinCountConstraintComponent"),
                  (CGSH + "Productie.datering", "PatternConstraintComponent"),
                  (CGSH + "Erfgoedobject.beheerder", "ClassConstraintComponent")}


def planted(profile: str):
    return validate_inputs([PLANTED / "objecten.yml", PLANTED / "register.ttl"], shapes=[ROOT / "shapes"],
                           profile=profile)


def findings(report) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for result in report.results:
        out.setdefault((str(result.shape), result.constraint), set()).add(result.severity)
    return out


def test_strikt_holds_the_planted_records_to_the_project_s_rules():
    report = planted("strikt")
    assert {key for key, severities in findings(report).items() if "Violation" in severities} == PLANTED_ERRORS
    assert report.profiles == {"": "strikt"}


def test_publicatie_reports_the_project_s_rules_as_warnings():
    report = planted("publicatie")
    found = findings(report)
    assert report.conforms and report.counts()["Violation"] == 0
    assert all(found[key] == {"Warning"} for key in PLANTED_ERRORS)


def test_oslo_reports_only_the_official_profiles_constraints_as_violations():
    report = planted("oslo")
    strict = planted("strikt")
    assert not PLANTED_ERRORS & set(findings(report))
    assert {r.severity for r in report.results} <= {"Violation"}
    # what it does report is what the project's shapes report too, at a severity of its own
    assert set(findings(report)) <= set(findings(strict))


def test_a_sparql_constraint_beyond_oslo_is_a_warning_under_publicatie():
    """ORG0003 of tests/cases/validation/identity was dissolved before it was founded: a rule of
    the project's own (a SPARQL-based constraint), so a warning under `publicatie`."""
    identity = ROOT / "tests" / "cases" / "validation" / "identity"
    dates = CGSH + "Organisatie.opheffing-na-oprichting", "SPARQLConstraintComponent"
    for profile, severity in (("publicatie", "Warning"), ("strikt", "Violation")):
        report = validate_inputs([identity / "organisaties.yml"], shapes=[ROOT / "shapes"], profile=profile)
        assert findings(report)[dates] == {severity}, profile


def test_an_unknown_profile_is_refused_with_the_known_ones(tmp_path):
    with pytest.raises(ArgumentError) as caught:
        check_profile("streng")
    assert "publicatie, oslo, strikt" in caught.value.hint
    (tmp_path / "cultuurgraaf.toml").write_text(
        '[project]\nbase_iri = "https://data.cultuurgraaf.be"\n[[sources]]\nname = "a"\nmapping = "a.yml"\n'
        'profile = "streng"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r'\[\[sources\]\] .a. profile: must be one of "publicatie", "oslo", "strikt", not "streng"'):
        load_project(tmp_path)


def test_each_source_is_checked_with_its_own_profile(tmp_path):
    """The planted objects under `publicatie` load; the register under `strikt` still holds back
    ORG0002 for its malformed KBO number."""
    text = (PLANTED / "cultuurgraaf.toml").read_text(encoding="utf-8").replace('profile = "strikt"\n', "")
    text = text.replace('name = "organisaties"\n', 'name = "organisaties"\nprofile = "strikt"\n')
    (tmp_path / "cultuurgraaf.toml").write_text(text.replace("../../../../", str(ROOT) + "/"), encoding="utf-8")
    for name in ("objecten.csv", "objecten.yml", "organisaties.xml", "personen.csv"):
        (tmp_path / name).write_bytes((PLANTED / name).read_bytes())
    result = build(load_project(tmp_path, store=str(tmp_path / "store")))
    assert result.report.profiles == {"objecten": "publicatie", "organisaties": "strikt", "personen": "publicatie"}
    assert {h.source for h in result.report.held_back if h.part_of is None} == {"organisaties"}
    body = json.loads((tmp_path / "store" / "reports" / "build.json").read_text(encoding="utf-8"))
    assert body["profiles"] == result.report.profiles
    assert "oslo" not in (tmp_path / "store" / "reports" / "objecten.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the real Design Museum Gent export

def dmg_build(folder, profile: str | None):
    shared_or_skip("samples", "designmuseumgent-lido", "wolfers_lido.xml")
    line = f'profile = "{profile}"\n' if profile else ""
    (folder / "cultuurgraaf.toml").write_text(
        f'[project]\nbase_iri = "https://data.cultuurgraaf.be"\nstore = "store"\nshapes = ["{ROOT / "shapes"}"]\n'
        f'[[sources]]\nname = "dmg"\ninputs = "{DMG}"\nformat = "lido"\n{line}', encoding="utf-8")
    result = build(load_project(folder))
    project = load_project(folder)
    [row] = open_store(project.store_path).query(
        "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a <http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object> }").rows()
    objects = int(row["n"])
    return result, objects


def title_results(report) -> list:
    return [r for r in report.results if str(r.shape) == CGSH + "Erfgoedobject.titel"
            and r.constraint == "MinCountConstraintComponent"]


def test_the_design_museum_gent_export_loads_under_the_default_profile(tmp_path):
    result, objects = dmg_build(tmp_path, None)
    assert not result.failed and objects == 160
    assert result.report.held_back == [] and result.report.profiles == {"": "publicatie"}
    titles = title_results(result.report)
    assert len(titles) == 160 and {r.severity for r in titles} == {"Warning"}


def test_under_publicatie_the_report_lists_the_missing_titles(tmp_path):
    result, objects = dmg_build(tmp_path, "publicatie")
    assert objects == 160
    body = json.loads((tmp_path / "store" / "reports" / "dmg.json").read_text(encoding="utf-8"))
    [group] = [g for g in body["groups"] if g["shape"] == CGSH + "Erfgoedobject.titel"]
    assert (group["severity"], group["count"], len(group["results"])) == ("Warning", 160, 160)
    assert len({r["focus"] for r in group["results"]}) == 160
    assert all(r["origins"][0]["record"].startswith("/lido:lidoWrap/lido:lido[") for r in group["results"])
    html = (tmp_path / "store" / "reports" / "dmg.html").read_text(encoding="utf-8")
    assert f'id="{group["id"]}"' in html and 'data-severity="Warning" data-count="160"' in html
    with open(tmp_path / "store" / "reports" / "dmg.csv", encoding="utf-8-sig", newline="") as handle:
        lines = [row for row in csv.DictReader(handle) if row["shape"] == CGSH + "Erfgoedobject.titel"]
    assert {row["severity"] for row in lines} == {"Warning"} and len({row["focus"] for row in lines}) == 160


def test_under_oslo_a_missing_title_is_no_finding_but_a_missing_material_is_a_violation(tmp_path):
    """The OSLO profiles allow an object without a title, and require a material and a dimension
    (CEO, BR: `crm:P45_consists_of` and `crm:P43_has_dimension` 1..n), which this export lacks."""
    result, loaded = dmg_build(tmp_path, "oslo")
    assert title_results(result.report) == []
    shapes = {(str(r.shape).removeprefix(CGSH), r.severity) for r in result.report.results}
    assert shapes == {("Erfgoedobject.materiaal-aanwezig", "Violation"), ("Erfgoedobject.dimensie-aanwezig", "Violation")}
    assert loaded == 0 and len([h for h in result.report.held_back if h.part_of is None]) == 160


def test_under_strikt_an_object_without_a_title_is_held_back(tmp_path):
    result, loaded = dmg_build(tmp_path, "strikt")
    assert {r.severity for r in title_results(result.report)} == {"Violation"}
    assert loaded == 0 and len([h for h in result.report.held_back if h.part_of is None]) == 160
