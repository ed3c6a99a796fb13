"""Nothing silently wrong in a mapping run: every value it could not use is counted and shown.

A value a function cannot read is counted per rule and listed with its row; every rule is
counted on its own, also where two rules make the same property; records that made no subject
are said in the normal summary of `map` and `build`, with their first rows. And the functions
keep what the record has: a concatenation keeps the part that is there, and an end time after
midnight is on the next day, in Brussels' time of that day.
"""

from __future__ import annotations

import json
import textwrap
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner
from rdflib import Graph

from cultuurgraaf.cli import main
from cultuurgraaf.mapping import execute, load_mapping
from support.paths import ROOT
from support.projects import demo_copy

BASE = "https://data.example.be/"
M8G = "http://data.europa.eu/m8g/"


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return folder / "mapping.yml"


def triples(run) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for s, p, o in Graph().parse(data="".join(run.quads()), format="nt")}


DATES = {
    "mapping.yml": """
        base: https://data.example.be/
        sources:
          objects: [objects.csv~csv]
        mappings:
          object:
            sources: objects
            s: id/object/$(id)
            po:
              - p: dct:created
                o:
                  function: cg:date
                  parameters: [[cg:value, $(made)]]
                  datatype: xsd:date
        """,
    # a quoted description over two lines: the record of id 2 starts on line 3 and ends on line 4
    "objects.csv": """
        id,made,note
        1,17/07/2011,
        2,31/02/2011,"two
        lines"
        3,ca. 1890,
        4,gisteren,
        5,17 juli 2011,
        6,1983-02-30,
        ,2011-07-17,no id
        """,
}


def test_a_value_a_function_cannot_read_is_counted_per_rule_with_its_row(tmp_path):
    run = execute(load_mapping(write(tmp_path, DATES)))
    made = triples(run)
    assert {o for _, _, o in made} == {"2011-07-17"}, "17/07/2011 and 17 juli 2011 are read; nothing is guessed"
    rule = "object: dct:created (cg:date)"
    assert run.stats.unreadable == {rule: 4}
    assert [(r.file, r.locator, r.value, r.reason) for r in run.stats.unreadable_rows[rule]] == [
        ("objects.csv", "line 3", "31/02/2011", "no such day"),
        ("objects.csv", "line 5", "ca. 1890", "not one certain day (cg:edtf reads it as 1890~)"),
        ("objects.csv", "line 6", "gisteren", "not a date it recognises"),
        ("objects.csv", "line 8", "1983-02-30", "no such day")]


def test_map_shows_the_first_rows_of_each_problem_and_verbose_shows_more(tmp_path):
    mapping = write(tmp_path, DATES)
    result = CliRunner().invoke(main, ["map", str(mapping), "-o", str(tmp_path / "out.nq")])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1:] == [
        "  object: 1 records made no subject: objects.csv line 9",
        "  cg:date could not read 4 values for object: dct:created (cg:date):",
        "    objects.csv line 3: '31/02/2011' (no such day)",
        "    objects.csv line 5: 'ca. 1890' (not one certain day (cg:edtf reads it as 1890~))",
        "    objects.csv line 6: 'gisteren' (not a date it recognises)",
        "    … and 1 more (--verbose lists 4)",
        "  1 rules gave no value for some records (--verbose lists them)"]
    verbose = CliRunner().invoke(main, ["map", str(mapping), "-o", str(tmp_path / "out.nq"), "--verbose"])
    assert "    objects.csv line 8: '1983-02-30' (no such day)" in verbose.stderr
    assert "  4 records gave no value for object: dct:created (cg:date)" in verbose.stderr


def test_records_that_made_no_subject_are_said_in_the_build_summary_with_their_rows(tmp_path):
    project = demo_copy(tmp_path, sources=["objecten"])
    result = CliRunner().invoke(main, ["build", str(project), "-q"])
    assert result.exit_code == 0, result.output
    assert "  collectie: 23 records made no subject: objecten.csv line 10, line 14, line 15 … and 20 more" \
           in result.stderr
    assert "rules gave no value for some records (--verbose lists them)" in result.stderr


