"""The project file: what it must say, what it may leave out, and the errors it gets."""

from __future__ import annotations

import pytest

from cultuurgraaf.config import load_project
from cultuurgraaf.errors import ConfigError

ROOT_ONTOLOGIES = (__import__("pathlib").Path(__file__).resolve().parent.parent / "ontologies")


def write(folder, text: str):
    (folder / "cultuurgraaf.toml").write_text(text, encoding="utf-8")
    return folder


def test_the_demo_names_its_shapes_ontologies_and_queries():
    project = load_project(ROOT_ONTOLOGIES.parent / "examples" / "demo")
    assert project.base_iri == "https://data.cultuurgraaf.be"
    assert project.ontologies == (ROOT_ONTOLOGIES,)
    assert project.queries == ROOT_ONTOLOGIES.parent / "queries"
    assert [s.name for s in project.sources] == ["organisaties", "erfgoedinstellingen", "personen", "objecten",
                                                  "activiteiten"]
    assert project.source("objecten").graph == "https://data.cultuurgraaf.be/graph/objecten"


def test_without_ontologies_the_nearest_ontologies_folder_is_used(tmp_path):
    project = load_project(write(tmp_path, '[project]\nbase_iri = "https://example.org/"\n'))
    if ROOT_ONTOLOGIES.is_relative_to(tmp_path):
        pytest.skip("the temporary folder lies inside the checkout")
    assert project.ontologies == ()
    assert project.base_iri == "https://example.org"


def test_shapes_or_ontologies_that_do_not_exist_are_named(tmp_path):
    for setting in ("shapes", "ontologies"):
        text = f'[project]\nbase_iri = "https://example.org"\n{setting} = ["gone"]\n'
        with pytest.raises(ConfigError, match=rf"\[project\] {setting}: names .*gone, which does not exist"):
            load_project(write(tmp_path, text))


def test_a_missing_base_iri_is_named(tmp_path):
    with pytest.raises(ConfigError, match=r"\[project\] base_iri: is required"):
        load_project(write(tmp_path, '[project]\nname = "x"\n'))


def test_source_names_must_be_unique(tmp_path):
    text = '[project]\nbase_iri = "https://example.org"\n' + '[[sources]]\nname = "a"\nmapping = "m.yml"\n' * 2
    with pytest.raises(ConfigError, match="repeated: a"):
        load_project(write(tmp_path, text))


def test_an_unknown_source_lists_the_known_ones():
    project = load_project(ROOT_ONTOLOGIES.parent / "examples" / "demo")
    with pytest.raises(ConfigError,
                       match="sources: organisaties, erfgoedinstellingen, personen, objecten, activiteiten"):
        project.source("boeken")


def test_the_store_can_be_put_elsewhere(tmp_path):
    project = load_project(ROOT_ONTOLOGIES.parent / "examples" / "demo", store=str(tmp_path / "s"))
    assert project.store_path == tmp_path / "s"


BASE = '[project]\nbase_iri = "https://example.org"\n'


def test_a_misspelt_setting_is_a_warning_that_names_the_known_ones(tmp_path):
    project = load_project(write(tmp_path, BASE + 'nmae = "x"\n[server]\nprot = 8001\n[[sources]]\nname = "a"\n'
                                           'mapping = "m.yml"\nmay_shrnk = true\n'))
    assert len(project.warnings) == 3
    project_warning, source_warning, server_warning = project.warnings
    assert "[project]: unknown setting 'nmae' is ignored (known: base_iri, profile, shapes, " in project_warning
    assert "[[sources]] 'a': unknown setting 'may_shrnk'" in source_warning and "may_shrink" in source_warning
    assert "[server]: unknown setting 'prot'" in server_warning and "port" in server_warning
    assert project.server.port == 8000


def test_edge_values_that_mean_something_are_accepted(tmp_path):
    project = load_project(write(tmp_path, BASE + '[server]\nmax_rows = 0\nmax_queued_queries = 0\nport = 65535\n'
                                           'query_timeout_s = 1\n[store]\nauth = "Digest"\n'))
    assert (project.server.max_rows, project.server.max_queued_queries, project.server.port) == (0, 0, 65535)
    assert project.server.query_timeout_s == 1.0 and project.remote.auth == "digest"
    assert project.warnings == ()


def test_a_setting_from_the_environment_is_checked_and_named(tmp_path, monkeypatch):
    monkeypatch.setenv("CULTUURGRAAF_PORT", "80a")
    with pytest.raises(ConfigError, match=r"environment variable CULTUURGRAAF_PORT \(for \[server\] port\) must be "
                                          r"a whole number from 1 to 65535, not \"80a\""):
        load_project(write(tmp_path, BASE))
    monkeypatch.setenv("CULTUURGRAAF_PORT", "8080")
    assert load_project(write(tmp_path, BASE)).server.port == 8080

