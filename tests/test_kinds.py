"""Built-in source kinds: a source says `format = "lido"` instead of naming a mapping, and the
kind's mapping (kept in the package) reads whatever files the source names."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cultuurgraaf.cli import main
from cultuurgraaf.config import load_project
from cultuurgraaf.errors import ConfigError
from cultuurgraaf.kinds import KINDS, kind
from cultuurgraaf.mapping import execute, load_mapping
from cultuurgraaf.pipeline import build
from cultuurgraaf.store import open_store
from support.paths import ROOT

RECORD = ROOT / "tests" / "data" / "lido" / "een-record.xml"
BASE = "https://data.cultuurgraaf.be"


def project_file(folder, sources: str):
    (folder / "cultuurgraaf.toml").write_text(
        f'[project]\nbase_iri = "{BASE}"\nstore = "store"\nshapes = ["{ROOT / "shapes"}"]\n\n' + sources,
        encoding="utf-8")
    return folder


def test_every_kind_has_its_mapping_file_in_the_package():
    for name, entry in KINDS.items():
        assert entry.path.is_file(), name
        assert load_mapping(entry.path).triples_maps, name


def test_a_source_with_a_format_uses_the_kinds_mapping_on_its_own_inputs(tmp_path):
    project = load_project(project_file(tmp_path, f'[[sources]]\nname = "museum"\nformat = "lido"\ninputs = "{RECORD}"\n'))
    source = project.source("museum")
    assert (source.format, source.mapping) == ("lido", kind("lido").path)
    assert source.inputs == ({"": RECORD},)


@pytest.mark.parametrize("entry, message", [
    ('format = "dublin-core"\ninputs = "x.xml"', "unknown source format 'dublin-core' (known: lido"),
    ('format = "lido"\nmapping = "m.yml"\ninputs = "x.xml"', "names both a mapping and a format"),
    ('format = "lido"', "has format = 'lido' but no inputs"),
])
def test_a_format_that_cannot_work_is_a_configuration_error_naming_the_source(tmp_path, entry, message):
    with pytest.raises(ConfigError, match="museum") as error:
        load_project(project_file(tmp_path, f'[[sources]]\nname = "museum"\n{entry}\n'))
    assert message in str(error.value)


def test_a_lido_export_builds_without_a_mapping_of_its_own(tmp_path):
    project = load_project(project_file(tmp_path, f'[[sources]]\nname = "museum"\nformat = "lido"\ninputs = "{RECORD}"\n'))
    result = build(project)
    assert not result.failed, [str(o.error) for o in result.failed]
    assert result.report.counts()["Violation"] == 0, result.report.to_text()
    obj = f"<{BASE}/id/erfgoedobject/lido-990000001>"
    rows = list(open_store(project.store_path).query(f"""
        PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/> PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?title ?keeper ?date ?same WHERE {{
          {obj} crm:P102_has_title ?title ; crm:P50_has_current_keeper/skos:prefLabel ?keeper ;
                crm:P108i_was_produced_by ?p . ?p crm:P4_has_time-span ?date ; crm:P14_carried_out_by/owl:sameAs ?same }}
        """).rows())
    assert {(str(r["title"]), str(r["keeper"]), str(r["date"])) for r in rows} == {
        ("Theepot met ebbenhouten handvat", "Design Museum Gent", "1900/1910")}
    # the authority ids: one as an IRI, two bare with lido:source naming the authority
    assert {str(r["same"]) for r in rows} == {"http://viaf.org/viaf/24606226", "https://rkd.nl/explore/artists/80330",
                                              "http://www.wikidata.org/entity/Q312560"}


def test_mapping_kinds_lists_each_kind_with_a_line():
    result = CliRunner().invoke(main, ["mapping", "kinds"])
    assert result.exit_code == 0
    assert result.output.startswith("lido ") and "LIDO 1.0 and 1.1" in result.output


def test_mapping_show_prints_a_mapping_to_copy_and_run_on_ones_own_file(tmp_path):
    result = CliRunner().invoke(main, ["mapping", "show", "lido"])
    assert result.exit_code == 0
    assert result.output == kind("lido").text()
    copy = tmp_path / "mine.yml"
    copy.write_text(result.output.replace("access: export.xml", f"access: {RECORD}"), encoding="utf-8")
    quads = "".join(execute(load_mapping(copy)).quads())
    assert f"<{BASE}/id/erfgoedobject/lido-990000001> <http://www.cidoc-crm.org/cidoc-crm/P102_has_title>" in quads


def test_mapping_show_of_an_unknown_kind_lists_the_known_ones():
    result = CliRunner().invoke(main, ["mapping", "show", "marc"])
    assert result.exit_code == 3
    assert "unknown source format 'marc' (known: lido" in result.output


def test_a_reference_may_nest_xpath_calls(tmp_path):
    """A reference is one $(...) however deep its parentheses go."""
    (tmp_path / "orgs.xml").write_text("<orgs><org><naam> Museum  A </naam><naam>B</naam></org></orgs>")
    (tmp_path / "m.yml").write_text(
        'sources:\n  orgs: [orgs.xml~xpath, //org]\nmappings:\n  org:\n    sources: orgs\n'
        '    s: https://ex.org/$(translate(normalize-space(naam[not(contains(., "B"))]), " ", "-"))\n'
        '    po:\n      - [https://ex.org/p, "$(concat(normalize-space(naam[1]), \'/\', count(naam[string-length(.) > 1])))"]\n')
    assert "".join(execute(load_mapping(tmp_path / "m.yml")).quads()) == (
        '<https://ex.org/Museum-A> <https://ex.org/p> "Museum A/1" .\n')