def test_two_rules_that_make_the_same_property_are_counted_each_on_its_own(tmp_path):
    """An export with one end time in one column for some rows and in another for the others: no
    end time is missing, and no rule is said to miss more than it does."""
    mapping = write(tmp_path, {
        "mapping.yml": """
            base: https://data.example.be/
            sources:
              events: [events.csv~csv]
            mappings:
              event:
                sources: events
                s: id/event/$(id)
                po:
                  - p: m8g:endTime
                    o: {function: cg:trim, parameters: [[cg:value, $(end_of_day)]]}
                  - p: m8g:endTime
                    o: {function: cg:trim, parameters: [[cg:value, $(end_of_period)]]}
                  - [dct:title, $(title), nl~lang]
                  - [dct:title, $(title), en~lang]
            """,
        "events.csv": """
            id,end_of_day,end_of_period,title
            1,2024-05-01T22:00:00,,Concert
            2,2024-05-02T22:00:00,,
            3,,2024-06-30T18:00:00,Expo
            """})
    run = execute(load_mapping(mapping))
    list(run.quads())
    assert run.stats.empty == {"event: m8g:endTime (cg:trim, line 10)": 1, "event: m8g:endTime (cg:trim, line 12)": 2,
                               "event: dct:title (title, line 13)": 1, "event: dct:title (title, line 14)": 1}


def test_a_written_parameter_a_function_cannot_read_is_an_error_in_the_mapping(tmp_path):
    mapping = write(tmp_path, {
        "mapping.yml": """
            sources:
              objects: [objects.csv~csv]
            mappings:
              object:
                sources: objects
                s: http://example.org/$(id)
                po:
                  - p: dct:type
                    o: {function: cg:nth, parameters: [[cg:value, $(types)], [cg:index, "first"]]}
            """,
        "objects.csv": "id,types\n1,a;b\n"})
    result = CliRunner().invoke(main, ["map", str(mapping)])
    assert result.exit_code == 3
    assert ("mapping.yml, line 9, objects.csv line 2, rule 'object: dct:type': cg:nth cannot read its parameter "
            "index 'first': not a whole number from 1") in result.stderr
    assert "Traceback" not in result.output


def test_a_concatenation_keeps_the_part_that_is_there(tmp_path):
    """The LIDO mapping joins a production's earliest and latest date; an export that fills only
    one of them keeps that date (it lost it before)."""
    record = (ROOT / "tests" / "data" / "lido" / "een-record.xml").read_text(encoding="utf-8")
    record = record.replace("<lido:displayDate>ca. 1905</lido:displayDate>", "").replace(
        "<lido:latestDate>1910</lido:latestDate>", "<lido:latestDate/>")
    (tmp_path / "record.xml").write_text(record, encoding="utf-8")
    base = "https://data.cultuurgraaf.be"
    run = execute(load_mapping(ROOT / "mappings" / "lido" / "objecten.yml"), base_iri=base + "/",
                  inputs={"wolfers_lido.xml": tmp_path / "record.xml"})
    assert (f"{base}/id/productie/lido-990000001", "http://www.cidoc-crm.org/cidoc-crm/P4_has_time-span",
            "1900") in triples(run)


# --- a day and a time of day ---------------------------------------------------------------------

