"""JSON, JSON Lines and XML mapped by several processes, each parsing its own byte range.

A file is cut where a record starts (``sources/parts.py``); each process reads its part with the
file's record numbers, so the graph, the counts of what could not be used, the first rows of each
problem, the lineage and the place of an error are those of one process. The real samples are
small, so ``csv_parts.MIN_SIZE`` (the size below which no file is cut) is lowered for them; the
generated files are above it.
"""

from __future__ import annotations

import json
from pathlib import Path

import ijson
import pytest
from lxml import etree

from cultuurgraaf.errors import CultuurgraafError
from cultuurgraaf.mapping import load_mapping
from cultuurgraaf.mapping.parallel import map_to_output
from cultuurgraaf.sources import csv_parts
from cultuurgraaf.sources.json_stream import cut_json
from cultuurgraaf.sources.parts import cut_parts
from cultuurgraaf.sources.tree_parts import cut_lines, open_part
from cultuurgraaf.sources.xml_stream import cut_xml

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
FLAGEY = SAMPLES / "uitdatabank-flagey" / "flagey_events.json"
WOLFERS = SAMPLES / "designmuseumgent-lido" / "wolfers_lido.xml"
EVENTS_MAPPING = ROOT / "mappings" / "demo" / "activiteiten.yml"

LIDO_MAPPING = """\
base: https://data.example.be/
prefixes:
  lido: http://www.lido-schema.org
sources:
  records:
    access: {file}
    referenceFormulation: xpath
    namespaces: {{lido: "http://www.lido-schema.org"}}
    iterator: /lido:lidoWrap/lido:lido
mappings:
  object:
    sources: records
    s: id/object/$(normalize-space(lido:lidoRecID))
    po:
      - [a, crm:E22_Human-Made_Object]
      - [dct:identifier, "$(lido:descriptiveMetadata/lido:objectIdentificationWrap/lido:repositoryWrap/lido:repositorySet/lido:workID)"]
      - [crm:P2_has_type, "$(.//lido:objectWorkType/lido:conceptID)"]
      - p: dct:date
        o:
          function: cg:date
          parameters:
            - [cg:value, "$(.//lido:earliestDate)"]
          datatype: xsd:date
  measurement:
    sources: records
    s: id/measurement/$(normalize-space(lido:lidoRecID))-$(.//lido:measurementValue)
    po:
      - p: crm:P90_has_value
        o:
          function: cg:decimal
          parameters:
            - [cg:value, "$(.//lido:measurementValue)"]
          datatype: xsd:decimal
"""


def run(mapping: Path, tmp_path: Path, *, jobs: int, inputs: dict[str, Path] | None = None):
    """(the output's lines, sorted; the lineage file's lines, sorted; the run's counts)."""
    out, lineage = tmp_path / f"jobs{jobs}.nq", tmp_path / f"jobs{jobs}.lineage"
    stats = map_to_output(load_mapping(mapping), output=out, jobs=jobs, inputs=inputs, lineage_path=lineage)
    return sorted(out.read_text(encoding="utf-8").splitlines()), sorted(lineage.read_text().splitlines()), stats


def assert_same_as_one_process(mapping: Path, tmp_path: Path, *, jobs: int = 3,
                               inputs: dict[str, Path] | None = None) -> None:
    one = run(mapping, tmp_path, jobs=1, inputs=inputs)
    many = run(mapping, tmp_path, jobs=jobs, inputs=inputs)
    assert many[0] == one[0] and len(one[0]) == one[2].quads, "the same quads"
    assert many[2] == one[2], "the same counts, and the same first rows of each problem"
    assert many[1] == one[1], "the same lineage: records numbered as in the whole file"


def assert_cut(mapping: Path, parts: int, inputs: dict[str, Path] | None = None) -> None:
    """Every source the mapping reads is cut into ``parts`` parts that each hold records."""
    spec = load_mapping(mapping)
    for source in spec.sources():
        if inputs:
            source = source.__class__(**{**source.__dict__, "path": inputs[source.path.name]})
        found = cut_parts(source, parts)
        assert found is not None and len(found) == parts, source
        assert all(not p.empty for p in found) and [p.before for p in found] == sorted({p.before for p in found})


