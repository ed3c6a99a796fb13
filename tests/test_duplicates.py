"""Identity checks within a source: one authority id on several things is a possible duplicate.

tests/cases/validation/identity/ holds a persons authority where PER0001 and PER0003 carry one
Wikidata item and PER0002 and PER0005 one item written two ways (an entity IRI, a wiki page),
and an organisation register where ORG0001 and ORG0002 carry one KBO number written two ways and
ORG0003 is dissolved before it was founded. Each thing that shares an id is a warning with the
row it came from, in every rendering of the report, and a build counts them in its summary.
"""

from __future__ import annotations

import json
import shutil
from contextlib import chdir
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import SH

from cultuurgraaf.cli import main
from cultuurgraaf.linking.duplicates import CONSTRAINT, shared_ids
from cultuurgraaf.linking.keys import BUILTIN_KEYS
from cultuurgraaf.store.scratch import ScratchStore

ROOT = Path(__file__).resolve().parent.parent
IDENTITY = "tests/cases/validation/identity"
PERSONS, ORGANISATIONS = f"{IDENTITY}/personen.yml", f"{IDENTITY}/organisaties.yml"
ID = "https://data.cultuurgraaf.be/id/"
CG = Namespace("https://data.cultuurgraaf.be/ns/cultuurgraaf#")

# (key, the id as the key normalises it, {thing: (CSV file, line)})
SHARED = [
    ("kbo", "0207451227", {"organisatie/ORG0001": ("organisaties.csv", 2), "organisatie/ORG0002": ("organisaties.csv", 3)}),
    ("wikidata", "Q312560", {"persoon/PER0001": ("personen.csv", 2), "persoon/PER0003": ("personen.csv", 4)}),
    ("wikidata", "Q312574", {"persoon/PER0002": ("personen.csv", 3), "persoon/PER0005": ("personen.csv", 6)}),
]


def run(*args: str):
    with chdir(ROOT):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def reports() -> dict[str, str]:
    out = {}
    for fmt in ("text", "json", "html", "turtle", "sarif"):
        result = run("validate", PERSONS, ORGANISATIONS, "--shapes", "shapes", "--format", fmt, "--profile", "strikt")
        assert result.exit_code == 1, result.output  # ORG0003's dates are a violation
        out[fmt] = result.stdout
    return out


def duplicate_groups(body: dict) -> list[dict]:
    return [g for g in body["groups"] if g["constraint"] == CONSTRAINT]


def test_each_shared_id_is_one_group_of_warnings_with_the_rows_it_came_from(reports):
    groups = duplicate_groups(json.loads(reports["json"]))
    found = []
    for group in groups:
        assert group["severity"] == "Warning"
        key = group["shape"].rsplit(".", 1)[1]
        holders = {}
        for result in group["results"]:
            [origin] = result["origins"]
            holders[result["focus"].removeprefix(ID)] = (Path(origin["source_file"]).name, int(origin["record"].split()[1]))
        found.append((key, group["message"]["en"].split(" id ")[1].split()[0], holders))
    assert sorted(found) == sorted(SHARED)


def test_the_report_counts_the_shared_ids_in_a_note(reports):
    notes = json.loads(reports["json"])["notes"]
    assert [n for n in notes if "possible duplicates" in n] == [
        f"3 ids are each on several things of one source (possible duplicates): {ORGANISATIONS} 1, {PERSONS} 2"]


def test_two_spellings_of_one_id_are_shown_as_the_source_wrote_them(reports):
    [group] = [g for g in duplicate_groups(json.loads(reports["json"])) if "Q312574" in g["message"]["en"]]
    assert sorted(r["value"] for r in group["results"]) == [
        "http://www.wikidata.org/entity/Q312574", "https://www.wikidata.org/wiki/Q312574"]


