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
    assert [s.name for s in project.sources] == ["organisaties", "personen", "objecten", "activiteiten"]
    assert project.source("objecten").graph == "https://data.cultuurgraaf.be/graph/objecten"


def test_without_ontologies_the_nearest_ontologies_folder_is_used(tmp_path):
    project = load_project(write(tmp_path, '[project]\nbase_iri = "https://example.org/"\n'))
    if ROOT_ONTOLOGIES.is_relative_to(tmp_path):
        pytest.skip("the temporary folder lies inside the checkout")
    assert project.ontologies == ()
    assert project.base_iri == "https://example.org"


def test_a_missing_base_iri_is_named(tmp_path):
    with pytest.raises(ConfigError, match="needs 'base_iri'"):
        load_project(write(tmp_path, '[project]\nname = "x"\n'))


def test_source_names_must_be_unique(tmp_path):
    text = '[project]\nbase_iri = "https://example.org"\n' + '[[sources]]\nname = "a"\nmapping = "m.yml"\n' * 2
    with pytest.raises(ConfigError, match="repeated: a"):
        load_project(write(tmp_path, text))


def test_an_unknown_source_lists_the_known_ones():
    project = load_project(ROOT_ONTOLOGIES.parent / "examples" / "demo")
    with pytest.raises(ConfigError, match="sources: organisaties, personen, objecten, activiteiten"):
        project.source("boeken")


def test_the_store_can_be_put_elsewhere(tmp_path):
    project = load_project(ROOT_ONTOLOGIES.parent / "examples" / "demo", store=str(tmp_path / "s"))
    assert project.store_path == tmp_path / "s"