@pytest.fixture
def cut_small_files(monkeypatch):
    monkeypatch.setattr(csv_parts, "MIN_SIZE", 0)


@pytest.mark.skipif(not FLAGEY.is_file(), reason=f"{FLAGEY} is absent (the shared samples)")
def test_the_event_databases_json_makes_the_same_graph_in_byte_ranges(tmp_path, cut_small_files):
    inputs = {"activiteiten.json": FLAGEY}
    assert_cut(EVENTS_MAPPING, 3, inputs)
    assert_same_as_one_process(EVENTS_MAPPING, tmp_path, inputs=inputs)


@pytest.mark.skipif(not WOLFERS.is_file(), reason=f"{WOLFERS} is absent (the shared samples)")
def test_a_lido_export_makes_the_same_graph_in_byte_ranges(tmp_path, cut_small_files):
    mapping = tmp_path / "lido.yml"
    mapping.write_text(LIDO_MAPPING.format(file=WOLFERS), encoding="utf-8")
    assert_cut(mapping, 3)
    assert_same_as_one_process(mapping, tmp_path)
    _, _, stats = run(mapping, tmp_path, jobs=3)
    assert stats.no_subject and stats.unreadable, "the sample has records without measurements, and years where a date is asked"


# -- generated files, above the size at which files are cut -----------------------------------

RECORDS = 3000


def event(i: int):
    """Records whose text holds what a cut must not be misled by: brackets, braces and commas
    inside strings, escaped quotes, nested arrays of objects; every 500th is a bare number and
    every 700th an array (a record the reader notes)."""
    if i % 500 == 499:
        return i
    if i % 700 == 699:
        return [{"id": f"A{i}"}]
    return {"id": f"E{i}", "title": [{"lang": "nl", "text": f'Voorstelling {i}: "}}, {{" en ],['},
                                     {"lang": "fr", "text": f"Spectacle {i}"}],
            "seats": i % 300 if i % 11 else None, "dates": [{"day": f"2026-01-{i % 28 + 1:02d}"}],
            "note": "x" * (i % 400)}


JSON_MAPPING = """\
base: https://data.example.be/
sources:
  events: [{file}~jsonpath, "$.meta.events[*]"]
  dates: [{file}~jsonpath, "$.meta.events[*].dates[*]"]
mappings:
  event:
    sources: events
    s: id/event/$(id)
    po:
      - [dct:title, "$(title[?@.lang=='nl'].text)", nl~lang]
      - [schema:maximumAttendeeCapacity, $(seats)]
      - [schema:startDate, "$(dates[*].day)", xsd:date]
      - [rdfs:comment, $(note)]
  date:
    sources: dates
    s: id/day/$(day)
    po:
      - [rdfs:label, $(day)]
"""


def write_events(folder: Path, records: list) -> Path:
    path = folder / "events.json"
    body = ",\n    ".join(json.dumps(r, ensure_ascii=False) for r in records)
    path.write_text('{"version": [1, {"x": "]"}], "meta": {"events": [\n    ' + body + "\n]}, \"after\": {}}\n",
                    encoding="utf-8")
    mapping = folder / "events.yml"
    mapping.write_text(JSON_MAPPING.format(file=path), encoding="utf-8")
    return mapping


def write_lines(folder: Path, records: list) -> Path:
    path = folder / "events.ndjson"
    path.write_text("".join(json.dumps({"meta": {"events": [r]}}) + "\n" for r in records), encoding="utf-8")
    mapping = folder / "lines.yml"
    mapping.write_text(JSON_MAPPING.format(file=path).replace("~jsonpath", "~ndjson"), encoding="utf-8")
    return mapping


XML_MAPPING = """\
base: https://data.example.be/
sources:
  objects:
    access: {file}
    referenceFormulation: xpath
    namespaces: {{r: "https://ex.be/r"}}
    iterator: /r:register/r:group/r:object
mappings:
  object:
    sources: objects
    s: id/object/$(@id)
    po:
      - [rdfs:label, $(r:name)]
      - p: schema:height
        o:
          function: cg:decimal
          parameters:
            - [cg:value, $(r:height)]
          datatype: xsd:decimal
"""


