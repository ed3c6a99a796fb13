"""A stream of versions (an LDES) gives each object once, as its latest version; and the samples
project says clearly when the samples folder is not there."""

from __future__ import annotations

import json
import re

import pytest

from cultuurgraaf.config import load_project
from cultuurgraaf.errors import MappingError
from cultuurgraaf.mapping import execute, load_mapping
from cultuurgraaf.pipeline import build
from support.samples import ROOT

MAPPING = """\
base: https://data.cultuurgraaf.be/
sources:
  leden:
    access: {file}
    referenceFormulation: {format}
    iterator: "{iterator}"
    versions: {{of: "$.object", at: "$.tijd"}}
  makers:
    access: {file}
    referenceFormulation: {format}
    iterator: "{maker_iterator}"
    versions: {{of: "$.object", at: "$.tijd"}}
mappings:
  object:
    sources: leden
    s: id/erfgoedobject/$(nummer)
    po:
      - [dct:title, $(titel), nl~lang]
  maker:
    sources: makers
    s: id/actor/$(id)
    po:
      - [rdfs:label, $(naam), nl~lang]
"""

VERSIONS = [  # file order is not time order; the same instant may be written in another zone
    {"object": "o/1", "nummer": "1", "tijd": "2021-06-30T21:46:31.490Z", "titel": "tweede", "maker": {"id": "m2", "naam": "B"}},
    {"object": "o/1", "nummer": "1", "tijd": "2021-06-30T09:00:00Z", "titel": "eerste", "maker": {"id": "m1", "naam": "A"}},
    {"object": "o/2", "nummer": "2", "tijd": "2021-07-01T00:00:00+02:00", "titel": "enige", "maker": {"id": "m3", "naam": "C"}},
    {"object": "o/1", "nummer": "1", "tijd": "2021-07-01T01:00:00+02:00", "titel": "derde", "maker": {"id": "m4", "naam": "D"}},
]


def run(tmp_path, *, ndjson: bool) -> tuple[set[tuple[str, str]], dict]:
    if ndjson:
        data = tmp_path / "leden.ndjson"
        data.write_text("".join(json.dumps(v) + "\n" for v in VERSIONS), encoding="utf-8")
        text = MAPPING.format(file=data.name, format="ndjson", iterator="$", maker_iterator="$.maker")
    else:
        data = tmp_path / "leden.json"
        data.write_text(json.dumps({"leden": VERSIONS}), encoding="utf-8")
        text = MAPPING.format(file=data.name, format="json", iterator="$.leden[*]", maker_iterator="$.leden[*]")
        text = text.replace("s: id/actor/$(id)", "s: id/actor/$(maker.id)").replace("$(naam)", "$(maker.naam)")
    (tmp_path / "m.yml").write_text(text, encoding="utf-8")
    mapping_run = execute(load_mapping(tmp_path / "m.yml"), base_iri="https://data.cultuurgraaf.be/")
    lines = list(mapping_run.quads())
    values = {(m.group(1).rsplit("/", 1)[-1], m.group(2)) for m in
              (re.match(r'<([^>]+)> <[^>]+> "([^"]*)"', line) for line in lines) if m}
    return values, dict(mapping_run.stats.notes)


@pytest.mark.parametrize("ndjson", [True, False], ids=["ndjson", "json"])
def test_only_the_latest_version_of_each_object_is_mapped(tmp_path, ndjson):
    values, notes = run(tmp_path, ndjson=ndjson)
    assert {v for v in values if v[0] in ("1", "2")} == {("1", "derde"), ("2", "enige")}
    assert {v for v in values if v[0].startswith("m")} == {("m4", "D"), ("m3", "C")}   # nested records too
    assert notes and all(n == 2 for n in notes.values()), notes        # 4 versions, 2 objects: per source read
    assert all("older versions skipped (the latest of 2 objects kept" in n for n in notes)


def test_versions_needs_both_references(tmp_path):
    (tmp_path / "m.yml").write_text(MAPPING.format(file="x.json", format="json", iterator="$", maker_iterator="$")
                                    .replace('at: "$.tijd"', "").replace(', }', "}"), encoding="utf-8")
    with pytest.raises(MappingError, match="versions needs 'of'.*and 'at'"):
        load_mapping(tmp_path / "m.yml")


def test_the_samples_project_says_where_the_samples_should_be(tmp_path):
    text = (ROOT / "examples" / "samples" / "cultuurgraaf.toml").read_text(encoding="utf-8")
    text = text.replace('mapping = "../../mappings/', f'mapping = "{ROOT}/mappings/')
    (tmp_path / "cultuurgraaf.toml").write_text(text.replace('shapes = ["../../shapes"]', "shapes = []"),
                                                encoding="utf-8")
    result = build(load_project(tmp_path, store=str(tmp_path / "store")))
    assert {o.name for o in result.failed} == {"lido", "coghent", "kunstenpunt-organisaties", "kunstenpunt-locaties",
                                               "uitdatabank"}
    message = str(next(o for o in result.failed if o.name == "uitdatabank").error)
    assert "shared/samples/uitdatabank-flagey/flagey_events.json" in message and "does not exist" in message
    assert result.generation is None
