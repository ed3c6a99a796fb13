"""Every triple can be traced to its source file, the record in it, and the rule that made it."""

from __future__ import annotations

from pathlib import Path

from cultuurgraaf.mapping import execute, load_mapping
from cultuurgraaf.mapping.lineage import Lineage, LineageWriter, Origin

CASE = Path(__file__).parent / "cases" / "mapping-lineage"
OBJECT = "https://data.example.be/id/object/2019.0042"
CRM = "http://www.cidoc-crm.org/cidoc-crm/"


def traced(name: str) -> tuple[Lineage, list[str]]:
    lineage = Lineage()
    run = execute(load_mapping(CASE / name), lineage=lineage)
    return lineage, list(run.quads())


def short(origins: list[Origin]) -> list[tuple[str, str, str]]:
    return [(Path(o.file).name, o.locator, o.rule) for o in origins]


def test_a_triple_is_traced_to_its_csv_line_and_rule():
    lineage, _ = traced("mapping.yml")
    assert short(lineage.lookup(OBJECT, CRM + "P102_has_title")) == [
        ("objects.csv", "line 2", "object: crm:P102_has_title")]


def test_a_record_over_two_lines_is_found_at_the_line_it_starts():
    lineage, _ = traced("mapping.yml")
    second = "https://data.example.be/id/object/2019.0043"
    assert short(lineage.lookup(second, CRM + "P3_has_note")) == [("objects.csv", "line 4", "object: crm:P3_has_note")]


def test_a_missing_value_still_names_the_row_and_the_rule_that_should_have_made_it():
    lineage, quads = traced("mapping.yml")
    second = "https://data.example.be/id/object/2019.0043"
    assert not any(q.startswith(f"<{second}> <{CRM}P102_has_title>") for q in quads)
    assert short(lineage.lookup(second, CRM + "P102_has_title")) == [
        ("objects.csv", "line 4", "object: crm:P102_has_title")]