def write_objects(folder: Path, count: int, *, broken: int | None = None) -> Path:
    """Objects in groups of 250 (a cut falls in the middle of a group, whose start tag the part
    must repeat), with a comment, CDATA holding what looks like a record, and every 13th object
    without an id; object ``broken`` (counted from 0) has a start tag that is never closed."""
    path = folder / "objects.xml"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<x:register xmlns:x="https://ex.be/r" xmlns:r="https://ex.be/r">']
    for i in range(count):
        if i % 250 == 0:
            lines.append(f'  <r:group n="{i // 250}" note="a &gt; b">' if i else '  <x:group>')
        ident = "" if i % 13 == 12 else f' id="O{i}"'
        height = "hoog" if i % 97 == 3 else str(i % 200)
        name = "<r:name>" if i == broken else f"<r:name>Object {i}</r:name>"
        lines.append(f'    <r:object{ident}>{name}<r:height>{height}</r:height>'
                     f'<!-- </r:object> --><r:note><![CDATA[<r:object id="fake">]]></r:note>' + "x" * (i % 500)
                     + "</r:object>")
        if i % 250 == 249 or i == count - 1:
            lines.append("  </r:group>" if i >= 250 else "  </x:group>")
    lines.append("</x:register>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = folder / "objects.yml"
    mapping.write_text(XML_MAPPING.format(file=path), encoding="utf-8")
    return mapping


@pytest.mark.parametrize("write", [write_events, write_lines], ids=["json", "json lines"])
def test_generated_json_makes_the_same_graph_counts_and_notes_in_byte_ranges(write, tmp_path):
    mapping = write(tmp_path, [event(i) for i in range(RECORDS)])
    assert next(tmp_path.glob("events.*")).stat().st_size > csv_parts.MIN_SIZE
    assert_cut(mapping, 3)
    assert_same_as_one_process(mapping, tmp_path)


def test_generated_xml_makes_the_same_graph_in_byte_ranges(tmp_path):
    mapping = write_objects(tmp_path, RECORDS)
    assert (tmp_path / "objects.xml").stat().st_size > csv_parts.MIN_SIZE
    assert_cut(mapping, 3)
    assert_same_as_one_process(mapping, tmp_path)


def failure(mapping: Path, tmp_path: Path, jobs: int) -> CultuurgraafError:
    with pytest.raises(CultuurgraafError) as raised:
        map_to_output(load_mapping(mapping), output=tmp_path / "out.nq", jobs=jobs)
    assert not (tmp_path / "out.nq").exists()
    return raised.value


def test_an_error_in_a_record_far_into_the_file_names_the_same_place(tmp_path):
    """Record 2,900 of 3,000 has a title that is an object: the third of three processes maps
    it, and names it by its place in the whole file."""
    records = [event(i) for i in range(RECORDS)]
    records[2900]["note"] = {"nl": "geen tekst"}
    mapping = write_events(tmp_path, records)
    errors = [failure(mapping, tmp_path, jobs) for jobs in (1, 3)]
    assert "events.json /meta/events/2900" in str(errors[0]) and "selects an object" in str(errors[0])
    assert str(errors[1]) == str(errors[0])


@pytest.mark.parametrize("kind", ["json", "json lines", "xml"])
def test_a_malformed_record_far_into_the_file_is_reported_at_its_line(kind, tmp_path):
    """The file is not cut (its parser stops at the record) or its part does not parse: either way
    it is read whole, and the error names the line one process names."""
    if kind == "xml":
        mapping = write_objects(tmp_path, RECORDS, broken=2900)
    else:
        mapping = (write_events if kind == "json" else write_lines)(tmp_path, [event(i) for i in range(RECORDS)])
    data = next(tmp_path.glob("objects.xml" if kind == "xml" else "events.*"))
    text = data.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, t in enumerate(text, start=1) if '"E2900"' in t or '"O2900"' in t)
    text[line - 1] = text[line - 1].replace('"id": "E2900"', '"id" "E2900"')
    data.write_text("".join(text), encoding="utf-8")
    errors = [failure(mapping, tmp_path, jobs) for jobs in (1, 3)]
    assert f"line {line}" in str(errors[0]), str(errors[0])
    assert str(errors[1]) == str(errors[0])


