"""Source readers: records and their places, read as a stream where the format allows it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cultuurgraaf.errors import SourceError
from cultuurgraaf.sources import LogicalSource, read_records
from cultuurgraaf.sources.json_reader import JsonRecords

EVENTS = {"rootObject": [
    {"event": {"id": "E1", "names": ["a", "b"], "dates": [{"d": "2024-01-01"}, {"d": "2024-01-02"}]}},
    {"other": 1},
    {"event": {"id": "E2", "names": [], "dates": [{"d": "2024-02-01"}]}},
    [{"event": {"id": "nested"}}],
]}


def records_of(path: Path, iterator: str, *, stream: bool) -> list[tuple[str, list[str]]]:
    class Whole(JsonRecords):
        streams = False

    reader = JsonRecords if stream else Whole
    records = reader(LogicalSource(path, "json", iterator=iterator, null_values=()))
    try:
        return [(records.locator(), records.accessor("$.id")(raw) if isinstance(raw, dict) else [])
                for raw in records]
    finally:
        records.close()


@pytest.mark.parametrize("iterator", ["$.rootObject[*]", "$.rootObject[*].event", "$.rootObject[*].event.dates[*]",
                                      "$['rootObject'][*].event", "$.rootObject[*].event.names[*]"])
def test_a_streamed_json_source_gives_the_records_jsonpath_gives(tmp_path, iterator):
    path = tmp_path / "events.json"
    path.write_text(json.dumps(EVENTS), encoding="utf-8")
    assert records_of(path, iterator, stream=True) == records_of(path, iterator, stream=False)


def test_streamed_records_are_located_by_json_pointer(tmp_path):
    path = tmp_path / "events.json.gz"
    path.write_bytes(gzip.compress(json.dumps(EVENTS).encode()))
    found = records_of(path, "$.rootObject[*].event", stream=True)
    assert found == [("/rootObject/0/event", ["E1"]), ("/rootObject/2/event", ["E2"])]


def test_an_object_at_the_iterated_path_gives_its_members(tmp_path):
    path = tmp_path / "by-id.json"
    path.write_text(json.dumps({"people": {"p/1": {"id": 1}, "p2": {"id": 2}}}), encoding="utf-8")
    assert records_of(path, "$.people[*]", stream=True) == [("/people/p~11", [1]), ("/people/p2", [2])]


def test_numbers_keep_their_json_type_when_streamed(tmp_path):
    path = tmp_path / "n.json"
    path.write_text('[{"id": 1}, {"id": 2.5}, {"id": true}]', encoding="utf-8")
    assert [v for _, v in records_of(path, "$[*]", stream=True)] == [[1], [2.5], [True]]


def test_malformed_json_is_a_source_error_when_streamed(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"id": 1}, {"id": ', encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        records_of(path, "$[*]", stream=True)
    assert caught.value.message.startswith("malformed JSON")


def test_records_that_are_arrays_are_counted_not_dropped(tmp_path):
    path = tmp_path / "events.json"
    path.write_text(json.dumps(EVENTS), encoding="utf-8")
    records = JsonRecords(LogicalSource(path, "json", iterator="$.rootObject[*]"))
    assert len(list(records)) == 4
    assert records.notes == {"records at '$.rootObject[*]' that are arrays (iterate into them with [*])": 1}


def test_a_csv_without_header_is_read_by_position(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("PER1;Ann\nPER2;Bert\n", encoding="utf-8")
    found = [(r.locator, r.values("1"), r.values("2"))
             for r in read_records(LogicalSource(path, "csv", delimiter=";", header=False))]
    assert found == [("line 1", ["PER1"], ["Ann"]), ("line 2", ["PER2"], ["Bert"])]


def test_a_utf16_source_is_decoded(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("id,naam\n1,Zoë\n".encode("utf-16"))
    assert [r.values("naam") for r in read_records(LogicalSource(path, "csv", encoding="utf-16"))] == [["Zoë"]]


ORGS = """<?xml version="1.0"?>
<r:register xmlns:r="https://ex.be/r">
  <r:org id="A"><r:name>Museum A</r:name><r:sites><r:site id="A1"/><r:site id="A2"/></r:sites></r:org>
  <r:meta>not a record</r:meta>
  <r:org id="B"><r:name>Museum B</r:name><r:sites><r:site id="B1"/></r:sites></r:org>
</r:register>
"""
NS = (("r", "https://ex.be/r"),)


def xml_records(path: Path, iterator: str, reference: str) -> list[tuple[str, list[str]]]:
    from cultuurgraaf.sources.xml_reader import XmlRecords

    records = XmlRecords(LogicalSource(path, "xml", iterator=iterator, namespaces=NS))
    access = records.accessor(reference)
    try:
        return [(records.locator(), access(raw)) for raw in records]
    finally:
        records.close()


@pytest.mark.parametrize("iterator, reference, expected", [
    ("/r:register/r:org", "r:name", [("(/r:register/r:org)[1]", ["Museum A"]), ("(/r:register/r:org)[2]", ["Museum B"])]),
    ("/r:register/r:org/r:sites/r:site", "@id", [("(/r:register/r:org/r:sites/r:site)[1]", ["A1"]),
                                                 ("(/r:register/r:org/r:sites/r:site)[2]", ["A2"]),
                                                 ("(/r:register/r:org/r:sites/r:site)[3]", ["B1"])]),
])
def test_a_plain_xml_iterator_is_read_as_a_stream(tmp_path, iterator, reference, expected):
    path = tmp_path / "orgs.xml"
    path.write_text(ORGS, encoding="utf-8")
    assert xml_records(path, iterator, reference) == expected


def test_a_reference_outside_the_record_reads_the_whole_tree(tmp_path):
    path = tmp_path / "orgs.xml"
    path.write_text(ORGS, encoding="utf-8")
    found = xml_records(path, "/r:register/r:org/r:sites/r:site", "../../@id")
    assert found == [("/r:register/r:org[1]/r:sites/r:site[1]", ["A"]), ("/r:register/r:org[1]/r:sites/r:site[2]", ["A"]),
                     ("/r:register/r:org[2]/r:sites/r:site", ["B"])]


def test_malformed_xml_is_a_source_error_with_its_line_when_streamed(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text("<orgs>\n<org id='A'>\n</orgs>\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        xml_records(path, "/orgs/org", "@id")
    assert caught.value.message.startswith("malformed XML") and caught.value.location.record == "line 3"


@pytest.mark.parametrize("reference", ["id", "names[*]", "dates[*].d", "dates[0].d", "dates[-1].d", "dates[5].d",
                                       "$.names[1]", "$['dates'][*]['d']", "meta.*", "meta[*]", "id.x", "names[*].x"])
def test_plain_paths_select_what_jsonpath_selects(reference):
    from cultuurgraaf.sources.json_reader import compile_path, simple_steps, value_accessor

    node = {"id": "E1", "names": ["a", "b"], "dates": [{"d": "2024-01-01"}, {"d": "2024-01-02"}],
            "meta": {"x": 1, "y": "z"}}
    assert simple_steps(reference) is not None
    expected = [v for v in compile_path(reference).findall(node) if v is not None]
    assert value_accessor(reference)(node) == expected