def test_the_class_is_traced_to_the_subject_rule():
    lineage, _ = traced("mapping.yml")
    assert short(lineage.lookup(OBJECT, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")) == [
        ("objects.csv", "line 2", "object: subject")]


def test_a_predicate_made_from_the_data_is_traced_triple_by_triple():
    lineage, _ = traced("mapping.yml")
    cg = "https://data.cultuurgraaf.be/ns/cultuurgraaf#"
    assert short(lineage.lookup(OBJECT, cg + "hoogte")) == [("objects.csv", "line 2", "object: cg:$(kind)")]
    assert lineage.lookup(OBJECT, cg + "breedte") == []


def test_every_subject_made_is_traced():
    lineage, quads = traced("mapping.yml")
    subjects = {q.split(" ", 1)[0] for q in quads}
    assert subjects == set(lineage.subjects())


def test_json_records_are_located_by_json_pointer():
    lineage, _ = traced("events.yml")
    assert short(lineage.lookup("https://data.example.be/id/event/E2", "http://purl.org/dc/terms/title")) == [
        ("events.json", "/events/1", "event: dct:title")]


def test_xml_records_are_located_by_xpath():
    """A streamed XML source counts the elements its iterator selects: (/orgs/org)[2] is the second."""
    lineage, _ = traced("orgs.yml")
    found = lineage.lookup("https://data.example.be/id/org/B", "http://www.w3.org/2004/02/skos/core#prefLabel")
    assert short(found) == [("orgs.xml", "(/orgs/org)[2]", "org: skos:prefLabel")]


def test_a_sidecar_file_reads_back_the_same_answers(tmp_path):
    path = tmp_path / "objecten.lineage.tsv"
    with LineageWriter(path) as writer:
        list(execute(load_mapping(CASE / "mapping.yml"), lineage=writer).quads())
    in_memory, _ = traced("mapping.yml")
    from_file = Lineage.read(path)
    for predicate in ("P102_has_title", "P3_has_note", "P14_carried_out_by"):
        assert from_file.lookup(OBJECT, CRM + predicate) == in_memory.lookup(OBJECT, CRM + predicate)


def test_reading_a_sidecar_for_some_subjects_keeps_only_those(tmp_path):
    path = tmp_path / "lineage.tsv"
    with LineageWriter(path) as writer:
        list(execute(load_mapping(CASE / "mapping.yml"), lineage=writer).quads())
    some = Lineage.read(path, subjects=[OBJECT])
    assert some.subjects() == [f"<{OBJECT}>"]
    assert short(some.lookup(OBJECT, CRM + "P14_carried_out_by")) == [
        ("objects.csv", "line 2", "object: crm:P14_carried_out_by")]


def test_a_run_notes_the_values_of_the_predicates_it_is_asked_to(tmp_path):
    """For merge conflicts: which record gave which value, in memory and read back from a sidecar,
    a value with a tab in it included."""
    title, note = CRM + "P102_has_title", CRM + "P3_has_note"
    lineage = Lineage()
    list(execute(load_mapping(CASE / "mapping.yml"), lineage=lineage, value_lineage=frozenset({title, note})).quads())
    assert [(v, o.locator, o.rule) for v, o in lineage.values(OBJECT, title)] == [
        ('"Theepot"@nl', "line 2", "object: crm:P102_has_title")]
    assert lineage.lookup(OBJECT, title) == traced("mapping.yml")[0].lookup(OBJECT, title)  # as without values
    path = tmp_path / "lineage.tsv"
    with LineageWriter(path) as writer:
        list(execute(load_mapping(CASE / "mapping.yml"), lineage=writer, value_lineage=frozenset({title})).quads())
        writer.add(OBJECT, note, '"with\ta tab"', "extra.csv", "line 9", "hand-made")
    read = Lineage.read(path, subjects=[OBJECT])
    assert read.values(OBJECT, title) == lineage.values(OBJECT, title)
    assert read.values(OBJECT, note) == [('"with\ta tab"', Origin("extra.csv", "line 9", "hand-made"))]
    assert traced("mapping.yml")[0].values(OBJECT, title) == []  # not asked: not noted


def test_other_producers_can_add_a_triple_by_hand():
    lineage = Lineage()
    lineage.add("https://x.org/a", "https://x.org/p", '"v"', "extra.csv", "line 9", "hand-made")
    assert lineage.lookup("https://x.org/a", "https://x.org/p") == [Origin("extra.csv", "line 9", "hand-made")]


def test_a_sidecar_file_locates_json_and_xml_records_as_memory_does(tmp_path):
    """The engine writes a sidecar's record lines itself; JSON Pointers and XPaths come back whole."""
    cases = [("events.yml", "https://data.example.be/id/event/E2", "http://purl.org/dc/terms/title"),
             ("orgs.yml", "https://data.example.be/id/org/B", "http://www.w3.org/2004/02/skos/core#prefLabel")]
    for name, subject, predicate in cases:
        path = tmp_path / f"{name}.lineage.tsv"
        with LineageWriter(path) as writer:
            list(execute(load_mapping(CASE / name), lineage=writer).quads())
        in_memory, _ = traced(name)
        assert Lineage.read(path).lookup(subject, predicate) == in_memory.lookup(subject, predicate) != []
        assert set(Lineage.read(path).subjects()) == set(in_memory.subjects())


def test_a_sidecar_field_never_holds_a_tab_or_a_line_break(tmp_path):
    path = tmp_path / "lineage.tsv"
    with LineageWriter(path) as writer:
        m = writer.begin("object", "objects.csv", {})
        writer.add_records(m, [("<https://x.org/a>", "/records/a\tb\nc"), ("<https://x.org/b>", 7)])
    assert Lineage.read(path).lookup("https://x.org/a") == [Origin("objects.csv", "/records/a b c", "object")]
    assert Lineage.read(path).lookup("https://x.org/b") == [Origin("objects.csv", "line 7", "object")]