def test_every_demo_time_is_the_brussels_clock_time_the_export_writes_and_ends_after_it_starts():
    """The demo's events write a day as its local midnight and a time as milliseconds after it on
    the clock: on the day summer time ends, 21:00 is 21:00+01:00 (it was 20:00 before)."""
    graph = Graph().parse(data="".join(execute(load_mapping(ROOT / "mappings" / "demo" / "activiteiten.yml")).quads()),
                          format="nt")
    times = {}
    for row in graph.query("SELECT ?a ?kind ?t WHERE { ?a <http://www.cidoc-crm.org/cidoc-crm/P4_has_time-span> ?span . "
                           "?span ?kind ?t FILTER(?kind IN (m8g:startTime, m8g:endTime)) }", initNs={"m8g": M8G}):
        times[(str(row.a).rsplit("/", 1)[-1], str(row.kind)[len(M8G):])] = str(row.t)
    data = json.loads((ROOT / "examples" / "demo" / "data" / "activiteiten.json").read_text(encoding="utf-8"))
    brussels = ZoneInfo("Europe/Brussels")
    expected = {}
    for event in (item["event"] for item in data["rootObject"] if "event" in item):
        stamps = event["calendar"]["timestamps"]["timestamp"]
        for stamp, kind, key in ((stamps[0], "startTime", "timestart"), (stamps[-1], "endTime", "timeend")):
            if stamp[key] is not None:
                midnight = datetime.fromtimestamp(stamp["date"] / 1000, brussels).replace(tzinfo=None)
                clock = midnight + timedelta(milliseconds=stamp[key])
                expected[(event["cdbid"], kind)] = clock.replace(tzinfo=brussels).isoformat()
    assert times == expected
    assert times[("070be502-f717-4412-a15d-e715b92af6f6", "startTime")] == "2026-10-25T21:00:00+01:00"
    for (event, kind), moment in times.items():
        if kind == "endTime":
            assert datetime.fromisoformat(moment) > datetime.fromisoformat(times[(event, "startTime")]), event


def event_json(start: int, end: int) -> str:
    """One event of the event database's search API on zo 11/09/16, times as it writes them."""
    return json.dumps({"rootObject": [{"Long": 1}, {"event": {
        "cdbid": "e1", "calendar": {"timestamps": {"timestamp": [
            {"date": 1473544800000, "timestart": start, "timeend": end}]}},
        "eventdetails": {"eventdetail": [{"lang": "nl", "title": "Nachtconcert"}]}}}]})


def test_an_event_database_end_time_after_midnight_is_on_the_next_day(tmp_path):
    base = "https://data.cultuurgraaf.be"
    times = {}
    for name, start, end in (("late", 69300000, 0), ("midnight", 69300000, -3600000), ("evening", 69300000, 75600000)):
        (tmp_path / f"{name}.json").write_text(event_json(start, end), encoding="utf-8")
        run = execute(load_mapping(ROOT / "mappings" / "uitdatabank" / "events.yml"), base_iri=base + "/",
                      inputs={"flagey_events.json": tmp_path / f"{name}.json"})
        times[name] = sorted(o for _, p, o in triples(run) if p in (M8G + "startTime", M8G + "endTime"))
    assert times == {"late": ["2016-09-11T20:15:00+02:00", "2016-09-12T01:00:00+02:00"],      # van 20:15 tot 01:00
                     "midnight": ["2016-09-11T20:15:00+02:00", "2016-09-12T00:00:00+02:00"],  # van 20:15 tot 24:00
                     "evening": ["2016-09-11T20:15:00+02:00", "2016-09-11T22:00:00+02:00"]}


def test_guessed_values_are_counted_and_listed_as_the_mapping_page_shows(tmp_path):
    """docs/mapping.md shows `map` on tests/cases/mapping/names-labels-csv: the names and languages
    it guessed at are counted per rule and listed with their rows, beside what it could not read."""
    page = (ROOT / "docs" / "mapping.md").read_text(encoding="utf-8")
    command = "$ cultuurgraaf map tests/cases/mapping/names-labels-csv/mapping.yml -o names.nq\n"
    shown = page[page.index(command) + len(command):].split("```", 1)[0].splitlines()
    case = ROOT / "tests" / "cases" / "mapping" / "names-labels-csv" / "mapping.yml"
    result = CliRunner().invoke(main, ["map", str(case), "-o", str(tmp_path / "names.nq")])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == shown
    run = execute(load_mapping(case))
    triples(run)
    assert run.stats.guessed == {"object: dct:creator (cg:splitNames)": 2,
                                 "object: dct:description (beschrijving)": 4}
    assert [r.value for r in run.stats.guessed_rows["object: dct:description (beschrijving)"]][-1] == \
        "Poster for the Ghent festival, printed in four colours"
