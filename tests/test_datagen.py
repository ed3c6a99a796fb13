"""The data generator (benchmarks/datagen.py) and the bundled demo extracts (examples/demo/data).

Both must give five files in the formats of docs/model.md whose records link only through shared
identifiers, and every such reference must resolve.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "datagen.py"
DEMO = ROOT / "examples" / "demo" / "data"
MODEL = ROOT / "docs" / "model.md"
FILES = ("objecten.csv", "personen.csv", "organisaties.xml", "erfgoedinstellingen.csv", "activiteiten.json")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BRUSSELS = ZoneInfo("Europe/Brussels")


def _load_datagen():
    spec = importlib.util.spec_from_file_location("datagen", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["datagen"] = module
    spec.loader.exec_module(module)
    return module


datagen = _load_datagen()

SMALL = ["--objects", "400", "--persons", "70", "--organisations", "75", "--venues", "66", "--activities", "150"]


def generate(out: Path, *extra: str) -> Path:
    assert datagen.main([*SMALL, "--out", str(out), "--quiet", "--jobs", "1", *extra]) == 0
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("gen"))


# ---------------------------------------------------------------------------------------------
# Reading the five files


class Extract:
    def __init__(self, folder: Path):
        with open(folder / "objecten.csv", encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            self.object_columns = reader.fieldnames
            self.objects = list(reader)
        with open(folder / "personen.csv", encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            self.person_columns = reader.fieldnames
            self.persons = list(reader)
        with open(folder / "erfgoedinstellingen.csv", encoding="utf-8", newline="") as f:
            self.institutions = list(csv.DictReader(f))
        self.register = ET.parse(folder / "organisaties.xml").getroot()
        self.orgs = self.register.findall("organisatie")
        self.venues = [(org, loc) for org in self.orgs for loc in org.findall("locaties/locatie")]
        with open(folder / "activiteiten.json", encoding="utf-8") as f:
            self.feed = json.load(f)
        self.events = [item["event"] for item in self.feed["rootObject"][1:]]


@pytest.fixture(scope="module")
def small_extract(small) -> Extract:
    return Extract(small)


@pytest.fixture(scope="module")
def demo() -> Extract:
    return Extract(DEMO)


def check_integrity(x: Extract) -> None:
    """Every identifier is unique and every cross-source reference resolves."""
    org_ids = [o.get("id") for o in x.orgs]
    person_ids = [p["id"] for p in x.persons]
    venue_ids = [loc.get("id") for _org, loc in x.venues]
    numbers = [o["objectnummer"] for o in x.objects]
    for name, ids in (("organisation", org_ids), ("person", person_ids), ("venue", venue_ids), ("object number", numbers),
                      ("event cdbid", [e["cdbid"] for e in x.events])):
        dupes = [k for k, n in Counter(ids).items() if n > 1]
        assert not dupes, f"duplicate {name} ids: {dupes[:5]}"
    assert all(re.fullmatch(r"ORG\d{4,}", i) for i in org_ids)
    assert all(re.fullmatch(r"PER\d{4,}", i) for i in person_ids)
    assert all(re.fullmatch(r"LOC\d{4,}", i) for i in venue_ids)

    orgs, persons = set(org_ids), set(person_ids)
    for obj in x.objects:
        assert obj["beheerder_id"] in orgs, f"{obj['objectnummer']}: unknown holder {obj['beheerder_id']}"
        assert obj["vervaardiger_id"] == "" or obj["vervaardiger_id"] in persons, obj["objectnummer"]
        assert obj["titel"].strip(), f"{obj['objectnummer']} has no Dutch title"

    org_cdbid = {o.get("id"): o.findtext("uitdatabank") for o in x.orgs}
    venue_cdbid = {loc.get("id"): loc.get("uitdatabank") for _org, loc in x.venues}
    cdbids = [c for c in list(org_cdbid.values()) + list(venue_cdbid.values()) if c]
    assert len(cdbids) == len(set(cdbids)), "a cdbid is used twice in the register"
    for event in x.events:
        organiser, location = event["organiser"]["label"], event["location"]["label"]
        assert organiser["externalid"] in org_cdbid, organiser
        assert organiser["cdbid"] and organiser["cdbid"] == org_cdbid[organiser["externalid"]], organiser
        assert location["externalid"] in venue_cdbid, location
        assert location["cdbid"] and location["cdbid"] == venue_cdbid[location["externalid"]], location

    kbo = [o.findtext("kbo") for o in x.orgs if o.findtext("kbo")]
    assert len(kbo) == len(set(kbo)), "KBO numbers must be unique"
    assert all(re.fullmatch(r"0\d{3}\.\d{3}\.\d{3}", k) for k in kbo), kbo[:5]
    isil = [o.findtext("isil") for o in x.orgs if o.findtext("isil")]
    assert len(isil) == len(set(isil)) and all(i.startswith("BE-") for i in isil)


def check_vocabularies(x: Extract) -> None:
    """The same object name or material always carries the same AAT id."""
    names: dict[str, set[str]] = {}
    materials: dict[str, set[str]] = {}
    for obj in x.objects:
        if obj["objectnaam_aat"]:
            assert re.fullmatch(r"300\d{6}", obj["objectnaam_aat"])
            names.setdefault(obj["objectnaam"], set()).add(obj["objectnaam_aat"])
        if obj["materiaal_aat"]:
            mats, ids = obj["materiaal"].split(";"), obj["materiaal_aat"].split(";")
            assert len(mats) == len(ids), obj["objectnummer"]
            for m, i in zip(mats, ids):
                assert re.fullmatch(r"300\d{6}", i)
                materials.setdefault(m, set()).add(i)
    assert names and all(len(ids) == 1 for ids in names.values()), names
    assert materials and all(len(ids) == 1 for ids in materials.values()), materials
    by_id: dict[str, set[str]] = {}
    for name, ids in names.items():
        by_id.setdefault(next(iter(ids)), set()).add(name)
    assert all(len(n) == 1 for n in by_id.values()), by_id


def check_events(x: Extract) -> None:
    assert x.feed["rootObject"][0] == {"Long": len(x.events)}
    for event in x.events:
        details = event["eventdetails"]["eventdetail"]
        assert details[0]["lang"] == "nl" and details[0]["title"]
        assert {d["lang"] for d in details} <= {"nl", "fr"}
        stamps = event["calendar"]["timestamps"]["timestamp"]
        assert 1 <= len(stamps) <= 3
        for stamp in stamps:
            local = dt.datetime.fromtimestamp(stamp["date"] / 1000, BRUSSELS)
            assert (local.hour, local.minute, local.second) == (0, 0, 0), f"not local midnight: {local}"
            assert 2025 <= local.year <= 2027
            assert 0 <= stamp["timestart"] < 86_400_000
        types = {c["type"] for c in event["categories"]["category"]}
        assert "eventtype" in types
        for c in event["categories"]["category"]:
            assert re.fullmatch(r"\d+(\.\d+){4}", c["catid"]), c


# ---------------------------------------------------------------------------------------------
# The generator


def test_generated_files_parse_with_the_requested_counts(small_extract):
    x = small_extract
    assert len(x.objects) == 400
    assert len(x.persons) == 70
    assert len(x.orgs) == 75
    assert len(x.venues) == 66
    assert len(x.events) == 150
    assert x.register.tag == "organisaties" and x.register.get("exportdatum")


def test_generated_columns_are_those_of_the_model(small_extract):
    assert small_extract.object_columns == model_columns("objecten.csv")
    assert small_extract.person_columns == model_columns("personen.csv")


def test_generated_references_resolve(small_extract):
    check_integrity(small_extract)


def test_generated_vocabularies_and_events(small_extract):
    check_vocabularies(small_extract)
    check_events(small_extract)


def test_generated_quirks_are_present(small_extract):
    x = small_extract
    descriptions = [o["beschrijving"] for o in x.objects]
    assert sum("<script" in d for d in descriptions) == 1
    assert any("<p>" in d for d in descriptions) and any("<br />" in d for d in descriptions)
    assert any("," in o["hoogte_cm"] for o in x.objects) and any("." in o["hoogte_cm"] for o in x.objects)
    assert any(o["hoogte_cm"] == "" for o in x.objects)
    assert any(o["vervaardiger_id"] == "" for o in x.objects)
    datings = [o["datering"] for o in x.objects]
    for pattern in (r"\d{4}", r"ca\. \d{4}", r"\d{4}~/\d{4}~", r"\d\d/\d\d/\d{4}", r"\d{4}-\d\d-\d\d", r"/\d{4}"):
        assert any(re.fullmatch(pattern, d) for d in datings), pattern
    assert "0001-01-01" in datings and "" in datings
    prices = [d["price"] for e in x.events for d in e["eventdetails"]["eventdetail"]]
    assert None in prices and any(p and p["pricevalue"] == 0.0 for p in prices)


def test_the_checks_catch_a_broken_link(tmp_path, small):
    """The integrity check is not vacuous: one holder id that the register lacks makes it fail."""
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in FILES:
        (broken / name).write_bytes((small / name).read_bytes())
    text = (broken / "objecten.csv").read_text(encoding="utf-8")
    (broken / "objecten.csv").write_text(text.replace(",ORG0001,", ",ORG9999,", 1), encoding="utf-8")
    with pytest.raises(AssertionError, match="unknown holder ORG9999"):
        check_integrity(Extract(broken))
    (broken / "objecten.csv").write_text(text, encoding="utf-8")
    feed = (broken / "activiteiten.json").read_text(encoding="utf-8")
    (broken / "activiteiten.json").write_text(feed.replace('"externalid": "LOC0001"', '"externalid": "LOC0002"', 1), encoding="utf-8")
    with pytest.raises(AssertionError):
        check_integrity(Extract(broken))


def test_generator_is_deterministic(tmp_path, small):
    again = generate(tmp_path / "again")
    for name in FILES:
        assert (again / name).read_bytes() == (small / name).read_bytes(), name
    other = generate(tmp_path / "other", "--seed", "7")
    assert (other / "objecten.csv").read_bytes() != (small / "objecten.csv").read_bytes()


def test_two_processes_write_the_same_bytes_as_one(tmp_path, small):
    parallel = tmp_path / "parallel"
    assert datagen.main([*SMALL, "--out", str(parallel), "--quiet", "--jobs", "2"]) == 0
    for name in FILES:
        assert (parallel / name).read_bytes() == (small / name).read_bytes(), name


def test_defaults_scale_with_the_number_of_objects(tmp_path):
    args = datagen.parse_args(["--objects", "2000", "--out", str(tmp_path)])
    assert (args.persons, args.organisations, args.venues, args.activities) == (200, 20, 20, 1000)
    args = datagen.parse_args(["--objects", "10", "--out", str(tmp_path)])
    assert args.organisations == 5 and args.persons == 1


def test_a_tiny_run_still_links(tmp_path):
    out = tmp_path / "tiny"
    assert datagen.main(["--objects", "20", "--out", str(out), "--quiet", "--jobs", "1"]) == 0
    x = Extract(out)
    assert (len(x.objects), len(x.persons), len(x.orgs), len(x.events)) == (20, 2, 5, 10)
    check_integrity(x)


def test_command_line_help_and_summary(tmp_path):
    shown = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, check=True).stdout
    assert "--objects" in shown and "--seed" in shown and "datagen.py --objects 100000 --out /tmp/gen" in shown
    run = subprocess.run([sys.executable, str(SCRIPT), "--objects", "50", "--out", str(tmp_path / "cli")],
                         capture_output=True, text=True, check=True)
    assert "objecten.csv" in run.stdout and "total" in run.stdout
    assert "datagen:" in run.stderr


# ---------------------------------------------------------------------------------------------
# The bundled demo


def model_columns(filename: str) -> list[str]:
    """The columns docs/model.md gives for a demo CSV file."""
    text = MODEL.read_text(encoding="utf-8")
    section = text.split(f"### `{filename}`", 1)[1].split("\n### ", 1)[0]
    if "| column |" in section:  # a table: the first cell of each row names one or more columns
        cells = re.findall(r"^\| (`[^|]+) \|", section, flags=re.M)
        return [c for cell in cells for c in re.findall(r"`([a-z_]+)`", cell)]
    return [c for c in re.findall(r"`([^`]+)`", section) if re.fullmatch(r"[a-z_]+", c)]


def test_demo_has_the_columns_of_the_model(demo):
    assert demo.object_columns == model_columns("objecten.csv")
    assert demo.person_columns == model_columns("personen.csv")


def test_demo_record_counts(demo):
    for name, count in (("objects", len(demo.objects)), ("persons", len(demo.persons)), ("organisations", len(demo.orgs)),
                        ("venues", len(demo.venues)), ("activities", len(demo.events))):
        assert 50 <= count <= 200, f"{name}: {count}"


def test_demo_references_resolve(demo):
    check_integrity(demo)
    check_vocabularies(demo)
    check_events(demo)


def test_demo_has_exactly_one_script_tag(demo):
    hits = [o["objectnummer"] for o in demo.objects if "<script" in o["beschrijving"].lower()]
    assert len(hits) == 1, hits
    assert not any("<script" in json.dumps(e).lower() for e in demo.events)


def test_demo_design_museum_gent_keeps_objects_and_organises_activities(demo):
    dmg = [o for o in demo.orgs if o.findtext("naam") == "Design Museum Gent"]
    assert len(dmg) == 1 and dmg[0].findtext("wikidata") == "Q1809071"
    dmg_id = dmg[0].get("id")
    assert sum(o["beheerder_id"] == dmg_id for o in demo.objects) >= 10
    assert sum(e["organiser"]["label"]["externalid"] == dmg_id for e in demo.events) >= 3
    holders = {o["beheerder_id"] for o in demo.objects}
    organisers = {e["organiser"]["label"]["externalid"] for e in demo.events}
    assert len(holders & organisers) >= 5


def test_the_isil_register_describes_the_register_s_institutions_again(demo):
    """The ISIL register repeats what the register says of the organisations with an ISIL code, which is
    what the demo's [[links]] rules join them by."""
    register = {o.findtext("isil"): o for o in demo.orgs if o.findtext("isil")}
    assert sorted(register) == [row["isil"] for row in demo.institutions]
    for row in demo.institutions:
        org = register[row["isil"]]
        assert row["naam"] == demo_facts_name(org)
        assert (row["kbo"], row["wikidata"]) == (org.findtext("kbo") or "", org.findtext("wikidata") or "")
    assert [row["wikidata"] for row in demo.institutions if row["wikidata"]] == ["Q1809071"]