def test_every_rendering_shows_the_possible_duplicates(reports):
    assert reports["text"].count("Warning x2: Possible duplicate:") == 3
    assert "Mogelijk dubbel: Wikidata-item Q312560 staat bij 2 dingen" in reports["html"]
    sarif = json.loads(reports["sarif"])["runs"][0]
    located = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
               for r in sarif["results"] if r["ruleId"].startswith("PossibleDuplicate.")}
    assert located == {("PossibleDuplicate.kbo", 2), ("PossibleDuplicate.kbo", 3), ("PossibleDuplicate.wikidata", 2),
                       ("PossibleDuplicate.wikidata", 3), ("PossibleDuplicate.wikidata", 4), ("PossibleDuplicate.wikidata", 6)}
    graph = Graph().parse(data=reports["turtle"], format="turtle")
    results = set(graph.subjects(SH.sourceConstraintComponent, CG[CONSTRAINT]))
    assert {graph.value(r, SH.focusNode) for r in results} == {URIRef(ID + thing) for _k, _v, t in SHARED for thing in t}
    assert all(graph.value(r, SH.resultSeverity) == SH.Warning for r in results)


def test_a_date_violation_points_at_the_row_and_the_rule(reports):
    [group] = [g for g in json.loads(reports["json"])["groups"] if g["shape"].endswith("Organisatie.opheffing-na-oprichting")]
    [result] = group["results"]
    assert result["focus"] == ID + "organisatie/ORG0003" and result["value"].startswith('"1905-06-09"')
    [origin] = result["origins"]
    assert (Path(origin["source_file"]).name, origin["record"], origin["rule"]) == (
        "organisaties.csv", "line 4", "organisatie: schema:dissolutionDate")


def store_with(graphs: dict[str, str]) -> ScratchStore:
    store = ScratchStore()
    for graph, data in graphs.items():
        store.load(data=data.encode(), format="turtle", graph=graph)
    return store


def test_one_id_in_two_sources_is_no_duplicate_and_one_thing_with_two_spellings_neither():
    same_as = "<http://www.w3.org/2002/07/owl#sameAs>"
    store = store_with({
        "https://x.be/graph/a": f"<{ID}persoon/a1> {same_as} <http://www.wikidata.org/entity/Q1> .",
        "https://x.be/graph/b": f"<{ID}persoon/b1> {same_as} <http://www.wikidata.org/entity/Q1> , "
                                 "<https://www.wikidata.org/wiki/Q1> .",
    })
    assert shared_ids(store, BUILTIN_KEYS.values(), sources={"https://x.be/graph/a": "a", "https://x.be/graph/b": "b"},
                      base="https://data.cultuurgraaf.be") == []


def test_a_build_counts_the_possible_duplicates_in_its_summary_and_loads_their_records(tmp_path):
    for name in ("personen.csv", "personen.yml", "organisaties.csv", "organisaties.yml"):
        shutil.copy(ROOT / IDENTITY / name, tmp_path / name)
    sources = "".join(f'[[sources]]\nname = "{n}"\ninputs = "{n}.csv"\nmapping = "{n}.yml"\n\n'
                      for n in ("personen", "organisaties"))
    (tmp_path / "cultuurgraaf.toml").write_text(
        f'[project]\nname = "t"\nbase_iri = "https://data.cultuurgraaf.be"\nstore = "store"\nprofile = "strikt"\n'
        f'shapes = ["{ROOT / "shapes"}"]\n\n{sources}', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    start = lines.index("possible duplicates: 3 ids are each on several things of one source "
                        "(warnings in the validation report)")
    shown = lines[start + 1:start + 4]
    csv = tmp_path / "organisaties.csv"
    assert shown[0] == (f"  possible duplicate (kbo id) \"0207.451.227\": {ID}organisatie/ORG0001 ({csv} line 2), "
                        f"{ID}organisatie/ORG0002 ({csv} line 3)")
    assert all(line.startswith("  possible duplicate (wikidata id) ") for line in shown[1:])
    assert "organisaties: 1 entities held back" in result.stderr  # ORG0003, for its dates
    build = json.loads((tmp_path / "store" / "reports" / "build.json").read_text(encoding="utf-8"))
    assert len(duplicate_groups(build)) == 3
    loaded = run("query", str(tmp_path), f"ASK {{ GRAPH ?g {{ <{ID}persoon/PER0003> ?p ?o }} }}")
    assert "true" in loaded.stdout.lower()