# -- the cuts themselves ----------------------------------------------------------------------

JSON_DOCUMENTS = {
    "array at the top": '[1, {"a": [1, {"b": "]"}]}, "x,]\\"", null, true, [2, [3]], -0.5e3, {}]',
    "array in members": '{"skip": [{"x": 1}], "a": {"b": [\n  {"id": 1},\n  {"id": "}, {"},\n  7 ,\n  []\n]}, "c": 2}',
    "one item": '{"a": {"b": [{"only": true}]}}',
    "no items": '{"a": {"b": []}, "z": [1, 2, 3]}',
}


@pytest.mark.parametrize("name", JSON_DOCUMENTS)
@pytest.mark.parametrize("parts", [2, 3, 5])
def test_json_parts_hold_every_item_once_numbered_as_in_the_file(name, parts, tmp_path):

    path = tmp_path / "doc.json"
    path.write_text(JSON_DOCUMENTS[name], encoding="utf-8")
    keys = () if name == "array at the top" else ("a", "b")
    prefix = ".".join((*keys, "item"))
    whole = list(enumerate(ijson.items(path.open("rb"), prefix)))
    found = cut_json(path, parts, keys=keys, min_size=0)
    assert found is not None and len(found) == parts
    read = []
    for part in found:
        if not part.empty:
            with open_part(path, part) as handle:
                read += list(enumerate(ijson.items(handle, prefix), start=part.before))
    assert read == whole


@pytest.mark.parametrize("text", ['{"a": {"b": {"x": [1]}}}', '{"a": {"b": 5}}', '{"a": {"b": [1, 2}}', "[" * 600 + "]" * 600])
def test_json_that_is_not_an_array_of_records_or_is_malformed_or_too_deep_is_not_cut(text, tmp_path):

    path = tmp_path / "doc.json"
    path.write_text(text, encoding="utf-8")
    assert cut_json(path, 2, keys=() if text.startswith("[") else ("a", "b"), min_size=0) is None


def test_xml_parts_repeat_the_start_tags_around_their_records(tmp_path):

    write_objects(tmp_path, 600)
    path = tmp_path / "objects.xml"
    steps = ("{https://ex.be/r}register", "{https://ex.be/r}group", "{https://ex.be/r}object")

    def names(handle, before=0):
        found = etree.iterparse(handle, tag="{https://ex.be/r}object")
        return [(before + n, element.findtext("{https://ex.be/r}name")) for n, (_, element) in enumerate(found)]

    whole = names(path.open("rb"))
    for parts in (2, 3, 7):
        found = cut_xml(path, parts, steps=steps, min_size=0)
        read = []
        for part in found:
            if not part.empty:
                with open_part(path, part) as handle:
                    read += names(handle, part.before)
        assert read == whole
    heads = {part.head.rsplit(b"\n", 1)[-1] for part in cut_xml(path, 7, steps=steps, min_size=0)[1:]}
    assert b'<x:register xmlns:x="https://ex.be/r" xmlns:r="https://ex.be/r">' in b"".join(heads)
    assert any(b'<r:group n="1" note="a &gt; b">' in head for head in heads)


def test_json_lines_with_a_lone_carriage_return_are_not_cut(tmp_path):
    """The reader counts a lone carriage return as a line break; a cut counting line feeds would
    number the lines after it wrongly."""
    path = tmp_path / "doc.ndjson"
    path.write_bytes(b'{"a":\r1}\n{"a": 2}\n{"a": 3}\n')
    assert cut_lines(path, 2, min_size=0) is None
    path.write_bytes(b'{"a": 1}\r\n{"a": 2}\r\n{"a": 3}\r\n')
    assert [p.before for p in cut_lines(path, 2, min_size=0)] == [0, 2]