def test_demo_makers_have_names_in_other_scripts_and_other_spellings(demo):
    henry = next(p for p in demo.persons if p["volledige_naam"] == "Henry van de Velde")
    assert (henry["naam_ru"], henry["naam_ja"]) == ("Анри ван де Велде", "アンリ・ヴァン・デ・ヴェルデ")
    assert "Henri van de Velde" in henry["schrijfwijzen"].split(";")
    assert all(re.fullmatch(r"[\u0400-\u04FF .-]*", p["naam_ru"]) for p in demo.persons)


def demo_facts_name(org) -> str:
    return next(n.text.strip() for n in org.findall("naam") if n.get(XML_LANG) == "nl")


def test_demo_is_what_the_generator_writes(tmp_path):
    """The committed demo is datagen.py --demo, byte for byte: regenerate it rather than editing it by hand."""
    assert datagen.main(["--demo", "--out", str(tmp_path), "--quiet", "--jobs", "1"]) == 0
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DEMO / name).read_bytes(), f"{name} differs from datagen.py --demo"
    drawn = sorted(path.name for path in (tmp_path / "beelden").iterdir())
    assert drawn == sorted(path.name for path in (DEMO / "beelden").iterdir()), "the demo's pictures differ"
    for name in drawn:
        assert (tmp_path / "beelden" / name).read_bytes() == (DEMO / "beelden" / name).read_bytes(), name
